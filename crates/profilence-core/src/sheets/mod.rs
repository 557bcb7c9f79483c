//! Profile sheets ("fiches profil"): the one A4 page an employer sees of a candidate,
//! named or anonymised, addressed to a company or not. Each promotion keeps the sheet it
//! was created with (`promotion_sheets`), so that what exactly was sent stays traceable.
//! `sheets_batch` writes sheets of several candidates or promotions into a folder.

pub mod layout;

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::{
    Error, Result,
    anonymise::{display_name, scrub},
    candidates::{self, Candidate},
    choices::{HeadcountBand, LegalNature},
    companies,
    hiring_aids::{self, Employer, Person},
    journal::{self, Action, Subject},
    pdf::Info,
    settings::{self, CounsellorSettings},
    text::{fold, french_list, long_date},
};
use layout::SheetText;

/// Whom a sheet is addressed to, printed in its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub company: String,
    /// "Anne Kerbrat, responsable du recrutement".
    pub contact: Option<String>,
    /// What the hiring aids weigh of the company: the sheet lists those it can get.
    pub headcount_band: Option<HeadcountBand>,
    pub naf_code: Option<String>,
    pub legal_nature: Option<LegalNature>,
}

impl Addressee {
    /// The company and, when one is chosen, the contact there.
    pub fn of(company: &companies::Company, contact: Option<i64>) -> Self {
        let contact = contact.and_then(|id| company.contacts.iter().find(|k| k.id == id)).map(|k| {
            if k.role.trim().is_empty() { k.name.clone() } else { format!("{}, {}", k.name, k.role.to_lowercase()) }
        });
        Self {
            company: company.name.clone(),
            contact,
            headcount_band: company.headcount_band,
            naf_code: company.naf_code.clone(),
            legal_nature: company.legal_nature,
        }
    }

    fn employer(&self) -> Employer<'_> {
        Employer {
            headcount_band: self.headcount_band,
            naf_code: self.naf_code.as_deref(),
            legal_nature: self.legal_nature,
        }
    }
}

/// A sheet ready to send, print or store.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub pdf: Vec<u8>,
    /// Safe on every file system and in a mail client: `fiche-profil-lea-martin-boulangere.pdf`.
    pub file_name: String,
    pub anonymous: bool,
    /// What was shortened to fit the page, in French; empty when everything fits.
    pub cuts: Vec<String>,
}

/// A promotion's stored sheet, as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SheetSummary {
    #[ts(type = "number")]
    pub promotion_id: i64,
    pub anonymous: bool,
    pub file_name: String,
    /// In bytes.
    pub size: u32,
    pub sha256: String,
    pub cuts: Vec<String>,
    pub created_at: String,
}

/// What the "Promouvoir" panel shows before sending: would the sheet be shortened?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SheetCheck {
    #[ts(type = "number")]
    pub candidate_id: i64,
    pub name: String,
    pub cuts: Vec<String>,
}

/// Refuses sensitive information on an anonymised sheet: the publics and aids that
/// reveal a disability or a social situation would point at the person the sheet hides.
pub fn check_disclosure(anonymous: bool, sensitive: bool) -> Result<()> {
    if anonymous && sensitive {
        return Err(Error::field(
            "sensitive",
            "Une fiche anonymisée ne fait jamais figurer les informations sensibles (RQTH, RSA, QPV…) : \
             décochez l'une des deux cases.",
        ));
    }
    Ok(())
}

/// What the journal says of a sheet made: its kind, never whose it is.
pub fn journal_detail(anonymous: bool, sensitive: bool) -> &'static str {
    match (anonymous, sensitive) {
        (true, _) => "fiche anonyme",
        (false, true) => "fiche nominative, informations sensibles incluses",
        (false, false) => "fiche nominative, sans informations sensibles",
    }
}

/// Everything the sheet prints, in French, named or anonymised. The sensitive publics and
/// the aids reserved to them only when `sensitive` (never with `anonymous`: `make` refuses it).
fn sheet_text(
    c: &Candidate,
    me: &CounsellorSettings,
    (anonymous, sensitive): (bool, bool),
    to: Option<&Addressee>,
    today: NaiveDate,
) -> SheetText {
    let shown = c.eligibility.disclosed(sensitive && !anonymous);
    let person = Person::new(shown, c.birth_date, today);
    let private = |text: &str| if anonymous { scrub(text, c) } else { text.to_owned() };
    let title = c.target_jobs.first().map_or_else(|| "Profil de candidature".to_owned(), |j| j.label.clone());
    let place = match (c.commune.as_deref(), c.postcode.as_deref()) {
        (Some(commune), Some(postcode)) => format!("{commune} ({postcode})"),
        (Some(commune), None) => commune.to_owned(),
        (None, Some(postcode)) => postcode.to_owned(),
        (None, None) => String::new(),
    };
    let mut facts = vec![(
        "Disponibilité".to_owned(),
        match c.available_from {
            Some(day) if day > today => format!("À partir du {}", long_date(day)),
            _ => "Immédiate".to_owned(),
        },
    )];
    let labels = |items: Vec<&str>| items.join(", ");
    if !c.wanted_contracts.is_empty() {
        facts.push(("Contrats recherchés".into(), labels(c.wanted_contracts.iter().map(|k| k.label()).collect())));
    }
    if let Some(time) = c.working_time {
        facts.push(("Temps de travail".into(), time.label().to_owned()));
    }
    let mobility = match (c.mobility_radius_km, c.mobility_means.is_empty()) {
        (None, true) => String::new(),
        (radius, _) => {
            let means: Vec<String> = c.mobility_means.iter().map(|m| m.label().to_lowercase()).collect();
            let means = french_list(means);
            match radius {
                Some(km) if means.is_empty() => format!("Jusqu'à {km} km"),
                Some(km) => format!("Jusqu'à {km} km, {means}"),
                None => upper_first(&means),
            }
        }
    };
    if !mobility.is_empty() {
        facts.push(("Mobilité".into(), mobility));
    }
    // No licence recorded may mean none or not asked: the sheet says nothing rather than "none".
    if !c.driving_licences.is_empty() {
        facts.push(("Permis".into(), labels(c.driving_licences.iter().map(|l| l.label()).collect())));
    }
    if !c.languages.is_empty() {
        facts.push(("Langues".into(), c.languages.join(", ")));
    }
    let publics: Vec<&str> = person.publics().into_iter().filter(|p| p.is_sensitive()).map(|p| p.label()).collect();
    if !publics.is_empty() {
        facts.push(("Situation (avec son accord)".into(), publics.join(", ")));
    }
    let contact_lines = counsellor_lines(me);
    let structure = if me.agency.is_empty() { "Votre contact".to_owned() } else { me.agency.clone() };
    // Addressed to a company, the sheet lists only what that company can get.
    let (aids, for_whom) = match to {
        Some(to) => (hiring_aids::aids_for_company(&person, &to.employer()), "pour votre entreprise "),
        None => (hiring_aids::aids_for(&person), ""),
    };
    SheetText {
        kind: if anonymous { "Fiche profil anonymisée" } else { "Fiche profil" }.to_owned(),
        dated: format!("Le {}", long_date(today)),
        addressed_to: to.map(|a| match &a.contact {
            Some(contact) => format!("À l'attention de {} — {contact}", a.company),
            None => format!("À l'attention de {}", a.company),
        }),
        title,
        also: c.target_jobs.iter().skip(1).map(|j| j.label.clone()).collect(),
        person: display_name(c, anonymous),
        place,
        facts,
        pitch: private(&c.pitch),
        skills: c.skills.iter().map(|s| s.label.clone()).collect(),
        experience: private(&c.experience),
        qualifications: private(&c.qualifications),
        aids: aids.into_iter().map(|a| (a.name, a.description)).collect(),
        aids_note: format!(
            "Aides possibles {for_whom}d'après la situation de la personne ; montants et conditions selon la \
             réglementation en vigueur. {structure} vous accompagne dans les démarches."
        ),
        contact_heading: "Votre contact".to_owned(),
        contact_lines: if contact_lines.is_empty() { vec!["—".to_owned()] } else { contact_lines },
        footnote: if anonymous {
            "Profil anonymisé, présenté avec l'accord de la personne. Son nom et ses coordonnées vous seront \
             communiqués par votre contact si vous souhaitez la rencontrer."
                .to_owned()
        } else {
            "Profil présenté avec l'accord de la personne, pour un recrutement dans votre entreprise. \
             Merci de ne pas le diffuser au-delà."
                .to_owned()
        },
    }
}

/// The counsellor as a sheet's foot gives them: name — agency, then phone · e-mail.
pub(crate) fn counsellor_lines(me: &CounsellorSettings) -> Vec<String> {
    [
        [me.name.as_str(), me.agency.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" — "),
        [me.phone.as_str(), me.email.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · "),
    ]
    .into_iter()
    .filter(|l| !l.is_empty())
    .collect()
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The sheet of `candidate`, presented by `me` on `today`; with the sensitive publics and
/// their aids only when `sensitive` (refused on an anonymised sheet).
pub fn make(
    candidate: &Candidate,
    me: &CounsellorSettings,
    anonymous: bool,
    sensitive: bool,
    to: Option<&Addressee>,
    today: NaiveDate,
) -> Result<Sheet> {
    check_disclosure(anonymous, sensitive)?;
    let text = sheet_text(candidate, me, (anonymous, sensitive), to, today);
    let laid = layout::lay_out(&text);
    let title = format!("{} — {}", text.kind, text.title);
    let pdf = laid
        .page
        .to_pdf(&Info { title: &title, author: &me.name, subject: &text.person, created: None })
        .map_err(|e| Error::Sheet(e.to_string()))?;
    Ok(Sheet { pdf, file_name: file_name(&text.person, &text.title), anonymous, cuts: laid.cuts })
}

/// `fiche-profil-lea-martin-boulangere.pdf`: folded, hyphenated, at most 80 characters.
pub fn file_name(person: &str, job: &str) -> String {
    pdf_file_name(&format!("fiche profil {person} {job}"))
}

/// `words` as a PDF's file name: folded, hyphenated, at most 80 characters and `.pdf`.
pub(crate) fn pdf_file_name(words: &str) -> String {
    let mut slug = String::new();
    for ch in fold(words).chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_matches('-').to_owned();
    slug.truncate(80);
    format!("{}.pdf", slug.trim_end_matches('-'))
}

/// The sheet of candidate `id` as it would be sent now. Addressed to a company it is a
/// profile leaving: callers go through `promotions::gate::sheet`.
pub(crate) fn for_candidate(
    conn: &Conn,
    id: i64,
    (anonymous, sensitive): (bool, bool),
    company: Option<(i64, Option<i64>)>,
    today: NaiveDate,
) -> Result<Sheet> {
    let candidate = candidates::get(conn, id, today)?;
    let me = settings::get(conn)?;
    let to = company.map(|(company, contact)| companies::get(conn, company).map(|c| Addressee::of(&c, contact)));
    make(&candidate, &me, anonymous, sensitive, to.transpose()?.as_ref(), today)
}

/// The sheet of candidate `id` made to be read (the preview, the command line), recorded in
/// the journal as generated — in the transaction `conn` belongs to. Callers go through
/// `promotions::gate::sheet`.
pub(crate) fn preview(
    conn: &Conn,
    id: i64,
    (anonymous, sensitive): (bool, bool),
    company: Option<(i64, Option<i64>)>,
    today: NaiveDate,
) -> Result<Sheet> {
    let sheet = for_candidate(conn, id, (anonymous, sensitive), company, today)?;
    let detail = format!("{}, aperçu", journal_detail(anonymous, sensitive));
    journal::record(conn, Action::SheetGenerated, Subject::Candidate(id), &detail)?;
    Ok(sheet)
}

/// Whether each candidate's sheet would be shortened (the promote panel's warning).
pub fn check(
    conn: &Conn,
    ids: &[i64],
    (anonymous, sensitive): (bool, bool),
    today: NaiveDate,
) -> Result<Vec<SheetCheck>> {
    check_disclosure(anonymous, sensitive)?;
    let me = settings::get(conn)?;
    ids.iter()
        .map(|&id| {
            let candidate = candidates::get(conn, id, today)?;
            let laid = layout::lay_out(&sheet_text(&candidate, &me, (anonymous, sensitive), None, today));
            Ok(SheetCheck { candidate_id: id, name: display_name(&candidate, false), cuts: laid.cuts })
        })
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Keeps `sheet` as the one sent with `promotion`.
pub(crate) fn store(conn: &Conn, promotion: i64, sheet: &Sheet, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO promotion_sheets (promotion_id, anonymous, file_name, sha256, cuts, pdf, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        promotion,
        sheet.anonymous,
        sheet.file_name,
        sha256_hex(&sheet.pdf),
        serde_json::to_string(&sheet.cuts).unwrap_or_else(|_| "[]".into()),
        sheet.pdf,
        at
    ])?;
    Ok(())
}

/// The sheet stored with `promotion`, bytes included; `None` for a promotion made before
/// sheets were.
pub fn stored(conn: &Conn, promotion: i64) -> Result<Option<Sheet>> {
    Ok(conn
        .prepare_cached("SELECT pdf, file_name, anonymous, cuts FROM promotion_sheets WHERE promotion_id = ?1")?
        .query_row([promotion], |r| {
            Ok(Sheet {
                pdf: r.get(0)?,
                file_name: r.get(1)?,
                anonymous: r.get(2)?,
                cuts: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
            })
        })
        .optional()?)
}

/// The sheet stored with `promotion`, which must have one (to open it, to send it).
pub fn required(conn: &Conn, promotion: i64) -> Result<Sheet> {
    stored(conn, promotion)?.ok_or_else(|| {
        Error::Rule("Cette promotion n'a pas de fiche profil enregistrée (elle date d'avant les fiches).".into())
    })
}

pub fn summary(conn: &Conn, promotion: i64) -> Result<Option<SheetSummary>> {
    Ok(conn
        .prepare_cached(
            "SELECT anonymous, file_name, length(pdf), sha256, cuts, created_at FROM promotion_sheets \
             WHERE promotion_id = ?1",
        )?
        .query_row([promotion], |r| {
            Ok(SheetSummary {
                promotion_id: promotion,
                anonymous: r.get(0)?,
                file_name: r.get(1)?,
                size: r.get(2)?,
                sha256: r.get(3)?,
                cuts: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                created_at: r.get(5)?,
            })
        })
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(
            file_name("Léa Le Goff", "Boulanger / Boulangère"),
            "fiche-profil-lea-le-goff-boulanger-boulangere.pdf"
        );
        assert_eq!(file_name("Candidat·e L.", "Aide-soignant"), "fiche-profil-candidat-e-l-aide-soignant.pdf");
        assert!(file_name("x", &"très long ".repeat(30)).len() <= 84);
    }
}
