//! Side by side: the period's promotions (the cohort, under every filter) grouped by
//! counsellor, agency, public, job domain, and the department and commune the candidate
//! lives in — or the company is in, when the dashboard's territory is the company's
//! place (`TerritoryOf`) — each group with the main indicators — promotions, answers and answer rate,
//! interviews, hires and hire rate, median answer delay. Each figure of a row is the
//! dashboard's figure under one more filter (`Figure::holds` on the same promotions), so
//! the list behind it is the promotions list of that filter.
//!
//! Counted as `stats::pass` meets the cohort, in its one pass: no query per row. A
//! promotion counts in one row of the counsellors, agencies, departments and communes
//! (their rows add up to the total), and in every public and domain of its candidate
//! (those may add up to more).

use std::collections::HashMap;

use crate::store::Conn;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    Figure, Held, TerritoryOf,
    count::{MAX_DELAY, Selection, median, ratio},
    facts::{Facts, PromotionFact, public_bit},
    territory::{NO_PLACE, UNKNOWN, department_label},
};
use crate::{Result, hiring_aids::Public, text::fixed_decimal};

/// Communes listed at most, those with the most promotions (choosing a department lists its own).
pub const MAX_COMMUNES: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum BreakdownKey {
    Counsellors,
    Agencies,
    Publics,
    Domains,
    Departments,
    Communes,
}

impl BreakdownKey {
    pub const ALL: [BreakdownKey; 6] =
        [Self::Counsellors, Self::Agencies, Self::Publics, Self::Domains, Self::Departments, Self::Communes];

    /// The table's title, the territory's tables naming whose place they read.
    pub fn title(self, territory: TerritoryOf) -> &'static str {
        match (self, territory) {
            (Self::Counsellors, _) => "Par conseiller",
            (Self::Agencies, _) => "Par agence ou équipe",
            (Self::Publics, _) => "Par public",
            (Self::Domains, _) => "Par domaine du métier visé",
            (Self::Departments, TerritoryOf::Candidate) => "Par département de résidence du candidat",
            (Self::Communes, TerritoryOf::Candidate) => "Par commune de résidence du candidat",
            (Self::Departments, TerritoryOf::Company) => "Par département de l'entreprise",
            (Self::Communes, TerritoryOf::Company) => "Par commune de l'entreprise",
        }
    }

    /// The rows' header column.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Counsellors => "Conseiller",
            Self::Agencies => "Agence ou équipe",
            Self::Publics => "Public",
            Self::Domains => "Domaine",
            Self::Departments => "Département",
            Self::Communes => "Commune",
        }
    }

    /// Whether a promotion may count in several rows (a candidate in several publics or
    /// aiming at jobs of several domains).
    pub fn overlapping(self) -> bool {
        matches!(self, Self::Publics | Self::Domains)
    }
}

/// The main indicators of one group of the cohort.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BreakdownRow {
    /// What the dashboard's filter takes for this row: a counsellor's or agency's name, a
    /// public's code, a domain's code, a department's code, a commune's INSEE code
    /// (`inconnu`: no place on the record).
    pub key: String,
    pub label: String,
    /// Whether a filter names the row's promotions (not the promotions signed without a
    /// counsellor's or agency's name): its figures then open their lists.
    pub openable: bool,
    pub promotions: u32,
    pub answered: u32,
    pub answer_rate: Option<f64>,
    pub interviews: u32,
    pub hires: u32,
    pub hire_rate: Option<f64>,
    /// Calendar days to the first answer, over the dated answers (`answer_delay_basis`).
    pub answer_delay_median: Option<f64>,
    pub answer_delay_basis: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Breakdown {
    pub key: BreakdownKey,
    pub title: String,
    /// The rows' header column.
    pub heading: String,
    /// Whether the rows may add up to more than the total (`BreakdownKey::overlapping`).
    pub overlapping: bool,
    /// Groups with promotions in the period.
    pub rows: Vec<BreakdownRow>,
    /// Rows left out (the communes beyond `MAX_COMMUNES`) and their promotions.
    pub omitted: u32,
    pub omitted_promotions: u32,
}

/// What one group counts, as it is summed.
#[derive(Debug, Default, Clone)]
pub(super) struct Tally {
    pub(super) promotions: u32,
    answered: u32,
    interviews: u32,
    hires: u32,
    dated: u32,
    /// Dated answers after 0, 1, 2… days.
    delays: Vec<u32>,
}

/// What came of one promotion, as every figure of a row reads it.
#[derive(Debug, Clone, Copy)]
struct Outcome {
    answered: bool,
    interviewed: bool,
    hired: bool,
    days: Option<usize>,
}

impl Outcome {
    fn of(p: &PromotionFact, held: Held) -> Self {
        let days = p.answer_days().map(|d| usize::try_from(d.clamp(0, MAX_DELAY)).unwrap_or(0));
        Self {
            answered: held.has(Figure::Answered),
            interviewed: held.has(Figure::Interviews),
            hired: held.has(Figure::Hires),
            days: days.filter(|_| held.has(Figure::AnsweredDated)),
        }
    }
}

impl Tally {
    /// Counts a promotion of the cohort, with the figures it counts in.
    pub(super) fn count(&mut self, p: &PromotionFact, held: Held) {
        self.add(Outcome::of(p, held));
    }

    fn merge(&mut self, other: Self) {
        self.promotions += other.promotions;
        self.answered += other.answered;
        self.interviews += other.interviews;
        self.hires += other.hires;
        self.dated += other.dated;
        if self.delays.len() < other.delays.len() {
            self.delays.resize(other.delays.len(), 0);
        }
        for (n, more) in self.delays.iter_mut().zip(other.delays) {
            *n += more;
        }
    }

    fn add(&mut self, o: Outcome) {
        self.promotions += 1;
        self.answered += u32::from(o.answered);
        self.interviews += u32::from(o.interviewed);
        self.hires += u32::from(o.hired);
        if let Some(days) = o.days {
            self.dated += 1;
            if self.delays.len() <= days {
                self.delays.resize(days + 1, 0);
            }
            self.delays[days] += 1;
        }
    }

    pub(super) fn row(&self, key: String, label: String, openable: bool) -> BreakdownRow {
        BreakdownRow {
            key,
            label,
            openable,
            promotions: self.promotions,
            answered: self.answered,
            answer_rate: ratio(self.answered, self.promotions),
            interviews: self.interviews,
            hires: self.hires,
            hire_rate: ratio(self.hires, self.promotions),
            answer_delay_median: median(&self.delays, self.dated),
            answer_delay_basis: self.dated,
        }
    }
}

/// How long the domains' codes are: letters (`D`) without a domain filter, sub-domains
/// (`D11`) under a letter, ROME job sheets (`D1102`) under a sub-domain — one level below
/// the filter, so that each row's filter keeps a part of the filter's promotions.
fn domain_level(filter: Option<&str>) -> usize {
    match filter.map(str::len) {
        None | Some(0) => 1,
        Some(1) => 3,
        Some(_) => 5,
    }
}

/// The tables of the cohort as its promotions are added (`add`, from `stats::pass`),
/// halves of it counted apart and merged (`merge`); the domains named by their codes
/// (`label_domains` names them).
pub(super) struct Comparisons<'a> {
    facts: &'a Facts,
    only: Option<BreakdownKey>,
    territory_of: TerritoryOf,
    by_counsellor: bool,
    by_agency: bool,
    by_place: bool,
    /// The candidate's fact, a random access per promotion, only for the tables that read it.
    by_candidate: bool,
    /// Each ROME code's group among the domains' rows, when it is one of the filter's.
    domain_keys: Vec<String>,
    rome_group: Vec<u32>,
    counsellors: Vec<Tally>,
    agencies: Vec<Tally>,
    publics: Vec<Tally>,
    domains: Vec<Tally>,
    /// The last one: no place known.
    departments: Vec<Tally>,
    communes: Vec<Tally>,
}

impl<'a> Comparisons<'a> {
    pub(super) fn new(facts: &'a Facts, sel: &Selection<'_>, domain: Option<&str>, only: Option<BreakdownKey>) -> Self {
        let wants = |key: BreakdownKey| only.is_none_or(|o| o == key);
        let by_place = wants(BreakdownKey::Departments) || wants(BreakdownKey::Communes);
        let domain = domain.map(str::trim).filter(|d| !d.is_empty());
        let level = domain_level(domain);
        let mut domain_keys: Vec<String> = Vec::new();
        let mut domain_index: HashMap<&str, u32> = HashMap::new();
        let rome_group: Vec<u32> = facts
            .romes
            .iter()
            .map(|rome| {
                let key = rome.get(..level.min(rome.len())).unwrap_or(rome);
                if domain.is_some_and(|d| !rome.starts_with(d)) || key.is_empty() {
                    return NO_PLACE;
                }
                *domain_index.entry(key).or_insert_with(|| {
                    domain_keys.push(key.to_owned());
                    u32::try_from(domain_keys.len() - 1).unwrap_or(NO_PLACE)
                })
            })
            .collect();
        let territories = facts.territories_of(sel.territory_of);
        Self {
            facts,
            only,
            territory_of: sel.territory_of,
            by_counsellor: wants(BreakdownKey::Counsellors),
            by_agency: wants(BreakdownKey::Agencies),
            by_place,
            by_candidate: wants(BreakdownKey::Publics)
                || wants(BreakdownKey::Domains)
                || (by_place && sel.territory_of == TerritoryOf::Candidate),
            counsellors: vec![Tally::default(); facts.names.len()],
            agencies: vec![Tally::default(); facts.names.len()],
            publics: vec![Tally::default(); Public::ALL.len()],
            domains: vec![Tally::default(); domain_keys.len()],
            departments: vec![Tally::default(); territories.departments.len() + 1],
            communes: vec![Tally::default(); territories.communes.len() + 1],
            domain_keys,
            rome_group,
        }
    }

    /// Counts a promotion of the cohort in every table asked for.
    pub(super) fn add(&mut self, p: &PromotionFact, held: Held) {
        let outcome = Outcome::of(p, held);
        if let Some(t) = self.counsellors.get_mut(p.counsellor as usize).filter(|_| self.by_counsellor) {
            t.add(outcome);
        }
        if let Some(t) = self.agencies.get_mut(p.agency as usize).filter(|_| self.by_agency) {
            t.add(outcome);
        }
        let candidate = if self.by_candidate { self.facts.candidates.get(p.candidate) } else { None };
        if self.by_place {
            let at = self.facts.place_with(p, candidate, self.territory_of);
            let place = |i: u32, len: usize| if i == NO_PLACE { len - 1 } else { (i as usize).min(len - 1) };
            let department = place(at.department, self.departments.len());
            let commune = place(at.commune, self.communes.len());
            self.departments[department].add(outcome);
            self.communes[commune].add(outcome);
        }
        let Some(c) = candidate else { return };
        let bits = c.publics_on(p.sent_on);
        for (i, public) in Public::ALL.iter().enumerate() {
            if bits & public_bit(*public) != 0 {
                self.publics[i].add(outcome);
            }
        }
        let mut seen = [NO_PLACE; crate::candidates::MAX_TARGET_JOBS];
        for (n, job) in c.job_ids().enumerate() {
            let group = self.rome_group.get(job as usize).copied().unwrap_or(NO_PLACE);
            if group != NO_PLACE
                && !seen[..n].contains(&group)
                && let Some(t) = self.domains.get_mut(group as usize)
            {
                t.add(outcome);
            }
            if let Some(slot) = seen.get_mut(n) {
                *slot = group;
            }
        }
    }

    /// Adds the tables of another part of the cohort, counted under the same selection.
    pub(super) fn merge(&mut self, other: Self) {
        for (mine, theirs) in [
            (&mut self.counsellors, other.counsellors),
            (&mut self.agencies, other.agencies),
            (&mut self.publics, other.publics),
            (&mut self.domains, other.domains),
            (&mut self.departments, other.departments),
            (&mut self.communes, other.communes),
        ] {
            for (tally, more) in mine.iter_mut().zip(theirs) {
                tally.merge(more);
            }
        }
    }

    /// Every table asked for, in `BreakdownKey::ALL`'s order.
    pub(super) fn finish(self) -> Vec<Breakdown> {
        let Self {
            facts,
            only,
            territory_of,
            domain_keys,
            counsellors,
            agencies,
            publics,
            domains,
            departments,
            communes,
            ..
        } = self;
        let wants = |key: BreakdownKey| only.is_none_or(|o| o == key);
        let territories = facts.territories_of(territory_of);
        let table = |key: BreakdownKey, rows: Vec<BreakdownRow>, omitted: (u32, u32)| Breakdown {
            key,
            title: key.title(territory_of).to_owned(),
            heading: key.heading().to_owned(),
            overlapping: key.overlapping(),
            rows,
            omitted: omitted.0,
            omitted_promotions: omitted.1,
        };
        let named = |tallies: Vec<Tally>, none: &str| -> Vec<BreakdownRow> {
            let mut rows: Vec<BreakdownRow> = tallies
                .iter()
                .enumerate()
                .filter(|(_, t)| t.promotions > 0)
                .map(|(i, t)| {
                    let name = facts.names.get(i).cloned().unwrap_or_default();
                    let openable = !name.trim().is_empty();
                    let label = if openable { name.clone() } else { none.to_owned() };
                    t.row(name, label, openable)
                })
                .collect();
            rows.sort_by(|a, b| b.promotions.cmp(&a.promotions).then_with(|| a.label.cmp(&b.label)));
            rows
        };
        let mut tables = Vec::with_capacity(BreakdownKey::ALL.len());
        tables.push(table(BreakdownKey::Counsellors, named(counsellors, "Sans conseiller signataire"), (0, 0)));
        tables.push(table(BreakdownKey::Agencies, named(agencies, "Sans agence enregistrée"), (0, 0)));
        let publics = Public::ALL
            .iter()
            .zip(&publics)
            .filter(|(_, t)| t.promotions > 0)
            .map(|(p, t)| t.row(p.code().to_owned(), p.label().to_owned(), true))
            .collect();
        tables.push(table(BreakdownKey::Publics, publics, (0, 0)));
        let mut domain_rows: Vec<BreakdownRow> = domain_keys
            .iter()
            .zip(&domains)
            .filter(|(_, t)| t.promotions > 0)
            .map(|(code, t)| t.row(code.clone(), code.clone(), true))
            .collect();
        domain_rows.sort_by(|a, b| a.key.cmp(&b.key));
        tables.push(table(BreakdownKey::Domains, domain_rows, (0, 0)));
        let last = departments.len() - 1;
        let mut department_rows: Vec<(bool, BreakdownRow)> = departments
            .iter()
            .enumerate()
            .filter(|(_, t)| t.promotions > 0)
            .map(|(i, t)| {
                let code = if i == last { UNKNOWN.to_owned() } else { territories.department_key(i as u32) };
                (i == last, t.row(code.clone(), department_label(&code), true))
            })
            .collect();
        department_rows
            .sort_by(|(a_unknown, a), (b_unknown, b)| a_unknown.cmp(b_unknown).then_with(|| a.key.cmp(&b.key)));
        tables.push(table(BreakdownKey::Departments, department_rows.into_iter().map(|(_, r)| r).collect(), (0, 0)));
        let last = communes.len() - 1;
        let mut commune_rows: Vec<BreakdownRow> = communes
            .iter()
            .enumerate()
            .filter(|(_, t)| t.promotions > 0)
            .map(|(i, t)| {
                let i = if i == last { NO_PLACE } else { i as u32 };
                t.row(territories.commune_key(i), territories.commune_label(i), true)
            })
            .collect();
        commune_rows.sort_by(|a, b| b.promotions.cmp(&a.promotions).then_with(|| a.label.cmp(&b.label)));
        let left_out = commune_rows.split_off(MAX_COMMUNES.min(commune_rows.len()));
        let omitted =
            (u32::try_from(left_out.len()).unwrap_or(u32::MAX), left_out.iter().map(|r| r.promotions).sum::<u32>());
        tables.push(table(BreakdownKey::Communes, commune_rows, omitted));
        // The others were not counted: their tallies are empty.
        tables.retain(|t| wants(t.key));
        tables
    }
}

/// Names the domains' rows from the referential: « D — Commerce, vente et grande
/// distribution », « D1102 — Boulangerie - viennoiserie ».
pub(super) fn label_domains(conn: &Conn, tables: &mut [Breakdown]) -> Result<()> {
    let mut domain = conn.prepare_cached("SELECT label FROM rome_domains WHERE code = ?1")?;
    let mut job = conn.prepare_cached("SELECT label FROM rome_jobs WHERE code = ?1")?;
    for table in tables.iter_mut().filter(|t| t.key == BreakdownKey::Domains) {
        for row in &mut table.rows {
            let statement = if row.key.len() >= 5 { &mut job } else { &mut domain };
            if let Some(label) = statement.query_row([&row.key], |r| r.get::<_, String>(0)).optional()? {
                row.label = format!("{} — {label}", row.key);
            }
        }
    }
    Ok(())
}

/// The columns of a table of comparisons, after its rows' header.
pub const COLUMNS: [&str; 8] = [
    "Promotions",
    "Réponses",
    "Taux de retour",
    "Entretiens",
    "Embauches",
    "Taux de transformation",
    "Délai de retour médian (jours)",
    "Réponses datées",
];

/// What a table says under its rows: the rows left out, and whether they add up.
pub fn note(table: &Breakdown) -> Option<String> {
    if table.omitted > 0 {
        Some(format!(
            "{} autres communes ({} promotions) ne sont pas listées : choisissez un département pour voir les siennes.",
            table.omitted, table.omitted_promotions
        ))
    } else if table.overlapping {
        Some("Une promotion compte dans chacun des publics ou des domaines de son candidat : les lignes peuvent dépasser le total.".into())
    } else {
        None
    }
}

/// The comparisons on a sheet of their own: each table under its title, figures as
/// numbers, rates as percentages.
pub(super) fn xlsx_sheet(
    book: &mut rust_xlsxwriter::Workbook,
    tables: &[Breakdown],
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_background_color("#E3E3FD");
    let count = Format::new().set_num_format("0");
    let rate = Format::new().set_num_format("0.0%");
    let days = Format::new().set_num_format("0.0");
    let sheet = book.add_worksheet().set_name("Comparaisons")?;
    let mut row = 0;
    for table in tables {
        sheet.write_string_with_format(row, 0, &table.title, &bold)?;
        row += 1;
        for (col, name) in std::iter::once(table.heading.as_str()).chain(COLUMNS).enumerate() {
            sheet.write_string_with_format(row, col as u16, name, &header)?;
        }
        for r in &table.rows {
            row += 1;
            sheet.write_string(row, 0, &r.label)?;
            sheet.write_number_with_format(row, 1, r.promotions, &count)?;
            sheet.write_number_with_format(row, 2, r.answered, &count)?;
            if let Some(v) = r.answer_rate {
                sheet.write_number_with_format(row, 3, v, &rate)?;
            }
            sheet.write_number_with_format(row, 4, r.interviews, &count)?;
            sheet.write_number_with_format(row, 5, r.hires, &count)?;
            if let Some(v) = r.hire_rate {
                sheet.write_number_with_format(row, 6, v, &rate)?;
            }
            if let Some(v) = r.answer_delay_median {
                sheet.write_number_with_format(row, 7, v, &days)?;
            }
            sheet.write_number_with_format(row, 8, r.answer_delay_basis, &count)?;
        }
        if let Some(note) = note(table) {
            row += 1;
            sheet.write_string(row, 0, &note)?;
        }
        row += 2;
    }
    sheet.set_column_width(0, 44)?;
    for col in 1..=8 {
        sheet.set_column_width(col, 14)?;
    }
    Ok(())
}

/// The comparisons as CSV rows (French numbers), each table under its title, a blank
/// line before each.
pub(super) fn csv_rows(tables: &[Breakdown]) -> Vec<Vec<String>> {
    let percent = |r: Option<f64>| r.map(|r| format!("{} %", fixed_decimal(r * 100.0))).unwrap_or_default();
    let mut rows = Vec::new();
    for table in tables {
        rows.push(Vec::new());
        rows.push(vec![table.title.clone()]);
        rows.push(std::iter::once(table.heading.as_str()).chain(COLUMNS).map(String::from).collect());
        for r in &table.rows {
            rows.push(vec![
                r.label.clone(),
                r.promotions.to_string(),
                r.answered.to_string(),
                percent(r.answer_rate),
                r.interviews.to_string(),
                r.hires.to_string(),
                percent(r.hire_rate),
                r.answer_delay_median.map(fixed_decimal).unwrap_or_default(),
                r.answer_delay_basis.to_string(),
            ]);
        }
        if let Some(note) = note(table) {
            rows.push(vec![note]);
        }
    }
    rows
}

/// The comparisons as a section of the report's pages after its first: each table under
/// its title, rows that run over a page continued on the next.
pub(super) fn pdf_section(flow: &mut crate::pdf::Flow, tables: &[Breakdown], period: &str) {
    use crate::pdf::{
        Align, Block,
        section::{BODY, BOLD, HEADING, SMALL, TITLE},
    };
    let width = flow.width();
    let headers = [
        "Promotions",
        "Réponses",
        "Taux de retour",
        "Entretiens",
        "Embauches",
        "Taux de transformation",
        "Délai médian (j)",
        "Réponses datées",
    ];
    // Each number column as wide as the longest word of its header, and some.
    let numbers: Vec<f32> = headers
        .iter()
        .map(|h| h.split(' ').map(|w| crate::pdf::width(w, BOLD)).fold(0.0, f32::max).max(30.0) + 10.0)
        .collect();
    let mut columns = vec![(width - numbers.iter().sum::<f32>(), Align::Left)];
    columns.extend(numbers.iter().map(|w| (*w, Align::Right)));
    flow.keep(80.0, 20.0);
    flow.add(&Block::lines(&[format!("Comparaisons — {period}")], TITLE, width, Align::Left), 20.0);
    flow.paragraph(
        "Les indicateurs principaux côte à côte pour la période et les filtres du tableau de bord ; leurs \
         définitions figurent sur la page Tableau de bord et dans l'export XLSX.",
        SMALL,
        3.0,
    );
    let rate = |r: Option<f64>| crate::text::french_rate(r);
    let count = |n: u32| crate::text::french_count(n.into());
    for table in tables {
        let header: Vec<&str> = std::iter::once(table.heading.as_str()).chain(headers).collect();
        let top =
            Block::heading(&table.title, HEADING, width).then(&Block::table(&columns, &header, &[], BODY, BOLD), 3.0);
        // The title and its header stay with the first rows.
        flow.keep(top.height() + 40.0, 14.0);
        flow.add(&top, 14.0);
        if table.rows.is_empty() {
            flow.paragraph("Aucune promotion dans la période.", BODY, 2.0);
        }
        for r in &table.rows {
            let cells = vec![
                r.label.clone(),
                count(r.promotions),
                count(r.answered),
                rate(r.answer_rate),
                count(r.interviews),
                count(r.hires),
                rate(r.hire_rate),
                r.answer_delay_median.map_or_else(|| "—".to_owned(), fixed_decimal),
                count(r.answer_delay_basis),
            ];
            flow.add(&Block::table(&columns, &[], &[cells], BODY, BOLD), 0.0);
        }
        if let Some(note) = note(table) {
            flow.paragraph(&note, SMALL, 2.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_counted_one_level_below_the_filter() {
        assert_eq!(domain_level(None), 1);
        assert_eq!(domain_level(Some("D")), 3);
        assert_eq!(domain_level(Some("D11")), 5);
    }

    #[test]
    fn a_rows_median_is_that_of_its_dated_answers() {
        let mut t = Tally::default();
        for days in [Some(3), None, Some(9), Some(4)] {
            t.add(Outcome { answered: true, interviewed: false, hired: false, days });
        }
        let row = t.row("X".into(), "X".into(), true);
        assert_eq!((row.promotions, row.answered, row.answer_delay_basis), (4, 4, 3));
        assert_eq!(row.answer_delay_median, Some(4.0));
        assert_eq!(row.answer_rate, Some(1.0));
    }
}
