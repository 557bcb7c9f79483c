//! How a search reads the pool: through the name index or the full-text index, whichever
//! fills a page sooner (figures in BENCHMARKS.md).

use crate::store::Conn;

use super::{CandidateQuery, CandidateSort};
use crate::{
    Result,
    list::{Filters, Paging},
};

/// A search sorted by name whose matches are more than 1 in `NAME_WALK_SHARE` of the pool
/// walks the name index, keeping the matching rows until the page is full: the page fills
/// after about `50 × NAME_WALK_SHARE` rows. Rarer words sort their matches by the small
/// id → name index instead, and only the page's rows are read in full.
pub(super) const NAME_WALK_SHARE: u32 = 50;
pub(super) const NAME_WALK_ABOVE: u32 = 1_500;

/// How a search reads the pool (the FTS query is bound as `:fts`).
pub(super) struct SearchPlan {
    pub(super) from: &'static str,
    /// The number of matches, when the index alone gave it.
    pub(super) known_total: Option<u32>,
    /// The page window of the outer query (the plan may already have applied it).
    pub(super) paging: Paging,
}

pub(super) fn search_plan(conn: &Conn, query: &CandidateQuery, fts: &str, filters: &mut Filters) -> Result<SearchPlan> {
    let only_search = query.rome_code.as_deref().unwrap_or("").is_empty()
        && query.domain.as_deref().unwrap_or("").is_empty()
        && query.near.is_none()
        && query.available_by.as_deref().unwrap_or("").is_empty()
        && query.consent.is_none()
        && query.publics.is_empty()
        && query.counsellor.as_deref().unwrap_or("").is_empty()
        && query.unpromoted.is_none()
        && !query.waiting;
    if query.near.is_some_and(|n| n.radius_km >= 0.0) || !only_search || query.sort != CandidateSort::Name {
        let from = whole(query, filters);
        return Ok(SearchPlan { from, known_total: None, paging: query.paging });
    }
    let matches: u32 = conn
        .prepare_cached("SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH ?1")?
        .query_row([fts], |r| r.get(0))?;
    let pool: u32 = if matches > NAME_WALK_ABOVE {
        conn.prepare_cached("SELECT count(*) FROM candidates")?.query_row([], |r| r.get(0))?
    } else {
        u32::MAX
    };
    if matches > NAME_WALK_ABOVE && matches.saturating_mul(NAME_WALK_SHARE) > pool {
        filters.clause("c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH :fts)");
        let from = "candidates c INDEXED BY candidates_sort_name";
        return Ok(SearchPlan { from, known_total: Some(matches), paging: query.paging });
    }
    let direction = if query.descending { "DESC" } else { "ASC" };
    // The matches first, then their names: SQLite's CROSS JOIN keeps that order. The server
    // drops it and, inside `IN`, walked the whole name index testing each person's words
    // (4.8 s for a word nobody has, at 1,000,000 candidates): `OFFSET 0` keeps the matches'
    // subquery apart, to be read first (1.6 ms).
    let found = if conn.is_postgres() {
        "(SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH :fts OFFSET 0) candidates_fts \
         JOIN candidates k ON k.id = candidates_fts.rowid"
    } else {
        "candidates_fts CROSS JOIN candidates k INDEXED BY candidates_id_sort ON k.id = candidates_fts.rowid \
         WHERE candidates_fts MATCH :fts"
    };
    filters
        .clause(format!(
            "c.id IN (SELECT k.id FROM {found} ORDER BY k.sort_name {direction}, k.id {direction} \
             LIMIT :page_limit OFFSET :page_offset)"
        ))
        .bind(":page_limit", query.paging.page_size())
        .bind(":page_offset", query.paging.offset);
    Ok(SearchPlan {
        from: "candidates c",
        known_total: Some(matches),
        paging: Paging { offset: 0, limit: query.paging.page_size() },
    })
}

/// How every match of a search is read, not a page of them (also an export of the list):
/// around a place, the box of the place index first, the words checked against the
/// matches' ids — a common word matches far more people than live around one town, and
/// the count never reads their wide rows; otherwise the matches, then filtered and sorted.
pub(super) fn whole(query: &CandidateQuery, filters: &mut Filters) -> &'static str {
    if query.near.is_some_and(|n| n.radius_km >= 0.0) {
        filters.clause("c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH :fts)");
        return "candidates c INDEXED BY candidates_place";
    }
    filters.clause("candidates_fts MATCH :fts");
    "candidates_fts CROSS JOIN candidates c ON c.id = candidates_fts.rowid"
}
