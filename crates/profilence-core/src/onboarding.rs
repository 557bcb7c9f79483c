//! First launch: the counsellor chooses to explore demo data or to start empty, once.

use crate::store::Conn;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;

const KEY: &str = "onboarding";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum StartChoice {
    Demo,
    Empty,
}

/// What the counsellor chose at first launch, or `None` if the question is still open. A
/// team's database asks nothing: its administrator set it up (`profilence-cli team init`),
/// and what it holds is the team's.
pub fn choice(conn: &Conn) -> Result<Option<StartChoice>> {
    if conn.is_postgres() {
        return Ok(Some(StartChoice::Empty));
    }
    let value: Option<String> =
        conn.query_row("SELECT value FROM app_meta WHERE key = ?1", [KEY], |row| row.get(0)).optional()?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
}

pub fn record(conn: &Conn, choice: StartChoice) -> Result<()> {
    let value = serde_json::to_string(&choice).unwrap_or_default();
    conn.execute(
        "INSERT INTO app_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [KEY, value.as_str()],
    )?;
    Ok(())
}
