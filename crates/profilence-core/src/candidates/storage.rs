//! Candidates in the database: the record, its target jobs and skills, its full-text
//! entry, and the labels a new ROME release gives them.

use crate::store::{Conn, Row};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Candidate, CandidateSkill, Consent, ConsentChannel, TargetJob, Valid, consent};
use crate::{
    Error, Result,
    choices::WorkingTime,
    hiring_aids::{self, Eligibility, Person},
};

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

pub(super) fn from_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

const COLUMNS: &str = "id, last_name, first_name, birth_date, email, phone, france_travail_id, postcode, commune, \
     commune_code, consent_date, consent_channel, consent_expiry, experience, qualifications, driving_licences, \
     languages, available_from, wanted_contracts, working_time, mobility_radius_km, mobility_means, constraints, \
     rqth, rsa, qpv, long_term_unemployed, pitch, counsellor, created_at, updated_at, \
     work_constraints, sectors_avoided, sectors_preferred, consent_withdrawn_on, version";

fn from_row(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<Candidate> {
    let consent = Consent {
        date: row.get(10)?,
        channel: ConsentChannel::from_sql(&row.get::<_, String>(11)?)?,
        expiry: row.get(12)?,
        withdrawn_on: row.get(34)?,
    };
    let eligibility =
        Eligibility { rqth: row.get(23)?, rsa: row.get(24)?, qpv: row.get(25)?, long_term_unemployed: row.get(26)? };
    let birth_date: Option<NaiveDate> = row.get(3)?;
    Ok(Candidate {
        id: row.get(0)?,
        last_name: row.get(1)?,
        first_name: row.get(2)?,
        birth_date,
        email: row.get(4)?,
        phone: row.get(5)?,
        france_travail_id: row.get(6)?,
        postcode: row.get(7)?,
        commune: row.get(8)?,
        commune_code: row.get(9)?,
        consent_valid: consent.is_valid_on(today),
        consent,
        consent_history: Vec::new(),
        target_jobs: Vec::new(),
        skills: Vec::new(),
        experience: row.get(13)?,
        qualifications: row.get(14)?,
        driving_licences: from_json(&row.get::<_, String>(15)?),
        languages: from_json(&row.get::<_, String>(16)?),
        available_from: row.get(17)?,
        wanted_contracts: from_json(&row.get::<_, String>(18)?),
        working_time: row.get::<_, Option<String>>(19)?.as_deref().and_then(WorkingTime::from_code),
        mobility_radius_km: row.get(20)?,
        mobility_means: from_json(&row.get::<_, String>(21)?),
        work_constraints: from_json(&row.get::<_, String>(31)?),
        sectors_avoided: from_json(&row.get::<_, String>(32)?),
        sectors_preferred: from_json(&row.get::<_, String>(33)?),
        constraints: from_json(&row.get::<_, String>(22)?),
        // The age on `today` counts as well as the flags: the under-26 aids close on the 26th
        // birthday, the 45+ aid opens on the 45th.
        hiring_aids: hiring_aids::aids_for(&Person::new(eligibility, birth_date, today)),
        eligibility,
        pitch: row.get(27)?,
        counsellor: row.get(28)?,
        created_at: row.get(29)?,
        updated_at: row.get(30)?,
        version: row.get(35)?,
    })
}

/// Stores a new candidate checked by `validate`, without its full-text entry: for an
/// import, which checks a whole row before it writes any of it and indexes what it
/// stored once, at its end (`reindex_all`). Returns the new id.
pub(crate) fn insert(conn: &Conn, valid: &Valid) -> Result<i64> {
    save(conn, None, valid)
}

/// `update` of a candidate checked by `validate`, without its full-text entry nor the
/// record read back (an import's, like `insert`).
pub(crate) fn rewrite(conn: &Conn, id: i64, valid: &Valid) -> Result<()> {
    save(conn, Some(id), valid).map(|_| ())
}

/// The stored fields of a candidate and the named parameter each is written from (in
/// `save`), for its INSERT and its UPDATE.
const STORED: [(&str, &str); 34] = [
    ("last_name", ":last_name"),
    ("first_name", ":first_name"),
    ("birth_date", ":birth_date"),
    ("email", ":email"),
    ("phone", ":phone"),
    ("france_travail_id", ":ft_id"),
    ("postcode", ":postcode"),
    ("commune", ":commune"),
    ("commune_code", ":commune_code"),
    ("lat", ":lat"),
    ("lng", ":lng"),
    ("consent_date", ":consent_date"),
    ("consent_channel", ":consent_channel"),
    ("consent_expiry", ":consent_expiry"),
    ("experience", ":experience"),
    ("qualifications", ":qualifications"),
    ("driving_licences", ":licences"),
    ("languages", ":languages"),
    ("available_from", ":available_from"),
    ("wanted_contracts", ":contracts"),
    ("working_time", ":working_time"),
    ("mobility_radius_km", ":radius"),
    ("mobility_means", ":means"),
    ("constraints", ":constraints"),
    ("work_constraints", ":work"),
    ("sectors_avoided", ":avoided"),
    ("sectors_preferred", ":preferred"),
    ("rqth", ":rqth"),
    ("rsa", ":rsa"),
    ("qpv", ":qpv"),
    ("long_term_unemployed", ":ltu"),
    ("pitch", ":pitch"),
    ("counsellor", ":counsellor"),
    ("sort_name", "fold(:last_name || ' ' || :first_name)"),
];

/// `INSERT` (a new candidate, `:id` NULL) and `UPDATE` of every stored field.
static SAVE_SQL: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    let columns: Vec<&str> = STORED.iter().map(|(c, _)| *c).collect();
    let values: Vec<&str> = STORED.iter().map(|(_, v)| *v).collect();
    let sets: Vec<String> = STORED.iter().map(|(c, v)| format!("{c} = {v}")).collect();
    [
        format!(
            "INSERT INTO candidates (id, {}, created_at, updated_at) VALUES (:id, {}, :now, :now)",
            columns.join(", "),
            values.join(", ")
        ),
        format!("UPDATE candidates SET {}, updated_at = :now, version = version + 1 WHERE id = :id", sets.join(", ")),
    ]
});

/// Writes every field, the target jobs and skills of candidate `id`, or of a new one when
/// `id` is `None` (not its search entry). Returns its id.
fn save(conn: &Conn, id: Option<i64>, v: &Valid) -> Result<i64> {
    let before = match id {
        Some(id) => Some(consent_of(conn, id)?),
        None => None,
    };
    let now = crate::now_rfc3339();
    let e = &v.eligibility;
    conn.prepare_cached(&SAVE_SQL[usize::from(id.is_some())])?.execute(rusqlite::named_params! {
        ":last_name": v.last_name, ":first_name": v.first_name, ":birth_date": v.birth_date, ":email": v.email,
        ":phone": v.phone, ":ft_id": v.france_travail_id, ":postcode": v.postcode, ":commune": v.commune,
        ":commune_code": v.place.as_ref().map(|p| &p.insee_code), ":lat": v.place.as_ref().and_then(|p| p.lat),
        ":lng": v.place.as_ref().and_then(|p| p.lng), ":consent_date": v.consent.date,
        ":consent_channel": v.consent.channel.as_sql(), ":consent_expiry": v.consent.expiry,
        ":experience": v.experience, ":qualifications": v.qualifications, ":licences": to_json(&v.driving_licences),
        ":languages": to_json(&v.languages), ":available_from": v.available_from,
        ":contracts": to_json(&v.wanted_contracts), ":working_time": v.working_time.map(WorkingTime::code),
        ":radius": v.mobility_radius_km, ":means": to_json(&v.mobility_means), ":constraints": to_json(&v.constraints),
        ":work": to_json(&v.work_constraints), ":avoided": to_json(&v.sectors_avoided),
        ":preferred": to_json(&v.sectors_preferred),
        ":rqth": e.rqth, ":rsa": e.rsa, ":qpv": e.qpv,
        ":ltu": e.long_term_unemployed, ":pitch": v.pitch, ":counsellor": v.counsellor,
        ":now": now, ":id": id,
    })?;
    let id = match id {
        Some(id) => {
            conn.prepare_cached("DELETE FROM candidate_target_jobs WHERE candidate_id = ?1")?.execute([id])?;
            conn.prepare_cached("DELETE FROM candidate_skills WHERE candidate_id = ?1")?.execute([id])?;
            id
        }
        None => conn.last_insert_rowid()?,
    };
    consent::record(conn, id, before.as_ref(), &v.consent, &v.consent_source, &now)?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO candidate_target_jobs (candidate_id, position, job_title_code, label, rome_code, lat, lng) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    // Each job keeps the person's place: reverse targeting reads both from the job index.
    let (lat, lng) = (v.place.as_ref().and_then(|p| p.lat), v.place.as_ref().and_then(|p| p.lng));
    for (position, job) in (1_i64..).zip(&v.target_jobs) {
        insert.execute(params![id, position, job.code, job.label, job.rome_code, lat, lng])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO candidate_skills (candidate_id, position, skill_code, label) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, skill) in (1_i64..).zip(&v.skills) {
        insert.execute(params![id, position, skill.code, skill.label])?;
    }
    Ok(id)
}

/// Rewrites the full-text entry of candidate `id` from what is stored.
pub(super) fn reindex(conn: &Conn, id: i64) -> Result<()> {
    reindex_all(conn, &mut vec![id])
}

/// Rewrites the full-text entries of candidates `ids` (sorted and deduplicated here; an
/// id that no longer exists is skipped).
pub(crate) fn reindex_all(conn: &Conn, ids: &mut Vec<i64>) -> Result<()> {
    let Some(list) = crate::db::fts_clear(conn, "candidates_fts", ids)? else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO candidates_fts (rowid, names, jobs, skills, place, other) \
         SELECT c.id, fold(c.first_name || ' ' || c.last_name), \
                fold(coalesce((SELECT group_concat(t.label || ' ' || coalesce(t.rome_code, '') || ' ' || \
                     coalesce(j.label, ''), ' ') FROM candidate_target_jobs t \
                     LEFT JOIN rome_jobs j ON j.code = t.rome_code WHERE t.candidate_id = c.id), '')), \
                fold(coalesce((SELECT group_concat(s.label, ' ') FROM candidate_skills s \
                     WHERE s.candidate_id = c.id), '')), \
                fold(coalesce(c.commune, '') || ' ' || coalesce(c.postcode, '')), \
                fold(concat_ws(' ', c.email, replace(c.phone, ' ', ''), c.france_travail_id, c.qualifications, \
                     c.languages, c.counsellor)) \
         FROM candidates c WHERE c.id IN (SELECT value FROM json_each(?1))",
    )?
    .execute([&list])?;
    Ok(())
}

/// Candidate `id` as stored; an erased one is refused (« Cette personne a été effacée le … »).
pub fn get(conn: &Conn, id: i64, today: NaiveDate) -> Result<Candidate> {
    if let Some(on) = crate::db::erased_on(conn, "candidates", id)? {
        return Err(super::erased(on));
    }
    let mut candidate = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM candidates WHERE id = ?1"))?
        .query_row([id], |row| from_row(row, today))
        .optional()?
        .ok_or(Error::NotFound { entity: "Candidat", id })?;
    candidate.target_jobs = target_jobs_of(conn, id)?;
    candidate.skills = skills_of(conn, id)?;
    candidate.consent_history = consent::history_of(conn, id)?;
    Ok(candidate)
}

/// The consent in force of candidate `id`, as stored.
fn consent_of(conn: &Conn, id: i64) -> Result<Consent> {
    Ok(conn
        .prepare_cached("SELECT consent_date, consent_channel, consent_expiry FROM candidates WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Consent {
                date: r.get(0)?,
                channel: ConsentChannel::from_sql(&r.get::<_, String>(1)?)?,
                expiry: r.get(2)?,
                // The form never writes a withdrawal: compared without it.
                withdrawn_on: None,
            })
        })?)
}

pub(super) fn target_jobs_of(conn: &Conn, id: i64) -> Result<Vec<TargetJob>> {
    let mut statement = conn.prepare_cached(
        "SELECT job_title_code, label, rome_code FROM candidate_target_jobs WHERE candidate_id = ?1 ORDER BY position",
    )?;
    Ok(statement
        .query_map([id], |r| Ok(TargetJob { code: r.get(0)?, label: r.get(1)?, rome_code: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The sectors candidate `id` avoids and prefers, as stored (both lists together).
pub(super) fn sectors_of(conn: &Conn, id: i64) -> Result<Vec<super::NafSector>> {
    let (avoided, preferred): (String, String) = conn
        .prepare_cached("SELECT sectors_avoided, sectors_preferred FROM candidates WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut sectors: Vec<super::NafSector> = from_json(&avoided);
    sectors.extend(from_json::<Vec<super::NafSector>>(&preferred));
    Ok(sectors)
}

pub(super) fn skills_of(conn: &Conn, id: i64) -> Result<Vec<CandidateSkill>> {
    let mut statement = conn
        .prepare_cached("SELECT skill_code, label FROM candidate_skills WHERE candidate_id = ?1 ORDER BY position")?;
    Ok(statement
        .query_map([id], |r| Ok(CandidateSkill { code: r.get(0)?, label: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Candidates keep the labels their jobs and skills had; a new ROME release that renames
/// one updates them (and their search entries). Codes that left the ROME keep their old
/// label. Returns how many candidates changed.
pub(crate) fn relabel(conn: &Conn) -> Result<u32> {
    let mut ids: Vec<i64> = conn
        .prepare(
            "UPDATE candidate_target_jobs SET label = j.label, rome_code = j.rome_code FROM job_titles j \
             WHERE j.code = candidate_target_jobs.job_title_code \
               AND (candidate_target_jobs.label <> j.label OR candidate_target_jobs.rome_code IS DISTINCT FROM j.rome_code) \
             RETURNING candidate_id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let skills: Vec<i64> = conn
        .prepare(
            "UPDATE candidate_skills SET label = s.label FROM skills s \
             WHERE s.code = candidate_skills.skill_code AND candidate_skills.label <> s.label \
             RETURNING candidate_id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.extend(skills);
    reindex_all(conn, &mut ids)?;
    Ok(ids.len() as u32)
}
