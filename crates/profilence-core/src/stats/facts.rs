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
    hash::{BuildHasherDefault, Hasher},
    sync::{Mutex, MutexGuard},
};

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, Row};

mod saved;

pub use saved::{SavedFacts, discard as discard_saved, save};

use super::territory::{NO_PLACE, Placed, Source, Territories};
use crate::{
    Result,
    candidates::MAX_TARGET_JOBS,
    choices::{CheckinKind, ContractType, PromotionChannel, PromotionStatus, RefusalReason},
    hiring_aids::{OVER_50, Public, UNDER_26, birthday},
};

/// A promotion as the dashboards see it. Only promotions whose sending is in force have
/// one: a draft (or a sending later corrected away) was never presented to the employer.
/// 64 bytes, a cache line: five million of them are counted by reading them in a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PromotionFact {
    pub id: i64,
    pub candidate: i64,
    pub company: i64,
    /// The promotion list's order: creation (seconds since 1970), then id.
    pub created: i64,
    /// The latest sending or reminder (seconds since 1970); `NONE_MOMENT` when none.
    last_contact: i64,
    /// The local day of the first sending in force.
    pub sent_on: NaiveDate,
    /// Index in `Facts::names`.
    pub counsellor: u32,
    pub agency: u32,
    /// `answer_days`, `NONE_DAYS` when none.
    answer_days: i32,
    /// A hire's six-month check-in, when one is planned (`Facts::six_months`, copied here:
    /// a refresh counting 400,000 hires reads it with the fact rather than at random).
    pub six_months: Option<SixMonths>,
    pub channel: PromotionChannel,
    pub status: PromotionStatus,
    pub reason: Option<RefusalReason>,
    /// The employer answered (a first answer in force, dated or not).
    pub answered: bool,
    /// An interview planned by an event still in force (dated or not).
    pub interviewed: bool,
}

const NONE_MOMENT: i64 = i64::MIN;
const NONE_DAYS: i32 = i32::MIN;

impl PromotionFact {
    /// Local days from the sending to the employer's first answer in force, when that
    /// answer has a date.
    pub fn answer_days(&self) -> Option<i64> {
        (self.answer_days != NONE_DAYS).then_some(i64::from(self.answer_days))
    }

    /// The latest sending or reminder (seconds since 1970).
    pub fn last_contact(&self) -> Option<i64> {
        (self.last_contact != NONE_MOMENT).then_some(self.last_contact)
    }
}

/// A hire's six-month check-in as the dashboards keep it (`Facts::six_months`, read from
/// one narrow index, migration 0025): the contract's place in `ContractType::ALL`
/// (`NOT_INDICATED` when none is known), and whether the person was still in the job
/// (`None` while it is to do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SixMonths {
    pub contract: u8,
    pub in_job: Option<bool>,
}

/// `SixMonths::contract` of a hire whose contract is not known.
pub const NOT_INDICATED: u8 = u8::MAX;

impl SixMonths {
    fn new(contract: &str, in_job: Option<bool>) -> Self {
        let contract = ContractType::ALL
            .iter()
            .position(|c| c.code() == contract)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(NOT_INDICATED);
        Self { contract, in_job }
    }
}

/// The facts of every promotion sent, in the order of their candidates (then ids): a pass
/// over them meets each candidate's promotions together, so that what is counted by
/// candidate (`reach`) is reached in order rather than at random — at 5,000,000 promotions
/// and 100,000 candidates a random reach per promotion missed the cache and took half of
/// each refresh. Facts added since they were put in order follow, in no order, until they
/// are a sixteenth of all (`apply`); a promotion is found by its id through `places`.
#[derive(Debug, Clone, Default)]
pub struct Promotions {
    facts: Vec<PromotionFact>,
    /// `facts` is in order up to here.
    in_order: usize,
    /// Each promotion's place in `facts`, by id.
    places: IdTable<u32>,
}

/// The order the facts are kept in.
fn order(p: &PromotionFact) -> (i64, i64) {
    (p.candidate, p.id)
}

impl Promotions {
    /// The facts of `facts`, put in order; `None` if an id comes twice.
    pub fn new(mut facts: Vec<PromotionFact>) -> Option<Self> {
        // A stable sort merges runs in order (a tail of new facts after the others); facts
        // already in order (saved ones) need no sort, nor its scratch of half their size.
        if !facts.is_sorted_by_key(order) {
            facts.sort_by_key(order);
        }
        let mut promotions = Self { in_order: facts.len(), facts, places: IdTable::default() };
        promotions.place_all().then_some(promotions)
    }

    /// Finds every fact's place again; false if an id comes twice.
    fn place_all(&mut self) -> bool {
        let bound = self.facts.iter().map(|p| usize::try_from(p.id).unwrap_or(0)).max().unwrap_or(0);
        self.places = IdTable::up_to(bound.saturating_add(1));
        for (i, p) in self.facts.iter().enumerate() {
            if self.places.contains(p.id) {
                return false;
            }
            self.places.insert(p.id, u32::try_from(i).unwrap_or(u32::MAX));
        }
        true
    }

    pub fn iter(&self) -> std::slice::Iter<'_, PromotionFact> {
        self.facts.iter()
    }

    pub fn as_slice(&self) -> &[PromotionFact] {
        &self.facts
    }

    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    pub fn get(&self, id: i64) -> Option<&PromotionFact> {
        self.places.get(id).and_then(|&i| self.facts.get(i as usize))
    }

    /// Brings in the promotions read again: each with its fact, or none when it no longer
    /// has one. A fact replaced is written in its place; a new one is added after the
    /// others; one gone (or moved to another candidate) makes the list once more, in one
    /// pass. Once the facts added out of order are a sixteenth of all, all are put in order.
    fn apply(&mut self, changes: &[(i64, Option<PromotionFact>)]) {
        let mut gone = IdSet::default();
        let mut added = Vec::new();
        for (id, fact) in changes {
            let place = self.places.get(*id).map(|&i| i as usize);
            match (place, fact) {
                (Some(i), Some(fact)) if self.facts[i].candidate == fact.candidate => self.facts[i] = *fact,
                (Some(_), fact) => {
                    gone.insert(*id);
                    added.extend(*fact);
                }
                (None, Some(fact)) => added.push(*fact),
                (None, None) => {}
            }
        }
        if !gone.is_empty() {
            let before = self.facts.len();
            let in_order = self.in_order;
            let mut kept_in_order = 0;
            let mut i = 0;
            self.facts.retain(|p| {
                let kept = !gone.contains(p.id);
                kept_in_order += usize::from(kept && i < in_order);
                i += 1;
                kept
            });
            debug_assert!(self.facts.len() < before);
            self.in_order = kept_in_order;
        }
        for fact in added {
            self.places.insert(fact.id, u32::try_from(self.facts.len()).unwrap_or(u32::MAX));
            self.facts.push(fact);
        }
        let out_of_order = self.facts.len() - self.in_order;
        if out_of_order > self.facts.len() / 16 + 1000 {
            self.facts.sort_by_key(order);
            self.in_order = self.facts.len();
            self.place_all();
        } else if !gone.is_empty() {
            self.place_all();
        }
    }
}

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

/// A map keyed by row ids, hashed by one multiplication (ids are not chosen by anyone).
pub type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;

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

impl<T> FromIterator<(i64, T)> for IdTable<T> {
    fn from_iter<I: IntoIterator<Item = (i64, T)>>(items: I) -> Self {
        let mut table = Self::default();
        for (id, value) in items {
            table.insert(id, value);
        }
        table
    }
}

/// Values by row id: a slot per id while the ids stay dense (row ids count up from 1, so
/// a value is reached by its id without hashing), a map for the ids far beyond the others.
#[derive(Debug, Clone)]
pub struct IdTable<T> {
    slots: Vec<Option<T>>,
    others: IdMap<T>,
    len: usize,
}

impl<T> Default for IdTable<T> {
    fn default() -> Self {
        Self { slots: Vec::new(), others: IdMap::default(), len: 0 }
    }
}

impl<T> IdTable<T> {
    /// A table with a slot for every id up to `bound` (another table's `bound`): the
    /// values then never go through the map, whatever the order they come in.
    pub fn up_to(bound: usize) -> Self {
        let mut slots = Vec::new();
        slots.resize_with(bound.min(Self::MAX_SLOTS), || None);
        Self { slots, others: IdMap::default(), len: 0 }
    }

    /// Where the slots end: every id below it that has a value has a slot.
    pub fn bound(&self) -> usize {
        self.slots.len()
    }

    /// Slots made up front at most (`up_to`): 16 million.
    const MAX_SLOTS: usize = 1 << 24;

    /// The slot of `id`, made when the slots may grow to it: up to twice the values held
    /// and a few thousand more, so that slots never outnumber values by much. The values
    /// the map held for ids the slots now reach move to their slots: an id below the
    /// slots' end is never in the map.
    fn slot(&mut self, id: i64) -> Option<&mut Option<T>> {
        let i = usize::try_from(id).ok()?;
        if i >= self.slots.len() {
            let limit = 2 * self.len + 4096;
            if i > limit {
                return None;
            }
            // In steps that at least double, so that the map is looked through a few times
            // only when ids come in no order.
            let end = (i + 1).max(self.slots.len() * 2).min(limit + 1);
            self.slots.resize_with(end, || None);
            if !self.others.is_empty() {
                let reached: Vec<i64> = self.others.keys().copied().filter(|id| (0..end as i64).contains(id)).collect();
                for id in reached {
                    if let Some(value) = self.others.remove(&id) {
                        self.slots[id as usize] = Some(value);
                    }
                }
            }
        }
        self.slots.get_mut(i)
    }

    /// The slot `id` has, if the slots reach it (then it is not in the map).
    #[inline]
    fn slot_index(&self, id: i64) -> Option<usize> {
        usize::try_from(id).ok().filter(|i| *i < self.slots.len())
    }

    pub fn insert(&mut self, id: i64, value: T) {
        let old = match self.slot(id) {
            Some(slot) => slot.replace(value),
            None => self.others.insert(id, value),
        };
        self.len += usize::from(old.is_none());
    }

    #[inline]
    pub fn get(&self, id: i64) -> Option<&T> {
        match self.slot_index(id) {
            Some(i) => self.slots[i].as_ref(),
            None if self.others.is_empty() => None,
            None => self.others.get(&id),
        }
    }

    #[inline]
    pub fn get_mut(&mut self, id: i64) -> Option<&mut T> {
        match self.slot_index(id) {
            Some(i) => self.slots[i].as_mut(),
            None => self.others.get_mut(&id),
        }
    }

    /// The value of `id`, made with `T::default()` when it has none.
    #[inline]
    pub fn entry(&mut self, id: i64) -> &mut T
    where
        T: Default,
    {
        if let Some(i) = self.slot_index(id) {
            let len = &mut self.len;
            return self.slots[i].get_or_insert_with(|| {
                *len += 1;
                T::default()
            });
        }
        if !self.others.contains_key(&id) {
            // The slots may grow to it.
            self.insert(id, T::default());
        }
        match self.slot_index(id) {
            Some(i) => self.slots[i].get_or_insert_with(T::default),
            None => self.others.entry(id).or_default(),
        }
    }

    #[inline]
    pub fn contains(&self, id: i64) -> bool {
        self.get(id).is_some()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    pub fn iter(&self) -> impl Iterator<Item = (i64, &T)> + '_ {
        let slots = self.slots.iter().enumerate().filter_map(|(i, v)| Some((i as i64, v.as_ref()?)));
        slots.chain(self.others.iter().map(|(id, v)| (*id, v)))
    }

    pub fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.iter().map(|(_, v)| v)
    }

    pub fn into_entries(self) -> impl Iterator<Item = (i64, T)> {
        let slots = self.slots.into_iter().enumerate().filter_map(|(i, v)| Some((i as i64, v?)));
        slots.chain(self.others)
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A set of row ids: a bit per id for the small positive ones (row ids count up from 1),
/// a map for any other.
#[derive(Debug, Default, Clone)]
pub struct IdSet {
    bits: Vec<u64>,
    others: IdMap<()>,
    len: u32,
}

impl IdSet {
    /// Ids below this go in the bits (8 MiB at most).
    const BITS: i64 = 1 << 26;

    #[inline]
    pub fn insert(&mut self, id: i64) {
        if (0..Self::BITS).contains(&id) {
            let (word, bit) = ((id / 64) as usize, id % 64);
            if self.bits.len() <= word {
                self.bits.resize(word + 1, 0);
            }
            if self.bits[word] & (1 << bit) == 0 {
                self.bits[word] |= 1 << bit;
                self.len += 1;
            }
        } else if self.others.insert(id, ()).is_none() {
            self.len += 1;
        }
    }

    pub fn len(&self) -> u32 {
        self.len
    }

    /// Adds every id of `other`.
    pub fn extend(&mut self, other: &Self) {
        if self.bits.len() < other.bits.len() {
            self.bits.resize(other.bits.len(), 0);
        }
        for (word, more) in self.bits.iter_mut().zip(&other.bits) {
            *word |= more;
        }
        self.others.extend(other.others.iter().map(|(id, ())| (*id, ())));
        self.len = self.bits.iter().map(|w| w.count_ones()).sum::<u32>() + self.others.len() as u32;
    }

    #[inline]
    pub fn contains(&self, id: i64) -> bool {
        if (0..Self::BITS).contains(&id) {
            self.bits.get((id / 64) as usize).is_some_and(|word| word & (1 << (id % 64)) != 0)
        } else {
            self.others.contains_key(&id)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        let small = self.bits.iter().enumerate().flat_map(|(word, &bits)| {
            (0..64).filter(move |bit| bits & (1 << bit) != 0).map(move |bit| word as i64 * 64 + bit)
        });
        small.chain(self.others.keys().copied())
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
    fn read(conn: &Connection) -> Result<Self> {
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

const PROMOTION_COLUMNS: &str = "id, candidate_id, company_id, counsellor, agency, channel, status, reason, \
     created_at, sent_at, last_contact_at, answered_at, interview_planned_at, answer_undated, interview_undated";

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
        let Some(sent) = moment(text(9)?) else { return Ok(None) };
        let sent_on = local_day(sent, offsets);
        let answered_on = moment(text(11)?).map(|t| local_day(t, offsets));
        Ok(Some(PromotionFact {
            id: r.get(0)?,
            candidate: r.get(1)?,
            company: r.get(2)?,
            counsellor: self.intern(text(3)?),
            agency: self.intern(text(4)?),
            channel: PromotionChannel::from_code(text(5)?).unwrap_or(PromotionChannel::Email),
            status: PromotionStatus::from_code(text(6)?).unwrap_or(PromotionStatus::Sent),
            reason: RefusalReason::from_code(text(7)?),
            created: moment(text(8)?).map_or(0, |t| t.timestamp()),
            sent_on,
            answered: answered_on.is_some() || r.get::<_, bool>(13)?,
            answer_days: answered_on
                .and_then(|day| i32::try_from((day - sent_on).num_days()).ok())
                .map_or(NONE_DAYS, |d| d.max(NONE_DAYS + 1)),
            interviewed: !text(12)?.is_empty() || r.get::<_, bool>(14)?,
            last_contact: moment(text(10)?).map_or(NONE_MOMENT, |t| t.timestamp().max(NONE_MOMENT + 1)),
            six_months: self.six_months.get(r.get(0)?).copied(),
        }))
    }

    fn load_promotions(&mut self, conn: &Connection) -> Result<()> {
        let count: i64 = conn.query_row(
            "SELECT count(*) FROM promotions INDEXED BY promotions_facts WHERE sent_at IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        let mut promotions = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        // The index begins with the id: the facts come in their order.
        let mut statement = conn.prepare(&format!(
            "SELECT {PROMOTION_COLUMNS} FROM promotions INDEXED BY promotions_facts WHERE sent_at IS NOT NULL"
        ))?;
        let mut rows = statement.query([])?;
        let mut offsets = IdMap::default();
        while let Some(row) = rows.next()? {
            if let Some(fact) = self.promotion(row, &mut offsets)? {
                promotions.push(fact);
            }
        }
        // Ids are the table's keys: each comes once.
        self.promotions = Promotions::new(promotions).unwrap_or_default();
        Ok(())
    }

    /// Reads again the promotions touched by events after `after`.
    fn reload_promotions_since(&mut self, conn: &Connection, after: i64) -> Result<()> {
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
        let mut statement =
            conn.prepare_cached(&format!("SELECT {PROMOTION_COLUMNS} FROM promotions WHERE id = ?1"))?;
        let mut offsets = IdMap::default();
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = statement.query([id])?;
            let fact = match rows.next()? {
                Some(row) => self.promotion(row, &mut offsets)?,
                None => None,
            };
            changes.push((id, fact));
        }
        self.promotions.apply(&changes);
        Ok(())
    }

    fn load_candidates(&mut self, conn: &Connection) -> Result<()> {
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

    fn load_six_months(&mut self, conn: &Connection) -> Result<()> {
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
    fn update(&mut self, conn: &Connection) -> Result<()> {
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
fn through_a_small_cache<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    conn.pragma_update(None, "cache_size", -16 * 1024)?;
    let read = f(conn);
    conn.pragma_update(None, "cache_size", -crate::db::CACHE_KIB)?;
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
pub fn with_facts<T>(conn: &Connection, f: impl FnOnce(&Facts) -> T) -> Result<T> {
    let path = conn.path().filter(|p| !p.is_empty()).map(str::to_owned);
    let Some(path) = path else {
        // An in-memory database: nothing to keep.
        let mut facts = Facts::default();
        facts.update(conn)?;
        return Ok(f(&facts));
    };
    let mut all = shared();
    let position = match all.iter().position(|(p, _)| *p == path) {
        Some(position) => position,
        None => {
            all.push((path, Facts::default()));
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

    fn fact(id: i64) -> PromotionFact {
        PromotionFact {
            id,
            candidate: id % 7,
            company: id % 5,
            created: id * 10,
            last_contact: NONE_MOMENT,
            sent_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            counsellor: 0,
            agency: 0,
            answer_days: NONE_DAYS,
            channel: PromotionChannel::Email,
            status: PromotionStatus::Sent,
            reason: None,
            answered: false,
            interviewed: false,
            six_months: None,
        }
    }

    /// Facts brought in, replaced and gone, in place, after the others or by making the
    /// list again: each promotion once, found by its id, as a list made anew would hold
    /// them; in order again once those added out of order are many.
    #[test]
    fn promotions_read_again_are_each_found_once() {
        let facts = |p: &Promotions| {
            let mut all: Vec<PromotionFact> = p.iter().copied().collect();
            all.sort_by_key(|f| f.id);
            all
        };
        let hired = |id: i64| PromotionFact { status: PromotionStatus::Hired, ..fact(id) };
        let mut promotions = Promotions::new(vec![fact(6), fact(2), fact(4)]).unwrap_or_default();
        assert!(promotions.iter().map(order).is_sorted(), "in the order of their candidates");
        promotions.apply(&[(4, Some(hired(4))), (7, Some(fact(7))), (9, Some(fact(9))), (11, None)]);
        assert_eq!(facts(&promotions), vec![fact(2), hired(4), fact(6), fact(7), fact(9)]);
        promotions.apply(&[
            (1, Some(fact(1))),
            (4, None),
            (5, Some(fact(5))),
            (9, Some(hired(9))),
            (12, Some(fact(12))),
        ]);
        assert_eq!(facts(&promotions), vec![fact(1), fact(2), fact(5), fact(6), fact(7), hired(9), fact(12)]);
        assert_eq!(promotions.get(9), Some(&hired(9)));
        assert_eq!(promotions.get(4), None);
        // Moved to another candidate: found once, with its new candidate.
        let moved = PromotionFact { candidate: 40, ..fact(6) };
        promotions.apply(&[(1, None), (12, None), (6, Some(moved))]);
        assert_eq!(facts(&promotions), vec![fact(2), fact(5), moved, fact(7), hired(9)]);
        for p in promotions.iter() {
            assert_eq!(promotions.get(p.id), Some(p));
        }
        // Many added: all in order again.
        let many: Vec<(i64, Option<PromotionFact>)> = (100..2000).rev().map(|id| (id, Some(fact(id)))).collect();
        promotions.apply(&many);
        assert_eq!(promotions.len(), 5 + 1900);
        assert!(promotions.iter().map(order).is_sorted());
        assert!((100..2000).all(|id| promotions.get(id) == Some(&fact(id))));
        assert!(Promotions::new(vec![fact(3), fact(3)]).is_none(), "an id twice");
    }

    /// A fact is a cache line: five million are 320 MB, read at each refresh.
    #[test]
    fn a_fact_holds_in_64_bytes() {
        assert_eq!(std::mem::size_of::<PromotionFact>(), 64);
    }

    /// Ids in the slots and far beyond them in the map, each found once.
    #[test]
    fn an_id_table_finds_each_id_dense_or_far() {
        let mut table = IdTable::default();
        for (id, value) in [(3, 'a'), (1 << 40, 'b'), (-2, 'c'), (10_000, 'd'), (3, 'e')] {
            table.insert(id, value);
        }
        assert_eq!(table.len(), 4);
        assert_eq!(
            (table.get(3), table.get(1 << 40), table.get(-2), table.get(10_000)),
            (Some(&'e'), Some(&'b'), Some(&'c'), Some(&'d'))
        );
        assert_eq!(table.get(4), None);
        // 10,000 was beyond the slots, in the map; the slots grow past it: still once.
        for id in 0..6000 {
            table.insert(id + 100_000, 'x');
        }
        table.insert(10_000, 'f');
        assert_eq!(table.get(10_000), Some(&'f'));
        assert_eq!(table.iter().filter(|(id, _)| *id == 10_000).count(), 1);
        *table.entry(7) = 'g';
        assert_eq!(table.get(7), Some(&'g'));
        let mut ids: Vec<i64> = table.iter().map(|(id, _)| id).filter(|id| *id < 100_000).collect();
        ids.sort_unstable();
        assert_eq!(ids, [-2, 3, 7, 10_000]);
    }

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
