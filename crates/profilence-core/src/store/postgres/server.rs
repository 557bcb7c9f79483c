//! The team's server: where it is, the connection (TLS, the account), and its migrations.

use super::session::{Session, server};
use crate::{Error, Result};

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
            // take a millisecond (the full-text reindex); the core's statements are short. A
            // prepared statement's generic plan knows neither the words searched nor the page's
            // LIMIT: every execution is planned with its values.
            .options("-c jit=off -c plan_cache_mode=force_custom_plan")
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
    if let Some(db) = error.as_db_error() {
        let said = match db.code().code() {
            "28P01" | "28000" => "compte ou mot de passe refusé par le serveur",
            "3D000" => "cette base n'existe pas sur le serveur",
            "42501" => "ce compte n'a pas accès à la base de l'équipe",
            _ => return db.message().to_owned(),
        };
        return format!("{said} ({})", db.message());
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    let lower = text.to_lowercase();
    let said = if lower.contains("connection refused") {
        "le serveur ne répond pas à cette adresse sur ce port"
    } else if lower.contains("timed out") || lower.contains("timeout") {
        "le serveur n'a pas répondu dans les 10 secondes"
    } else if lower.contains("lookup") || lower.contains("name or service not known") || lower.contains("no such host")
    {
        "adresse du serveur introuvable"
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("ssl") {
        "le certificat du serveur n'a pas pu être vérifié (indiquez le certificat de l'autorité de l'agence)"
    } else {
        return text;
    };
    format!("{said} ({text})")
}

/// The schema version this build knows for the server.
pub fn latest_version() -> u32 {
    POSTGRES_MIGRATIONS.last().map_or(0, |(version, _, _)| *version)
}

/// The server's schema version: the last migration applied (0 on an empty database).
pub fn schema_version(session: &mut Session) -> Result<u32> {
    let exists: bool =
        session.client().query_one("SELECT to_regclass('profilence_schema') IS NOT NULL", &[]).map_err(server)?.get(0);
    if !exists {
        return Ok(0);
    }
    let version: Option<i32> =
        session.client().query_one("SELECT max(version) FROM profilence_schema", &[]).map_err(server)?.get(0);
    Ok(version.map_or(0, |v| v.unsigned_abs()))
}

/// Readies a new session: the schema brought up to date when the account owns the
/// database (the administrator's), else checked; then the account's own rows (its settings)
/// made on its first sign-in. The schema's version.
pub fn open(session: &mut Session, server: &TeamServer) -> Result<u32> {
    let owner: bool = session
        .client()
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
    session.client().batch_execute("SELECT profilence_sign_in()").map_err(server_error)?;
    Ok(version)
}

fn server_error(error: postgres::Error) -> Error {
    server(error).into()
}

/// Brings the server's schema up to date; the pending migrations land together or none
/// does. Several counsellors' apps starting at once take turns (an advisory lock).
pub fn migrate(session: &mut Session) -> Result<u32> {
    let latest = latest_version();
    let mut tx = session.client().transaction().map_err(server)?;
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
