//! The set-based "no answer" pass marks exactly what the former loop marked — one event
//! appended and the promotion's derived columns refreshed per promotion — on a history
//! built for the test: every table compared row by row, the loop kept here as the reference.

use crate::store::Conn;
use chrono::{DateTime, Days, Local, NaiveDate, TimeZone};
use rusqlite::types::Value;

use super::{
    super::events::{NewEvent, append, refresh},
    *,
};
use crate::{
    choices::EventKind,
    demo,
    promotions::{EventInput, record_event, replay},
    reference_update,
};

/// The pass as it was written before it became set-based (issue 25): the reference. It
/// takes the promotions in the order of their ids, as the set-based pass appends their
/// events (the loop took them in the waiting index's order; the order of the appends is
/// the events' ids only, each promotion getting one).
fn mark_one_by_one(conn: &Conn, now: DateTime<Local>) -> Result<u32> {
    let settings = settings::promotion_settings(conn)?;
    let cutoff = days_before(now, settings.no_answer_days);
    let due: Vec<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, last_contact_at FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= ?1 ORDER BY id",
        )?
        .query_map([&cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let recorded_at = stored(now);
    let comment = format!("Aucune réponse {} jours après le dernier contact.", settings.no_answer_days);
    for (id, last_contact) in &due {
        let ran_out = DateTime::parse_from_rfc3339(last_contact)
            .ok()
            .and_then(|t| t.checked_add_days(Days::new(settings.no_answer_days.into())))
            .map_or_else(|| recorded_at.clone(), |t| stored(t.with_timezone(&Local)));
        append(
            conn,
            *id,
            &NewEvent {
                comment: &comment,
                ..NewEvent::plain(EventKind::NoAnswer, &ran_out, &recorded_at, AUTOMATIC_AUTHOR)
            },
        )?;
        refresh(conn, *id)?;
    }
    Ok(u32::try_from(due.len()).unwrap_or(u32::MAX))
}

/// Every row of every table (virtual tables aside: their shadow tables are compared).
fn every_row(conn: &Conn) -> Vec<(String, Vec<Vec<Value>>)> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            // Every column in the order: tables without a rowid too.
            let width = conn
                .query_row(&format!("SELECT count(*) FROM pragma_table_info('{table}')"), [], |r| r.get::<_, u32>(0))
                .unwrap() as usize;
            let order = (1..=width).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}")).unwrap();
            let rows = statement
                .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (table, rows)
        })
        .collect()
}

/// Runs the reference loop and the set-based pass on the same database at `now` (the
/// loop's work rolled back), asserts that both leave every row the same, keeps the
/// set-based pass's work and returns how many it marked.
fn both_ways(conn: &Conn, now: DateTime<Local>) -> u32 {
    conn.execute_batch("SAVEPOINT reference").unwrap();
    let expected = mark_one_by_one(conn, now).unwrap();
    let reference = every_row(conn);
    conn.execute_batch("ROLLBACK TO reference; RELEASE reference").unwrap();
    let marked = mark_unanswered(conn, now).unwrap();
    assert_eq!(marked, expected, "as many marked at {now}");
    let rows = every_row(conn);
    assert_eq!(rows.len(), reference.len());
    for ((table, got), (_, want)) in rows.iter().zip(&reference) {
        assert_eq!(got.len(), want.len(), "rows of {table} at {now}");
        for (got, want) in got.iter().zip(want) {
            assert_eq!(got, want, "a row of {table} at {now}");
        }
    }
    marked
}

fn status_of(conn: &Conn, id: i64) -> String {
    conn.query_row("SELECT status FROM promotions WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

fn event(kind: EventKind, on: NaiveDate) -> EventInput {
    EventInput { kind: Some(kind), on: on.to_string(), comment: "Vu au téléphone.".into(), ..EventInput::default() }
}

#[test]
fn the_set_based_pass_marks_exactly_what_the_loop_marked() {
    let mut conn = crate::db::open_in_memory().unwrap();
    crate::migrations::apply(&mut conn).unwrap();
    let conn = Conn::from(&conn);
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    reference_update::install_folder(&conn, &data).expect("../shared/data beside the repository");
    // Noon: a contact recorded on a day at noon is exactly `no_answer_days` old at `now`.
    let now = Local.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap();
    let today = now.date_naive();
    let me = settings::CounsellorSettings {
        name: "Claire Morel".into(),
        agency: "Agence de Rennes".into(),
        phone: "02 99 00 11 22".into(),
        email: "claire.morel@agence.example".into(),
    };
    settings::update(&conn, &me).unwrap();
    demo::generate(&conn, 60, 20, 25, today).unwrap();
    demo::promotions(&conn, 500, 200, 25, now).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };

    // A first pass ninety days ago, then one a month later with another wait: what each
    // marked is what the next one leaves alone.
    let early = both_ways(&conn, now - Days::new(90));
    assert!(early > 10, "{early} marked ninety days ago");
    let mut settings = settings::promotion_settings(&conn).unwrap();
    settings.no_answer_days = 21;
    settings::update_promotion_settings(&conn, &settings).unwrap();
    let later = both_ways(&conn, now - Days::new(60));
    assert!(later > 5, "{later} marked with 21 days");
    settings.no_answer_days = 30;
    settings::update_promotion_settings(&conn, &settings).unwrap();

    // What the counsellor did since: a "no answer" corrected (the promotion waits again,
    // from its last contact), a late answer after a "no answer", a reminder exactly
    // `no_answer_days` before `now`, one a day later.
    let waiting = |status: &str, days: u64| -> Vec<i64> {
        conn.prepare(
            "SELECT id FROM promotions WHERE instr(?1, status) > 0 AND last_contact_at < ?2 ORDER BY id LIMIT 4",
        )
        .unwrap()
        .query_map(rusqlite::params![status, stored(now - Days::new(days))], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    // Sent before the last pass's cutoff (60 + 21 days ago) are marked already.
    let (unanswered, sent) = (waiting("no_answer", 75), waiting("sent reminded", 35));
    assert!(unanswered.len() == 4 && sent.len() == 4, "{unanswered:?} {sent:?}");
    let on = |days: u64| today - Days::new(days);
    record_event(&conn, &unanswered[..1], &event(EventKind::Correction, on(50)), now).unwrap();
    record_event(&conn, &unanswered[1..2], &event(EventKind::Interested, on(50)), now).unwrap();
    record_event(&conn, &unanswered[2..3], &event(EventKind::Reminded, on(30)), now).unwrap();
    record_event(&conn, &unanswered[3..4], &event(EventKind::Reminded, on(29)), now).unwrap();
    record_event(&conn, &sent[..1], &event(EventKind::Reminded, on(30)), now).unwrap();
    record_event(&conn, &sent[1..2], &event(EventKind::Note, on(29)), now).unwrap();
    // Sendings never reminded, 40 and 20 days ago.
    let (candidate, company): (i64, i64) = conn
        .query_row("SELECT candidate_id, company_id FROM promotions ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let sending = |days: u64| {
        let at = now - Days::new(days);
        let plain = |kind| (EventInput { kind: Some(kind), ..EventInput::default() }, at);
        replay(
            &conn,
            candidate,
            (company, None),
            crate::choices::PromotionChannel::Email,
            "Un profil motivé.",
            "Claire Morel",
            &[plain(EventKind::Created), plain(EventKind::Sent)],
        )
        .unwrap()
    };
    let (long_ago, lately) = (sending(40), sending(20));
    let waiting_before = count("SELECT count(*) FROM promotions WHERE status IN ('sent', 'reminded')");

    let marked = both_ways(&conn, now);
    assert!(marked > 50, "{marked} marked now");
    assert_eq!(status_of(&conn, unanswered[0]), "no_answer", "corrected, then marked again");
    assert_eq!(status_of(&conn, unanswered[1]), "interested", "a late answer stays");
    assert_eq!(status_of(&conn, unanswered[2]), "no_answer", "reminded exactly 30 days ago");
    assert_eq!(status_of(&conn, unanswered[3]), "reminded", "reminded 29 days ago");
    assert_eq!(status_of(&conn, sent[0]), "no_answer");
    assert_eq!(status_of(&conn, sent[1]), "no_answer", "a note is no contact");
    assert_eq!((status_of(&conn, long_ago).as_str(), status_of(&conn, lately).as_str()), ("no_answer", "sent"));
    assert_eq!(
        count("SELECT count(*) FROM promotions WHERE status IN ('sent', 'reminded')"),
        waiting_before - i64::from(marked)
    );
    // Both kinds of waiting were marked, each dated 30 days after its last contact.
    let marked_from = |status: &str| {
        count(&format!(
            "SELECT count(*) FROM promotion_events e JOIN promotion_events before ON before.promotion_id = e.promotion_id \
             AND before.id = (SELECT max(id) FROM promotion_events b WHERE b.promotion_id = e.promotion_id \
             AND b.id < e.id AND b.kind IN ('sent', 'reminded')) \
             WHERE e.kind = 'no_answer' AND e.recorded_at = '{}' AND before.kind = '{status}'",
            stored(now)
        ))
    };
    assert!(marked_from("sent") > 0 && marked_from("reminded") > 0);
    assert_eq!(both_ways(&conn, now), 0, "nothing left to mark");
}

/// A history with promotions due at `now`, in a database file of its own, closed, and the
/// same file copied beside it: two databases alike.
fn twin_databases(now: DateTime<Local>) -> (tempfile::TempDir, Database, Database) {
    let dir = tempfile::tempdir().unwrap();
    let key = crate::secret::DbKey::generate().unwrap();
    let (first, second) = (dir.path().join("a.db"), dir.path().join("b.db"));
    {
        let db = Database::open_with_key(&first, &key).unwrap();
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        db.write(|tx| reference_update::install_folder(tx, &data).map(|_| ()))
            .expect("../shared/data beside the repository");
        db.write(|tx| {
            demo::generate(tx, 40, 15, 7, now.date_naive())?;
            demo::promotions(tx, 300, 200, 7, now)
        })
        .unwrap();
    }
    std::fs::copy(&first, &second).unwrap();
    let open = |path| Database::open_with_key(path, &key).unwrap();
    (dir, open(&first), open(&second))
}

#[test]
fn a_pass_in_batches_marks_what_one_pass_marks_and_tells_its_progress() {
    let now = Local.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap();
    let (_dir, whole, batched) = twin_databases(now);
    let due = batched.read(|c| pending(c, now)).unwrap();
    assert!(due > 30, "{due} due");

    let marked = whole.write(|tx| mark_unanswered(tx, now)).unwrap();
    let mut told = Vec::new();
    let in_batches = settle_in_batches(&batched, now, 7, |p| told.push(p)).unwrap();
    assert_eq!((in_batches, marked), (due, due));
    assert_eq!(told.len() as u32, due.div_ceil(7), "one word per batch: {told:?}");
    assert!(told.windows(2).all(|w| w[0].marked < w[1].marked), "{told:?}");
    assert_eq!(told.last(), Some(&PassProgress { marked: due, due }));
    // Same promotions, same events (ids, dates, words), same derived columns.
    let (want, got) = (whole.read(|c| Ok(every_row(c))).unwrap(), batched.read(|c| Ok(every_row(c))).unwrap());
    assert_eq!(got.len(), want.len());
    for ((table, got), (_, want)) in got.iter().zip(&want) {
        assert_eq!(got, want, "the rows of {table}");
    }
    assert_eq!(batched.read(|c| pending(c, now)).unwrap(), 0);
    assert_eq!(settle_in_batches(&batched, now, 7, |_| {}).unwrap(), 0, "nothing left");
}

#[test]
fn a_view_leaves_a_long_pass_to_the_app_and_runs_a_short_one() {
    let now = Local.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap();
    let (_dir, db, _) = twin_databases(now);
    let due = db.read(|c| pending(c, now)).unwrap();
    db.defer_passes_over(due - 1);
    assert_eq!(settle(&db, now).unwrap(), 0, "more than the long pass: left to the app's thread");
    assert_eq!(db.read(|c| pending(c, now)).unwrap(), due, "nothing marked");
    db.defer_passes_over(due);
    assert_eq!(settle(&db, now).unwrap(), due, "as many as the long pass: marked before the view reads");
}
