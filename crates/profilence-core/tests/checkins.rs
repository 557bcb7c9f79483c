//! The months after a hire, by the clock: a hire schedules its check-ins, each falls due in
//! Relances on its day, leaves it once done; a correction of the hire moves them; the
//! dashboards count who is still in the job at six months.

mod common;

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use common::{BOULANGER, candidate, fields, marked_sent, world::claire};
use profilence_core::{
    Database, Error,
    choices::{CheckinKind, ContractType, EventKind, LeftReason},
    erasure::{self, Why},
    journal::{self, JournalQuery},
    list::Paging,
    promotions::{
        self, EventInput, TimelineOf,
        checkins::{self, CheckinDateInput, CheckinInput, TrialPeriod, TrialUnit},
    },
    stats::{
        self, Period, StatsQuery,
        export::{ExportFormat, ExportInput},
    },
};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// `text` at 10:00, local time: the clock of the test.
fn on(text: &str) -> DateTime<Local> {
    Local.from_local_datetime(&day(text).and_hms_opt(10, 0, 0).unwrap()).earliest().unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    db: Database,
    people: Vec<i64>,
    firms: Vec<i64>,
}

fn world() -> World {
    let w = common::world::World::signed(&claire("Agence de Brest"));
    let people = [
        ("Le Goff", "Maëlys"),
        ("Tanguy", "Erwan"),
        ("Kerjean", "Anaïs"),
        ("Moal", "Yannick"),
        ("Quéméner", "Gwenaëlle"),
        ("Riou", "Corentin"),
    ]
    .iter()
    .map(|(last, first)| w.candidate(&candidate(last, first, &[BOULANGER]), day("2026-11-01")))
    .collect();
    let firms = w.firms(3);
    World { _dir: w.dir, db: w.db, people, firms }
}

fn event(kind: EventKind) -> EventInput {
    EventInput { kind: Some(kind), ..EventInput::default() }
}

fn hire(contract: ContractType, start: &str) -> EventInput {
    EventInput { contract_type: Some(contract), start_date: start.into(), ..event(EventKind::Hired) }
}

/// `person` promoted to `firm` on 2 November 2026, interested the next day, hired on the
/// 20th under `contract` from `start`.
fn hired(w: &World, person: i64, firm: i64, contract: ContractType, start: &str) -> i64 {
    let id =
        w.db.write(|tx| promotions::promote(tx, &marked_sent(person, firm, None), on("2026-11-02"))).unwrap()[0].id;
    w.db.write(|tx| promotions::record_event(tx, &[id], &event(EventKind::Interested), on("2026-11-03"))).unwrap();
    w.db.write(|tx| promotions::record_event(tx, &[id], &hire(contract, start), on("2026-11-20"))).unwrap();
    id
}

/// The check-ins due on `today`: (kind, due day).
fn due(db: &Database, today: &str) -> Vec<(CheckinKind, NaiveDate)> {
    let due = db.read(|c| checkins::due(c, day(today))).unwrap();
    assert_eq!(due.total as usize, due.items.len());
    due.items.iter().map(|d| (d.checkin.kind, d.checkin.due_on)).collect()
}

fn checkin_of(db: &Database, promotion: i64, kind: CheckinKind) -> checkins::Checkin {
    db.read(|c| checkins::of_promotion(c, promotion)).unwrap().into_iter().find(|c| c.kind == kind).unwrap()
}

fn still_in_job(id: i64) -> CheckinInput {
    CheckinInput { id, in_job: Some(true), ..CheckinInput::default() }
}

fn left(id: i64, reason: LeftReason, comment: &str) -> CheckinInput {
    CheckinInput { id, in_job: Some(false), left_reason: Some(reason), comment: comment.into(), on: String::new() }
}

#[test]
fn a_hire_s_check_ins_fall_due_by_the_clock_and_leave_relances_once_done() {
    let w = world();
    let id = hired(&w, w.people[0], w.firms[0], ContractType::Cdi, "2026-12-01");
    // A CDI's trial: two months by default, its last day 31 January.
    let planned: Vec<(CheckinKind, NaiveDate)> =
        w.db.read(|c| checkins::of_promotion(c, id)).unwrap().iter().map(|c| (c.kind, c.due_on)).collect();
    assert_eq!(
        planned,
        [
            (CheckinKind::OneMonth, day("2027-01-01")),
            (CheckinKind::TrialEnd, day("2027-01-31")),
            (CheckinKind::SixMonths, day("2027-06-01")),
        ]
    );
    // Nothing due the day of the hire nor the day before the first month.
    assert!(due(&w.db, "2026-11-20").is_empty());
    assert!(due(&w.db, "2026-12-31").is_empty());
    // The clock moves a month on: the one-month check-in is due, and stays due after.
    assert_eq!(due(&w.db, "2027-01-01"), [(CheckinKind::OneMonth, day("2027-01-01"))]);
    let late = w.db.read(|c| checkins::due(c, day("2027-01-05"))).unwrap();
    assert_eq!(late.items[0].days_late, 4);
    assert_eq!(late.items[0].candidate_name, "Maëlys Le Goff");
    assert_eq!(late.items[0].contract_type, Some(ContractType::Cdi));
    assert_eq!(late.items[0].start_date, Some(day("2026-12-01")));

    let one_month = checkin_of(&w.db, id, CheckinKind::OneMonth);
    let done = w.db.write(|tx| checkins::record(tx, &still_in_job(one_month.id), on("2027-01-05"))).unwrap();
    assert_eq!((done.done_on, done.in_job, done.left_reason), (Some(day("2027-01-05")), Some(true), None));
    assert_eq!(done.author.as_deref(), Some("Claire Morel"));
    assert!(due(&w.db, "2027-01-05").is_empty(), "done: gone from Relances");
    // Done once: a second time is refused, saying when.
    let again = w.db.write(|tx| checkins::record(tx, &still_in_job(one_month.id), on("2027-01-06"))).unwrap_err();
    assert!(matches!(&again, Error::Rule(m) if m.contains("déjà été fait le 05/01/2027")), "{again:?}");

    // The end of the trial: she left at the employee's initiative; the six-month check-in
    // closes with it, so nothing more falls due.
    assert_eq!(due(&w.db, "2027-02-01"), [(CheckinKind::TrialEnd, day("2027-01-31"))]);
    let trial = checkin_of(&w.db, id, CheckinKind::TrialEnd);
    w.db.write(|tx| {
        checkins::record(tx, &left(trial.id, LeftReason::TrialByEmployee, "Déménage à Quimper."), on("2027-02-01"))
    })
    .unwrap();
    assert!(due(&w.db, "2027-07-01").is_empty());
    let six = checkin_of(&w.db, id, CheckinKind::SixMonths);
    assert_eq!(
        (six.in_job, six.left_reason, six.done_on),
        (Some(false), Some(LeftReason::TrialByEmployee), Some(day("2027-02-01")))
    );
    assert!(six.comment.contains("Point de fin de période d'essai"), "{}", six.comment);

    // On the promotion's timeline, and in the journal.
    let timeline = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(w.people[0]))).unwrap();
    assert_eq!(timeline.items[0].checkins.len(), 3);
    let entries =
        w.db.read(|c| journal::list(c, &JournalQuery { paging: Paging::first(50), ..JournalQuery::default() }))
            .unwrap();
    let details: Vec<&str> = entries.items.iter().map(|e| e.detail.as_str()).collect();
    assert!(details.contains(&"Point à 1 mois : toujours en poste"), "{details:?}");
    assert!(
        details.iter().any(|d| d.starts_with("Point de fin de période d'essai : a quitté le poste (fin de la période d'essai à l'initiative du salarié) ; 1 point(s) suivant(s) clos")),
        "{details:?}"
    );
}

#[test]
fn correcting_the_hire_cancels_its_check_ins_and_the_new_hire_schedules_its_own() {
    let w = world();
    let id = hired(&w, w.people[1], w.firms[0], ContractType::Cdd, "2026-12-01");
    // A CDD: 14 days by default, its last day the 14th.
    assert_eq!(checkin_of(&w.db, id, CheckinKind::TrialEnd).due_on, day("2026-12-14"));
    let correction = EventInput { comment: "Mauvaise date de début.".into(), ..event(EventKind::Correction) };
    w.db.write(|tx| promotions::record_event(tx, &[id], &correction, on("2026-11-21"))).unwrap();
    assert!(w.db.read(|c| checkins::of_promotion(c, id)).unwrap().is_empty());
    assert!(due(&w.db, "2027-12-31").is_empty(), "a cancelled hire's check-ins never fall due");
    w.db.write(|tx| promotions::record_event(tx, &[id], &hire(ContractType::Interim, "2026-12-15"), on("2026-11-21")))
        .unwrap();
    let planned: Vec<(CheckinKind, NaiveDate)> =
        w.db.read(|c| checkins::of_promotion(c, id)).unwrap().iter().map(|c| (c.kind, c.due_on)).collect();
    // Temporary work: two days, the 15th and the 16th.
    assert_eq!(
        planned,
        [
            (CheckinKind::TrialEnd, day("2026-12-16")),
            (CheckinKind::OneMonth, day("2027-01-15")),
            (CheckinKind::SixMonths, day("2027-06-15")),
        ]
    );
    let rows: (i64, i64) =
        w.db.read(|c| {
            Ok(c.query_row(
                "SELECT count(*), count(cancelled_at) FROM hire_checkins WHERE promotion_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(rows, (6, 3), "the cancelled ones are kept for the trace");
    // A cancelled check-in cannot be recorded.
    let cancelled: i64 =
        w.db.read(|c| {
            Ok(c.query_row("SELECT min(id) FROM hire_checkins WHERE cancelled_at IS NOT NULL", [], |r| r.get(0))?)
        })
        .unwrap();
    let refused = w.db.write(|tx| checkins::record(tx, &still_in_job(cancelled), on("2027-01-20"))).unwrap_err();
    assert!(matches!(&refused, Error::Rule(m) if m.contains("annulé")), "{refused:?}");
}

#[test]
fn a_check_in_says_what_is_missing_and_moves_to_another_day() {
    let w = world();
    let id = hired(&w, w.people[2], w.firms[1], ContractType::Apprenticeship, "2026-12-01");
    let one_month = checkin_of(&w.db, id, CheckinKind::OneMonth);
    let now = on("2027-01-02");
    let record = |input: &CheckinInput| w.db.write(|tx| checkins::record(tx, input, now));
    let missing = fields(record(&CheckinInput { id: one_month.id, ..CheckinInput::default() }).unwrap_err());
    assert_eq!(missing, [("inJob".to_owned(), "Indiquez si la personne est toujours en poste.".to_owned())]);
    let no_reason =
        fields(record(&CheckinInput { id: one_month.id, in_job: Some(false), ..CheckinInput::default() }).unwrap_err());
    assert_eq!(no_reason[0].0, "leftReason");
    let other = fields(record(&left(one_month.id, LeftReason::Other, "")).unwrap_err());
    assert_eq!(other, [("comment".to_owned(), "Précisez le motif dans le commentaire.".to_owned())]);
    let future = fields(record(&CheckinInput { on: "2027-01-03".into(), ..still_in_job(one_month.id) }).unwrap_err());
    assert_eq!(future[0], ("on".to_owned(), "La date ne peut pas être dans le futur.".to_owned()));
    let before = fields(record(&CheckinInput { on: "2026-11-30".into(), ..still_in_job(one_month.id) }).unwrap_err());
    assert_eq!(before[0], ("on".to_owned(), "La date précède le début du contrat (01/12/2026).".to_owned()));
    assert!(checkin_of(&w.db, id, CheckinKind::OneMonth).done_on.is_none(), "nothing stored on a refusal");

    // Moved a week later: not due until then.
    let move_to = |due_on: &str| {
        w.db.write(|tx| checkins::reschedule(tx, &CheckinDateInput { id: one_month.id, due_on: due_on.into() }))
    };
    let refused = fields(move_to("2026-11-15").unwrap_err());
    assert_eq!(refused[0].0, "dueOn");
    assert_eq!(fields(move_to("15/01/2027").unwrap_err())[0].1, "Date invalide (format attendu : AAAA-MM-JJ).");
    move_to("2027-01-08").unwrap();
    assert!(due(&w.db, "2027-01-07").iter().all(|(kind, _)| *kind != CheckinKind::OneMonth));
    assert!(due(&w.db, "2027-01-08").contains(&(CheckinKind::OneMonth, day("2027-01-08"))));
}

#[test]
fn the_trial_periods_of_parametres_schedule_the_next_hires() {
    let w = world();
    let periods = w.db.read(checkins::trial_periods).unwrap();
    assert_eq!(periods.len(), ContractType::ALL.len());
    assert_eq!(periods[0], TrialPeriod { contract_type: ContractType::Cdi, amount: 2, unit: TrialUnit::Months });
    let wrong = [TrialPeriod { contract_type: ContractType::Cdi, amount: 0, unit: TrialUnit::Months }];
    let refused = fields(w.db.write(|tx| checkins::save_trial_periods(tx, &wrong)).unwrap_err());
    assert_eq!(refused[0].1, "CDI : la durée doit être comprise entre 1 et 365.");
    // Managers: four months.
    let cadres = [TrialPeriod { contract_type: ContractType::Cdi, amount: 4, unit: TrialUnit::Months }];
    let saved = w.db.write(|tx| checkins::save_trial_periods(tx, &cadres)).unwrap();
    assert_eq!(saved[0].amount, 4);
    let id = hired(&w, w.people[3], w.firms[0], ContractType::Cdi, "2026-12-01");
    assert_eq!(checkin_of(&w.db, id, CheckinKind::TrialEnd).due_on, day("2027-03-31"));
}

#[test]
fn the_dashboard_counts_who_is_still_in_the_job_at_six_months_by_contract_and_company() {
    let w = world();
    // Four hires of November's cohort: two CDI at the first firm, a CDD and an intérim at
    // the second.
    let a = hired(&w, w.people[0], w.firms[0], ContractType::Cdi, "2026-12-01");
    let b = hired(&w, w.people[1], w.firms[0], ContractType::Cdi, "2026-12-01");
    let c = hired(&w, w.people[2], w.firms[1], ContractType::Cdd, "2026-12-01");
    let _d = hired(&w, w.people[3], w.firms[1], ContractType::Interim, "2026-12-01");
    let six = |id| checkin_of(&w.db, id, CheckinKind::SixMonths).id;
    let june = on("2027-06-02");
    w.db.write(|tx| checkins::record(tx, &still_in_job(six(a)), june)).unwrap();
    w.db.write(|tx| checkins::record(tx, &left(six(b), LeftReason::Other, "Licenciement économique."), june)).unwrap();
    // The CDD left at one month: counted as not in the job at six months.
    let first = checkin_of(&w.db, c, CheckinKind::OneMonth).id;
    w.db.write(|tx| checkins::record(tx, &left(first, LeftReason::TrialByEmployer, ""), on("2027-01-02"))).unwrap();
    // The intérim's six-month check-in is still to do: a hire, not in the share.
    let query = StatsQuery { period: Period::Month { on: Some(day("2026-11-01")) }, ..StatsQuery::default() };
    let board = stats::dashboard(&w.db, &query, june).unwrap();
    let r = &board.retention;
    assert_eq!(r.hires, 4);
    assert_eq!((r.total.hires, r.total.checked, r.total.in_job), (4, 3, 1));
    assert!((r.total.share.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    let contracts: Vec<(&str, u32, u32, u32)> =
        r.by_contract.iter().map(|row| (row.label.as_str(), row.hires, row.checked, row.in_job)).collect();
    assert_eq!(contracts, [("CDI", 2, 2, 1), ("CDD", 1, 1, 0), ("Intérim", 1, 0, 0)]);
    assert_eq!(r.by_contract[2].share, None);
    let companies: Vec<(&str, u32, u32, u32)> =
        r.by_company.iter().map(|row| (row.label.as_str(), row.hires, row.checked, row.in_job)).collect();
    assert_eq!(companies, [("Boulangerie Kerbrat", 2, 2, 1), ("Fournil du Rhône", 2, 1, 0)]);
    // Another month's cohort holds none of them.
    let december = StatsQuery { period: Period::Month { on: Some(day("2026-12-01")) }, ..StatsQuery::default() };
    assert_eq!(r.unmeasured, None, "a share, so nothing said in its place");
    let none = stats::dashboard(&w.db, &december, june).unwrap().retention;
    assert_eq!(none.hires, 0);
    assert_eq!(none.unmeasured.as_deref(), Some("Aucune embauche parmi les promotions de cette période."));
    let options = w.db.read(stats::options).unwrap();
    assert!(options.definitions.iter().any(|d| d.label == "Toujours en poste à 6 mois"));
}

#[test]
fn an_erasure_blanks_what_the_check_ins_say_of_the_person_and_takes_them_out_of_relances() {
    let w = world();
    let id = hired(&w, w.people[0], w.firms[0], ContractType::Cdi, "2026-12-01");
    let first = checkin_of(&w.db, id, CheckinKind::OneMonth).id;
    let said = left(first, LeftReason::Other, "Maëlys Le Goff a déménagé à Quimper.");
    w.db.write(|tx| checkins::record(tx, &said, on("2027-01-02"))).unwrap();
    let trial = checkin_of(&w.db, id, CheckinKind::TrialEnd);
    assert_eq!(trial.done_on, Some(day("2027-01-02")), "the later ones close with the departure");
    w.db.write(|tx| erasure::erase_candidate(tx, w.people[0], Why::Request)).unwrap();
    let comments: Vec<String> =
        w.db.read(|c| {
            Ok(c.prepare("SELECT comment FROM hire_checkins")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(comments, ["", "", ""]);
    // Their outcomes stay, for the dashboards; nothing of theirs falls due.
    assert_eq!(checkin_of(&w.db, id, CheckinKind::SixMonths).in_job, Some(false));
    let other = hired(&w, w.people[1], w.firms[1], ContractType::Cdi, "2026-12-01");
    w.db.write(|tx| erasure::erase_candidate(tx, w.people[1], Why::Request)).unwrap();
    assert!(due(&w.db, "2027-12-31").is_empty(), "an erased person's check-ins are not listed");
    assert_eq!(w.db.read(|c| checkins::of_promotion(c, other)).unwrap().len(), 3);
}

/// The export of November's dashboard, in `format`, into `folder`, at `now`: its path.
fn exported(w: &World, format: ExportFormat, folder: &tempfile::TempDir, now: DateTime<Local>) -> String {
    let query = StatsQuery { period: Period::Month { on: Some(day("2026-11-01")) }, ..StatsQuery::default() };
    let input = ExportInput { query, format, folder: folder.path().display().to_string() };
    stats::export::export(&w.db, &input, now).unwrap().path
}

/// The CSV's lines, their trailing cells' blanks aside.
fn csv_lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| l.trim_end().to_owned()).collect()
}

/// The sheet « Toujours en poste à 6 mois » of the XLSX, cell by cell.
fn retention_sheet(path: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range("Toujours en poste à 6 mois").unwrap().rows().map(<[_]>::to_vec).collect()
}

/// The text of a PDF, its blanks squeezed to single spaces (and none before a `%`:
/// pdftotext reads the no-break space before it as a space or as nothing, by width).
fn pdf_text(path: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path, "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace(" %", "%")
}

#[test]
fn the_dashboard_s_exports_carry_the_six_month_figures_or_say_there_are_none_yet() {
    use calamine::Data;
    let w = world();
    // Six hires of November's cohort: two CDI at Kerbrat, a CDD and an intérim at the
    // Fournil, an apprentice and a CDI at Pains & Co, the latter as a hire taken from a
    // tracker stands (no check-in planned).
    let a = hired(&w, w.people[0], w.firms[0], ContractType::Cdi, "2026-12-01");
    let b = hired(&w, w.people[1], w.firms[0], ContractType::Cdi, "2026-12-01");
    let c = hired(&w, w.people[2], w.firms[1], ContractType::Cdd, "2026-12-01");
    let _d = hired(&w, w.people[3], w.firms[1], ContractType::Interim, "2026-12-01");
    let e = hired(&w, w.people[4], w.firms[2], ContractType::Apprenticeship, "2026-12-01");
    let f = hired(&w, w.people[5], w.firms[2], ContractType::Cdi, "2026-12-01");
    w.db.write(|tx| Ok(tx.execute("DELETE FROM hire_checkins WHERE promotion_id = ?1", [f])?)).unwrap();
    let folder = tempfile::tempdir().unwrap();

    // Before any check-in: the exports say none is recorded yet, with the counts, and
    // print no share.
    let december = on("2026-12-20");
    let pending = "Aucun point à 6 mois n'a encore été enregistré pour les embauches de cette période \
                   (5 embauches suivies sur 6) : la part toujours en poste sera calculée dès le premier point fait.";
    let lines = csv_lines(&exported(&w, ExportFormat::Csv, &folder, december));
    let at = lines.iter().position(|l| l == "Toujours en poste à 6 mois").expect("the section");
    assert_eq!(
        lines[at + 1..at + 6],
        [
            "Embauches de la période;6",
            "Embauches suivies (points prévus);5",
            "Point à 6 mois fait;0",
            "Toujours en poste;0",
            &format!("Part toujours en poste;{pending}"),
        ]
    );
    assert!(!lines.iter().any(|l| l.starts_with("Type de contrat;")), "no table of empty shares");
    let sheet = retention_sheet(&exported(&w, ExportFormat::Xlsx, &folder, december));
    assert_eq!(sheet[5][0], Data::String("Part toujours en poste".into()));
    assert_eq!(sheet[5][1], Data::String(pending.into()));
    assert_eq!(sheet.len(), 6, "nothing under it: {sheet:?}");
    let text = pdf_text(&exported(&w, ExportFormat::Pdf, &folder, december));
    assert!(text.contains("Toujours en poste à 6 mois — novembre 2026"), "{text}");
    assert!(text.contains(pending), "{text}");
    assert!(!text.contains("Part toujours en poste"), "{text}");

    // June: Maëlys and the apprentice still in the job, Erwan gone; Anaïs (CDD) left at one
    // month, so not in the job at six; the intérim's check-in is still to do.
    let six = |id| checkin_of(&w.db, id, CheckinKind::SixMonths).id;
    let june = on("2027-06-02");
    let first = checkin_of(&w.db, c, CheckinKind::OneMonth).id;
    w.db.write(|tx| checkins::record(tx, &left(first, LeftReason::TrialByEmployer, ""), on("2027-01-02"))).unwrap();
    w.db.write(|tx| checkins::record(tx, &still_in_job(six(a)), june)).unwrap();
    w.db.write(|tx| checkins::record(tx, &left(six(b), LeftReason::Other, "Licenciement économique."), june)).unwrap();
    w.db.write(|tx| checkins::record(tx, &still_in_job(six(e)), june)).unwrap();

    let lines = csv_lines(&exported(&w, ExportFormat::Csv, &folder, june));
    let at = lines.iter().position(|l| l == "Toujours en poste à 6 mois").expect("the section");
    // A blank line between tables is one empty cell, quoted.
    const BLANK: &str = "\"\"";
    let section: Vec<&str> = lines[at + 1..at + 20].iter().map(String::as_str).collect();
    assert_eq!(
        section,
        [
            "Embauches de la période;6",
            "Embauches suivies (points prévus);5",
            "Point à 6 mois fait;4",
            "Toujours en poste;2",
            "Part toujours en poste;50,0 %",
            BLANK,
            "Par type de contrat",
            "Type de contrat;Embauches suivies;Point à 6 mois fait;Toujours en poste;Part toujours en poste",
            "CDI;2;2;1;50,0 %",
            "CDD;1;1;0;0,0 %",
            "Intérim;1;0;0;",
            "Contrat d'apprentissage;1;1;1;100,0 %",
            BLANK,
            "Par entreprise (les plus suivies)",
            "Entreprise;Embauches suivies;Point à 6 mois fait;Toujours en poste;Part toujours en poste",
            "Boulangerie Kerbrat;2;2;1;50,0 %",
            "Fournil du Rhône;2;1;0;0,0 %",
            "Pains & Co;1;1;1;100,0 %",
            BLANK,
        ]
    );

    let sheet = retention_sheet(&exported(&w, ExportFormat::Xlsx, &folder, june));
    let figures: Vec<(String, Data)> = sheet[1..6].iter().map(|r| (r[0].to_string(), r[1].clone())).collect();
    assert_eq!(
        figures,
        [
            ("Embauches de la période".into(), Data::Float(6.0)),
            ("Embauches suivies (points prévus)".into(), Data::Float(5.0)),
            ("Point à 6 mois fait".into(), Data::Float(4.0)),
            ("Toujours en poste".into(), Data::Float(2.0)),
            ("Part toujours en poste".into(), Data::Float(0.5)),
        ]
    );
    let row = |label: &str| sheet.iter().find(|r| r[0] == label).unwrap_or_else(|| panic!("{label}"));
    assert_eq!(row("CDI")[1..], [Data::Float(2.0), Data::Float(2.0), Data::Float(1.0), Data::Float(0.5)]);
    assert_eq!(row("Intérim")[1..4], [Data::Float(1.0), Data::Float(0.0), Data::Float(0.0)]);
    assert!(row("Intérim").get(4).is_none_or(|c| *c == Data::Empty), "no share without a check-in done");
    assert_eq!(row("Fournil du Rhône")[1..], [Data::Float(2.0), Data::Float(1.0), Data::Float(0.0), Data::Float(0.0)]);
    assert_eq!(row("Pains & Co")[1..], [Data::Float(1.0), Data::Float(1.0), Data::Float(1.0), Data::Float(1.0)]);

    let path = exported(&w, ExportFormat::Pdf, &folder, june);
    // STATS_KEEP=DIR keeps a copy, to render and look at (pdftoppm).
    if let Ok(keep) = std::env::var("STATS_KEEP") {
        std::fs::copy(&path, std::path::Path::new(&keep).join("toujours-en-poste.pdf")).unwrap();
    }
    let text = pdf_text(&path);
    for expected in [
        "Toujours en poste à 6 mois — novembre 2026",
        "Embauches de la période 6",
        "Embauches suivies (points prévus) 5",
        "Point à 6 mois fait 4",
        "Toujours en poste 2",
        "Part toujours en poste 50%",
        "CDI 2 2 1 50%",
        "CDD 1 1 0 0%",
        "Intérim 1 0 0 —",
        "Contrat d'apprentissage 1 1 1 100%",
        "Boulangerie Kerbrat 2 2 1 50%",
        "Fournil du Rhône 2 1 0 0%",
        "Pains & Co 1 1 1 100%",
        "Une embauche sans points de suivi prévus",
        // Then the comparisons, on the pages after the dashboard's, numbered after it.
        "Comparaisons — novembre 2026",
        "Tableau de bord — novembre 2026 Page 2 /",
    ] {
        assert!(text.contains(expected), "no {expected:?} in\n{text}");
    }
    assert!(!text.contains(pending), "{text}");
}
