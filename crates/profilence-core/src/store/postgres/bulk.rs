//! Many rows into one table on the server: one `INSERT … VALUES (…), (…), …` for as many
//! rows as fit, instead of one statement (one round trip) a row. The referentials' 370,000
//! rows took 90 s row by row on loopback.

use super::session::Session;
use crate::{error::ServerError, store::args::Arg};

/// Rows a statement, at most: PostgreSQL takes 65,535 parameters a statement.
const ROWS_PER_STATEMENT: usize = 1000;
const MAX_PARAMETERS: usize = 65_535;

/// A one-row `INSERT … VALUES (?1, …, ?n) …` cut around its row of values.
struct Template<'a> {
    head: &'a str,
    tuple: &'a str,
    tail: &'a str,
    width: usize,
}

impl<'a> Template<'a> {
    fn parse(sql: &'a str) -> rusqlite::Result<Self> {
        let refused = || {
            rusqlite::Error::InvalidParameterName(format!(
                "not one INSERT … VALUES (?1, …) of numbered parameters: {sql}"
            ))
        };
        let start = sql.find("VALUES (").ok_or_else(refused)? + "VALUES ".len();
        let mut depth = 0;
        let end = sql[start..]
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(start + i + 1)
            })
            .ok_or_else(refused)?;
        let tuple = &sql[start..end];
        let width = numbers(tuple).map(|(_, n, _)| n).max().ok_or_else(refused)?;
        Ok(Self { head: &sql[..start], tuple, tail: &sql[end..], width })
    }

    /// The statement for `rows` rows: the row of values repeated, its parameters numbered on.
    fn sql(&self, rows: usize) -> String {
        let mut sql = String::from(self.head);
        for row in 0..rows {
            if row > 0 {
                sql.push_str(", ");
            }
            let mut from = 0;
            for (at, n, len) in numbers(self.tuple) {
                sql.push_str(&self.tuple[from..at]);
                sql.push_str(&format!("?{}", row * self.width + n));
                from = at + len;
            }
            sql.push_str(&self.tuple[from..]);
        }
        sql.push_str(self.tail);
        sql
    }
}

/// Each `?n` of `sql`: where it starts, its number and its length.
fn numbers(sql: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    sql.match_indices('?').filter_map(|(at, _)| {
        let digits = sql[at + 1..].chars().take_while(char::is_ascii_digit).count();
        sql[at + 1..at + 1 + digits].parse().ok().map(|n| (at, n, digits + 1))
    })
}

impl Session {
    /// `sql`, a one-row `INSERT … VALUES (?1, …, ?n) …`, for each of `rows`, a thousand rows a
    /// statement. A statement whose `ON CONFLICT … DO UPDATE` meets the same key twice
    /// (refused by PostgreSQL, SQLSTATE 21000) is taken back and its rows written one by one,
    /// as the embedded store writes them: the last one stands.
    pub(in crate::store) fn insert_all(&mut self, sql: &str, rows: Vec<Vec<Arg>>) -> rusqlite::Result<()> {
        let template = Template::parse(sql)?;
        let per_statement = ROWS_PER_STATEMENT.min(MAX_PARAMETERS / template.width).max(1);
        // A refused statement would abort the transaction: each is tried in a savepoint.
        let guarded = self.in_transaction();
        for chunk in rows.chunks(per_statement) {
            let many = template.sql(chunk.len());
            let args: Vec<Arg> = chunk.iter().flatten().cloned().collect();
            if guarded {
                self.batch("SAVEPOINT profilence_rows")?;
            }
            match self.execute(&many, &args) {
                Err(e) if guarded && code(&e) == Some("21000") => {
                    self.batch("ROLLBACK TO SAVEPOINT profilence_rows")?;
                    for row in chunk {
                        self.execute(sql, row)?;
                    }
                }
                outcome => {
                    outcome?;
                }
            }
            if guarded {
                self.batch("RELEASE SAVEPOINT profilence_rows")?;
            }
        }
        Ok(())
    }
}

fn code(error: &rusqlite::Error) -> Option<&str> {
    match error {
        rusqlite::Error::UserFunctionError(e) => e.downcast_ref::<ServerError>()?.code.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_of_values_repeats_with_its_parameters_numbered_on() {
        let template = Template::parse(
            "INSERT INTO naf (code, label, folded) VALUES (?1, ?2, fold(?2)) ON CONFLICT (code) DO NOTHING",
        )
        .unwrap();
        assert_eq!(template.width, 2);
        assert_eq!(
            template.sql(3),
            "INSERT INTO naf (code, label, folded) VALUES (?1, ?2, fold(?2)), (?3, ?4, fold(?4)), (?5, ?6, fold(?6)) \
             ON CONFLICT (code) DO NOTHING"
        );
        assert!(Template::parse("DELETE FROM naf WHERE code = ?1").is_err());
    }
}
