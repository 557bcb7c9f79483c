//! The period a dashboard covers (a week, a month, a quarter, a year or any span of days)
//! and how its trend is cut: by day, week or month, each bucket clipped to the period.
//! Days are the counsellor's local calendar days.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, Result,
    text::{MONTHS, french_date},
    validation::Checker,
};

/// The longest custom period (ten years of monthly trend at most).
pub const MAX_DAYS: i64 = 3660;

/// The period asked for. Week, month, quarter and year hold the day `on` (today when
/// absent); a custom period runs from `from` to `to`, both included (YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Period {
    Week { on: Option<NaiveDate> },
    Month { on: Option<NaiveDate> },
    Quarter { on: Option<NaiveDate> },
    Year { on: Option<NaiveDate> },
    Custom { from: String, to: String },
}

impl Default for Period {
    fn default() -> Self {
        Self::Month { on: None }
    }
}

/// How the trend is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Granularity {
    Day,
    Week,
    Month,
}

/// A period resolved to its days, with its French name and its neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeriodView {
    /// The period with its day filled in (what the UI sends back to stay on it).
    pub current: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// E.g. "novembre 2026", "semaine du 16 au 22 novembre 2026", "4e trimestre 2026".
    pub label: String,
    pub granularity: Granularity,
    pub previous: Period,
    pub next: Period,
}

/// One step of the trend: `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: String,
}

pub(super) const SHORT_MONTHS: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
const SHORT_DAYS: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];

fn month_name(day: NaiveDate) -> &'static str {
    MONTHS[day.month0() as usize]
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn end_of_month(day: NaiveDate) -> NaiveDate {
    let first = first_of_month(day);
    first.checked_add_months(Months::new(1)).map_or(first, |next| next - Duration::days(1))
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// "1er", "2", … "31": French ordinals for the first of the month.
fn day_number(day: NaiveDate) -> String {
    if day.day() == 1 { "1er".to_owned() } else { day.day().to_string() }
}

impl Period {
    /// The days of the period, its name and its neighbours; `today` fills a missing day.
    /// A custom period is checked (field errors `periodFrom`, `periodTo`).
    pub fn resolve(&self, today: NaiveDate) -> Result<PeriodView> {
        let view = match self {
            Self::Week { on } => {
                let on = on.unwrap_or(today);
                let from = monday(on);
                let to = from + Duration::days(6);
                let label = if from.month() == to.month() {
                    format!("semaine du {} au {} {} {}", day_number(from), day_number(to), month_name(to), to.year())
                } else if from.year() == to.year() {
                    format!(
                        "semaine du {} {} au {} {} {}",
                        day_number(from),
                        month_name(from),
                        day_number(to),
                        month_name(to),
                        to.year()
                    )
                } else {
                    format!("semaine du {} au {}", french_date(from), french_date(to))
                };
                PeriodView {
                    current: Self::Week { on: Some(on) },
                    from,
                    to,
                    label,
                    granularity: Granularity::Day,
                    previous: Self::Week { on: Some(from - Duration::days(7)) },
                    next: Self::Week { on: Some(from + Duration::days(7)) },
                }
            }
            Self::Month { on } => {
                let on = on.unwrap_or(today);
                let (from, to) = (first_of_month(on), end_of_month(on));
                PeriodView {
                    current: Self::Month { on: Some(on) },
                    from,
                    to,
                    label: format!("{} {}", month_name(from), from.year()),
                    granularity: Granularity::Week,
                    previous: Self::Month { on: Some(from - Duration::days(1)) },
                    next: Self::Month { on: Some(to + Duration::days(1)) },
                }
            }
            Self::Quarter { on } => {
                let on = on.unwrap_or(today);
                let quarter = on.month0() / 3;
                let from = NaiveDate::from_ymd_opt(on.year(), quarter * 3 + 1, 1).unwrap_or(on);
                let to = end_of_month(from.checked_add_months(Months::new(2)).unwrap_or(from));
                let ordinal = if quarter == 0 { "1er".to_owned() } else { format!("{}e", quarter + 1) };
                PeriodView {
                    current: Self::Quarter { on: Some(on) },
                    from,
                    to,
                    label: format!("{ordinal} trimestre {}", from.year()),
                    granularity: Granularity::Week,
                    previous: Self::Quarter { on: Some(from - Duration::days(1)) },
                    next: Self::Quarter { on: Some(to + Duration::days(1)) },
                }
            }
            Self::Year { on } => {
                let on = on.unwrap_or(today);
                let from = NaiveDate::from_ymd_opt(on.year(), 1, 1).unwrap_or(on);
                let to = NaiveDate::from_ymd_opt(on.year(), 12, 31).unwrap_or(on);
                PeriodView {
                    current: Self::Year { on: Some(on) },
                    from,
                    to,
                    label: format!("année {}", from.year()),
                    granularity: Granularity::Month,
                    previous: Self::Year { on: Some(from - Duration::days(1)) },
                    next: Self::Year { on: Some(to + Duration::days(1)) },
                }
            }
            Self::Custom { from, to } => {
                let mut check = Checker::new();
                let start = check.required_date("periodFrom", from);
                let end = check.required_date("periodTo", to);
                if let (Some(start), Some(end)) = (start, end) {
                    if end < start {
                        check.add("periodTo", "La fin de la période précède son début.");
                    } else if (end - start).num_days() >= MAX_DAYS {
                        check.add("periodTo", "Une période de dix ans au plus.");
                    }
                }
                check.finish()?;
                let (Some(from), Some(to)) = (start, end) else {
                    return Err(Error::field("periodFrom", "Indiquez le début et la fin de la période."));
                };
                let days = (to - from).num_days() + 1;
                let granularity = match days {
                    ..=31 => Granularity::Day,
                    32..=184 => Granularity::Week,
                    _ => Granularity::Month,
                };
                let shift = |by: i64| Self::Custom {
                    from: (from + Duration::days(by)).to_string(),
                    to: (to + Duration::days(by)).to_string(),
                };
                PeriodView {
                    current: self.clone(),
                    from,
                    to,
                    label: format!("du {} au {}", french_date(from), french_date(to)),
                    granularity,
                    previous: shift(-days),
                    next: shift(days),
                }
            }
        };
        Ok(view)
    }
}

impl PeriodView {
    /// The trend's steps, in order, covering the period exactly.
    pub fn buckets(&self) -> Vec<Bucket> {
        let mut buckets = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let end = match self.granularity {
                Granularity::Day => start,
                Granularity::Week => monday(start) + Duration::days(6),
                Granularity::Month => end_of_month(start),
            }
            .min(self.to);
            let label = match self.granularity {
                Granularity::Day => {
                    format!("{} {}", SHORT_DAYS[start.weekday().num_days_from_monday() as usize], start.format("%d/%m"))
                }
                Granularity::Week => format!("sem. du {}", start.format("%d/%m")),
                Granularity::Month => format!("{} {}", SHORT_MONTHS[start.month0() as usize], start.year()),
            };
            buckets.push(Bucket { from: start, to: end, label });
            start = end + Duration::days(1);
        }
        buckets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn presets_cover_their_calendar_span_with_french_names() {
        let today = d("2026-11-18");
        let month = Period::default().resolve(today).unwrap();
        assert_eq!((month.from, month.to, month.label.as_str()), (d("2026-11-01"), d("2026-11-30"), "novembre 2026"));
        assert_eq!(month.previous, Period::Month { on: Some(d("2026-10-31")) });
        assert_eq!(month.next, Period::Month { on: Some(d("2026-12-01")) });
        let week = Period::Week { on: Some(today) }.resolve(today).unwrap();
        assert_eq!((week.from, week.to), (d("2026-11-16"), d("2026-11-22")));
        assert_eq!(week.label, "semaine du 16 au 22 novembre 2026");
        let across = Period::Week { on: Some(d("2026-12-30")) }.resolve(today).unwrap();
        assert_eq!(across.label, "semaine du 28/12/2026 au 03/01/2027");
        let quarter = Period::Quarter { on: Some(d("2026-02-10")) }.resolve(today).unwrap();
        assert_eq!(
            (quarter.from, quarter.to, quarter.label.as_str()),
            (d("2026-01-01"), d("2026-03-31"), "1er trimestre 2026")
        );
        let q4 = Period::Quarter { on: None }.resolve(today).unwrap();
        assert_eq!((q4.from, q4.to, q4.label.as_str()), (d("2026-10-01"), d("2026-12-31"), "4e trimestre 2026"));
        let year = Period::Year { on: None }.resolve(today).unwrap();
        assert_eq!((year.from, year.to, year.granularity), (d("2026-01-01"), d("2026-12-31"), Granularity::Month));
    }

    #[test]
    fn buckets_are_clipped_to_the_period_and_cover_it() {
        let month = Period::Month { on: Some(d("2026-11-05")) }.resolve(d("2026-11-05")).unwrap();
        let weeks = month.buckets();
        // 1 November 2026 is a Sunday: a one-day first week, then Mondays.
        assert_eq!((weeks[0].from, weeks[0].to), (d("2026-11-01"), d("2026-11-01")));
        assert_eq!(
            (weeks[1].from, weeks[1].to, weeks[1].label.as_str()),
            (d("2026-11-02"), d("2026-11-08"), "sem. du 02/11")
        );
        assert_eq!(weeks.last().map(|b| b.to), Some(d("2026-11-30")));
        assert_eq!(weeks.len(), 6);
        assert!(weeks[1..].iter().all(|b| b.from.weekday() == chrono::Weekday::Mon));
        let year = Period::Year { on: Some(d("2026-06-01")) }.resolve(d("2026-06-01")).unwrap().buckets();
        assert_eq!(year.len(), 12);
        assert_eq!(year[1].label, "févr. 2026");
        let week = Period::Week { on: Some(d("2026-11-18")) }.resolve(d("2026-11-18")).unwrap().buckets();
        assert_eq!(week.iter().map(|b| b.label.as_str()).collect::<Vec<_>>()[..2], ["lun. 16/11", "mar. 17/11"]);
    }

    #[test]
    fn a_custom_period_is_checked_and_cut_by_its_length() {
        let today = d("2026-11-18");
        let custom = |from: &str, to: &str| Period::Custom { from: from.into(), to: to.into() }.resolve(today);
        let short = custom("2026-11-01", "2026-11-10").unwrap();
        assert_eq!((short.granularity, short.label.as_str()), (Granularity::Day, "du 01/11/2026 au 10/11/2026"));
        assert_eq!(short.previous, Period::Custom { from: "2026-10-22".into(), to: "2026-10-31".into() });
        assert_eq!(custom("2026-09-01", "2026-11-30").unwrap().granularity, Granularity::Week);
        assert_eq!(custom("2026-01-01", "2026-11-30").unwrap().granularity, Granularity::Month);
        let crate::Error::Validation(errors) = custom("2026-11-10", "2026-11-01").unwrap_err() else { panic!() };
        assert_eq!(errors[0].field, "periodTo");
        let crate::Error::Validation(errors) = custom("", "bientôt").unwrap_err() else { panic!() };
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["periodFrom", "periodTo"]);
        assert!(custom("2010-01-01", "2026-01-01").is_err());
    }
}
