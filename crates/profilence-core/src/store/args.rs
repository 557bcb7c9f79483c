//! A statement's parameters, as the core writes them for rusqlite (`[id]`, `params![…]`,
//! `named_params!{…}`, a list's `(name, value)` pairs), for either store.

use rusqlite::{
    ToSql,
    types::{ToSqlOutput, Value, ValueRef},
};

/// One parameter's value in SQLite's model, with its name when the SQL names it (`:name`).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<String>,
    pub value: Value,
}

/// What a statement can be run with: rusqlite's own parameter forms (bound as rusqlite
/// binds them on the embedded store), whose values the server's side reads in turn.
pub trait Args: rusqlite::Params {
    fn values(&self) -> rusqlite::Result<Vec<Arg>>;
}

fn value(param: &dyn ToSql) -> rusqlite::Result<Value> {
    Ok(match param.to_sql()? {
        ToSqlOutput::Borrowed(value) => match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
            ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
        },
        ToSqlOutput::Owned(value) => value,
        other => {
            return Err(rusqlite::Error::ToSqlConversionFailure(
                format!("a parameter of a kind the server does not take: {other:?}").into(),
            ));
        }
    })
}

fn positional<'a>(params: impl IntoIterator<Item = &'a dyn ToSql>) -> rusqlite::Result<Vec<Arg>> {
    params.into_iter().map(|p| Ok(Arg { name: None, value: value(p)? })).collect()
}

fn named<'a>(params: impl IntoIterator<Item = (&'a str, &'a dyn ToSql)>) -> rusqlite::Result<Vec<Arg>> {
    params.into_iter().map(|(name, p)| Ok(Arg { name: Some(name.to_owned()), value: value(p)? })).collect()
}

impl Args for [&(dyn ToSql + Send + Sync); 0] {
    fn values(&self) -> rusqlite::Result<Vec<Arg>> {
        Ok(Vec::new())
    }
}

impl Args for () {
    fn values(&self) -> rusqlite::Result<Vec<Arg>> {
        Ok(Vec::new())
    }
}

impl Args for &[&dyn ToSql] {
    fn values(&self) -> rusqlite::Result<Vec<Arg>> {
        positional(self.iter().copied())
    }
}

impl<T: ToSql> Args for &[(&str, T)] {
    fn values(&self) -> rusqlite::Result<Vec<Arg>> {
        named(self.iter().map(|(name, p)| (*name, p as &dyn ToSql)))
    }
}

/// rusqlite's arrays of parameters, 1 to 32 of them.
macro_rules! arrays {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Args for [T; $n] {
            fn values(&self) -> rusqlite::Result<Vec<Arg>> {
                positional(self.iter().map(|p| p as &dyn ToSql))
            }
        }
        impl<T: ToSql + ?Sized> Args for &[&T; $n] {
            fn values(&self) -> rusqlite::Result<Vec<Arg>> {
                positional(self.iter().map(|p| p as &dyn ToSql))
            }
        }
        impl<T: ToSql + ?Sized> Args for &[(&str, &T); $n] {
            fn values(&self) -> rusqlite::Result<Vec<Arg>> {
                named(self.iter().map(|(name, p)| (*name, p as &dyn ToSql)))
            }
        }
    )+};
}

arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);

/// rusqlite's tuples of parameters, 1 to 8 of them.
macro_rules! tuples {
    ($(($($t:ident $i:tt),+))+) => {$(
        impl<$($t: ToSql),+> Args for ($($t,)+) {
            fn values(&self) -> rusqlite::Result<Vec<Arg>> {
                positional([$(&self.$i as &dyn ToSql),+])
            }
        }
    )+};
}

tuples!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5) (A 0, B 1, C 2, D 3, E 4, F 5, G 6) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7));
