//! Which column holds which field: recognised from French and English headers and their
//! usual abbreviations, corrected by the counsellor in the preview, and remembered for
//! the next file with the same headers.

use crate::store::Conn;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Result, text::fold};

mod synonyms;

use synonyms::{COMPANY_LIST, CONTAINS, SYNONYMS};

macro_rules! fields {
    ($($variant:ident = $code:literal : $entity:ident : $label:literal),+ $(,)?) => {
        /// A field of Profilence a tracker column can fill.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum ImportField {
            $(#[serde(rename = $code)] $variant),+
        }

        impl ImportField {
            pub const ALL: &'static [ImportField] = &[$(Self::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            /// The field's name in the UI and the report.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }

            pub fn entity(self) -> Entity {
                match self { $(Self::$variant => Entity::$entity),+ }
            }
        }
    };
}

fields!(
    LastName = "lastName": Candidate: "Nom du candidat",
    FirstName = "firstName": Candidate: "Prénom",
    FullName = "fullName": Candidate: "Nom et prénom",
    BirthDate = "birthDate": Candidate: "Date de naissance",
    Email = "email": Candidate: "E-mail du candidat",
    Phone = "phone": Candidate: "Téléphone du candidat",
    FranceTravailId = "franceTravailId": Candidate: "Identifiant France Travail",
    Postcode = "postcode": Candidate: "Code postal du candidat",
    Commune = "commune": Candidate: "Commune du candidat",
    TargetJob = "targetJob": Candidate: "Métier visé",
    ConsentDate = "consentDate": Candidate: "Date du consentement",
    ConsentChannel = "consentChannel": Candidate: "Mode de recueil du consentement",
    ConsentExpiry = "consentExpiry": Candidate: "Fin du consentement",
    Counsellor = "counsellor": Candidate: "Conseiller",
    CompanyName = "companyName": Company: "Entreprise",
    TradeName = "tradeName": Company: "Enseigne",
    Siret = "siret": Company: "SIRET",
    NafCode = "nafCode": Company: "Code NAF (APE)",
    HeadcountBand = "headcountBand": Company: "Tranche d'effectif salarié",
    Headcount = "headcount": Company: "Effectif (nombre de salariés)",
    LegalCategory = "legalCategory": Company: "Catégorie juridique",
    CompanyAddress = "companyAddress": Company: "Adresse de l'entreprise",
    CompanyPostcode = "companyPostcode": Company: "Code postal de l'entreprise",
    CompanyCommune = "companyCommune": Company: "Commune de l'entreprise",
    CompanyCommuneCode = "companyCommuneCode": Company: "Code commune INSEE de l'entreprise",
    ContactName = "contactName": Company: "Interlocuteur",
    ContactFirstName = "contactFirstName": Company: "Prénom de l'interlocuteur",
    ContactEmail = "contactEmail": Company: "E-mail de l'interlocuteur",
    ContactPhone = "contactPhone": Company: "Téléphone de l'interlocuteur",
    PromotionDate = "promotionDate": Promotion: "Date de la promotion",
    Channel = "channel": Promotion: "Canal",
    Status = "status": Promotion: "Retour / suite donnée",
    StatusDate = "statusDate": Promotion: "Date du retour",
    JobOfferRef = "jobOfferRef": Promotion: "Offre d'emploi",
    Comment = "comment": Promotion: "Commentaire",
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Candidate,
    Company,
    Promotion,
}

/// A header folded for comparison: lower case, no accents, single spaces, no trailing
/// punctuation ("N° DE :" → "n° de").
pub fn normalise_header(header: &str) -> String {
    let folded = fold(header);
    let spaced: Vec<&str> = folded.split_whitespace().collect();
    spaced.join(" ").trim_end_matches([':', '.', '*', ' ']).to_owned()
}

/// The field a header names, if any.
pub fn recognise(header: &str) -> Option<ImportField> {
    let h = normalise_header(header);
    if h.is_empty() {
        return None;
    }
    if let Some((field, _)) = SYNONYMS.iter().find(|(_, names)| names.contains(&h.as_str())) {
        return Some(*field);
    }
    if names_nothing(&h) {
        return None;
    }
    // "Date de retour employeur" is a date, not a status.
    if h.starts_with("date") {
        if h.contains("naissance") {
            return Some(ImportField::BirthDate);
        }
        if h.contains("retour") || h.contains("reponse") {
            return Some(ImportField::StatusDate);
        }
        if h.contains("consent") || h.contains("accord") {
            return Some(ImportField::ConsentDate);
        }
        return Some(ImportField::PromotionDate);
    }
    if let Some(field) = company_person(&h) {
        return Some(field);
    }
    CONTAINS.iter().find(|(word, _)| h.contains(word)).map(|(_, field)| *field)
}

/// Headers of the company registers that hold nothing to import: a label beside its
/// code ("Libellé NAF"), the establishment's dates ("Date de création").
fn names_nothing(h: &str) -> bool {
    let label_of_a_code = (h.starts_with("libelle") || h.starts_with("intitule"))
        && ["naf", "ape", "activite", "juridique", "effectif", "tranche"].iter().any(|w| h.contains(w));
    let register_date = h.starts_with("date")
        && ["creation", "fermeture", "traitement", "mise a jour", "maj", "radiation", "immatriculation"]
            .iter()
            .any(|w| h.contains(w));
    label_of_a_code || register_date
}

/// A header naming the company's person ("Prénom du dirigeant", "Mail contact RH"):
/// their name, first name, e-mail or phone, never the candidate's.
fn company_person(h: &str) -> Option<ImportField> {
    let words = ["dirigeant", "gerant", "contact", "interlocuteur", "responsable", "recruteur"];
    if !words.iter().any(|w| h.contains(w)) {
        return None;
    }
    Some(if h.contains("prenom") {
        ImportField::ContactFirstName
    } else if h.contains("mail") || h.contains("courriel") {
        ImportField::ContactEmail
    } else if h.contains("tel") || h.contains("portable") || h.contains("mobile") {
        ImportField::ContactPhone
    } else if h.contains("nom")
        && !["entreprise", "societe", "employeur", "etablissement"].iter().any(|w| h.contains(w))
    {
        ImportField::ContactName
    } else {
        return None;
    })
}

/// A header within a group ("Entreprise" over "Nom", "Ville"): the group decides.
pub fn recognise_in_group(group: &str, header: &str) -> Option<ImportField> {
    let g = normalise_header(group);
    let company = ["entreprise", "employeur", "etablissement", "societe", "structure"].iter().any(|w| g.contains(w));
    let contact = ["contact", "interlocuteur", "recruteur"].iter().any(|w| g.contains(w));
    let candidate = ["candidat", "demandeur", "beneficiaire", "personne", "jeune"].iter().any(|w| g.contains(w));
    let field = recognise(header)?;
    use ImportField as F;
    Some(match (field, company, contact, candidate) {
        (F::LastName | F::FullName, true, false, _) => F::CompanyName,
        (F::Postcode, true, ..) => F::CompanyPostcode,
        (F::Commune, true, ..) => F::CompanyCommune,
        (F::LastName | F::FullName, _, true, _) => F::ContactName,
        (F::FirstName, _, true, _) => F::ContactFirstName,
        (F::Email, true, ..) | (F::Email, _, true, _) => F::ContactEmail,
        (F::Phone, true, ..) | (F::Phone, _, true, _) => F::ContactPhone,
        (other, _, _, true) if other.entity() == Entity::Candidate => other,
        (other, ..) => other,
    })
}

/// The field a column of a company list fills: the company field its header names, or a
/// generic header read as the company's ("Code postal", "Téléphone"); "Nom" is the
/// company's, or its contact's when another column (`named`) names the company.
pub fn in_company_list(header: &str, recognised: Option<ImportField>, named: bool) -> Option<ImportField> {
    use ImportField as F;
    let h = normalise_header(header);
    if let Some((_, field)) = COMPANY_LIST.iter().find(|(name, _)| *name == h) {
        return Some(*field);
    }
    match recognised? {
        F::LastName | F::FullName => Some(if named { F::ContactName } else { F::CompanyName }),
        F::FirstName => Some(F::ContactFirstName),
        F::Email => Some(F::ContactEmail),
        F::Phone => Some(F::ContactPhone),
        F::Postcode => Some(F::CompanyPostcode),
        F::Commune => Some(F::CompanyCommune),
        field if field.entity() == Entity::Company => Some(field),
        _ => None,
    }
}

/// Whether a file whose columns fill `fields` is a company list: it names companies, and
/// nothing only a candidate or a promotion has (a last name, a phone or a commune alone
/// may be a company's).
pub fn is_company_list(fields: &[ImportField]) -> bool {
    use ImportField as F;
    let names_companies = fields.iter().any(|f| matches!(f, F::CompanyName | F::TradeName | F::Siret));
    let tracker_only = fields.iter().any(|f| {
        matches!(
            f,
            F::FirstName
                | F::FullName
                | F::BirthDate
                | F::FranceTravailId
                | F::TargetJob
                | F::ConsentDate
                | F::ConsentChannel
                | F::ConsentExpiry
                | F::PromotionDate
                | F::StatusDate
                | F::JobOfferRef
        )
    });
    names_companies && !tracker_only
}

/// Mapping of each header (its normalised text) to a field, as chosen for a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ColumnChoice {
    /// The header as it reads in the file.
    pub header: String,
    /// `None`: the column is not imported.
    pub field: Option<ImportField>,
}

/// The key a set of headers is remembered under (order does not matter).
fn signature(headers: &[String]) -> String {
    let mut folded: Vec<String> = headers.iter().map(|h| normalise_header(h)).filter(|h| !h.is_empty()).collect();
    folded.sort();
    folded.dedup();
    format!("import.mapping:{}", folded.join("|"))
}

/// The mapping last used for a file with exactly these headers.
pub fn remembered(conn: &Conn, headers: &[String]) -> Result<Option<Vec<ColumnChoice>>> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM app_meta WHERE key = ?1")?
        .query_row([signature(headers)], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
}

pub fn remember(conn: &Conn, headers: &[String], choices: &[ColumnChoice]) -> Result<()> {
    let wanted: Vec<&ColumnChoice> =
        choices.iter().filter(|c| headers.iter().any(|h| normalise_header(h) == normalise_header(&c.header))).collect();
    conn.prepare_cached(
        "INSERT INTO app_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute([signature(headers), serde_json::to_string(&wanted).unwrap_or_default()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImportField as F;

    #[test]
    fn headers_counsellors_write() {
        for (header, field) in [
            ("Nom", F::LastName),
            ("NOM DE NAISSANCE", F::LastName),
            ("Prénom", F::FirstName),
            ("Identifiant FT", F::FranceTravailId),
            ("N° DE", F::FranceTravailId),
            ("Date promo", F::PromotionDate),
            ("Entreprise", F::CompanyName),
            ("Raison sociale", F::CompanyName),
            ("SIRET", F::Siret),
            ("N° SIRET :", F::Siret),
            ("Retour employeur", F::Status),
            ("Suite donnée", F::Status),
            ("Conseiller", F::Counsellor),
            ("Conseillère référente", F::Counsellor),
            ("Date de retour employeur", F::StatusDate),
            ("Tél.", F::Phone),
            ("Date de naissance", F::BirthDate),
            ("Company", F::CompanyName),
            ("First name", F::FirstName),
            ("Métier visé (ROME)", F::TargetJob),
        ] {
            assert_eq!(recognise(header), Some(field), "{header}");
        }
        assert_eq!(recognise("Colonne3"), None);
        assert_eq!(recognise_in_group("Entreprise", "Nom"), Some(F::CompanyName));
        assert_eq!(recognise_in_group("Entreprise", "Ville"), Some(F::CompanyCommune));
        assert_eq!(recognise_in_group("Candidat", "Nom"), Some(F::LastName));
        assert_eq!(recognise_in_group("Contact", "Téléphone"), Some(F::ContactPhone));
    }

    #[test]
    fn headers_of_the_company_registers() {
        for (header, field) in [
            ("siret", F::Siret),
            ("denominationUniteLegale", F::CompanyName),
            ("enseigne1Etablissement", F::TradeName),
            ("Enseigne", F::TradeName),
            ("activitePrincipaleEtablissement", F::NafCode),
            ("Code APE", F::NafCode),
            ("Code NAF/APE", F::NafCode),
            ("Activité principale", F::NafCode),
            ("trancheEffectifsEtablissement", F::HeadcountBand),
            ("Tranche effectif salarié", F::HeadcountBand),
            ("Tranche d'effectif de l'établissement", F::HeadcountBand),
            ("Effectif", F::Headcount),
            ("categorieJuridiqueUniteLegale", F::LegalCategory),
            ("Catégorie juridique", F::LegalCategory),
            ("codePostalEtablissement", F::CompanyPostcode),
            ("libelleCommuneEtablissement", F::CompanyCommune),
            ("codeCommuneEtablissement", F::CompanyCommuneCode),
            ("libelleVoieEtablissement", F::CompanyAddress),
            ("Nom du dirigeant", F::ContactName),
            ("Prénom du dirigeant", F::ContactFirstName),
            ("Mail contact RH", F::ContactEmail),
            ("Téléphone du responsable", F::ContactPhone),
            ("Nom de l'entreprise contactée", F::CompanyName),
        ] {
            assert_eq!(recognise(header), Some(field), "{header}");
        }
        for nothing in
            ["Libellé NAF", "Libellé de l'activité", "dateCreationEtablissement", "Date de création", "siren"]
        {
            assert_eq!(recognise(nothing), None, "{nothing}");
        }
        assert_eq!(recognise("Tranche d'âge"), None);
        assert_eq!(recognise_in_group("Contact", "Prénom"), Some(F::ContactFirstName));
    }

    #[test]
    fn a_company_list_reads_generic_headers_as_the_companys() {
        let list = |header: &str, named: bool| in_company_list(header, recognise(header), named);
        assert_eq!(list("Code postal", false), Some(F::CompanyPostcode));
        assert_eq!(list("Ville", false), Some(F::CompanyCommune));
        assert_eq!(list("Adresse", false), Some(F::CompanyAddress));
        assert_eq!(list("Téléphone", false), Some(F::ContactPhone));
        assert_eq!(list("E-mail", false), Some(F::ContactEmail));
        assert_eq!(list("Nom", false), Some(F::CompanyName));
        assert_eq!(list("Nom", true), Some(F::ContactName));
        assert_eq!(list("Date de naissance", false), None);
        assert_eq!(recognise("Adresse"), None, "a tracker's address may be the candidate's");

        assert!(is_company_list(&[F::Siret, F::CompanyName, F::Postcode, F::Commune, F::Phone, F::LastName]));
        assert!(is_company_list(&[F::TradeName, F::NafCode]));
        assert!(!is_company_list(&[F::Siret, F::CompanyName, F::LastName, F::FirstName]));
        assert!(!is_company_list(&[F::CompanyName, F::PromotionDate]));
        assert!(!is_company_list(&[F::Postcode, F::Commune]));
    }

    #[test]
    fn signatures_ignore_order_case_and_accents() {
        let a = signature(&["Nom".into(), "Prénom".into()]);
        let b = signature(&["PRENOM ".into(), "nom".into()]);
        assert_eq!(a, b);
    }
}
