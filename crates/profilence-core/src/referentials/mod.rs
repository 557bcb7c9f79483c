//! The official referentials as the app uses them: ROME 4.0 (job sheets, job titles,
//! skills, mobility, NAF sectors, work contexts), the communes and NAF — their versions,
//! and the search-as-you-type lookups of the forms.

mod communes;
mod csv_file;
mod hiring;
mod import;

use crate::store::Conn;
use rusqlite::{OptionalExtension, ToSql};
use serde::Serialize;
use ts_rs::TS;

pub use communes::find_reference_data_dir;
use communes::{communes_csv, load_communes};
use csv_file::CsvFile;
pub use csv_file::is_naf_code;
pub(crate) use import::store;
pub use import::{ImportSummary, Release, SkillKind, read_folder};

use crate::{
    Result,
    constraints::{JobDemands, WorkContext},
    geo::Commune,
    text::{contains_pattern, fold, words},
};

/// Suggestions shown under a search-as-you-type field.
pub const SUGGESTIONS: usize = 15;

/// One loaded referential, as Paramètres → Référentiels shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReferentialVersion {
    /// `rome`, `communes`, `naf` or `hiring`.
    pub kind: String,
    pub version: String,
    pub title: String,
    /// Publication date (YYYY-MM-DD) when the release gives it.
    pub published: Option<String>,
    /// Job titles, communes, NAF sub-classes or jobs with hiring data loaded.
    pub items: u32,
    pub imported_at: String,
    /// Why this release should be imported again, if it should: a ROME imported by a
    /// release of the app that did not read its work contexts yet.
    pub reimport: Option<String>,
}

/// Said of a ROME installed without its work contexts.
pub const ROME_WITHOUT_CONTEXTS: &str = "Importé avant la prise en compte des contextes de travail : importez à \
     nouveau le ROME pour que les contraintes des candidats (week-end, nuit…) soient comparées aux métiers.";

/// `version` with what it lacks said (`reimport`).
fn with_reimport(conn: &Conn, mut version: ReferentialVersion) -> Result<ReferentialVersion> {
    if version.kind == "rome" {
        let contexts: bool =
            conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM work_contexts)")?.query_row([], |r| r.get(0))?;
        version.reimport = (!contexts).then(|| ROME_WITHOUT_CONTEXTS.to_owned());
    }
    Ok(version)
}

pub fn versions(conn: &Conn) -> Result<Vec<ReferentialVersion>> {
    let mut statement = conn.prepare(
        "SELECT kind, version, title, published, items, imported_at FROM referential_versions \
         ORDER BY CASE kind WHEN 'rome' THEN 1 WHEN 'communes' THEN 2 WHEN 'naf' THEN 3 ELSE 4 END",
    )?;
    let found: Vec<ReferentialVersion> = statement.query_map([], version_from_row)?.collect::<rusqlite::Result<_>>()?;
    found.into_iter().map(|v| with_reimport(conn, v)).collect()
}

pub fn version(conn: &Conn, kind: &str) -> Result<Option<ReferentialVersion>> {
    conn.query_row(
        "SELECT kind, version, title, published, items, imported_at FROM referential_versions WHERE kind = ?1",
        [kind],
        version_from_row,
    )
    .optional()?
    .map(|v| with_reimport(conn, v))
    .transpose()
}

fn version_from_row(row: &crate::store::Row<'_>) -> rusqlite::Result<ReferentialVersion> {
    Ok(ReferentialVersion {
        kind: row.get(0)?,
        version: row.get(1)?,
        title: row.get(2)?,
        published: row.get(3)?,
        items: row.get(4)?,
        imported_at: row.get(5)?,
        reimport: None,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JobTitleOption {
    #[ts(type = "number")]
    pub code: i64,
    pub label: String,
    pub rome_code: String,
    pub rome_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CodeLabel {
    pub code: String,
    pub label: String,
}

/// One skill a target job calls for, as the skill picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SkillOption {
    #[ts(type = "number")]
    pub code: i64,
    pub label: String,
    pub kind: SkillKind,
    /// The ROME's grouping: macro-skill for know-how, category for knowledge.
    pub category: String,
    /// A core skill ("cœur de métier") of at least one of the jobs.
    pub core: bool,
}

/// `WHERE` tests requiring every typed word in `column`, with their `LIKE` patterns.
fn every_word(column: &str, text: &str) -> (String, Vec<String>) {
    let words = words(text);
    let tests: Vec<String> =
        (1..=words.len()).map(|i| format!("{column} LIKE ?{} ESCAPE '\\'", i + 1)).collect::<Vec<_>>();
    (
        if tests.is_empty() { "FALSE".to_owned() } else { tests.join(" AND ") },
        words.iter().map(|w| contains_pattern(w)).collect(),
    )
}

fn run<T>(
    conn: &Conn,
    sql: &str,
    first: &str,
    patterns: &[String],
    map: impl FnMut(&crate::store::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut args: Vec<&dyn ToSql> = vec![&first];
    args.extend(patterns.iter().map(|p| p as &dyn ToSql));
    let mut statement = conn.prepare_cached(sql)?;
    Ok(statement.query_map(args.as_slice(), map)?.collect::<rusqlite::Result<_>>()?)
}

/// Job titles whose label holds every typed word (accents and case ignored), those that
/// start with the first word first, then the shortest; a ROME code finds its titles.
pub fn search_job_titles(conn: &Conn, text: &str) -> Result<Vec<JobTitleOption>> {
    let code = text.trim().to_uppercase();
    let (tests, patterns) = if csv_file::is_rome_code(&code) {
        ("t.rome_code = ?1".to_owned(), Vec::new())
    } else {
        every_word("t.folded", text)
    };
    let sql = format!(
        "SELECT t.code, t.label, t.rome_code, j.label FROM job_titles t JOIN rome_jobs j ON j.code = t.rome_code \
         WHERE {tests} ORDER BY t.folded LIKE ?1 || '%' DESC, length(t.label), t.label LIMIT {SUGGESTIONS}"
    );
    let first = if patterns.is_empty() { code } else { words(text).first().cloned().unwrap_or_default() };
    run(conn, &sql, &first, &patterns, |r| {
        Ok(JobTitleOption { code: r.get(0)?, label: r.get(1)?, rome_code: r.get(2)?, rome_label: r.get(3)? })
    })
}

/// Communes by name (every word, accents ignored) or by postcode prefix, the most
/// populated first.
pub fn search_communes(conn: &Conn, text: &str) -> Result<Vec<Commune>> {
    let trimmed = text.trim();
    let by_postcode = !trimmed.is_empty() && trimmed.len() <= 5 && trimmed.bytes().all(|b| b.is_ascii_digit());
    let (tests, patterns) =
        if by_postcode { ("postcode LIKE ?1 || '%'".to_owned(), Vec::new()) } else { every_word("folded", text) };
    let sql = format!(
        "SELECT {COMMUNE_COLUMNS} FROM communes WHERE {tests} \
         ORDER BY folded LIKE ?1 || '%' DESC, population DESC, name LIMIT {SUGGESTIONS}"
    );
    let first = if by_postcode { trimmed.to_owned() } else { fold(trimmed) };
    run(conn, &sql, &first, &patterns, commune_from_row)
}

const COMMUNE_COLUMNS: &str = "insee_code, postcode, name, department, lat, lng, population";

fn commune_from_row(r: &crate::store::Row<'_>) -> rusqlite::Result<Commune> {
    Ok(Commune {
        insee_code: r.get(0)?,
        postcode: r.get(1)?,
        name: r.get(2)?,
        department: r.get(3)?,
        lat: r.get(4)?,
        lng: r.get(5)?,
        population: r.get(6)?,
    })
}

/// Every commune and postcode of the referential (the demo draws from them).
pub fn all_communes(conn: &Conn) -> Result<Vec<Commune>> {
    let mut statement = conn.prepare(&format!("SELECT {COMMUNE_COLUMNS} FROM communes"))?;
    Ok(statement.query_map([], commune_from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// The commune with this INSEE code and postcode, if the referential has it.
pub fn commune(conn: &Conn, insee_code: &str, postcode: &str) -> Result<Option<Commune>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COMMUNE_COLUMNS} FROM communes WHERE insee_code = ?1 AND postcode = ?2"))?
        .query_row([insee_code, postcode], commune_from_row)
        .optional()?)
}

/// NAF sub-classes (`47.11F`) by code prefix or by words of their label.
pub fn search_naf(conn: &Conn, text: &str) -> Result<Vec<CodeLabel>> {
    let trimmed = text.trim().to_uppercase();
    let by_code = trimmed.len() >= 2 && trimmed.as_bytes()[..2].iter().all(u8::is_ascii_digit);
    let (tests, patterns) =
        if by_code { ("code LIKE ?1 || '%'".to_owned(), Vec::new()) } else { every_word("folded", text) };
    let sql = format!(
        "SELECT code, label FROM naf WHERE length(code) = 6 AND ({tests}) ORDER BY folded LIKE ?1 || '%' DESC, code \
         LIMIT {SUGGESTIONS}"
    );
    let first = if by_code { trimmed } else { fold(text.trim()) };
    run(conn, &sql, &first, &patterns, |r| Ok(CodeLabel { code: r.get(0)?, label: r.get(1)? }))
}

/// NAF sectors of every level (`10`, `10.7`, `10.71`, `10.71C`) by code prefix or by words
/// of their label, the widest first: what a candidate avoids or prefers.
pub fn search_sectors(conn: &Conn, text: &str) -> Result<Vec<CodeLabel>> {
    let trimmed = text.trim().to_uppercase();
    let by_code = trimmed.len() >= 2 && trimmed.as_bytes()[..2].iter().all(u8::is_ascii_digit);
    let (tests, patterns) =
        if by_code { ("code LIKE ?1 || '%'".to_owned(), Vec::new()) } else { every_word("folded", text) };
    let sql = format!(
        "SELECT code, label FROM naf WHERE {tests} ORDER BY length(code), folded LIKE ?1 || '%' DESC, code \
         LIMIT {SUGGESTIONS}"
    );
    let first = if by_code { trimmed } else { fold(text.trim()) };
    run(conn, &sql, &first, &patterns, |r| Ok(CodeLabel { code: r.get(0)?, label: r.get(1)? }))
}

/// What the ROME says of job sheet `rome_code` that a candidate's constraints are compared
/// with: its work contexts (none known at all when the ROME installed predates them) and
/// the driving licences it lists among its knowledge.
pub fn job_demands(conn: &Conn, rome_code: &str) -> Result<JobDemands> {
    let loaded: bool =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM work_contexts)")?.query_row([], |r| r.get(0))?;
    let contexts = if loaded {
        let mut statement = conn.prepare_cached(
            "SELECT w.code, w.label, w.type_code FROM rome_job_contexts l JOIN work_contexts w ON w.code = l.context_code \
             WHERE l.rome_code = ?1 ORDER BY w.code",
        )?;
        let found = statement
            .query_map([rome_code], |r| Ok(WorkContext { code: r.get(0)?, label: r.get(1)?, type_code: r.get(2)? }))?
            .collect::<rusqlite::Result<_>>()?;
        Some(found)
    } else {
        None
    };
    let licences = conn
        .prepare_cached(
            "SELECT s.label FROM rome_job_skills l JOIN skills s ON s.code = l.skill_code \
             WHERE l.rome_code = ?1 AND s.kind = 'knowledge' AND s.label LIKE 'Permis de conduire%' ORDER BY s.label",
        )?
        .query_map([rome_code], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(JobDemands { contexts, licences })
}

/// The label of a NAF code, if the referential has it.
pub fn naf_label(conn: &Conn, code: &str) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT label FROM naf WHERE code = ?1")?.query_row([code], |r| r.get(0)).optional()?)
}

/// The skills of the given job sheets, without repeats: know-how, then soft skills, then
/// knowledge; core skills first in each; then by the ROME's grouping and label.
pub fn job_skills(conn: &Conn, rome_codes: &[String]) -> Result<Vec<SkillOption>> {
    if rome_codes.is_empty() {
        return Ok(Vec::new());
    }
    let marks = (1..=rome_codes.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT s.code, s.label, s.kind, s.category, max(l.core) AS core FROM rome_job_skills l \
         JOIN skills s ON s.code = l.skill_code WHERE l.rome_code IN ({marks}) GROUP BY s.code \
         ORDER BY CASE s.kind WHEN 'know_how' THEN 1 WHEN 'soft_skill' THEN 2 ELSE 3 END, core DESC, \
         s.category, s.label"
    );
    let mut statement = conn.prepare(&sql)?;
    let args: Vec<&dyn ToSql> = rome_codes.iter().map(|c| c as &dyn ToSql).collect();
    Ok(statement
        .query_map(args.as_slice(), |r| {
            Ok(SkillOption {
                code: r.get(0)?,
                label: r.get(1)?,
                kind: SkillKind::from_sql(&r.get::<_, String>(2)?),
                category: r.get(3)?,
                core: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// ROME professional domains for the filters: the 14 big ones ("D") and their 110
/// sub-domains ("D11").
pub fn domains(conn: &Conn) -> Result<Vec<CodeLabel>> {
    let mut statement = conn.prepare("SELECT code, label FROM rome_domains ORDER BY code")?;
    Ok(statement
        .query_map([], |r| Ok(CodeLabel { code: r.get(0)?, label: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// NAF divisions (two digits) for the sector filter.
pub fn naf_divisions(conn: &Conn) -> Result<Vec<CodeLabel>> {
    let mut statement = conn.prepare("SELECT code, label FROM naf WHERE length(code) = 2 ORDER BY code")?;
    Ok(statement
        .query_map([], |r| Ok(CodeLabel { code: r.get(0)?, label: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}
