//! The company sheet ("fiche entreprise"): one A4 page the counsellor prepares before
//! visiting or calling a company — its identity, sector and size, where it is, its hiring
//! potential and commitments, whom to reach and how, what became of the profiles sent to
//! it, the people of the pool to offer it (anonymised) and the hiring aids it can use.
//! Laid out with the profile sheet's engine (`pdf`, `sheets::layout`'s type and helpers);
//! `history` reads the promotions, `directions` places the company without a map.

mod directions;
mod history;
pub mod layout;

use crate::store::Conn;
use chrono::{DateTime, Local};
use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use crate::{
    Error, Result,
    anonymise::alias_of,
    choices::PromotionStatus,
    companies::{self, Company},
    hiring_aids::{Condition, Fit, HIRING_AIDS, Public},
    journal::{self, Action, Subject},
    pdf::Info,
    promotions, settings,
    sheets::{counsellor_lines, pdf_file_name},
    targeting::{self, CompanyCandidates, TargetQuery},
    text::{french_count, french_date, french_decimal, french_list, french_rate, long_date},
};
pub use directions::BIG_TOWN;
use history::History;
use layout::CompanyText;

/// The latest promotions listed (fewer when the page is full).
pub const RECENT: usize = 5;
/// The people offered (fewer when the page is full).
pub const PEOPLE: u32 = 6;

/// A company sheet ready to open or print.
#[derive(Debug, Clone)]
pub struct CompanySheet {
    pub pdf: Vec<u8>,
    /// `fiche-entreprise-boulangerie-kerbrat.pdf`.
    pub file_name: String,
    /// What was shortened to fit the page, in French; empty when everything fits.
    pub cuts: Vec<String>,
}

/// A company sheet the app wrote and opened: where, and what it had to shorten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanySheetOpened {
    pub path: String,
    pub cuts: Vec<String>,
}

/// The sheet of company `id` at `now`, read in the transaction `conn` belongs to.
pub fn make(conn: &Conn, id: i64, now: DateTime<Local>) -> Result<CompanySheet> {
    let start = std::time::Instant::now();
    let company = companies::get(conn, id)?;
    let me = settings::get(conn)?;
    let history = history::of_company(conn, id, RECENT)?;
    let query = TargetQuery { limit: Some(PEOPLE), ..TargetQuery::default() };
    let people = targeting::for_company(conn, id, &query, now)?;
    let first_names = people
        .people
        .iter()
        .map(|p| {
            Ok(conn
                .prepare_cached("SELECT first_name FROM candidates WHERE id = ?1")?
                .query_row([p.candidate_id], |r| r.get::<_, Option<String>>(0))
                .optional()?
                .flatten()
                .unwrap_or_default())
        })
        .collect::<Result<Vec<String>>>()?;
    let targeted = start.elapsed();
    let month = promotions::contacts_in_month(conn, id, now.date_naive())?;
    let mut text = sheet_text(&company, &history, (&people, first_names.as_slice()), month);
    text.dated = format!("Le {}", long_date(now.date_naive()));
    text.directions = directions::of_company(conn, id)?;
    text.contact_lines = counsellor_lines(&me);
    let read = start.elapsed();
    let laid = layout::lay_out(&text);
    let laid_out = start.elapsed();
    let title = format!("Fiche entreprise — {}", company.name);
    let pdf = laid
        .page
        .to_pdf(&Info { title: &title, author: &me.name, subject: "Fiche entreprise", created: None })
        .map_err(|e| Error::Sheet(e.to_string()))?;
    log::debug!(
        "company sheet {id}: read and targeted {targeted:?}, all read {read:?}, laid out {laid_out:?}, written {:?}",
        start.elapsed()
    );
    Ok(CompanySheet { pdf, file_name: pdf_file_name(&format!("fiche entreprise {}", company.name)), cuts: laid.cuts })
}

/// The sheet of company `id` made to be read (the app, the command line), recorded in the
/// journal — in the transaction `conn` belongs to.
pub fn preview(conn: &Conn, id: i64, now: DateTime<Local>) -> Result<CompanySheet> {
    let sheet = make(conn, id, now)?;
    journal::record(conn, Action::SheetGenerated, Subject::Company(id), "fiche entreprise")?;
    Ok(sheet)
}

/// `732 829 320 00074`, with no-break spaces (never cut across lines).
fn siret(digits: &str) -> String {
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.to_owned();
    }
    format!("{}\u{a0}{}\u{a0}{}\u{a0}{}", &digits[..3], &digits[3..6], &digits[6..9], &digits[9..])
}

/// « RQTH, bénéficiaire du RSA ou résident QPV ».
fn publics(list: &[Public]) -> String {
    french_list(list.iter().map(|p| lower_first(p.label())).collect()).replacen(" et ", " ou ", 1)
}

/// The first letter in lower case, acronyms (« RQTH ») left as they are.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(std::iter::once(second)).chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

/// Whom an aid is for, in a few words.
fn for_whom(condition: Condition) -> String {
    let or = |list: &[Public]| if list.is_empty() { String::new() } else { format!(", ou {}", publics(list)) };
    match condition {
        Condition::Everyone => "tout demandeur d'emploi".to_owned(),
        Condition::AnyOf(list) => publics(list),
        Condition::AgedAtLeast(years, list) => format!("{years} ans et plus{}", or(list)),
        Condition::AgedUnder(years, list) => format!("moins de {years} ans{}", or(list)),
    }
}

/// The aids the company can use, whoever it hires: every rule its record does not rule
/// out, with whom it is for and what its record leaves to check.
fn aids(company: &Company) -> Vec<(String, String)> {
    let employer = company.employer();
    HIRING_AIDS
        .iter()
        .filter_map(|rule| {
            let check = match rule.employer_fit(&employer) {
                Fit::No => return None,
                Fit::Yes => String::new(),
                Fit::ToCheck(what) => format!(" À vérifier : {what}"),
            };
            Some((rule.name.to_owned(), format!("Pour : {}.{check}", for_whom(rule.condition))))
        })
        .collect()
}

/// How the statuses read on the sheet: those still waiting say so.
fn status_label(status: PromotionStatus) -> &'static str {
    match status {
        PromotionStatus::Sent => "En attente de réponse",
        PromotionStatus::Reminded => "Relancée, en attente",
        other => other.label(),
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{} {}", french_count(n.into()), if n > 1 { many } else { one })
}

fn rate(part: u32, rate: Option<f64>, whole: u32) -> String {
    match rate {
        Some(_) => format!("{} ({} sur {})", french_rate(rate), french_count(part.into()), french_count(whole.into())),
        None => "— (aucune promotion)".to_owned(),
    }
}

fn facts(c: &Company, h: &History, month: u32) -> Vec<(String, String)> {
    let unknown = |text: &str| text.to_owned();
    let waiting: u32 = h
        .by_status
        .iter()
        .filter(|(s, _)| matches!(s, PromotionStatus::Sent | PromotionStatus::Reminded))
        .map(|(_, n)| n)
        .sum();
    vec![
        (
            "Potentiel d'embauche".into(),
            c.hiring_potential.map_or_else(|| unknown("Non renseigné"), |p| format!("{p} sur 100")),
        ),
        ("Effectif".into(), c.headcount_band.map_or_else(|| unknown("Non renseigné"), |b| b.label().to_owned())),
        ("Nature juridique".into(), c.legal_nature.map_or_else(|| unknown("Non renseignée"), |n| n.label().to_owned())),
        (
            "Engagements".into(),
            if c.commitments.is_empty() { "Aucun enregistré".into() } else { c.commitments.join(", ") },
        ),
        (
            "Contacts acceptés".into(),
            match c.max_contacts_per_month {
                Some(max) => format!("{max} par mois au plus ({month} ce mois-ci)"),
                None => format!("Sans limite indiquée ({month} ce mois-ci)"),
            },
        ),
        (
            "Promotions envoyées".into(),
            if waiting > 0 {
                format!("{}, dont {waiting} en attente de réponse", french_count(h.sent.into()))
            } else {
                french_count(h.sent.into())
            },
        ),
        ("Taux de réponse".into(), rate(h.answered, h.answer_rate(), h.sent)),
        ("Taux d'embauche".into(), rate(h.hired, h.hire_rate(), h.sent)),
        (
            "Délai de réponse".into(),
            h.answer_days.map_or_else(
                || "—".to_owned(),
                |d| format!("{} {} en moyenne", french_decimal(d), if d < 1.95 { "jour" } else { "jours" }),
            ),
        ),
    ]
}

fn sheet_text(
    c: &Company,
    h: &History,
    (people, first_names): (&CompanyCandidates, &[String]),
    month: u32,
) -> CompanyText {
    let naf = match (&c.naf_code, &c.naf_label) {
        (Some(code), Some(label)) => format!("NAF {code} — {label}"),
        (Some(code), None) => format!("NAF {code}"),
        (None, _) => "code NAF non renseigné".to_owned(),
    };
    let place = [c.postcode.as_deref(), c.commune.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let address = [c.address.as_deref().unwrap_or_default(), place.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let contacts = c
        .contacts
        .iter()
        .map(|k| {
            let who = if k.role.trim().is_empty() { k.name.clone() } else { format!("{}, {}", k.name, k.role) };
            // The e-mail over the phone, each on its line.
            let reach = [k.email.as_deref(), k.phone.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("\n");
            let channel = k.preferred_channel.map_or("—", |ch| ch.label());
            [who, channel.to_owned(), if reach.is_empty() { "—".to_owned() } else { reach }]
        })
        .collect();
    let outcomes = if h.sent == 0 {
        "Aucune promotion envoyée à cette entreprise pour l'instant.".to_owned()
    } else {
        let counts: Vec<String> =
            // « Embauche : 3 » kept on one line (no-break spaces).
            h.by_status.iter().map(|(s, n)| format!("{}\u{a0}:\u{a0}{}", status_label(*s).replace(' ', "\u{a0}"), french_count((*n).into()))).collect();
        format!("{} : {}.", plural(h.sent, "promotion envoyée", "promotions envoyées"), counts.join(" · "))
    };
    let recent = h
        .recent
        .iter()
        .map(|r| {
            [
                r.sent_on.map_or_else(|| "—".to_owned(), french_date),
                r.alias.clone(),
                if r.job.is_empty() { "—".to_owned() } else { r.job.clone() },
                status_label(r.status).to_owned(),
            ]
        })
        .collect();
    let offered = people
        .people
        .iter()
        .zip(first_names)
        .map(|(p, first)| {
            [
                alias_of(first),
                p.job.clone(),
                match p.distance_km {
                    None => "—".to_owned(),
                    Some(d) if d < 0.5 => "sur place".to_owned(),
                    Some(d) => format!("à {} km", french_decimal(d)),
                },
                p.reason.clone(),
            ]
        })
        .collect();
    let people_note = match &people.shortfall {
        // Everyone who would fit was sent here within the repeat window.
        Some(_) if people.people.is_empty() && !people.left_out.is_empty() => format!(
            "{} qui conviendrai{} déjà été promu{} ici récemment : personne d'autre dans le vivier pour l'instant.",
            plural(people.left_out.len() as u32, "candidat·e", "candidat·es"),
            if people.left_out.len() > 1 { "ent ont" } else { "t a" },
            if people.left_out.len() > 1 { "·es" } else { "·e" },
        ),
        Some(why) => why.clone(),
        None => {
            let mut note = "Disponibles, au consentement valide, dans leur rayon de mobilité ; les moins promus \
                            d'abord."
                .to_owned();
            if !people.left_out.is_empty() {
                note.push_str(&format!(
                    " {} récemment ici ne {} pas repris.",
                    plural(people.left_out.len() as u32, "autre déjà promu·e", "autres déjà promu·es"),
                    if people.left_out.len() > 1 { "sont" } else { "est" }
                ));
            }
            note
        }
    };
    CompanyText {
        dated: String::new(),
        name: c.name.clone(),
        identity: format!("SIRET {} · {naf}", siret(&c.siret)),
        address,
        directions: None,
        facts: facts(c, h, month),
        contacts,
        outcomes,
        recent,
        people: offered,
        people_note,
        aids: aids(c),
        contact_lines: Vec::new(),
        footnote: "Fiche de travail du conseiller. Les candidats y sont anonymisés (« Candidat·e » et l'initiale du \
                   prénom) : chaque profil se présente par sa fiche profil, avec l'accord de la personne."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aids_say_whom_they_are_for() {
        assert_eq!(for_whom(Condition::Everyone), "tout demandeur d'emploi");
        assert_eq!(for_whom(Condition::AnyOf(&[Public::Rqth])), "RQTH");
        assert_eq!(
            for_whom(Condition::AnyOf(&[Public::Rsa, Public::LongTermUnemployed, Public::Qpv])),
            "bénéficiaire du RSA, demandeur d'emploi de longue durée ou résident QPV"
        );
        assert_eq!(for_whom(Condition::AgedUnder(30, &[Public::Rqth])), "moins de 30 ans, ou RQTH");
        assert_eq!(siret("73282932000074"), "732\u{a0}829\u{a0}320\u{a0}00074");
    }
}
