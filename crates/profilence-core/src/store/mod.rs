//! One door to the data for the whole core, whichever store holds it: the embedded
//! SQLCipher database of one desktop (the default) or an agency's PostgreSQL server (team
//! mode).
//!
//! The core's SQL is written once, for both. `Conn` offers the calls the core makes on a
//! rusqlite connection (`execute`, `query_row`, `prepare_cached`, `query_map`…) and runs
//! them on the embedded database as rusqlite does, or on the server (`postgres`) with the
//! same SQL text:
//! - placeholders (`?1`, `?`, `:name`) become PostgreSQL's `$n`;
//! - values cross in SQLite's model on both sides: a parameter is what rusqlite would bind
//!   (`ToSql`), converted to the type the server expects where it goes; a column read from
//!   the server comes back as the integer, real, text or blob SQLite would have given, and
//!   is read with rusqlite's own `FromSql`. Dates stay ISO text on both stores;
//! - the SQLite functions the core calls (`fold`, `date`, `json_each`, `group_concat`…)
//!   exist on the server under the same names (`migrations/postgres`).
//!
//! What only one store can do is asked of it by name: `Conn::sqlite` for what the embedded
//! file alone has (its backups, its pragmas), refused in team mode with a clear message.

mod args;
pub mod postgres;
mod row;

use std::cell::RefCell;

pub use args::Args;
pub use row::{ColumnIndex, Row};

use crate::{Error, Result};

/// A connection (in a transaction for writes) to either store.
pub enum Conn<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(&'a RefCell<postgres::Session>),
}

impl<'a> From<&'a rusqlite::Connection> for Conn<'a> {
    fn from(conn: &'a rusqlite::Connection) -> Self {
        Self::Sqlite(conn)
    }
}

impl<'a> Conn<'a> {
    /// The embedded database itself, for what only it has; in team mode, `Error::TeamMode`
    /// naming what is not available there (`what`, in French).
    pub fn sqlite(&self, what: &str) -> Result<&'a rusqlite::Connection> {
        match self {
            Self::Sqlite(conn) => Ok(conn),
            Self::Postgres(_) => Err(Error::TeamMode(what.to_owned())),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }

    pub fn execute(&self, sql: &str, args: impl Args) -> rusqlite::Result<usize> {
        self.prepare(sql)?.execute(args)
    }

    /// `sql`, a one-row `INSERT … VALUES (?1, …, ?n) …`, run for each of `rows`: once a row
    /// on the embedded store (SQLite's way), a thousand rows a statement on the server (one
    /// round trip each, not one a row). Positional parameters only.
    pub fn insert_all<A: Args>(&self, sql: &str, rows: impl IntoIterator<Item = A>) -> rusqlite::Result<()> {
        match self {
            Self::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                for row in rows {
                    statement.execute(row)?;
                }
                Ok(())
            }
            Self::Postgres(session) => {
                let rows = rows.into_iter().map(|row| row.values()).collect::<rusqlite::Result<_>>()?;
                session.borrow_mut().insert_all(sql, rows)
            }
        }
    }

    /// Statements separated by `;`, without parameters (a migration, a set of pragmas).
    pub fn execute_batch(&self, sql: &str) -> rusqlite::Result<()> {
        match self {
            Self::Sqlite(conn) => conn.execute_batch(sql),
            Self::Postgres(session) => session.borrow_mut().batch(sql),
        }
    }

    pub fn query_row<T>(
        &self,
        sql: &str,
        args: impl Args,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare(sql)?.query_row(args, f)
    }

    /// A statement prepared once per connection and kept (rusqlite's statement cache; the
    /// server's prepared statements, kept per session).
    pub fn prepare_cached(&self, sql: &str) -> rusqlite::Result<Statement<'a>> {
        Ok(match self {
            Self::Sqlite(conn) => Statement(Prepared::Sqlite(SqliteStatement::Cached(conn.prepare_cached(sql)?))),
            Self::Postgres(session) => Statement(Prepared::Postgres { session, sql: sql.to_owned() }),
        })
    }

    /// A statement prepared for this use only: SQL built for one call (a list's filters).
    pub fn prepare(&self, sql: &str) -> rusqlite::Result<Statement<'a>> {
        Ok(match self {
            Self::Sqlite(conn) => Statement(Prepared::Sqlite(SqliteStatement::Once(conn.prepare(sql)?))),
            Self::Postgres(session) => Statement(Prepared::Postgres { session, sql: sql.to_owned() }),
        })
    }

    /// Makes this transaction's writes of `what` wait for another's until it ends: a chain
    /// each entry of which follows the last one (the journal). The embedded store has one
    /// writer at a time already; on the server, a lock of the transaction's (advisory).
    pub fn take_turns(&self, what: &str) -> rusqlite::Result<()> {
        match self {
            Self::Sqlite(_) => Ok(()),
            Self::Postgres(_) => {
                self.query_row("SELECT pg_advisory_xact_lock(hashtext(?1))", [format!("profilence:{what}")], |_| Ok(()))
            }
        }
    }

    /// The database's tables, by name: what a check of "every row of every table" reads.
    pub fn tables(&self) -> rusqlite::Result<Vec<String>> {
        let sql = match self {
            Self::Sqlite(_) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Self::Postgres(_) => {
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() \
                 AND table_type = 'BASE TABLE' AND table_name <> 'profilence_schema' ORDER BY table_name"
            }
        };
        self.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
    }

    /// The columns of `table`, in order.
    pub fn columns(&self, table: &str) -> rusqlite::Result<Vec<String>> {
        let sql = match self {
            Self::Sqlite(_) => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
            Self::Postgres(_) => {
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = ?1 ORDER BY ordinal_position"
            }
        };
        self.prepare(sql)?.query_map([table], |r| r.get(0))?.collect()
    }

    /// The server's account this session signed in with; `None` on the embedded store.
    pub fn account(&self) -> rusqlite::Result<Option<String>> {
        match self {
            Self::Sqlite(_) => Ok(None),
            Self::Postgres(_) => self.query_row("SELECT session_user::text", [], |r| r.get(0)).map(Some),
        }
    }

    /// What names the database: the embedded file's path (`None` in memory), the server's
    /// address and database in team mode.
    pub fn path(&self) -> Option<String> {
        match self {
            Self::Sqlite(conn) => conn.path().filter(|p| !p.is_empty()).map(str::to_owned),
            Self::Postgres(session) => Some(session.borrow().label().to_owned()),
        }
    }

    /// Whether no transaction is open: what is read is what every connection reads.
    pub fn is_autocommit(&self) -> bool {
        match self {
            Self::Sqlite(conn) => conn.is_autocommit(),
            Self::Postgres(session) => !session.borrow().in_transaction(),
        }
    }

    /// The id of the row the last `INSERT` of this connection created.
    pub fn last_insert_rowid(&self) -> rusqlite::Result<i64> {
        match self {
            Self::Sqlite(conn) => Ok(conn.last_insert_rowid()),
            Self::Postgres(session) => session.borrow_mut().last_insert_id(),
        }
    }
}

enum SqliteStatement<'a> {
    Cached(rusqlite::CachedStatement<'a>),
    Once(rusqlite::Statement<'a>),
}

impl<'a> std::ops::Deref for SqliteStatement<'a> {
    type Target = rusqlite::Statement<'a>;
    fn deref(&self) -> &Self::Target {
        match self {
            Self::Cached(statement) => statement,
            Self::Once(statement) => statement,
        }
    }
}

impl std::ops::DerefMut for SqliteStatement<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            Self::Cached(statement) => statement,
            Self::Once(statement) => statement,
        }
    }
}

/// A prepared statement of either store, run as many times as needed.
pub struct Statement<'a>(Prepared<'a>);

enum Prepared<'a> {
    /// rusqlite's statement, kept in the connection's cache or not.
    Sqlite(SqliteStatement<'a>),
    /// The SQL, prepared once per session on the server (`postgres::Session::prepared`).
    Postgres { session: &'a RefCell<postgres::Session>, sql: String },
}

impl<'a> Statement<'a> {
    pub fn execute(&mut self, args: impl Args) -> rusqlite::Result<usize> {
        match &mut self.0 {
            Prepared::Sqlite(statement) => statement.execute(args),
            Prepared::Postgres { session, sql } => session.borrow_mut().execute(sql, &args.values()?),
        }
    }

    /// How many columns each row has.
    pub fn column_count(&self) -> rusqlite::Result<usize> {
        match &self.0 {
            Prepared::Sqlite(statement) => Ok(statement.column_count()),
            Prepared::Postgres { session, sql } => Ok(session.borrow_mut().prepared(sql, &[])?.columns.len()),
        }
    }

    /// `execute` of an `INSERT`, returning the new row's id.
    pub fn insert(&mut self, args: impl Args) -> rusqlite::Result<i64> {
        match &mut self.0 {
            Prepared::Sqlite(statement) => statement.insert(args),
            Prepared::Postgres { session, sql } => {
                let mut session = session.borrow_mut();
                session.execute(sql, &args.values()?)?;
                session.last_insert_id()
            }
        }
    }

    pub fn query_row<T>(
        &mut self,
        args: impl Args,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        match &mut self.0 {
            Prepared::Sqlite(statement) => statement.query_row(args, |row| f(&Row::Sqlite(row))),
            Prepared::Postgres { session, sql } => {
                let rows = session.borrow_mut().query(sql, &args.values()?)?;
                let first = rows.first().ok_or(rusqlite::Error::QueryReturnedNoRows)?;
                f(&Row::Postgres(first))
            }
        }
    }

    pub fn exists(&mut self, args: impl Args) -> rusqlite::Result<bool> {
        match &mut self.0 {
            Prepared::Sqlite(statement) => statement.exists(args),
            Prepared::Postgres { session, sql } => Ok(!session.borrow_mut().query(sql, &args.values()?)?.is_empty()),
        }
    }

    /// Every row, each read by `f`. On the server the rows are fetched whole first.
    pub fn query_map<T, F>(&mut self, args: impl Args, f: F) -> rusqlite::Result<MappedRows<'_, F>>
    where
        F: FnMut(&Row<'_>) -> rusqlite::Result<T>,
    {
        Ok(MappedRows { rows: self.query(args)?, f })
    }

    /// Every row, stepped through with `Rows::next`.
    pub fn query(&mut self, args: impl Args) -> rusqlite::Result<Rows<'_>> {
        Ok(match &mut self.0 {
            Prepared::Sqlite(statement) => Rows::Sqlite(statement.query(args)?),
            Prepared::Postgres { session, sql } => {
                Rows::Postgres(session.borrow_mut().query(sql, &args.values()?)?.into_iter(), None)
            }
        })
    }
}

/// The rows of a query, in order.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<postgres::PgRow>, Option<postgres::PgRow>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)] // a lending iterator, as rusqlite's
    pub fn next(&mut self) -> rusqlite::Result<Option<Row<'_>>> {
        match self {
            Self::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Self::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(Row::Postgres))
            }
        }
    }
}

/// `Statement::query_map`'s rows, each read by its function.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> rusqlite::Result<T>,
{
    type Item = rusqlite::Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
