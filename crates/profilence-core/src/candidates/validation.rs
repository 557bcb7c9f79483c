//! The candidate form checked: every field, the target jobs and skills against the ROME
//! loaded, the consent; what passes is a `Valid` candidate, ready to store.

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::{
    CandidateInput, CandidateSkill, Consent, ConsentSource, MAX_SECTORS, MAX_TARGET_JOBS, NafSector, TargetJob, storage,
};
use crate::{
    Error, Result,
    choices::{ContractType, DrivingLicence, MobilityMeans, WorkConstraint, WorkingTime},
    constraints,
    hiring_aids::Eligibility,
    referentials,
    text::fold,
    validation::Checker,
};

const MAX_SKILLS: usize = 80;
const MAX_RADIUS_KM: u32 = 300;

/// A checked candidate, ready to store.
pub(crate) struct Valid {
    pub(crate) last_name: String,
    pub(crate) first_name: String,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) france_travail_id: Option<String>,
    pub(crate) postcode: Option<String>,
    pub(crate) commune: Option<String>,
    pub(crate) place: Option<crate::geo::Commune>,
    pub(crate) consent: Consent,
    /// Where the consent comes from (the form unless an import says otherwise).
    pub(crate) consent_source: ConsentSource,
    pub(crate) target_jobs: Vec<TargetJob>,
    pub(crate) skills: Vec<CandidateSkill>,
    pub(crate) experience: String,
    pub(crate) qualifications: String,
    pub(crate) driving_licences: Vec<DrivingLicence>,
    pub(crate) languages: Vec<String>,
    pub(crate) available_from: Option<NaiveDate>,
    pub(crate) wanted_contracts: Vec<ContractType>,
    pub(crate) working_time: Option<WorkingTime>,
    pub(crate) mobility_radius_km: Option<u32>,
    pub(crate) mobility_means: Vec<MobilityMeans>,
    pub(crate) work_constraints: Vec<WorkConstraint>,
    pub(crate) sectors_avoided: Vec<NafSector>,
    pub(crate) sectors_preferred: Vec<NafSector>,
    pub(crate) constraints: Vec<String>,
    pub(crate) eligibility: Eligibility,
    pub(crate) pitch: String,
    pub(crate) counsellor: String,
}

/// Checks the form; `id` is the candidate being edited, whose stored jobs and skills stay
/// acceptable even when a newer ROME no longer has them.
pub(crate) fn validate(conn: &Conn, input: &CandidateInput, id: Option<i64>, today: NaiveDate) -> Result<Valid> {
    let mut check = Checker::new();
    let last_name = check.required("lastName", &input.last_name, 100);
    let first_name = check.required("firstName", &input.first_name, 100);
    let birth_date = check.date("birthDate", &input.birth_date);
    let age = birth_date.and_then(|birth| today.years_since(birth));
    if let Some(birth) = birth_date {
        if birth >= today {
            check.add("birthDate", "La date de naissance doit être dans le passé.");
        } else if age.is_some_and(|age| age < 15) {
            check.add("birthDate", "Le candidat doit avoir au moins 15 ans.");
        }
    }
    let email = check.email("email", &input.email);
    let phone = check.phone("phone", &input.phone);
    let france_travail_id = france_travail_id(&mut check, &input.france_travail_id);
    let postcode = check.postcode("postcode", &input.postcode);
    let commune = check.optional("commune", &input.commune, 100);
    let place = match (input.commune_code.trim(), &postcode) {
        ("", _) => None,
        (code, Some(postcode)) => {
            let found = referentials::commune(conn, code, postcode)?;
            if found.is_none() {
                check.add("commune", format!("Commune {code} inconnue pour le code postal {postcode}."));
            }
            found
        }
        (_, None) => None,
    };
    let consent_date = check.required_date("consentDate", &input.consent_date);
    if consent_date.is_some_and(|date| date > today) {
        check.add("consentDate", "Le consentement ne peut pas être daté dans le futur.");
    }
    let consent_expiry = check.required_date("consentExpiry", &input.consent_expiry);
    if let (Some(date), Some(expiry)) = (consent_date, consent_expiry)
        && expiry < date
    {
        check.add("consentExpiry", "L'échéance du consentement doit suivre sa date.");
    }
    if input.consent_channel.is_none() {
        check.add("consentChannel", "Indiquez comment le consentement a été recueilli.");
    }
    let stored = match id {
        Some(id) => (storage::target_jobs_of(conn, id)?, storage::skills_of(conn, id)?, storage::sectors_of(conn, id)?),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    let target_jobs = target_jobs(conn, &mut check, &input.target_jobs, &stored.0)?;
    let skills = skills(conn, &mut check, &input.skills, &stored.1)?;
    let experience = check.optional("experience", &input.experience, 4000).unwrap_or_default();
    let qualifications = check.optional("qualifications", &input.qualifications, 2000).unwrap_or_default();
    let languages = tags(&mut check, "languages", &input.languages, 20);
    let available_from = check.date("availableFrom", &input.available_from);
    let mobility_radius_km = match input.mobility_radius_km.trim() {
        "" => None,
        radius => match radius.parse::<u32>() {
            Ok(km) if km <= MAX_RADIUS_KM => Some(km),
            _ => {
                check.add("mobilityRadiusKm", format!("Rayon en kilomètres, de 0 à {MAX_RADIUS_KM}."));
                None
            }
        },
    };
    let notes = tags(&mut check, "constraints", &input.constraints, 20);
    let (work_constraints, constraints) = constraints::sort_notes(
        notes,
        unique(&input.work_constraints),
        input.working_time,
        !input.driving_licences.is_empty(),
    );
    work_constraints_agree(&mut check, &work_constraints, input);
    let sectors_avoided = sectors(conn, &mut check, "sectorsAvoided", &input.sectors_avoided, &stored.2)?;
    let sectors_preferred = sectors(conn, &mut check, "sectorsPreferred", &input.sectors_preferred, &stored.2)?;
    for preferred in &sectors_preferred {
        if let Some(avoided) = sectors_avoided.iter().find(|a| a.holds(&preferred.code) || preferred.holds(&a.code)) {
            check.add(
                "sectorsPreferred",
                format!("« {} » est aussi un secteur à éviter ({}).", preferred.text(), avoided.text()),
            );
        }
    }
    let pitch = check.optional("pitch", &input.pitch, 2000).unwrap_or_default();
    let counsellor = check.optional("counsellor", &input.counsellor, 120).unwrap_or_default();
    check.finish()?;
    let (Some(date), Some(expiry), Some(channel)) = (consent_date, consent_expiry, input.consent_channel) else {
        return Err(Error::Invariant("consentement incomplet".to_owned()));
    };
    Ok(Valid {
        last_name,
        first_name,
        birth_date,
        email,
        phone,
        france_travail_id,
        postcode,
        commune: place.as_ref().map(|p| p.name.clone()).or(commune),
        place,
        consent: Consent { date, channel, expiry, withdrawn_on: None },
        consent_source: ConsentSource::Form,
        target_jobs,
        skills,
        experience,
        qualifications,
        driving_licences: unique(&input.driving_licences),
        languages,
        available_from,
        wanted_contracts: unique(&input.wanted_contracts),
        working_time: input.working_time,
        mobility_radius_km,
        mobility_means: unique(&input.mobility_means),
        work_constraints,
        sectors_avoided,
        sectors_preferred,
        constraints,
        eligibility: input.eligibility,
        pitch,
        counsellor,
    })
}

/// The France Travail identifier: 7 to 11 letters and digits, stored in capitals.
pub(super) fn france_travail_id(check: &mut Checker, value: &str) -> Option<String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.is_empty() {
        return None;
    }
    if (7..=11).contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        Some(compact)
    } else {
        check.add("franceTravailId", "Identifiant France Travail invalide (7 à 11 lettres et chiffres, ex. 1234567A).");
        None
    }
}

fn target_jobs(conn: &Conn, check: &mut Checker, input: &[TargetJob], stored: &[TargetJob]) -> Result<Vec<TargetJob>> {
    if input.is_empty() {
        check.add("targetJobs", "Choisissez au moins un métier visé dans le ROME.");
    } else if input.len() > MAX_TARGET_JOBS {
        check.add("targetJobs", format!("{MAX_TARGET_JOBS} métiers visés au maximum."));
    }
    let mut jobs: Vec<TargetJob> = Vec::new();
    let mut lookup = conn.prepare_cached("SELECT label, rome_code FROM job_titles WHERE code = ?1")?;
    for job in input.iter().take(MAX_TARGET_JOBS) {
        let known = match job.code {
            Some(code) => lookup
                .query_row([code], |r| Ok(TargetJob { code: Some(code), label: r.get(0)?, rome_code: r.get(1)? }))
                .optional()?,
            None => None,
        };
        let kept = || stored.iter().find(|s| s.code == job.code && (s.code.is_some() || s.label == job.label));
        match known.or_else(|| kept().cloned()) {
            Some(job) if jobs.iter().any(|j| j.code == job.code && j.label == job.label) => {
                check.add("targetJobs", format!("« {} » est choisi deux fois.", job.label));
            }
            Some(job) => jobs.push(job),
            None if job.code.is_some() => {
                check.add("targetJobs", format!("Le métier « {} » n'existe pas dans le ROME chargé.", job.label));
            }
            None => check.add("targetJobs", format!("Choisissez « {} » dans la liste des métiers du ROME.", job.label)),
        }
    }
    Ok(jobs)
}

fn skills(
    conn: &Conn,
    check: &mut Checker,
    input: &[CandidateSkill],
    stored: &[CandidateSkill],
) -> Result<Vec<CandidateSkill>> {
    if input.len() > MAX_SKILLS {
        check.add("skills", format!("{MAX_SKILLS} compétences au maximum."));
    }
    let mut skills: Vec<CandidateSkill> = Vec::new();
    let mut lookup = conn.prepare_cached("SELECT label FROM skills WHERE code = ?1")?;
    for skill in input.iter().take(MAX_SKILLS) {
        let skill = match skill.code {
            Some(code) => {
                let label: Option<String> = lookup.query_row([code], |r| r.get(0)).optional()?;
                match label.or_else(|| stored.iter().find(|s| s.code == Some(code)).map(|s| s.label.clone())) {
                    Some(label) => CandidateSkill { code: Some(code), label },
                    None => {
                        check.add(
                            "skills",
                            format!("La compétence « {} » n'existe pas dans le ROME chargé.", skill.label),
                        );
                        continue;
                    }
                }
            }
            None => {
                let label = skill.label.trim();
                if label.is_empty() || label.chars().count() > 200 {
                    check.add("skills", "Une compétence ajoutée doit avoir un libellé de 1 à 200 caractères.");
                    continue;
                }
                CandidateSkill { code: None, label: label.to_owned() }
            }
        };
        if !skills.iter().any(|s| s.code == skill.code && fold(&s.label) == fold(&skill.label)) {
            skills.push(skill);
        }
    }
    Ok(skills)
}

/// The constraints ticked against what the form says elsewhere (`constraints::agrees`): the
/// ROME has no working time to compare part-time only with, the wanted working time has; no
/// licence against the licences ticked.
fn work_constraints_agree(check: &mut Checker, work: &[WorkConstraint], input: &CandidateInput) {
    let agrees = |c| constraints::agrees(c, input.working_time, !input.driving_licences.is_empty());
    if !agrees(WorkConstraint::PartTimeOnly) && work.contains(&WorkConstraint::PartTimeOnly) {
        check.add(
            "workingTime",
            "« Temps partiel uniquement » est coché dans les contraintes : choisissez « Temps partiel » comme temps \
             de travail souhaité.",
        );
    }
    if !agrees(WorkConstraint::NoDrivingLicence) && work.contains(&WorkConstraint::NoDrivingLicence) {
        check.add(
            "drivingLicences",
            "« Pas de permis de conduire » est coché dans les contraintes : décochez les permis ou cette contrainte.",
        );
    }
}

/// Sectors avoided or preferred: NAF codes of any level from the referential loaded (a
/// code the candidate already had stays acceptable when a newer NAF lacks it), without
/// repeats.
fn sectors(
    conn: &Conn,
    check: &mut Checker,
    field: &str,
    input: &[NafSector],
    stored: &[NafSector],
) -> Result<Vec<NafSector>> {
    let mut kept: Vec<NafSector> = Vec::new();
    for sector in input {
        let code = sector.code.trim().to_uppercase();
        if !referentials::is_naf_code(&code) {
            check.add(field, format!("« {} » n'est pas un code NAF (ex. 10, 10.71 ou 10.71C).", sector.code.trim()));
            continue;
        }
        let label = match referentials::naf_label(conn, &code)? {
            Some(label) => label,
            None => match stored.iter().find(|s| s.code == code) {
                Some(s) => s.label.clone(),
                None => {
                    check.add(field, format!("Le secteur {code} n'existe pas dans la NAF chargée."));
                    continue;
                }
            },
        };
        if !kept.iter().any(|k| k.code == code) {
            kept.push(NafSector { code, label });
        }
    }
    if kept.len() > MAX_SECTORS {
        check.add(field, format!("{MAX_SECTORS} secteurs au maximum."));
    }
    Ok(kept)
}

/// Free tags (languages, constraints): trimmed, without blanks or repeats.
fn tags(check: &mut Checker, field: &str, values: &[String], max: usize) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if value.chars().count() > 120 {
            check.add(field, "120 caractères au maximum par élément.");
        } else if !kept.iter().any(|k| fold(k) == fold(value)) {
            kept.push(value.to_owned());
        }
    }
    if kept.len() > max {
        check.add(field, format!("{max} éléments au maximum."));
    }
    kept
}

fn unique<T: PartialEq + Copy>(values: &[T]) -> Vec<T> {
    let mut kept = Vec::with_capacity(values.len());
    for value in values {
        if !kept.contains(value) {
            kept.push(*value);
        }
    }
    kept
}
