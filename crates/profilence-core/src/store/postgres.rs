//! The team's store: a session on the agency's PostgreSQL server, running the core's SQL
//! with SQLite's values (see `store`).

use std::{collections::HashMap, sync::Arc};

use bytes::BytesMut;
use postgres::types::{Format, FromSql, IsNull, ToSql, Type};
use rusqlite::types::{Value, ValueRef};

use super::args::Arg;
use crate::{Error, Result, error::ServerError};

include!(concat!(env!("OUT_DIR"), "/postgres_migrations.rs"));

/// Where the team's database is and who signs in: a counsellor's own account (a role of
/// the server), whose password the OS keychain keeps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamServer {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// The certificate of the authority that signed the server's, when it is not one the
    /// system already trusts (an agency's own); PEM.
    pub ca_certificate: Option<std::path::PathBuf>,
}

impl TeamServer {
    /// « postgres://dupont@serveur:5432/profilence »: the server, its database and the
    /// account, for messages and logs (never the password).
    pub fn label(&self) -> String {
        format!("postgres://{}@{}:{}/{}", self.user, self.host, self.port, self.database)
    }

    /// Whether the server is this computer: the one case a connection may go without TLS.
    pub fn is_loopback(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]")
    }

    /// TLS, with the server's certificate checked, is required unless the server is this
    /// computer; there it is used when the authority to check it with is given.
    pub fn ssl_mode(&self) -> postgres::config::SslMode {
        use postgres::config::SslMode;
        match (self.is_loopback(), &self.ca_certificate) {
            (false, _) => SslMode::Require,
            (true, Some(_)) => SslMode::Prefer,
            (true, None) => SslMode::Disable,
        }
    }

    /// A session signed in with `password`, over TLS as `ssl_mode` says.
    pub fn connect(&self, password: &str) -> Result<Session> {
        let mut config = postgres::Config::new();
        config
            .host(self.host.trim_start_matches('[').trim_end_matches(']'))
            .port(self.port)
            .dbname(&self.database)
            .user(&self.user)
            .password(password)
            .application_name("Profilence")
            // The just-in-time compiler cost half a second on the first run of statements that
            // take a millisecond (the full-text reindex); the core's statements are short.
            .options("-c jit=off")
            .connect_timeout(std::time::Duration::from_secs(10));
        let unreachable = |e: postgres::Error| Error::TeamServer { server: self.label(), detail: describe(&e) };
        config.ssl_mode(self.ssl_mode());
        let client = if self.ssl_mode() == postgres::config::SslMode::Disable {
            config.connect(postgres::NoTls).map_err(unreachable)?
        } else {
            let mut tls = native_tls::TlsConnector::builder();
            if let Some(path) = &self.ca_certificate {
                let pem = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                let certificate = native_tls::Certificate::from_pem(&pem).map_err(|e| Error::TeamServer {
                    server: self.label(),
                    detail: format!("{}: {e}", path.display()),
                })?;
                tls.add_root_certificate(certificate);
            }
            let tls = tls.build().map_err(|e| Error::TeamServer { server: self.label(), detail: e.to_string() })?;
            config.connect(postgres_native_tls::MakeTlsConnector::new(tls)).map_err(unreachable)?
        };
        Ok(Session::new(client, self.label()))
    }
}

/// The server's own words when it answered, else the connection's failure.
fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            text
        }
    }
}

/// The schema version this build knows for the server.
pub fn latest_version() -> u32 {
    POSTGRES_MIGRATIONS.last().map_or(0, |(version, _, _)| *version)
}

/// The server's schema version: the last migration applied (0 on an empty database).
pub fn schema_version(session: &mut Session) -> Result<u32> {
    let exists: bool =
        session.client.query_one("SELECT to_regclass('profilence_schema') IS NOT NULL", &[]).map_err(server)?.get(0);
    if !exists {
        return Ok(0);
    }
    let version: Option<i32> =
        session.client.query_one("SELECT max(version) FROM profilence_schema", &[]).map_err(server)?.get(0);
    Ok(version.map_or(0, |v| v.unsigned_abs()))
}

/// Readies a new session: the schema brought up to date when the account owns the
/// database (the administrator's), else checked; then the account's own rows (its settings)
/// made on its first sign-in. The schema's version.
pub fn open(session: &mut Session, server: &TeamServer) -> Result<u32> {
    let owner: bool = session
        .client
        .query_one(
            "SELECT pg_has_role(session_user, d.datdba, 'MEMBER') FROM pg_database d WHERE d.datname = current_database()",
            &[],
        )
        .map_err(server_error)?
        .get(0);
    let latest = latest_version();
    let version = if owner { migrate(session)? } else { schema_version(session)? };
    if version < latest {
        return Err(Error::TeamServer {
            server: server.label(),
            detail: format!(
                "la base de l'équipe est au schéma {version}, cette version de Profilence attend le schéma {latest} : \
                 l'administrateur du serveur doit lancer « profilence-cli team init »"
            ),
        });
    }
    if version > latest {
        return Err(Error::SchemaTooNew { found: version, known: latest });
    }
    session.client.batch_execute("SELECT profilence_sign_in()").map_err(server_error)?;
    Ok(version)
}

fn server_error(error: postgres::Error) -> Error {
    server(error).into()
}

/// Brings the server's schema up to date; the pending migrations land together or none
/// does. Several counsellors' apps starting at once take turns (an advisory lock).
pub fn migrate(session: &mut Session) -> Result<u32> {
    let latest = latest_version();
    let mut tx = session.client.transaction().map_err(server)?;
    // One number for Profilence's migrations among the server's advisory locks.
    tx.execute("SELECT pg_advisory_xact_lock(7252011)", &[]).map_err(server)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS profilence_schema (version integer PRIMARY KEY, name text NOT NULL, \
         applied_at timestamptz NOT NULL DEFAULT now())",
    )
    .map_err(server)?;
    let current: Option<i32> = tx.query_one("SELECT max(version) FROM profilence_schema", &[]).map_err(server)?.get(0);
    let current = current.map_or(0, |v| v.unsigned_abs());
    if current > latest {
        return Err(Error::SchemaTooNew { found: current, known: latest });
    }
    for (version, name, sql) in POSTGRES_MIGRATIONS.iter().filter(|(version, _, _)| *version > current) {
        log::info!("applying server migration {name}");
        tx.batch_execute(sql).map_err(|e| Error::Invariant(format!("server migration {name}: {}", describe(&e))))?;
        tx.execute(
            "INSERT INTO profilence_schema (version, name) VALUES ($1, $2)",
            &[&i32::try_from(*version).unwrap_or(i32::MAX), name],
        )
        .map_err(server)?;
    }
    tx.commit().map_err(server)?;
    Ok(latest.max(current))
}

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

pub(super) struct Prepared {
    statement: postgres::Statement,
    /// The name each `$n` stands for, when the SQL named its parameters (`:name`).
    names: Option<Vec<String>>,
    pub(super) columns: Arc<[String]>,
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

    pub(super) fn batch(&mut self, sql: &str) -> rusqlite::Result<()> {
        self.client.batch_execute(sql).map_err(server)
    }

    /// `sql` prepared on this session. The server deduces each parameter's type from where
    /// it stands; where it cannot (`?1 IS NULL`) or deduces two (`:n` as a column's value
    /// and in `:n * 2`), the types of this first call's values are declared instead.
    pub(super) fn prepared(&mut self, sql: &str, args: &[Arg]) -> rusqlite::Result<&Prepared> {
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
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() \
                     GROUP BY column_name HAVING bool_and(is_nullable = 'NO')",
                    &[],
                )
                .map_err(server)?;
            self.never_null = Some(rows.iter().map(|row| row.get(0)).collect());
        }
        Ok(self.never_null.get_or_insert_default())
    }

    pub(super) fn execute(&mut self, sql: &str, args: &[Arg]) -> rusqlite::Result<usize> {
        let prepared = self.prepared(sql, args)?;
        let statement = prepared.statement.clone();
        let params = bind(prepared, args)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let count = self.client.execute(&statement, &refs).map_err(|e| with_sql(e, sql))?;
        Ok(usize::try_from(count).unwrap_or(usize::MAX))
    }

    pub(super) fn query(&mut self, sql: &str, args: &[Arg]) -> rusqlite::Result<Vec<PgRow>> {
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
    pub(super) fn last_insert_id(&mut self) -> rusqlite::Result<i64> {
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
    pub(super) fn names(&self) -> &[String] {
        &self.names
    }

    pub(super) fn value(&self, i: usize) -> ValueRef<'_> {
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

/// The core's placeholders (`?1`, `?`, `:name`) as PostgreSQL's `$n`, outside quotes and
/// comments; with the name of each `$n` when the SQL named them.
pub(crate) fn translate(sql: &str) -> (String, Option<Vec<String>>) {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut names: Vec<String> = Vec::new();
    let mut next = 0_usize;
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                // A quoted literal or identifier, doubled quotes included, copied whole.
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == c {
                        if chars.get(i + 1) == Some(&c) {
                            out.push(c);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '?' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
                if end > start {
                    let n: String = chars[start..end].iter().collect();
                    next = next.max(n.parse().unwrap_or(0));
                    out.push('$');
                    out.push_str(&n);
                } else {
                    next += 1;
                    out.push_str(&format!("${next}"));
                }
                i = end;
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                out.push_str("::");
                i += 2;
            }
            ':' if chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
                    end += 1;
                }
                let name: String = std::iter::once(':').chain(chars[start..end].iter().copied()).collect();
                let position = match names.iter().position(|n| *n == name) {
                    Some(p) => p + 1,
                    None => {
                        names.push(name);
                        names.len()
                    }
                };
                out.push_str(&format!("${position}"));
                i = end;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, (!names.is_empty()).then_some(names))
}

/// What the core's SQL says to SQLite's planner or full-text engine, said to PostgreSQL:
/// - `INDEXED BY index` and `NOT INDEXED` (which index SQLite must use) are dropped: the
///   server's planner chooses;
/// - `CROSS JOIN t ON …` (SQLite's way to fix the join order) is PostgreSQL's `JOIN t ON …`;
/// - `fts MATCH $n`, a search of a full-text table, is `fts.document @@ fts5_query('fts', $n)`
///   (migrations/postgres: the same words, tokens and query syntax as FTS5).
///
/// - every sort key says where NULLs go, as SQLite puts them (first going up, last going
///   down: PostgreSQL does the opposite), unless it says so itself (`nulls_as_sqlite`).
///
/// Everything else is the same text on both stores. These words never stand in the core's
/// string literals, so the text is read as words.
pub(crate) fn dialect(sql: &str, never_null: &std::collections::HashSet<String>) -> String {
    nulls_as_sqlite(&hints(sql), never_null)
}

fn hints(sql: &str) -> String {
    let words: Vec<&str> = sql.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        match (words[i], words.get(i + 1)) {
            ("INDEXED", Some(&"BY")) => i += 3,
            ("NOT", Some(&"INDEXED")) => i += 2,
            ("CROSS", Some(&"JOIN")) => {
                out.push("JOIN".to_owned());
                i += 2;
            }
            ("MATCH", Some(_)) if !out.is_empty() => {
                let word = out.pop().unwrap_or_default();
                let (open, table) = word.split_at(word.rfind('(').map_or(0, |p| p + 1));
                // The query: a parameter, or a literal (its spaces included).
                let mut query = words[i + 1].to_owned();
                i += 2;
                while query.starts_with('\'') && (query.matches('\'').count() % 2 == 1 || query.len() == 1) {
                    let Some(word) = words.get(i) else { break };
                    query = format!("{query} {word}");
                    i += 1;
                }
                let end = if query.starts_with('\'') { query.rfind('\'').map_or(query.len(), |q| q + 1) } else { 0 };
                let end = end + query[end..].find([')', ',']).unwrap_or(query.len() - end);
                let (query, rest) = query.split_at(end);
                out.push(format!("{open}{table}.document @@ fts5_query('{table}', {query}){rest}"));
            }
            (word, _) => {
                out.push(word.to_owned());
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// `ORDER BY` keys with SQLite's place for NULLs: `NULLS FIRST` added to a key sorted up,
/// `NULLS LAST` to one sorted down.
fn nulls_as_sqlite(sql: &str, never_null: &std::collections::HashSet<String>) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' {
            let end = literal_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
        } else if starts_word(&chars, i, "ORDER BY") {
            out.push_str("ORDER BY");
            i += "ORDER BY".len();
            let (keys, end) = sort_keys(&chars, i);
            let keys: Vec<String> = keys.iter().map(|key| with_nulls(key, never_null)).collect();
            out.push(' ');
            out.push_str(&keys.join(", "));
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The index just past the quoted literal starting at `start` (doubled quotes inside).
fn literal_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

/// Whether `word` (upper case) starts at `i`, as a whole word.
fn starts_word(chars: &[char], i: usize, word: &str) -> bool {
    let before = i.checked_sub(1).map(|b| chars[b]);
    let after = chars.get(i + word.chars().count());
    before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
        && after.is_none_or(|c| !c.is_alphanumeric() && *c != '_')
        && chars[i..].iter().take(word.len()).copied().map(|c| c.to_ascii_uppercase()).eq(word.chars())
}

/// The sort keys from `start` (just after `ORDER BY`) to the end of the clause: a closing
/// parenthesis, `LIMIT`, `OFFSET`, a `;` or the end; and where the clause ends.
fn sort_keys(chars: &[char], start: usize) -> (Vec<String>, usize) {
    let mut keys = Vec::new();
    let mut key = String::new();
    let mut depth = 0_i32;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if depth == 0 && (c == ')' || c == ';' || starts_word(chars, i, "LIMIT") || starts_word(chars, i, "OFFSET")) {
            break;
        }
        match c {
            '\'' => {
                let end = literal_end(chars, i);
                key.extend(&chars[i..end]);
                i = end;
                continue;
            }
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                keys.push(std::mem::take(&mut key));
                i += 1;
                continue;
            }
            _ => {}
        }
        key.push(c);
        i += 1;
    }
    keys.push(key);
    // What followed the last key (a space before LIMIT) stays after the keys.
    let trailing = keys.last().map_or(0, |k| k.len() - k.trim_end().len());
    (keys.iter().map(|k| k.trim().to_owned()).collect(), i - trailing)
}

fn with_nulls(key: &str, never_null: &std::collections::HashSet<String>) -> String {
    let upper = key.to_ascii_uppercase();
    // The column sorted on, when the key is one (`c.sort_name DESC`).
    let column = key.split_whitespace().next().unwrap_or_default();
    let column = column.rsplit('.').next().unwrap_or(column);
    let plain = column.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && key.split_whitespace().skip(1).all(|w| matches!(w.to_ascii_uppercase().as_str(), "ASC" | "DESC"));
    if upper.ends_with("NULLS FIRST") || upper.ends_with("NULLS LAST") || (plain && never_null.contains(column)) {
        key.to_owned()
    } else if upper.ends_with(" DESC") {
        format!("{key} NULLS LAST")
    } else {
        format!("{key} NULLS FIRST")
    }
}

/// A parameter sent in PostgreSQL's text format: the server reads it as the type its
/// place in the statement asks (a date, a number, a flag…), as SQLite takes any value.
#[derive(Debug)]
struct Param(Value);

impl ToSql for Param {
    fn to_sql(&self, _ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use std::fmt::Write as _;
        match &self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Integer(n) => write!(out, "{n}")?,
            Value::Real(x) => write!(out, "{x:?}")?,
            Value::Text(text) => out.extend_from_slice(text.as_bytes()),
            Value::Blob(bytes) => {
                out.extend_from_slice(b"\\x");
                out.extend_from_slice(hex::encode(bytes).as_bytes());
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        Format::Text
    }

    postgres::types::to_sql_checked!();
}

/// A column's value as SQLite would hold it: whole numbers and flags as integers, dates
/// and times as ISO text, JSON as its text.
struct Column(Value);

impl<'a> FromSql<'a> for Column {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self(match *ty {
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::Text(<&str>::from_sql(ty, raw)?.to_owned())
            }
            Type::JSON => Value::Text(std::str::from_utf8(raw)?.to_owned()),
            // JSONB's binary form is a version byte (1), then the text.
            Type::JSONB => Value::Text(std::str::from_utf8(raw.get(1..).unwrap_or_default())?.to_owned()),
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::DATE => Value::Text(chrono::NaiveDate::from_sql(ty, raw)?.format("%Y-%m-%d").to_string()),
            Type::TIMESTAMPTZ => Value::Text(
                chrono::DateTime::<chrono::Utc>::from_sql(ty, raw)?.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
            Type::TIMESTAMP => {
                Value::Text(chrono::NaiveDateTime::from_sql(ty, raw)?.format("%Y-%m-%d %H:%M:%S").to_string())
            }
            Type::VOID => Value::Null,
            Type::TS_VECTOR => Value::Text(tsvector(raw)?),
            ref other => return Err(format!("a column of type {other} has no SQLite value").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A full-text document (`tsvector`, binary) as PostgreSQL writes it: `'word':1,4 'other':2`.
fn tsvector(raw: &[u8]) -> Result<String, Box<dyn std::error::Error + Sync + Send>> {
    let cut = || "a tsvector value cut short";
    let count = u32::from_be_bytes(raw.get(..4).ok_or_else(cut)?.try_into()?);
    let mut at = 4;
    let mut words = Vec::new();
    for _ in 0..count {
        let end = at + raw.get(at..).ok_or_else(cut)?.iter().position(|b| *b == 0).ok_or_else(cut)?;
        let word = std::str::from_utf8(&raw[at..end])?.replace('\'', "''");
        at = end + 1;
        let positions = u16::from_be_bytes(raw.get(at..at + 2).ok_or_else(cut)?.try_into()?);
        at += 2;
        let mut places = Vec::new();
        for _ in 0..positions {
            let entry = u16::from_be_bytes(raw.get(at..at + 2).ok_or_else(cut)?.try_into()?);
            at += 2;
            let weight = ["", "C", "B", "A"][usize::from(entry >> 14)];
            places.push(format!("{}{weight}", entry & 0x3FFF));
        }
        words.push(if places.is_empty() { format!("'{word}'") } else { format!("'{word}':{}", places.join(",")) });
    }
    Ok(words.join(" "))
}

/// PostgreSQL's binary NUMERIC: an integer when it has no scale and fits (a `sum` of
/// integers, as SQLite's), a real otherwise (an `avg`, a real in SQLite too).
fn numeric(raw: &[u8]) -> Result<Value, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> Result<u16, Box<dyn std::error::Error + Sync + Send>> {
        let bytes = raw.get(i * 2..i * 2 + 2).ok_or("a NUMERIC value cut short")?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    };
    let (digits, weight, sign, scale) = (word(0)?, word(1)? as i16, word(2)?, word(3)?);
    const NEGATIVE: u16 = 0x4000;
    const NAN: u16 = 0xC000;
    if sign == NAN {
        return Ok(Value::Null);
    }
    let mut whole: i128 = 0;
    let mut real = 0.0_f64;
    let mut fraction = false;
    for k in 0..digits {
        let digit = word(4 + usize::from(k))?;
        let power = i32::from(weight) - i32::from(k as i16);
        real += f64::from(digit) * 10_000_f64.powi(power);
        if power >= 0 {
            whole = whole.saturating_add(i128::from(digit) * 10_000_i128.saturating_pow(power as u32));
        } else if digit != 0 {
            fraction = true;
        }
    }
    let negative = sign == NEGATIVE;
    Ok(match i64::try_from(whole) {
        Ok(n) if !fraction && scale == 0 => Value::Integer(if negative { -n } else { n }),
        _ => Value::Real(if negative { -real } else { real }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_outside_quotes_and_casts() {
        let (sql, names) = translate("SELECT '?1 :x', a::text, \"b?\" FROM t WHERE c = ?2 AND d = ? -- e ?\nAND f = ?");
        assert_eq!(sql, "SELECT '?1 :x', a::text, \"b?\" FROM t WHERE c = $2 AND d = $3 -- e ?\nAND f = $4");
        assert_eq!(names, None);
        let (sql, names) = translate("UPDATE t SET a = :a, b = fold(:b || ' ' || :a) WHERE id = :id");
        assert_eq!(sql, "UPDATE t SET a = $1, b = fold($2 || ' ' || $1) WHERE id = $3");
        assert_eq!(names.unwrap(), [":a", ":b", ":id"]);
        assert_eq!(translate("SELECT 'it''s ?1' || ?1").0, "SELECT 'it''s ?1' || $1");
    }

    /// `dialect` with `id` and `sort_name` never NULL.
    fn hinted(sql: &str) -> String {
        dialect(sql, &["id", "sort_name"].into_iter().map(str::to_owned).collect())
    }

    #[test]
    fn planner_hints_go_and_full_text_searches_become_postgresqls() {
        assert_eq!(
            hinted(
                "SELECT count(*) FROM (SELECT DISTINCT candidate_id FROM t INDEXED BY t_people WHERE r = $1) people"
            ),
            "SELECT count(*) FROM (SELECT DISTINCT candidate_id FROM t WHERE r = $1) people"
        );
        assert_eq!(
            hinted("SELECT 1 FROM fts CROSS JOIN c NOT INDEXED ON c.id = fts.rowid WHERE fts MATCH $2 AND x"),
            "SELECT 1 FROM fts JOIN c ON c.id = fts.rowid WHERE fts.document @@ fts5_query('fts', $2) AND x"
        );
        assert_eq!(
            hinted("c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH $3)"),
            "c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts.document @@ fts5_query('candidates_fts', $3))"
        );
        assert_eq!(
            hinted("SELECT count(*) FROM f WHERE f MATCH 'martin OR l''a' AND (f MATCH 'x')"),
            "SELECT count(*) FROM f WHERE f.document @@ fts5_query('f', 'martin OR l''a') AND (f.document @@ fts5_query('f', 'x'))"
        );
    }

    #[test]
    fn nulls_sort_where_sqlite_puts_them() {
        assert_eq!(
            hinted("SELECT a FROM t ORDER BY c.available_from, length(x, 'a,b') DESC, n NULLS LAST LIMIT $1"),
            "SELECT a FROM t ORDER BY c.available_from NULLS FIRST, length(x, 'a,b') DESC NULLS LAST, n NULLS LAST LIMIT $1"
        );
        // A column never NULL keeps its order as written: its index serves it.
        assert_eq!(
            hinted("SELECT a FROM c ORDER BY c.sort_name DESC, c.id DESC, c.email LIMIT 5"),
            "SELECT a FROM c ORDER BY c.sort_name DESC, c.id DESC, c.email NULLS FIRST LIMIT 5"
        );
        assert_eq!(
            hinted("SELECT (SELECT group_concat(l) FROM (SELECT l FROM j ORDER BY position) jobs) FROM c ORDER BY c.x"),
            "SELECT (SELECT group_concat(l) FROM (SELECT l FROM j ORDER BY position NULLS FIRST) jobs) FROM c ORDER BY c.x NULLS FIRST"
        );
    }

    #[test]
    fn numerics_read_as_sqlite_would_hold_them() {
        // 123456789 = 1·10000² + 2345·10000 + 6789; 12.5 = 12 + 5000/10000.
        let encode = |words: &[u16]| words.iter().flat_map(|w| w.to_be_bytes()).collect::<Vec<u8>>();
        assert_eq!(numeric(&encode(&[3, 2, 0, 0, 1, 2345, 6789])).unwrap(), Value::Integer(123_456_789));
        assert_eq!(numeric(&encode(&[3, 2, 0x4000, 0, 1, 2345, 6789])).unwrap(), Value::Integer(-123_456_789));
        assert_eq!(numeric(&encode(&[2, 0, 0, 1, 12, 5000])).unwrap(), Value::Real(12.5));
        assert_eq!(numeric(&encode(&[0, 0, 0, 0])).unwrap(), Value::Integer(0));
        // 20000 = 2·10000¹ (trailing zero groups are not sent).
        assert_eq!(numeric(&encode(&[1, 1, 0, 0, 2])).unwrap(), Value::Integer(20_000));
    }
}
