//! A session on the server: the core's SQL prepared once per session, run with SQLite's
//! values, its rows read back in SQLite's model.

use std::{collections::HashMap, sync::Arc};

use postgres::types::{ToSql, Type};
use rusqlite::types::{Value, ValueRef};

use super::{
    sql::{dialect, translate},
    values::{Column, Param},
};
use crate::{error::ServerError, store::args::Arg};

/// Statements kept prepared per session, at most: the core has some 500.
const MAX_PREPARED: usize = 2048;

/// A connection to the server and what it prepared: each distinct SQL text of the core is
/// translated and prepared once per session.
pub struct Session {
    client: postgres::Client,
    prepared: HashMap<String, Prepared>,
    /// The server and database, as `Conn::path` names them.
    label: String,
    in_transaction: bool,
    /// The columns never NULL in any table of the schema, read once: sorting on them needs
    /// no NULL place (which would keep the server from walking their indexes).
    never_null: Option<std::collections::HashSet<String>>,
}

pub(in crate::store) struct Prepared {
    statement: postgres::Statement,
    /// The name each `$n` stands for, when the SQL named its parameters (`:name`).
    names: Option<Vec<String>>,
    pub(in crate::store) columns: Arc<[String]>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("prepared", &self.prepared.len()).finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(client: postgres::Client, label: String) -> Self {
        Self { client, prepared: HashMap::new(), label, in_transaction: false, never_null: None }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn in_transaction(&self) -> bool {
        self.in_transaction
    }

    /// Opens a transaction: what `f` then runs is committed together, or not at all. One
    /// left open by a panic in the middle of a write is rolled back first.
    pub fn begin(&mut self) -> rusqlite::Result<()> {
        if self.in_transaction {
            self.rollback()?;
        }
        self.client.batch_execute("BEGIN").map_err(server)?;
        self.in_transaction = true;
        Ok(())
    }

    pub fn commit(&mut self) -> rusqlite::Result<()> {
        self.in_transaction = false;
        self.client.batch_execute("COMMIT").map_err(server)
    }

    pub fn rollback(&mut self) -> rusqlite::Result<()> {
        self.in_transaction = false;
        self.client.batch_execute("ROLLBACK").map_err(server)
    }

    pub fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    pub(in crate::store) fn batch(&mut self, sql: &str) -> rusqlite::Result<()> {
        self.client.batch_execute(sql).map_err(server)
    }

    /// `sql` prepared on this session. The server deduces each parameter's type from where
    /// it stands; where it cannot (`?1 IS NULL`) or deduces two (`:n` as a column's value
    /// and in `:n * 2`), the types of this first call's values are declared instead.
    pub(in crate::store) fn prepared(&mut self, sql: &str, args: &[Arg]) -> rusqlite::Result<&Prepared> {
        if !self.prepared.contains_key(sql) {
            // Statements built for one call (a list's filters) stay few, but never pile up.
            if self.prepared.len() >= MAX_PREPARED {
                self.prepared.clear();
            }
            let (text, names) = translate(sql);
            let text = dialect(&text, self.never_null()?);
            // In a transaction, a refused preparation would abort it: tried in a savepoint.
            let guarded = self.in_transaction;
            if guarded {
                self.batch("SAVEPOINT profilence_prepare")?;
            }
            let statement = match self.client.prepare(&text) {
                Err(e) if e.code().is_some_and(|c| matches!(c.code(), "42P08" | "42P18")) => {
                    if guarded {
                        self.batch("ROLLBACK TO SAVEPOINT profilence_prepare")?;
                    }
                    let types = declared(names.as_deref(), args);
                    self.client.prepare_typed(&text, &types).map_err(|e| with_sql(e, sql))
                }
                prepared => prepared.map_err(|e| with_sql(e, sql)),
            };
            if guarded {
                if statement.is_err() {
                    self.batch("ROLLBACK TO SAVEPOINT profilence_prepare")?;
                }
                self.batch("RELEASE SAVEPOINT profilence_prepare")?;
            }
            let statement = statement?;
            let columns = statement.columns().iter().map(|c| c.name().to_owned()).collect();
            self.prepared.insert(sql.to_owned(), Prepared { statement, names, columns });
        }
        Ok(&self.prepared[sql])
    }

    fn never_null(&mut self) -> rusqlite::Result<&std::collections::HashSet<String>> {
        if self.never_null.is_none() {
            let rows = self
                .client
                .query(
                    // The tables' columns only: a view's are never said NOT NULL (the settings'
                    // views made every `id` look nullable, and every sort by id got a NULL place).
                    "SELECT a.attname::text FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid \
                     WHERE r.relnamespace = current_schema()::regnamespace AND r.relkind IN ('r', 'p') \
                     AND a.attnum > 0 AND NOT a.attisdropped GROUP BY a.attname HAVING bool_and(a.attnotnull)",
                    &[],
                )
                .map_err(server)?;
            self.never_null = Some(rows.iter().map(|row| row.get(0)).collect());
        }
        Ok(self.never_null.get_or_insert_default())
    }

    pub(in crate::store) fn execute(&mut self, sql: &str, args: &[Arg]) -> rusqlite::Result<usize> {
        let prepared = self.prepared(sql, args)?;
        let statement = prepared.statement.clone();
        let params = bind(prepared, args)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let count = self.client.execute(&statement, &refs).map_err(|e| with_sql(e, sql))?;
        Ok(usize::try_from(count).unwrap_or(usize::MAX))
    }

    pub(in crate::store) fn query(&mut self, sql: &str, args: &[Arg]) -> rusqlite::Result<Vec<PgRow>> {
        let prepared = self.prepared(sql, args)?;
        let (statement, columns) = (prepared.statement.clone(), prepared.columns.clone());
        let params = bind(prepared, args)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.client.query(&statement, &refs).map_err(|e| with_sql(e, sql))?;
        rows.iter()
            .map(|row| {
                let values = (0..row.len())
                    .map(|i| row.try_get::<_, Column>(i).map(|c| c.0).map_err(server))
                    .collect::<rusqlite::Result<_>>()?;
                Ok(PgRow { values, names: columns.clone() })
            })
            .collect()
    }

    /// The id the session's last `INSERT` drew from its table's sequence (`lastval()`: a
    /// trigger of that `INSERT` drawing from another sequence would stand in its place; the
    /// schema has none).
    pub(in crate::store) fn last_insert_id(&mut self) -> rusqlite::Result<i64> {
        self.client.query_one("SELECT lastval()", &[]).map_err(server).map(|row| row.get(0))
    }
}

/// A row read from the server, its values in SQLite's model.
#[derive(Debug, Clone)]
pub struct PgRow {
    values: Vec<Value>,
    names: Arc<[String]>,
}

impl PgRow {
    pub(in crate::store) fn names(&self) -> &[String] {
        &self.names
    }

    pub(in crate::store) fn value(&self, i: usize) -> ValueRef<'_> {
        ValueRef::from(&self.values[i])
    }
}

pub(crate) fn server(error: postgres::Error) -> rusqlite::Error {
    let code = error.code().map(|c| c.code().to_owned());
    // The server's message, not its detail: a detail quotes the row's values (a person's).
    let message = match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => error.to_string(),
    };
    rusqlite::Error::UserFunctionError(Box::new(ServerError { code, message }))
}

fn with_sql(error: postgres::Error, sql: &str) -> rusqlite::Error {
    match server(error) {
        rusqlite::Error::UserFunctionError(e) => match e.downcast::<ServerError>() {
            Ok(e) => rusqlite::Error::UserFunctionError(Box::new(ServerError {
                code: e.code,
                message: format!("{} — in: {}", e.message, sql.split_whitespace().collect::<Vec<_>>().join(" ")),
            })),
            Err(e) => rusqlite::Error::UserFunctionError(e),
        },
        other => other,
    }
}

/// The types of `args`' values, in `$n` order, as SQLite's kinds: whole numbers as
/// `bigint`, reals as `double precision`, text as `text`, blobs as `bytea`; a NULL as
/// `text` (PostgreSQL's own choice for a value of no known type).
fn declared(names: Option<&[String]>, args: &[Arg]) -> Vec<Type> {
    let kind = |value: &Value| match value {
        Value::Integer(_) => Type::INT8,
        Value::Real(_) => Type::FLOAT8,
        Value::Blob(_) => Type::BYTEA,
        Value::Text(_) | Value::Null => Type::TEXT,
    };
    match names {
        None => args.iter().map(|a| kind(&a.value)).collect(),
        Some(names) => names
            .iter()
            .map(|name| args.iter().find(|a| a.name.as_deref() == Some(name)).map_or(Type::TEXT, |a| kind(&a.value)))
            .collect(),
    }
}

/// The parameters in `$n` order: by position, or by the names the SQL gave them.
fn bind(prepared: &Prepared, args: &[Arg]) -> rusqlite::Result<Vec<Param>> {
    let expected = prepared.statement.params().len();
    let values: Vec<Param> = match &prepared.names {
        None => args.iter().map(|a| Param(a.value.clone())).collect(),
        Some(names) => names
            .iter()
            .map(|name| {
                args.iter()
                    .find(|a| a.name.as_deref() == Some(name.as_str()))
                    .map(|a| Param(a.value.clone()))
                    .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.clone()))
            })
            .collect::<rusqlite::Result<_>>()?,
    };
    if values.len() != expected {
        return Err(rusqlite::Error::InvalidParameterCount(values.len(), expected));
    }
    Ok(values)
}
