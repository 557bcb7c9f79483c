//! Which store the integration tests run on: the embedded database (by default), or the
//! team's PostgreSQL server when `PROFILENCE_TEST_STORE=postgres` — the same tests, run a
//! second time by `make test` against the throwaway server `scripts/postgres-test-server.sh`
//! starts on loopback (`PROFILENCE_TEST_POSTGRES`, its admin URL, and
//! `PROFILENCE_TEST_POSTGRES_CA`, the authority that signed its certificate).
//!
//! On the server each test gets a database of its own, copied from a template this test
//! binary migrated once (`CREATE DATABASE … TEMPLATE …`): a copy takes a few tens of
//! milliseconds where migrating would take a second.

use std::{
    str::FromStr,
    sync::{
        Mutex, OnceLock,
        atomic::{AtomicU32, Ordering},
    },
};

use profilence_core::{Database, store::postgres::TeamServer};

/// Whether this run's tests use the team's server.
pub fn on_server() -> bool {
    std::env::var("PROFILENCE_TEST_STORE").is_ok_and(|store| store == "postgres")
}

/// The test server, as its admin connects: `make test` (or `make postgres-up`) starts it.
struct Server {
    config: postgres::Config,
    password: String,
    ca: Option<std::path::PathBuf>,
    /// Databases are created one at a time: a copy needs its template free of sessions.
    creating: Mutex<()>,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let url = std::env::var("PROFILENCE_TEST_POSTGRES").expect(
            "PROFILENCE_TEST_STORE=postgres needs PROFILENCE_TEST_POSTGRES, the test server's admin URL: \
             run the tests through `make test`, or `make postgres-up` and source what it prints",
        );
        let config = postgres::Config::from_str(&url).expect("PROFILENCE_TEST_POSTGRES is a postgres:// URL");
        let password =
            String::from_utf8(config.get_password().expect("the admin URL has a password").to_vec()).unwrap();
        let ca = std::env::var_os("PROFILENCE_TEST_POSTGRES_CA").map(Into::into);
        let server = Server { config, password, ca, creating: Mutex::new(()) };
        server.drop_earlier_binaries_databases();
        server
    })
}

impl Server {
    /// Drops the databases the test binaries run before this one made (cargo runs them one
    /// after the other): the server's disk then holds one binary's at most, not a whole run's.
    fn drop_earlier_binaries_databases(&self) {
        let mut config = self.config.clone();
        let mut admin = config.dbname("postgres").connect(postgres::NoTls).expect("the test server answers its admin");
        let ours = format!("_{}_", std::process::id());
        let names: Vec<String> = admin
            .query("SELECT datname FROM pg_database WHERE datname ~ '^(t|team)_[0-9]+_[0-9]+$'", &[])
            .expect("the test server lists its databases")
            .iter()
            .map(|row| row.get(0))
            .collect();
        for name in names.iter().filter(|name| !name.contains(&ours)) {
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .expect("an earlier test database dropped");
        }
    }
}

fn admin(database: &str) -> postgres::Client {
    let mut config = server().config.clone();
    config.dbname(database);
    config.connect(postgres::NoTls).expect("the test server answers its admin")
}

/// A name no other test of any binary running now has.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The team's account on database `name`, as the app connects: over TLS, the server's
/// certificate checked against the test authority.
pub fn team_server(name: &str) -> TeamServer {
    let s = server();
    let host = match s.config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "127.0.0.1".to_owned(),
    };
    TeamServer {
        host,
        port: s.config.get_ports().first().copied().unwrap_or(5432),
        database: name.to_owned(),
        user: s.config.get_user().unwrap_or("profilence_admin").to_owned(),
        ca_certificate: s.ca.clone(),
    }
}

/// The admin's password, as the test server's URL gives it.
pub fn password() -> String {
    server().password.clone()
}

pub fn connect(name: &str) -> Database {
    Database::connect_team(&team_server(name), &server().password).expect("the test database opens")
}

/// A new database on the server copied from `template` (or a new, migrated one).
pub fn create(template: Option<&str>) -> String {
    let name = unique("t");
    let _one_at_a_time = server().creating.lock().unwrap_or_else(|p| p.into_inner());
    // Copied file by file: PostgreSQL 15's default copies through the write-ahead log, which
    // writes each test's database twice.
    let sql = match template {
        Some(template) => format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"),
        None => format!("CREATE DATABASE {name} STRATEGY FILE_COPY"),
    };
    admin("postgres").batch_execute(&sql).expect("the test server creates a database");
    name
}

/// A fresh team database with the current schema: a copy of this binary's migrated
/// template.
pub fn fresh() -> Database {
    static MIGRATED: OnceLock<String> = OnceLock::new();
    let template = MIGRATED.get_or_init(|| {
        let name = create(None);
        drop(connect(&name));
        name
    });
    connect(&create(Some(template)))
}
