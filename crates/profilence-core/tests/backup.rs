//! Backups end to end: demo data backed up with a recovery code, verified, restored to a
//! new file with the same rows; a wrong code, a damaged file, a backup from a newer
//! Profilence and an existing target refused with nothing written; a missing folder said
//! and recorded; automatic backups due once a day; the rotation on a folder.

mod common;

use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

use chrono::{DateTime, Local, TimeZone};
use profilence_core::{
    Database, Error,
    backup::{self, BackupSettingsInput, CodeStore, Occasion, RecoveryCode, Secret, settings},
    demo,
    error::BackupError,
    journal::{self, Action, JournalQuery},
    keys::KeySource,
    migrations,
};
use rusqlite::{Connection, types::Value};

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 12, 5, 18, 30, 0).unwrap()
}

/// The real referentials, demo people, companies and promotions: made once, copied for
/// each test.
fn demo_world() -> (tempfile::TempDir, Database) {
    static TEMPLATE: common::Template = OnceLock::new();
    common::copy_of(&TEMPLATE, |tx| {
        demo::generate(tx, 40, 12, 7, now().date_naive())?;
        demo::promotions(tx, 60, 120, 7, now())?;
        Ok(())
    })
}

fn code() -> RecoveryCode {
    RecoveryCode::generate(now().date_naive()).unwrap()
}

fn entered(code: &RecoveryCode) -> Secret {
    Secret::entered(&code.display()).unwrap()
}

/// Every row of every table but the journal, `app_meta` and `backup_settings` (which a
/// restore writes to: the journal's entry, the backup restored as the last good one),
/// table by table.
fn rows(conn: &Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' \
             AND name NOT IN ('journal', 'app_meta', 'backup_settings') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = statement.column_count();
            let mut values = statement
                .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            // Tables without rowid have no order of their own: sorted as written out.
            values.sort_by_cached_key(|row| format!("{row:?}"));
            (table, values)
        })
        .collect()
}

fn only_backup(folder: &Path) -> PathBuf {
    let entries = backup::folder::list(folder).unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    folder.join(&entries[0].file)
}

#[test]
fn a_backup_restores_to_a_new_database_with_the_same_rows() {
    let (dir, db) = demo_world();
    let folder = dir.path().join("partage");
    std::fs::create_dir(&folder).unwrap();
    let code = code();
    let facts = backup::create(&db, &folder, &code, now()).unwrap();
    let file = only_backup(&folder);
    assert_eq!(file.file_name().unwrap().to_string_lossy(), facts.file);
    assert!(facts.file.starts_with("profilence-sauvegarde-2026-12-05-183000-"), "{}", facts.file);
    // Nothing else was left in the folder: the backup and its facts.
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, [facts.file.clone(), facts.file.replace(".db", ".json")]);
    let source_counts = db.read(backup::Counts::of).unwrap();
    assert_eq!(facts.counts, source_counts);
    assert!(source_counts.candidates == 40 && source_counts.companies == 12 && source_counts.promotions > 0);
    assert_eq!(facts.recovery_code, code.identity);
    assert_eq!(facts.schema_version, migrations::latest_version());

    // Readable by its owner only, as the database.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Encrypted: no SQLite header, no surname of the pool in the bytes.
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    let surname: String =
        db.read(|c| Ok(c.query_row("SELECT last_name FROM candidates LIMIT 1", [], |r| r.get(0))?)).unwrap();
    assert!(!bytes.windows(surname.len()).any(|w| w == surname.as_bytes()), "{surname} in clear");
    // The facts beside it are what verify reads inside it, with its size and hash.
    let beside = backup::read::sidecar(&file).unwrap();
    assert_eq!(beside, facts);
    assert_eq!(beside.size, Some(bytes.len() as u64));
    assert_eq!(backup::verify(&file, &entered(&code)).unwrap(), facts);

    // Restored on « another computer »: a new file and a new key file.
    let target = dir.path().join("nouveau/profilence.db");
    let keys = KeySource::KeyFile(dir.path().join("nouveau/profilence.key"));
    let restored = backup::restore(&file, &entered(&code), &target, &keys, now()).unwrap();
    assert_eq!((restored.facts.counts, restored.schema_version), (source_counts, migrations::latest_version()));
    let copy = Database::open(&target, &keys).unwrap();
    assert_eq!(copy.read(|c| Ok(rows(c.sqlite("test")?))).unwrap(), db.read(|c| Ok(rows(c.sqlite("test")?))).unwrap());
    assert_eq!(copy.read(backup::Counts::of).unwrap(), source_counts);
    // The facts do not stay inside the restored database; the restore is journaled after
    // the source's own entries, the chain whole.
    let meta: i64 = copy
        .read(|c| Ok(c.query_row("SELECT count(*) FROM app_meta WHERE key LIKE 'backup.%'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(meta, 0);
    let source_entries = db.read(|c| journal::all(c, &JournalQuery::default())).unwrap().len();
    let entries = copy.read(|c| journal::all(c, &JournalQuery::default())).unwrap();
    assert_eq!(entries.len(), source_entries + 1);
    let last = entries.last().unwrap();
    assert_eq!(last.action, Action::BackupRestored);
    assert!(last.detail.contains(&code.identity.id) && last.detail.contains("40 candidats"), "{}", last.detail);
    assert!(copy.read(journal::verify).unwrap().broken.is_none());
    // It is the last good backup the restored database knows of.
    let kept = copy.read(settings::get).unwrap();
    assert_eq!((kept.last_success_at, kept.last_success_file), (Some(facts.created_at), Some(facts.file.clone())));
    // The code that opened it is kept for the automatic backups of the new database.
    assert_eq!(CodeStore::beside(&keys).require().unwrap(), code);
    // A restore never overwrites: the same target again is refused.
    let again = backup::restore(&file, &entered(&code), &target, &keys, now()).unwrap_err();
    assert!(matches!(again, Error::Backup(BackupError::TargetExists { .. })), "{again:?}");
}

#[test]
fn a_wrong_code_is_refused_saying_which_code_and_writes_nothing() {
    let (dir, db) = demo_world();
    let code = code();
    backup::create(&db, dir.path(), &code, now()).unwrap();
    let file = only_backup(dir.path());
    let target = dir.path().join("restauree.db");
    let keys = KeySource::KeyFile(dir.path().join("restauree.key"));
    let other = self::code();
    let error = backup::restore(&file, &entered(&other), &target, &keys, now()).unwrap_err();
    let Error::Backup(BackupError::WrongCode { needs: Some(needs), .. }) = &error else { panic!("{error:?}") };
    assert_eq!(needs, &code.identity.needed());
    assert!(error.to_string().contains("Rien n'a été modifié"), "{error}");
    // Without the facts beside it, its name still says which code.
    std::fs::remove_file(backup::sidecar_of(&file)).unwrap();
    let error = backup::verify(&file, &entered(&other)).unwrap_err();
    assert!(error.to_string().contains(&format!("demande le code {}", code.identity.id)), "{error}");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.starts_with("restauree") || n.contains(".restauration")), "{names:?}");
}

#[test]
fn a_damaged_backup_is_refused_with_or_without_its_facts() {
    let (dir, db) = demo_world();
    let code = code();
    backup::create(&db, dir.path(), &code, now()).unwrap();
    let file = only_backup(dir.path());
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 64] {
        *byte ^= 0x5A;
    }
    std::fs::write(&file, &bytes).unwrap();
    let target = dir.path().join("restauree.db");
    let keys = KeySource::KeyFile(dir.path().join("restauree.key"));
    let error = backup::restore(&file, &entered(&code), &target, &keys, now()).unwrap_err();
    assert!(
        matches!(&error, Error::Backup(BackupError::Damaged { reason, .. }) if reason.contains("SHA-256")),
        "{error:?}"
    );
    // The facts lost too: SQLCipher's page check and integrity_check find it.
    std::fs::remove_file(backup::sidecar_of(&file)).unwrap();
    let error = backup::restore(&file, &entered(&code), &target, &keys, now()).unwrap_err();
    assert!(matches!(&error, Error::Backup(BackupError::Damaged { .. })), "{error:?}");
    assert!(!target.exists() && !dir.path().join("restauree.key").exists());
}

#[test]
fn a_backup_from_a_newer_profilence_is_refused() {
    let (dir, db) = demo_world();
    let code = code();
    backup::create(&db, dir.path(), &code, now()).unwrap();
    let file = only_backup(dir.path());
    // What a later release would have written: its schema one step ahead.
    {
        let conn = profilence_core::db::open_connection(&file).unwrap();
        let canonical = code.display().replace('-', "");
        conn.execute_batch(&format!("PRAGMA key = '{canonical}';")).unwrap();
        conn.pragma_update(None, "user_version", migrations::latest_version() + 1).unwrap();
    }
    std::fs::remove_file(backup::sidecar_of(&file)).unwrap();
    let target = dir.path().join("restauree.db");
    let keys = KeySource::KeyFile(dir.path().join("restauree.key"));
    let error = backup::restore(&file, &entered(&code), &target, &keys, now()).unwrap_err();
    let Error::Backup(BackupError::TooNew { found, known, .. }) = &error else { panic!("{error:?}") };
    assert_eq!((*found, *known), (migrations::latest_version() + 1, migrations::latest_version()));
    assert!(error.to_string().contains("mettez l'application à jour"), "{error}");
    assert!(!target.exists());
}

#[test]
fn a_missing_code_or_folder_is_said_and_recorded_as_the_last_failure() {
    let (dir, db) = demo_world();
    let keys = KeySource::KeyFile(dir.path().join("t.key"));
    let store = CodeStore::beside(&keys);
    let gone = dir.path().join("partage-deconnecte");
    let input = BackupSettingsInput { enabled: true, folder: gone.to_string_lossy().into_owned() };
    db.write(|tx| settings::save(tx, &input)).unwrap();
    // No code kept yet: said and recorded, nothing written.
    let error = backup::run_due(&db, &store, Occasion::Daily, now()).unwrap_err();
    assert!(matches!(error, Error::Backup(BackupError::NoCode { .. })), "{error:?}");
    assert_eq!(db.read(settings::get).unwrap().last_failure_reason.as_deref(), Some(error.to_string().as_str()));
    store.save(&code()).unwrap();
    let error = backup::run_due(&db, &store, Occasion::Daily, now()).unwrap_err();
    assert!(matches!(error, Error::Backup(BackupError::FolderMissing { .. })), "{error:?}");
    assert!(error.to_string().contains("partage-deconnecte") && error.to_string().contains("introuvable"), "{error}");
    let recorded = db.read(settings::get).unwrap();
    assert!(recorded.last_failure_at.is_some() && recorded.last_success_at.is_none());
    assert_eq!(recorded.last_failure_reason.as_deref(), Some(error.to_string().as_str()));
    assert!(!gone.exists());
    // The folder back: the next backup succeeds and the failure is cleared.
    std::fs::create_dir(&gone).unwrap();
    backup::run_now(&db, &store.require().unwrap(), &gone, now()).unwrap();
    let recorded = db.read(settings::get).unwrap();
    assert!(recorded.last_failure_at.is_none() && recorded.last_success_at.is_some());
}

/// A backup of an earlier schema (here 18, before the backups' settings) is brought up to
/// this build's by the normal migrations once restored.
#[test]
fn a_backup_of_an_older_schema_is_migrated_once_restored() {
    // A backup as the release of schema 18 wrote it (before the backups' own settings):
    // its database built by the migrations up to 18, keyed with the code, its facts inside.
    let dir = tempfile::tempdir().unwrap();
    let code = code();
    let file = dir.path().join("profilence-sauvegarde-2026-11-30-120000-OLD1.db");
    {
        let mut conn = profilence_core::db::open_connection(&file).unwrap();
        let canonical = code.display().replace('-', "");
        conn.execute_batch(&format!("PRAGMA key = '{canonical}';")).unwrap();
        assert_eq!(migrations::apply_to(&mut conn, 18).unwrap(), 18);
        let facts = backup::BackupFacts {
            format: backup::FORMAT,
            file: "profilence-sauvegarde-2026-11-30-120000-OLD1.db".into(),
            created_at: now().with_timezone(&chrono::Utc),
            app_version: "0.1.0".into(),
            schema_version: 18,
            recovery_code: code.identity.clone(),
            counts: backup::Counts { candidates: 0, companies: 0, promotions: 0 },
            size: None,
            sha256: None,
        };
        conn.execute(
            "INSERT INTO app_meta (key, value) VALUES ('backup.facts', ?1)",
            [serde_json::to_string(&facts).unwrap()],
        )
        .unwrap();
        let has_settings: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'backup_settings'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(has_settings, 0, "schema 18 has no backup settings");
    }
    let target = dir.path().join("restauree.db");
    let keys = KeySource::KeyFile(dir.path().join("restauree.key"));
    let restored = backup::restore(&file, &entered(&code), &target, &keys, now()).unwrap();
    assert_eq!((restored.facts.schema_version, restored.schema_version), (18, migrations::latest_version()));
    let copy = Database::open(&target, &keys).unwrap();
    let settings = copy.read(settings::get).unwrap();
    assert!(!settings.enabled && settings.folder.is_empty());
    assert_eq!(settings.last_success_file.as_deref(), Some("profilence-sauvegarde-2026-11-30-120000-OLD1.db"));
}

#[test]
fn automatic_backups_run_at_close_and_once_a_day_then_rotate() {
    let (dir, db) = demo_world();
    let keys = KeySource::KeyFile(dir.path().join("t.key"));
    let store = CodeStore::beside(&keys);
    store.save(&code()).unwrap();
    let folder = dir.path().join("sauvegardes");
    std::fs::create_dir(&folder).unwrap();
    // Off, or on without a folder (refused): nothing is due.
    assert_eq!(backup::run_due(&db, &store, Occasion::Daily, now()).unwrap(), None);
    let refused = db.write(|tx| settings::save(tx, &BackupSettingsInput { enabled: true, folder: " ".into() }));
    assert!(matches!(refused, Err(Error::Validation(_))), "{refused:?}");
    let input = BackupSettingsInput { enabled: true, folder: folder.to_string_lossy().into_owned() };
    db.write(|tx| settings::save(tx, &input)).unwrap();

    let made = backup::run_due(&db, &store, Occasion::Daily, now()).unwrap().unwrap();
    let recorded = db.read(settings::get).unwrap();
    assert_eq!(recorded.last_success_file.as_deref(), Some(made.file.as_str()));
    assert!(recorded.last_failure_at.is_none());
    // Once a day: not again on the same day; at close, always.
    let later = now() + chrono::Duration::hours(2);
    assert_eq!(backup::run_due(&db, &store, Occasion::Daily, later).unwrap(), None);
    assert!(backup::run_due(&db, &store, Occasion::Closing, later).unwrap().is_some());
    // The two of the day are one daily copy: the newest stays.
    let entries = backup::folder::list(&folder).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].made, later.naive_local());
    let exports = db
        .read(|c| journal::all(c, &JournalQuery { action: Some(Action::Export), ..JournalQuery::default() }))
        .unwrap();
    assert_eq!(exports.len(), 2);
    assert!(exports.iter().all(|e| e.detail.starts_with("Sauvegarde chiffrée")), "{exports:?}");
}

#[test]
fn the_rotation_of_a_folder_keeps_seven_daily_and_four_weekly_and_nothing_else_of_the_apps() {
    let dir = tempfile::tempdir().unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    for day in 0..90 {
        let moment = (first + chrono::Duration::days(day)).and_hms_opt(18, 0, 0).unwrap();
        let name = format!("profilence-sauvegarde-{}-K7QF.db", moment.format("%Y-%m-%d-%H%M%S"));
        std::fs::write(dir.path().join(&name), b"x").unwrap();
        std::fs::write(dir.path().join(name.replace(".db", ".json")), b"{}").unwrap();
    }
    std::fs::write(dir.path().join("notes du conseiller.db"), b"keep").unwrap();
    let removed = backup::rotation::prune(dir.path()).unwrap();
    assert_eq!(removed.len(), 90 - 11);
    let left = backup::folder::list(dir.path()).unwrap();
    assert_eq!(left.len(), 11);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 11 * 2 + 1, "each kept backup with its facts, and the foreign file");
    assert!(dir.path().join("notes du conseiller.db").exists());
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_code_on_paper_is_one_page_with_the_code_as_written_down() {
    let dir = tempfile::tempdir().unwrap();
    let code = code();
    let path = dir.path().join("code.pdf");
    std::fs::write(&path, backup::sheet::write(&code).unwrap()).unwrap();
    let path = path.to_str().unwrap();
    let info = tool("pdfinfo", &[path]);
    assert!(info.contains("Pages:           1"), "{info}");
    let text = tool("pdftotext", &[path, "-"]);
    let shown = code.display();
    // pdftotext joins the two lines of the code, dropping the dash that ends the first.
    let flat = |t: &str| t.replace(['\n', '-'], "");
    assert!(flat(&text).contains(&flat(shown.as_str())), "{} not in {text}", shown.as_str());
    assert!(text.contains(&shown.as_str()[..19]), "the first line as written: {text}");
    assert!(text.contains(&format!("Identifiant : {}", code.identity.id)), "{text}");
    assert!(text.contains("Restaurer une sauvegarde"), "{text}");
    let phrase = RecoveryCode::passphrase("Quatre mots au hasard pour Quimper", now().date_naive()).unwrap();
    let pdf = backup::sheet::write(&phrase).unwrap();
    std::fs::write(dir.path().join("phrase.pdf"), pdf).unwrap();
    let text = tool("pdftotext", &[dir.path().join("phrase.pdf").to_str().unwrap(), "-"]);
    assert!(text.contains("Quatre mots au hasard pour Quimper") && text.contains(&phrase.identity.id), "{text}");
}

/// The app's restore: the backup staged beside the open database, then put in its place
/// once it is closed; the database of the moment kept aside, whole, under its own name.
#[test]
fn a_backup_restored_in_place_keeps_the_current_database_aside() {
    let (dir, demo) = demo_world();
    let keys = KeySource::KeyFile(dir.path().join("poste/profilence.key"));
    let db_path = dir.path().join("poste/profilence.db");
    std::fs::create_dir(dir.path().join("poste")).unwrap();
    // The desk's own key.
    let key = keys.obtain(true).unwrap();
    let folder = dir.path().join("partage");
    std::fs::create_dir(&folder).unwrap();
    let code = code();
    backup::create(&demo, &folder, &code, now()).unwrap();
    let before = demo.read(|c| Ok(rows(c.sqlite("test")?))).unwrap();
    let file = only_backup(&folder);

    // The desk's current database: empty, opened.
    let current = Database::open_with_key(&db_path, &key).unwrap();
    let staged = backup::swap::stage(&file, &entered(&code), &db_path, &keys, now()).unwrap();
    assert_eq!(staged.facts.counts.candidates, 40);
    assert_eq!(current.read(backup::Counts::of).unwrap().candidates, 0, "the open database is not touched");
    drop(current);
    let aside = backup::swap::put_in_place(&db_path, now()).unwrap().unwrap();
    assert!(aside.file_name().unwrap().to_string_lossy().starts_with(backup::swap::ASIDE_PREFIX));

    let restored = Database::open(&db_path, &keys).unwrap();
    assert_eq!(restored.read(|c| Ok(rows(c.sqlite("test")?))).unwrap().len(), before.len());
    assert_eq!(restored.read(backup::Counts::of).unwrap(), demo.read(backup::Counts::of).unwrap());
    let kept = Database::open(&aside, &keys).unwrap();
    assert_eq!(kept.read(backup::Counts::of).unwrap().candidates, 0, "the former database, whole");
    // A wrong code stages nothing and leaves the database in place.
    let error = backup::swap::stage(&file, &entered(&self::code()), &db_path, &keys, now()).unwrap_err();
    assert!(matches!(error, Error::Backup(BackupError::WrongCode { .. })), "{error:?}");
    assert!(!backup::swap::staging_path(&db_path).exists());
}
