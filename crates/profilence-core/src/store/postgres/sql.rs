//! The core's SQL as PostgreSQL reads it: placeholders, SQLite's planner hints and full-text
//! searches, the place of NULLs in a sort.

/// The core's placeholders (`?1`, `?`, `:name`) as PostgreSQL's `$n`, outside quotes and
/// comments; with the name of each `$n` when the SQL named them.
pub(crate) fn translate(sql: &str) -> (String, Option<Vec<String>>) {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut names: Vec<String> = Vec::new();
    let mut next = 0_usize;
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                // A quoted literal or identifier, doubled quotes included, copied whole.
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == c {
                        if chars.get(i + 1) == Some(&c) {
                            out.push(c);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '?' => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                }
                if end > start {
                    let n: String = chars[start..end].iter().collect();
                    next = next.max(n.parse().unwrap_or(0));
                    out.push('$');
                    out.push_str(&n);
                } else {
                    next += 1;
                    out.push_str(&format!("${next}"));
                }
                i = end;
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                out.push_str("::");
                i += 2;
            }
            ':' if chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') => {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
                    end += 1;
                }
                let name: String = std::iter::once(':').chain(chars[start..end].iter().copied()).collect();
                let position = match names.iter().position(|n| *n == name) {
                    Some(p) => p + 1,
                    None => {
                        names.push(name);
                        names.len()
                    }
                };
                out.push_str(&format!("${position}"));
                i = end;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, (!names.is_empty()).then_some(names))
}

/// What the core's SQL says to SQLite's planner or full-text engine, said to PostgreSQL:
/// - `INDEXED BY index` and `NOT INDEXED` (which index SQLite must use) are dropped: the
///   server's planner chooses;
/// - `CROSS JOIN t ON …` (SQLite's way to fix the join order) is PostgreSQL's `JOIN t ON …`;
/// - `fts MATCH $n`, a search of a full-text table, is `fts.document @@ fts5_query('fts', $n)`
///   (migrations/postgres: the same words, tokens and query syntax as FTS5).
///
/// - every sort key says where NULLs go, as SQLite puts them (first going up, last going
///   down: PostgreSQL does the opposite), unless it says so itself (`nulls_as_sqlite`).
///
/// Everything else is the same text on both stores. These words never stand in the core's
/// string literals, so the text is read as words.
pub(crate) fn dialect(sql: &str, never_null: &std::collections::HashSet<String>) -> String {
    nulls_as_sqlite(&hints(sql), never_null)
}

fn hints(sql: &str) -> String {
    let words: Vec<&str> = sql.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        match (words[i], words.get(i + 1)) {
            ("INDEXED", Some(&"BY")) => i += 3,
            ("NOT", Some(&"INDEXED")) => i += 2,
            ("CROSS", Some(&"JOIN")) => {
                out.push("JOIN".to_owned());
                i += 2;
            }
            ("MATCH", Some(_)) if !out.is_empty() => {
                let word = out.pop().unwrap_or_default();
                let (open, table) = word.split_at(word.rfind('(').map_or(0, |p| p + 1));
                // The query: a parameter, or a literal (its spaces included).
                let mut query = words[i + 1].to_owned();
                i += 2;
                while query.starts_with('\'') && (query.matches('\'').count() % 2 == 1 || query.len() == 1) {
                    let Some(word) = words.get(i) else { break };
                    query = format!("{query} {word}");
                    i += 1;
                }
                let end = if query.starts_with('\'') { query.rfind('\'').map_or(query.len(), |q| q + 1) } else { 0 };
                let end = end + query[end..].find([')', ',']).unwrap_or(query.len() - end);
                let (query, rest) = query.split_at(end);
                out.push(format!("{open}{table}.document @@ fts5_query('{table}', {query}){rest}"));
            }
            (word, _) => {
                out.push(word.to_owned());
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// `ORDER BY` keys with SQLite's place for NULLs: `NULLS FIRST` added to a key sorted up,
/// `NULLS LAST` to one sorted down.
fn nulls_as_sqlite(sql: &str, never_null: &std::collections::HashSet<String>) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' {
            let end = literal_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
        } else if starts_word(&chars, i, "ORDER BY") {
            out.push_str("ORDER BY");
            i += "ORDER BY".len();
            let (keys, end) = sort_keys(&chars, i);
            let keys: Vec<String> = keys.iter().map(|key| with_nulls(key, never_null)).collect();
            out.push(' ');
            out.push_str(&keys.join(", "));
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The index just past the quoted literal starting at `start` (doubled quotes inside).
fn literal_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    chars.len()
}

/// Whether `word` (upper case) starts at `i`, as a whole word.
fn starts_word(chars: &[char], i: usize, word: &str) -> bool {
    let before = i.checked_sub(1).map(|b| chars[b]);
    let after = chars.get(i + word.chars().count());
    before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
        && after.is_none_or(|c| !c.is_alphanumeric() && *c != '_')
        && chars[i..].iter().take(word.len()).copied().map(|c| c.to_ascii_uppercase()).eq(word.chars())
}

/// The sort keys from `start` (just after `ORDER BY`) to the end of the clause: a closing
/// parenthesis, `LIMIT`, `OFFSET`, a `;` or the end; and where the clause ends.
fn sort_keys(chars: &[char], start: usize) -> (Vec<String>, usize) {
    let mut keys = Vec::new();
    let mut key = String::new();
    let mut depth = 0_i32;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if depth == 0 && (c == ')' || c == ';' || starts_word(chars, i, "LIMIT") || starts_word(chars, i, "OFFSET")) {
            break;
        }
        match c {
            '\'' => {
                let end = literal_end(chars, i);
                key.extend(&chars[i..end]);
                i = end;
                continue;
            }
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                keys.push(std::mem::take(&mut key));
                i += 1;
                continue;
            }
            _ => {}
        }
        key.push(c);
        i += 1;
    }
    keys.push(key);
    // What followed the last key (a space before LIMIT) stays after the keys.
    let trailing = keys.last().map_or(0, |k| k.len() - k.trim_end().len());
    (keys.iter().map(|k| k.trim().to_owned()).collect(), i - trailing)
}

fn with_nulls(key: &str, never_null: &std::collections::HashSet<String>) -> String {
    let upper = key.to_ascii_uppercase();
    // The column sorted on, when the key is one (`c.sort_name DESC`).
    let column = key.split_whitespace().next().unwrap_or_default();
    let column = column.rsplit('.').next().unwrap_or(column);
    let plain = column.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && key.split_whitespace().skip(1).all(|w| matches!(w.to_ascii_uppercase().as_str(), "ASC" | "DESC"));
    if upper.ends_with("NULLS FIRST") || upper.ends_with("NULLS LAST") || (plain && never_null.contains(column)) {
        key.to_owned()
    } else if upper.ends_with(" DESC") {
        format!("{key} NULLS LAST")
    } else {
        format!("{key} NULLS FIRST")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_outside_quotes_and_casts() {
        let (sql, names) = translate("SELECT '?1 :x', a::text, \"b?\" FROM t WHERE c = ?2 AND d = ? -- e ?\nAND f = ?");
        assert_eq!(sql, "SELECT '?1 :x', a::text, \"b?\" FROM t WHERE c = $2 AND d = $3 -- e ?\nAND f = $4");
        assert_eq!(names, None);
        let (sql, names) = translate("UPDATE t SET a = :a, b = fold(:b || ' ' || :a) WHERE id = :id");
        assert_eq!(sql, "UPDATE t SET a = $1, b = fold($2 || ' ' || $1) WHERE id = $3");
        assert_eq!(names.unwrap(), [":a", ":b", ":id"]);
        assert_eq!(translate("SELECT 'it''s ?1' || ?1").0, "SELECT 'it''s ?1' || $1");
    }

    /// `dialect` with `id` and `sort_name` never NULL.
    fn hinted(sql: &str) -> String {
        dialect(sql, &["id", "sort_name"].into_iter().map(str::to_owned).collect())
    }

    #[test]
    fn planner_hints_go_and_full_text_searches_become_postgresqls() {
        assert_eq!(
            hinted(
                "SELECT count(*) FROM (SELECT DISTINCT candidate_id FROM t INDEXED BY t_people WHERE r = $1) people"
            ),
            "SELECT count(*) FROM (SELECT DISTINCT candidate_id FROM t WHERE r = $1) people"
        );
        assert_eq!(
            hinted("SELECT 1 FROM fts CROSS JOIN c NOT INDEXED ON c.id = fts.rowid WHERE fts MATCH $2 AND x"),
            "SELECT 1 FROM fts JOIN c ON c.id = fts.rowid WHERE fts.document @@ fts5_query('fts', $2) AND x"
        );
        assert_eq!(
            hinted("c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH $3)"),
            "c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts.document @@ fts5_query('candidates_fts', $3))"
        );
        assert_eq!(
            hinted("SELECT count(*) FROM f WHERE f MATCH 'martin OR l''a' AND (f MATCH 'x')"),
            "SELECT count(*) FROM f WHERE f.document @@ fts5_query('f', 'martin OR l''a') AND (f.document @@ fts5_query('f', 'x'))"
        );
    }

    #[test]
    fn nulls_sort_where_sqlite_puts_them() {
        assert_eq!(
            hinted("SELECT a FROM t ORDER BY c.available_from, length(x, 'a,b') DESC, n NULLS LAST LIMIT $1"),
            "SELECT a FROM t ORDER BY c.available_from NULLS FIRST, length(x, 'a,b') DESC NULLS LAST, n NULLS LAST LIMIT $1"
        );
        // A column never NULL keeps its order as written: its index serves it.
        assert_eq!(
            hinted("SELECT a FROM c ORDER BY c.sort_name DESC, c.id DESC, c.email LIMIT 5"),
            "SELECT a FROM c ORDER BY c.sort_name DESC, c.id DESC, c.email NULLS FIRST LIMIT 5"
        );
        assert_eq!(
            hinted("SELECT (SELECT group_concat(l) FROM (SELECT l FROM j ORDER BY position) jobs) FROM c ORDER BY c.x"),
            "SELECT (SELECT group_concat(l) FROM (SELECT l FROM j ORDER BY position NULLS FIRST) jobs) FROM c ORDER BY c.x NULLS FIRST"
        );
    }
}
