//! A backup restored in the app: written first to a new file beside the database (`staging`,
//! while the current database stays open), then, once the app has closed the current
//! database, put in its place (`put_in_place`). The current file is renamed aside, never
//! overwritten nor deleted: `profilence-avant-restauration-2026-12-06-101500.db`, beside it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};

use super::{Restored, Secret, restore};
use crate::{Error, Result, keys::KeySource};

/// The name the current database is kept under, before its moment.
pub const ASIDE_PREFIX: &str = "profilence-avant-restauration-";
const STAGING_NAME: &str = ".profilence-restauree.db";
/// What SQLite may keep beside a database file.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Where a backup restored for `db_path` waits for its turn.
pub fn staging_path(db_path: &Path) -> PathBuf {
    db_path.with_file_name(STAGING_NAME)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Restores `file` to the staging file of `db_path` (what a crash left there before is
/// removed first), keyed with `keys`' key: nothing of the current database is touched.
pub fn stage(file: &Path, secret: &Secret, db_path: &Path, keys: &KeySource, now: DateTime<Local>) -> Result<Restored> {
    let staging = staging_path(db_path);
    super::remove_leftovers(&staging);
    restore(file, secret, &staging, keys, now)
}

/// A name beside `db_path` that no file has: `profilence-avant-restauration-<moment>.db`,
/// then `…-2.db` and so on.
fn aside_path(db_path: &Path, now: DateTime<Local>) -> PathBuf {
    let stem = format!("{ASIDE_PREFIX}{}", now.format("%Y-%m-%d-%H%M%S"));
    (1..)
        .map(|n| if n == 1 { format!("{stem}.db") } else { format!("{stem}-{n}.db") })
        .map(|name| db_path.with_file_name(name))
        .find(|p| !p.exists() && COMPANIONS.iter().all(|s| !with_suffix(p, s).exists()))
        .unwrap_or_else(|| db_path.with_file_name(format!("{stem}.db")))
}

/// Puts the staged database in the place of `db_path`, which must be closed: the current
/// file and its companions are renamed aside first (their new path is returned; `None` when
/// there was no database), then the staged one takes the name. If that fails, the current
/// database is put back as it was.
pub fn put_in_place(db_path: &Path, now: DateTime<Local>) -> Result<Option<PathBuf>> {
    let staging = staging_path(db_path);
    if !staging.is_file() {
        return Err(Error::Invariant("no restored database waits to be put in place".into()));
    }
    let aside = db_path.exists().then(|| aside_path(db_path, now));
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        if let Some(aside) = &aside {
            for suffix in std::iter::once("").chain(COMPANIONS) {
                let (from, to) = (with_suffix(db_path, suffix), with_suffix(aside, suffix));
                if from.exists() {
                    std::fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
                    moved.push((from, to));
                }
            }
        }
        std::fs::rename(&staging, db_path).map_err(|e| Error::io(db_path, e))
    })();
    if let Err(error) = result {
        for (from, to) in moved.iter().rev() {
            if let Err(e) = std::fs::rename(to, from) {
                log::error!("the database set aside could not be put back ({:?})", e.kind());
            }
        }
        return Err(error);
    }
    log::info!("restored database put in place; the former one kept aside");
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Local> {
        Local.with_ymd_and_hms(2026, 12, 6, 10, 15, 0).unwrap()
    }

    #[test]
    fn the_current_file_goes_aside_and_the_staged_one_takes_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("profilence.db");
        std::fs::write(&db, "current").unwrap();
        std::fs::write(with_suffix(&db, "-wal"), "wal").unwrap();
        std::fs::write(staging_path(&db), "restored").unwrap();
        // A name already used is not overwritten.
        std::fs::write(dir.path().join("profilence-avant-restauration-2026-12-06-101500.db"), "older").unwrap();

        let aside = put_in_place(&db, now()).unwrap().unwrap();
        assert_eq!(aside, dir.path().join("profilence-avant-restauration-2026-12-06-101500-2.db"));
        assert_eq!(std::fs::read_to_string(&db).unwrap(), "restored");
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "current");
        assert_eq!(std::fs::read_to_string(with_suffix(&aside, "-wal")).unwrap(), "wal");
        assert!(!with_suffix(&db, "-wal").exists());
        assert!(!staging_path(&db).exists());
        let older = dir.path().join("profilence-avant-restauration-2026-12-06-101500.db");
        assert_eq!(std::fs::read_to_string(older).unwrap(), "older");
    }

    #[test]
    fn without_a_staged_database_nothing_moves() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("profilence.db");
        std::fs::write(&db, "current").unwrap();
        assert!(put_in_place(&db, now()).is_err());
        assert_eq!(std::fs::read_to_string(&db).unwrap(), "current");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
