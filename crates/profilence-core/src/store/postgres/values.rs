//! Values both ways: parameters in PostgreSQL's text format, columns in SQLite's model.

use bytes::BytesMut;
use postgres::types::{Format, FromSql, IsNull, ToSql, Type};
use rusqlite::types::Value;

/// A parameter sent in PostgreSQL's text format: the server reads it as the type its
/// place in the statement asks (a date, a number, a flag…), as SQLite takes any value.
#[derive(Debug)]
pub(super) struct Param(pub(super) Value);

impl ToSql for Param {
    fn to_sql(&self, _ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use std::fmt::Write as _;
        match &self.0 {
            Value::Null => return Ok(IsNull::Yes),
            Value::Integer(n) => write!(out, "{n}")?,
            Value::Real(x) => write!(out, "{x:?}")?,
            Value::Text(text) => out.extend_from_slice(text.as_bytes()),
            Value::Blob(bytes) => {
                out.extend_from_slice(b"\\x");
                out.extend_from_slice(hex::encode(bytes).as_bytes());
            }
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        Format::Text
    }

    postgres::types::to_sql_checked!();
}

/// A column's value as SQLite would hold it: whole numbers and flags as integers, dates
/// and times as ISO text, JSON as its text.
pub(super) struct Column(pub(super) Value);

impl<'a> FromSql<'a> for Column {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self(match *ty {
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                Value::Text(<&str>::from_sql(ty, raw)?.to_owned())
            }
            Type::JSON => Value::Text(std::str::from_utf8(raw)?.to_owned()),
            // JSONB's binary form is a version byte (1), then the text.
            Type::JSONB => Value::Text(std::str::from_utf8(raw.get(1..).unwrap_or_default())?.to_owned()),
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::DATE => Value::Text(chrono::NaiveDate::from_sql(ty, raw)?.format("%Y-%m-%d").to_string()),
            Type::TIMESTAMPTZ => Value::Text(
                chrono::DateTime::<chrono::Utc>::from_sql(ty, raw)?.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
            Type::TIMESTAMP => {
                Value::Text(chrono::NaiveDateTime::from_sql(ty, raw)?.format("%Y-%m-%d %H:%M:%S").to_string())
            }
            Type::VOID => Value::Null,
            Type::TS_VECTOR => Value::Text(tsvector(raw)?),
            ref other => return Err(format!("a column of type {other} has no SQLite value").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Self(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A full-text document (`tsvector`, binary) as PostgreSQL writes it: `'word':1,4 'other':2`.
fn tsvector(raw: &[u8]) -> Result<String, Box<dyn std::error::Error + Sync + Send>> {
    let cut = || "a tsvector value cut short";
    let count = u32::from_be_bytes(raw.get(..4).ok_or_else(cut)?.try_into()?);
    let mut at = 4;
    let mut words = Vec::new();
    for _ in 0..count {
        let end = at + raw.get(at..).ok_or_else(cut)?.iter().position(|b| *b == 0).ok_or_else(cut)?;
        let word = std::str::from_utf8(&raw[at..end])?.replace('\'', "''");
        at = end + 1;
        let positions = u16::from_be_bytes(raw.get(at..at + 2).ok_or_else(cut)?.try_into()?);
        at += 2;
        let mut places = Vec::new();
        for _ in 0..positions {
            let entry = u16::from_be_bytes(raw.get(at..at + 2).ok_or_else(cut)?.try_into()?);
            at += 2;
            let weight = ["", "C", "B", "A"][usize::from(entry >> 14)];
            places.push(format!("{}{weight}", entry & 0x3FFF));
        }
        words.push(if places.is_empty() { format!("'{word}'") } else { format!("'{word}':{}", places.join(",")) });
    }
    Ok(words.join(" "))
}

/// PostgreSQL's binary NUMERIC: an integer when it has no scale and fits (a `sum` of
/// integers, as SQLite's), a real otherwise (an `avg`, a real in SQLite too).
fn numeric(raw: &[u8]) -> Result<Value, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> Result<u16, Box<dyn std::error::Error + Sync + Send>> {
        let bytes = raw.get(i * 2..i * 2 + 2).ok_or("a NUMERIC value cut short")?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    };
    let (digits, weight, sign, scale) = (word(0)?, word(1)? as i16, word(2)?, word(3)?);
    const NEGATIVE: u16 = 0x4000;
    const NAN: u16 = 0xC000;
    if sign == NAN {
        return Ok(Value::Null);
    }
    let mut whole: i128 = 0;
    let mut real = 0.0_f64;
    let mut fraction = false;
    for k in 0..digits {
        let digit = word(4 + usize::from(k))?;
        let power = i32::from(weight) - i32::from(k as i16);
        real += f64::from(digit) * 10_000_f64.powi(power);
        if power >= 0 {
            whole = whole.saturating_add(i128::from(digit) * 10_000_i128.saturating_pow(power as u32));
        } else if digit != 0 {
            fraction = true;
        }
    }
    let negative = sign == NEGATIVE;
    Ok(match i64::try_from(whole) {
        Ok(n) if !fraction && scale == 0 => Value::Integer(if negative { -n } else { n }),
        _ => Value::Real(if negative { -real } else { real }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerics_read_as_sqlite_would_hold_them() {
        // 123456789 = 1·10000² + 2345·10000 + 6789; 12.5 = 12 + 5000/10000.
        let encode = |words: &[u16]| words.iter().flat_map(|w| w.to_be_bytes()).collect::<Vec<u8>>();
        assert_eq!(numeric(&encode(&[3, 2, 0, 0, 1, 2345, 6789])).unwrap(), Value::Integer(123_456_789));
        assert_eq!(numeric(&encode(&[3, 2, 0x4000, 0, 1, 2345, 6789])).unwrap(), Value::Integer(-123_456_789));
        assert_eq!(numeric(&encode(&[2, 0, 0, 1, 12, 5000])).unwrap(), Value::Real(12.5));
        assert_eq!(numeric(&encode(&[0, 0, 0, 0])).unwrap(), Value::Integer(0));
        // 20000 = 2·10000¹ (trailing zero groups are not sent).
        assert_eq!(numeric(&encode(&[1, 1, 0, 0, 2])).unwrap(), Value::Integer(20_000));
    }
}
