//! Lists written out: the promotions of a demo pool exported to XLSX and CSV, then imported
//! into an empty database give back the same candidates, companies and promotions; into
//! the same database, nothing is created nor changed. The file keeps the list's filters,
//! and the export is journalled.

mod common;

use std::{path::Path, sync::OnceLock};

use chrono::{DateTime, Local, TimeZone};
use profilence_core::{
    Database,
    choices::PromotionStatus,
    demo, import,
    journal::{self, Action, JournalQuery},
    lists_out::{self, ListFormat, ListQuery},
    promotions::PromotionQuery,
    reference_update, referentials,
    secret::DbKey,
    settings,
};

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 12, 5, 18, 30, 0).unwrap()
}

/// A copy of a database made once: the real referentials, with demo people, companies and
/// promotions when `demo`, else empty but for Claire Morel in Paramètres.
fn world(demo: bool) -> (tempfile::TempDir, Database) {
    static TEMPLATES: OnceLock<(tempfile::TempDir, DbKey)> = OnceLock::new();
    let (templates, key) = TEMPLATES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate().unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        let release = referentials::read_folder(&data).unwrap();
        let empty = Database::open_with_key(&dir.path().join("empty.db"), &key).unwrap();
        empty
            .write(|tx| {
                reference_update::install(tx, &release)?;
                settings::update(tx, &common::world::claire("Agence France Travail de Rennes"))
            })
            .unwrap();
        drop(empty);
        std::fs::copy(dir.path().join("empty.db"), dir.path().join("demo.db")).unwrap();
        let db = Database::open_with_key(&dir.path().join("demo.db"), &key).unwrap();
        db.write(|tx| {
            demo::generate(tx, 40, 12, 11, now().date_naive())?;
            demo::promotions(tx, 90, 150, 11, now())?;
            Ok(())
        })
        .unwrap();
        (dir, key)
    });
    let dir = tempfile::tempdir().unwrap();
    let name = if demo { "demo.db" } else { "empty.db" };
    std::fs::copy(templates.path().join(name), dir.path().join("t.db")).unwrap();
    let db = Database::open_with_key(&dir.path().join("t.db"), key).unwrap();
    (dir, db)
}

fn rows(db: &Database, sql: &str) -> Vec<String> {
    let mut rows: Vec<String> = db
        .read(|c| {
            let mut statement = c.prepare(sql)?;
            let count = statement.column_count()?;
            let rows = statement
                .query_map([], |r| {
                    (0..count)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|cells| cells.join(" | "))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap();
    rows.sort();
    rows
}

/// What a tracker row holds of the candidates, companies, contacts and promotions that a
/// promotion (not a draft) names, each record by its own keys (never a row id).
fn tracked(db: &Database) -> [Vec<String>; 4] {
    let sent = "SELECT candidate_id FROM promotions WHERE status <> 'draft'";
    [
        rows(
            db,
            &format!(
                "SELECT last_name, first_name, birth_date, email, phone, france_travail_id, postcode, commune, \
                 commune_code, consent_date, consent_channel, consent_expiry, counsellor, \
                 (SELECT group_concat(label, ' ; ') FROM (SELECT label FROM candidate_target_jobs \
                  WHERE candidate_id = c.id ORDER BY position) sub) FROM candidates c WHERE id IN ({sent})"
            ),
        ),
        rows(
            db,
            "SELECT name, siret, naf_code, headcount_band, legal_nature, address, postcode, commune, commune_code, \
             lat, lng FROM companies WHERE id IN (SELECT company_id FROM promotions WHERE status <> 'draft')",
        ),
        rows(
            db,
            "SELECT co.siret, k.name, k.email, k.phone FROM company_contacts k JOIN companies co ON co.id = k.company_id \
             WHERE k.id IN (SELECT contact_id FROM promotions WHERE status <> 'draft')",
        ),
        rows(
            db,
            "SELECT c.france_travail_id, co.siret, k.name, p.counsellor, p.channel, p.job_offer_ref, p.sent_at, \
             p.status, CASE p.status_undated WHEN 1 THEN NULL ELSE p.status_at END, p.status_undated, p.reason, \
             (SELECT contract_type FROM promotion_events e WHERE e.promotion_id = p.id AND e.kind = 'hired'), \
             (SELECT substr(interview_at, 1, 10) FROM promotion_events e WHERE e.promotion_id = p.id \
              AND e.kind = 'interview_planned' AND p.status = 'interview_planned' ORDER BY e.id DESC LIMIT 1) \
             FROM promotions p JOIN candidates c ON c.id = p.candidate_id JOIN companies co ON co.id = p.company_id \
             LEFT JOIN company_contacts k ON k.id = p.contact_id WHERE p.status <> 'draft'",
        ),
    ]
}

fn all_promotions() -> ListQuery {
    ListQuery::Promotions(PromotionQuery::default())
}

fn import(db: &Database, file: &Path) -> import::ImportReport {
    let mut progress = |_| {};
    import::run(db, file, &import::ImportOptions::default(), now(), &import::Cancel::default(), &mut progress).unwrap()
}

fn round_trip(format: ListFormat) {
    let (dir, source) = world(true);
    let file = dir.path().join(format!("promotions.{}", format.extension()));
    let written = lists_out::export(&source, &all_promotions(), &file, now()).unwrap();
    let expected = tracked(&source);
    assert_eq!(written.rows as usize, expected[3].len(), "every promotion, one row each");
    let statuses = rows(&source, "SELECT DISTINCT status FROM promotions");
    assert!(statuses.len() >= 6, "the demo covers the statuses: {statuses:?}");

    let (_empty_dir, empty) = world(false);
    let report = import(&empty, &file);
    assert_eq!(report.counts.rejected, 0, "{:#?}", report.issues);
    assert_eq!(report.counts.promotions_created, written.rows);
    let got = tracked(&empty);
    for (what, (expected, got)) in
        ["candidates", "companies", "contacts", "promotions"].iter().zip(expected.iter().zip(&got))
    {
        assert_eq!(expected.len(), got.len(), "{what}");
        for (e, g) in expected.iter().zip(got) {
            assert_eq!(e, g, "{what}");
        }
    }

    // Into the database it came from: nothing new, nothing changed.
    let events = rows(&source, "SELECT count(*) FROM promotion_events");
    let report = import(&source, &file);
    let c = report.counts;
    assert_eq!(
        (c.rejected, c.candidates_created, c.candidates_updated, c.companies_created, c.companies_updated),
        (0, 0, 0, 0, 0),
        "{:#?}",
        report.issues
    );
    assert_eq!((c.promotions_created, c.promotions_updated, c.promotions_unchanged), (0, 0, written.rows));
    assert_eq!(tracked(&source), expected);
    assert_eq!(rows(&source, "SELECT count(*) FROM promotion_events"), events);
}

#[test]
fn promotions_exported_to_xlsx_import_back_as_the_same_records() {
    round_trip(ListFormat::Xlsx);
}

#[test]
fn promotions_exported_to_csv_import_back_as_the_same_records() {
    round_trip(ListFormat::Csv);
}

/// The list's filters hold in the file; the XLSX has typed cells; the CSV is French; each
/// export is journalled without its path; a wrong extension is refused with nothing written.
#[test]
fn an_export_writes_what_the_list_shows_and_is_journalled() {
    let (dir, db) = world(true);
    let hired = PromotionQuery { statuses: vec![PromotionStatus::Hired], ..Default::default() };
    let shown = db
        .read(|c| {
            profilence_core::promotions::page(
                c,
                &PromotionQuery { paging: profilence_core::list::Paging::first(200), ..hired.clone() },
            )
        })
        .unwrap();
    assert!(shown.total > 0);
    let file = dir.path().join("embauches.xlsx");
    let written = lists_out::export(&db, &ListQuery::Promotions(hired), &file, now()).unwrap();
    assert_eq!(written.rows, shown.total);

    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let range = book.worksheet_range("Promotions").unwrap();
    assert_eq!(range.height() as u32, shown.total + 1, "the header row, then one row each");
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, promotion) in range.rows().skip(1).zip(&shown.items) {
        assert!(row[column("Statut")].to_string().starts_with("Embauche"));
        assert!(
            matches!(row[column("Date d'envoi")], Data::DateTime(_)),
            "a real date: {:?}",
            row[column("Date d'envoi")]
        );
        assert!(matches!(row[column("Date du consentement")], Data::DateTime(_)));
        assert_eq!(format!("{} {}", row[column("Prénom")], row[column("Nom")]), promotion.candidate_name);
        assert_eq!(row[column("Entreprise")].to_string(), promotion.company_name);
    }

    let csv = dir.path().join("vivier.csv");
    let pool = lists_out::export(&db, &ListQuery::Candidates(Default::default()), &csv, now()).unwrap();
    assert_eq!(pool.rows, 40);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Nom;Prénom;Date de naissance;"), "{}", &text[..60]);
    let second = text.lines().nth(1).unwrap();
    assert!(second.split(';').nth(2).unwrap().contains('/'), "a French date: {second}");
    let companies = dir.path().join("entreprises.xlsx");
    assert_eq!(lists_out::export(&db, &ListQuery::Companies(Default::default()), &companies, now()).unwrap().rows, 12);

    let query = JournalQuery { paging: profilence_core::list::Paging::first(200), ..Default::default() };
    let entries = db.read(|c| journal::list(c, &query)).unwrap();
    let exports: Vec<&str> =
        entries.items.iter().filter(|e| e.action == Action::Export).map(|e| e.detail.as_str()).collect();
    assert!(exports.contains(&format!("Liste : promotions (xlsx), {} ligne(s)", written.rows).as_str()), "{exports:?}");
    assert!(exports.contains(&"Liste : vivier (csv), 40 ligne(s)"), "{exports:?}");
    assert!(exports.iter().all(|e| !e.contains(dir.path().to_str().unwrap())));

    // Nothing left beside the files: no temporary file of the rows, no partial file.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    let wrong = dir.path().join("liste.ods");
    let error = lists_out::export(&db, &all_promotions(), &wrong, now()).unwrap_err();
    assert!(error.to_string().contains(".xlsx"), "{error}");
    assert!(!wrong.exists());
}

/// The Entreprises list written out reads as a company list: into an empty database, the
/// same companies with their first contact; into the same one, nothing changes.
#[test]
fn companies_exported_import_back_as_a_company_list() {
    let (dir, source) = world(true);
    let file = dir.path().join("entreprises.xlsx");
    let written = lists_out::export(&source, &ListQuery::Companies(Default::default()), &file, now()).unwrap();
    assert_eq!(written.rows, 12);
    let companies = |db: &Database| {
        rows(
            db,
            "SELECT name, siret, naf_code, headcount_band, legal_nature, address, postcode, commune, commune_code, \
             lat, lng, (SELECT name || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') FROM company_contacts \
             WHERE company_id = c.id ORDER BY position LIMIT 1) FROM companies c",
        )
    };
    let expected = companies(&source);

    let (_empty_dir, empty) = world(false);
    let report = import(&empty, &file);
    assert_eq!(report.kind, import::ImportKind::CompanyList);
    assert_eq!((report.counts.rejected, report.counts.companies_created), (0, 12), "{:#?}", report.issues);
    assert_eq!(companies(&empty), expected);

    let report = import(&source, &file);
    let c = report.counts;
    assert_eq!((c.rejected, c.companies_created, c.companies_updated, c.companies_unchanged), (0, 0, 0, 12));
    assert_eq!(companies(&source), expected);
}

/// The Vivier written out reads as a tracker without promotions: into an empty database,
/// the same people (identity, contacts, place, target jobs, consent, counsellor); into the
/// same one, nothing changes.
#[test]
fn the_pool_exported_imports_back_as_the_same_people() {
    let (dir, source) = world(true);
    let file = dir.path().join("vivier.csv");
    let written = lists_out::export(&source, &ListQuery::Candidates(Default::default()), &file, now()).unwrap();
    assert_eq!(written.rows, 40);
    let people = |db: &Database| {
        rows(
            db,
            "SELECT last_name, first_name, birth_date, email, phone, france_travail_id, postcode, commune, \
             commune_code, consent_date, consent_channel, consent_expiry, counsellor, \
             (SELECT group_concat(label, ' ; ') FROM (SELECT label FROM candidate_target_jobs \
              WHERE candidate_id = c.id ORDER BY position) sub) FROM candidates c",
        )
    };
    let expected = people(&source);

    let (_empty_dir, empty) = world(false);
    let report = import(&empty, &file);
    assert_eq!((report.counts.rejected, report.counts.candidates_created), (0, 40), "{:#?}", report.issues);
    assert_eq!(people(&empty), expected);

    let report = import(&source, &file);
    let c = report.counts;
    assert_eq!((c.rejected, c.candidates_created, c.candidates_updated, c.candidates_unchanged), (0, 0, 0, 40));
    assert_eq!(people(&source), expected);
}

/// A failed export leaves no file and no temporary file beside it, nor a journal entry:
/// the folder gone (refused before anything is written), or the name taken by a folder
/// (the file written whole, then its renaming fails). What was there stays.
#[test]
fn a_failed_export_leaves_nothing_behind() {
    let (dir, db) = world(true);
    let exports = |db: &Database| {
        let query = JournalQuery { paging: profilence_core::list::Paging::first(200), ..Default::default() };
        db.read(|c| journal::list(c, &query)).unwrap().items.iter().filter(|e| e.action == Action::Export).count()
    };
    let gone = dir.path().join("parti");
    let error = lists_out::export(&db, &all_promotions(), &gone.join("promotions.xlsx"), now()).unwrap_err();
    assert!(error.to_string().contains("n'existe pas"), "{error}");
    assert!(!gone.exists());

    for format in [ListFormat::Xlsx, ListFormat::Csv] {
        let taken = dir.path().join(format!("promotions.{}", format.extension()));
        std::fs::create_dir(&taken).unwrap();
        std::fs::write(taken.join("garder.txt"), "à garder").unwrap();
        let error = lists_out::export(&db, &all_promotions(), &taken, now()).unwrap_err();
        assert!(error.to_string().contains("promotions."), "the file named: {error}");
        assert_eq!(std::fs::read_to_string(taken.join("garder.txt")).unwrap(), "à garder");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
    assert_eq!(exports(&db), 0);
}
