//! The one error that crosses IPC: tagged by a stable `kind` the UI branches (and
//! TypeScript narrows) on, a French message to show, and what that kind carries — the
//! invalid fields of a form, the records a new one repeats, the warnings to confirm.

use profilence_core::{Error, FieldError, candidates::DuplicateMatch, keys::KeyError, promotions::ConfirmationNeeded};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum AppError {
    /// A form field is wrong: see `fields`.
    #[error("{message}")]
    Validation { message: String, fields: Vec<FieldError> },
    #[error("{message}")]
    NotFound { message: String },
    /// The database key cannot be had (no keychain, key missing or wrong).
    #[error("{message}")]
    Keychain { message: String },
    /// The reference data folder (communes, ROME...) is missing or unreadable.
    #[error("{message}")]
    ReferenceData { message: String },
    /// The new record seems to repeat existing ones: `duplicates`.
    #[error("{message}")]
    Duplicate { message: String, duplicates: Vec<DuplicateMatch> },
    /// A rule of the domain refuses the action (consent, illegal transition…).
    #[error("{message}")]
    Rule { message: String },
    /// Someone saved the record after the form opened it: the form offers to reload it.
    #[error("{message}")]
    Conflict { message: String },
    /// The action needs the counsellor's confirmation of each warning: `confirmations`.
    #[error("{message}")]
    Confirmation { message: String, confirmations: Vec<ConfirmationNeeded> },
    /// The database could not be opened or written.
    #[error("{message}")]
    Database { message: String },
    /// The team's server could not be reached or refused the account: the window offers to
    /// try again or to work on the desktop's own database.
    #[error("{message}")]
    Team { message: String },
    /// The database file is damaged (the key is right): the message says to restore a backup.
    #[error("{message}")]
    Damaged { message: String },
    /// A tracker cannot be imported (unreadable, protected, too big…).
    #[error("{message}")]
    Import { message: String },
    /// The counsellor stopped the work under way; nothing was written.
    #[error("{message}")]
    Cancelled { message: String },
    /// The mail server could not be reached or refused: the message has its words.
    #[error("{message}")]
    Mail { message: String },
    /// A backup could not be written, read or restored (folder gone, disk full, wrong code,
    /// damaged file…): the message says which and that nothing was changed.
    #[error("{message}")]
    Backup { message: String },
    #[error("{message}")]
    Internal { message: String },
}

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        log::error!("internal error: {error}");
        Self::Internal { message: "Erreur interne de l'application. Le détail est dans le journal.".into() }
    }
}

/// What the log keeps of a core error: its kind, and its words only where they cannot hold
/// a person's name or a path with one (SQL, keychain, reference data, the app's own
/// invariants). A file's path, a PDF's or a mail server's words stay out.
fn log_line(error: &Error) -> String {
    match error {
        Error::Io { source, .. } => format!("file error ({:?})", source.kind()),
        Error::Sheet(_) => "sheet error".to_owned(),
        Error::Mail(_) => "mail error".to_owned(),
        Error::NotFound { entity, id } => format!("not found: {entity} {id}"),
        Error::Database(e) => format!("database error: {e}"),
        Error::Damaged { detail } => format!("database damaged: {detail}"),
        Error::Busy => "database busy".to_owned(),
        Error::Invariant(m) => format!("invariant: {m}"),
        Error::TeamMode(what) => format!("not in team mode: {what}"),
        Error::TeamServer { server, detail } => format!("team server {server}: {detail}"),
        Error::Server { code, message } => format!("server error {}: {message}", code.as_deref().unwrap_or("-")),
        Error::Key(e) => format!("key error: {e}"),
        Error::Referential(m) => format!("reference data: {m}"),
        Error::SchemaTooNew { found, known } => format!("schema {found} newer than {known}"),
        Error::EncryptionUnavailable => "encryption unavailable".to_owned(),
        Error::Backup(e) => format!("backup error: {}", e.code()),
        Error::Validation(_)
        | Error::Conflict { .. }
        | Error::Duplicate(_)
        | Error::Rule(_)
        | Error::NeedsConfirmation(_)
        | Error::Import(_)
        | Error::Cancelled => String::new(),
    }
}

impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        let line = log_line(&error);
        let app = match error {
            Error::Validation(fields) => Self::Validation { message, fields },
            Error::NotFound { .. } => Self::NotFound { message },
            Error::Key(KeyError::File { .. } | KeyError::Random(_)) => Self::Internal { message },
            Error::Key(_) => Self::Keychain { message },
            Error::SchemaTooNew { .. }
            | Error::EncryptionUnavailable
            | Error::Database(_)
            | Error::Busy
            | Error::TeamMode(_)
            | Error::Server { .. } => Self::Database { message },
            Error::TeamServer { .. } => Self::Team { message },
            Error::Damaged { .. } => Self::Damaged { message },
            Error::Referential(_) => Self::ReferenceData { message },
            Error::Duplicate(duplicates) => Self::Duplicate { message, duplicates },
            Error::Rule(_) => Self::Rule { message },
            Error::Conflict { .. } => Self::Conflict { message },
            Error::NeedsConfirmation(confirmations) => Self::Confirmation { message, confirmations },
            Error::Io { .. } | Error::Invariant(_) | Error::Sheet(_) => Self::Internal { message },
            Error::Import(_) => Self::Import { message },
            Error::Cancelled => Self::Cancelled { message },
            Error::Mail(_) => Self::Mail { message },
            Error::Backup(_) => Self::Backup { message },
        };
        match &app {
            Self::Validation { .. } | Self::Confirmation { .. } | Self::Cancelled { .. } => {}
            // The message names a colleague: the log only says that it happened.
            Self::Conflict { .. } => log::info!("save refused: the record changed since it was opened"),
            // The message may name the file (a person's name): the log only says that it happened.
            Self::Import { .. } => log::info!("tracker refused"),
            // The message names people: the log only says that it happened.
            Self::Rule { .. } => log::info!("action refused by a rule"),
            // The message names people: the log only says that it happened.
            Self::Duplicate { .. } => log::info!("candidate refused as a likely duplicate"),
            // The message may hold a path or a server's words: the log keeps `log_line`.
            _ => log::warn!("{line}"),
        }
        app
    }
}

#[cfg(test)]
mod tests {
    use profilence_core::FieldError;

    use super::*;

    type TestResult = Result<(), serde_json::Error>;

    #[test]
    fn validation_errors_cross_ipc_with_their_fields() -> TestResult {
        let error = AppError::from(Error::Validation(vec![FieldError::new("email", "Adresse e-mail invalide.")]));
        let json = serde_json::to_value(&error)?;
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "validation",
                "message": "Adresse e-mail invalide.",
                "fields": [{ "field": "email", "message": "Adresse e-mail invalide." }],
            })
        );
        Ok(())
    }

    #[test]
    fn each_core_error_has_a_stable_kind() -> TestResult {
        let kind = |e: Error| serde_json::to_value(AppError::from(e)).map(|json| json["kind"].clone());
        assert_eq!(kind(Error::NotFound { entity: "Candidat", id: 3 })?, "notFound");
        assert_eq!(kind(KeyError::KeychainUnavailable("no D-Bus".into()).into())?, "keychain");
        assert_eq!(kind(KeyError::WrongKey.into())?, "keychain");
        assert_eq!(kind(Error::SchemaTooNew { found: 9, known: 1 })?, "database");
        assert_eq!(kind(Error::Damaged { detail: "file is not a database".into() })?, "damaged");
        assert_eq!(kind(Error::Busy)?, "database");
        assert_eq!(kind(Error::Invariant("x".into()))?, "internal");
        assert_eq!(kind(Error::Referential("x".into()))?, "referenceData");
        assert_eq!(kind(Error::Duplicate(Vec::new()))?, "duplicate");
        assert_eq!(kind(Error::Rule("x".into()))?, "rule");
        assert_eq!(kind(Error::Conflict { who: "Léa Guillou".into(), at: "06/12/2026 à 14:02".into() })?, "conflict");
        assert_eq!(kind(Error::TeamServer { server: "postgres://x@h:5432/d".into(), detail: "x".into() })?, "team");
        assert_eq!(kind(Error::NeedsConfirmation(Vec::new()))?, "confirmation");
        assert_eq!(kind(Error::Import("x".into()))?, "import");
        assert_eq!(kind(Error::Cancelled)?, "cancelled");
        assert_eq!(kind(Error::Mail("535 5.7.8".into()))?, "mail");
        let wrong = profilence_core::error::BackupError::WrongCode { file: "s.db".into(), needs: None };
        assert_eq!(kind(wrong.into())?, "backup");
        Ok(())
    }

    #[test]
    fn the_log_keeps_kinds_not_paths_or_names() {
        let io = Error::io(
            std::path::Path::new("/home/claire/fiches/fiche-profil-lea-martin.pdf"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(log_line(&io), "file error (PermissionDenied)");
        let mail = Error::Mail("550 5.1.1 <lea.martin@courriel.example>: Recipient address rejected".into());
        assert_eq!(log_line(&mail), "mail error");
        assert_eq!(log_line(&Error::Sheet("Léa Martin".into())), "sheet error");
        assert_eq!(log_line(&Error::NotFound { entity: "Candidat", id: 3 }), "not found: Candidat 3");
    }

    #[test]
    fn each_kind_carries_only_what_it_has() -> TestResult {
        let json = serde_json::to_value(AppError::from(Error::Rule("Consentement expiré.".into())))?;
        assert_eq!(json, serde_json::json!({ "kind": "rule", "message": "Consentement expiré." }));
        let duplicate = AppError::from(Error::Duplicate(vec![DuplicateMatch {
            id: 7,
            name: "Léa Martin".into(),
            reason: "même adresse e-mail".into(),
        }]));
        assert!(matches!(duplicate, AppError::Duplicate { .. }));
        let json = serde_json::to_value(&duplicate)?;
        assert_eq!(json["duplicates"][0]["name"], "Léa Martin");
        assert!(json.get("fields").is_none());
        Ok(())
    }
}
