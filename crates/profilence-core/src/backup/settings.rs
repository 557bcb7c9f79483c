//! Paramètres → Sauvegardes: automatic backups on or off, their folder, the last good
//! backup and the last failure (migration 0019); and the one entry point the shell calls —
//! `run_due` at close and once a day, `run_now` for « Sauvegarder maintenant ».

use std::path::Path;

use crate::store::Conn;
use chrono::{DateTime, Local, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{BackupFacts, CodeStore, RecoveryCode, create, rotation};
use crate::{
    Database, Error, Result,
    journal::{self, Action, Subject},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupSettings {
    pub enabled: bool,
    pub folder: String,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_success_file: Option<String>,
    pub last_failure_at: Option<DateTime<Utc>>,
    pub last_failure_reason: Option<String>,
}

/// What the counsellor sets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupSettingsInput {
    pub enabled: bool,
    pub folder: String,
}

/// Why the shell asks for a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occasion {
    /// The window closes: a backup whenever they are on.
    Closing,
    /// The daily tick while the app is open: one a day.
    Daily,
}

fn moment(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc))
}

pub fn get(conn: &Conn) -> Result<BackupSettings> {
    Ok(conn.query_row(
        "SELECT enabled, folder, last_success_at, last_success_file, last_failure_at, last_failure_reason \
         FROM backup_settings WHERE id = 1",
        [],
        |r| {
            Ok(BackupSettings {
                enabled: r.get(0)?,
                folder: r.get(1)?,
                last_success_at: moment(r.get(2)?),
                last_success_file: r.get(3)?,
                last_failure_at: moment(r.get(4)?),
                last_failure_reason: r.get(5)?,
            })
        },
    )?)
}

/// Saves what the counsellor set: automatic backups need a folder. Journaled.
pub fn save(tx: &Conn, input: &BackupSettingsInput) -> Result<BackupSettings> {
    let folder = input.folder.trim();
    if input.enabled && folder.is_empty() {
        return Err(Error::field("folder", "Choisissez le dossier où écrire les sauvegardes automatiques."));
    }
    tx.execute("UPDATE backup_settings SET enabled = ?1, folder = ?2 WHERE id = 1", params![input.enabled, folder])?;
    journal::record(tx, Action::SettingsChanged, Subject::Settings, "Sauvegardes")?;
    get(tx)
}

/// Whether `occasion` calls for a backup now: on, a folder set, and — for the daily tick —
/// no good backup yet on `now`'s local day.
pub fn is_due(settings: &BackupSettings, occasion: Occasion, now: DateTime<Local>) -> bool {
    if !settings.enabled || settings.folder.is_empty() {
        return false;
    }
    match occasion {
        Occasion::Closing => true,
        Occasion::Daily => {
            settings.last_success_at.is_none_or(|at| at.with_timezone(&Local).date_naive() < now.date_naive())
        }
    }
}

/// Backs up into the folder of Paramètres when `occasion` calls for it, with the code kept
/// in `store`; `Ok(None)` when none was due. A failure (no code kept, the folder gone, the
/// disk full…) is recorded, for the window to show, and returned.
pub fn run_due(
    db: &Database,
    store: &CodeStore,
    occasion: Occasion,
    now: DateTime<Local>,
) -> Result<Option<BackupFacts>> {
    let settings = db.read(get)?;
    if !is_due(&settings, occasion, now) {
        return Ok(None);
    }
    match store.require() {
        Ok(code) => run_now(db, &code, Path::new(&settings.folder), now).map(Some),
        Err(error) => Err(failed(db, error.into(), now)),
    }
}

/// « Sauvegarder maintenant » (and `profilence-cli backup create`): a backup into `folder`
/// with `code`, then the rotation; the outcome is recorded (the last good backup, or the
/// last failure and its reason) and the backup journaled as an export of the database.
pub fn run_now(db: &Database, code: &RecoveryCode, folder: &Path, now: DateTime<Local>) -> Result<BackupFacts> {
    let facts = create(db, folder, code, now).map_err(|error| failed(db, error, now))?;
    let detail = format!("Sauvegarde chiffrée ({}, {})", facts.recovery_code.label(), facts.counts.label());
    db.write(|tx| {
        tx.execute(
            "UPDATE backup_settings SET last_success_at = ?1, last_success_file = ?2, last_failure_at = NULL, \
             last_failure_reason = NULL WHERE id = 1",
            params![stored(now), facts.file],
        )?;
        journal::record(tx, Action::Export, Subject::Database, &detail)
    })?;
    // An old copy that cannot be removed does not make this backup fail.
    if let Err(e) = rotation::prune(folder) {
        log::warn!("backup rotation failed: {}", error_code(&e));
    }
    Ok(facts)
}

/// Keeps `code` in `store` for the automatic backups, in place of the one before (the
/// backups made with it still name it), and journals the change (the code's identity,
/// never the code).
pub fn keep_code(db: &Database, store: &CodeStore, code: &RecoveryCode) -> Result<()> {
    store.save(code)?;
    let detail = format!("Code de récupération des sauvegardes : {}", code.identity.label());
    db.write(|tx| journal::record(tx, Action::SettingsChanged, Subject::Settings, &detail))
}

/// A moment as these settings store it: RFC 3339, UTC (the moment the backup was made at,
/// the clock's: `--clock` in the end-to-end tests).
fn stored(now: DateTime<Local>) -> String {
    now.with_timezone(&Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Records `error` as the last failure and gives it back (or the error of recording it).
fn failed(db: &Database, error: Error, now: DateTime<Local>) -> Error {
    log::warn!("backup failed: {}", error_code(&error));
    let recorded = db.write(|tx| {
        tx.execute(
            "UPDATE backup_settings SET last_failure_at = ?1, last_failure_reason = ?2 WHERE id = 1",
            params![stored(now), error.to_string()],
        )?;
        Ok(())
    });
    match recorded {
        Ok(()) => error,
        Err(other) => other,
    }
}

/// What a log may keep of a backup's failure: no path, no name.
fn error_code(error: &Error) -> String {
    match error {
        Error::Backup(e) => e.code().to_owned(),
        Error::Io { source, .. } => format!("io {:?}", source.kind()),
        Error::Database(rusqlite::Error::SqliteFailure(e, _)) => format!("sqlite {:?}", e.code),
        _ => "other".to_owned(),
    }
}
