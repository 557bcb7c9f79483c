//! The hiring aids ("aides à l'embauche") an employer could obtain for a candidate, derived
//! from the candidate's eligibility flags. Every rule is one row of `HIRING_AIDS`: its
//! conditions and the one-line description the counsellor and the profile sheet show.
//! Amounts and conditions change with the law: the table says what to check, not a promise.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The publics that open rights to hiring aids (PRODUCT.md §1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Eligibility {
    /// Recognised disabled worker (RQTH).
    pub rqth: bool,
    /// RSA recipient.
    pub rsa: bool,
    pub under_26: bool,
    pub over_50: bool,
    /// Lives in a priority neighbourhood (QPV).
    pub qpv: bool,
    /// Registered as unemployed for 12 months or more.
    pub long_term_unemployed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Public {
    Rqth,
    Rsa,
    Under26,
    Over50,
    Qpv,
    LongTermUnemployed,
}

impl Public {
    pub const ALL: [Public; 6] =
        [Self::Rqth, Self::Rsa, Self::Under26, Self::Over50, Self::Qpv, Self::LongTermUnemployed];

    pub fn label(self) -> &'static str {
        match self {
            Self::Rqth => "RQTH",
            Self::Rsa => "Bénéficiaire du RSA",
            Self::Under26 => "Moins de 26 ans",
            Self::Over50 => "50 ans et plus",
            Self::Qpv => "Résident QPV",
            Self::LongTermUnemployed => "Demandeur d'emploi de longue durée",
        }
    }

    /// The database column of the flag.
    pub fn column(self) -> &'static str {
        match self {
            Self::Rqth => "rqth",
            Self::Rsa => "rsa",
            Self::Under26 => "under_26",
            Self::Over50 => "over_50",
            Self::Qpv => "qpv",
            Self::LongTermUnemployed => "long_term_unemployed",
        }
    }
}

impl Eligibility {
    pub fn has(&self, public: Public) -> bool {
        match public {
            Public::Rqth => self.rqth,
            Public::Rsa => self.rsa,
            Public::Under26 => self.under_26,
            Public::Over50 => self.over_50,
            Public::Qpv => self.qpv,
            Public::LongTermUnemployed => self.long_term_unemployed,
        }
    }
}

/// Who a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Every registered job seeker.
    Everyone,
    /// Anyone belonging to at least one of these publics.
    AnyOf(&'static [Public]),
}

#[derive(Debug, Clone, Copy)]
pub struct AidRule {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub condition: Condition,
}

/// Every aid the app knows, in the order the counsellor sees them (targeted aids first).
pub const HIRING_AIDS: &[AidRule] = &[
    AidRule {
        code: "agefiph_embauche",
        name: "Aides de l'Agefiph",
        description: "Aides de l'Agefiph à l'embauche et à l'adaptation du poste d'une personne handicapée \
                      (contrat d'au moins 6 mois, apprentissage ou professionnalisation compris).",
        condition: Condition::AnyOf(&[Public::Rqth]),
    },
    AidRule {
        code: "oeth",
        name: "Obligation d'emploi (OETH)",
        description: "L'embauche compte dans l'obligation d'emploi de 6 % de travailleurs handicapés \
                      des entreprises de 20 salariés et plus, et réduit leur contribution.",
        condition: Condition::AnyOf(&[Public::Rqth]),
    },
    AidRule {
        code: "emploi_franc",
        name: "Emploi franc",
        description: "Aide de l'État pour l'embauche en CDI ou en CDD d'au moins 6 mois d'un habitant \
                      d'un quartier prioritaire de la politique de la ville (QPV).",
        condition: Condition::AnyOf(&[Public::Qpv]),
    },
    AidRule {
        code: "pec",
        name: "Parcours emploi compétences (PEC)",
        description: "Contrat aidé du secteur non marchand : l'État prend en charge une partie du salaire, \
                      avec un accompagnement et une formation pendant le contrat.",
        condition: Condition::AnyOf(&[
            Public::Rqth,
            Public::Rsa,
            Public::Under26,
            Public::Qpv,
            Public::LongTermUnemployed,
        ]),
    },
    AidRule {
        code: "iae",
        name: "Insertion par l'activité économique (IAE)",
        description: "Embauche possible par une structure d'insertion (entreprise d'insertion, ETTI, \
                      association intermédiaire…) qui reçoit une aide au poste de l'État.",
        condition: Condition::AnyOf(&[Public::Rsa, Public::LongTermUnemployed, Public::Qpv]),
    },
    AidRule {
        code: "apprentissage",
        name: "Aide à l'embauche d'un apprenti",
        description: "Aide de l'État pour la première année d'un contrat d'apprentissage ; \
                      sans limite d'âge pour une personne reconnue travailleur handicapé.",
        condition: Condition::AnyOf(&[Public::Under26, Public::Rqth]),
    },
    AidRule {
        code: "professionnalisation_45",
        name: "Contrat de professionnalisation, 45 ans et plus",
        description: "Aide de France Travail pour l'embauche en contrat de professionnalisation d'un \
                      demandeur d'emploi de 45 ans et plus, cumulable avec l'aide forfaitaire (AFE).",
        condition: Condition::AnyOf(&[Public::Over50]),
    },
    AidRule {
        code: "afe",
        name: "Aide forfaitaire à l'employeur (AFE)",
        description: "Aide de France Travail pour l'embauche en contrat de professionnalisation d'un \
                      demandeur d'emploi de 26 ans et plus.",
        condition: Condition::AnyOf(&[Public::Over50, Public::LongTermUnemployed, Public::Rsa]),
    },
    AidRule {
        code: "afpr_poei",
        name: "AFPR / POEI",
        description: "Formation avant l'embauche financée par France Travail, pour adapter le candidat \
                      au poste proposé (CDI, CDD ou contrat de professionnalisation).",
        condition: Condition::Everyone,
    },
    AidRule {
        code: "pmsmp",
        name: "Immersion professionnelle (PMSMP)",
        description: "Période de mise en situation en milieu professionnel : quelques jours en entreprise \
                      pour se découvrir avant de s'engager, sans coût pour l'employeur.",
        condition: Condition::Everyone,
    },
];

/// One aid as the UI and the profile sheet show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HiringAid {
    pub code: String,
    pub name: String,
    pub description: String,
}

impl Condition {
    pub fn applies_to(self, eligibility: &Eligibility) -> bool {
        match self {
            Self::Everyone => true,
            Self::AnyOf(publics) => publics.iter().any(|&p| eligibility.has(p)),
        }
    }
}

/// The aids an employer could obtain for someone with these flags, targeted ones first.
pub fn aids_for(eligibility: &Eligibility) -> Vec<HiringAid> {
    HIRING_AIDS
        .iter()
        .filter(|rule| rule.condition.applies_to(eligibility))
        .map(|rule| HiringAid {
            code: rule.code.to_owned(),
            name: rule.name.to_owned(),
            description: rule.description.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(eligibility: Eligibility) -> Vec<String> {
        aids_for(&eligibility).into_iter().map(|a| a.code).collect()
    }

    #[test]
    fn without_flags_only_the_aids_for_everyone() {
        assert_eq!(codes(Eligibility::default()), ["afpr_poei", "pmsmp"]);
    }

    #[test]
    fn rqth_opens_the_disability_aids() {
        let aids = codes(Eligibility { rqth: true, ..Default::default() });
        assert_eq!(aids, ["agefiph_embauche", "oeth", "pec", "apprentissage", "afpr_poei", "pmsmp"]);
    }

    #[test]
    fn each_public_opens_its_own_aids() {
        assert!(codes(Eligibility { qpv: true, ..Default::default() }).contains(&"emploi_franc".to_owned()));
        let over_50 = codes(Eligibility { over_50: true, ..Default::default() });
        assert!(over_50.contains(&"professionnalisation_45".to_owned()) && !over_50.contains(&"pec".to_owned()));
        let rsa = codes(Eligibility { rsa: true, ..Default::default() });
        assert!(rsa.contains(&"iae".to_owned()) && !rsa.contains(&"emploi_franc".to_owned()));
    }

    #[test]
    fn every_rule_is_described_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for rule in HIRING_AIDS {
            assert!(seen.insert(rule.code), "duplicate {}", rule.code);
            assert!(rule.description.len() > 40 && rule.description.ends_with('.'), "{}", rule.code);
        }
    }
}
