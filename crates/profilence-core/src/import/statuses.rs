//! The file's free-text statuses ("RDV le 12/03", "embauché CDD"…): what each records,
//! as the counsellor chose it in the preview, as remembered from an earlier file, or as
//! read by the built-in rules; the choices are remembered for the next file.

use std::collections::HashMap;

use crate::store::Conn;
use rusqlite::OptionalExtension;

use super::{
    ColumnSource, ImportOptions, StatusChoice, StatusReading,
    columns::SheetPlan,
    mapping::{ImportField as F, normalise_header},
    values::{self, Status},
};
use crate::{
    Result,
    choices::{EventKind, RefusalReason},
    text::fold,
};

/// How many of the file's distinct statuses are listed for mapping.
const MAX_STATUSES: usize = 200;

fn status_key(text: &str) -> String {
    format!("import.status:{}", normalise_header(text))
}

pub(super) fn remember(conn: &Conn, choice: &StatusChoice) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO app_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute([status_key(&choice.text), choice.event.map_or("none", EventKind::code).to_owned()])?;
    Ok(())
}

fn remembered_status(conn: &Conn, text: &str) -> Result<Option<Option<EventKind>>> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM app_meta WHERE key = ?1")?
        .query_row([status_key(text)], |r| r.get(0))
        .optional()?;
    Ok(value.map(|v| EventKind::from_code(&v)))
}

/// A status chosen or remembered: the event, with what the text itself says of the
/// contract or the refusal.
fn status_with(event: Option<EventKind>, text: &str) -> Option<Status> {
    let event = event?;
    let builtin = values::status(text).filter(|s| s.event == event);
    Some(builtin.unwrap_or(Status {
        event,
        contract_type: (event == EventKind::Hired).then(|| values::contract_in(&fold(text))).flatten(),
        reason: matches!(event, EventKind::Refused | EventKind::NotRetained).then_some(RefusalReason::Other),
    }))
}

/// What the file's statuses will record, by their normalised text: `None` for one not
/// understood (kept as a note, and listed for the counsellor to map).
pub(super) type Meanings = HashMap<String, Option<Status>>;

/// Every distinct status of the file and what it will record: the counsellor's choice,
/// else the one remembered, else the built-in reading.
pub(super) fn read(
    conn: &Conn,
    options: &ImportOptions,
    plans: &[SheetPlan<'_>],
) -> Result<(Vec<StatusReading>, Meanings)> {
    let mut found: Vec<(String, u32)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for plan in plans {
        let columns: Vec<usize> = plan.fields.iter().filter(|(_, f)| *f == F::Status).map(|(i, _)| *i).collect();
        for &position in &plan.table.data {
            let row = &plan.sheet.rows[position];
            let Some(value) = columns.iter().map(|&c| row.get(c)).find(|v| !v.is_empty()) else { continue };
            let text = values::text(value);
            let key = normalise_header(&text);
            match index.get(&key) {
                Some(&i) => found[i].1 += 1,
                None => {
                    index.insert(key, found.len());
                    found.push((text, 1));
                }
            }
        }
    }
    let mut readings = Vec::new();
    let mut meanings = Meanings::new();
    for (text, rows) in found {
        let key = normalise_header(&text);
        let chosen = options.statuses.iter().find(|c| normalise_header(&c.text) == key);
        let (status, source) = match chosen {
            Some(c) => (status_with(c.event, &text), ColumnSource::Chosen),
            None => match remembered_status(conn, &text)? {
                Some(event) => (status_with(event, &text), ColumnSource::Remembered),
                None => match values::status(&text) {
                    Some(s) => (Some(s), ColumnSource::Recognised),
                    None => (None, ColumnSource::Unknown),
                },
            },
        };
        // A status chosen as meaning nothing is known, not "unknown".
        let known = source != ColumnSource::Unknown;
        meanings.insert(key, if known { Some(status.unwrap_or(Status::of(EventKind::Note))) } else { None });
        if readings.len() < MAX_STATUSES {
            readings.push(StatusReading { text, rows, event: status.map(|s| s.event), source });
        }
    }
    // Those to map first, then the most frequent.
    readings.sort_by_key(|r| (r.source != ColumnSource::Unknown, std::cmp::Reverse(r.rows)));
    Ok((readings, meanings))
}
