//! Targeting ("Cibler"): the companies most likely to hire a person, and the people to
//! offer a company — explained. Every company of the base is weighed for each of the
//! person's target jobs by the factors of `score` (sector, distance, size, the agency's
//! history, the counsellor's potential and commitments, the aids this company can get for
//! this person), each kept with its words and its points; whether it can be contacted now
//! (the repeat window, the monthly contacts, the consent) is the promotion gate's own rule,
//! asked of `promotions`. `facts` reads what the factors weigh.

mod candidates_for;
mod companies_for;
mod evaluate;
pub mod facts;
pub mod score;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use candidates_for::{CompanyCandidates, PersonTarget, for_company};
pub use companies_for::{CandidateTargets, CompanyTarget, JobContext, Reach, Widen, for_candidate, reach};
pub use evaluate::{EVALUATED, Evaluation, Scores, evaluate};
pub use score::{Factor, FactorKind};

use crate::{
    hiring_aids::{self, Employer, HiringAid, Person},
    text::french_decimal,
};

/// How many targets a list shows unless asked: the five companies the field experiment
/// found a profile should go with.
pub const DEFAULT_LIMIT: usize = 5;
/// The most a list shows.
pub const MAX_LIMIT: usize = 20;
/// People offered to a company unless asked.
pub const DEFAULT_PEOPLE: usize = 10;
/// The neighbouring jobs of each target job weighed when asked: the first of its list
/// (both ROME mobility and shared skills, then the most skills held).
pub const NEIGHBOURS_WEIGHED: usize = 3;

/// What a target list is asked for.
#[derive(Debug, Clone, Copy, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct TargetQuery {
    /// How many targets (default 5, or 10 people for a company; at most 20).
    pub limit: Option<u32>,
    /// A radius to use instead of the candidate's own ("widen the radius").
    pub radius_km: Option<u32>,
    /// Weigh the companies for the jobs next to the target jobs too (`NEIGHBOURS_WEIGHED`
    /// of each), each target saying which job it is for.
    pub with_neighbours: bool,
}

impl TargetQuery {
    fn limit_or(&self, default: usize) -> usize {
        self.limit.map_or(default, |l| (l as usize).clamp(1, MAX_LIMIT))
    }
}

/// A company or person left out of the list, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LeftOut {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub why: String,
}

/// The codes of the aids every hire opens (no public, no age): the same for every call.
static FOR_ANYONE: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| hiring_aids::aids_for(&Person::default()).into_iter().map(|a| a.code).collect());

/// The aids `employer` can get for `person`, and the factor they make: points and words
/// for those specific to the person (beyond those every hire opens).
fn company_aids(person: &Person, employer: &Employer<'_>) -> (Vec<HiringAid>, Factor) {
    let aids = hiring_aids::aids_for_company(person, employer);
    let (specific, common): (Vec<&HiringAid>, Vec<&HiringAid>) =
        aids.iter().partition(|a| !FOR_ANYONE.contains(&a.code));
    let names = |list: Vec<&HiringAid>| list.into_iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    let factor = score::aids(&names(specific), &names(common));
    (aids, factor)
}

/// The sum of the factors' points: the score, and nothing else.
fn total(factors: &[Factor]) -> i32 {
    factors.iter().map(|f| f.points).sum()
}

/// « Métier en tension : 61,9 (famille Boulangers, pâtissiers ; médiane des métiers 52,9) ».
fn tension_text(pct: f64, family: &str, median: f64) -> String {
    let compared = if pct > median { "au-dessus" } else { "en dessous" };
    format!(
        "Tension du métier : {} sur 100 ({family}), {compared} de la médiane des métiers ({}) — données DARES 2020",
        french_decimal(pct),
        french_decimal(median)
    )
}
