//! Writing a backup: SQLite's online backup of the open database into a file of the target
//! folder keyed with the recovery code, its facts written inside, then opened again and
//! verified before it takes its name; its facts beside it. A failure leaves nothing.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use chrono::{DateTime, Local, SubsecRound, Utc};
use rusqlite::ErrorCode;

use super::{
    BackupFacts, Counts, FORMAT, META_KEY, RecoveryCode, file_name, key_with_code, read, remove_leftovers, sidecar_of,
};
use crate::{Database, Error, Result, error::BackupError, migrations};

/// Writes a backup of `db` into `folder` with `code`, verifies it and writes its facts
/// beside it. Returns the facts.
pub fn create(db: &Database, folder: &Path, code: &RecoveryCode, now: DateTime<Local>) -> Result<BackupFacts> {
    if !folder.is_dir() {
        return Err(BackupError::FolderMissing { folder: folder.display().to_string() }.into());
    }
    let name = file_name(now.naive_local(), &code.identity.id);
    let target = folder.join(&name);
    if target.exists() {
        let error = std::io::Error::new(std::io::ErrorKind::AlreadyExists, format!("{name} existe déjà"));
        return Err(super::write_failed(folder, &error).into());
    }
    let partial = folder.join(format!(".{name}.partial"));
    let written = write_and_verify(db, &partial, code, now, &name).and_then(|facts| {
        readable_by_owner_only(&partial);
        fs::rename(&partial, &target).map_err(|e| Error::io(&target, e))?;
        write_sidecar(&sidecar_of(&target), &facts)?;
        Ok(facts)
    });
    written.map_err(|error| {
        remove_leftovers(&partial);
        failure(folder, error)
    })
}

fn write_and_verify(
    db: &Database,
    partial: &Path,
    code: &RecoveryCode,
    now: DateTime<Local>,
    name: &str,
) -> Result<BackupFacts> {
    remove_leftovers(partial);
    let mut copy = crate::db::open_connection(partial)?;
    key_with_code(&copy, &code.secret)?;
    // A second connection reads one moment of the database (its counts and every page, in
    // one read transaction) while the app's own goes on: a backup never stops the window.
    let mut source = db.snapshot()?;
    let (counts, schema_version) = {
        let snapshot = source.transaction()?;
        let counts = Counts::of(&crate::store::Conn::from(&*snapshot))?;
        let schema = migrations::schema_version(&snapshot)?;
        super::copy_whole(&snapshot, &mut copy)?;
        snapshot.commit()?;
        (counts, schema)
    };
    drop(source);
    // The copy took the database's WAL mode with its pages: a backup is one file.
    copy.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))?;
    let facts = BackupFacts {
        format: FORMAT,
        file: name.to_owned(),
        created_at: now.with_timezone(&Utc).trunc_subsecs(0),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        recovery_code: code.identity.clone(),
        counts,
        size: None,
        sha256: None,
    };
    let json = serde_json::to_string(&facts).map_err(|e| Error::Invariant(e.to_string()))?;
    copy.execute(
        "INSERT INTO app_meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [META_KEY, json.as_str()],
    )?;
    copy.close().map_err(|(_, e)| Error::from(e))?;
    let checked = read::check(partial, &code.secret)?;
    if checked.counts != counts {
        return Err(BackupError::Damaged {
            file: name.to_owned(),
            reason: format!("relue, elle compte {} au lieu de {}", checked.counts.label(), counts.label()),
        }
        .into());
    }
    Ok(BackupFacts { size: checked.facts.size, sha256: checked.facts.sha256, ..facts })
}

/// The backup readable by its owner only (0600), as the database is: encrypted, but nobody
/// else's to copy. Best effort — a network share may keep its own rights, and a backup is
/// not refused for that.
fn readable_by_owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(e) = fs::set_permissions(path, fs::Permissions::from_mode(0o600)) {
            log::warn!("backup rights not narrowed ({:?})", e.kind());
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The facts as a small readable JSON file, written whole or not at all.
fn write_sidecar(path: &Path, facts: &BackupFacts) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let json = serde_json::to_string_pretty(facts).map_err(|e| Error::Invariant(e.to_string()))?;
    let written = fs::File::create(&partial)
        .and_then(|mut file| file.write_all(json.as_bytes()).and_then(|()| file.sync_all()))
        .and_then(|()| fs::rename(&partial, path));
    written.map_err(|e| {
        let _ = fs::remove_file(&partial);
        Error::io(path, e)
    })
}

/// A failure while writing into `folder`, said as the counsellor reads it: the folder gone,
/// the disk full, or the system's kind of error.
fn failure(folder: &Path, error: Error) -> Error {
    if !folder.is_dir() {
        return BackupError::FolderMissing { folder: folder.display().to_string() }.into();
    }
    match &error {
        Error::Io { source, .. } => super::write_failed(folder, source).into(),
        Error::Database(rusqlite::Error::SqliteFailure(e, message)) => {
            let folder = folder.display().to_string();
            match e.code {
                ErrorCode::DiskFull => BackupError::DiskFull { folder }.into(),
                ErrorCode::CannotOpen
                | ErrorCode::SystemIoFailure
                | ErrorCode::ReadOnly
                | ErrorCode::PermissionDenied
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked => BackupError::Write {
                    folder,
                    kind: format!("{:?}", e.code),
                    detail: message.clone().unwrap_or_else(|| e.to_string()),
                }
                .into(),
                _ => error,
            }
        }
        _ => error,
    }
}
