//! When a hire's check-ins fall: pure functions of the contract, its start and the trial
//! periods of Paramètres.
//!
//! The defaults (migration `checkin_trial_periods`, editable in Paramètres) follow the
//! French Labour Code for the most common case, since the app does not know the person's
//! category nor the contract's length:
//! - CDI: 2 months, the period of workers and employees (L1221-19; 3 months for
//!   supervisors and technicians, 4 for managers: the counsellor changes the default or
//!   the date);
//! - CDD, seasonal, IAE (CDDI): 14 days, one day a week up to two weeks for a contract of
//!   six months or less (L1242-10), the usual length of these contracts;
//! - temporary work (intérim): 2 days, the period of a mission up to one month (L1251-14;
//!   3 days up to two months, 5 beyond);
//! - apprenticeship: 45 days (L6222-18, days of practical training in the company);
//! - professionalisation and PEC contracts: 1 month, a fixed-term contract of more than
//!   six months (L1242-10), as they usually are.
//!
//! The check-in at the end of the trial falls on its last day: the start plus the period,
//! less one day (a CDI started on 2 March ends its two months on 1 May).

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::choices::{CheckinKind, ContractType};

/// How a trial period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TrialUnit {
    Days,
    Months,
}

impl TrialUnit {
    pub fn code(self) -> &'static str {
        match self {
            Self::Days => "days",
            Self::Months => "months",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "days" => Some(Self::Days),
            "months" => Some(Self::Months),
            _ => None,
        }
    }
}

/// The trial period assumed for a contract type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrialPeriod {
    pub contract_type: ContractType,
    pub amount: u32,
    pub unit: TrialUnit,
}

/// The longest trial period Paramètres accepts, in either unit's count.
pub const MAX_TRIAL_AMOUNT: u32 = 365;

/// The months after the start of the first and last check-ins.
pub const FIRST_CHECKIN_MONTHS: u32 = 1;
pub const LAST_CHECKIN_MONTHS: u32 = 6;

/// The last day of a trial period that starts on `start`.
pub fn trial_end(start: NaiveDate, period: TrialPeriod) -> Option<NaiveDate> {
    let after = match period.unit {
        TrialUnit::Days => start.checked_add_days(Days::new(period.amount.into()))?,
        TrialUnit::Months => start.checked_add_months(Months::new(period.amount))?,
    };
    after.pred_opt().filter(|end| *end >= start)
}

/// The check-ins of a hire started on `start` under `period`, in the order they fall
/// (a month after a date that month lacks falls on its last day: 31 January → 28 February).
pub fn schedule(start: NaiveDate, period: TrialPeriod) -> Vec<(CheckinKind, NaiveDate)> {
    let mut dates = vec![
        (CheckinKind::OneMonth, start.checked_add_months(Months::new(FIRST_CHECKIN_MONTHS))),
        (CheckinKind::TrialEnd, trial_end(start, period)),
        (CheckinKind::SixMonths, start.checked_add_months(Months::new(LAST_CHECKIN_MONTHS))),
    ]
    .into_iter()
    .filter_map(|(kind, date)| Some((kind, date?)))
    .collect::<Vec<_>>();
    dates.sort_by_key(|(kind, date)| (*date, kind_order(*kind)));
    dates
}

fn kind_order(kind: CheckinKind) -> u8 {
    match kind {
        CheckinKind::OneMonth => 0,
        CheckinKind::TrialEnd => 1,
        CheckinKind::SixMonths => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period(contract_type: ContractType, amount: u32, unit: TrialUnit) -> TrialPeriod {
        TrialPeriod { contract_type, amount, unit }
    }

    #[test]
    fn a_cdi_started_on_2_march_is_checked_at_one_month_end_of_trial_and_six_months() {
        let plan = schedule(day(2026, 3, 2), period(ContractType::Cdi, 2, TrialUnit::Months));
        assert_eq!(
            plan,
            vec![
                (CheckinKind::OneMonth, day(2026, 4, 2)),
                (CheckinKind::TrialEnd, day(2026, 5, 1)),
                (CheckinKind::SixMonths, day(2026, 9, 2)),
            ]
        );
    }

    #[test]
    fn a_short_trial_comes_before_the_first_month() {
        let plan = schedule(day(2026, 3, 2), period(ContractType::Cdd, 14, TrialUnit::Days));
        assert_eq!(plan[0], (CheckinKind::TrialEnd, day(2026, 3, 15)));
        assert_eq!(plan[1], (CheckinKind::OneMonth, day(2026, 4, 2)));
        let interim = schedule(day(2026, 3, 2), period(ContractType::Interim, 2, TrialUnit::Days));
        assert_eq!(interim[0], (CheckinKind::TrialEnd, day(2026, 3, 3)));
    }

    #[test]
    fn a_month_after_the_31st_is_the_end_of_a_shorter_month() {
        let plan = schedule(day(2027, 1, 31), period(ContractType::Cdi, 2, TrialUnit::Months));
        assert_eq!(plan[0], (CheckinKind::OneMonth, day(2027, 2, 28)));
        assert_eq!(plan[1], (CheckinKind::TrialEnd, day(2027, 3, 30)));
        assert_eq!(plan[2], (CheckinKind::SixMonths, day(2027, 7, 31)));
    }

    #[test]
    fn a_one_day_trial_ends_on_its_first_day() {
        assert_eq!(
            trial_end(day(2026, 6, 1), period(ContractType::Interim, 1, TrialUnit::Days)),
            Some(day(2026, 6, 1))
        );
    }
}
