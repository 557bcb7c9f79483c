//! Backups: encrypted copies of the database that open on any computer with the recovery
//! code alone.
//!
//! A backup is itself an SQLCipher database whose passphrase is the recovery code (`code`):
//! SQLCipher 4 derives its key with PBKDF2-HMAC-SHA512 (256,000 iterations) and a random
//! salt kept in the file's first 16 bytes, and checks every page with an HMAC. SQLite's
//! online backup copies the open database page by page into a file of the target folder
//! keyed with that passphrase (`write`): pages are decrypted with the database key and
//! encrypted again with the code's as they are written, so nothing is ever in clear on
//! disk. Its facts (`BackupFacts`: date, versions, the code's identity, counts) are written
//! inside it (`app_meta`) and beside it in a small JSON file with its size and SHA-256.
//! `read` opens, verifies and restores one; `rotation` keeps 7 daily and 4 weekly copies;
//! `folder` lists a folder; `settings` holds Paramètres and `run_due` (what the shell calls
//! at close and once a day); `store` keeps the code beside the database key; `sheet` puts
//! the code on paper; `swap` puts a restored database in the place of the app's.

pub mod code;
pub mod folder;
pub mod read;
pub mod rotation;
pub mod settings;
pub mod sheet;
pub mod store;
pub mod swap;
pub mod write;

use crate::store::Conn;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

pub use code::{CodeIdentity, CodeKind, RecoveryCode, Secret};
pub use read::{Restored, restore, verify};
pub use settings::{BackupSettings, BackupSettingsInput, Occasion, keep_code, run_due, run_now};
pub use store::CodeStore;
pub use write::create;

use crate::{Result, error::BackupError};

/// The format of the facts; a reader refuses a later one.
pub const FORMAT: u32 = 1;
/// Every backup's name starts so, then its moment and its code's id:
/// `profilence-sauvegarde-2026-12-05-231500-K7QF.db`.
pub const NAME_PREFIX: &str = "profilence-sauvegarde-";
pub const EXTENSION: &str = "db";
/// The facts beside a backup: the same name, this extension.
pub const SIDECAR_EXTENSION: &str = "json";
const NAME_MOMENT: &str = "%Y-%m-%d-%H%M%S";
/// The `app_meta` key of the facts inside a backup (taken out on restore).
pub(crate) const META_KEY: &str = "backup.facts";

/// What a backup holds, counted when it was written and checked after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupCounts")]
pub struct Counts {
    #[ts(type = "number")]
    pub candidates: i64,
    #[ts(type = "number")]
    pub companies: i64,
    #[ts(type = "number")]
    pub promotions: i64,
}

impl Counts {
    pub fn of(conn: &Conn) -> Result<Self> {
        let count = |table: &str| conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0));
        Ok(Self { candidates: count("candidates")?, companies: count("companies")?, promotions: count("promotions")? })
    }

    /// « 120 candidats, 40 entreprises, 300 promotions ».
    pub fn label(&self) -> String {
        format!(
            "{} candidats, {} entreprises, {} promotions",
            crate::text::french_count(self.candidates.unsigned_abs()),
            crate::text::french_count(self.companies.unsigned_abs()),
            crate::text::french_count(self.promotions.unsigned_abs())
        )
    }
}

/// A backup's facts: no personal data, readable without the code (the JSON beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupFacts")]
pub struct BackupFacts {
    pub format: u32,
    /// The backup's file name (no folder).
    pub file: String,
    pub created_at: DateTime<Utc>,
    pub app_version: String,
    pub schema_version: u32,
    pub recovery_code: CodeIdentity,
    pub counts: Counts,
    /// Bytes and SHA-256 of the file (absent from the copy kept inside it).
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    pub sha256: Option<String>,
}

/// The name of a backup made at `moment` (local time) with code `id`.
pub(crate) fn file_name(moment: NaiveDateTime, id: &str) -> String {
    format!("{NAME_PREFIX}{}-{id}.{EXTENSION}", moment.format(NAME_MOMENT))
}

/// The moment and code id a backup's name says, or `None` for any other file.
pub fn parse_name(name: &str) -> Option<(NaiveDateTime, String)> {
    let stem = name.strip_prefix(NAME_PREFIX)?.strip_suffix(&format!(".{EXTENSION}"))?;
    let (moment, id) = stem.rsplit_once('-')?;
    let moment = NaiveDateTime::parse_from_str(moment, NAME_MOMENT).ok()?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| (moment, id.to_owned()))
}

/// The path of the facts beside `backup`.
pub fn sidecar_of(backup: &std::path::Path) -> std::path::PathBuf {
    backup.with_extension(SIDECAR_EXTENSION)
}

/// Keys a connection to a backup with the recovery code as SQLCipher passphrase.
pub(crate) fn key_with_code(conn: &rusqlite::Connection, secret: &Secret) -> Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let quoted = Zeroizing::new(secret.as_str().replace('\'', "''"));
    let pragma = Zeroizing::new(format!("PRAGMA key = '{}';", quoted.as_str()));
    conn.execute_batch(&pragma)?;
    Ok(())
}

/// Copies every page of `source` into `target` in one step of SQLite's online backup: the
/// database as it was at one moment.
pub(crate) fn copy_whole(source: &rusqlite::Connection, target: &mut rusqlite::Connection) -> Result<()> {
    match rusqlite::backup::Backup::new(source, target)?.step(-1)? {
        rusqlite::backup::StepResult::Done => Ok(()),
        other => Err(crate::Error::Invariant(format!("online backup stopped before its end: {other:?}"))),
    }
}

/// Removes a partial backup and what SQLite may have left beside it.
pub(crate) fn remove_leftovers(partial: &std::path::Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut path = partial.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(path));
    }
}

/// An io failure while writing into `folder`, as the counsellor reads it.
pub(crate) fn write_failed(folder: &std::path::Path, error: &std::io::Error) -> BackupError {
    let folder = folder.display().to_string();
    match error.kind() {
        std::io::ErrorKind::NotFound => BackupError::FolderMissing { folder },
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => BackupError::DiskFull { folder },
        kind => BackupError::Write { folder, kind: format!("{kind:?}"), detail: error.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_holds_the_moment_and_the_code_and_reads_back() {
        let moment = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap().and_hms_opt(23, 15, 7).unwrap();
        let name = file_name(moment, "K7QF");
        assert_eq!(name, "profilence-sauvegarde-2026-12-05-231507-K7QF.db");
        assert_eq!(parse_name(&name), Some((moment, "K7QF".to_owned())));
        assert_eq!(parse_name("profilence-sauvegarde-2026-12-05-231507-K7QF.json"), None);
        assert_eq!(parse_name("notes.db"), None);
    }
}
