//! The counsellor's own details, printed on every profile sheet they send.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Result, validation::Checker};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CounsellorSettings {
    pub name: String,
    pub agency: String,
    pub phone: String,
    pub email: String,
}

pub fn get(conn: &Connection) -> Result<CounsellorSettings> {
    Ok(conn.query_row("SELECT name, agency, phone, email FROM counsellor_settings WHERE id = 1", [], |row| {
        Ok(CounsellorSettings { name: row.get(0)?, agency: row.get(1)?, phone: row.get(2)?, email: row.get(3)? })
    })?)
}

/// Checks and saves; returns the settings as stored (trimmed, phone normalised).
pub fn update(conn: &Connection, input: &CounsellorSettings) -> Result<CounsellorSettings> {
    let mut check = Checker::new();
    let clean = CounsellorSettings {
        name: check.required("name", &input.name, 120),
        agency: check.required("agency", &input.agency, 160),
        phone: check.phone("phone", &input.phone).unwrap_or_default(),
        email: check.email("email", &input.email).unwrap_or_default(),
    };
    check.finish()?;
    conn.execute(
        "UPDATE counsellor_settings SET name = ?1, agency = ?2, phone = ?3, email = ?4 WHERE id = 1",
        [&clean.name, &clean.agency, &clean.phone, &clean.email],
    )?;
    Ok(clean)
}
