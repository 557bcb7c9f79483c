//! What a row says of its company: found by SIRET (or by its name alone when the pool
//! has one of that name), completed with what the file adds — or, from a company list,
//! brought up to date with the register's facts —, or created with a valid SIRET; and the
//! contact the row names there.

use super::{
    PreviewValue,
    company_facts::Facts,
    importer::{CompanyPlan, Importer, Problem, RowError, RowValues, optional, refused, reject},
    mapping,
    values::{self, SiretRead},
};
use crate::{
    Result,
    companies::{self, Company, CompanyInput, ContactInput},
    text::fold,
};

use super::mapping::ImportField as F;

const COMPANY_FIELDS: &[(&str, super::mapping::ImportField)] = &[
    ("name", F::CompanyName),
    ("siret", F::Siret),
    ("nafCode", F::NafCode),
    ("address", F::CompanyAddress),
    ("postcode", F::CompanyPostcode),
    ("commune", F::CompanyCommune),
    ("contacts", F::ContactName),
    ("legalNature", F::LegalCategory),
];

impl Importer<'_> {
    /// What the row does to its company, and says so (« Entreprise mise à jour (code NAF) »).
    pub(super) fn company(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(CompanyPlan, String), RowError> {
        // The sign the counsellor knows the establishment by, else its legal name.
        let name = match v.text(F::TradeName) {
            trade if trade.is_empty() => v.text(F::CompanyName),
            trade => trade,
        };
        let siret = match v.get(F::Siret) {
            None => None,
            Some(value) => match values::siret(value) {
                SiretRead::Valid(siret) => Some(siret),
                SiretRead::Scientific(text) => {
                    return Err(reject(
                        Some(F::Siret),
                        text,
                        "SIRET en notation scientifique : le tableur a perdu des chiffres. Mettez la colonne au format \
                         texte et retapez le SIRET.",
                    ));
                }
                SiretRead::Invalid(message) => return Err(reject(Some(F::Siret), values::text(value), message)),
            },
        };
        preview.push(PreviewValue { field: F::CompanyName, value: name.clone() });
        if let Some(siret) = &siret {
            preview.push(PreviewValue { field: F::Siret, value: siret.clone() });
        }
        let existing = match &siret {
            Some(siret) => match self.sirets.get(siret) {
                Some(id) => Some(*id),
                None => {
                    let found = companies::find_by_siret(self.conn, siret)?.map(|(id, _)| id);
                    if let Some(id) = found {
                        self.sirets.insert(siret.clone(), id);
                    }
                    found
                }
            },
            None if name.is_empty() => None,
            None => {
                let ids: Vec<i64> = self
                    .conn
                    .prepare_cached("SELECT id FROM companies WHERE sort_name = fold(?1) LIMIT 2")?
                    .query_map([&name], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                match ids.as_slice() {
                    [id] => Some(*id),
                    [] => {
                        return Err(reject(
                            Some(F::Siret),
                            name,
                            "SIRET manquant : cette entreprise n'est pas encore dans Profilence, indiquez son SIRET \
                             (14 chiffres) pour la créer.",
                        ));
                    }
                    _ => {
                        return Err(reject(
                            Some(F::CompanyName),
                            name,
                            "Plusieurs entreprises portent ce nom : indiquez le SIRET pour choisir l'établissement.",
                        ));
                    }
                }
            }
        };
        let facts = self.company_facts(v, doubts, preview)?;
        let contact = self.contact(v, doubts);
        if let Some(contact) = &contact {
            preview.push(PreviewValue { field: F::ContactName, value: contact.name.clone() });
        }
        let print = v.fingerprint(mapping::Entity::Company);
        if let Some(id) = existing
            && let Some((_, contact_id)) = self.seen.get(&(true, id)).filter(|(p, _)| *p == print)
        {
            self.counts.companies_unchanged += 1;
            let plan = CompanyPlan::Known { id, contact: *contact_id, print: None };
            return Ok((plan, "Entreprise déjà enregistrée".to_owned()));
        }
        match existing {
            Some(id) => {
                let current = companies::get(self.conn, id)?;
                let mut input = company_input_of(&current);
                let mut changed = self.bring_up_to_date(&mut input, &facts);
                if let Some(new) = &contact {
                    match input.contacts.iter_mut().find(|c| fold(&c.name) == fold(&new.name)) {
                        Some(known) => {
                            if known.email.is_empty() && !new.email.is_empty() {
                                known.email = new.email.clone();
                                changed.push("interlocuteur");
                            }
                            if known.phone.is_empty() && !new.phone.is_empty() {
                                known.phone = new.phone.clone();
                                changed.push("interlocuteur");
                            }
                        }
                        None => {
                            input.contacts.push(new.clone());
                            changed.push("interlocuteur");
                        }
                    }
                }
                if changed.is_empty() {
                    self.counts.companies_unchanged += 1;
                    let contact = self.contact_id(id, contact.as_ref())?;
                    let plan = CompanyPlan::Known { id, contact, print: Some(print) };
                    return Ok((plan, "Entreprise déjà enregistrée".to_owned()));
                }
                let valid = companies::validate(self.conn, &input, Some(id))
                    .map_err(|e| refused(e, COMPANY_FIELDS, &|f| v.text(f)))?;
                self.counts.companies_updated += 1;
                changed.dedup();
                let said = match self.company_list {
                    true => format!("Entreprise mise à jour ({})", changed.join(", ")),
                    false => "Entreprise mise à jour".to_owned(),
                };
                Ok((CompanyPlan::Rewrite { id, valid: Box::new(valid), contact, print }, said))
            }
            None => {
                let Some(siret) = siret else {
                    return Err(reject(Some(F::CompanyName), "", "Nom de l'entreprise manquant."));
                };
                if name.is_empty() {
                    let reason = if v.cells.iter().any(|(f, _)| matches!(f, F::CompanyName | F::TradeName)) {
                        "Nom de l'entreprise manquant : il faut un nom pour la créer."
                    } else {
                        "Aucune colonne ne donne le nom de l'entreprise : associez-en une au champ « Entreprise » \
                         dans la correspondance des colonnes."
                    };
                    return Err(reject(Some(F::Siret), siret, reason));
                }
                let place = facts.place.unwrap_or(super::company_facts::Place {
                    postcode: String::new(),
                    commune: String::new(),
                    code: String::new(),
                });
                let input = CompanyInput {
                    name,
                    siret,
                    naf_code: facts.naf.unwrap_or_default(),
                    headcount_band: facts.band,
                    legal_nature: facts.legal_nature,
                    address: facts.address.unwrap_or_default(),
                    postcode: place.postcode,
                    commune: place.commune,
                    commune_code: place.code,
                    contacts: contact.clone().into_iter().collect(),
                    ..CompanyInput::default()
                };
                let valid = companies::validate(self.conn, &input, None)
                    .map_err(|e| refused(e, COMPANY_FIELDS, &|f| v.text(f)))?;
                self.counts.companies_created += 1;
                Ok((CompanyPlan::Create { valid: Box::new(valid), contact, print }, "Entreprise créée".to_owned()))
            }
        }
    }

    /// Writes the row's facts into a stored company's form and says what changed. A
    /// company list brings the register's facts up to date; a tracker only fills what is
    /// blank. A blank cell never erases, and a commune not found in the referential never
    /// replaces one that is.
    fn bring_up_to_date(&self, input: &mut CompanyInput, facts: &Facts) -> Vec<&'static str> {
        let replace = self.company_list;
        let mut changed = Vec::new();
        if let Some(naf) = &facts.naf
            && input.naf_code != *naf
            && (replace || input.naf_code.is_empty())
        {
            input.naf_code = naf.clone();
            changed.push("code NAF");
        }
        if let Some(band) = facts.band
            && input.headcount_band != Some(band)
            && (replace || input.headcount_band.is_none())
        {
            input.headcount_band = Some(band);
            changed.push("effectif");
        }
        if let Some(nature) = facts.legal_nature
            && input.legal_nature != Some(nature)
            && (replace || input.legal_nature.is_none())
        {
            input.legal_nature = Some(nature);
            changed.push("nature juridique");
        }
        if let Some(address) = &facts.address
            && input.address != *address
            && (replace || input.address.is_empty())
        {
            input.address = address.clone();
            changed.push("adresse");
        }
        if let Some(place) = &facts.place {
            let moved = place.postcode != input.postcode || place.code != input.commune_code;
            let placed_elsewhere = replace && place.placed() && moved;
            if placed_elsewhere || (input.postcode.is_empty() && !place.postcode.is_empty()) {
                input.postcode = place.postcode.clone();
                input.commune = place.commune.clone();
                input.commune_code = place.code.clone();
                changed.push("commune");
            } else if input.commune.is_empty() && !place.commune.is_empty() {
                input.commune = place.commune.clone();
                changed.push("commune");
            }
        }
        changed
    }

    fn contact(&self, v: &RowValues<'_>, doubts: &mut Vec<Problem>) -> Option<ContactInput> {
        let name = [v.text(F::ContactFirstName), v.text(F::ContactName)].join(" ").trim().to_owned();
        if name.is_empty() {
            return None;
        }
        let email = optional(v, F::ContactEmail, doubts, values::email, "Adresse e-mail invalide : non reprise.");
        let phone = optional(v, F::ContactPhone, doubts, values::phone, "Numéro de téléphone illisible : non repris.");
        let (email, phone) = (email.unwrap_or_default(), phone.unwrap_or_default());
        Some(ContactInput { id: None, name, role: String::new(), email, phone, preferred_channel: None })
    }

    pub(super) fn contact_id(&self, company: i64, contact: Option<&ContactInput>) -> Result<Option<i64>> {
        let Some(contact) = contact else { return Ok(None) };
        let contacts: Vec<(i64, String)> = self
            .conn
            .prepare_cached("SELECT id, name FROM company_contacts WHERE company_id = ?1")?
            .query_map([company], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(contacts.into_iter().find(|(_, name)| fold(name) == fold(&contact.name)).map(|(id, _)| id))
    }
}

/// The form of a stored company, to update it with what a file adds.
fn company_input_of(c: &Company) -> CompanyInput {
    CompanyInput {
        name: c.name.clone(),
        siret: c.siret.clone(),
        naf_code: c.naf_code.clone().unwrap_or_default(),
        headcount_band: c.headcount_band,
        legal_nature: c.legal_nature,
        address: c.address.clone().unwrap_or_default(),
        postcode: c.postcode.clone().unwrap_or_default(),
        commune: c.commune.clone().unwrap_or_default(),
        commune_code: c.commune_code.clone().unwrap_or_default(),
        contacts: c
            .contacts
            .iter()
            .map(|k| ContactInput {
                id: Some(k.id),
                name: k.name.clone(),
                role: k.role.clone(),
                email: k.email.clone().unwrap_or_default(),
                phone: k.phone.clone().unwrap_or_default(),
                preferred_channel: k.preferred_channel,
            })
            .collect(),
        hiring_potential: c.hiring_potential.map(|p| p.to_string()).unwrap_or_default(),
        commitments: c.commitments.clone(),
        max_contacts_per_month: c.max_contacts_per_month.map(|m| m.to_string()).unwrap_or_default(),
        notes: c.notes.clone(),
        referent: c.referent.clone(),
        version: None,
    }
}
