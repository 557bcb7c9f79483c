//! Reading the counsellor's inbox (Paramètres → Messagerie, « Boîte de réception ») for the
//! replies to promotions: IMAP over TLS or STARTTLS only, the password in the OS keychain.
//! The mailbox is opened read-only (`EXAMINE`) and messages are fetched with `BODY.PEEK[]`:
//! nothing is moved, flagged or deleted, and nothing is marked read. Each reading starts
//! after the last message it saw (`UIDVALIDITY` / UID kept), looks back at most
//! `FIRST_READING_DAYS` the first time, and keeps only the replies that answer a promotion
//! (`received::record`).

use std::time::Duration;

use crate::store::Conn;
use async_imap::Client;
use chrono::{DateTime, Days, Local};
use futures::TryStreamExt;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use ts_rs::TS;

use super::{
    password::PasswordStore,
    received::{self, Recorded},
    replies,
};
use crate::{Database, Error, Result, clock::stored, validation::Checker};

/// How long the app waits for the server at each step.
const TIMEOUT: Duration = Duration::from_secs(20);
/// The first reading (or after the server renumbered its messages) looks this far back.
pub const FIRST_READING_DAYS: u64 = 60;
/// Messages fetched at most in one reading (the next one goes on from there).
const MAX_MESSAGES: usize = 500;
/// Messages asked for in one FETCH.
const BATCH: usize = 50;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum InboxSecurity {
    /// TLS from the start (usually port 993).
    #[default]
    Tls,
    /// A plain connection upgraded with STARTTLS (usually port 143); refused without it.
    StartTls,
}

impl InboxSecurity {
    fn code(self) -> &'static str {
        match self {
            Self::Tls => "tls",
            Self::StartTls => "starttls",
        }
    }

    fn from_code(code: &str) -> Self {
        if code == "starttls" { Self::StartTls } else { Self::Tls }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InboxSettings {
    pub host: String,
    pub port: u16,
    pub security: InboxSecurity,
    pub username: String,
    pub password_saved: bool,
    /// Host, account and password are set: the app reads the inbox.
    pub configured: bool,
    pub checked_at: Option<String>,
    /// Why the last reading failed, if it did.
    pub last_error: Option<String>,
}

/// The form; its `Debug` never shows the password. Its errors name the fields `imapHost`,
/// `imapPort`, `imapUsername`, `imapPassword` (Paramètres shows them beside the sending
/// server's).
#[derive(Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct InboxSettingsInput {
    pub host: String,
    #[ts(type = "number")]
    pub port: u32,
    pub security: InboxSecurity,
    pub username: String,
    /// `None`: the saved password stays; `Some("")`: it is forgotten; else the new one.
    pub password: Option<String>,
}

impl std::fmt::Debug for InboxSettingsInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboxSettingsInput")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// What one reading found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InboxReading {
    /// Messages looked at.
    pub read: u32,
    /// New one-click answers (events proposed).
    pub answers: u32,
    /// New free-text replies to promotions.
    pub replies: u32,
    /// Replies kept before (read again, recorded once).
    pub known: u32,
}

pub fn settings(conn: &Conn, passwords: &dyn PasswordStore) -> Result<InboxSettings> {
    let mut s = conn.query_row(
        "SELECT imap_host, imap_port, imap_security, imap_username, imap_checked_at, imap_last_error \
         FROM mail_settings WHERE id = 1",
        [],
        |r| {
            Ok(InboxSettings {
                host: r.get(0)?,
                port: r.get(1)?,
                security: InboxSecurity::from_code(&r.get::<_, String>(2)?),
                username: r.get(3)?,
                password_saved: false,
                configured: false,
                checked_at: r.get(4)?,
                last_error: r.get(5)?,
            })
        },
    )?;
    s.password_saved = !s.username.is_empty() && passwords.get()?.is_some();
    s.configured = !s.host.is_empty() && s.password_saved;
    Ok(s)
}

/// Checks and saves the inbox's settings (an empty host turns the reading off); the
/// password goes to the keychain. A new server or account reads from its start again.
pub fn update_settings(
    conn: &Conn,
    input: &InboxSettingsInput,
    passwords: &dyn PasswordStore,
) -> Result<InboxSettings> {
    let before = settings(conn, passwords)?;
    let mut check = Checker::new();
    let host = check.optional("imapHost", &input.host, 253).unwrap_or_default();
    if host.contains(char::is_whitespace) || host.contains('/') {
        check.add("imapHost", "Un nom de serveur sans espace ni « / », par exemple imap.exemple.fr.");
    }
    let port = match u16::try_from(input.port) {
        Ok(port) if port > 0 => port,
        _ => {
            check.add("imapPort", "Un port entre 1 et 65 535 (993 pour TLS, 143 pour STARTTLS).");
            0
        }
    };
    let username = check.optional("imapUsername", &input.username, 200).unwrap_or_default();
    if !host.is_empty() && username.is_empty() {
        check.add("imapUsername", "L'identifiant de la boîte de réception est obligatoire.");
    }
    if input.password.as_deref().is_some_and(|p| p.chars().count() > 500) {
        check.add("imapPassword", "500 caractères au plus.");
    }
    check.finish()?;
    match input.password.as_deref() {
        Some("") => passwords.clear()?,
        Some(password) => passwords.set(password)?,
        None => {}
    }
    if host.is_empty() || username.is_empty() {
        passwords.clear()?;
    }
    let moved = host != before.host || username != before.username;
    conn.execute(
        "UPDATE mail_settings SET imap_host = ?1, imap_port = ?2, imap_security = ?3, imap_username = ?4, \
         imap_uid_validity = CASE WHEN ?5 THEN NULL ELSE imap_uid_validity END, \
         imap_last_uid = CASE WHEN ?5 THEN 0 ELSE imap_last_uid END, imap_last_error = NULL WHERE id = 1",
        params![host, port, input.security.code(), username, moved],
    )?;
    let after = settings(conn, passwords)?;
    super::journal_settings(conn, "Boîte de réception", &before, &after, input.password.is_some())?;
    Ok(after)
}

/// Where the last reading stopped.
struct Mark {
    uid_validity: Option<u32>,
    last_uid: u32,
}

/// Reads the inbox once: the new messages since the last reading, each reply to a
/// promotion kept once. A failure is recorded for Paramètres to show, and returned.
pub fn check(db: &Database, passwords: &dyn PasswordStore, now: DateTime<Local>) -> Result<InboxReading> {
    let (inbox, mark) = db.read(|c| {
        let inbox = settings(c, passwords)?;
        let mark = c.query_row("SELECT imap_uid_validity, imap_last_uid FROM mail_settings WHERE id = 1", [], |r| {
            Ok(Mark { uid_validity: r.get(0)?, last_uid: r.get(1)? })
        })?;
        Ok((inbox, mark))
    })?;
    if !inbox.configured {
        return Err(Error::Rule(
            "La boîte de réception n'est pas configurée : renseignez son serveur, l'identifiant et le mot de passe \
             dans Paramètres → Messagerie."
                .into(),
        ));
    }
    let password = passwords.get()?.unwrap_or_default();
    let since = now.checked_sub_days(Days::new(FIRST_READING_DAYS)).unwrap_or(now);
    let fetched = run(fetch(&inbox, &password, &mark, since));
    let (uid_validity, messages) = match fetched {
        Ok(fetched) => fetched,
        Err(error) => {
            let message = error.to_string();
            db.write(|tx| {
                tx.execute(
                    "UPDATE mail_settings SET imap_checked_at = ?1, imap_last_error = ?2 WHERE id = 1",
                    params![stored(now), message],
                )?;
                Ok(())
            })?;
            log::warn!("inbox reading failed");
            return Err(error);
        }
    };
    let mut reading = InboxReading::default();
    let mut last_uid = if Some(uid_validity) == mark.uid_validity { mark.last_uid } else { 0 };
    db.write(|tx| {
        for (uid, raw) in &messages {
            reading.read += 1;
            last_uid = last_uid.max(*uid);
            let Some(reply) = replies::read(raw) else { continue };
            match received::record(tx, &reply, raw, now)? {
                Recorded::New(_) if reply.answer.is_some() => reading.answers += 1,
                Recorded::New(_) => reading.replies += 1,
                Recorded::Known => reading.known += 1,
                Recorded::Unrelated => {}
            }
        }
        tx.execute(
            "UPDATE mail_settings SET imap_uid_validity = ?1, imap_last_uid = ?2, imap_checked_at = ?3, \
             imap_last_error = NULL WHERE id = 1",
            params![uid_validity, last_uid, stored(now)],
        )?;
        Ok(())
    })?;
    log::info!(
        "inbox read: {} messages, {} answers and {} replies to promotions",
        reading.read,
        reading.answers,
        reading.replies
    );
    Ok(reading)
}

/// Runs `work` on a small runtime of its own (the core is blocking; a reading is short).
fn run<T>(work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Mail(format!("Lecture de la boîte de réception impossible : {e}")))?
        .block_on(work)
}

async fn timed<T, E: std::fmt::Display>(
    what: &str,
    inbox: &InboxSettings,
    step: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> Result<T> {
    match tokio::time::timeout(TIMEOUT, step).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(explained(what, inbox, &error.to_string())),
        Err(_) => Err(Error::Mail(format!(
            "Le serveur de la boîte de réception {}:{} ne répond pas ({what}) : délai de {} s dépassé.",
            inbox.host,
            inbox.port,
            TIMEOUT.as_secs()
        ))),
    }
}

/// The failure in words a counsellor can act on, then the server's or TLS library's own.
fn explained(what: &str, inbox: &InboxSettings, words: &str) -> Error {
    let server = format!("{}:{}", inbox.host, inbox.port);
    let lower = words.to_lowercase();
    let message = if lower.contains("certificate") {
        format!(
            "Connexion à la boîte de réception {server} refusée : le certificat du serveur n'est pas reconnu par cet \
             ordinateur (autorité inconnue, certificat expiré ou établi pour un autre nom) ; vérifiez le nom du \
             serveur, ou demandez à votre service informatique d'installer son autorité de certification ({words})."
        )
    } else if what == "identification" {
        format!(
            "La boîte de réception {server} refuse l'identifiant ou le mot de passe : vérifiez-les dans Paramètres → \
             Messagerie ({words})."
        )
    } else if lower.contains("connection refused")
        || lower.contains("failed to lookup")
        || lower.contains("name or service")
    {
        format!("La boîte de réception {server} est injoignable : vérifiez le nom du serveur et le port ({words}).")
    } else {
        format!("Lecture de la boîte de réception {server} impossible ({what}) : {words}")
    };
    Error::Mail(message)
}

type Fetched = (u32, Vec<(u32, Vec<u8>)>);

async fn fetch(inbox: &InboxSettings, password: &str, mark: &Mark, since: DateTime<Local>) -> Result<Fetched> {
    let tcp = timed("connexion", inbox, TcpStream::connect((inbox.host.as_str(), inbox.port))).await?;
    let tls = async_native_tls::TlsConnector::new();
    let stream = match inbox.security {
        InboxSecurity::Tls => {
            let stream = timed("TLS", inbox, tls.connect(inbox.host.as_str(), tcp)).await?;
            let mut client = Client::new(stream);
            timed("accueil", inbox, client.read_response()).await?;
            client
        }
        InboxSecurity::StartTls => {
            let mut plain = Client::new(tcp);
            timed("accueil", inbox, plain.read_response()).await?;
            timed("STARTTLS", inbox, plain.run_command_and_check_ok("STARTTLS", None)).await?;
            let stream = timed("TLS", inbox, tls.connect(inbox.host.as_str(), plain.into_inner())).await?;
            // No greeting after STARTTLS.
            Client::new(stream)
        }
    };
    let mut session =
        timed("identification", inbox, async { stream.login(&inbox.username, password).await.map_err(|(e, _)| e) })
            .await?;
    // EXAMINE: the mailbox read-only, no flag changes (not even \Seen).
    let mailbox = timed("ouverture de la boîte", inbox, session.examine("INBOX")).await?;
    let uid_validity = mailbox.uid_validity.unwrap_or(0);
    let same = mark.uid_validity == Some(uid_validity);
    let query = if same && mark.last_uid > 0 {
        format!("UID {}:*", mark.last_uid + 1)
    } else {
        format!("SINCE {}", since.format("%d-%b-%Y"))
    };
    let mut uids: Vec<u32> = timed("recherche", inbox, session.uid_search(&query))
        .await?
        .into_iter()
        .filter(|uid| !same || *uid > mark.last_uid)
        .collect();
    uids.sort_unstable();
    uids.truncate(MAX_MESSAGES);
    let mut messages = Vec::with_capacity(uids.len());
    for chunk in uids.chunks(BATCH) {
        let set = chunk.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let fetched: Vec<_> = timed("lecture des messages", inbox, async {
            session.uid_fetch(&set, "(UID BODY.PEEK[])").await?.try_collect::<Vec<_>>().await
        })
        .await?;
        for message in &fetched {
            if let (Some(uid), Some(body)) = (message.uid, message.body()) {
                messages.push((uid, body.to_vec()));
            }
        }
    }
    // A failed goodbye changes nothing of what was read.
    let _ = tokio::time::timeout(TIMEOUT, session.logout()).await;
    messages.sort_by_key(|(uid, _)| *uid);
    Ok((uid_validity, messages))
}
