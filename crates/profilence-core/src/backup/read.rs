//! Reading a backup: opened with the recovery code, checked (its SHA-256 against the facts
//! beside it, `PRAGMA integrity_check`, its counts against those written inside it, its
//! schema against this build), then restored to a new file only. A wrong code, a damaged
//! file or a backup from a newer Profilence is refused before anything is written.

use std::{
    fs,
    path::{Path, PathBuf},
};

use crate::store::Conn;
use chrono::{DateTime, Local};
use rusqlite::{ErrorCode, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::{BackupFacts, CodeStore, Counts, FORMAT, META_KEY, RecoveryCode, Secret, key_with_code, sidecar_of};
use crate::{
    Database, Error, Result,
    error::BackupError,
    journal::{self, Action, Subject},
    keys::KeySource,
    migrations,
};

/// What a backup holds, read and checked.
pub(crate) struct Checked {
    conn: rusqlite::Connection,
    /// As written inside it, with the file's size and SHA-256 (read once, before it was
    /// opened read-only).
    pub facts: BackupFacts,
    pub counts: Counts,
}

/// Bytes and SHA-256 (hex) of a file.
pub(crate) fn size_and_sha256(path: &Path) -> Result<(u64, String)> {
    let mut file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher).map_err(|e| Error::io(path, e))?;
    Ok((size, hex::encode(hasher.finalize())))
}

/// The facts written beside a backup, if they are there and readable.
pub fn sidecar(file: &Path) -> Option<BackupFacts> {
    let text = fs::read_to_string(sidecar_of(file)).ok()?;
    serde_json::from_str(&text).ok()
}

fn shown(file: &Path) -> String {
    file.display().to_string()
}

/// Opens and checks `file` with `secret`: every refusal is said here, before anything
/// else is done with it.
pub(crate) fn check(file: &Path, secret: &Secret) -> Result<Checked> {
    if !file.is_file() {
        return Err(Error::io(file, std::io::Error::from(std::io::ErrorKind::NotFound)));
    }
    let beside = sidecar(file);
    let (size, sha256) = size_and_sha256(file)?;
    if beside.as_ref().and_then(|f| f.sha256.as_ref()).is_some_and(|expected| *expected != sha256) {
        return Err(damaged(file, "son contenu a changé depuis qu'elle a été écrite : empreinte SHA-256 différente"));
    }
    let conn = crate::db::open_read_only(file)?;
    key_with_code(&conn, secret)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            // The name says which code a backup needs when the facts beside it are lost.
            let needs = beside.map(|f| f.recovery_code.needed()).or_else(|| {
                file.file_name()
                    .and_then(|n| super::parse_name(&n.to_string_lossy()))
                    .map(|(_, id)| format!("le code {id}"))
            });
            return Err(BackupError::WrongCode { file: shown(file), needs }.into());
        }
        Err(e) => return Err(damaged(file, &e.to_string())),
    }
    // SQLCipher decrypts a page at each read from disk, and `integrity_check` reads the
    // tables again for each of their indexes: the app's page cache, not SQLite's 8 MiB.
    conn.pragma_update(None, "cache_size", -crate::db::CACHE_KIB)?;
    let json: Option<String> = conn
        .query_row("SELECT value FROM app_meta WHERE key = ?1", [META_KEY], |r| r.get(0))
        .optional()
        .map_err(|_| BackupError::NotABackup { file: shown(file) })?;
    let facts: BackupFacts = json
        .and_then(|json| serde_json::from_str(&json).ok())
        .filter(|f: &BackupFacts| f.format <= FORMAT)
        .ok_or_else(|| BackupError::NotABackup { file: shown(file) })?;
    let found = migrations::schema_version(&conn)?;
    let known = migrations::latest_version();
    if found > known {
        return Err(BackupError::TooNew { file: shown(file), found, known }.into());
    }
    let verdict: Result<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
        .map(|lines| lines.join(" ; "))
        .map_err(Error::from);
    match verdict {
        Ok(verdict) if verdict == "ok" => {}
        Ok(verdict) => return Err(damaged(file, &verdict)),
        Err(e) => return Err(damaged(file, &e.to_string())),
    }
    let counts = Counts::of(&Conn::from(&conn)).map_err(|e| damaged(file, &e.to_string()))?;
    if counts != facts.counts {
        let reason = format!("elle compte {} au lieu de {}", counts.label(), facts.counts.label());
        return Err(damaged(file, &reason));
    }
    Ok(Checked { conn, facts: BackupFacts { size: Some(size), sha256: Some(sha256), ..facts }, counts })
}

fn damaged(file: &Path, reason: &str) -> Error {
    BackupError::Damaged { file: shown(file), reason: reason.to_owned() }.into()
}

/// Opens `file` with `secret` and checks it whole: what it holds (date, versions, the code
/// it needs, counts, size and SHA-256), for the counsellor to see before restoring it.
pub fn verify(file: &Path, secret: &Secret) -> Result<BackupFacts> {
    Ok(check(file, secret)?.facts)
}

/// A backup restored, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BackupRestored")]
pub struct Restored {
    pub facts: BackupFacts,
    pub path: String,
    /// The schema version the restored database was brought to (the backup's, or later).
    pub schema_version: u32,
}

/// Restores `file` into a new database at `target` (an existing file is refused, never
/// overwritten), keyed as a new database of `keys` (a new key, or the one `keys` already
/// holds), brought up to this build's schema by the normal migrations, and journaled.
/// When no recovery code is kept beside `keys` yet, the one that opened the backup is.
pub fn restore(
    file: &Path,
    secret: &Secret,
    target: &Path,
    keys: &KeySource,
    now: DateTime<Local>,
) -> Result<Restored> {
    if target.exists() {
        return Err(BackupError::TargetExists { path: shown(target) }.into());
    }
    let checked = check(file, secret)?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = target.with_file_name(format!(".{name}.restauration"));
    let restored = restore_into(&checked, &partial, keys, now).and_then(|schema_version| {
        if target.exists() {
            return Err(BackupError::TargetExists { path: shown(target) }.into());
        }
        fs::rename(&partial, target).map_err(|e| Error::io(target, e))?;
        Ok(schema_version)
    });
    let schema_version = restored.inspect_err(|_| super::remove_leftovers(&partial))?;
    let store = CodeStore::beside(keys);
    if store.load().ok().flatten().is_none() {
        let kept = RecoveryCode { secret: secret.clone(), identity: checked.facts.recovery_code.clone() };
        if let Err(e) = store.save(&kept) {
            log::warn!("the recovery code could not be kept beside the key: {}", e.code());
        }
    }
    log::info!("backup restored, schema version {schema_version}");
    Ok(Restored { facts: checked.facts, path: shown(target), schema_version })
}

fn restore_into(checked: &Checked, partial: &Path, keys: &KeySource, now: DateTime<Local>) -> Result<u32> {
    super::remove_leftovers(partial);
    let key = keys.obtain(true)?;
    {
        let mut copy = crate::db::open_connection(partial)?;
        copy.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        let pragma = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", key.to_hex().as_str()));
        copy.execute_batch(&pragma)?;
        super::copy_whole(&checked.conn, &mut copy)?;
    }
    let db = Database::open_with_key(partial, &key)?;
    let facts = &checked.facts;
    db.write(|tx| {
        tx.execute("DELETE FROM app_meta WHERE key = ?1", [META_KEY])?;
        // The backup restored is the last good one this database knows of.
        tx.execute(
            "UPDATE backup_settings SET last_success_at = ?1, last_success_file = ?2 WHERE id = 1",
            rusqlite::params![facts.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), facts.file],
        )?;
        let made = facts.created_at.with_timezone(&Local).naive_local();
        let detail = format!(
            "Sauvegarde du {} ({}, schéma {}, {}) restaurée le {}",
            crate::text::french_moment(made),
            facts.recovery_code.label(),
            facts.schema_version,
            facts.counts.label(),
            crate::text::french_moment(now.naive_local())
        );
        journal::record(tx, Action::BackupRestored, Subject::Database, &detail)
    })?;
    let version = db.read(migrations::version_of)?;
    drop(db);
    let mut wal = partial.as_os_str().to_owned();
    wal.push("-wal");
    if PathBuf::from(wal).exists() {
        return Err(Error::Invariant("the restored database kept a WAL file after closing".into()));
    }
    Ok(version)
}
