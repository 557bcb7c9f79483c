//! The company sheet on its A4 page, in the profile sheet's type and margins
//! (`sheets::layout`): the tag line, the company's name, identity, address and directions,
//! the key facts box, then the contacts, the promotions and their outcomes, the people to
//! offer it (anonymised) and the hiring aids it can use, the counsellor at the foot.
//!
//! One page whatever the record holds: the lists are laid out in full, then shortened one
//! row or line at a time — the least useful first — until the page fits; each shortening,
//! and each text cut to its line, is reported in French for the counsellor.

use crate::{
    pdf::{self, Align, Block, Face, Page, Style},
    sheets::layout::{
        AID_NAME, AID_TEXT, FACT_LINES, FACT_PADDING, FACT_WIDTH, HEADING, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PLACE,
        SECTION_GAP, SMALL, SUBTITLE, TITLE, VALUE, WIDTH, contact_footer, facts_box, tag_line,
    },
};

const CELL: Style = Style::new(Face::Regular, 8.5);
const CELL_HEAD: Style = Style::new(Face::Bold, 8.5).grey(0.25);
const TEXT: Style = Style::new(Face::Regular, 9.0);
/// The aids' names: wider than on the profile sheet, whose explanations are longer.
const AID_NAME_WIDTH: f32 = 235.0;
const AID_TEXT_WIDTH: f32 = WIDTH - AID_NAME_WIDTH - 10.0;
/// Padding of a table's cells (`Block::table`).
const PADDING: f32 = 8.5 * 0.35;

/// Everything the sheet prints, in French, candidates already anonymised.
#[derive(Debug, Clone, Default)]
pub struct CompanyText {
    /// « Le 6 décembre 2026 ».
    pub dated: String,
    pub name: String,
    /// « SIRET 732 829 320 00074 · NAF 10.71C — Boulangerie et boulangerie-pâtisserie ».
    pub identity: String,
    pub address: String,
    pub directions: Option<String>,
    /// (label, value) of the key facts box.
    pub facts: Vec<(String, String)>,
    /// (name and role, preferred channel, e-mail and phone).
    pub contacts: Vec<[String; 3]>,
    /// « 12 promotions envoyées : 2 embauches, … ».
    pub outcomes: String,
    /// (day, alias, job, outcome), the latest first.
    pub recent: Vec<[String; 4]>,
    /// (alias, job, distance, why).
    pub people: Vec<[String; 4]>,
    /// Said instead of the people when there is none.
    pub people_note: String,
    /// (name, for whom and what to check).
    pub aids: Vec<(String, String)>,
    pub contact_lines: Vec<String>,
    pub footnote: String,
}

/// How much of each list is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Budget {
    contacts: usize,
    recent: usize,
    people: usize,
    /// Lines of each person's reasons.
    reason_lines: usize,
    aids: usize,
    /// Lines of each aid's conditions.
    aid_lines: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Contacts,
    Recent,
    People,
    ReasonLines,
    Aids,
    AidLines,
}

/// The shortenings, in the order they are tried, each down to its floor, one unit at a time:
/// first the lists the app holds in full (the last promotions, the people to offer), then
/// the company's own record (its aids, its contacts), which the cuts report.
const STEPS: [(Part, usize); 14] = [
    (Part::ReasonLines, 2),
    (Part::Recent, 4),
    (Part::People, 4),
    (Part::ReasonLines, 1),
    (Part::Recent, 3),
    (Part::People, 3),
    (Part::AidLines, 1),
    (Part::Contacts, 4),
    (Part::Recent, 2),
    (Part::People, 2),
    (Part::Aids, 5),
    (Part::Contacts, 2),
    (Part::Aids, 3),
    (Part::Aids, 1),
];

const MAX_REASON_LINES: usize = 3;
const MAX_AID_LINES: usize = 2;

impl Budget {
    fn full(text: &CompanyText) -> Self {
        Self {
            contacts: text.contacts.len(),
            recent: text.recent.len(),
            people: text.people.len(),
            reason_lines: MAX_REASON_LINES,
            aids: text.aids.len(),
            aid_lines: MAX_AID_LINES,
        }
    }

    fn get(&mut self, part: Part) -> &mut usize {
        match part {
            Part::Contacts => &mut self.contacts,
            Part::Recent => &mut self.recent,
            Part::People => &mut self.people,
            Part::ReasonLines => &mut self.reason_lines,
            Part::Aids => &mut self.aids,
            Part::AidLines => &mut self.aid_lines,
        }
    }

    /// About how high one unit of `part` stands: a row of a list, or a line of every row.
    fn unit_height(&self, part: Part) -> f32 {
        let row = CELL.leading() + 1.5 * PADDING;
        match part {
            Part::Recent | Part::Aids => row,
            Part::Contacts | Part::People => 2.0 * CELL.leading() + 1.5 * PADDING,
            Part::ReasonLines => CELL.leading() * self.people.max(1) as f32,
            Part::AidLines => AID_TEXT.leading() * self.aids.max(1) as f32,
        }
    }

    /// Shorter by about `overflow` points, taken from the first part of `STEPS` above its
    /// floor: that part and how much was taken, or `None` when every part is at its floor.
    fn shorten(&mut self, overflow: f32) -> Option<(Part, usize)> {
        for (part, floor) in STEPS {
            let unit = self.unit_height(part);
            let value = self.get(part);
            if *value > floor {
                let taken = ((overflow / unit).ceil().max(1.0) as usize).min(*value - floor);
                *value -= taken;
                return Some((part, taken));
            }
        }
        None
    }
}

/// The page and what had to be shortened (French).
pub struct Laid {
    pub page: Page,
    pub cuts: Vec<String>,
}

pub fn lay_out(text: &CompanyText) -> Laid {
    let mut cut = Cut::default();
    let top = header(text, &mut cut);
    let facts = facts_box(&text.facts);
    let foot = contact_footer("Fiche préparée par", &text.contact_lines, &text.footnote);
    let foot_y = pdf::A4_HEIGHT - MARGIN_BOTTOM - foot.height();
    let body_y = MARGIN_TOP + top.height() + SECTION_GAP;
    let room = foot_y - SECTION_GAP - body_y;

    let full = Budget::full(text);
    let mut budget = full;
    let (mut body, mut cells) = sections(text, &facts, budget);
    // Shortened by about the overflow at each step (a few passes even for a company full
    // to every limit), then each part gets back what still fits, the most useful first.
    let mut shortened = false;
    while body.height() > room && budget.shorten(body.height() - room).is_some() {
        shortened = true;
        (body, cells) = sections(text, &facts, budget);
    }
    if shortened {
        for (part, _) in STEPS.iter().rev() {
            let mut full = full;
            while *budget.get(*part) < *full.get(*part) {
                let mut more = budget;
                *more.get(*part) += 1;
                let (bigger, bigger_cells) = sections(text, &facts, more);
                if bigger.height() > room {
                    break;
                }
                (budget, body, cells) = (more, bigger, bigger_cells);
            }
        }
    }
    cut.cells = cells;

    let mut page = Page::new();
    page.draw(&top, MARGIN_X, MARGIN_TOP);
    page.draw(&body, MARGIN_X, body_y);
    page.draw(&foot, MARGIN_X, foot_y);
    Laid { page, cuts: cuts(text, full, budget, &cut) }
}

/// What was cut to its line beside the lists' budget.
#[derive(Debug, Default)]
struct Cut {
    name: bool,
    identity: bool,
    address: bool,
    cells: Cells,
}

/// Table cells and facts cut to their lines.
#[derive(Debug, Default, Clone, Copy)]
struct Cells {
    contacts: bool,
    facts: bool,
}

fn cuts(text: &CompanyText, full: Budget, kept: Budget, cut: &Cut) -> Vec<String> {
    let mut cuts = Vec::new();
    let of = |what: &str, kept: usize, all: usize| format!("{what} : {kept} sur {all} figurent sur la fiche.");
    if cut.name {
        cuts.push("Le nom de l'entreprise a été abrégé.".to_owned());
    }
    if cut.identity {
        cuts.push("Le libellé de l'activité (NAF) a été abrégé.".to_owned());
    }
    if cut.address {
        cuts.push("L'adresse a été abrégée.".to_owned());
    }
    if cut.cells.facts {
        cuts.push("Une information clé (engagements…) a été abrégée.".to_owned());
    }
    if kept.contacts < full.contacts {
        cuts.push(of("Interlocuteurs", kept.contacts, full.contacts));
    }
    if cut.cells.contacts {
        cuts.push("Le nom, la fonction ou les coordonnées d'un interlocuteur ont été abrégés.".to_owned());
    }
    // The last promotions and the people to offer are the first lines of lists the app
    // shows in full (the timeline, « Candidats à proposer »): fewer of them is no loss.
    if kept.aids < full.aids {
        cuts.push(of("Aides à l'embauche", kept.aids, full.aids));
    } else if kept.aid_lines < full.aid_lines && text.aids.iter().any(|(_, t)| aid_lines(t).len() > kept.aid_lines) {
        cuts.push("Les conditions des aides à l'embauche ont été abrégées.".to_owned());
    }
    cuts
}

fn aid_lines(text: &str) -> Vec<String> {
    pdf::wrap(text, AID_TEXT, AID_TEXT_WIDTH)
}

/// Tag line, name, identity, address and directions.
fn header(text: &CompanyText, cut: &mut Cut) -> Block {
    let mut block = tag_line("Fiche entreprise", &text.dated);
    let (name, cut_name) = pdf::wrap_at_most(&text.name, TITLE, WIDTH, 2);
    cut.name = cut_name;
    block = block.then(&Block::lines(&name, TITLE, WIDTH, Align::Left), 10.0);
    let (identity, cut_identity) = pdf::wrap_at_most(&text.identity, SUBTITLE, WIDTH, 2);
    cut.identity = cut_identity;
    block = block.then(&Block::lines(&identity, SUBTITLE, WIDTH, Align::Left), 2.0);
    if !text.address.is_empty() {
        let (address, cut_address) = pdf::ellipsize(&text.address, PLACE, WIDTH);
        cut.address = cut_address;
        block = block.then(&Block::lines(&[address], PLACE, WIDTH, Align::Left), 6.0);
    }
    if let Some(directions) = &text.directions {
        let (lines, _) = pdf::wrap_at_most(directions, SUBTITLE, WIDTH, 2);
        block = block.then(&Block::lines(&lines, SUBTITLE, WIDTH, Align::Left), 1.0);
    }
    block
}

/// `cell` fitted to a column `width` wide in at most `lines` lines (a table wraps the
/// lines given again: they already fit); `true` when cut.
fn fit(cell: &str, width: f32, lines: usize) -> (String, bool) {
    let (kept, cut) = pdf::wrap_at_most(cell, CELL, width - 2.0 * PADDING - 0.5, lines);
    (kept.join("\n"), cut)
}

/// Rows of cells fitted to `columns`, each at most `lines[i]` lines; `true` when one was cut.
fn fitted_rows<const N: usize>(
    rows: &[[String; N]],
    columns: &[(f32, Align); N],
    lines: [usize; N],
) -> (Vec<Vec<String>>, bool) {
    let mut any = false;
    let rows = rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(columns)
                .zip(lines)
                .map(|((cell, (width, _)), max)| {
                    let (text, cut) = fit(cell, *width, max);
                    any |= cut;
                    text
                })
                .collect()
        })
        .collect();
    (rows, any)
}

fn section(title: &str, content: &Block) -> Block {
    Block::heading(title, HEADING, WIDTH).then(content, 2.0)
}

fn note(text: &str) -> Block {
    Block::paragraph(text, TEXT, WIDTH, Some(3)).0
}

/// The facts box and every list with `budget`, stacked; and which cells were cut.
fn sections(text: &CompanyText, facts: &Block, budget: Budget) -> (Block, Cells) {
    let mut cells = Cells {
        facts: text.facts.iter().any(|(_, v)| pdf::wrap(v, VALUE, FACT_WIDTH - 2.0 * FACT_PADDING).len() > FACT_LINES),
        ..Cells::default()
    };
    let mut body = facts.clone();

    let contacts = if text.contacts.is_empty() {
        note("Aucun interlocuteur enregistré.")
    } else {
        let columns = [(190.0, Align::Left), (75.0, Align::Left), (WIDTH - 265.0, Align::Left)];
        let (rows, cut) = fitted_rows(&text.contacts[..budget.contacts], &columns, [2, 1, 2]);
        cells.contacts = cut;
        Block::table(&columns, &["Interlocuteur", "Canal préféré", "Coordonnées"], &rows, CELL, CELL_HEAD)
    };
    body = body.then(&section("Interlocuteurs", &contacts), SECTION_GAP);

    let mut promotions = note(&text.outcomes);
    if !text.recent.is_empty() {
        let columns = [(62.0, Align::Left), (82.0, Align::Left), (WIDTH - 274.0, Align::Left), (130.0, Align::Left)];
        let (rows, _) = fitted_rows(&text.recent[..budget.recent], &columns, [1, 1, 1, 1]);
        let table = Block::table(&columns, &["Envoyée le", "Candidat·e", "Métier", "Suite"], &rows, CELL, CELL_HEAD);
        let last =
            if budget.recent > 1 { format!("Les {} dernières :", budget.recent) } else { "La dernière :".into() };
        promotions = promotions.then(&Block::lines(&[last], SMALL, WIDTH, Align::Left), 2.0).then(&table, 1.0);
    }
    body = body.then(&section("Promotions envoyées et leurs suites", &promotions), SECTION_GAP);

    let people = if text.people.is_empty() {
        note(&text.people_note)
    } else {
        let columns = [(70.0, Align::Left), (125.0, Align::Left), (48.0, Align::Left), (WIDTH - 243.0, Align::Left)];
        let (rows, _) = fitted_rows(&text.people[..budget.people], &columns, [1, 2, 1, budget.reason_lines]);
        let table =
            Block::table(&columns, &["Candidat·e", "Métier visé", "Distance", "Pourquoi"], &rows, CELL, CELL_HEAD);
        let (note, _) = pdf::wrap_at_most(&text.people_note, SMALL, WIDTH, 2);
        table.then(&Block::lines(&note, SMALL, WIDTH, Align::Left), 3.0)
    };
    body = body.then(&section("Candidats à lui proposer (anonymisés)", &people), SECTION_GAP);

    if !text.aids.is_empty() {
        let mut list = Block::empty();
        for (name, why) in text.aids.iter().take(budget.aids) {
            let mut row = Block::empty();
            let (name, _) = pdf::wrap_at_most(name, AID_NAME, AID_NAME_WIDTH, 2);
            row.push(&Block::lines(&name, AID_NAME, AID_NAME_WIDTH, Align::Left), 0.0, 0.0);
            let (why, _) = pdf::first_lines(&aid_lines(why), AID_TEXT, AID_TEXT_WIDTH, budget.aid_lines);
            row.push(&Block::lines(&why, AID_TEXT, AID_TEXT_WIDTH, Align::Left), AID_NAME_WIDTH + 10.0, 0.4);
            list = list.then(&row, 3.5);
        }
        let note = "Aides que l'entreprise peut mobiliser selon la personne embauchée ; montants et conditions selon \
                    la réglementation en vigueur.";
        let (note, _) = pdf::wrap_at_most(note, SMALL, WIDTH, 2);
        let aids = list.then(&Block::lines(&note, SMALL, WIDTH, Align::Left), 4.0);
        body = body.then(&section("Aides à l'embauche possibles", &aids), SECTION_GAP);
    }
    (body, cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crowded() -> CompanyText {
        let long = "Boulangerie-pâtisserie artisanale « Au Fournil de l'Odet », maison fondée en 1923 ".repeat(3);
        CompanyText {
            dated: "Le 6 décembre 2026".into(),
            name: long.clone(),
            identity: format!("SIRET 732 829 320 00074 · NAF 10.71C — {}", "Boulangerie et pâtisserie ".repeat(12)),
            address: "12 rue de la Gare prolongée, bâtiment B, ".repeat(5),
            directions: Some("À 6 km à l'est de Quimper (63 000 habitants), à vol d'oiseau".into()),
            facts: (0..9).map(|i| (format!("Information {i}"), "Les entreprises s'engagent, ".repeat(6))).collect(),
            contacts: (0..20)
                .map(|i| {
                    [
                        format!("Anne-Gaëlle Le Floc'h-Kerjean n° {i}, responsable des ressources humaines"),
                        "Téléphone".into(),
                        "anne-gaelle.lefloch-kerjean@boulangerie-odet.example · 02 98 12 34 56".into(),
                    ]
                })
                .collect(),
            outcomes: "40 promotions envoyées : 2 embauches, 3 entretiens prévus, 10 refusées.".into(),
            recent: (0..6)
                .map(|_| {
                    [
                        "03/11/2026".into(),
                        "Candidat·e L.".into(),
                        "Boulanger / Boulangère ".repeat(5),
                        "Employeur intéressé".into(),
                    ]
                })
                .collect(),
            people: (0..6)
                .map(|_| {
                    [
                        "Candidat·e M.".into(),
                        "Pâtissier / Pâtissière, confiseur / confiseuse, chocolatier / chocolatière".into(),
                        "à 12 km".into(),
                        "Boulangerie : 69 % des embauches pour Boulanger · à 12 km, dans son rayon de 30 km · \
                         aides : RQTH"
                            .repeat(2),
                    ]
                })
                .collect(),
            people_note: "Les moins promus d'abord.".into(),
            aids: (0..9).map(|i| (format!("Aide n° {i}"), "Pour : RQTH. À vérifier : effectif. ".repeat(8))).collect(),
            contact_lines: vec!["Élise Guérin — France Travail Quimper".into(), "02 98 00 00 00".into()],
            footnote: "Candidats anonymisés.".into(),
        }
    }

    #[test]
    fn a_crowded_company_still_fits_one_page_and_says_what_was_cut() {
        let laid = lay_out(&crowded());
        assert!(laid.page.bottom() <= pdf::A4_HEIGHT - MARGIN_BOTTOM + 1.0, "{}", laid.page.bottom());
        let cuts = laid.cuts.join("\n");
        for expected in ["Le nom de l'entreprise", "L'adresse", "Interlocuteurs :", "Une information clé"] {
            assert!(cuts.contains(expected), "{expected:?} not in {cuts}");
        }
    }

    #[test]
    fn a_small_company_is_not_shortened() {
        let mut text = crowded();
        text.name = "Boulangerie Kerbrat".into();
        text.identity = "SIRET 732 829 320 00074 · NAF 10.71C — Boulangerie et boulangerie-pâtisserie".into();
        text.address = "12 rue de la Gare, 29000 Quimper".into();
        text.facts.truncate(3);
        for fact in &mut text.facts {
            fact.1 = "70 sur 100".into();
        }
        text.contacts = vec![["Sophie Lambert, gérante".into(), "Téléphone".into(), "02 99 12 34 56".into()]];
        text.recent.truncate(3);
        for row in &mut text.recent {
            row[2] = "Boulanger / Boulangère".into();
        }
        text.people.truncate(3);
        for row in &mut text.people {
            row[1] = "Boulanger / Boulangère".into();
            row[3] = "Boulangerie : 69 % des embauches pour Boulanger".into();
        }
        text.aids.truncate(3);
        for aid in &mut text.aids {
            aid.1 = "Pour : tout demandeur d'emploi.".into();
        }
        let laid = lay_out(&text);
        assert!(laid.cuts.is_empty(), "{:?}", laid.cuts);
    }
}
