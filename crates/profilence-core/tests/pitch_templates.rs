//! Pitch templates of one's own (issue 21, part 3): an unknown merge field refused with its
//! name, every merge field filled, the default of a ROME domain chosen for a candidate, the
//! built-in templates kept, the subject carried to the promotion and its e-mail, and the
//! template file written, read back, read again, and refused whole when wrong.

mod common;

use chrono::{Local, NaiveDate, TimeZone};
use common::{BOULANGER, ELECTRICIEN, candidate, fields, world::World, world::claire};
use profilence_core::{
    Database, Error,
    candidates::CandidateSkill,
    promotions::{
        self,
        pitch::{BuiltinTemplate, field_names},
        templates::{self, TemplateInput, TemplateRef, file},
    },
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn input(title: &str, subject: &str, body: &str) -> TemplateInput {
    TemplateInput { title: title.into(), subject: subject.into(), body: body.into() }
}

fn create(db: &Database, title: &str, subject: &str, body: &str) -> Result<templates::PitchTemplate, Error> {
    db.write(|tx| templates::create(tx, &input(title, subject, body)))
}

fn titles(db: &Database) -> Vec<String> {
    db.read(|c| templates::list(c, None)).unwrap().templates.into_iter().map(|t| t.title).collect()
}

fn stored(db: &Database) -> Vec<(String, String, String, Vec<String>)> {
    db.read(|c| templates::list(c, None))
        .unwrap()
        .templates
        .into_iter()
        .filter(|t| !t.builtin)
        .map(|t| (t.title, t.subject, t.body, t.default_for))
        .collect()
}

fn import_message(error: Error) -> String {
    match error {
        Error::Import(message) => message,
        other => panic!("expected an import refusal, got {other:?}"),
    }
}

#[test]
fn an_unknown_merge_field_is_refused_with_its_name_in_the_subject_the_body_and_a_promotion() {
    let w = World::signed(&claire("Agence de Rennes"));
    let error = create(&w.db, "Relance BTP", "Candidature {toto}", "Bonjour, voici {prénom} et {Métier}.").unwrap_err();
    let errors = fields(error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "subject");
    assert!(
        errors[0].1.contains("{toto}") && errors[0].1.contains("{prénom}"),
        "the name and the known ones: {errors:?}"
    );
    let errors = fields(create(&w.db, "Relance BTP", "Candidature", "Bonjour {prenom}, {").unwrap_err());
    assert_eq!(errors[0].0, "body");
    assert!(errors[0].1.contains("{prenom}"), "{errors:?}");
    let errors = fields(create(&w.db, " ", "", "Bonjour").unwrap_err());
    let named: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(named, ["title", "subject"]);
    assert!(stored(&w.db).is_empty(), "nothing written");

    // A promotion's subject is checked as its pitch is.
    let lea = w.candidate(&candidate("Le Goff", "Léa", &[BOULANGER]), today());
    let firm = w.firms(1)[0];
    let mut promote = common::marked_sent(lea, firm, None);
    promote.subject_template = "Candidature de {prénom} {toto}".into();
    let now = Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let errors = fields(w.db.write(|tx| promotions::promote(tx, &promote, now)).unwrap_err());
    assert!(errors.iter().any(|(f, m)| f == "subjectTemplate" && m.contains("{toto}")), "{errors:?}");
}

#[test]
fn every_merge_field_is_filled_in_the_body_and_the_subject() {
    let w = World::signed(&claire("Agence de Rennes"));
    let mut lea = candidate("Le Goff", "Léa", &[BOULANGER]);
    lea.birth_date = "2004-03-10".into();
    lea.available_from = "2027-01-04".into();
    lea.pitch = "Léa a tenu seule le fournil d'une boulangerie pendant deux ans.".into();
    lea.skills = [
        "Pétrir manuellement ou mécaniquement des pâtes",
        "Confectionner des viennoiseries",
        "Défourner des pains et viennoiseries",
        "Décorer des entremets",
    ]
    .iter()
    .map(|label| CandidateSkill { code: None, label: (*label).into() })
    .collect();
    let lea = w.candidate(&lea, today());
    let firms = w.firms(2);
    let firm = firms[0];
    let body: String = field_names().map(|f| format!("{f}=<{{{f}}}>\n")).collect();
    let template = create(&w.db, "Tous les champs", "{prénom}, {métier} — {entreprise} ({offre})", &body).unwrap();
    let filled = w
        .db
        .read(|c| promotions::preview_pitch(c, &template.body, lea, Some(firm), "OF-2026-118", today(), (false, false)))
        .unwrap();
    let value = |field: &str| -> String {
        let start = format!("{field}=<");
        let line = filled.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("{field}: {filled}"));
        line[start.len()..line.len() - 1].to_owned()
    };
    assert_eq!(value("prénom"), "Léa");
    assert_eq!(value("métier"), "boulanger / boulangère");
    assert_eq!(
        value("points forts"),
        "pétrir manuellement ou mécaniquement des pâtes, confectionner des viennoiseries et défourner des pains et \
         viennoiseries"
    );
    assert_eq!(value("disponibilité"), "à partir du 4 janvier 2027");
    // What a bakery of 3 to 5 employees can get for her (none reserved to a sensitive public).
    assert_eq!(value("aides"), "Aide à l'embauche d'un apprenti, AFPR / POEI et Immersion professionnelle (PMSMP)");
    assert_eq!(value("argumentaire"), "Léa a tenu seule le fournil d'une boulangerie pendant deux ans.");
    assert_eq!(value("entreprise"), "Boulangerie Kerbrat");
    assert_eq!(value("offre"), "OF-2026-118");
    assert_eq!(value("conseiller"), "Claire Morel");
    assert_eq!(value("structure"), "Agence de Rennes");
    assert_eq!(filled.lines().count(), field_names().count(), "every field, and each once: {filled}");
    assert!(!filled.contains('{'), "{filled}");

    // Anonymised, the person is « Candidat·e L. » in the subject as in the body.
    let subject =
        w.db.read(|c| {
            promotions::preview_subject(c, &template.subject, lea, Some(firm), "OF-2026-118", today(), (true, false))
        })
        .unwrap();
    assert_eq!(subject, "Candidat·e L., boulanger / boulangère — Boulangerie Kerbrat (OF-2026-118)");

    // Promoted with it: the subject is filled and kept with the promotion, as the pitch is.
    let mut promote = common::marked_sent(lea, firm, None);
    promote.pitch_template = template.body.clone();
    promote.subject_template = template.subject.clone();
    promote.job_offer_ref = "OF-2026-118".into();
    let now = Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let created = w.db.write(|tx| promotions::promote(tx, &promote, now)).unwrap().remove(0);
    assert_eq!(created.subject.as_deref(), Some("Léa, boulanger / boulangère — Boulangerie Kerbrat (OF-2026-118)"));
    assert!(created.pitch.contains("prénom=<Léa>"), "{}", created.pitch);
    // Without a subject, none is kept: its e-mail takes the one of Paramètres → Messagerie.
    let plain = common::marked_sent(lea, firms[1], None);
    let created = w.db.write(|tx| promotions::promote(tx, &plain, now)).unwrap().remove(0);
    assert_eq!(created.subject, None);
}

#[test]
fn a_candidate_starts_from_the_default_of_the_domain_of_their_first_target_job() {
    let w = World::signed(&claire("Agence de Rennes"));
    let baker = w.candidate(&candidate("Le Goff", "Léa", &[BOULANGER, ELECTRICIEN]), today());
    let electrician = w.candidate(&candidate("Kervella", "Yann", &[ELECTRICIEN, BOULANGER]), today());
    let commerce =
        create(&w.db, "Commerce de bouche", "Un·e {métier} pour {entreprise}", "Bonjour, {prénom} est {métier}.")
            .unwrap();
    let short = TemplateRef::Builtin(BuiltinTemplate::Short).key();
    let suggested = |id: i64| w.db.read(|c| templates::list(c, Some(id))).unwrap().suggested;
    // No default chosen: the first built-in template for everyone.
    assert_eq!([suggested(baker), suggested(electrician)], [short.clone(), short.clone()]);

    let domains = w.db.write(|tx| templates::set_default(tx, "d", Some(commerce.reference))).unwrap();
    let d = domains.iter().find(|d| d.domain == "D").unwrap();
    assert_eq!(
        (d.template_key.as_str(), d.chosen, d.label.as_str()),
        (commerce.key.as_str(), true, "Commerce, Vente et Grande distribution")
    );
    assert!(!domains.iter().find(|d| d.domain == "F").unwrap().chosen);
    let aids = TemplateRef::Builtin(BuiltinTemplate::Aids);
    w.db.write(|tx| templates::set_default(tx, "F", Some(aids))).unwrap();
    assert_eq!(suggested(baker), commerce.key, "D1102 first: commerce");
    assert_eq!(suggested(electrician), aids.key(), "F1602 first: the built-in one chosen for F");
    let listed = w.db.read(|c| templates::list(c, None)).unwrap();
    assert_eq!(listed.templates.iter().find(|t| t.key == commerce.key).unwrap().default_for, ["D"]);

    // An unknown domain is refused; deleting the template gives D back to the first built-in one.
    let errors = fields(w.db.write(|tx| templates::set_default(tx, "Z", Some(aids))).unwrap_err());
    assert!(errors[0].0 == "domain" && errors[0].1.contains("« Z »"), "{errors:?}");
    w.db.write(|tx| templates::delete(tx, commerce.reference)).unwrap();
    assert_eq!(suggested(baker), short);
    assert_eq!(suggested(electrician), aids.key());
}

#[test]
fn the_built_in_templates_stay_and_titles_are_never_shared() {
    let w = World::signed(&claire("Agence de Rennes"));
    let listed = w.db.read(|c| templates::list(c, None)).unwrap();
    assert_eq!(
        listed.templates.iter().map(|t| (t.title.as_str(), t.builtin)).collect::<Vec<_>>(),
        [("Présentation courte", true), ("Avec les aides à l'embauche", true), ("Réponse à une offre", true)]
    );
    assert_eq!(listed.templates[0].subject, "Proposition de candidature : {métier}", "Paramètres → Messagerie's");
    assert_eq!(listed.fields.len(), field_names().count());
    let short = TemplateRef::Builtin(BuiltinTemplate::Short);
    match w.db.write(|tx| templates::delete(tx, short)).unwrap_err() {
        Error::Rule(message) => assert!(message.contains("modèle intégré"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(w.db.write(|tx| templates::update(tx, short, &input("X", "Y", "Z"))), Err(Error::Rule(_))));

    // Duplicated, a built-in template becomes one's own, then edited.
    let copy = w.db.write(|tx| templates::duplicate(tx, short)).unwrap();
    assert_eq!((copy.title.as_str(), copy.builtin), ("Présentation courte (copie)", false));
    assert_eq!(copy.body, BuiltinTemplate::Short.body());
    let again = w.db.write(|tx| templates::duplicate(tx, short)).unwrap();
    assert_eq!(again.title, "Présentation courte (copie 2)");
    let edited =
        w.db.write(|tx| {
            templates::update(tx, copy.reference, &input("Présentation brève", "Profil : {métier}", "Voici {prénom}."))
        })
        .unwrap();
    assert_eq!((edited.title.as_str(), edited.subject.as_str()), ("Présentation brève", "Profil : {métier}"));

    // A title is taken whatever its case and accents, a built-in one's included.
    for taken in ["presentation COURTE", "PRÉSENTATION brève"] {
        let errors = fields(create(&w.db, taken, "Objet", "Texte").unwrap_err());
        assert!(errors[0].0 == "title" && errors[0].1.contains("déjà"), "{errors:?}");
    }
    // Editing keeps one's own title.
    w.db.write(|tx| templates::update(tx, edited.reference, &input("Présentation brève", "Objet", "Texte"))).unwrap();
    w.db.write(|tx| templates::delete(tx, again.reference)).unwrap();
    assert_eq!(titles(&w.db)[3..], ["Présentation brève".to_owned()]);
    assert!(matches!(w.db.write(|tx| templates::delete(tx, again.reference)), Err(Error::NotFound { .. })));
}

#[test]
fn a_template_file_goes_round_and_a_second_import_adds_nothing() {
    let here = World::signed(&claire("Agence de Rennes"));
    let bakery = create(
        &here.db,
        "Métiers de bouche",
        "Candidature de {prénom} : {métier}",
        "Bonjour,\n\nJe vous présente {prénom}, {métier}, disponible {disponibilité}.\n\n{conseiller}\n{structure}",
    )
    .unwrap();
    create(&here.db, "Réponse express", "Votre offre {offre}", "Suite à votre offre {offre} : {prénom}.").unwrap();
    here.db.write(|tx| templates::set_default(tx, "D", Some(bakery.reference))).unwrap();
    let path = here.dir.path().join("modèles-agence.json");
    assert_eq!(here.db.write(|tx| file::export(tx, &path)).unwrap(), 2);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!((json["format"].as_str(), json["version"].as_u64()), (Some(file::FORMAT), Some(file::VERSION)));
    assert!(!std::fs::read_to_string(&path).unwrap().contains("Présentation courte"), "built-in ones are not written");

    // Into another counsellor's database: the same templates and the default of D.
    let there = World::signed(&claire("Agence de Brest"));
    let report = there.db.write(|tx| file::import(tx, &path)).unwrap();
    assert_eq!(report.added, ["Métiers de bouche", "Réponse express"]);
    assert_eq!(report.defaults_set, ["D"]);
    assert_eq!(stored(&there.db), stored(&here.db));
    // A database without the ROME knows no domain: the default is left out, and said.
    let (_bare_dir, bare) = common::database();
    let report = bare.write(|tx| file::import(tx, &path)).unwrap();
    assert_eq!((report.added.len(), report.defaults_unknown.clone()), (2, vec!["D".to_owned()]));
    assert!(report.summary.iter().any(|l| l.contains("Domaines D inconnus de cette base")), "{:?}", report.summary);
    // Again: nothing added, nothing renamed.
    let report = there.db.write(|tx| file::import(tx, &path)).unwrap();
    assert!(report.added.is_empty() && report.renamed.is_empty(), "{report:?}");
    assert_eq!(report.unchanged, ["Métiers de bouche", "Réponse express"]);
    assert_eq!(
        report.summary,
        ["2 modèle(s) déjà présent(s) à l'identique, non repris : « Métiers de bouche », « Réponse express »."]
    );
    assert_eq!(stored(&there.db), stored(&here.db));

    // A template of the same title with another text is added beside, renamed, and said so;
    // a default the counsellor chose is kept.
    let mine = there.db.read(|c| templates::list(c, None)).unwrap().templates;
    let express = mine.iter().find(|t| t.title == "Réponse express").unwrap();
    there
        .db
        .write(|tx| {
            templates::update(
                tx,
                express.reference,
                &input("Réponse express", "Offre {offre}", "Mon texte à moi, {prénom}."),
            )
        })
        .unwrap();
    there.db.write(|tx| templates::set_default(tx, "D", Some(express.reference))).unwrap();
    let once_more = there.db.write(|tx| file::import(tx, &path)).unwrap();
    assert_eq!(once_more.renamed.len(), 1);
    assert_eq!(
        (once_more.renamed[0].from.as_str(), once_more.renamed[0].to.as_str()),
        ("Réponse express", "Réponse express (importé)")
    );
    assert_eq!(once_more.defaults_kept, ["D"]);
    assert!(
        once_more.summary.iter().any(|l| l.contains("existait déjà avec un autre texte")),
        "{:?}",
        once_more.summary
    );
    assert_eq!(titles(&there.db)[3..], ["Métiers de bouche", "Réponse express", "Réponse express (importé)"]);
}

#[test]
fn a_bad_template_file_is_refused_whole_with_what_is_wrong() {
    let w = World::signed(&claire("Agence de Rennes"));
    let dir = w.dir.path();
    let good = r#"{"title": "Bouche", "subject": "Candidature {métier}", "body": "Voici {prénom}."}"#;
    let cases: [(&str, String, &str); 7] = [
        ("pas-du-json.json", "Titre;Objet\nBouche;Candidature".into(), "pas un fichier JSON lisible (ligne 1"),
        ("autre.json", r#"{"format": "tableau", "templates": []}"#.into(), "pas un fichier de modèles d'argumentaire"),
        ("futur.json", format!(r#"{{"format": "{}", "version": 2, "templates": [{good}]}}"#, file::FORMAT), "format 2"),
        ("vide.json", format!(r#"{{"format": "{}", "version": 1, "templates": []}}"#, file::FORMAT), "aucun modèle"),
        (
            "sans-objet.json",
            format!(
                r#"{{"format": "{}", "version": 1, "templates": [{good}, {{"title": "B", "body": "x"}}]}}"#,
                file::FORMAT
            ),
            "modèle n° 2 — l'objet manque",
        ),
        (
            "champ-inconnu.json",
            format!(
                r#"{{"format": "{}", "version": 1, "templates": [{good}, {{"title": "Relance", "subject": "Objet", "body": "Bonjour {{toto}}"}}]}}"#,
                file::FORMAT
            ),
            "modèle n° 2 « Relance » — texte : Champ de fusion inconnu : {toto}",
        ),
        (
            "domaine.json",
            format!(
                r#"{{"format": "{}", "version": 1, "templates": [{{"title": "B", "subject": "O", "body": "T", "domains": ["Commerce"]}}]}}"#,
                file::FORMAT
            ),
            "domaine « COMMERCE »",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let message = import_message(w.db.write(|tx| file::import(tx, &path)).unwrap_err());
        assert!(message.starts_with("Modèles non importés, rien n'a été ajouté"), "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
        assert!(stored(&w.db).is_empty(), "{name}: nothing half-imported");
    }
    // Nothing to export yet, and a file that is not there.
    assert!(matches!(w.db.write(|tx| file::export(tx, &dir.join("x.json"))), Err(Error::Rule(_))));
    assert!(matches!(w.db.write(|tx| file::import(tx, &dir.join("absent.json"))), Err(Error::Io { .. })));
}

#[test]
fn a_candidate_without_skills_gets_no_empty_strengths_sentence_and_the_rest_stays() {
    let w = World::signed(&claire("Agence de Rennes"));
    let mut erwan = candidate("Tanguy", "Erwan", &[BOULANGER]);
    erwan.pitch = "Erwan a fait son apprentissage au fournil de Vitré.".into();
    assert!(erwan.skills.is_empty());
    let erwan = w.candidate(&erwan, today());
    let mut lea = candidate("Le Goff", "Léa", &[BOULANGER]);
    lea.skills = vec![CandidateSkill { code: None, label: "Confectionner des viennoiseries".into() }];
    let lea = w.candidate(&lea, today());
    let firm = w.firms(1)[0];
    let preview = |person: i64, template: &str| {
        w.db.read(|c| {
            promotions::preview_pitch(c, template, person, Some(firm), "OF-2026-118", today(), (false, false))
        })
        .unwrap()
    };
    assert_eq!(
        preview(erwan, BuiltinTemplate::Short.body()),
        "Bonjour,\n\nJe me permets de vous présenter Erwan, qui recherche un poste de boulanger / boulangère. Erwan \
         a fait son apprentissage au fournil de Vitré.\n\nErwan est disponible immédiatement.\n\nJe serais \
         heureux·se d'organiser une rencontre avec Boulangerie Kerbrat.\n\nBien cordialement,\nClaire Morel\nAgence \
         de Rennes"
    );
    for builtin in BuiltinTemplate::ALL {
        let without = preview(erwan, builtin.body());
        assert!(!without.contains("points forts") && !without.contains(" : ."), "{}:\n{without}", builtin.title());
        assert!(!without.contains("\n\n\n"), "{}: no blank paragraph left:\n{without}", builtin.title());
        let with = preview(lea, builtin.body());
        assert!(with.contains("Ses points forts : confectionner des viennoiseries."), "{}:\n{with}", builtin.title());
    }
    // The aids' sentence keeps its clause about helping with them, and the sentence after
    // the strengths stays.
    let aids = preview(erwan, BuiltinTemplate::Aids.body());
    assert!(aids.contains("Son recrutement peut vous ouvrir droit à : Aide forfaitaire"), "{aids}");
    assert!(aids.contains(" ; je peux vous accompagner dans ces démarches.\n\nBien cordialement"), "{aids}");
    assert!(preview(erwan, BuiltinTemplate::Offer.body()).contains("Vitré.\n\nErwan est disponible immédiatement."));

    // A template of one's own: only the sentence that holds the empty list goes, whatever
    // ends it; a field is never cut, and other empty fields leave their sentence.
    let own = "Voici {prénom}. Ses atouts : {points forts} ! Disponible {disponibilité}… Offre {offre}.\nÀ bientôt";
    assert_eq!(preview(erwan, own), "Voici Erwan. Disponible immédiatement… Offre OF-2026-118.\nÀ bientôt");
    assert_eq!(
        preview(lea, own),
        "Voici Léa. Ses atouts : confectionner des viennoiseries ! Disponible immédiatement… Offre OF-2026-118.\nÀ bientôt"
    );
    let no_offer = w
        .db
        .read(|c| promotions::preview_pitch(c, "Réf. {offre}. Merci.", erwan, Some(firm), "", today(), (false, false)))
        .unwrap();
    assert_eq!(no_offer, "Réf. Merci.", "only the list fields take their sentence with them; a stray full stop goes");
    let offer =
        w.db.read(|c| {
            promotions::preview_pitch(c, BuiltinTemplate::Offer.body(), erwan, Some(firm), "", today(), (false, false))
        })
        .unwrap();
    assert!(
        offer.starts_with("Bonjour,\n\nEn réponse à votre offre, je vous propose la candidature de Erwan"),
        "{offer}"
    );
}
