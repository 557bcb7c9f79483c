//! SIRET (establishment, 14 digits) and SIREN (company, its first 9 digits), checked with
//! the Luhn algorithm as INSEE assigns them.

/// La Poste's SIREN: its establishments' SIRETs do not follow Luhn; their digit sum is a
/// multiple of 5 instead.
const LA_POSTE_SIREN: &str = "356000000";

pub fn luhn_valid(digits: &str) -> bool {
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && luhn_sum(digits).is_multiple_of(10)
}

fn luhn_sum(digits: &str) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum()
}

/// The digit that makes `prefix` + digit pass the Luhn check.
pub fn luhn_check_digit(prefix: &str) -> char {
    let with_zero = format!("{prefix}0");
    let remainder = luhn_sum(&with_zero) % 10;
    char::from(b'0' + ((10 - remainder) % 10) as u8)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiretProblem {
    Length,
    NotDigits,
    Checksum,
}

impl SiretProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Length => "Le SIRET doit comporter 14 chiffres.",
            Self::NotDigits => "Le SIRET ne doit contenir que des chiffres.",
            Self::Checksum => "Ce SIRET n'existe pas : la clé de contrôle (Luhn) est fausse. Vérifiez les chiffres.",
        }
    }
}

/// Normalises (spaces removed) and checks a SIRET.
pub fn parse_siret(value: &str) -> Result<String, SiretProblem> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if !compact.chars().all(|c| c.is_ascii_digit()) {
        return Err(SiretProblem::NotDigits);
    }
    if compact.len() != 14 {
        return Err(SiretProblem::Length);
    }
    let valid = if compact.starts_with(LA_POSTE_SIREN) {
        compact.bytes().map(|b| u32::from(b - b'0')).sum::<u32>().is_multiple_of(5)
    } else {
        luhn_valid(&compact) && luhn_valid(&compact[..9])
    };
    if valid { Ok(compact) } else { Err(SiretProblem::Checksum) }
}

pub fn siren_of(siret: &str) -> &str {
    siret.get(..9).unwrap_or(siret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_good_and_bad_sirets() {
        // Built with the check digits: SIREN 73282932 + 0, then NIC 0007 + 4.
        assert_eq!(parse_siret("732 829 320 00074"), Ok("73282932000074".to_owned()));
        assert_eq!(parse_siret("73282932000075"), Err(SiretProblem::Checksum));
        assert_eq!(parse_siret("7328293200007"), Err(SiretProblem::Length));
        assert_eq!(parse_siret("7328293200007A"), Err(SiretProblem::NotDigits));
        // La Poste: digit sum multiple of 5, Luhn not required.
        assert_eq!(parse_siret("35600000000047"), Ok("35600000000047".to_owned()));
        assert_eq!(siren_of("73282932000074"), "732829320");
    }

    #[test]
    fn check_digit_completes_any_prefix() {
        for prefix in ["12345678", "9999999", "0000000000001", "732829320"] {
            let full = format!("{prefix}{}", luhn_check_digit(prefix));
            assert!(luhn_valid(&full), "{full}");
            let wrong_digit = (full.as_bytes()[full.len() - 1] - b'0' + 1) % 10;
            let wrong = format!("{prefix}{wrong_digit}");
            assert!(!luhn_valid(&wrong), "{wrong}");
        }
    }
}
