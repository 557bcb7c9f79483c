//! Documents longer than a page: blocks poured down A4 pages between margins, a new page
//! begun when the next block does not fit, every page numbered at its foot. The one-page
//! documents (the profile sheet, the report) lay out their single `Page` themselves.

use super::{A4_HEIGHT, A4_WIDTH, Align, Block, Page, Style, wrap};

/// The styles of a section poured into a flow (the report's comparisons, its six months):
/// a title, headings, table rows and their notes, alike in every section.
pub mod section {
    use super::super::{Face, Style};

    pub const TITLE: Style = Style::new(Face::Bold, 14.0);
    pub const HEADING: Style = Style::new(Face::Bold, 10.0);
    pub const BODY: Style = Style::new(Face::Regular, 7.8);
    pub const BOLD: Style = Style::new(Face::Bold, 7.8);
    pub const SMALL: Style = Style::new(Face::Regular, 6.8).grey(0.35);
}

/// The blank around a page's text, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub x: f32,
    pub top: f32,
    pub bottom: f32,
}

/// Pages being filled from the top, one block under the other.
#[derive(Debug, Clone)]
pub struct Flow {
    margins: Margins,
    done: Vec<Page>,
    page: Page,
    /// Where the next block goes on the current page; `None` while it is empty.
    y: Option<f32>,
}

impl Flow {
    pub fn new(margins: Margins) -> Self {
        Self { margins, done: Vec::new(), page: Page::new(), y: None }
    }

    /// The width of the text between the side margins.
    pub fn width(&self) -> f32 {
        A4_WIDTH - 2.0 * self.margins.x
    }

    fn limit(&self) -> f32 {
        A4_HEIGHT - self.margins.bottom
    }

    /// Begins a new page unless the current one still has `height` points free (below a
    /// gap of `gap`): a heading asks for room for itself and its first lines.
    pub fn keep(&mut self, height: f32, gap: f32) {
        if let Some(y) = self.y
            && y + gap + height > self.limit()
        {
            self.break_page();
        }
    }

    /// Begins a new page (nothing happens on an empty one).
    pub fn break_page(&mut self) {
        if self.y.is_some() {
            self.done.push(std::mem::take(&mut self.page));
            self.y = None;
        }
    }

    /// Puts `block` `gap` points under what the page holds, on a new page when it does not
    /// fit. A block taller than a whole page has a page of its own and is cut at its foot:
    /// text that may run long is added with [`Flow::paragraph`], a line at a time.
    pub fn add(&mut self, block: &Block, gap: f32) {
        if block.is_empty() && block.height() == 0.0 {
            return;
        }
        self.keep(block.height(), gap);
        let y = self.y.map_or(self.margins.top, |y| y + gap);
        self.page.draw(block, self.margins.x, y);
        self.y = Some(y + block.height());
    }

    /// A paragraph wrapped to the text width that runs onto the next page when it must.
    pub fn paragraph(&mut self, text: &str, style: Style, gap: f32) {
        self.lines(&wrap(text, style, self.width()), style, 0.0, gap);
    }

    /// Lines already fitted to the width less `indent`, one at a time.
    pub fn lines(&mut self, lines: &[String], style: Style, indent: f32, gap: f32) {
        let width = self.width() - indent;
        for (i, line) in lines.iter().enumerate() {
            let mut block = Block::empty();
            block.push(&Block::lines(std::slice::from_ref(line), style, width, Align::Left), indent, 0.0);
            self.add(&block, if i == 0 { gap } else { 0.0 });
        }
    }

    /// The pages, each with `footer` and « page n / N » at its foot.
    pub fn finish(self, footer: &str, style: Style) -> Vec<Page> {
        self.finish_after(footer, style, 0)
    }

    /// The pages numbered as following `before` pages of the same document.
    pub fn finish_after(mut self, footer: &str, style: Style, before: usize) -> Vec<Page> {
        self.break_page();
        let total = self.done.len() + before;
        let width = self.width();
        let at = A4_HEIGHT - self.margins.bottom + style.leading();
        let (x, done) = (self.margins.x, self.done);
        done.into_iter()
            .enumerate()
            .map(|(i, mut page)| {
                let number = format!("Page {} / {total}", before + i + 1);
                let mut foot = Block::lines(&[footer.to_owned()], style, width, Align::Left);
                foot.push(&Block::lines(&[number], style, width, Align::Right), 0.0, 0.0);
                page.draw(&foot, x, at);
                page
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Face;

    const BODY: Style = Style::new(Face::Regular, 10.0);
    const MARGINS: Margins = Margins { x: 50.0, top: 50.0, bottom: 60.0 };

    #[test]
    fn a_long_text_runs_over_pages_within_the_margins() {
        let mut flow = Flow::new(MARGINS);
        flow.add(&Block::heading("Promotions", Style::new(Face::Bold, 12.0), flow.width()), 0.0);
        flow.paragraph(&"Présentée à la boulangerie, relancée, entretien prévu. ".repeat(300), BODY, 4.0);
        let pages = flow.finish("Vos données personnelles", Style::new(Face::Regular, 7.5));
        assert!(pages.len() > 2, "{} pages", pages.len());
        for page in &pages {
            // The foot stands under the margin; the text above it.
            assert!(page.bottom() <= A4_HEIGHT - MARGINS.bottom + 20.0, "{}", page.bottom());
        }
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_foot_of_a_page() {
        let mut flow = Flow::new(MARGINS);
        let line = Block::lines(&["ligne".to_owned()], BODY, 100.0, Align::Left);
        while flow.y.is_none_or(|y| y + 2.0 * line.height() < flow.limit()) {
            flow.add(&line, 0.0);
        }
        flow.keep(line.height() * 4.0, 6.0);
        assert!(flow.y.is_none() && flow.done.len() == 1, "the heading's room was asked on a new page");
        assert_eq!(Flow::new(MARGINS).finish("x", BODY).len(), 0);
    }
}
