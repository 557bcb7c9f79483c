//! The promotions' facts: one per promotion sent, 64 bytes, kept in the order of their
//! candidates (`Promotions`).

use chrono::NaiveDate;

use super::{IdSet, IdTable};
use crate::choices::{ContractType, PromotionChannel, PromotionStatus, RefusalReason};

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
    pub(super) last_contact: i64,
    /// The local day of the first sending in force.
    pub sent_on: NaiveDate,
    /// Index in `Facts::names`.
    pub counsellor: u32,
    pub agency: u32,
    /// `answer_days`, `NONE_DAYS` when none.
    pub(super) answer_days: i32,
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

pub(super) const NONE_MOMENT: i64 = i64::MIN;
pub(super) const NONE_DAYS: i32 = i32::MIN;

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
    pub(super) fn new(contract: &str, in_job: Option<bool>) -> Self {
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
    pub(super) facts: Vec<PromotionFact>,
    /// `facts` is in order up to here.
    in_order: usize,
    /// Each promotion's place in `facts`, by id.
    pub(super) places: IdTable<u32>,
}

/// The order the facts are kept in.
pub(super) fn order(p: &PromotionFact) -> (i64, i64) {
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
    pub(super) fn apply(&mut self, changes: &[(i64, Option<PromotionFact>)]) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
