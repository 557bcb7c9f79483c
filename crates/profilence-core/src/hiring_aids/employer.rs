//! Who an employer is for the aids: its size, sector and legal nature, and what each rule
//! asks of it (`Requirement::fit`: yes, no, or what to check with the employer).

use crate::choices::{HeadcountBand, LegalNature};

/// A company as the aids weigh it; `None` for what its record does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Employer<'a> {
    pub headcount_band: Option<HeadcountBand>,
    /// NAF sub-class as companies store it (`10.71C`).
    pub naf_code: Option<&'a str>,
    pub legal_nature: Option<LegalNature>,
}

/// What an employer must be for an aid; every requirement of a rule must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// At least this many employees.
    EmployeesAtLeast(u32),
    /// Fewer than this many employees.
    EmployeesUnder(u32),
    /// The non-market sector: an association or a public body. Without a legal nature, the
    /// NAF division tells (`NON_MARKET_DIVISIONS`), to be confirmed.
    NonMarket,
    /// An employer under private law (company, association, SIAE, adapted company); a
    /// public body only when it employs under private law (an EPIC).
    PrivateLaw,
    /// Exactly this legal nature: an accreditation by the State (SIAE, adapted company) that
    /// the counsellor records. Not presumed: a company whose nature is unknown is not one.
    Nature(LegalNature),
}

/// NAF divisions of the non-market sector: public administration (84), education (85),
/// health and social work (86 to 88), culture (91) and associations (94).
const NON_MARKET_DIVISIONS: [&str; 7] = ["84", "85", "86", "87", "88", "91", "94"];
/// The NAF division of public administration.
const PUBLIC_ADMINISTRATION: &str = "84";

fn division(naf_code: &str) -> &str {
    naf_code.get(..2).unwrap_or(naf_code)
}

/// Whether an employer can get an aid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    Yes,
    No,
    /// Possibly: what its record does not say, to check with the employer, in French.
    ToCheck(String),
}

impl Requirement {
    pub fn fit(self, employer: &Employer<'_>) -> Fit {
        match self {
            Self::EmployeesAtLeast(n) => match employer.headcount_band.map(HeadcountBand::employees) {
                None => Fit::ToCheck(format!("Effectif non renseigné : l'aide suppose au moins {n} salariés.")),
                Some(range) if *range.start() >= n => Fit::Yes,
                Some(range) if *range.end() < n => Fit::No,
                Some(_) => Fit::ToCheck(format!("Effectif à préciser : l'aide suppose au moins {n} salariés.")),
            },
            Self::EmployeesUnder(n) => match employer.headcount_band.map(HeadcountBand::employees) {
                None => Fit::ToCheck(format!("Effectif non renseigné : l'aide suppose moins de {n} salariés.")),
                Some(range) if *range.end() < n => Fit::Yes,
                Some(range) if *range.start() >= n => Fit::No,
                Some(_) => Fit::ToCheck(format!("Effectif à préciser : l'aide suppose moins de {n} salariés.")),
            },
            Self::NonMarket => match (employer.legal_nature, employer.naf_code) {
                (Some(LegalNature::Association | LegalNature::Public), _) => Fit::Yes,
                (Some(_), _) => Fit::No,
                (None, Some(naf)) if NON_MARKET_DIVISIONS.contains(&division(naf)) => Fit::ToCheck(format!(
                    "Nature juridique non renseignée : le code NAF {naf} est du secteur non marchand, à confirmer \
                     (association ou organisme public)."
                )),
                (None, Some(_)) => Fit::No,
                (None, None) => Fit::ToCheck(
                    "Nature juridique et code NAF non renseignés : réservé aux associations et aux organismes publics."
                        .to_owned(),
                ),
            },
            Self::PrivateLaw => match (employer.legal_nature, employer.naf_code) {
                (Some(LegalNature::Public), _) => Fit::ToCheck(
                    "Employeur public : seul un établissement public qui emploie sous contrat de droit privé (EPIC) \
                     y a droit."
                        .to_owned(),
                ),
                (None, Some(naf)) if division(naf) == PUBLIC_ADMINISTRATION => Fit::ToCheck(format!(
                    "Nature juridique non renseignée et code NAF {naf} d'administration publique : seul un \
                     établissement public qui emploie sous contrat de droit privé (EPIC) y a droit."
                )),
                _ => Fit::Yes,
            },
            Self::Nature(nature) => {
                if employer.legal_nature == Some(nature) {
                    Fit::Yes
                } else {
                    Fit::No
                }
            }
        }
    }
}
