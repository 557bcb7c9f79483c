//! Text as search sees it: lower case, without accents ("Électricien" → "electricien",
//! "Cœur" → "coeur"), and the FTS5 queries built from what the counsellor types; numbers,
//! dates and lists as French writes them.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// `text` in lower case, accents and ligatures folded to plain letters, apostrophes unified.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            '’' | 'ʼ' | '`' => folded.push('\''),
            c => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// `n` with its thousands apart, as French writes them: 200000 → "200 000" (a narrow
/// no-break space, which never breaks the number across lines).
pub fn french_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// `x` with one decimal at most, as French writes it: `12,5`, `12` (rounded half away
/// from zero, as the window's `Intl.NumberFormat` does).
pub fn french_decimal(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    let text = format!("{rounded:.1}").replace('.', ",");
    text.strip_suffix(",0").map_or_else(|| text.clone(), str::to_owned)
}

/// A number with one decimal, always, the French way: `12,5`, `7,0` (a column of them
/// aligns, and spreadsheets read it as a number).
pub fn fixed_decimal(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// A fraction as a percentage, without the sign: 0.125 → `12,5`.
pub fn french_percent(fraction: f64) -> String {
    french_decimal(fraction * 100.0)
}

/// `12,5 %`, or `—` when there is nothing to measure.
pub fn french_rate(fraction: Option<f64>) -> String {
    fraction.map_or_else(|| "—".to_owned(), |f| format!("{}\u{a0}%", french_percent(f)))
}

/// `7,5 j`, or `—` when there is nothing to measure.
pub fn french_days(days: Option<f64>) -> String {
    days.map_or_else(|| "—".to_owned(), |d| format!("{}\u{a0}j", french_decimal(d)))
}

/// French month names, January first.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2026-12-31`: how dates are stored and sent to forms.
pub fn iso_date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// `31/12/2026`.
pub fn french_date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// A moment as French writes it: `31/12/2026 14:05`.
pub fn french_moment(moment: chrono::NaiveDateTime) -> String {
    moment.format("%d/%m/%Y %H:%M").to_string()
}

/// "3 mars 2026", "1er avril 2026".
pub fn long_date(day: NaiveDate) -> String {
    let month = MONTHS.get(day.month0() as usize).copied().unwrap_or_default();
    let d = if day.day() == 1 { "1er".to_owned() } else { day.day().to_string() };
    format!("{d} {month} {}", day.year())
}

/// "a", "a et b", "a, b et c".
/// Whether a spreadsheet would run `cell` as a formula: it starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return — a signed number (« -3 », « -12,5 % ») aside, which only
/// reads as the number it is.
pub fn runs_as_formula(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else { return false };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    let rest = &cell[first.len_utf8()..];
    let signed_number = matches!(first, '+' | '-')
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '%'));
    !signed_number
}

/// `cell` as a CSV cell no spreadsheet runs: a leading apostrophe when it would.
pub fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if runs_as_formula(cell) { format!("'{cell}").into() } else { cell.into() }
}

pub fn french_list(items: Vec<String>) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
    }
}

/// The words of `text`, folded: runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// An FTS5 query where every typed word must appear, the last ones as prefixes
/// ("mart boul" finds "Martin, boulanger"); `None` when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let words = words(text);
    if words.is_empty() {
        return None;
    }
    // Words are alphanumeric only, so quoting them is enough to make them literal.
    Some(words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" "))
}

/// A `LIKE` pattern matching `word` anywhere (wildcards in it taken literally).
pub fn contains_pattern(word: &str) -> String {
    let mut pattern = String::with_capacity(word.len() + 2);
    pattern.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_spreadsheet_would_run_is_quoted_and_numbers_are_not() {
        for formula in ["=HYPERLINK(\"http://x\")", "+A1", "-2+3", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\r=1"] {
            assert!(runs_as_formula(formula), "{formula:?}");
            assert_eq!(inert_cell(formula), format!("'{formula}"));
        }
        for plain in ["Léa Martin", "+33 6 12 34 56 78", "", "a=b", "-3", "-12,5 %", "+4"] {
            assert_eq!(inert_cell(plain), plain);
        }
    }

    #[test]
    fn folds_french_accents_ligatures_and_case() {
        assert_eq!(fold("Électricien / Électricienne"), "electricien / electricienne");
        assert_eq!(fold("Pâtissier Œuvre cœur Ægir"), "patissier oeuvre coeur aegir");
        assert_eq!(fold("L’Haÿ-les-Roses"), "l'hay-les-roses");
        assert_eq!(fold("Nguyễn Çelik"), "nguyen celik");
    }

    #[test]
    fn numbers_the_french_way() {
        assert_eq!(french_count(7), "7");
        assert_eq!(french_count(1234), "1\u{202f}234");
        assert_eq!(french_count(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(french_rate(Some(0.125)), "12,5\u{a0}%");
        assert_eq!(french_rate(Some(0.12)), "12\u{a0}%");
        assert_eq!(french_rate(Some(4.0 / 7.0)), "57,1\u{a0}%");
        assert_eq!(french_rate(None), "—");
        assert_eq!(french_days(Some(12.0)), "12\u{a0}j");
        assert_eq!(french_days(Some(7.25)), "7,3\u{a0}j");
        assert_eq!(french_days(None), "—");
    }

    #[test]
    fn lists_and_dates_read_as_french() {
        assert_eq!(french_list(vec![]), "");
        assert_eq!(french_list(vec!["a".into()]), "a");
        assert_eq!(french_list(vec!["a".into(), "b".into(), "c".into()]), "a, b et c");
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()), "1er avril 2026");
        assert_eq!(long_date(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap()), "15 août 2026");
        assert_eq!(french_date(NaiveDate::from_ymd_opt(2027, 3, 9).unwrap()), "09/03/2027");
        let moment = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap().and_hms_opt(14, 5, 0).unwrap();
        assert_eq!(french_moment(moment), "31/12/2026 14:05");
    }

    #[test]
    fn fts_queries_keep_only_words() {
        assert_eq!(fts_query("  pâtissier "), Some("\"patissier\"*".to_owned()));
        assert_eq!(fts_query("Saint-Étienne \"OR\" *"), Some("\"saint\"* \"etienne\"* \"or\"*".to_owned()));
        assert_eq!(fts_query(" - * "), None);
    }

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("50%_x"), "%50\\%\\_x%");
    }
}
