//! Paged lists: the UI asks for one page at a time and never loads every row.

use rusqlite::{Connection, Row, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;

pub const MAX_PAGE_SIZE: u32 = 200;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListQuery {
    /// Words to find in names, e-mail, commune... (case-insensitive).
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub offset: u32,
    /// Page size, capped at `MAX_PAGE_SIZE`.
    pub limit: u32,
}

impl ListQuery {
    pub fn page_size(&self) -> u32 {
        self.limit.clamp(1, MAX_PAGE_SIZE)
    }

    /// A `LIKE` pattern for the search text (wildcards in it taken literally), `None`
    /// when there is nothing to search.
    pub fn like_pattern(&self) -> Option<String> {
        let search = self.search.trim();
        if search.is_empty() {
            return None;
        }
        let escaped: String = search
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        Some(format!("%{escaped}%"))
    }
}

/// What one list shows: its table, the columns read for each row, the expressions the
/// search looks into, and the order (which should follow an index).
pub(crate) struct ListSpec<'a> {
    pub table: &'a str,
    pub columns: &'a str,
    pub searched: &'a [&'a str],
    pub order_by: &'a str,
}

/// One page of `spec` for `query`, with the total of matching rows. Without search words
/// there is no filter at all, so that SQLite walks the ordering index.
pub(crate) fn fetch_page<T>(
    conn: &Connection,
    spec: &ListSpec<'_>,
    query: &ListQuery,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let pattern = query.like_pattern();
    let (filter, mut args): (String, Vec<(&str, &dyn ToSql)>) = match &pattern {
        Some(pattern) => {
            let tests: Vec<String> = spec.searched.iter().map(|e| format!("{e} LIKE :q ESCAPE '\\'")).collect();
            (tests.join(" OR "), vec![(":q", pattern)])
        }
        None => ("1".to_owned(), Vec::new()),
    };
    let total: u32 =
        conn.query_row(&format!("SELECT count(*) FROM {} WHERE {filter}", spec.table), args.as_slice(), |row| {
            row.get(0)
        })?;
    let (limit, offset) = (query.page_size(), query.offset);
    args.extend([(":limit", &limit as &dyn ToSql), (":offset", &offset)]);
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {} FROM {} WHERE {filter} ORDER BY {} LIMIT :limit OFFSET :offset",
        spec.columns, spec.table, spec.order_by
    ))?;
    let items = statement.query_map(args.as_slice(), map)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page { items, total })
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows matching the query, over all pages.
    pub total: u32,
}
