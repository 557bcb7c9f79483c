//! The Vivier written out: one row per candidate, under the tracker's headers the import
//! recognises (a pool exported here imports as the same people), then what the list adds.

use chrono::NaiveDate;
use rusqlite::{Connection, Row};

use super::table::{Cell, Column, Table, column, moment};
use crate::{
    Result,
    candidates::{CandidateQuery, selection},
    clock::local_day,
};

pub(super) const COLUMNS: &[Column] = &[
    column("Nom", 18.0),
    column("Prénom", 16.0),
    column("Date de naissance", 12.0),
    column("E-mail", 28.0),
    column("Téléphone", 15.0),
    column("Identifiant France Travail", 14.0),
    column("Code postal", 8.0),
    column("Commune", 20.0),
    column("Métier visé", 30.0),
    column("Métier visé 2", 30.0),
    column("Métier visé 3", 30.0),
    column("Date du consentement", 12.0),
    column("Mode de recueil", 10.0),
    column("Fin du consentement", 12.0),
    column("Conseiller", 18.0),
    // Beyond what a tracker holds: headers the import leaves aside.
    column("Accord retiré le", 12.0),
    column("Disponible le", 12.0),
    column("Dernier envoi", 16.0),
];

/// The person's columns both the Vivier and the Promotions lists begin with, read from
/// `c` as the first 12 columns of their query (`person_cells` makes the first 14 cells).
pub(super) const PERSON_SELECT: &str = "c.last_name, c.first_name, c.birth_date, c.email, c.phone, \
     c.france_travail_id, c.postcode, c.commune, (SELECT json_group_array(label) FROM (SELECT label \
     FROM candidate_target_jobs WHERE candidate_id = c.id ORDER BY position)), c.consent_date, \
     c.consent_channel, c.consent_expiry";

const SELECT: &str = "c.counsellor, c.consent_withdrawn_on, c.available_from, c.last_sent_at";

/// Every candidate of `query` (its paging aside), in the list's order.
pub(super) fn table(conn: &Connection, query: &CandidateQuery, today: NaiveDate) -> Result<Table> {
    let s = selection(conn, query, today)?;
    let mut statement = conn.prepare(&format!(
        "SELECT {PERSON_SELECT}, {SELECT} FROM {} {} ORDER BY {}",
        s.from,
        s.filters.sql(),
        s.order_by
    ))?;
    let rows = statement.query_map(s.filters.args().as_slice(), row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Table { sheet: "Vivier", columns: COLUMNS, rows })
}

/// Name, birth date, contact details, place, three target jobs and the consent: the first
/// 14 cells of a row, from the first 12 columns (`PERSON_SELECT`).
pub(super) fn person_cells(r: &Row<'_>) -> rusqlite::Result<Vec<Cell>> {
    let text = |i: usize| -> rusqlite::Result<Cell> { Ok(Cell::text(r.get(i)?)) };
    let day = |i: usize| -> rusqlite::Result<Cell> { Ok(Cell::date(r.get::<_, Option<NaiveDate>>(i)?)) };
    let jobs: Vec<String> = serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default();
    let job = |n: usize| Cell::text(jobs.get(n).cloned());
    Ok(vec![
        text(0)?,
        text(1)?,
        day(2)?,
        text(3)?,
        text(4)?,
        text(5)?,
        text(6)?,
        text(7)?,
        job(0),
        job(1),
        job(2),
        day(9)?,
        Cell::text(r.get::<_, Option<String>>(10)?.as_deref().map(consent_channel_label).map(str::to_owned)),
        day(11)?,
    ])
}

fn row(r: &Row<'_>) -> rusqlite::Result<Vec<Cell>> {
    let day = |i: usize| -> rusqlite::Result<Cell> { Ok(Cell::date(r.get::<_, Option<NaiveDate>>(i)?)) };
    let last_sent: Option<String> = r.get(15)?;
    let mut cells = person_cells(r)?;
    cells.extend([
        Cell::text(r.get(12)?),
        day(13)?,
        day(14)?,
        match last_sent {
            Some(at) if local_day(&at).is_some() => moment(at),
            _ => Cell::Empty,
        },
    ]);
    Ok(cells)
}

/// How a consent was collected, in the words the import reads (`values::consent_channel`).
pub(super) fn consent_channel_label(code: &str) -> &'static str {
    match code {
        "oral" => "Oral",
        "written" => "Écrit",
        _ => "En ligne",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportField as F, mapping::recognise};

    #[test]
    fn the_trackers_headers_are_read_as_theirs_and_the_others_left_aside() {
        let fields = [
            Some(F::LastName),
            Some(F::FirstName),
            Some(F::BirthDate),
            Some(F::Email),
            Some(F::Phone),
            Some(F::FranceTravailId),
            Some(F::Postcode),
            Some(F::Commune),
            Some(F::TargetJob),
            Some(F::TargetJob),
            Some(F::TargetJob),
            Some(F::ConsentDate),
            Some(F::ConsentChannel),
            Some(F::ConsentExpiry),
            Some(F::Counsellor),
            None,
            None,
            None,
        ];
        assert_eq!(COLUMNS.len(), fields.len());
        for (column, field) in COLUMNS.iter().zip(fields) {
            assert_eq!(recognise(column.header), field, "{}", column.header);
        }
    }
}
