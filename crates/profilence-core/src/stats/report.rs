//! The dashboard as an A4 PDF report, for a meeting or a file: on its first page the period
//! and its filters, the six headline figures, the funnel, the trend, every indicator, the
//! companies that answer and hire, and the refusals by reason; on the following pages,
//! poured down them (`pdf::Flow`), who is still in the job at six months
//! (`retention::pdf_section`) and the comparisons side by side (`breakdown::pdf_section`).
//! Sober greys that print in black and white; figures only, never a candidate's name.
//!
//! The page is laid out with `pdf` (the profile sheets' typesetting). Whatever the
//! dashboard holds it stays one page: the companies' table, the only part that can grow
//! much, is shortened until the page fits.

use chrono::{DateTime, Local};

use super::{Dashboard, Figure, HIRE_RATE_TARGET, TrendPoint, indicators::IndicatorValue};
use crate::{
    pdf::{self, Align, Block, Face, Info, Page, PdfError, Style},
    text::{fixed_decimal, french_count, french_date, french_percent, french_rate},
};

const MARGIN_X: f32 = 40.0;
const MARGIN_TOP: f32 = 36.0;
const MARGIN_BOTTOM: f32 = 32.0;
const WIDTH: f32 = pdf::A4_WIDTH - 2.0 * MARGIN_X;
const COLUMN_GAP: f32 = 20.0;
const HALF: f32 = (WIDTH - COLUMN_GAP) / 2.0;
const SECTION_GAP: f32 = 14.0;
const TILE_GAP: f32 = 6.0;
/// Companies listed at most; fewer when the page would overflow.
const MAX_COMPANIES: usize = 10;
const MIN_COMPANIES: usize = 3;

const TAG: Style = Style::new(Face::Bold, 7.5).grey(0.35);
const TITLE: Style = Style::new(Face::Bold, 19.0);
const SUBTITLE: Style = Style::new(Face::Regular, 9.0).grey(0.3);
const HEADING: Style = Style::new(Face::Bold, 10.0);
const BODY: Style = Style::new(Face::Regular, 8.3);
const BOLD: Style = Style::new(Face::Bold, 8.3);
const TILE_LABEL: Style = Style::new(Face::Bold, 7.0).grey(0.3);
const TILE_VALUE: Style = Style::new(Face::Bold, 15.0);
const SMALL: Style = Style::new(Face::Regular, 6.8).grey(0.35);

/// Greys of the funnel's steps and of the trend's bars (0 black, 1 white).
const PROMOTED: f32 = 0.72;
const ANSWERED: f32 = 0.45;
const INTERVIEWED: f32 = 0.25;
const HIRED: f32 = 0.0;

/// The report of `d`, computed at `now`, with its filters in words.
pub(super) fn report(d: &Dashboard, filters: &[(&str, String)], now: DateTime<Local>) -> Result<Vec<u8>, PdfError> {
    let (layout, _) = fitted(d, filters, now);
    let title = format!("Tableau de bord — {}", d.period.label);
    let subject = "Promotions de profils : indicateurs";
    let mut pages = vec![layout.page];
    pages.extend(following_pages(d));
    pdf::write_pdf(&pages, &Info { title: &title, author: "Profilence", subject, created: Some(now.timestamp()) })
}

/// The pages after the dashboard's, numbered after it.
fn following_pages(d: &Dashboard) -> Vec<Page> {
    let mut flow = pdf::Flow::new(pdf::Margins { x: MARGIN_X, top: MARGIN_TOP, bottom: 40.0 });
    super::retention::pdf_section(&mut flow, &d.retention, &d.period.label);
    super::breakdown::pdf_section(&mut flow, &d.breakdowns, &d.period.label);
    flow.finish_after(&format!("Tableau de bord — {}", d.period.label), SMALL, 1)
}

/// The page with as many companies as fit (at most `MAX_COMPANIES`), and that number.
fn fitted(d: &Dashboard, filters: &[(&str, String)], now: DateTime<Local>) -> (Layout, usize) {
    let mut companies = MAX_COMPANIES.min(d.top_companies.len());
    let mut layout = self::layout(d, filters, now, companies);
    while !layout.fits && companies > MIN_COMPANIES {
        companies -= 1;
        layout = self::layout(d, filters, now, companies);
    }
    (layout, companies)
}

fn layout(d: &Dashboard, filters: &[(&str, String)], now: DateTime<Local>, companies: usize) -> Layout {
    let mut page = Page::new();
    let mut y = MARGIN_TOP;

    let mut header = Block::lines(&["TABLEAU DE BORD — PROMOTIONS DE PROFILS".into()], TAG, WIDTH, Align::Left);
    let computed = format!("Calculé le {} à {}", french_date(now.date_naive()), now.format("%H:%M"));
    header.push(&Block::lines(&[computed], TAG, WIDTH, Align::Right), 0.0, 0.0);
    header.rule(WIDTH, 1.0, 0.0);
    page.draw(&header, MARGIN_X, y);
    y += header.height() + 10.0;

    let title = Block::lines(&[capitalised(&d.period.label)], TITLE, WIDTH, Align::Left);
    let cohort = "les promotions envoyées ces jours-là, et tout ce qui en est venu depuis.";
    let dates = if d.period.label.starts_with("Du ") {
        capitalised(cohort)
    } else {
        format!("Du {} au {} · {cohort}", french_date(d.period.from), french_date(d.period.to))
    };
    let (dates, _) = Block::paragraph(&dates, SUBTITLE, WIDTH, Some(2));
    let chosen: Vec<String> = filters.iter().map(|(what, value)| format!("{what} : {value}")).collect();
    let (chosen, _) = Block::paragraph(&chosen.join("  ·  "), SUBTITLE, WIDTH, Some(3));
    let heading = title.then(&dates, 2.0).then(&chosen, 3.0);
    page.draw(&heading, MARGIN_X, y);
    y += heading.height() + SECTION_GAP;

    let tiles = tiles(d);
    page.draw(&tiles, MARGIN_X, y);
    y += tiles.height() + SECTION_GAP;

    let funnel = Block::heading("Des promotions aux embauches", HEADING, HALF).then(&funnel(d), 2.0);
    let trend = Block::heading(&trend_title(d), HEADING, HALF).then(&trend(&d.trend), 2.0);
    page.draw(&funnel, MARGIN_X, y);
    page.draw(&trend, MARGIN_X + HALF + COLUMN_GAP, y);
    y += funnel.height().max(trend.height()) + SECTION_GAP;

    let indicators = Block::heading("Tous les indicateurs", HEADING, HALF).then(&indicators(d), 2.0);
    let right = Block::heading("Entreprises qui répondent et embauchent", HEADING, HALF)
        .then(&companies_table(d, companies), 2.0)
        .then(&Block::heading("Refus et non retenus, par motif", HEADING, HALF), SECTION_GAP)
        .then(&reasons(d), 2.0);
    page.draw(&indicators, MARGIN_X, y);
    page.draw(&right, MARGIN_X + HALF + COLUMN_GAP, y);
    y += indicators.height().max(right.height());

    let mut footer = Block::empty();
    footer.rule(WIDTH, 0.6, 0.3);
    let note = format!(
        "Chiffres calculés par Profilence à partir du journal des promotions, corrections comprises ; rien d'autre \
         que des nombres : aucun nom de candidat. Les définitions de chaque indicateur figurent sur la page Tableau \
         de bord et dans l'export XLSX. Objectif de transformation : {} % des promotions suivies d'une embauche.",
        french_percent(HIRE_RATE_TARGET)
    );
    let footer = footer.then(&Block::paragraph(&note, SMALL, WIDTH, Some(3)).0, 4.0);
    let footer_top = pdf::A4_HEIGHT - MARGIN_BOTTOM - footer.height();
    page.draw(&footer, MARGIN_X, footer_top);
    Layout { page, fits: y + SECTION_GAP <= footer_top }
}

struct Layout {
    page: Page,
    /// Whether the body ends above the footer.
    fits: bool,
}

/// "novembre 2026" → "Novembre 2026".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn count(n: u32) -> String {
    french_count(n.into())
}

/// The six headline figures, side by side in tinted boxes of one height.
fn tiles(d: &Dashboard) -> Block {
    let entries: Vec<(String, String, String)> =
        d.headline.iter().map(|t| (t.label.clone(), t.value.french(), t.detail.clone())).collect();
    let width = (WIDTH - TILE_GAP * (entries.len() as f32 - 1.0)) / entries.len() as f32;
    let padding = 6.0;
    let inner = width - 2.0 * padding;
    let contents: Vec<Block> = entries
        .iter()
        .map(|(label, value, note)| {
            let (label, _) = Block::paragraph(label, TILE_LABEL, inner, Some(2));
            let (value, _) = pdf::ellipsize(value, TILE_VALUE, inner);
            let value = Block::lines(&[value], TILE_VALUE, inner, Align::Left);
            // Three lines: the delay's says its median, mean and basis.
            let (note, _) = Block::paragraph(note, SMALL, inner, Some(3));
            label.then(&value, 3.0).then(&note, 1.0)
        })
        .collect();
    let tallest = contents.iter().map(Block::height).fold(0.0, f32::max);
    let mut row = Block::empty();
    for (n, content) in contents.iter().enumerate() {
        let mut even = Block::gap(tallest);
        even.push(content, 0.0, 0.0);
        row.push(&Block::boxed(&even, width, padding, 0.94, 0.75), n as f32 * (width + TILE_GAP), 0.0);
    }
    row
}

/// Promoted → answered → interview → hired: a bar each, its length a share of the promotions.
fn funnel(d: &Dashboard) -> Block {
    let greys = [PROMOTED, ANSWERED, INTERVIEWED, HIRED];
    let label_width = 88.0;
    let figure_width = 62.0;
    let track = HALF - label_width - figure_width - 8.0;
    let row_height = 15.0;
    let mut block = Block::empty();
    for (n, (step, grey)) in d.funnel.iter().zip(greys).enumerate() {
        let top = n as f32 * row_height;
        block.push(&Block::lines(std::slice::from_ref(&step.label), BODY, label_width, Align::Left), 0.0, top + 1.5);
        let length = step.share.map_or(0.0, |s| (s as f32 * track).max(if step.count > 0 { 1.0 } else { 0.0 }));
        block.push(&Block::bar(track, 10.0, 0.96), label_width, top + 2.0);
        if length > 0.0 {
            block.push(&Block::bar(length, 10.0, grey), label_width, top + 2.0);
        }
        let figure = format!("{} · {}", count(step.count), french_rate(step.share));
        block.push(&Block::lines(&[figure], BOLD, figure_width, Align::Right), HALF - figure_width, top + 1.5);
    }
    block
}

fn trend_title(d: &Dashboard) -> String {
    let by = match d.period.granularity {
        super::Granularity::Day => "par jour",
        super::Granularity::Week => "par semaine",
        super::Granularity::Month => "par mois",
    };
    format!("Évolution ({by})")
}

/// Each step of the trend: its promotions as a light bar, the answers and the hires as
/// narrower darker bars inside it; the highest value on the axis, a few step names under it.
fn trend(points: &[TrendPoint]) -> Block {
    let axis_width = 22.0;
    let chart = HALF - axis_width;
    let height = 72.0;
    let top = points.iter().map(|p| p.promotions.max(p.answered).max(p.hires)).max().unwrap_or(0).max(1);
    let mut block = Block::empty();
    block.push(&Block::lines(&[count(top)], SMALL, axis_width - 4.0, Align::Right), 0.0, -2.0);
    block.push(&Block::lines(&["0".into()], SMALL, axis_width - 4.0, Align::Right), 0.0, height - 7.0);
    block.push(&Block::bar(chart, 0.3, 0.75), axis_width, 0.0);
    block.push(&Block::bar(chart, 0.6, 0.2), axis_width, height);
    if points.is_empty() {
        return block;
    }
    let group = chart / points.len() as f32;
    let bar = |value: u32| height * value as f32 / top as f32;
    for (n, point) in points.iter().enumerate() {
        let left = axis_width + n as f32 * group;
        for (value, grey, part) in
            [(point.promotions, PROMOTED, 0.8), (point.answered, ANSWERED, 0.5), (point.hires, HIRED, 0.24)]
        {
            let h = bar(value);
            if h > 0.0 {
                let w = (group * part).max(0.6);
                block.push(&Block::bar(w, h, grey), left + (group - w) / 2.0, height - h);
            }
        }
    }
    // Step names: as many as fit without touching, evenly spread, the first always.
    let widest = points.iter().map(|p| pdf::width(&p.label, SMALL)).fold(0.0, f32::max) + 6.0;
    let every = ((widest / group).ceil() as usize).max(1);
    let mut free_from = f32::MIN;
    for (n, point) in points.iter().enumerate().step_by(every) {
        let centre = axis_width + (n as f32 + 0.5) * group;
        let x = (centre - widest / 2.0).clamp(axis_width - 3.0, HALF - widest);
        if x >= free_from {
            block.push(
                &Block::lines(std::slice::from_ref(&point.label), SMALL, widest, Align::Centre),
                x,
                height + 2.5,
            );
            free_from = x + widest;
        }
    }
    let mut legend = Block::empty();
    let mut x = axis_width;
    let series = [
        (Figure::Promotions.label(), PROMOTED),
        (Figure::Answered.short_label(), ANSWERED),
        (Figure::Hires.short_label(), HIRED),
    ];
    for (label, grey) in series {
        legend.push(&Block::bar(6.0, 6.0, grey), x, 1.5);
        let text = Block::lines(&[label.to_owned()], SMALL, 100.0, Align::Left);
        legend.push(&text, x + 9.0, 0.0);
        x += 9.0 + pdf::width(label, SMALL) + 12.0;
    }
    block.then(&legend, 14.0)
}

/// Every figure of the dashboard with its value, in the exports' order.
fn indicators(d: &Dashboard) -> Block {
    let value_width = 64.0;
    // The labels give the unit of the delays ("(jours)"): their values are plain numbers.
    let value = |value: IndicatorValue| match value {
        IndicatorValue::Days(n) => n.map_or_else(|| "—".to_owned(), fixed_decimal),
        other => other.french(),
    };
    let rows: Vec<Vec<String>> = d.rows.iter().map(|row| vec![row.label.clone(), value(row.value)]).collect();
    Block::table(&[(HALF - value_width, Align::Left), (value_width, Align::Right)], &[], &rows, BODY, BOLD)
}

fn companies_table(d: &Dashboard, shown: usize) -> Block {
    if d.top_companies.is_empty() {
        return Block::paragraph("Aucune promotion envoyée dans la période.", BODY, HALF, None).0;
    }
    let headers = ["Entreprise", "Envois", Figure::Answered.short_label(), Figure::Hires.short_label()];
    let numbers: Vec<f32> = headers[1..].iter().map(|h| number_column(h)).collect();
    let name_width = HALF - numbers.iter().sum::<f32>();
    let padding = BODY.size * 0.35;
    let rows: Vec<Vec<String>> = d.top_companies[..shown.min(d.top_companies.len())]
        .iter()
        .map(|c| {
            vec![
                pdf::ellipsize(&c.name, BODY, name_width - 2.0 * padding).0,
                count(c.promotions),
                count(c.answered),
                count(c.hires),
            ]
        })
        .collect();
    let mut columns = vec![(name_width, Align::Left)];
    columns.extend(numbers.iter().map(|w| (*w, Align::Right)));
    let table = Block::table(&columns, &headers, &rows, BODY, BOLD);
    if shown < d.top_companies.len() {
        let more = format!("Les {shown} premières sur {} ; toutes dans l'export XLSX.", d.top_companies.len());
        table.then(&Block::lines(&[more], SMALL, HALF, Align::Left), 2.0)
    } else {
        table
    }
}

/// The reasons that were given in the period, with their counts.
fn reasons(d: &Dashboard) -> Block {
    let rows: Vec<Vec<String>> = d
        .refusals
        .iter()
        .filter(|r| r.refused + r.not_retained > 0)
        .map(|r| vec![r.label.clone(), count(r.refused), count(r.not_retained)])
        .collect();
    if rows.is_empty() {
        return Block::paragraph("Aucun refus ni non-retenu parmi ces promotions.", BODY, HALF, None).0;
    }
    let headers = ["Motif", Figure::Refused.short_label(), Figure::NotRetained.short_label()];
    let (refused, not_retained) = (number_column(headers[1]), number_column(headers[2]));
    let columns = [(HALF - refused - not_retained, Align::Left), (refused, Align::Right), (not_retained, Align::Right)];
    Block::table(&columns, &headers, &rows, BODY, BOLD)
}

/// A column of numbers as wide as its heading on one line (cells are padded in tables).
fn number_column(header: &str) -> f32 {
    pdf::width(header, BOLD) + 2.0 * BODY.size * 0.35 + 2.0
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::{
        choices::RefusalReason,
        stats::{CompanyFigures, Indicators, Period, ReasonCount, StatsQuery, indicators},
    };

    /// A dashboard with everything at its longest: every reason given, ten companies with
    /// long names, large numbers, every filter chosen.
    fn crowded(period: Period) -> Dashboard {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let view = period.resolve(today).unwrap();
        let trend = view
            .buckets()
            .into_iter()
            .enumerate()
            .map(|(n, b)| TrendPoint {
                from: b.from,
                to: b.to,
                label: b.label,
                promotions: 9_000 + n as u32 * 37,
                answered: 3_600,
                interviews: 900,
                hires: 1_100,
            })
            .collect();
        let top_companies = (0..12)
            .map(|n| CompanyFigures {
                company_id: n,
                name: format!("Établissement de restauration collective et d'hébergement médicalisé n° {n}"),
                promotions: 12_345,
                answered: 4_321,
                hires: 1_234,
            })
            .collect();
        let refusals = RefusalReason::ALL
            .iter()
            .map(|r| ReasonCount { reason: Some(*r), label: r.label().to_owned(), refused: 1_234, not_retained: 567 })
            .chain([ReasonCount { reason: None, label: "Sans motif".into(), refused: 3, not_retained: 2 }])
            .collect();
        let indicators = Indicators {
            promotions: 999_999,
            candidates: 456_789,
            pool: 1_900_000,
            pool_share: Some(0.2404),
            answered: 401_234,
            answer_rate: Some(0.4012),
            answer_delay_median: Some(12.0),
            answer_delay_mean: Some(14.6),
            answer_delay_basis: 388_765,
            answered_by_email: 41_000,
            answer_delay_median_email: Some(3.0),
            answer_delay_median_typed: Some(13.0),
            interviews: 120_000,
            hires: 119_999,
            hire_rate: Some(0.12),
            kept_on_file: 60_000,
            refused: 150_000,
            not_retained: 40_000,
            no_answer: 300_000,
            withdrawn: 2_000,
            waiting_reminder: 88_000,
        };
        Dashboard {
            query: StatsQuery::default(),
            period: view,
            as_of: "2026-12-01T10:00:00Z".into(),
            sent_ever: 999_999,
            headline: indicators::headline(&indicators),
            funnel: indicators::funnel(&indicators),
            rows: indicators::rows(&indicators, 7),
            figures: indicators::figure_labels(),
            indicators,
            trend,
            top_companies,
            refusals,
            never_promoted: Default::default(),
            profiles: Default::default(),
            breakdowns: Vec::new(),
            retention: Default::default(),
        }
    }

    #[test]
    fn the_longest_dashboards_fit_one_page_above_the_footer() {
        let now = Local.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        let filters = [
            ("Conseiller", "Marie-Christine Le Bihan-Kerjean".to_owned()),
            ("Agence ou équipe", "Agence France Travail de Quimper Ergué-Gabéric — équipe entreprises".to_owned()),
            ("Domaine de métier", "D11 — Commerce alimentaire et métiers de bouche".to_owned()),
            ("Publics", "RQTH, Bénéficiaire du RSA, Moins de 26 ans, 50 ans et plus, Résident QPV".to_owned()),
            ("Canal", "Plateforme en ligne".to_owned()),
        ];
        let custom = Period::Custom { from: "2026-10-01".into(), to: "2026-10-31".into() };
        for period in [Period::Year { on: None }, Period::Quarter { on: None }, custom] {
            let d = crowded(period);
            let (layout, companies) = fitted(&d, &filters, now);
            assert!(layout.fits, "{}: the body runs into the footer", d.period.label);
            assert!(layout.page.bottom() <= pdf::A4_HEIGHT - MARGIN_BOTTOM + 1.0, "{}", d.period.label);
            assert!(companies >= MIN_COMPANIES, "{}: {companies} companies", d.period.label);
            let bytes = report(&d, &filters, now).unwrap();
            assert!(bytes.starts_with(b"%PDF") && bytes.len() < 100_000, "{} bytes", bytes.len());
            // STATS_KEEP=DIR keeps them, to render and look at (pdftoppm).
            if let Ok(keep) = std::env::var("STATS_KEEP") {
                let name = format!("rapport-{}.pdf", d.period.from);
                std::fs::write(std::path::Path::new(&keep).join(name), &bytes).unwrap();
            }
        }
    }

    #[test]
    fn titles_take_a_capital() {
        assert_eq!(capitalised("novembre 2026"), "Novembre 2026");
        assert_eq!(capitalised("écrit"), "Écrit");
    }
}
