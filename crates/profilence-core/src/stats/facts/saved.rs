//! The promotions' facts kept in the database between two starts (`stats_snapshot`,
//! migration 0026). Reading five million facts from the promotions' rows takes about ten
//! seconds (a row of text columns each, turned into days); read back from here, as parts of
//! raw bytes, well under one. The app saves them on its own thread once they were read and
//! have moved on enough since the last save (`save`); the first dashboard after a start
//! reads them back, then the promotions touched by later events, as it would after any
//! event (`Facts::update`).
//!
//! The saved facts are what the facts were at one event (`last_event`): true of that
//! moment whatever came after, as the facts in memory are. They are not used when a
//! promotion was deleted since (its fact would linger), when what a fact holds changed
//! (`layout`: `FORMAT`, bumped with any change to `PromotionFact` or to how it is derived,
//! and the codes' order), or when the local time zone, which turned moments into days,
//! is not the same (`zone`).

use std::sync::OnceLock;

use crate::store::Conn;
use chrono::{Datelike, Local, NaiveDate, Offset, TimeZone};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Facts, PromotionFact, Promotions, Version, shared};
use crate::{
    Database, Result,
    choices::{PromotionChannel, PromotionStatus, RefusalReason},
};

/// What a saved fact holds and how it is derived: bump it with any change to either.
const FORMAT: u32 = 1;
/// Bytes of one saved fact.
const BYTES: usize = 60;
/// Facts per part (30 MB): each part is written in a transaction of its own, so that the
/// app's saves wait at most one part.
const PART: usize = 500_000;
/// Events after the saved facts' that make a new save worth it: the next start reads the
/// promotions they touched one by one (about 10 µs each).
const DUE_AFTER_EVENTS: i64 = 20_000;

/// A save done: how many facts, how many bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SavedFacts {
    pub promotions: usize,
    pub bytes: usize,
}

/// The saved facts' header.
struct Header {
    layout: String,
    zone: String,
    last_event: i64,
    promotions_deleted: i64,
    generation: i64,
    facts: i64,
    names: Vec<u8>,
}

impl Header {
    /// The saved facts' header; none in team mode (`save`).
    fn read(conn: &Conn) -> Result<Option<Self>> {
        if conn.is_postgres() {
            return Ok(None);
        }
        Ok(conn
            .query_row(
                "SELECT layout, zone, last_event, promotions_deleted, generation, facts, names \
                 FROM stats_snapshot WHERE id = 1",
                [],
                |r| {
                    Ok(Self {
                        layout: r.get(0)?,
                        zone: r.get(1)?,
                        last_event: r.get(2)?,
                        promotions_deleted: r.get(3)?,
                        generation: r.get(4)?,
                        facts: r.get(5)?,
                        names: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Whether these facts can be read by this build, in this time zone.
    fn readable(&self) -> bool {
        self.layout == layout() && self.zone == zone()
    }
}

/// `FORMAT` and the codes the facts' bytes stand for, in their order.
fn layout() -> String {
    let codes = |codes: Vec<&str>| codes.join(",");
    format!(
        "{FORMAT};{};{};{}",
        codes(PromotionChannel::ALL.iter().map(|c| c.code()).collect()),
        codes(PromotionStatus::ALL.iter().map(|s| s.code()).collect()),
        codes(RefusalReason::ALL.iter().map(|r| r.code()).collect())
    )
}

/// The local time zone as the days were worked out in it: its offset from UTC on the first
/// of January and of July of every year from 1990 to 2060.
fn zone() -> &'static str {
    static ZONE: OnceLock<String> = OnceLock::new();
    ZONE.get_or_init(|| {
        let offsets: Vec<String> = (1990..=2060)
            .flat_map(|year| [1, 7].map(|month| NaiveDate::from_ymd_opt(year, month, 1)))
            .flatten()
            .filter_map(|day| day.and_hms_opt(12, 0, 0))
            .map(|noon| Local.offset_from_utc_datetime(&noon).fix().local_minus_utc().to_string())
            .collect();
        offsets.join(",")
    })
}

fn position<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|x| x == value).and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX)
}

fn encode(p: &PromotionFact, out: &mut Vec<u8>) {
    for n in [p.id, p.candidate, p.company, p.created, p.last_contact] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&p.sent_on.num_days_from_ce().to_le_bytes());
    for n in [p.counsellor, p.agency] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&p.answer_days.to_le_bytes());
    let reason = p.reason.map_or(0, |r| position(RefusalReason::ALL, &r).saturating_add(1));
    let flags = u8::from(p.answered) | u8::from(p.interviewed) << 1;
    out.extend_from_slice(&[
        position(PromotionChannel::ALL, &p.channel),
        position(PromotionStatus::ALL, &p.status),
        reason,
        flags,
    ]);
}

fn decode(b: &[u8]) -> Option<PromotionFact> {
    let i64_at = |at: usize| Some(i64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?));
    let i32_at = |at: usize| Some(i32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?));
    let code = |at: usize| b.get(at).map(|c| usize::from(*c));
    let reason = code(58)?;
    let flags = code(59)?;
    Some(PromotionFact {
        id: i64_at(0)?,
        candidate: i64_at(8)?,
        company: i64_at(16)?,
        created: i64_at(24)?,
        last_contact: i64_at(32)?,
        sent_on: NaiveDate::from_num_days_from_ce_opt(i32_at(40)?)?,
        counsellor: u32_at(44)?,
        agency: u32_at(48)?,
        answer_days: i32_at(52)?,
        channel: *PromotionChannel::ALL.get(code(56)?)?,
        status: *PromotionStatus::ALL.get(code(57)?)?,
        reason: if reason == 0 { None } else { Some(*RefusalReason::ALL.get(reason - 1)?) },
        answered: flags & 1 != 0,
        interviewed: flags & 2 != 0,
        // From the check-ins, read after (`Facts::update`).
        six_months: None,
    })
}

fn encode_names(names: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for name in names {
        out.extend_from_slice(&u32::try_from(name.len()).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
    }
    out
}

fn decode_names(mut b: &[u8]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    while !b.is_empty() {
        let len = usize::try_from(u32::from_le_bytes(b.get(..4)?.try_into().ok()?)).ok()?;
        names.push(String::from_utf8(b.get(4..4 + len)?.to_vec()).ok()?);
        b = &b[4 + len..];
    }
    Some(names)
}

/// Reads the saved facts into `facts` when they can stand for the promotions up to their
/// event, the database being at `now`: the version they stand for (the candidates' and
/// companies' parts left to be read), or `None` (nothing changed in `facts`).
pub(super) fn read(facts: &mut Facts, conn: &Conn, now: &Version) -> Result<Option<Version>> {
    let Some(header) = Header::read(conn)? else { return Ok(None) };
    if !header.readable() || header.promotions_deleted != now.promotions_deleted || header.last_event > now.last_event {
        return Ok(None);
    }
    let Some(names) = decode_names(&header.names) else { return Ok(None) };
    let mut promotions = Vec::with_capacity(usize::try_from(header.facts).unwrap_or(0));
    let mut statement = conn.prepare("SELECT data FROM stats_snapshot_parts WHERE generation = ?1 ORDER BY part")?;
    let mut rows = statement.query([header.generation])?;
    while let Some(row) = rows.next()? {
        let Ok(bytes) = row.get_ref(0)?.as_blob() else { return Ok(None) };
        for fact in bytes.chunks_exact(BYTES) {
            let Some(fact) = decode(fact) else { return Ok(None) };
            promotions.push(fact);
        }
    }
    let names_known = promotions.iter().all(|p| (p.counsellor.max(p.agency) as usize) < names.len());
    let whole = i64::try_from(promotions.len()).ok() == Some(header.facts);
    // Saved in their order: put in order again at no cost.
    let Some(promotions) = Promotions::new(promotions).filter(|_| whole && names_known) else {
        log::warn!("dashboards: the saved facts are incomplete; they are read from the promotions");
        return Ok(None);
    };
    facts.promotions = promotions;
    facts.index = names.iter().cloned().zip(0..).collect();
    facts.names = names;
    facts.last_names.clear();
    Ok(Some(Version {
        last_event: header.last_event,
        promotions_deleted: header.promotions_deleted,
        // Read in full after the promotions.
        candidates: i64::MIN,
        last_candidate: i64::MIN,
        companies: i64::MIN,
        last_company: i64::MIN,
        checkins: i64::MIN,
        last_checkin: i64::MIN,
    }))
}

/// Saves the facts this process holds for `db` when a save is due: none saved yet, or not
/// readable by this build, or a promotion deleted since, or `DUE_AFTER_EVENTS` events
/// since. Facts never read (no dashboard opened) are not read for it. A part at a time,
/// each in its own transaction; the header last. `None`: nothing to save, or the facts
/// changed while saving (the next call saves them).
///
/// In team mode nothing is saved: the facts' raw bytes are the embedded file's format.
pub fn save(db: &Database) -> Result<Option<SavedFacts>> {
    if db.is_team() {
        return Ok(None);
    }
    let path = db.name();
    let held = |facts: &Facts| facts.version.map(|v| (v, facts.promotions.len()));
    let Some((version, count)) = shared().iter().find(|(p, _)| *p == path).and_then(|(_, f)| held(f)) else {
        return Ok(None);
    };
    let header = db.read(Header::read)?;
    let due = header.as_ref().is_none_or(|h| {
        !h.readable()
            || h.promotions_deleted != version.promotions_deleted
            || version.last_event - h.last_event >= DUE_AFTER_EVENTS
    });
    if !due || header.as_ref().is_some_and(|h| h.last_event > version.last_event) {
        return Ok(None);
    }
    let generation = header.as_ref().map_or(1, |h| h.generation + 1);
    // A save cut short left parts of a generation no header names.
    db.write(|tx| Ok(tx.execute("DELETE FROM stats_snapshot_parts WHERE generation >= ?1", [generation])?))?;
    let (mut bytes, mut names) = (0, Vec::new());
    for (part, start) in (0..count.max(1)).step_by(PART).enumerate() {
        let mut data = Vec::with_capacity(PART.min(count) * BYTES);
        {
            let all = shared();
            let Some((_, facts)) = all.iter().find(|(p, _)| *p == path).filter(|(_, f)| f.version == Some(version))
            else {
                return Ok(None);
            };
            for fact in facts.promotions.iter().skip(start).take(PART) {
                encode(fact, &mut data);
            }
            if part == 0 {
                names = encode_names(&facts.names);
            }
        }
        bytes += data.len();
        db.write(|tx| {
            tx.execute(
                "INSERT INTO stats_snapshot_parts (generation, part, data) VALUES (?1, ?2, ?3)",
                params![generation, i64::try_from(part).unwrap_or(i64::MAX), data],
            )?;
            Ok(())
        })?;
    }
    db.write(|tx| {
        tx.execute(
            "INSERT INTO stats_snapshot (id, layout, zone, last_event, promotions_deleted, generation, facts, names) \
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (id) DO UPDATE SET layout = excluded.layout, zone = excluded.zone, \
             last_event = excluded.last_event, promotions_deleted = excluded.promotions_deleted, \
             generation = excluded.generation, facts = excluded.facts, names = excluded.names",
            params![
                layout(),
                zone(),
                version.last_event,
                version.promotions_deleted,
                generation,
                i64::try_from(count).unwrap_or(i64::MAX),
                names
            ],
        )?;
        tx.execute("DELETE FROM stats_snapshot_parts WHERE generation <> ?1", [generation])?;
        Ok(())
    })?;
    Ok(Some(SavedFacts { promotions: count, bytes: bytes + names.len() }))
}

/// Forgets the saved facts: the next start reads them from the promotions (what a benchmark
/// of a first start without them times).
pub fn discard(db: &Database) -> Result<()> {
    if db.is_team() {
        return Ok(());
    }
    db.write(|tx| {
        tx.execute_batch("DELETE FROM stats_snapshot; DELETE FROM stats_snapshot_parts;")?;
        Ok(())
    })
}
