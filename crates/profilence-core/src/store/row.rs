//! A row of either store, read with rusqlite's `FromSql` on both.

use rusqlite::types::{FromSql, FromSqlError, ValueRef};

use super::postgres::PgRow;

/// One row of a query's result.
#[derive(Clone, Copy)]
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r PgRow),
}

/// A column by position or by name, as rusqlite's `get` takes it.
pub trait ColumnIndex: rusqlite::RowIndex + Copy {
    fn position(self, names: &[String]) -> Option<usize>;
}

impl ColumnIndex for usize {
    fn position(self, names: &[String]) -> Option<usize> {
        (self < names.len()).then_some(self)
    }
}

impl ColumnIndex for &str {
    fn position(self, names: &[String]) -> Option<usize> {
        names.iter().position(|name| name.eq_ignore_ascii_case(self))
    }
}

impl Row<'_> {
    pub fn get<I: ColumnIndex, T: FromSql>(&self, index: I) -> rusqlite::Result<T> {
        match self {
            Self::Sqlite(row) => row.get(index),
            Self::Postgres(row) => {
                let i = position(row, index)?;
                let value = row.value(i);
                T::column_result(value).map_err(|e| conversion(i, value, e))
            }
        }
    }

    pub fn get_ref<I: ColumnIndex>(&self, index: I) -> rusqlite::Result<ValueRef<'_>> {
        match self {
            Self::Sqlite(row) => row.get_ref(index),
            Self::Postgres(row) => Ok(row.value(position(row, index)?)),
        }
    }
}

fn position(row: &PgRow, index: impl ColumnIndex) -> rusqlite::Result<usize> {
    index.position(row.names()).ok_or(rusqlite::Error::InvalidColumnIndex(row.names().len()))
}

/// rusqlite's errors for a value `FromSql` refused, as `rusqlite::Row::get` gives them.
fn conversion(i: usize, value: ValueRef<'_>, error: FromSqlError) -> rusqlite::Error {
    match error {
        FromSqlError::InvalidType => rusqlite::Error::InvalidColumnType(i, format!("column {i}"), value.data_type()),
        FromSqlError::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
        FromSqlError::Other(e) => rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), e),
        other => rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(other)),
    }
}
