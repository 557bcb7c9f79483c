//! The pool ("vivier"): job seekers who consented to be promoted, with everything a
//! counsellor records about them (PRODUCT.md §1), their search index and duplicate checks.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, Result,
    choices::{ContractType, DrivingLicence, MobilityMeans, WorkingTime},
    hiring_aids::{self, Eligibility, HiringAid, Public},
    list::{Filters, Near, Page, PageSource, Paging, fetch_page},
    referentials,
    text::{fold, fts_query},
    validation::Checker,
};

/// How the candidate gave their consent to be promoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConsentChannel {
    Oral,
    Written,
    Online,
}

impl ConsentChannel {
    fn as_sql(self) -> &'static str {
        match self {
            Self::Oral => "oral",
            Self::Written => "written",
            Self::Online => "online",
        }
    }

    fn from_sql(value: &str) -> rusqlite::Result<Self> {
        match value {
            "oral" => Ok(Self::Oral),
            "written" => Ok(Self::Written),
            "online" => Ok(Self::Online),
            other => Err(rusqlite::Error::InvalidColumnType(0, other.to_owned(), rusqlite::types::Type::Text)),
        }
    }
}

/// A target job: a ROME job title (its code, and the label and job sheet kept with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetJob {
    /// The job title's `code_ogr`; absent only for a job typed before the ROME came in.
    #[ts(type = "number | null")]
    pub code: Option<i64>,
    pub label: String,
    pub rome_code: Option<String>,
}

/// A skill: ticked from the ROME (with its code) or added freely (no code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateSkill {
    #[ts(type = "number | null")]
    pub code: Option<i64>,
    pub label: String,
}

/// The candidate form as the UI sends it: texts as typed, dates as `YYYY-MM-DD`, empty
/// strings for what was left blank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CandidateInput {
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub email: String,
    pub phone: String,
    pub france_travail_id: String,
    pub postcode: String,
    pub commune: String,
    /// INSEE code of the commune chosen from the referential; empty when typed freely.
    pub commune_code: String,
    pub consent_date: String,
    pub consent_channel: Option<ConsentChannel>,
    pub consent_expiry: String,
    pub target_jobs: Vec<TargetJob>,
    pub skills: Vec<CandidateSkill>,
    pub experience: String,
    pub qualifications: String,
    pub driving_licences: Vec<DrivingLicence>,
    pub languages: Vec<String>,
    pub available_from: String,
    pub wanted_contracts: Vec<ContractType>,
    pub working_time: Option<WorkingTime>,
    pub mobility_radius_km: String,
    pub mobility_means: Vec<MobilityMeans>,
    pub constraints: Vec<String>,
    pub eligibility: Eligibility,
    pub pitch: String,
    pub counsellor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Consent {
    pub date: NaiveDate,
    pub channel: ConsentChannel,
    pub expiry: NaiveDate,
}

impl Consent {
    /// Consent covers `day` when it was given on or before it and has not expired.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.date <= day && day <= self.expiry
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Candidate {
    /// A row id: well within JavaScript's safe integers.
    #[ts(type = "number")]
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub france_travail_id: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub commune_code: Option<String>,
    pub consent: Consent,
    /// Whether consent covers today: without it the candidate cannot be promoted.
    pub consent_valid: bool,
    pub target_jobs: Vec<TargetJob>,
    pub skills: Vec<CandidateSkill>,
    pub experience: String,
    pub qualifications: String,
    pub driving_licences: Vec<DrivingLicence>,
    pub languages: Vec<String>,
    pub available_from: Option<NaiveDate>,
    pub wanted_contracts: Vec<ContractType>,
    pub working_time: Option<WorkingTime>,
    pub mobility_radius_km: Option<u32>,
    pub mobility_means: Vec<MobilityMeans>,
    pub constraints: Vec<String>,
    pub eligibility: Eligibility,
    /// The aids an employer could obtain for this person, from the eligibility flags.
    pub hiring_aids: Vec<HiringAid>,
    pub pitch: String,
    pub counsellor: String,
    pub created_at: String,
    pub updated_at: String,
}

/// An existing candidate that a new record seems to repeat, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateMatch {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub reason: String,
}

pub const MAX_TARGET_JOBS: usize = 3;
const MAX_SKILLS: usize = 80;
const MAX_RADIUS_KM: u32 = 300;

/// A checked candidate, ready to store.
pub(crate) struct Valid {
    pub(crate) last_name: String,
    pub(crate) first_name: String,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) email: Option<String>,
    phone: Option<String>,
    pub(crate) france_travail_id: Option<String>,
    postcode: Option<String>,
    commune: Option<String>,
    place: Option<crate::geo::Commune>,
    pub(crate) consent: Consent,
    target_jobs: Vec<TargetJob>,
    skills: Vec<CandidateSkill>,
    experience: String,
    qualifications: String,
    driving_licences: Vec<DrivingLicence>,
    languages: Vec<String>,
    available_from: Option<NaiveDate>,
    wanted_contracts: Vec<ContractType>,
    working_time: Option<WorkingTime>,
    mobility_radius_km: Option<u32>,
    mobility_means: Vec<MobilityMeans>,
    constraints: Vec<String>,
    eligibility: Eligibility,
    pitch: String,
    counsellor: String,
}

/// Checks the form; `id` is the candidate being edited, whose stored jobs and skills stay
/// acceptable even when a newer ROME no longer has them.
pub(crate) fn validate(conn: &Connection, input: &CandidateInput, id: Option<i64>, today: NaiveDate) -> Result<Valid> {
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
    if let Some(age) = age {
        if input.eligibility.under_26 && age >= 26 {
            check.add("under26", format!("D'après sa date de naissance, le candidat a {age} ans."));
        }
        if input.eligibility.over_50 && age < 50 {
            check.add("over50", format!("D'après sa date de naissance, le candidat a {age} ans."));
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
        Some(id) => (target_jobs_of(conn, id)?, skills_of(conn, id)?),
        None => (Vec::new(), Vec::new()),
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
    let constraints = tags(&mut check, "constraints", &input.constraints, 20);
    let pitch = check.optional("pitch", &input.pitch, 2000).unwrap_or_default();
    let counsellor = check.optional("counsellor", &input.counsellor, 120).unwrap_or_default();
    check.finish()?;
    let (Some(date), Some(expiry), Some(channel)) = (consent_date, consent_expiry, input.consent_channel) else {
        return Err(Error::InvalidInput("consentement incomplet".to_owned()));
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
        consent: Consent { date, channel, expiry },
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
        constraints,
        eligibility: input.eligibility,
        pitch,
        counsellor,
    })
}

/// The France Travail identifier: 7 to 11 letters and digits, stored in capitals.
fn france_travail_id(check: &mut Checker, value: &str) -> Option<String> {
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

fn target_jobs(
    conn: &Connection,
    check: &mut Checker,
    input: &[TargetJob],
    stored: &[TargetJob],
) -> Result<Vec<TargetJob>> {
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
    conn: &Connection,
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

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

fn from_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

const COLUMNS: &str = "id, last_name, first_name, birth_date, email, phone, france_travail_id, postcode, commune, \
     commune_code, consent_date, consent_channel, consent_expiry, experience, qualifications, driving_licences, \
     languages, available_from, wanted_contracts, working_time, mobility_radius_km, mobility_means, constraints, \
     rqth, rsa, under_26, over_50, qpv, long_term_unemployed, pitch, counsellor, created_at, updated_at";

fn from_row(row: &Row<'_>, today: NaiveDate) -> rusqlite::Result<Candidate> {
    let consent = Consent {
        date: row.get(10)?,
        channel: ConsentChannel::from_sql(&row.get::<_, String>(11)?)?,
        expiry: row.get(12)?,
    };
    let eligibility = Eligibility {
        rqth: row.get(23)?,
        rsa: row.get(24)?,
        under_26: row.get(25)?,
        over_50: row.get(26)?,
        qpv: row.get(27)?,
        long_term_unemployed: row.get(28)?,
    };
    Ok(Candidate {
        id: row.get(0)?,
        last_name: row.get(1)?,
        first_name: row.get(2)?,
        birth_date: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        france_travail_id: row.get(6)?,
        postcode: row.get(7)?,
        commune: row.get(8)?,
        commune_code: row.get(9)?,
        consent_valid: consent.is_valid_on(today),
        consent,
        target_jobs: Vec::new(),
        skills: Vec::new(),
        experience: row.get(13)?,
        qualifications: row.get(14)?,
        driving_licences: from_json(&row.get::<_, String>(15)?),
        languages: from_json(&row.get::<_, String>(16)?),
        available_from: row.get(17)?,
        wanted_contracts: from_json(&row.get::<_, String>(18)?),
        working_time: row.get::<_, Option<String>>(19)?.as_deref().and_then(WorkingTime::from_code),
        mobility_radius_km: row.get(20)?,
        mobility_means: from_json(&row.get::<_, String>(21)?),
        constraints: from_json(&row.get::<_, String>(22)?),
        hiring_aids: hiring_aids::aids_for(&eligibility),
        eligibility,
        pitch: row.get(29)?,
        counsellor: row.get(30)?,
        created_at: row.get(31)?,
        updated_at: row.get(32)?,
    })
}

/// Stores a new candidate. Unless `allow_duplicate`, a record that repeats an existing
/// one (France Travail identifier, e-mail, or name and birth date) is refused with the
/// matches, so that the counsellor can open the existing record instead.
pub fn create(conn: &Connection, input: &CandidateInput, today: NaiveDate, allow_duplicate: bool) -> Result<Candidate> {
    let valid = validate(conn, input, None, today)?;
    if !allow_duplicate {
        let identity = Identity {
            france_travail_id: valid.france_travail_id.as_deref(),
            email: valid.email.as_deref(),
            last_name: &valid.last_name,
            first_name: &valid.first_name,
            birth_date: valid.birth_date,
        };
        let matches = find_duplicates(conn, &identity, None)?;
        if !matches.is_empty() {
            return Err(Error::Duplicate(matches));
        }
    }
    let id = insert(conn, &valid)?;
    reindex(conn, id)?;
    get(conn, id, today)
}

/// Stores a new candidate checked by `validate`, without its full-text entry: for an
/// import, which checks a whole row before it writes any of it and indexes what it
/// stored once, at its end (`reindex_all`). Returns the new id.
pub(crate) fn insert(conn: &Connection, valid: &Valid) -> Result<i64> {
    save(conn, None, valid)
}

/// `update` of a candidate checked by `validate`, without its full-text entry nor the
/// record read back (an import's, like `insert`).
pub(crate) fn rewrite(conn: &Connection, id: i64, valid: &Valid) -> Result<()> {
    save(conn, Some(id), valid).map(|_| ())
}

pub fn update(conn: &Connection, id: i64, input: &CandidateInput, today: NaiveDate) -> Result<Candidate> {
    if !exists(conn, id)? {
        return Err(Error::NotFound { entity: "Candidat", id });
    }
    let valid = validate(conn, input, Some(id), today)?;
    save(conn, Some(id), &valid)?;
    reindex(conn, id)?;
    get(conn, id, today)
}

fn exists(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM candidates WHERE id = ?1")?.exists([id])?)
}

/// The stored fields of a candidate and the named parameter each is written from (in
/// `save`), for its INSERT and its UPDATE.
const STORED: [(&str, &str); 33] = [
    ("last_name", ":last_name"),
    ("first_name", ":first_name"),
    ("birth_date", ":birth_date"),
    ("email", ":email"),
    ("phone", ":phone"),
    ("france_travail_id", ":ft_id"),
    ("postcode", ":postcode"),
    ("commune", ":commune"),
    ("commune_code", ":commune_code"),
    ("lat", ":lat"),
    ("lng", ":lng"),
    ("consent_date", ":consent_date"),
    ("consent_channel", ":consent_channel"),
    ("consent_expiry", ":consent_expiry"),
    ("experience", ":experience"),
    ("qualifications", ":qualifications"),
    ("driving_licences", ":licences"),
    ("languages", ":languages"),
    ("available_from", ":available_from"),
    ("wanted_contracts", ":contracts"),
    ("working_time", ":working_time"),
    ("mobility_radius_km", ":radius"),
    ("mobility_means", ":means"),
    ("constraints", ":constraints"),
    ("rqth", ":rqth"),
    ("rsa", ":rsa"),
    ("under_26", ":under_26"),
    ("over_50", ":over_50"),
    ("qpv", ":qpv"),
    ("long_term_unemployed", ":ltu"),
    ("pitch", ":pitch"),
    ("counsellor", ":counsellor"),
    ("sort_name", "fold(:last_name || ' ' || :first_name)"),
];

/// `INSERT` (a new candidate, `:id` NULL) and `UPDATE` of every stored field.
static SAVE_SQL: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    let columns: Vec<&str> = STORED.iter().map(|(c, _)| *c).collect();
    let values: Vec<&str> = STORED.iter().map(|(_, v)| *v).collect();
    let sets: Vec<String> = STORED.iter().map(|(c, v)| format!("{c} = {v}")).collect();
    [
        format!(
            "INSERT INTO candidates (id, {}, created_at, updated_at) VALUES (:id, {}, :now, :now)",
            columns.join(", "),
            values.join(", ")
        ),
        format!("UPDATE candidates SET {}, updated_at = :now WHERE id = :id", sets.join(", ")),
    ]
});

/// Writes every field, the target jobs and skills of candidate `id`, or of a new one when
/// `id` is `None` (not its search entry). Returns its id.
fn save(conn: &Connection, id: Option<i64>, v: &Valid) -> Result<i64> {
    let e = &v.eligibility;
    conn.prepare_cached(&SAVE_SQL[usize::from(id.is_some())])?.execute(rusqlite::named_params! {
        ":last_name": v.last_name, ":first_name": v.first_name, ":birth_date": v.birth_date, ":email": v.email,
        ":phone": v.phone, ":ft_id": v.france_travail_id, ":postcode": v.postcode, ":commune": v.commune,
        ":commune_code": v.place.as_ref().map(|p| &p.insee_code), ":lat": v.place.as_ref().and_then(|p| p.lat),
        ":lng": v.place.as_ref().and_then(|p| p.lng), ":consent_date": v.consent.date,
        ":consent_channel": v.consent.channel.as_sql(), ":consent_expiry": v.consent.expiry,
        ":experience": v.experience, ":qualifications": v.qualifications, ":licences": to_json(&v.driving_licences),
        ":languages": to_json(&v.languages), ":available_from": v.available_from,
        ":contracts": to_json(&v.wanted_contracts), ":working_time": v.working_time.map(WorkingTime::code),
        ":radius": v.mobility_radius_km, ":means": to_json(&v.mobility_means), ":constraints": to_json(&v.constraints),
        ":rqth": e.rqth, ":rsa": e.rsa, ":under_26": e.under_26, ":over_50": e.over_50, ":qpv": e.qpv,
        ":ltu": e.long_term_unemployed, ":pitch": v.pitch, ":counsellor": v.counsellor,
        ":now": crate::now_rfc3339(), ":id": id,
    })?;
    let id = match id {
        Some(id) => {
            conn.prepare_cached("DELETE FROM candidate_target_jobs WHERE candidate_id = ?1")?.execute([id])?;
            conn.prepare_cached("DELETE FROM candidate_skills WHERE candidate_id = ?1")?.execute([id])?;
            id
        }
        None => conn.last_insert_rowid(),
    };
    let mut insert = conn.prepare_cached(
        "INSERT INTO candidate_target_jobs (candidate_id, position, job_title_code, label, rome_code) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, job) in (1_i64..).zip(&v.target_jobs) {
        insert.execute(params![id, position, job.code, job.label, job.rome_code])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO candidate_skills (candidate_id, position, skill_code, label) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, skill) in (1_i64..).zip(&v.skills) {
        insert.execute(params![id, position, skill.code, skill.label])?;
    }
    Ok(id)
}

/// Rewrites the full-text entry of candidate `id` from what is stored.
pub(crate) fn reindex(conn: &Connection, id: i64) -> Result<()> {
    reindex_all(conn, &mut vec![id])
}

/// Rewrites the full-text entries of candidates `ids` (sorted and deduplicated here; an
/// id that no longer exists is skipped).
pub(crate) fn reindex_all(conn: &Connection, ids: &mut Vec<i64>) -> Result<()> {
    let Some(list) = crate::db::fts_clear(conn, "candidates_fts", ids)? else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO candidates_fts (rowid, names, jobs, skills, place, other) \
         SELECT c.id, fold(c.first_name || ' ' || c.last_name), \
                fold(coalesce((SELECT group_concat(t.label || ' ' || coalesce(t.rome_code, '') || ' ' || \
                     coalesce(j.label, ''), ' ') FROM candidate_target_jobs t \
                     LEFT JOIN rome_jobs j ON j.code = t.rome_code WHERE t.candidate_id = c.id), '')), \
                fold(coalesce((SELECT group_concat(s.label, ' ') FROM candidate_skills s \
                     WHERE s.candidate_id = c.id), '')), \
                fold(coalesce(c.commune, '') || ' ' || coalesce(c.postcode, '')), \
                fold(concat_ws(' ', c.email, replace(c.phone, ' ', ''), c.france_travail_id, c.qualifications, \
                     c.languages, c.counsellor)) \
         FROM candidates c WHERE c.id IN (SELECT value FROM json_each(?1))",
    )?
    .execute([&list])?;
    Ok(())
}

pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<Candidate> {
    let mut candidate = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM candidates WHERE id = ?1"))?
        .query_row([id], |row| from_row(row, today))
        .optional()?
        .ok_or(Error::NotFound { entity: "Candidat", id })?;
    candidate.target_jobs = target_jobs_of(conn, id)?;
    candidate.skills = skills_of(conn, id)?;
    Ok(candidate)
}

fn target_jobs_of(conn: &Connection, id: i64) -> Result<Vec<TargetJob>> {
    let mut statement = conn.prepare_cached(
        "SELECT job_title_code, label, rome_code FROM candidate_target_jobs WHERE candidate_id = ?1 ORDER BY position",
    )?;
    Ok(statement
        .query_map([id], |r| Ok(TargetJob { code: r.get(0)?, label: r.get(1)?, rome_code: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

fn skills_of(conn: &Connection, id: i64) -> Result<Vec<CandidateSkill>> {
    let mut statement = conn
        .prepare_cached("SELECT skill_code, label FROM candidate_skills WHERE candidate_id = ?1 ORDER BY position")?;
    Ok(statement
        .query_map([id], |r| Ok(CandidateSkill { code: r.get(0)?, label: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}

/// What makes two records the same person.
struct Identity<'a> {
    france_travail_id: Option<&'a str>,
    email: Option<&'a str>,
    last_name: &'a str,
    first_name: &'a str,
    birth_date: Option<NaiveDate>,
}

/// Existing candidates the form seems to repeat: same France Travail identifier, same
/// e-mail, or same name and birth date (accents and case ignored). `exclude` is the
/// candidate being edited.
pub fn duplicates_of(conn: &Connection, input: &CandidateInput, exclude: Option<i64>) -> Result<Vec<DuplicateMatch>> {
    let mut check = Checker::new();
    let (ft_id, email) = (france_travail_id(&mut check, &input.france_travail_id), check.email("email", &input.email));
    let identity = Identity {
        france_travail_id: ft_id.as_deref(),
        email: email.as_deref(),
        last_name: &input.last_name,
        first_name: &input.first_name,
        birth_date: check.date("birthDate", &input.birth_date),
    };
    find_duplicates(conn, &identity, exclude)
}

fn find_duplicates(conn: &Connection, who: &Identity<'_>, exclude: Option<i64>) -> Result<Vec<DuplicateMatch>> {
    let query = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<Vec<(i64, String, String)>> {
        let mut statement = conn.prepare_cached(sql)?;
        Ok(statement.query_map([value], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?)
    };
    let select = "SELECT id, first_name, last_name FROM candidates WHERE";
    let mut found = Vec::new();
    if let Some(ft_id) = who.france_travail_id {
        found.extend(
            query(&format!("{select} france_travail_id = ?1"), &ft_id)?
                .into_iter()
                .map(|r| (r, "même identifiant France Travail")),
        );
    }
    if let Some(email) = who.email {
        found.extend(
            query(&format!("{select} email = ?1 COLLATE NOCASE"), &email)?
                .into_iter()
                .map(|r| (r, "même adresse e-mail")),
        );
    }
    if let Some(birth) = who.birth_date {
        let name = (fold(who.first_name.trim()), fold(who.last_name.trim()));
        found.extend(
            query(&format!("{select} birth_date = ?1"), &birth)?
                .into_iter()
                .filter(|(_, first, last)| (fold(first), fold(last)) == name)
                .map(|r| (r, "mêmes nom, prénom et date de naissance")),
        );
    }
    let mut matches: Vec<DuplicateMatch> = Vec::new();
    for ((id, first, last), reason) in found {
        if Some(id) != exclude && !matches.iter().any(|m| m.id == id) {
            matches.push(DuplicateMatch { id, name: format!("{first} {last}"), reason: reason.to_owned() });
        }
    }
    Ok(matches)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CandidateSort {
    #[default]
    Name,
    Commune,
    AvailableFrom,
    ConsentExpiry,
    CreatedAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConsentFilter {
    Valid,
    Expired,
}

/// What the pool list shows: search words, filters, order and page.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CandidateQuery {
    /// Words to find in names, jobs, skills, commune, e-mail… (accents and case ignored).
    pub search: String,
    /// A ROME job sheet (`D1102`) among the target jobs.
    pub rome_code: Option<String>,
    /// A ROME domain (`D` or `D11`) of a target job.
    pub domain: Option<String>,
    pub near: Option<Near>,
    /// Available on or before this date (YYYY-MM-DD), or with no date given (available now).
    pub available_by: Option<String>,
    pub consent: Option<ConsentFilter>,
    /// Publics the candidate must all belong to.
    pub publics: Vec<Public>,
    pub counsellor: Option<String>,
    pub sort: CandidateSort,
    pub descending: bool,
    pub paging: Paging,
}

/// One row of the pool list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub commune: Option<String>,
    pub postcode: Option<String>,
    /// The target jobs' labels, in order.
    pub target_jobs: Vec<String>,
    pub available_from: Option<NaiveDate>,
    pub consent_expiry: NaiveDate,
    /// Whether consent covers today: without it the candidate cannot be promoted.
    pub consent_valid: bool,
    pub publics: Vec<Public>,
    pub counsellor: String,
    /// Kilometres from the point of the `near` filter.
    pub distance_km: Option<f64>,
}

/// One page of the pool for `query`.
pub fn list(conn: &Connection, query: &CandidateQuery, today: NaiveDate) -> Result<Page<CandidateSummary>> {
    let mut filters = Filters::default();
    let fts = fts_query(&query.search);
    let plan = match &fts {
        None => SearchPlan { from: "candidates c", known_total: None, paging: query.paging },
        Some(fts) => {
            filters.bind(":fts", fts.clone());
            search_plan(conn, query, fts, &mut filters)?
        }
    };
    if let Some(rome) = query.rome_code.as_deref().filter(|r| !r.is_empty()) {
        filters
            .clause("c.id IN (SELECT candidate_id FROM candidate_target_jobs WHERE rome_code = :rome)")
            .bind(":rome", rome.to_owned());
    }
    if let Some(domain) = query.domain.as_deref().filter(|d| !d.is_empty()) {
        // Job sheet codes start with their domain: "D11" covers D1101 to D1199.
        filters
            .clause(
                "c.id IN (SELECT candidate_id FROM candidate_target_jobs \
                 WHERE rome_code >= :domain AND rome_code < :domain || 'Z')",
            )
            .bind(":domain", domain.to_owned());
    }
    let near = query.near.filter(|n| n.radius_km >= 0.0);
    if let Some(near) = &near {
        filters.near("c", near);
    }
    if let Some(date) = query.available_by.as_deref().filter(|d| !d.is_empty()) {
        filters
            .clause("(c.available_from IS NULL OR c.available_from <= :available_by)")
            .bind(":available_by", date.to_owned());
    }
    match query.consent {
        Some(ConsentFilter::Valid) => {
            filters.clause("c.consent_date <= :today AND c.consent_expiry >= :today").bind(":today", today);
        }
        Some(ConsentFilter::Expired) => {
            filters.clause("(c.consent_expiry < :today OR c.consent_date > :today)").bind(":today", today);
        }
        None => {}
    }
    for public in &query.publics {
        filters.clause(format!("c.{} = 1", public.column()));
    }
    if let Some(counsellor) = query.counsellor.as_deref().filter(|c| !c.is_empty()) {
        filters.clause("c.counsellor = :counsellor").bind(":counsellor", counsellor.to_owned());
    }
    let direction = if query.descending { "DESC" } else { "ASC" };
    let order_by = match query.sort {
        CandidateSort::Name => format!("c.sort_name {direction}, c.id {direction}"),
        CandidateSort::Commune => format!("c.commune COLLATE NOCASE {direction}, c.sort_name, c.id"),
        // No date means available now: first in ascending order, as the index has it.
        CandidateSort::AvailableFrom => format!("c.available_from {direction}, c.id {direction}"),
        CandidateSort::ConsentExpiry => format!("c.consent_expiry {direction}, c.id"),
        CandidateSort::CreatedAt => format!("c.id {direction}"),
    };
    let distance = if near.is_some() { "distance_km(c.lat, c.lng, :near_lat, :near_lng)" } else { "NULL" };
    let columns = format!(
        "c.id, c.last_name, c.first_name, c.commune, c.postcode, \
         (SELECT json_group_array(label) FROM (SELECT label FROM candidate_target_jobs \
          WHERE candidate_id = c.id ORDER BY position)), \
         c.available_from, c.consent_date, c.consent_expiry, c.rqth, c.rsa, c.under_26, c.over_50, c.qpv, \
         c.long_term_unemployed, c.counsellor, {distance}"
    );
    let source = PageSource {
        columns: &columns,
        from: plan.from,
        filters: &filters,
        order_by: &order_by,
        known_total: plan.known_total,
    };
    fetch_page(conn, &source, plan.paging, |row| {
        let consent_date: NaiveDate = row.get(7)?;
        let consent_expiry: NaiveDate = row.get(8)?;
        let flags: Vec<bool> = (9..15).map(|i| row.get(i)).collect::<rusqlite::Result<_>>()?;
        Ok(CandidateSummary {
            id: row.get(0)?,
            last_name: row.get(1)?,
            first_name: row.get(2)?,
            commune: row.get(3)?,
            postcode: row.get(4)?,
            target_jobs: from_json(&row.get::<_, String>(5)?),
            available_from: row.get(6)?,
            consent_expiry,
            consent_valid: consent_date <= today && today <= consent_expiry,
            publics: Public::ALL.iter().zip(flags).filter(|(_, set)| *set).map(|(p, _)| *p).collect(),
            counsellor: row.get(15)?,
            distance_km: row.get(16)?,
        })
    })
}

/// A search sorted by name whose matches are more than 1 in `NAME_WALK_SHARE` of the pool
/// walks the name index, keeping the matching rows until the page is full: the page fills
/// after about `50 × NAME_WALK_SHARE` rows. Rarer words sort their matches by the small
/// id → name index instead, and only the page's rows are read in full.
const NAME_WALK_SHARE: u32 = 50;
const NAME_WALK_ABOVE: u32 = 1_500;

/// How a search reads the pool (the FTS query is bound as `:fts`).
struct SearchPlan {
    from: &'static str,
    /// The number of matches, when the index alone gave it.
    known_total: Option<u32>,
    /// The page window of the outer query (the plan may already have applied it).
    paging: Paging,
}

fn search_plan(conn: &Connection, query: &CandidateQuery, fts: &str, filters: &mut Filters) -> Result<SearchPlan> {
    let only_search = query.rome_code.as_deref().unwrap_or("").is_empty()
        && query.domain.as_deref().unwrap_or("").is_empty()
        && query.near.is_none()
        && query.available_by.as_deref().unwrap_or("").is_empty()
        && query.consent.is_none()
        && query.publics.is_empty()
        && query.counsellor.as_deref().unwrap_or("").is_empty();
    if !only_search || query.sort != CandidateSort::Name {
        // Other filters or orders need the rows: read the matches, then filter and sort.
        filters.clause("candidates_fts MATCH :fts");
        let from = "candidates_fts CROSS JOIN candidates c ON c.id = candidates_fts.rowid";
        return Ok(SearchPlan { from, known_total: None, paging: query.paging });
    }
    let matches: u32 = conn
        .prepare_cached("SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH ?1")?
        .query_row([fts], |r| r.get(0))?;
    let pool: u32 = if matches > NAME_WALK_ABOVE {
        conn.prepare_cached("SELECT count(*) FROM candidates")?.query_row([], |r| r.get(0))?
    } else {
        u32::MAX
    };
    if matches > NAME_WALK_ABOVE && matches.saturating_mul(NAME_WALK_SHARE) > pool {
        filters.clause("c.id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH :fts)");
        let from = "candidates c INDEXED BY candidates_sort_name";
        return Ok(SearchPlan { from, known_total: Some(matches), paging: query.paging });
    }
    let direction = if query.descending { "DESC" } else { "ASC" };
    filters
        .clause(format!(
            "c.id IN (SELECT k.id FROM candidates_fts \
             CROSS JOIN candidates k INDEXED BY candidates_id_sort ON k.id = candidates_fts.rowid \
             WHERE candidates_fts MATCH :fts ORDER BY k.sort_name {direction}, k.id {direction} \
             LIMIT :page_limit OFFSET :page_offset)"
        ))
        .bind(":page_limit", query.paging.page_size())
        .bind(":page_offset", query.paging.offset);
    Ok(SearchPlan {
        from: "candidates c",
        known_total: Some(matches),
        paging: Paging { offset: 0, limit: query.paging.page_size() },
    })
}

/// The counsellors named on candidates, for the list filter.
pub fn counsellors(conn: &Connection) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT DISTINCT counsellor FROM candidates WHERE counsellor <> '' ORDER BY counsellor")?;
    Ok(statement.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}
