//! What a row says of its candidate: one already in the pool or made by an earlier row of
//! the same person (the candidates' duplicate rules, `people`), brought up to what the
//! file adds, or a new one — who needs a target job of the ROME and a consent the file
//! states. A row that may be someone already there, but not surely, is kept apart and
//! flagged with both records.

use chrono::NaiveDate;

use super::{
    MAX_UNSTATED, PreviewValue, UnstatedConsent,
    columns::SheetPlan,
    importer::{CandidatePlan, Change, Importer, Problem, RowError, RowValues, non_empty, optional, refused, reject},
    mapping::{self, ImportField},
    read::Value,
    values,
};
use crate::{
    Result,
    candidates::{self, CandidateInput, ConsentChannel, ConsentSource, Found, Identity, Reason, TargetJob},
    clock::stored,
    text::{fold, french_date, iso_date},
};

use ImportField as F;

/// The form fields of candidates and companies, named as the core names them.
const CANDIDATE_FIELDS: &[(&str, ImportField)] = &[
    ("lastName", F::LastName),
    ("firstName", F::FirstName),
    ("birthDate", F::BirthDate),
    ("email", F::Email),
    ("phone", F::Phone),
    ("franceTravailId", F::FranceTravailId),
    ("postcode", F::Postcode),
    ("commune", F::Commune),
    ("consentDate", F::ConsentDate),
    ("consentChannel", F::ConsentChannel),
    ("consentExpiry", F::ConsentExpiry),
    ("targetJobs", F::TargetJob),
    ("counsellor", F::Counsellor),
];

/// For each data row of a file: the person it names, the day of its promotion.
type RowsPeople = (Vec<Option<Identity>>, Vec<Option<NaiveDate>>);

/// The row's last and first names, with a doubt when a full name was split at a guess.
fn names(v: &RowValues<'_>) -> Result<(String, String, Option<Problem>), RowError> {
    match (v.get(F::LastName), v.get(F::FirstName), v.get(F::FullName)) {
        (Some(last), Some(first), _) => Ok((values::text(last), values::text(first), None)),
        (_, _, Some(full)) => match values::split_full_name(&values::text(full)) {
            Some((last, first, sure)) => {
                let doubt = (!sure).then(|| {
                    Problem::new(
                        Some(F::FullName),
                        values::text(full),
                        format!("Nom et prénom séparés au mieux : nom « {last} », prénom « {first} »."),
                    )
                });
                Ok((last, first, doubt))
            }
            None => Err(reject(Some(F::FullName), values::text(full), "Indiquez le nom et le prénom du candidat.")),
        },
        (Some(last), None, None) => Err(reject(Some(F::FirstName), values::text(last), "Prénom du candidat manquant.")),
        (None, Some(first), None) => Err(reject(Some(F::LastName), values::text(first), "Nom du candidat manquant.")),
        (None, None, None) => Err(reject(Some(F::LastName), "", "Nom et prénom du candidat manquants.")),
    }
}

impl Importer<'_> {
    /// What identifies the person of each data row and the day of its promotion, in the
    /// order the import reads them (`people`): read quietly, as `candidate` reads it.
    pub(super) fn identities_of_rows(&mut self, plans: &[SheetPlan<'_>]) -> Result<RowsPeople> {
        let rows = plans.iter().map(|p| p.table.data.len()).sum();
        let (mut identities, mut promoted) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
        for plan in plans {
            for &position in &plan.table.data {
                let row = &plan.sheet.rows[position];
                let v = RowValues { cells: plan.fields.iter().map(|(i, f)| (*f, row.get(*i))).collect() };
                identities.push(self.row_identity(&v)?);
                // A day in the future is no promotion (`promotion` rejects it).
                let day = v.get(F::PromotionDate).and_then(|d| values::date(d, self.today));
                promoted.push(day.filter(|day| *day <= self.today));
            }
        }
        Ok((identities, promoted))
    }

    /// The person a row names, with where they live and the job they look for; `None`
    /// for a row that names nobody.
    fn row_identity(&mut self, v: &RowValues<'_>) -> Result<Option<Identity>> {
        if !v.has_any(mapping::Entity::Candidate) {
            return Ok(None);
        }
        let Ok((last, first, _)) = names(v) else { return Ok(None) };
        let today = self.today;
        let read = |field, parse: fn(&Value) -> Option<String>| v.get(field).and_then(parse);
        let postcode = read(F::Postcode, values::postcode);
        let commune_text = v.text(F::Commune);
        let place = self.commune(postcode.as_deref(), &commune_text)?;
        let job_text = v.text(F::TargetJob);
        let job = if job_text.is_empty() { None } else { self.job_title(&job_text)?.map(|(job, _)| job) };
        Ok(Some(
            Identity::new(
                read(F::FranceTravailId, values::france_travail_id).as_deref(),
                read(F::Email, values::email).as_deref(),
                read(F::Phone, values::phone).as_deref(),
                &last,
                &first,
                v.get(F::BirthDate).and_then(|d| values::date(d, today)),
            )
            .living_in(place.as_ref().map(|(code, _)| code.as_str()), &commune_text)
            .looking_for(job.as_ref().and_then(|j| j.rome_code.as_deref())),
        ))
    }

    pub(super) fn candidate(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(CandidatePlan, Change), RowError> {
        let (last, first, split) = names(v)?;
        doubts.extend(split);
        preview.push(PreviewValue { field: F::LastName, value: last.clone() });
        preview.push(PreviewValue { field: F::FirstName, value: first.clone() });
        let birth = self.optional_date(v, F::BirthDate, doubts);
        let email = optional(v, F::Email, doubts, values::email, "Adresse e-mail invalide : non reprise.");
        let phone = optional(v, F::Phone, doubts, values::phone, "Numéro de téléphone illisible : non repris.");
        let ft_id = optional(
            v,
            F::FranceTravailId,
            doubts,
            values::france_travail_id,
            "Identifiant France Travail invalide (7 à 11 lettres et chiffres) : non repris.",
        );
        let postcode = optional(v, F::Postcode, doubts, values::postcode, "Code postal invalide : non repris.");
        let commune_text = v.text(F::Commune);
        let place = self.commune(postcode.as_deref(), &commune_text)?;
        for (field, value) in [
            (F::BirthDate, birth.map(french_date)),
            (F::Email, email.clone()),
            (F::Phone, phone.clone()),
            (F::FranceTravailId, ft_id.clone()),
            (F::Postcode, postcode.clone()),
            (F::Commune, place.as_ref().map(|(_, name)| name.clone()).or_else(|| non_empty(&commune_text))),
        ] {
            if let Some(value) = value {
                preview.push(PreviewValue { field, value });
            }
        }
        let counsellor = v.text(F::Counsellor);
        // The person's candidate: the one an earlier row of the same person became, else
        // the one the pool holds for any of the person's rows.
        let earlier = self.people.of(self.row).and_then(|p| self.person_candidate.get(&p)).copied();
        let found = match earlier {
            Some(id) => Some(id),
            None => match self.identities.find(&self.people.identities(self.row)) {
                Found::Nobody => None,
                Found::Doubtful(maybe) => {
                    let names: Vec<String> = maybe
                        .iter()
                        .map(|(id, why)| format!("{}, avec {why}", self.identities.describe(*id)))
                        .collect();
                    doubts.push(Problem::new(
                        None,
                        format!("{first} {last}"),
                        format!(
                            "Peut-être la même personne que {} : mêmes nom et prénom, même commune ou même métier. \
                             Candidat créé à part : vérifiez les deux fiches.",
                            names.join(" ; ")
                        ),
                    ));
                    None
                }
                Found::Same { id, reason, also } => {
                    if !also.is_empty() {
                        let others: Vec<String> = also.iter().map(|id| self.identities.describe(*id)).collect();
                        doubts.push(Problem::new(
                            None,
                            format!("{first} {last}"),
                            format!(
                                "La ligne correspond aussi à {} : la fiche {} est retenue. Ces fiches sont peut-être \
                                 des doublons : vérifiez-les.",
                                others.join(", "),
                                self.identities.describe(id)
                            ),
                        ));
                    } else if reason == Reason::NamesCorroborated {
                        doubts.push(Problem::new(
                            None,
                            format!("{first} {last}"),
                            format!(
                                "Rapproché de la fiche {} ({}), sans identifiant commun : vérifiez.",
                                self.identities.describe(id),
                                reason.label()
                            ),
                        ));
                    }
                    Some(id)
                }
            },
        };
        if let Some(id) = found {
            let print = v.fingerprint(mapping::Entity::Candidate);
            if self.seen.get(&(false, id)).is_some_and(|(p, _)| *p == print) {
                self.counts.candidates_unchanged += 1;
                return Ok((CandidatePlan::Known { id, print: None }, Change::Unchanged));
            }
            let update = Update { birth, email, phone, ft_id, postcode, place, commune_text, counsellor };
            return Ok(match self.update_candidate(id, v, &update, doubts)? {
                Some(valid) => {
                    self.counts.candidates_updated += 1;
                    (CandidatePlan::Rewrite { id, valid, print }, Change::Updated)
                }
                None => {
                    self.counts.candidates_unchanged += 1;
                    (CandidatePlan::Known { id, print: Some(print) }, Change::Unchanged)
                }
            });
        }
        // A new candidate: the pool holds people who consented, with a target job.
        let job_text = v.text(F::TargetJob);
        let job = if job_text.is_empty() {
            return Err(reject(
                Some(F::TargetJob),
                "",
                "Métier visé manquant : un candidat du vivier a au moins un métier du ROME.",
            ));
        } else {
            match self.job_title(&job_text)? {
                Some((job, exact)) => {
                    if !exact {
                        doubts.push(Problem::new(
                            Some(F::TargetJob),
                            job_text.clone(),
                            format!("Métier rapproché de « {} » du ROME.", job.label),
                        ));
                    }
                    job
                }
                None => {
                    return Err(reject(
                        Some(F::TargetJob),
                        job_text,
                        "Métier introuvable dans le ROME chargé : écrivez l'appellation ou le code ROME (ex. D1102).",
                    ));
                }
            }
        };
        preview.push(PreviewValue { field: F::TargetJob, value: job.label.clone() });
        let target_jobs = self.other_jobs(v, job, doubts)?;
        let consent = self.consent(v, None, &format!("{first} {last}"))?;
        preview.push(PreviewValue {
            field: F::ConsentDate,
            value: format!("{} → {}", french_date(consent.0), french_date(consent.2)),
        });
        let input = CandidateInput {
            last_name: last.clone(),
            first_name: first.clone(),
            birth_date: birth.map(iso_date).unwrap_or_default(),
            email: email.clone().unwrap_or_default(),
            phone: phone.clone().unwrap_or_default(),
            france_travail_id: ft_id.clone().unwrap_or_default(),
            postcode: postcode.clone().unwrap_or_default(),
            commune: place.as_ref().map(|(_, n)| n.clone()).unwrap_or(commune_text),
            commune_code: place.map(|(code, _)| code).unwrap_or_default(),
            consent_date: iso_date(consent.0),
            consent_channel: Some(consent.1),
            consent_expiry: iso_date(consent.2),
            target_jobs,
            counsellor,
            ..CandidateInput::default()
        };
        let mut valid = candidates::validate(self.conn, &input, None, self.today)
            .map_err(|e| refused(e, CANDIDATE_FIELDS, &|f| v.text(f)))?;
        valid.consent_source = consent.3;
        self.counts.candidates_created += 1;
        let print = v.fingerprint(mapping::Entity::Candidate);
        Ok((CandidatePlan::Create { valid: Box::new(valid), print }, Change::Created))
    }

    /// The consent the row states, or the counsellor attested: (date, channel, expiry,
    /// where it comes from). `current` is the stored consent's channel, kept on a renewal
    /// that names none. `name` names the row's person in the list of unstated consents.
    fn consent(
        &mut self,
        v: &RowValues<'_>,
        current: Option<ConsentChannel>,
        name: &str,
    ) -> Result<(NaiveDate, ConsentChannel, NaiveDate, ConsentSource), RowError> {
        let Some(value) = v.get(F::ConsentDate) else {
            return self.attested(name);
        };
        let Some(date) = values::date(value, self.today) else {
            let text = values::text(value);
            let folded = fold(&text);
            let reason = if ["non", "refus", "refuse", "n"].contains(&folded.as_str()) {
                "Le candidat n'a pas consenti à la promotion de son profil : il n'entre pas dans le vivier."
            } else {
                "Date du consentement attendue (ex. 12/03/2025) : sans date, le consentement n'est pas repris."
            };
            return Err(reject(Some(F::ConsentDate), text, reason));
        };
        let channel = match v.get(F::ConsentChannel) {
            Some(value) => values::consent_channel(value).or(self.options.consent_channel).or(current),
            None => self.options.consent_channel.or(current),
        };
        let Some(channel) = channel else {
            self.needs_consent_channel = true;
            return Err(reject(
                Some(F::ConsentChannel),
                v.text(F::ConsentChannel),
                "Mode de recueil du consentement non indiqué : choisissez-le pour ce fichier (oral, écrit ou en ligne).",
            ));
        };
        let expiry = match v.get(F::ConsentExpiry) {
            Some(value) => match values::date(value, self.today) {
                Some(expiry) => expiry,
                None => {
                    return Err(reject(Some(F::ConsentExpiry), values::text(value), "Fin du consentement illisible."));
                }
            },
            None => {
                self.consent_expiry_defaulted = true;
                candidates::default_consent_expiry(date)
            }
        };
        let source = ConsentSource::File { file: self.file.clone(), by: self.signer.clone(), at: stored(self.now) };
        Ok((date, channel, expiry, source))
    }

    /// The consent of a row that states none: the counsellor's attestation when it covers
    /// the row, else the row is rejected (and listed for the attestation either way).
    fn attested(&mut self, name: &str) -> Result<(NaiveDate, ConsentChannel, NaiveDate, ConsentSource), RowError> {
        let covered = self.attestation.as_ref().filter(|a| !a.excluded.contains(&self.here));
        if self.unstated.len() < MAX_UNSTATED {
            self.unstated.push(UnstatedConsent {
                sheet: self.here.sheet.clone(),
                row: self.here.row,
                name: name.to_owned(),
                attested: covered.is_some(),
            });
        }
        let Some(attestation) = covered else {
            return Err(reject(
                Some(F::ConsentDate),
                "",
                "Consentement à la promotion non indiqué : le vivier n'accueille que les personnes qui ont consenti. \
                 Si elles ont accepté la promotion de leur profil, attestez-le dans l'aperçu de l'import.",
            ));
        };
        let (channel, on) = (attestation.channel, attestation.on);
        let Some(date) = on.or_else(|| self.people.first_promotion(self.row)) else {
            return Err(reject(
                Some(F::PromotionDate),
                "",
                "Consentement attesté à la date de la première promotion, mais cette personne n'a pas de promotion \
                 datée dans le fichier : choisissez une date pour l'attestation.",
            ));
        };
        let source = ConsentSource::Attested {
            file: self.file.clone(),
            by: self.signer.clone(),
            at: stored(self.now),
            on: self.today,
        };
        Ok((date, channel, candidates::default_consent_expiry(date), source))
    }

    fn update_candidate(
        &mut self,
        id: i64,
        v: &RowValues<'_>,
        u: &Update,
        doubts: &mut Vec<Problem>,
    ) -> Result<Option<Box<candidates::Valid>>, RowError> {
        let current = candidates::get(self.conn, id, self.today)?;
        let mut input = current.to_input();
        let mut changed = false;
        match (current.birth_date, u.birth) {
            (None, Some(birth)) => {
                input.birth_date = iso_date(birth);
                changed = true;
            }
            (Some(stored), Some(birth)) if stored != birth => doubts.push(Problem::new(
                Some(F::BirthDate),
                french_date(birth),
                format!("Date de naissance différente de la fiche ({}) : la fiche est gardée.", french_date(stored)),
            )),
            _ => {}
        }
        match (&current.france_travail_id, &u.ft_id) {
            (None, Some(ft)) => {
                input.france_travail_id = ft.clone();
                changed = true;
            }
            (Some(stored), Some(ft)) if stored != ft => doubts.push(Problem::new(
                Some(F::FranceTravailId),
                ft.clone(),
                format!("Identifiant France Travail différent de la fiche ({stored}) : la fiche est gardée."),
            )),
            _ => {}
        }
        for (new, stored, slot) in
            [(&u.email, &current.email, &mut input.email), (&u.phone, &current.phone, &mut input.phone)]
        {
            if let Some(new) = new
                && stored.as_deref() != Some(new.as_str())
            {
                *slot = new.clone();
                changed = true;
            }
        }
        if let Some(postcode) = &u.postcode
            && current.postcode.as_deref() != Some(postcode.as_str())
        {
            input.postcode = postcode.clone();
            input.commune = u.place.as_ref().map(|(_, n)| n.clone()).unwrap_or_else(|| u.commune_text.clone());
            input.commune_code = u.place.as_ref().map(|(c, _)| c.clone()).unwrap_or_default();
            changed = true;
        }
        if current.counsellor.is_empty() && !u.counsellor.is_empty() {
            input.counsellor = u.counsellor.clone();
            changed = true;
        }
        // A later consent in the file renews the one stored.
        let mut source = ConsentSource::default();
        if v.get(F::ConsentDate).and_then(|d| values::date(d, self.today)).is_some_and(|d| d > current.consent.date) {
            let name = format!("{} {}", current.first_name, current.last_name);
            let (date, channel, expiry, from) = self.consent(v, Some(current.consent.channel), &name)?;
            input.consent_date = iso_date(date);
            input.consent_channel = Some(channel);
            input.consent_expiry = iso_date(expiry);
            source = from;
            changed = true;
        }
        if !changed {
            return Ok(None);
        }
        let mut valid = candidates::validate(self.conn, &input, Some(id), self.today)
            .map_err(|e| refused(e, CANDIDATE_FIELDS, &|f| v.text(f)))?;
        valid.consent_source = source;
        Ok(Some(Box::new(valid)))
    }

    /// The first target job, then those of the row's other « Métier visé » columns (a list
    /// Profilence exported writes one per column), up to `MAX_TARGET_JOBS`.
    fn other_jobs(
        &mut self,
        v: &RowValues<'_>,
        first: TargetJob,
        doubts: &mut Vec<Problem>,
    ) -> Result<Vec<TargetJob>, RowError> {
        let mut jobs = vec![first];
        let others: Vec<String> = v
            .cells
            .iter()
            .filter(|(f, c)| *f == F::TargetJob && !c.is_empty())
            .skip(1)
            .map(|(_, c)| values::text(c))
            .collect();
        for text in others {
            if jobs.len() >= candidates::MAX_TARGET_JOBS {
                doubts.push(Problem::new(
                    Some(F::TargetJob),
                    text,
                    format!("{} métiers visés au plus : celui-ci n'est pas repris.", candidates::MAX_TARGET_JOBS),
                ));
                continue;
            }
            match self.job_title(&text)? {
                Some((job, _)) if jobs.iter().any(|j| j.code == job.code) => {}
                Some((job, exact)) => {
                    if !exact {
                        doubts.push(Problem::new(
                            Some(F::TargetJob),
                            text.clone(),
                            format!("Métier rapproché de « {} » du ROME.", job.label),
                        ));
                    }
                    jobs.push(job);
                }
                None => doubts.push(Problem::new(
                    Some(F::TargetJob),
                    text,
                    "Métier introuvable dans le ROME chargé : non repris.",
                )),
            }
        }
        Ok(jobs)
    }

    fn optional_date(&self, v: &RowValues<'_>, field: ImportField, doubts: &mut Vec<Problem>) -> Option<NaiveDate> {
        let today = self.today;
        optional(
            v,
            field,
            doubts,
            |value| values::date(value, today),
            "Date illisible (attendu : 12/03/2025) : non reprise.",
        )
    }
}

/// What a row tells of a candidate already in the pool.
struct Update {
    birth: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
    ft_id: Option<String>,
    postcode: Option<String>,
    place: Option<(String, String)>,
    commune_text: String,
    counsellor: String,
}
