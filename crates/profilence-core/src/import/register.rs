//! What the company registers hold, read as Profilence stores it: NAF codes (`1071C`,
//! `10.71C`, `10.71C - Boulangerie…`), headcount bands (SIRENE's codes `00`…`53`, the
//! French labels « 10 à 19 salariés », or a headcount), SIRENE's « catégorie juridique »
//! and INSEE commune codes.

use std::collections::HashMap;

use super::{read::Value, values};
use crate::{
    choices::{HeadcountBand, LegalNature},
    text::fold,
};

/// A commune of the referential: INSEE code, postcode, official name.
pub(super) type Place = (String, String, String);

/// What a company list names, looked up once per import (`lookups`).
#[derive(Default)]
pub(super) struct Cache {
    /// Whether each NAF code is in the referential (`None`: no NAF referential).
    pub(super) naf: HashMap<String, Option<bool>>,
    /// The postcodes and names of each INSEE code.
    pub(super) by_code: HashMap<String, Vec<Place>>,
    /// The communes of each folded name.
    pub(super) by_name: HashMap<String, Vec<Place>>,
    pub(super) communes_loaded: Option<bool>,
}

/// A NAF sub-class written as companies store it (`10.71C`), from `1071C`, `10.71C`,
/// `10 71 C` or a code followed by its label; `None` when the cell holds no such code.
pub fn naf_code(value: &Value) -> Option<String> {
    let text = values::text(value).to_uppercase();
    let mut code = String::with_capacity(5);
    let mut rest = text.chars();
    for c in rest.by_ref() {
        if c.is_ascii_alphanumeric() {
            code.push(c);
            if code.len() == 5 {
                break;
            }
        } else if c != '.' && !c.is_whitespace() {
            break;
        }
    }
    // The code ends there: a label may follow, not another letter or digit.
    let ends = rest.next().is_none_or(|c| !c.is_alphanumeric());
    let bytes = code.as_bytes();
    let valid = ends && bytes.len() == 5 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4].is_ascii_uppercase();
    valid.then(|| format!("{}.{}", &code[..2], &code[2..]))
}

/// A headcount band as a register or a list writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandRead {
    Band(HeadcountBand),
    /// SIRENE's `NN`: a unit that employs nobody and has no band.
    NoBand,
    Unreadable,
}

/// The band of a « tranche d'effectif » cell: SIRENE's code (`11`, or `1` for `01` when
/// the spreadsheet dropped the zero), its label (« 10 à 19 salariés ») or a range (`10-19`).
pub fn headcount_band(value: &Value) -> BandRead {
    let text = values::text(value);
    let code = match value {
        Value::Number(n) if n.fract() == 0.0 && (0.0..100.0).contains(n) => Some(format!("{n:02.0}")),
        _ if !text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("{text:0>2}"))
        }
        _ => None,
    };
    match code {
        Some(code) => HeadcountBand::from_code(&code).map_or(BandRead::Unreadable, BandRead::Band),
        None => in_words(&text),
    }
}

/// The band of a headcount (« 35 »), or of a range or label like `headcount_band`'s.
pub fn headcount(value: &Value) -> BandRead {
    match value {
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 => BandRead::Band(band_of(*n as u64)),
        _ => in_words(&values::text(value)),
    }
}

fn in_words(text: &str) -> BandRead {
    let folded = fold(text.trim());
    if folded == "nn" || folded.contains("non employeu") || folded.contains("sans salarie") {
        return BandRead::NoBand;
    }
    first_number(&folded).map_or(BandRead::Unreadable, |n| BandRead::Band(band_of(n)))
}

/// The first whole number of a text, its thousands apart or not (« 1 000 à 1 999 »).
fn first_number(text: &str) -> Option<u64> {
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().position(char::is_ascii_digit)?;
    let mut digits = String::new();
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            digits.push(c);
            i += 1;
        } else if matches!(c, ' ' | '\u{a0}' | '\u{202f}')
            && chars.get(i + 1..i + 4).is_some_and(|group| group.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            i += 1; // A thousands separator.
        } else {
            break;
        }
    }
    digits.parse().ok()
}

/// The band a headcount falls in.
fn band_of(headcount: u64) -> HeadcountBand {
    use HeadcountBand as B;
    match headcount {
        0 => B::None,
        1..=2 => B::From1,
        3..=5 => B::From3,
        6..=9 => B::From6,
        10..=19 => B::From10,
        20..=49 => B::From20,
        50..=99 => B::From50,
        100..=199 => B::From100,
        200..=249 => B::From200,
        250..=499 => B::From250,
        500..=999 => B::From500,
        1000..=1999 => B::From1000,
        2000..=4999 => B::From2000,
        5000..=9999 => B::From5000,
        _ => B::From10000,
    }
}

/// A company's legal nature (as hiring aids see it) from SIRENE's « catégorie juridique » (4 digits,
/// `5710`, or `5710 - SAS…`) or a legal form in words (« SARL », « Association
/// déclarée »). `None` when it does not tell.
///
/// By code: 4xxx and 7xxx are public bodies; 9221 (association d'insertion par
/// l'économique) and 9222 (association intermédiaire) are insertion structures; other
/// 92xx are associations; 1xxx, 2xxx, 3xxx, 5xxx, 6xxx and 91xx are private. Specialised
/// bodies (8xxx: social security, mutual insurers, works councils), foundations (93xx)
/// and other private legal persons (99xx) are left to the counsellor.
pub fn legal_nature(text: &str) -> Option<LegalNature> {
    use LegalNature as N;
    let compact: String =
        text.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').filter(|c| *c != '.').collect();
    if compact.len() == 4 {
        return match (compact.as_bytes()[0], &compact[..2], compact.as_str()) {
            (_, _, "9221" | "9222") => Some(N::Insertion),
            (_, "92", _) => Some(N::Association),
            (_, "91", _) | (b'1' | b'2' | b'3' | b'5' | b'6', ..) => Some(N::Private),
            (b'4' | b'7', ..) => Some(N::Public),
            _ => None,
        };
    }
    let folded = fold(text);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    let says = |phrase: &str| folded.contains(phrase);
    if says("insertion") || says("association intermediaire") {
        Some(N::Insertion)
    } else if says("entreprise adaptee") || has("esat") || has("ea") {
        Some(N::Adapted)
    } else if has("association") {
        Some(N::Association)
    } else if says("etablissement public")
        || says("collectivite")
        || has("epci")
        || says("syndicat intercommunal")
        || says("syndicat mixte")
        || (has("commune") && !has("societe"))
        || has("departement")
        || has("region")
    {
        Some(N::Public)
    } else if [
        "sarl", "sas", "sasu", "sa", "eurl", "snc", "sca", "scs", "sci", "scop", "selarl", "earl", "gaec", "ei", "eirl",
    ]
    .iter()
    .any(|w| has(w))
        || has("societe")
        || says("entreprise privee")
        || says("entrepreneur individuel")
        || says("entreprise individuelle")
        || says("micro-entrepreneur")
        || says("auto-entrepreneur")
    {
        Some(N::Private)
    } else {
        None
    }
}

/// An INSEE commune code (`69383`, `2A004`), in capitals; `None` for anything else.
pub fn insee_code(text: &str) -> Option<String> {
    let code = text.trim().to_uppercase();
    let bytes = code.as_bytes();
    let valid = bytes.len() == 5
        && bytes[2..].iter().all(u8::is_ascii_digit)
        && (bytes[..2].iter().all(u8::is_ascii_digit) || code.starts_with("2A") || code.starts_with("2B"));
    valid.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeadcountBand as B;

    fn text(t: &str) -> Value {
        Value::Text(t.to_owned())
    }

    #[test]
    fn naf_codes_as_registers_write_them() {
        for written in ["1071C", "10.71C", "10.71c", " 10 71 C ", "10.71C - Boulangerie et boulangerie-pâtisserie"] {
            assert_eq!(naf_code(&text(written)).as_deref(), Some("10.71C"), "{written}");
        }
        for wrong in ["10.71", "Boulangerie", "107C", "1071CC2", "AB.12C", ""] {
            assert_eq!(naf_code(&text(wrong)), None, "{wrong}");
        }
        assert_eq!(naf_code(&Value::Number(10.71)), None);
    }

    #[test]
    fn headcount_bands_from_codes_labels_ranges_and_headcounts() {
        assert_eq!(headcount_band(&text("11")), BandRead::Band(B::From10));
        assert_eq!(headcount_band(&text("00")), BandRead::Band(B::None));
        assert_eq!(headcount_band(&text("2")), BandRead::Band(B::From3), "01…03 lose their zero in a number cell");
        assert_eq!(headcount_band(&Value::Number(3.0)), BandRead::Band(B::From6));
        assert_eq!(headcount_band(&Value::Number(53.0)), BandRead::Band(B::From10000));
        assert_eq!(headcount_band(&text("NN")), BandRead::NoBand);
        assert_eq!(headcount_band(&text("Unités non employeuses")), BandRead::NoBand);
        assert_eq!(headcount_band(&text("10 à 19 salariés")), BandRead::Band(B::From10));
        assert_eq!(headcount_band(&text("1 ou 2 salariés")), BandRead::Band(B::From1));
        assert_eq!(headcount_band(&text("1 000 à 1 999 salariés")), BandRead::Band(B::From1000));
        assert_eq!(headcount_band(&text("10\u{202f}000 salariés et plus")), BandRead::Band(B::From10000));
        assert_eq!(headcount_band(&text("50-99")), BandRead::Band(B::From50));
        assert_eq!(headcount_band(&text("0 salarié")), BandRead::Band(B::None));
        assert_eq!(headcount_band(&text("13")), BandRead::Unreadable, "no such code");
        assert_eq!(headcount_band(&text("beaucoup")), BandRead::Unreadable);
        assert_eq!(headcount(&text("35")), BandRead::Band(B::From20));
        assert_eq!(headcount(&Value::Number(12.0)), BandRead::Band(B::From10), "a headcount, not a code");
        assert_eq!(headcount(&text("250 à 499")), BandRead::Band(B::From250));
    }

    #[test]
    fn legal_natures_from_sirene_categories_and_words() {
        use LegalNature as N;
        for (category, nature) in [
            ("5710", Some(N::Private)),
            ("5499", Some(N::Private)),
            ("1000", Some(N::Private)),
            ("6540", Some(N::Private)),
            ("9220", Some(N::Association)),
            ("9230", Some(N::Association)),
            ("9221", Some(N::Insertion)),
            ("9222", Some(N::Insertion)),
            ("7210", Some(N::Public)),
            ("7344", Some(N::Public)),
            ("4110", Some(N::Public)),
            ("8210", None),
            ("9300", None),
            ("57.10", Some(N::Private)),
            ("9220 - Association déclarée", Some(N::Association)),
            ("SARL", Some(N::Private)),
            ("Société par actions simplifiée", Some(N::Private)),
            ("Association déclarée", Some(N::Association)),
            ("Atelier et chantier d'insertion", Some(N::Insertion)),
            ("Entreprise adaptée", Some(N::Adapted)),
            ("Commune et commune nouvelle", Some(N::Public)),
            ("Établissement public local d'enseignement", Some(N::Public)),
            ("", None),
            ("123", None),
        ] {
            assert_eq!(legal_nature(category), nature, "{category}");
        }
        // The labels Profilence itself writes (an exported list) read back as they were.
        for nature in N::ALL {
            assert_eq!(legal_nature(nature.label()), Some(*nature), "{}", nature.label());
        }
    }

    #[test]
    fn insee_codes() {
        assert_eq!(insee_code("69383").as_deref(), Some("69383"));
        assert_eq!(insee_code("2a004").as_deref(), Some("2A004"));
        assert_eq!(insee_code("Lyon"), None);
        assert_eq!(insee_code("6938"), None);
    }
}
