//! The pool list: search words, filters, order and one page.

mod search_plan;

use crate::store::Conn;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::storage::from_json;
use crate::{
    Result,
    clock::{day_start, local_day},
    hiring_aids::{Eligibility, Person, Public},
    list::{Filters, Near, Page, PageSource, Paging, Total, count, fetch_page},
    settings,
    text::fts_query,
};
use search_plan::{NAME_WALK_ABOVE, NAME_WALK_SHARE, SearchPlan, search_plan};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CandidateSort {
    #[default]
    Name,
    Commune,
    AvailableFrom,
    ConsentExpiry,
    /// Oldest consent first (« À promouvoir »).
    ConsentDate,
    CreatedAt,
    /// The latest sending to a company: never sent first, then the longest ago.
    LastSent,
}

/// People no company has been sent, ever or lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Unpromoted {
    /// Never sent to a company (« jamais promu »).
    Never,
    /// Not sent to a company for this many days, or never (« pas promu depuis N jours »).
    Days(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConsentFilter {
    Valid,
    Expired,
}

/// What the pool list shows: search words, filters, order and page.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CandidateQuery {
    /// Words to find in names, jobs, skills, commune, e-mail… (accents and case ignored).
    pub search: String,
    /// A ROME job sheet (`D1102`) among the target jobs.
    pub rome_code: Option<String>,
    /// A ROME domain (`D` or `D11`) of a target job.
    pub domain: Option<String>,
    pub near: Option<Near>,
    /// Available on or before this date (YYYY-MM-DD), or with no date given (available now).
    pub available_by: Option<String>,
    pub consent: Option<ConsentFilter>,
    /// Publics the candidate must all belong to; the age publics by the age on the day.
    pub publics: Vec<Public>,
    pub counsellor: Option<String>,
    pub unpromoted: Option<Unpromoted>,
    /// « À promouvoir »: consent valid, not sent to a company for the days of Paramètres
    /// (`PromotionSettings::waiting_days`) or never.
    pub waiting: bool,
    pub sort: CandidateSort,
    pub descending: bool,
    pub paging: Paging,
}

/// One row of the pool list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub commune: Option<String>,
    pub postcode: Option<String>,
    /// The target jobs' labels, in order.
    pub target_jobs: Vec<String>,
    pub available_from: Option<NaiveDate>,
    pub consent_date: NaiveDate,
    pub consent_expiry: NaiveDate,
    /// Whether consent covers today: without it the candidate cannot be promoted.
    pub consent_valid: bool,
    /// The day the person withdrew their consent (« retiré », not « expiré »).
    pub consent_withdrawn_on: Option<NaiveDate>,
    pub publics: Vec<Public>,
    pub counsellor: String,
    /// Kilometres from the point of the `near` filter.
    pub distance_km: Option<f64>,
    /// The day they were last sent to a company; `None`: never.
    pub last_sent_on: Option<NaiveDate>,
}

/// The most rows a list filtered on its promotions counts (`Total::AtMost`): beyond it, the
/// pool says « plus de 10 000 ».
pub const COUNT_CAP: u32 = 10_000;

/// One page of the pool for `query`.
pub fn list(conn: &Conn, query: &CandidateQuery, today: NaiveDate) -> Result<Page<CandidateSummary>> {
    let mut filters = Filters::default();
    // An erased person (`erasure.rs`) stays only as their promotions' statistics.
    filters.clause("c.erased_at IS NULL");
    let fts = fts_query(&query.search);
    let plan = match &fts {
        None => SearchPlan { from: "candidates c", known_total: None, paging: query.paging },
        Some(fts) => {
            filters.bind(":fts", fts.clone());
            search_plan(conn, query, fts, &mut filters)?
        }
    };
    let near = query.near.filter(|n| n.radius_km >= 0.0);
    // Filters besides the target jobs: the total is then counted with them all.
    let others = fts.is_some()
        || near.is_some()
        || query.available_by.as_deref().is_some_and(|d| !d.is_empty())
        || query.consent.is_some()
        || query.waiting
        || !query.publics.is_empty()
        || query.counsellor.as_deref().is_some_and(|c| !c.is_empty())
        || query.unpromoted.is_some();
    let jobs_total = if others { None } else { jobs_total(conn, query)? };
    // Many people of a job sorted by name: the name index walked, each person's jobs
    // looked up (`candidate_target_jobs_people`) until the page is full. Otherwise the
    // job's people are listed first, then read and sorted.
    let walk_jobs = query.sort == CandidateSort::Name && walks_names(conn, jobs_total)?;
    let unpromoted = narrow(conn, query, today, walk_jobs, &mut filters)?;
    let order_by = order_by(query);
    let distance = if near.is_some() { "distance_km(c.lat, c.lng, :near_lat, :near_lng)" } else { "NULL" };
    let columns = format!(
        "c.id, c.last_name, c.first_name, c.commune, c.postcode, \
         (SELECT json_group_array(label) FROM (SELECT label FROM candidate_target_jobs \
          WHERE candidate_id = c.id ORDER BY position) jobs), \
         c.available_from, c.consent_date, c.consent_expiry, c.rqth, c.rsa, c.qpv, \
         c.long_term_unemployed, c.birth_date, c.counsellor, {distance}, c.last_sent_at, c.consent_withdrawn_on"
    );
    let known_total = match plan.known_total {
        Some(total) => Some(total),
        // Counted as the page is found (`Total::AtMost`), or in the search's own plan.
        None if unpromoted.is_some() || fts.is_some() => None,
        None if others => Some(count(conn, plan.from, &filters)?),
        None => jobs_total,
    };
    let walk_names = fts.is_none() && query.sort == CandidateSort::Name && walks_names(conn, known_total)?;
    let source = PageSource {
        columns: &columns,
        from: if walk_names { "candidates c INDEXED BY candidates_sort_name" } else { plan.from },
        filters: &filters,
        order_by: &order_by,
        total: match known_total {
            Some(total) => Total::Known(total),
            // Counting everyone never sent in a pool of a million would keep the list waiting.
            None if unpromoted.is_some() => Total::AtMost { cap: COUNT_CAP, key: "c.id" },
            None => Total::Count,
        },
    };
    fetch_page(conn, &source, plan.paging, |row| {
        let consent_date: NaiveDate = row.get(7)?;
        let consent_expiry: NaiveDate = row.get(8)?;
        let eligibility =
            Eligibility { rqth: row.get(9)?, rsa: row.get(10)?, qpv: row.get(11)?, long_term_unemployed: row.get(12)? };
        let person = Person::new(eligibility, row.get(13)?, today);
        let consent_withdrawn_on: Option<NaiveDate> = row.get(17)?;
        let withdrawn = consent_withdrawn_on.is_some_and(|w| w <= today);
        Ok(CandidateSummary {
            id: row.get(0)?,
            last_name: row.get(1)?,
            first_name: row.get(2)?,
            commune: row.get(3)?,
            postcode: row.get(4)?,
            target_jobs: from_json(&row.get::<_, String>(5)?),
            available_from: row.get(6)?,
            consent_date,
            consent_expiry,
            consent_valid: consent_date <= today && today <= consent_expiry && !withdrawn,
            consent_withdrawn_on,
            publics: person.publics(),
            counsellor: row.get(14)?,
            distance_km: row.get(15)?,
            last_sent_on: row.get::<_, Option<String>>(16)?.as_deref().and_then(local_day),
        })
    })
}

/// Every candidate of the pool list's query (its paging aside), in the list's order (`c`:
/// the candidates): what an export of the list writes (`lists_out`).
pub(crate) struct Selection {
    pub filters: Filters,
    pub from: &'static str,
    pub order_by: String,
}

pub(crate) fn selection(conn: &Conn, query: &CandidateQuery, today: NaiveDate) -> Result<Selection> {
    let mut filters = Filters::default();
    filters.clause("c.erased_at IS NULL");
    let from = match fts_query(&query.search) {
        None => "candidates c",
        Some(fts) => {
            filters.bind(":fts", fts);
            search_plan::whole(query, &mut filters)
        }
    };
    narrow(conn, query, today, false, &mut filters)?;
    Ok(Selection { filters, from, order_by: order_by(query) })
}

/// The list's order.
fn order_by(query: &CandidateQuery) -> String {
    let direction = if query.descending { "DESC" } else { "ASC" };
    match query.sort {
        CandidateSort::Name => format!("c.sort_name {direction}, c.id {direction}"),
        CandidateSort::Commune => format!("c.commune COLLATE NOCASE {direction}, c.sort_name, c.id"),
        // No date means available now: first in ascending order, as the index has it.
        CandidateSort::AvailableFrom => format!("c.available_from {direction}, c.id {direction}"),
        CandidateSort::ConsentExpiry => format!("c.consent_expiry {direction}, c.id"),
        CandidateSort::ConsentDate => format!("c.consent_date {direction}, c.id {direction}"),
        CandidateSort::CreatedAt => format!("c.id {direction}"),
        CandidateSort::LastSent => format!("c.last_sent_at {direction}, c.id {direction}"),
    }
}

/// The query's filters besides its search words; `walk_jobs`: a job's people are checked
/// one by one as the name index is walked, rather than listed first. Returns the
/// « not promoted » filter in force (`Some(None)`: never; `Some(Some(days))`).
fn narrow(
    conn: &Conn,
    query: &CandidateQuery,
    today: NaiveDate,
    walk_jobs: bool,
    filters: &mut Filters,
) -> Result<Option<Option<u32>>> {
    let near = query.near.filter(|n| n.radius_km >= 0.0);
    let of_job = |condition: &str| {
        if walk_jobs {
            format!("EXISTS (SELECT 1 FROM candidate_target_jobs t WHERE t.candidate_id = c.id AND {condition})")
        } else {
            format!("c.id IN (SELECT t.candidate_id FROM candidate_target_jobs t WHERE {condition})")
        }
    };
    if let Some(rome) = query.rome_code.as_deref().filter(|r| !r.is_empty()) {
        filters.clause(of_job("t.rome_code = :rome")).bind(":rome", rome.to_owned());
    }
    if let Some(domain) = query.domain.as_deref().filter(|d| !d.is_empty()) {
        // Job sheet codes start with their domain: "D11" covers D1101 to D1199.
        filters
            .clause(of_job("t.rome_code >= :domain AND t.rome_code < :domain || 'Z'"))
            .bind(":domain", domain.to_owned());
    }
    if let Some(near) = &near {
        filters.near("c", near);
    }
    if let Some(date) = query.available_by.as_deref().filter(|d| !d.is_empty()) {
        filters
            .clause("(c.available_from IS NULL OR c.available_from <= :available_by)")
            .bind(":available_by", date.to_owned());
    }
    let waiting_days = if query.waiting { Some(settings::promotion_settings(conn)?.waiting_days) } else { None };
    let unpromoted = match (query.unpromoted, waiting_days) {
        (Some(Unpromoted::Never), _) => Some(None),
        (Some(Unpromoted::Days(asked)), Some(days)) => Some(Some(asked.min(days))),
        (Some(Unpromoted::Days(days)), None) | (None, Some(days)) => Some(Some(days)),
        (None, None) => None,
    };
    match unpromoted {
        // `+`: never a range of `candidates_last_sent` to sort afterwards — a third of a
        // large pool — but a check in the index that gives the order (`candidates_sort_name`
        // and `candidates_waiting` hold the sending).
        Some(None) => {
            filters.clause("+c.last_sent_at IS NULL");
        }
        Some(Some(days)) => {
            // Last sent `days` days ago or more: before the start of the day after that one
            // (local time; sendings are stored in UTC).
            let since = today - chrono::Days::new(u64::from(days.saturating_sub(1)));
            filters
                .clause("(+c.last_sent_at IS NULL OR +c.last_sent_at < :sent_since)")
                .bind(":sent_since", day_start(since));
        }
        None => {}
    }
    let consent = if query.waiting { Some(ConsentFilter::Valid) } else { query.consent };
    match consent {
        Some(ConsentFilter::Valid) => {
            filters
                .clause(
                    "c.consent_date <= :today AND c.consent_expiry >= :today \
                     AND (c.consent_withdrawn_on IS NULL OR c.consent_withdrawn_on > :today)",
                )
                .bind(":today", today);
        }
        Some(ConsentFilter::Expired) => {
            filters
                .clause("(c.consent_expiry < :today OR c.consent_date > :today OR c.consent_withdrawn_on <= :today)")
                .bind(":today", today);
        }
        None => {}
    }
    for public in &query.publics {
        match (public.column(), public.age()) {
            (Some(column), _) => {
                filters.clause(format!("c.{column} = 1"));
            }
            // The age on `today`, as a range of birth dates (`candidates_birth_date`).
            (None, Some(bound)) => {
                let (op, limit) = bound.birth_dates_on(today);
                let name = format!(":born_{}", if op == ">" { "after" } else { "by" });
                filters.clause(format!("c.birth_date {op} {name}")).bind(&name, limit);
            }
            (None, None) => {}
        }
    }
    if let Some(counsellor) = query.counsellor.as_deref().filter(|c| !c.is_empty()) {
        filters.clause("c.counsellor = :counsellor").bind(":counsellor", counsellor.to_owned());
    }
    Ok(unpromoted)
}

/// Whether a page by name of `total` matches is found sooner by walking the name index in
/// order, each entry checked, until the page is full (about `pool / total × 50` entries),
/// than by reading every match, then sorting (`total` rows): when `total² > 50 × pool`,
/// beyond 7,071 matches in a pool of 1,000,000.
fn walks_names(conn: &Conn, total: Option<u32>) -> Result<bool> {
    let Some(total) = total.filter(|&t| t > NAME_WALK_ABOVE) else { return Ok(false) };
    let pool: i64 = conn.prepare_cached("SELECT count(*) FROM candidates")?.query_row([], |r| r.get(0))?;
    Ok(i64::from(total).pow(2) > i64::from(NAME_WALK_SHARE) * pool)
}

/// The total of a list filtered on the target jobs alone, or not filtered, read in a narrow
/// index instead of the wide rows that the erased are told apart by: the whole pool is every
/// candidate less the erased (`candidates_erased`), and the people of a job sheet or a
/// domain are those of its target jobs (`candidate_target_jobs_people`), never erased: an
/// erasure moves a person's target jobs out to `erased_target_jobs`. `None`: counted.
fn jobs_total(conn: &Conn, query: &CandidateQuery) -> Result<Option<u32>> {
    let given = |value: &Option<String>| value.as_deref().filter(|v| !v.is_empty()).map(str::to_owned);
    let (sql, key) = match (given(&query.rome_code), given(&query.domain)) {
        (None, None) => (
            "SELECT (SELECT count(*) FROM candidates) - (SELECT count(*) FROM candidates WHERE erased_at IS NOT NULL)",
            None,
        ),
        // A person's titles in the job's index are in the order of their ids: counted as
        // they come, without a set of those already seen.
        (Some(rome), None) => (
            "SELECT count(*) FROM (SELECT DISTINCT candidate_id FROM candidate_target_jobs \
             INDEXED BY candidate_target_jobs_people WHERE rome_code = ?1) people",
            Some(rome),
        ),
        (None, Some(domain)) => (
            "SELECT count(DISTINCT candidate_id) FROM candidate_target_jobs \
             WHERE rome_code >= ?1 AND rome_code < ?1 || 'Z'",
            Some(domain),
        ),
        (Some(_), Some(_)) => return Ok(None),
    };
    let mut statement = conn.prepare_cached(sql)?;
    let total = match key {
        Some(key) => statement.query_row([key], |r| r.get(0))?,
        None => statement.query_row([], |r| r.get(0))?,
    };
    Ok(Some(total))
}

/// The counsellors named on candidates, for the list filter.
pub fn counsellors(conn: &Conn) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT DISTINCT counsellor FROM candidates WHERE counsellor <> '' AND erased_at IS NULL ORDER BY counsellor",
    )?;
    Ok(statement.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}
