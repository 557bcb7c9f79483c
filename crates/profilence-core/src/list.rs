//! Paged lists: the UI asks for one page at a time and never loads every row.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

    /// A `LIKE` pattern for the search text, `%` when there is none.
    pub fn like_pattern(&self) -> String {
        let escaped: String = self
            .search
            .trim()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        format!("%{escaped}%")
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows matching the query, over all pages.
    pub total: u32,
}
