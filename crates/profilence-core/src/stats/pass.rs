//! One pass over the facts for a dashboard: the cohort (the promotions sent in the
//! period, under every filter) met once, and everything counted of it at once — the
//! figures (`count::Counter`), the comparison shown (`breakdown::Comparisons`), the
//! profiles (`reach::ProfileTallies`) and the hires — in parts counted side by side.

use super::{
    Held,
    breakdown::{BreakdownKey, Comparisons},
    count::{Counter, Selection},
    facts::{Facts, PromotionFact, SixMonths},
    period::PeriodView,
    reach::ProfileTallies,
};
use crate::choices::PromotionStatus;

/// What one pass over the facts gathers: every figure of the period (`Counter`), the
/// comparisons' and the profiles' tallies, and the hires with their six-month check-ins.
pub(super) struct Pass<'a> {
    pub(super) counter: Counter,
    pub(super) comparisons: Comparisons<'a>,
    pub(super) profiles: ProfileTallies<'a>,
    /// The cohort's hires in force: (their company, their six-month check-in).
    pub(super) hires: Vec<(i64, Option<SixMonths>)>,
}

impl<'a> Pass<'a> {
    fn new(
        facts: &'a Facts,
        sel: &Selection<'_>,
        view: &PeriodView,
        domain: Option<&str>,
        only: Option<BreakdownKey>,
    ) -> Self {
        Self {
            counter: Counter::new(view, facts),
            comparisons: Comparisons::new(facts, sel, domain, only),
            profiles: ProfileTallies::new(facts),
            hires: Vec::new(),
        }
    }

    fn add(&mut self, facts: &Facts, sel: &Selection<'_>, p: &PromotionFact) {
        let held = Held::of(p, sel.due_before);
        self.counter.add(facts, p, held);
        self.comparisons.add(p, held);
        self.profiles.add(p, held);
        if p.status == PromotionStatus::Hired {
            self.hires.push((p.company, p.six_months));
        }
    }

    fn merge(&mut self, other: Self) {
        self.counter.merge(other.counter);
        self.comparisons.merge(other.comparisons);
        self.profiles.merge(other.profiles);
        self.hires.extend(other.hires);
    }
}

/// The promotions are counted in this many parts at most, each on a thread of its own, then
/// merged: five million facts are 320 MB to read, which one core of the 2-core machine reads
/// in about twice the time two do. What is counted does not depend on the parts (sums, sets
/// and rankings broken by ids).
const MAX_PARTS: usize = 4;

/// The one pass over the facts: the cohort (the promotions sent in the period, under every
/// filter) and everything counted of it.
pub(super) fn run<'a>(
    facts: &'a Facts,
    sel: &Selection<'_>,
    view: &PeriodView,
    domain: Option<&str>,
    only: Option<BreakdownKey>,
) -> Pass<'a> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    // Two parts at least, even on one core: the merge is always what counts.
    let parts = cores.clamp(2, MAX_PARTS);
    let size = facts.promotions.len().div_ceil(parts).max(1);
    let passes: Vec<std::thread::Result<Pass<'a>>> = std::thread::scope(|scope| {
        let threads: Vec<_> = facts
            .promotions
            .as_slice()
            .chunks(size)
            .map(|part| {
                scope.spawn(move || {
                    let mut pass = Pass::new(facts, sel, view, domain, only);
                    for p in part.iter().filter(|p| sel.promotion(p)) {
                        pass.add(facts, sel, p);
                    }
                    pass
                })
            })
            .collect();
        threads.into_iter().map(|thread| thread.join()).collect()
    });
    let mut whole = Pass::new(facts, sel, view, domain, only);
    for pass in passes {
        match pass {
            Ok(pass) => whole.merge(pass),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    whole
}
