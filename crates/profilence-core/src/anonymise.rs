//! A candidate made anonymous for an employer: named « Candidat·e » and an initial, their
//! free text scrubbed of their names, identifier, e-mail addresses and phone numbers. The
//! anonymised profile sheets and pitches both go through here.

use crate::{candidates::Candidate, text::fold};

/// How a candidate is named on an anonymised sheet: "Candidat·e L.".
pub fn alias(candidate: &Candidate) -> String {
    alias_of(&candidate.first_name)
}

/// The alias of someone whose first name is `first_name` (blank for an erased person):
/// what lists of several people, as the company sheet, print instead of their names.
pub fn alias_of(first_name: &str) -> String {
    match first_name.trim().chars().next() {
        Some(initial) => format!("Candidat·e {}.", initial.to_uppercase()),
        None => "Candidat·e".to_owned(),
    }
}

/// The candidate's name as the employer reads it.
pub fn display_name(candidate: &Candidate, anonymous: bool) -> String {
    if anonymous { alias(candidate) } else { format!("{} {}", candidate.first_name, candidate.last_name) }
}

/// Free text with the person's identity taken out: their names become the alias, e-mail
/// addresses and phone numbers (any run of 9 digits or more) are masked.
pub fn scrub(text: &str, candidate: &Candidate) -> String {
    let alias = alias(candidate);
    let mut names: Vec<String> = vec![
        format!("{} {}", candidate.first_name, candidate.last_name),
        format!("{} {}", candidate.last_name, candidate.first_name),
        candidate.last_name.clone(),
        candidate.first_name.clone(),
    ];
    for part in candidate.last_name.split([' ', '-']).chain(candidate.first_name.split([' ', '-'])) {
        if part.chars().count() >= 3 {
            names.push(part.to_owned());
        }
    }
    names.retain(|n| !n.trim().is_empty());
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let mut out = text.to_owned();
    for name in &names {
        out = replace_words(&out, name.trim(), &alias);
    }
    if let Some(id) = candidate.france_travail_id.as_deref() {
        out = replace_words(&out, id, "[identifiant masqué]");
    }
    mask_contacts(&out)
}

/// Replaces each whole-word occurrence of `word` (case and accents ignored) with `with`.
pub(crate) fn replace_words(text: &str, word: &str, with: &str) -> String {
    let target = fold(word);
    let n = word.chars().count();
    if target.is_empty() {
        return text.to_owned();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i].0;
        let end = chars.get(i + n).map_or(text.len(), |c| c.0);
        let before_ok = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let after_ok = chars.get(i + n).is_none_or(|c| !c.1.is_alphanumeric());
        if i + n <= chars.len() && before_ok && after_ok && fold(&text[start..end]) == target {
            out.push_str(with);
            i += n;
        } else {
            out.push(chars[i].1);
            i += 1;
        }
    }
    out
}

/// E-mail addresses and phone numbers masked.
pub(crate) fn mask_contacts(text: &str) -> String {
    let words: Vec<String> = text
        .split(' ')
        .map(|w| if w.contains('@') && w.contains('.') { "[adresse masquée]".to_owned() } else { w.to_owned() })
        .collect();
    let text = words.join(" ");
    // Runs of digits with the separators phone numbers are written with.
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(char::is_ascii_digit).count();
        if digits >= 9 {
            let trailing: String = run.chars().rev().take_while(|c| !c.is_ascii_digit()).collect();
            out.push_str("[numéro masqué]");
            out.extend(trailing.chars().rev());
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for ch in text.chars() {
        let phone_char = ch.is_ascii_digit() || (!run.is_empty() && matches!(ch, ' ' | '.' | '-' | '\u{a0}'));
        if phone_char || (run.is_empty() && ch == '+') {
            run.push(ch);
        } else {
            flush(&mut run, &mut out);
            out.push(ch);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_replaced_whole_whatever_their_case_and_accents() {
        assert_eq!(replace_words("Mme Hélène MARTIN, dite martin.", "Martin", "L."), "Mme Hélène L., dite L..");
        assert_eq!(replace_words("Martinez et Martin", "Martin", "L."), "Martinez et L.");
        assert_eq!(replace_words("helene vient", "Hélène", "H."), "H. vient");
    }

    #[test]
    fn contacts_are_masked() {
        assert_eq!(
            mask_contacts("Écrire à lea.martin@exemple.fr ou au 06 12 34 56 78, code 29000."),
            "Écrire à [adresse masquée] ou au [numéro masqué], code 29000."
        );
        assert_eq!(mask_contacts("+33 6 12 34 56 78"), "[numéro masqué]");
    }
}
