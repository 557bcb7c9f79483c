//! The company sheet checked as a PDF reader sees it, with poppler's tools: one A4 page,
//! the fonts embedded and subsetted, the accented text extractable as typed; identity,
//! NAF label, directions, contacts and their channel, the promotions' outcomes and rates,
//! the people to offer anonymised (no candidate's name anywhere in the text), the aids; a
//! company with very long texts and many contacts still one page, with the cuts said; the
//! journal records the sheet.

mod common;

use std::{path::Path, process::Command};

use chrono::{DateTime, Local, TimeZone};
use common::{BOULANGER, PATISSIER, candidate, world::World};
use profilence_core::{
    choices::{ContactChannel, ContractType, EventKind, HeadcountBand, MobilityMeans, PromotionChannel, RefusalReason},
    companies::{self, CompanyInput, ContactInput},
    company_sheet, journal,
    promotions::{self, Confirmations, Delivery, EventInput, PromoteInput, PromotionTarget},
    reference_update,
};

fn at(days: u64) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap().checked_add_days(chrono::Days::new(days)).unwrap()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out =
        Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Pages, text (layout kept) and fonts of `pdf`, written under `dir` (and into
/// `SHEETS_KEEP` when set, to render and look at).
fn poppler(pdf: &[u8], dir: &Path, name: &str) -> (u32, String, String) {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    if let Ok(keep) = std::env::var("SHEETS_KEEP") {
        std::fs::write(Path::new(&keep).join(name), pdf).unwrap();
    }
    let path = path.to_str().unwrap();
    let info = tool("pdfinfo", &[path]);
    assert!(info.contains("595.28 x 841.89 pts") || info.contains("595.276 x 841.89 pts"), "A4: {info}");
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    // One space between words: no-break ones (in a SIRET, before « % »), the columns'
    // gaps and the line breaks of a wrapped paragraph alike.
    let text = tool("pdftotext", &["-layout", path, "-"]).replace(['\u{a0}', '\u{202f}'], " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (pages, text, tool("pdffonts", &[path]))
}

fn assert_fonts_subsetted(fonts: &str) {
    let lines: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no font: {fonts}");
    for line in lines {
        let name = line.split_whitespace().next().unwrap();
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+' && name.contains("NotoSans"), "{line}");
        let flags: Vec<&str> = line.split_whitespace().rev().take(5).collect();
        assert_eq!(&flags[2..5], ["yes", "yes", "yes"], "emb/sub/uni: {line}");
    }
}

/// The small referentials with communes around Lyon (Francheville, 15,000 inhabitants,
/// west of Lyon) and the hiring data that ties boulangers to bakeries.
fn world() -> World {
    let world = World::signed(&common::world::counsellor(
        "Élise Guérin",
        "France Travail Lyon Part-Dieu",
        "0478000000",
        "elise.guerin@agence.example",
    ));
    let dir = world.dir.path().join("hiring-ref");
    let original = std::fs::read_to_string(world.dir.path().join("ref/geo/communes.csv")).unwrap();
    std::fs::create_dir_all(dir.join("geo")).unwrap();
    std::fs::write(
        dir.join("geo/communes.csv"),
        format!(
            "{original}69089,84,69,Francheville,Francheville,69340,COM,,45.7364,4.7636,8.2,15000\n\
             69259,84,69,Vénissieux,Vénissieux,69200,COM,,45.6975,4.8867,15.3,67129\n"
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("naf")).unwrap();
    std::fs::write(
        dir.join("naf/naf.json"),
        r#"[{"id":"10.71C","label":"Boulangerie et boulangerie-pâtisserie"},{"id":"10.71D","label":"Pâtisserie"}]"#,
    )
    .unwrap();
    common::write_hiring(&dir);
    world.db.write(|tx| reference_update::install_folder(tx, &dir)).unwrap();
    world
}

fn bakery(name: &str) -> CompanyInput {
    CompanyInput {
        postcode: "69340".into(),
        commune: "Francheville".into(),
        commune_code: "69089".into(),
        address: "8 place de l'Église".into(),
        headcount_band: Some(HeadcountBand::From6),
        ..common::company(name, "73282932000074")
    }
}

fn promote(world: &World, candidate: i64, company: i64) -> i64 {
    let input = PromoteInput {
        candidate_ids: vec![candidate],
        targets: vec![PromotionTarget { company_id: company, contact_id: None }],
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations { repeat_reason: String::new(), over_contact_limit: true },
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    };
    world.db.write(|tx| promotions::promote(tx, &input, at(0))).unwrap()[0].id
}

fn event(world: &World, promotion: i64, kind: EventKind) {
    let input = EventInput {
        kind: Some(kind),
        interview_at: "2026-11-23T14:00".into(),
        contract_type: Some(ContractType::Cdi),
        start_date: "2026-12-01".into(),
        reason: Some(RefusalReason::NoVacancy),
        ..EventInput::default()
    };
    world.db.write(|tx| promotions::record_event(tx, &[promotion], &input, at(1))).unwrap();
}

/// Boulangers of Lyon, within 20 km by car of Francheville.
fn people(world: &World) -> Vec<(i64, &'static str, &'static str)> {
    [("Kerjean", "Maëlys"), ("Lefèvre", "Noé"), ("Ménard", "Zoé"), ("Thibaut", "Hélène")]
        .into_iter()
        .map(|(last, first)| {
            let mut input = candidate(last, first, &[BOULANGER, PATISSIER]);
            input.mobility_radius_km = "20".into();
            input.mobility_means = vec![MobilityMeans::Car];
            (world.candidate(&input, at(0).date_naive()), last, first)
        })
        .collect()
}

#[test]
fn a_company_sheet_is_one_page_with_its_history_and_anonymised_people() {
    let w = world();
    let firm = w.db.write(|tx| companies::create(tx, &bakery("Boulangerie Fañch & Gaëlle"))).unwrap().id;
    let people = people(&w);
    let hired = promote(&w, people[0].0, firm);
    event(&w, hired, EventKind::InterviewPlanned);
    event(&w, hired, EventKind::Hired);
    let refused = promote(&w, people[1].0, firm);
    event(&w, refused, EventKind::Refused);
    promote(&w, people[2].0, firm);

    let sheet = w.db.write(|tx| company_sheet::preview(tx, firm, at(2))).unwrap();
    let (pages, text, fonts) = poppler(&sheet.pdf, w.dir.path(), "entreprise.pdf");
    assert!(sheet.cuts.is_empty(), "{:?}", sheet.cuts);
    assert_eq!(sheet.file_name, "fiche-entreprise-boulangerie-fanch-gaelle.pdf");
    assert_eq!(pages, 1);
    assert_fonts_subsetted(&fonts);
    for expected in [
        "FICHE ENTREPRISE",
        "Boulangerie Fañch & Gaëlle",
        "SIRET 732 829 320 00074",
        "NAF 10.71C — Boulangerie et boulangerie-pâtisserie",
        "8 place de l'Église, 69340 Francheville",
        "à l'ouest de Lyon",
        "à vol d'oiseau",
        "Sophie Lambert, gérante",
        "Téléphone",
        "70 sur 100",
        "6 à 9 salariés",
        "Les entreprises s'engagent",
        "3 promotions envoyées",
        "Embauche : 1",
        "Refusée : 1",
        "En attente de réponse : 1",
        "66,7 % (2 sur 3)",
        "33,3 % (1 sur 3)",
        "Candidat·e M.",
        "Candidat·e N.",
        "Boulanger / Boulangère",
        "Candidat·e H.",
        "Immersion professionnelle",
        "Pour : tout demandeur d'emploi.",
        "Élise Guérin — France Travail Lyon Part-Dieu",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    // Hélène, never sent here, is the one to offer; the others were sent within the window.
    assert!(text.contains("Candidat·e H."), "{text}");
    for (_, last, first) in &people {
        assert!(!text.contains(last) && !text.contains(first), "{first} {last} named on the sheet:\n{text}");
    }
    let recorded = w.db.read(|c| journal::list(c, &journal::JournalQuery::default())).unwrap();
    assert!(
        recorded.items.iter().any(|e| e.detail == "fiche entreprise" && e.subject == journal::Subject::Company(firm)),
        "the journal records the sheet"
    );
}

#[test]
fn a_company_with_very_long_texts_and_many_contacts_stays_one_page_and_says_what_was_cut() {
    let w = world();
    // Every text at the form's limit.
    let long = |text: &str, max: usize| text.repeat(10).chars().take(max).collect::<String>().trim().to_owned();
    let mut input =
        bakery(&long("Boulangerie-pâtisserie artisanale « Au Fournil de l'Odet », maison fondée en 1923 ", 200));
    input.address = long("Zone artisanale de Kerangoff, bâtiment B, 2e étage, porte gauche, ", 300);
    input.commitments = (1..=8).map(|i| format!("Engagement territorial n° {i} pour l'emploi des jeunes")).collect();
    input.contacts = (1..=20)
        .map(|i| ContactInput {
            id: None,
            name: format!("Anne-Gaëlle Le Floc'h-Kerjean n° {i}"),
            role: "responsable des ressources humaines et de la formation".into(),
            email: format!("anne-gaelle.lefloch-kerjean{i}@boulangerie-odet.example"),
            phone: "02 98 12 34 56".into(),
            preferred_channel: Some(ContactChannel::Email),
        })
        .collect();
    let firm = w.db.write(|tx| companies::create(tx, &input)).unwrap().id;
    for (id, ..) in people(&w) {
        promote(&w, id, firm);
    }
    let sheet = w.db.read(|c| company_sheet::make(c, firm, at(2))).unwrap();
    let (pages, text, fonts) = poppler(&sheet.pdf, w.dir.path(), "entreprise-longue.pdf");
    assert_eq!(pages, 1, "never a second page");
    assert_fonts_subsetted(&fonts);
    let cuts = sheet.cuts.join("\n");
    for expected in
        ["Le nom de l'entreprise a été abrégé", "L'adresse a été abrégée", "Interlocuteurs :", "Une information clé"]
    {
        assert!(cuts.contains(expected), "{expected:?} not in {cuts}");
    }
    assert!(text.contains('…'), "shortened text ends with an ellipsis");
    assert!(text.contains("Anne-Gaëlle Le Floc'h-Kerjean n° 1"), "{text}");
    assert!(!text.contains("n° 20"), "not every contact fits: {text}");
    for section in
        ["Interlocuteurs", "Promotions envoyées et leurs suites", "Aides à l'embauche possibles", "FICHE PRÉPARÉE PAR"]
    {
        assert!(text.contains(section), "{section:?} missing:\n{text}");
    }
}

#[test]
fn an_erased_company_has_no_sheet() {
    let w = world();
    let firm = w.db.write(|tx| companies::create(tx, &bakery("Boulangerie Kerbrat"))).unwrap().id;
    w.db.write(|tx| profilence_core::erasure::erase_company(tx, firm)).unwrap();
    let error = w.db.read(|c| company_sheet::make(c, firm, at(2))).unwrap_err();
    assert!(error.to_string().contains("effacée"), "{error}");
}
