//! The "update referentials" import: a folder holding a ROME 4.0 release (`rome4/`), the
//! communes (`geo/communes.csv`), NAF (`naf/naf.json`) and the hirings by job and sector
//! (`hiring/`) — or any of them. Everything is
//! read and checked before the database is touched; then each referential found is
//! replaced in the caller's transaction, so a broken folder leaves the previous release.

use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
};

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    csv_file::{CsvFile, is_naf_code},
    hiring,
};
use crate::{Error, Result, geo, text::fold};

/// The ROME files a release must contain (`unix_<name>_v<version>_utf8.csv`).
const ROME_FILES: [&str; 11] = [
    "referentiel_code_rome",
    "referentiel_appellation",
    "referentiel_competence",
    "referentiel_savoir",
    "liens_rome_referentiels",
    "coherence_item",
    "rubrique_mobilite",
    "arborescence_secteur_naf",
    "grand_domaine",
    "domaine_professionnel",
    "referentiel_contexte_travail",
];

/// What one referential import loaded.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSummary {
    /// The referentials replaced, in the order ROME, communes, NAF, hirings.
    pub loaded: Vec<super::ReferentialVersion>,
    /// Candidates whose target jobs or skills took a new ROME label.
    pub relabelled_candidates: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum SkillKind {
    /// Savoir-faire.
    KnowHow,
    /// Savoir-être professionnel.
    SoftSkill,
    /// Savoir.
    Knowledge,
}

impl SkillKind {
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            Self::KnowHow => "know_how",
            Self::SoftSkill => "soft_skill",
            Self::Knowledge => "knowledge",
        }
    }

    pub(crate) fn from_sql(value: &str) -> Self {
        match value {
            "soft_skill" => Self::SoftSkill,
            "knowledge" => Self::Knowledge,
            _ => Self::KnowHow,
        }
    }
}

struct RomeRelease {
    version: u32,
    title: String,
    published: Option<NaiveDate>,
    domains: Vec<(String, String)>,
    /// (code, label, parent code: the ROME 3 code the hiring data is written with).
    jobs: Vec<(String, String, String)>,
    /// (code, label, job sheet, whether the ROME names it the sheet's main title).
    titles: Vec<(i64, String, String, bool)>,
    skills: Vec<(i64, String, SkillKind, String)>,
    job_skills: Vec<(String, i64, bool)>,
    mobility: Vec<(String, String, i64)>,
    naf_divisions: Vec<(String, String)>,
    /// The work contexts: (code, label, type code, type label).
    contexts: Vec<(i64, String, String, String)>,
    /// (ROME code, work context code).
    job_contexts: Vec<(String, i64)>,
}

/// Everything read from a folder, checked, not yet stored.
pub struct Release {
    rome: Option<RomeRelease>,
    communes: Option<Vec<geo::Commune>>,
    naf: Option<Vec<(String, String)>>,
    hiring: Option<hiring::HiringRelease>,
}

impl Release {
    /// Whether it brings a ROME (whose labels candidates keep).
    pub fn has_rome(&self) -> bool {
        self.rome.is_some()
    }
}

/// Reads and checks the referentials in `dir`: `rome4/`, `geo/communes.csv` and
/// `naf/naf.json` below it, or a ROME release folder itself.
pub fn read_folder(dir: &Path) -> Result<Release> {
    if !dir.is_dir() {
        return Err(Error::Referential(format!("Le dossier {} n'existe pas.", dir.display())));
    }
    let rome_dir = [dir.join("rome4"), dir.to_owned()].into_iter().find(|d| has_rome_files(d));
    let communes_csv = [super::communes_csv(dir), dir.join("communes.csv")].into_iter().find(|p| p.is_file());
    let naf_json = [dir.join("naf").join("naf.json"), dir.join("naf.json")].into_iter().find(|p| p.is_file());
    let hiring_dir = hiring::find(dir);
    if rome_dir.is_none() && communes_csv.is_none() && naf_json.is_none() && hiring_dir.is_none() {
        return Err(Error::Referential(format!(
            "Aucun référentiel dans {} : il faut un dossier rome4/ (fichiers unix_*_v<version>_utf8.csv du ROME 4.0), \
             geo/communes.csv, naf/naf.json ou hiring/{}.",
            dir.display(),
            hiring::HIRINGS_CSV
        )));
    }
    Ok(Release {
        rome: rome_dir.as_deref().map(read_rome).transpose()?,
        communes: communes_csv.as_deref().map(super::load_communes).transpose()?,
        naf: naf_json.as_deref().map(read_naf).transpose()?,
        hiring: hiring_dir.as_deref().map(hiring::read).transpose()?,
    })
}

fn has_rome_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.flatten().any(|e| rome_file_version(&e.path()).is_some()))
}

/// `("referentiel_appellation", 460)` for `unix_referentiel_appellation_v460_utf8.csv`.
fn rome_file_version(path: &Path) -> Option<(String, u32)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_prefix("unix_")?.strip_suffix("_utf8.csv")?;
    let (base, version) = stem.rsplit_once("_v")?;
    Some((base.to_owned(), version.parse().ok()?))
}

fn read_rome(dir: &Path) -> Result<RomeRelease> {
    let mut files: HashMap<String, PathBuf> = HashMap::new();
    let mut versions = HashSet::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
        if let Some((base, version)) = rome_file_version(&entry.path()) {
            versions.insert(version);
            files.insert(base, entry.path());
        }
    }
    let version = match versions.len() {
        1 => versions.into_iter().next().unwrap_or_default(),
        _ => {
            let mut found: Vec<_> = versions.into_iter().map(|v| format!("v{v}")).collect();
            found.sort();
            return Err(Error::Referential(format!(
                "Le dossier {} mélange plusieurs versions du ROME ({}) : gardez une seule version.",
                dir.display(),
                found.join(", ")
            )));
        }
    };
    let missing: Vec<String> = ROME_FILES
        .iter()
        .filter(|base| !files.contains_key(**base))
        .map(|base| format!("unix_{base}_v{version}_utf8.csv"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Referential(format!(
            "Version du ROME incomplète dans {} : fichier(s) manquant(s) : {}.",
            dir.display(),
            missing.join(", ")
        )));
    }
    let open = |base: &str, columns: &[&str]| CsvFile::open(&files[base], columns);

    let mut domains = Vec::new();
    for row in open("grand_domaine", &["code_grand_domaine", "libelle_grand_domaine"])?.rows() {
        domains
            .push((row.required("code_grand_domaine")?.to_owned(), row.required("libelle_grand_domaine")?.to_owned()));
    }
    let file = open("domaine_professionnel", &["code_domaine_professionnel", "libelle_domaine_professionnel"])?;
    for row in file.rows() {
        domains.push((
            row.required("code_domaine_professionnel")?.to_owned(),
            row.required("libelle_domaine_professionnel")?.to_owned(),
        ));
    }

    let mut jobs = Vec::new();
    for row in open("referentiel_code_rome", &["code_rome", "libelle_rome"])?.rows() {
        let code = row.rome_code("code_rome")?;
        // Older releases have no parent column: the sheet's own code stands for it.
        let parent = match row.get("code_rome_parent") {
            "" => code,
            _ => row.rome_code("code_rome_parent")?,
        };
        jobs.push((code.to_owned(), row.required("libelle_rome")?.to_owned(), parent.to_owned()));
    }
    let job_codes: HashSet<&str> = jobs.iter().map(|(code, ..)| code.as_str()).collect();

    let file = open("referentiel_appellation", &["code_ogr", "libelle_appellation_long", "code_rome"])?;
    let mut titles = Vec::with_capacity(file.len());
    for row in file.rows() {
        let rome = row.rome_code("code_rome")?;
        if !job_codes.contains(rome) {
            return Err(row.error("code_rome", &format!("fiche ROME « {rome} » absente de referentiel_code_rome")));
        }
        let main = row.get("classification") == "PRINCIPALE";
        titles.push((
            row.number("code_ogr")?,
            row.required("libelle_appellation_long")?.to_owned(),
            rome.to_owned(),
            main,
        ));
    }

    let file = open(
        "referentiel_competence",
        &["code_ogr", "nature", "libelle_competence", "code_ogr_macro_comp", "cat_comp"],
    )?;
    let macro_labels: HashMap<&str, &str> = file
        .rows()
        .filter(|row| row.get("nature") == "Macro-compétence")
        .map(|row| (row.get("code_ogr"), row.get("libelle_competence")))
        .collect();
    let mut skills = Vec::with_capacity(file.len() + 16_000);
    for row in file.rows() {
        let label = row.required("libelle_competence")?.to_owned();
        let (kind, category) = if row.get("cat_comp").starts_with("Savoir-être") {
            (SkillKind::SoftSkill, "Savoir-être professionnels".to_owned())
        } else {
            let category =
                macro_labels.get(row.get("code_ogr_macro_comp")).filter(|_| row.get("nature") != "Macro-compétence");
            (SkillKind::KnowHow, category.map_or("Savoir-faire généraux", |c| c).to_owned())
        };
        skills.push((row.number("code_ogr")?, label, kind, category));
    }
    let file = open("referentiel_savoir", &["code_ogr_savoir", "libelle_savoir", "categorie_savoir"])?;
    for row in file.rows() {
        let category = match row.get("categorie_savoir") {
            "" => "Autres savoirs",
            category => category,
        };
        skills.push((
            row.number("code_ogr_savoir")?,
            row.required("libelle_savoir")?.to_owned(),
            SkillKind::Knowledge,
            category.to_owned(),
        ));
    }
    let skill_codes: HashSet<i64> = skills.iter().map(|s| s.0).collect();

    let mut core_pairs = HashSet::new();
    for row in open("coherence_item", &["code_rome", "code_ogr", "coeur_metier"])?.rows() {
        if row.get("coeur_metier") == "Principale" {
            core_pairs.insert((row.rome_code("code_rome")?.to_owned(), row.number("code_ogr")?));
        }
    }
    let file = open(
        "referentiel_contexte_travail",
        &["code_ogr", "libelle_cont_travail", "code_type_cont_trav", "libelle_type_cont_trav"],
    )?;
    let mut contexts = Vec::with_capacity(file.len());
    for row in file.rows() {
        contexts.push((
            row.number("code_ogr")?,
            row.required("libelle_cont_travail")?.to_owned(),
            row.get("code_type_cont_trav").to_owned(),
            row.get("libelle_type_cont_trav").to_owned(),
        ));
    }
    let context_codes: HashSet<i64> = contexts.iter().map(|c| c.0).collect();

    let mut job_skills = Vec::new();
    let mut job_contexts = Vec::new();
    let mut seen = HashSet::new();
    let (mut unknown, mut unknown_contexts) = (0usize, 0usize);
    for row in open("liens_rome_referentiels", &["code_rome", "code_compo_bloc", "code_ogr"])?.rows() {
        if row.get("code_compo_bloc") == "6" {
            let context = row.number("code_ogr")?;
            if context_codes.contains(&context) {
                job_contexts.push((row.rome_code("code_rome")?.to_owned(), context));
            } else {
                unknown_contexts += 1;
            }
            continue;
        }
        if row.get("code_compo_bloc") != "5" {
            continue; // 1: the sheet itself, 2: job titles.
        }
        let rome = row.rome_code("code_rome")?.to_owned();
        let skill = row.number("code_ogr")?;
        if !skill_codes.contains(&skill) {
            unknown += 1;
            continue;
        }
        if seen.insert((rome.clone(), skill)) {
            let core = core_pairs.contains(&(rome.clone(), skill));
            job_skills.push((rome, skill, core));
        }
    }
    if unknown > 0 {
        log::warn!("ROME v{version}: {unknown} job-skill links name an item that is neither a skill nor a knowledge");
    }
    if unknown_contexts > 0 {
        log::warn!("ROME v{version}: {unknown_contexts} job-context links name no work context of the release");
    }

    let mut mobility = Vec::new();
    for row in open("rubrique_mobilite", &["code_rome", "code_rome_cible", "numero_ordre"])?.rows() {
        mobility.push((
            row.rome_code("code_rome")?.to_owned(),
            row.rome_code("code_rome_cible")?.to_owned(),
            row.get("numero_ordre").parse().unwrap_or(0),
        ));
    }

    let mut naf_divisions = Vec::new();
    for row in open("arborescence_secteur_naf", &["code_secteur_naf", "code_rome"])?.rows() {
        let sector: u32 =
            row.number("code_secteur_naf")?.try_into().map_err(|_| row.error("code_secteur_naf", "négatif"))?;
        if sector == 0 {
            continue; // "Transverse aux secteurs": no single NAF division.
        }
        naf_divisions.push((format!("{sector:02}"), row.rome_code("code_rome")?.to_owned()));
    }
    naf_divisions.sort();
    naf_divisions.dedup();

    let (title, published) = read_version_txt(&dir.join("version.txt"), version);
    Ok(RomeRelease {
        version,
        title,
        published,
        domains,
        jobs,
        titles,
        skills,
        job_skills,
        mobility,
        naf_divisions,
        contexts,
        job_contexts,
    })
}

/// The title and publication date from the release's `version.txt`, when there is one.
fn read_version_txt(path: &Path, version: u32) -> (String, Option<NaiveDate>) {
    let text = std::fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find_map(|line| {
                line.split_once(':').filter(|(key, _)| key.trim() == name).map(|(_, v)| v.trim().to_owned())
            })
            .filter(|v| !v.is_empty())
    };
    let title = field("Titre/commentaire").unwrap_or_else(|| format!("ROME 4.0 v{version}"));
    let published = field("Date de publication").and_then(|d| NaiveDate::parse_from_str(&d, "%d/%m/%Y").ok());
    (title, published)
}

#[derive(Deserialize)]
struct NafEntry {
    id: String,
    label: String,
}

fn read_naf(path: &Path) -> Result<Vec<(String, String)>> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let entries: Vec<NafEntry> = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Referential(format!(
            "Fichier {name}, ligne {} : JSON illisible ({e}) ; attendu : une liste de {{\"id\", \"label\"}}.",
            e.line()
        ))
    })?;
    if entries.is_empty() {
        return Err(Error::Referential(format!("Fichier {name} : aucun code NAF.")));
    }
    for (index, entry) in entries.iter().enumerate() {
        if !is_naf_code(&entry.id) || entry.label.trim().is_empty() {
            return Err(Error::Referential(format!(
                "Fichier {name}, entrée n° {} : code NAF « {} » invalide ou libellé vide.",
                index + 1,
                entry.id
            )));
        }
    }
    Ok(entries.into_iter().map(|e| (e.id, e.label.trim().to_owned())).collect())
}

/// Replaces the referentials found in `release`, in the caller's transaction. A ROME
/// release older than the one installed is refused.
pub(crate) fn store(conn: &Conn, release: &Release) -> Result<ImportSummary> {
    let now = crate::now_rfc3339();
    let mut summary = ImportSummary { loaded: Vec::new(), relabelled_candidates: 0 };
    if let Some(rome) = &release.rome {
        let installed: Option<String> = conn
            .query_row("SELECT version FROM referential_versions WHERE kind = 'rome'", [], |r| r.get(0))
            .optional()?;
        if let Some(installed) = installed.and_then(|v| v.parse::<u32>().ok()).filter(|&v| v > rome.version) {
            return Err(Error::Referential(format!(
                "La version du ROME de ce dossier (v{}) est plus ancienne que celle déjà installée (v{installed}) : \
                 import refusé.",
                rome.version
            )));
        }
        store_rome(conn, rome)?;
        let published = rome.published.map(|d| d.to_string());
        summary.loaded.push(record(
            conn,
            "rome",
            &rome.version.to_string(),
            &rome.title,
            published,
            rome.titles.len(),
            &now,
        )?);
    }
    if let Some(communes) = &release.communes {
        store_communes(conn, communes)?;
        let towns = communes.iter().map(|c| &c.insee_code).collect::<HashSet<_>>().len();
        let title = format!("Communes de France (COG INSEE) : {towns} communes, {} codes postaux", communes.len());
        summary.loaded.push(record(
            conn,
            "communes",
            &content_version(communes.len(), towns),
            &title,
            None,
            towns,
            &now,
        )?);
    }
    if let Some(naf) = &release.naf {
        store_naf(conn, naf)?;
        let title = "Nomenclature d'activités française (NAF rév. 2)".to_owned();
        let codes = naf.iter().filter(|(code, _)| code.len() == 6).count();
        summary.loaded.push(record(conn, "naf", &content_version(naf.len(), codes), &title, None, codes, &now)?);
    }
    if let Some(hiring) = &release.hiring {
        hiring::store(conn, hiring)?;
        let jobs = hiring.jobs();
        let title =
            "Embauches par métier et secteur (La Bonne Boite, 2016-2017), tension des métiers (DARES, 2020)".to_owned();
        let version = content_version(hiring.hirings.len() + hiring.tension.len(), jobs);
        summary.loaded.push(record(conn, "hiring", &version, &title, None, jobs, &now)?);
    }
    Ok(summary)
}

/// Communes and NAF carry no version number: their sizes stand for it.
fn content_version(rows: usize, items: usize) -> String {
    format!("{items}/{rows}")
}

fn record(
    conn: &Conn,
    kind: &str,
    version: &str,
    title: &str,
    published: Option<String>,
    items: usize,
    now: &str,
) -> Result<super::ReferentialVersion> {
    conn.execute(
        "INSERT INTO referential_versions (kind, version, title, published, items, imported_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (kind) \
         DO UPDATE SET version = excluded.version, title = excluded.title, published = excluded.published, \
         items = excluded.items, imported_at = excluded.imported_at",
        params![kind, version, title, published, items as i64, now],
    )?;
    super::version(conn, kind)?.ok_or(Error::Referential(format!("référentiel {kind} non enregistré")))
}

fn store_rome(conn: &Conn, rome: &RomeRelease) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM rome_domains; DELETE FROM rome_jobs; DELETE FROM job_titles; DELETE FROM skills; \
         DELETE FROM rome_job_skills; DELETE FROM job_mobility; DELETE FROM rome_naf_divisions; \
         DELETE FROM work_contexts; DELETE FROM rome_job_contexts;",
    )?;
    conn.insert_all(
        "INSERT INTO rome_domains (code, label) VALUES (?1, ?2) \
         ON CONFLICT (code) DO UPDATE SET label = excluded.label",
        rome.domains.iter().map(|(code, label)| (code, label)),
    )?;
    conn.insert_all(
        "INSERT INTO rome_jobs (code, label, parent_code) VALUES (?1, ?2, ?3) \
         ON CONFLICT (code) \
         DO UPDATE SET label = excluded.label, parent_code = excluded.parent_code",
        rome.jobs.iter().map(|(code, label, parent)| (code, label, parent)),
    )?;
    conn.insert_all(
        "INSERT INTO job_titles (code, label, rome_code, folded, main) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (code) \
         DO UPDATE SET label = excluded.label, rome_code = excluded.rome_code, folded = excluded.folded, \
         main = excluded.main",
        rome.titles.iter().map(|(code, label, rome_code, main)| (code, label, rome_code, fold(label), main)),
    )?;
    conn.insert_all(
        "INSERT INTO skills (code, label, kind, category) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (code) \
         DO UPDATE SET label = excluded.label, kind = excluded.kind, \
         category = excluded.category",
        rome.skills.iter().map(|(code, label, kind, category)| (code, label, kind.as_sql(), category)),
    )?;
    conn.insert_all(
        "INSERT INTO rome_job_skills (rome_code, skill_code, core) VALUES (?1, ?2, ?3) \
         ON CONFLICT (rome_code, skill_code) DO UPDATE SET core = excluded.core",
        rome.job_skills.iter().map(|(rome_code, skill, core)| (rome_code, skill, core)),
    )?;
    conn.insert_all(
        "INSERT INTO job_mobility (rome_code, target_rome_code, rank) VALUES (?1, ?2, ?3) \
         ON CONFLICT (rome_code, target_rome_code) DO UPDATE SET rank = excluded.rank",
        rome.mobility.iter().map(|(from, to, rank)| (from, to, rank)),
    )?;
    conn.insert_all(
        "INSERT INTO rome_naf_divisions (naf_division, rome_code) VALUES (?1, ?2) \
         ON CONFLICT DO NOTHING",
        rome.naf_divisions.iter().map(|(division, rome_code)| (division, rome_code)),
    )?;
    conn.insert_all(
        "INSERT INTO work_contexts (code, label, type_code, type_label) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (code) \
         DO UPDATE SET label = excluded.label, type_code = excluded.type_code, \
         type_label = excluded.type_label",
        rome.contexts.iter().map(|(code, label, type_code, type_label)| (code, label, type_code, type_label)),
    )?;
    conn.insert_all(
        "INSERT INTO rome_job_contexts (rome_code, context_code) VALUES (?1, ?2) \
         ON CONFLICT DO NOTHING",
        rome.job_contexts.iter().map(|(rome_code, context)| (rome_code, context)),
    )?;
    Ok(())
}

fn store_communes(conn: &Conn, communes: &[geo::Commune]) -> Result<()> {
    conn.execute("DELETE FROM communes", [])?;
    conn.insert_all(
        "INSERT INTO communes (insee_code, postcode, name, department, lat, lng, population, folded) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (insee_code, postcode) \
         DO UPDATE SET name = excluded.name, department = excluded.department, lat = excluded.lat, \
         lng = excluded.lng, population = excluded.population, folded = excluded.folded",
        communes
            .iter()
            .map(|c| (&c.insee_code, &c.postcode, &c.name, &c.department, c.lat, c.lng, c.population, fold(&c.name))),
    )?;
    Ok(())
}

fn store_naf(conn: &Conn, naf: &[(String, String)]) -> Result<()> {
    conn.execute("DELETE FROM naf", [])?;
    conn.insert_all(
        "INSERT INTO naf (code, label, folded) VALUES (?1, ?2, ?3) \
         ON CONFLICT (code) \
         DO UPDATE SET label = excluded.label, folded = excluded.folded",
        naf.iter().map(|(code, label)| (code, label, fold(label))),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{super::csv_file::is_rome_code, *};

    #[test]
    fn rome_file_names_give_their_version() {
        let path = Path::new("/x/unix_referentiel_appellation_v460_utf8.csv");
        assert_eq!(rome_file_version(path), Some(("referentiel_appellation".to_owned(), 460)));
        assert_eq!(rome_file_version(Path::new("/x/version.txt")), None);
        assert_eq!(rome_file_version(Path::new("/x/unix_item_vX_utf8.csv")), None);
    }

    #[test]
    fn naf_codes_at_every_level() {
        for good in ["10", "10.7", "10.71", "10.71C"] {
            assert!(is_naf_code(good), "{good}");
        }
        for bad in ["1", "10.", "10.71c", "1071C", "AB.12"] {
            assert!(!is_naf_code(bad), "{bad}");
        }
        assert!(is_rome_code("D1102") && !is_rome_code("Z1102") && !is_rome_code("D110"));
    }
}
