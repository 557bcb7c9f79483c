//! Pitch templates: the three built-in ones (`pitch::BuiltinTemplate`, in the code) and the
//! counsellor's own (table `pitch_templates`, migration 0022) — a title, the e-mail subject
//! and the body, both with the merge fields of `pitch`; created, edited, duplicated and
//! deleted here, shared as a file in `file`. Each ROME domain (its letter) may name the
//! template « Promouvoir » starts from for a candidate whose first target job is in it;
//! without one, the first built-in template.

pub mod file;

use crate::store::Conn;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    MAX_PITCH, MAX_SUBJECT,
    pitch::{self, BuiltinTemplate, MergeField},
};
use crate::{
    Error, Result,
    journal::{self, Action, Subject},
    text::fold,
    validation::Checker,
};

/// The longest title.
pub const MAX_TITLE: usize = 80;

/// A template, built-in or the counsellor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
#[ts(export)]
pub enum TemplateRef {
    Builtin(BuiltinTemplate),
    Stored(#[ts(type = "number")] i64),
}

impl TemplateRef {
    /// `builtin-short`, `stored-12`: the key a list or a select uses.
    pub fn key(self) -> String {
        match self {
            Self::Builtin(b) => format!("builtin-{}", b.code()),
            Self::Stored(id) => format!("stored-{id}"),
        }
    }
}

/// A template as the lists and « Promouvoir » show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchTemplate {
    pub reference: TemplateRef,
    /// `reference` as one string (`builtin-short`, `stored-12`).
    pub key: String,
    pub title: String,
    /// The e-mail subject with its merge fields; a built-in template's is the subject of
    /// Paramètres → Messagerie.
    pub subject: String,
    pub body: String,
    /// Built in: usable and duplicable, never edited nor deleted.
    pub builtin: bool,
    /// The ROME domains (letters) whose candidates start from this template.
    pub default_for: Vec<String>,
}

/// A ROME domain and the template its candidates start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DomainDefault {
    /// Its letter: `D`.
    pub domain: String,
    pub label: String,
    /// The key of its template (`builtin-short` when none was chosen).
    pub template_key: String,
    /// A template was chosen for it (else the first built-in one applies).
    pub chosen: bool,
}

/// What the editor and « Promouvoir » offer.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PitchTemplates {
    /// The built-in templates first, then the counsellor's by title.
    pub templates: Vec<PitchTemplate>,
    pub fields: Vec<MergeField>,
    /// The 14 ROME domains (none before the ROME is installed).
    pub domains: Vec<DomainDefault>,
    /// The key of the template to start from: the default of the candidate's domain when a
    /// candidate was named, else the first built-in one.
    pub suggested: String,
    pub max_title: u32,
    pub max_subject: u32,
    pub max_body: u32,
}

/// A template as the editor sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct TemplateInput {
    pub title: String,
    pub subject: String,
    pub body: String,
}

/// Every template, the domains' defaults and, for `candidate`, the template to start from.
pub fn list(conn: &Conn, candidate: Option<i64>) -> Result<PitchTemplates> {
    let defaults = stored_defaults(conn)?;
    let default_for = |reference: TemplateRef| -> Vec<String> {
        defaults.iter().filter(|(_, r)| *r == reference).map(|(d, _)| d.clone()).collect()
    };
    let messagerie = mail_subject(conn)?;
    let mut templates: Vec<PitchTemplate> = BuiltinTemplate::ALL
        .into_iter()
        .map(|b| builtin(b, &messagerie, default_for(TemplateRef::Builtin(b))))
        .collect();
    for (id, title, subject, body) in stored_rows(conn)? {
        let reference = TemplateRef::Stored(id);
        templates.push(PitchTemplate {
            reference,
            key: reference.key(),
            title,
            subject,
            body,
            builtin: false,
            default_for: default_for(reference),
        });
    }
    let domains = rome_domains(conn)?
        .into_iter()
        .map(|(domain, label)| {
            let chosen = defaults.iter().find(|(d, _)| *d == domain).map(|(_, r)| *r);
            DomainDefault { template_key: chosen.unwrap_or(FIRST).key(), chosen: chosen.is_some(), domain, label }
        })
        .collect();
    let suggested = match candidate {
        Some(id) => default_of_candidate(conn, id)?,
        None => FIRST,
    };
    Ok(PitchTemplates {
        templates,
        fields: pitch::merge_fields(),
        domains,
        suggested: suggested.key(),
        max_title: MAX_TITLE as u32,
        max_subject: MAX_SUBJECT as u32,
        max_body: MAX_PITCH as u32,
    })
}

/// The template of every domain without one of its own.
const FIRST: TemplateRef = TemplateRef::Builtin(BuiltinTemplate::Short);

/// The template « Promouvoir » starts from for candidate `id`: the default of the ROME
/// domain of their first target job, else the first built-in template.
pub fn default_of_candidate(conn: &Conn, id: i64) -> Result<TemplateRef> {
    let rome: Option<String> = conn
        .prepare_cached(
            "SELECT rome_code FROM candidate_target_jobs WHERE candidate_id = ?1 ORDER BY position LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(domain) = rome.as_deref().and_then(|code| code.get(..1)) else { return Ok(FIRST) };
    Ok(stored_defaults(conn)?.into_iter().find(|(d, _)| d == domain).map_or(FIRST, |(_, r)| r))
}

/// One template.
pub fn get(conn: &Conn, reference: TemplateRef) -> Result<PitchTemplate> {
    let defaults = stored_defaults(conn)?;
    let default_for = defaults.iter().filter(|(_, r)| *r == reference).map(|(d, _)| d.clone()).collect();
    match reference {
        TemplateRef::Builtin(b) => Ok(builtin(b, &mail_subject(conn)?, default_for)),
        TemplateRef::Stored(id) => {
            let (title, subject, body): (String, String, String) = conn
                .prepare_cached("SELECT title, subject, body FROM pitch_templates WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
                .ok_or(Error::NotFound { entity: "Modèle d'argumentaire", id })?;
            Ok(PitchTemplate { reference, key: reference.key(), title, subject, body, builtin: false, default_for })
        }
    }
}

/// A new template of the counsellor's.
pub fn create(conn: &Conn, input: &TemplateInput) -> Result<PitchTemplate> {
    let valid = validate(conn, input, None)?;
    let id = insert(conn, &valid)?;
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Modèle d'argumentaire « {} » créé", valid.title),
    )?;
    get(conn, TemplateRef::Stored(id))
}

/// Edits one of the counsellor's templates; a built-in one is refused.
pub fn update(conn: &Conn, reference: TemplateRef, input: &TemplateInput) -> Result<PitchTemplate> {
    let id = own(reference, "se modifient pas : dupliquez-le pour l'adapter")?;
    let before = get(conn, reference)?;
    let valid = validate(conn, input, Some(id))?;
    conn.prepare_cached(
        "UPDATE pitch_templates SET title = ?2, title_key = ?3, subject = ?4, body = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![id, valid.title, fold(&valid.title), valid.subject, valid.body, crate::now_rfc3339()])?;
    let renamed =
        if before.title == valid.title { String::new() } else { format!(" (ancien titre « {} »)", before.title) };
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Modèle d'argumentaire « {} » modifié{renamed}", valid.title),
    )?;
    get(conn, reference)
}

/// A copy of any template, built-in ones included, as a template of the counsellor's
/// titled « … (copie) » (« (copie 2) »… when taken).
pub fn duplicate(conn: &Conn, reference: TemplateRef) -> Result<PitchTemplate> {
    let source = get(conn, reference)?;
    let title = free_title(conn, &source.title, "copie")?;
    let id = insert(conn, &Valid { title: title.clone(), subject: source.subject, body: source.body })?;
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Modèle d'argumentaire « {title} » créé en copie de « {} »", source.title),
    )?;
    get(conn, TemplateRef::Stored(id))
}

/// Deletes one of the counsellor's templates (the domains it was the default of fall back
/// to the first built-in one); a built-in one is refused. Promotions made with it keep
/// their texts: they were filled when made.
pub fn delete(conn: &Conn, reference: TemplateRef) -> Result<()> {
    let id = own(reference, "ne se suppriment pas")?;
    let template = get(conn, reference)?;
    conn.prepare_cached("DELETE FROM pitch_templates WHERE id = ?1")?.execute([id])?;
    let domains = if template.default_for.is_empty() {
        String::new()
    } else {
        format!(" (modèle par défaut des domaines {})", template.default_for.join(", "))
    };
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Modèle d'argumentaire « {} » supprimé{domains}", template.title),
    )
}

/// Names the template the candidates of ROME domain `domain` (a letter) start from;
/// `None`: the first built-in one again.
pub fn set_default(conn: &Conn, domain: &str, template: Option<TemplateRef>) -> Result<Vec<DomainDefault>> {
    let domain = domain.trim().to_uppercase();
    let Some(label) = rome_domains(conn)?.into_iter().find(|(d, _)| *d == domain).map(|(_, l)| l) else {
        return Err(Error::Validation(vec![crate::FieldError::new(
            "domain",
            format!("Domaine du ROME inconnu : « {domain} » (une lettre de A à N, une fois le ROME installé)."),
        )]));
    };
    let chosen = match template {
        Some(reference) => Some(get(conn, reference)?),
        None => None,
    };
    write_default(conn, &domain, template)?;
    let what = chosen
        .map_or_else(|| format!("« {} » (par défaut)", BuiltinTemplate::Short.title()), |t| format!("« {} »", t.title));
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Modèle d'argumentaire du domaine {domain} ({label}) : {what}"),
    )?;
    Ok(list(conn, None)?.domains)
}

/// Writes domain `domain`'s default (`None`: removed).
fn write_default(conn: &Conn, domain: &str, template: Option<TemplateRef>) -> Result<()> {
    match template {
        None => conn.prepare_cached("DELETE FROM pitch_template_defaults WHERE domain = ?1")?.execute([domain])?,
        Some(TemplateRef::Builtin(b)) => conn
            .prepare_cached(
                "INSERT INTO pitch_template_defaults (domain, builtin, template_id) VALUES (?1, ?2, NULL) \
                 ON CONFLICT (domain) \
                 DO UPDATE SET builtin = excluded.builtin, template_id = excluded.template_id",
            )?
            .execute(params![domain, b.code()])?,
        Some(TemplateRef::Stored(id)) => conn
            .prepare_cached(
                "INSERT INTO pitch_template_defaults (domain, builtin, template_id) VALUES (?1, NULL, ?2) \
                 ON CONFLICT (domain) \
                 DO UPDATE SET builtin = excluded.builtin, template_id = excluded.template_id",
            )?
            .execute(params![domain, id])?,
    };
    Ok(())
}

/// A template checked: trimmed, within its lengths, every merge field known, its title
/// free.
struct Valid {
    title: String,
    subject: String,
    body: String,
}

/// Checks `input` as the template `id` (none: a new one); field errors on `title`,
/// `subject`, `body`.
fn validate(conn: &Conn, input: &TemplateInput, id: Option<i64>) -> Result<Valid> {
    let mut check = Checker::new();
    let valid = checked(input, &mut check);
    if !check.has_error("title")
        && let Some(taken) = title_taken(conn, &valid.title, id)?
    {
        check.add("title", format!("Un modèle s'appelle déjà « {taken} » : choisissez un autre titre."));
    }
    check.finish()?;
    Ok(valid)
}

/// `input` trimmed, its lengths and merge fields checked into `check` (whether the title is
/// free is the caller's question).
fn checked(input: &TemplateInput, check: &mut Checker) -> Valid {
    let title = check.required("title", &input.title, MAX_TITLE);
    let subject = check.required("subject", &input.subject, MAX_SUBJECT);
    let body = check.required("body", &input.body, MAX_PITCH);
    for (field, text) in [("subject", &subject), ("body", &body)] {
        if !check.has_error(field)
            && let Err(Error::Validation(errors)) = pitch::check_fields(text, field)
        {
            for e in errors {
                check.add(&e.field, e.message);
            }
        }
    }
    Valid { title, subject, body }
}

/// The title of the template that `title` would duplicate (case and accents aside), other
/// than `id`'s: a built-in one's or a stored one's.
fn title_taken(conn: &Conn, title: &str, id: Option<i64>) -> Result<Option<String>> {
    let key = fold(title.trim());
    if let Some(b) = BuiltinTemplate::ALL.into_iter().find(|b| fold(b.title()) == key) {
        return Ok(Some(b.title().to_owned()));
    }
    Ok(conn
        .prepare_cached("SELECT title FROM pitch_templates WHERE title_key = ?1 AND id IS DISTINCT FROM ?2")?
        .query_row(params![key, id], |r| r.get(0))
        .optional()?)
}

/// `base (word)`, else `base (word 2)`, `base (word 3)`…: the first title not taken, the
/// base shortened when the whole would be too long.
fn free_title(conn: &Conn, base: &str, word: &str) -> Result<String> {
    for n in 1..1000 {
        let suffix = if n == 1 { format!(" ({word})") } else { format!(" ({word} {n})") };
        let room = MAX_TITLE.saturating_sub(suffix.chars().count());
        let shortened: String = base.trim().chars().take(room).collect();
        let title = format!("{}{suffix}", shortened.trim_end());
        if title_taken(conn, &title, None)?.is_none() {
            return Ok(title);
        }
    }
    Err(Error::Rule(format!("Trop de modèles s'appellent déjà « {base} » : renommez-en un.")))
}

fn insert(conn: &Conn, valid: &Valid) -> Result<i64> {
    let now = crate::now_rfc3339();
    conn.prepare_cached(
        "INSERT INTO pitch_templates (title, title_key, subject, body, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![valid.title, fold(&valid.title), valid.subject, valid.body, now])?;
    Ok(conn.last_insert_rowid()?)
}

/// The id of a template of the counsellor's; a built-in one is refused with `refusal`.
fn own(reference: TemplateRef, refusal: &str) -> Result<i64> {
    match reference {
        TemplateRef::Stored(id) => Ok(id),
        TemplateRef::Builtin(b) => {
            Err(Error::Rule(format!("« {} » est un modèle intégré : les modèles intégrés {refusal}.", b.title())))
        }
    }
}

fn builtin(b: BuiltinTemplate, subject: &str, default_for: Vec<String>) -> PitchTemplate {
    let reference = TemplateRef::Builtin(b);
    PitchTemplate {
        reference,
        key: reference.key(),
        title: b.title().to_owned(),
        subject: subject.to_owned(),
        body: b.body().to_owned(),
        builtin: true,
        default_for,
    }
}

/// The counsellor's templates, by title: id, title, subject, body.
fn stored_rows(conn: &Conn) -> Result<Vec<(i64, String, String, String)>> {
    Ok(conn
        .prepare_cached("SELECT id, title, subject, body FROM pitch_templates ORDER BY title_key")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The defaults chosen, by domain letter.
fn stored_defaults(conn: &Conn) -> Result<Vec<(String, TemplateRef)>> {
    let rows: Vec<(String, Option<String>, Option<i64>)> = conn
        .prepare_cached("SELECT domain, builtin, template_id FROM pitch_template_defaults ORDER BY domain")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(domain, builtin, id)| {
            let reference = match (builtin.as_deref().and_then(BuiltinTemplate::from_code), id) {
                (Some(b), _) => TemplateRef::Builtin(b),
                (None, Some(id)) => TemplateRef::Stored(id),
                (None, None) => return None,
            };
            Some((domain, reference))
        })
        .collect())
}

/// The 14 big ROME domains installed: letter and label.
fn rome_domains(conn: &Conn) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT code, label FROM rome_domains WHERE length(code) = 1 ORDER BY code")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The subject of Paramètres → Messagerie: the built-in templates'. (Its table belongs to
/// `mail`, which sits above `promotions`: read here as the one column it is.)
fn mail_subject(conn: &Conn) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT subject_template FROM mail_settings WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}
