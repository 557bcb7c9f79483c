//! The hiring aids ("aides à l'embauche"): what some employer could obtain for a person
//! (`aids_for`) and what one company can obtain for them (`aids_for_company`). Every aid is
//! one row of `HIRING_AIDS`: who it is for (the person's publics and age), which employers
//! may get it (size, sector, legal nature), its conditions in French and the day its text
//! was last checked. Amounts and conditions change with the law: the table says what to
//! check, never a promise, and states no amount.
//!
//! The "emploi franc" is no longer a rule: no hire has entered it since 1 January 2025
//! (loi de finances pour 2025), so no employer can obtain it for a new hire.

mod employer;
mod person;

use serde::Serialize;
use ts_rs::TS;

pub use employer::{Employer, Fit, Requirement};

use crate::choices::LegalNature;
pub use person::{Age, Eligibility, OVER_50, Person, Public, UNDER_26, age_on, birthday};

/// What the candidate form shows beside the publics as they are typed: the age read from
/// the birth date on the day, the age publics it gives, and the aids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AidsPreview {
    /// Full years today; `None` without a (valid) birth date.
    pub age: Option<u32>,
    /// The age publics the person belongs to today (`under26`, `over50`).
    pub age_publics: Vec<Public>,
    /// « 24 ans — moins de 26 ans ».
    pub age_text: String,
    pub aids: Vec<HiringAid>,
}

/// The form's preview for `person` (`Person::from_form`).
pub fn preview(person: &Person) -> AidsPreview {
    AidsPreview {
        age: person.age,
        age_publics: person.publics().into_iter().filter(|p| p.age().is_some()).collect(),
        age_text: person.age_text(),
        aids: aids_for(person),
    }
}

/// Who a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Every registered job seeker.
    Everyone,
    /// Anyone belonging to at least one of these publics.
    AnyOf(&'static [Public]),
    /// Aged `years` or more (from the birth date, on the day asked), or in one of these
    /// publics. Without a birth date, no age: the age publics are read from it too.
    AgedAtLeast(u32, &'static [Public]),
    /// Younger than `years`, or in one of these publics (which lift the limit).
    AgedUnder(u32, &'static [Public]),
}

impl Condition {
    pub fn applies_to(self, person: &Person) -> bool {
        let any = |publics: &[Public]| publics.iter().any(|&p| person.has(p));
        match self {
            Self::Everyone => true,
            Self::AnyOf(publics) => any(publics),
            Self::AgedAtLeast(years, publics) => person.age.is_some_and(|age| age >= years) || any(publics),
            Self::AgedUnder(years, publics) => person.age.is_some_and(|age| age < years) || any(publics),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AidRule {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Who it is for.
    pub condition: Condition,
    /// Which employers may get it; empty for any employer.
    pub employer: &'static [Requirement],
    /// Who it is for and which employers, in French, as the counsellor reads them.
    pub conditions: &'static str,
    /// `YYYY-MM-DD`: the day its text and conditions were last checked against the rules in force.
    pub checked_on: &'static str,
}

impl AidRule {
    /// Whether `employer` can get the aid: no if one requirement fails, else what remains to
    /// check, if anything.
    pub fn employer_fit(&self, employer: &Employer<'_>) -> Fit {
        let mut to_check = Vec::new();
        for requirement in self.employer {
            match requirement.fit(employer) {
                Fit::Yes => {}
                Fit::No => return Fit::No,
                Fit::ToCheck(text) => to_check.push(text),
            }
        }
        if to_check.is_empty() { Fit::Yes } else { Fit::ToCheck(to_check.join(" ")) }
    }

    fn aid(&self, to_check: Option<String>) -> HiringAid {
        HiringAid {
            code: self.code.to_owned(),
            name: self.name.to_owned(),
            description: self.description.to_owned(),
            conditions: self.conditions.to_owned(),
            checked_on: self.checked_on.to_owned(),
            to_check,
        }
    }
}

/// The day of the last review of the table.
const REVIEWED: &str = "2026-12-04";

/// Every aid the app knows, in the order the counsellor sees them (targeted aids first).
pub const HIRING_AIDS: &[AidRule] = &[
    AidRule {
        code: "agefiph_embauche",
        name: "Aides de l'Agefiph",
        description: "Aides de l'Agefiph à l'embauche et à l'adaptation du poste d'une personne handicapée \
                      (contrat d'au moins 6 mois, apprentissage ou professionnalisation compris).",
        condition: Condition::AnyOf(&[Public::Rqth]),
        employer: &[Requirement::PrivateLaw],
        conditions: "Personne reconnue travailleur handicapé (RQTH). Employeur de droit privé (entreprise, \
                     association) ; les employeurs publics relèvent du FIPHFP.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "oeth",
        name: "Obligation d'emploi (OETH)",
        description: "L'embauche compte dans l'obligation d'emploi de 6 % de travailleurs handicapés \
                      des entreprises de 20 salariés et plus, et réduit leur contribution.",
        condition: Condition::AnyOf(&[Public::Rqth]),
        employer: &[Requirement::EmployeesAtLeast(20)],
        conditions: "Personne reconnue travailleur handicapé (RQTH). Employeur de 20 salariés et plus, effectif \
                     apprécié pour toute l'entreprise.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "entreprise_adaptee",
        name: "Aide au poste en entreprise adaptée",
        description: "Aide financière de l'État à l'entreprise adaptée pour chaque poste occupé par un travailleur \
                      handicapé éloigné de l'emploi qu'elle recrute et accompagne.",
        condition: Condition::AnyOf(&[Public::Rqth]),
        employer: &[Requirement::Nature(LegalNature::Adapted)],
        conditions: "Personne reconnue travailleur handicapé (RQTH), éloignée de l'emploi, proposée par France \
                     Travail ou Cap emploi ou répondant aux critères fixés par l'État. Employeur : entreprise \
                     adaptée agréée par l'État ; un ESAT n'embauche pas, il accueille sur orientation de la CDAPH.",
        checked_on: REVIEWED,
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
        employer: &[Requirement::NonMarket],
        conditions: "Personne éloignée de l'emploi, sur prescription de France Travail, de Cap emploi ou de la \
                     mission locale. Employeur du secteur non marchand : association, collectivité ou \
                     établissement public. Contrats en nombre limité par l'enveloppe de la région.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "iae",
        name: "Insertion par l'activité économique (IAE)",
        description: "Embauche possible par une structure d'insertion (entreprise d'insertion, ETTI, \
                      association intermédiaire…) qui reçoit une aide au poste de l'État.",
        condition: Condition::AnyOf(&[Public::Rsa, Public::LongTermUnemployed, Public::Qpv]),
        employer: &[Requirement::Nature(LegalNature::Insertion)],
        conditions: "Personne éligible à l'IAE (diagnostic d'un prescripteur habilité : France Travail, mission \
                     locale, Cap emploi…). Employeur : structure d'insertion conventionnée par l'État (entreprise \
                     d'insertion, ETTI, association intermédiaire, atelier et chantier d'insertion).",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "apprentissage",
        name: "Aide à l'embauche d'un apprenti",
        description: "Aide de l'État pour la première année d'un contrat d'apprentissage ; \
                      sans limite d'âge pour une personne reconnue travailleur handicapé.",
        condition: Condition::AgedUnder(30, &[Public::Rqth]),
        employer: &[Requirement::PrivateLaw, Requirement::EmployeesUnder(250)],
        conditions: "Apprenti de 16 à 29 ans révolus au début du contrat, sans limite d'âge pour une personne \
                     reconnue travailleur handicapé. Employeur de moins de 250 salariés, apprenti préparant un \
                     diplôme ou un titre de niveau bac ou inférieur (aide unique) ; toute autre aide dépend d'un \
                     décret de l'année.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "professionnalisation_45",
        name: "Contrat de professionnalisation, 45 ans et plus",
        description: "Aide de France Travail pour l'embauche en contrat de professionnalisation d'un \
                      demandeur d'emploi de 45 ans et plus, cumulable avec l'aide forfaitaire (AFE).",
        condition: Condition::AgedAtLeast(45, &[]),
        employer: &[Requirement::PrivateLaw],
        conditions: "Demandeur d'emploi de 45 ans et plus au début du contrat de professionnalisation. Employeur \
                     privé ou établissement public industriel et commercial, sans licenciement économique sur le \
                     poste dans les 6 mois précédents.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "afe",
        name: "Aide forfaitaire à l'employeur (AFE)",
        description: "Aide de France Travail pour l'embauche en contrat de professionnalisation d'un \
                      demandeur d'emploi de 26 ans et plus.",
        condition: Condition::AgedAtLeast(26, &[]),
        employer: &[Requirement::PrivateLaw],
        conditions: "Demandeur d'emploi de 26 ans et plus, embauché en contrat de professionnalisation. Employeur \
                     privé ou établissement public industriel et commercial.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "afpr_poei",
        name: "AFPR / POEI",
        description: "Formation avant l'embauche financée par France Travail, pour adapter le candidat \
                      au poste proposé (CDI, CDD ou contrat de professionnalisation).",
        condition: Condition::Everyone,
        employer: &[],
        conditions: "Demandeur d'emploi inscrit à France Travail, retenu pour une offre déposée à France Travail \
                     qui demande une formation préalable. Tout employeur.",
        checked_on: REVIEWED,
    },
    AidRule {
        code: "pmsmp",
        name: "Immersion professionnelle (PMSMP)",
        description: "Période de mise en situation en milieu professionnel : quelques jours en entreprise \
                      pour se découvrir avant de s'engager, sans coût pour l'employeur.",
        condition: Condition::Everyone,
        employer: &[],
        conditions: "Personne accompagnée par France Travail, Cap emploi ou une mission locale, sous convention \
                     signée avant l'immersion. Tout employeur : entreprise, association ou employeur public.",
        checked_on: REVIEWED,
    },
];

/// One aid as the UI, the pitch and the profile sheet show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HiringAid {
    pub code: String,
    pub name: String,
    pub description: String,
    /// Who it is for and which employers, in French.
    pub conditions: String,
    /// `YYYY-MM-DD`: the day its text and conditions were last checked.
    pub checked_on: String,
    /// For one company: what its record does not say and the counsellor should check
    /// (« Effectif non renseigné… »); `None` when nothing is left, or no company is given.
    pub to_check: Option<String>,
}

/// The aids some employer could obtain for `person`, targeted ones first: the employers'
/// conditions are not applied (the candidate's page, the profile sheet sent to no one).
pub fn aids_for(person: &Person) -> Vec<HiringAid> {
    HIRING_AIDS.iter().filter(|rule| rule.condition.applies_to(person)).map(|rule| rule.aid(None)).collect()
}

/// The aids `employer` can obtain for `person`: an aid whose employer condition fails is
/// left out, one its record cannot decide is kept with what to check.
pub fn aids_for_company(person: &Person, employer: &Employer<'_>) -> Vec<HiringAid> {
    HIRING_AIDS
        .iter()
        .filter(|rule| rule.condition.applies_to(person))
        .filter_map(|rule| match rule.employer_fit(employer) {
            Fit::Yes => Some(rule.aid(None)),
            Fit::No => None,
            Fit::ToCheck(text) => Some(rule.aid(Some(text))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::choices::HeadcountBand;

    fn flags(eligibility: Eligibility) -> Person {
        Person { eligibility, age: None }
    }

    fn aged(age: u32) -> Person {
        Person { eligibility: Eligibility::default(), age: Some(age) }
    }

    const RQTH: Eligibility = Eligibility { rqth: true, rsa: false, qpv: false, long_term_unemployed: false };
    const RSA: Eligibility = Eligibility { rqth: false, rsa: true, ..RQTH };

    fn employer(
        band: Option<HeadcountBand>,
        naf_code: Option<&'static str>,
        nature: Option<LegalNature>,
    ) -> Employer<'static> {
        Employer { headcount_band: band, naf_code, legal_nature: nature }
    }

    /// A private bakery of `band`.
    fn bakery(band: Option<HeadcountBand>) -> Employer<'static> {
        employer(band, Some("10.71C"), Some(LegalNature::Private))
    }

    fn codes(aids: &[HiringAid]) -> Vec<&str> {
        aids.iter().map(|a| a.code.as_str()).collect()
    }

    fn find<'a>(aids: &'a [HiringAid], code: &str) -> Option<&'a HiringAid> {
        aids.iter().find(|a| a.code == code)
    }

    #[test]
    fn without_flags_nor_age_only_the_aids_for_everyone() {
        assert_eq!(codes(&aids_for(&Person::default())), ["afpr_poei", "pmsmp"]);
    }

    #[test]
    fn rqth_opens_the_disability_aids() {
        assert_eq!(
            codes(&aids_for(&flags(RQTH))),
            ["agefiph_embauche", "oeth", "entreprise_adaptee", "pec", "apprentissage", "afpr_poei", "pmsmp"]
        );
    }

    #[test]
    fn the_obligation_of_employment_starts_at_20_employees() {
        let person = flags(RQTH);
        // 10 to 19 employees: 19 at most, below the threshold.
        let small = aids_for_company(&person, &bakery(Some(HeadcountBand::From10)));
        assert!(find(&small, "oeth").is_none(), "{:?}", codes(&small));
        assert!(find(&small, "agefiph_embauche").is_some());
        for band in [HeadcountBand::From20, HeadcountBand::From250, HeadcountBand::From10000] {
            let aids = aids_for_company(&person, &bakery(Some(band)));
            assert_eq!(find(&aids, "oeth").map(|a| a.to_check.clone()), Some(None), "{}", band.label());
        }
        let unknown = aids_for_company(&person, &bakery(None));
        let oeth = find(&unknown, "oeth").and_then(|a| a.to_check.clone());
        assert_eq!(oeth.as_deref(), Some("Effectif non renseigné : l'aide suppose au moins 20 salariés."));
    }

    #[test]
    fn pec_only_for_the_non_market_sector() {
        let person = flags(RSA);
        let pec = |e: Employer<'static>| find(&aids_for_company(&person, &e), "pec").map(|a| a.to_check.clone());
        assert_eq!(pec(employer(None, Some("94.99Z"), Some(LegalNature::Association))), Some(None));
        assert_eq!(pec(employer(None, None, Some(LegalNature::Association))), Some(None));
        assert_eq!(pec(employer(None, Some("84.11Z"), Some(LegalNature::Public))), Some(None));
        // No legal nature: the NAF code of social work tells, to be confirmed.
        let social = pec(employer(None, Some("88.10A"), None)).flatten().unwrap_or_default();
        assert!(social.contains("88.10A") && social.contains("à confirmer"), "{social}");
        // A private bakery, known as such or by its NAF code, does not get it.
        assert_eq!(pec(bakery(Some(HeadcountBand::From3))), None);
        assert_eq!(pec(employer(None, Some("10.71C"), None)), None);
        assert_eq!(pec(employer(None, Some("88.10A"), Some(LegalNature::Private))), None);
        assert_eq!(pec(employer(None, None, Some(LegalNature::Insertion))), None);
        // Nothing known: kept, with what to ask.
        assert!(pec(Employer::default()).flatten().is_some_and(|t| t.contains("non renseignés")));
    }

    #[test]
    fn iae_only_for_an_insertion_structure() {
        let person = flags(RSA);
        let iae = |nature: Option<LegalNature>| {
            find(&aids_for_company(&person, &employer(None, Some("81.21Z"), nature)), "iae").is_some()
        };
        assert!(iae(Some(LegalNature::Insertion)));
        for other in [LegalNature::Private, LegalNature::Association, LegalNature::Public, LegalNature::Adapted] {
            assert!(!iae(Some(other)), "{}", other.label());
        }
        assert!(!iae(None), "an SIAE is an accreditation: not presumed");
    }

    #[test]
    fn the_adapted_company_aid_only_for_an_adapted_company() {
        let person = flags(RQTH);
        let adapted = aids_for_company(&person, &employer(None, None, Some(LegalNature::Adapted)));
        assert!(find(&adapted, "entreprise_adaptee").is_some());
        assert!(find(&aids_for_company(&person, &bakery(None)), "entreprise_adaptee").is_none());
    }

    #[test]
    fn professionalisation_at_45_follows_the_birth_date() {
        let at_45 = aids_for(&aged(45));
        assert!(find(&at_45, "professionnalisation_45").is_some(), "{:?}", codes(&at_45));
        assert!(find(&at_45, "afe").is_some());
        let at_44 = aids_for(&aged(44));
        assert!(find(&at_44, "professionnalisation_45").is_none() && find(&at_44, "afe").is_some());
        assert!(find(&aids_for(&Person::default()), "professionnalisation_45").is_none(), "no birth date, no age");
        assert!(find(&aids_for(&aged(25)), "afe").is_none());
        // The same through a company: a private bakery can hire in professionalisation.
        let bakery_aids = aids_for_company(&aged(45), &bakery(Some(HeadcountBand::From3)));
        assert!(find(&bakery_aids, "professionnalisation_45").is_some_and(|a| a.to_check.is_none()));
        // A public body only as an EPIC: kept, with what to check.
        let town_hall = aids_for_company(&aged(45), &employer(None, Some("84.11Z"), Some(LegalNature::Public)));
        assert!(find(&town_hall, "professionnalisation_45").is_some_and(|a| a.to_check.is_some()));
    }

    #[test]
    fn ages_from_a_birth_date() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let birth = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(age_on(birth(1981, 12, 4), day), 45, "45 on the birthday");
        assert_eq!(age_on(birth(1981, 12, 5), day), 44, "44 the day before");
        assert_eq!(age_on(birth(2030, 1, 1), day), 0);
        assert_eq!(Person::new(Eligibility::default(), Some(birth(1981, 12, 4)), day).age, Some(45));
        assert_eq!(Person::new(Eligibility::default(), Some(birth(2030, 1, 1)), day).age, None);
        assert_eq!(Person::from_form(RQTH, " 1981-12-04 ", day), Person { eligibility: RQTH, age: Some(45) });
        assert_eq!(Person::from_form(RQTH, "04/12/1981", day).age, None);
        assert_eq!(Person::from_form(RQTH, "", day).age, None);
    }

    #[test]
    fn the_age_publics_follow_the_birthday() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let born = Some(day(2000, 12, 5));
        let on = |today| Person::new(Eligibility::default(), born, today);
        assert!(on(day(2026, 12, 4)).has(Public::Under26), "25 the day before");
        assert!(!on(day(2026, 12, 5)).has(Public::Under26), "26 on the birthday");
        assert_eq!(on(day(2026, 12, 4)).age_text(), "25 ans — moins de 26 ans");
        assert_eq!(on(day(2026, 12, 5)).age_text(), "26 ans");
        let fifty = Person::new(Eligibility::default(), Some(day(1976, 12, 5)), day(2026, 12, 5));
        assert_eq!((fifty.publics(), fifty.age_text().as_str()), (vec![Public::Over50], "50 ans — 50 ans et plus"));
        assert_eq!(Person::new(RQTH, None, day(2026, 1, 1)).publics(), [Public::Rqth], "no birth date, no age public");
        assert!(Person::default().age_text().starts_with("Âge inconnu"));
        // The under-26 aid of someone with no other public: there, then gone.
        assert!(find(&aids_for(&on(day(2026, 12, 4))), "pec").is_some());
        assert!(find(&aids_for(&on(day(2026, 12, 5))), "pec").is_none());
        let preview = preview(&on(day(2026, 12, 4)));
        assert_eq!((preview.age, preview.age_publics), (Some(25), vec![Public::Under26]));
    }

    #[test]
    fn the_birth_date_range_of_an_age_public_agrees_with_the_age() {
        let start = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        // Every birth date of two leap years around, on days either side of 29 February.
        let days = ["2026-02-28", "2026-03-01", "2028-02-28", "2028-02-29", "2028-03-01", "2026-12-04"];
        for today in days.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default()) {
            for public in [Public::Under26, Public::Over50] {
                let bound = public.age().unwrap_or(Age::Under(0));
                let (op, limit) = bound.birth_dates_on(today);
                // Birth dates are in the past (the form checks it).
                for birth in (0..(60 * 366)).map(|n| start + chrono::Duration::days(n)).filter(|b| *b <= today) {
                    let by_range = if op == ">" { birth > limit } else { birth <= limit };
                    assert_eq!(by_range, bound.holds_on(Some(birth), today), "{public:?} {birth} on {today}");
                    let (Age::Under(years) | Age::AtLeast(years)) = bound;
                    let turned = birthday(birth, years).is_some_and(|d| d <= today);
                    assert_eq!(turned, today.years_since(birth).is_some_and(|age| age >= years), "{birth} {years}");
                }
            }
        }
    }

    #[test]
    fn apprenticeship_until_29_in_a_company_under_250() {
        assert!(find(&aids_for(&aged(29)), "apprentissage").is_some());
        assert!(find(&aids_for(&aged(30)), "apprentissage").is_none());
        assert!(find(&aids_for(&Person { eligibility: RQTH, age: Some(40) }), "apprentissage").is_some());
        let in_band = |band| find(&aids_for_company(&aged(20), &bakery(Some(band))), "apprentissage").is_some();
        assert!(in_band(HeadcountBand::From200));
        assert!(!in_band(HeadcountBand::From250));
    }

    #[test]
    fn agefiph_for_private_law_employers() {
        let person = flags(RQTH);
        let agefiph = |e: Employer<'static>| {
            find(&aids_for_company(&person, &e), "agefiph_embauche").map(|a| a.to_check.is_some())
        };
        assert_eq!(agefiph(employer(None, Some("94.99Z"), Some(LegalNature::Association))), Some(false));
        assert_eq!(agefiph(employer(None, Some("84.11Z"), Some(LegalNature::Public))), Some(true), "EPIC only");
        assert_eq!(agefiph(employer(None, Some("84.11Z"), None)), Some(true));
    }

    #[test]
    fn a_company_gets_a_part_of_what_some_employer_could() {
        let people = [flags(RQTH), flags(RSA), aged(45), aged(20), Person::default()];
        let employers = [
            bakery(Some(HeadcountBand::From3)),
            employer(Some(HeadcountBand::From50), Some("88.10A"), None),
            employer(None, None, Some(LegalNature::Insertion)),
            Employer::default(),
        ];
        for person in &people {
            let some = codes(&aids_for(person)).into_iter().map(str::to_owned).collect::<Vec<_>>();
            for e in &employers {
                let aids = aids_for_company(person, e);
                assert!(aids.iter().all(|a| some.contains(&a.code)), "{person:?} {e:?}");
            }
            assert!(aids_for(person).iter().all(|a| a.to_check.is_none()), "no company, nothing to check");
        }
    }

    #[test]
    fn every_rule_is_described_dated_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for rule in HIRING_AIDS {
            assert!(seen.insert(rule.code), "duplicate {}", rule.code);
            assert!(rule.description.len() > 40 && rule.description.ends_with('.'), "{}", rule.code);
            assert!(rule.conditions.len() > 40 && rule.conditions.ends_with('.'), "{}", rule.code);
            let checked = NaiveDate::parse_from_str(rule.checked_on, "%Y-%m-%d");
            assert!(checked.is_ok_and(|d| d.to_string() == rule.checked_on), "{}: {}", rule.code, rule.checked_on);
            assert!(!rule.description.contains('€') && !rule.conditions.contains('€'), "no amount: {}", rule.code);
        }
        let aid = &aids_for(&Person::default())[0];
        assert_eq!((aid.checked_on.as_str(), aid.conditions.is_empty()), (REVIEWED, false));
    }
}
