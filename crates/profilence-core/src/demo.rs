//! Synthetic, realistic demo data: French names, real communes and postcodes, valid
//! SIRETs. Every person and company is invented; the communes are real.

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng, distr::weighted::WeightedIndex, prelude::Distribution, rngs::StdRng, seq::IndexedRandom};
use serde::Serialize;
use ts_rs::TS;

use rusqlite::Connection;

use crate::{
    Error, Result,
    candidates::{self, CandidateInput, ConsentChannel},
    companies::{self, CompanyInput},
    geo::Commune,
    settings::{self, CounsellorSettings},
    siret,
};

const FIRST_NAMES: &[&str] = &[
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Marie",
    "Clara",
    "Lucie",
    "Anaïs",
    "Océane",
    "Mélanie",
    "Aurélie",
    "Nadia",
    "Fatima",
    "Samira",
    "Aïcha",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Sandrine",
    "Valérie",
    "Céline",
    "Élodie",
    "Émilie",
    "Hélène",
    "Françoise",
    "Maëlys",
    "Zoé",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Enzo",
    "Thomas",
    "Théo",
    "Maxime",
    "Antoine",
    "Quentin",
    "Julien",
    "Nicolas",
    "Kévin",
    "Mehdi",
    "Karim",
    "Yanis",
    "Rayan",
    "Mamadou",
    "Moussa",
    "Olivier",
    "Stéphane",
    "Christophe",
    "Frédéric",
    "Laurent",
    "Sébastien",
    "Jérôme",
    "Benoît",
    "François",
    "Gaël",
    "Loïc",
    "Noé",
];
const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefebvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Marie",
    "Lemaire",
    "Noël",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Brunet",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Martinez",
    "Gérard",
    "Roche",
    "Renard",
    "Schmitt",
    "Roy",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
    "Le Gall",
    "Kerbrat",
    "Diallo",
    "Benali",
    "Haddad",
    "Nguyen",
    "Da Silva",
    "Ferreira",
    "Traoré",
    "Bouvier",
    "Hoarau",
];
/// ROME 4.0 job titles (appellations), written as the referential writes them.
const TARGET_JOBS: &[&str] = &[
    "Boulanger / Boulangère",
    "Pâtissier / Pâtissière",
    "Aide-soignant / Aide-soignante",
    "Agent / Agente d'entretien de locaux",
    "Cariste",
    "Préparateur / Préparatrice de commandes",
    "Vendeur / Vendeuse en magasin",
    "Employé / Employée de libre-service",
    "Serveur / Serveuse en restauration",
    "Cuisinier / Cuisinière",
    "Électricien / Électricienne du bâtiment",
    "Maçon / Maçonne",
    "Plombier / Plombière",
    "Auxiliaire de vie sociale",
    "Agent / Agente de sécurité",
    "Chauffeur-livreur / Chauffeuse-livreuse",
    "Secrétaire médical / médicale",
    "Assistant administratif / Assistante administrative",
    "Comptable",
    "Développeur / Développeuse web",
    "Jardinier / Jardinière paysagiste",
    "Mécanicien / Mécanicienne automobile",
    "Caissier / Caissière",
    "Conducteur / Conductrice de bus",
    "Magasinier / Magasinière",
    "Peintre en bâtiment",
    "Hôte / Hôtesse d'accueil",
    "Coiffeur / Coiffeuse",
    "Téléconseiller / Téléconseillère",
];
/// Company name patterns: `{}` is replaced by a surname or a commune.
const COMPANY_PATTERNS: &[(&str, bool)] = &[
    ("Boulangerie {}", false),
    ("Pâtisserie {}", false),
    ("Garage {}", false),
    ("Transports {}", false),
    ("{} Bâtiment", false),
    ("Électricité {}", false),
    ("Plomberie {}", false),
    ("Menuiserie {}", false),
    ("Restaurant Chez {}", false),
    ("Pharmacie de {}", true),
    ("EHPAD de {}", true),
    ("Clinique de {}", true),
    ("Supermarché de {}", true),
    ("Logistique {}", false),
    ("Nettoyage {} Services", false),
    ("Cabinet comptable {}", false),
    ("Hôtel de {}", true),
    ("Jardins de {}", true),
    ("Auto-école {}", false),
    ("Maison de retraite de {}", true),
    ("Imprimerie {}", false),
    ("Coiffure {}", false),
];
const CONTACT_ROLES: &[&str] = &["gérant", "gérante", "responsable RH", "directrice", "directeur", "chef d'équipe"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoSummary {
    pub candidates: u32,
    pub companies: u32,
}

/// Adds `candidates` candidates and `companies` companies. Call it inside a write
/// transaction (`Database::write`): all of it lands, or none.
pub fn generate(
    tx: &Connection,
    communes: &[Commune],
    candidates: u32,
    companies: u32,
    seed: u64,
    today: NaiveDate,
) -> Result<DemoSummary> {
    if communes.is_empty() {
        return Err(Error::InvalidInput("Aucune commune pour générer les données de démonstration.".into()));
    }
    let weights = WeightedIndex::new(communes.iter().map(|c| u64::from(c.population).max(1)))
        .map_err(|e| Error::InvalidInput(e.to_string()))?;
    let mut rng = StdRng::seed_from_u64(seed);
    if settings::get(tx)?.name.is_empty() {
        let commune = &communes[weights.sample(&mut rng)];
        settings::update(
            tx,
            &CounsellorSettings {
                name: "Claire Morel".into(),
                agency: format!("Agence France Travail de {}", town(commune)),
                phone: "01 84 12 34 56".into(),
                email: "claire.morel@agence.example".into(),
            },
        )?;
    }
    for _ in 0..candidates {
        let commune = &communes[weights.sample(&mut rng)];
        let input = candidate(&mut rng, commune, today);
        candidates::create(tx, &input, today)?;
    }
    for _ in 0..companies {
        let commune = &communes[weights.sample(&mut rng)];
        let mut input = company(&mut rng, commune);
        while companies::find_by_siret(tx, &input.siret)?.is_some() {
            input.siret = random_siret(&mut rng);
        }
        companies::create(tx, &input)?;
    }
    log::info!("demo data generated: {candidates} candidates, {companies} companies");
    Ok(DemoSummary { candidates, companies })
}

/// The town of a commune, without its arrondissement ("Lyon 7e Arrondissement" → "Lyon").
fn town(commune: &Commune) -> &str {
    match commune.name.find(|c: char| c.is_ascii_digit()) {
        Some(index) if commune.name.contains("Arrondissement") => commune.name[..index].trim_end(),
        _ => &commune.name,
    }
}

fn candidate(rng: &mut StdRng, commune: &Commune, today: NaiveDate) -> CandidateInput {
    let first = *FIRST_NAMES.choose(rng).unwrap_or(&"Camille");
    let last = *LAST_NAMES.choose(rng).unwrap_or(&"Martin");
    let age = rng.random_range(18..62);
    let birth = today.with_year(today.year() - age).unwrap_or(today) - Duration::days(rng.random_range(0..365));
    // Consent given within the last 14 months, valid one year: a few have expired.
    let consent_date = today - Duration::days(rng.random_range(0..425));
    let consent_expiry = consent_date + Duration::days(365);
    let channel = *[ConsentChannel::Oral, ConsentChannel::Written, ConsentChannel::Online]
        .choose(rng)
        .unwrap_or(&ConsentChannel::Written);
    CandidateInput {
        last_name: last.to_owned(),
        first_name: first.to_owned(),
        birth_date: birth.to_string(),
        email: format!("{}.{}{}@courriel.example", slug(first), slug(last), rng.random_range(1..99)),
        phone: format!(
            "0{} {:02} {:02} {:02} {:02}",
            rng.random_range(6..=7),
            rng.random_range(0..100),
            rng.random_range(0..100),
            rng.random_range(0..100),
            rng.random_range(0..100)
        ),
        postcode: commune.postcode.clone(),
        commune: commune.name.clone(),
        consent_date: consent_date.to_string(),
        consent_channel: Some(channel),
        consent_expiry: consent_expiry.to_string(),
        target_job: TARGET_JOBS.choose(rng).copied().unwrap_or_default().to_owned(),
    }
}

fn company(rng: &mut StdRng, commune: &Commune) -> CompanyInput {
    let (pattern, with_commune) = *COMPANY_PATTERNS.choose(rng).unwrap_or(&("Entreprise {}", false));
    let filler = if with_commune {
        commune.name.clone()
    } else {
        LAST_NAMES.choose(rng).copied().unwrap_or("Martin").to_owned()
    };
    let name = pattern.replace("{}", &filler);
    let contact_first = *FIRST_NAMES.choose(rng).unwrap_or(&"Sophie");
    let contact_last = *LAST_NAMES.choose(rng).unwrap_or(&"Durand");
    let role = CONTACT_ROLES.choose(rng).copied().unwrap_or("gérant");
    CompanyInput {
        name,
        siret: random_siret(rng),
        postcode: commune.postcode.clone(),
        commune: commune.name.clone(),
        contact_name: format!("{contact_first} {contact_last} ({role})"),
        contact_email: format!(
            "{}.{}@{}.example",
            slug(contact_first),
            slug(contact_last),
            slug(&pattern.replace("{}", &filler))
        ),
        contact_phone: format!(
            "0{} {:02} {:02} {:02} {:02}",
            rng.random_range(1..=5),
            rng.random_range(10..100),
            rng.random_range(0..100),
            rng.random_range(0..100),
            rng.random_range(0..100)
        ),
    }
}

/// A SIRET whose SIREN and full number both pass the Luhn check.
pub fn random_siret(rng: &mut impl Rng) -> String {
    loop {
        let siren_prefix = format!("{}{:07}", rng.random_range(1..10), rng.random_range(0..10_000_000));
        let siren = format!("{siren_prefix}{}", siret::luhn_check_digit(&siren_prefix));
        let nic_prefix = format!("{siren}{:04}", rng.random_range(1..100));
        let full = format!("{nic_prefix}{}", siret::luhn_check_digit(&nic_prefix));
        if siret::parse_siret(&full).is_ok() {
            return full;
        }
    }
}

/// Lower-case ASCII for e-mail addresses: accents dropped, other signs turned into dashes.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if folded != '-' || !out.ends_with('-') {
            out.push(folded);
        }
    }
    out.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_sirets_are_valid() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..1000 {
            let s = random_siret(&mut rng);
            assert_eq!(siret::parse_siret(&s), Ok(s.clone()));
        }
    }

    #[test]
    fn arrondissements_are_named_by_their_town() {
        let commune = |name: &str| Commune {
            insee_code: "69387".into(),
            name: name.into(),
            postcode: "69007".into(),
            lat: 0.0,
            lng: 0.0,
            population: 1,
        };
        assert_eq!(town(&commune("Lyon 7e Arrondissement")), "Lyon");
        assert_eq!(town(&commune("Paris 1er Arrondissement")), "Paris");
        assert_eq!(town(&commune("Saint-Denis")), "Saint-Denis");
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Hélène"), "helene");
        assert_eq!(slug("Le Gall"), "le-gall");
        assert_eq!(slug("Pharmacie de L'Haÿ-les-Roses"), "pharmacie-de-l-hay-les-roses");
    }
}
