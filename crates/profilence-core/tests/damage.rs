//! A database that tells the truth: a damaged file is reported as damaged (restore a backup),
//! never as a wrong key; the wrong key as the wrong key.

use std::{
    fs::OpenOptions,
    io::{Seek, SeekFrom, Write},
    path::{Path, PathBuf},
};

use profilence_core::{Database, Error, keys::KeyError, secret::DbKey};

/// SQLCipher's default page size.
const PAGE: u64 = 4096;

/// A closed database (its WAL checkpointed into the file) holding about 150 pages of rows.
fn filled_database(dir: &Path) -> (PathBuf, DbKey) {
    let path = dir.join("t.db");
    let key = DbKey::generate().unwrap();
    let db = Database::open_with_key(&path, &key).unwrap();
    db.write(|tx| {
        for i in 0..2_000 {
            tx.execute("INSERT INTO app_meta (key, value) VALUES (?1, ?2)", (format!("k{i:05}"), "x".repeat(300)))?;
        }
        Ok(())
    })
    .unwrap();
    drop(db);
    assert!(!path.with_extension("db-wal").exists(), "closing checkpoints the WAL");
    (path, key)
}

fn overwrite(path: &Path, offset: u64, length: usize) {
    let mut file = OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(offset)).unwrap();
    file.write_all(&vec![0x5a; length]).unwrap();
    file.sync_all().unwrap();
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().len()
}

/// Every row read: each page of the table goes through SQLCipher.
fn read_everything(db: &Database) -> profilence_core::Result<i64> {
    db.read(|c| Ok(c.query_row("SELECT sum(length(value)) FROM app_meta", [], |r| r.get(0))?))
}

fn assert_damaged<T: std::fmt::Debug>(result: profilence_core::Result<T>) {
    match result {
        Err(error @ Error::Damaged { .. }) => {
            assert!(error.to_string().contains("Restaurez une sauvegarde"), "{error}");
        }
        other => panic!("expected a damaged database, got {other:?}"),
    }
}

#[test]
fn the_wrong_key_is_reported_as_the_wrong_key() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _key) = filled_database(dir.path());
    let error = Database::open_with_key(&path, &DbKey::generate().unwrap()).unwrap_err();
    assert!(matches!(error, Error::Key(KeyError::WrongKey)), "{error:?}");
    assert!(error.to_string().contains("ce n'est pas la clé de ce fichier"), "{error}");
}

#[test]
fn a_damaged_first_page_is_reported_as_damage_not_as_a_wrong_key() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = filled_database(dir.path());
    overwrite(&path, 1_000, 200);
    assert_damaged(Database::open_with_key(&path, &key));
    // The other key still reads as the wrong key on the same damaged file.
    let error = Database::open_with_key(&path, &DbKey::generate().unwrap()).unwrap_err();
    assert!(matches!(error, Error::Key(KeyError::WrongKey)), "{error:?}");
}

#[test]
fn bytes_overwritten_in_the_middle_are_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = filled_database(dir.path());
    // The rows fill the file's last 150 pages or so, after the schema's (which grows with
    // each migration): three of them, mostly the table's pages, a few the key's index.
    let end = size(&path) / PAGE * PAGE;
    for back in [30, 60, 90] {
        overwrite(&path, end - back * PAGE + 500, 100);
    }
    let result = Database::open_with_key(&path, &key).and_then(|db| read_everything(&db));
    assert_damaged(result);
}

#[test]
fn a_truncated_file_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = filled_database(dir.path());
    let full = size(&path);
    OpenOptions::new().write(true).open(&path).unwrap().set_len(full / 2 + 100).unwrap();
    let result = Database::open_with_key(&path, &key).and_then(|db| read_everything(&db));
    assert_damaged(result);
}

#[test]
fn a_file_cut_within_its_first_page_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = filled_database(dir.path());
    OpenOptions::new().write(true).open(&path).unwrap().set_len(1_000).unwrap();
    assert_damaged(Database::open_with_key(&path, &key));
}

/// Control: the same reads succeed on the intact file.
#[test]
fn an_intact_file_reads_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = filled_database(dir.path());
    let db = Database::open_with_key(&path, &key).unwrap();
    assert_eq!(read_everything(&db).unwrap(), 2_000 * 300);
}
