//! The replies of employers kept and settled: each kept once however often the inbox is
//! read; a one-click answer confirmed in one click (the event dated the day it came, with
//! the employer's words), or corrected; a free-text reply read; an answer that came after
//! the hire shown but refused by the promotion's rules; and gone with the person's erasure.

mod common;

use chrono::{DateTime, Local, TimeZone};
use common::{BOULANGER, candidate, company, marked_sent, world};
use profilence_core::{
    Error, access, candidates,
    choices::{EventKind, PromotionStatus, RefusalReason},
    companies,
    erasure::{self, Why},
    mail::{
        answers,
        received::{self, Recorded, Status},
        replies,
    },
    promotions::{self, EventInput},
    stats,
};

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 30, 10, 0, 0).unwrap()
}

struct Sent {
    w: world::World,
    candidate: i64,
    promotions: Vec<(i64, String)>,
}

/// Léa promoted to two bakeries on 22 November, each with its reference.
fn sent() -> Sent {
    let w = world::World::signed(&world::claire("Agence de Rennes"));
    let sent_on = Local.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let (candidate, promotions) =
        w.db.write(|tx| {
            let lea = candidates::create(tx, &candidate("Martin", "Léa", &[BOULANGER]), sent_on.date_naive(), false)?;
            let mut made = Vec::new();
            for (name, siret) in [("Boulangerie Kerbrat", "73282932000074"), ("Fournil de l'Odet", "55210055400013")] {
                let firm = companies::create(tx, &company(name, siret))?;
                let id =
                    promotions::promote(tx, &marked_sent(lea.id, firm.id, Some(firm.contacts[0].id)), sent_on)?[0].id;
                made.push((id, answers::reference(tx, id)?));
            }
            Ok((lea.id, made))
        })
        .unwrap();
    Sent { w, candidate, promotions }
}

fn message(subject: &str, id: &str, date: &str, body: &str) -> String {
    format!(
        "From: Sophie Lambert <sophie.lambert@boulangerie-lambert.example>\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\nDate: {date}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{body}\r\n"
    )
}

fn keep(s: &Sent, raw: &str) -> Recorded {
    let reply = replies::read(raw.as_bytes()).unwrap();
    s.w.db.write(|tx| received::record(tx, &reply, raw.as_bytes(), now())).unwrap()
}

#[test]
fn an_answer_is_kept_once_then_confirmed_in_one_click() {
    let s = sent();
    let (promotion, reference) = &s.promotions[0];
    let raw = message(
        &format!("Réponse [{reference}/RENCONTRE] Je souhaite rencontrer cette personne"),
        "a1@boulangerie-lambert.example",
        "Thu, 26 Nov 2026 16:40:00 +0100",
        "Je souhaite rencontrer Léa. Jeudi 14 h ?",
    );
    let Recorded::New(id) = keep(&s, &raw) else { panic!("kept") };
    assert_eq!(keep(&s, &raw), Recorded::Known, "read again: nothing twice");
    assert_eq!(
        keep(&s, &message("Lettre", "n@cci.example", "Thu, 26 Nov 2026 16:40:00 +0100", "x")),
        Recorded::Unrelated
    );

    let pending = s.w.db.read(received::pending).unwrap();
    assert_eq!(pending.len(), 1);
    let shown = &pending[0];
    assert_eq!((shown.id, shown.promotion_id), (id, *promotion));
    assert_eq!(shown.label, "Léa Martin → Boulangerie Kerbrat");
    assert_eq!(shown.proposed, Some(EventKind::Interested));
    assert_eq!(shown.answer_label.as_deref(), Some("Je souhaite rencontrer cette personne"));
    assert_eq!(shown.words, "Je souhaite rencontrer Léa. Jeudi 14 h ?");

    let after = s.w.db.write(|tx| received::confirm(tx, id, now())).unwrap();
    assert_eq!(after.status, PromotionStatus::Interested);
    let events = s.w.db.read(|c| promotions::timeline_of(c, promotions::TimelineOf::Candidate(s.candidate))).unwrap();
    let item = events.items.iter().find(|i| i.promotion.id == *promotion).unwrap();
    let event = item.events.iter().find(|e| e.kind == EventKind::Interested).unwrap();
    assert!(event.at.starts_with("2026-11-26"), "dated the day the answer came: {}", event.at);
    assert!(event.comment.contains("Sophie Lambert") && event.comment.contains("Jeudi 14 h ?"), "{}", event.comment);
    assert!(s.w.db.read(received::pending).unwrap().is_empty());
    assert_eq!(s.w.db.read(|c| received::get(c, id)).unwrap().status, Status::Confirmed);
    // Settled: not twice.
    let again = s.w.db.write(|tx| received::confirm(tx, id, now())).unwrap_err();
    assert!(matches!(again, Error::Rule(_)), "{again:?}");

    // The dashboard counts it among the answers, as one that came by e-mail, four days
    // after the sending; the other promotion, answered by a typed event, beside it.
    let typed = EventInput { kind: Some(EventKind::KeptOnFile), on: "2026-11-29".into(), ..Default::default() };
    s.w.db.write(|tx| promotions::record_event(tx, &[s.promotions[1].0], &typed, now())).unwrap();
    let query = stats::StatsQuery {
        period: stats::period::Period::Month { on: Some(now().date_naive()) },
        ..stats::StatsQuery::default()
    };
    let i = s.w.db.read(|c| stats::compute(c, &query, now())).unwrap().indicators;
    assert_eq!((i.answered, i.answered_by_email), (2, 1));
    assert_eq!((i.answer_delay_median_email, i.answer_delay_median_typed), (Some(4.0), Some(7.0)));
}

#[test]
fn an_answer_can_be_corrected_and_a_plain_reply_read() {
    let s = sent();
    let (promotion, reference) = &s.promotions[1];
    let refusal = message(
        &format!("Réponse [{reference}/NON-DISTANCE] Ce profil ne correspond pas : distance"),
        "a2@fournil.example",
        "Fri, 27 Nov 2026 08:00:00 +0100",
        "Trop loin.",
    );
    let Recorded::New(id) = keep(&s, &refusal) else { panic!() };
    let shown = s.w.db.read(|c| received::get(c, id)).unwrap();
    assert_eq!((shown.proposed, shown.reason), (Some(EventKind::Refused), Some(RefusalReason::Distance)));
    // The counsellor called them: it is « kept on file » in fact.
    let input = EventInput {
        kind: Some(EventKind::KeptOnFile),
        comment: "Au téléphone : garde le CV.".into(),
        ..Default::default()
    };
    let after = s.w.db.write(|tx| received::correct(tx, id, &input, now())).unwrap();
    assert_eq!(after.status, PromotionStatus::KeptOnFile);
    assert_eq!(s.w.db.read(|c| received::get(c, id)).unwrap().status, Status::Corrected);

    // A plain reply to the e-mail sent: words to read, no event proposed.
    s.w.db
        .write(
            |tx| Ok(tx.execute("UPDATE promotions SET message_id = 'm1@agence.example' WHERE id = ?1", [promotion])?),
        )
        .unwrap();
    let plain = "From: contact@fournil.example\r\nSubject: RE: Candidature\r\nIn-Reply-To: <m1@agence.example>\r\n\
                 Message-ID: <a3@fournil.example>\r\n\r\nMerci, bien reçu.\r\n";
    let Recorded::New(plain_id) = keep(&s, plain) else { panic!() };
    let shown = s.w.db.read(|c| received::get(c, plain_id)).unwrap();
    assert_eq!((shown.proposed, shown.words.as_str()), (None, "Merci, bien reçu."));
    assert!(matches!(s.w.db.write(|tx| received::confirm(tx, plain_id, now())), Err(Error::Rule(_))));
    assert_eq!(s.w.db.write(|tx| received::close(tx, plain_id, now())).unwrap().status, Status::Read);
    assert_eq!(s.w.db.read(|c| received::of_promotion(c, *promotion)).unwrap().len(), 2, "both on its timeline");

    // The person's right of access gives the employers' replies about her too.
    let out = s.w.dir.path().join("acces");
    std::fs::create_dir(&out).unwrap();
    let export = s.w.db.write(|tx| access::export_person(tx, s.candidate, &out, now().date_naive())).unwrap();
    let json = export.files.iter().find(|f| f.ends_with(".json")).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(json)).unwrap()).unwrap();
    let replies = data["employerReplies"].as_array().unwrap();
    assert_eq!(replies.len(), 2);
    assert!(replies.iter().any(|r| r["words"] == "Merci, bien reçu."), "{replies:?}");
}

#[test]
fn an_answer_after_the_hire_is_shown_not_forced_in_and_goes_with_the_erasure() {
    let s = sent();
    let (promotion, reference) = &s.promotions[0];
    let hired = EventInput {
        kind: Some(EventKind::Hired),
        contract_type: Some(profilence_core::choices::ContractType::Cdi),
        start_date: "2026-12-01".into(),
        ..Default::default()
    };
    let interview = EventInput {
        kind: Some(EventKind::InterviewPlanned),
        interview_at: "2026-11-25T14:00".into(),
        on: "2026-11-24".into(),
        ..Default::default()
    };
    s.w.db
        .write(|tx| {
            promotions::record_event(tx, &[*promotion], &interview, now())?;
            promotions::record_event(tx, &[*promotion], &hired, now())
        })
        .unwrap();
    let late = message(
        &format!("Réponse [{reference}/GARDE]"),
        "a4@x.example",
        "Sat, 28 Nov 2026 08:00:00 +0100",
        "Je garde.",
    );
    let Recorded::New(id) = keep(&s, &late) else { panic!() };
    let refused = s.w.db.write(|tx| received::confirm(tx, id, now())).unwrap_err();
    assert!(matches!(refused, Error::Rule(_)), "{refused:?}");
    assert_eq!(
        s.w.db.read(|c| promotions::get(c, *promotion)).unwrap().status,
        PromotionStatus::Hired,
        "not forced in"
    );
    assert_eq!(s.w.db.read(|c| received::get(c, id)).unwrap().status, Status::Pending, "still shown");
    assert_eq!(s.w.db.write(|tx| received::close(tx, id, now())).unwrap().status, Status::Dismissed);

    s.w.db.write(|tx| erasure::erase_candidate(tx, s.candidate, Why::Request)).unwrap();
    let left: i64 =
        s.w.db.read(|c| Ok(c.query_row("SELECT count(*) FROM employer_replies", [], |r| r.get(0))?)).unwrap();
    assert_eq!(left, 0, "the employers' words about the person go with her");
}
