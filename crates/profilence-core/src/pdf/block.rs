//! Blocks of a page: text lines, rules, bars and boxes, each knowing its height before
//! it is drawn, stacked (`then`) or placed (`push`) into larger ones.

use super::{Style, bullet_indent, ellipsize, first_lines, wrap, wrap_at_most};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Centre,
}

/// Something drawn, placed relative to its block's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
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
    pub(super) fn moved(&self, dx: f32, dy: f32) -> Self {
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
    pub(super) items: Vec<Item>,
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
                Align::Right => width - super::width(line, style),
                Align::Centre => (width - super::width(line, style)) / 2.0,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Face, Page};

    const BODY: Style = Style::new(Face::Regular, 10.0);

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
