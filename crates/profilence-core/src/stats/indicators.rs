//! The dashboard's figures as every view shows them: the headline tiles, the funnel, the
//! table of every indicator and what each figure is called. The window, the XLSX and
//! CSV exports and the PDF report all read these lists: a label, an order or a row is
//! written once, here.

use serde::Serialize;
use ts_rs::TS;

use super::{Figure, HIRE_RATE_TARGET, Indicators, count::ratio};
use crate::text::{french_count, french_days, french_percent, french_rate};

/// A row of the indicators table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Indicator {
    Promotions,
    Candidates,
    Pool,
    PoolShare,
    Answered,
    AnswerRate,
    AnswerDelayMedian,
    AnswerDelayMean,
    AnswerDelayBasis,
    AnsweredByEmail,
    AnswerDelayMedianEmail,
    AnswerDelayMedianTyped,
    Interviews,
    Hires,
    HireRate,
    KeptOnFile,
    Refused,
    NotRetained,
    NoAnswer,
    Withdrawn,
    WaitingReminder,
}

/// A figure's value: a number of promotions or people, a share (0.12 for 12 %), or days;
/// a share or a delay is absent when there is nothing to measure it on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
#[ts(export)]
pub enum IndicatorValue {
    Count(u32),
    Rate(Option<f64>),
    Days(Option<f64>),
}

impl IndicatorValue {
    /// As French writes it: `1 234`, `12,5 %`, `7,5 j`, `—` when absent.
    pub fn french(self) -> String {
        match self {
            Self::Count(n) => french_count(n.into()),
            Self::Rate(r) => french_rate(r),
            Self::Days(d) => french_days(d),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IndicatorRow {
    pub key: Indicator,
    pub label: String,
    pub value: IndicatorValue,
    /// The promotions behind the row (none for the pool, which counts people).
    pub figure: Option<Figure>,
}

/// One of the headline tiles: a figure, and a line that puts it in context.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tile {
    pub key: Indicator,
    pub label: String,
    pub value: IndicatorValue,
    /// "12 candidats promus", "médiane · moyenne 7,5 j · 12 réponses datées"…
    pub detail: String,
    pub figure: Figure,
}

/// A step of the funnel: promoted ⊇ answered ⊇ interview ⊇ hired.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FunnelStep {
    pub figure: Figure,
    pub label: String,
    pub count: u32,
    /// Of the promotions.
    pub share: Option<f64>,
}

/// What a figure is called: in full (a title, a list's description), and short (a
/// column, a chart's legend).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FigureLabel {
    pub figure: Figure,
    pub label: String,
    pub short: String,
}

/// The labels the table and the headline tiles share.
const POOL_SHARE: &str = "Part du vivier promue";
const ANSWER_RATE: &str = "Taux de retour employeur";

/// "1 candidat", "12 candidats".
fn counted(n: u32, one: &str, many: &str) -> String {
    format!("{} {}", french_count(n.into()), if n > 1 { many } else { one })
}

/// Every indicator, in the order of the table and the exports.
pub fn rows(i: &Indicators, reminder_days: u32) -> Vec<IndicatorRow> {
    use {Figure as F, Indicator as I, IndicatorValue as V};
    let row = |key, label: &str, value, figure| IndicatorRow { key, label: label.to_owned(), value, figure };
    vec![
        row(I::Promotions, F::Promotions.label(), V::Count(i.promotions), Some(F::Promotions)),
        row(I::Candidates, "Candidats promus", V::Count(i.candidates), Some(F::Promotions)),
        row(I::Pool, "Vivier de la période", V::Count(i.pool), None),
        row(I::PoolShare, POOL_SHARE, V::Rate(i.pool_share), Some(F::Promotions)),
        row(I::Answered, F::Answered.label(), V::Count(i.answered), Some(F::Answered)),
        row(I::AnswerRate, ANSWER_RATE, V::Rate(i.answer_rate), Some(F::Answered)),
        row(
            I::AnswerDelayMedian,
            "Délai de retour médian (jours)",
            V::Days(i.answer_delay_median),
            Some(F::AnsweredDated),
        ),
        row(I::AnswerDelayMean, "Délai de retour moyen (jours)", V::Days(i.answer_delay_mean), Some(F::AnsweredDated)),
        row(I::AnswerDelayBasis, F::AnsweredDated.label(), V::Count(i.answer_delay_basis), Some(F::AnsweredDated)),
        row(I::AnsweredByEmail, "Dont réponses reçues par e-mail", V::Count(i.answered_by_email), None),
        row(
            I::AnswerDelayMedianEmail,
            "Délai de retour médian, réponses par e-mail (jours)",
            V::Days(i.answer_delay_median_email),
            None,
        ),
        row(
            I::AnswerDelayMedianTyped,
            "Délai de retour médian, réponses saisies (jours)",
            V::Days(i.answer_delay_median_typed),
            None,
        ),
        row(I::Interviews, F::Interviews.label(), V::Count(i.interviews), Some(F::Interviews)),
        row(I::Hires, F::Hires.label(), V::Count(i.hires), Some(F::Hires)),
        row(
            I::HireRate,
            &format!("Taux de transformation (objectif {} %)", french_percent(HIRE_RATE_TARGET)),
            V::Rate(i.hire_rate),
            Some(F::Hires),
        ),
        row(I::KeptOnFile, F::KeptOnFile.label(), V::Count(i.kept_on_file), Some(F::KeptOnFile)),
        row(I::Refused, F::Refused.label(), V::Count(i.refused), Some(F::Refused)),
        row(I::NotRetained, F::NotRetained.label(), V::Count(i.not_retained), Some(F::NotRetained)),
        row(I::NoAnswer, F::NoAnswer.label(), V::Count(i.no_answer), Some(F::NoAnswer)),
        row(I::Withdrawn, "Retirées après l'envoi", V::Count(i.withdrawn), Some(F::Withdrawn)),
        row(
            I::WaitingReminder,
            &format!("{} ({reminder_days} jours sans contact)", F::WaitingReminder.label()),
            V::Count(i.waiting_reminder),
            Some(F::WaitingReminder),
        ),
    ]
}

/// The six figures the dashboard and the report open with.
pub fn headline(i: &Indicators) -> Vec<Tile> {
    use {Figure as F, Indicator as I, IndicatorValue as V};
    let tile =
        |key, label: &str, value, detail: String, figure| Tile { key, label: label.to_owned(), value, detail, figure };
    vec![
        tile(
            I::Promotions,
            F::Promotions.label(),
            V::Count(i.promotions),
            counted(i.candidates, "candidat promu", "candidats promus"),
            F::Promotions,
        ),
        tile(
            I::PoolShare,
            POOL_SHARE,
            V::Rate(i.pool_share),
            format!("{} dans le vivier", counted(i.pool, "candidat", "candidats")),
            F::Promotions,
        ),
        tile(
            I::AnswerRate,
            ANSWER_RATE,
            V::Rate(i.answer_rate),
            counted(i.answered, "réponse", "réponses"),
            F::Answered,
        ),
        tile(
            I::AnswerDelayMedian,
            "Délai de retour",
            V::Days(i.answer_delay_median),
            format!(
                "médiane · moyenne {} · {}",
                french_days(i.answer_delay_mean),
                counted(i.answer_delay_basis, "réponse datée", "réponses datées")
            ),
            F::AnsweredDated,
        ),
        tile(
            I::Interviews,
            F::Interviews.label(),
            V::Count(i.interviews),
            format!("{} des promotions", french_rate(ratio(i.interviews, i.promotions))),
            F::Interviews,
        ),
        tile(
            I::Hires,
            F::Hires.label(),
            V::Count(i.hires),
            format!("{} · objectif {}", french_rate(i.hire_rate), french_rate(Some(HIRE_RATE_TARGET))),
            F::Hires,
        ),
    ]
}

/// Promoted → answered → interview → hired.
pub fn funnel(i: &Indicators) -> Vec<FunnelStep> {
    [
        (Figure::Promotions, i.promotions),
        (Figure::Answered, i.answered),
        (Figure::Interviews, i.interviews),
        (Figure::Hires, i.hires),
    ]
    .into_iter()
    .map(|(figure, count)| FunnelStep {
        figure,
        label: if figure == Figure::Promotions { figure.label() } else { figure.short_label() }.to_owned(),
        count,
        share: ratio(count, i.promotions),
    })
    .collect()
}

/// What every figure is called.
pub fn figure_labels() -> Vec<FigureLabel> {
    Figure::ALL
        .iter()
        .map(|f| FigureLabel { figure: *f, label: f.label().to_owned(), short: f.short_label().to_owned() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_and_tile_reads_its_own_figure() {
        let i = Indicators {
            promotions: 7,
            candidates: 5,
            pool: 9,
            pool_share: Some(5.0 / 9.0),
            answered: 4,
            answer_rate: Some(4.0 / 7.0),
            answer_delay_median: Some(7.0),
            answer_delay_mean: Some(7.5),
            answer_delay_basis: 3,
            answered_by_email: 2,
            answer_delay_median_email: Some(4.0),
            answer_delay_median_typed: Some(9.0),
            interviews: 2,
            hires: 1,
            hire_rate: Some(1.0 / 7.0),
            kept_on_file: 3,
            refused: 11,
            not_retained: 12,
            no_answer: 13,
            withdrawn: 14,
            waiting_reminder: 15,
        };
        let rows = rows(&i, 7);
        let value = |key: Indicator| rows.iter().find(|r| r.key == key).map(|r| r.value).unwrap();
        assert_eq!(rows.len(), 21);
        assert_eq!(value(Indicator::AnsweredByEmail), IndicatorValue::Count(2));
        assert_eq!(value(Indicator::AnswerDelayMedianEmail), IndicatorValue::Days(Some(4.0)));
        assert_eq!(value(Indicator::AnswerDelayMedianTyped), IndicatorValue::Days(Some(9.0)));
        assert_eq!(value(Indicator::Refused), IndicatorValue::Count(11));
        assert_eq!(value(Indicator::NotRetained), IndicatorValue::Count(12));
        assert_eq!(value(Indicator::NoAnswer), IndicatorValue::Count(13));
        assert_eq!(value(Indicator::Withdrawn), IndicatorValue::Count(14));
        assert_eq!(value(Indicator::WaitingReminder), IndicatorValue::Count(15));
        assert_eq!(value(Indicator::AnswerDelayMean), IndicatorValue::Days(Some(7.5)));
        assert_eq!(value(Indicator::AnswerDelayBasis), IndicatorValue::Count(3));
        let basis = rows.iter().find(|r| r.key == Indicator::AnswerDelayBasis).unwrap();
        assert_eq!(
            (basis.label.as_str(), basis.figure),
            ("Réponses datées (base du délai)", Some(Figure::AnsweredDated))
        );
        let waiting = rows.last().unwrap();
        assert_eq!(waiting.label, "À relancer (7 jours sans contact)");
        assert_eq!(rows.iter().find(|r| r.key == Indicator::Pool).unwrap().figure, None);
        let tiles = headline(&i);
        assert_eq!(tiles[0].detail, "5 candidats promus");
        assert_eq!(tiles[3].detail, "médiane · moyenne 7,5\u{a0}j · 3 réponses datées");
        assert_eq!(tiles[3].figure, Figure::AnsweredDated, "the delay opens the answers it is computed on");
        assert_eq!(tiles[5].detail, "14,3\u{a0}% · objectif 12\u{a0}%");
        let steps: Vec<(Figure, u32)> = funnel(&i).iter().map(|s| (s.figure, s.count)).collect();
        assert_eq!(
            steps,
            [(Figure::Promotions, 7), (Figure::Answered, 4), (Figure::Interviews, 2), (Figure::Hires, 1)]
        );
        assert_eq!(figure_labels().len(), Figure::ALL.len());
    }
}
