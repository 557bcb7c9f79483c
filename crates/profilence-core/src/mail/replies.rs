//! Reading an employer's reply: which promotion it answers — by the reference its subject
//! carries (a one-click answer, `answers`), else by its `In-Reply-To` / `References`
//! naming the `Message-ID` the promotion's e-mail was sent with — and the employer's own
//! words, without the quoted message under them. MIME, transfer encodings and charsets are
//! mail-parser's; a message that answers no promotion is left alone.

use crate::store::Conn;
use chrono::{DateTime, Utc};
use mail_parser::{HeaderValue, MessageParser};
use rusqlite::OptionalExtension;

use super::answers::{self, Answer};
use crate::Result;

/// The most of the employer's words kept.
const WORDS_MAX_CHARS: usize = 4000;

/// A message read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Its own `Message-ID` (no angle brackets): reading it again records nothing twice.
    pub message_id: Option<String>,
    pub subject: String,
    /// « Sophie Lambert <sophie.lambert@…> ».
    pub from: String,
    pub date: Option<DateTime<Utc>>,
    /// The promotion reference and the answer its subject carries.
    pub reference: Option<String>,
    pub answer: Option<Answer>,
    /// The messages it answers: `In-Reply-To`, then `References` (no angle brackets).
    pub answers_to: Vec<String>,
    /// What the employer wrote, the quoted message taken out.
    pub words: String,
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    value
        .as_text_list()
        .map(|list| list.iter().flat_map(|s| s.split_whitespace()).map(bare).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// A message id without its angle brackets.
pub fn bare(id: &str) -> String {
    id.trim().trim_start_matches('<').trim_end_matches('>').to_owned()
}

/// Reads a raw message (as an IMAP server gives it); `None` when it is not a message.
pub fn read(raw: &[u8]) -> Option<Reply> {
    let message = MessageParser::default().parse(raw)?;
    let subject = message.subject().unwrap_or_default().to_owned();
    let (reference, answer) = answers::parse_subject(&subject).map_or((None, None), |(r, a)| (Some(r), a));
    let mut answers_to = ids(message.in_reply_to());
    answers_to.extend(ids(message.references()).into_iter().rev());
    let from = message
        .from()
        .and_then(|a| a.first())
        .map(|a| match (a.name(), a.address()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (None, Some(address)) => address.to_owned(),
            (Some(name), None) => name.to_owned(),
            (None, None) => String::new(),
        })
        .unwrap_or_default();
    let date = message.date().and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
    let body = message.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    Some(Reply {
        message_id: message.message_id().map(bare),
        subject,
        from,
        date,
        reference,
        answer,
        answers_to,
        words: own_words(&body),
    })
}

/// The lines a reply's writer typed: up to the first line that introduces the quoted
/// message (« Le … a écrit : », « -----Message d'origine----- », an Outlook « De : » block,
/// a forwarded message), the `>` lines left out.
pub fn own_words(body: &str) -> String {
    let mut kept = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        let introduces = (lower.starts_with("le ") && lower.ends_with("a écrit :"))
            || (lower.starts_with("le ") && lower.ends_with("a écrit:"))
            || (lower.starts_with("on ") && lower.ends_with("wrote:"))
            || (lower.starts_with("-----")
                && (lower.contains("origin") || lower.contains("forward") || lower.contains("transf")))
            || lower.starts_with("de : ")
            || lower.starts_with("from: ")
            || lower.starts_with("---------- forwarded")
            || lower == "-- ";
        if introduces {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        kept.push(line.trim_end());
    }
    let text = kept.join("\n").trim().to_owned();
    if text.chars().count() > WORDS_MAX_CHARS {
        let mut cut: String = text.chars().take(WORDS_MAX_CHARS).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

/// The promotion `reply` answers, if it answers one of ours: by its subject's reference,
/// else by the messages it answers.
pub fn promotion_of(conn: &Conn, reply: &Reply) -> Result<Option<i64>> {
    if let Some(reference) = &reply.reference {
        let found = conn
            .prepare_cached("SELECT id FROM promotions WHERE reply_ref = ?1")?
            .query_row([reference], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let mut by_id = conn.prepare_cached("SELECT id FROM promotions WHERE message_id = ?1")?;
    for id in &reply.answers_to {
        if let Some(found) = by_id.query_row([id], |r| r.get(0)).optional()? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_words_leave_the_quoted_message_out() {
        let body = "Bonjour,\n\nJe peux la recevoir jeudi.\n\nLe 23 nov. 2026 à 10:00, Claire Morel a écrit :\n> Je vous présente Léa.";
        assert_eq!(own_words(body), "Bonjour,\n\nJe peux la recevoir jeudi.");
        let outlook = "Appelez-moi demain.\r\n\r\nDe : Claire Morel <claire.morel@agence.example>\r\nEnvoyé : lundi";
        assert_eq!(own_words(outlook), "Appelez-moi demain.");
        assert_eq!(own_words("> seulement la citation"), "");
    }
}
