//! Profile sheets checked as an employer's PDF reader would see them, with poppler's tools:
//! exactly one page, the fonts embedded and subsetted, the accented text extractable as
//! typed, an anonymised sheet without surname, e-mail nor phone, a sheet addressed to a
//! company with only the aids it can get. A minimal profile and an over-long one; the sheet
//! stored with each promotion; a batch into a folder.

mod common;

use std::{path::Path, process::Command};

use chrono::{Local, NaiveDate, TimeZone};
use common::{BOULANGER, PATISSIER, candidate, company, world::World};
use profilence_core::{
    Database,
    cancel::Cancel,
    candidates,
    candidates::{CandidateInput, CandidateSkill},
    choices::{ContractType, DrivingLicence, MobilityMeans, PromotionChannel, WorkingTime},
    companies, journal,
    promotions::{self, Confirmations, Delivery, PromoteInput, PromotionTarget, TimelineOf},
    settings::CounsellorSettings,
    sheets, sheets_batch,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out =
        Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Checked {
    pages: u32,
    text: String,
    fonts: String,
}

fn check(pdf: &[u8], dir: &Path, name: &str) -> Checked {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    // SHEETS_KEEP=DIR keeps a copy of each sheet, to render and look at (pdftoppm).
    if let Ok(keep) = std::env::var("SHEETS_KEEP") {
        std::fs::write(Path::new(&keep).join(name), pdf).unwrap();
    }
    let path = path.to_str().unwrap();
    let info = tool("pdfinfo", &[path]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("no page count in {info}"));
    assert!(info.contains("595.28 x 841.89 pts") || info.contains("595.276 x 841.89 pts"), "A4: {info}");
    Checked { pages, text: tool("pdftotext", &["-layout", path, "-"]), fonts: tool("pdffonts", &[path]) }
}

/// Every font line of `pdffonts`: embedded (`emb yes`), subsetted (`sub yes`, a
/// `ABCDEF+` name), with a Unicode map (`uni yes`).
fn assert_fonts_subsetted(fonts: &str) {
    let lines: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "no font: {fonts}");
    for line in lines {
        let name = line.split_whitespace().next().unwrap();
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+' && name[..6].chars().all(|c| c.is_ascii_uppercase()),
            "not a subset name: {line}"
        );
        assert!(name.contains("NotoSans"), "{line}");
        let flags: Vec<&str> = line.split_whitespace().rev().take(5).collect();
        // … emb sub uni object ID: the three yes/no columns before the object numbers.
        assert_eq!(&flags[2..5], ["yes", "yes", "yes"], "emb/sub/uni: {line}");
    }
}

fn counsellor() -> CounsellorSettings {
    common::world::counsellor(
        "Élise Guérin",
        "France Travail Quimper Ergué",
        "0298000000",
        "elise.guerin@agence.example",
    )
}

/// A profile filled to every limit the forms allow.
fn over_long() -> CandidateInput {
    let mut c = candidate("Le Bihan-Kerjean", "Maëlys-Éléonore", &[BOULANGER, PATISSIER]);
    c.pitch = "Maëlys-Éléonore Le Bihan-Kerjean est une professionnelle rigoureuse, « toujours à l'heure », \
               joignable au 06 12 34 56 78 ou à maelys@courriel.example. "
        .repeat(12)
        .chars()
        .take(2000)
        .collect();
    c.experience = "Huit ans en boulangerie artisanale à Quimper : pétrissage, façonnage, cuisson au four à sole, \
                    gestion des commandes, formation des apprentis et tenue du magasin le week-end. "
        .repeat(30)
        .chars()
        .take(4000)
        .collect();
    c.qualifications = "CAP Boulanger (2014), mention complémentaire Boulangerie spécialisée, CQP Tourier, \
                        habilitation HACCP, SST à jour. "
        .repeat(20)
        .chars()
        .take(2000)
        .collect();
    c.skills = (1..=80)
        .map(|i| CandidateSkill {
            code: None,
            label: format!(
                "Savoir-faire n° {i} : façonnage des pâtes levées feuilletées et des viennoiseries pur beurre"
            ),
        })
        .collect();
    c.languages = (1..=20).map(|i| format!("Langue régionale n° {i} (niveau intermédiaire)")).collect();
    c.driving_licences = DrivingLicence::ALL.to_vec();
    c.wanted_contracts = ContractType::ALL.to_vec();
    c.working_time = Some(WorkingTime::Either);
    c.mobility_radius_km = "300".into();
    c.mobility_means = MobilityMeans::ALL.to_vec();
    c.available_from = "2027-01-04".into();
    c.eligibility.rqth = true;
    c.eligibility.rsa = true;
    c.eligibility.qpv = true;
    c.eligibility.long_term_unemployed = true;
    c
}

fn world() -> World {
    World::signed(&counsellor())
}

fn create(db: &Database, input: &CandidateInput) -> i64 {
    db.write(|tx| candidates::create(tx, input, today(), true)).unwrap().id
}

#[test]
fn a_minimal_profile_makes_one_clean_page() {
    let w = world();
    let mut minimal = candidate("Lefèvre", "Noé", &[BOULANGER]);
    minimal.email.clear();
    minimal.phone.clear();
    let id = create(&w.db, &minimal);
    let sheet = w.db.write(|tx| promotions::gate::sheet(tx, id, (false, false), None, today())).unwrap();
    assert!(sheet.cuts.is_empty(), "{:?}", sheet.cuts);
    let got = check(&sheet.pdf, w.dir.path(), "minimal.pdf");
    assert_eq!(got.pages, 1);
    assert_fonts_subsetted(&got.fonts);
    for expected in ["FICHE PROFIL", "Noé Lefèvre", "DISPONIBILITÉ", "Immédiate", "Élise Guérin", "VOTRE CONTACT"]
    {
        assert!(got.text.contains(expected), "{expected:?} missing from:\n{}", got.text);
    }
    assert!(sheet.pdf.len() < 100 * 1024, "{} bytes", sheet.pdf.len());
}

#[test]
fn a_sheet_and_a_pitch_addressed_to_a_company_list_only_the_aids_it_can_get() {
    let w = world();
    let mut lea = candidate("Martin", "Léa", &[BOULANGER]);
    lea.eligibility.rqth = true;
    let id = create(&w.db, &lea);
    // A bakery of 3 to 5 employees is below the 20 of the disabled workers' obligation.
    let bakery = w.db.write(|tx| companies::create(tx, &company("Boulangerie Kerbrat", "73282932000074"))).unwrap();
    // Léa agreed that her RQTH may show (the aids reserved to it do not, otherwise).
    let text = |company: Option<(i64, Option<i64>)>, name: &str| {
        let sheet = w.db.write(|tx| promotions::gate::sheet(tx, id, (false, true), company, today())).unwrap();
        check(&sheet.pdf, w.dir.path(), name).text
    };
    let anyone = text(None, "aids-anyone.pdf");
    assert!(anyone.contains("Obligation d'emploi (OETH)") && anyone.contains("Aides de l'Agefiph"), "{anyone}");
    let addressed = text(Some((bakery.id, None)), "aids-bakery.pdf");
    assert!(addressed.contains("Aides de l'Agefiph") && !addressed.contains("Obligation d'emploi"), "{addressed}");
    assert!(addressed.contains("Aides possibles pour votre entreprise"), "{addressed}");
    // The pitch's {aides} alike: what some employer could, then what this bakery can.
    let pitch = |company: Option<i64>| {
        w.db.read(|c| promotions::preview_pitch(c, "{aides}", id, company, "", today(), (false, true))).unwrap()
    };
    assert!(pitch(None).contains("Obligation d'emploi (OETH)"), "{}", pitch(None));
    let to_bakery = pitch(Some(bakery.id));
    assert!(to_bakery.contains("Aides de l'Agefiph") && !to_bakery.contains("OETH"), "{to_bakery}");
}

#[test]
fn an_over_long_profile_is_shortened_to_one_page_and_says_what_was_cut() {
    let w = world();
    let id = create(&w.db, &over_long());
    let sheet = w.db.write(|tx| promotions::gate::sheet(tx, id, (false, false), None, today())).unwrap();
    let got = check(&sheet.pdf, w.dir.path(), "long.pdf");
    assert_eq!(got.pages, 1, "never a second page");
    assert_fonts_subsetted(&got.fonts);
    let cuts = sheet.cuts.join("\n");
    for expected in ["Compétences :", "L'expérience a été raccourcie", "L'argumentaire a été raccourci"] {
        assert!(cuts.contains(expected), "{expected:?} not in {cuts}");
    }
    assert!(got.text.contains('…'), "shortened text ends with an ellipsis");
    // Every part is still there, shortened: the foot of the page too.
    for expected in
        ["Compétences clés", "Expérience", "Formation et qualifications", "Aides à l'embauche", "VOTRE CONTACT"]
    {
        assert!(got.text.contains(expected), "{expected:?} missing");
    }
    assert!(sheet.pdf.len() < 100 * 1024, "{} bytes", sheet.pdf.len());
}

#[test]
fn accented_text_is_extracted_as_typed() {
    let w = world();
    let mut c = candidate("Kerjean", "Zoé", &[BOULANGER]);
    c.pitch = "Zoé a œuvré « dix ans » chez un pâtissier réputé ; elle sait où s’arrêter… Très appréciée.".into();
    c.experience = "Boulangère à Pont-l’Abbé, préparation des crêpes et des kouign-amann.".into();
    let id = create(&w.db, &c);
    let sheet = w.db.write(|tx| promotions::gate::sheet(tx, id, (false, false), None, today())).unwrap();
    let got = check(&sheet.pdf, w.dir.path(), "accents.pdf");
    let flat = got.text.split_whitespace().collect::<Vec<_>>().join(" ");
    for typed in [
        "Zoé a œuvré « dix ans » chez un pâtissier réputé ; elle sait où s’arrêter… Très appréciée.",
        "Boulangère à Pont-l’Abbé, préparation des crêpes et des kouign-amann.",
        "Zoé Kerjean",
    ] {
        assert!(flat.contains(typed), "{typed:?} not extracted from:\n{flat}");
    }
}

#[test]
fn an_anonymised_sheet_has_neither_surname_nor_contacts() {
    let w = world();
    let id = create(&w.db, &over_long());
    let candidate = w.db.read(|c| candidates::get(c, id, today())).unwrap();
    let sheet = w.db.write(|tx| promotions::gate::sheet(tx, id, (true, false), None, today())).unwrap();
    let got = check(&sheet.pdf, w.dir.path(), "anonymous.pdf");
    assert_eq!(got.pages, 1);
    assert!(got.text.contains("Candidat·e M."), "{}", got.text);
    assert!(got.text.contains("FICHE PROFIL ANONYMISÉE"));
    let folded = profilence_core::text::fold(&got.text);
    for secret in ["bihan", "kerjean", "maelys", "eleonore", "courriel.example", "06 12 34 56 78", "0612345678"] {
        assert!(!folded.contains(secret), "{secret:?} found in the anonymised sheet");
    }
    assert!(!folded.contains(&profilence_core::text::fold(candidate.email.as_deref().unwrap())));
    // Neither in the PDF's properties nor in its file name.
    let bytes = String::from_utf8_lossy(&sheet.pdf).to_lowercase();
    assert!(!bytes.contains("bihan") && !sheet.file_name.contains("bihan"), "{}", sheet.file_name);
    assert!(sheet.file_name.starts_with("fiche-profil-candidat-e-m-"), "{}", sheet.file_name);
}

#[test]
fn each_promotion_keeps_the_sheet_it_was_sent_with() {
    let w = world();
    let lea = create(&w.db, &candidate("Martin", "Léa", &[BOULANGER]));
    let firm = w.db.write(|tx| companies::create(tx, &company("Boulangerie Kerbrat", "73282932000074"))).unwrap();
    let now = Local.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let input = PromoteInput {
        candidate_ids: vec![lea],
        targets: vec![PromotionTarget { company_id: firm.id, contact_id: Some(firm.contacts[0].id) }],
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Bonjour, je vous présente {prénom}. {argumentaire}".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations::default(),
        anonymous: true,
        sensitive: false,
        delivery: Delivery::Marked,
    };
    let created = w.db.write(|tx| promotions::promote(tx, &input, now)).unwrap();
    assert!(created[0].pitch.contains("Candidat·e L.") && !created[0].pitch.contains("Léa"), "{}", created[0].pitch);
    let stored = w.db.read(|c| sheets::required(c, created[0].id)).unwrap();
    assert!(stored.anonymous);
    let got = check(&stored.pdf, w.dir.path(), "stored.pdf");
    assert!(got.text.contains("À l'attention de Boulangerie Kerbrat — Sophie Lambert, gérante"), "{}", got.text);
    assert!(!profilence_core::text::fold(&got.text).contains("martin"));

    // The timeline shows it; editing the candidate afterwards does not change it.
    let timeline = w.db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(lea))).unwrap();
    let summary = timeline.items[0].sheet.clone().expect("a stored sheet");
    assert_eq!(summary.sha256, sheets::sha256_hex(&stored.pdf));
    assert_eq!(summary.size as usize, stored.pdf.len());
    let mut changed = candidate("Martin", "Léa", &[BOULANGER]);
    changed.pitch = "Tout autre chose".into();
    w.db.write(|tx| candidates::update(tx, lea, &changed, today())).unwrap();
    assert_eq!(w.db.read(|c| sheets::required(c, created[0].id)).unwrap().pdf, stored.pdf);
    let rewrite = w.db.write(|tx| {
        Ok(tx.execute("UPDATE promotion_sheets SET pdf = x'00' WHERE promotion_id = ?1", [created[0].id])?)
    });
    assert!(rewrite.is_err(), "a stored sheet is never rewritten");

    // E-mail delivery needs an address; a draft does not.
    let no_contact =
        PromoteInput { targets: vec![PromotionTarget { company_id: firm.id, contact_id: None }], ..input.clone() };
    let refused =
        w.db.write(|tx| {
            promotions::promote(
                tx,
                &PromoteInput {
                    delivery: Delivery::Email,
                    confirmations: Confirmations { repeat_reason: "autre poste".into(), ..Default::default() },
                    ..no_contact.clone()
                },
                now,
            )
        })
        .unwrap_err();
    assert!(common::fields(refused).iter().any(|(f, m)| f == "targets.0.contactId" && m.contains("Aucune adresse")));
    let drafts =
        w.db.write(|tx| {
            promotions::promote(
                tx,
                &PromoteInput {
                    delivery: Delivery::MailDraft,
                    confirmations: Confirmations { repeat_reason: "autre poste".into(), ..Default::default() },
                    ..no_contact
                },
                now,
            )
        })
        .unwrap();
    assert_eq!(drafts[0].status, profilence_core::choices::PromotionStatus::Draft, "marked sent on confirmation only");
}

#[test]
fn a_batch_writes_one_pdf_each_and_stops_when_asked() {
    let w = world();
    let mut ids: Vec<i64> = ["Abgrall", "Bothorel", "Cadiou", "Le Dantec"]
        .iter()
        .map(|last| create(&w.db, &candidate(last, "Yannick", &[BOULANGER])))
        .collect();
    // No sheet goes out of someone whose consent has expired.
    let mut expired = candidate("Morvan", "Erwan", &[BOULANGER]);
    (expired.consent_date, expired.consent_expiry) = ("2025-01-01".into(), "2026-01-01".into());
    ids.insert(2, create(&w.db, &expired));
    let folder = w.dir.path().join("fiches");
    let of = sheets_batch::BatchOf::Candidates { ids: ids.clone(), anonymous: true };
    let mut seen = Vec::new();
    let summary =
        sheets_batch::run(&w.db, &of, folder.to_str().unwrap(), today(), &Cancel::default(), |p| seen.push(p.done))
            .unwrap();
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    assert_eq!(summary.written.len(), 4);
    assert_eq!(summary.skipped, ["Erwan Morvan (consentement non valide)"]);
    assert!(!summary.cancelled);
    // Four anonymised sheets of four "Yannick": the same name, numbered, none overwritten.
    let mut files: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files.len(), 4, "{files:?}");
    for file in &files {
        let pdf = std::fs::read(folder.join(file)).unwrap();
        assert_eq!(check(&pdf, w.dir.path(), "one.pdf").pages, 1);
    }

    // Cancelled after the second file: two more files, and it says so.
    let cancel = Cancel::default();
    let summary = sheets_batch::run(&w.db, &of, folder.to_str().unwrap(), today(), &cancel, |p| {
        if p.done == 2 {
            cancel.cancel();
        }
    })
    .unwrap();
    assert!(summary.cancelled);
    assert_eq!(summary.written.len(), 2);
    assert!(summary.skipped.is_empty(), "stopped before the third");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 6);

    // A folder that cannot be, named in the message.
    let error = sheets_batch::run(&w.db, &of, "/nonexistent/deeper/fiches", today(), &Cancel::default(), |_| {});
    assert!(common::fields(error.unwrap_err()).iter().any(|(f, m)| f == "folder" && m.contains("n'existe pas")));
}

/// Yannick Tanguy: RQTH and RSA recorded, 36 years old (no age aid reveals anything).
fn rqth_and_rsa() -> CandidateInput {
    let mut yannick = candidate("Tanguy", "Yannick", &[BOULANGER]);
    yannick.eligibility.rqth = true;
    yannick.eligibility.rsa = true;
    yannick
}

/// What reveals RQTH or RSA on a sheet: the publics' names and the aids reserved to them
/// (short words: the aids' names wrap in their column).
const SENSITIVE_WORDS: [&str; 7] = ["RQTH", "RSA", "Agefiph", "OETH", "adaptée", "handicap", "(IAE)"];

#[test]
fn the_sensitive_publics_and_their_aids_show_only_when_ticked_and_never_anonymously() {
    let w = world();
    let id = create(&w.db, &rqth_and_rsa());
    let sheet = |anonymous: bool, sensitive: bool, name: &str| {
        let sheet = w.db.write(|tx| promotions::gate::sheet(tx, id, (anonymous, sensitive), None, today()))?;
        Ok::<_, profilence_core::Error>(check(&sheet.pdf, w.dir.path(), name).text.replace('\n', " "))
    };
    // Not ticked (the default): neither the words nor the aids reserved to them.
    let without = sheet(false, false, "sensitive-without.pdf").unwrap();
    for word in SENSITIVE_WORDS {
        assert!(!without.contains(word), "{word:?} on a sheet without the tick:\n{without}");
    }
    assert!(without.contains("Immersion professionnelle"), "the aids for everyone stay:\n{without}");
    // Ticked: the situation and the aids it opens.
    let with = sheet(false, true, "sensitive-with.pdf").unwrap();
    for word in ["RQTH", "Bénéficiaire du RSA", "Aides de l'Agefiph", "(IAE)", "handicap"] {
        assert!(with.contains(word), "{word:?} missing from a sheet with the tick:\n{with}");
    }
    // Anonymised and ticked: refused, on the box; anonymised alone shows nothing of it.
    let refused = sheet(true, true, "sensitive-anonymous.pdf").unwrap_err();
    assert!(common::fields(refused).iter().any(|(f, m)| f == "sensitive" && m.contains("anonymisée")));
    let anonymous = sheet(true, false, "anonymous.pdf").unwrap();
    for word in SENSITIVE_WORDS {
        assert!(!anonymous.contains(word), "{word:?} on an anonymised sheet");
    }

    // The pitch's {aides} follows the same choice.
    let pitch = |sensitive: bool| {
        w.db.read(|c| promotions::preview_pitch(c, "Aides : {aides}.", id, None, "", today(), (false, sensitive)))
    };
    let plain = pitch(false).unwrap();
    assert!(!plain.contains("Agefiph") && !plain.contains("Insertion"), "{plain}");
    assert!(pitch(true).unwrap().contains("Aides de l'Agefiph"));
    let refused = w.db.read(|c| promotions::preview_pitch(c, "{aides}", id, None, "", today(), (true, true)));
    assert!(refused.is_err());

    // The batch never shows them.
    let folder = w.dir.path().join("lot");
    let of = sheets_batch::BatchOf::Candidates { ids: vec![id], anonymous: false };
    let summary = sheets_batch::run(&w.db, &of, folder.to_str().unwrap(), today(), &Cancel::default(), |_| {}).unwrap();
    let batch = check(&std::fs::read(folder.join(&summary.written[0])).unwrap(), w.dir.path(), "batch.pdf").text;
    assert!(!batch.contains("RQTH") && !batch.contains("Agefiph"), "{batch}");
}

#[test]
fn a_promotion_keeps_the_choice_its_sheet_was_made_with_and_the_journal_says_it() {
    let w = world();
    let id = create(&w.db, &rqth_and_rsa());
    let firms = w.firms(2);
    let now = Local.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let input = |company: i64, anonymous: bool, sensitive: bool| PromoteInput {
        candidate_ids: vec![id],
        targets: vec![PromotionTarget { company_id: company, contact_id: None }],
        channel: PromotionChannel::Visit,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}. Aides : {aides}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations::default(),
        anonymous,
        sensitive,
        delivery: Delivery::Marked,
    };
    // Anonymous and ticked: refused on the box, nothing created.
    let refused = w.db.write(|tx| promotions::promote(tx, &input(firms[0], true, true), now)).unwrap_err();
    assert!(common::fields(refused).iter().any(|(f, _)| f == "sensitive"));

    // The Kerbrat bakery (3 to 5 employees, private): the Agefiph aid, with the tick only.
    let ticked = w.db.write(|tx| promotions::promote(tx, &input(firms[0], false, true), now)).unwrap().remove(0);
    let plain = w.db.write(|tx| promotions::promote(tx, &input(firms[1], false, false), now)).unwrap().remove(0);
    assert_eq!(ticked.sensitive_shown, Some(true));
    assert_eq!(ticked.sensitive_reason.as_deref(), Some(promotions::SENSITIVE_REASON));
    assert_eq!((plain.sensitive_shown, plain.sensitive_reason.as_deref()), (Some(false), None));
    assert!(ticked.pitch.contains("Aides de l'Agefiph"), "{}", ticked.pitch);
    assert!(!plain.pitch.contains("Agefiph"), "{}", plain.pitch);
    let stored = |promotion: i64, name: &str| {
        let sheet = w.db.read(|c| sheets::required(c, promotion)).unwrap();
        check(&sheet.pdf, w.dir.path(), name).text
    };
    assert!(stored(ticked.id, "ticked.pdf").contains("RQTH"));
    let plain_text = stored(plain.id, "plain.pdf");
    assert!(!plain_text.contains("RQTH") && !plain_text.contains("Agefiph"), "{plain_text}");
    // As read again (the timeline).
    let again = w.db.read(|c| promotions::get(c, ticked.id)).unwrap();
    assert_eq!(again.sensitive_shown, Some(true));

    // The journal: a sheet generated for each, saying which kind, never whose.
    w.db.write(|tx| promotions::gate::sheet(tx, id, (true, false), None, today())).unwrap();
    let entries =
        w.db.read(|c| {
            journal::all(
                c,
                &journal::JournalQuery { action: Some(journal::Action::SheetGenerated), ..Default::default() },
            )
        })
        .unwrap();
    let details: Vec<&str> = entries.iter().map(|e| e.detail.as_str()).collect();
    assert_eq!(
        details,
        [
            format!("fiche nominative, informations sensibles incluses, promotion n° {}", ticked.id).as_str(),
            &format!("fiche nominative, sans informations sensibles, promotion n° {}", plain.id),
            "fiche anonyme, aperçu",
        ]
    );
    assert!(entries.iter().all(|e| e.subject == journal::Subject::Candidate(id)));
}
