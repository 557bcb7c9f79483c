//! The SQL functions the core's queries and migrations call, registered on every
//! connection (`db`) and before migrations run.

use rusqlite::Connection;

/// SQL functions the queries use: `fold(text)` (lower case, no accents, as the search
/// index stores words), `distance_km(lat1, lng1, lat2, lng2)` and
/// `work_constraint(note, working_time, driving_licences)` (the code of the
/// `WorkConstraint` a free note of a candidate says, or NULL: `constraints::choice_of_note`).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("fold", 1, flags, |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|text| crate::text::fold(&text)))
    })?;
    conn.create_scalar_function("work_constraint", 3, flags, |ctx| {
        let working_time = ctx.get::<Option<String>>(1)?.as_deref().and_then(crate::choices::WorkingTime::from_code);
        let licences = ctx.get::<Option<String>>(2)?;
        let has_licence = licences.as_deref().is_some_and(|l| !matches!(l.trim(), "" | "[]"));
        Ok(ctx
            .get::<Option<String>>(0)?
            .and_then(|note| crate::constraints::choice_of_note(&note, working_time, has_licence))
            .map(|c| c.code()))
    })?;
    conn.create_scalar_function("distance_km", 4, flags, |ctx| {
        let value = |i| ctx.get::<Option<f64>>(i);
        Ok(match (value(0)?, value(1)?, value(2)?, value(3)?) {
            (Some(a), Some(b), Some(c), Some(d)) => Some(crate::geo::distance_km(a, b, c, d)),
            _ => None,
        })
    })
}
