//! The one error that crosses IPC: a stable `kind` the UI branches on, a French message
//! to show, and the invalid fields of a form.

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
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{message}")]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// For `duplicate`: the existing records the new one seems to repeat.
    pub duplicates: Vec<DuplicateMatch>,
    /// For `confirmation`: each warning to confirm.
    pub confirmations: Vec<ConfirmationNeeded>,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), fields: Vec::new(), duplicates: Vec::new(), confirmations: Vec::new() }
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        log::error!("internal error: {error}");
        Self::new(ErrorKind::Internal, "Erreur interne de l'application. Le détail est dans le journal.")
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
            Error::Io { .. } | Error::InvalidInput(_) | Error::Sheet(_) => ErrorKind::Internal,
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
        let mut app = Self::new(kind, message);
        match error {
            Error::Validation(fields) => app.fields = fields,
            Error::Duplicate(matches) => app.duplicates = matches,
            Error::NeedsConfirmation(needed) => app.confirmations = needed,
            _ => {}
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
                "duplicates": [],
                "confirmations": [],
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
        assert_eq!(kind(Error::InvalidInput("x".into()))?, "internal");
        assert_eq!(kind(Error::Referential("x".into()))?, "referenceData");
        assert_eq!(kind(Error::Duplicate(Vec::new()))?, "duplicate");
        assert_eq!(kind(Error::Rule("x".into()))?, "rule");
        assert_eq!(kind(Error::NeedsConfirmation(Vec::new()))?, "confirmation");
        assert_eq!(kind(Error::Import("x".into()))?, "import");
        assert_eq!(kind(Error::Cancelled)?, "cancelled");
        assert_eq!(kind(Error::Mail("535 5.7.8".into()))?, "mail");
        Ok(())
    }
}
