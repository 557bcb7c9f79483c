//! The team a desktop joined: the server and the account, kept in the desktop's own
//! encrypted database (migration 0029), and the account's password in the OS keychain
//! beside the database key (or, for headless use, in a file beside the key file). While a
//! desktop is a member, the app opens the team's database in place of its own.

use std::path::PathBuf;

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::{
    Database, Error, FieldError, Result,
    keys::{KeySource, keychain},
    store::postgres::TeamServer,
};

/// Where the team is and who signs in: what the counsellor types in Paramètres.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Membership {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub account: String,
    /// The authority's certificate (PEM) when the agency's server has its own.
    pub ca_certificate: Option<String>,
}

impl Membership {
    pub fn server(&self) -> TeamServer {
        TeamServer {
            host: self.host.trim().to_owned(),
            port: self.port,
            database: self.database.trim().to_owned(),
            user: self.account.trim().to_owned(),
            ca_certificate: self.ca_certificate.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(PathBuf::from),
        }
    }

    /// What is missing, in French, field by field.
    pub fn check(&self) -> Result<()> {
        let mut errors = Vec::new();
        for (field, value, message) in [
            ("host", &self.host, "Indiquez l'adresse du serveur de l'équipe (par exemple serveur.agence.local)."),
            ("database", &self.database, "Indiquez le nom de la base de l'équipe (profilence, sauf indication)."),
            ("account", &self.account, "Indiquez votre compte sur le serveur, donné par son administrateur."),
        ] {
            if value.trim().is_empty() {
                errors.push(FieldError::new(field, message));
            }
        }
        if self.port == 0 {
            errors.push(FieldError::new("port", "Indiquez le port du serveur (5432, sauf indication)."));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
    }
}

/// The team this desktop joined, if it did.
pub fn get(desktop: &Database) -> Result<Option<Membership>> {
    desktop.read(|conn| {
        Ok(conn
            .query_row(
                "SELECT host, port, database, account, ca_certificate FROM team_membership WHERE id = 1",
                [],
                |r| {
                    Ok(Membership {
                        host: r.get(0)?,
                        port: r.get(1)?,
                        database: r.get(2)?,
                        account: r.get(3)?,
                        ca_certificate: r.get(4)?,
                    })
                },
            )
            .optional()?)
    })
}

/// Records that this desktop works on `membership`'s team from now on.
pub fn join(desktop: &Database, membership: &Membership) -> Result<()> {
    let server = membership.server();
    desktop.write(|conn| {
        conn.execute(
            "INSERT INTO team_membership (id, host, port, database, account, ca_certificate, joined_at) \
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET host = excluded.host, \
             port = excluded.port, database = excluded.database, account = excluded.account, \
             ca_certificate = excluded.ca_certificate, joined_at = excluded.joined_at",
            rusqlite::params![
                server.host,
                server.port,
                server.database,
                server.user,
                server.ca_certificate.as_ref().map(|p| p.display().to_string()),
                crate::now_rfc3339()
            ],
        )?;
        Ok(())
    })
}

/// Back to the desktop's own database (the team's records stay on the server).
pub fn leave(desktop: &Database) -> Result<()> {
    desktop.write(|conn| {
        conn.execute("DELETE FROM team_membership", [])?;
        Ok(())
    })
}

/// Where the account's password is kept: beside the database key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordStore {
    Keychain,
    File(PathBuf),
}

impl PasswordStore {
    pub fn beside(keys: &KeySource) -> Self {
        match keys {
            KeySource::Keychain => Self::Keychain,
            KeySource::KeyFile(path) => Self::File(path.with_extension("team")),
        }
    }

    /// The keychain's entry: one per account and server, so that two accounts on one
    /// computer do not share it.
    fn account(server: &TeamServer) -> String {
        format!("team:{}", server.label())
    }

    pub fn load(&self, server: &TeamServer) -> Result<Option<Zeroizing<String>>> {
        match self {
            Self::Keychain => Ok(keychain::load(&Self::account(server))?),
            Self::File(path) => match std::fs::read_to_string(path) {
                Ok(text) => Ok(Some(Zeroizing::new(text))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::io(path, e)),
            },
        }
    }

    pub fn keep(&self, server: &TeamServer, password: &str) -> Result<()> {
        match self {
            Self::Keychain => Ok(keychain::store(&Self::account(server), password)?),
            Self::File(path) => {
                crate::backup::store::write_private_replacing(path, password.as_bytes()).map_err(|e| Error::io(path, e))
            }
        }
    }
}

/// Who works on the team's database: the account signed in and its agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignedIn {
    /// « postgres://lea.guillou@serveur:5432/profilence ».
    pub server: String,
    pub account: String,
    pub agency: Option<String>,
}

pub fn signed_in(team: &Database) -> Result<SignedIn> {
    let (account, agency) = team.read(|conn| {
        Ok(conn.query_row(
            "SELECT session_user::text, (SELECT name FROM agencies WHERE id = profilence_agency())",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    })?;
    Ok(SignedIn { server: team.name(), account, agency })
}
