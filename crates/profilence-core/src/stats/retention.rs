//! Still in the job six months after a hire: among the hires of the dashboard's cohort
//! (promotions first sent in the period, under its filters, whose outcome is a hire), those
//! whose six-month check-in is done (`promotions::checkins`), and of them, those still in
//! the job; by contract type and by company. A person who left at an earlier check-in has
//! their six-month check-in closed with it (left), so they count as not in the job. Hires
//! whose six-month check-in is still to do, or that scheduled none (a hire imported from a
//! tracker, or recorded without a start date), do not count in the share.

use crate::store::Conn;
use serde::Serialize;
use ts_rs::TS;

use super::{
    TOP_COMPANIES,
    facts::{IdTable, SixMonths},
};
use crate::{
    Result,
    choices::ContractType,
    text::{fixed_decimal, french_count},
};

/// One row: hires followed, six-month check-ins done, still in the job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionRow {
    /// The contract type's code or the company's id.
    pub key: String,
    pub label: String,
    /// Hires of the cohort with check-ins scheduled.
    pub hires: u32,
    /// Of them, those whose six-month check-in is done.
    pub checked: u32,
    /// Of those, still in the job.
    pub in_job: u32,
    /// `in_job / checked`; absent without a check-in done.
    pub share: Option<f64>,
}

impl RetentionRow {
    fn add(&mut self, outcome: Option<bool>) {
        self.hires += 1;
        if let Some(in_job) = outcome {
            self.checked += 1;
            self.in_job += u32::from(in_job);
        }
        self.share = (self.checked > 0).then(|| f64::from(self.in_job) / f64::from(self.checked));
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Retention {
    /// Every hire of the cohort (with check-ins scheduled or not).
    pub hires: u32,
    /// The whole cohort's row (`key` « total »).
    pub total: RetentionRow,
    /// By contract type, in the list's order; only those with hires.
    pub by_contract: Vec<RetentionRow>,
    /// The companies with the most hires followed (at most `TOP_COMPANIES`).
    pub by_company: Vec<RetentionRow>,
    /// Why there is no share yet, in words (no hire in the period, no six-month check-in
    /// planned or recorded yet), said by the panel and the exports in its place; absent
    /// once a six-month check-in is done.
    pub unmeasured: Option<String>,
}

impl Retention {
    fn new(hires: u32, total: RetentionRow, by_contract: Vec<RetentionRow>, by_company: Vec<RetentionRow>) -> Self {
        let unmeasured = unmeasured(hires, &total);
        Self { hires, total, by_contract, by_company, unmeasured }
    }
}

/// What stands in place of the share when none can be computed: `None` once a six-month
/// check-in of the cohort is done.
fn unmeasured(hires: u32, total: &RetentionRow) -> Option<String> {
    let plural =
        |n: u32, one: &str, many: &str| format!("{} {}", french_count(n.into()), if n > 1 { many } else { one });
    if hires == 0 {
        Some("Aucune embauche parmi les promotions de cette période.".into())
    } else if total.hires == 0 {
        Some(format!(
            "Aucun point à 6 mois n'est prévu pour {} de cette période (reprises d'un tableau de suivi ou \
             enregistrées sans date de début) : la part toujours en poste ne peut pas être calculée.",
            if hires > 1 { format!("les {} embauches", french_count(hires.into())) } else { "l'embauche".into() }
        ))
    } else if total.checked == 0 {
        Some(format!(
            "Aucun point à 6 mois n'a encore été enregistré pour les embauches de cette période ({} sur {}) : \
             la part toujours en poste sera calculée dès le premier point fait.",
            plural(total.hires, "embauche suivie", "embauches suivies"),
            french_count(hires.into()),
        ))
    } else {
        None
    }
}

/// The six-month figures of `hires`, the hires in force of the dashboard's cohort: (its
/// company, its six-month check-in if one is planned), picked by `count`'s pass over the
/// facts. Only the companies listed are named.
pub(super) fn of_hires(conn: &Conn, hires: &[(i64, Option<SixMonths>)]) -> Result<Retention> {
    let mut total =
        RetentionRow { key: "total".into(), label: "Toutes les embauches suivies".into(), ..Default::default() };
    // In `ContractType::ALL`'s order, « not indicated » last.
    let mut by_contract = vec![RetentionRow::default(); ContractType::ALL.len() + 1];
    let mut by_company = IdTable::<RetentionRow>::default();
    for (company, six_months) in hires {
        let Some(SixMonths { contract, in_job }) = six_months else { continue };
        total.add(*in_job);
        let i = usize::from(*contract).min(ContractType::ALL.len());
        by_contract[i].add(*in_job);
        by_company.entry(*company).add(*in_job);
    }
    let by_contract = by_contract
        .into_iter()
        .enumerate()
        .filter(|(_, row)| row.hires > 0)
        .map(|(i, row)| match ContractType::ALL.get(i) {
            Some(c) => RetentionRow { key: c.code().into(), label: c.label().into(), ..row },
            None => RetentionRow { key: String::new(), label: "Contrat non indiqué".into(), ..row },
        })
        .collect();
    // The companies with the most hires followed, then the most checked; ties to the
    // company recorded first, as the dashboard's top companies. Only they are named.
    let mut by_company: Vec<(i64, RetentionRow)> = by_company.into_entries().collect();
    by_company.sort_unstable_by(|(a_id, a), (b_id, b)| (b.hires, b.checked, a_id).cmp(&(a.hires, a.checked, b_id)));
    by_company.truncate(TOP_COMPANIES);
    let mut name = conn.prepare_cached("SELECT name FROM companies WHERE id = ?1")?;
    let by_company = by_company
        .into_iter()
        .map(|(id, row)| Ok(RetentionRow { key: id.to_string(), label: name.query_row([id], |r| r.get(0))?, ..row }))
        .collect::<Result<Vec<_>>>()?;
    Ok(Retention::new(u32::try_from(hires.len()).unwrap_or(u32::MAX), total, by_contract, by_company))
}

/// The summary's rows in the exports: (label, figure).
fn summary(r: &Retention) -> [(&'static str, u32); 4] {
    [
        ("Embauches de la période", r.hires),
        ("Embauches suivies (points prévus)", r.total.hires),
        ("Point à 6 mois fait", r.total.checked),
        ("Toujours en poste", r.total.in_job),
    ]
}

const SHARE: &str = "Part toujours en poste";
/// The columns of a table after its first (the contract type or the company).
const COLUMNS: [&str; 4] = ["Embauches suivies", "Point à 6 mois fait", "Toujours en poste", SHARE];

/// The two tables: (title, first column, rows).
fn tables(r: &Retention) -> [(&'static str, &'static str, &[RetentionRow]); 2] {
    [
        ("Par type de contrat", "Type de contrat", &r.by_contract),
        ("Par entreprise (les plus suivies)", "Entreprise", &r.by_company),
    ]
}

/// The six-month figures on a sheet of their own: the counts as numbers, the shares as
/// percentages; in place of the share, why there is none yet.
pub(super) fn xlsx_sheet(
    book: &mut rust_xlsxwriter::Workbook,
    r: &Retention,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_background_color("#E3E3FD");
    let count = Format::new().set_num_format("0");
    let rate = Format::new().set_num_format("0.0%");
    let sheet = book.add_worksheet().set_name("Toujours en poste à 6 mois")?;
    sheet.write_string_with_format(0, 0, "Toujours en poste à 6 mois", &bold)?;
    let mut row = 0;
    for (label, n) in summary(r) {
        row += 1;
        sheet.write_string(row, 0, label)?;
        sheet.write_number_with_format(row, 1, n, &count)?;
    }
    row += 1;
    sheet.write_string(row, 0, SHARE)?;
    match (&r.unmeasured, r.total.share) {
        (Some(why), _) => sheet.write_string(row, 1, why)?,
        (None, Some(share)) => sheet.write_number_with_format(row, 1, share, &rate)?,
        (None, None) => sheet,
    };
    if r.unmeasured.is_none() {
        for (title, first, rows) in tables(r) {
            row += 2;
            sheet.write_string_with_format(row, 0, title, &bold)?;
            row += 1;
            for (col, name) in std::iter::once(first).chain(COLUMNS).enumerate() {
                sheet.write_string_with_format(row, col as u16, name, &header)?;
            }
            for line in rows {
                row += 1;
                sheet.write_string(row, 0, &line.label)?;
                for (col, n) in [line.hires, line.checked, line.in_job].into_iter().enumerate() {
                    sheet.write_number_with_format(row, col as u16 + 1, n, &count)?;
                }
                if let Some(share) = line.share {
                    sheet.write_number_with_format(row, 4, share, &rate)?;
                }
            }
        }
    }
    sheet.set_column_width(0, 40)?;
    for col in 1..=4 {
        sheet.set_column_width(col, 18)?;
    }
    Ok(())
}

/// The six-month figures as CSV rows (French numbers), after a blank line.
pub(super) fn csv_rows(r: &Retention) -> Vec<Vec<String>> {
    let percent = |s: Option<f64>| s.map(|s| format!("{} %", fixed_decimal(s * 100.0))).unwrap_or_default();
    let mut rows = vec![Vec::new(), vec!["Toujours en poste à 6 mois".to_owned()]];
    rows.extend(summary(r).map(|(label, n)| vec![label.to_owned(), n.to_string()]));
    rows.push(vec![SHARE.to_owned(), r.unmeasured.clone().unwrap_or_else(|| percent(r.total.share))]);
    if r.unmeasured.is_some() {
        return rows;
    }
    for (title, first, lines) in tables(r) {
        rows.push(Vec::new());
        rows.push(vec![title.to_owned()]);
        rows.push(std::iter::once(first).chain(COLUMNS).map(String::from).collect());
        for line in lines {
            rows.push(vec![
                line.label.clone(),
                line.hires.to_string(),
                line.checked.to_string(),
                line.in_job.to_string(),
                percent(line.share),
            ]);
        }
    }
    rows
}

/// The six-month figures as a section of the report's following pages: its title, the
/// summary, then the tables by contract type and by company (rows that run over a page
/// continued on the next); or, without a six-month check-in done, why there is no share.
pub(super) fn pdf_section(flow: &mut crate::pdf::Flow, r: &Retention, period: &str) {
    use crate::pdf::{
        Align, Block,
        section::{BODY, BOLD, HEADING, SMALL, TITLE},
    };
    let width = flow.width();
    let count = |n: u32| french_count(n.into());
    flow.keep(80.0, 20.0);
    flow.add(&Block::lines(&[format!("Toujours en poste à 6 mois — {period}")], TITLE, width, Align::Left), 20.0);
    flow.paragraph(
        "Parmi les embauches des promotions de la période, celles dont le point à 6 mois est fait, et la part où la \
         personne est toujours en poste ; un départ constaté à un point antérieur compte comme n'étant plus en poste. \
         Définition complète sur la page Tableau de bord et dans l'export XLSX.",
        SMALL,
        3.0,
    );
    if let Some(why) = &r.unmeasured {
        flow.paragraph(why, BOLD, 8.0);
        return;
    }
    let mut rows: Vec<Vec<String>> = summary(r).iter().map(|(label, n)| vec![(*label).to_owned(), count(*n)]).collect();
    rows.push(vec![SHARE.to_owned(), crate::text::french_rate(r.total.share)]);
    let value = 60.0;
    let summary = Block::table(&[(220.0, Align::Left), (value, Align::Right)], &[], &rows, BODY, BOLD);
    flow.add(&summary, 8.0);
    // Each number column as wide as the longest word of its header, and some; the share's
    // header shortened, as the panel's.
    let headers = ["Embauches suivies", "Point à 6 mois fait", "Toujours en poste", "Part en poste"];
    let numbers: Vec<f32> = headers
        .iter()
        .map(|h| h.split(' ').map(|w| crate::pdf::width(w, BOLD)).fold(0.0, f32::max).max(30.0) + 24.0)
        .collect();
    let mut columns = vec![(width - numbers.iter().sum::<f32>(), Align::Left)];
    columns.extend(numbers.iter().map(|w| (*w, Align::Right)));
    for (title, first, lines) in tables(r) {
        let header: Vec<&str> = std::iter::once(first).chain(headers).collect();
        let top = Block::heading(title, HEADING, width).then(&Block::table(&columns, &header, &[], BODY, BOLD), 3.0);
        // The title and its header stay with the first rows.
        flow.keep(top.height() + 40.0, 14.0);
        flow.add(&top, 14.0);
        for line in lines {
            let cells = vec![
                line.label.clone(),
                count(line.hires),
                count(line.checked),
                count(line.in_job),
                crate::text::french_rate(line.share),
            ];
            flow.add(&Block::table(&columns, &[], &[cells], BODY, BOLD), 0.0);
        }
    }
    let untracked = r.hires.saturating_sub(r.total.hires);
    if untracked > 0 {
        let note = if untracked > 1 {
            format!(
                "{} embauches sans points de suivi prévus (reprises d'un tableau de suivi ou enregistrées sans date \
                 de début) ne comptent pas dans la part.",
                count(untracked)
            )
        } else {
            "Une embauche sans points de suivi prévus (reprise d'un tableau de suivi ou enregistrée sans date de \
             début) ne compte pas dans la part."
                .to_owned()
        };
        flow.paragraph(&note, SMALL, 4.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(hires: u32, checked: u32, in_job: u32) -> RetentionRow {
        let mut row = RetentionRow::default();
        for n in 0..hires {
            row.add((n < checked).then_some(n < in_job));
        }
        row
    }

    #[test]
    fn without_a_six_month_check_in_done_the_words_say_why_there_is_no_share() {
        assert_eq!(unmeasured(0, &total(0, 0, 0)).unwrap(), "Aucune embauche parmi les promotions de cette période.");
        let none_planned = unmeasured(1, &total(0, 0, 0)).unwrap();
        assert!(none_planned.starts_with("Aucun point à 6 mois n'est prévu pour l'embauche de cette période"));
        assert!(unmeasured(3, &total(0, 0, 0)).unwrap().contains("pour les 3 embauches de cette période"));
        assert_eq!(
            unmeasured(1, &total(1, 0, 0)).unwrap(),
            "Aucun point à 6 mois n'a encore été enregistré pour les embauches de cette période (1 embauche suivie \
             sur 1) : la part toujours en poste sera calculée dès le premier point fait."
        );
        // One done, even with no one still in the job: a share (0 %), nothing said instead.
        let one = total(2, 1, 0);
        assert_eq!(one.share, Some(0.0));
        assert_eq!(unmeasured(2, &one), None);
    }
}
