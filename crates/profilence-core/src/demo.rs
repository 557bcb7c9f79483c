//! Synthetic, realistic demo data: French names, real communes and postcodes, valid
//! SIRETs. Every person and company is invented; the communes are real.

use chrono::{DateTime, Datelike, Duration, Local, NaiveDate};
use rand::{Rng, SeedableRng, distr::weighted::WeightedIndex, prelude::Distribution, rngs::StdRng, seq::IndexedRandom};
use serde::Serialize;
use ts_rs::TS;

use std::collections::HashMap;

use crate::store::Conn;

use crate::{
    Error, Result,
    candidates::{self, CandidateInput, CandidateSkill, ConsentChannel, TargetJob},
    choices::{
        ContactChannel, ContractType, DrivingLicence, EventKind, HeadcountBand, KNOWN_COMMITMENTS, MobilityMeans,
        PromotionChannel, RefusalReason, WorkingTime,
    },
    companies::{self, CompanyInput, ContactInput},
    geo::Commune,
    hiring_aids::Eligibility,
    promotions::{self, EventInput},
    referentials,
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
/// ROME 4.0 job titles (appellations), exactly as the referential writes them (a test
/// checks that every one is found).
pub const TARGET_JOBS: &[&str] = &[
    "Boulanger / Boulangère",
    "Pâtissier / Pâtissière",
    "Aide-soignant / Aide-soignante",
    "Agent / Agente de propreté de locaux",
    "Cariste",
    "Préparateur / Préparatrice de commandes",
    "Vendeur / Vendeuse en prêt-à-porter",
    "Employé / Employée de libre-service",
    "Serveur / Serveuse en restauration",
    "Cuisinier / Cuisinière",
    "Electricien / Electricienne du bâtiment",
    "Maçon / Maçonne",
    "Plombier / Plombière",
    "Auxiliaire de Vie Sociale (AVS)",
    "Agent / Agente de sécurité",
    "Chauffeur-livreur / Chauffeuse-livreuse",
    "Secrétaire médical / Secrétaire médicale",
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
/// Company name patterns (`{}` is replaced by a surname, or by the town when `true`) and
/// the NAF sub-class such a business has.
pub const COMPANY_PATTERNS: &[(&str, bool, &str)] = &[
    ("Boulangerie {}", false, "10.71C"),
    ("Pâtisserie {}", false, "10.71D"),
    ("Garage {}", false, "45.20A"),
    ("Transports {}", false, "49.41A"),
    ("{} Bâtiment", false, "41.20A"),
    ("Électricité {}", false, "43.21A"),
    ("Plomberie {}", false, "43.22A"),
    ("Menuiserie {}", false, "43.32A"),
    ("Restaurant Chez {}", false, "56.10A"),
    ("Pharmacie de {}", true, "47.73Z"),
    ("EHPAD de {}", true, "87.10A"),
    ("Clinique de {}", true, "86.10Z"),
    ("Supermarché de {}", true, "47.11D"),
    ("Logistique {}", false, "52.10B"),
    ("Nettoyage {} Services", false, "81.21Z"),
    ("Cabinet comptable {}", false, "69.20Z"),
    ("Hôtel de {}", true, "55.10Z"),
    ("Jardins de {}", true, "81.30Z"),
    ("Auto-école {}", false, "85.53Z"),
    ("Maison de retraite de {}", true, "87.10A"),
    ("Imprimerie {}", false, "18.12Z"),
    ("Coiffure {}", false, "96.02A"),
];
const STREETS: &[&str] =
    &["de la Gare", "Victor Hugo", "Jean Jaurès", "de la République", "des Artisans", "du Commerce"];
/// The counsellors of the demo agency.
const COUNSELLORS: &[&str] = &["Claire Morel", "Julien Lefèvre", "Nadia Benali"];
/// A contact's role, as said of a man and of a woman.
const CONTACT_ROLES: &[(&str, &str)] = &[
    ("gérant", "gérante"),
    ("gérant", "gérante"),
    ("responsable RH", "responsable RH"),
    ("directeur", "directrice"),
    ("directeur", "directrice"),
    ("chef d'équipe", "cheffe d'équipe"),
];

/// Whether a first name of `FIRST_NAMES` is a woman's: they come first, before "Lucas".
fn is_feminine(first: &str) -> bool {
    let men = FIRST_NAMES.iter().position(|n| *n == "Lucas").unwrap_or(FIRST_NAMES.len());
    FIRST_NAMES.iter().position(|n| *n == first).is_some_and(|i| i < men)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoSummary {
    pub candidates: u32,
    pub companies: u32,
    pub promotions: u32,
}

/// What the demo draws from: the referentials loaded in the database.
struct Referentials {
    communes: Vec<Commune>,
    weights: WeightedIndex<u64>,
    /// (job title code, label, ROME code) of the usual target jobs.
    jobs: Vec<(i64, String, String)>,
    /// The skills of each job sheet, read once.
    skills: HashMap<String, Vec<referentials::SkillOption>>,
}

impl Referentials {
    fn load(conn: &Conn) -> Result<Self> {
        let communes = referentials::all_communes(conn)?;
        let mut jobs = Vec::new();
        let mut statement = conn.prepare("SELECT code, label, rome_code FROM job_titles WHERE label = ?1")?;
        for label in TARGET_JOBS {
            jobs.extend(statement.query_map([label], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.flatten());
        }
        if communes.is_empty() || jobs.is_empty() {
            return Err(Error::Referential(
                "Les données de démonstration ont besoin des référentiels (ROME et communes) : \
                 chargez-les d'abord (Paramètres → Référentiels)."
                    .into(),
            ));
        }
        let weights = WeightedIndex::new(communes.iter().map(|c| u64::from(c.population).max(1)))
            .map_err(|e| Error::Invariant(e.to_string()))?;
        Ok(Self { communes, weights, jobs, skills: HashMap::new() })
    }

    fn commune(&self, rng: &mut StdRng) -> &Commune {
        &self.communes[self.weights.sample(rng)]
    }
}

/// Adds `candidates` candidates and `companies` companies drawn from the referentials
/// loaded in the database. Call it inside a write transaction (`Database::write`): all of
/// it lands, or none.
pub fn generate(tx: &Conn, candidates: u32, companies: u32, seed: u64, today: NaiveDate) -> Result<DemoSummary> {
    let mut referentials = Referentials::load(tx)?;
    let mut rng = StdRng::seed_from_u64(seed);
    if settings::get(tx)?.name.is_empty() {
        let commune = referentials.commune(&mut rng);
        settings::update(
            tx,
            &CounsellorSettings {
                name: COUNSELLORS[0].into(),
                agency: format!("Agence France Travail de {}", town(commune)),
                phone: "01 84 12 34 56".into(),
                email: "claire.morel@agence.example".into(),
            },
        )?;
    }
    for _ in 0..candidates {
        let input = candidate(tx, &mut rng, &mut referentials, today)?;
        candidates::create(tx, &input, today, true)?;
    }
    for _ in 0..companies {
        let mut input = company(&mut rng, &referentials);
        while companies::find_by_siret(tx, &input.siret)?.is_some() {
            input.siret = random_siret(&mut rng);
        }
        companies::create(tx, &input)?;
    }
    log::info!("demo data generated: {candidates} candidates, {companies} companies");
    Ok(DemoSummary { candidates, companies, promotions: 0 })
}

/// Adds about `count` promotions of the pool's candidates to its companies, each sent on
/// a day of the last `span_days` while the candidate's consent was valid, with the life
/// the field experiments describe: 4 employers in 10 answer, 12 days later on average;
/// some interviews, some hires; each made by the counsellor who follows the candidate.
/// Events never go past `now`; the automatic "no answer" is left to the app. Returns how
/// many were added.
pub fn promotions(tx: &Conn, count: u32, span_days: u32, seed: u64, now: DateTime<Local>) -> Result<u32> {
    let today = now.date_naive();
    // Each candidate with the counsellor who follows them: the one who promotes them.
    let people: Vec<(i64, NaiveDate, NaiveDate, String)> = tx
        .prepare(
            "SELECT id, consent_date, consent_expiry, counsellor FROM candidates WHERE erased_at IS NULL ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Each company with the contact promotions are addressed to: its first.
    let firms: Vec<(i64, Option<i64>)> = tx
        .prepare(
            "SELECT c.id, (SELECT k.id FROM company_contacts k WHERE k.company_id = c.id ORDER BY k.position LIMIT 1) \
             FROM companies c WHERE c.erased_at IS NULL ORDER BY c.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if people.is_empty() || firms.is_empty() {
        return Ok(0);
    }
    let me = match settings::get(tx)?.name {
        name if name.is_empty() => COUNSELLORS[0].to_owned(),
        name => name,
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let earliest = today - Duration::days(i64::from(span_days));
    let mut added = 0;
    for _ in 0..count {
        let (candidate, consent_from, consent_until, followed_by) = people.choose(&mut rng).unwrap_or(&people[0]);
        let (candidate, consent_from, consent_until) = (*candidate, *consent_from, *consent_until);
        let author = if followed_by.is_empty() { &me } else { followed_by };
        let (from, until) = (consent_from.max(earliest), consent_until.min(today));
        if from > until {
            continue;
        }
        let day = from + Duration::days(rng.random_range(0..=(until - from).num_days()));
        let company = *firms.choose(&mut rng).unwrap_or(&firms[0]);
        let history = life(&mut rng, day, now);
        let channel = *PromotionChannel::ALL.choose(&mut rng).unwrap_or(&PromotionChannel::Email);
        let pitch = "Je vous présente un profil motivé et disponible, qui correspond à vos besoins.";
        promotions::replay(tx, candidate, company, channel, pitch, author, &history)?;
        added += 1;
    }
    Ok(added)
}

/// The events of one promotion sent on `day`, up to `now`.
fn life(rng: &mut StdRng, day: NaiveDate, now: DateTime<Local>) -> Vec<(EventInput, DateTime<Local>)> {
    let at = |d: NaiveDate, hour: u32| {
        d.and_hms_opt(hour, rng_minutes(d), 0).and_then(|t| t.and_local_timezone(Local).earliest()).unwrap_or(now)
    };
    let plain = |kind| EventInput { kind: Some(kind), ..EventInput::default() };
    let sent = at(day, 9).min(now);
    let mut events = vec![(plain(EventKind::Created), sent), (plain(EventKind::Sent), sent)];
    let push = |events: &mut Vec<_>, input: EventInput, d: NaiveDate| {
        let moment = at(d, 14);
        if moment <= now {
            events.push((input, moment));
            true
        } else {
            false
        }
    };
    let mut next = day + Duration::days(rng.random_range(5..20));
    if rng.random_bool(0.65) {
        // No answer: a reminder a week or so later, maybe a late answer.
        if !push(&mut events, plain(EventKind::Reminded), day + Duration::days(rng.random_range(7..12)))
            || rng.random_bool(0.9)
        {
            return events;
        }
        next = day + Duration::days(rng.random_range(12..25));
    }
    let answer = match rng.random_range(0..10) {
        0..=2 => EventInput {
            reason: RefusalReason::ALL.choose(rng).copied().filter(|r| *r != RefusalReason::Other),
            ..plain(EventKind::Refused)
        },
        3..=4 => plain(EventKind::Interested),
        5 => plain(EventKind::KeptOnFile),
        _ => EventInput {
            interview_at: format!("{}T10:00", next + Duration::days(rng.random_range(2..8))),
            ..plain(EventKind::InterviewPlanned)
        },
    };
    let answer = match answer.reason {
        None if answer.kind == Some(EventKind::Refused) => {
            EventInput { reason: Some(RefusalReason::NoVacancy), ..answer }
        }
        _ => answer,
    };
    let kind = answer.kind;
    if !push(&mut events, answer, next) || matches!(kind, Some(EventKind::Refused | EventKind::KeptOnFile)) {
        return events;
    }
    let outcome_day = next + Duration::days(rng.random_range(7..21));
    let outcome = match rng.random_range(0..10) {
        0..=3 => EventInput {
            contract_type: [ContractType::Cdi, ContractType::Cdd, ContractType::Interim, ContractType::Apprenticeship]
                .choose(rng)
                .copied(),
            start_date: (outcome_day + Duration::days(rng.random_range(3..30))).to_string(),
            ..plain(EventKind::Hired)
        },
        4..=6 => EventInput { reason: Some(RefusalReason::Experience), ..plain(EventKind::NotRetained) },
        _ => return events,
    };
    push(&mut events, outcome, outcome_day);
    events
}

/// A stable minute for an event of day `d` (events of a day stay in order).
fn rng_minutes(d: NaiveDate) -> u32 {
    d.ordinal() % 60
}

/// The town of a commune, without its arrondissement ("Lyon 7e Arrondissement" → "Lyon").
fn town(commune: &Commune) -> &str {
    match commune.name.find(|c: char| c.is_ascii_digit()) {
        Some(index) if commune.name.contains("Arrondissement") => commune.name[..index].trim_end(),
        _ => &commune.name,
    }
}

fn phone(rng: &mut StdRng, first: u32) -> String {
    format!(
        "0{first} {:02} {:02} {:02} {:02}",
        rng.random_range(10..100),
        rng.random_range(0..100),
        rng.random_range(0..100),
        rng.random_range(0..100)
    )
}

fn candidate(conn: &Conn, rng: &mut StdRng, refs: &mut Referentials, today: NaiveDate) -> Result<CandidateInput> {
    let commune = refs.commune(rng).clone();
    let first = *FIRST_NAMES.choose(rng).unwrap_or(&"Camille");
    let last = *LAST_NAMES.choose(rng).unwrap_or(&"Martin");
    let age = rng.random_range(18..62);
    let birth = today.with_year(today.year() - age).unwrap_or(today) - Duration::days(rng.random_range(0..365));
    let age = today.years_since(birth).unwrap_or(0);
    // Consent given within the last 14 months, valid one year: a few have expired.
    let consent_date = today - Duration::days(rng.random_range(0..425));
    let channel = *[ConsentChannel::Oral, ConsentChannel::Written, ConsentChannel::Online]
        .choose(rng)
        .unwrap_or(&ConsentChannel::Written);
    let job_count = *[1, 1, 1, 2, 2, 3].choose(rng).unwrap_or(&1);
    let mut target_jobs: Vec<TargetJob> = Vec::new();
    for _ in 0..job_count {
        if let Some((code, label, rome)) =
            refs.jobs.choose(rng).filter(|j| !target_jobs.iter().any(|t| t.code == Some(j.0)))
        {
            target_jobs.push(TargetJob { code: Some(*code), label: label.clone(), rome_code: Some(rome.clone()) });
        }
    }
    let mut skills: Vec<CandidateSkill> = Vec::new();
    for rome in target_jobs.iter().filter_map(|j| j.rome_code.as_deref()) {
        let offered = match refs.skills.get(rome) {
            Some(offered) => offered,
            None => refs.skills.entry(rome.to_owned()).or_insert(referentials::job_skills(conn, &[rome.to_owned()])?),
        };
        let picked = offered.iter().filter(|s| rng.random_bool(if s.core { 0.6 } else { 0.05 })).take(6);
        skills.extend(picked.map(|s| CandidateSkill { code: Some(s.code), label: s.label.clone() }));
    }
    let rqth = rng.random_bool(0.12);
    let rsa = rng.random_bool(0.15);
    // The draws of the age ticks the records once held, kept so that a seed still makes the
    // same pool: the age publics now follow from the birth date.
    let _ = (age < 26 && rng.random_bool(0.9), age >= 50 && rng.random_bool(0.9));
    let eligibility = Eligibility { rqth, rsa, qpv: rng.random_bool(0.1), long_term_unemployed: rng.random_bool(0.3) };
    let contract = *ContractType::ALL.choose(rng).unwrap_or(&ContractType::Cdi);
    let job = target_jobs.first().map(|j| j.label.clone()).unwrap_or_default();
    Ok(CandidateInput {
        last_name: last.to_owned(),
        first_name: first.to_owned(),
        birth_date: birth.to_string(),
        email: format!("{}.{}{}@courriel.example", slug(first), slug(last), rng.random_range(1..99)),
        phone: {
            let first = rng.random_range(6..=7);
            phone(rng, first)
        },
        france_travail_id: format!(
            "{:07}{}",
            rng.random_range(0..10_000_000),
            char::from(b'A' + rng.random_range(0..26u8))
        ),
        postcode: commune.postcode.clone(),
        commune: commune.name.clone(),
        commune_code: commune.insee_code.clone(),
        consent_date: consent_date.to_string(),
        consent_channel: Some(channel),
        consent_expiry: candidates::default_consent_expiry(consent_date).to_string(),
        target_jobs,
        skills,
        experience: format!("{} ans d'expérience comme {}.", rng.random_range(1..15), job.to_lowercase()),
        qualifications: String::new(),
        driving_licences: if rng.random_bool(0.7) { vec![DrivingLicence::B] } else { Vec::new() },
        languages: if rng.random_bool(0.3) { vec!["Anglais (B1)".to_owned()] } else { Vec::new() },
        available_from: (today + Duration::days(rng.random_range(-30..90))).to_string(),
        wanted_contracts: vec![contract],
        working_time: Some(*[WorkingTime::FullTime, WorkingTime::Either].choose(rng).unwrap_or(&WorkingTime::Either)),
        mobility_radius_km: rng.random_range(5..=40).to_string(),
        mobility_means: vec![
            *[MobilityMeans::Car, MobilityMeans::PublicTransport].choose(rng).unwrap_or(&MobilityMeans::Car),
        ],
        work_constraints: Vec::new(),
        sectors_avoided: Vec::new(),
        sectors_preferred: Vec::new(),
        constraints: Vec::new(),
        eligibility,
        pitch: format!("{first} est motivé·e, disponible rapidement et connaît le métier de {}.", job.to_lowercase()),
        counsellor: COUNSELLORS.choose(rng).copied().unwrap_or(COUNSELLORS[0]).to_owned(),
        version: None,
    })
}

fn company(rng: &mut StdRng, refs: &Referentials) -> CompanyInput {
    let commune = refs.commune(rng);
    let (pattern, with_commune, naf_code) = *COMPANY_PATTERNS.choose(rng).unwrap_or(&COMPANY_PATTERNS[0]);
    let filler = if with_commune {
        town(commune).to_owned()
    } else {
        LAST_NAMES.choose(rng).copied().unwrap_or("Martin").to_owned()
    };
    let name = pattern.replace("{}", &filler);
    let contact_first = *FIRST_NAMES.choose(rng).unwrap_or(&"Sophie");
    let contact_last = *LAST_NAMES.choose(rng).unwrap_or(&"Durand");
    let commitments = match rng.random_range(0..10) {
        0 => vec![KNOWN_COMMITMENTS[0].to_owned()],
        1 => vec![KNOWN_COMMITMENTS[1].to_owned()],
        2 => vec![KNOWN_COMMITMENTS[0].to_owned(), KNOWN_COMMITMENTS[1].to_owned()],
        _ => Vec::new(),
    };
    CompanyInput {
        siret: random_siret(rng),
        naf_code: naf_code.to_owned(),
        headcount_band: HeadcountBand::ALL.get(rng.random_range(1..9)).copied(),
        // Left unknown, as for the companies recorded before the field existed.
        legal_nature: None,
        address: format!("{} rue {}", rng.random_range(1..120), STREETS.choose(rng).copied().unwrap_or("de la Gare")),
        postcode: commune.postcode.clone(),
        commune: commune.name.clone(),
        commune_code: commune.insee_code.clone(),
        contacts: vec![ContactInput {
            id: None,
            name: format!("{contact_first} {contact_last}"),
            role: {
                let (man, woman) = CONTACT_ROLES.choose(rng).copied().unwrap_or(("gérant", "gérante"));
                if is_feminine(contact_first) { woman } else { man }.to_owned()
            },
            email: format!("{}.{}@{}.example", slug(contact_first), slug(contact_last), slug(&name)),
            phone: {
                let first = rng.random_range(1..=5);
                phone(rng, first)
            },
            preferred_channel: ContactChannel::ALL.choose(rng).copied(),
        }],
        hiring_potential: rng.random_range(0..=100).to_string(),
        commitments,
        max_contacts_per_month: if rng.random_bool(0.3) { rng.random_range(1..=4).to_string() } else { String::new() },
        notes: String::new(),
        referent: String::new(),
        version: None,
        name,
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
    let folded = crate::text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if c != '-' || !out.ends_with('-') {
            out.push(c);
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
            department: "69".into(),
            lat: None,
            lng: None,
            population: 1,
        };
        assert_eq!(town(&commune("Lyon 7e Arrondissement")), "Lyon");
        assert_eq!(town(&commune("Paris 1er Arrondissement")), "Paris");
        assert_eq!(town(&commune("Saint-Denis")), "Saint-Denis");
    }

    #[test]
    fn contacts_roles_agree_with_their_first_names() {
        assert!(is_feminine("Camille") && is_feminine("Zoé") && is_feminine("Maëlys"));
        assert!(!is_feminine("Lucas") && !is_feminine("Kévin") && !is_feminine("Noé"));
        assert!(!is_feminine("Inconnu"));
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Hélène"), "helene");
        assert_eq!(slug("Le Gall"), "le-gall");
        assert_eq!(slug("Pharmacie de L'Haÿ-les-Roses"), "pharmacie-de-l-hay-les-roses");
    }
}
