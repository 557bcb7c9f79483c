//! The send gate (`promotions::gate`): every path by which a profile leaves — promote,
//! e-mail, `.eml` draft, marked as sent, sheet preview for a company, batch of sheets —
//! called with each broken rule (consent expired, a promotion no longer a draft, the
//! monthly contacts reached with drafts counting, a repeat within 90 days): refused, or a
//! confirmation asked where the counsellor can give one, and nothing written.

mod common;

use std::path::Path;

use chrono::{DateTime, Local, TimeZone};
use common::{BOULANGER, candidate, company, world};
use profilence_core::{
    Database, Error,
    cancel::Cancel,
    choices::{EventKind, PromotionChannel, PromotionStatus},
    companies::{self, CompanyInput},
    mail::{self, MailSettingsInput, Security, password::Memory},
    promotions::{
        self, ConfirmationKind, Confirmations, Delivery, EventInput, PromoteInput, PromotionTarget,
        gate::{self, Departure, Leaving},
    },
    sheets_batch::{self, BatchOf, BatchSummary},
};

/// 22 November 2026 at 10:00, local time, plus `days`.
fn at(days: u64) -> DateTime<Local> {
    let start = Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    start.checked_add_days(chrono::Days::new(days)).unwrap()
}

struct World {
    dir: tempfile::TempDir,
    db: Database,
    passwords: Memory,
    /// Léa Martin and Hugo Petit: consent 01/09/2026 → 01/09/2027.
    lea: i64,
    hugo: i64,
    /// Boulangerie Kerbrat: at most 2 contacts a month.
    kerbrat: i64,
    /// Fournil du Rhône: at most 1 contact a month.
    fournil: i64,
}

/// The mail server of an agency (never reached: every case here is refused before).
fn mail_settings() -> MailSettingsInput {
    MailSettingsInput {
        host: "127.0.0.1".into(),
        port: 2526,
        security: Security::None,
        username: String::new(),
        password: None,
        from_address: "claire.morel@agence.example".into(),
        from_name: String::new(),
        subject_template: "Candidature : {métier}".into(),
    }
}

fn world() -> World {
    let world::World { dir, db } = world::World::signed(&world::claire("Agence de Lyon Part-Dieu"));
    let passwords = Memory::default();
    db.write(|tx| mail::update_settings(tx, &mail_settings(), &passwords)).unwrap();
    let w = world::World { dir, db };
    let lea = w.candidate(&candidate("Martin", "Léa", &[BOULANGER]), at(0).date_naive());
    let hugo = w.candidate(&candidate("Petit", "Hugo", &[BOULANGER]), at(0).date_naive());
    let kerbrat = w.firms(1)[0];
    let fournil =
        w.db.write(|tx| {
            companies::create(
                tx,
                &CompanyInput { max_contacts_per_month: "1".into(), ..company("Fournil du Rhône", "34167211100018") },
            )
        })
        .unwrap()
        .id;
    World { dir: w.dir, db: w.db, passwords, lea, hugo, kerbrat, fournil }
}

fn promote_input(candidates: &[i64], company: i64, send: bool) -> PromoteInput {
    PromoteInput {
        candidate_ids: candidates.to_vec(),
        targets: vec![PromotionTarget { company_id: company, contact_id: None }],
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Bonjour, je vous présente {prénom}, {métier}.".into(),
        subject_template: String::new(),
        send,
        confirmations: Confirmations::default(),
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    }
}

/// A promotion created on day `day`: a draft, or marked sent.
fn promoted(w: &World, candidate: i64, company: i64, send: bool, day: u64, confirmations: Confirmations) -> i64 {
    let input = PromoteInput { confirmations, ..promote_input(&[candidate], company, send) };
    w.db.write(|tx| promotions::promote(tx, &input, at(day))).unwrap()[0].id
}

/// What the paths could write: promotions, their events, the journal, the files.
fn written(w: &World) -> (i64, i64, i64, usize) {
    let count = |table: &str| {
        w.db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))?)).unwrap()
    };
    let files = walk(w.dir.path().join("out").as_path());
    (count("promotions"), count("promotion_events"), count("journal"), files)
}

fn walk(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .map_or(0, |entries| entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
}

fn rule(error: Error) -> String {
    match error {
        Error::Rule(message) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn confirmation(error: Error) -> Vec<(ConfirmationKind, String)> {
    match error {
        Error::NeedsConfirmation(needed) => needed.into_iter().map(|n| (n.kind, n.message)).collect(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// The three paths of a draft going out, each refused with words that contain `expected`,
/// and the promotion left a draft.
fn draft_paths_refused(w: &World, promotion: i64, day: u64, expected: &str) {
    let before = written(w);
    // By e-mail: the result says why, nothing sent.
    let results = mail::deliver(&w.db, &[promotion], &w.passwords, || at(day)).unwrap();
    assert!(!results[0].sent && results[0].message.contains(expected), "e-mail: {results:?}");
    // As an .eml draft: no file.
    let folder = w.dir.path().join("out").join("brouillons");
    let eml = w.db.write(|tx| {
        let out = mail::draft(tx, promotion, &w.passwords, at(day))?;
        mail::write_draft(&out, &folder)
    });
    assert!(rule(eml.unwrap_err()).contains(expected), ".eml draft");
    // Marked as sent.
    let sent = EventInput { kind: Some(EventKind::Sent), ..EventInput::default() };
    let marked = w.db.write(|tx| promotions::record_event(tx, &[promotion], &sent, at(day)));
    assert!(rule(marked.unwrap_err()).contains(expected), "marked as sent");
    assert_eq!(written(w), before, "nothing written");
}

fn batch(w: &World, of: &BatchOf, day: u64) -> BatchSummary {
    let folder = w.dir.path().join("out").join("lot");
    std::fs::create_dir_all(&folder).unwrap();
    sheets_batch::run(&w.db, of, &folder.display().to_string(), at(day).date_naive(), &Cancel::default(), |_| {})
        .unwrap()
}

#[test]
fn consent_expired_every_path_refuses() {
    let w = world();
    let draft = promoted(&w, w.lea, w.kerbrat, false, 0, Confirmations::default());
    // Consent ran to 01/09/2027: on 18/09/2027 it has expired.
    let late = 300;
    let before = written(&w);
    let promote = w.db.write(|tx| promotions::promote(tx, &promote_input(&[w.lea], w.kerbrat, true), at(late)));
    let words = rule(promote.unwrap_err());
    assert!(words.starts_with("Promotion impossible sans consentement valide") && words.contains("01/09/2027"));
    let preview =
        w.db.write(|tx| gate::sheet(tx, w.lea, (false, false), Some((w.kerbrat, None)), at(late).date_naive()));
    assert!(rule(preview.unwrap_err()).contains("a expiré le 01/09/2027"));
    assert_eq!(written(&w), before);

    draft_paths_refused(&w, draft, late, "a expiré le 01/09/2027");

    // A batch skips the person, a new sheet or the one a promotion was sent with.
    let summary = batch(&w, &BatchOf::Candidates { ids: vec![w.lea], anonymous: false }, late);
    assert_eq!(summary.skipped, ["Léa Martin (consentement non valide)"]);
    let summary = batch(&w, &BatchOf::Promotions { ids: vec![draft] }, late);
    assert_eq!(summary.skipped, ["Léa Martin → Boulangerie Kerbrat (consentement non valide)"]);
    assert_eq!(walk(&w.dir.path().join("out")), 0, "no file at all");
    // While consent holds, the same batch writes the sheet.
    assert_eq!(batch(&w, &BatchOf::Promotions { ids: vec![draft] }, 1).written.len(), 1);
}

#[test]
fn only_a_draft_leaves() {
    let w = world();
    let sent = promoted(&w, w.lea, w.kerbrat, true, 0, Confirmations::default());
    let withdrawn = promoted(&w, w.hugo, w.kerbrat, false, 0, Confirmations::default());
    let withdraw = EventInput { kind: Some(EventKind::Withdrawn), comment: String::new(), ..EventInput::default() };
    w.db.write(|tx| promotions::record_event(tx, &[withdrawn], &withdraw, at(1))).unwrap();
    // Sent already, or withdrawn: e-mail, .eml and « envoyée » all refuse.
    let before = written(&w);
    let results = mail::deliver(&w.db, &[sent, withdrawn], &w.passwords, || at(2)).unwrap();
    assert!(results.iter().all(|r| !r.sent), "{results:?}");
    for id in [sent, withdrawn] {
        let eml = w.db.write(|tx| mail::draft(tx, id, &w.passwords, at(2)));
        assert!(rule(eml.unwrap_err()).contains("Seule une promotion en brouillon peut partir"));
        let mark = EventInput { kind: Some(EventKind::Sent), ..EventInput::default() };
        assert!(w.db.write(|tx| promotions::record_event(tx, &[id], &mark, at(2))).is_err());
    }
    assert_eq!(written(&w), before);
    // The gate names the status itself, whatever the path.
    let departure = w.db.read(|c| Departure::of_promotion(c, sent)).unwrap();
    let refused = w
        .db
        .read(|c| gate::may_leave(c, &[departure], Leaving::MarkSent, at(2).date_naive(), &Confirmations::default()));
    assert!(rule(refused.unwrap_err()).contains("Léa Martin → Boulangerie Kerbrat est « envoyée »"));
    // Promote, preview and batch make new sheets: no promotion status to ask.
}

#[test]
fn the_monthly_limit_counts_drafts_waiting() {
    let w = world();
    // The Fournil takes one contact a month. Léa's draft holds it, unsent.
    let lea_draft = promoted(&w, w.lea, w.fournil, false, 0, Confirmations::default());
    let info = w.db.read(|c| promotions::target_info(c, None, &[w.fournil], at(0).date_naive())).unwrap();
    assert_eq!((info[0].contacts_this_month, info[0].contacts_left), (1, Some(0)));
    let before = written(&w);
    // Promote: a confirmation, for a draft as for a sending.
    for send in [false, true] {
        let asked = w.db.write(|tx| promotions::promote(tx, &promote_input(&[w.hugo], w.fournil, send), at(1)));
        let asked = confirmation(asked.unwrap_err());
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].0, ConfirmationKind::ContactLimit);
        assert!(asked[0].1.contains("1 déjà ce mois-ci (envois et brouillons en attente compris)"), "{}", asked[0].1);
    }
    // A preview addressed to it: no confirmation there, refused.
    let preview = w.db.write(|tx| gate::sheet(tx, w.hugo, (false, false), Some((w.fournil, None)), at(1).date_naive()));
    assert!(rule(preview.unwrap_err()).contains("Fournil du Rhône accepte 1 contact par mois"));
    assert_eq!(written(&w), before);
    // Not addressed, the same sheet may be previewed (and the journal says a sheet was made).
    w.db.write(|tx| gate::sheet(tx, w.hugo, (false, false), None, at(1).date_naive())).unwrap();
    assert_eq!(written(&w), (before.0, before.1, before.2 + 1, before.3));

    // Confirmed, Hugo's promotion is made and keeps the confirmation: marked sent later
    // without asking again.
    let confirmed = Confirmations { over_contact_limit: true, ..Confirmations::default() };
    let hugo_draft = promoted(&w, w.hugo, w.fournil, false, 1, confirmed);
    let mark = EventInput { kind: Some(EventKind::Sent), ..EventInput::default() };
    let sent = w.db.write(|tx| promotions::record_event(tx, &[hugo_draft], &mark, at(2))).unwrap();
    assert_eq!(sent[0].status, PromotionStatus::Sent);
    // Léa's draft now goes beyond this month's sendings, unconfirmed: every path refuses.
    draft_paths_refused(&w, lea_draft, 2, "Fournil du Rhône accepte 1 contact par mois ; 1 déjà ce mois-ci (envois)");
    // Next month, it goes.
    w.db.write(|tx| promotions::record_event(tx, &[lea_draft], &mark, at(10))).unwrap();
}

#[test]
fn a_repeat_within_the_window_is_confirmed_or_refused() {
    let w = world();
    // Léa's draft to Kerbrat (22/11), then a second promotion there, confirmed with its
    // reason and sent the next day.
    let first = promoted(&w, w.lea, w.kerbrat, false, 0, Confirmations::default());
    let again = w.db.write(|tx| promotions::promote(tx, &promote_input(&[w.lea], w.kerbrat, true), at(1)));
    let asked = confirmation(again.unwrap_err());
    assert_eq!(asked[0].0, ConfirmationKind::Repeat);
    assert!(asked[0].1.contains("Léa Martin a déjà été promu·e auprès de Boulangerie Kerbrat le 22/11/2026"));
    let reason = Confirmations { repeat_reason: "Un second poste ouvert".into(), ..Confirmations::default() };
    let second = promoted(&w, w.lea, w.kerbrat, true, 1, reason);
    // The preview addressed to Kerbrat is refused within 90 days.
    let before = written(&w);
    let preview = w.db.write(|tx| gate::sheet(tx, w.lea, (false, false), Some((w.kerbrat, None)), at(5).date_naive()));
    assert!(rule(preview.unwrap_err()).contains("a déjà été promu·e auprès de Boulangerie Kerbrat le 23/11/2026"));
    assert_eq!(written(&w), before);
    // The first draft would now repeat the second's sending: refused on every path.
    draft_paths_refused(&w, first, 5, "le 23/11/2026 (il y a 4 jours)");
    // The confirmed one went; a batch of sheets is addressed to nobody: no repeat.
    assert_eq!(w.db.read(|c| promotions::get(c, second)).unwrap().status, PromotionStatus::Sent);
    assert_eq!(batch(&w, &BatchOf::Candidates { ids: vec![w.lea], anonymous: true }, 5).written.len(), 1);
    // 90 days after the second sending, the first draft goes.
    let mark = EventInput { kind: Some(EventKind::Sent), ..EventInput::default() };
    w.db.write(|tx| promotions::record_event(tx, &[first], &mark, at(91))).unwrap();
}

#[test]
fn each_sending_is_journaled_with_its_kind_and_no_name() {
    let w = world();
    let marked = promoted(&w, w.lea, w.kerbrat, false, 0, Confirmations::default());
    let drafted = promoted(&w, w.hugo, w.kerbrat, false, 0, Confirmations::default());
    let mark = EventInput { kind: Some(EventKind::Sent), ..EventInput::default() };
    w.db.write(|tx| promotions::record_event(tx, &[marked], &mark, at(1))).unwrap();
    let folder = w.dir.path().join("out");
    let path =
        w.db.write(|tx| {
            let out = mail::draft(tx, drafted, &w.passwords, at(1))?;
            mail::write_draft(&out, &folder)
        })
        .unwrap();
    assert_eq!(path.file_name().unwrap(), format!("brouillon-{drafted}.eml").as_str());
    let entries: Vec<(String, String, i64, String)> =
        w.db.read(|c| {
            let mut s = c.prepare(
                "SELECT action, subject_kind, subject_id, detail FROM journal WHERE action = 'send' ORDER BY id",
            )?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert_eq!(
        entries,
        [
            ("send".into(), "promotion".into(), marked, "Marquée envoyée (canal : E-mail)".into()),
            ("send".into(), "promotion".into(), drafted, "Brouillon d'e-mail (.eml) écrit".into()),
        ]
    );
}
