//! The core's error type. Messages are in French: they reach the counsellor as they are.

use serde::Serialize;
use ts_rs::TS;

use crate::keys::KeyError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One invalid field of a form, named as the Rust/TypeScript field (`email`, `siret`...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

/// An existing candidate that a new record seems to repeat, and why (`Error::Duplicate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateMatch {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConfirmationKind {
    /// The candidate was promoted to this company within the repeat window.
    Repeat,
    /// The company's maximum contacts per month would be exceeded.
    ContactLimit,
}

/// A warning the counsellor must confirm before the promotions are created
/// (`Error::NeedsConfirmation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConfirmationNeeded {
    pub kind: ConfirmationKind,
    #[ts(type = "number | null")]
    pub candidate_id: Option<i64>,
    #[ts(type = "number")]
    pub company_id: i64,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more fields are invalid; nothing was written.
    #[error("{}", summary(.0))]
    Validation(Vec<FieldError>),
    #[error("{entity} introuvable (n° {id}).")]
    NotFound { entity: &'static str, id: i64 },
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The database was written by a newer Profilence than this one.
    #[error(
        "Cette base de données a été créée par une version plus récente de Profilence \
         (schéma {found}, cette version connaît le schéma {known}). Mettez l'application à jour."
    )]
    SchemaTooNew { found: u32, known: u32 },
    #[error("La base de données n'est pas chiffrée (SQLCipher absent) : ouverture refusée.")]
    EncryptionUnavailable,
    #[error("Erreur de la base de données : {0}")]
    Database(rusqlite::Error),
    /// The key is right but part of the file does not decrypt or is missing (overwritten,
    /// truncated): only a backup brings the data back. `detail` is SQLite's, for the log.
    #[error(
        "La base de données est endommagée : une partie du fichier est illisible ou manquante \
         (la clé de chiffrement, elle, est la bonne). Restaurez une sauvegarde de la base de données."
    )]
    Damaged { detail: String },
    /// Another program (the command line, another Profilence) kept the database's write lock
    /// longer than the busy timeout.
    #[error(
        "La base de données est occupée par un autre programme Profilence (un import, la ligne de \
         commande…) : réessayez dans un instant."
    )]
    Busy,
    #[error("Erreur de fichier ({path}) : {source}")]
    Io { path: String, source: std::io::Error },
    /// An internal invariant does not hold: a bug, or what the window never sends. Shown
    /// as an internal error; the message is for the log.
    #[error("{0}")]
    Invariant(String),
    /// A referential folder or file is missing, incomplete or malformed; nothing was loaded.
    #[error("{0}")]
    Referential(String),
    /// The new candidate seems to be one already in the pool; nothing was written.
    #[error("{}", duplicate_summary(.0))]
    Duplicate(Vec<DuplicateMatch>),
    /// A rule of the domain refuses the action (consent, illegal transition…); nothing was written.
    #[error("{0}")]
    Rule(String),
    /// The action needs the counsellor's confirmation first; nothing was written.
    #[error("{}", confirmation_summary(.0))]
    NeedsConfirmation(Vec<ConfirmationNeeded>),
    /// A tracker cannot be imported (unreadable, protected, too big…); nothing was written.
    #[error("{0}")]
    Import(String),
    /// The counsellor stopped the import; nothing was written.
    #[error("Import annulé : rien n'a été enregistré.")]
    Cancelled,
    /// A profile sheet could not be made (its font); nothing was written.
    #[error("La fiche profil n'a pas pu être créée : {0}")]
    Sheet(String),
    /// The mail server could not be reached or refused the message: its own words.
    #[error("{0}")]
    Mail(String),
}

fn summary(fields: &[FieldError]) -> String {
    match fields {
        [one] => one.message.clone(),
        many => format!("{} champs sont à corriger.", many.len()),
    }
}

fn duplicate_summary(matches: &[DuplicateMatch]) -> String {
    let names: Vec<String> = matches.iter().map(|m| format!("{} ({})", m.name, m.reason)).collect();
    format!("Ce candidat semble déjà être dans le vivier : {}.", names.join(", "))
}

fn confirmation_summary(needed: &[ConfirmationNeeded]) -> String {
    let lines: Vec<&str> = needed.iter().map(|n| n.message.as_str()).collect();
    format!("À confirmer avant d'envoyer : {}", lines.join(" "))
}

/// SQLite's errors, with the two a counsellor can act on told apart: a damaged file (restore
/// a backup) and a database kept busy by another program (try again).
impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Self::Damaged { detail: error.to_string() }
            }
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Self::Busy,
            _ => Self::Database(error),
        }
    }
}

impl Error {
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io { path: path.display().to_string(), source }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }
}
