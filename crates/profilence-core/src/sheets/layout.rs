//! The profile sheet on its A4 page: a header naming the company it is addressed to, the
//! target job, the person, the key facts, the pitch, skills beside experience and
//! qualifications, the hiring aids, and the counsellor's contact at the foot.
//!
//! Whatever the record holds, the sheet is one page: the variable sections are first laid
//! out in full, then shortened step by step — the least decisive first — until they fit,
//! and each shortening is reported so that the app can warn the counsellor.

use crate::pdf::{self, Align, Block, Face, Page, Style};

pub(crate) const MARGIN_X: f32 = 44.0;
pub(crate) const MARGIN_TOP: f32 = 38.0;
pub(crate) const MARGIN_BOTTOM: f32 = 34.0;
pub(crate) const WIDTH: f32 = pdf::A4_WIDTH - 2.0 * MARGIN_X;
pub(crate) const COLUMN_GAP: f32 = 22.0;
/// Half the text width: skills run in two columns, experience beside qualifications.
pub(crate) const HALF: f32 = (WIDTH - COLUMN_GAP) / 2.0;
pub(crate) const SECTION_GAP: f32 = 13.0;

pub(crate) const TAG: Style = Style::new(Face::Bold, 7.5).grey(0.35);
pub(crate) const TITLE: Style = Style::new(Face::Bold, 21.0);
pub(crate) const SUBTITLE: Style = Style::new(Face::Regular, 9.5).grey(0.3);
pub(crate) const PERSON: Style = Style::new(Face::Bold, 13.0);
pub(crate) const PLACE: Style = Style::new(Face::Regular, 10.0).grey(0.2);
pub(crate) const HEADING: Style = Style::new(Face::Bold, 10.5);
pub(crate) const BODY: Style = Style::new(Face::Regular, 9.5);
pub(crate) const PITCH: Style = Style::new(Face::Italic, 10.0);
pub(crate) const LABEL: Style = Style::new(Face::Bold, 8.0).grey(0.35);
pub(crate) const VALUE: Style = Style::new(Face::Regular, 9.5);
pub(crate) const AID_NAME: Style = Style::new(Face::Bold, 8.8);
pub(crate) const AID_TEXT: Style = Style::new(Face::Regular, 8.3).grey(0.2);
pub(crate) const SMALL: Style = Style::new(Face::Regular, 7.5).grey(0.35);
pub(crate) const CONTACT: Style = Style::new(Face::Bold, 9.5);

/// Everything the sheet prints, already chosen (named or anonymised) and in French.
#[derive(Debug, Clone, Default)]
pub struct SheetText {
    /// "Fiche profil", or "Fiche profil anonymisée".
    pub kind: String,
    /// "Présentée le 3 mars 2026".
    pub dated: String,
    /// "À l'attention de …", when addressed to a company.
    pub addressed_to: Option<String>,
    pub title: String,
    /// The other target jobs.
    pub also: Vec<String>,
    pub person: String,
    /// Commune and mobility.
    pub place: String,
    /// (label, value) pairs of the key facts box.
    pub facts: Vec<(String, String)>,
    pub pitch: String,
    pub skills: Vec<String>,
    pub experience: String,
    pub qualifications: String,
    /// (name, one-line explanation).
    pub aids: Vec<(String, String)>,
    pub aids_note: String,
    pub contact_heading: String,
    pub contact_lines: Vec<String>,
    pub footnote: String,
}

/// How much of each variable section is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Budget {
    pitch_lines: usize,
    skills: usize,
    experience_lines: usize,
    qualification_lines: usize,
    /// Lines of each aid's explanation (0: names only).
    aid_lines: usize,
    aids: usize,
}

/// The variable sections wrapped once, at full length.
struct Wrapped {
    /// Width of the experience and qualifications: half the page when both are there.
    text_width: f32,
    pitch: Vec<String>,
    skills: Vec<Vec<String>>,
    experience: Vec<String>,
    qualifications: Vec<String>,
    aids: Vec<(Vec<String>, Vec<String>)>,
    /// The key facts box, which is never shortened.
    facts: Block,
}

/// The shortenings, in the order they are tried: (what, down to). Each step removes one
/// line or one item of that section and the sheet is measured again.
const STEPS: [(Section, usize); 14] = [
    (Section::Experience, 14),
    (Section::Skills, 12),
    (Section::Qualifications, 6),
    (Section::Pitch, 8),
    (Section::AidLines, 1),
    (Section::Experience, 8),
    (Section::Skills, 8),
    (Section::Qualifications, 3),
    (Section::Pitch, 5),
    (Section::Experience, 3),
    (Section::Skills, 4),
    (Section::Pitch, 3),
    (Section::AidLines, 0),
    (Section::Aids, 3),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Pitch,
    Skills,
    Experience,
    Qualifications,
    AidLines,
    Aids,
}

impl Section {
    /// About how much height one unit of the section takes (a line; a skill, two a row of
    /// about two lines; a line of every aid's explanation; an aid).
    fn unit_height(self) -> f32 {
        match self {
            Self::Pitch => PITCH.leading(),
            Self::Skills | Self::Experience | Self::Qualifications => BODY.leading(),
            Self::AidLines => 3.0 * AID_TEXT.leading(),
            Self::Aids => 2.0 * AID_TEXT.leading(),
        }
    }
}

impl Budget {
    fn full(w: &Wrapped) -> Self {
        Self {
            pitch_lines: w.pitch.len(),
            skills: w.skills.len(),
            experience_lines: w.experience.len(),
            qualification_lines: w.qualifications.len(),
            aid_lines: w.aids.iter().map(|(_, lines)| lines.len()).max().unwrap_or(0),
            aids: w.aids.len(),
        }
    }

    fn get(&mut self, section: Section) -> &mut usize {
        match section {
            Section::Pitch => &mut self.pitch_lines,
            Section::Skills => &mut self.skills,
            Section::Experience => &mut self.experience_lines,
            Section::Qualifications => &mut self.qualification_lines,
            Section::AidLines => &mut self.aid_lines,
            Section::Aids => &mut self.aids,
        }
    }

    /// Shorter by about `overflow` points, taken from the first section of `STEPS` above its
    /// floor; returns that section and how much was taken, or `None` when every section is
    /// at its floor.
    fn shorten(&mut self, overflow: f32) -> Option<(Section, usize)> {
        for (section, floor) in STEPS {
            let value = self.get(section);
            if *value > floor {
                let units = (overflow / section.unit_height()).ceil().max(1.0) as usize;
                let taken = units.min(*value - floor);
                *value -= taken;
                return Some((section, taken));
            }
        }
        None
    }
}

/// The page and what had to be shortened (French, for the counsellor).
pub struct Laid {
    pub page: Page,
    pub cuts: Vec<String>,
}

pub fn lay_out(text: &SheetText) -> Laid {
    let top = header(text);
    let foot = footer(text);
    let foot_y = pdf::A4_HEIGHT - MARGIN_BOTTOM - foot.height();
    let room = foot_y - SECTION_GAP - (MARGIN_TOP + top.height() + SECTION_GAP);

    let both = !text.experience.trim().is_empty() && !text.qualifications.trim().is_empty();
    let text_width = if both { HALF } else { WIDTH };
    let wrapped = Wrapped {
        text_width,
        pitch: pdf::wrap(&text.pitch, PITCH, WIDTH - 12.0),
        skills: text.skills.iter().map(|s| pdf::wrap(s, BODY, HALF - pdf::bullet_indent(BODY))).collect(),
        experience: pdf::wrap(&text.experience, BODY, text_width),
        qualifications: pdf::wrap(&text.qualifications, BODY, text_width),
        aids: text
            .aids
            .iter()
            .map(|(name, why)| {
                (pdf::wrap_at_most(name, AID_NAME, AID_NAME_WIDTH, 2).0, pdf::wrap(why, AID_TEXT, AID_TEXT_WIDTH))
            })
            .collect(),
        facts: facts(text),
    };
    let full = Budget::full(&wrapped);
    let mut budget = full;
    let mut body = sections(text, &wrapped, budget);
    // Shortened by about the overflow at each step (a few steps even for a record filled to
    // every limit), then the last section shortened gets back what still fits.
    let mut last = None;
    while body.height() > room {
        let Some(step) = budget.shorten(body.height() - room) else { break };
        last = Some(step);
        body = sections(text, &wrapped, budget);
    }
    if let Some((section, taken)) = last {
        for _ in 1..taken {
            let mut more = budget;
            *more.get(section) += 1;
            let bigger = sections(text, &wrapped, more);
            if bigger.height() > room {
                break;
            }
            (budget, body) = (more, bigger);
        }
    }

    let mut page = Page::new();
    page.draw(&top, MARGIN_X, MARGIN_TOP);
    page.draw(&body, MARGIN_X, MARGIN_TOP + top.height() + SECTION_GAP);
    page.draw(&foot, MARGIN_X, foot_y);
    Laid { page, cuts: cuts(text, full, budget) }
}

fn cuts(text: &SheetText, full: Budget, kept: Budget) -> Vec<String> {
    let mut cuts = Vec::new();
    if kept.pitch_lines < full.pitch_lines {
        cuts.push("L'argumentaire a été raccourci.".to_owned());
    }
    if kept.skills < full.skills {
        cuts.push(format!("Compétences : {} sur {} figurent sur la fiche.", kept.skills, full.skills));
    }
    if kept.experience_lines < full.experience_lines {
        cuts.push("L'expérience a été raccourcie.".to_owned());
    }
    if kept.qualification_lines < full.qualification_lines {
        cuts.push("Les formations et qualifications ont été raccourcies.".to_owned());
    }
    if kept.aids < full.aids {
        cuts.push(format!("Aides à l'embauche : {} sur {} figurent sur la fiche.", kept.aids, full.aids));
    } else if kept.aid_lines < full.aid_lines {
        cuts.push("Les explications des aides à l'embauche ont été abrégées.".to_owned());
    }
    let fitted = |s: &str, style, width| pdf::ellipsize(s, style, width).1;
    if fitted(&text.person, PERSON, WIDTH) || fitted(&text.place, PLACE, WIDTH) {
        cuts.push("Le nom ou la commune a été abrégé.".to_owned());
    }
    if pdf::wrap(&text.title, TITLE, WIDTH).len() > 2 {
        cuts.push("Le métier visé a été abrégé.".to_owned());
    }
    if text.facts.iter().any(|(_, v)| pdf::wrap(v, VALUE, FACT_WIDTH - 2.0 * FACT_PADDING).len() > FACT_LINES) {
        cuts.push("Une information clé (contrats, permis, langues…) a été abrégée.".to_owned());
    }
    cuts
}

/// The kind of sheet in capitals, its date on the right, over a rule: the top of every sheet.
pub(crate) fn tag_line(kind: &str, dated: &str) -> Block {
    let mut tag = Block::lines(&[kind.to_uppercase()], TAG, WIDTH, Align::Left);
    tag.push(&Block::lines(&[dated.to_owned()], TAG, WIDTH, Align::Right), 0.0, 0.0);
    tag.rule(WIDTH, 1.2, 0.0);
    tag
}

/// Tag line, addressee, title, other jobs, person and place.
fn header(text: &SheetText) -> Block {
    let mut block = tag_line(&text.kind, &text.dated);
    if let Some(to) = &text.addressed_to {
        let (to, _) = pdf::ellipsize(to, BODY, WIDTH);
        block = block.then(&Block::lines(&[to], Style::new(Face::Bold, 9.5), WIDTH, Align::Left), 7.0);
    }
    let (title, _) = pdf::wrap_at_most(&text.title, TITLE, WIDTH, 2);
    block = block.then(&Block::lines(&title, TITLE, WIDTH, Align::Left), 10.0);
    if !text.also.is_empty() {
        let (also, _) = pdf::ellipsize(&format!("Également : {}", text.also.join(" · ")), SUBTITLE, WIDTH);
        block = block.then(&Block::lines(&[also], SUBTITLE, WIDTH, Align::Left), 1.0);
    }
    let (person, _) = pdf::ellipsize(&text.person, PERSON, WIDTH);
    block = block.then(&Block::lines(&[person], PERSON, WIDTH, Align::Left), 8.0);
    if !text.place.is_empty() {
        let (place, _) = pdf::ellipsize(&text.place, PLACE, WIDTH);
        block = block.then(&Block::lines(&[place], PLACE, WIDTH, Align::Left), 1.0);
    }
    block
}

const FACT_COLUMNS: usize = 3;
pub(crate) const FACT_PADDING: f32 = 8.0;
pub(crate) const FACT_WIDTH: f32 = WIDTH / FACT_COLUMNS as f32;
pub(crate) const FACT_LINES: usize = 2;
pub(crate) const AID_NAME_WIDTH: f32 = 150.0;
pub(crate) const AID_TEXT_WIDTH: f32 = WIDTH - AID_NAME_WIDTH - 10.0;

/// The key facts: a tinted box of label/value cells, three a row.
fn facts(text: &SheetText) -> Block {
    facts_box(&text.facts)
}

/// Label/value cells in a tinted box, three a row, each value on at most `FACT_LINES` lines.
pub(crate) fn facts_box(facts: &[(String, String)]) -> Block {
    if facts.is_empty() {
        return Block::empty();
    }
    let inner = FACT_WIDTH - 2.0 * FACT_PADDING;
    let mut grid = Block::empty();
    let mut y = 0.0;
    for row in facts.chunks(FACT_COLUMNS) {
        let mut tallest: f32 = 0.0;
        for (i, (label, value)) in row.iter().enumerate() {
            let (value, _) = pdf::wrap_at_most(value, VALUE, inner, FACT_LINES);
            let cell = Block::lines(&[label.to_uppercase()], LABEL, inner, Align::Left)
                .then(&Block::lines(&value, VALUE, inner, Align::Left), 1.5);
            tallest = tallest.max(cell.height());
            grid.push(&cell, i as f32 * FACT_WIDTH, y);
        }
        y += tallest + 7.0;
    }
    Block::boxed(&grid, WIDTH, FACT_PADDING, 0.94, 0.75)
}

/// Every variable section with `budget`, stacked.
fn sections(text: &SheetText, w: &Wrapped, budget: Budget) -> Block {
    let mut body = w.facts.clone();
    if !w.pitch.is_empty() {
        let (lines, _) = pdf::first_lines(&w.pitch, PITCH, WIDTH - 12.0, budget.pitch_lines);
        let mut quote = Block::empty();
        let lines = Block::lines(&lines, PITCH, WIDTH - 12.0, Align::Left);
        quote.push(&lines, 12.0, 0.0);
        let mut bar = Block::empty();
        bar.push(&Block::boxed(&Block::gap(lines.height() - 2.0), 2.2, 0.0, 0.25, 0.25), 0.0, 1.0);
        quote.push(&bar, 0.0, 0.0);
        body = body.then(&Block::heading("En quelques mots", HEADING, WIDTH).then(&quote, 2.0), SECTION_GAP);
    }

    if !w.skills.is_empty() {
        // Two columns of bullets, the first one the longer when they are odd.
        let items = &w.skills[..budget.skills.min(w.skills.len())];
        let (first, second) = items.split_at(items.len().div_ceil(2));
        let mut columns = Block::empty();
        columns.push(&Block::bullet_lines(first, BODY, HALF, 3), 0.0, 0.0);
        columns.push(&Block::bullet_lines(second, BODY, HALF, 3), HALF + COLUMN_GAP, 0.0);
        let section = Block::heading("Compétences clés", HEADING, WIDTH).then(&columns, 2.0);
        body = body.then(&section, SECTION_GAP);
    }

    let paragraph = |title: &str, lines: &[String], budget: usize| {
        let (lines, _) = pdf::first_lines(lines, BODY, w.text_width, budget);
        Block::heading(title, HEADING, w.text_width).then(&Block::lines(&lines, BODY, w.text_width, Align::Left), 2.0)
    };
    let experience =
        (!w.experience.is_empty()).then(|| paragraph("Expérience", &w.experience, budget.experience_lines));
    let qualifications = (!w.qualifications.is_empty())
        .then(|| paragraph("Formation et qualifications", &w.qualifications, budget.qualification_lines));
    let texts = match (experience, qualifications) {
        (Some(left), Some(right)) => {
            let mut both = Block::empty();
            both.push(&left, 0.0, 0.0);
            both.push(&right, HALF + COLUMN_GAP, 0.0);
            both
        }
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => Block::empty(),
    };
    body = body.then(&texts, SECTION_GAP);

    if !w.aids.is_empty() {
        let mut list = Block::empty();
        for (name, why) in w.aids.iter().take(budget.aids) {
            let mut row = Block::empty();
            row.push(&Block::lines(name, AID_NAME, AID_NAME_WIDTH, Align::Left), 0.0, 0.0);
            let (why, _) = pdf::first_lines(why, AID_TEXT, AID_TEXT_WIDTH, budget.aid_lines);
            row.push(&Block::lines(&why, AID_TEXT, AID_TEXT_WIDTH, Align::Left), AID_NAME_WIDTH + 10.0, 0.4);
            list = list.then(&row, 3.5);
        }
        let (note, _) = pdf::wrap_at_most(&text.aids_note, SMALL, WIDTH, 2);
        let section = Block::heading("Aides à l'embauche possibles pour votre entreprise", HEADING, WIDTH)
            .then(&list, 2.0)
            .then(&Block::lines(&note, SMALL, WIDTH, Align::Left), 4.0);
        body = body.then(&section, SECTION_GAP);
    }
    body
}

/// The counsellor's contact, over the foot note.
fn footer(text: &SheetText) -> Block {
    contact_footer(&text.contact_heading, &text.contact_lines, &text.footnote)
}

/// The counsellor's contact over a foot note of two lines at most, under a rule.
pub(crate) fn contact_footer(heading: &str, contact_lines: &[String], footnote: &str) -> Block {
    let mut block = Block::empty();
    block.rule(WIDTH, 1.2, 0.0);
    let contact = Block::lines(&[heading.to_uppercase()], TAG, WIDTH, Align::Left);
    let lines: Vec<String> = contact_lines.iter().map(|l| pdf::ellipsize(l, CONTACT, WIDTH).0).collect();
    let mut contact = contact.then(&Block::lines(&lines, CONTACT, WIDTH, Align::Left), 2.0);
    let (note, _) = pdf::wrap_at_most(footnote, SMALL, WIDTH, 2);
    contact = contact.then(&Block::lines(&note, SMALL, WIDTH, Align::Left), 5.0);
    block.then(&contact, 7.0)
}
