//! Shared by the integration tests: a database on a temporary file, and a small
//! referential folder written in the official formats (ROME 4.0 `unix_*` CSVs,
//! `communes.csv`, `naf.json`), so each test can load, break or re-version it.
#![allow(dead_code)]

use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

use chrono::NaiveDate;
use profilence_core::{
    Database, Error,
    candidates::CandidateInput,
    choices::PromotionChannel,
    promotions::{Confirmations, Delivery, PromoteInput, PromotionTarget},
    reference_update,
    secret::DbKey,
};

pub mod store;
pub mod world;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A new database on this run's store (`store`), and a folder for the test's files.
pub fn database() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = if store::on_server() {
        store::fresh()
    } else {
        Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap()
    };
    (dir, db)
}

/// Candidate `candidate` promoted by e-mail to company `firm` (at `contact`), marked sent,
/// a named sheet without the sensitive publics; the contact limit confirmed beforehand.
pub fn marked_sent(candidate: i64, firm: i64, contact: Option<i64>) -> PromoteInput {
    PromoteInput {
        candidate_ids: vec![candidate],
        targets: vec![PromotionTarget { company_id: firm, contact_id: contact }],
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations { repeat_reason: String::new(), over_contact_limit: true },
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    }
}

/// A template made once per test binary and kept in `template`.
pub type Template = OnceLock<Made>;

/// A template database: a file and its key, or a database on the test server.
pub enum Made {
    File(tempfile::TempDir, DbKey),
    Server(String),
}

/// A copy of a database made once per test binary with the real referentials of
/// `../shared/data` and what `fill` writes (demo people, companies, promotions): each test
/// gets its own file.
pub fn copy_of(
    template: &'static Template,
    fill: impl FnOnce(&profilence_core::store::Conn<'_>) -> profilence_core::Result<()>,
) -> (tempfile::TempDir, Database) {
    let made = template.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate().unwrap();
        let (db, made) = if store::on_server() {
            let name = store::create(None);
            (store::connect(&name), Made::Server(name))
        } else {
            let db = Database::open_with_key(&dir.path().join("template.db"), &key).unwrap();
            (db, Made::File(dir, key))
        };
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        let release = profilence_core::referentials::read_folder(&data).unwrap();
        db.write(|tx| {
            reference_update::install(tx, &release)?;
            fill(tx)
        })
        .unwrap();
        made
    });
    let copy = tempfile::tempdir().unwrap();
    let db = match made {
        Made::File(dir, key) => {
            std::fs::copy(dir.path().join("template.db"), copy.path().join("t.db")).unwrap();
            Database::open_with_key(&copy.path().join("t.db"), key).unwrap()
        }
        Made::Server(name) => store::connect(&store::create(Some(name))),
    };
    (copy, db)
}

/// A database with the small referential folder loaded.
pub fn database_with_referentials() -> (tempfile::TempDir, Database) {
    let (dir, db) = database();
    let folder = write_referentials(&dir.path().join("ref"), 460);
    db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    (dir, db)
}

pub fn fields(error: Error) -> Vec<(String, String)> {
    match error {
        Error::Validation(fields) => fields.into_iter().map(|f| (f.field, f.message)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Job title codes of the small ROME.
pub const BOULANGER: i64 = 11573;
pub const BOULANGER_PATISSIER: i64 = 11574;
pub const PATISSIER: i64 = 19790;
pub const ELECTRICIEN: i64 = 12816;

/// Writes the small referential folder (`rome4/`, `geo/`, `naf/`) for ROME `version`
/// under `dir`. Version 461 renames a job title and drops another, as real releases do.
pub fn write_referentials(dir: &Path, version: u32) -> PathBuf {
    let rome = dir.join("rome4");
    std::fs::create_dir_all(&rome).unwrap();
    let file = |name: &str, text: &str| {
        std::fs::write(rome.join(format!("unix_{name}_v{version}_utf8.csv")), text).unwrap();
    };
    file(
        "grand_domaine",
        "\"code_grand_domaine\",\"libelle_grand_domaine\"\n\"D\",\"Commerce, Vente et Grande distribution\"\n\
         \"F\",\"Construction, Bâtiment et Travaux publics\"\n",
    );
    file(
        "domaine_professionnel",
        "\"code_domaine_professionnel\",\"libelle_domaine_professionnel\"\n\
         \"D11\",\"Commerce alimentaire et métiers de bouche\"\n\"F16\",\"Second œuvre\"\n",
    );
    file(
        "referentiel_code_rome",
        "\"code_rome\",\"code_fiche_metier\",\"code_ogr\",\"libelle_rome\"\n\
         \"D1102\",\"100\",\"81\",\"Boulanger / Boulangère\"\n\
         \"D1104\",\"102\",\"83\",\"Pâtissier / Pâtissière, confiseur / confiseuse, chocolatier / chocolatière, glacier / glacière\"\n\
         \"F1602\",\"160\",\"111\",\"Électricien / Électricienne du bâtiment\"\n",
    );
    let boulanger = if version >= 461 { "Boulanger / Boulangère artisanal(e)" } else { "Boulanger / Boulangère" };
    let mut titles = format!(
        "\"code_ogr\",\"libelle_appellation_long\",\"libelle_appellation_court\",\"code_rome\"\n\
         \"{BOULANGER}\",\"{boulanger}\",\"x\",\"D1102\"\n\
         \"{PATISSIER}\",\"Pâtissier / Pâtissière\",\"x\",\"D1104\"\n\
         \"{ELECTRICIEN}\",\"Électricien / Électricienne du bâtiment\",\"x\",\"F1602\"\n"
    );
    if version < 461 {
        titles.push_str(&format!(
            "\"{BOULANGER_PATISSIER}\",\"Boulanger-pâtissier / Boulangère-pâtissière\",\"x\",\"D1102\"\n"
        ));
    }
    file("referentiel_appellation", &titles);
    file(
        "referentiel_competence",
        "\"code_ogr\",\"nature\",\"libelle_competence\",\"definition\",\"code_ogr_macro_comp\",\"code_macro_comp\",\"cat_comp\"\n\
         \"300230\",\"Macro-compétence\",\"Réaliser des préparations de pâtisserie\",\"\",\"\",\"\",\"Savoir-faire\"\n\
         \"101\",\"Compétence\",\"Pétrir manuellement ou mécaniquement des pâtes\",\"\",\"300230\",\"\",\"Savoir-faire\"\n\
         \"102\",\"Compétence\",\"Confectionner des viennoiseries\",\"\",\"300230\",\"\",\"Savoir-faire\"\n\
         \"103\",\"Compétence\",\"Défourner des pains et viennoiseries\",\"\",\"300230\",\"\",\"Savoir-faire\"\n\
         \"104\",\"Compétence\",\"Décorer des entremets\",\"\",\"300230\",\"\",\"Savoir-faire\"\n\
         \"105\",\"Compétence\",\"Raccorder un appareillage électrique\",\"\",\"\",\"\",\"Savoir-faire\"\n\
         \"300460\",\"Macro-compétence\",\"Faire preuve de rigueur et de précision\",\"\",\"\",\"\",\"Savoir-être professionnel\"\n",
    );
    file(
        "referentiel_savoir",
        "\"code_ogr_savoir\",\"libelle_savoir\",\"categorie_savoir\"\n\
         \"201\",\"Techniques de panification/fermentation\",\"Techniques professionnelles\"\n\
         \"202\",\"CAP boulanger\",\"Certifications et habilitations\"\n",
    );
    file(
        "liens_rome_referentiels",
        "\"code_rome\",\"code_compo_bloc\",\"code_rubrique\",\"code_ogr\"\n\
         \"D1102\",\"1\",\"\",\"81\"\n\"D1102\",\"2\",\"\",\"11573\"\n\
         \"D1102\",\"5\",\"1\",\"101\"\n\"D1102\",\"5\",\"1\",\"102\"\n\"D1102\",\"5\",\"1\",\"103\"\n\
         \"D1102\",\"5\",\"1\",\"300230\"\n\"D1102\",\"5\",\"2\",\"300460\"\n\
         \"D1102\",\"5\",\"3\",\"201\"\n\"D1102\",\"5\",\"3\",\"202\"\n\"D1102\",\"5\",\"3\",\"999999\"\n\
         \"D1104\",\"5\",\"1\",\"102\"\n\"D1104\",\"5\",\"1\",\"104\"\n\
         \"F1602\",\"5\",\"1\",\"105\"\n\"F1602\",\"6\",\"\",\"126450\"\n\
         \"D1102\",\"6\",\"\",\"23376\"\n\"D1102\",\"6\",\"\",\"300803\"\n\"D1104\",\"6\",\"\",\"300806\"\n",
    );
    // The boulanger works weekends and nights, the pâtissier by day, the électricien in shifts.
    file(
        "referentiel_contexte_travail",
        "\"code_ogr\",\"libelle_cont_travail\",\"code_type_cont_trav\",\"libelle_type_cont_trav\"\n\
         \"126450\",\"Travail posté (2x8, 3x8, 5x8, etc.)\",\"2\",\"Horaires et durée du travail\"\n\
         \"23376\",\"Travail les week-ends et jours fériés\",\"2\",\"Horaires et durée du travail\"\n\
         \"300803\",\"Travail de nuit\",\"2\",\"Horaires et durée du travail\"\n\
         \"300806\",\"Travail en journée\",\"2\",\"Horaires et durée du travail\"\n",
    );
    file(
        "coherence_item",
        "\"code_rome\",\"code_ogr\",\"coeur_metier\"\n\
         \"D1102\",\"101\",\"Principale\"\n\"D1102\",\"103\",\"Principale\"\n\"D1102\",\"102\",\"\"\n\
         \"D1104\",\"104\",\"Principale\"\n\"D1102\",\"202\",\"Émergente\"\n",
    );
    file("rubrique_mobilite", "\"code_rome\",\"code_rome_cible\",\"numero_ordre\"\n\"D1102\",\"D1104\",\"1\"\n");
    file(
        "arborescence_secteur_naf",
        "\"code_secteur_naf\",\"libelle_secteur_naf\",\"code_ogr_rome\",\"code_rome\",\"libelle_rome\"\n\
         \"10\",\"Industries alimentaires\",\"81\",\"D1102\",\"Boulanger\"\n\
         \"0\",\"Transverse aux secteurs\",\"111\",\"F1602\",\"Électricien\"\n",
    );
    std::fs::write(
        rome.join("version.txt"),
        format!("Numero de version : {}\n\nDate de publication : 18/09/2025\n\nTitre/commentaire :  ROME 4.0 version {} - test\n", version - 400, version - 400),
    )
    .unwrap();

    let geo = dir.join("geo");
    std::fs::create_dir_all(&geo).unwrap();
    std::fs::write(
        geo.join("communes.csv"),
        "insee_com,insee_reg,insee_dep,commune,commune_article,code_postal,commune_type,insee_parente,lat,lng,superficie_km2,population_2021\n\
         69383,84,69,Lyon 3e Arrondissement,Lyon 3e Arrondissement,69003,ARM,69123,45.7597,4.8492,6.4,103221\n\
         69266,84,69,Villeurbanne,Villeurbanne,69100,COM,,45.7719,4.8902,14.5,156928\n\
         35238,53,35,Rennes,Rennes,35000,COM,,48.1116,-1.6800,50.4,222485\n\
         35238,53,35,Rennes,Rennes,35200,COM,,48.1116,-1.6800,50.4,222485\n\
         76351,28,76,Havre,Le Havre,76600,COM,,49.4938,0.1077,46.9,166462\n\
         60694,32,60,Hauts-Talican,Les Hauts-Talican,60390,COM,,,,13.03,543\n\
         14001,28,14,Ablon,Ablon,14600,COMD,14500,49.39,0.30,1,100\n",
    )
    .unwrap();

    let naf = dir.join("naf");
    std::fs::create_dir_all(&naf).unwrap();
    std::fs::write(
        naf.join("naf.json"),
        r#"[{"id":"10","label":"Industries alimentaires"},{"id":"10.7","label":"Fabrication de produits de boulangerie-pâtisserie et de pâtes alimentaires"},{"id":"10.71","label":"Fabrication de pain et de pâtisserie fraîche"},{"id":"10.71C","label":"Boulangerie et boulangerie-pâtisserie"},{"id":"10.71D","label":"Pâtisserie"},{"id":"43","label":"Travaux de construction spécialisés"},{"id":"43.21A","label":"Travaux d'installation électrique dans tous locaux"}]"#,
    )
    .unwrap();
    dir.to_owned()
}

fn slug(text: &str) -> String {
    profilence_core::text::fold(text).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A valid candidate aiming at the given job titles (codes of the small ROME).
pub fn candidate(last: &str, first: &str, jobs: &[i64]) -> CandidateInput {
    CandidateInput {
        last_name: last.into(),
        first_name: first.into(),
        birth_date: "1990-04-12".into(),
        email: format!("{}.{}@courriel.example", slug(first), slug(last)),
        phone: "0612345678".into(),
        postcode: "69003".into(),
        commune: "Lyon 3e Arrondissement".into(),
        commune_code: "69383".into(),
        consent_date: "2026-09-01".into(),
        consent_channel: Some(profilence_core::candidates::ConsentChannel::Oral),
        consent_expiry: "2027-09-01".into(),
        target_jobs: jobs
            .iter()
            .map(|&code| profilence_core::candidates::TargetJob {
                code: Some(code),
                label: String::new(),
                rome_code: None,
            })
            .collect(),
        ..CandidateInput::default()
    }
}

/// A valid company of the small referentials (Rennes, NAF 10.71C, a private company of 3 to 5
/// employees), with one contact.
pub fn company(name: &str, siret: &str) -> profilence_core::companies::CompanyInput {
    profilence_core::companies::CompanyInput {
        name: name.into(),
        siret: siret.into(),
        naf_code: "1071C".into(),
        headcount_band: Some(profilence_core::choices::HeadcountBand::From3),
        legal_nature: Some(profilence_core::choices::LegalNature::Private),
        address: "12 rue de la Gare".into(),
        postcode: "35000".into(),
        commune: "Rennes".into(),
        commune_code: "35238".into(),
        contacts: vec![profilence_core::companies::ContactInput {
            id: None,
            name: "Sophie Lambert".into(),
            role: "gérante".into(),
            email: "sophie.lambert@boulangerie-lambert.example".into(),
            phone: "+33 2 99 12 34 56".into(),
            preferred_channel: Some(profilence_core::choices::ContactChannel::Phone),
        }],
        hiring_potential: "70".into(),
        commitments: vec!["Les entreprises s'engagent".into()],
        max_contacts_per_month: "2".into(),
        notes: "Recrute avant Noël.".into(),
        referent: String::new(),
        version: None,
    }
}

/// Writes a small `hiring/` folder in the reference data's formats under `dir`: boulangers
/// (D1102) hired 900 times by bakeries (1071C), 150 by hypermarkets (4711F), 100 by fast
/// food (5610C); pâtissiers (D1104) 500 by pâtisseries (1071D) and 300 by bakeries;
/// électriciens (F1602) 800 by electrical installers (4321A); and their tension.
pub fn write_hiring(dir: &Path) -> PathBuf {
    let hiring = dir.join("hiring");
    std::fs::create_dir_all(&hiring).unwrap();
    std::fs::write(
        hiring.join("rome_naf_hirings.csv"),
        "rome_id,rome_label,naf_id,naf_label,hirings\n\
         D1102,Boulangerie - viennoiserie,1071C,Boulangerie et boulangerie-pâtisserie,900\n\
         D1102,Boulangerie - viennoiserie,4711F,Hypermarchés,150\n\
         D1102,Boulangerie - viennoiserie,5610C,Restauration de type rapide,100\n\
         D1104,Pâtisserie,1071D,Pâtisserie,500\n\
         D1104,Pâtisserie,1071C,Boulangerie et boulangerie-pâtisserie,300\n\
         F1602,Électricité bâtiment,4321A,Travaux d'installation électrique dans tous locaux,800\n",
    )
    .unwrap();
    std::fs::write(
        hiring.join("metiers_tension.csv"),
        "fap_code,fap,tension_pct,rome_code,rome_label\n\
         S0Z42,\"Boulangers, pâtissiers\",61.9,D1102,BOULANGERIE - VIENNOISERIE\n\
         S0Z42,\"Boulangers, pâtissiers\",61.9,D1104,PÂTISSERIE\n\
         B4Z41,Électriciens du bâtiment,47.5,F1602,ÉLECTRICITÉ BÂTIMENT\n",
    )
    .unwrap();
    hiring
}
