//! Who is promoted and who is not (issue 17): the share of the consenting pool never
//! promoted and its trend over twelve month ends, and the profiles — target jobs, publics,
//! counsellors' pools — promoted most and least in the period, and those whose promotions
//! lead to interviews. Counted from dated facts (consent dates, first sending days), so a
//! past month's figure is the same whenever it is read.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::{
    Figure, Held,
    count::{Selection, ratio},
    facts::{Ages, CandidateFact, Facts, IdTable, PromotionFact, public_bit},
    period::SHORT_MONTHS,
};
use crate::hiring_aids::Public;

/// Month ends in the trend of the never promoted.
pub const NEVER_PROMOTED_MONTHS: usize = 12;
/// A target job or a counsellor's pool ranks among the most or least promoted with at
/// least this many candidates in the pool (fewer make a share that means little).
pub const MIN_POOL: u32 = 5;
/// …and among those that lead to interviews with at least this many promotions.
pub const MIN_PROMOTIONS: u32 = 5;
/// Rows of each ranking of target jobs.
pub const RANKED_JOBS: usize = 5;

/// The consenting pool never promoted on one day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeverPromotedPoint {
    pub on: NaiveDate,
    /// « nov. 2026 ».
    pub label: String,
    /// Candidates whose consent covers the day, under the dashboard's filters.
    pub pool: u32,
    /// …never sent to an employer on or before the day (by anyone, through any channel).
    pub never: u32,
    pub share: Option<f64>,
}

/// The share of the pool never promoted, and its trend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NeverPromoted {
    /// The day counted: the period's last day, or today while the period runs on.
    pub now: NeverPromotedPoint,
    /// At the end of each of the twelve months up to that day, the last one at that day.
    pub trend: Vec<NeverPromotedPoint>,
}

/// What the figures of one profile (a target job, a public, a counsellor's pool) are.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileRow {
    /// A ROME code, a public (`under26`…) or a counsellor's name.
    pub key: String,
    pub label: String,
    /// Candidates of the period's pool in the profile.
    pub pool: u32,
    /// …promoted in the period.
    pub promoted: u32,
    pub promoted_share: Option<f64>,
    pub promotions: u32,
    /// Promotions with an interview (or a hire), as the figure « Entretiens » counts.
    pub interviews: u32,
    pub interview_rate: Option<f64>,
    pub hires: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ProfileTableKey {
    JobsMostPromoted,
    JobsLeastPromoted,
    JobsToInterviews,
    Publics,
    Counsellors,
}

impl ProfileTableKey {
    pub const ALL: [ProfileTableKey; 5] =
        [Self::JobsMostPromoted, Self::JobsLeastPromoted, Self::JobsToInterviews, Self::Publics, Self::Counsellors];

    pub fn title(self) -> &'static str {
        match self {
            Self::JobsMostPromoted => "Métiers visés les plus promus",
            Self::JobsLeastPromoted => "Métiers visés les moins promus",
            Self::JobsToInterviews => "Métiers visés qui mènent le plus aux entretiens",
            Self::Publics => "Publics",
            Self::Counsellors => "Viviers des conseillers",
        }
    }

    /// Whether the table's profiles are target jobs.
    pub fn is_jobs(self) -> bool {
        matches!(self, Self::JobsMostPromoted | Self::JobsLeastPromoted | Self::JobsToInterviews)
    }

    /// The first column's name.
    pub fn profile(self) -> &'static str {
        match self {
            Self::Publics => "Public",
            Self::Counsellors => "Conseiller",
            _ => "Métier visé",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfileTable {
    pub key: ProfileTableKey,
    pub title: String,
    /// The first column's name.
    pub profile: String,
    pub rows: Vec<ProfileRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Profiles {
    /// The thresholds of the rankings (`MIN_POOL`, `MIN_PROMOTIONS`).
    pub min_pool: u32,
    pub min_promotions: u32,
    /// In `ProfileTableKey::ALL`'s order.
    pub tables: Vec<ProfileTable>,
}

/// The last day of `day`'s month.
fn month_end(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(day)
}

/// The never promoted on `on` and at the end of the eleven months before it.
pub(super) fn never_promoted(facts: &Facts, sel: &Selection<'_>, on: NaiveDate) -> NeverPromoted {
    let mut days: Vec<NaiveDate> = (1..NEVER_PROMOTED_MONTHS)
        .rev()
        .filter_map(|back| on.checked_sub_months(Months::new(back as u32)).map(month_end))
        .collect();
    days.push(on);
    let mut counts = vec![(0u32, 0u32); days.len()];
    for (id, c) in facts.candidates.iter().filter(|(_, c)| sel.followed(c)) {
        let since = facts.first_sent.get(id).copied();
        for (day, (pool, never)) in days.iter().zip(counts.iter_mut()) {
            if sel.in_pool_on(c, *day) {
                *pool += 1;
                *never += u32::from(since.is_none_or(|s| s > *day));
            }
        }
    }
    let trend: Vec<NeverPromotedPoint> = days
        .iter()
        .zip(counts)
        .map(|(day, (pool, never))| NeverPromotedPoint {
            on: *day,
            label: format!("{} {}", SHORT_MONTHS[day.month0() as usize], day.year()),
            pool,
            never,
            share: ratio(never, pool),
        })
        .collect();
    let now = trend.last().cloned().unwrap_or_default();
    NeverPromoted { now, trend }
}

/// What one profile counts, as it is summed.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    pool: u32,
    promoted: u32,
    promotions: u32,
    interviews: u32,
    hires: u32,
}

impl Tally {
    fn row(self, key: String, label: String) -> ProfileRow {
        ProfileRow {
            key,
            label,
            pool: self.pool,
            promoted: self.promoted,
            promoted_share: ratio(self.promoted, self.pool),
            promotions: self.promotions,
            interviews: self.interviews,
            interview_rate: ratio(self.interviews, self.promotions),
            hires: self.hires,
        }
    }
}

/// One candidate's promotions of the cohort.
#[derive(Debug, Default, Clone, Copy)]
struct Promoted {
    /// Their ages, copied from their fact at their first promotion: a promotion's age
    /// publics are read here, not from the candidates' table (a cache miss per promotion).
    ages: Option<Ages>,
    promotions: u32,
    interviews: u32,
    hires: u32,
    /// The age publics of their promotions, each on its sending's day.
    publics: u8,
}

/// The profiles' tallies as the cohort's promotions are added (`add`, from `stats::pass`),
/// halves of it counted apart and merged (`merge`).
pub(super) struct ProfileTallies<'a> {
    facts: &'a Facts,
    by_candidate: IdTable<Promoted>,
    /// By public: the promotions of the age publics, on their sending's day (the recorded
    /// publics, and who was promoted, are added by candidate in `finish`).
    publics: [Tally; Public::ALL.len()],
}

impl<'a> ProfileTallies<'a> {
    pub(super) fn new(facts: &'a Facts) -> Self {
        Self {
            facts,
            by_candidate: IdTable::up_to(facts.candidates.bound()),
            publics: [Tally::default(); Public::ALL.len()],
        }
    }

    pub(super) fn add(&mut self, p: &PromotionFact, held: Held) {
        let (interview, hire) = (held.count(Figure::Interviews), held.count(Figure::Hires));
        let entry = self.by_candidate.entry(p.candidate);
        if entry.promotions == 0 {
            entry.ages = self.facts.candidates.get(p.candidate).and_then(|c| c.ages);
        }
        entry.promotions += 1;
        entry.interviews += interview;
        entry.hires += hire;
        // The age publics on the day of the sending: the age then, not now. The recorded
        // publics are the candidate's whatever the day: added once per candidate in `finish`.
        let ages = Ages::publics(entry.ages, p.sent_on, p.sent_on);
        if ages != 0 {
            entry.publics |= ages;
            for (i, public) in Public::ALL.iter().enumerate() {
                if ages & public_bit(*public) != 0 {
                    let tally = &mut self.publics[i];
                    tally.promotions += 1;
                    tally.interviews += interview;
                    tally.hires += hire;
                }
            }
        }
    }

    pub(super) fn merge(&mut self, other: Self) {
        for (id, theirs) in other.by_candidate.into_entries() {
            let mine = self.by_candidate.entry(id);
            mine.ages = mine.ages.or(theirs.ages);
            mine.promotions += theirs.promotions;
            mine.interviews += theirs.interviews;
            mine.hires += theirs.hires;
            mine.publics |= theirs.publics;
        }
        for (mine, theirs) in self.publics.iter_mut().zip(other.publics) {
            mine.promotions += theirs.promotions;
            mine.interviews += theirs.interviews;
            mine.hires += theirs.hires;
        }
    }

    /// The profiles of the period, ROME codes as the jobs' labels (`stats::compute` names
    /// them after).
    pub(super) fn finish(self, sel: &Selection<'_>) -> Profiles {
        let Self { facts, by_candidate, mut publics, .. } = self;
        // A candidate counts once among an age public's promoted.
        for (_, promoted) in by_candidate.iter() {
            for (i, public) in Public::ALL.iter().enumerate() {
                publics[i].promoted += u32::from(promoted.publics & public_bit(*public) != 0);
            }
        }
        let (from, to) = sel.days();
        let mut jobs = vec![Tally::default(); facts.romes.len()];
        let mut counsellors = vec![Tally::default(); facts.names.len()];
        for (id, c) in facts.candidates.iter() {
            let promoted = by_candidate.get(id).copied();
            if promoted.is_none() && !sel.in_pool(c) {
                continue;
            }
            let add = |tally: &mut Tally| {
                tally.pool += 1;
                if let Some(p) = promoted {
                    tally.promoted += 1;
                    tally.promotions += p.promotions;
                    tally.interviews += p.interviews;
                    tally.hires += p.hires;
                }
            };
            for job in c.job_ids() {
                if let Some(tally) = jobs.get_mut(job as usize) {
                    add(tally);
                }
            }
            if let Some(tally) = counsellors.get_mut(c.counsellor as usize) {
                add(tally);
            }
            let bits = pool_publics(c, from, to);
            for (i, public) in Public::ALL.iter().enumerate() {
                let bit = public_bit(*public);
                publics[i].pool += u32::from(bits & bit != 0);
                if let Some(p) = promoted.filter(|_| c.publics & bit != 0) {
                    let tally = &mut publics[i];
                    tally.promoted += 1;
                    tally.promotions += p.promotions;
                    tally.interviews += p.interviews;
                    tally.hires += p.hires;
                }
            }
        }
        let mut tables = Vec::with_capacity(ProfileTableKey::ALL.len());
        let table = |key: ProfileTableKey, rows: Vec<ProfileRow>| ProfileTable {
            key,
            title: key.title().to_owned(),
            profile: key.profile().to_owned(),
            rows,
        };
        let jobs: Vec<ProfileRow> = facts
            .romes
            .iter()
            .zip(jobs)
            .filter(|(_, t)| t.pool > 0)
            .map(|(code, t)| t.row(code.clone(), code.clone()))
            .collect();
        let (most, least, interviews) = rank_jobs(jobs);
        tables.push(table(ProfileTableKey::JobsMostPromoted, most));
        tables.push(table(ProfileTableKey::JobsLeastPromoted, least));
        tables.push(table(ProfileTableKey::JobsToInterviews, interviews));
        let publics = Public::ALL.iter().zip(publics).map(|(p, t)| t.row(p.code().to_owned(), p.label().to_owned()));
        tables.push(table(ProfileTableKey::Publics, publics.collect()));
        let mut counsellors: Vec<ProfileRow> = counsellors
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.pool > 0)
            .map(|(i, t)| {
                let name = facts.names.get(i).cloned().unwrap_or_default();
                let label = if name.trim().is_empty() { "Sans conseiller référent".to_owned() } else { name.clone() };
                t.row(name, label)
            })
            .collect();
        counsellors.sort_by(|a, b| by_share(b, a).then_with(|| a.label.cmp(&b.label)));
        tables.push(table(ProfileTableKey::Counsellors, counsellors));
        Profiles { min_pool: MIN_POOL, min_promotions: MIN_PROMOTIONS, tables }
    }
}

/// The publics a candidate of the period's pool counts in: recorded, or by age on at least
/// one day of the period (as the publics filter keeps them).
fn pool_publics(c: &CandidateFact, from: NaiveDate, to: NaiveDate) -> u8 {
    c.publics | Ages::publics(c.ages, from, to)
}

fn by_share(a: &ProfileRow, b: &ProfileRow) -> std::cmp::Ordering {
    let share = |r: &ProfileRow| r.promoted_share.unwrap_or(0.0);
    share(a).total_cmp(&share(b)).then(a.promotions.cmp(&b.promotions))
}

/// The jobs with `MIN_POOL` candidates or more, most promoted first and least promoted
/// first (the two lists share jobs when fewer than twice `RANKED_JOBS` qualify), and those
/// with `MIN_PROMOTIONS` promotions or more by interview rate: `RANKED_JOBS` each, ties by
/// ROME code.
fn rank_jobs(mut jobs: Vec<ProfileRow>) -> (Vec<ProfileRow>, Vec<ProfileRow>, Vec<ProfileRow>) {
    jobs.sort_by(|a, b| a.key.cmp(&b.key));
    let mut interviews: Vec<ProfileRow> = jobs.iter().filter(|j| j.promotions >= MIN_PROMOTIONS).cloned().collect();
    interviews.sort_by(|a, b| {
        let rate = |r: &ProfileRow| r.interview_rate.unwrap_or(0.0);
        rate(b).total_cmp(&rate(a)).then(b.interviews.cmp(&a.interviews)).then_with(|| a.key.cmp(&b.key))
    });
    interviews.truncate(RANKED_JOBS);
    let mut ranked: Vec<ProfileRow> = jobs.into_iter().filter(|j| j.pool >= MIN_POOL).collect();
    ranked.sort_by(|a, b| by_share(b, a).then_with(|| a.key.cmp(&b.key)));
    let most: Vec<ProfileRow> = ranked.iter().take(RANKED_JOBS).cloned().collect();
    let mut least = ranked;
    least.sort_by(|a, b| by_share(a, b).then_with(|| a.key.cmp(&b.key)));
    least.truncate(RANKED_JOBS);
    (most, least, interviews)
}
