//! The one error that crosses IPC: a stable `kind` the UI branches on, a French message
//! to show, and the invalid fields of a form.

use profilence_core::{Error, FieldError, keys::KeyError};
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
    /// The database could not be opened or written.
    Database,
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
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), fields: Vec::new() }
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
            Error::Io { .. } | Error::InvalidInput(_) => ErrorKind::Internal,
        };
        if kind != ErrorKind::Validation {
            log::warn!("{kind:?}: {message}");
        }
        let fields = match error {
            Error::Validation(fields) => fields,
            _ => Vec::new(),
        };
        Self { kind, message, fields }
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
        assert_eq!(kind(Error::InvalidInput("x".into()))?, "internal");
        Ok(())
    }
}
