//! What the dashboards count, read once and kept in memory: one fact per promotion that
//! was sent (from the columns the core derives from its event log; 64 bytes, kept in the
//! order of their candidates: `Promotions`) and one per candidate of the pool. Counting
//! half a million promotions in SQL takes a third of a second; in memory a few
//! milliseconds, so switching filters stays instant. The app saves the promotions' facts
//! into the database for its next start (`saved`), which reads them back instead of every
//! promotion's row.
//!
//! The facts of a database file are kept per process and brought up to date at each use:
//! promotions change only through their events, whose ids only grow, so the promotions
//! touched by events newer than those already read are read again; a deletion (which
//! leaves no event) or a change to a candidate bumps a counter of `stats_changes`
//! (triggers of migration 0005), and a new candidate raises the largest candidate id
//! (migration 0009); what they cover is read again in full. The companies' places (the
//! territory by the company's place) likewise: a change of a company's commune or postcode,
//! or a deletion, bumps `stats_changes.companies` (migration 0024), a new company raises the
//! largest company id, and the places are read again — a company moved moves its promotions
//! without any event of theirs. A promotion's company place is looked up by its company's
//! id (`PromotionFact::company`, already there): nothing is added per promotion. Inside a
//! transaction, which may still roll back, the shared facts are never updated: they are
//! used as they are when the transaction changed nothing they count, else a private copy
//! is brought up to date.

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard},
};

use crate::store::{Conn, Row};
use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};

mod ids;
mod promotions;
mod saved;

pub use ids::{IdMap, IdSet, IdTable};
use promotions::{NONE_DAYS, NONE_MOMENT};
pub use promotions::{NOT_INDICATED, PromotionFact, Promotions, SixMonths};
pub use saved::{SavedFacts, discard as discard_saved, save};

use super::territory::{NO_PLACE, Placed, Source, Territories};
use crate::{
    Result,
    candidates::MAX_TARGET_JOBS,
    choices::{CheckinKind, PromotionChannel, PromotionStatus, RefusalReason},
    hiring_aids::{OVER_50, Public, UNDER_26, birthday},
};

/// A candidate of the pool as the dashboards see it: the record as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateFact {
    pub consent_from: NaiveDate,
    pub consent_until: NaiveDate,
    /// Bit `i` set: the candidate belongs to the recorded public `Public::ALL[i]`. The age
    /// publics are never set here: they depend on the day (`publics_on`).
    pub publics: u8,
    /// When they enter and leave the age publics, from their birth date.
    pub ages: Option<Ages>,
    /// The counsellor who follows them (index in `Facts::names`); empty name when none.
    pub counsellor: u32,
    /// Their target jobs' ROME codes, as indexes in `Facts::romes`, `NO_JOB` after the
    /// last: held in the fact itself, so that counting never chases a pointer per job.
    pub jobs: [u32; MAX_TARGET_JOBS],
    /// Where they live: indexes in `Facts::territories` (`territory::NO_PLACE` when unknown).
    pub commune: u32,
    pub department: u32,
}

/// Where a company is: indexes in `Facts::company_territories` (`territory::NO_PLACE` when
/// unknown). Eight bytes per company, none per promotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub commune: u32,
    pub department: u32,
}

impl Place {
    pub const UNKNOWN: Self = Self { commune: NO_PLACE, department: NO_PLACE };
}

impl Placed for IdTable<Place> {
    fn has(&self, _id: i64) -> bool {
        true
    }

    fn place(&mut self, id: i64, commune: u32, department: u32) {
        self.insert(id, Place { commune, department });
    }
}

impl Placed for IdTable<CandidateFact> {
    fn has(&self, id: i64) -> bool {
        self.contains(id)
    }

    fn place(&mut self, id: i64, commune: u32, department: u32) {
        if let Some(fact) = self.get_mut(id) {
            (fact.commune, fact.department) = (commune, department);
        }
    }
}

/// Where the facts were read up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Version {
    last_event: i64,
    promotions_deleted: i64,
    candidates: i64,
    last_candidate: i64,
    companies: i64,
    last_company: i64,
    checkins: i64,
    last_checkin: i64,
}

impl Version {
    fn read(conn: &Conn) -> Result<Self> {
        Ok(conn.query_row(
            "SELECT (SELECT coalesce(max(id), 0) FROM promotion_events), promotions_deleted, candidates, \
             (SELECT coalesce(max(id), 0) FROM candidates), companies, (SELECT coalesce(max(id), 0) FROM companies), \
             checkins, (SELECT coalesce(max(id), 0) FROM hire_checkins) \
             FROM stats_changes WHERE id = 1",
            [],
            |r| {
                Ok(Self {
                    last_event: r.get(0)?,
                    promotions_deleted: r.get(1)?,
                    candidates: r.get(2)?,
                    last_candidate: r.get(3)?,
                    companies: r.get(4)?,
                    last_company: r.get(5)?,
                    checkins: r.get(6)?,
                    last_checkin: r.get(7)?,
                })
            },
        )?)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub promotions: Promotions,
    pub candidates: IdTable<CandidateFact>,
    /// Counsellor and agency names, each once.
    pub names: Vec<String>,
    /// The day of each candidate's first sending, whoever signed it (the never promoted):
    /// made again whenever the promotions change.
    pub first_sent: IdTable<NaiveDate>,
    /// The promotions whose employer answered by e-mail: a reply read from the inbox that
    /// the counsellor confirmed or corrected (`mail::received`).
    pub answered_by_email: IdSet,
    /// The ROME codes of target jobs, each once (`CandidateFact::jobs`).
    pub romes: Vec<String>,
    /// The communes and departments the candidates live in (`CandidateFact::commune`).
    pub territories: Territories,
    /// Where each company is, by its id (`PromotionFact::company`).
    pub companies: IdTable<Place>,
    /// The communes and departments the companies are in (`Place`).
    pub company_territories: Territories,
    /// The six-month check-in of each hire that planned one, by promotion id (copied into
    /// the facts: `PromotionFact::six_months`).
    six_months: IdTable<SixMonths>,
    rome_index: HashMap<String, u32>,
    index: HashMap<String, u32>,
    /// The names met last, looked at before the index.
    last_names: Vec<(String, u32)>,
    version: Option<Version>,
    scope: Scope,
}

/// Whose promotions the facts hold (`Facts::read_from`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// The desk's; on the team's server, the signed-in counsellor's agency's.
    #[default]
    Agency,
    /// On the team's server, every agency's (`stats::team`).
    Team,
}

impl Facts {
    /// Where promotion `p`'s candidate lives (`candidate`, its fact, found by the caller:
    /// a pass over half a million promotions spends most of its time finding each one), or
    /// its company is: indexes in `territories` or `company_territories`
    /// (`territory::NO_PLACE` when unknown).
    pub fn place_with(&self, p: &PromotionFact, candidate: Option<&CandidateFact>, of: super::TerritoryOf) -> Place {
        match of {
            super::TerritoryOf::Candidate => {
                candidate.map_or(Place::UNKNOWN, |c| Place { commune: c.commune, department: c.department })
            }
            super::TerritoryOf::Company => self.companies.get(p.company).copied().unwrap_or(Place::UNKNOWN),
        }
    }

    /// The communes and departments of `of`.
    pub fn territories_of(&self, of: super::TerritoryOf) -> &Territories {
        match of {
            super::TerritoryOf::Candidate => &self.territories,
            super::TerritoryOf::Company => &self.company_territories,
        }
    }
}

/// No target job in this place of `CandidateFact::jobs`.
pub const NO_JOB: u32 = u32::MAX;

impl CandidateFact {
    /// Their target jobs (indexes in `Facts::romes`).
    pub fn job_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.jobs.iter().copied().take_while(|j| *j != NO_JOB)
    }

    /// The bits of every public the candidate belongs to on `day`: the recorded ones as
    /// the record says now, the age publics by their age on that day.
    pub fn publics_on(&self, day: NaiveDate) -> u8 {
        self.publics | Ages::publics(self.ages, day, day)
    }
}

/// When someone is in the age publics, worked out once from their birth date (a dashboard
/// asks it of every promotion): under 26 from birth to the eve of the 26th birthday, 50
/// and over from the 50th — as `hiring_aids::Person` reads the age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ages {
    born: NaiveDate,
    turns_26: NaiveDate,
    turns_50: NaiveDate,
}

impl Ages {
    pub fn new(birth_date: Option<NaiveDate>) -> Option<Self> {
        let born = birth_date?;
        Some(Self { born, turns_26: birthday(born, UNDER_26)?, turns_50: birthday(born, OVER_50)? })
    }

    /// The bits of the age publics someone is in on at least one day from `from` to `to`:
    /// under 26 on `from`, 50 and over on `to`; none without a birth date.
    pub fn publics(ages: Option<Self>, from: NaiveDate, to: NaiveDate) -> u8 {
        let Some(a) = ages else { return 0 };
        let under = a.born <= from && from < a.turns_26;
        let over = a.born <= to && a.turns_50 <= to;
        (if under { public_bit(Public::Under26) } else { 0 }) | (if over { public_bit(Public::Over50) } else { 0 })
    }
}

/// The bits of the age publics.
pub fn age_mask() -> u8 {
    Public::ALL.iter().filter(|p| p.age().is_some()).fold(0, |mask, p| mask | public_bit(*p))
}

pub fn public_bit(public: Public) -> u8 {
    let position = Public::ALL.iter().position(|p| *p == public).unwrap_or(0);
    1 << position
}

/// The bits of every public in `publics`.
pub fn public_mask(publics: &[Public]) -> u8 {
    publics.iter().fold(0, |mask, p| mask | public_bit(*p))
}

/// A stored moment: RFC 3339 in UTC as the core writes it (`2026-11-02T08:00:00Z`), read
/// without allocating; any other offset through the full parser.
fn moment(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    if b.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z' {
        let day = NaiveDate::from_ymd_opt(i32::try_from(digits(0..4)?).ok()?, digits(5..7)?, digits(8..10)?)?;
        let time = day.and_hms_opt(digits(11..13)?, digits(14..16)?, digits(17..19)?)?;
        return Some(time.and_utc());
    }
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
}

/// The local day of a moment. The offset is the same within an hour (for every zone
/// whose offsets are whole hours), so it is looked up once per UTC hour.
fn local_day(moment: DateTime<Utc>, offsets: &mut IdMap<i32>) -> NaiveDate {
    let hour = moment.timestamp().div_euclid(3600);
    let offset =
        *offsets.entry(hour).or_insert_with(|| Local.offset_from_utc_datetime(&moment.naive_utc()).local_minus_utc());
    (moment + chrono::Duration::seconds(i64::from(offset))).date_naive()
}

/// The columns a promotion's fact is made of, the agency's name last (`Facts::read_from`).
const PROMOTION_COLUMNS: &str = "promotions.id, candidate_id, company_id, counsellor, channel, status, reason, \
     promotions.created_at, sent_at, last_contact_at, answered_at, interview_planned_at, answer_undated, \
     interview_undated";

impl Facts {
    /// The index of `name`, added when new. Rows mostly repeat the previous one's names.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(i) = self.last_names.iter().find(|(n, _)| n == name).map(|(_, i)| *i) {
            return i;
        }
        let i = self.intern_new(name);
        self.last_names.insert(0, (name.to_owned(), i));
        self.last_names.truncate(4);
        i
    }

    fn intern_new(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), i);
        i
    }

    /// The index of `name` if some fact names it.
    pub fn lookup(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    fn promotion(&mut self, r: &Row<'_>, offsets: &mut IdMap<i32>) -> rusqlite::Result<Option<PromotionFact>> {
        let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str_or_null()?.unwrap_or("")) };
        let Some(sent) = moment(text(8)?) else { return Ok(None) };
        let sent_on = local_day(sent, offsets);
        let answered_on = moment(text(10)?).map(|t| local_day(t, offsets));
        Ok(Some(PromotionFact {
            id: r.get(0)?,
            candidate: r.get(1)?,
            company: r.get(2)?,
            counsellor: self.intern(text(3)?),
            agency: self.intern(text(14)?),
            channel: PromotionChannel::from_code(text(4)?).unwrap_or(PromotionChannel::Email),
            status: PromotionStatus::from_code(text(5)?).unwrap_or(PromotionStatus::Sent),
            reason: RefusalReason::from_code(text(6)?),
            created: moment(text(7)?).map_or(0, |t| t.timestamp()),
            sent_on,
            answered: answered_on.is_some() || r.get::<_, bool>(12)?,
            answer_days: answered_on
                .and_then(|day| i32::try_from((day - sent_on).num_days()).ok())
                .map_or(NONE_DAYS, |d| d.max(NONE_DAYS + 1)),
            interviewed: !text(11)?.is_empty() || r.get::<_, bool>(13)?,
            last_contact: moment(text(9)?).map_or(NONE_MOMENT, |t| t.timestamp().max(NONE_MOMENT + 1)),
            six_months: self.six_months.get(r.get(0)?).copied(),
        }))
    }

    fn load_promotions(&mut self, conn: &Conn) -> Result<()> {
        let (from, scope) = self.read_from(conn, true)?;
        let count: i64 = conn.query_row(
            &format!("SELECT count(*) FROM promotions INDEXED BY promotions_facts WHERE sent_at IS NOT NULL{scope}"),
            [],
            |r| r.get(0),
        )?;
        let mut promotions = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        // The index begins with the id: the facts come in their order.
        let mut statement = conn.prepare(&format!("{from} WHERE sent_at IS NOT NULL{scope}"))?;
        let mut rows = statement.query([])?;
        let mut offsets = IdMap::default();
        while let Some(row) = rows.next()? {
            if let Some(fact) = self.promotion(&row, &mut offsets)? {
                promotions.push(fact);
            }
        }
        // Ids are the table's keys: each comes once.
        self.promotions = Promotions::new(promotions).unwrap_or_default();
        Ok(())
    }

    /// Reads again the promotions touched by events after `after`.
    fn reload_promotions_since(&mut self, conn: &Conn, after: i64) -> Result<()> {
        // By the events' ids alone (a DISTINCT would walk the whole index by promotion).
        let mut ids: Vec<i64> = conn
            .prepare_cached("SELECT promotion_id FROM promotion_events WHERE id > ?1")?
            .query_map([after], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > self.promotions.len() / 4 + 1000 {
            return self.load_promotions(conn);
        }
        let (from, scope) = self.read_from(conn, false)?;
        let mut statement = conn.prepare_cached(&format!("{from} WHERE promotions.id = ?1{scope}"))?;
        let mut offsets = IdMap::default();
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = statement.query([id])?;
            let fact = match rows.next()? {
                Some(row) => self.promotion(&row, &mut offsets)?,
                None => None,
            };
            changes.push((id, fact));
        }
        self.promotions.apply(&changes);
        Ok(())
    }

    /// What the promotions' facts are read from (`SELECT … FROM`, the agency's name last)
    /// and which of them (a condition to add); `sent`: all the promotions sent, through the
    /// index that holds their facts (a single promotion is read by its key).
    ///
    /// On a desktop, every promotion is the desk's, its agency the text of the counsellor's
    /// settings. On the team's server, a promotion is the agency's it was made in (server
    /// migration 0008), named as the team names it (the settings' text when it was made by
    /// no agency's account, the administrator's). The dashboards are the signed-in
    /// account's agency's, the administrator's the whole team's; the team's comparison
    /// (`Scope::Team`) is every agency's. The log itself is the team's, for the contact
    /// limits.
    fn read_from(&self, conn: &Conn, sent: bool) -> Result<(String, String)> {
        if !conn.is_postgres() {
            let index = if sent { " INDEXED BY promotions_facts" } else { "" };
            return Ok((format!("SELECT {PROMOTION_COLUMNS}, agency FROM promotions{index}"), String::new()));
        }
        let from = format!(
            "SELECT {PROMOTION_COLUMNS}, coalesce(a.name, promotions.agency) FROM promotions \
             LEFT JOIN agencies a ON a.id = promotions.agency_id"
        );
        let agency: Option<i64> = match self.scope {
            Scope::Agency => conn.query_row("SELECT profilence_agency()", [], |r| r.get(0))?,
            Scope::Team => None,
        };
        Ok((from, agency.map(|id| format!(" AND promotions.agency_id = {id}")).unwrap_or_default()))
    }

    fn load_candidates(&mut self, conn: &Conn) -> Result<()> {
        self.candidates.clear();
        let recorded: Vec<(Public, &str)> = Public::ALL.iter().filter_map(|p| Some((*p, p.column()?))).collect();
        let columns: Vec<&str> = recorded.iter().map(|(_, column)| *column).collect();
        // The narrow index of the pool filters holds every column read here: not the wide rows.
        let mut statement = conn.prepare(&format!(
            "SELECT id, consent_date, consent_expiry, counsellor, birth_date, {} \
             FROM candidates INDEXED BY candidates_filters",
            columns.join(", ")
        ))?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let mut publics = 0;
            for (i, (public, _)) in recorded.iter().enumerate() {
                if r.get::<_, bool>(5 + i)? {
                    publics |= public_bit(*public);
                }
            }
            let counsellor = self.intern(&r.get::<_, String>(3)?);
            let fact = CandidateFact {
                consent_from: r.get(1)?,
                consent_until: r.get(2)?,
                publics,
                ages: Ages::new(r.get(4)?),
                counsellor,
                jobs: [NO_JOB; MAX_TARGET_JOBS],
                commune: NO_PLACE,
                department: NO_PLACE,
            };
            self.candidates.insert(r.get(0)?, fact);
        }
        let mut statement =
            // An erased candidate's jobs are kept as their ROME codes only (`erasure.rs`).
            conn.prepare(
                "SELECT candidate_id, rome_code FROM candidate_target_jobs WHERE rome_code IS NOT NULL \
                 UNION ALL SELECT candidate_id, rome_code FROM erased_target_jobs",
            )?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let rome: String = r.get(1)?;
            let job = match self.rome_index.get(&rome) {
                Some(&job) => job,
                None => {
                    let job = u32::try_from(self.romes.len()).unwrap_or(NO_JOB);
                    self.romes.push(rome.clone());
                    self.rome_index.insert(rome, job);
                    job
                }
            };
            let candidate = self.candidates.get_mut(r.get::<_, i64>(0)?);
            if let Some(free) = candidate.and_then(|c| c.jobs.iter_mut().find(|j| **j == NO_JOB)) {
                *free = job;
            }
        }
        self.territories.load(conn, Source::Candidates, &mut self.candidates)?;
        Ok(())
    }

    fn load_six_months(&mut self, conn: &Conn) -> Result<()> {
        // A slot per promotion id: the hires counted at each refresh find theirs at once.
        self.six_months = IdTable::up_to(self.promotions.places.bound());
        // One narrow index (migration 0025); a promotion's later row wins, as ever.
        let mut statement = conn.prepare(
            "SELECT promotion_id, contract_type, in_job FROM hire_checkins INDEXED BY hire_checkins_outcomes \
             WHERE kind = ?1 AND cancelled_at IS NULL",
        )?;
        let mut rows = statement.query([CheckinKind::SixMonths.code()])?;
        while let Some(r) = rows.next()? {
            let contract = r.get_ref(1)?.as_str().unwrap_or("");
            self.six_months.insert(r.get(0)?, SixMonths::new(contract, r.get(2)?));
        }
        for p in &mut self.promotions.facts {
            p.six_months = None;
        }
        for (id, six_months) in self.six_months.iter() {
            if let Some(&i) = self.promotions.places.get(id) {
                self.promotions.facts[i as usize].six_months = Some(*six_months);
            }
        }
        Ok(())
    }

    /// Reads what changed since the facts were last brought up to date.
    fn update(&mut self, conn: &Conn) -> Result<()> {
        let now = Version::read(conn)?;
        if self.version == Some(now) {
            return Ok(());
        }
        let mut before = self.version;
        // At the first use, the facts saved by an earlier run, if they still hold.
        let saved = before.is_none() && {
            before = through_a_small_cache(conn, |conn| saved::read(self, conn, &now))?;
            before.is_some()
        };
        match before {
            Some(b) if b.promotions_deleted == now.promotions_deleted && b.last_event <= now.last_event => {
                if b.last_event < now.last_event {
                    self.reload_promotions_since(conn, b.last_event)?;
                }
            }
            _ => through_a_small_cache(conn, |conn| self.load_promotions(conn))?,
        }
        if saved
            || before.is_none_or(|b| (b.last_event, b.promotions_deleted) != (now.last_event, now.promotions_deleted))
        {
            self.first_sent.clear();
            for p in self.promotions.iter() {
                match self.first_sent.get_mut(p.candidate) {
                    Some(day) => *day = (*day).min(p.sent_on),
                    None => self.first_sent.insert(p.candidate, p.sent_on),
                }
            }
            // Settling a reply records an event: the set is read again with the events.
            self.answered_by_email = IdSet::default();
            let mut statement = conn.prepare_cached(
                "SELECT DISTINCT promotion_id FROM employer_replies WHERE status IN ('confirmed', 'corrected')",
            )?;
            for id in statement.query_map([], |r| r.get(0))? {
                self.answered_by_email.insert(id?);
            }
        }
        if before.is_none_or(|b| (b.candidates, b.last_candidate) != (now.candidates, now.last_candidate)) {
            self.load_candidates(conn)?;
        }
        if before.is_none_or(|b| (b.companies, b.last_company) != (now.companies, now.last_company)) {
            self.companies.clear();
            self.company_territories.load(conn, Source::Companies, &mut self.companies)?;
        }
        if before.is_none_or(|b| (b.checkins, b.last_checkin) != (now.checkins, now.last_checkin)) {
            self.load_six_months(conn)?;
        }
        self.version = Some(now);
        Ok(())
    }
}

/// Runs `f`, a read of every promotion's fact, with the connection's page cache at 16 MiB
/// (then back to `db::CACHE_KIB`): the pages it reads once (hundreds of MB at agency
/// scale) are not kept beside the facts made of them.
fn through_a_small_cache<T>(conn: &Conn, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
    let Conn::Sqlite(file) = conn else { return f(conn) };
    file.pragma_update(None, "cache_size", -16 * 1024)?;
    let read = f(conn);
    file.pragma_update(None, "cache_size", -crate::db::CACHE_KIB)?;
    read
}

/// The facts of each database file this process opened, by path.
static SHARED: Mutex<Vec<(String, Facts)>> = Mutex::new(Vec::new());

fn shared() -> MutexGuard<'static, Vec<(String, Facts)>> {
    // A panic while counting leaves facts that are merely older: still consistent.
    SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Forgets the facts of every database: the next use reads them in full (what a
/// benchmark of the first dashboard after start times).
pub fn forget() {
    shared().clear();
}

/// Runs `f` on the database's facts, up to date.
pub fn with_facts<T>(conn: &Conn, f: impl FnOnce(&Facts) -> T) -> Result<T> {
    with_scope(conn, Scope::Agency, f)
}

/// Runs `f` on the facts of `scope`, up to date.
pub fn with_scope<T>(conn: &Conn, scope: Scope, f: impl FnOnce(&Facts) -> T) -> Result<T> {
    let Some(path) = conn.path() else {
        // An in-memory database: nothing to keep.
        let mut facts = Facts { scope, ..Facts::default() };
        facts.update(conn)?;
        return Ok(f(&facts));
    };
    let key = match scope {
        Scope::Agency => path,
        Scope::Team => format!("{path} (team)"),
    };
    let mut all = shared();
    let position = match all.iter().position(|(p, _)| *p == key) {
        Some(position) => position,
        None => {
            all.push((key, Facts { scope, ..Facts::default() }));
            all.len() - 1
        }
    };
    if conn.is_autocommit() {
        let facts = &mut all[position].1;
        facts.update(conn)?;
        Ok(f(facts))
    } else if all[position].1.version == Some(Version::read(conn)?) {
        // Nothing written in this transaction (yet) that the facts count: they hold.
        Ok(f(&all[position].1))
    } else {
        let mut facts = all[position].1.clone();
        drop(all);
        facts.update(conn)?;
        Ok(f(&facts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hiring_aids::{Eligibility, Person};

    /// The age publics worked out once agree with the age read each day.
    #[test]
    fn ages_agree_with_the_age_of_the_day() {
        let start = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or_default();
        let days = ["2026-02-28", "2026-03-01", "2028-02-29", "2026-12-04"];
        for day in days.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default()) {
            for birth in (0..(70 * 366)).map(|n| start + chrono::Duration::days(n)).filter(|b| *b <= day) {
                let person = Person::new(Eligibility::default(), Some(birth), day);
                let expected = public_mask(&person.publics());
                assert_eq!(Ages::publics(Ages::new(Some(birth)), day, day), expected, "{birth} on {day}");
            }
        }
        assert_eq!(Ages::publics(None, start, start), 0);
    }
}
