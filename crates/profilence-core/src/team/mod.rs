//! Team mode's administration: the team's database set up on the agency's PostgreSQL
//! server, its agencies, and a counsellor's account (a role of the server, member of
//! `profilence_counsellor`; migrations/postgres/0003_team.sql says what it may see). What
//! `profilence-cli team` runs, with the account of the person who sets the server up.
//!
//! A counsellor's side: `membership` (the team a desktop joined, the password in the
//! keychain) and `moving_in` (the desktop's records uploaded into the team's database).

pub mod membership;
pub mod moving_in;

use serde::Serialize;

use crate::{
    Database, Error, Result,
    store::postgres::{self, TeamServer},
};

/// The team's database at a glance: its schema, its agencies and who works in each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    pub server: String,
    pub schema_version: u32,
    pub latest_version: u32,
    pub agencies: Vec<AgencyStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgencyStatus {
    pub name: String,
    pub territory: String,
    /// The counsellors' accounts.
    pub counsellors: Vec<String>,
    pub candidates: i64,
}

/// Creates the team's database on `server` when it is not there (the account must be
/// allowed to: `CREATEDB`), brings its schema up to date, and opens it to the counsellors'
/// accounts only. Run again, it changes nothing but the schema's version.
pub fn init(server: &TeamServer, password: &str) -> Result<Database> {
    let maintenance = TeamServer { database: "postgres".into(), ..server.clone() };
    let mut session = maintenance.connect(password)?;
    let client = session.client();
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&server.database])
        .map_err(|e| refused(server, e))?
        .is_some();
    if !exists {
        let create: String = client
            .query_one(
                "SELECT format('CREATE DATABASE %I ENCODING ''UTF8'' TEMPLATE template0', $1::text)",
                &[&server.database],
            )
            .map_err(|e| refused(server, e))?
            .get(0);
        client.batch_execute(&create).map_err(|e| refused(server, e))?;
        log::info!("team database {} created", server.label());
    }
    drop(session);
    let db = Database::connect_team(server, password)?;
    db.write(|tx| {
        let grant: String = tx.query_row(
            "SELECT format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC; GRANT CONNECT ON DATABASE %I TO profilence_counsellor', \
             current_database(), current_database())",
            [],
            |r| r.get(0),
        )?;
        tx.execute_batch(&grant)?;
        Ok(())
    })?;
    Ok(db)
}

fn refused(server: &TeamServer, error: ::postgres::Error) -> Error {
    Error::TeamServer {
        server: server.label(),
        detail: error.as_db_error().map_or(error.to_string(), |e| e.message().to_owned()),
    }
}

/// Adds agency `name` of `territory` (or changes its territory); its id.
pub fn add_agency(db: &Database, name: &str, territory: &str) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::field("agency", "Le nom de l'agence est obligatoire."));
    }
    db.write(|tx| {
        Ok(tx.query_row(
            "INSERT INTO agencies (name, territory) VALUES (?1, ?2) \
             ON CONFLICT (name) DO UPDATE SET territory = excluded.territory RETURNING id",
            [name, territory.trim()],
            |r| r.get(0),
        )?)
    })
}

/// Gives counsellor `account` of agency `agency` a role on the server that signs in with
/// `password`. The password never reaches the server: it gets its SCRAM-SHA-256 verifier.
pub fn add_counsellor(db: &Database, account: &str, password: &str, agency: &str) -> Result<()> {
    if !is_account_name(account) {
        return Err(Error::field(
            "account",
            format!(
                "« {account} » ne peut pas être un compte : des minuscules, chiffres, « . », « _ » ou « - », \
                 en commençant par une lettre (63 caractères au plus)."
            ),
        ));
    }
    if password.chars().count() < 12 {
        return Err(Error::field("password", "Le mot de passe doit compter au moins 12 caractères."));
    }
    let verifier = ::postgres_protocol::password::scram_sha_256(password.as_bytes());
    db.write(|tx| {
        let agency_id: Option<i64> = tx
            .query_row("SELECT id FROM agencies WHERE name = ?1", [agency.trim()], |r| r.get(0))
            .map(Some)
            .or_else(|e| if matches!(e, rusqlite::Error::QueryReturnedNoRows) { Ok(None) } else { Err(e) })?;
        let Some(agency_id) = agency_id else {
            return Err(Error::field("agency", format!("L'agence « {} » n'existe pas : créez-la d'abord.", agency.trim())));
        };
        let exists: bool = tx.query_row("SELECT count(*) > 0 FROM pg_roles WHERE rolname = ?1", [account], |r| r.get(0))?;
        let role: String = tx.query_row(
            if exists {
                "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L; GRANT profilence_counsellor TO %I', ?1::text, ?2::text, ?1::text)"
            } else {
                "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE profilence_counsellor', ?1::text, ?2::text)"
            },
            [account, verifier.as_str()],
            |r| r.get(0),
        )?;
        tx.execute_batch(&role)?;
        tx.execute(
            "INSERT INTO counsellors (account, agency_id) VALUES (?1, ?2) \
             ON CONFLICT (account) DO UPDATE SET agency_id = excluded.agency_id",
            rusqlite::params![account, agency_id],
        )?;
        Ok(())
    })
}

/// A PostgreSQL role name that needs no quoting and fits: what an agency names accounts.
fn is_account_name(account: &str) -> bool {
    let mut chars = account.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && account.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// The schema, the agencies and their counsellors.
pub fn status(db: &Database) -> Result<TeamStatus> {
    let schema_version = db.read(crate::migrations::version_of)?;
    let agencies = db.read(|c| {
        let mut agencies: Vec<AgencyStatus> = c
            .prepare(
                "SELECT a.name, a.territory, (SELECT count(*) FROM candidates WHERE agency_id = a.id), \
                 (SELECT group_concat(account, ',') FROM (SELECT account FROM counsellors WHERE agency_id = a.id \
                  ORDER BY account) accounts) FROM agencies a ORDER BY a.name",
            )?
            .query_map([], |r| {
                Ok(AgencyStatus {
                    name: r.get(0)?,
                    territory: r.get(1)?,
                    candidates: r.get(2)?,
                    counsellors: r
                        .get::<_, Option<String>>(3)?
                        .map(|list| list.split(',').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        agencies.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(agencies)
    })?;
    Ok(TeamStatus { server: db.name(), schema_version, latest_version: postgres::latest_version(), agencies })
}

/// Writes again the search documents of every candidate and company, `batch` records per
/// transaction: after records were loaded by other means than the core (a bulk `COPY` of
/// the benchmark, a restore by the server's tools). The numbers of candidates and companies.
pub fn reindex_search(db: &Database, batch: usize) -> Result<(usize, usize)> {
    let ids = |table: &str| -> Result<Vec<i64>> {
        db.read(|c| {
            Ok(c.prepare(&format!("SELECT id FROM {table} ORDER BY id"))?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
    };
    let (people, firms) = (ids("candidates")?, ids("companies")?);
    for chunk in people.chunks(batch.max(1)) {
        db.write(|tx| crate::candidates::reindex_all(tx, &mut chunk.to_vec()))?;
    }
    for chunk in firms.chunks(batch.max(1)) {
        db.write(|tx| crate::companies::reindex_all(tx, &mut chunk.to_vec()))?;
    }
    Ok((people.len(), firms.len()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn account_names_need_no_quoting() {
        for good in ["claire.morel", "j-lefevre", "a", "conseiller_12"] {
            assert!(super::is_account_name(good), "{good}");
        }
        for bad in ["", "Claire", "1claire", "claire morel", "clé", "x\"; DROP", &"a".repeat(64)] {
            assert!(!super::is_account_name(bad), "{bad}");
        }
    }
}
