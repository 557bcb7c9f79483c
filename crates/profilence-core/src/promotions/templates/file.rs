//! A file of pitch templates, so that an agency shares its set: JSON with its format's
//! name and version, each of the counsellor's templates (title, subject, body) and the
//! ROME domains it is the default of. The built-in templates are in every Profilence and
//! never written.
//!
//! Importing checks the whole file before writing anything (one transaction, by the
//! caller's `Database::write`): a file that is not ours, from a newer format, or with one
//! template wrong (an unknown merge field, a title too long…) is refused whole, with what
//! is wrong and where. A template whose title is taken (case and accents aside) is left
//! out when it is the same text, and added under « titre (importé) » when it differs:
//! nothing is replaced, nothing duplicated silently. A domain's default from the file is
//! applied only where the counsellor has none.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::store::Conn;

use super::{
    TemplateInput, TemplateRef, Valid, checked, free_title, insert, rome_domains, stored_defaults, write_default,
};
use crate::{
    Error, Result,
    journal::{self, Action, Subject},
    text::fold,
    validation::Checker,
};

/// The `format` a template file names.
pub const FORMAT: &str = "profilence.modeles-argumentaire";
/// The version written, and the newest read.
pub const VERSION: u64 = 1;
/// A file larger than this is not a set of templates.
const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Templates in one file at most.
const MAX_TEMPLATES: usize = 500;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TemplateFile {
    format: &'static str,
    version: u64,
    exported_at: String,
    templates: Vec<FileTemplate>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileTemplate {
    title: String,
    subject: String,
    body: String,
    /// The ROME domains (letters) it is the default of.
    #[serde(default)]
    domains: Vec<String>,
}

/// What an import did, template by template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplatesImported {
    /// Titles added as they were in the file.
    pub added: Vec<String>,
    /// Added under another title, theirs being taken by another text.
    pub renamed: Vec<Renamed>,
    /// Already here under the same title with the same subject and body: left out.
    pub unchanged: Vec<String>,
    /// Domains (letters) whose default the file gave.
    pub defaults_set: Vec<String>,
    /// Domains whose default the counsellor had chosen: kept.
    pub defaults_kept: Vec<String>,
    /// Domains of the file this database does not know (no ROME installed, or not one of
    /// its domains): left out.
    pub defaults_unknown: Vec<String>,
    /// The above in French, one line each.
    pub summary: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

/// Writes the counsellor's templates to `path` (through a temporary file beside it):
/// how many. Refused when they have none. Journaled (an export of the settings).
pub fn export(conn: &Conn, path: &Path) -> Result<u32> {
    let defaults = stored_defaults(conn)?;
    let templates: Vec<FileTemplate> = super::stored_rows(conn)?
        .into_iter()
        .map(|(id, title, subject, body)| FileTemplate {
            title,
            subject,
            body,
            domains: defaults.iter().filter(|(_, r)| *r == TemplateRef::Stored(id)).map(|(d, _)| d.clone()).collect(),
        })
        .collect();
    if templates.is_empty() {
        return Err(Error::Rule(
            "Aucun modèle à exporter : vous n'avez pas encore de modèle à vous (les modèles intégrés sont déjà \
             dans chaque Profilence)."
                .into(),
        ));
    }
    let file = TemplateFile { format: FORMAT, version: VERSION, exported_at: crate::now_rfc3339(), templates };
    let json = serde_json::to_string_pretty(&file).map_err(|e| Error::Invariant(e.to_string()))?;
    write_whole(path, json.as_bytes())?;
    let count = file.templates.len() as u32;
    journal::record(conn, Action::Export, Subject::Settings, &format!("Modèles d'argumentaire : {count} exporté(s)"))?;
    Ok(count)
}

/// Writes `bytes` to `path` whole or not at all.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    let written = std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(io(source));
    }
    Ok(())
}

/// Reads the template file at `path` and adds what it holds (see the module's rules).
pub fn import(conn: &Conn, path: &Path) -> Result<TemplatesImported> {
    let io = |source| Error::Io { path: path.display().to_string(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_BYTES {
        return Err(refused(format!(
            "le fichier pèse {} Ko, bien plus qu'un jeu de modèles (2 048 Ko au plus).",
            size / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    import_bytes(conn, &bytes)
}

/// `import` of a file's bytes.
pub fn import_bytes(conn: &Conn, bytes: &[u8]) -> Result<TemplatesImported> {
    let templates = parse(bytes)?;
    // Every template checked before anything is written.
    let mut valid = Vec::with_capacity(templates.len());
    let installed: Vec<String> = rome_domains(conn)?.into_iter().map(|(d, _)| d).collect();
    for (i, t) in templates.iter().enumerate() {
        let input = TemplateInput { title: t.title.clone(), subject: t.subject.clone(), body: t.body.clone() };
        let mut check = Checker::new();
        let checked = checked(&input, &mut check);
        if let Err(Error::Validation(errors)) = check.finish() {
            let what: Vec<String> =
                errors.iter().map(|e| format!("{} : {}", field_label(&e.field), e.message)).collect();
            return Err(refused(format!("modèle n° {} « {} » — {}", i + 1, t.title.trim(), what.join(" ; "))));
        }
        for domain in &t.domains {
            if domain.len() != 1 || !domain.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(refused(format!(
                    "modèle n° {} « {} » — domaine « {domain} » : un domaine du ROME s'écrit d'une lettre (D, F…).",
                    i + 1,
                    checked.title
                )));
            }
        }
        valid.push((checked, t.domains.clone()));
    }

    let mut report = TemplatesImported::default();
    let mut defaults = stored_defaults(conn)?;
    for (template, domains) in valid {
        let existing: Option<(i64, String, String, String)> =
            super::stored_rows(conn)?.into_iter().find(|(_, title, _, _)| fold(title) == fold(&template.title));
        let same_text = existing
            .as_ref()
            .is_some_and(|(_, _, subject, body)| *subject == template.subject && *body == template.body);
        let id = if same_text {
            report.unchanged.push(template.title.clone());
            None
        } else if super::title_taken(conn, &template.title, None)?.is_some() {
            let to = free_title(conn, &template.title, "importé")?;
            report.renamed.push(Renamed { from: template.title.clone(), to: to.clone() });
            Some(insert(conn, &Valid { title: to, ..template })?)
        } else {
            report.added.push(template.title.clone());
            Some(insert(conn, &template)?)
        };
        let Some(id) = id.or_else(|| existing.map(|(id, ..)| id)) else { continue };
        for domain in domains {
            if !installed.contains(&domain) {
                if !report.defaults_unknown.contains(&domain) {
                    report.defaults_unknown.push(domain);
                }
                continue;
            }
            let current = defaults.iter().find(|(d, _)| *d == domain).map(|(_, r)| *r);
            if current == Some(TemplateRef::Stored(id)) {
                continue;
            }
            if current.is_some() {
                if !report.defaults_kept.contains(&domain) {
                    report.defaults_kept.push(domain);
                }
                continue;
            }
            write_default(conn, &domain, Some(TemplateRef::Stored(id)))?;
            defaults.push((domain.clone(), TemplateRef::Stored(id)));
            report.defaults_set.push(domain);
        }
    }
    report.summary = summary(&report);
    journal::record(
        conn,
        Action::Import,
        Subject::Settings,
        &format!(
            "Modèles d'argumentaire : {} ajouté(s), {} renommé(s), {} déjà présent(s)",
            report.added.len(),
            report.renamed.len(),
            report.unchanged.len()
        ),
    )?;
    Ok(report)
}

/// The file's templates, or why it is not a template file we read.
fn parse(bytes: &[u8]) -> Result<Vec<FileTemplate>> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        refused(format!(
            "ce n'est pas un fichier JSON lisible (ligne {}, colonne {}). Choisissez un fichier exporté depuis \
             Paramètres → Modèles d'argumentaire.",
            e.line(),
            e.column()
        ))
    })?;
    let Some(object) = value.as_object() else { return Err(not_ours()) };
    if object.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(not_ours());
    }
    let version = object
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| refused("il ne dit pas la version de son format (champ « version »).".to_owned()))?;
    if version > VERSION {
        return Err(refused(format!(
            "il a été écrit par une version plus récente de Profilence (format {version} ; celle-ci lit le format \
             {VERSION}). Mettez l'application à jour."
        )));
    }
    let Some(items) = object.get("templates").and_then(Value::as_array) else {
        return Err(refused("il ne contient pas de liste de modèles (champ « templates »).".to_owned()));
    };
    if items.is_empty() {
        return Err(refused("il ne contient aucun modèle.".to_owned()));
    }
    if items.len() > MAX_TEMPLATES {
        return Err(refused(format!("il contient {} modèles ({MAX_TEMPLATES} au plus).", items.len())));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i + 1;
            let text = |key: &str, label: &str| -> Result<String> {
                item.get(key).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| {
                    refused(format!("modèle n° {n} — {label} manque ou n'est pas un texte (champ « {key} »)."))
                })
            };
            let domains = match item.get("domains") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(list)) => list
                    .iter()
                    .map(|d| d.as_str().map(|s| s.trim().to_uppercase()))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        refused(format!("modèle n° {n} — les domaines (champ « domains ») sont des lettres."))
                    })?,
                Some(_) => {
                    return Err(refused(format!("modèle n° {n} — les domaines (champ « domains ») sont une liste.")));
                }
            };
            Ok(FileTemplate {
                title: text("title", "le titre")?,
                subject: text("subject", "l'objet")?,
                body: text("body", "le texte")?,
                domains,
            })
        })
        .collect()
}

fn not_ours() -> Error {
    refused(format!(
        "ce n'est pas un fichier de modèles d'argumentaire de Profilence (il devrait indiquer le format « {FORMAT} »)."
    ))
}

fn refused(why: String) -> Error {
    Error::Import(format!("Modèles non importés, rien n'a été ajouté : {why}"))
}

fn field_label(field: &str) -> &'static str {
    match field {
        "title" => "titre",
        "subject" => "objet",
        _ => "texte",
    }
}

fn summary(report: &TemplatesImported) -> Vec<String> {
    let mut lines = Vec::new();
    if !report.added.is_empty() {
        lines.push(format!("{} modèle(s) ajouté(s) : {}.", report.added.len(), quoted(&report.added)));
    }
    for r in &report.renamed {
        lines.push(format!(
            "« {} » existait déjà avec un autre texte : le modèle importé s'appelle « {} ».",
            r.from, r.to
        ));
    }
    if !report.unchanged.is_empty() {
        lines.push(format!(
            "{} modèle(s) déjà présent(s) à l'identique, non repris : {}.",
            report.unchanged.len(),
            quoted(&report.unchanged)
        ));
    }
    if !report.defaults_set.is_empty() {
        lines.push(format!("Modèle par défaut fixé pour les domaines {}.", report.defaults_set.join(", ")));
    }
    if !report.defaults_unknown.is_empty() {
        lines.push(format!(
            "Domaines {} inconnus de cette base (ROME non installé ?) : aucun modèle par défaut fixé pour eux.",
            report.defaults_unknown.join(", ")
        ));
    }
    if !report.defaults_kept.is_empty() {
        lines.push(format!(
            "Les domaines {} gardent le modèle par défaut que vous aviez choisi.",
            report.defaults_kept.join(", ")
        ));
    }
    lines
}

fn quoted(titles: &[String]) -> String {
    titles.iter().map(|t| format!("« {t} »")).collect::<Vec<_>>().join(", ")
}
