//! Sending promotions by e-mail: the counsellor's own mail server (SMTP with STARTTLS or
//! TLS; a plaintext connection only to a server on this machine), the message made from
//! the promotion's pitch and a subject template with merge fields, the stored profile
//! sheet attached. Or the same message written as an `.eml` draft for the counsellor's
//! mail client. The server's password lives in the OS keychain (`password`), never in
//! the database or the logs.

pub mod answers;
pub mod inbox;
pub mod password;
pub mod received;
pub mod replies;

use std::{net::IpAddr, path::Path, time::Duration};

use crate::store::Conn;
use chrono::{DateTime, Local};
use lettre::{
    Message, SmtpTransport, Transport,
    address::Envelope,
    message::{
        Attachment, Mailbox, MultiPart, SinglePart,
        header::{ContentType, HeaderName, HeaderValue},
    },
    transport::smtp::authentication::Credentials,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Database, Error, Result, candidates,
    choices::EventKind,
    companies,
    journal::{self, Action, Subject},
    promotions::{
        self, Confirmations, EventInput,
        gate::{self, Departure, Leaving},
        pitch,
    },
    settings, sheets,
    validation::Checker,
};
use password::PasswordStore;

/// How long the app waits for the mail server before giving up.
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (usually port 587); refused without it.
    #[default]
    StartTls,
    /// TLS from the start (usually port 465).
    Tls,
    /// No encryption: only for a server on this machine (127.0.0.1, ::1, localhost).
    None,
}

impl Security {
    fn code(self) -> &'static str {
        match self {
            Self::StartTls => "starttls",
            Self::Tls => "tls",
            Self::None => "none",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "tls" => Self::Tls,
            "none" => Self::None,
            _ => Self::StartTls,
        }
    }
}

/// The mail settings as stored, with whether a password is in the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub from_address: String,
    pub from_name: String,
    pub subject_template: String,
    pub password_saved: bool,
    /// Host and sender are set: Profilence can send.
    pub configured: bool,
}

/// The form of Paramètres → Messagerie. Its `Debug` never shows the password.
#[derive(Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct MailSettingsInput {
    pub host: String,
    #[ts(type = "number")]
    pub port: u32,
    pub security: Security,
    pub username: String,
    /// `None`: the saved password stays; `Some("")`: it is forgotten; else the new one.
    pub password: Option<String>,
    pub from_address: String,
    pub from_name: String,
    pub subject_template: String,
}

impl std::fmt::Debug for MailSettingsInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettingsInput")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field(
                "password",
                &match self.password.as_deref() {
                    None => "<unchanged>",
                    Some("") => "<forgotten>",
                    Some(_) => "<redacted>",
                },
            )
            .field("from_address", &self.from_address)
            .field("from_name", &self.from_name)
            .field("subject_template", &self.subject_template)
            .finish()
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn settings(conn: &Conn, passwords: &dyn PasswordStore) -> Result<MailSettings> {
    let mut s = conn.query_row(
        "SELECT host, port, security, username, from_address, from_name, subject_template FROM mail_settings \
         WHERE id = 1",
        [],
        |r| {
            Ok(MailSettings {
                host: r.get(0)?,
                port: r.get(1)?,
                security: Security::from_code(&r.get::<_, String>(2)?),
                username: r.get(3)?,
                from_address: r.get(4)?,
                from_name: r.get(5)?,
                subject_template: r.get(6)?,
                password_saved: false,
                configured: false,
            })
        },
    )?;
    s.configured = !s.host.is_empty() && !s.from_address.is_empty();
    s.password_saved = !s.username.is_empty() && passwords.get()?.is_some();
    Ok(s)
}

/// Checks and saves the settings; the password goes to the keychain, nothing of it to the
/// database.
pub fn update_settings(conn: &Conn, input: &MailSettingsInput, passwords: &dyn PasswordStore) -> Result<MailSettings> {
    let before = settings(conn, passwords)?;
    let mut check = Checker::new();
    let host = check.required("host", &input.host, 253);
    if host.contains(char::is_whitespace) || host.contains('/') {
        check.add("host", "Un nom de serveur sans espace ni « / », par exemple smtp.exemple.fr.");
    }
    let port = match u16::try_from(input.port) {
        Ok(port) if port > 0 => port,
        _ => {
            check.add("port", "Un port entre 1 et 65 535 (587 pour STARTTLS, 465 pour TLS).");
            0
        }
    };
    if input.security == Security::None && !host.is_empty() && !is_loopback(&host) {
        check.add(
            "security",
            "Sans chiffrement, seul un serveur sur cet ordinateur (127.0.0.1, localhost) est accepté : \
             choisissez STARTTLS ou TLS.",
        );
    }
    let username = check.optional("username", &input.username, 200).unwrap_or_default();
    let from_address = check.email("fromAddress", &input.from_address).unwrap_or_default();
    if input.from_address.trim().is_empty() {
        check.add("fromAddress", "L'adresse d'expédition est obligatoire.");
    }
    let from_name = check.optional("fromName", &input.from_name, 120).unwrap_or_default();
    let subject_template = check.required("subjectTemplate", &input.subject_template, 200);
    if let Some(password) = &input.password
        && password.chars().count() > 500
    {
        check.add("password", "500 caractères au plus.");
    }
    if input.password.as_deref().is_some_and(|p| !p.is_empty()) && username.is_empty() {
        check.add("username", "Un mot de passe va avec un identifiant : renseignez-le.");
    }
    check.finish()?;
    pitch::check_fields(&subject_template, "subjectTemplate")?;
    match input.password.as_deref() {
        Some("") => passwords.clear()?,
        Some(password) => passwords.set(password)?,
        None => {}
    }
    if username.is_empty() {
        passwords.clear()?;
    }
    conn.execute(
        "UPDATE mail_settings SET host = ?1, port = ?2, security = ?3, username = ?4, from_address = ?5, \
         from_name = ?6, subject_template = ?7 WHERE id = 1",
        rusqlite::params![host, port, input.security.code(), username, from_address, from_name, subject_template],
    )?;
    let after = settings(conn, passwords)?;
    journal_settings(conn, "Messagerie", &before, &after, input.password.is_some())?;
    Ok(after)
}

/// Journals a change of mail settings `what` (the sending server, the inbox): the fields
/// that changed, and the password when one was typed (never its value).
pub(crate) fn journal_settings<T: Serialize>(
    conn: &Conn,
    what: &str,
    before: &T,
    after: &T,
    password_typed: bool,
) -> Result<()> {
    let mut fields = journal::changed_fields(before, after);
    if password_typed && !fields.iter().any(|f| f == "passwordSaved") {
        fields.push("password".to_owned());
    }
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("{what} · {}", journal::fields_detail(&fields)),
    )
}

/// The e-mail address a promotion to `company` goes to: its chosen contact's.
pub fn recipient(company: &companies::Company, contact: Option<i64>) -> Option<Mailbox> {
    let contact = company.email_contact(contact)?;
    let email = contact.email.as_deref()?;
    email.parse().ok().map(|address| Mailbox::new(Some(contact.name.clone()), address))
}

/// A promotion's message, ready to send or to save as a draft.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub promotion_id: i64,
    /// "Léa Martin → Boulangerie Le Goff", for messages to the counsellor.
    pub label: String,
    pub to: Option<Mailbox>,
    pub message: Message,
    /// Its `Message-ID`, kept on the promotion once sent: replies name it.
    pub message_id: String,
}

/// The message of promotion `id`: from the counsellor, to its contact, the subject
/// template filled, the pitch as body with the one-click answers under it (plain text and
/// HTML, `answers`), its stored sheet attached. The promotion's reply reference must have
/// been made (`answers::reference`, in a write).
pub fn outgoing(conn: &Conn, id: i64, passwords: &dyn PasswordStore, now: DateTime<Local>) -> Result<Outgoing> {
    let today = now.date_naive();
    let mail = settings(conn, passwords)?;
    let me = settings::get(conn)?;
    let promotion = promotions::get(conn, id)?;
    let candidate = candidates::get(conn, promotion.candidate_id, today)?;
    let company = companies::get(conn, promotion.company_id)?;
    let contact_id: Option<i64> =
        conn.prepare_cached("SELECT contact_id FROM promotions WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let sheet = sheets::required(conn, id)?;
    let from_address = if mail.from_address.is_empty() { me.email.clone() } else { mail.from_address.clone() };
    let from: Mailbox = match from_address.parse() {
        Ok(address) => Mailbox::new(
            Some(if mail.from_name.is_empty() { me.name.clone() } else { mail.from_name.clone() }),
            address,
        ),
        Err(_) => {
            return Err(Error::Rule(
                "Renseignez l'adresse d'expédition dans Paramètres → Messagerie (ou votre e-mail dans Paramètres)."
                    .into(),
            ));
        }
    };
    let context = pitch::PitchContext {
        candidate: &candidate,
        company: Some(&company),
        counsellor: &me,
        job_offer_ref: promotion.job_offer_ref.as_deref(),
        today,
        anonymous: sheet.anonymous,
        sensitive: promotion.sensitive_shown == Some(true),
    };
    // The subject filled from the promotion's template when it was made; before templates
    // had one, the subject of Paramètres → Messagerie filled now.
    let subject = match promotion.subject.as_deref().map(str::trim) {
        Some(subject) if !subject.is_empty() => subject.to_owned(),
        _ => pitch::render(&mail.subject_template, &context, "subjectTemplate")?,
    };
    let to = recipient(&company, contact_id);
    let mut builder = Message::builder().from(from.clone()).subject(subject.clone()).date_now();
    if let Some(to) = &to {
        builder = builder.to(to.clone());
    }
    if let Ok(reply) = me.email.parse()
        && me.email != from_address
    {
        builder = builder.reply_to(Mailbox::new(Some(me.name.clone()), reply));
    }
    // A draft without recipient still needs an envelope; it is never used.
    let envelope_to = to.as_ref().map_or_else(|| from.email.clone(), |t| t.email.clone());
    builder = builder.envelope(Envelope::new(Some(from.email.clone()), vec![envelope_to]).map_err(mail_error)?);
    // The answers come back to the counsellor's own address when it is set.
    let answers_to = if me.email.parse::<lettre::Address>().is_ok() { me.email.clone() } else { from_address.clone() };
    let reference: Option<String> =
        conn.prepare_cached("SELECT reply_ref FROM promotions WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let reference = reference.ok_or_else(|| Error::Invariant(format!("promotion {id} has no reply reference")))?;
    let person = if sheet.anonymous { "cette personne".to_owned() } else { candidate.first_name.clone() };
    let links = answers::Links { to: &answers_to, reference: &reference, person: &person, counsellor: &me.name };
    let message_id = format!("<{}.{}@{}>", reference.to_lowercase(), now.timestamp_micros(), from.email.domain());
    builder = builder.message_id(Some(message_id.clone()));
    let pdf = ContentType::parse("application/pdf").map_err(|e| Error::Mail(e.to_string()))?;
    let message = builder
        .multipart(
            MultiPart::mixed()
                .multipart(
                    MultiPart::alternative()
                        .singlepart(SinglePart::plain(links.text(&promotion.pitch)))
                        .singlepart(SinglePart::html(links.html(&subject, &promotion.pitch))),
                )
                .singlepart(Attachment::new(sheet.file_name.clone()).body(sheet.pdf, pdf)),
        )
        .map_err(|e| Error::Mail(format!("Message impossible à composer : {e}")))?;
    Ok(Outgoing {
        promotion_id: id,
        label: format!("{} → {}", promotion.candidate_name, company.name),
        to,
        message,
        message_id,
    })
}

fn mail_error(error: impl std::fmt::Display) -> Error {
    Error::Mail(error.to_string())
}

/// The server's or the TLS library's words, after a French explanation of the failures
/// a counsellor can act on.
fn explained(error: &lettre::transport::smtp::Error) -> String {
    let words = error.to_string();
    if words.contains("certificate verify failed") {
        format!(
            "le certificat du serveur n'est pas reconnu par cet ordinateur (autorité inconnue, certificat expiré ou \
             établi pour un autre nom) ; vérifiez le nom du serveur, ou demandez à votre service informatique \
             d'installer son autorité de certification ({words})"
        )
    } else {
        words
    }
}

/// The transport for the saved settings (and the keychain's password).
fn transport(mail: &MailSettings, passwords: &dyn PasswordStore) -> Result<SmtpTransport> {
    if !mail.configured {
        return Err(Error::Rule(
            "La messagerie n'est pas configurée : renseignez le serveur et l'adresse d'expédition dans Paramètres → \
             Messagerie."
                .into(),
        ));
    }
    let unreachable = |e: lettre::transport::smtp::Error| {
        Error::Mail(format!("Serveur de messagerie {}:{} inutilisable : {e}", mail.host, mail.port))
    };
    let builder = match mail.security {
        Security::StartTls => SmtpTransport::starttls_relay(&mail.host).map_err(unreachable)?,
        Security::Tls => SmtpTransport::relay(&mail.host).map_err(unreachable)?,
        Security::None if is_loopback(&mail.host) => SmtpTransport::builder_dangerous(&mail.host),
        Security::None => {
            return Err(Error::Rule("Une connexion sans chiffrement n'est permise que vers cet ordinateur.".into()));
        }
    };
    let mut builder = builder.port(mail.port).timeout(Some(TIMEOUT));
    if !mail.username.is_empty() {
        let Some(password) = passwords.get()? else {
            return Err(Error::Rule(
                "Aucun mot de passe de messagerie dans le trousseau : saisissez-le dans Paramètres → Messagerie."
                    .into(),
            ));
        };
        builder = builder.credentials(Credentials::new(mail.username.clone(), password.as_str().to_owned()));
    }
    Ok(builder.build())
}

/// Connects, authenticates and says goodbye: the settings work.
pub fn test_connection(conn: &Conn, passwords: &dyn PasswordStore) -> Result<String> {
    let mail = settings(conn, passwords)?;
    let transport = transport(&mail, passwords)?;
    match transport.test_connection() {
        Ok(true) => Ok(format!("Connexion réussie à {}:{}.", mail.host, mail.port)),
        Ok(false) => Err(Error::Mail(format!("Le serveur {}:{} ne répond pas comme attendu.", mail.host, mail.port))),
        Err(e) => Err(Error::Mail(format!("Connexion à {}:{} impossible : {}", mail.host, mail.port, explained(&e)))),
    }
}

/// What became of one promotion's e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeliveryResult {
    #[ts(type = "number")]
    pub promotion_id: i64,
    /// "Léa Martin → Boulangerie Le Goff".
    pub label: String,
    pub sent: bool,
    /// The recipient when sent; the reason (the server's own words) when not.
    pub message: String,
}

/// E-mails each draft promotion of `ids` to its contact, one after the other, each once
/// it passed the send gate (`promotions::gate`). The
/// database is not held while the server answers. A promotion is marked sent once the
/// server accepted its message; a refusal leaves it a draft, with a note of the server's
/// answer on its log.
pub fn deliver(
    db: &Database,
    ids: &[i64],
    passwords: &dyn PasswordStore,
    now: impl Fn() -> DateTime<Local>,
) -> Result<Vec<DeliveryResult>> {
    let (mail, transport) = db.read(|c| {
        let mail = settings(c, passwords)?;
        let transport = transport(&mail, passwords)?;
        Ok((mail, transport))
    })?;
    let mut results = Vec::with_capacity(ids.len());
    for &id in ids {
        let prepared = db.write(|tx| answers::reference(tx, id)).and_then(|_| {
            db.read(|c| {
                // Consent, a draft still, the monthly contacts, the repeat window: the gate.
                let departure = Departure::of_promotion(c, id)?;
                gate::may_leave(c, &[departure], Leaving::SendMail, now().date_naive(), &Confirmations::default())?;
                outgoing(c, id, passwords, now())
            })
        });
        let out = match prepared {
            Ok(out) => out,
            Err(e @ (Error::Rule(_) | Error::Mail(_) | Error::Validation(_))) => {
                let label = db.read(|c| promotions::get(c, id)).map_or_else(|_| format!("n° {id}"), |p| p.company_name);
                results.push(DeliveryResult { promotion_id: id, label, sent: false, message: e.to_string() });
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(to) = out.to.clone() else {
            results.push(DeliveryResult {
                promotion_id: id,
                label: out.label,
                sent: false,
                message: "Aucune adresse e-mail pour ce contact : préparez un brouillon ou choisissez un autre \
                          interlocuteur."
                    .into(),
            });
            continue;
        };
        match transport.send(&out.message) {
            Ok(response) => {
                // The server's words may name the recipient: the log keeps the code only.
                log::info!("promotion {id} e-mailed (server: {})", response.code());
                let comment = format!("Envoyée par e-mail à {to}, fiche profil jointe.");
                db.write(|tx| {
                    tx.execute(
                        "UPDATE promotions SET message_id = ?1 WHERE id = ?2",
                        rusqlite::params![replies::bare(&out.message_id), id],
                    )?;
                    let input = EventInput { kind: Some(EventKind::Sent), comment, ..Default::default() };
                    promotions::record_event_as(tx, &[id], &input, now(), Leaving::SendMail)
                })?;
                results.push(DeliveryResult {
                    promotion_id: id,
                    label: out.label,
                    sent: true,
                    message: to.to_string(),
                });
            }
            Err(error) => {
                let message = format!(
                    "Le serveur de messagerie a refusé l'envoi ({}:{}) : {}",
                    mail.host,
                    mail.port,
                    explained(&error)
                );
                // The server's words may name the recipient: the log keeps the code only.
                let code = error.status().map_or_else(|| "no SMTP code".to_owned(), |c| c.to_string());
                log::warn!("promotion {id}: e-mail not sent ({code})");
                db.write(|tx| {
                    let input = EventInput {
                        kind: Some(EventKind::Note),
                        comment: format!("Échec de l'envoi par e-mail : {error}"),
                        ..Default::default()
                    };
                    promotions::record_event(tx, &[id], &input, now())
                })?;
                results.push(DeliveryResult { promotion_id: id, label: out.label, sent: false, message });
            }
        }
    }
    Ok(results)
}

/// Promotion `id`'s message for an `.eml` draft, once it passed the send gate; the journal
/// records it (in `conn`'s transaction: write the file before it commits).
pub fn draft(conn: &Conn, id: i64, passwords: &dyn PasswordStore, now: DateTime<Local>) -> Result<Outgoing> {
    let departure = Departure::of_promotion(conn, id)?;
    gate::may_leave(conn, &[departure], Leaving::EmlDraft, now.date_naive(), &Confirmations::default())?;
    answers::reference(conn, id)?;
    let out = outgoing(conn, id, passwords, now)?;
    journal::record(conn, Action::Send, Subject::Promotion(id), "Brouillon d'e-mail (.eml) écrit")?;
    Ok(out)
}

/// The message as an `.eml` file the mail client opens as a new message to edit and send
/// (`X-Unsent: 1`), written into `folder` as `brouillon-<promotion>.eml` (no name in it);
/// returns its path. Goes with `draft`, which checks the gate.
pub fn write_draft(out: &Outgoing, folder: &Path) -> Result<std::path::PathBuf> {
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    let mut message = out.message.clone();
    let unsent = HeaderName::new_from_ascii("X-Unsent".into()).map_err(mail_error)?;
    message.headers_mut().insert_raw(HeaderValue::new(unsent, "1".into()));
    let path = folder.join(format!("brouillon-{}.eml", out.promotion_id));
    crate::paths::write_private(&path, &message.formatted()).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_prints() {
        let input = MailSettingsInput {
            host: "smtp.agence.example".into(),
            username: "claire.morel".into(),
            password: Some("Bon-mot-de-passe".into()),
            ..MailSettingsInput::default()
        };
        let shown = format!("{input:?} {input:#?}");
        assert!(!shown.contains("Bon-mot-de-passe"), "{shown}");
        assert!(shown.contains("<redacted>") && shown.contains("smtp.agence.example"), "{shown}");
        let kept = MailSettingsInput { password: None, ..input.clone() };
        assert!(format!("{kept:?}").contains("<unchanged>"));
    }

    #[test]
    fn only_this_machine_is_loopback() {
        for host in ["localhost", "127.0.0.1", "127.3.4.5", "::1", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["smtp.exemple.fr", "10.0.0.1", "192.168.1.2", "localhost.exemple.fr"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
