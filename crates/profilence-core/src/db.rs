//! The encrypted database: opening (key, cipher check, connection settings), migrations,
//! and the two doors in — `read` and `write` (always a transaction).

use std::{
    cell::RefCell,
    path::{Path, PathBuf},
    sync::{
        Mutex, MutexGuard, OnceLock,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use zeroize::Zeroizing;

use crate::{
    Error, Result,
    keys::{KeyError, KeySource},
    migrations,
    secret::DbKey,
    sql_functions,
    store::{
        Conn,
        postgres::{self, Session, TeamServer},
    },
};

/// How long a statement waits for a lock held by another connection (the CLI and the app
/// writing at once) before failing with `Error::Busy`.
const BUSY_TIMEOUT_MS: u32 = 30_000;
/// Page cache ceiling in KiB (negative for SQLite), filled only as pages are read.
/// SQLCipher decrypts a page each time it is read from disk: a cache that holds the search
/// and sort indexes of a national-size pool keeps searches under 50 ms at 1,000,000
/// candidates (64 MiB gave p95 83 ms there; see BENCHMARKS.md).
pub(crate) const CACHE_KIB: i64 = 256 * 1024;

pub struct Database {
    store: Store,
    /// Above how many promotions due a view leaves the "no answer" pass to a thread of the
    /// app's (`follow_ups::settle`); none by default: the CLI marks them all before it reads.
    long_pass: AtomicU32,
}

/// Where the data is: the desktop's encrypted file, or the agency's server.
#[allow(clippy::large_enum_variant, reason = "one per process")]
enum Store {
    Embedded {
        /// The connection writes go through (`write`, `rehearse`).
        conn: Mutex<Connection>,
        /// Reads' own connection, read-only (`PRAGMA query_only`). In WAL mode it reads the
        /// last committed state while a write holds the other one: a long import does not
        /// keep every other screen waiting until it ends.
        reader: Mutex<Connection>,
        path: PathBuf,
        /// Kept for `snapshot`'s second connection (a backup); wiped when dropped.
        key: DbKey,
    },
    /// Two sessions on the server, as the embedded store has two connections: writes in
    /// transactions on one, reads on the other.
    Team(Team),
}

struct Team {
    writer: Mutex<RefCell<Session>>,
    reader: Mutex<RefCell<Session>>,
    name: String,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("name", &self.name()).finish_non_exhaustive()
    }
}

impl Database {
    /// Opens (or creates) the database at `path` with the key from `keys`. A new database
    /// gets a new random key; an existing one must find its key, or it is not opened.
    pub fn open(path: &Path, keys: &KeySource) -> Result<Self> {
        let exists = path.exists();
        if let Some(parent) = path.parent().filter(|p| !exists && !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let key = keys.obtain(!exists)?;
        Self::open_with_key(path, &key)
    }

    pub fn open_with_key(path: &Path, key: &DbKey) -> Result<Self> {
        let mut conn = open_keyed(path, key)?;
        let version = migrations::apply(&mut conn)?;
        let reader = open_keyed(path, key)?;
        reader.pragma_update(None, "query_only", true)?;
        log::info!("database open, schema version {version}");
        Ok(Self::on(Store::Embedded {
            conn: Mutex::new(conn),
            reader: Mutex::new(reader),
            path: path.to_owned(),
            key: key.clone(),
        }))
    }

    /// The team's database on `server`, signed in with `password`; its schema brought up to
    /// date first, or checked (`store::postgres::open`).
    pub fn connect_team(server: &TeamServer, password: &str) -> Result<Self> {
        let mut writer = server.connect(password)?;
        let version = postgres::open(&mut writer, server)?;
        let reader = server.connect(password)?;
        log::info!("team database {} open, schema version {version}", server.label());
        Ok(Self::on(Store::Team(Team {
            writer: Mutex::new(RefCell::new(writer)),
            reader: Mutex::new(RefCell::new(reader)),
            name: server.label(),
        })))
    }

    fn on(store: Store) -> Self {
        Self { store, long_pass: AtomicU32::new(u32::MAX) }
    }

    /// A connection of its own to the same file, read-only, for a long read that must not
    /// hold the app's connections (a backup): in WAL mode it reads one moment of the
    /// database while the app goes on writing.
    pub(crate) fn snapshot(&self) -> Result<Connection> {
        let Store::Embedded { path, key, .. } = &self.store else {
            return Err(Error::TeamMode("Une copie de la base".into()));
        };
        let conn = open_keyed(path, key)?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    }

    /// The embedded database's file; `None` in team mode.
    pub fn path(&self) -> Option<&Path> {
        match &self.store {
            Store::Embedded { path, .. } => Some(path),
            Store::Team(_) => None,
        }
    }

    /// What names the database, as `Conn::path` does: the file, or the server and database.
    pub fn name(&self) -> String {
        match &self.store {
            Store::Embedded { path, .. } => path.display().to_string(),
            Store::Team(team) => team.name.clone(),
        }
    }

    pub fn is_team(&self) -> bool {
        matches!(self.store, Store::Team(_))
    }

    /// Views stop running a "no answer" pass of more than `due` promotions themselves: the
    /// app runs it on its own thread, a batch at a time (`follow_ups::settle_in_batches`).
    pub fn defer_passes_over(&self, due: u32) {
        self.long_pass.store(due, Ordering::Relaxed);
    }

    /// See `defer_passes_over`.
    pub(crate) fn long_pass(&self) -> u32 {
        self.long_pass.load(Ordering::Relaxed)
    }

    /// Runs `f` on the read-only connection: what is committed, even while a write is
    /// under way on the other connection.
    pub fn read<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T>) -> Result<T> {
        match &self.store {
            Store::Embedded { reader, .. } => f(&Conn::Sqlite(&lock(reader))),
            Store::Team(team) => f(&Conn::Postgres(&lock(&team.reader))),
        }
    }

    /// Runs `f` on the write connection, outside any transaction: a connection setting a
    /// following `write` must find (`PRAGMA foreign_keys`), an export of the whole database
    /// (`ATTACH`, `sqlcipher_export`). Reads go through `read`.
    pub fn on_writer<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        match &self.store {
            Store::Embedded { conn, .. } => f(&lock(conn)),
            Store::Team(_) => Err(Error::TeamMode("Un réglage de la base locale".into())),
        }
    }

    /// Runs `f` in a transaction: committed if it returns `Ok`, rolled back otherwise.
    ///
    /// On the embedded file the transaction takes the write lock at its start (`BEGIN
    /// IMMEDIATE`), waiting up to the busy timeout for another process's: a deferred one
    /// would read first, then fail at its first write if another process had written
    /// meanwhile (`SQLITE_BUSY_SNAPSHOT` in WAL mode, which no busy timeout waits out).
    pub fn write<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f, true)
    }

    /// Runs `f` in a transaction that is always rolled back: what a write would do (an
    /// import's preview), leaving the database as it was.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f, false)
    }

    fn transaction<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T>, keep: bool) -> Result<T> {
        match &self.store {
            Store::Embedded { conn, .. } => {
                let mut conn = lock(conn);
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let value = f(&Conn::Sqlite(&tx));
                if keep && value.is_ok() {
                    tx.commit()?
                } else {
                    tx.rollback()?
                }
                value
            }
            Store::Team(team) => {
                let session = lock(&team.writer);
                session.borrow_mut().begin()?;
                let value = f(&Conn::Postgres(&session));
                let mut session = session.borrow_mut();
                if keep && value.is_ok() {
                    session.commit()?
                } else {
                    session.rollback()?
                }
                value
            }
        }
    }
}

fn lock<T>(conn: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a transaction open (it rolls back on
    // drop), so the connection is still sound.
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A connection to `path`, keyed with `key` and configured (`configure`), without the
/// migrations `Database::open_with_key` then applies.
pub fn open_keyed(path: &Path, key: &DbKey) -> Result<Connection> {
    let conn = open_connection(path)?;
    configure(&conn, key)?;
    Ok(conn)
}

/// A bare connection to `path`: no key, no settings. Every connection of the process is
/// opened here or by `open_in_memory`, once SQLCipher is ready (`sqlcipher_ready`); tests
/// and tools use it to look at a file as it is.
pub fn open_connection(path: &Path) -> Result<Connection> {
    sqlcipher_ready()?;
    Ok(Connection::open(path)?)
}

/// A bare read-only connection to `path` (a backup being checked), opened like
/// `open_connection`'s.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    sqlcipher_ready()?;
    Ok(Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

/// A bare in-memory connection, opened like `open_connection`'s.
pub fn open_in_memory() -> Result<Connection> {
    sqlcipher_ready()?;
    Ok(Connection::open_in_memory()?)
}

/// Completes SQLite's and SQLCipher's start-up once, before the process's first connection.
///
/// `sqlite3_initialize` (run by the first `sqlite3_open`) sets SQLite's `isInit` and leaves
/// its init mutex, and only then runs SQLCipher's `sqlcipher_extra_init` (its mutexes,
/// private heap and crypto provider). A second thread opening a connection in between
/// finds SQLite initialised and goes on; its `PRAGMA key` reaches `sqlcipherCodecAttach`
/// before `sqlcipher_init` is set and fails (« An error occurred with PRAGMA key or
/// rekey »). Here the first caller opens and keys a throw-away in-memory connection (which
/// runs the whole start-up) while the others wait; a key that does not take means a
/// connection opened elsewhere started SQLite and SQLCipher is still setting up: tried
/// again shortly. The outcome is kept for the life of the process.
fn sqlcipher_ready() -> Result<()> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let mut failure = String::new();
            for _ in 0..START_ATTEMPTS {
                match key_in_memory() {
                    Ok(()) => return Ok(()),
                    Err(e) => failure = e.to_string(),
                }
                std::thread::sleep(START_RETRY);
            }
            Err(failure)
        })
        .clone()
        .map_err(|failure| Error::Invariant(format!("SQLCipher did not start: {failure}")))
}

/// Attempts at keying the start-up connection, `START_RETRY` apart.
const START_ATTEMPTS: u32 = 50;
const START_RETRY: Duration = Duration::from_millis(10);

fn key_in_memory() -> rusqlite::Result<()> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    // A raw key (64 hex digits): no key derivation to run.
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "0".repeat(64)))
}

/// Every connection setting, in one place: key first, then proof that the file is really
/// encrypted and that the key opens it, then journal, foreign keys and busy timeout.
fn configure(conn: &Connection, key: &DbKey) -> Result<()> {
    // A wrong key is reported as `KeyError::WrongKey`; SQLCipher need not also print it.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let pragma = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", key.to_hex().as_str()));
    conn.execute_batch(&pragma)?;
    let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |row| row.get(0)).optional()?;
    if cipher.is_none_or(|version| version.is_empty()) {
        return Err(Error::EncryptionUnavailable);
    }
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0)) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, detail)) if e.code == ErrorCode::NotADatabase => {
            return Err(unreadable(conn, detail.unwrap_or_default()));
        }
        Err(e) => return Err(e.into()),
    }
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Pages freed by a deletion (an erasure, a retention run) are overwritten with zeros,
    // not left readable in the file until reused.
    conn.pragma_update(None, "secure_delete", true)?;
    // FULL, not WAL's usual NORMAL: each commit waits for the log to reach the disk, so a
    // promotion the counsellor saw recorded survives the desk being switched off at the
    // wall (NORMAL keeps the file sound but may lose the last commits). Writes are one
    // transaction per action or import: one flush each (CONTRIBUTING.md, « Crash safety »).
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.busy_timeout(Duration::from_millis(BUSY_TIMEOUT_MS.into()))?;
    // The core's statements are prepared once (`prepare_cached`); rusqlite keeps 16 by
    // default, fewer than one import row goes through, so each row re-parsed its SQL.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    sql_functions::register(conn)?;
    Ok(())
}

/// Why page 1 did not decrypt: the wrong key, or a damaged file. SQLCipher's
/// `cipher_integrity_check` checks the HMAC of every page of the file with this key (it
/// reads the file itself, page 1 need not decrypt): with another key no page checks; with
/// the right one every intact page does. A file shorter than one page is damaged.
fn unreadable(conn: &Connection, detail: String) -> Error {
    let verdict = || -> rusqlite::Result<Error> {
        // SQLCipher answers its pragmas in text.
        let page_size: String = conn.query_row("PRAGMA cipher_page_size", [], |r| r.get(0))?;
        let file_size = conn.path().and_then(|path| std::fs::metadata(path).ok()).map_or(0, |m| m.len());
        let pages = file_size / page_size.parse::<u64>().unwrap_or(4096).max(1);
        let mut statement = conn.prepare("PRAGMA cipher_integrity_check")?;
        let failed = statement
            .query_map([], |r| r.get::<_, String>(0))?
            .filter(|row| row.as_ref().map_or(true, |text| text.contains("HMAC")))
            .count();
        Ok(if pages == 0 || (failed as u64) < pages {
            Error::Damaged { detail: format!("{detail} ({failed} of {pages} pages fail their HMAC)") }
        } else {
            KeyError::WrongKey.into()
        })
    };
    verdict().unwrap_or_else(|_| KeyError::WrongKey.into())
}

/// Prepared statements kept per connection: every distinct statement of the core fits.
const STATEMENT_CACHE: usize = 256;

/// Takes the entries of rows `ids` (sorted and deduplicated here) out of full-text index
/// `fts`, before they are written again; returns the ids as the JSON array that statement
/// reads (`json_each(?1)`), or `None` when there are none. One statement for all of them:
/// FTS5 flushes its pending entries at each statement that writes it, so an entry written
/// per statement is a segment of its own, merged again and again.
pub(crate) fn fts_clear(conn: &Conn, fts: &str, ids: &mut Vec<i64>) -> Result<Option<String>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(None);
    }
    let list = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    conn.prepare_cached(&format!("DELETE FROM {fts} WHERE rowid IN (SELECT value FROM json_each(?1))"))?
        .execute([&list])?;
    Ok(Some(list))
}

/// The day record `id` of `table` (candidates or companies) was erased, if it was.
pub(crate) fn erased_on(conn: &Conn, table: &str, id: i64) -> Result<Option<chrono::NaiveDate>> {
    let at: Option<String> = conn
        .prepare_cached(&format!("SELECT erased_at FROM {table} WHERE id = ?1 AND erased_at IS NOT NULL"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(at
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok())
        .map(|at| at.with_timezone(&chrono::Local).date_naive()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_applied() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap();
        db.read(|conn| {
            let conn = conn.sqlite("test")?;
            let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
            let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
            let busy: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0))?;
            let secure: i64 = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
            let synchronous: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
            assert_eq!((mode.as_str(), fk, busy, secure, synchronous), ("wal", 1, i64::from(BUSY_TIMEOUT_MS), 1, 2));
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn the_wrong_key_does_not_open_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Database::open_with_key(&path, &DbKey::generate().unwrap()).unwrap());
        let error = Database::open_with_key(&path, &DbKey::generate().unwrap()).unwrap_err();
        assert!(matches!(error, Error::Key(KeyError::WrongKey)), "{error:?}");
    }

    #[test]
    fn an_existing_database_without_its_key_is_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let keys = KeySource::KeyFile(dir.path().join("k"));
        drop(Database::open(&path, &keys).unwrap());
        std::fs::remove_file(dir.path().join("k")).unwrap();
        let error = Database::open(&path, &keys).unwrap_err();
        assert!(matches!(error, Error::Key(KeyError::Missing { .. })), "{error:?}");
    }

    /// A backup's snapshot reads one moment: the app writes meanwhile, unblocked, and the
    /// snapshot sees its writes only once its read ends.
    #[test]
    fn a_snapshot_reads_one_moment_while_the_app_writes() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap();
        let insert = |key: &str| db.write(|tx| Ok(tx.execute("INSERT INTO app_meta VALUES (?1, 'v')", [key])?));
        let count = |c: &Connection| c.query_row("SELECT count(*) FROM app_meta", [], |r| r.get::<_, i64>(0)).unwrap();
        insert("a").unwrap();
        let mut snapshot = db.snapshot().unwrap();
        let read = snapshot.transaction().unwrap();
        assert_eq!(count(&read), 1);
        insert("b").unwrap();
        assert_eq!(count(&read), 1);
        assert_eq!(db.read(|c| Ok(count(c.sqlite("test")?))).unwrap(), 2);
        read.commit().unwrap();
        assert_eq!(count(&snapshot), 2);
        assert!(snapshot.execute("INSERT INTO app_meta VALUES ('c', 'v')", []).is_err(), "read-only");
    }

    #[test]
    fn a_failed_write_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap();
        let result: Result<()> = db.write(|tx| {
            tx.execute("INSERT INTO app_meta (key, value) VALUES ('a', 'b')", [])?;
            Err(Error::Invariant("stop".into()))
        });
        assert!(result.is_err());
        let count: i64 = db.read(|c| Ok(c.query_row("SELECT count(*) FROM app_meta", [], |r| r.get(0))?)).unwrap();
        assert_eq!(count, 0);
    }
}
