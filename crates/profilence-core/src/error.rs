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
    /// The record was saved by someone else (`who`, empty when unknown) at `at` (« 06/12/2026
    /// à 14:02 ») after the form opened it; nothing was written.
    #[error("{}", conflict_message(.who, .at))]
    Conflict { who: String, at: String },
    /// What only the embedded database of one desktop offers, asked in team mode; the
    /// French name of what was asked.
    #[error("{0} : non disponible en mode équipe (la base est sur le serveur de l'agence).")]
    TeamMode(String),
    /// The team's server could not be reached or refused the account.
    #[error("Connexion au serveur de l'équipe impossible ({server}) : {detail}")]
    TeamServer { server: String, detail: String },
    /// The team's server refused or failed a statement; its message, for the log.
    #[error("Erreur du serveur de l'équipe : {message}")]
    Server { code: Option<String>, message: String },
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
    /// A backup could not be written, read or restored (`backup`); nothing was changed.
    #[error(transparent)]
    Backup(#[from] BackupError),
}

/// What went wrong with a backup or its recovery code. Each message says what and where;
/// `code` is what a log may keep (no path, no name).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "Le dossier de sauvegarde {folder} est introuvable (dossier supprimé, clé USB retirée ou partage \
         réseau déconnecté ?) : aucune sauvegarde n'a été écrite."
    )]
    FolderMissing { folder: String },
    #[error("Le disque du dossier de sauvegarde {folder} est plein : la sauvegarde n'a pas été écrite.")]
    DiskFull { folder: String },
    /// Any other failure to write, with the operating system's kind of error.
    #[error("La sauvegarde n'a pas pu être écrite dans {folder} ({kind}) : {detail}")]
    Write { folder: String, kind: String, detail: String },
    #[error(
        "Ce code de récupération n'ouvre pas la sauvegarde {file}{}. Rien n'a été modifié.",
        needs.as_ref().map(|n| format!(" : elle demande {n}")).unwrap_or_default()
    )]
    /// `needs`: the code the backup needs, « le code K7QF du 05/12/2026 » (or « le code K7QF »).
    WrongCode { file: String, needs: Option<String> },
    #[error("La sauvegarde {file} est endommagée ({reason}) : elle ne peut pas être restaurée. Rien n'a été modifié.")]
    Damaged { file: String, reason: String },
    #[error("Le fichier {file} n'est pas une sauvegarde de Profilence.")]
    NotABackup { file: String },
    #[error(
        "La sauvegarde {file} a été faite par une version plus récente de Profilence (schéma {found}, cette \
         version connaît le schéma {known}) : mettez l'application à jour pour la restaurer. Rien n'a été modifié."
    )]
    TooNew { file: String, found: u32, known: u32 },
    #[error(
        "Le fichier {path} existe déjà : une restauration n'écrase jamais une base existante. Choisissez un \
         nouveau fichier."
    )]
    TargetExists { path: String },
    /// A recovery code mistyped, or a passphrase too weak to be chosen.
    #[error("{0}")]
    Code(String),
    #[error(
        "Aucun code de récupération n'est enregistré dans {store} : créez-en un (Paramètres → Sauvegardes) \
         ou indiquez le fichier qui le contient."
    )]
    NoCode { store: String },
    #[error("Le code de récupération enregistré dans {store} est illisible ({message}).")]
    CodeStore { store: String, message: String },
}

impl BackupError {
    /// A short code for logs: never a path nor a name.
    pub fn code(&self) -> &'static str {
        match self {
            Self::FolderMissing { .. } => "folder_missing",
            Self::DiskFull { .. } => "disk_full",
            Self::Write { .. } => "write_failed",
            Self::WrongCode { .. } => "wrong_code",
            Self::Damaged { .. } => "damaged",
            Self::NotABackup { .. } => "not_a_backup",
            Self::TooNew { .. } => "too_new",
            Self::TargetExists { .. } => "target_exists",
            Self::Code(_) => "code_refused",
            Self::NoCode { .. } => "no_code",
            Self::CodeStore { .. } => "code_store",
        }
    }
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
        let error = match error {
            rusqlite::Error::UserFunctionError(e) => match e.downcast::<ServerError>() {
                Ok(e) => return Self::Server { code: e.code, message: e.message },
                Err(e) => rusqlite::Error::UserFunctionError(e),
            },
            other => other,
        };
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

/// The server's error (or one met on the way to it), carried through rusqlite's error
/// type as the core's calls return it; `Error::from` takes it out again.
#[derive(Debug)]
pub struct ServerError {
    /// PostgreSQL's SQLSTATE (`23505` for a unique violation…), when the server answered.
    pub code: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ServerError {}

fn conflict_message(who: &str, at: &str) -> String {
    let who = if who.is_empty() { "Quelqu'un d'autre".to_owned() } else { who.to_owned() };
    let when = if at.is_empty() { String::new() } else { format!(" le {at}") };
    format!(
        "{who} a enregistré ce dossier{when}, pendant que vous le modifiiez : vos changements ne sont pas \
         enregistrés. Rechargez la fiche pour partir de sa version actuelle."
    )
}
