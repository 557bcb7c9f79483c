//! The fixed lists of the forms (contracts, working time, licences, mobility, work
//! constraints, headcount bands, legal natures, contact channels; promotion channels,
//! statuses, events and refusal reasons)
//! with their French labels: one place for the UI, the CLI and the profile sheets.
//! Codes are stored as they are serialised (snake_case).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(Self::$variant),)+ _ => None }
            }

            pub(crate) fn options() -> Vec<Choice> {
                Self::ALL.iter().map(|c| Choice { code: c.code().to_owned(), label: c.label().to_owned() }).collect()
            }
        }
    };
}

choice!(
    /// Kinds of employment contract, wanted by candidates and signed at a hire.
    ContractType {
        Cdi = "cdi": "CDI",
        Cdd = "cdd": "CDD",
        Interim = "interim": "Intérim",
        Apprenticeship = "apprenticeship": "Contrat d'apprentissage",
        Professionalisation = "professionalisation": "Contrat de professionnalisation",
        SubsidisedContract = "subsidised": "Contrat aidé (PEC)",
        Inclusion = "inclusion": "Contrat d'insertion (IAE)",
        Seasonal = "seasonal": "Saisonnier",
    }
);

choice!(
    WorkingTime {
        FullTime = "full_time": "Temps plein",
        PartTime = "part_time": "Temps partiel",
        Either = "either": "Temps plein ou partiel",
    }
);

choice!(
    /// How a candidate can get to work.
    MobilityMeans {
        Car = "car": "Voiture",
        Motorbike = "motorbike": "Deux-roues motorisé",
        Bicycle = "bicycle": "Vélo",
        PublicTransport = "public_transport": "Transports en commun",
        OnFoot = "on_foot": "À pied",
    }
);

choice!(
    /// A candidate's constraints that the core compares with each job's ROME work contexts
    /// and with the means of transport (`constraints` holds what each one compares with).
    WorkConstraint {
        NoWeekend = "no_weekend": "Pas de travail le week-end",
        NoNight = "no_night": "Pas de travail de nuit",
        NoShifts = "no_shifts": "Pas de travail posté ni d'horaires décalés",
        NoTravel = "no_travel": "Pas de déplacements professionnels",
        PartTimeOnly = "part_time_only": "Temps partiel uniquement",
        NoDrivingLicence = "no_driving_licence": "Pas de permis de conduire",
        NoVehicle = "no_vehicle": "Pas de véhicule",
    }
);

choice!(
    /// French driving licence categories.
    DrivingLicence {
        Am = "AM": "AM (cyclomoteur)",
        A1 = "A1": "A1 (moto légère)",
        A2 = "A2": "A2 (moto intermédiaire)",
        A = "A": "A (moto)",
        B = "B": "B (voiture)",
        Be = "BE": "BE (voiture et remorque)",
        C1 = "C1": "C1 (camion léger)",
        C1e = "C1E": "C1E",
        C = "C": "C (poids lourd)",
        Ce = "CE": "CE (super lourd)",
        D1 = "D1": "D1 (minibus)",
        D1e = "D1E": "D1E",
        D = "D": "D (autocar, autobus)",
        De = "DE": "DE",
    }
);

choice!(
    /// INSEE headcount classes ("tranches d'effectif salarié").
    HeadcountBand {
        None = "00": "0 salarié",
        From1 = "01": "1 ou 2 salariés",
        From3 = "02": "3 à 5 salariés",
        From6 = "03": "6 à 9 salariés",
        From10 = "11": "10 à 19 salariés",
        From20 = "12": "20 à 49 salariés",
        From50 = "21": "50 à 99 salariés",
        From100 = "22": "100 à 199 salariés",
        From200 = "31": "200 à 249 salariés",
        From250 = "32": "250 à 499 salariés",
        From500 = "41": "500 à 999 salariés",
        From1000 = "42": "1 000 à 1 999 salariés",
        From2000 = "51": "2 000 à 4 999 salariés",
        From5000 = "52": "5 000 à 9 999 salariés",
        From10000 = "53": "10 000 salariés et plus",
    }
);

impl HeadcountBand {
    /// The employees the band stands for, bounds included (the last band has no upper one).
    pub fn employees(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Self::None => 0..=0,
            Self::From1 => 1..=2,
            Self::From3 => 3..=5,
            Self::From6 => 6..=9,
            Self::From10 => 10..=19,
            Self::From20 => 20..=49,
            Self::From50 => 50..=99,
            Self::From100 => 100..=199,
            Self::From200 => 200..=249,
            Self::From250 => 250..=499,
            Self::From500 => 500..=999,
            Self::From1000 => 1000..=1999,
            Self::From2000 => 2000..=4999,
            Self::From5000 => 5000..=9999,
            Self::From10000 => 10000..=u32::MAX,
        }
    }
}

choice!(
    /// A company's legal nature, as far as hiring aids care: who may sign which aided
    /// contract (a PEC needs a non-market employer, the IAE an insertion structure…).
    LegalNature {
        Private = "private": "Entreprise privée",
        Association = "association": "Association",
        Public = "public": "Collectivité ou établissement public",
        Insertion = "insertion": "Structure d'insertion (SIAE)",
        Adapted = "adapted": "Entreprise adaptée ou ESAT",
    }
);

choice!(
    /// How a company contact prefers to be reached.
    ContactChannel {
        Email = "email": "E-mail",
        Phone = "phone": "Téléphone",
        Visit = "visit": "Visite",
        Post = "post": "Courrier",
    }
);

choice!(
    /// How a profile was presented to a company.
    PromotionChannel {
        Email = "email": "E-mail",
        Phone = "phone": "Téléphone",
        Visit = "visit": "Visite en entreprise",
        Event = "event": "Événement (job dating, forum)",
        OnlinePlatform = "online_platform": "Plateforme en ligne",
    }
);

choice!(
    /// Why an employer refused a profile or did not retain the candidate.
    RefusalReason {
        NoVacancy = "no_vacancy": "Pas de poste à pourvoir",
        ProfileMismatch = "profile_mismatch": "Profil ne correspondant pas",
        Experience = "experience": "Expérience insuffisante",
        Availability = "availability": "Disponibilité",
        Distance = "distance": "Distance",
        AlreadyRecruited = "already_recruited": "Recrutement déjà effectué",
        Other = "other": "Autre motif",
    }
);

choice!(
    /// Where a promotion stands, derived from its events.
    PromotionStatus {
        Draft = "draft": "Brouillon",
        Sent = "sent": "Envoyée",
        Reminded = "reminded": "Relancée",
        Interested = "interested": "Employeur intéressé",
        InterviewPlanned = "interview_planned": "Entretien prévu",
        InformationRequested = "information_requested": "Informations demandées",
        Refused = "refused": "Refusée",
        NoAnswer = "no_answer": "Sans réponse",
        Hired = "hired": "Embauche",
        KeptOnFile = "kept_on_file": "Profil conservé",
        NotRetained = "not_retained": "Non retenu",
        Withdrawn = "withdrawn": "Retirée",
    }
);

choice!(
    /// What can happen to a promotion: each event but `note` and `correction` sets a status.
    EventKind {
        Created = "created": "Préparée (brouillon)",
        Sent = "sent": "Envoyée",
        Reminded = "reminded": "Relance",
        Interested = "interested": "Employeur intéressé",
        InterviewPlanned = "interview_planned": "Entretien prévu",
        InformationRequested = "information_requested": "Informations demandées",
        Refused = "refused": "Refus de l'employeur",
        NoAnswer = "no_answer": "Sans réponse",
        Hired = "hired": "Embauche",
        KeptOnFile = "kept_on_file": "Profil conservé",
        NotRetained = "not_retained": "Non retenu",
        Withdrawn = "withdrawn": "Promotion retirée",
        Note = "note": "Note",
        Correction = "correction": "Correction",
    }
);

choice!(
    /// The check-ins a hire schedules (`promotions::checkins`).
    CheckinKind {
        OneMonth = "one_month": "Point à 1 mois",
        TrialEnd = "trial_end": "Point de fin de période d'essai",
        SixMonths = "six_months": "Point à 6 mois",
    }
);

choice!(
    /// Why a person hired is no longer in the job.
    LeftReason {
        TrialByEmployer = "trial_by_employer": "Fin de la période d'essai à l'initiative de l'employeur",
        TrialByEmployee = "trial_by_employee": "Fin de la période d'essai à l'initiative du salarié",
        Other = "other": "Autre motif",
    }
);

/// The commitments the app suggests for companies; any other tag may be typed.
pub const KNOWN_COMMITMENTS: [&str; 4] =
    ["Les entreprises s'engagent", "Employeur inclusif", "Entreprise adaptée", "Charte de la diversité"];

/// Constraints counsellors note most often beyond the `WorkConstraint` choices; any other
/// may be typed.
pub const COMMON_CONSTRAINTS: [&str; 4] = [
    "Pas de port de charges lourdes",
    "Horaires compatibles avec la garde d'enfants",
    "Pas de station debout prolongée",
    "Temps partiel thérapeutique",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for contract in ContractType::ALL {
            assert_eq!(ContractType::from_code(contract.code()), Some(*contract));
            assert_eq!(serde_json::to_value(contract).ok(), Some(serde_json::json!(contract.code())));
        }
        assert_eq!(HeadcountBand::from_code("12").map(HeadcountBand::label), Some("20 à 49 salariés"));
        assert_eq!(DrivingLicence::from_code("X"), None);
        assert_eq!(LegalNature::from_code("insertion"), Some(LegalNature::Insertion));
        assert_eq!(serde_json::to_value(LegalNature::Public).ok(), Some(serde_json::json!("public")));
    }

    #[test]
    fn headcount_bands_follow_each_other_without_gaps() {
        let mut next = 0;
        for band in HeadcountBand::ALL {
            assert_eq!(*band.employees().start(), next, "{}", band.label());
            next = band.employees().end().saturating_add(1);
        }
        assert_eq!(*HeadcountBand::From10000.employees().end(), u32::MAX);
    }
}
