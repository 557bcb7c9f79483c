//! Text as search sees it: lower case, without accents ("Électricien" → "electricien",
//! "Cœur" → "coeur"), and the FTS5 queries built from what the counsellor types; numbers
//! as French writes them.

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
    fn folds_french_accents_ligatures_and_case() {
        assert_eq!(fold("Électricien / Électricienne"), "electricien / electricienne");
        assert_eq!(fold("Pâtissier Œuvre cœur Ægir"), "patissier oeuvre coeur aegir");
        assert_eq!(fold("L’Haÿ-les-Roses"), "l'hay-les-roses");
        assert_eq!(fold("Nguyễn Çelik"), "nguyen celik");
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
