//! Paged lists: the UI asks for one page at a time and never loads every row. Each list
//! builds its filters with `Filters` and reads a page with `fetch_page`.

use crate::store::{Conn, Row};
use rusqlite::ToSql;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Result;

pub const MAX_PAGE_SIZE: u32 = 200;

/// Which page of a list: `limit` rows from `offset`.
#[derive(Debug, Clone, Copy, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Paging {
    #[serde(default)]
    pub offset: u32,
    /// Page size, capped at `MAX_PAGE_SIZE`.
    pub limit: u32,
}

impl Paging {
    pub fn first(limit: u32) -> Self {
        Self { offset: 0, limit }
    }

    pub fn page_size(&self) -> u32 {
        self.limit.clamp(1, MAX_PAGE_SIZE)
    }
}

/// A point and a radius, for "within N km of this commune".
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Near {
    pub lat: f64,
    pub lng: f64,
    pub radius_km: f64,
}

/// `WHERE` clauses joined by `AND`, with their named parameters.
#[derive(Default)]
pub(crate) struct Filters {
    clauses: Vec<String>,
    params: Vec<(String, Box<dyn ToSql>)>,
}

impl Filters {
    pub fn clause(&mut self, sql: impl Into<String>) -> &mut Self {
        self.clauses.push(sql.into());
        self
    }

    pub fn bind(&mut self, name: &str, value: impl ToSql + 'static) -> &mut Self {
        self.params.push((name.to_owned(), Box::new(value)));
        self
    }

    /// Rows within `near` of the point, for a table with `lat`/`lng` columns aliased `t`:
    /// the bounding box (which the coordinate index serves), then the exact distance.
    pub fn near(&mut self, alias: &str, near: &Near) -> &mut Self {
        let (lat_min, lat_max, lng_min, lng_max) = crate::geo::bounding_box(near.lat, near.lng, near.radius_km);
        self.clause(format!(
            "{alias}.lat BETWEEN :lat_min AND :lat_max AND {alias}.lng BETWEEN :lng_min AND :lng_max \
             AND distance_km({alias}.lat, {alias}.lng, :near_lat, :near_lng) <= :radius"
        ))
        .bind(":lat_min", lat_min)
        .bind(":lat_max", lat_max)
        .bind(":lng_min", lng_min)
        .bind(":lng_max", lng_max)
        .bind(":near_lat", near.lat)
        .bind(":near_lng", near.lng)
        .bind(":radius", near.radius_km)
    }

    pub fn sql(&self) -> String {
        if self.clauses.is_empty() { String::new() } else { format!("WHERE {}", self.clauses.join(" AND ")) }
    }

    pub fn args(&self) -> Vec<(&str, &dyn ToSql)> {
        self.params.iter().map(|(name, value)| (name.as_str(), value.as_ref())).collect()
    }
}

/// How a page's total of matching rows is had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Total {
    /// Counted: every matching row.
    Count,
    /// The caller already knows it.
    Known(u32),
    /// Counted up to `cap`, then said as « more than », in the same walk that finds the
    /// page (`key`: the rows' integer key, e.g. `c.id`): for lists whose filters cost most
    /// of the time, where counting a million rows would keep the list waiting.
    AtMost { cap: u32, key: &'static str },
}

/// What a page is read from: `SELECT {columns} FROM {from} {filters} ORDER BY {order_by}`,
/// and how its total is had.
pub(crate) struct PageSource<'a> {
    pub columns: &'a str,
    pub from: &'a str,
    pub filters: &'a Filters,
    pub order_by: &'a str,
    pub total: Total,
}

/// One page of `source`, with the total of matching rows.
pub(crate) fn fetch_page<T>(
    conn: &Conn,
    source: &PageSource<'_>,
    paging: Paging,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let PageSource { columns, from, filters, order_by, total } = source;
    let (limit, offset) = (paging.page_size(), paging.offset);
    let (total, at_least, page_keys) = match *total {
        Total::Known(total) => (total, None, None),
        Total::Count => (count(conn, from, filters)?, None, None),
        Total::AtMost { cap, key } => {
            // One walk in the list's order gives both the count (up to the cap) and the
            // keys of the page: the filter's cost is paid once.
            let mut args = filters.args();
            let walk = cap + 1;
            args.push((":cap", &walk));
            let keys: Vec<i64> = conn
                .prepare_cached(&format!("SELECT {key} FROM {from} {} ORDER BY {order_by} LIMIT :cap", filters.sql()))?
                .query_map(args.as_slice(), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let found = u32::try_from(keys.len()).unwrap_or(u32::MAX);
            let page: Vec<i64> =
                keys.into_iter().take(cap as usize).skip(offset as usize).take(limit as usize).collect();
            let page = serde_json::to_string(&page).map_err(|e| crate::Error::Invariant(e.to_string()))?;
            let (total, at_least) = if found > cap { (cap, Some(true)) } else { (found, None) };
            (total, at_least, Some((key, page)))
        }
    };
    let mut filter = filters.sql();
    let mut args = filters.args();
    let (limit, offset) = match &page_keys {
        Some((key, page)) => {
            let keyed = format!("{key} IN (SELECT value FROM json_each(:page_keys))");
            filter = if filter.is_empty() { format!("WHERE {keyed}") } else { format!("{filter} AND {keyed}") };
            args.push((":page_keys", page as &dyn ToSql));
            (limit, 0)
        }
        None => (limit, offset),
    };
    args.extend([(":limit", &limit as &dyn ToSql), (":offset", &offset)]);
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {columns} FROM {from} {filter} ORDER BY {order_by} LIMIT :limit OFFSET :offset"
    ))?;
    let items = statement.query_map(args.as_slice(), map)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page { items, total, at_least })
}

/// The rows of `from` that `filters` keep; for a list whose joins never drop a row, `from`
/// can be the main table alone.
pub(crate) fn count(conn: &Conn, from: &str, filters: &Filters) -> Result<u32> {
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM {from} {}", filters.sql()))?
        .query_row(filters.args().as_slice(), |row| row.get(0))?)
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows matching the query, over all pages.
    pub total: u32,
    /// `total` is a floor: more rows match (`Total::AtMost`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub at_least: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list counted up to a cap says its total is a floor beyond it, and exact below.
    #[test]
    fn a_capped_count_is_exact_up_to_the_cap_and_a_floor_beyond() {
        let conn = crate::db::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (n INTEGER); WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30) INSERT INTO t SELECT n FROM s;").unwrap();
        let page = |cap: u32, below: i64, offset: u32| {
            let mut filters = Filters::default();
            filters.clause("n < :below").bind(":below", below);
            let source = PageSource {
                columns: "n",
                from: "t",
                filters: &filters,
                order_by: "n",
                total: Total::AtMost { cap, key: "n" },
            };
            fetch_page(&Conn::from(&conn), &source, Paging { offset, limit: 5 }, |r| r.get::<_, i64>(0)).unwrap()
        };
        let floor = page(10, 100, 0);
        assert_eq!((floor.total, floor.at_least, floor.items), (10, Some(true), vec![1, 2, 3, 4, 5]));
        // The second page comes from the same walk; past the cap, nothing.
        assert_eq!(page(10, 100, 5).items, vec![6, 7, 8, 9, 10]);
        assert!(page(10, 100, 10).items.is_empty());
        let exact = page(10, 11, 0);
        assert_eq!((exact.total, exact.at_least), (10, None));
        let few = page(10, 4, 0);
        assert_eq!((few.total, few.at_least, few.items), (3, None, vec![1, 2, 3]));
    }
}
