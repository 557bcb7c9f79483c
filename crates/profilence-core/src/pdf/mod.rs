//! A4 documents: the embedded Noto Sans (regular, bold, italic; SIL Open Font
//! Licence, `fonts/OFL.txt`), text measured and wrapped to a width, blocks of text, rules
//! and tables laid out top-down, and the page written as a PDF whose fonts are subsetted
//! to the characters used. A document is one page laid out by hand (`Page`), or several
//! filled from the top by a `Flow`.
//!
//! Coordinates are PDF points (1/72 inch) from the page's top-left corner, `y` growing
//! downwards; the conversion to PDF's bottom-left origin happens when the page is written.
//! A layout is made of [`Block`]s: each knows its height before it is drawn, so that a
//! document can shorten what does not fit before anything is put on the page.

mod block;
mod flow;
mod page;

use std::{collections::BTreeMap, sync::OnceLock};

use printpdf::ParsedFont;

pub use block::{Align, Block};
pub use flow::{Flow, Margins, section};
pub use page::{Info, Page, write_pdf};

pub const A4_WIDTH: f32 = 595.28;
pub const A4_HEIGHT: f32 = 841.89;

/// The character drawn in place of one the font does not have.
const REPLACEMENT: char = '?';
const ELLIPSIS: char = '…';

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("police intégrée illisible ({0})")]
    Font(String),
    #[error("sous-ensemble de police impossible ({0})")]
    Subset(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    fn bytes(self) -> &'static [u8] {
        match self {
            Self::Regular => include_bytes!("../../fonts/NotoSans-Regular.ttf"),
            Self::Bold => include_bytes!("../../fonts/NotoSans-Bold.ttf"),
            Self::Italic => include_bytes!("../../fonts/NotoSans-Italic.ttf"),
        }
    }

    fn postscript_name(self) -> &'static str {
        match self {
            Self::Regular => "NotoSans-Regular",
            Self::Bold => "NotoSans-Bold",
            Self::Italic => "NotoSans-Italic",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Characters below this code point have their advance in a flat table (Latin, punctuation,
/// currency, arrows…): measuring is a lookup, not a search.
const FAST_CHARS: usize = 0x2200;

/// A face parsed once: its character map and advance widths.
struct Metrics {
    glyphs: BTreeMap<u32, u16>,
    /// Advance of each glyph, in em.
    advances: BTreeMap<u16, f32>,
    /// Advance by code point below `FAST_CHARS`; negative when the face lacks it.
    fast: Vec<f32>,
    /// Advance of the replacement character.
    fallback: f32,
}

impl Metrics {
    fn advance(&self, ch: char) -> f32 {
        let code = u32::from(ch);
        let found = match self.fast.get(code as usize) {
            Some(&advance) => Some(advance).filter(|a| *a >= 0.0),
            None => self.glyphs.get(&code).and_then(|g| self.advances.get(g)).copied(),
        };
        found.unwrap_or(self.fallback)
    }
}

fn metrics() -> Result<&'static [Metrics; 3], PdfError> {
    static METRICS: OnceLock<Result<[Metrics; 3], String>> = OnceLock::new();
    METRICS
        .get_or_init(|| {
            let parse = |face: Face| {
                let font = ParsedFont::from_bytes(face.bytes(), 0, &mut Vec::new())
                    .ok_or_else(|| format!("{} illisible", face.postscript_name()))?;
                let em = f32::from(font.units_per_em.max(1));
                let advances: BTreeMap<u16, f32> =
                    font.glyph_widths.iter().map(|(gid, w)| (*gid, f32::from(*w) / em)).collect();
                let glyphs = font.codepoint_to_glyph;
                let of = |code: u32| glyphs.get(&code).and_then(|g| advances.get(g)).copied();
                let fast = (0..FAST_CHARS as u32).map(|code| of(code).unwrap_or(-1.0)).collect();
                let fallback = of(u32::from(REPLACEMENT)).unwrap_or(0.5);
                Ok::<_, String>(Metrics { glyphs, advances, fast, fallback })
            };
            Ok([parse(Face::Regular)?, parse(Face::Bold)?, parse(Face::Italic)?])
        })
        .as_ref()
        .map_err(|e| PdfError::Font(e.clone()))
}

/// How a run of text looks: face, size in points, grey level (0 black, 1 white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub grey: f32,
}

impl Style {
    pub const fn new(face: Face, size: f32) -> Self {
        Self { face, size, grey: 0.0 }
    }

    pub const fn grey(self, grey: f32) -> Self {
        Self { grey, ..self }
    }

    /// Distance between two baselines.
    pub fn leading(self) -> f32 {
        self.size * 1.32
    }

    /// From the top of a line to its baseline.
    fn ascent(self) -> f32 {
        self.size * 0.98
    }
}

/// Whether the embedded fonts can draw `ch` (all three faces share the same repertoire
/// for the Latin script; the regular face is the reference).
pub fn supports(ch: char) -> bool {
    metrics().is_ok_and(|m| m[0].glyphs.contains_key(&u32::from(ch)))
}

/// `text` on one line as the fonts can draw it: runs of white space (line breaks and
/// tabs included) become one space, and characters the fonts lack become `?`.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.trim().chars() {
        if ch.is_whitespace() && ch != '\u{a0}' && ch != '\u{202f}' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if ch.is_control() {
            continue;
        }
        out.push(if supports(ch) { ch } else { REPLACEMENT });
    }
    out
}

/// The width of `text` in points (no kerning: the sheets' sizes do not need it).
pub fn width(text: &str, style: Style) -> f32 {
    let Ok(all) = metrics() else { return 0.0 };
    let m = &all[style.face.index()];
    text.chars().map(|ch| m.advance(ch)).sum::<f32>() * style.size
}

/// `text` cut to `max` points with a final `…` when it is longer; `true` when cut.
pub fn ellipsize(text: &str, style: Style, max: f32) -> (String, bool) {
    let text = clean(text);
    if width(&text, style) <= max {
        return (text, false);
    }
    let room = max - width(&ELLIPSIS.to_string(), style);
    let mut kept = String::new();
    let mut used = 0.0;
    for ch in text.chars() {
        let w = width(ch.encode_utf8(&mut [0; 4]), style);
        if used + w > room {
            break;
        }
        used += w;
        kept.push(ch);
    }
    // End on a word when one ends not too far back, without a dangling comma.
    if let Some(space) = kept.rfind(' ').filter(|&i| i * 4 >= kept.len() * 3) {
        kept.truncate(space);
    }
    let mut kept = kept.trim_end_matches([' ', ',', ';', ':', '-', '–', '(']).to_owned();
    kept.push(ELLIPSIS);
    (kept, true)
}

/// `text` broken into lines of at most `max` points, at spaces (a word longer than a line
/// is broken where it must). Paragraphs separated by line breaks stay separate lines.
pub fn wrap(text: &str, style: Style, max: f32) -> Vec<String> {
    let space = width(" ", style);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = clean(paragraph);
        let mut line = String::new();
        let mut used = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = width(word, style);
            if !line.is_empty() && used + space + w <= max {
                line.push(' ');
                line.push_str(word);
                used += space + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if w <= max {
                line.push_str(word);
                used = w;
                continue;
            }
            // A word longer than the line: broken where it must.
            used = 0.0;
            for ch in word.chars() {
                let c = width(ch.encode_utf8(&mut [0; 4]), style);
                if !line.is_empty() && used + c > max {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(ch);
                used += c;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// `text` wrapped to `max` points in at most `max_lines` lines, the last one ending in `…`
/// when something was left out; `true` when cut.
pub fn wrap_at_most(text: &str, style: Style, max: f32, max_lines: usize) -> (Vec<String>, bool) {
    first_lines(&wrap(text, style, max), style, max, max_lines)
}

/// The first `max_lines` of lines wrapped to `max` points, the last ending in `…` when
/// some were left out; `true` when cut.
pub fn first_lines(lines: &[String], style: Style, max: f32, max_lines: usize) -> (Vec<String>, bool) {
    if lines.len() <= max_lines {
        return (lines.to_vec(), false);
    }
    let mut kept = lines[..max_lines].to_vec();
    if let Some(last) = kept.last_mut() {
        let marked = format!("{last}{ELLIPSIS}");
        // When the mark does not fit after the line, the line gives up its last word.
        *last = if width(&marked, style) <= max { marked } else { ellipsize(&format!("{last} ……"), style, max).0 };
    }
    (kept, true)
}

/// How far a bulleted item's text stands from the bullet's left edge.
pub fn bullet_indent(style: Style) -> f32 {
    style.size * 0.9
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style::new(Face::Regular, 10.0);

    #[test]
    fn every_french_character_is_in_every_face() {
        let french = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”…–—€°·\u{a0}\u{202f}";
        let all = metrics().unwrap();
        for (face, m) in Face::ALL.iter().zip(all) {
            for ch in french.chars() {
                assert!(m.glyphs.contains_key(&u32::from(ch)), "{face:?} lacks {ch:?}");
            }
        }
    }

    #[test]
    fn clean_keeps_one_line_of_drawable_text() {
        assert_eq!(clean("  Élodie\n\tvient   de\r\nQuimper  "), "Élodie vient de Quimper");
        assert_eq!(clean("chat 🐈 « noir »"), "chat ? « noir »");
    }

    #[test]
    fn wrapping_fits_the_width_and_keeps_every_word() {
        let text = "Accueil de la clientèle, préparation des commandes et mise en rayon des produits frais \
                    dans le respect des règles d'hygiène";
        let lines = wrap(text, BODY, 120.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| width(l, BODY) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let long = "Anticonstitutionnellementanticonstitutionnellement";
        let broken = wrap(long, BODY, 60.0);
        assert!(broken.len() > 1 && broken.concat() == long);
    }

    #[test]
    fn shortened_text_ends_with_an_ellipsis_and_fits() {
        let (short, cut) = ellipsize("Préparateur de commandes en entrepôt frigorifique", BODY, 100.0);
        assert!(cut && short.ends_with('…') && width(&short, BODY) <= 100.0, "{short}");
        assert_eq!(ellipsize("Boulanger", BODY, 100.0), ("Boulanger".to_owned(), false));
        let (lines, cut) = wrap_at_most(&"mot ".repeat(80), BODY, 100.0, 2);
        assert!(cut && lines.len() == 2 && lines[1].ends_with('…'), "{lines:?}");
    }
}
