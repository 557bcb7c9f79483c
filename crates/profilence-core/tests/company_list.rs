//! Import of a company list through the trackers' engine: an export of the company register
//! for the territory (SIRENE's own column names, or the annuaire's French headers), written
//! by the test itself as xlsx and CSV. Exact counts, what each company stores (NAF, band,
//! legal nature, address, the referential's commune and its coordinates, the contact), the
//! rejected rows and their reasons, idempotence, and the same file read as a tracker.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, TimeZone};
use common::world::{FIRMS, World, claire};
use profilence_core::{
    Database, Error,
    choices::{HeadcountBand, LegalNature},
    companies::{self, Company},
    import::{self, Cancel, ImportField, ImportKind, ImportOptions, ImportReport, IssueSeverity},
    siret::luhn_check_digit,
};
use rust_xlsxwriter::Workbook;

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

/// A valid SIRET: SIREN `siren8` + its Luhn key, then NIC `nic4` + the SIRET's key.
fn siret(siren8: &str, nic4: &str) -> String {
    let siren = format!("{siren8}{}", luhn_check_digit(siren8));
    let body = format!("{siren}{nic4}");
    format!("{body}{}", luhn_check_digit(&body))
}

/// The establishments of the lists (names invented, communes real).
struct Firms {
    kerbrat: String,
    pentes: String,
    elec: String,
    havre: String,
    /// A SIRET whose last digit is wrong.
    wrong: String,
    /// A valid SIRET on a row whose NAF code does not exist.
    unknown_naf: String,
}

fn firms() -> Firms {
    let wrong = siret("51234876", "0019");
    let last = (wrong.as_bytes()[13] - b'0' + 1) % 10;
    Firms {
        kerbrat: FIRMS[0].1.to_owned(),
        pentes: siret("82146597", "0025"),
        elec: siret("79345128", "0013"),
        havre: siret("88012345", "0031"),
        wrong: format!("{}{last}", &wrong[..13]),
        unknown_naf: siret("90876123", "0014"),
    }
}

/// The annuaire's export for the agency's territory, with a title above the table and a
/// blank row inside it, as an xlsx file.
fn annuaire_xlsx(dir: &Path, f: &Firms) -> PathBuf {
    let header = [
        "SIRET",
        "Raison sociale",
        "Enseigne",
        "Code APE",
        "Libellé APE",
        "Tranche effectif salarié",
        "Catégorie juridique",
        "Adresse",
        "Code postal",
        "Commune",
        "Nom du dirigeant",
        "Prénom du dirigeant",
        "E-mail",
        "Téléphone",
    ];
    let rows: [[&str; 14]; 8] = [
        [
            &f.kerbrat,
            "SARL KERBRAT ET FILS",
            "Boulangerie Kerbrat",
            "1071C",
            "Boulangerie et boulangerie-pâtisserie",
            "11",
            "5499",
            "12 rue de Saint-Malo",
            "35000",
            "RENNES",
            "KERBRAT",
            "Yann",
            "yann.kerbrat@kerbrat.example",
            "02 99 45 12 78",
        ],
        [
            &f.pentes,
            "PATISSERIE DES PENTES",
            "",
            "10.71D",
            "Pâtisserie",
            "02",
            "5710",
            "8 place des Tapis",
            "69003",
            "LYON 3EME",
            "",
            "",
            "",
            "",
        ],
        ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        [
            &f.elec,
            "ELEC'INSERTION",
            "",
            "43.21A",
            "Travaux d'installation électrique",
            "20 à 49 salariés",
            "9221",
            "45 cours Émile Zola",
            "",
            "Villeurbanne",
            "",
            "",
            "",
            "04 78 85 21 36",
        ],
        [
            &f.wrong,
            "BOULANGERIE DU PORT",
            "",
            "1071C",
            "",
            "03",
            "5499",
            "3 quai Casimir Delavigne",
            "76600",
            "LE HAVRE",
            "",
            "",
            "",
            "",
        ],
        [
            &f.havre,
            "OCEANE ELECTRICITE",
            "",
            "4321A",
            "",
            "NN",
            "Société par actions simplifiée",
            "17 rue de Paris",
            "76600",
            "LE HAVRE",
            "LEMAIRE",
            "Inès",
            "ines.lemaire@oceane.example",
            "",
        ],
        [&f.unknown_naf, "CAFE DU COMMERCE", "", "99.99Z", "", "01", "5499", "", "35000", "RENNES", "", "", "", ""],
        [
            &f.pentes,
            "PATISSERIE DES PENTES",
            "",
            "10.71D",
            "Pâtisserie",
            "02",
            "5710",
            "8 place des Tapis",
            "69003",
            "LYON 3EME",
            "",
            "",
            "",
            "",
        ],
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Établissements").unwrap();
    sheet.write_string(0, 0, "Annuaire des entreprises — export du 22/11/2026 (Rennes, Lyon, Le Havre)").unwrap();
    for (column, text) in header.iter().enumerate() {
        sheet.write_string(2, column as u16, *text).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (column, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            sheet.write_string(3 + i as u32, column as u16, *text).unwrap();
        }
    }
    let path = dir.join("annuaire-territoire.xlsx");
    book.save(&path).unwrap();
    path
}

/// SIRENE's stock file of establishments, with its own column names: the address in parts,
/// the commune by its INSEE code (one row without a postcode), a comma-separated CSV.
fn sirene_csv(dir: &Path, f: &Firms) -> PathBuf {
    let text = format!(
        "siren,nic,siret,dateCreationEtablissement,trancheEffectifsEtablissement,activitePrincipaleEtablissement,\
         numeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,\
         libelleCommuneEtablissement,codeCommuneEtablissement,enseigne1Etablissement,denominationUniteLegale,\
         categorieJuridiqueUniteLegale\n\
         {p9},{p5},{p},2019-03-01,02,10.71D,8,PL,DES TAPIS,69003,LYON 3EME,69383,,PATISSERIE DES PENTES,5710\n\
         {e9},{e5},{e},2015-09-14,12,43.21A,45,CRS,EMILE ZOLA,,VILLEURBANNE,69266,,ELEC'INSERTION,9221\n\
         {h9},{h5},{h},2021-06-30,NN,43.21A,17,RUE,DE PARIS,76600,LE HAVRE,76351,OCEANE ELEC,OCEANE ELECTRICITE,5710\n\
         {w9},{w5},{w},2010-01-01,03,10.71C,3,QUAI,CASIMIR DELAVIGNE,76600,LE HAVRE,76351,,BOULANGERIE DU PORT,5499\n",
        p9 = &f.pentes[..9],
        p5 = &f.pentes[9..],
        p = f.pentes,
        e9 = &f.elec[..9],
        e5 = &f.elec[9..],
        e = f.elec,
        h9 = &f.havre[..9],
        h5 = &f.havre[9..],
        h = f.havre,
        w9 = &f.wrong[..9],
        w5 = &f.wrong[9..],
        w = f.wrong,
    );
    let path = dir.join("StockEtablissement_territoire.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(db: &Database, path: &Path, options: &ImportOptions) -> ImportReport {
    import::run(db, path, options, now(), &Cancel::default(), &mut |_| {}).unwrap()
}

fn preview(db: &Database, path: &Path, options: &ImportOptions) -> ImportReport {
    import::preview(db, path, options, now(), &Cancel::default(), &mut |_| {}).unwrap()
}

fn company(db: &Database, siret: &str) -> Company {
    db.read(|c| {
        let (id, _) = companies::find_by_siret(c, siret)?.expect("company stored");
        companies::get(c, id)
    })
    .unwrap()
}

fn coordinates(db: &Database, siret: &str) -> (Option<f64>, Option<f64>) {
    db.read(|c| {
        Ok(c.query_row("SELECT lat, lng FROM companies WHERE siret = ?1", [siret], |r| Ok((r.get(0)?, r.get(1)?)))?)
    })
    .unwrap()
}

fn count(db: &Database, sql: &str) -> i64 {
    db.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

/// Every company with its contacts and commitments, as stored.
fn companies_dump(db: &Database) -> String {
    db.read(|c| {
        let mut out = String::new();
        for table in ["companies", "company_contacts", "company_commitments"] {
            let mut statement = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
            let width = statement.column_count()?;
            let rows = statement.query_map([], |r| {
                (0..width)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?;
            for row in rows {
                out.push_str(&row?.join("|"));
                out.push('\n');
            }
        }
        Ok(out)
    })
    .unwrap()
}

#[test]
fn the_annuaires_export_fills_the_company_base_once() {
    let world = World::signed(&claire("Agence de Rennes"));
    world.firms(1);
    let f = firms();
    let path = annuaire_xlsx(world.dir.path(), &f);
    let db = &world.db;

    // The preview tells a company list from its columns and writes nothing.
    let before = companies_dump(db);
    let seen = preview(db, &path, &ImportOptions::default());
    assert_eq!(seen.kind, ImportKind::CompanyList);
    assert!(!seen.committed);
    assert_eq!(companies_dump(db), before);
    let field = |header: &str| seen.columns.iter().find(|c| c.header == header).and_then(|c| c.field);
    assert_eq!(field("Code APE"), Some(ImportField::NafCode));
    assert_eq!(field("Libellé APE"), None);
    assert_eq!(field("Code postal"), Some(ImportField::CompanyPostcode));
    assert_eq!(field("Commune"), Some(ImportField::CompanyCommune));
    assert_eq!(field("Téléphone"), Some(ImportField::ContactPhone));
    assert_eq!(field("Prénom du dirigeant"), Some(ImportField::ContactFirstName));
    assert!(seen.fields.iter().all(|f| f.group == "Entreprise"), "only a company's fields are offered");

    let report = run(db, &path, &ImportOptions::default());
    let c = report.counts;
    assert_eq!((c.rows, c.imported, c.rejected, c.doubtful, c.skipped), (7, 5, 2, 0, 1));
    assert_eq!((c.companies_created, c.companies_updated, c.companies_unchanged), (3, 1, 1));
    assert_eq!((c.candidates_created, c.promotions_created), (0, 0));
    assert_eq!(report.sheets[0].header_row, 3);
    let rejected: Vec<(String, u32, String, String, String)> = report
        .issues
        .iter()
        .filter(|i| i.severity == IssueSeverity::Rejected)
        .map(|i| (i.sheet.clone(), i.row, i.column.clone(), i.value.clone(), i.reason.clone()))
        .collect();
    assert_eq!(
        rejected,
        [
            (
                "Établissements".to_owned(),
                8,
                "A – SIRET".to_owned(),
                f.wrong.clone(),
                "Ce SIRET n'existe pas : la clé de contrôle (Luhn) est fausse. Vérifiez les chiffres.".to_owned()
            ),
            (
                "Établissements".to_owned(),
                10,
                "D – Code APE".to_owned(),
                "99.99Z".to_owned(),
                "Code NAF « 99.99Z » inconnu de la nomenclature NAF : vérifiez-le (ex. 10.71C).".to_owned()
            ),
        ]
    );
    let outcome = |row: u32| report.rows.iter().find(|r| r.row == row).map(|r| r.outcome.clone()).unwrap_or_default();
    assert_eq!(outcome(4), "Entreprise mise à jour (effectif, adresse, interlocuteur)");
    assert_eq!(outcome(5), "Entreprise créée");
    assert_eq!(outcome(11), "Entreprise déjà enregistrée");

    // The company already there is brought up to date, never duplicated; what the
    // counsellor wrote (name, notes, commitments, contact) stays.
    let kerbrat = company(db, &f.kerbrat);
    assert_eq!(count(db, "SELECT count(*) FROM companies"), 4);
    assert_eq!(kerbrat.name, "Boulangerie Kerbrat");
    assert_eq!(kerbrat.naf_code.as_deref(), Some("10.71C"));
    assert_eq!(kerbrat.headcount_band, Some(HeadcountBand::From10));
    assert_eq!(kerbrat.address.as_deref(), Some("12 rue de Saint-Malo"));
    assert_eq!(kerbrat.notes, "Recrute avant Noël.");
    let contacts: Vec<(&str, Option<&str>, Option<&str>)> =
        kerbrat.contacts.iter().map(|k| (k.name.as_str(), k.email.as_deref(), k.phone.as_deref())).collect();
    assert_eq!(contacts[0].0, "Sophie Lambert");
    assert_eq!(contacts[1], ("Yann KERBRAT", Some("yann.kerbrat@kerbrat.example"), Some("02 99 45 12 78")));

    // New companies: NAF and band read, legal nature from the category, placed on the
    // referential's commune with its coordinates — by postcode (« LYON 3EME » is Lyon 3e),
    // by name alone (Villeurbanne, no postcode).
    let pentes = company(db, &f.pentes);
    assert_eq!(pentes.name, "PATISSERIE DES PENTES");
    assert_eq!(
        (pentes.naf_code.as_deref(), pentes.naf_label.as_deref(), pentes.headcount_band, pentes.legal_nature),
        (Some("10.71D"), Some("Pâtisserie"), Some(HeadcountBand::From3), Some(LegalNature::Private))
    );
    assert_eq!(
        (pentes.postcode.as_deref(), pentes.commune.as_deref(), pentes.commune_code.as_deref()),
        (Some("69003"), Some("Lyon 3e Arrondissement"), Some("69383"))
    );
    assert_eq!(coordinates(db, &f.pentes), (Some(45.7597), Some(4.8492)));
    let elec = company(db, &f.elec);
    assert_eq!((elec.headcount_band, elec.legal_nature), (Some(HeadcountBand::From20), Some(LegalNature::Insertion)));
    assert_eq!(
        (elec.postcode.as_deref(), elec.commune.as_deref(), elec.commune_code.as_deref()),
        (Some("69100"), Some("Villeurbanne"), Some("69266"))
    );
    assert_eq!(coordinates(db, &f.elec), (Some(45.7719), Some(4.8902)));
    assert_eq!(elec.contacts.len(), 0, "a phone without a name is no contact");
    let havre = company(db, &f.havre);
    assert_eq!(
        (havre.naf_code.as_deref(), havre.headcount_band, havre.legal_nature),
        (Some("43.21A"), None, Some(LegalNature::Private))
    );
    assert_eq!((havre.commune.as_deref(), havre.commune_code.as_deref()), (Some("Le Havre"), Some("76351")));
    assert_eq!(havre.contacts[0].name, "Inès LEMAIRE");
    assert_eq!(count(db, &format!("SELECT count(*) FROM companies WHERE siret = '{}'", f.unknown_naf)), 0);
    // Found by the company search (indexed once at the end).
    let found = db
        .read(|c| {
            companies::list(
                c,
                &companies::CompanyQuery { search: "pentes".into(), ..companies::CompanyQuery::default() },
            )
        })
        .unwrap();
    assert_eq!(found.total, 1);

    // The same file again: nothing created, nothing changed, the same rows rejected.
    let stored = companies_dump(db);
    let again = run(db, &path, &ImportOptions::default());
    let c = again.counts;
    assert_eq!((c.rows, c.imported, c.rejected), (7, 5, 2));
    assert_eq!((c.companies_created, c.companies_updated, c.companies_unchanged), (0, 0, 5));
    assert_eq!(companies_dump(db), stored);
}

#[test]
fn sirenes_stock_file_with_its_own_column_names() {
    let world = World::signed(&claire("Agence de Lyon"));
    let f = firms();
    let path = sirene_csv(world.dir.path(), &f);
    let db = &world.db;
    let report = run(db, &path, &ImportOptions::default());
    assert_eq!(report.kind, ImportKind::CompanyList);
    let c = report.counts;
    assert_eq!((c.rows, c.imported, c.rejected, c.companies_created), (4, 3, 1, 3));
    assert_eq!(report.issues.len(), 1);
    assert_eq!((report.issues[0].row, report.issues[0].column.as_str()), (5, "C – siret"));

    let pentes = company(db, &f.pentes);
    assert_eq!(pentes.address.as_deref(), Some("8 PL DES TAPIS"), "the address is joined from its parts");
    assert_eq!(
        (pentes.commune.as_deref(), pentes.commune_code.as_deref()),
        (Some("Lyon 3e Arrondissement"), Some("69383"))
    );
    // No postcode, but the INSEE code: placed on the referential's commune.
    let elec = company(db, &f.elec);
    assert_eq!(
        (elec.postcode.as_deref(), elec.commune_code.as_deref(), elec.headcount_band),
        (Some("69100"), Some("69266"), Some(HeadcountBand::From20))
    );
    assert_eq!(coordinates(db, &f.elec), (Some(45.7719), Some(4.8902)));
    let havre = company(db, &f.havre);
    assert_eq!(havre.name, "OCEANE ELEC", "the sign the establishment trades under");
    assert_eq!((havre.headcount_band, havre.legal_nature), (None, Some(LegalNature::Private)));

    let again = run(db, &path, &ImportOptions::default());
    assert_eq!((again.counts.companies_created, again.counts.companies_unchanged), (0, 3));
}

#[test]
fn a_company_list_read_as_a_tracker_fills_nothing() {
    // What the engine did with such a file before company lists: its commune, phone and
    // e-mail columns are a candidate's, so each row wants a candidate and is rejected.
    let world = World::signed(&claire("Agence de Rennes"));
    let f = firms();
    let path = annuaire_xlsx(world.dir.path(), &f);
    let as_tracker = ImportOptions { kind: Some(ImportKind::Tracker), ..ImportOptions::default() };
    let report = preview(&world.db, &path, &as_tracker);
    assert_eq!(report.kind, ImportKind::Tracker);
    assert_eq!((report.counts.imported, report.counts.companies_created), (0, 0));
    assert_eq!(report.counts.rejected, 7);

    // Asked for explicitly, the company list needs no detection.
    let as_list = ImportOptions { kind: Some(ImportKind::CompanyList), ..ImportOptions::default() };
    assert_eq!(preview(&world.db, &path, &as_list).counts.companies_created, 4);

    // The engine's limits hold for a company list: a damaged file is refused, nothing written.
    let damaged = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/endommage.xlsx");
    let refused = import::run(&world.db, &damaged, &as_list, now(), &Cancel::default(), &mut |_| {});
    assert!(matches!(refused, Err(Error::Import(_))), "{refused:?}");
    assert_eq!(count(&world.db, "SELECT count(*) FROM companies"), 0);
}
