//! A page drawn from blocks and written as a PDF, each face subsetted to the characters
//! it prints.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Greyscale, Line as PdfLine, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

use super::{A4_HEIGHT, Block, Face, PdfError, block::Item, metrics};

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
        write_pdf(std::slice::from_ref(self), info)
    }

    fn ops(&self, fonts: &[Option<FontId>; 3]) -> Vec<Op> {
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
        ops
    }
}

/// Writes `pages` as one PDF, in order, with the fonts they use, each subsetted once for
/// the whole document.
pub fn write_pdf(pages: &[Page], info: &Info<'_>) -> Result<Vec<u8>, PdfError> {
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
    for item in pages.iter().flat_map(|page| &page.items) {
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
    let pages: Vec<PdfPage> = pages.iter().map(|page| PdfPage::new(Mm(210.0), Mm(297.0), page.ops(&fonts))).collect();
    let mut warnings = Vec::new();
    Ok(document.with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings))
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
    use crate::pdf::{Block, Face, Style};

    const BODY: Style = Style::new(Face::Regular, 10.0);

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
}
