//! The employer's answers in one click, under a promotion e-mail's pitch: `mailto:` links
//! back to the counsellor whose subject carries the promotion's reference and the answer
//! (`[PRF-3F9A2B7C1D4E/RENCONTRE]`), and whose body is a prefilled sentence the employer
//! may complete. The e-mail's plain-text part lists them as short links (subject only), its
//! HTML part as buttons; `replies` reads them back.

use std::fmt::Write as _;

use crate::store::Conn;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rusqlite::OptionalExtension;

use crate::{
    Result,
    choices::{EventKind, RefusalReason},
};

/// What starts a promotion's reference.
pub const REF_PREFIX: &str = "PRF-";
/// Hex characters of a reference after its prefix (48 random bits).
pub const REF_CHARS: usize = 12;

/// A one-click answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// « Je souhaite rencontrer cette personne ».
    Meet,
    /// « Profil intéressant, pas de poste pour l'instant — je garde le profil ».
    KeepOnFile,
    /// « Ce profil ne correspond pas », with its reason.
    NotSuitable(RefusalReason),
    /// « Appelez-moi ».
    CallMe,
}

impl Answer {
    /// Every answer, in the order the e-mail offers them.
    pub fn all() -> Vec<Self> {
        let mut all = vec![Self::Meet, Self::KeepOnFile, Self::CallMe];
        all.extend(RefusalReason::ALL.iter().map(|r| Self::NotSuitable(*r)));
        all
    }

    /// Its code in a subject: `RENCONTRE`, `GARDE`, `RAPPEL`, `NON-DISTANCE`…
    pub fn code(self) -> String {
        match self {
            Self::Meet => "RENCONTRE".into(),
            Self::KeepOnFile => "GARDE".into(),
            Self::CallMe => "RAPPEL".into(),
            Self::NotSuitable(reason) => format!("NON-{}", reason.code().to_uppercase().replace('_', "-")),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_uppercase();
        match code.as_str() {
            "RENCONTRE" => Some(Self::Meet),
            "GARDE" => Some(Self::KeepOnFile),
            "RAPPEL" => Some(Self::CallMe),
            _ => {
                let reason = code.strip_prefix("NON-")?.to_lowercase().replace('-', "_");
                RefusalReason::from_code(&reason).map(Self::NotSuitable)
            }
        }
    }

    /// The button's words.
    pub fn label(self) -> String {
        match self {
            Self::Meet => "Je souhaite rencontrer cette personne".into(),
            Self::KeepOnFile => "Profil intéressant, pas de poste pour l'instant — je garde le profil".into(),
            Self::CallMe => "Appelez-moi".into(),
            Self::NotSuitable(reason) => format!("Ce profil ne correspond pas : {}", reason.label().to_lowercase()),
        }
    }

    /// The event it proposes on the promotion, with the refusal's reason.
    pub fn event(self) -> (EventKind, Option<RefusalReason>) {
        match self {
            Self::Meet => (EventKind::Interested, None),
            Self::KeepOnFile => (EventKind::KeptOnFile, None),
            Self::CallMe => (EventKind::InformationRequested, None),
            Self::NotSuitable(reason) => (EventKind::Refused, Some(reason)),
        }
    }

    /// The prefilled sentence of the reply about `person` (a first name, or « ce profil »).
    fn sentence(self, person: &str) -> String {
        match self {
            Self::Meet => {
                format!("Je souhaite rencontrer {person}. Merci de me contacter pour convenir d'un rendez-vous.")
            }
            Self::KeepOnFile => {
                format!("Le profil de {person} m'intéresse, mais je n'ai pas de poste pour l'instant : je le garde.")
            }
            Self::CallMe => format!("Merci de m'appeler au sujet de {person}."),
            Self::NotSuitable(reason) => {
                format!(
                    "Le profil de {person} ne correspond pas à mes besoins (motif : {}).",
                    reason.label().to_lowercase()
                )
            }
        }
    }
}

/// `[PRF-3F9A2B7C1D4E/RENCONTRE]`: what a reply's subject carries.
pub fn token(reference: &str, answer: Answer) -> String {
    format!("[{reference}/{}]", answer.code())
}

/// The reference and the answer a subject carries, if it carries one of ours.
pub fn parse_subject(subject: &str) -> Option<(String, Option<Answer>)> {
    let upper = subject.to_uppercase();
    let mut from = 0;
    while let Some(at) = upper[from..].find(REF_PREFIX) {
        let start = from + at;
        let hex_start = start + REF_PREFIX.len();
        let hex: String = upper[hex_start..].chars().take_while(char::is_ascii_hexdigit).collect();
        if hex.len() == REF_CHARS {
            let reference = format!("{REF_PREFIX}{hex}");
            let rest = &upper[hex_start + REF_CHARS..];
            let answer = rest
                .strip_prefix('/')
                .map(|r| r.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>())
                .and_then(|code| Answer::from_code(&code));
            return Some((reference, answer));
        }
        from = hex_start;
    }
    None
}

/// The reference of promotion `id`, made the first time it is asked for (random: a reply
/// cannot name another promotion by guessing).
pub fn reference(conn: &Conn, id: i64) -> Result<String> {
    let kept: Option<String> = conn
        .prepare_cached("SELECT reply_ref FROM promotions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten();
    if let Some(kept) = kept {
        return Ok(kept);
    }
    loop {
        let made: String = conn.query_row("SELECT upper(hex(randomblob(6)))", [], |r| r.get(0))?;
        let made = format!("{REF_PREFIX}{made}");
        let taken: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM promotions WHERE reply_ref = ?1)", [&made], |r| r.get(0))?;
        if !taken {
            conn.execute("UPDATE promotions SET reply_ref = ?1 WHERE id = ?2", rusqlite::params![made, id])?;
            return Ok(made);
        }
    }
}

/// RFC 6068: in a `mailto:` query, everything but the unreserved characters is encoded.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What the links of one e-mail need.
pub struct Links<'a> {
    /// Where the answers go: the counsellor's address.
    pub to: &'a str,
    pub reference: &'a str,
    /// The person as the sentences name them: a first name, or « ce profil » when the
    /// sheet is anonymous.
    pub person: &'a str,
    /// The counsellor's name, to sign what the e-mail says of the links.
    pub counsellor: &'a str,
}

impl Links<'_> {
    fn subject(&self, answer: Answer) -> String {
        format!("Réponse {} {}", token(self.reference, answer), answer.label())
    }

    /// The link with its prefilled body (the HTML buttons).
    pub fn href(&self, answer: Answer) -> String {
        let body = format!(
            "Bonjour,\r\n\r\n{}\r\n\r\n(Vous pouvez compléter ce message : un créneau, un numéro où vous joindre…)\r\n",
            answer.sentence(self.person)
        );
        format!(
            "mailto:{}?subject={}&body={}",
            self.to,
            utf8_percent_encode(&self.subject(answer), QUERY),
            utf8_percent_encode(&body, QUERY)
        )
    }

    /// The link with its subject's token only (the plain-text part, kept short: the
    /// answer's words are on the line above it).
    pub fn short_href(&self, answer: Answer) -> String {
        let subject = format!("Réponse {}", token(self.reference, answer));
        format!("mailto:{}?subject={}", self.to, utf8_percent_encode(&subject, QUERY))
    }

    fn intro(&self) -> String {
        format!(
            "Votre réponse en un clic : chaque lien prépare un e-mail de réponse à {}, qu'il suffit d'envoyer. Vous \
             pouvez aussi répondre simplement à ce message.",
            if self.counsellor.is_empty() { "votre conseiller·ère" } else { self.counsellor }
        )
    }

    /// The plain-text part: the pitch, then the answers as short links.
    pub fn text(&self, pitch: &str) -> String {
        let mut text = format!("{}\r\n\r\n-- \r\n{}\r\n", pitch.trim_end(), wrap(&self.intro(), 72).join("\r\n"));
        for answer in Answer::all() {
            let _ = write!(text, "\r\n{} :\r\n<{}>\r\n", answer.label(), self.short_href(answer));
        }
        text
    }

    /// The HTML part: the pitch as paragraphs, then the answers as buttons (inline styles
    /// and a table, as mail clients render them).
    pub fn html(&self, subject: &str, pitch: &str) -> String {
        let mut html = format!(
            "<!DOCTYPE html>\r\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
             content=\"width=device-width\"><title>{}</title></head>\r\n<body style=\"margin:0;padding:16px;\
             font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1e1e1e;\
             background:#ffffff\">\r\n<div style=\"max-width:640px\">\r\n",
            escape(subject)
        );
        for paragraph in pitch.trim().split("\n\n").filter(|p| !p.trim().is_empty()) {
            let lines: Vec<String> = paragraph.trim().lines().map(escape).collect();
            let _ = write!(html, "<p style=\"margin:0 0 12px\">{}</p>\r\n", lines.join("<br>"));
        }
        let _ = write!(
            html,
            "<hr style=\"border:0;border-top:1px solid #dddddd;margin:24px 0 16px\">\r\n<p style=\"margin:0 0 4px;\
             font-weight:bold\">Votre réponse en un clic</p>\r\n<p style=\"margin:0 0 12px;font-size:13px;\
             color:#555555\">{}</p>\r\n<table role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" \
             border=\"0\">\r\n",
            escape(&self.intro().replace("Votre réponse en un clic : c", "C"))
        );
        let button = |answer: Answer, primary: bool| {
            let (background, color, border) =
                if primary { ("#000091", "#ffffff", "#000091") } else { ("#ffffff", "#000091", "#000091") };
            format!(
                "<tr><td style=\"padding:0 0 8px\"><a href=\"{}\" style=\"display:inline-block;padding:10px 16px;\
                 background:{background};color:{color};border:1px solid {border};border-radius:4px;\
                 text-decoration:none;font-weight:bold\">{}</a></td></tr>\r\n",
                escape(&self.href(answer)),
                escape(&answer.label())
            )
        };
        for answer in [Answer::Meet, Answer::KeepOnFile, Answer::CallMe] {
            html.push_str(&button(answer, answer == Answer::Meet));
        }
        html.push_str(
            "</table>\r\n<p style=\"margin:12px 0 6px;font-weight:bold\">Ce profil ne correspond pas :</p>\r\n\
             <p style=\"margin:0;font-size:14px\">",
        );
        let reasons: Vec<String> = RefusalReason::ALL
            .iter()
            .map(|r| {
                format!(
                    "<a href=\"{}\" style=\"color:#000091\">{}</a>",
                    escape(&self.href(Answer::NotSuitable(*r))),
                    escape(r.label())
                )
            })
            .collect();
        html.push_str(&reasons.join(" · "));
        html.push_str("</p>\r\n</div>\r\n</body></html>\r\n");
        html
    }
}

/// Words gathered into lines of at most `width` characters (a longer word alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text as HTML: the five characters that matter escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_reads_back_from_its_code_and_its_subject() {
        for answer in Answer::all() {
            assert_eq!(Answer::from_code(&answer.code()), Some(answer), "{answer:?}");
            let subject = format!("RE: Réponse {} {}", token("PRF-3F9A2B7C1D4E", answer), answer.label());
            assert_eq!(parse_subject(&subject), Some(("PRF-3F9A2B7C1D4E".to_owned(), Some(answer))));
        }
        assert_eq!(Answer::from_code("NON-DISTANCE"), Some(Answer::NotSuitable(RefusalReason::Distance)));
        assert_eq!(
            Answer::from_code("NON-ALREADY-RECRUITED"),
            Some(Answer::NotSuitable(RefusalReason::AlreadyRecruited))
        );
        assert_eq!(Answer::from_code("PEUT-ETRE"), None);
    }

    #[test]
    fn a_subject_gives_its_reference_even_without_an_answer_and_nothing_else() {
        assert_eq!(parse_subject("TR: suivi [prf-3f9a2b7c1d4e]"), Some(("PRF-3F9A2B7C1D4E".to_owned(), None)));
        assert_eq!(parse_subject("Réponse [PRF-3F9A2B7C1D4E/INCONNU]"), Some(("PRF-3F9A2B7C1D4E".to_owned(), None)));
        assert_eq!(
            parse_subject("PRF-123 puis PRF-3F9A2B7C1D4E/GARDE").map(|(_, a)| a),
            Some(Some(Answer::KeepOnFile))
        );
        assert_eq!(parse_subject("Candidature de Léa Martin"), None);
        assert_eq!(parse_subject("PRF-3F9A2B7C1D"), None, "too short");
    }

    #[test]
    fn links_encode_subject_and_body_as_rfc_6068_asks() {
        let links = Links {
            to: "claire.morel@agence.example",
            reference: "PRF-3F9A2B7C1D4E",
            person: "Léa",
            counsellor: "Claire Morel",
        };
        let href = links.href(Answer::Meet);
        assert!(
            href.starts_with(
                "mailto:claire.morel@agence.example?subject=R%C3%A9ponse%20%5BPRF-3F9A2B7C1D4E%2FRENCONTRE%5D%20"
            ),
            "{href}"
        );
        assert!(href.contains("&body=Bonjour%2C%0D%0A%0D%0AJe%20souhaite%20rencontrer%20L%C3%A9a."), "{href}");
        assert!(!href.contains(' ') && !href.contains('\n'));
        let html = links.html("Profil <Léa>", "Bonjour,\n\nJe vous présente Léa & ses atouts.\nÀ bientôt");
        assert!(html.contains("<title>Profil &lt;Léa&gt;</title>"));
        assert!(
            html.contains("<p style=\"margin:0 0 12px\">Je vous présente Léa &amp; ses atouts.<br>À bientôt</p>"),
            "{html}"
        );
        assert!(
            html.contains(&format!("href=\"{}\"", escape(&links.href(Answer::CallMe)))),
            "the & of the query escaped"
        );
        let text = links.text("Bonjour,\n\nJe vous présente Léa.");
        assert!(text.contains("Appelez-moi :\r\n<mailto:claire.morel@agence.example?subject="), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 120), "short lines: {text}");
    }
}
