//! The Vivier written out: one row per candidate, under the tracker's headers the import
//! recognises (a pool exported here imports as the same people), then what the list adds.

use crate::store::{Conn, Row};
use chrono::NaiveDate;

use super::table::{Batch, Column, Listing, Sheet, column, date_of, moment, text_of};
use crate::{
    Result,
    candidates::{CandidateQuery, selection},
};

pub(super) const SHEET: Sheet = Sheet { name: "Vivier", parts: &[PERSON_COLUMNS, COLUMNS] };

/// The person's columns both the Vivier and the Promotions lists begin with, under the
/// tracker's headers (`person_cells` fills them).
pub(super) const PERSON_COLUMNS: &[Column] = &[
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
];

/// After the person's.
const COLUMNS: &[Column] = &[
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
     FROM candidate_target_jobs WHERE candidate_id = c.id ORDER BY position) jobs), c.consent_date, \
     c.consent_channel, c.consent_expiry";

const SELECT: &str = "c.counsellor, c.consent_withdrawn_on, c.available_from, c.last_sent_at";

/// Every candidate of `query` (its paging aside), in the list's order.
pub(super) fn listing(conn: &Conn, query: &CandidateQuery, today: NaiveDate) -> Result<Listing> {
    let s = selection(conn, query, today)?;
    Ok(Listing {
        sheet: SHEET,
        sql: format!("SELECT {PERSON_SELECT}, {SELECT} FROM {} {} ORDER BY {}", s.from, s.filters.sql(), s.order_by),
        filters: s.filters,
        row,
    })
}

/// A target job's label, borrowed from the query's JSON array when it holds no escape.
#[derive(serde::Deserialize)]
struct Job<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);

/// Name, birth date, contact details, place, three target jobs and the consent: the first
/// 14 cells of a row, from the first 12 columns (`PERSON_SELECT`).
pub(super) fn person_cells(r: &Row<'_>, out: &mut Batch) -> rusqlite::Result<()> {
    out.column(r, 0)?;
    out.column(r, 1)?;
    out.date(date_of(r, 2)?);
    for i in 3..8 {
        out.column(r, i)?;
    }
    let jobs: Vec<Job<'_>> = text_of(r, 8)?.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
    for n in 0..3 {
        out.text(jobs.get(n).map_or("", |j| &j.0));
    }
    out.date(date_of(r, 9)?);
    out.label(text_of(r, 10)?, |code| Some(consent_channel_label(code)));
    out.date(date_of(r, 11)?);
    Ok(())
}

fn row(r: &Row<'_>, out: &mut Batch) -> rusqlite::Result<()> {
    person_cells(r, out)?;
    out.column(r, 12)?;
    out.date(date_of(r, 13)?);
    out.date(date_of(r, 14)?);
    out.push(moment(text_of(r, 15)?));
    Ok(())
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
        assert_eq!(SHEET.width(), fields.len());
        for (column, field) in SHEET.columns().zip(fields) {
            assert_eq!(recognise(column.header), field, "{}", column.header);
        }
    }
}
