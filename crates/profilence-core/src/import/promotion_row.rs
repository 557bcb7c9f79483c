//! What a row says of its promotion: history, dated the day the file gives, with the
//! employer's answer the status says (undated when the file gives it no date); or, for a promotion an earlier import brought, the
//! later event the file now states. The rules of promoting are checked as history is:
//! outside the consent period, within the repeat window or beyond a company's monthly
//! contacts, the row is kept and flagged.

use std::collections::HashMap;

use chrono::{Local, NaiveDate};

use super::{
    PreviewValue,
    importer::{
        CandidatePlan, CompanyPlan, Importer, NewHistory, Problem, PromotionPlan, RowError, RowValues, non_empty,
        reject, unreadable,
    },
    mapping::{ImportField, normalise_header},
    values::{self, Status},
};
use crate::{
    Error, Result,
    choices::{EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    clock::{noon, stored},
    promotions::{self, HistoryEvent, lifecycle},
    text::{french_date, iso_date},
};

use ImportField as F;

impl Importer<'_> {
    /// The promotion of the row: created as history, or — already imported — brought up
    /// to what the file says now.
    pub(super) fn promotion(
        &mut self,
        v: &RowValues<'_>,
        candidate: &CandidatePlan,
        company: &CompanyPlan,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(PromotionPlan, String), RowError> {
        let Some(value) = v.get(F::PromotionDate) else {
            return Err(reject(Some(F::PromotionDate), "", "Date de la promotion manquante."));
        };
        let Some(day) = values::date(value, self.today) else {
            return Err(reject(
                Some(F::PromotionDate),
                values::text(value),
                unreadable(value, "Date de la promotion illisible (attendu : 12/03/2025)."),
            ));
        };
        if day > self.today {
            return Err(reject(Some(F::PromotionDate), french_date(day), "Date de la promotion dans le futur."));
        }
        preview.push(PreviewValue { field: F::PromotionDate, value: french_date(day) });
        let sent_at = values::moment(value)
            .filter(|m| m.time() != chrono::NaiveTime::MIN)
            .and_then(|m| m.and_local_timezone(Local).earliest())
            .or_else(|| noon(day))
            .map(stored)
            .ok_or_else(|| RowError::Fatal(Error::Invariant("date".into())))?;
        let status_text = v.text(F::Status);
        let status = match self.statuses.get(&normalise_header(&status_text)).copied().flatten() {
            Some(status) => status,
            None if status_text.is_empty() => Status::of(EventKind::Sent),
            None => {
                doubts.push(Problem::new(
                    Some(F::Status),
                    status_text.clone(),
                    "Statut non reconnu : la promotion est reprise comme envoyée, le statut en note. Indiquez ce qu'il \
                     veut dire dans l'aperçu.",
                ));
                Status::of(EventKind::Note)
            }
        };
        // The day the file gives to the row's status, if it gives a usable one. Without it,
        // what the row records is undated: it stands after the sending in the log, and no
        // dashboard reads a delay from it (an invented date would read as a 0-day answer).
        let mut answered = None;
        if let Some(value) = v.get(F::StatusDate) {
            match values::date(value, self.today) {
                Some(d) if d >= day && d <= self.today => answered = Some(d),
                Some(d) => doubts.push(Problem::new(
                    Some(F::StatusDate),
                    french_date(d),
                    "Date du retour hors de la période de la promotion : le retour est repris sans date.",
                )),
                None => doubts.push(Problem::new(
                    Some(F::StatusDate),
                    values::text(value),
                    "Date du retour illisible : le retour est repris sans date.",
                )),
            }
        }
        let undated = answered.is_none();
        // The moment the file gives with the day (a list Profilence exported), else noon;
        // never before the sending.
        let answered_moment = v
            .get(F::StatusDate)
            .and_then(values::moment)
            .filter(|m| m.time() != chrono::NaiveTime::MIN && Some(m.date()) == answered)
            .and_then(|m| m.and_local_timezone(Local).earliest());
        let answered_at = match answered_moment.or_else(|| answered.and_then(noon)).map(stored) {
            Some(at) if at >= sent_at => at,
            Some(_) | None => sent_at.clone(),
        };
        let comment = v.joined(F::Comment);
        let from_file =
            if status_text.is_empty() { String::new() } else { format!("Tableau de suivi : « {status_text} »") };
        let event_comment = [from_file.as_str(), comment.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" — ");
        let mut events = Vec::new();
        match status.event {
            EventKind::Sent => {}
            EventKind::Note => {
                if !event_comment.is_empty() {
                    events.push(history(EventKind::Note, &answered_at, undated, &event_comment));
                }
            }
            kind => {
                let mut event = history(kind, &answered_at, undated, &event_comment);
                event.reason = status
                    .reason
                    .or(matches!(kind, EventKind::Refused | EventKind::NotRetained).then_some(RefusalReason::Other));
                event.contract_type = status.contract_type;
                if kind == EventKind::InterviewPlanned {
                    event.interview_at = values::interview_day(&status_text, day, self.today).map(iso_date);
                }
                events.push(event);
            }
        }
        if status.event == EventKind::Sent && !comment.is_empty() {
            events.push(history(EventKind::Note, &answered_at, undated, &comment));
        }
        let label = match status.event {
            EventKind::Note | EventKind::Sent => PromotionStatus::Sent.label().to_owned(),
            kind => match status.contract_type {
                Some(contract) => format!("{}, {}", kind.label(), contract.label()),
                None => kind.label().to_owned(),
            },
        };
        preview.push(PreviewValue { field: F::Status, value: label.clone() });
        let unchanged = || (PromotionPlan::None, "Promotion déjà enregistrée".to_owned());
        let recorded = self.recorded(candidate.id(), company.id())?;
        if let Some(&promotions::Recorded { id, status: current, .. }) = recorded.iter().find(|r| r.day == Some(day)) {
            let Some(event) = events.iter().find(|e| e.kind != EventKind::Note) else {
                self.counts.promotions_unchanged += 1;
                return Ok(unchanged());
            };
            if lifecycle::status_set_by(event.kind) == Some(current) {
                self.counts.promotions_unchanged += 1;
                return Ok(unchanged());
            }
            if !promotions::history_allows(current, event.kind) {
                doubts.push(Problem::new(
                    Some(F::Status),
                    status_text,
                    format!(
                        "La promotion déjà enregistrée est « {} » : le statut du fichier n'est pas appliqué.",
                        current.label()
                    ),
                ));
                self.counts.promotions_unchanged += 1;
                return Ok(unchanged());
            }
            let mut event = event.clone();
            let last_at = promotions::last_event_at(self.conn, id)?;
            if event.at < last_at {
                event.at = last_at;
            }
            self.counts.promotions_updated += 1;
            return Ok((PromotionPlan::Append { id, event }, format!("Promotion mise à jour ({label})")));
        }
        let (consent_date, consent_expiry) = self.consent_period(candidate)?;
        if day < consent_date || day > consent_expiry {
            doubts.push(Problem::new(
                Some(F::PromotionDate),
                french_date(day),
                format!(
                    "Promotion hors de la période de consentement (du {} au {}) : reprise comme historique, à vérifier.",
                    french_date(consent_date),
                    french_date(consent_expiry)
                ),
            ));
        }
        let repeat = recorded
            .iter()
            .filter_map(|r| r.day)
            .filter(|d| *d < day)
            .max()
            .filter(|previous| (day - *previous).num_days() < self.repeat_window_days);
        let repeat_reason = repeat.map(|previous| {
            format!("Historique du tableau de suivi (promotion précédente le {})", french_date(previous))
        });
        if let Some(previous) = repeat {
            doubts.push(Problem::new(
                Some(F::PromotionDate),
                french_date(day),
                format!(
                    "Deuxième promotion auprès de cette entreprise en moins de {} jours (précédente le {}) : reprise avec ce motif.",
                    self.repeat_window_days,
                    french_date(previous)
                ),
            ));
        }
        let channel = match v.get(F::Channel) {
            Some(value) => values::promotion_channel(value).unwrap_or_else(|| {
                doubts.push(Problem::new(Some(F::Channel), values::text(value), "Canal non reconnu : e-mail retenu."));
                PromotionChannel::Email
            }),
            None => self.options.channel.unwrap_or(PromotionChannel::Email),
        };
        let counsellor = non_empty(&v.text(F::Counsellor)).unwrap_or_else(|| self.signer.clone());
        self.counts.promotions_created += 1;
        let history = NewHistory {
            day,
            counsellor,
            channel,
            job_offer_ref: non_empty(&v.text(F::JobOfferRef)),
            repeat_reason,
            sent_at,
            events,
        };
        Ok((PromotionPlan::Create(history), format!("Promotion créée ({label})")))
    }

    /// The promotions already stored between the row's candidate and company (none when
    /// the row creates either).
    fn recorded(&mut self, candidate: Option<i64>, company: Option<i64>) -> Result<Vec<promotions::Recorded>> {
        let (Some(candidate), Some(company)) = (candidate, company) else { return Ok(Vec::new()) };
        if !self.promotions_of.contains_key(&candidate) {
            let mut by_company: HashMap<i64, Vec<promotions::Recorded>> = HashMap::new();
            for (company, recorded) in promotions::of_candidate(self.conn, candidate)? {
                by_company.entry(company).or_default().push(recorded);
            }
            self.promotions_of.insert(candidate, by_company);
        }
        Ok(self.promotions_of.get(&candidate).and_then(|c| c.get(&company)).cloned().unwrap_or_default())
    }

    /// The consent period of the row's candidate, as it will be stored.
    fn consent_period(&mut self, candidate: &CandidatePlan) -> Result<(NaiveDate, NaiveDate)> {
        match candidate {
            CandidatePlan::Create { valid, .. } | CandidatePlan::Rewrite { valid, .. } => {
                Ok((valid.consent.date, valid.consent.expiry))
            }
            CandidatePlan::Known { id, .. } => {
                if let Some(period) = self.consents.get(id) {
                    return Ok(*period);
                }
                let period = self
                    .conn
                    .prepare_cached("SELECT consent_date, consent_expiry FROM candidates WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                self.consents.insert(*id, period);
                Ok(period)
            }
        }
    }

    /// Companies whose imported promotions of a month exceed the contacts they accept.
    pub(super) fn monthly_warnings(&self) -> Result<Vec<String>> {
        let mut warnings = Vec::new();
        let mut over: Vec<(&(i64, i32, u32), &u32)> = self.monthly.iter().collect();
        over.sort();
        for ((company, year, month), count) in over {
            let (name, max): (String, Option<u32>) = self
                .conn
                .prepare_cached("SELECT name, max_contacts_per_month FROM companies WHERE id = ?1")?
                .query_row([company], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if let Some(max) = max.filter(|max| count > max) {
                warnings.push(format!(
                    "{name} accepte {max} sollicitation(s) par mois ; le fichier en compte {count} en {month:02}/{year} \
                     (historique repris tel quel)."
                ));
            }
        }
        Ok(warnings)
    }
}

fn history(kind: EventKind, at: &str, undated: bool, comment: &str) -> HistoryEvent {
    HistoryEvent {
        kind,
        at: at.to_owned(),
        undated,
        comment: comment.to_owned(),
        reason: None,
        interview_at: None,
        contract_type: None,
    }
}
