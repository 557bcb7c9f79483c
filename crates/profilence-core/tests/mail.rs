//! Sending promotions by e-mail against a small SMTP server on loopback (started by the
//! test): the message and its attachment as received, a refusal that leaves the promotion
//! a draft with the server's words, the settings' rules, and `.eml` drafts.

mod common;

use std::{
    io::{BufRead, BufReader, Write},
    net::{TcpListener, TcpStream},
    sync::{Arc, Mutex},
};

use chrono::{DateTime, Local, TimeZone};
use common::{BOULANGER, candidate, company, database_with_referentials, world};
use profilence_core::{
    Database, Error, candidates,
    choices::{EventKind, PromotionChannel, PromotionStatus},
    companies,
    mail::{
        self, MailSettingsInput, Security,
        password::{Memory, PasswordStore},
    },
    promotions::{self, Confirmations, Delivery, PromoteInput, PromotionTarget, TimelineOf},
};

const USER: &str = "claire.morel";
const PASSWORD: &str = "Bon-mot-de-passe";

/// A minimal SMTP server: AUTH PLAIN with one account, every message kept as received.
struct Server {
    port: u16,
    received: Arc<Mutex<Vec<String>>>,
}

fn server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let kept = kept.clone();
            std::thread::spawn(move || session(stream, &kept));
        }
    });
    Server { port, received }
}

fn session(stream: TcpStream, received: &Mutex<Vec<String>>) {
    let mut out = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes());
    if say("220 test.local ESMTP").is_err() {
        return;
    }
    let expected = {
        use base64_like::encode;
        encode(format!("\0{USER}\0{PASSWORD}").as_bytes())
    };
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_uppercase();
        let reply = if upper.starts_with("EHLO") {
            "250-test.local\r\n250-AUTH PLAIN\r\n250 8BITMIME".to_owned()
        } else if upper.starts_with("AUTH PLAIN") {
            if command.split_whitespace().nth(2) == Some(expected.as_str()) {
                "235 2.7.0 Authentication successful".to_owned()
            } else {
                "535 5.7.8 Authentication credentials invalid".to_owned()
            }
        } else if upper.starts_with("DATA") {
            let _ = say("354 End data with <CR><LF>.<CR><LF>");
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if reader.read_line(&mut l).unwrap_or(0) == 0 || l == ".\r\n" {
                    break;
                }
                data.push_str(&l);
            }
            received.lock().unwrap().push(data);
            "250 2.0.0 Ok: queued as TEST1".to_owned()
        } else if upper.starts_with("QUIT") {
            let _ = say("221 2.0.0 Bye");
            return;
        } else {
            "250 2.0.0 Ok".to_owned()
        };
        if say(&reply).is_err() {
            return;
        }
    }
}

/// Standard base64, enough for the AUTH PLAIN line.
mod base64_like {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    db: Database,
    promotion: i64,
    passwords: Memory,
}

fn settings_for(port: u16) -> MailSettingsInput {
    MailSettingsInput {
        host: "127.0.0.1".into(),
        port: u32::from(port),
        security: Security::None,
        username: USER.into(),
        password: Some(PASSWORD.into()),
        from_address: "claire.morel@agence.example".into(),
        from_name: String::new(),
        subject_template: "Candidature : {métier} — {prénom}".into(),
    }
}

/// A draft promotion of Léa to a company whose contact has an e-mail, to be e-mailed.
fn world(port: u16) -> World {
    let world::World { dir, db } = world::World::signed(&world::claire("Agence de Rennes"));
    let passwords = Memory::default();
    let promotion = db
        .write(|tx| {
            mail::update_settings(tx, &settings_for(port), &passwords)?;
            let mut lea = candidate("Martin", "Léa", &[BOULANGER]);
            lea.pitch = "Léa Martin a tenu seule un fournil.".into();
            let lea = candidates::create(tx, &lea, now().date_naive(), false)?;
            let firm = companies::create(tx, &company("Boulangerie Kerbrat", "73282932000074"))?;
            let input = PromoteInput {
                candidate_ids: vec![lea.id],
                targets: vec![PromotionTarget { company_id: firm.id, contact_id: Some(firm.contacts[0].id) }],
                channel: PromotionChannel::Email,
                job_offer_ref: String::new(),
                pitch_template: "Bonjour,\n\nJe vous présente {prénom}. {argumentaire}\n\n{conseiller}".into(),
                subject_template: String::new(),
                send: true,
                confirmations: Confirmations::default(),
                anonymous: true,
                sensitive: false,
                delivery: Delivery::Email,
            };
            Ok(promotions::promote(tx, &input, now())?[0].id)
        })
        .unwrap();
    World { _dir: dir, db, promotion, passwords }
}

#[test]
fn a_promotion_is_emailed_with_its_sheet_and_marked_sent_once_accepted() {
    let server = server();
    let w = world(server.port);
    assert_eq!(w.db.read(|c| promotions::get(c, w.promotion)).unwrap().status, PromotionStatus::Draft);
    let results = mail::deliver(&w.db, &[w.promotion], &w.passwords, now).unwrap();
    assert!(results[0].sent, "{results:?}");
    assert!(results[0].message.contains("sophie.lambert@boulangerie-lambert.example"));

    let received = server.received.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert!(message.contains("To: \"Sophie Lambert\" <sophie.lambert@boulangerie-lambert.example>"), "{message}");
    assert!(message.contains("From: \"Claire Morel\" <claire.morel@agence.example>"), "{message}");
    // The subject with its merge fields filled, the candidate anonymised (RFC 2047 encoded).
    assert!(message.contains("Subject: Candidature : boulanger / =?utf-8?"), "{message}");
    assert!(message.contains("Content-Type: application/pdf"));
    assert!(message.contains("\"fiche-profil-candidat-e-l-boulanger-boulangere.pdf\""), "{message}");
    assert!(!message.contains("Martin"), "an anonymised promotion names nobody: {message}");

    let promotion = w.db.read(|c| promotions::get(c, w.promotion)).unwrap();
    assert_eq!(promotion.status, PromotionStatus::Sent);
    let timeline = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Company(promotion.company_id))).unwrap();
    let sent = timeline.items[0].events.iter().find(|e| e.kind == EventKind::Sent).unwrap();
    assert!(sent.comment.starts_with("Envoyée par e-mail à"), "{}", sent.comment);

    // Sent already: nothing goes twice.
    let again = mail::deliver(&w.db, &[w.promotion], &w.passwords, now).unwrap();
    assert!(!again[0].sent && again[0].message.contains("est « envoyée »"), "{again:?}");
    assert_eq!(server.received.lock().unwrap().len(), 1);
}

#[test]
fn the_subject_of_the_template_chosen_goes_out_instead_of_the_messagerie_one() {
    let server = server();
    let w = world(server.port);
    let promotion =
        w.db.write(|tx| {
            let hugo = candidates::create(tx, &candidate("Petit", "Hugo", &[BOULANGER]), now().date_naive(), false)?;
            let firm = companies::create(tx, &company("Pains & Co", "06840388000013"))?;
            let input = PromoteInput {
                candidate_ids: vec![hugo.id],
                targets: vec![PromotionTarget { company_id: firm.id, contact_id: Some(firm.contacts[0].id) }],
                channel: PromotionChannel::Email,
                job_offer_ref: String::new(),
                pitch_template: "Bonjour, je vous présente {prénom}.".into(),
                subject_template: "Offre de service : {prénom} pour {entreprise}".into(),
                send: true,
                confirmations: Confirmations::default(),
                anonymous: false,
                sensitive: false,
                delivery: Delivery::Email,
            };
            Ok(promotions::promote(tx, &input, now())?[0].id)
        })
        .unwrap();
    assert!(mail::deliver(&w.db, &[promotion], &w.passwords, now).unwrap()[0].sent);
    let received = server.received.lock().unwrap().clone();
    assert!(received[0].contains("Subject: Offre de service : Hugo pour Pains & Co\r\n"), "{}", received[0]);
    assert!(!received[0].contains("Subject: Candidature"), "not the subject of Paramètres → Messagerie");
}

#[test]
fn a_refusal_leaves_the_promotion_a_draft_with_the_servers_words() {
    let server = server();
    let w = world(server.port);
    w.passwords.set("Mauvais").unwrap();
    let results = mail::deliver(&w.db, &[w.promotion], &w.passwords, now).unwrap();
    assert!(!results[0].sent);
    assert!(results[0].message.contains("535") && results[0].message.contains("credentials invalid"), "{results:?}");
    assert!(server.received.lock().unwrap().is_empty());
    let promotion = w.db.read(|c| promotions::get(c, w.promotion)).unwrap();
    assert_eq!(promotion.status, PromotionStatus::Draft);
    let timeline = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Company(promotion.company_id))).unwrap();
    let note = timeline.items[0].events.iter().find(|e| e.kind == EventKind::Note).unwrap();
    assert!(
        note.comment.starts_with("Échec de l'envoi par e-mail") && note.comment.contains("535"),
        "{}",
        note.comment
    );

    // The connection test says the same; with the right password both go through.
    let test = w.db.read(|c| mail::test_connection(c, &w.passwords)).unwrap_err();
    assert!(matches!(&test, Error::Mail(m) if m.contains("535")), "{test:?}");
    w.passwords.set(PASSWORD).unwrap();
    assert!(w.db.read(|c| mail::test_connection(c, &w.passwords)).unwrap().starts_with("Connexion réussie"));
    assert!(mail::deliver(&w.db, &[w.promotion], &w.passwords, now).unwrap()[0].sent);

    // No server listening: refused with where it tried.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    w.db.write(|tx| {
        mail::update_settings(tx, &MailSettingsInput { password: None, ..settings_for(closed) }, &w.passwords)
    })
    .unwrap();
    let error = w.db.read(|c| mail::test_connection(c, &w.passwords)).unwrap_err();
    assert!(error.to_string().contains(&format!("127.0.0.1:{closed}")), "{error}");
}

#[test]
fn settings_keep_the_password_out_of_the_database_and_plaintext_to_this_machine() {
    let (_dir, db) = database_with_referentials();
    let passwords = Memory::default();
    let remote_plain =
        MailSettingsInput { host: "smtp.agence.example".into(), security: Security::None, ..settings_for(25) };
    let error = db.write(|tx| mail::update_settings(tx, &remote_plain, &passwords)).unwrap_err();
    assert!(common::fields(error).iter().any(|(f, m)| f == "security" && m.contains("cet ordinateur")));
    let bad = MailSettingsInput {
        port: 70_000,
        from_address: "pas-une-adresse".into(),
        subject_template: "Candidature {inconnu}".into(),
        ..settings_for(587)
    };
    let fields = common::fields(db.write(|tx| mail::update_settings(tx, &bad, &passwords)).unwrap_err());
    assert!(fields.iter().any(|(f, _)| f == "port") && fields.iter().any(|(f, _)| f == "fromAddress"), "{fields:?}");
    let unknown = MailSettingsInput { subject_template: "Candidature {inconnu}".into(), ..settings_for(587) };
    let fields = common::fields(db.write(|tx| mail::update_settings(tx, &unknown, &passwords)).unwrap_err());
    assert!(fields.iter().any(|(f, m)| f == "subjectTemplate" && m.contains("{inconnu}")), "{fields:?}");

    let tls =
        MailSettingsInput { host: "smtp.agence.example".into(), security: Security::StartTls, ..settings_for(587) };
    let saved = db.write(|tx| mail::update_settings(tx, &tls, &passwords)).unwrap();
    assert!(saved.password_saved && saved.configured);
    assert_eq!(passwords.get().unwrap().as_deref().map(String::as_str), Some(PASSWORD));
    let stored: String = db
        .read(|c| {
            Ok(c.query_row("SELECT group_concat(host || username || from_address) FROM mail_settings", [], |r| {
                r.get(0)
            })?)
        })
        .unwrap();
    assert!(!stored.contains(PASSWORD));
    // Saved without a password: it stays; an empty one: forgotten.
    db.write(|tx| mail::update_settings(tx, &MailSettingsInput { password: None, ..tls.clone() }, &passwords)).unwrap();
    assert!(passwords.get().unwrap().is_some());
    let forgotten = db
        .write(|tx| mail::update_settings(tx, &MailSettingsInput { password: Some(String::new()), ..tls }, &passwords))
        .unwrap();
    assert!(!forgotten.password_saved && passwords.get().unwrap().is_none());
}

#[test]
fn a_draft_opens_as_a_new_message_with_the_sheet_attached() {
    let w = world(2525);
    let dir = tempfile::tempdir().unwrap();
    let out = w.db.write(|tx| mail::draft(tx, w.promotion, &w.passwords, now())).unwrap();
    let path = mail::write_draft(&out, dir.path()).unwrap();
    // Named by the promotion's number, never the person's name.
    assert_eq!(path.file_name().unwrap(), format!("brouillon-{}.eml", w.promotion).as_str());
    let eml = std::fs::read_to_string(&path).unwrap();
    assert!(path.extension().is_some_and(|e| e == "eml"));
    assert!(eml.contains("X-Unsent: 1"), "Outlook opens it as a draft to send");
    assert!(eml.contains("To: \"Sophie Lambert\" <sophie.lambert@boulangerie-lambert.example>"));
    assert!(eml.contains("Content-Type: application/pdf"));
    assert_eq!(w.db.read(|c| promotions::get(c, w.promotion)).unwrap().status, PromotionStatus::Draft);
}

/// The one-click answers travel with the e-mail (plain text and HTML), and the replies an
/// employer sends come back to the promotion — by the subject's reference or by the
/// message they answer — whatever their encoding; other mail matches nothing.
#[test]
fn the_answers_go_out_with_the_email_and_the_replies_find_their_promotion() {
    let server = server();
    let w = world(server.port);
    assert!(mail::deliver(&w.db, &[w.promotion], &w.passwords, now).unwrap()[0].sent);
    let raw = server.received.lock().unwrap()[0].clone();
    let sent = mail_parser::MessageParser::default().parse(raw.as_bytes()).unwrap();
    let text = sent.body_text(0).unwrap().into_owned();
    let html = sent.body_html(0).unwrap().into_owned();
    assert!(raw.contains("multipart/alternative"), "a text part and an HTML part: {raw}");
    assert!(text.contains("Léa Martin a tenu seule un fournil") || text.contains("tenu seule un fournil"), "{text}");
    assert!(
        text.contains("Je souhaite rencontrer cette personne :\r\n<mailto:claire.morel@agence.example?subject="),
        "{text}"
    );
    assert!(html.contains(">Je souhaite rencontrer cette personne</a>") && html.contains(">Distance</a>"), "{html}");
    assert!(!html.contains("Martin"), "anonymous: the links name nobody either");

    // The reference: random, kept on the promotion, in the links and the Message-ID.
    let (reference, message_id): (String, String) =
        w.db.read(|c| {
            Ok(c.query_row("SELECT reply_ref, message_id FROM promotions WHERE id = ?1", [w.promotion], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .unwrap();
    assert!(reference.starts_with("PRF-") && reference.len() == 16, "{reference}");
    assert_ne!(reference, format!("PRF-{:012X}", w.promotion), "not the database id");
    assert_eq!(sent.message_id(), Some(message_id.as_str()));
    assert!(html.contains(&format!("%5B{reference}%2FRENCONTRE%5D")), "{html}");

    let found = |raw: &str| {
        let reply = mail::replies::read(raw.as_bytes()).expect("a message");
        let promotion = w.db.read(|c| mail::replies::promotion_of(c, &reply)).unwrap();
        (promotion, reply)
    };
    let meet_subject = format!("Réponse [{reference}/RENCONTRE] Je souhaite rencontrer cette personne");

    // 1. The one-click answer as a webmail sends it: the subject in RFC 2047 UTF-8 words,
    //    the body quoted-printable.
    let one_click = format!(
        "From: Sophie Lambert <sophie.lambert@boulangerie-lambert.example>\r\nTo: claire.morel@agence.example\r\n\
         Subject: =?UTF-8?Q?{}?=\r\nMessage-ID: <r1@boulangerie-lambert.example>\r\nDate: Tue, 24 Nov 2026 09:12:00 +0100\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
         Bonjour,\r\n\r\nJe souhaite rencontrer cette personne. Disponible jeudi apr=C3=A8s-midi.\r\n",
        q_encode(&meet_subject)
    );
    let (promotion, reply) = found(&one_click);
    assert_eq!(promotion, Some(w.promotion));
    assert_eq!(reply.answer, Some(mail::answers::Answer::Meet));
    assert_eq!(reply.words, "Bonjour,\n\nJe souhaite rencontrer cette personne. Disponible jeudi après-midi.");
    assert_eq!(reply.message_id.as_deref(), Some("r1@boulangerie-lambert.example"));
    assert_eq!(reply.from, "Sophie Lambert <sophie.lambert@boulangerie-lambert.example>");
    assert_eq!(reply.date.unwrap().to_rfc3339(), "2026-11-24T08:12:00+00:00");

    // 2. A plain reply: its own subject, In-Reply-To the e-mail sent, an ISO-8859-1 body in
    //    base64 quoting the message under the employer's words.
    let body = "Très intéressée, je vous rappelle demain.\r\n\r\nLe 23/11/2026 à 10:00, Claire Morel a écrit :\r\n> Bonjour,\r\n";
    let latin1: Vec<u8> = body.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    let plain = format!(
        "From: sophie.lambert@boulangerie-lambert.example\r\nSubject: RE: Candidature\r\nIn-Reply-To: <{message_id}>\r\n\
         Message-ID: <r2@boulangerie-lambert.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(&latin1)
    );
    let (promotion, reply) = found(&plain);
    assert_eq!((promotion, reply.answer), (Some(w.promotion), None));
    assert_eq!(reply.words, "Très intéressée, je vous rappelle demain.");

    // 3. Further down a thread: only References names the e-mail sent; the body in HTML.
    let thread = format!(
        "From: sophie.lambert@boulangerie-lambert.example\r\nSubject: RE: RE: Candidature\r\n\
         In-Reply-To: <r9@agence.example>\r\nReferences: <{message_id}> <r9@agence.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html; charset=UTF-8\r\n\r\n<p>Entretien confirm&eacute; le <b>3 d&eacute;cembre</b>.</p>\r\n"
    );
    let (promotion, reply) = found(&thread);
    assert_eq!(promotion, Some(w.promotion));
    assert!(reply.words.contains("Entretien confirmé le") && reply.words.contains("3 décembre"), "{}", reply.words);

    // 4. Forwarded by a colleague, the subject in ISO-8859-1 words: the answer still reads.
    let forwarded = format!(
        "From: direction@boulangerie-lambert.example\r\nSubject: =?ISO-8859-1?Q?TR=3A_R=E9ponse_=5B{}=2FNON-DISTANCE=5D?=\r\n\
         Content-Type: text/plain; charset=UTF-8\r\n\r\nTrop loin de l'atelier.\r\n\r\n---------- Forwarded message ---------\r\nDe : Sophie\r\n",
        reference.replace('-', "=2D")
    );
    let (promotion, reply) = found(&forwarded);
    assert_eq!(promotion, Some(w.promotion));
    assert_eq!(
        reply.answer,
        Some(mail::answers::Answer::NotSuitable(profilence_core::choices::RefusalReason::Distance))
    );
    assert_eq!(reply.words, "Trop loin de l'atelier.");

    // 5. Other mail: a newsletter, a reference of no promotion, a reply to another message.
    for other in [
        "From: info@cci.example\r\nSubject: Lettre d'information\r\n\r\nNouveautés.\r\n".to_owned(),
        "From: x@y.example\r\nSubject: Réponse [PRF-000000000000/GARDE]\r\n\r\nGarde.\r\n".to_owned(),
        "From: x@y.example\r\nSubject: RE: devis\r\nIn-Reply-To: <devis-42@fournisseur.example>\r\n\r\nOk.\r\n"
            .to_owned(),
    ] {
        assert_eq!(found(&other).0, None, "{other}");
    }
}

/// `text` as the encoded-text of an RFC 2047 Q word.
fn q_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b' ' => "_".to_owned(),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => char::from(b).to_string(),
            _ => format!("={b:02X}"),
        })
        .collect()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
