//! Which column holds which field: recognised from French and English headers and their
//! usual abbreviations, corrected by the counsellor in the preview, and remembered for
//! the next file with the same headers.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Result, text::fold};

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
    Siret = "siret": Company: "SIRET",
    CompanyPostcode = "companyPostcode": Company: "Code postal de l'entreprise",
    CompanyCommune = "companyCommune": Company: "Commune de l'entreprise",
    ContactName = "contactName": Company: "Interlocuteur",
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

/// Headers as counsellors write them, folded (no accents, lower case), for each field.
/// Exact matches first; a header that contains one of `CONTAINS` comes second.
const SYNONYMS: &[(ImportField, &[&str])] = &[
    (
        ImportField::LastName,
        &[
            "nom",
            "nom de naissance",
            "nom de famille",
            "nom d'usage",
            "nom usage",
            "nom candidat",
            "nom du candidat",
            "nom de",
            "nom du de",
            "last name",
            "lastname",
            "surname",
            "family name",
            "name",
        ],
    ),
    (
        ImportField::FirstName,
        &["prenom", "prenom candidat", "prenom du candidat", "prenom de", "first name", "firstname", "given name"],
    ),
    (
        ImportField::FullName,
        &[
            "nom prenom",
            "nom et prenom",
            "prenom nom",
            "nom - prenom",
            "nom/prenom",
            "candidat",
            "candidate",
            "demandeur d'emploi",
            "de",
            "beneficiaire",
            "jeune",
            "personne",
            "full name",
        ],
    ),
    (
        ImportField::BirthDate,
        &[
            "date de naissance",
            "naissance",
            "ne le",
            "ne(e) le",
            "nee le",
            "date naiss",
            "date naissance",
            "ddn",
            "birth date",
            "date of birth",
            "dob",
            "birthdate",
        ],
    ),
    (
        ImportField::Email,
        &[
            "email",
            "e-mail",
            "mail",
            "courriel",
            "adresse mail",
            "adresse e-mail",
            "mail candidat",
            "email candidat",
            "e-mail candidat",
            "mail de",
            "email de",
        ],
    ),
    (
        ImportField::Phone,
        &[
            "telephone",
            "tel",
            "tel.",
            "portable",
            "mobile",
            "tel portable",
            "n° tel",
            "n° de telephone",
            "numero de telephone",
            "telephone candidat",
            "tel candidat",
            "tel de",
            "phone",
            "phone number",
        ],
    ),
    (
        ImportField::FranceTravailId,
        &[
            "identifiant ft",
            "id ft",
            "identifiant france travail",
            "n° ft",
            "numero ft",
            "identifiant pe",
            "id pe",
            "identifiant pole emploi",
            "n° pe",
            "n° identifiant",
            "identifiant",
            "n° de",
            "n°de",
            "numero de",
            "n° demandeur",
            "ide",
            "france travail id",
            "ft id",
        ],
    ),
    (
        ImportField::Postcode,
        &[
            "code postal",
            "cp",
            "code postal candidat",
            "cp candidat",
            "cp de",
            "postcode",
            "zip",
            "zip code",
            "postal code",
        ],
    ),
    (
        ImportField::Commune,
        &[
            "commune",
            "ville",
            "localite",
            "commune candidat",
            "ville candidat",
            "commune de",
            "ville de",
            "lieu de residence",
            "residence",
            "city",
            "town",
        ],
    ),
    (
        ImportField::TargetJob,
        &[
            "metier",
            "metier vise",
            "metier recherche",
            "poste",
            "poste vise",
            "poste recherche",
            "emploi recherche",
            "emploi vise",
            "code rome",
            "rome",
            "metier (rome)",
            "projet professionnel",
            "projet",
            "qualification",
            "target job",
            "job",
            "position",
        ],
    ),
    (
        ImportField::ConsentDate,
        &[
            "consentement",
            "date consentement",
            "date du consentement",
            "date de consentement",
            "accord",
            "date accord",
            "accord promotion",
            "accord diffusion",
            "consent",
            "consent date",
        ],
    ),
    (
        ImportField::ConsentChannel,
        &[
            "mode de recueil",
            "recueil consentement",
            "mode consentement",
            "type de consentement",
            "forme du consentement",
            "consent channel",
        ],
    ),
    (
        ImportField::ConsentExpiry,
        &[
            "fin consentement",
            "fin du consentement",
            "echeance consentement",
            "consentement valable jusqu'au",
            "valable jusqu'au",
            "expiration consentement",
            "consent expiry",
        ],
    ),
    (
        ImportField::Counsellor,
        &[
            "conseiller",
            "conseillere",
            "conseiller(e)",
            "conseiller referent",
            "referent",
            "cdc",
            "conseiller emploi",
            "suivi par",
            "counsellor",
            "adviser",
            "advisor",
        ],
    ),
    (
        ImportField::CompanyName,
        &[
            "entreprise",
            "raison sociale",
            "employeur",
            "societe",
            "nom entreprise",
            "nom de l'entreprise",
            "etablissement",
            "structure",
            "entreprise contactee",
            "company",
            "employer",
            "company name",
        ],
    ),
    (
        ImportField::Siret,
        &["siret", "n° siret", "numero siret", "siret entreprise", "siret employeur", "siret etablissement"],
    ),
    (ImportField::CompanyPostcode, &["cp entreprise", "code postal entreprise", "cp employeur", "company postcode"]),
    (
        ImportField::CompanyCommune,
        &["ville entreprise", "commune entreprise", "lieu", "ville employeur", "localisation", "company city"],
    ),
    (
        ImportField::ContactName,
        &[
            "contact",
            "interlocuteur",
            "contact entreprise",
            "nom du contact",
            "personne contactee",
            "recruteur",
            "contact name",
        ],
    ),
    (
        ImportField::ContactEmail,
        &[
            "mail contact",
            "email contact",
            "e-mail contact",
            "mail entreprise",
            "email entreprise",
            "mail employeur",
            "courriel entreprise",
            "contact email",
        ],
    ),
    (
        ImportField::ContactPhone,
        &[
            "tel contact",
            "telephone contact",
            "tel entreprise",
            "telephone entreprise",
            "tel employeur",
            "contact phone",
        ],
    ),
    (
        ImportField::PromotionDate,
        &[
            "date promo",
            "date promotion",
            "date de promotion",
            "date de la promotion",
            "date envoi",
            "date d'envoi",
            "date de l'envoi",
            "envoye le",
            "date mise en relation",
            "date mer",
            "date contact",
            "date",
            "promotion date",
            "sent on",
            "date sent",
        ],
    ),
    (
        ImportField::Channel,
        &["canal", "mode", "moyen", "mode de contact", "mode d'envoi", "canal de promotion", "channel"],
    ),
    (
        ImportField::Status,
        &[
            "retour employeur",
            "suite donnee",
            "suite",
            "resultat",
            "statut",
            "etat",
            "reponse",
            "reponse employeur",
            "retour",
            "issue",
            "decision",
            "status",
            "outcome",
            "result",
        ],
    ),
    (
        ImportField::StatusDate,
        &[
            "date retour",
            "date du retour",
            "date reponse",
            "date de reponse",
            "date retour employeur",
            "date suite",
            "answered on",
        ],
    ),
    (
        ImportField::JobOfferRef,
        &["offre", "n° offre", "numero offre", "ref offre", "reference offre", "offre d'emploi", "job offer"],
    ),
    (
        ImportField::Comment,
        &[
            "commentaire",
            "commentaires",
            "observations",
            "observation",
            "remarques",
            "remarque",
            "notes",
            "note",
            "comment",
            "comments",
        ],
    ),
];

/// Words a header may contain to be recognised when it matches no synonym exactly.
const CONTAINS: &[(&str, ImportField)] = &[
    ("siret", ImportField::Siret),
    ("naissance", ImportField::BirthDate),
    ("prenom", ImportField::FirstName),
    ("consentement", ImportField::ConsentDate),
    ("courriel", ImportField::Email),
    ("raison sociale", ImportField::CompanyName),
    ("entreprise", ImportField::CompanyName),
    ("employeur", ImportField::Status),
    ("suite", ImportField::Status),
    ("retour", ImportField::Status),
    ("commentaire", ImportField::Comment),
    ("observation", ImportField::Comment),
    ("conseill", ImportField::Counsellor),
    ("metier", ImportField::TargetJob),
    ("promo", ImportField::PromotionDate),
    ("telephone", ImportField::Phone),
    ("mail", ImportField::Email),
];

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
    CONTAINS.iter().find(|(word, _)| h.contains(word)).map(|(_, field)| *field)
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
        (F::Email, true, ..) | (F::Email, _, true, _) => F::ContactEmail,
        (F::Phone, true, ..) | (F::Phone, _, true, _) => F::ContactPhone,
        (other, _, _, true) if other.entity() == Entity::Candidate => other,
        (other, ..) => other,
    })
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
pub fn remembered(conn: &Connection, headers: &[String]) -> Result<Option<Vec<ColumnChoice>>> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM app_meta WHERE key = ?1")?
        .query_row([signature(headers)], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
}

pub fn remember(conn: &Connection, headers: &[String], choices: &[ColumnChoice]) -> Result<()> {
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
    fn signatures_ignore_order_case_and_accents() {
        let a = signature(&["Nom".into(), "Prénom".into()]);
        let b = signature(&["PRENOM ".into(), "nom".into()]);
        assert_eq!(a, b);
    }
}
