//! Promotions: every rule of the core, whatever calls it — consent, the repeat window, the
//! monthly contacts, the transitions, corrections, bulk events, follow-ups and timelines.

mod common;

use chrono::{DateTime, Local, TimeZone};
use common::{BOULANGER, PATISSIER, candidate, world::counsellor};
use profilence_core::{
    Database, Error,
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    companies,
    list::Paging,
    promotions::{
        self, ConfirmationKind, Confirmations, Delivery, EventInput, PromoteInput, PromotionQuery, PromotionTarget,
        TimelineOf,
        follow_ups::{self, FollowUpQuery},
    },
    settings::{self, PromotionSettings},
};

/// 22 November 2026 at 10:00, local time, plus `days`.
fn at(days: u64) -> DateTime<Local> {
    let start = Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    start.checked_add_days(chrono::Days::new(days)).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    db: Database,
    lea: i64,
    hugo: i64,
    firms: Vec<i64>,
}

/// Two candidates (consent 01/09/2026 → 01/09/2027), three companies, a counsellor.
fn world() -> World {
    let w = common::world::World::signed(&counsellor(
        "Claire Morel",
        "Agence de Lyon Part-Dieu",
        "0472000000",
        "claire.morel@agence.example",
    ));
    let mut lea = candidate("Martin", "Léa", &[BOULANGER, PATISSIER]);
    lea.pitch = "Léa a tenu seule le fournil d'une boulangerie pendant deux ans.".into();
    lea.eligibility.rqth = true;
    let lea = w.candidate(&lea, at(0).date_naive());
    let hugo = w.candidate(&candidate("Petit", "Hugo", &[BOULANGER]), at(0).date_naive());
    let firms = w.firms(3);
    World { _dir: w.dir, db: w.db, lea, hugo, firms }
}

fn input(candidates: &[i64], companies: &[i64]) -> PromoteInput {
    PromoteInput {
        candidate_ids: candidates.to_vec(),
        targets: companies.iter().map(|&company_id| PromotionTarget { company_id, contact_id: None }).collect(),
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Bonjour, je vous présente {prénom}, {métier}, pour {entreprise}. {argumentaire}".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations::default(),
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    }
}

fn event(kind: EventKind) -> EventInput {
    EventInput { kind: Some(kind), ..EventInput::default() }
}

fn record(db: &Database, ids: &[i64], input: &EventInput, now: DateTime<Local>) -> Result<Vec<PromotionStatus>, Error> {
    db.write(|tx| promotions::record_event(tx, ids, input, now))
        .map(|list| list.into_iter().map(|p| p.status).collect())
}

fn count(db: &Database, table: &str) -> i64 {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
}

fn message(error: Error) -> String {
    match error {
        Error::Rule(message) => message,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

#[test]
fn one_candidate_to_three_companies_sent_in_one_go_with_the_pitch_filled() {
    let w = world();
    let created = w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms), at(0))).unwrap();
    assert_eq!(created.len(), 3);
    for (promotion, firm) in created.iter().zip(&w.firms) {
        assert_eq!(promotion.status, PromotionStatus::Sent);
        assert_eq!(promotion.company_id, *firm);
        assert_eq!(promotion.counsellor, "Claire Morel");
        assert_eq!(
            promotion.sent_at.as_deref(),
            Some(at(0).to_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true).as_str())
        );
        assert!(
            promotion.next_events.contains(&EventKind::Reminded) && !promotion.next_events.contains(&EventKind::Hired)
        );
    }
    assert_eq!(
        created[1].pitch,
        "Bonjour, je vous présente Léa, boulanger / boulangère, pour Fournil du Rhône. Léa a tenu seule le fournil \
         d'une boulangerie pendant deux ans."
    );
    // Each: created, then sent; signed by the counsellor.
    let timeline = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(w.lea))).unwrap();
    assert_eq!(timeline.total, 3);
    for item in &timeline.items {
        let kinds: Vec<EventKind> = item.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EventKind::Created, EventKind::Sent]);
        assert!(item.events.iter().all(|e| e.author == "Claire Morel"));
    }
    // Drafts stay drafts until sent.
    let mut draft = input(&[w.hugo], &w.firms[..1]);
    draft.send = false;
    let draft = w.db.write(|tx| promotions::promote(tx, &draft, at(0))).unwrap().remove(0);
    assert_eq!((draft.status, draft.sent_at), (PromotionStatus::Draft, None));
    assert_eq!(record(&w.db, &[draft.id], &event(EventKind::Sent), at(1)).unwrap(), [PromotionStatus::Sent]);
}

#[test]
fn the_pairs_and_the_counsellor_are_checked_first() {
    let w = world();
    let too_many = w.db.write(|tx| promotions::promote(tx, &input(&[w.lea, w.hugo], &w.firms), at(0))).unwrap_err();
    assert_eq!(
        common::fields(too_many),
        [("targets".into(), "Plusieurs candidats se promeuvent auprès d'une seule entreprise à la fois.".into())]
    );
    let mut bad_contact = input(&[w.lea], &w.firms[..1]);
    bad_contact.targets[0].contact_id = Some(999);
    assert_eq!(
        common::fields(w.db.write(|tx| promotions::promote(tx, &bad_contact, at(0))).unwrap_err())[0].0,
        "targets.0.contactId"
    );
    let mut unknown_field = input(&[w.lea], &w.firms[..1]);
    unknown_field.pitch_template = "Bonjour {prenom}".into();
    let errors = common::fields(w.db.write(|tx| promotions::promote(tx, &unknown_field, at(0))).unwrap_err());
    assert!(errors[0].0 == "pitchTemplate" && errors[0].1.contains("{prenom}"), "{errors:?}");
    w.db.write(|tx| Ok(tx.execute("UPDATE counsellor_settings SET name = ''", [])?)).unwrap();
    let unsigned = message(w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms), at(0))).unwrap_err());
    assert!(unsigned.contains("Paramètres"), "{unsigned}");
    assert_eq!(count(&w.db, "promotions"), 0);
}

#[test]
fn no_promotion_without_valid_consent_at_that_date() {
    let w = world();
    // Consent runs to 01/09/2027: a year later it has expired.
    let later = at(300);
    let refused = message(w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms), later)).unwrap_err());
    assert!(refused.contains("Léa Martin") && refused.contains("01/09/2027"), "{refused}");
    assert_eq!(count(&w.db, "promotions"), 0);
    // A draft made while consent held cannot be sent once it has expired.
    let mut draft = input(&[w.lea], &w.firms[..1]);
    draft.send = false;
    let id = w.db.write(|tx| promotions::promote(tx, &draft, at(0))).unwrap()[0].id;
    let error =
        message(w.db.write(|tx| promotions::record_event(tx, &[id], &event(EventKind::Sent), later)).unwrap_err());
    assert!(error.contains("consentement") && error.contains("expiré"), "{error}");
    assert_eq!(count(&w.db, "promotion_events"), 1);
}

#[test]
fn a_second_promotion_within_90_days_needs_a_reason_and_the_monthly_limit_a_confirmation() {
    let w = world();
    w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(0))).unwrap();
    let again = w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(10))).unwrap_err();
    let Error::NeedsConfirmation(needed) = again else { panic!("{again:?}") };
    assert_eq!(needed.len(), 1);
    assert_eq!(
        (needed[0].kind, needed[0].candidate_id, needed[0].company_id),
        (ConfirmationKind::Repeat, Some(w.lea), w.firms[0])
    );
    assert!(
        needed[0].message.contains("22/11/2026") && needed[0].message.contains("10 jours"),
        "{}",
        needed[0].message
    );
    let mut confirmed = input(&[w.lea], &w.firms[..1]);
    confirmed.confirmations.repeat_reason = "Nouveau poste ouvert en décembre".into();
    let second = w.db.write(|tx| promotions::promote(tx, &confirmed, at(10))).unwrap();
    assert_eq!(second[0].repeat_reason.as_deref(), Some("Nouveau poste ouvert en décembre"));
    // Past the window (90 days by default, configurable), no question.
    w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(101))).unwrap();
    w.db.write(|tx| {
        settings::update_promotion_settings(tx, &PromotionSettings { repeat_window_days: 0, ..Default::default() })
    })
    .unwrap();
    w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(102))).unwrap();

    // The company accepts 2 contacts a month (see `common::company`): the first firm had
    // 2 this month (22/11 and 02/12 fall in two months: one each), so two candidates at
    // once on 03/12 make 3 in December.
    let info = w.db.read(|c| promotions::target_info(c, Some(w.hugo), &w.firms[..1], at(11).date_naive())).unwrap();
    assert_eq!(
        (info[0].max_contacts_per_month, info[0].contacts_this_month, info[0].last_promoted_on),
        (Some(2), 1, None)
    );
    let both = input(&[w.hugo, w.lea], &w.firms[..1]);
    let mut both = PromoteInput {
        confirmations: Confirmations { repeat_reason: "Relance d'un besoin".into(), ..Default::default() },
        ..both
    };
    let over = w.db.write(|tx| promotions::promote(tx, &both, at(11))).unwrap_err();
    let Error::NeedsConfirmation(needed) = over else { panic!("{over:?}") };
    assert_eq!(needed.iter().map(|n| n.kind).collect::<Vec<_>>(), [ConfirmationKind::ContactLimit]);
    assert!(needed[0].message.contains("2 contacts par mois"), "{}", needed[0].message);
    both.confirmations.over_contact_limit = true;
    assert_eq!(w.db.write(|tx| promotions::promote(tx, &both, at(11))).unwrap().len(), 2);
}

#[test]
fn an_interview_then_a_hire_a_refusal_with_its_reason_and_illegal_steps_refused() {
    let w = world();
    let ids: Vec<i64> =
        w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms), at(0)))
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
    // A hire needs an answer first.
    let early = message(w.db.write(|tx| promotions::record_event(tx, &ids[..1], &hire(), at(1))).unwrap_err());
    assert!(early.contains("« Embauche »") && early.contains("« Envoyée »") && early.contains("Relance"), "{early}");

    let interview = EventInput { interview_at: "2026-12-03T14:30".into(), ..event(EventKind::InterviewPlanned) };
    assert_eq!(record(&w.db, &ids[..1], &interview, at(2)).unwrap(), [PromotionStatus::InterviewPlanned]);
    assert_eq!(record(&w.db, &ids[..1], &hire(), at(12)).unwrap(), [PromotionStatus::Hired]);
    let closed = message(
        w.db.write(|tx| promotions::record_event(tx, &ids[..1], &event(EventKind::Reminded), at(13))).unwrap_err(),
    );
    assert!(closed.contains("close"), "{closed}");

    let refusal = EventInput {
        reason: Some(RefusalReason::Distance),
        comment: "Trop loin sans voiture".into(),
        ..event(EventKind::Refused)
    };
    assert_eq!(record(&w.db, &ids[1..2], &refusal, at(3)).unwrap(), [PromotionStatus::Refused]);

    // On Léa's timeline: the employer's answer and its reason.
    let timeline = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(w.lea))).unwrap();
    let refused = timeline.items.iter().find(|h| h.promotion.id == ids[1]).unwrap();
    assert_eq!(
        (refused.promotion.status, refused.promotion.reason),
        (PromotionStatus::Refused, Some(RefusalReason::Distance))
    );
    assert_eq!(refused.events.last().unwrap().comment, "Trop loin sans voiture");
    let hired = timeline.items.iter().find(|h| h.promotion.id == ids[0]).unwrap();
    let hire_event = hired.events.last().unwrap();
    assert_eq!(
        (hire_event.contract_type, hire_event.start_date.as_deref()),
        (Some(ContractType::Cdi), Some("2027-01-04"))
    );
    assert_eq!(hired.events[2].interview_at.as_deref(), Some("2026-12-03T14:30"));
    assert!(hired.promotion.answered_at.is_some());
    // And on the company's.
    let company = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Company(w.firms[1]))).unwrap();
    assert_eq!(company.items.iter().map(|h| h.promotion.candidate_name.as_str()).collect::<Vec<_>>(), ["Léa Martin"]);
}

fn hire() -> EventInput {
    EventInput { contract_type: Some(ContractType::Cdi), start_date: "2027-01-04".into(), ..event(EventKind::Hired) }
}

#[test]
fn events_missing_their_details_are_refused_field_by_field() {
    let w = world();
    let id = w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(0))).unwrap()[0].id;
    let errors = |input: EventInput| {
        common::fields(w.db.write(|tx| promotions::record_event(tx, &[id], &input, at(1))).unwrap_err())
            .into_iter()
            .map(|(field, _)| field)
            .collect::<Vec<_>>()
    };
    assert_eq!(errors(EventInput::default()), ["kind"]);
    assert_eq!(errors(event(EventKind::InterviewPlanned)), ["interviewAt"]);
    assert_eq!(
        errors(EventInput { interview_at: "demain".into(), ..event(EventKind::InterviewPlanned) }),
        ["interviewAt"]
    );
    assert_eq!(errors(event(EventKind::Refused)), ["reason"]);
    assert_eq!(errors(EventInput { reason: Some(RefusalReason::Other), ..event(EventKind::Refused) }), ["comment"]);
    assert_eq!(errors(event(EventKind::Note)), ["comment"]);
    assert_eq!(errors(EventInput { on: "2026-11-30".into(), ..event(EventKind::Reminded) }), ["on"]);
    // A date before the last event is refused too: the log stays in order.
    let before = message(
        w.db.write(|tx| {
            promotions::record_event(
                tx,
                &[id],
                &EventInput { on: "2026-11-01".into(), ..event(EventKind::Reminded) },
                at(1),
            )
        })
        .unwrap_err(),
    );
    assert!(before.contains("précède"), "{before}");
    assert_eq!(count(&w.db, "promotion_events"), 2);
}

#[test]
fn corrections_undo_the_latest_event_and_the_log_is_never_edited() {
    let w = world();
    let id = w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(0))).unwrap()[0].id;
    let refusal = EventInput { reason: Some(RefusalReason::NoVacancy), ..event(EventKind::Refused) };
    record(&w.db, &[id], &refusal, at(2)).unwrap();
    let fix =
        EventInput { comment: "Erreur de saisie : c'était un autre candidat".into(), ..event(EventKind::Correction) };
    assert_eq!(record(&w.db, &[id], &fix, at(2)).unwrap(), [PromotionStatus::Sent]);
    assert_eq!(record(&w.db, &[id], &event(EventKind::Interested), at(3)).unwrap(), [PromotionStatus::Interested]);
    let history = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(w.lea))).unwrap().items.remove(0);
    let summary: Vec<(EventKind, bool)> = history.events.iter().map(|e| (e.kind, e.cancelled)).collect();
    assert_eq!(
        summary,
        [
            (EventKind::Created, false),
            (EventKind::Sent, false),
            (EventKind::Refused, true),
            (EventKind::Correction, false),
            (EventKind::Interested, false)
        ]
    );
    assert_eq!(history.promotion.reason, None);
    // The database itself refuses edits of the log.
    let edit = w.db.write(|tx| Ok(tx.execute("UPDATE promotion_events SET kind = 'hired'", [])?));
    assert!(edit.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn a_bulk_event_lands_on_all_or_none() {
    let w = world();
    let ids: Vec<i64> =
        w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms), at(0)))
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
    record(
        &w.db,
        &ids[2..],
        &EventInput { reason: Some(RefusalReason::Experience), ..event(EventKind::Refused) },
        at(1),
    )
    .unwrap();
    let refused =
        message(w.db.write(|tx| promotions::record_event(tx, &ids, &event(EventKind::Reminded), at(8))).unwrap_err());
    assert!(refused.contains("1 promotion(s) sur 3") && refused.contains("Léa Martin → Pains & Co"), "{refused}");
    assert_eq!(count(&w.db, "promotion_events"), 7);
    assert_eq!(record(&w.db, &ids[..2], &event(EventKind::Reminded), at(8)).unwrap(), [PromotionStatus::Reminded; 2]);
}

#[test]
fn follow_ups_after_7_days_urgent_after_15_and_no_answer_after_30() {
    let w = world();
    // Addressed to each company's contact, whose phone the follow-up list shows.
    let mut to_contacts = input(&[w.lea], &w.firms);
    for target in &mut to_contacts.targets {
        target.contact_id = Some(w.db.read(|c| companies::get(c, target.company_id)).unwrap().contacts[0].id);
    }
    let ids: Vec<i64> =
        w.db.write(|tx| promotions::promote(tx, &to_contacts, at(0))).unwrap().iter().map(|p| p.id).collect();
    record(&w.db, &ids[..1], &event(EventKind::Interested), at(2)).unwrap();
    let due = |days: u64| {
        follow_ups::due(&w.db, &FollowUpQuery { paging: Paging::first(50), mine: false }, at(days)).unwrap()
    };
    assert_eq!(due(6).total, 0);
    let week = due(8);
    assert_eq!((week.total, week.urgent), (2, 0));
    assert_eq!(week.items.iter().map(|f| f.promotion.id).collect::<Vec<_>>(), ids[1..]);
    assert_eq!((week.items[0].waiting_days, week.items[0].days_since_contact), (8, 8));
    assert_eq!(week.items[0].promotion.contact.as_ref().unwrap().phone.as_deref(), Some("02 99 12 34 56"));
    // Reminded on day 8: off the list for a week, then back, urgent (16 days since sending).
    record(&w.db, &ids[1..2], &event(EventKind::Reminded), at(8)).unwrap();
    assert_eq!(due(10).total, 1);
    let later = due(16);
    assert_eq!((later.total, later.urgent), (2, 2));
    assert!(later.items.iter().all(|f| f.urgent));
    // Thirty days after the last contact: "no answer", dated when the wait ran out.
    assert_eq!(w.db.write(|tx| follow_ups::mark_unanswered(tx, at(35))).unwrap(), 1);
    let third = w.db.read(|c| promotions::get(c, ids[2])).unwrap();
    assert_eq!(third.status, PromotionStatus::NoAnswer);
    assert_eq!(third.status_at, at(30).to_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let history = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Company(w.firms[2]))).unwrap().items.remove(0);
    assert_eq!(history.events.last().unwrap().author, promotions::AUTOMATIC_AUTHOR);
    // The one reminded on day 8 waits until day 38.
    assert_eq!(due(35).items.iter().map(|f| f.promotion.id).collect::<Vec<_>>(), ids[1..2]);
    // A late answer still comes in.
    assert_eq!(record(&w.db, &ids[2..], &event(EventKind::Interested), at(36)).unwrap(), [PromotionStatus::Interested]);
}

#[test]
fn my_follow_ups_are_the_promotions_i_made_and_all_are_everyones() {
    let w = world();
    let first: Vec<i64> =
        w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms[..1]), at(0)))
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
    let julien = settings::CounsellorSettings {
        name: "Julien Lefèvre".into(),
        agency: "Agence de Rennes".into(),
        phone: "0299000001".into(),
        email: "julien.lefevre@agence.example".into(),
    };
    w.db.write(|tx| settings::update(tx, &julien)).unwrap();
    let his: Vec<i64> =
        w.db.write(|tx| promotions::promote(tx, &input(&[w.hugo], &w.firms[1..2]), at(0)))
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
    let due = |mine: bool| {
        let page = follow_ups::due(&w.db, &FollowUpQuery { paging: Paging::first(50), mine }, at(8)).unwrap();
        (page.total, page.items.iter().map(|f| f.promotion.id).collect::<Vec<_>>())
    };
    assert_eq!(due(true), (1, his.clone()));
    let (total, ids) = due(false);
    assert_eq!((total, ids.len()), (2, 2));
    assert!(ids.contains(&first[0]) && ids.contains(&his[0]), "{ids:?}");
}

#[test]
fn the_promotions_list_searches_both_names_and_filters_statuses() {
    let w = world();
    w.db.write(|tx| promotions::promote(tx, &input(&[w.lea], &w.firms), at(0))).unwrap();
    let hugo = w.db.write(|tx| promotions::promote(tx, &input(&[w.hugo], &w.firms[..1]), at(1))).unwrap();
    record(&w.db, &[hugo[0].id], &event(EventKind::KeptOnFile), at(2)).unwrap();
    let names = |query: PromotionQuery| {
        let page = w.db.read(|c| promotions::page(c, &PromotionQuery { paging: Paging::first(50), ..query })).unwrap();
        page.items.into_iter().map(|p| format!("{} → {}", p.candidate_name, p.company_name)).collect::<Vec<_>>()
    };
    assert_eq!(
        names(PromotionQuery { search: "lea fournil".into(), ..Default::default() }),
        ["Léa Martin → Fournil du Rhône"]
    );
    assert_eq!(names(PromotionQuery { search: "kerbrat".into(), ..Default::default() }).len(), 2);
    assert_eq!(
        names(PromotionQuery { statuses: vec![PromotionStatus::KeptOnFile], ..Default::default() }),
        ["Hugo Petit → Boulangerie Kerbrat"]
    );
    assert_eq!(names(PromotionQuery::default()).len(), 4);
}

#[test]
fn demo_histories_follow_the_transitions() {
    let w = world();
    let added = w.db.write(|tx| profilence_core::demo::promotions(tx, 200, 120, 7, at(0))).unwrap();
    assert!(added > 100, "{added}");
    let statuses: std::collections::HashSet<String> =
        w.db.read(|c| {
            Ok(c.prepare("SELECT DISTINCT status FROM promotions")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap();
    for status in ["sent", "reminded", "refused", "interview_planned", "hired"] {
        assert!(statuses.contains(status), "{status} missing from {statuses:?}");
    }
}
