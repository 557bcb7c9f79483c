//! Form checks shared by every domain module. Each problem names its field (camelCase, as
//! the UI names it) and says in French what is wrong.

use chrono::NaiveDate;

use crate::{Error, FieldError, Result};

/// Collects field errors, so that a form shows all of them at once.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A mandatory text: trimmed, not empty, at most `max` characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, "Ce champ est obligatoire.");
        } else {
            self.max_len(field, value, max);
        }
        value.to_owned()
    }

    /// An optional text: trimmed, empty means absent.
    pub fn optional(&mut self, field: &str, value: &str, max: usize) -> Option<String> {
        let value = value.trim();
        self.max_len(field, value, max);
        (!value.is_empty()).then(|| value.to_owned())
    }

    fn max_len(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, format!("{max} caractères au maximum."));
        }
    }

    pub fn email(&mut self, field: &str, value: &str) -> Option<String> {
        let value = self.optional(field, value, 254)?;
        if is_email(&value) {
            Some(value.to_lowercase())
        } else {
            self.add(field, "Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).");
            None
        }
    }

    pub fn phone(&mut self, field: &str, value: &str) -> Option<String> {
        let raw = self.optional(field, value, 30)?;
        let normalised = normalize_phone(&raw);
        if normalised.is_none() {
            self.add(field, "Numéro de téléphone invalide (10 chiffres, par exemple 06 12 34 56 78).");
        }
        normalised
    }

    pub fn postcode(&mut self, field: &str, value: &str) -> Option<String> {
        let value = self.optional(field, value, 5)?;
        if value.len() == 5 && value.bytes().all(|b| b.is_ascii_digit()) {
            Some(value)
        } else {
            self.add(field, "Code postal invalide (5 chiffres).");
            None
        }
    }

    /// An ISO date (`YYYY-MM-DD`, as date inputs send it); empty means absent.
    pub fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.add(field, "Date invalide (format attendu : AAAA-MM-JJ).");
        }
        parsed
    }

    pub fn required_date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        if value.trim().is_empty() {
            self.add(field, "Ce champ est obligatoire.");
            return None;
        }
        self.date(field, value)
    }

    pub fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() { Ok(()) } else { Err(Error::Validation(self.errors)) }
    }
}

pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// A French phone number in its usual written form, `06 12 34 56 78`. Accepts spaces,
/// dots, dashes, `+33`/`0033` prefixes and a lost leading zero (`612345678`).
pub fn normalize_phone(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let (international, rest) =
        if let Some(rest) = trimmed.strip_prefix('+') { (true, rest) } else { (false, trimmed) };
    if rest.chars().any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))) {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let national = match (international, digits.as_str()) {
        (true, d) if d.starts_with("33") => format!("0{}", d[2..].trim_start_matches("(0)").trim_start_matches('0')),
        (true, _) => return None,
        (false, d) if d.starts_with("0033") => format!("0{}", d[4..].trim_start_matches('0')),
        (false, d) if d.len() == 9 && !d.starts_with('0') => format!("0{d}"),
        (false, d) => d.to_owned(),
    };
    if national.len() != 10 || !national.starts_with('0') || national.as_bytes()[1] == b'0' {
        return None;
    }
    let pairs: Vec<&str> = (0..5).map(|i| &national[i * 2..i * 2 + 2]).collect();
    Some(pairs.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_every_usual_form() {
        for raw in [
            "06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "+33 6 12 34 56 78",
            "+33612345678",
            "0033612345678",
            "612345678",
        ] {
            assert_eq!(normalize_phone(raw).as_deref(), Some("06 12 34 56 78"), "{raw}");
        }
        for bad in ["", "12345", "06 12 34 56 7", "+44 20 7946 0958", "06 12 34 56 78 90", "abc", "00 12 34 56 78"] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(is_email("camille.durand@exemple.fr"));
        assert!(is_email("a+b@sous.domaine.example.org"));
        for bad in [
            "camille",
            "camille@",
            "@exemple.fr",
            "camille@exemple",
            "ca mille@exemple.fr",
            "a@b@c.fr",
            "a@.fr",
            "a@exemple..fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn checker_names_each_bad_field() {
        let mut check = Checker::new();
        check.required("lastName", "  ", 10);
        check.email("email", "pas-un-email");
        check.postcode("postcode", "7500");
        check.date("birthDate", "31/02/2000");
        assert_eq!(check.email("ok", " Camille@Exemple.FR ").as_deref(), Some("camille@exemple.fr"));
        let Err(Error::Validation(errors)) = check.finish() else { panic!("expected errors") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lastName", "email", "postcode", "birthDate"]);
    }
}
