//! Schema migrations: the numbered `.sql` files of `/migrations`, embedded at build time
//! (see `build.rs`) and applied in one transaction. `PRAGMA user_version` holds the
//! schema version.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this build knows.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |(version, _, _)| *version)
}

pub fn schema_version(conn: &Connection) -> Result<u32> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// The schema version of either store: the embedded file's (`schema_version`), or the
/// server's (`postgres::schema_version`).
pub fn version_of(conn: &crate::store::Conn<'_>) -> Result<u32> {
    match conn {
        crate::store::Conn::Sqlite(file) => schema_version(file),
        crate::store::Conn::Postgres(session) => crate::store::postgres::schema_version(&mut session.borrow_mut()),
    }
}

/// Brings the schema up to date; all pending migrations land together or none does.
/// Returns the version the database is at afterwards.
pub fn apply(conn: &mut Connection) -> Result<u32> {
    apply_to(conn, latest_version())
}

/// Brings the schema up to `target` (at most the latest): `apply`, or an older schema as
/// an earlier release left it (the tests of upgrades build one so).
pub fn apply_to(conn: &mut Connection, target: u32) -> Result<u32> {
    let current = schema_version(conn)?;
    let latest = latest_version();
    let target = target.min(latest);
    if current > latest {
        return Err(Error::SchemaTooNew { found: current, known: latest });
    }
    if current >= target {
        return Ok(current);
    }
    // Migrations may call the core's SQL functions (`fold` for sort keys).
    crate::sql_functions::register(conn)?;
    // With the write lock taken, the version is read again: another process (the app and
    // the CLI started together) may have migrated the database meanwhile.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = schema_version(&tx)?;
    if current > latest {
        return Err(Error::SchemaTooNew { found: current, known: latest });
    }
    if current >= target {
        return Ok(current);
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|(version, _, _)| *version > current && *version <= target) {
        log::info!("applying migration {name}");
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database left by the first release, with a candidate and a company, upgraded.
    #[test]
    fn a_version_1_database_keeps_its_records_through_version_2() {
        let mut conn = crate::db::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0].2).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO candidates (last_name, first_name, email, commune, consent_date, consent_channel, \
             consent_expiry, target_job, created_at, updated_at) VALUES ('Éloi', 'Anaïs', 'anais@x.example', \
             'Bœurs-en-Othe', '2026-01-01', 'oral', '2027-01-01', 'Pâtissière', 'now', 'now'); \
             INSERT INTO companies (name, siret, contact_name, contact_email, created_at, updated_at) \
             VALUES ('Boulangerie Kerbrat', '73282932000074', 'Yann Kerbrat', 'yann@x.example', 'now', 'now');",
        )
        .unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        let job: String =
            conn.query_row("SELECT label FROM candidate_target_jobs WHERE candidate_id = 1", [], |r| r.get(0)).unwrap();
        let sort: String = conn.query_row("SELECT sort_name FROM candidates", [], |r| r.get(0)).unwrap();
        let found: i64 = conn
            .query_row("SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'patissiere'", [], |r| r.get(0))
            .unwrap();
        let contact: String = conn.query_row("SELECT email FROM company_contacts", [], |r| r.get(0)).unwrap();
        // Folded like the core folds: the ligature "œ" is found as "oe".
        let by_commune: i64 = conn
            .query_row("SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'boeurs'", [], |r| r.get(0))
            .unwrap();
        let by_contact: i64 = conn
            .query_row("SELECT count(*) FROM companies_fts WHERE companies_fts MATCH 'yann'", [], |r| r.get(0))
            .unwrap();
        assert_eq!((by_commune, by_contact), (1, 1));
        assert_eq!(
            (job.as_str(), sort.as_str(), found, contact.as_str()),
            ("Pâtissière", "eloi anais", 1, "yann@x.example")
        );
    }

    /// Promotions of a version-3 database get their agency and their interviews (a
    /// corrected interview does not count) for the dashboards.
    #[test]
    fn a_version_3_database_keeps_its_promotions_and_gets_their_dashboard_facts() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::sql_functions::register(&conn).unwrap();
        for (_, _, sql) in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute_batch(
            "UPDATE counsellor_settings SET name = 'Claire Morel', agency = 'Agence de Quimper'; \
             INSERT INTO candidates (id, last_name, first_name, consent_date, consent_channel, consent_expiry, \
             created_at, updated_at) VALUES (1, 'Martin', 'Léa', '2026-01-01', 'oral', '2027-01-01', 'now', 'now'); \
             INSERT INTO companies (id, name, siret, created_at, updated_at) \
             VALUES (1, 'Boulangerie Kerbrat', '73282932000074', 'now', 'now'); \
             INSERT INTO promotions (id, candidate_id, company_id, counsellor, channel, pitch, profile_version, \
             created_at, status, status_at, sent_at) VALUES \
             (1, 1, 1, 'Claire Morel', 'email', 'p', 'v', '2026-11-02T08:00:00Z', 'hired', 'x', '2026-11-02T08:00:00Z'), \
             (2, 1, 1, 'Claire Morel', 'email', 'p', 'v', '2026-11-03T08:00:00Z', 'sent', 'x', '2026-11-03T08:00:00Z'); \
             INSERT INTO promotion_events (id, promotion_id, kind, at, recorded_at, author, corrects) VALUES \
             (1, 1, 'sent', '2026-11-02T08:00:00Z', 'x', 'C', NULL), \
             (2, 1, 'interview_planned', '2026-11-05T08:00:00Z', 'x', 'C', NULL), \
             (3, 1, 'hired', '2026-11-09T08:00:00Z', 'x', 'C', NULL), \
             (4, 2, 'sent', '2026-11-03T08:00:00Z', 'x', 'C', NULL), \
             (5, 2, 'interview_planned', '2026-11-06T08:00:00Z', 'x', 'C', NULL), \
             (6, 2, 'correction', '2026-11-07T08:00:00Z', 'x', 'C', 5);",
        )
        .unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        let rows: Vec<(String, Option<String>)> = conn
            .prepare("SELECT agency, interview_planned_at FROM promotions ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            [
                ("Agence de Quimper".to_owned(), Some("2026-11-05T08:00:00Z".to_owned())),
                ("Agence de Quimper".to_owned(), None)
            ]
        );
        // The change counters are there, and the triggers bump them.
        conn.execute("UPDATE candidates SET first_name = 'Léna'", []).unwrap();
        conn.execute("DELETE FROM promotions WHERE id = 2", []).unwrap();
        let counters: (i64, i64) = conn
            .query_row("SELECT promotions_deleted, candidates FROM stats_changes", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(counters, (1, 1));
        // Version 14 kept her latest sending (before promotion 2 went), and a new one is no
        // change of the pool for the dashboards.
        let last: String = conn.query_row("SELECT last_sent_at FROM candidates", [], |r| r.get(0)).unwrap();
        assert_eq!(last, "2026-11-03T08:00:00Z");
        conn.execute("UPDATE candidates SET last_sent_at = '2026-12-01T09:00:00Z'", []).unwrap();
        let pool: i64 = conn.query_row("SELECT candidates FROM stats_changes", [], |r| r.get(0)).unwrap();
        assert_eq!(pool, 1);
    }

    /// Promotions imported before a hire counted as an answer get their answer date: the
    /// outcome's; one with an earlier answer keeps it, one still waiting gets none.
    #[test]
    fn a_version_5_database_gets_the_answers_of_its_outcomes() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::sql_functions::register(&conn).unwrap();
        for (_, _, sql) in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO candidates (id, last_name, first_name, consent_date, consent_channel, consent_expiry, \
             created_at, updated_at) VALUES (1, 'Martin', 'Léa', '2026-01-01', 'oral', '2027-01-01', 'now', 'now'); \
             INSERT INTO companies (id, name, siret, created_at, updated_at) \
             VALUES (1, 'Boulangerie Kerbrat', '73282932000074', 'now', 'now'); \
             INSERT INTO promotions (id, candidate_id, company_id, counsellor, channel, pitch, profile_version, \
             created_at, status, status_at, sent_at, answered_at) VALUES \
             (1, 1, 1, 'C', 'email', 'p', 'v', '2026-09-12T10:00:00Z', 'hired', '2026-09-20T10:00:00Z', \
              '2026-09-12T10:00:00Z', NULL), \
             (2, 1, 1, 'C', 'email', 'p', 'v', '2026-09-13T10:00:00Z', 'not_retained', '2026-09-25T10:00:00Z', \
              '2026-09-13T10:00:00Z', NULL), \
             (3, 1, 1, 'C', 'email', 'p', 'v', '2026-09-14T10:00:00Z', 'hired', '2026-09-30T10:00:00Z', \
              '2026-09-14T10:00:00Z', '2026-09-16T10:00:00Z'), \
             (4, 1, 1, 'C', 'email', 'p', 'v', '2026-09-15T10:00:00Z', 'sent', '2026-09-15T10:00:00Z', \
              '2026-09-15T10:00:00Z', NULL);",
        )
        .unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        let answers: Vec<Option<String>> = conn
            .prepare("SELECT answered_at FROM promotions ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            answers,
            [
                Some("2026-09-20T10:00:00Z".to_owned()),
                Some("2026-09-25T10:00:00Z".to_owned()),
                Some("2026-09-16T10:00:00Z".to_owned()),
                None
            ]
        );
    }

    /// Answers the import dated at the sending because the file gave no date become undated
    /// on imported promotions (empty pitch, created when the import ran), with the derived
    /// columns again: answered without a date, an interview without a date. Dated answers,
    /// and the promotions made in the app (even one with an empty pitch), keep their dates.
    #[test]
    fn a_version_6_database_gets_its_undated_answers() {
        use chrono::{Duration, NaiveDate};

        use crate::clock::{noon, stored};

        // Local noon of a day, as the import stored it (RFC 3339 UTC): whatever the zone.
        let noon_of = |day: &str| noon(NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap()).unwrap();
        let at = |day: &str| stored(noon_of(day));
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::sql_functions::register(&conn).unwrap();
        for (_, _, sql) in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        let imported = "2026-11-22T09:00:00Z";
        // The app's promotions: created and recorded at one moment, in the morning.
        let morning_15 = stored(noon_of("2026-09-15") - Duration::hours(3));
        let morning_17 = stored(noon_of("2026-09-17") - Duration::hours(3));
        let (s15, s18, s12, s19) = (at("2026-09-15"), at("2026-09-18"), at("2026-09-12"), at("2026-09-19"));
        let (h20, h05, k01, s17) = (at("2026-09-20"), at("2026-10-05"), at("2026-10-01"), at("2026-09-17"));
        conn.execute_batch(&format!(
            "INSERT INTO candidates (id, last_name, first_name, consent_date, consent_channel, consent_expiry, \
             created_at, updated_at) VALUES (1, 'Martin', 'Léa', '2026-01-01', 'oral', '2027-01-01', 'now', 'now'); \
             INSERT INTO companies (id, name, siret, created_at, updated_at) \
             VALUES (1, 'Boulangerie Kerbrat', '73282932000074', 'now', 'now'); \
             INSERT INTO promotions (id, candidate_id, company_id, counsellor, channel, pitch, profile_version, \
             created_at, status, status_at, sent_at, last_contact_at, answered_at, interview_planned_at, reason) VALUES \
             (1, 1, 1, 'C', 'email', '', 'v', '{s15}', 'refused', '{s15}', '{s15}', '{s15}', '{s15}', NULL, 'other'), \
             (2, 1, 1, 'C', 'email', '', 'v', '{s18}', 'hired', '{h05}', '{s18}', '{s18}', '{s18}', '{s18}', NULL), \
             (3, 1, 1, 'C', 'email', '', 'v', '{s12}', 'hired', '{h20}', '{s12}', '{s12}', '{h20}', NULL, NULL), \
             (4, 1, 1, 'C', 'email', 'Je vous présente Léa.', 'v', '{morning_15}', 'interested', '{s15}', \
              '{morning_15}', '{morning_15}', '{s15}', NULL, NULL), \
             (5, 1, 1, 'C', 'email', '', 'v', '{morning_17}', 'refused', '{s17}', '{morning_17}', '{morning_17}', \
              '{s17}', NULL, 'other'), \
             (6, 1, 1, 'C', 'email', '', 'v', '{s19}', 'kept_on_file', '{k01}', '{s19}', '{s19}', '{k01}', NULL, NULL); \
             INSERT INTO promotion_events (id, promotion_id, kind, at, recorded_at, author, interview_at, corrects) VALUES \
             (1, 1, 'created', '{s15}', '{imported}', 'C', NULL, NULL), \
             (2, 1, 'sent', '{s15}', '{imported}', 'C', NULL, NULL), \
             (3, 1, 'refused', '{s15}', '{imported}', 'C', NULL, NULL), \
             (4, 1, 'note', '{s15}', '{imported}', 'C', NULL, NULL), \
             (5, 2, 'created', '{s18}', '{imported}', 'C', NULL, NULL), \
             (6, 2, 'sent', '{s18}', '{imported}', 'C', NULL, NULL), \
             (7, 2, 'interview_planned', '{s18}', '{imported}', 'C', '2026-10-03', NULL), \
             (8, 2, 'hired', '{h05}', '{imported}', 'C', NULL, NULL), \
             (9, 3, 'created', '{s12}', '{imported}', 'C', NULL, NULL), \
             (10, 3, 'sent', '{s12}', '{imported}', 'C', NULL, NULL), \
             (11, 3, 'hired', '{h20}', '{imported}', 'C', NULL, NULL), \
             (12, 4, 'created', '{morning_15}', '{morning_15}', 'C', NULL, NULL), \
             (13, 4, 'sent', '{morning_15}', '{morning_15}', 'C', NULL, NULL), \
             (14, 4, 'interested', '{s15}', '2026-09-16T08:00:00Z', 'C', NULL, NULL), \
             (15, 5, 'created', '{morning_17}', '{morning_17}', 'C', NULL, NULL), \
             (16, 5, 'sent', '{morning_17}', '{morning_17}', 'C', NULL, NULL), \
             (17, 5, 'refused', '{s17}', '2026-09-18T08:00:00Z', 'C', NULL, NULL), \
             (18, 6, 'created', '{s19}', '{imported}', 'C', NULL, NULL), \
             (19, 6, 'sent', '{s19}', '{imported}', 'C', NULL, NULL), \
             (20, 6, 'interested', '{s19}', '{imported}', 'C', NULL, NULL), \
             (21, 6, 'correction', '2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z', 'C', NULL, 20), \
             (22, 6, 'kept_on_file', '{k01}', '2026-11-23T08:05:00Z', 'C', NULL, NULL);"
        ))
        .unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());

        let undated: Vec<i64> = conn
            .prepare("SELECT id FROM promotion_events WHERE undated = 1 ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // Promotion 1's refusal and note, 2's interview, 6's (cancelled) interest. Not the
        // creations and sendings, not 2's and 3's dated hires, not 6's later answer, not the
        // app's promotions 4 and 5 (5 has an empty pitch, but was created when recorded).
        assert_eq!(undated, [3, 4, 7, 20]);
        type Row = (Option<String>, bool, Option<String>, bool, bool, String, Option<String>);
        let rows: Vec<Row> = conn
            .prepare(
                "SELECT answered_at, answer_undated, interview_planned_at, interview_undated, status_undated, \
                 status_at, last_contact_at FROM promotions ORDER BY id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            rows,
            [
                // Refused, no date given: answered without a date; the status's moment kept for order.
                (None, true, None, false, true, s15.clone(), some(&s15)),
                // An undated interview, then a dated hire: the first answer and the interview undated.
                (None, true, None, true, false, h05.clone(), some(&s18)),
                // A hire the file dated: unchanged.
                (some(&h20), false, None, false, false, h20.clone(), some(&s12)),
                // The app's promotions: unchanged.
                (some(&s15), false, None, false, false, s15.clone(), some(&morning_15)),
                (some(&s17), false, None, false, false, s17.clone(), some(&morning_17)),
                // The undated interest was corrected: the first answer in force is dated.
                (some(&k01), false, None, false, false, k01.clone(), some(&s19)),
            ]
        );
        let interview: String =
            conn.query_row("SELECT interview_at FROM promotion_events WHERE id = 7", [], |r| r.get(0)).unwrap();
        assert_eq!(interview, "2026-10-03", "the interview's own day is kept");
        // The log is append-only again, and the dashboards' index holds the flags.
        assert!(conn.execute("UPDATE promotion_events SET comment = 'x' WHERE id = 3", []).is_err());
        let index: String =
            conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'promotions_facts'", [], |r| r.get(0)).unwrap();
        assert!(index.contains("answer_undated") && index.contains("interview_undated"), "{index}");
    }

    /// Free constraints of a version-11 database that say a choice become that choice and
    /// leave the notes, in their order; the others stay notes, as do those the record
    /// contradicts; a record without any is untouched.
    #[test]
    fn a_version_11_database_gets_its_free_constraints_as_choices() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::sql_functions::register(&conn).unwrap();
        for (_, _, sql) in &MIGRATIONS[..11] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 11).unwrap();
        conn.execute_batch(
            "INSERT INTO candidates (id, last_name, first_name, consent_date, consent_channel, consent_expiry, \
             constraints, created_at, updated_at) VALUES \
             (1, 'Le Goff', 'Maëlle', '2026-01-01', 'oral', '2027-01-01', \
              '[\"Pas de travail le week-end\",\"Horaires compatibles avec la garde d''enfants\",\"pas de travail de NUIT.\",\"Pas de week-end\",\"Non véhiculée\"]', 'now', 'now'), \
             (2, 'Benali', 'Karim', '2026-01-01', 'oral', '2027-01-01', \
              '[\"Pas de port de charges lourdes\",\"Temps partiel thérapeutique\"]', 'now', 'now'), \
             (3, 'Roux', 'Inès', '2026-01-01', 'oral', '2027-01-01', '[]', 'now', 'now'); \
             INSERT INTO candidates (id, last_name, first_name, consent_date, consent_channel, consent_expiry, \
             working_time, driving_licences, constraints, created_at, updated_at) VALUES \
             (4, 'Nguyen', 'Lina', '2026-01-01', 'oral', '2027-01-01', 'full_time', '[\"B\"]', \
              '[\"Temps partiel\",\"Sans permis\",\"Pas de déplacements\"]', 'now', 'now'), \
             (5, 'Morel', 'Jade', '2026-01-01', 'oral', '2027-01-01', 'part_time', '[]', \
              '[\"Temps partiel\",\"Sans permis\"]', 'now', 'now');",
        )
        .unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        let rows: Vec<(String, String, String, String)> = conn
            .prepare(
                "SELECT work_constraints, constraints, sectors_avoided, sectors_preferred FROM candidates ORDER BY id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let row = |work: &str, notes: &str| (work.to_owned(), notes.to_owned(), "[]".to_owned(), "[]".to_owned());
        assert_eq!(
            rows,
            [
                row(r#"["no_weekend","no_night","no_vehicle"]"#, r#"["Horaires compatibles avec la garde d'enfants"]"#),
                row("[]", r#"["Pas de port de charges lourdes","Temps partiel thérapeutique"]"#),
                row("[]", "[]"),
                // What contradicts the record stays a note: « Temps plein » and licence B ticked.
                row(r#"["no_travel"]"#, r#"["Temps partiel","Sans permis"]"#),
                row(r#"["part_time_only","no_driving_licence"]"#, "[]"),
            ]
        );
        // The ROME's work contexts are there, empty until the ROME is imported again.
        let contexts: i64 = conn.query_row("SELECT count(*) FROM work_contexts", [], |r| r.get(0)).unwrap();
        assert_eq!(contexts, 0);
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (index, (version, name, sql)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version as usize, index + 1, "{name}");
            assert!(!sql.trim().is_empty(), "{name} is empty");
        }
    }

    #[test]
    fn every_migration_applies_to_an_empty_database_and_reapplying_is_a_no_op() {
        let mut conn = crate::db::open_in_memory().unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        assert_eq!(schema_version(&conn).unwrap(), latest_version());
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('candidates', 'companies', 'counsellor_settings')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 3);
    }

    #[test]
    fn a_database_from_a_newer_release_is_refused() {
        let mut conn = crate::db::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
        assert!(matches!(apply(&mut conn), Err(Error::SchemaTooNew { .. })));
    }

    #[test]
    fn a_failing_migration_leaves_the_schema_untouched() {
        let mut conn = crate::db::open_in_memory().unwrap();
        // A table the first migration wants to create already exists: it must fail whole.
        conn.execute_batch("CREATE TABLE companies (x INTEGER)").unwrap();
        assert!(apply(&mut conn).is_err());
        assert_eq!(schema_version(&conn).unwrap(), 0);
        let app_meta: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'app_meta'", [], |r| r.get(0)).unwrap();
        assert_eq!(app_meta, 0, "no half-applied migration");
    }

    /// A version-11 database whose candidates carry the age boxes: the boxes go, the
    /// candidates, their other publics and their birth dates stay, and the pool's indexes
    /// are there again (with the birth date's own).
    #[test]
    fn a_version_11_database_loses_its_age_boxes_and_keeps_its_candidates() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::sql_functions::register(&conn).unwrap();
        for (_, _, sql) in &MIGRATIONS[..11] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 11).unwrap();
        conn.execute_batch(
            "INSERT INTO candidates (id, last_name, first_name, birth_date, consent_date, consent_channel, \
             consent_expiry, rqth, under_26, over_50, created_at, updated_at) VALUES \
             (1, 'Martin', 'Léa', '2003-05-02', '2026-01-01', 'oral', '2027-01-01', 1, 1, 0, 'now', 'now'), \
             (2, 'Girard', 'Bernard', '1970-02-11', '2026-01-01', 'oral', '2027-01-01', 0, 0, 1, 'now', 'now'), \
             (3, 'Roux', 'Zoé', NULL, '2026-01-01', 'oral', '2027-01-01', 0, 1, 0, 'now', 'now');",
        )
        .unwrap();
        assert_eq!(apply(&mut conn).unwrap(), latest_version());
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('candidates')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!columns.iter().any(|c| c == "under_26" || c == "over_50"), "{columns:?}");
        let kept: Vec<(i64, Option<String>, bool)> = conn
            .prepare("SELECT id, birth_date, rqth FROM candidates ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            kept,
            [(1, Some("2003-05-02".to_owned()), true), (2, Some("1970-02-11".to_owned()), false), (3, None, false)]
        );
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'candidates' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for index in ["candidates_birth_date", "candidates_filters", "candidates_reach"] {
            assert!(indexes.iter().any(|i| i == index), "{index}: {indexes:?}");
        }
    }
}
