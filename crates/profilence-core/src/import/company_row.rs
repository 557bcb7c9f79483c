//! What a row says of its company: found by SIRET (or by its name alone when the pool
//! has one of that name), completed with what the file adds, or created with a valid
//! SIRET; and the contact the row names there.

use super::{
    PreviewValue,
    importer::{Change, CompanyPlan, Importer, Problem, RowError, RowValues, optional, refused, reject},
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
    ("postcode", F::CompanyPostcode),
    ("commune", F::CompanyCommune),
    ("contacts", F::ContactName),
];

impl Importer<'_> {
    pub(super) fn company(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(CompanyPlan, Change), RowError> {
        let name = v.text(F::CompanyName);
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
        let postcode = optional(v, F::CompanyPostcode, doubts, values::postcode, "Code postal invalide : non repris.");
        let commune_text = v.text(F::CompanyCommune);
        let place = self.commune(postcode.as_deref(), &commune_text)?;
        let contact = self.contact(v, doubts);
        if let Some(contact) = &contact {
            preview.push(PreviewValue { field: F::ContactName, value: contact.name.clone() });
        }
        let print = v.fingerprint(mapping::Entity::Company);
        if let Some(id) = existing
            && let Some((_, contact_id)) = self.seen.get(&(true, id)).filter(|(p, _)| *p == print)
        {
            self.counts.companies_unchanged += 1;
            return Ok((CompanyPlan::Known { id, contact: *contact_id, print: None }, Change::Unchanged));
        }
        match existing {
            Some(id) => {
                let current = companies::get(self.conn, id)?;
                let mut input = company_input_of(&current);
                let mut changed = false;
                if current.postcode.is_none() && postcode.is_some() {
                    input.postcode = postcode.clone().unwrap_or_default();
                    input.commune = place.as_ref().map(|(_, n)| n.clone()).unwrap_or(commune_text.clone());
                    input.commune_code = place.as_ref().map(|(c, _)| c.clone()).unwrap_or_default();
                    changed = true;
                } else if current.commune.is_none() && !commune_text.is_empty() {
                    input.commune = commune_text.clone();
                    changed = true;
                }
                if let Some(new) = &contact {
                    match input.contacts.iter_mut().find(|c| fold(&c.name) == fold(&new.name)) {
                        Some(known) => {
                            if known.email.is_empty() && !new.email.is_empty() {
                                known.email = new.email.clone();
                                changed = true;
                            }
                            if known.phone.is_empty() && !new.phone.is_empty() {
                                known.phone = new.phone.clone();
                                changed = true;
                            }
                        }
                        None => {
                            input.contacts.push(new.clone());
                            changed = true;
                        }
                    }
                }
                if !changed {
                    self.counts.companies_unchanged += 1;
                    let contact = self.contact_id(id, contact.as_ref())?;
                    return Ok((CompanyPlan::Known { id, contact, print: Some(print) }, Change::Unchanged));
                }
                let valid = companies::validate(self.conn, &input, Some(id))
                    .map_err(|e| refused(e, COMPANY_FIELDS, &|f| v.text(f)))?;
                self.counts.companies_updated += 1;
                Ok((CompanyPlan::Rewrite { id, valid: Box::new(valid), contact, print }, Change::Updated))
            }
            None => {
                let Some(siret) = siret else {
                    return Err(reject(Some(F::CompanyName), "", "Nom de l'entreprise manquant."));
                };
                if name.is_empty() {
                    let reason = if v.cells.iter().any(|(f, _)| *f == F::CompanyName) {
                        "Nom de l'entreprise manquant : il faut un nom pour la créer."
                    } else {
                        "Aucune colonne ne donne le nom de l'entreprise : associez-en une au champ « Entreprise » \
                         dans la correspondance des colonnes."
                    };
                    return Err(reject(Some(F::Siret), siret, reason));
                }
                let input = CompanyInput {
                    name,
                    siret,
                    postcode: postcode.unwrap_or_default(),
                    commune: place.as_ref().map(|(_, n)| n.clone()).unwrap_or(commune_text),
                    commune_code: place.map(|(c, _)| c).unwrap_or_default(),
                    contacts: contact.clone().into_iter().collect(),
                    ..CompanyInput::default()
                };
                let valid = companies::validate(self.conn, &input, None)
                    .map_err(|e| refused(e, COMPANY_FIELDS, &|f| v.text(f)))?;
                self.counts.companies_created += 1;
                Ok((CompanyPlan::Create { valid: Box::new(valid), contact, print }, Change::Created))
            }
        }
    }

    fn contact(&self, v: &RowValues<'_>, doubts: &mut Vec<Problem>) -> Option<ContactInput> {
        let name = v.text(F::ContactName);
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
    }
}
