//! The right to erasure: a candidate, a company contact or a company erased at the
//! person's request (`Action::Erase`) or by the retention rule (`retention.rs`,
//! `Action::Anonymise`), in one transaction, journaled with counts only.
//!
//! What the dashboards counted stays, anonymous, so that past figures do not move: the
//! promotions (their dates, status, channel, counsellor, agency), and of the candidate a
//! tombstone row (`erased_at` set) holding only what `stats::facts` reads — consent dates,
//! the publics ticked, the counsellor, the target jobs' ROME codes (`erased_target_jobs`,
//! without titles), the department lived in (not the commune) and the birth date
//! **coarsened to the first day of its month**. The
//! last one is the one honest difference: a person whose 26th or 50th birthday falls in
//! the days of a month before their real birthday is counted older from the 1st of that
//! month, so a promotion sent in those few days could move between the age publics. Every
//! other figure is unchanged (`tests/erasure.rs` compares whole dashboards) but the table
//! by commune, where their promotions move to « commune non renseignée ».
//!
//! Everything else goes: names, e-mail, phone, address, France Travail id, free texts,
//! skills, target job titles, consent history, search entry, stored sheets, the pitches
//! and event comments of their promotions. With `PRAGMA secure_delete` (`db.rs`) the freed
//! pages are zeroed in the file.

use crate::store::Conn;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::{
    Error, Result,
    anonymise::{mask_contacts, replace_words},
    journal::{self, Action, Subject},
    text::french_date,
};

/// What an erasure removed and kept, in counts (the journal's detail, the window's notice).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasureSummary {
    /// Promotions kept as anonymous statistics.
    pub promotions_kept: u32,
    pub sheets_deleted: u32,
    pub consent_events_deleted: u32,
    pub target_jobs: u32,
    pub skills_deleted: u32,
    /// Event comments blanked or scrubbed.
    pub comments_cleared: u32,
    /// Contacts erased (a company's).
    pub contacts_deleted: u32,
}

impl ErasureSummary {
    /// In French, counts only: « 3 promotions gardées anonymes, 2 fiches supprimées ».
    pub fn describe(&self) -> String {
        let mut parts = vec![count(self.promotions_kept, "promotion gardée anonyme", "promotions gardées anonymes")];
        parts.push(count(self.sheets_deleted, "fiche supprimée", "fiches supprimées"));
        for (n, one, many) in [
            (self.consent_events_deleted, "événement de consentement supprimé", "événements de consentement supprimés"),
            (
                self.target_jobs,
                "métier recherché réduit à son code ROME",
                "métiers recherchés réduits à leur code ROME",
            ),
            (self.skills_deleted, "compétence supprimée", "compétences supprimées"),
            (self.comments_cleared, "commentaire effacé", "commentaires effacés"),
            (self.contacts_deleted, "interlocuteur supprimé", "interlocuteurs supprimés"),
        ] {
            if n > 0 {
                parts.push(count(n, one, many));
            }
        }
        parts.join(", ")
    }
}

fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// What the confirmation of a candidate's erasure says, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasurePreview {
    /// « Léa Martin »: whom the dialog is about (shown, never journaled).
    pub name: String,
    pub counts: ErasureSummary,
    /// What goes, in French, one line each.
    pub goes: Vec<String>,
    /// What stays, in French, one line each.
    pub stays: Vec<String>,
}

/// Why a record is erased: the journal's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// At the person's request (right to erasure).
    Request,
    /// By the retention rule.
    Retention,
}

impl Why {
    fn action(self) -> Action {
        match self {
            Self::Request => Action::Erase,
            Self::Retention => Action::Anonymise,
        }
    }
}

fn counts_of(conn: &Conn, id: i64) -> Result<ErasureSummary> {
    let n = |sql: &str| -> Result<u32> { Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?) };
    Ok(ErasureSummary {
        promotions_kept: n("SELECT count(*) FROM promotions WHERE candidate_id = ?1")?,
        sheets_deleted: n("SELECT count(*) FROM promotion_sheets s JOIN promotions p ON p.id = s.promotion_id \
                           WHERE p.candidate_id = ?1")?,
        consent_events_deleted: n("SELECT count(*) FROM consent_events WHERE candidate_id = ?1")?,
        target_jobs: n("SELECT count(*) FROM candidate_target_jobs WHERE candidate_id = ?1")?,
        skills_deleted: n("SELECT count(*) FROM candidate_skills WHERE candidate_id = ?1")?,
        comments_cleared: n("SELECT count(*) FROM promotion_events e JOIN promotions p ON p.id = e.promotion_id \
                             WHERE p.candidate_id = ?1 AND e.comment <> ''")?,
        contacts_deleted: 0,
    })
}

/// Refuses an unknown or already erased candidate; returns « Prénom Nom ».
fn live_candidate(conn: &Conn, id: i64) -> Result<String> {
    if let Some(on) = crate::db::erased_on(conn, "candidates", id)? {
        return Err(Error::Rule(format!("Cette personne a déjà été effacée le {}.", french_date(on))));
    }
    conn.prepare_cached("SELECT first_name || ' ' || last_name FROM candidates WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { entity: "Candidat", id })
}

/// What erasing candidate `id` would remove and keep.
pub fn erasure_preview(conn: &Conn, id: i64) -> Result<ErasurePreview> {
    let name = live_candidate(conn, id)?;
    let counts = counts_of(conn, id)?;
    let goes = vec![
        "Nom, prénom, e-mail, téléphone, adresse, commune, identifiant France Travail".to_owned(),
        "Textes libres : expérience, qualifications, contraintes, pitch".to_owned(),
        count(counts.skills_deleted, "compétence", "compétences"),
        format!("Intitulés des métiers recherchés ({})", counts.target_jobs),
        count(
            counts.consent_events_deleted,
            "événement de l'historique du consentement",
            "événements de l'historique du consentement",
        ),
        count(counts.sheets_deleted, "fiche profil conservée", "fiches profil conservées"),
        "Pitchs et commentaires des promotions".to_owned(),
        "Entrée dans la recherche".to_owned(),
    ];
    let stays = vec![
        format!(
            "{} comme statistiques anonymes (dates, statut, canal, conseiller) : les tableaux de bord ne changent pas",
            count(counts.promotions_kept, "promotion gardée", "promotions gardées")
        ),
        "Codes ROME des métiers recherchés, publics cochés, dates du consentement, conseiller référent".to_owned(),
        "Mois et année de naissance (le jour est effacé)".to_owned(),
        "Le journal : « Effacement, candidat·e n° … », sans nom".to_owned(),
    ];
    Ok(ErasurePreview { name, counts, goes, stays })
}

/// Opens or closes the gate that lets an erasure blank the comments of promotion events
/// (migration 0016): opened and closed inside the erasure's own transaction.
fn gate(conn: &Conn, open: bool) -> Result<()> {
    conn.prepare_cached("UPDATE erasure_gate SET open = ?1 WHERE id = 1")?.execute([open])?;
    Ok(())
}

/// Erases candidate `id` at the person's request: see the module. One transaction (the
/// caller's `Database::write`), journaled as `Action::Erase` with counts only.
pub fn erase_candidate(conn: &Conn, id: i64, reason: Why) -> Result<ErasureSummary> {
    erase_candidate_with(conn, id, reason, true)
}

/// A deleted entry of a contentless FTS5 index is only marked deleted: its words stay in
/// the index's segments until they are merged. Merging them all (`optimize`) leaves none.
/// It rewrites the whole index: a retention run does it once at its end.
pub(crate) fn forget_deleted_entries(conn: &Conn, fts: &str) -> Result<()> {
    conn.execute_batch(&format!("INSERT INTO {fts} ({fts}) VALUES ('optimize');"))?;
    Ok(())
}

/// `erase_candidate`; `optimise`: the search index merged at once (`forget_deleted_entries`).
pub(crate) fn erase_candidate_with(conn: &Conn, id: i64, reason: Why, optimise: bool) -> Result<ErasureSummary> {
    live_candidate(conn, id)?;
    let summary = counts_of(conn, id)?;
    let now = crate::now_rfc3339();
    conn.prepare_cached(
        "INSERT INTO erased_target_jobs (candidate_id, position, rome_code) \
         SELECT candidate_id, position, rome_code FROM candidate_target_jobs \
         WHERE candidate_id = ?1 AND rome_code IS NOT NULL",
    )?
    .execute([id])?;
    for sql in [
        "DELETE FROM candidate_target_jobs WHERE candidate_id = ?1",
        "DELETE FROM candidate_skills WHERE candidate_id = ?1",
        "DELETE FROM consent_events WHERE candidate_id = ?1",
        "DELETE FROM promotion_sheets WHERE promotion_id IN (SELECT id FROM promotions WHERE candidate_id = ?1)",
        // The employers' replies speak of the person: they go, like the events' comments.
        "DELETE FROM employer_replies WHERE promotion_id IN (SELECT id FROM promotions WHERE candidate_id = ?1)",
        // What the check-ins after a hire say of the person: their comments go too.
        "UPDATE hire_checkins SET comment = '' WHERE comment <> '' \
         AND promotion_id IN (SELECT id FROM promotions WHERE candidate_id = ?1)",
        "UPDATE promotions SET pitch = '', subject = NULL, repeat_reason = NULL WHERE candidate_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([id])?;
    }
    gate(conn, true)?;
    conn.prepare_cached(
        "UPDATE promotion_events SET comment = '' WHERE comment <> '' \
         AND promotion_id IN (SELECT id FROM promotions WHERE candidate_id = ?1)",
    )?
    .execute([id])?;
    gate(conn, false)?;
    crate::db::fts_clear(conn, "candidates_fts", &mut vec![id])?;
    if optimise {
        forget_deleted_entries(conn, "candidates_fts")?;
    }
    // The tombstone: what the dashboards read, and nothing that names the person. Of where
    // they lived, the department alone (in `commune_code`, `stats::territory`): the
    // dashboards by department do not move; the commune goes with the address.
    let place: Option<(Option<String>, Option<String>)> = conn
        .query_row("SELECT commune_code, postcode FROM candidates WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let department = match place {
        Some((code, postcode)) => crate::stats::territory::department_of(conn, code.as_deref(), postcode.as_deref())?,
        None => None,
    };
    conn.prepare_cached(
        "UPDATE candidates SET last_name = '', first_name = '', sort_name = '', \
         birth_date = CASE WHEN birth_date IS NULL THEN NULL ELSE substr(birth_date, 1, 8) || '01' END, \
         email = NULL, phone = NULL, france_travail_id = NULL, postcode = NULL, commune = NULL, \
         commune_code = ?3, lat = NULL, lng = NULL, mobility_radius_km = NULL, mobility_means = '[]', \
         experience = '', qualifications = '', driving_licences = '[]', languages = '[]', available_from = NULL, \
         wanted_contracts = '[]', working_time = NULL, constraints = '[]', work_constraints = '[]', \
         sectors_avoided = '[]', sectors_preferred = '[]', pitch = '', erased_at = ?2, updated_at = ?2 \
         WHERE id = ?1",
    )?
    .execute(params![id, now, department])?;
    journal::record(conn, reason.action(), Subject::Candidate(id), &summary.describe())?;
    Ok(summary)
}

/// Erases contact `contact_id` of company `company_id`: the row goes (promotions addressed
/// to them keep their figures, `contact_id` set to NULL by the foreign key) and their
/// name, e-mail and phone are scrubbed from the pitches and event comments of those
/// promotions. Journaled (`Subject::Contact`).
pub fn erase_contact(conn: &Conn, company_id: i64, contact_id: i64, reason: Why) -> Result<ErasureSummary> {
    erase_contact_with(conn, company_id, contact_id, reason, true)
}

/// `erase_contact`; `optimise`: the search index merged at once (`forget_deleted_entries`).
pub(crate) fn erase_contact_with(
    conn: &Conn,
    company_id: i64,
    contact_id: i64,
    reason: Why,
    optimise: bool,
) -> Result<ErasureSummary> {
    if let Some(on) = crate::db::erased_on(conn, "companies", company_id)? {
        return Err(Error::Rule(format!("Cette entreprise a déjà été effacée le {}.", french_date(on))));
    }
    let summary = scrub_contact(conn, company_id, contact_id)?;
    conn.prepare_cached("UPDATE companies SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![company_id, crate::now_rfc3339()])?;
    crate::companies::reindex_all(conn, &mut vec![company_id])?;
    if optimise {
        forget_deleted_entries(conn, "companies_fts")?;
    }
    journal::record(conn, reason.action(), Subject::Contact(contact_id), &summary.describe())?;
    Ok(summary)
}

/// Scrubs contact `contact_id` from the texts of the promotions addressed to them, then
/// deletes the row.
fn scrub_contact(conn: &Conn, company_id: i64, contact_id: i64) -> Result<ErasureSummary> {
    let (name, email, phone): (String, Option<String>, Option<String>) = conn
        .prepare_cached("SELECT name, email, phone FROM company_contacts WHERE id = ?1 AND company_id = ?2")?
        .query_row([contact_id, company_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or(Error::NotFound { entity: "Interlocuteur", id: contact_id })?;
    let mut words: Vec<String> = vec![name.clone()];
    words.extend(name.split([' ', '-']).filter(|p| p.chars().count() >= 3).map(str::to_owned));
    words.extend(email.into_iter().chain(phone));
    words.retain(|w| !w.trim().is_empty());
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let scrub = |text: &str| -> String {
        let mut out = text.to_owned();
        for word in &words {
            out = replace_words(&out, word.trim(), "[interlocuteur effacé]");
        }
        mask_contacts(&out)
    };
    let mut summary = ErasureSummary { contacts_deleted: 1, ..ErasureSummary::default() };
    let promotions: Vec<(i64, String, Option<String>)> = conn
        .prepare_cached("SELECT id, pitch, subject FROM promotions WHERE contact_id = ?1")?
        .query_map([contact_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    summary.promotions_kept = promotions.len() as u32;
    gate(conn, true)?;
    for (promotion, pitch, subject) in &promotions {
        let scrubbed = scrub(pitch);
        if &scrubbed != pitch {
            conn.prepare_cached("UPDATE promotions SET pitch = ?2 WHERE id = ?1")?
                .execute(params![promotion, scrubbed])?;
        }
        if let Some(subject) = subject
            && scrub(subject) != *subject
        {
            conn.prepare_cached("UPDATE promotions SET subject = ?2 WHERE id = ?1")?
                .execute(params![promotion, scrub(subject)])?;
        }
        let comments: Vec<(i64, String)> = conn
            .prepare_cached("SELECT id, comment FROM promotion_events WHERE promotion_id = ?1 AND comment <> ''")?
            .query_map([promotion], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (event, comment) in comments {
            let scrubbed = scrub(&comment);
            if scrubbed != comment {
                conn.prepare_cached("UPDATE promotion_events SET comment = ?2 WHERE id = ?1")?
                    .execute(params![event, scrubbed])?;
                summary.comments_cleared += 1;
            }
        }
    }
    gate(conn, false)?;
    conn.prepare_cached("DELETE FROM company_contacts WHERE id = ?1")?.execute([contact_id])?;
    Ok(summary)
}

/// Erases company `id`: it becomes an anonymous tombstone (name « Entreprise effacée »,
/// SIRET replaced by a unique placeholder, address, place, notes, contacts and
/// commitments gone; NAF, headcount band and legal nature kept), its promotions kept with
/// their figures. Journaled as `Action::Erase` (`Subject::Company`).
pub fn erase_company(conn: &Conn, id: i64) -> Result<ErasureSummary> {
    if let Some(on) = crate::db::erased_on(conn, "companies", id)? {
        return Err(Error::Rule(format!("Cette entreprise a déjà été effacée le {}.", french_date(on))));
    }
    let contacts: Vec<i64> = conn
        .prepare_cached("SELECT id FROM company_contacts WHERE company_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if contacts.is_empty() && !conn.prepare_cached("SELECT 1 FROM companies WHERE id = ?1")?.exists([id])? {
        return Err(Error::NotFound { entity: "Entreprise", id });
    }
    let mut summary = ErasureSummary::default();
    for contact in contacts {
        // Each contact's own scrub, without an entry of its own in the journal.
        let part = erase_contact_quietly(conn, id, contact)?;
        summary.comments_cleared += part.comments_cleared;
        summary.contacts_deleted += 1;
    }
    let name: String =
        conn.prepare_cached("SELECT name FROM companies WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    gate(conn, true)?;
    for (table, column) in [("promotions", "pitch"), ("promotions", "subject"), ("promotion_events", "comment")] {
        let rows: Vec<(i64, String)> = conn
            .prepare_cached(&format!(
                "SELECT t.id, t.{column} FROM {table} t WHERE t.{column} <> '' AND {}",
                if table == "promotions" {
                    "t.company_id = ?1"
                } else {
                    "t.promotion_id IN (SELECT id FROM promotions WHERE company_id = ?1)"
                }
            ))?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (row, text) in rows {
            let scrubbed = replace_words(&text, &name, "[entreprise effacée]");
            if scrubbed != text {
                conn.prepare_cached(&format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"))?
                    .execute(params![row, scrubbed])?;
                if table == "promotion_events" {
                    summary.comments_cleared += 1;
                }
            }
        }
    }
    gate(conn, false)?;
    summary.promotions_kept =
        conn.prepare_cached("SELECT count(*) FROM promotions WHERE company_id = ?1")?.query_row([id], |r| r.get(0))?;
    conn.prepare_cached("DELETE FROM company_commitments WHERE company_id = ?1")?.execute([id])?;
    crate::db::fts_clear(conn, "companies_fts", &mut vec![id])?;
    forget_deleted_entries(conn, "companies_fts")?;
    let now = crate::now_rfc3339();
    conn.prepare_cached(
        "UPDATE companies SET name = 'Entreprise effacée', siret = printf('X%013d', id), sort_name = '', \
         postcode = NULL, commune = NULL, address = NULL, commune_code = NULL, lat = NULL, lng = NULL, \
         hiring_potential = NULL, max_contacts_per_month = NULL, notes = '', erased_at = ?2, updated_at = ?2 \
         WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    journal::record(conn, Action::Erase, Subject::Company(id), &summary.describe())?;
    Ok(summary)
}

/// `erase_contact` without its journal entry (a company's erasure journals once).
fn erase_contact_quietly(conn: &Conn, company_id: i64, contact_id: i64) -> Result<ErasureSummary> {
    scrub_contact(conn, company_id, contact_id)
}
