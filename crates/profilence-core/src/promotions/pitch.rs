//! The pitch sent with a promotion: a template whose merge fields (`{prénom}`, `{métier}`…)
//! are filled from the candidate, the company and the counsellor.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, FieldError, Result, anonymise,
    candidates::Candidate,
    companies::Company,
    hiring_aids::{self, Person},
    settings::CounsellorSettings,
    text::{french_list, long_date},
};

/// The three templates every Profilence has: shown, usable and duplicable, never edited
/// nor deleted. Their subject is the one of Paramètres → Messagerie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BuiltinTemplate {
    Short,
    Aids,
    Offer,
}

impl BuiltinTemplate {
    /// In the order « Promouvoir » offers them; the first is the default of every domain.
    pub const ALL: [BuiltinTemplate; 3] = [Self::Short, Self::Aids, Self::Offer];

    pub fn code(self) -> &'static str {
        match self {
            Self::Short => "short",
            Self::Aids => "aids",
            Self::Offer => "offer",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn title(self) -> &'static str {
        TEMPLATES[self as usize].0
    }

    pub fn body(self) -> &'static str {
        TEMPLATES[self as usize].1
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeField {
    /// As typed in a template, braces included: `{prénom}`.
    pub field: String,
    pub description: String,
}

/// The merge fields, in the order the editor offers them.
const FIELDS: [(&str, &str); 10] = [
    ("prénom", "Prénom du candidat"),
    ("métier", "Premier métier visé"),
    ("points forts", "Trois compétences, cœur de métier d'abord (sans compétence, la phrase est omise)"),
    ("disponibilité", "« immédiatement » ou « à partir du … »"),
    ("aides", "Aides à l'embauche que l'entreprise peut obtenir pour le candidat (sans aide, la phrase est omise)"),
    ("argumentaire", "L'argumentaire de la fiche du candidat"),
    ("entreprise", "Nom de l'entreprise"),
    ("offre", "Référence de l'offre d'emploi"),
    ("conseiller", "Votre nom"),
    ("structure", "Votre structure"),
];

const TEMPLATES: [(&str, &str); 3] = [
    (
        "Présentation courte",
        "Bonjour,\n\nJe me permets de vous présenter {prénom}, qui recherche un poste de {métier}. \
         {argumentaire}\n\nSes points forts : {points forts}. {prénom} est disponible {disponibilité}.\n\n\
         Je serais heureux·se d'organiser une rencontre avec {entreprise}.\n\nBien cordialement,\n{conseiller}\n{structure}",
    ),
    (
        "Avec les aides à l'embauche",
        "Bonjour,\n\nJe vous présente {prénom}, candidat·e au poste de {métier}, disponible {disponibilité}. \
         {argumentaire}\n\nSes points forts : {points forts}.\n\nSon recrutement peut vous ouvrir droit à : {aides} ; \
         je peux vous accompagner dans ces démarches.\n\nBien cordialement,\n{conseiller}\n{structure}",
    ),
    (
        "Réponse à une offre",
        "Bonjour,\n\nEn réponse à votre offre {offre}, je vous propose la candidature de {prénom} pour le poste \
         de {métier}. {argumentaire}\n\nSes points forts : {points forts}. {prénom} est disponible {disponibilité}.\n\n\
         Bien cordialement,\n{conseiller}\n{structure}",
    ),
];

/// The merge fields' names, braces aside: `prénom`, `métier`…
pub fn field_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|(f, _)| *f)
}

pub fn merge_fields() -> Vec<MergeField> {
    FIELDS.iter().map(|(f, d)| MergeField { field: format!("{{{f}}}"), description: (*d).into() }).collect()
}

/// What the merge fields are filled from. `company` is absent in a preview made before
/// any company is chosen.
pub struct PitchContext<'a> {
    pub candidate: &'a Candidate,
    pub company: Option<&'a Company>,
    pub counsellor: &'a CounsellorSettings,
    pub job_offer_ref: Option<&'a str>,
    pub today: NaiveDate,
    /// For an anonymised sheet: the candidate is "Candidat·e L." and their free text is
    /// scrubbed of their names and contacts.
    pub anonymous: bool,
    /// The counsellor ticked, for this promotion, that the sensitive publics (RQTH, RSA,
    /// QPV…) may show: `{aides}` then names the aids reserved to them. Never with `anonymous`.
    pub sensitive: bool,
}

impl PitchContext<'_> {
    /// What the company addressed can get for the candidate; before any company is chosen,
    /// what some employer could. Without the sensitive publics unless ticked: an aid
    /// reserved to them would tell what the person's situation is.
    fn aids(&self) -> Vec<hiring_aids::HiringAid> {
        let c = self.candidate;
        let shown = c.eligibility.disclosed(self.sensitive && !self.anonymous);
        let person = Person::new(shown, c.birth_date, self.today);
        match self.company {
            Some(company) => hiring_aids::aids_for_company(&person, &company.employer()),
            None => hiring_aids::aids_for(&person),
        }
    }

    fn value(&self, field: &str) -> Option<String> {
        let c = self.candidate;
        Some(match field {
            "prénom" if self.anonymous => anonymise::alias(c),
            "prénom" => c.first_name.clone(),
            "métier" => c.target_jobs.first().map(|j| j.label.to_lowercase()).unwrap_or_default(),
            "points forts" => french_list(c.skills.iter().take(3).map(|s| s.label.to_lowercase()).collect()),
            "disponibilité" => match c.available_from {
                Some(day) if day > self.today => format!("à partir du {}", long_date(day)),
                _ => "immédiatement".into(),
            },
            "aides" => french_list(self.aids().into_iter().map(|a| a.name).collect()),
            "argumentaire" if self.anonymous => anonymise::scrub(&c.pitch, c),
            "argumentaire" => c.pitch.clone(),
            "entreprise" => self.company.map_or_else(|| "votre entreprise".into(), |co| co.name.clone()),
            "offre" => self.job_offer_ref.unwrap_or_default().to_owned(),
            "conseiller" => self.counsellor.name.clone(),
            "structure" => self.counsellor.agency.clone(),
            _ => return None,
        })
    }
}

/// The merge fields that are lists: when one is empty (a candidate without skills, no
/// aid for this employer), the sentence that holds it is left out rather than sent as
/// « Ses points forts : . ».
const LIST_FIELDS: [&str; 2] = ["points forts", "aides"];

/// Fills `template`; an unknown `{field}` is an error on `field_name`, naming it. A
/// sentence holding a list field with nothing in it is left out (`LIST_FIELDS`).
pub fn render(template: &str, context: &PitchContext<'_>, field_name: &str) -> Result<String> {
    let mut out = String::with_capacity(template.len() + 200);
    for sentence in sentences(template) {
        let (filled, empty_list) = fill(sentence, context, field_name)?;
        if !empty_list {
            out.push_str(&filled);
        }
    }
    Ok(tidy(&out))
}

/// `text` with its merge fields filled, and whether one of its list fields is empty.
fn fill(text: &str, context: &PitchContext<'_>, field_name: &str) -> Result<(String, bool)> {
    let mut out = String::with_capacity(text.len() + 100);
    let mut empty_list = false;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(invalid(field_name, "Accolade « { » sans « } » : un champ de fusion s'écrit {prénom}."));
        };
        let name = after[..close].trim().to_lowercase();
        match context.value(&name) {
            Some(value) => {
                empty_list |= value.trim().is_empty() && LIST_FIELDS.contains(&name.as_str());
                out.push_str(&value);
            }
            None => {
                let known = FIELDS.iter().map(|(f, _)| format!("{{{f}}}")).collect::<Vec<_>>().join(", ");
                return Err(invalid(
                    field_name,
                    format!("Champ de fusion inconnu : {{{}}}. Champs possibles : {known}.", &after[..close]),
                ));
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok((out, empty_list))
}

/// `template` cut into sentences, end to end: each ends after a line break, or after its
/// `.`, `!`, `?` or `…` when a blank or the end follows. Never inside a `{field}`.
fn sentences(template: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_field = false;
    let mut chars = template.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' => in_field = true,
            '}' => in_field = false,
            _ if in_field => {}
            '\n' | '.' | '!' | '?' | '…' => {
                let next = chars.peek().map(|(_, n)| *n);
                if c == '\n' || next.is_none_or(char::is_whitespace) {
                    let end = i + c.len_utf8();
                    pieces.push(&template[start..end]);
                    start = end;
                }
            }
            _ => {}
        }
    }
    if start < template.len() {
        pieces.push(&template[start..]);
    }
    pieces
}

/// Checks that every `{field}` of `template` is known, before any candidate is chosen.
pub fn check_fields(template: &str, field_name: &str) -> Result<()> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(invalid(field_name, "Accolade « { » sans « } » : un champ de fusion s'écrit {prénom}."));
        };
        let name = after[..close].trim().to_lowercase();
        if !FIELDS.iter().any(|(f, _)| *f == name) {
            let known = FIELDS.iter().map(|(f, _)| format!("{{{f}}}")).collect::<Vec<_>>().join(", ");
            return Err(invalid(
                field_name,
                format!("Champ de fusion inconnu : {{{}}}. Champs possibles : {known}.", &after[..close]),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::Validation(vec![FieldError::new(field, message)])
}

/// Empty merge fields leave doubled spaces and blank sentences: tidy them.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(tidy_line).collect();
    let mut out = lines.join("\n");
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.trim().to_owned()
}

/// One line's words, one space apart, a comma or a full stop left alone by an empty field
/// put back against the word before it (« votre offre , je » → « votre offre, je »; French
/// puts no space before them, unlike « : » or « ; »), or dropped when that word already
/// ends with it (« Réf. . » → « Réf. »). A word that only starts with a dot (« .NET »)
/// stays a word.
fn tidy_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        let stray = matches!(word, "," | ".");
        if stray && out.ends_with(word) {
            continue;
        }
        if !out.is_empty() && !stray {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_what_empty_fields_leave() {
        assert_eq!(tidy("Bonjour  ,\n\n\n\nSes points :  . \n"), "Bonjour,\n\nSes points :.");
        assert_eq!(tidy("En réponse à votre offre , je vous propose"), "En réponse à votre offre, je vous propose");
        assert_eq!(tidy("Elle maîtrise .NET et Java ."), "Elle maîtrise .NET et Java.");
        assert_eq!(tidy("Réf. . Merci."), "Réf. Merci.");
    }

    #[test]
    fn built_in_templates_keep_their_codes_and_titles() {
        assert_eq!(
            BuiltinTemplate::ALL.map(BuiltinTemplate::title),
            ["Présentation courte", "Avec les aides à l'embauche", "Réponse à une offre"]
        );
        for b in BuiltinTemplate::ALL {
            assert_eq!(BuiltinTemplate::from_code(b.code()), Some(b));
        }
        assert!(BuiltinTemplate::Offer.body().contains("{offre}"));
    }

    #[test]
    fn every_template_uses_known_fields_only() {
        for (name, text) in TEMPLATES {
            let names: Vec<&str> = text.split('{').skip(1).filter_map(|part| part.split('}').next()).collect();
            assert!(!names.is_empty(), "{name}");
            for field in names {
                assert!(FIELDS.iter().any(|(f, _)| *f == field), "{name}: {{{field}}}");
            }
        }
    }
}
