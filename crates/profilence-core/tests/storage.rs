//! The database at rest: encrypted, keyed from a key store, and nothing readable in the file.

use std::path::Path;

mod common;

use common::{PATISSIER, today};
use profilence_core::{
    Database, Error,
    candidates::{self, CandidateInput},
    keys::{KeyError, KeySource},
    reference_update,
};

const NAME: &str = "Kerhervé";

fn candidate() -> CandidateInput {
    CandidateInput {
        email: "gwendoline.kerherve@courriel.example".into(),
        ..common::candidate(NAME, "Gwendoline", &[PATISSIER])
    }
}

/// Loads the small referentials, then stores the candidate.
fn store_candidate(db: &Database, dir: &Path) {
    let folder = common::write_referentials(&dir.join("ref"), 460);
    db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    db.write(|tx| candidates::create(tx, &candidate(), today(), false)).unwrap();
}

/// Every byte of the database and its WAL.
fn file_bytes(db_path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db_path).unwrap();
    let wal = db_path.with_extension("db-wal");
    if wal.exists() {
        bytes.extend(std::fs::read(wal).unwrap());
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_stored_candidate_cannot_be_read_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profilence.db");
    let keys = KeySource::KeyFile(dir.path().join("key"));
    let db = Database::open(&path, &keys).unwrap();
    store_candidate(&db, dir.path());

    // While open (data in the WAL) and after closing (checkpointed into the file).
    for moment in ["open", "closed"] {
        let bytes = file_bytes(&path);
        assert!(bytes.len() > 4096, "{moment}: the database was written");
        assert!(!bytes.starts_with(b"SQLite format 3\0"), "{moment}: plaintext SQLite header");
        assert!(!contains(&bytes, NAME), "{moment}: the surname is readable in the file");
        assert!(!contains(&bytes, "gwendoline.kerherve"), "{moment}: the e-mail is readable in the file");
        if moment == "open" {
            drop(db.write(|tx| Ok(tx.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?)));
        }
    }
    drop(db);

    // The same key opens it again and finds the candidate.
    let db = Database::open(&path, &keys).unwrap();
    let page = db.read(|c| candidates::list(c, &Default::default(), today())).unwrap();
    assert_eq!(page.items[0].last_name, NAME);
}

/// Control for the test above: the same check does see a name in a plaintext database, so
/// it would fail if encryption were off.
#[test]
fn the_file_check_sees_names_in_a_plaintext_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    let conn = profilence_core::db::open_connection(&path).unwrap();
    conn.execute_batch(&format!("CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('{NAME}');")).unwrap();
    drop(conn);
    let bytes = file_bytes(&path);
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    assert!(contains(&bytes, NAME));
}

#[test]
fn an_encrypted_database_does_not_open_without_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profilence.db");
    drop(Database::open(&path, &KeySource::KeyFile(dir.path().join("key"))).unwrap());
    let other = KeySource::KeyFile(dir.path().join("other-key"));
    // A new key file cannot be created for an existing database...
    assert!(matches!(Database::open(&path, &other), Err(Error::Key(KeyError::Missing { .. }))));
    // ...and another database's key does not decrypt it.
    drop(Database::open(&dir.path().join("second.db"), &KeySource::KeyFile(dir.path().join("other-key"))).unwrap());
    assert!(matches!(Database::open(&path, &other), Err(Error::Key(KeyError::WrongKey))));
}
