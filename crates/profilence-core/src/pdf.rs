//! One-page A4 documents: the embedded Noto Sans (regular, bold, italic; SIL Open Font
//! Licence, `fonts/OFL.txt`), text measured and wrapped to a width, blocks of text, rules
//! and tables laid out top-down, and the page written as a PDF whose fonts are subsetted
//! to the characters used.
//!
//! Coordinates are PDF points (1/72 inch) from the page's top-left corner, `y` growing
//! downwards; the conversion to PDF's bottom-left origin happens when the page is written.
//! A layout is made of [`Block`]s: each knows its height before it is drawn, so that a
//! document can shorten what does not fit before anything is put on the page.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::OnceLock,
};

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

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
            Self::Regular => include_bytes!("../fonts/NotoSans-Regular.ttf"),
            Self::Bold => include_bytes!("../fonts/NotoSans-Bold.ttf"),
            Self::Italic => include_bytes!("../fonts/NotoSans-Italic.ttf"),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Centre,
}

/// Something drawn, placed relative to its block's top-left corner.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
    },
    Rule {
        x: f32,
        y: f32,
        length: f32,
        thickness: f32,
        grey: f32,
    },
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: f32,
    },
    Frame {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        thickness: f32,
        grey: f32,
    },
}

impl Item {
    fn moved(&self, dx: f32, dy: f32) -> Self {
        let mut item = self.clone();
        match &mut item {
            Self::Text { x, y, .. } | Self::Rule { x, y, .. } | Self::Fill { x, y, .. } | Self::Frame { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
        item
    }
}

/// A piece of layout of known size, drawn later at any place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    items: Vec<Item>,
    height: f32,
}

impl Block {
    pub fn empty() -> Self {
        Self::default()
    }

    /// Empty space, e.g. between sections.
    pub fn gap(height: f32) -> Self {
        Self { items: Vec::new(), height }
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Lines as given (already fitted to `width`), aligned in that width.
    pub fn lines(lines: &[String], style: Style, width: f32, align: Align) -> Self {
        let mut block = Self::default();
        for line in lines {
            let x = match align {
                Align::Left => 0.0,
                Align::Right => width - self::width(line, style),
                Align::Centre => (width - self::width(line, style)) / 2.0,
            };
            block.items.push(Item::Text { x, y: block.height + style.ascent(), text: line.clone(), style });
            block.height += style.leading();
        }
        block
    }

    /// A paragraph wrapped to `width`, at most `max_lines` lines (the last ending in `…`
    /// when cut); `true` when cut.
    pub fn paragraph(text: &str, style: Style, width: f32, max_lines: Option<usize>) -> (Self, bool) {
        let (lines, cut) = match max_lines {
            Some(max) => wrap_at_most(text, style, width, max),
            None => (wrap(text, style, width), false),
        };
        (Self::lines(&lines, style, width, Align::Left), cut)
    }

    /// A section heading: the title and a thin rule under it.
    pub fn heading(title: &str, style: Style, width: f32) -> Self {
        let (title, _) = ellipsize(title, style, width);
        let mut block = Self::lines(&[title], style, width, Align::Left);
        block.height += style.size * 0.1;
        block.items.push(Item::Rule { x: 0.0, y: block.height, length: width, thickness: 0.6, grey: 0.55 });
        block.height += style.size * 0.55;
        block
    }

    /// One item a line (up to `max_lines_each` when it wraps), each after a bullet.
    pub fn bullets(items: &[String], style: Style, width: f32, max_lines_each: usize) -> Self {
        let wrapped: Vec<Vec<String>> =
            items.iter().map(|item| wrap(item, style, width - bullet_indent(style))).collect();
        Self::bullet_lines(&wrapped, style, width, max_lines_each)
    }

    /// Bullets of items already wrapped to `width` less the bullet's indent
    /// ([`bullet_indent`]), each cut to `max_lines_each` lines.
    pub fn bullet_lines(items: &[Vec<String>], style: Style, width: f32, max_lines_each: usize) -> Self {
        let indent = bullet_indent(style);
        let mut block = Self::default();
        for item in items {
            let (lines, _) = first_lines(item, style, width - indent, max_lines_each);
            let mut body = Self::lines(&lines, style, width - indent, Align::Left);
            body.items.push(Item::Text { x: -indent, y: style.ascent(), text: "•".into(), style: style.grey(0.35) });
            let top = block.height;
            block.push(&body, indent, top);
            block.height += style.size * 0.12;
        }
        block
    }

    /// A simple table: a header row (bold, over a rule) and rows of cells wrapped in
    /// their column, with a hairline between rows. `columns` are (width, alignment).
    pub fn table(columns: &[(f32, Align)], header: &[&str], rows: &[Vec<String>], style: Style, bold: Style) -> Self {
        let padding = style.size * 0.35;
        let total: f32 = columns.iter().map(|c| c.0).sum();
        let mut block = Self::default();
        let row = |block: &mut Self, cells: &[String], style: Style| {
            let mut tallest: f32 = 0.0;
            let mut x = 0.0;
            let top = block.height + padding;
            for (cell, (width, align)) in cells.iter().zip(columns) {
                let inner = (width - 2.0 * padding).max(1.0);
                let cell = Self::lines(&wrap(cell, style, inner), style, inner, *align);
                tallest = tallest.max(cell.height);
                block.push(&cell, x + padding, top);
                x += width;
            }
            block.height = top + tallest + padding * 0.5;
        };
        if !header.is_empty() {
            let titles: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
            row(&mut block, &titles, bold);
            block.items.push(Item::Rule { x: 0.0, y: block.height, length: total, thickness: 0.8, grey: 0.2 });
        }
        for (i, cells) in rows.iter().enumerate() {
            if i > 0 {
                block.items.push(Item::Rule { x: 0.0, y: block.height, length: total, thickness: 0.3, grey: 0.7 });
            }
            row(&mut block, cells, style);
        }
        block
    }

    /// Adds `other` with its top-left corner at (`x`, `y`) of this block, growing it as needed.
    pub fn push(&mut self, other: &Block, x: f32, y: f32) {
        self.items.extend(other.items.iter().map(|item| item.moved(x, y)));
        self.height = self.height.max(y + other.height);
    }

    /// Puts `other` under this block, `gap` points below.
    pub fn then(mut self, other: &Block, gap: f32) -> Self {
        if other.is_empty() {
            return self;
        }
        let y = if self.items.is_empty() { self.height } else { self.height + gap };
        self.push(other, 0.0, y);
        self
    }

    /// A horizontal rule across `width`, at the bottom.
    pub fn rule(&mut self, width: f32, thickness: f32, grey: f32) {
        self.items.push(Item::Rule { x: 0.0, y: self.height, length: width, thickness, grey });
        self.height += thickness;
    }

    /// A filled rectangle (a bar of a chart), `grey` from 0 (black) to 1 (white).
    pub fn bar(width: f32, height: f32, grey: f32) -> Self {
        Self { items: vec![Item::Fill { x: 0.0, y: 0.0, width, height, grey }], height }
    }

    /// `content` inside a tinted box `width` wide, with `padding` around it.
    pub fn boxed(content: &Block, width: f32, padding: f32, fill: f32, border: f32) -> Self {
        let height = content.height + 2.0 * padding;
        let mut block = Self {
            items: vec![
                Item::Fill { x: 0.0, y: 0.0, width, height, grey: fill },
                Item::Frame { x: 0.0, y: 0.0, width, height, thickness: 0.5, grey: border },
            ],
            height: 0.0,
        };
        block.push(content, padding, padding);
        block.height = height;
        block
    }
}

/// An A4 page in portrait, drawn from blocks.
#[derive(Debug, Clone, Default)]
pub struct Page {
    items: Vec<Item>,
}

/// The document's properties (shown by PDF readers).
#[derive(Debug, Clone, Default)]
pub struct Info<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// When the document was made (Unix seconds); `None` leaves the date out of the
    /// file, so that the same content always gives the same bytes.
    pub created: Option<i64>,
}

impl Page {
    pub fn new() -> Self {
        Self::default()
    }

    /// Draws `block` with its top-left corner at (`x`, `y`).
    pub fn draw(&mut self, block: &Block, x: f32, y: f32) {
        self.items.extend(block.items.iter().map(|item| item.moved(x, y)));
    }

    /// The lowest point anything reaches on the page (for checks that nothing overflows).
    pub fn bottom(&self) -> f32 {
        self.items
            .iter()
            .map(|item| match item {
                Item::Text { y, style, .. } => y + style.size * 0.3,
                Item::Rule { y, thickness, .. } => y + thickness,
                Item::Fill { y, height, .. } | Item::Frame { y, height, .. } => y + height,
            })
            .fold(0.0, f32::max)
    }

    /// Writes the page as a one-page PDF with the fonts it uses, each subsetted.
    pub fn to_pdf(&self, info: &Info<'_>) -> Result<Vec<u8>, PdfError> {
        let mut document = PdfDocument::new(info.title);
        document.metadata.info.author = info.author.to_owned();
        document.metadata.info.subject = info.subject.to_owned();
        document.metadata.info.creator = "Profilence".to_owned();
        document.metadata.info.producer = "Profilence (printpdf)".to_owned();
        if let Some(moment) = info.created.and_then(|t| printpdf::DateTime::from_unix_timestamp(t).ok()) {
            document.metadata.info.creation_date = moment;
            document.metadata.info.modification_date = moment;
            document.metadata.info.metadata_date = moment;
        }

        let mut used: [BTreeSet<char>; 3] = Default::default();
        for item in &self.items {
            if let Item::Text { text, style, .. } = item {
                used[style.face.index()].extend(text.chars());
            }
        }
        let mut fonts: [Option<FontId>; 3] = Default::default();
        for face in Face::ALL {
            let chars = &used[face.index()];
            if !chars.is_empty() {
                fonts[face.index()] = Some(document.add_font(&subset(face, chars)?));
            }
        }

        let mut ops = Vec::with_capacity(self.items.len() * 6);
        for item in &self.items {
            match item {
                Item::Text { x, y, text, style } => {
                    let Some(font) = &fonts[style.face.index()] else { continue };
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFillColor { col: grey(style.grey) });
                    ops.push(Op::SetFont { font: PdfFontHandle::External(font.clone()), size: Pt(style.size) });
                    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), Pt(A4_HEIGHT - y)) });
                    ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                    ops.push(Op::EndTextSection);
                }
                Item::Rule { x, y, length, thickness, grey: g } => {
                    let at = A4_HEIGHT - y - thickness / 2.0;
                    ops.push(Op::SetOutlineColor { col: grey(*g) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                    ops.push(Op::DrawLine {
                        line: PdfLine { points: vec![point(*x, at), point(x + length, at)], is_closed: false },
                    });
                }
                Item::Fill { x, y, width, height, grey: g } => {
                    ops.push(Op::SetFillColor { col: grey(*g) });
                    ops.push(Op::DrawRectangle { rectangle: rect(*x, *y, *width, *height, PaintMode::Fill) });
                }
                Item::Frame { x, y, width, height, thickness, grey: g } => {
                    ops.push(Op::SetOutlineColor { col: grey(*g) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                    ops.push(Op::DrawRectangle { rectangle: rect(*x, *y, *width, *height, PaintMode::Stroke) });
                }
            }
        }
        let page = PdfPage::new(Mm(210.0), Mm(297.0), ops);
        let mut warnings = Vec::new();
        let bytes = document.with_pages(vec![page]).save(&PdfSaveOptions::default(), &mut warnings);
        Ok(bytes)
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level.clamp(0.0, 1.0), icc_profile: None })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

fn rect(x: f32, y: f32, width: f32, height: f32, mode: PaintMode) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(A4_HEIGHT - y - height),
        width: Pt(width),
        height: Pt(height),
        mode: Some(mode),
        winding_order: Some(WindingOrder::NonZero),
    }
}

/// `face` reduced to the glyphs of `chars`, named with its subset tag (ISO 32000-1 §9.6.4:
/// six capitals and `+`, here derived from the characters so that the same text gives the
/// same file).
fn subset(face: Face, chars: &BTreeSet<char>) -> Result<ParsedFont, PdfError> {
    use allsorts::{
        binary::read::ReadScope,
        font_data::FontData,
        subset::{CmapTarget, SubsetProfile},
    };
    let full = &metrics()?[face.index()];
    let mut glyphs: Vec<(char, u16)> =
        chars.iter().filter_map(|&ch| full.glyphs.get(&u32::from(ch)).map(|&gid| (ch, gid))).collect();
    glyphs.sort_by_key(|(_, gid)| *gid);
    // Glyph 0 (.notdef) first, then each glyph once: the subset numbers them in this order.
    let mut ids: Vec<u16> = vec![0];
    for (_, gid) in &glyphs {
        if ids.last() != Some(gid) && *gid != 0 {
            ids.push(*gid);
        }
    }
    let scope = ReadScope::new(face.bytes());
    let font_data = scope.read::<FontData<'_>>().map_err(|e| PdfError::Subset(e.to_string()))?;
    let provider = font_data.table_provider(0).map_err(|e| PdfError::Subset(e.to_string()))?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| PdfError::Subset(e.to_string()))?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| PdfError::Subset(format!("{} : sous-ensemble illisible", face.postscript_name())))?;
    // The subset's own glyph numbers: each requested glyph's position in `ids`.
    font.codepoint_to_glyph = glyphs
        .iter()
        .filter_map(|(ch, gid)| {
            let new = ids.iter().position(|id| id == gid)?;
            Some((u32::from(*ch), u16::try_from(new).ok()?))
        })
        .collect();
    font.font_name = Some(format!("{}+{}", subset_tag(face, chars), face.postscript_name()));
    Ok(font)
}

fn subset_tag(face: Face, chars: &BTreeSet<char>) -> String {
    // FNV-1a over the face and its characters.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in face.postscript_name().bytes().chain(chars.iter().flat_map(|c| u32::from(*c).to_le_bytes())) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let letter = u8::try_from((hash >> (i * 5)) % 26).unwrap_or(0);
            char::from(b'A' + letter)
        })
        .collect()
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

    #[test]
    fn a_page_is_written_with_subsetted_fonts() {
        let mut page = Page::new();
        let heading = Block::heading("Compétences clés", Style::new(Face::Bold, 12.0), 300.0);
        let (text, _) = Block::paragraph("Œuvre à l'accueil « chaleureux » des clients…", BODY, 300.0, None);
        page.draw(&heading.then(&text, 4.0), 40.0, 40.0);
        let pdf = page.to_pdf(&Info { title: "Essai", ..Default::default() }).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let full = Face::Regular.bytes().len() + Face::Bold.bytes().len();
        assert!(pdf.len() < full / 10, "{} bytes: the fonts were not subsetted", pdf.len());
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("+NotoSans-Bold") && text.contains("+NotoSans-Regular"));
    }

    #[test]
    fn blocks_stack_and_know_their_height() {
        let (a, _) = Block::paragraph("un deux trois", BODY, 200.0, None);
        let b = Block::table(
            &[(100.0, Align::Left), (100.0, Align::Right)],
            &["Indicateur", "Valeur"],
            &[vec!["Promotions".into(), "1 204".into()], vec!["Embauches".into(), "87".into()]],
            BODY,
            Style::new(Face::Bold, 10.0),
        );
        let both = a.clone().then(&b, 6.0);
        assert!((both.height() - (a.height() + 6.0 + b.height())).abs() < 0.01);
        let mut page = Page::new();
        page.draw(&both, 40.0, 700.0);
        assert!((page.bottom() - (700.0 + both.height())).abs() < BODY.size, "{} {}", page.bottom(), both.height());
    }
}
