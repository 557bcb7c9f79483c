//! `profilence-cli team`: team mode's server set up by its administrator — the team's
//! database created and migrated (`init`, with the referentials), its agencies, the
//! counsellors' accounts, and what it holds (`status`). Passwords are never arguments: the
//! administrator's is read from `PROFILENCE_TEAM_PASSWORD`, a new counsellor's from
//! `PROFILENCE_COUNSELLOR_PASSWORD`; none is ever printed.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use profilence_core::{
    Database, migrations, reference_update, referentials,
    store::postgres::{self, TeamServer},
    team,
};
use zeroize::Zeroizing;

/// Where the administrator's password is read from.
pub const PASSWORD_VAR: &str = "PROFILENCE_TEAM_PASSWORD";
/// Where `add-counsellor` reads the new counsellor's password from.
pub const COUNSELLOR_PASSWORD_VAR: &str = "PROFILENCE_COUNSELLOR_PASSWORD";

/// The server and the account of the person who administers it.
#[derive(Args)]
pub struct Connection {
    /// The team's database and the administrator's account on the server:
    /// postgres://ACCOUNT@HOST[:PORT]/DATABASE (port 5432 by default). The account's
    /// password is read from the environment variable PROFILENCE_TEAM_PASSWORD, never from
    /// the command line. A server other than this computer must offer TLS: its certificate
    /// is checked.
    #[arg(long, value_name = "URL")]
    server: String,
    /// The certificate (PEM) of the authority that signed the server's, when it is the
    /// agency's own rather than one this system already trusts.
    #[arg(long, value_name = "FILE")]
    ca: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum TeamAction {
    /// Create the team's database when it is not there (the account needs CREATEDB), bring
    /// its schema up to date and open it to the counsellors' accounts only; with --data,
    /// load the referentials into it. Run again, it changes nothing but the schema.
    Init {
        #[command(flatten)]
        connection: Connection,
        /// Load or update the referentials (ROME, communes, NAF, hirings) from DIR; --data
        /// alone: the reference data folder found (PROFILENCE_DATA_DIR or ../shared/data).
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        data: Option<Option<PathBuf>>,
    },
    /// Add an agency (or change its territory).
    Agency {
        name: String,
        #[arg(long, value_name = "T", default_value = "")]
        territory: String,
        #[command(flatten)]
        connection: Connection,
    },
    /// Give counsellor ACCOUNT of agency NAME a sign-in on the server. Their password is
    /// read from the environment variable PROFILENCE_COUNSELLOR_PASSWORD (12 characters or
    /// more); the server gets its SCRAM-SHA-256 verifier only. Run again, it sets a new
    /// password or moves the account to another agency.
    AddCounsellor {
        account: String,
        #[arg(long, value_name = "NAME")]
        agency: String,
        #[command(flatten)]
        connection: Connection,
    },
    /// The server, the schema's version against this release's, each agency with its
    /// territory, counsellors and number of candidates.
    Status {
        #[command(flatten)]
        connection: Connection,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(action: TeamAction) -> super::CliResult {
    match action {
        TeamAction::Init { connection, data } => {
            let (server, password) = connection.resolve()?;
            let db = team::init(&server, &password)?;
            let version = db.read(migrations::version_of)?;
            println!(
                "team database {}: schema version {version} (latest {})",
                server.label(),
                postgres::latest_version()
            );
            match data {
                Some(dir) => {
                    let dir = dir.or_else(referentials::find_reference_data_dir).ok_or(
                        "reference data not found: pass --data DIR (the folder holding rome4/, geo/, naf/) \
                         or set PROFILENCE_DATA_DIR",
                    )?;
                    let start = std::time::Instant::now();
                    let release = referentials::read_folder(&dir)?;
                    let summary = db.write(|tx| reference_update::install(tx, &release))?;
                    for loaded in &summary.loaded {
                        println!(
                            "loaded {:<9} {} ({} items, version {})",
                            loaded.kind, loaded.title, loaded.items, loaded.version
                        );
                    }
                    if summary.relabelled_candidates > 0 {
                        println!(
                            "{} candidates took the new labels of their jobs or skills",
                            summary.relabelled_candidates
                        );
                    }
                    println!("referentials from {} loaded in {:.2} s", dir.display(), start.elapsed().as_secs_f64());
                }
                None => {
                    let versions = db.read(referentials::versions)?;
                    if versions.is_empty() {
                        println!("no referential loaded yet: run again with --data [DIR]");
                    }
                    for v in versions {
                        println!("kept   {:<9} {} ({} items, version {})", v.kind, v.title, v.items, v.version);
                    }
                }
            }
        }
        TeamAction::Agency { name, territory, connection } => {
            let (_, db) = connection.open()?;
            let id = team::add_agency(&db, &name, &territory)?;
            let territory = territory.trim();
            let territory = if territory.is_empty() { String::new() } else { format!(" ({territory})") };
            println!("agency {}{territory}: number {id}", name.trim());
        }
        TeamAction::AddCounsellor { account, agency, connection } => {
            let counsellor_password =
                password(COUNSELLOR_PASSWORD_VAR, &format!("the password of the new account {account}"))?;
            let (server, db) = connection.open()?;
            team::add_counsellor(&db, &account, &counsellor_password, &agency)?;
            let theirs = TeamServer { user: account.clone(), ..server };
            println!("counsellor {account} of {} signs in to {}", agency.trim(), theirs.label());
        }
        TeamAction::Status { connection, json } => {
            let (_, db) = connection.open()?;
            let status = team::status(&db)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
                return Ok(());
            }
            println!("server:   {}", status.server);
            let behind = if status.schema_version < status.latest_version { ": run `team init`" } else { "" };
            println!("schema:   version {} (latest {}){behind}", status.schema_version, status.latest_version);
            if status.agencies.is_empty() {
                println!("agencies: none yet (profilence-cli team agency NAME --territory T)");
            } else {
                println!("agencies: {}", status.agencies.len());
            }
            for agency in &status.agencies {
                let territory =
                    if agency.territory.is_empty() { String::new() } else { format!(" — {}", agency.territory) };
                println!("\n  {}{territory}", agency.name);
                println!("    candidates:  {}", agency.candidates);
                if agency.counsellors.is_empty() {
                    println!("    counsellors: none yet");
                } else {
                    println!("    counsellors: {}", agency.counsellors.join(", "));
                }
            }
        }
    }
    Ok(())
}

impl Connection {
    /// The server the options name and the administrator's password.
    fn resolve(&self) -> Result<(TeamServer, Zeroizing<String>), Box<dyn std::error::Error>> {
        let mut server = parse_server(&self.server)?;
        server.ca_certificate = self.ca.clone();
        let password = password(PASSWORD_VAR, &format!("the password of {} on the server", server.user))?;
        Ok((server, password))
    }

    /// The team's database, signed in as the administrator.
    fn open(&self) -> Result<(TeamServer, Database), Box<dyn std::error::Error>> {
        let (server, password) = self.resolve()?;
        let db = Database::connect_team(&server, &password)?;
        Ok((server, db))
    }
}

/// A password from environment variable `var`, which must hold `what`.
fn password(var: &str, what: &str) -> Result<Zeroizing<String>, String> {
    match std::env::var(var) {
        Ok(password) if !password.is_empty() => Ok(Zeroizing::new(password)),
        Ok(_) | Err(std::env::VarError::NotPresent) => {
            Err(format!("{var} is not set: it must hold {what} (passwords are never read from the command line)"))
        }
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{var} is not valid UTF-8")),
    }
}

/// `postgres://ACCOUNT@HOST[:PORT]/DATABASE`, port 5432 by default. The errors never repeat
/// the text given: it may hold a password by mistake.
pub(crate) fn parse_server(url: &str) -> Result<TeamServer, String> {
    const FORM: &str = "--server must be postgres://ACCOUNT@HOST[:PORT]/DATABASE";
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
        .ok_or_else(|| format!("{FORM}: it starts with postgres://"))?;
    let (authority, database) = rest.split_once('/').ok_or_else(|| format!("{FORM}: the database is missing"))?;
    if database.contains(['?', '#', '/']) {
        return Err(format!(
            "{FORM}: nothing may follow the database's name (TLS is chosen by Profilence, --ca names the authority)"
        ));
    }
    let (user, host_port) =
        authority.rsplit_once('@').ok_or_else(|| format!("{FORM}: the account is missing (ACCOUNT@HOST)"))?;
    if user.contains(':') {
        return Err(format!(
            "{FORM}: the URL must not hold a password; it is read from {PASSWORD_VAR} (and that one may now be \
             in your shell's history)"
        ));
    }
    let (host, port) = match host_port.rsplit_once(':') {
        // An IPv6 address in brackets: [::1] or [::1]:5433.
        Some((host, port)) if !host_port.starts_with('[') || host.ends_with(']') => {
            (host, port.parse::<u16>().map_err(|_| format!("{FORM}: the port must be a number (5432 by default)"))?)
        }
        _ => (host_port, 5432),
    };
    if user.is_empty() || host.is_empty() || database.is_empty() {
        return Err(format!("{FORM}: the account, the host and the database are all needed"));
    }
    Ok(TeamServer {
        host: host.to_owned(),
        port,
        database: database.to_owned(),
        user: user.to_owned(),
        ca_certificate: None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_server;

    #[test]
    fn a_server_url_names_the_account_the_host_the_port_and_the_database() {
        let s = parse_server("postgres://admin@serveur.agence.example/profilence").unwrap();
        assert_eq!(
            (s.user.as_str(), s.host.as_str(), s.port, s.database.as_str()),
            ("admin", "serveur.agence.example", 5432, "profilence")
        );
        let s = parse_server("postgresql://admin@10.0.0.5:5433/equipe").unwrap();
        assert_eq!((s.host.as_str(), s.port), ("10.0.0.5", 5433));
        let s = parse_server("postgres://admin@[::1]:5434/equipe").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.label().as_str()),
            ("[::1]", 5434, "postgres://admin@[::1]:5434/equipe")
        );
        assert_eq!(parse_server("postgres://admin@[::1]/equipe").unwrap().port, 5432);
    }

    #[test]
    fn a_wrong_url_is_refused_without_repeating_it() {
        for bad in [
            "admin@serveur/profilence",
            "postgres://serveur/profilence",
            "postgres://admin@serveur",
            "postgres://admin@serveur:port/profilence",
            "postgres://admin@/profilence",
            "postgres://admin@serveur/profilence?sslmode=disable",
            "postgres://admin:s3cret-mot@serveur/profilence",
        ] {
            let error = parse_server(bad).unwrap_err();
            assert!(error.starts_with("--server must be") && !error.contains("s3cret"), "{bad}: {error}");
        }
    }
}
