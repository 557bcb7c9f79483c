//! The one error that crosses IPC: tagged by a stable `kind` the UI branches (and
//! TypeScript narrows) on, a French message to show, and what that kind carries — the
//! invalid fields of a form, the records a new one repeats, the warnings to confirm.

use profilence_core::{Error, FieldError, candidates::DuplicateMatch, keys::KeyError, promotions::ConfirmationNeeded};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ErrorKind {
    /// A form field is wrong: see `fields`.
    Validation,
    NotFound,
    /// The database key cannot be had (no keychain, key missing or wrong).
    Keychain,
    /// The reference data folder (communes, ROME...) is missing or unreadable.
    ReferenceData,
    /// The new record seems to repeat an existing one: see `duplicates`.
    Duplicate,
    /// A rule of the domain refuses the action (consent, illegal transition…).
    Rule,
    /// The action needs the counsellor's confirmation: see `confirmations`.
    Confirmation,
    /// The database could not be opened or written.
    Database,
    /// A tracker cannot be imported (unreadable, protected, too big…).
    Import,
    /// The counsellor stopped the work under way; nothing was written.
    Cancelled,
    /// The mail server could not be reached or refused: the message has its words.
    Mail,
    Internal,
}

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum AppError {
    #[error("{message}")]
    Validation { message: String, fields: Vec<FieldError> },
    #[error("{message}")]
    NotFound { message: String },
    #[error("{message}")]
    Keychain { message: String },
    #[error("{message}")]
    ReferenceData { message: String },
    /// The existing records the new one seems to repeat.
    #[error("{message}")]
    Duplicate { message: String, duplicates: Vec<DuplicateMatch> },
    #[error("{message}")]
    Rule { message: String },
    /// Each warning to confirm.
    #[error("{message}")]
    Confirmation { message: String, confirmations: Vec<ConfirmationNeeded> },
    #[error("{message}")]
    Database { message: String },
    #[error("{message}")]
    Import { message: String },
    #[error("{message}")]
    Cancelled { message: String },
    #[error("{message}")]
    Mail { message: String },
    #[error("{message}")]
    Internal { message: String },
}

impl AppError {
    /// An error of `kind` with its message alone (no fields, duplicates or confirmations).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        match kind {
            ErrorKind::Validation => Self::Validation { message, fields: Vec::new() },
            ErrorKind::NotFound => Self::NotFound { message },
            ErrorKind::Keychain => Self::Keychain { message },
            ErrorKind::ReferenceData => Self::ReferenceData { message },
            ErrorKind::Duplicate => Self::Duplicate { message, duplicates: Vec::new() },
            ErrorKind::Rule => Self::Rule { message },
            ErrorKind::Confirmation => Self::Confirmation { message, confirmations: Vec::new() },
            ErrorKind::Database => Self::Database { message },
            ErrorKind::Import => Self::Import { message },
            ErrorKind::Cancelled => Self::Cancelled { message },
            ErrorKind::Mail => Self::Mail { message },
            ErrorKind::Internal => Self::Internal { message },
        }
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        log::error!("internal error: {error}");
        Self::new(ErrorKind::Internal, "Erreur interne de l'application. Le détail est dans le journal.")
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation { .. } => ErrorKind::Validation,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Keychain { .. } => ErrorKind::Keychain,
            Self::ReferenceData { .. } => ErrorKind::ReferenceData,
            Self::Duplicate { .. } => ErrorKind::Duplicate,
            Self::Rule { .. } => ErrorKind::Rule,
            Self::Confirmation { .. } => ErrorKind::Confirmation,
            Self::Database { .. } => ErrorKind::Database,
            Self::Import { .. } => ErrorKind::Import,
            Self::Cancelled { .. } => ErrorKind::Cancelled,
            Self::Mail { .. } => ErrorKind::Mail,
            Self::Internal { .. } => ErrorKind::Internal,
        }
    }
}

impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        let kind = match &error {
            Error::Validation(_) => ErrorKind::Validation,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Key(KeyError::File { .. } | KeyError::Random(_)) => ErrorKind::Internal,
            Error::Key(_) => ErrorKind::Keychain,
            Error::SchemaTooNew { .. } | Error::EncryptionUnavailable | Error::Database(_) => ErrorKind::Database,
            Error::Referential(_) => ErrorKind::ReferenceData,
            Error::Duplicate(_) => ErrorKind::Duplicate,
            Error::Rule(_) => ErrorKind::Rule,
            Error::NeedsConfirmation(_) => ErrorKind::Confirmation,
            Error::Io { .. } | Error::Invariant(_) | Error::Sheet(_) => ErrorKind::Internal,
            Error::Import(_) => ErrorKind::Import,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Mail(_) => ErrorKind::Mail,
        };
        match kind {
            ErrorKind::Validation | ErrorKind::Confirmation | ErrorKind::Cancelled => {}
            // The message may name the file (a person's name): the log only says that it happened.
            ErrorKind::Import => log::info!("tracker refused"),
            // The message names people: the log only says that it happened.
            ErrorKind::Rule => log::info!("action refused by a rule"),
            // The message names people: the log only says that it happened.
            ErrorKind::Duplicate => log::info!("candidate refused as a likely duplicate"),
            _ => log::warn!("{kind:?}: {message}"),
        }
        match error {
            Error::Validation(fields) => Self::Validation { message, fields },
            Error::Duplicate(duplicates) => Self::Duplicate { message, duplicates },
            Error::NeedsConfirmation(confirmations) => Self::Confirmation { message, confirmations },
            _ => Self::new(kind, message),
        }
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
        assert_eq!(kind(Error::Invariant("x".into()))?, "internal");
        assert_eq!(kind(Error::Referential("x".into()))?, "referenceData");
        assert_eq!(kind(Error::Duplicate(Vec::new()))?, "duplicate");
        assert_eq!(kind(Error::Rule("x".into()))?, "rule");
        assert_eq!(kind(Error::NeedsConfirmation(Vec::new()))?, "confirmation");
        assert_eq!(kind(Error::Import("x".into()))?, "import");
        assert_eq!(kind(Error::Cancelled)?, "cancelled");
        assert_eq!(kind(Error::Mail("535 5.7.8".into()))?, "mail");
        Ok(())
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
        assert_eq!(duplicate.kind(), ErrorKind::Duplicate);
        let json = serde_json::to_value(&duplicate)?;
        assert_eq!(json["duplicates"][0]["name"], "Léa Martin");
        assert!(json.get("fields").is_none());
        Ok(())
    }
}
