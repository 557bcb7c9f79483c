//! The life of a promotion: which event may follow which status, and the status (with its
//! dates) derived from the event log. Pure functions: the storage replays them.

use crate::choices::{EventKind, PromotionStatus, RefusalReason};

use EventKind as E;
use PromotionStatus as S;

/// The employer's answers: what a reminder waits for. A hire or a "not retained" is one
/// too: in the app they follow an answer, but a tracker's history may go straight from
/// the sending to the outcome.
const ANSWERS: [EventKind; 7] =
    [E::Interested, E::InterviewPlanned, E::InformationRequested, E::Refused, E::KeptOnFile, E::Hired, E::NotRetained];

/// The events that may follow `status` (besides `note`, always allowed, and `correction`).
pub fn allowed_after(status: PromotionStatus) -> &'static [EventKind] {
    match status {
        S::Draft => &[E::Sent, E::Withdrawn],
        S::Sent | S::Reminded => &[
            E::Reminded,
            E::Interested,
            E::InterviewPlanned,
            E::InformationRequested,
            E::Refused,
            E::KeptOnFile,
            E::NoAnswer,
            E::Withdrawn,
        ],
        S::NoAnswer => &[
            E::Reminded,
            E::Interested,
            E::InterviewPlanned,
            E::InformationRequested,
            E::Refused,
            E::KeptOnFile,
            E::Withdrawn,
        ],
        S::Interested | S::InformationRequested => &[
            E::InterviewPlanned,
            E::InformationRequested,
            E::Interested,
            E::Refused,
            E::Hired,
            E::KeptOnFile,
            E::NotRetained,
            E::Withdrawn,
        ],
        S::InterviewPlanned => {
            &[E::InterviewPlanned, E::InformationRequested, E::Hired, E::KeptOnFile, E::NotRetained, E::Withdrawn]
        }
        S::KeptOnFile => &[E::Interested, E::InterviewPlanned, E::Hired, E::NotRetained, E::Withdrawn],
        // Outcomes and refusals close the promotion: only notes and corrections follow.
        S::Refused | S::Hired | S::NotRetained | S::Withdrawn => &[],
    }
}

/// The status an event sets; `None` for notes and corrections.
pub fn status_set_by(kind: EventKind) -> Option<PromotionStatus> {
    Some(match kind {
        E::Created => S::Draft,
        E::Sent => S::Sent,
        E::Reminded => S::Reminded,
        E::Interested => S::Interested,
        E::InterviewPlanned => S::InterviewPlanned,
        E::InformationRequested => S::InformationRequested,
        E::Refused => S::Refused,
        E::NoAnswer => S::NoAnswer,
        E::Hired => S::Hired,
        E::KeptOnFile => S::KeptOnFile,
        E::NotRetained => S::NotRetained,
        E::Withdrawn => S::Withdrawn,
        E::Note | E::Correction => return None,
    })
}

/// Whether a promotion in `status` is closed (no answer or outcome can follow).
pub fn is_closed(status: PromotionStatus) -> bool {
    allowed_after(status).is_empty()
}

/// Why `kind` cannot be recorded on a promotion in `status`, in French; `None` when it can.
pub fn refusal(status: PromotionStatus, kind: EventKind, correctable: bool) -> Option<String> {
    match kind {
        E::Note => None,
        E::Correction if correctable => None,
        E::Correction => Some("Il n'y a aucun événement à corriger : la promotion vient d'être préparée.".into()),
        E::Created => Some(format!("« {} » : une promotion n'est créée qu'une fois.", kind.label())),
        _ if allowed_after(status).contains(&kind) => None,
        _ if is_closed(status) => Some(format!(
            "Impossible d'enregistrer « {} » : la promotion est close (« {} »). Pour revenir sur le \
             dernier événement, enregistrez une correction.",
            kind.label(),
            status.label()
        )),
        _ => Some(format!(
            "Impossible d'enregistrer « {} » : la promotion est « {} ». Possible maintenant : {}.",
            kind.label(),
            status.label(),
            allowed_after(status).iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// One event as the derivation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedEvent {
    pub id: i64,
    pub kind: EventKind,
    /// When it happened; for an undated event, only where it stands in the log.
    pub at: String,
    /// The source did not say when it happened (a tracker's status without a date): the
    /// event counts, its `at` is never read as a date.
    pub undated: bool,
    pub reason: Option<RefusalReason>,
    pub corrects: Option<i64>,
}

/// What the log says of a promotion now. A date is a real date or `None`: an undated
/// event gives its flag instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    pub status: PromotionStatus,
    /// When the status began; for an undated status event, only its place in the log.
    pub status_at: String,
    /// The status event in force has no date.
    pub status_undated: bool,
    pub sent_at: Option<String>,
    /// The latest dated sending or reminder.
    pub last_contact_at: Option<String>,
    pub reminders: u32,
    /// The employer's first answer in force, when it has a date.
    pub answered_at: Option<String>,
    /// That first answer has no date: answered all the same.
    pub answer_undated: bool,
    /// The first interview planned still in force (what the dashboards count as an
    /// interview), when it has a date.
    pub interview_planned_at: Option<String>,
    /// That first interview planned has no date: an interview all the same.
    pub interview_undated: bool,
    pub reason: Option<RefusalReason>,
    /// The status event a correction would undo (`None` when only the creation is left).
    pub correctable: Option<i64>,
}

/// Replays the log in order. A correction cancels the latest status event still in force,
/// so the status returns to the one before it.
pub fn derive(events: &[LoggedEvent]) -> Option<Derived> {
    let mut in_force: Vec<&LoggedEvent> = Vec::new();
    for event in events {
        match event.kind {
            E::Note => {}
            E::Correction => {
                if in_force.len() > 1 && in_force.last().map(|e| Some(e.id)) == Some(event.corrects) {
                    in_force.pop();
                }
            }
            _ => in_force.push(event),
        }
    }
    let last = *in_force.last()?;
    let of = |kinds: &'static [EventKind]| in_force.iter().filter(move |e| kinds.contains(&e.kind));
    let dated = |e: &&&LoggedEvent| !e.undated;
    let (answer, interview) = (of(&ANSWERS).next(), of(&[E::InterviewPlanned]).next());
    Some(Derived {
        status: status_set_by(last.kind)?,
        status_at: last.at.clone(),
        status_undated: last.undated,
        sent_at: of(&[E::Sent]).map(|e| e.at.clone()).next(),
        last_contact_at: of(&[E::Sent, E::Reminded]).filter(dated).map(|e| e.at.clone()).next_back(),
        reminders: u32::try_from(of(&[E::Reminded]).count()).unwrap_or(u32::MAX),
        answered_at: answer.filter(dated).map(|e| e.at.clone()),
        answer_undated: answer.is_some_and(|e| e.undated),
        interview_planned_at: interview.filter(dated).map(|e| e.at.clone()),
        interview_undated: interview.is_some_and(|e| e.undated),
        reason: last.reason,
        correctable: (in_force.len() > 1).then_some(last.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(kinds: &[EventKind]) -> Vec<LoggedEvent> {
        let mut events: Vec<LoggedEvent> = Vec::new();
        for (i, kind) in kinds.iter().enumerate() {
            let id = i64::try_from(i).unwrap() + 1;
            let corrects = (*kind == E::Correction).then(|| derive(&events).and_then(|d| d.correctable)).flatten();
            events.push(LoggedEvent {
                id,
                kind: *kind,
                at: format!("2026-01-{:02}T10:00:00Z", i + 1),
                undated: false,
                reason: None,
                corrects,
            });
        }
        events
    }

    /// Every (status, event) pair: the allowed ones are exactly the table's, the others
    /// are refused with a message naming both.
    #[test]
    fn every_transition_is_either_allowed_or_refused_with_a_message() {
        let mut allowed = 0;
        for status in PromotionStatus::ALL {
            for kind in EventKind::ALL {
                let refused = refusal(*status, *kind, true);
                let expected_ok = matches!(kind, E::Note | E::Correction) || allowed_after(*status).contains(kind);
                assert_eq!(refused.is_none(), expected_ok, "{status:?} then {kind:?}");
                if let Some(message) = refused {
                    assert!(message.contains(kind.label()), "{message}");
                } else {
                    allowed += 1;
                }
            }
        }
        // 12 statuses × (note + correction) + the table's 52 pairs.
        assert_eq!(allowed, 24 + 52);
    }

    #[test]
    fn the_table_in_words() {
        assert!(refusal(S::Draft, E::Reminded, true).is_some(), "a draft was never sent: nothing to remind");
        assert!(refusal(S::Sent, E::Hired, true).is_some(), "a hire follows an answer");
        assert!(refusal(S::Reminded, E::Reminded, true).is_none(), "a second reminder");
        assert!(refusal(S::NoAnswer, E::Interested, true).is_none(), "a late answer");
        assert!(refusal(S::InterviewPlanned, E::Hired, true).is_none());
        assert!(refusal(S::InterviewPlanned, E::Refused, true).is_some(), "after an interview: not retained");
        assert!(refusal(S::KeptOnFile, E::Hired, true).is_none(), "a kept profile called back");
        let closed = refusal(S::Hired, E::Withdrawn, true).unwrap();
        assert!(closed.contains("close") && closed.contains("Embauche"), "{closed}");
        let open = refusal(S::Draft, E::Interested, true).unwrap();
        assert!(open.contains("« Brouillon »") && open.contains("Envoyée, Promotion retirée"), "{open}");
        assert!(refusal(S::Draft, E::Correction, false).is_some(), "the creation cannot be undone");
        assert!(refusal(S::Sent, E::Created, true).is_some());
    }

    #[test]
    fn the_status_and_its_dates_come_from_the_log() {
        let d = derive(&log(&[E::Created, E::Sent, E::Reminded, E::Note, E::Reminded, E::InterviewPlanned])).unwrap();
        assert_eq!(d.status, S::InterviewPlanned);
        assert_eq!(d.sent_at.as_deref(), Some("2026-01-02T10:00:00Z"));
        assert_eq!(d.last_contact_at.as_deref(), Some("2026-01-05T10:00:00Z"));
        assert_eq!(d.reminders, 2);
        assert_eq!(d.answered_at.as_deref(), Some("2026-01-06T10:00:00Z"));
        assert_eq!(d.interview_planned_at.as_deref(), Some("2026-01-06T10:00:00Z"));
        assert_eq!(d.status_at, "2026-01-06T10:00:00Z");
        assert!(!d.status_undated && !d.answer_undated && !d.interview_undated, "every event dated");
        assert_eq!(d.correctable, Some(6));
        assert_eq!(derive(&[]), None);
    }

    #[test]
    fn a_correction_undoes_the_latest_status_event_only() {
        let d = derive(&log(&[E::Created, E::Sent, E::Refused, E::Correction])).unwrap();
        assert_eq!((d.status, d.answered_at, d.correctable), (S::Sent, None, Some(2)));
        let interview = derive(&log(&[E::Created, E::Sent, E::InterviewPlanned, E::Correction])).unwrap();
        assert_eq!((interview.status, interview.interview_planned_at), (S::Sent, None));
        let twice = derive(&log(&[E::Created, E::Sent, E::Refused, E::Correction, E::Correction])).unwrap();
        assert_eq!((twice.status, twice.sent_at, twice.correctable), (S::Draft, None, None));
        // A correction that does not name the latest status event changes nothing.
        let mut stale = log(&[E::Created, E::Sent, E::Interested]);
        stale.push(LoggedEvent {
            id: 9,
            kind: E::Correction,
            at: "2026-02-01T00:00:00Z".into(),
            undated: false,
            reason: None,
            corrects: Some(2),
        });
        assert_eq!(derive(&stale).unwrap().status, S::Interested);
    }

    #[test]
    fn the_reason_is_the_closing_events() {
        let mut events = log(&[E::Created, E::Sent]);
        events.push(LoggedEvent {
            id: 3,
            kind: E::Refused,
            at: "2026-01-09T00:00:00Z".into(),
            undated: false,
            reason: Some(RefusalReason::Distance),
            corrects: None,
        });
        assert_eq!(derive(&events).unwrap().reason, Some(RefusalReason::Distance));
    }

    /// A log whose events at `undated` (1-based positions) have no date.
    fn log_undated(kinds: &[EventKind], undated: &[usize]) -> Vec<LoggedEvent> {
        let mut events = log(kinds);
        for &n in undated {
            events[n - 1].undated = true;
        }
        events
    }

    #[test]
    fn an_undated_answer_answers_without_a_date() {
        let d = derive(&log_undated(&[E::Created, E::Sent, E::Refused], &[3])).unwrap();
        assert_eq!((d.status, d.answered_at.as_deref(), d.answer_undated), (S::Refused, None, true));
        assert!(d.status_undated, "the status in force has no date");
        assert_eq!(d.status_at, "2026-01-03T10:00:00Z", "kept only for the log's order");
        assert_eq!((d.interview_planned_at, d.interview_undated), (None, false));
        assert_eq!(d.sent_at.as_deref(), Some("2026-01-02T10:00:00Z"));
        // The same log, dated: a date, no flag.
        let dated = derive(&log(&[E::Created, E::Sent, E::Refused])).unwrap();
        assert_eq!((dated.answered_at.as_deref(), dated.answer_undated), (Some("2026-01-03T10:00:00Z"), false));
        assert!(!dated.status_undated);
    }

    #[test]
    fn an_undated_interview_is_an_interview_without_a_date() {
        let d = derive(&log_undated(&[E::Created, E::Sent, E::InterviewPlanned], &[3])).unwrap();
        assert_eq!((d.interview_planned_at, d.interview_undated), (None, true));
        assert_eq!((d.answered_at, d.answer_undated), (None, true), "the interview is the first answer");
        // An undated first answer, then a dated interview: the answer stays undated (the
        // delay is to the first answer), the interview has its date.
        let d = derive(&log_undated(&[E::Created, E::Sent, E::Interested, E::InterviewPlanned], &[3])).unwrap();
        assert_eq!((d.answered_at, d.answer_undated), (None, true));
        assert_eq!((d.interview_planned_at.as_deref(), d.interview_undated), (Some("2026-01-04T10:00:00Z"), false));
        assert!(!d.status_undated);
    }

    #[test]
    fn a_dated_first_answer_keeps_its_date_whatever_follows_undated() {
        let d = derive(&log_undated(&[E::Created, E::Sent, E::Interested, E::Hired], &[4])).unwrap();
        assert_eq!((d.answered_at.as_deref(), d.answer_undated), (Some("2026-01-03T10:00:00Z"), false));
        assert_eq!((d.status, d.status_undated), (S::Hired, true));
        // An undated note changes nothing.
        let d = derive(&log_undated(&[E::Created, E::Sent, E::Note], &[3])).unwrap();
        assert_eq!((d.status, d.status_undated, d.answer_undated), (S::Sent, false, false));
    }

    #[test]
    fn a_corrected_undated_answer_leaves_the_next_one_first() {
        let d = derive(&log_undated(&[E::Created, E::Sent, E::Interested, E::Correction], &[3])).unwrap();
        assert_eq!((d.status, d.answered_at, d.answer_undated, d.status_undated), (S::Sent, None, false, false));
        let d =
            derive(&log_undated(&[E::Created, E::Sent, E::Interested, E::Correction, E::KeptOnFile], &[3])).unwrap();
        assert_eq!((d.answered_at.as_deref(), d.answer_undated), (Some("2026-01-05T10:00:00Z"), false));
        let d = derive(&log_undated(&[E::Created, E::Sent, E::InterviewPlanned, E::Correction], &[3])).unwrap();
        assert_eq!((d.interview_planned_at, d.interview_undated), (None, false));
    }

    #[test]
    fn an_undated_reminder_counts_but_the_last_contact_is_the_last_dated_one() {
        let d = derive(&log_undated(&[E::Created, E::Sent, E::Reminded, E::Reminded], &[4])).unwrap();
        assert_eq!(d.reminders, 2);
        assert_eq!(d.last_contact_at.as_deref(), Some("2026-01-03T10:00:00Z"));
        assert_eq!((d.status, d.status_undated), (S::Reminded, true));
    }
}
