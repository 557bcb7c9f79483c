//! The recovery code: what opens the backups on any computer. Either a code the app draws
//! from the operating system's random source — 27 characters of Crockford's base 32 (135
//! bits) and a check character (mod 37), written in seven groups of four — or a
//! passphrase the counsellor chooses (at least `PASSPHRASE_MIN_CHARS` characters and
//! `PASSPHRASE_MIN_WORDS` words). Either is the SQLCipher passphrase of every backup
//! (PBKDF2-HMAC-SHA512, 256,000 iterations, the salt in the file's first 16 bytes).
//!
//! Each code has an identity — four random characters and the day it was made — written
//! beside and inside each backup, so that an old backup says which code it needs.

use std::fmt;

use chrono::NaiveDate;
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::error::BackupError;

/// Crockford's base 32: no I, L, O, U (read as 1, 1, 0; U is a check symbol only).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// The check symbols, mod 37: the alphabet and five more.
const CHECK_SYMBOLS: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
/// Random characters of a code, before its check character.
pub const CODE_DATA_CHARS: usize = 27;
/// A code's length as written, without its dashes.
pub const CODE_CHARS: usize = CODE_DATA_CHARS + 1;
const GROUP: usize = 4;
pub const PASSPHRASE_MIN_CHARS: usize = 20;
pub const PASSPHRASE_MIN_WORDS: usize = 4;
/// Characters of a code's identity.
const ID_CHARS: usize = 4;

/// A generated code or a chosen passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RecoveryCodeKind")]
pub enum CodeKind {
    Code,
    Passphrase,
}

/// Which code a backup needs: its id and the day it was made (never the code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "RecoveryCodeIdentity")]
pub struct CodeIdentity {
    pub id: String,
    pub made: NaiveDate,
    pub kind: CodeKind,
}

impl CodeIdentity {
    /// « code K7QF du 05/12/2026 », « phrase de passe K7QF du 05/12/2026 ».
    pub fn label(&self) -> String {
        let what = match self.kind {
            CodeKind::Code => "code",
            CodeKind::Passphrase => "phrase de passe",
        };
        format!("{what} {} du {}", self.id, crate::text::french_date(self.made))
    }

    /// The label with its article: « le code K7QF du … », « la phrase de passe K7QF du … ».
    pub fn needed(&self) -> String {
        let article = match self.kind {
            CodeKind::Code => "le",
            CodeKind::Passphrase => "la",
        };
        format!("{article} {}", self.label())
    }
}

/// What opens a backup: a code's canonical form (28 characters, no dashes) or a
/// passphrase (trimmed, NFC, single spaces). Never printed, wiped when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// What the counsellor typed to open a backup: a code (dashes, spaces and case do not
    /// matter; I and L read as 1, O as 0), checked by its check character, or else a
    /// passphrase as it was chosen.
    pub fn entered(text: &str) -> Result<Self, BackupError> {
        match parse_code(text) {
            Parsed::Code(code) => Ok(Self(code)),
            Parsed::Mistyped(message) => Err(BackupError::Code(message)),
            Parsed::NotACode => {
                let phrase = normalise_phrase(text);
                if phrase.is_empty() {
                    return Err(BackupError::Code("Saisissez le code de récupération.".to_owned()));
                }
                Ok(Self(phrase))
            }
        }
    }
}

/// A code kept for this database: its secret and its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryCode {
    pub secret: Secret,
    pub identity: CodeIdentity,
}

impl RecoveryCode {
    /// A new code from the operating system's random source, made `today`.
    pub fn generate(today: NaiveDate) -> Result<Self, BackupError> {
        let mut data = Zeroizing::new(String::with_capacity(CODE_CHARS));
        for index in random_indexes(CODE_DATA_CHARS)?.iter() {
            data.push(char::from(ALPHABET[usize::from(*index)]));
        }
        let check = check_symbol(&data);
        data.push(check);
        Ok(Self { secret: Secret(data), identity: new_identity(CodeKind::Code, today)? })
    }

    /// A passphrase the counsellor chose, refused when it is too short or could be read
    /// as a mistyped code.
    pub fn passphrase(text: &str, today: NaiveDate) -> Result<Self, BackupError> {
        let phrase = normalise_phrase(text);
        let chars = phrase.chars().count();
        let words = phrase.split(' ').filter(|w| !w.is_empty()).count();
        if chars < PASSPHRASE_MIN_CHARS || words < PASSPHRASE_MIN_WORDS {
            return Err(BackupError::Code(format!(
                "La phrase de passe doit compter au moins {PASSPHRASE_MIN_CHARS} caractères et \
                 {PASSPHRASE_MIN_WORDS} mots (elle en a {chars} et {words}) : par exemple quatre mots sans lien \
                 entre eux."
            )));
        }
        if !matches!(parse_code(&phrase), Parsed::NotACode) {
            return Err(BackupError::Code(
                "Cette phrase de passe ressemble à un code de récupération : ajoutez un mot ou un signe \
                 (accent, apostrophe…)."
                    .to_owned(),
            ));
        }
        Ok(Self { secret: Secret(phrase), identity: new_identity(CodeKind::Passphrase, today)? })
    }

    /// The code as it is written down: « 7K2M-Q9XA-… » (a passphrase as it is).
    pub fn display(&self) -> Zeroizing<String> {
        match self.identity.kind {
            CodeKind::Passphrase => self.secret.0.clone(),
            CodeKind::Code => {
                let chars: Vec<char> = self.secret.0.chars().collect();
                let groups: Vec<String> = chars.chunks(GROUP).map(|g| g.iter().collect()).collect();
                Zeroizing::new(groups.join("-"))
            }
        }
    }
}

enum Parsed {
    Code(Zeroizing<String>),
    /// It is written as a code, and is not a valid one: the message says why.
    Mistyped(String),
    NotACode,
}

/// Reads `text` as a code: only code characters once dashes and spaces are gone, in one
/// run or in groups of at most four, and about a code's length; then its length and check
/// character. Words of a passphrase are longer than a group.
fn parse_code(text: &str) -> Parsed {
    let groups: Vec<&str> = text.split(|c: char| c == '-' || c.is_whitespace()).filter(|g| !g.is_empty()).collect();
    if groups.len() > 1 && groups.iter().any(|g| g.chars().count() > GROUP) {
        return Parsed::NotACode;
    }
    let mut code = Zeroizing::new(String::with_capacity(CODE_CHARS));
    for c in text.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        };
        if !c.is_ascii() || !CHECK_SYMBOLS.contains(&(c as u8)) {
            return Parsed::NotACode;
        }
        code.push(c);
    }
    let length = code.chars().count();
    if !(CODE_CHARS - 4..=CODE_CHARS + 4).contains(&length) {
        return Parsed::NotACode;
    }
    if length != CODE_CHARS {
        return Parsed::Mistyped(format!(
            "Le code de récupération compte {CODE_CHARS} caractères (7 groupes de 4) : {length} ont été saisis."
        ));
    }
    let (data, check) = code.split_at(CODE_DATA_CHARS);
    if let Some(bad) = data.chars().find(|c| !ALPHABET.contains(&(*c as u8))) {
        return Parsed::Mistyped(format!(
            "Le caractère « {bad} » ne peut être que le dernier du code de récupération : relisez le code."
        ));
    }
    if !check.starts_with(check_symbol(data)) {
        return Parsed::Mistyped(
            "Le code de récupération contient une faute de frappe (son caractère de contrôle, le dernier, ne \
             correspond pas) : relisez-le, groupe par groupe."
                .to_owned(),
        );
    }
    Parsed::Code(code)
}

/// Crockford's check symbol: the code's value mod 37.
fn check_symbol(data: &str) -> char {
    let rest = data.bytes().fold(0usize, |rest, c| {
        let value = ALPHABET.iter().position(|a| *a == c).unwrap_or(0);
        (rest * 32 + value) % 37
    });
    char::from(CHECK_SYMBOLS[rest])
}

fn normalise_phrase(text: &str) -> Zeroizing<String> {
    let nfc: Zeroizing<String> = Zeroizing::new(text.nfc().collect());
    Zeroizing::new(nfc.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `count` indexes into the alphabet, from the OS's random source, without bias (32
/// divides 256).
fn random_indexes(count: usize) -> Result<Zeroizing<Vec<u8>>, BackupError> {
    let mut bytes = Zeroizing::new(vec![0u8; count]);
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| BackupError::Code(format!("Impossible de tirer un code au hasard : {e}")))?;
    for byte in bytes.iter_mut() {
        *byte %= 32;
    }
    Ok(bytes)
}

fn new_identity(kind: CodeKind, today: NaiveDate) -> Result<CodeIdentity, BackupError> {
    let id = random_indexes(ID_CHARS)?.iter().map(|i| char::from(ALPHABET[usize::from(*i)])).collect();
    Ok(CodeIdentity { id, made: today, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
    }

    #[test]
    fn a_generated_code_is_grouped_and_reads_back_in_any_case_and_spacing() {
        let code = RecoveryCode::generate(day()).unwrap();
        let shown = code.display();
        assert_eq!(shown.len(), CODE_CHARS + 6, "{}", shown.as_str());
        assert!(shown.split('-').all(|g| g.len() == 4));
        assert_eq!(Secret::entered(&shown).unwrap(), code.secret);
        let relaxed = shown.replace('-', " ").to_lowercase();
        assert_eq!(Secret::entered(&relaxed).unwrap(), code.secret);
        assert_ne!(RecoveryCode::generate(day()).unwrap().secret, code.secret);
        assert_eq!(code.identity.id.len(), 4);
        assert!(code.identity.label().starts_with("code ") && code.identity.label().ends_with(" du 05/12/2026"));
    }

    #[test]
    fn every_single_typo_and_swap_is_caught_by_the_check_character() {
        let code = RecoveryCode::generate(day()).unwrap();
        let chars: Vec<char> = code.secret.as_str().chars().collect();
        for position in 0..CODE_DATA_CHARS {
            for &other in ALPHABET.iter() {
                let other = char::from(other);
                if other == chars[position] {
                    continue;
                }
                let mut typo = chars.clone();
                typo[position] = other;
                let text: String = typo.iter().collect();
                let error = Secret::entered(&text).unwrap_err();
                assert!(error.to_string().contains("faute de frappe"), "{error}");
            }
            if position + 1 < CODE_DATA_CHARS && chars[position] != chars[position + 1] {
                let mut swapped = chars.clone();
                swapped.swap(position, position + 1);
                let text: String = swapped.iter().collect();
                assert!(Secret::entered(&text).is_err(), "swap at {position}");
            }
        }
        let short: String = chars[1..].iter().collect();
        let error = Secret::entered(&short).unwrap_err();
        assert!(error.to_string().contains("27 ont été saisis"), "{error}");
    }

    #[test]
    fn a_passphrase_must_be_long_enough_and_not_look_like_a_code() {
        let weak = RecoveryCode::passphrase("chat noir", day()).unwrap_err();
        assert!(weak.to_string().contains("au moins 20 caractères et 4 mots"), "{weak}");
        let chosen = RecoveryCode::passphrase("  le  phare de  Ploumanac’h veille ", day()).unwrap();
        assert_eq!(chosen.identity.kind, CodeKind::Passphrase);
        assert_eq!(chosen.secret.as_str(), "le phare de Ploumanac’h veille");
        assert_eq!(Secret::entered("le phare de Ploumanac’h   veille").unwrap(), chosen.secret);
        let code_like = RecoveryCode::passphrase("ABCD EFGH JKMN PQRS TVWX YZ01 2345", day()).unwrap_err();
        assert!(code_like.to_string().contains("ressemble à un code"), "{code_like}");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let code = RecoveryCode::generate(day()).unwrap();
        let shown = format!("{code:?}");
        assert!(!shown.contains(code.secret.as_str()), "{shown}");
    }
}
