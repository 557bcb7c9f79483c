//! One pass over the facts: the filters resolved (`Selection`), then every figure of the
//! period counted at once — the cohort, the figures' definitions (`Figure::holds`), the
//! delays, the trend, the companies and the reasons.

use std::collections::HashSet;

use chrono::{DateTime, Days, Local, NaiveDate};

use super::{
    Figure, Indicators, ReasonCount, StatsQuery, TOP_COMPANIES, TerritoryOf, TrendPoint,
    facts::{Ages, CandidateFact, Facts, IdMap, IdSet, PromotionFact, age_mask, public_mask},
    period::PeriodView,
};
use crate::choices::{PromotionChannel, RefusalReason};

/// The filters resolved against the facts.
pub(super) struct Selection<'a> {
    from: NaiveDate,
    to: NaiveDate,
    /// `Some(None)`: a name no fact carries, which nothing matches.
    counsellor: Option<Option<u32>>,
    agency: Option<Option<u32>>,
    channel: Option<PromotionChannel>,
    /// The recorded publics asked for (bits of `Public::ALL`).
    publics: u8,
    /// The age publics asked for: read on the day of each promotion's sending.
    ages: u8,
    domain: Option<&'a str>,
    /// With a domain: whether each of `Facts::romes` is in it.
    domain_jobs: Vec<bool>,
    /// Whose place the territory reads (`StatsQuery::territory_of`).
    pub(super) territory_of: TerritoryOf,
    /// The department and commune asked for, in `Facts::territories_of(territory_of)`
    /// (`territory::NO_PLACE`: unknown).
    department: Option<Option<u32>>,
    commune: Option<Option<u32>>,
    /// By the company's place, with a territory filter: the companies in it. The pool,
    /// made of candidates, is not narrowed by it.
    kept_companies: Option<IdSet>,
    /// The counsellors who signed promotions for the agency filter (whose candidates make its pool).
    agency_members: HashSet<u32>,
    /// With a public or domain filter: the candidates its recorded part keeps, with their
    /// ages for the age publics.
    kept_candidates: Option<IdMap<Option<Ages>>>,
    pub(super) due_before: i64,
}

fn chosen(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl<'a> Selection<'a> {
    pub(super) fn new(facts: &Facts, query: &'a StatsQuery, view: &PeriodView, due_before: i64) -> Self {
        let agency = chosen(&query.agency).map(|name| facts.lookup(name));
        let agency_members = match agency {
            Some(Some(a)) => facts.promotions.values().filter(|p| p.agency == a).map(|p| p.counsellor).collect(),
            _ => HashSet::new(),
        };
        let territories = facts.territories_of(query.territory_of);
        let mut selection = Self {
            from: view.from,
            to: view.to,
            counsellor: chosen(&query.counsellor).map(|name| facts.lookup(name)),
            agency,
            channel: query.channel,
            publics: public_mask(&query.publics) & !age_mask(),
            ages: public_mask(&query.publics) & age_mask(),
            domain: chosen(&query.domain),
            domain_jobs: chosen(&query.domain)
                .map(|d| facts.romes.iter().map(|r| r.starts_with(d)).collect())
                .unwrap_or_default(),
            territory_of: query.territory_of,
            department: chosen(&query.department).map(|code| territories.department(code)),
            commune: chosen(&query.commune).map(|code| territories.commune(code)),
            kept_companies: None,
            agency_members,
            kept_candidates: None,
            due_before,
        };
        let territory = selection.department.is_some() || selection.commune.is_some();
        let (territory, by_company) = match query.territory_of {
            TerritoryOf::Candidate => (territory, false),
            TerritoryOf::Company => (false, territory),
        };
        if by_company {
            let mut kept = IdSet::default();
            for (id, place) in &facts.companies {
                if selection.place_holds(place.department, place.commune) {
                    kept.insert(*id);
                }
            }
            selection.kept_companies = Some(kept);
        }
        if selection.publics | selection.ages != 0 || selection.domain.is_some() || territory {
            let kept =
                facts.candidates.iter().filter(|(_, c)| selection.candidate(c)).map(|(id, c)| (*id, c.ages)).collect();
            selection.kept_candidates = Some(kept);
        }
        selection
    }

    /// The candidate-side filters on the record as it is now, but the age publics.
    fn candidate(&self, c: &CandidateFact) -> bool {
        c.publics & self.publics == self.publics
            && (self.domain.is_none() || c.job_ids().any(|j| self.domain_jobs.get(j as usize) == Some(&true)))
            && (self.territory_of != TerritoryOf::Candidate || self.place_holds(c.department, c.commune))
    }

    /// Whether a place is in the territory asked for.
    fn place_holds(&self, department: u32, commune: u32) -> bool {
        self.department.is_none_or(|d| d == Some(department)) && self.commune.is_none_or(|m| m == Some(commune))
    }

    /// Whether the promotion is in the cohort: sent in the period, under every filter.
    pub(super) fn promotion(&self, p: &PromotionFact) -> bool {
        self.from <= p.sent_on
            && p.sent_on <= self.to
            && self.counsellor.is_none_or(|c| c == Some(p.counsellor))
            && self.agency.is_none_or(|a| a == Some(p.agency))
            && self.channel.is_none_or(|c| c == p.channel)
            && self.kept_companies.as_ref().is_none_or(|kept| kept.contains(p.company))
            && self.kept_candidates.as_ref().is_none_or(|kept| {
                kept.get(&p.candidate).is_some_and(|birth| self.ages_hold(*birth, p.sent_on, p.sent_on))
            })
    }

    /// Whether someone of these `ages` belongs to every age public asked for on at least
    /// one day from `from` to `to`.
    fn ages_hold(&self, ages: Option<Ages>, from: NaiveDate, to: NaiveDate) -> bool {
        self.ages == 0 || Ages::publics(ages, from, to) & self.ages == self.ages
    }

    /// Whether the candidate is in the period's pool by their own record: followed under
    /// the counsellor and agency filters, matching the others, consent covering a day of it.
    pub(super) fn in_pool(&self, c: &CandidateFact) -> bool {
        c.consent_from <= self.to
            && c.consent_until >= self.from
            && self.followed(c)
            && self.ages_hold(c.ages, self.from, self.to)
    }

    /// Whether a candidate `followed` is in the consenting pool on `day`: consent valid on
    /// the day, in the age publics asked for on that day.
    pub(super) fn in_pool_on(&self, c: &CandidateFact, day: NaiveDate) -> bool {
        c.consent_from <= day && day <= c.consent_until && self.ages_hold(c.ages, day, day)
    }

    /// The filters on the candidate's record but the age publics: followed under the
    /// counsellor and agency filters, in the recorded publics and the domain asked.
    pub(super) fn followed(&self, c: &CandidateFact) -> bool {
        self.counsellor.is_none_or(|k| k == Some(c.counsellor))
            && self.agency.is_none_or(|_| self.agency_members.contains(&c.counsellor))
            && self.candidate(c)
    }

    /// The period's first and last days.
    pub(super) fn days(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to)
    }
}

pub(super) fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// The moment a last contact must precede to be due for a reminder: as "Relances" counts.
pub(super) fn due_before(now: DateTime<Local>, reminder_days: u32) -> i64 {
    now.checked_sub_days(Days::new(reminder_days.into())).unwrap_or(now).timestamp()
}

/// Answer delays beyond this many days count as this many (ten years).
pub(super) const MAX_DELAY: i64 = 3660;

/// The median of a histogram: `histogram[d]` values equal to `d`.
pub(super) fn median(histogram: &[u32], count: u32) -> Option<f64> {
    if count == 0 {
        return None;
    }
    let (low, high) = ((count - 1) / 2, count / 2);
    let (mut seen, mut low_value, mut high_value) = (0, None, None);
    for (days, &n) in histogram.iter().enumerate() {
        let days = days as i64;
        if low_value.is_none() && seen + n > low {
            low_value = Some(days);
        }
        if seen + n > high {
            high_value = Some(days);
            break;
        }
        seen += n;
    }
    Some((low_value? + high_value?) as f64 / 2.0)
}

/// What one pass over the facts gives.
pub(super) struct Counted {
    pub(super) sent_ever: u32,
    pub(super) indicators: Indicators,
    pub(super) trend: Vec<TrendPoint>,
    pub(super) companies: Vec<(i64, u32, u32, u32)>,
    pub(super) refusals: Vec<ReasonCount>,
}

/// Counts every figure of the period; the cohort's promotions are left in `cohort` for
/// the counts that follow (`reach::profiles`), which then need not look at every fact again.
pub(super) fn count<'a>(
    facts: &'a Facts,
    sel: &Selection<'_>,
    view: &PeriodView,
    cohort: &mut Vec<&'a PromotionFact>,
) -> Counted {
    let buckets = view.buckets();
    let mut trend: Vec<TrendPoint> = buckets
        .iter()
        .map(|b| TrendPoint {
            from: b.from,
            to: b.to,
            label: b.label.clone(),
            promotions: 0,
            answered: 0,
            interviews: 0,
            hires: 0,
        })
        .collect();
    // One pass, counting in arrays and in maps keyed by ids: half a million promotions
    // in a few milliseconds.
    let mut figures = [0u32; Figure::ALL.len()];
    let mut candidates = IdSet::default();
    // Promotions answered after 0, 1, 2… days (a decade at most is kept exactly): the
    // answers with a date only.
    let mut delays: Vec<u32> = Vec::new();
    // The same for the answers that came by e-mail, and for those typed in.
    let (mut email_delays, mut typed_delays): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    let (mut by_email, mut email_dated) = (0u32, 0u32);
    let mut companies = IdMap::<(u32, u32, u32)>::default();
    let mut reasons = [(0u32, 0u32); RefusalReason::ALL.len() + 1];
    let reason_index = |r: Option<RefusalReason>| {
        r.and_then(|r| RefusalReason::ALL.iter().position(|x| *x == r)).unwrap_or(RefusalReason::ALL.len())
    };
    for p in facts.promotions.values().filter(|p| sel.promotion(p)) {
        cohort.push(p);
        let mut holds = [false; Figure::ALL.len()];
        for (i, figure) in Figure::ALL.iter().enumerate() {
            holds[i] = figure.holds(p, sel.due_before);
            figures[i] += u32::from(holds[i]);
        }
        let [_, answered, _, interviewed, hired, _, refused, not_retained, ..] = holds;
        candidates.insert(p.candidate);
        let emailed = answered && facts.answered_by_email.contains(&p.id);
        by_email += u32::from(emailed);
        if let Some(days) = p.answer_days {
            let days = usize::try_from(days.clamp(0, MAX_DELAY)).unwrap_or(0);
            for histogram in [&mut delays, if emailed { &mut email_delays } else { &mut typed_delays }] {
                if histogram.len() <= days {
                    histogram.resize(days + 1, 0);
                }
                histogram[days] += 1;
            }
            email_dated += u32::from(emailed);
        }
        let company = companies.entry(p.company).or_default();
        company.0 += 1;
        company.1 += u32::from(answered);
        company.2 += u32::from(hired);
        if refused || not_retained {
            let entry = &mut reasons[reason_index(p.reason)];
            if refused {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        // Buckets cover the period in order: the last one starting on or before the day.
        let i = buckets.partition_point(|b| b.from <= p.sent_on).saturating_sub(1);
        if let Some(point) = trend.get_mut(i) {
            point.promotions += 1;
            point.answered += u32::from(answered);
            point.interviews += u32::from(interviewed);
            point.hires += u32::from(hired);
        }
    }
    let in_pool = facts.candidates.values().filter(|c| sel.in_pool(c)).count();
    let promoted_outside =
        candidates.ids().filter(|id| facts.candidates.get(id).is_none_or(|c| !sel.in_pool(c))).count();
    let pool = u32::try_from(in_pool + promoted_outside).unwrap_or(u32::MAX);
    let get = |f: Figure| Figure::ALL.iter().position(|x| *x == f).map_or(0, |i| figures[i]);
    let (promotions, answered) = (get(Figure::Promotions), get(Figure::Answered));
    // The delay's basis: the answers with a date (`answer_days`), a part of `answered`.
    let dated = get(Figure::AnsweredDated);
    let total_days: u64 = delays.iter().enumerate().map(|(days, n)| days as u64 * u64::from(*n)).sum();
    let n_candidates = candidates.len();
    let indicators = Indicators {
        promotions,
        candidates: n_candidates,
        pool,
        pool_share: ratio(n_candidates, pool),
        answered,
        answer_rate: ratio(answered, promotions),
        answer_delay_median: median(&delays, dated),
        answer_delay_mean: (dated > 0).then(|| total_days as f64 / f64::from(dated)),
        answer_delay_basis: dated,
        answered_by_email: by_email,
        answer_delay_median_email: median(&email_delays, email_dated),
        answer_delay_median_typed: median(&typed_delays, dated - email_dated),
        interviews: get(Figure::Interviews),
        hires: get(Figure::Hires),
        hire_rate: ratio(get(Figure::Hires), promotions),
        kept_on_file: get(Figure::KeptOnFile),
        refused: get(Figure::Refused),
        not_retained: get(Figure::NotRetained),
        no_answer: get(Figure::NoAnswer),
        withdrawn: get(Figure::Withdrawn),
        waiting_reminder: get(Figure::WaitingReminder),
    };
    let mut ranked: Vec<(i64, u32, u32, u32)> = companies.into_iter().map(|(id, (n, a, h))| (id, n, a, h)).collect();
    ranked.sort_by(|x, y| (y.3, y.2, y.1, x.0).cmp(&(x.3, x.2, x.1, y.0)));
    ranked.truncate(TOP_COMPANIES);
    let mut refusals: Vec<ReasonCount> = RefusalReason::ALL
        .iter()
        .zip(reasons)
        .map(|(r, (refused, not_retained))| ReasonCount {
            reason: Some(*r),
            label: r.label().to_owned(),
            refused,
            not_retained,
        })
        .collect();
    if let Some(&(refused, not_retained)) = reasons.last().filter(|(a, b)| a + b > 0) {
        refusals.push(ReasonCount { reason: None, label: "Motif non précisé".into(), refused, not_retained });
    }
    let sent_ever = u32::try_from(facts.promotions.len()).unwrap_or(u32::MAX);
    Counted { sent_ever, indicators, trend, companies: ranked, refusals }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A histogram of `(days, count)` pairs.
    fn histogram(pairs: &[(usize, u32)]) -> Vec<u32> {
        let mut h = vec![0; pairs.iter().map(|p| p.0 + 1).max().unwrap_or(0)];
        for &(days, n) in pairs {
            h[days] = n;
        }
        h
    }

    #[test]
    fn the_median_of_a_histogram() {
        assert_eq!(median(&histogram(&[(3, 1), (5, 2), (10, 1)]), 4), Some(5.0));
        assert_eq!(median(&histogram(&[(2, 1), (8, 1), (9, 1)]), 3), Some(8.0));
        assert_eq!(median(&histogram(&[(4, 1), (7, 1)]), 2), Some(5.5));
        assert_eq!(median(&histogram(&[(0, 2)]), 2), Some(0.0));
        assert_eq!(median(&[], 0), None);
    }

    #[test]
    fn an_id_set_counts_each_id_once_small_or_large() {
        let mut set = IdSet::default();
        for id in [3, 70, 3, 1 << 40, 70, -5, 1 << 40] {
            set.insert(id);
        }
        assert_eq!(set.len(), 4);
        let mut ids: Vec<i64> = set.ids().collect();
        ids.sort_unstable();
        assert_eq!(ids, [-5, 3, 70, 1 << 40]);
    }
}
