//! Normalising what trackers hold: dates as Excel serials or typed in French, phone
//! numbers that lost their leading zero, SIRETs stored as numbers or in scientific
//! notation, postcodes without their leading zero, full names in one cell, and the
//! free-text statuses counsellors write ("OK", "CDD 6 mois", "entretien le 3/4"…).

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::read::Value;
use crate::{
    candidates::ConsentChannel,
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    siret,
    text::fold,
    validation::normalize_phone,
};

/// The text of a cell, trimmed (numbers without a useless `.0`).
pub fn text(value: &Value) -> String {
    value.display()
}

const MONTHS: [(&str, u32); 21] = [
    ("janvier", 1),
    ("janv", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("decembre", 12),
    ("dec", 12),
];

/// Excel's day 0 (the 1900 system, with its phantom 29 February 1900 accounted for).
fn from_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial.trunc() as u64))
}

/// A two-digit year, read as the latest year not after `today`'s year + 1.
fn full_year(year: i32, today: NaiveDate) -> i32 {
    if year >= 100 {
        return year;
    }
    let century = if 2000 + year > today.year() + 1 { 1900 } else { 2000 };
    century + year
}

/// A date as trackers hold it: a date cell, an Excel serial, or typed (`12/03/2025`,
/// `12/03/25`, `12-03-2025`, `12.03.2025`, `12 mars 2025`, `1er mars 2025`, `2025-03-12`,
/// with or without a time). `None` when the value is not a whole date.
pub fn date(value: &Value, today: NaiveDate) -> Option<NaiveDate> {
    match value {
        Value::Date(moment) => Some(moment.date()),
        Value::Number(n) if (10_000.0..=80_000.0).contains(n) => from_serial(*n),
        Value::Text(t) => date_text(t, today),
        _ => None,
    }
}

pub fn date_text(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let t = fold(text.trim());
    if t.is_empty() {
        return None;
    }
    // ISO first: 2025-03-12, 2025-03-12T14:30:00, 2025-03-12 14:30.
    if let Some(day) = t.get(..10).and_then(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()) {
        return (t.len() == 10 || t[10..].starts_with(['t', ' '])).then_some(day);
    }
    // A serial typed as text ("45728").
    if t.len() == 5
        && t.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = t.parse::<f64>()
    {
        return from_serial(n);
    }
    // The date part, before a time ("12/03/2025 14:30", "12/03/2025 à 14h").
    let head = t.split([' ', 't']).next().unwrap_or("");
    let parts: Vec<&str> = head.split(['/', '-', '.']).collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        let (d, m, y) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse::<i32>().ok()?);
        if parts[2].len() != 2 && parts[2].len() != 4 {
            return None;
        }
        return NaiveDate::from_ymd_opt(full_year(y, today), m, d);
    }
    // "12 mars 2025", "1er mars 2025", "12 mars 25".
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() >= 3 {
        let day: u32 = words[0].trim_end_matches("er").parse().ok()?;
        let month = MONTHS.iter().find(|(name, _)| words[1].trim_end_matches('.') == *name).map(|(_, m)| *m)?;
        let year: i32 = words[2].parse().ok()?;
        return NaiveDate::from_ymd_opt(full_year(year, today), month, day);
    }
    None
}

/// A moment with its time, when the cell has one: a date cell, or a text written
/// `12/03/2025 14:30` (or `14:30:05`), as a CSV holds it.
pub fn moment(value: &Value) -> Option<NaiveDateTime> {
    match value {
        Value::Date(m) => Some(*m),
        Value::Text(t) => {
            let t = t.trim();
            ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"].iter().find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        }
        _ => None,
    }
}

/// A day and month without year ("3/4", "03/04"), in the year of `reference` (or the
/// next one when it would fall before it).
pub fn day_month(text: &str, reference: NaiveDate) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('/').collect();
    if parts.len() != 2 {
        return None;
    }
    let (d, m): (u32, u32) = (parts[0].trim().parse().ok()?, parts[1].trim().parse().ok()?);
    let this_year = NaiveDate::from_ymd_opt(reference.year(), m, d)?;
    if this_year >= reference { Some(this_year) } else { NaiveDate::from_ymd_opt(reference.year() + 1, m, d) }
}

/// A French phone number, `06 12 34 56 78`, from what a tracker holds: a number that lost
/// its leading zero (`612345678`), spaces, dots, dashes, `+33`, `0033` or `33`.
pub fn phone(value: &Value) -> Option<String> {
    let raw = text(value);
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && digits.starts_with("33") && !raw.trim_start().starts_with('+') {
        return normalize_phone(&format!("+{digits}"));
    }
    normalize_phone(&raw)
}

/// An e-mail address, in lower case.
pub fn email(value: &Value) -> Option<String> {
    let text = text(value).to_lowercase();
    crate::validation::is_email(&text).then_some(text)
}

/// A France Travail identifier: 7 to 11 letters and digits, in capitals.
pub fn france_travail_id(value: &Value) -> Option<String> {
    let compact: String = text(value).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    ((7..=11).contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_alphanumeric())).then_some(compact)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiretRead {
    Valid(String),
    /// Scientific notation that kept too few digits: the SIRET is lost.
    Scientific(String),
    Invalid(&'static str),
}

/// A SIRET from a text (spaces allowed), a number cell, or scientific notation
/// (`7,32829320000740E+13`); a number that lost its leading zero gets it back when the
/// check digits then hold.
pub fn siret(value: &Value) -> SiretRead {
    let raw = match value {
        Value::Number(n) if n.fract() == 0.0 && *n > 0.0 && *n < 1e15 => {
            let digits = format!("{n:.0}");
            // A number typed as 7,32829E+13 keeps its shown digits only: zeros after.
            if digits.len() == 14 && digits.ends_with("00000") && siret::parse_siret(&digits).is_err() {
                return SiretRead::Scientific(digits);
            }
            digits
        }
        other => text(other),
    };
    let compact: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let upper = compact.to_uppercase();
    if upper.contains('E') && upper.chars().all(|c| c.is_ascii_digit() || matches!(c, 'E' | '+' | ',' | '.')) {
        let mantissa_digits = upper.split('E').next().unwrap_or("").chars().filter(char::is_ascii_digit).count();
        let number: Option<f64> = upper.replace(',', ".").parse().ok();
        return match number {
            Some(n) if mantissa_digits >= 14 && n.fract() == 0.0 => checked(&format!("{n:.0}")),
            _ => SiretRead::Scientific(raw),
        };
    }
    checked(&compact)
}

fn checked(digits: &str) -> SiretRead {
    match siret::parse_siret(digits) {
        Ok(valid) => SiretRead::Valid(valid),
        Err(problem) => {
            if digits.len() == 13
                && let Ok(valid) = siret::parse_siret(&format!("0{digits}"))
            {
                return SiretRead::Valid(valid);
            }
            SiretRead::Invalid(problem.message())
        }
    }
}

/// A postcode of 5 digits, its lost leading zero restored (`1000` → `01000`).
pub fn postcode(value: &Value) -> Option<String> {
    let digits: String = text(value).chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        5 => Some(digits),
        4 => Some(format!("0{digits}")),
        _ => None,
    }
}

/// "DUPONT Marie", "Dupont, Marie" or "Marie Dupont" → (last name, first name, sure).
/// Upper-case words are the last name; otherwise the first word is the first name.
pub fn split_full_name(full: &str) -> Option<(String, String, bool)> {
    let full = full.trim();
    if let Some((last, first)) = full.split_once(',') {
        let (last, first) = (last.trim(), first.trim());
        return (!last.is_empty() && !first.is_empty()).then(|| (last.to_owned(), first.to_owned(), true));
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let is_upper = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() > 1 && w.to_uppercase() == w;
    let upper: Vec<&str> = words.iter().copied().filter(|w| is_upper(w)).collect();
    let other: Vec<&str> = words.iter().copied().filter(|w| !is_upper(w)).collect();
    if !upper.is_empty() && !other.is_empty() {
        return Some((upper.join(" "), other.join(" "), true));
    }
    Some((words[1..].join(" "), words[0].to_owned(), false))
}

pub fn consent_channel(value: &Value) -> Option<ConsentChannel> {
    let t = fold(&text(value));
    if t.contains("ecrit") || t.contains("sign") || t.contains("papier") || t.contains("formulaire") {
        Some(ConsentChannel::Written)
    } else if t.contains("oral") || t.contains("tel") || t.contains("entretien") {
        Some(ConsentChannel::Oral)
    } else if t.contains("ligne") || t.contains("mail") || t.contains("internet") || t.contains("web") {
        Some(ConsentChannel::Online)
    } else {
        None
    }
}

pub fn promotion_channel(value: &Value) -> Option<PromotionChannel> {
    let t = fold(&text(value));
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["mail", "courriel", "@"]) {
        Some(PromotionChannel::Email)
    } else if has(&["tel", "appel"]) {
        Some(PromotionChannel::Phone)
    } else if has(&["visite", "physique", "sur place", "deplacement"]) {
        Some(PromotionChannel::Visit)
    } else if has(&["forum", "salon", "job dating", "jobdating", "evenement", "rencontre"]) {
        Some(PromotionChannel::Event)
    } else if has(&["plateforme", "site", "en ligne", "lbb", "bonne boite", "internet"]) {
        Some(PromotionChannel::OnlinePlatform)
    } else {
        None
    }
}

/// What a tracker's status means for the promotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The event it records after the sending; `Sent` when the promotion is only sent.
    pub event: EventKind,
    pub contract_type: Option<ContractType>,
    pub reason: Option<RefusalReason>,
}

impl Status {
    pub fn of(event: EventKind) -> Self {
        Self { event, contract_type: None, reason: None }
    }
}

/// The events a tracker status can be mapped to (the UI offers these).
pub const STATUS_EVENTS: [EventKind; 11] = [
    EventKind::Sent,
    EventKind::Reminded,
    EventKind::Interested,
    EventKind::InterviewPlanned,
    EventKind::InformationRequested,
    EventKind::Refused,
    EventKind::NoAnswer,
    EventKind::Hired,
    EventKind::KeptOnFile,
    EventKind::NotRetained,
    EventKind::Withdrawn,
];

/// The contract a status names ("CDD 6 mois", "embauche en CDI", "intérim").
pub fn contract_in(folded: &str) -> Option<ContractType> {
    let has = |w: &str| folded.split(|c: char| !c.is_alphanumeric()).any(|word| word == w);
    if has("cdi") {
        Some(ContractType::Cdi)
    } else if has("cdd") {
        Some(ContractType::Cdd)
    } else if folded.contains("interim") || has("mission") {
        Some(ContractType::Interim)
    } else if folded.contains("apprenti") || folded.contains("alternance") {
        Some(ContractType::Apprenticeship)
    } else if folded.contains("contrat pro") || folded.contains("professionnalisation") {
        Some(ContractType::Professionalisation)
    } else if has("pec") || folded.contains("contrat aide") || has("cui") {
        Some(ContractType::SubsidisedContract)
    } else if has("iae") || has("cddi") || folded.contains("insertion") {
        Some(ContractType::Inclusion)
    } else if folded.contains("saison") {
        Some(ContractType::Seasonal)
    } else {
        None
    }
}

/// What separates a status from its detail (a refusal's reason, a hire's contract, an
/// interview's day) in `status_text`.
const DETAIL: &str = " – ";

/// A promotion's status as Profilence writes it in a list it exports (« Refusée – Pas de
/// poste à pourvoir », « Embauche – CDI », « Entretien prévu – 12/05/2026 »): `status`
/// reads it back exactly, so that the exported list imports as it was.
pub fn status_text(
    status: PromotionStatus,
    reason: Option<RefusalReason>,
    contract: Option<ContractType>,
    interview: Option<NaiveDate>,
) -> String {
    let detail = match status {
        PromotionStatus::Refused | PromotionStatus::NotRetained => reason.map(|r| r.label().to_owned()),
        PromotionStatus::Hired => contract.map(|c| c.label().to_owned()),
        PromotionStatus::InterviewPlanned => interview.map(crate::text::french_date),
        _ => None,
    };
    match detail {
        Some(detail) => format!("{}{DETAIL}{detail}", status.label()),
        None => status.label().to_owned(),
    }
}

/// `status_text` read back: a status's own label, alone or with the detail it writes
/// (any other detail is left to the free-text reading).
fn exported_status(raw: &str) -> Option<Status> {
    let (head, detail) = raw.trim().split_once(DETAIL).unwrap_or((raw.trim(), ""));
    let (head, detail) = (fold(head.trim()), fold(detail.trim()));
    let event = STATUS_EVENTS
        .into_iter()
        .find(|kind| crate::promotions::lifecycle::status_set_by(*kind).is_some_and(|s| fold(s.label()) == head))?;
    let reason = RefusalReason::ALL.iter().copied().find(|r| fold(r.label()) == detail);
    let contract_type = ContractType::ALL.iter().copied().find(|c| fold(c.label()) == detail);
    match event {
        EventKind::Refused | EventKind::NotRetained if detail.is_empty() || reason.is_some() => {
            Some(Status { event, contract_type: None, reason: Some(reason.unwrap_or(RefusalReason::Other)) })
        }
        EventKind::Hired if detail.is_empty() || contract_type.is_some() => {
            Some(Status { event, contract_type, reason: None })
        }
        EventKind::InterviewPlanned => Some(Status::of(event)),
        EventKind::Refused | EventKind::NotRetained | EventKind::Hired => None,
        _ if detail.is_empty() => Some(Status::of(event)),
        _ => None,
    }
}

/// The built-in reading of a free-text status; `None` when it says nothing known.
pub fn status(raw: &str) -> Option<Status> {
    if let Some(status) = exported_status(raw) {
        return Some(status);
    }
    let t = fold(raw.trim());
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let word = |words: &[&str]| t.split(|c: char| !c.is_alphanumeric()).any(|x| words.contains(&x));
    use EventKind as E;
    let status = if t.is_empty() || has(&["envoye", "transmis", "en attente", "attente", "en cours"]) {
        Status::of(E::Sent)
    } else if has(&["embauch", "recrut", "signe", "dpae", "en poste", "a commence"]) || contract_in(t).is_some() {
        Status { event: E::Hired, contract_type: contract_in(t), reason: None }
    } else if has(&["non retenu", "pas retenu", "non selectionne", "pas selectionne"]) {
        Status { event: E::NotRetained, contract_type: None, reason: Some(RefusalReason::Other) }
    } else if has(&["pas de retour", "sans retour", "sans reponse", "aucune reponse", "aucun retour", "pas de reponse"])
        || word(&["nrp"])
    {
        Status::of(E::NoAnswer)
    } else if has(&["pas de poste", "pas de besoin", "aucun besoin", "pas de recrutement", "complet"]) {
        Status { event: E::Refused, contract_type: None, reason: Some(RefusalReason::NoVacancy) }
    } else if has(&["deja recrute", "poste pourvu", "deja pourvu"]) {
        Status { event: E::Refused, contract_type: None, reason: Some(RefusalReason::AlreadyRecruited) }
    } else if has(&["refus", "negati", "defavorable"]) || word(&["non", "ko"]) {
        Status { event: E::Refused, contract_type: None, reason: Some(RefusalReason::Other) }
    } else if has(&["entretien", "rdv", "rendez-vous", "rendez vous", "convoque"]) {
        Status::of(E::InterviewPlanned)
    } else if has(&["cv conserve", "profil conserve", "garde le cv", "garde le profil", "cvtheque", "vivier"]) {
        Status::of(E::KeptOnFile)
    } else if has(&["info", "precision", "complement"]) {
        Status::of(E::InformationRequested)
    } else if has(&["relanc", "rappel"]) {
        Status::of(E::Reminded)
    } else if has(&["abandon", "desist", "retire", "annul"]) {
        Status::of(E::Withdrawn)
    } else if has(&["interess", "positi", "favorable", "a suivre"]) || word(&["ok", "oui"]) {
        Status::of(E::Interested)
    } else {
        return None;
    };
    Some(status)
}

/// The interview day a status names ("entretien le 3/4", "RDV 12/05/2025").
pub fn interview_day(raw: &str, reference: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let folded = fold(raw);
    folded
        .split(|c: char| !(c.is_ascii_digit() || c == '/' || c == '-' || c == '.'))
        .filter(|w| w.contains('/'))
        .find_map(|w| date_text(w, today).or_else(|| day_month(w, reference)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: fn() -> NaiveDate = || day(2026, 11, 22);

    #[test]
    fn dates_in_every_form_trackers_hold() {
        let expected = day(2025, 3, 12);
        for typed in [
            "12/03/2025",
            "12/03/25",
            "12-03-2025",
            "12.03.2025",
            "12 mars 2025",
            "12 Mars 2025",
            "2025-03-12",
            "2025-03-12T14:30:00",
            "12/03/2025 14:30",
            "45728",
        ] {
            assert_eq!(date(&Value::Text(typed.into()), TODAY()), Some(expected), "{typed}");
        }
        assert_eq!(date(&Value::Number(45728.0), TODAY()), Some(expected));
        assert_eq!(date(&Value::Text("1er février 2024".into()), TODAY()), Some(day(2024, 2, 1)));
        assert_eq!(date(&Value::Text("17/05/85".into()), TODAY()), Some(day(1985, 5, 17)), "a birth date");
        for bad in ["31/02/2025", "mars 2025", "bientôt", "12/2025", "2025"] {
            assert_eq!(date(&Value::Text(bad.into()), TODAY()), None, "{bad}");
        }
    }

    #[test]
    fn phones_that_lost_their_zero_or_carry_a_prefix() {
        for value in [
            Value::Number(612345678.0),
            Value::Text("06.12.34.56.78".into()),
            Value::Text("+33 6 12 34 56 78".into()),
            Value::Number(33612345678.0),
            Value::Text("06 12 34 56 78".into()),
        ] {
            assert_eq!(phone(&value).as_deref(), Some("06 12 34 56 78"), "{value:?}");
        }
        assert_eq!(phone(&Value::Text("12 34".into())), None);
    }

    #[test]
    fn sirets_as_numbers_text_or_scientific_notation() {
        let ok = SiretRead::Valid("73282932000074".into());
        assert_eq!(siret(&Value::Number(73282932000074.0)), ok);
        assert_eq!(siret(&Value::Text("732 829 320 00074".into())), ok);
        assert_eq!(siret(&Value::Text("7,3282932000074E+13".into())), ok);
        assert!(matches!(siret(&Value::Text("7,32829E+13".into())), SiretRead::Scientific(_)));
        assert!(matches!(siret(&Value::Number(73282900000000.0)), SiretRead::Scientific(_)));
        assert_eq!(siret(&Value::Number(6840388000013.0)), SiretRead::Valid("06840388000013".into()));
        assert!(matches!(siret(&Value::Text("73282932000075".into())), SiretRead::Invalid(m) if m.contains("Luhn")));
    }

    #[test]
    fn postcodes_get_their_zero_back() {
        assert_eq!(postcode(&Value::Number(1000.0)).as_deref(), Some("01000"));
        assert_eq!(postcode(&Value::Text("69 003".into())).as_deref(), Some("69003"));
        assert_eq!(postcode(&Value::Text("690".into())), None);
    }

    #[test]
    fn full_names_are_split() {
        assert_eq!(split_full_name("DUPONT Marie"), Some(("DUPONT".into(), "Marie".into(), true)));
        assert_eq!(split_full_name("Marie-Hélène LE GALL"), Some(("LE GALL".into(), "Marie-Hélène".into(), true)));
        assert_eq!(split_full_name("Dupont, Marie"), Some(("Dupont".into(), "Marie".into(), true)));
        assert_eq!(split_full_name("Marie Dupont"), Some(("Dupont".into(), "Marie".into(), false)));
        assert_eq!(split_full_name("Marie"), None);
    }

    /// Every status Profilence writes in an exported list reads back as it was.
    #[test]
    fn statuses_written_by_an_export_read_back_exactly() {
        use PromotionStatus as S;
        let interview = day(2026, 5, 12);
        for stated in S::ALL.iter().copied().filter(|s| *s != S::Draft) {
            let reasons: Vec<Option<RefusalReason>> = match stated {
                S::Refused | S::NotRetained => RefusalReason::ALL.iter().copied().map(Some).collect(),
                _ => vec![None],
            };
            let contracts: Vec<Option<ContractType>> = match stated {
                S::Hired => ContractType::ALL.iter().copied().map(Some).chain([None]).collect(),
                _ => vec![None],
            };
            for reason in &reasons {
                for contract in &contracts {
                    let text = status_text(stated, *reason, *contract, Some(interview));
                    let read = status(&text).unwrap_or_else(|| panic!("{text} not read"));
                    assert_eq!(crate::promotions::lifecycle::status_set_by(read.event), Some(stated), "{text}");
                    assert_eq!((read.reason, read.contract_type), (*reason, *contract), "{text}");
                    if stated == S::InterviewPlanned {
                        assert_eq!(interview_day(&text, day(2026, 5, 1), TODAY()), Some(interview), "{text}");
                    }
                }
            }
        }
        assert_eq!(moment(&Value::Text("12/03/2025 14:30:05".into())), day(2025, 3, 12).and_hms_opt(14, 30, 5));
        assert_eq!(moment(&Value::Text("12/03/2025 14:30".into())), day(2025, 3, 12).and_hms_opt(14, 30, 0));
        assert_eq!(moment(&Value::Text("12/03/2025".into())), None);
    }

    #[test]
    fn free_text_statuses() {
        use EventKind as E;
        let event = |s: &str| status(s).map(|s| s.event);
        assert_eq!(event("OK"), Some(E::Interested));
        assert_eq!(event("embauché(e)"), Some(E::Hired));
        assert_eq!(status("CDD 6 mois").and_then(|s| s.contract_type), Some(ContractType::Cdd));
        assert_eq!(
            status("Embauche en CDI").map(|s| (s.event, s.contract_type)),
            Some((E::Hired, Some(ContractType::Cdi)))
        );
        assert_eq!(event("pas de retour"), Some(E::NoAnswer));
        assert_eq!(event("refus"), Some(E::Refused));
        assert_eq!(status("Refus - pas de poste").and_then(|s| s.reason), Some(RefusalReason::NoVacancy));
        assert_eq!(event("entretien le 3/4"), Some(E::InterviewPlanned));
        assert_eq!(event("CV conservé"), Some(E::KeptOnFile));
        assert_eq!(event("relancé"), Some(E::Reminded));
        assert_eq!(event("non retenu"), Some(E::NotRetained));
        assert_eq!(event(""), Some(E::Sent));
        assert_eq!(event("voir avec Paul"), None);
        assert_eq!(status("Embauche – CDD 6 mois").and_then(|s| s.contract_type), Some(ContractType::Cdd));
        assert_eq!(status("Refusée – pas de poste").and_then(|s| s.reason), Some(RefusalReason::NoVacancy));
        assert_eq!(interview_day("entretien le 3/4", day(2025, 3, 12), TODAY()), Some(day(2025, 4, 3)));
        assert_eq!(interview_day("RDV 12/05/2025 à 10h", day(2025, 3, 12), TODAY()), Some(day(2025, 5, 12)));
    }
}
