//! What a row says of a company beyond its name and SIRET: its NAF code, headcount band,
//! legal nature, address and where it is — placed on the referential's commune (by INSEE
//! code, postcode or, in a company list, name), which gives it the coordinates targeting
//! measures distances from.

use super::{
    PreviewValue,
    importer::{Importer, Problem, RowError, RowValues, optional, reject, unreadable},
    register::{self, BandRead},
    values,
};
use crate::choices::{HeadcountBand, LegalNature};

use super::mapping::ImportField as F;

/// Where a row places its company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Place {
    /// Empty when the row gives none.
    pub(super) postcode: String,
    /// The referential's name when placed, else as written.
    pub(super) commune: String,
    /// The INSEE code when placed on the referential, else empty.
    pub(super) code: String,
}

impl Place {
    pub(super) fn placed(&self) -> bool {
        !self.code.is_empty()
    }
}

/// A company's facts as a row gives them (`None`: the row says nothing of it).
pub(super) struct Facts {
    pub(super) naf: Option<String>,
    pub(super) band: Option<HeadcountBand>,
    pub(super) legal_nature: Option<LegalNature>,
    pub(super) address: Option<String>,
    pub(super) place: Option<Place>,
}

impl Importer<'_> {
    /// Reads the row's company facts; an unknown NAF code rejects a company list's row (a
    /// tracker's keeps going without it), other unreadable values are left out and said.
    pub(super) fn company_facts(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<Facts, RowError> {
        let naf = self.naf(v, doubts)?;
        let band = match (v.get(F::HeadcountBand), v.get(F::Headcount)) {
            (Some(value), _) => Some((F::HeadcountBand, register::headcount_band(value), value)),
            (None, Some(value)) => Some((F::Headcount, register::headcount(value), value)),
            (None, None) => None,
        };
        let band = match band {
            None | Some((_, BandRead::NoBand, _)) => None,
            Some((_, BandRead::Band(band), _)) => Some(band),
            Some((field, BandRead::Unreadable, value)) => {
                doubts.push(Problem::new(
                    Some(field),
                    values::text(value),
                    unreadable(
                        value,
                        "Tranche d'effectif illisible (un code INSEE de 00 à 53, « 10 à 19 salariés » ou un effectif) : \
                         non reprise.",
                    ),
                ));
                None
            }
        };
        let category = v.text(F::LegalCategory);
        let legal_nature = register::legal_nature(&category);
        let is_code = category.len() == 4 && category.bytes().all(|b| b.is_ascii_digit());
        if legal_nature.is_none() && !category.is_empty() && !is_code {
            doubts.push(Problem::new(
                Some(F::LegalCategory),
                category,
                "Catégorie juridique non reconnue : la nature juridique n'est pas reprise.",
            ));
        }
        let parts: Vec<String> = v
            .cells
            .iter()
            .filter(|(f, c)| *f == F::CompanyAddress && !c.is_empty())
            .map(|(_, c)| values::text(c))
            .collect();
        let address = parts.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        let address = (!address.is_empty()).then_some(address);
        let place = self.company_place(v, doubts)?;
        for (field, value) in [
            (F::NafCode, naf.clone()),
            (F::HeadcountBand, band.map(|b| b.label().to_owned())),
            (F::LegalCategory, legal_nature.map(|n| n.label().to_owned())),
            (F::CompanyAddress, address.clone()),
            (F::CompanyCommune, place.as_ref().map(|p| format!("{} {}", p.postcode, p.commune).trim().to_owned())),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                preview.push(PreviewValue { field, value });
            }
        }
        Ok(Facts { naf, band, legal_nature, address, place })
    }

    /// The row's NAF code, as stored (`10.71C`), checked against the referential.
    fn naf(&mut self, v: &RowValues<'_>, doubts: &mut Vec<Problem>) -> Result<Option<String>, RowError> {
        let Some(value) = v.get(F::NafCode) else { return Ok(None) };
        let text = values::text(value);
        let reason = match register::naf_code(value) {
            None => unreadable(value, "Code NAF illisible : attendu un code comme 10.71C ou 1071C."),
            Some(code) => match self.naf_known(&code)? {
                Some(false) => {
                    format!("Code NAF « {code} » inconnu de la nomenclature NAF : vérifiez-le (ex. 10.71C).")
                }
                _ => return Ok(Some(code)),
            },
        };
        if self.company_list {
            return Err(reject(Some(F::NafCode), text, reason));
        }
        doubts.push(Problem::new(Some(F::NafCode), text, format!("{reason} Non repris.")));
        Ok(None)
    }

    /// Where the row places its company: on the referential's commune of its INSEE code,
    /// of its postcode (and name, when the postcode has several) or, in a company list,
    /// of its name alone; else as written, without coordinates.
    pub(super) fn company_place(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
    ) -> Result<Option<Place>, RowError> {
        let postcode = optional(v, F::CompanyPostcode, doubts, values::postcode, "Code postal invalide : non repris.");
        let mut commune = v.text(F::CompanyCommune);
        let mut code = None;
        if let Some(value) = v.get(F::CompanyCommuneCode) {
            code = register::insee_code(&values::text(value));
            if code.is_none() {
                doubts.push(Problem::new(
                    Some(F::CompanyCommuneCode),
                    values::text(value),
                    "Code commune INSEE invalide (5 caractères, comme 69383 ou 2A004) : non repris.",
                ));
            }
        }
        // Some exports name the commune by its INSEE code.
        if code.is_none()
            && let Some(insee) = register::insee_code(&commune)
        {
            code = Some(insee);
            commune.clear();
        }
        if postcode.is_none() && commune.is_empty() && code.is_none() {
            return Ok(None);
        }
        if let Some(insee) = &code {
            if let Some((code, postcode, commune)) = self.commune_by_code(insee, postcode.as_deref(), &commune)? {
                return Ok(Some(Place { postcode, commune, code }));
            }
            if self.company_list && self.communes_loaded()? {
                doubts.push(Problem::new(
                    Some(F::CompanyCommuneCode),
                    insee.clone(),
                    "Code commune INSEE inconnu du référentiel des communes.",
                ));
            }
        }
        if let Some(postcode) = &postcode {
            if let Some((code, name)) = self.commune(Some(postcode), &commune)? {
                return Ok(Some(Place { postcode: postcode.clone(), commune: name, code }));
            }
        } else if self.company_list && !commune.is_empty() {
            let named = self.communes_named(&commune)?.to_vec();
            let mut codes: Vec<&str> = named.iter().map(|(c, ..)| c.as_str()).collect();
            codes.dedup();
            match (codes.len(), named.first()) {
                (1, Some((code, postcode, name))) => {
                    if named.len() > 1 {
                        doubts.push(Problem::new(
                            Some(F::CompanyCommune),
                            commune.clone(),
                            format!(
                                "Commune sans code postal : placée à {name} ({postcode}), le premier de ses codes \
                                 postaux. Vérifiez-le."
                            ),
                        ));
                    }
                    return Ok(Some(Place { postcode: postcode.clone(), commune: name.clone(), code: code.clone() }));
                }
                (0, _) => {}
                _ => {
                    doubts.push(Problem::new(
                        Some(F::CompanyCommune),
                        commune.clone(),
                        "Plusieurs communes portent ce nom : indiquez le code postal pour situer l'entreprise.",
                    ));
                    return Ok(Some(Place { postcode: String::new(), commune, code: String::new() }));
                }
            }
        }
        let written = postcode.is_some() || !commune.is_empty();
        if self.company_list && written && self.communes_loaded()? {
            let field = if commune.is_empty() { F::CompanyPostcode } else { F::CompanyCommune };
            let value = format!("{} {commune}", postcode.clone().unwrap_or_default()).trim().to_owned();
            doubts.push(Problem::new(
                Some(field),
                value,
                "Commune introuvable dans le référentiel des communes : l'entreprise est enregistrée sans \
                 coordonnées et ne sera pas trouvée par distance.",
            ));
        }
        Ok(Some(Place { postcode: postcode.unwrap_or_default(), commune, code: String::new() }))
    }
}
