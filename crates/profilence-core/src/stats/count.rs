//! The filters resolved against the facts (`Selection`), and every figure of the period
//! counted as the cohort's promotions are met (`Counter`, in `pass`'s one pass) — the
//! figures' definitions (`Figure::holds`), the delays, the trend, the companies and the
//! reasons.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Days, Local, NaiveDate};

use super::{
    Figure, Held, Indicators, ReasonCount, StatsQuery, TOP_COMPANIES, TerritoryOf, TrendPoint,
    facts::{Ages, CandidateFact, Facts, IdSet, IdTable, PromotionFact, age_mask, public_mask},
    period::{Bucket, PeriodView},
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
    kept_candidates: Option<IdTable<Option<Ages>>>,
    pub(super) due_before: i64,
}

fn chosen(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl<'a> Selection<'a> {
    pub(super) fn new(facts: &Facts, query: &'a StatsQuery, view: &PeriodView, due_before: i64) -> Self {
        let agency = chosen(&query.agency).map(|name| facts.lookup(name));
        let agency_members = match agency {
            Some(Some(a)) => facts.promotions.iter().filter(|p| p.agency == a).map(|p| p.counsellor).collect(),
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
            for (id, place) in facts.companies.iter() {
                if selection.place_holds(place.department, place.commune) {
                    kept.insert(id);
                }
            }
            selection.kept_companies = Some(kept);
        }
        if selection.publics | selection.ages != 0 || selection.domain.is_some() || territory {
            let kept =
                facts.candidates.iter().filter(|(_, c)| selection.candidate(c)).map(|(id, c)| (id, c.ages)).collect();
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
                kept.get(p.candidate).is_some_and(|birth| self.ages_hold(*birth, p.sent_on, p.sent_on))
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

/// Every figure of the period, counted in arrays and in tables by ids as the cohort's
/// promotions are added.
pub(super) struct Counter {
    buckets: Vec<Bucket>,
    /// The period's first day, and the trend's point of each day from it (`bucket_of`).
    from: NaiveDate,
    day_buckets: Vec<u16>,
    trend: Vec<TrendPoint>,
    figures: [u32; Figure::ALL.len()],
    candidates: IdSet,
    /// Promotions answered after 0, 1, 2… days (a decade at most is kept exactly): the
    /// answers with a date only; the same for the answers that came by e-mail, and for
    /// those typed in.
    delays: Vec<u32>,
    email_delays: Vec<u32>,
    typed_delays: Vec<u32>,
    by_email: u32,
    email_dated: u32,
    companies: IdTable<(u32, u32, u32)>,
    /// Refused and not retained, by reason (`RefusalReason::ALL`'s order, none last).
    reasons: [(u32, u32); RefusalReason::ALL.len() + 1],
}

fn add_to(histogram: &mut Vec<u32>, days: usize, n: u32) {
    if histogram.len() <= days {
        histogram.resize(days + 1, 0);
    }
    histogram[days] += n;
}

impl Counter {
    pub(super) fn new(view: &PeriodView, facts: &Facts) -> Self {
        let buckets = view.buckets();
        let trend = buckets
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
        // Buckets cover the period in order.
        let days = (view.to - view.from).num_days().clamp(0, 20_000);
        let day_buckets = (0..=days)
            .map(|d| {
                let day = view.from + chrono::Duration::days(d);
                let i = buckets.partition_point(|b| b.from <= day).saturating_sub(1);
                u16::try_from(i).unwrap_or(u16::MAX)
            })
            .collect();
        Self {
            buckets,
            from: view.from,
            day_buckets,
            trend,
            figures: [0; Figure::ALL.len()],
            candidates: IdSet::default(),
            delays: Vec::new(),
            email_delays: Vec::new(),
            typed_delays: Vec::new(),
            by_email: 0,
            email_dated: 0,
            companies: IdTable::up_to(facts.companies.bound()),
            reasons: [(0, 0); RefusalReason::ALL.len() + 1],
        }
    }

    pub(super) fn add(&mut self, facts: &Facts, p: &PromotionFact, held: Held) {
        for figure in Figure::ALL {
            self.figures[figure.index()] += held.count(figure);
        }
        let (answered, interviewed, hired) =
            (held.has(Figure::Answered), held.has(Figure::Interviews), held.has(Figure::Hires));
        let (refused, not_retained) = (held.has(Figure::Refused), held.has(Figure::NotRetained));
        self.candidates.insert(p.candidate);
        let emailed = answered && facts.answered_by_email.contains(p.id);
        self.by_email += u32::from(emailed);
        if let Some(days) = p.answer_days() {
            let days = usize::try_from(days.clamp(0, MAX_DELAY)).unwrap_or(0);
            add_to(&mut self.delays, days, 1);
            add_to(if emailed { &mut self.email_delays } else { &mut self.typed_delays }, days, 1);
            self.email_dated += u32::from(emailed);
        }
        let company = self.companies.entry(p.company);
        company.0 += 1;
        company.1 += u32::from(answered);
        company.2 += u32::from(hired);
        if refused || not_retained {
            let reason = p
                .reason
                .and_then(|r| RefusalReason::ALL.iter().position(|x| *x == r))
                .unwrap_or(RefusalReason::ALL.len());
            let entry = &mut self.reasons[reason];
            if refused {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        let i = self.bucket_of(p.sent_on);
        if let Some(point) = self.trend.get_mut(i) {
            point.promotions += 1;
            point.answered += u32::from(answered);
            point.interviews += u32::from(interviewed);
            point.hires += u32::from(hired);
        }
    }

    /// The trend's point of a day of the period: the last bucket starting on or before it.
    fn bucket_of(&self, day: NaiveDate) -> usize {
        let offset = usize::try_from(day.num_days_from_ce() - self.from.num_days_from_ce()).ok();
        match offset.and_then(|d| self.day_buckets.get(d)) {
            Some(&i) => usize::from(i),
            None => self.buckets.partition_point(|b| b.from <= day).saturating_sub(1),
        }
    }

    pub(super) fn merge(&mut self, other: Self) {
        for (mine, theirs) in self.trend.iter_mut().zip(other.trend) {
            mine.promotions += theirs.promotions;
            mine.answered += theirs.answered;
            mine.interviews += theirs.interviews;
            mine.hires += theirs.hires;
        }
        for (mine, theirs) in self.figures.iter_mut().zip(other.figures) {
            *mine += theirs;
        }
        self.candidates.extend(&other.candidates);
        for (mine, theirs) in [
            (&mut self.delays, other.delays),
            (&mut self.email_delays, other.email_delays),
            (&mut self.typed_delays, other.typed_delays),
        ] {
            for (days, n) in theirs.into_iter().enumerate() {
                add_to(mine, days, n);
            }
        }
        self.by_email += other.by_email;
        self.email_dated += other.email_dated;
        for (id, (n, answered, hired)) in other.companies.into_entries() {
            let company = self.companies.entry(id);
            company.0 += n;
            company.1 += answered;
            company.2 += hired;
        }
        for (mine, theirs) in self.reasons.iter_mut().zip(other.reasons) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
    }

    /// The figures of the period, with the pool they are a share of.
    pub(super) fn finish(self, facts: &Facts, sel: &Selection<'_>) -> Counted {
        let Self {
            trend,
            figures,
            candidates,
            delays,
            email_delays,
            typed_delays,
            by_email,
            email_dated,
            companies,
            reasons,
            ..
        } = self;
        let in_pool = facts.candidates.values().filter(|c| sel.in_pool(c)).count();
        let promoted_outside =
            candidates.ids().filter(|&id| facts.candidates.get(id).is_none_or(|c| !sel.in_pool(c))).count();
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
        let mut ranked: Vec<(i64, u32, u32, u32)> =
            companies.into_entries().map(|(id, (n, a, h))| (id, n, a, h)).collect();
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
    fn each_figure_knows_its_place() {
        for (i, figure) in Figure::ALL.iter().enumerate() {
            assert_eq!(figure.index(), i, "{figure:?}");
        }
    }
}
