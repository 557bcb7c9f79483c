//! Two programs writing the same database at once (the app and the CLI): each write waits
//! its turn for the write lock (`BEGIN IMMEDIATE` and the busy timeout) instead of failing.
//! And a long write (an import) does not keep the reads of other screens waiting.

use std::{
    path::Path,
    sync::{Arc, Barrier, mpsc},
    time::Duration,
};

use profilence_core::{Database, secret::DbKey};

const WRITES: u32 = 150;

/// Reads the counter, then writes it plus one: the read-then-write that, in a deferred
/// transaction, fails with SQLITE_BUSY when the other connection committed in between.
fn increment(db: &Database) -> profilence_core::Result<()> {
    db.write(|tx| {
        let value: i64 =
            tx.query_row("SELECT CAST(value AS INTEGER) FROM app_meta WHERE key = 'counter'", [], |r| r.get(0))?;
        tx.execute("UPDATE app_meta SET value = ?1 WHERE key = 'counter'", [(value + 1).to_string()])?;
        Ok(())
    })
}

fn counter(path: &Path, key: &DbKey) -> i64 {
    let db = Database::open_with_key(path, key).unwrap();
    db.read(|c| Ok(c.query_row("SELECT CAST(value AS INTEGER) FROM app_meta WHERE key = 'counter'", [], |r| r.get(0))?))
        .unwrap()
}

#[test]
fn two_connections_writing_at_once_both_succeed_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let key = DbKey::generate().unwrap();
    Database::open_with_key(&path, &key)
        .unwrap()
        .write(|tx| Ok(tx.execute("INSERT INTO app_meta (key, value) VALUES ('counter', '0')", [])?))
        .unwrap();

    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = (0..2)
        .map(|_| {
            // Each writer is its own connection, as another process would be.
            let db = Database::open_with_key(&path, &key).unwrap();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                (0..WRITES).filter_map(|_| increment(&db).err().map(|e| e.to_string())).collect::<Vec<_>>()
            })
        })
        .collect();
    let failures: Vec<String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert!(failures.is_empty(), "{} of {} writes failed: {:?}", failures.len(), 2 * WRITES, failures.first());
    assert_eq!(counter(&path, &key), i64::from(2 * WRITES));
}

fn count(db: &Database) -> i64 {
    db.read(|c| Ok(c.query_row("SELECT count(*) FROM app_meta", [], |r| r.get(0))?)).unwrap()
}

#[test]
fn a_read_does_not_wait_for_a_long_write_and_sees_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap());
    db.write(|tx| Ok(tx.execute("INSERT INTO app_meta (key, value) VALUES ('before', '1')", [])?)).unwrap();

    // A write that stays open until told to finish, as a long import does.
    let (started, writing) = mpsc::channel();
    let (finish, told) = mpsc::channel::<()>();
    let writer = {
        let db = Arc::clone(&db);
        std::thread::spawn(move || {
            db.write(|tx| {
                tx.execute("INSERT INTO app_meta (key, value) VALUES ('during', '1')", [])?;
                started.send(()).unwrap();
                told.recv().unwrap();
                Ok(())
            })
        })
    };
    writing.recv().unwrap();

    let (answer, answered) = mpsc::channel();
    let reader = {
        let db = Arc::clone(&db);
        std::thread::spawn(move || answer.send(count(&db)).unwrap())
    };
    let seen = answered.recv_timeout(Duration::from_secs(10));
    finish.send(()).unwrap();
    writer.join().unwrap().unwrap();
    reader.join().unwrap();
    assert_eq!(seen, Ok(1), "the read waited for the write, or saw it before its commit");
    assert_eq!(count(&db), 2);
}
