//! What the window's forms offer, asked of the core once: every fixed list with its
//! labels, and the limits and defaults the core applies (so that a form can say them
//! before the core refuses, without a copy of them in the window).

use serde::Serialize;
use ts_rs::TS;

use crate::{
    candidates,
    choices::{
        COMMON_CONSTRAINTS, CheckinKind, Choice, ContactChannel, ContractType, DrivingLicence, EventKind,
        HeadcountBand, KNOWN_COMMITMENTS, LeftReason, LegalNature, MobilityMeans, PromotionChannel, PromotionStatus,
        RefusalReason, WorkConstraint, WorkingTime,
    },
    companies,
    hiring_aids::Public,
    promotions, settings, targeting,
};

/// Every fixed list of the forms, with labels, as the UI loads it once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Choices {
    pub contract_types: Vec<Choice>,
    pub working_times: Vec<Choice>,
    pub mobility_means: Vec<Choice>,
    /// The constraints the core compares with jobs and companies (no weekend work…).
    pub work_constraints: Vec<Choice>,
    pub driving_licences: Vec<Choice>,
    pub headcount_bands: Vec<Choice>,
    /// A company's legal nature (private company, association, public body, SIAE, EA / ESAT).
    pub legal_natures: Vec<Choice>,
    pub contact_channels: Vec<Choice>,
    pub promotion_channels: Vec<Choice>,
    pub refusal_reasons: Vec<Choice>,
    pub promotion_statuses: Vec<Choice>,
    pub event_kinds: Vec<Choice>,
    /// The check-ins after a hire, and why a person left the job.
    pub checkin_kinds: Vec<Choice>,
    pub left_reasons: Vec<Choice>,
    /// Every public (`rqth`, `under26`… as `Public` is written), for the filters.
    pub publics: Vec<Choice>,
    /// The publics the form ticks (the fields of `Eligibility`): the age publics are not
    /// among them, they follow from the birth date.
    pub recorded_publics: Vec<Choice>,
    pub commitments: Vec<String>,
    /// Suggestions for the free constraints (« Autres contraintes »).
    pub constraints: Vec<String>,
    pub limits: Limits,
}

/// The limits and defaults the core applies, for the forms to say them before it refuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Limits {
    pub max_target_jobs: u32,
    /// Sectors a candidate avoids, or prefers (each list).
    pub max_sectors: u32,
    /// Companies one candidate is promoted to at once.
    pub max_companies: u32,
    /// Candidates promoted to one company at once.
    pub max_candidates: u32,
    /// Contacts of a company.
    pub max_contacts: u32,
    /// Companies a « Cibler » list shows at most.
    pub max_targets: u32,
    /// How long a consent lasts when no end is given.
    pub consent_months: u32,
    /// The longest delay of Paramètres → Suivi des promotions.
    pub max_follow_up_days: u32,
}

pub fn all() -> Choices {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Choices {
        contract_types: ContractType::options(),
        working_times: WorkingTime::options(),
        mobility_means: MobilityMeans::options(),
        work_constraints: WorkConstraint::options(),
        driving_licences: DrivingLicence::options(),
        headcount_bands: HeadcountBand::options(),
        legal_natures: LegalNature::options(),
        contact_channels: ContactChannel::options(),
        promotion_channels: PromotionChannel::options(),
        refusal_reasons: RefusalReason::options(),
        promotion_statuses: PromotionStatus::options(),
        event_kinds: EventKind::options(),
        checkin_kinds: CheckinKind::options(),
        left_reasons: LeftReason::options(),
        publics: Public::ALL.iter().map(|p| public_choice(*p)).collect(),
        recorded_publics: Public::ALL.iter().filter(|p| p.column().is_some()).map(|p| public_choice(*p)).collect(),
        commitments: KNOWN_COMMITMENTS.iter().map(|s| (*s).to_owned()).collect(),
        constraints: COMMON_CONSTRAINTS.iter().map(|s| (*s).to_owned()).collect(),
        limits: Limits {
            max_target_jobs: count(candidates::MAX_TARGET_JOBS),
            max_sectors: count(candidates::MAX_SECTORS),
            max_companies: count(promotions::MAX_COMPANIES),
            max_candidates: count(promotions::MAX_CANDIDATES),
            max_contacts: count(companies::MAX_CONTACTS),
            max_targets: count(targeting::MAX_LIMIT),
            consent_months: candidates::CONSENT_MONTHS,
            max_follow_up_days: settings::MAX_FOLLOW_UP_DAYS,
        },
    }
}

fn public_choice(public: Public) -> Choice {
    Choice { code: public_field(public).to_owned(), label: public.label().to_owned() }
}

/// A public as the UI names it: as `Public` is serialised, and the camelCase field of
/// `Eligibility` for a recorded one.
pub fn public_field(public: Public) -> &'static str {
    public.code()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_fields_are_the_eligibility_fields() {
        let json = serde_json::to_value(crate::hiring_aids::Eligibility::default()).unwrap_or_default();
        let recorded = all().recorded_publics;
        assert_eq!(recorded.len(), 4);
        for public in Public::ALL {
            let field = public_field(public);
            assert_eq!(serde_json::to_value(public).ok(), Some(serde_json::Value::from(field)));
            assert_eq!(json.get(field).is_some(), recorded.iter().any(|c| c.code == field), "{field}");
        }
    }
}
