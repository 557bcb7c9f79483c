//! Which store the benchmark measures: the embedded SQLCipher file (by default) or the
//! team's PostgreSQL server (`--store postgres --server URL`), opened as its administrator
//! with `team::init` so that every step runs through the same core on either.

use std::path::{Path, PathBuf};

use profilence_core::{Database, keys::KeySource, store::postgres::TeamServer, team};

// Where the password of `--server`'s account is read from (never from the URL): the `team`
// commands' variable.
use crate::team::PASSWORD_VAR as PASSWORD_VARIABLE;

/// `bench`'s store options (flattened into `profilence-cli bench`).
#[derive(clap::Args, Clone, Debug)]
pub struct TeamArgs {
    /// The store measured: the embedded file, or the team's PostgreSQL server.
    #[arg(long, value_enum, default_value = "file")]
    pub store: StoreKind,
    /// With --store postgres: postgres://ACCOUNT@HOST:PORT/DATABASE, an account allowed to
    /// create the database (CREATEDB, CREATEROLE for --counsellors); its password in
    /// PROFILENCE_TEAM_PASSWORD. The database is created if absent and kept (reused) after.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The authority that signed the server's certificate (PEM).
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// With --store postgres: then a load run of this many counsellors working at once,
    /// each with an account and a connection of their own; 0 skips it.
    #[arg(long, default_value_t = 0)]
    pub counsellors: u32,
    /// The load run's length, in seconds.
    #[arg(long, default_value_t = 60)]
    pub load_seconds: u32,
    /// The load run's pause between two actions of a counsellor, in milliseconds (drawn
    /// between 0 and twice this); 0: none, every counsellor at full speed.
    #[arg(long, default_value_t = 0)]
    pub think_ms: u32,
    /// With --store postgres, on an empty database: first copy the pool, companies and
    /// promotions of the file's benchmark database DIR/bench.db (a --reuse DIR run) with
    /// COPY, so that both stores are measured on the same records.
    #[arg(long, value_name = "DIR")]
    pub pool_from: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreKind {
    File,
    Postgres,
}

/// The database measured and how to reach it again.
pub enum Opened {
    File { path: PathBuf },
    Team { server: TeamServer },
}

impl TeamArgs {
    /// Opens (creates, migrates) the database measured: `dir/bench.db` or the server's.
    pub fn open(&self, dir: &Path) -> Result<(Database, Opened), Box<dyn std::error::Error>> {
        match self.store {
            StoreKind::File => {
                if self.server.is_some() || self.counsellors > 0 || self.pool_from.is_some() {
                    return Err("--server, --counsellors and --pool-from go with --store postgres".into());
                }
                let path = dir.join("bench.db");
                let db = Database::open(&path, &KeySource::KeyFile(dir.join("bench.key")))?;
                Ok((db, Opened::File { path }))
            }
            StoreKind::Postgres => {
                let url = self
                    .server
                    .as_deref()
                    .ok_or("--store postgres needs --server postgres://ACCOUNT@HOST:PORT/DATABASE")?;
                let mut server = crate::team::parse_server(url)?;
                server.ca_certificate.clone_from(&self.ca);
                let db = team::init(&server, &password()?)?;
                Ok((db, Opened::Team { server }))
            }
        }
    }
}

/// The password of `--server`'s account.
pub fn password() -> Result<String, String> {
    std::env::var(PASSWORD_VARIABLE)
        .map_err(|_| format!("--store postgres reads the account's password from {PASSWORD_VARIABLE}"))
}

impl Opened {
    /// What the database takes: the file, or the server's database.
    pub fn size_mb(&self, db: &Database) -> f64 {
        match self {
            Opened::File { path } => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
            Opened::Team { .. } => {
                db.read(|c| Ok(c.query_row("SELECT pg_database_size(current_database())", [], |r| r.get::<_, i64>(0))?))
                    .unwrap_or(0) as f64
                    / 1e6
            }
        }
    }
}
