//! Dashboards by territory and side by side: the candidate's department and commune as
//! filters, and the main indicators by counsellor, agency, public, job domain, department
//! and commune — on a small history counted by hand. Every row equals the dashboard under
//! that row's filter (and the list behind it), and the rows of a partition add up to the total.

mod common;

use chrono::{DateTime, Local, TimeZone};
use common::{
    BOULANGER, ELECTRICIEN, PATISSIER, candidate,
    world::{World, counsellor},
};
use profilence_core::{
    Database,
    choices::{ContractType, EventKind},
    hiring_aids::Public,
    promotions::{self, EventInput},
    stats::{
        self, Dashboard, Figure, FigureQuery, Period, StatsQuery, TerritoryOf,
        breakdown::{Breakdown, BreakdownKey, BreakdownRow},
        export::{ExportFormat, ExportInput},
    },
};

fn on(month: u32, day: u32, hour: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

fn now() -> DateTime<Local> {
    on(12, 10, 9)
}

const CLAIRE: &str = "Claire Morel";
const JULIEN: &str = "Julien Lefèvre";
const LYON: &str = "Agence France Travail de Lyon Part-Dieu";
const RENNES: &str = "Agence France Travail de Rennes Nord";

struct History {
    _dir: tempfile::TempDir,
    db: Database,
}

/// Where each candidate lives and what they aim at:
///
/// | who | lives in | jobs | else |
/// |---|---|---|---|
/// | Léa | Lyon 3e (69383, 69) | boulangère D1102 | RQTH |
/// | Hugo | Lyon 3e (69383, 69) | boulanger D1102 | |
/// | Inès | Villeurbanne (69266, 69) | électricienne F1602 | |
/// | Yann | Rennes (35238, 35) | boulanger D1102, électricien F1602 | |
/// | Maël | Rennes (35238, 35) | pâtissier D1104 | never promoted |
/// | Gwen | Quimper, typed (postcode 29000, no INSEE code) | électricienne F1602 | |
/// | Chloé | Le Havre (76351, 76) | boulangère D1102 | |
///
/// Claire (Lyon) signs Léa's, Hugo's and Inès's promotions, Julien (Rennes) the others'.
/// November, eight promotions: Léa ×2 (sent 02/11: interested 06/11, interview, hired; sent
/// 03/11: nothing), Hugo (04/11, interested 09/11), Inès (05/11, interview planned 12/11 —
/// an answer), Yann ×2 (06/11, interested 15/11; 07/11 nothing), Gwen (09/11, interview
/// planned 20/11, hired 30/11), Chloé (10/11, nothing); Hugo again on 02/12 (not November).
fn history() -> History {
    let w = World::signed(&counsellor(CLAIRE, LYON, "0472000000", "claire@agence.example"));
    let today = on(9, 1, 9).date_naive();
    let person = |last: &str, first: &str, jobs: &[i64], place: (&str, &str, &str), who: &str| {
        let mut input = candidate(last, first, jobs);
        (input.commune_code, input.postcode, input.commune) = (place.0.into(), place.1.into(), place.2.into());
        input.counsellor = who.into();
        input.eligibility.rqth = first == "Léa";
        w.candidate(&input, today)
    };
    let lyon = ("69383", "69003", "Lyon 3e Arrondissement");
    let rennes = ("35238", "35000", "Rennes");
    let lea = person("Martin", "Léa", &[BOULANGER], lyon, CLAIRE);
    let hugo = person("Petit", "Hugo", &[BOULANGER], lyon, CLAIRE);
    let ines = person("Haddad", "Inès", &[ELECTRICIEN], ("69266", "69100", "Villeurbanne"), CLAIRE);
    let yann = person("Le Gall", "Yann", &[BOULANGER, ELECTRICIEN], rennes, JULIEN);
    person("Kerjean", "Maël", &[PATISSIER], rennes, JULIEN);
    let gwen = person("Quéré", "Gwen", &[ELECTRICIEN], ("", "29000", "Quimper"), JULIEN);
    let chloe = person("Lemoine", "Chloé", &[BOULANGER], ("76351", "76600", "Le Havre"), JULIEN);
    let firms = w.firms(4);
    let db = &w.db;
    // Her commune's name as an older record may hold it: the dashboards name it as the
    // referential does, by its INSEE code.
    db.write(|tx| Ok(tx.execute("UPDATE candidates SET commune = 'VILLEURBANNE' WHERE id = ?1", [ines])?)).unwrap();
    let promote = |candidate: i64, firm: i64, when: DateTime<Local>| -> i64 {
        let input = common::marked_sent(candidate, firm, None);
        db.write(|tx| promotions::promote(tx, &input, when)).unwrap()[0].id
    };
    let record = |id: i64, input: EventInput, when: DateTime<Local>| {
        db.write(|tx| promotions::record_event(tx, &[id], &input, when)).unwrap();
    };
    let event = |kind: EventKind| EventInput { kind: Some(kind), ..EventInput::default() };
    let interview = || EventInput { interview_at: "2026-11-20T10:00".into(), ..event(EventKind::InterviewPlanned) };
    let hired = || EventInput {
        contract_type: Some(ContractType::Cdi),
        start_date: "2026-12-01".into(),
        ..event(EventKind::Hired)
    };
    let p = promote(lea, firms[0], on(11, 2, 9));
    record(p, event(EventKind::Interested), on(11, 6, 14));
    record(p, interview(), on(11, 10, 14));
    record(p, hired(), on(11, 25, 14));
    promote(lea, firms[1], on(11, 3, 9));
    let p = promote(hugo, firms[0], on(11, 4, 9));
    record(p, event(EventKind::Interested), on(11, 9, 14));
    let p = promote(ines, firms[3], on(11, 5, 9));
    record(p, interview(), on(11, 12, 14));
    promote(hugo, firms[2], on(12, 2, 9));
    w.sign(&counsellor(JULIEN, RENNES, "0299000000", "julien@agence.example"));
    let p = promote(yann, firms[0], on(11, 6, 9));
    record(p, event(EventKind::Interested), on(11, 15, 14));
    promote(yann, firms[3], on(11, 7, 9));
    let p = promote(gwen, firms[3], on(11, 9, 9));
    record(p, interview(), on(11, 20, 14));
    record(p, hired(), on(11, 30, 14));
    promote(chloe, firms[1], on(11, 10, 9));
    History { _dir: w.dir, db: w.db }
}

fn november() -> StatsQuery {
    StatsQuery { period: Period::Month { on: Some(on(11, 15, 9).date_naive()) }, ..StatsQuery::default() }
}

fn dashboard(db: &Database, query: &StatsQuery) -> Dashboard {
    db.read(|c| stats::compute(c, query, now())).unwrap()
}

fn table(d: &Dashboard, key: BreakdownKey) -> &Breakdown {
    d.breakdowns.iter().find(|t| t.key == key).unwrap()
}

/// (key, promotions, answered, interviews, hires) of each row.
fn figures(d: &Dashboard, key: BreakdownKey) -> Vec<(String, u32, u32, u32, u32)> {
    table(d, key).rows.iter().map(|r| (r.key.clone(), r.promotions, r.answered, r.interviews, r.hires)).collect()
}

fn row(key: &str, promotions: u32, answered: u32, interviews: u32, hires: u32) -> (String, u32, u32, u32, u32) {
    (key.to_owned(), promotions, answered, interviews, hires)
}

/// The dashboard's query narrowed to one row, as the window does when a figure is clicked.
fn narrowed(query: &StatsQuery, key: BreakdownKey, row: &BreakdownRow) -> StatsQuery {
    let mut q = query.clone();
    let value = Some(row.key.clone());
    match key {
        BreakdownKey::Counsellors => q.counsellor = value,
        BreakdownKey::Agencies => q.agency = value,
        BreakdownKey::Publics => {
            q.publics.push(serde_json::from_value(serde_json::Value::String(row.key.clone())).unwrap());
        }
        BreakdownKey::Domains => q.domain = value,
        BreakdownKey::Departments => q.department = value,
        BreakdownKey::Communes => q.commune = value,
    }
    q
}

#[test]
fn every_table_counted_by_hand() {
    let h = history();
    let d = dashboard(&h.db, &november());
    let i = &d.indicators;
    assert_eq!((i.promotions, i.answered, i.interviews, i.hires), (8, 5, 3, 2));
    let keys: Vec<BreakdownKey> = d.breakdowns.iter().map(|t| t.key).collect();
    assert_eq!(keys, BreakdownKey::ALL);
    assert_eq!(
        figures(&d, BreakdownKey::Counsellors),
        [row(CLAIRE, 4, 3, 2, 1), row(JULIEN, 4, 2, 1, 1)],
        "most promotions first, then by name"
    );
    assert_eq!(figures(&d, BreakdownKey::Agencies), [row(LYON, 4, 3, 2, 1), row(RENNES, 4, 2, 1, 1)]);
    assert_eq!(figures(&d, BreakdownKey::Publics), [row("rqth", 2, 1, 1, 1)]);
    // Yann aims at both domains: his two promotions count in each.
    assert_eq!(figures(&d, BreakdownKey::Domains), [row("D", 6, 3, 1, 1), row("F", 4, 3, 2, 1)]);
    assert_eq!(
        figures(&d, BreakdownKey::Departments),
        [row("29", 1, 1, 1, 1), row("35", 2, 1, 0, 0), row("69", 4, 3, 2, 1), row("76", 1, 0, 0, 0)]
    );
    let departments = table(&d, BreakdownKey::Departments);
    assert_eq!(departments.rows[0].label, "29 — Finistère");
    assert_eq!(departments.rows[2].label, "69 — Rhône");
    assert!(!departments.overlapping && table(&d, BreakdownKey::Domains).overlapping);
    // Gwen's Quimper has no INSEE code: her department from the postcode, no commune.
    assert_eq!(
        figures(&d, BreakdownKey::Communes),
        [
            row("69383", 3, 2, 1, 1),
            row("35238", 2, 1, 0, 0),
            row("inconnu", 1, 1, 1, 1),
            row("76351", 1, 0, 0, 0),
            row("69266", 1, 1, 1, 0),
        ]
    );
    let labels: Vec<&str> = table(&d, BreakdownKey::Communes).rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Lyon 3e Arrondissement (69)", "Rennes (35)", "Commune non renseignée", "Le Havre (76)", "Villeurbanne (69)"]
    );
    // Answer delays: Léa 4 days, Hugo 5, Inès 7, Yann 9, Gwen 11.
    let lyon = &table(&d, BreakdownKey::Communes).rows[0];
    assert_eq!((lyon.answer_delay_median, lyon.answer_delay_basis), (Some(4.5), 2));
    assert_eq!((lyon.answer_rate, lyon.hire_rate), (Some(2.0 / 3.0), Some(1.0 / 3.0)));
    let claire = &table(&d, BreakdownKey::Counsellors).rows[0];
    assert_eq!((claire.answer_delay_median, claire.answer_delay_basis), (Some(5.0), 3));
    let julien = &table(&d, BreakdownKey::Counsellors).rows[1];
    assert_eq!((julien.answer_delay_median, julien.answer_delay_basis), (Some(10.0), 2));
}

/// The window asks for the table it shows: that one is counted alone, the same as among
/// all of them, for either territory; the exports get every table whatever the window shows.
#[test]
fn the_table_shown_alone_is_the_same_as_among_all() {
    let h = history();
    for territory in [TerritoryOf::Candidate, TerritoryOf::Company] {
        let all = dashboard(&h.db, &StatsQuery { territory_of: territory, ..november() });
        for key in BreakdownKey::ALL {
            let query = StatsQuery { territory_of: territory, compare_by: Some(key), ..november() };
            let alone = dashboard(&h.db, &query);
            assert_eq!(alone.breakdowns.len(), 1, "{key:?} alone");
            assert_eq!(&alone.breakdowns[0], table(&all, key), "{key:?}, {territory:?}");
            assert_eq!(alone.indicators, all.indicators);
        }
    }
    let folder = tempfile::tempdir().unwrap();
    let input = ExportInput {
        query: StatsQuery { compare_by: Some(BreakdownKey::Publics), ..november() },
        format: ExportFormat::Csv,
        folder: folder.path().display().to_string(),
    };
    let csv = std::fs::read_to_string(stats::export::export(&h.db, &input, now()).unwrap().path).unwrap();
    for heading in ["Par conseiller", "Par agence", "Par domaine"] {
        assert!(csv.contains(heading), "{heading} in the export");
    }
}

#[test]
fn each_row_is_the_dashboard_under_its_filter_and_partitions_add_up() {
    let h = history();
    for query in [november(), StatsQuery { department: Some("69".into()), ..november() }] {
        let d = dashboard(&h.db, &query);
        let i = &d.indicators;
        for t in &d.breakdowns {
            if !t.overlapping {
                let sum = |f: fn(&BreakdownRow) -> u32| t.rows.iter().map(f).sum::<u32>();
                assert_eq!(sum(|r| r.promotions), i.promotions, "{:?}", t.key);
                assert_eq!(sum(|r| r.answered), i.answered, "{:?}", t.key);
                assert_eq!(sum(|r| r.interviews), i.interviews, "{:?}", t.key);
                assert_eq!(sum(|r| r.hires), i.hires, "{:?}", t.key);
            }
            for r in t.rows.iter().filter(|r| r.openable) {
                let q = narrowed(&d.query, t.key, r);
                let under = dashboard(&h.db, &q).indicators;
                let what = format!("{:?} {}", t.key, r.key);
                assert_eq!(
                    (under.promotions, under.answered, under.interviews, under.hires),
                    (r.promotions, r.answered, r.interviews, r.hires),
                    "{what}"
                );
                assert_eq!(
                    (under.answer_delay_median, under.answer_delay_basis),
                    (r.answer_delay_median, r.answer_delay_basis),
                    "{what}"
                );
                // The list behind the row's hires holds as many promotions.
                let behind =
                    h.db.read(|c| {
                        stats::figure_promotions(
                            c,
                            &FigureQuery {
                                query: q.clone(),
                                figure: Figure::Hires,
                                company_id: None,
                                reason: None,
                                as_of: d.as_of.clone(),
                            },
                        )
                    })
                    .unwrap();
                assert_eq!(behind.len() as u32, r.hires, "{what}");
            }
        }
    }
}

#[test]
fn the_territory_filter_narrows_the_promotions_and_the_pool() {
    let h = history();
    let all = dashboard(&h.db, &november());
    assert_eq!(all.indicators.pool, 7);
    let rhone = dashboard(&h.db, &StatsQuery { department: Some("69".into()), ..november() });
    // Léa, Hugo and Inès live in the Rhône.
    assert_eq!((rhone.indicators.promotions, rhone.indicators.pool, rhone.indicators.candidates), (4, 3, 3));
    assert_eq!(figures(&rhone, BreakdownKey::Departments), [row("69", 4, 3, 2, 1)]);
    assert_eq!(figures(&rhone, BreakdownKey::Communes).len(), 2);
    let rennes = dashboard(&h.db, &StatsQuery { commune: Some("35238".into()), ..november() });
    // Maël lives in Rennes too, never promoted: in the pool, not among the promoted.
    assert_eq!((rennes.indicators.promotions, rennes.indicators.pool, rennes.indicators.candidates), (2, 2, 1));
    let unknown = dashboard(&h.db, &StatsQuery { commune: Some("inconnu".into()), ..november() });
    assert_eq!((unknown.indicators.promotions, unknown.indicators.hires), (1, 1));
    // A department nobody lives in: nothing, not everything.
    let elsewhere = dashboard(&h.db, &StatsQuery { department: Some("2A".into()), ..november() });
    assert_eq!((elsewhere.indicators.promotions, elsewhere.indicators.pool), (0, 0));
    // Under a domain, its sub-domains; under a sub-domain, its job sheets.
    let d = dashboard(&h.db, &StatsQuery { domain: Some("D".into()), ..november() });
    assert_eq!(figures(&d, BreakdownKey::Domains), [row("D11", 6, 3, 1, 1)]);
    let d = dashboard(&h.db, &StatsQuery { domain: Some("D11".into()), ..november() });
    assert_eq!(figures(&d, BreakdownKey::Domains), [row("D1102", 6, 3, 1, 1)]);
    // Publics stack: RQTH and Yann's bakery domain leave none.
    let d = dashboard(&h.db, &StatsQuery { publics: vec![Public::Rqth], domain: Some("F".into()), ..november() });
    assert_eq!(d.indicators.promotions, 0);
}

#[test]
fn the_options_offer_where_candidates_live() {
    let h = history();
    let options = h.db.read(stats::options).unwrap();
    let departments: Vec<(&str, &str)> =
        options.departments.iter().map(|d| (d.code.as_str(), d.label.as_str())).collect();
    assert_eq!(
        departments,
        [("29", "29 — Finistère"), ("35", "35 — Ille-et-Vilaine"), ("69", "69 — Rhône"), ("76", "76 — Seine-Maritime")]
    );
    let communes: Vec<(&str, &str, &str)> =
        options.communes.iter().map(|c| (c.code.as_str(), c.label.as_str(), c.department.as_str())).collect();
    assert_eq!(
        communes,
        [
            ("76351", "Le Havre (76)", "76"),
            ("69383", "Lyon 3e Arrondissement (69)", "69"),
            ("35238", "Rennes (35)", "35"),
            ("69266", "Villeurbanne (69)", "69"),
            ("inconnu", "Commune non renseignée", "inconnu"),
        ]
    );
    assert!(options.definitions.iter().any(|d| d.label == "Territoire" && d.text.contains("résidence du candidat")));
}

#[test]
fn the_exports_hold_the_comparisons() {
    let h = history();
    let folder = tempfile::tempdir().unwrap();
    let query = StatsQuery { department: Some("69".into()), ..november() };
    let input = |format| ExportInput { query: query.clone(), format, folder: folder.path().display().to_string() };
    let csv = stats::export::export(&h.db, &input(ExportFormat::Csv), now()).unwrap();
    let text = std::fs::read_to_string(&csv.path).unwrap();
    assert!(text.contains("Département de résidence;69 — Rhône"), "{text}");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    assert!(lines.contains(&"Par conseiller"), "{text}");
    assert!(lines.contains(&"Par commune de résidence du candidat"), "{text}");
    assert!(text.contains("Conseiller;Promotions;Réponses;Taux de retour;Entretiens;Embauches;Taux de transformation"));
    // Under the Rhône filter: Claire's four promotions, Léa's and Hugo's in Lyon 3e.
    assert!(lines.contains(&"Claire Morel;4;3;75,0 %;2;1;25,0 %;5,0;3"), "{text}");
    assert!(lines.contains(&"Lyon 3e Arrondissement (69);3;2;66,7 %;1;1;33,3 %;4,5;2"), "{text}");
    let xlsx = stats::export::export(&h.db, &input(ExportFormat::Xlsx), now()).unwrap();
    let bytes = std::fs::read(&xlsx.path).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let pdf = stats::export::export(&h.db, &input(ExportFormat::Pdf), now()).unwrap();
    let bytes = std::fs::read(&pdf.path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // The dashboard's page, then the comparisons'.
    let info = poppler("pdfinfo", &pdf.path);
    assert!(info.lines().any(|l| l.split_whitespace().eq(["Pages:", "2"])), "{info}");
    let text = poppler("pdftotext", &pdf.path);
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Département de résidence : 69 — Rhône",
        "Comparaisons — novembre 2026",
        "Par conseiller",
        "Claire Morel 4 3 75 % 2 1 25 % 5,0 3",
        "Par commune de résidence du candidat",
        "Lyon 3e Arrondissement (69) 3 2 66,7 % 1 1 33,3 % 4,5 2",
        // Numbered after the dashboard's page.
        "Page 2 / 2",
    ] {
        assert!(squeezed.contains(expected), "no {expected:?} in\n{text}");
    }
    // STATS_KEEP=DIR keeps a copy, to render and look at (pdftoppm).
    if let Ok(keep) = std::env::var("STATS_KEEP") {
        std::fs::copy(&pdf.path, std::path::Path::new(&keep).join("comparaisons.pdf")).unwrap();
    }
}

fn poppler(tool: &str, path: &str) -> String {
    let args: Vec<&str> = if tool == "pdftotext" { vec!["-layout", path, "-"] } else { vec![path] };
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ")
}

/// The territory by the company's place: people of the Rhône and of Rennes, companies in
/// the Finistère and in Rennes.
///
/// | company | is in |
/// |---|---|
/// | Boulangerie Kerbrat | Quimper (29232, 29) |
/// | Fournil de l'Iroise | Brest (29019, 29), later Quimper |
/// | Pains & Co | Rennes (35238, 35) |
///
/// November, five promotions: Léa (Lyon 3e) to Kerbrat (interested 06/11, hired 25/11) and
/// to the Fournil (nothing); Hugo (Villeurbanne) to Kerbrat (interested 09/11) and to Pains
/// & Co (nothing); Yann (Rennes) to the Fournil (interview planned 12/11). Maël (Rennes) is
/// never promoted.
struct Firms {
    _dir: tempfile::TempDir,
    db: Database,
    fournil: i64,
}

fn firms_history() -> Firms {
    let (dir, db) = common::database();
    let folder = common::write_referentials(&dir.path().join("ref"), 460);
    // Two communes of the Finistère (INSEE, Code officiel géographique), beside the small referential's.
    let communes = folder.join("geo/communes.csv");
    let mut text = std::fs::read_to_string(&communes).unwrap();
    text.push_str(
        "29232,53,29,Quimper,Quimper,29000,COM,,47.99816,-4.09721,84.45,63642\n\
         29019,53,29,Brest,Brest,29200,COM,,48.40844,-4.49959,49.51,139619\n",
    );
    std::fs::write(&communes, text).unwrap();
    db.write(|tx| profilence_core::reference_update::install_folder(tx, &folder)).unwrap();
    let w = World { dir, db };
    w.sign(&counsellor(CLAIRE, LYON, "0472000000", "claire@agence.example"));
    let today = on(9, 1, 9).date_naive();
    let person = |last: &str, first: &str, place: (&str, &str, &str)| {
        let mut input = candidate(last, first, &[BOULANGER]);
        (input.commune_code, input.postcode, input.commune) = (place.0.into(), place.1.into(), place.2.into());
        w.candidate(&input, today)
    };
    let rennes = ("35238", "35000", "Rennes");
    let lea = person("Martin", "Léa", ("69383", "69003", "Lyon 3e Arrondissement"));
    let hugo = person("Petit", "Hugo", ("69266", "69100", "Villeurbanne"));
    let yann = person("Le Gall", "Yann", rennes);
    person("Kerjean", "Maël", rennes);
    let firm = |name: &str, siret: &str, place: (&str, &str, &str)| {
        let mut input = common::company(name, siret);
        (input.commune_code, input.postcode, input.commune) = (place.0.into(), place.1.into(), place.2.into());
        w.db.write(|tx| profilence_core::companies::create(tx, &input)).unwrap().id
    };
    let kerbrat = firm("Boulangerie Kerbrat", "73282932000074", ("29232", "29000", "Quimper"));
    let fournil = firm("Fournil de l'Iroise", "34167211100018", ("29019", "29200", "Brest"));
    let pains = firm("Pains & Co", "06840388000013", rennes);
    let db = &w.db;
    let promote = |candidate: i64, firm: i64, when: DateTime<Local>| -> i64 {
        let input = common::marked_sent(candidate, firm, None);
        db.write(|tx| promotions::promote(tx, &input, when)).unwrap()[0].id
    };
    let record = |id: i64, input: EventInput, when: DateTime<Local>| {
        db.write(|tx| promotions::record_event(tx, &[id], &input, when)).unwrap();
    };
    let event = |kind: EventKind| EventInput { kind: Some(kind), ..EventInput::default() };
    let p = promote(lea, kerbrat, on(11, 2, 9));
    record(p, event(EventKind::Interested), on(11, 6, 14));
    let hired = EventInput {
        contract_type: Some(ContractType::Cdi),
        start_date: "2026-12-01".into(),
        ..event(EventKind::Hired)
    };
    record(p, hired, on(11, 25, 14));
    promote(lea, fournil, on(11, 3, 9));
    let p = promote(hugo, kerbrat, on(11, 4, 9));
    record(p, event(EventKind::Interested), on(11, 9, 14));
    promote(hugo, pains, on(11, 5, 9));
    let p = promote(yann, fournil, on(11, 6, 9));
    record(
        p,
        EventInput { interview_at: "2026-11-20T10:00".into(), ..event(EventKind::InterviewPlanned) },
        on(11, 12, 14),
    );
    Firms { _dir: w.dir, db: w.db, fournil }
}

fn by_company(query: StatsQuery) -> StatsQuery {
    StatsQuery { territory_of: TerritoryOf::Company, ..query }
}

#[test]
fn the_tables_by_the_companys_place_counted_by_hand() {
    let h = firms_history();
    // By default, where the candidates live, as before.
    let d = dashboard(&h.db, &november());
    assert_eq!(d.query.territory_of, TerritoryOf::Candidate);
    assert_eq!(figures(&d, BreakdownKey::Departments), [row("35", 1, 1, 1, 0), row("69", 4, 2, 1, 1)]);
    assert_eq!(table(&d, BreakdownKey::Departments).title, "Par département de résidence du candidat");
    // By the company's place: the Finistère, where nobody lives.
    let d = dashboard(&h.db, &by_company(november()));
    assert_eq!(d.query.territory_of, TerritoryOf::Company);
    assert_eq!((d.indicators.promotions, d.indicators.answered, d.indicators.hires), (5, 3, 1));
    assert_eq!(figures(&d, BreakdownKey::Departments), [row("29", 4, 3, 2, 1), row("35", 1, 0, 0, 0)]);
    assert_eq!(table(&d, BreakdownKey::Departments).title, "Par département de l'entreprise");
    assert_eq!(table(&d, BreakdownKey::Communes).title, "Par commune de l'entreprise");
    assert_eq!(
        figures(&d, BreakdownKey::Communes),
        [row("29019", 2, 1, 1, 0), row("29232", 2, 2, 1, 1), row("35238", 1, 0, 0, 0)]
    );
    let labels: Vec<&str> = table(&d, BreakdownKey::Communes).rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Brest (29)", "Quimper (29)", "Rennes (35)"]);
    // The other tables do not move.
    assert_eq!(figures(&d, BreakdownKey::Counsellors), [row(CLAIRE, 5, 3, 2, 1)]);
}

#[test]
fn the_filters_by_the_companys_place_keep_its_promotions_and_the_whole_pool() {
    let h = firms_history();
    let finistere = dashboard(&h.db, &by_company(StatsQuery { department: Some("29".into()), ..november() }));
    let i = &finistere.indicators;
    // Léa, Hugo and Yann were presented to companies of the Finistère; Maël stays in the
    // pool, which the company's place does not narrow.
    assert_eq!((i.promotions, i.answered, i.interviews, i.hires), (4, 3, 2, 1));
    assert_eq!((i.candidates, i.pool), (3, 4));
    let quimper = dashboard(&h.db, &by_company(StatsQuery { commune: Some("29232".into()), ..november() }));
    assert_eq!((quimper.indicators.promotions, quimper.indicators.candidates, quimper.indicators.pool), (2, 2, 4));
    assert_eq!(figures(&quimper, BreakdownKey::Communes), [row("29232", 2, 2, 1, 1)]);
    // The same filter by residence: nobody lives in the Finistère.
    let residents = dashboard(&h.db, &StatsQuery { department: Some("29".into()), ..november() });
    assert_eq!((residents.indicators.promotions, residents.indicators.pool), (0, 0));
    // A department no company is in: nothing, not everything.
    let elsewhere = dashboard(&h.db, &by_company(StatsQuery { department: Some("69".into()), ..november() }));
    assert_eq!((elsewhere.indicators.promotions, elsewhere.indicators.candidates), (0, 0));
    // Every row is the dashboard under its filter, the list behind it as long; the rows add up.
    let d = dashboard(&h.db, &by_company(november()));
    for key in [BreakdownKey::Departments, BreakdownKey::Communes] {
        let t = table(&d, key);
        assert_eq!(t.rows.iter().map(|r| r.promotions).sum::<u32>(), d.indicators.promotions);
        for r in &t.rows {
            let q = narrowed(&d.query, key, r);
            let under = dashboard(&h.db, &q).indicators;
            assert_eq!(
                (under.promotions, under.answered, under.interviews, under.hires),
                (r.promotions, r.answered, r.interviews, r.hires),
                "{key:?} {}",
                r.key
            );
            let figure = FigureQuery {
                query: q,
                figure: Figure::Promotions,
                company_id: None,
                reason: None,
                as_of: d.as_of.clone(),
            };
            assert_eq!(h.db.read(|c| stats::figure_promotions(c, &figure)).unwrap().len() as u32, r.promotions);
        }
    }
    let options = h.db.read(stats::options).unwrap();
    let codes = |o: &[stats::PlaceOption]| o.iter().map(|p| (p.code.clone(), p.label.clone())).collect::<Vec<_>>();
    assert_eq!(
        codes(&options.company_departments),
        [("29".to_owned(), "29 — Finistère".to_owned()), ("35".to_owned(), "35 — Ille-et-Vilaine".to_owned())]
    );
    assert_eq!(
        codes(&options.company_communes).into_iter().map(|(c, _)| c).collect::<Vec<_>>(),
        ["29019", "29232", "35238"]
    );
    assert_eq!(codes(&options.departments).into_iter().map(|(c, _)| c).collect::<Vec<_>>(), ["35", "69"]);
    assert!(options.definitions.iter().any(|d| d.label == "Territoire" && d.text.contains("lieu de l'entreprise")));
}

#[test]
fn a_company_moved_takes_its_promotions_to_its_new_commune() {
    let h = firms_history();
    let query = by_company(november());
    // Counted once: the facts are kept for this database file.
    let before = dashboard(&h.db, &query);
    assert_eq!(
        figures(&before, BreakdownKey::Communes),
        [row("29019", 2, 1, 1, 0), row("29232", 2, 2, 1, 1), row("35238", 1, 0, 0, 0)]
    );
    let moves =
        || h.db.read(|c| Ok(c.query_row("SELECT companies FROM stats_changes", [], |r| r.get::<_, i64>(0))?)).unwrap();
    // Saved without moving (the notes changed): not a change the dashboards read again.
    let moved = moves();
    // Storing a new company is told by its id: no trigger fires for it.
    assert_eq!(moved, 0);
    let mut input = common::company("Fournil de l'Iroise", "34167211100018");
    (input.commune_code, input.postcode, input.commune) = ("29019".into(), "29200".into(), "Brest".into());
    input.notes = "Ouvre un second fournil au printemps.".into();
    h.db.write(|tx| profilence_core::companies::update(tx, h.fournil, &input)).unwrap();
    assert_eq!(moves(), moved);
    // The Fournil moves from Brest to Quimper: no promotion event.
    (input.commune_code, input.postcode, input.commune) = ("29232".into(), "29000".into(), "Quimper".into());
    h.db.write(|tx| profilence_core::companies::update(tx, h.fournil, &input)).unwrap();
    assert_eq!(moves(), moved + 1);
    let after = dashboard(&h.db, &query);
    assert_eq!(figures(&after, BreakdownKey::Communes), [row("29232", 4, 3, 2, 1), row("35238", 1, 0, 0, 0)]);
    let quimper = dashboard(&h.db, &by_company(StatsQuery { commune: Some("29232".into()), ..november() }));
    assert_eq!(quimper.indicators.promotions, 4);
    // Then to Rennes, the Ille-et-Vilaine: the departments move too.
    (input.commune_code, input.postcode, input.commune) = ("35238".into(), "35000".into(), "Rennes".into());
    h.db.write(|tx| profilence_core::companies::update(tx, h.fournil, &input)).unwrap();
    let d = dashboard(&h.db, &query);
    assert_eq!(figures(&d, BreakdownKey::Departments), [row("29", 2, 2, 1, 1), row("35", 3, 1, 1, 0)]);
    // Where the candidates live did not move.
    let residents = dashboard(&h.db, &november());
    assert_eq!(figures(&residents, BreakdownKey::Departments), [row("35", 1, 1, 1, 0), row("69", 4, 2, 1, 1)]);
}

#[test]
fn the_exports_say_which_territory() {
    let h = firms_history();
    let folder = tempfile::tempdir().unwrap();
    let export = |query: StatsQuery, format| {
        let input = ExportInput { query, format, folder: folder.path().display().to_string() };
        stats::export::export(&h.db, &input, now()).unwrap().path
    };
    let text = std::fs::read_to_string(export(november(), ExportFormat::Csv)).unwrap();
    assert!(text.contains("Territoire;lieu de résidence du candidat"), "{text}");
    assert!(text.contains("Département de résidence;Tous"), "{text}");
    let query = by_company(StatsQuery { department: Some("29".into()), ..november() });
    let text = std::fs::read_to_string(export(query.clone(), ExportFormat::Csv)).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    for expected in [
        "Territoire;lieu de l'entreprise",
        "Département de l'entreprise;29 — Finistère",
        "Commune de l'entreprise;Toutes",
        "Par commune de l'entreprise",
        "Quimper (29);2;2;100,0 %;1;1;50,0 %;4,5;2",
    ] {
        assert!(lines.contains(&expected), "no {expected:?} in\n{text}");
    }
    let pdf = export(query, ExportFormat::Pdf);
    let text = poppler("pdftotext", &pdf);
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Département de l'entreprise : 29 — Finistère",
        "Territoire : lieu de l'entreprise",
        "Par département de l'entreprise",
        "Par commune de l'entreprise",
    ] {
        assert!(squeezed.contains(expected), "no {expected:?} in\n{text}");
    }
    if let Ok(keep) = std::env::var("STATS_KEEP") {
        std::fs::copy(&pdf, std::path::Path::new(&keep).join("territoire-entreprise.pdf")).unwrap();
    }
}
