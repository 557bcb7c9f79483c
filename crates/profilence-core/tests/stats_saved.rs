//! The dashboards' facts saved for the next start (`stats::facts::save`): read back, they
//! give the dashboards a full read gives, before and after more events and promotions;
//! they are left aside when a promotion was deleted since, or when another layout or time
//! zone saved them. Whether they were read is seen by altering one saved fact.

mod common;

use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Local, TimeZone};
use profilence_core::{
    Database,
    choices::{EventKind, PromotionStatus, RefusalReason},
    demo,
    promotions::{self, EventInput},
    stats::{self, Dashboard, Period, StatsQuery, facts},
};

/// `facts::forget` forgets the facts of every database of the process: one test at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 12, 5, 18, 30, 0).unwrap()
}

/// The real referentials, demo people, companies and 400 promotions over 200 days: made
/// once, copied for each test (each file has facts of its own).
fn demo_world() -> (tempfile::TempDir, Database) {
    static TEMPLATE: common::Template = OnceLock::new();
    common::copy_of(&TEMPLATE, |tx| {
        demo::generate(tx, 40, 12, 11, now().date_naive())?;
        demo::promotions(tx, 400, 200, 11, now())?;
        Ok(())
    })
}

fn year() -> StatsQuery {
    StatsQuery { period: Period::Year { on: None }, ..StatsQuery::default() }
}

/// The dashboard as the first one after a start computes it: facts forgotten, read again.
fn after_start(db: &Database) -> Dashboard {
    facts::forget();
    db.read(|c| stats::compute(c, &year(), now())).unwrap()
}

/// The dashboard from the promotions' rows alone: no saved facts.
fn full_read(db: &Database) -> Dashboard {
    let saved = saved_rows(db);
    db.write(|tx| Ok(tx.execute_batch("DELETE FROM stats_snapshot_parts; DELETE FROM stats_snapshot;")?)).unwrap();
    let dashboard = after_start(db);
    restore_rows(db, saved);
    dashboard
}

type Rows = (Vec<(i64, i64, i64, Vec<u8>)>, Option<(String, String, i64, i64, i64, i64, Vec<u8>)>);

fn saved_rows(db: &Database) -> Rows {
    db.read(|c| {
        let parts = c
            .prepare("SELECT id, generation, part, data FROM stats_snapshot_parts")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let header = c
            .query_row(
                "SELECT layout, zone, last_event, promotions_deleted, generation, facts, names FROM stats_snapshot",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .ok();
        Ok((parts, header))
    })
    .unwrap()
}

fn restore_rows(db: &Database, (parts, header): Rows) {
    db.write(|tx| {
        for (id, generation, part, data) in parts {
            tx.execute(
                "INSERT INTO stats_snapshot_parts (id, generation, part, data) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![id, generation, part, data],
            )?;
        }
        if let Some((layout, zone, last, deleted, generation, count, names)) = header {
            tx.execute(
                "INSERT INTO stats_snapshot (id, layout, zone, last_event, promotions_deleted, generation, facts, names) \
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![layout, zone, last, deleted, generation, count, names],
            )?;
        }
        Ok(())
    })
    .unwrap();
}

/// Alters one saved fact: the status byte (the 58th of its 60) of the first one that is not
/// a hire set to « embauché », so that a dashboard reading the saved facts counts one hire
/// more than the promotions hold.
fn alter_a_saved_fact(db: &Database) {
    let hired = PromotionStatus::ALL.iter().position(|s| *s == PromotionStatus::Hired).unwrap() as u8;
    db.write(|tx| {
        let (id, mut data): (i64, Vec<u8>) =
            tx.query_row("SELECT id, data FROM stats_snapshot_parts ORDER BY part LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let fact = data.chunks(60).position(|f| f[57] != hired).expect("a promotion that is not a hire");
        data[fact * 60 + 57] = hired;
        tx.execute("UPDATE stats_snapshot_parts SET data = ?1 WHERE id = ?2", rusqlite::params![data, id])?;
        Ok(())
    })
    .unwrap();
}

fn sent_promotions(db: &Database) -> usize {
    let count: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM promotions WHERE sent_at IS NOT NULL", [], |r| r.get(0))?))
        .unwrap();
    count as usize
}

#[test]
fn saved_facts_give_the_dashboard_of_a_full_read_and_follow_what_came_after() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_dir, db) = demo_world();
    let before = after_start(&db);
    assert!(before.indicators.promotions > 100, "{}", before.indicators.promotions);
    let saved = facts::save(&db).unwrap().expect("the facts read are saved");
    assert_eq!(saved.promotions, sent_promotions(&db));
    assert!(facts::save(&db).unwrap().is_none(), "nothing new: no second save");
    // Read back at the next start: the same dashboard.
    assert_eq!(after_start(&db), before);
    // …and it was read from the saved facts: one altered shows.
    alter_a_saved_fact(&db);
    assert_eq!(after_start(&db).indicators.hires, before.indicators.hires + 1);
    // The altered facts forgotten: read from the promotions, saved again.
    facts::discard_saved(&db).unwrap();
    assert_eq!(after_start(&db), before);
    facts::save(&db).unwrap().expect("saved again");

    // More events (answers, hires) and more promotions after the save: the saved facts and
    // what came after give what a full read gives.
    let ids: Vec<i64> = db
        .read(|c| {
            Ok(c.prepare("SELECT id FROM promotions WHERE status IN ('sent', 'reminded') ORDER BY id LIMIT 30")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(ids.len(), 30);
    for (chunk, kind) in ids.chunks(10).zip([EventKind::Interested, EventKind::KeptOnFile, EventKind::Refused]) {
        let reason = (kind == EventKind::Refused).then_some(RefusalReason::AlreadyRecruited);
        let input = EventInput { kind: Some(kind), reason, ..EventInput::default() };
        db.write(|tx| promotions::record_event(tx, chunk, &input, now())).unwrap();
    }
    let sent = sent_promotions(&db);
    db.write(|tx| demo::promotions(tx, 50, 30, 12, now())).unwrap();
    let added = sent_promotions(&db) - sent;
    assert!(added > 30, "{added}");
    let after = after_start(&db);
    assert_ne!(after, before);
    assert_eq!(after, full_read(&db));
    assert_eq!(after.indicators.promotions as usize, before.indicators.promotions as usize + added);
}

#[test]
fn saved_facts_are_left_aside_when_they_no_longer_hold() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_dir, db) = demo_world();
    let before = after_start(&db);
    facts::save(&db).unwrap().expect("saved");
    alter_a_saved_fact(&db);
    assert_eq!(after_start(&db).indicators.hires, before.indicators.hires + 1, "read when they hold");
    let header = saved_rows(&db).1.unwrap();
    for (change, why) in [
        ("UPDATE stats_snapshot SET zone = zone || ',3600'", "another time zone"),
        ("UPDATE stats_snapshot SET layout = '0;' || layout", "another layout"),
        ("UPDATE stats_snapshot SET last_event = last_event + 1000000", "saved after the database's last event"),
        ("UPDATE stats_snapshot SET facts = facts + 1", "a part missing"),
    ] {
        db.write(|tx| Ok(tx.execute_batch(change)?)).unwrap();
        assert_eq!(after_start(&db), before, "{why}: read from the promotions");
        db.write(|tx| {
            tx.execute(
                "UPDATE stats_snapshot SET layout = ?1, zone = ?2, last_event = ?3, facts = ?4",
                rusqlite::params![header.0, header.1, header.2, header.5],
            )?;
            Ok(())
        })
        .unwrap();
    }
    // A promotion deleted since the save: its fact must not linger.
    let first: i64 = db
        .read(|c| Ok(c.query_row("SELECT min(id) FROM promotions WHERE sent_at IS NOT NULL", [], |r| r.get(0))?))
        .unwrap();
    db.write(|tx| Ok(tx.execute("DELETE FROM promotions WHERE id = ?1", [first])?)).unwrap();
    let after = after_start(&db);
    assert_eq!(after.indicators.promotions, before.indicators.promotions - 1);
    assert_eq!(after.indicators.hires, before.indicators.hires);
    assert_eq!(after, full_read(&db));
    // Saved again (a promotion deleted makes a save due), then read back.
    facts::save(&db).unwrap().expect("saved again after the deletion");
    assert_eq!(after_start(&db), after);
}
