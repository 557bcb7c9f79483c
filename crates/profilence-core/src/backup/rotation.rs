//! Which backups to keep: 7 daily and 4 weekly copies. The daily rule first keeps the
//! newest backup of each of the 7 most recent days that have one; the weekly rule then
//! keeps the newest backup of each of the 4 most recent ISO weeks among the backups older
//! than those days. Everything else the app wrote in that folder goes.

use std::{collections::BTreeSet, fs, path::Path, time::Duration};

use chrono::{Datelike, NaiveDateTime};

use super::{folder, sidecar_of};
use crate::{Error, Result};

pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;

/// The indexes of `moments` to keep.
pub fn keep(moments: &[NaiveDateTime]) -> BTreeSet<usize> {
    let mut newest_first: Vec<usize> = (0..moments.len()).collect();
    newest_first.sort_by(|a, b| moments[*b].cmp(&moments[*a]));
    let mut kept = BTreeSet::new();
    let mut days = Vec::new();
    for &i in &newest_first {
        let day = moments[i].date();
        if days.len() == DAILY && !days.contains(&day) {
            break;
        }
        if !days.contains(&day) {
            days.push(day);
            kept.insert(i);
        }
    }
    let oldest_day = days.last().copied();
    let mut weeks = Vec::new();
    for &i in &newest_first {
        if oldest_day.is_some_and(|oldest| moments[i].date() >= oldest) {
            continue;
        }
        let week = moments[i].date().iso_week();
        let week = (week.year(), week.week());
        if !weeks.contains(&week) {
            if weeks.len() == WEEKLY {
                break;
            }
            weeks.push(week);
            kept.insert(i);
        }
    }
    kept
}

/// How old a temporary file of a backup must be to be taken for one a crash left: no
/// backup takes that long (1.7 GB: under a minute), so it is not one being written.
const STALE_PARTIAL: Duration = Duration::from_secs(60 * 60);

/// Deletes the backups of `folder` (and their facts) that the rule does not keep, and the
/// temporary files of backups a crash or a kill left (`.profilence-sauvegarde-….partial`,
/// over an hour old); returns their names. Files that are not the app's backups are never
/// touched.
pub fn prune(folder: &Path) -> Result<Vec<String>> {
    let entries = folder::list(folder)?;
    let moments: Vec<NaiveDateTime> = entries.iter().map(|e| e.made).collect();
    let kept = keep(&moments);
    let mut removed = Vec::new();
    for (_, entry) in entries.iter().enumerate().filter(|(i, _)| !kept.contains(i)) {
        let path = folder.join(&entry.file);
        fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        let _ = fs::remove_file(sidecar_of(&path));
        removed.push(entry.file.clone());
    }
    for entry in fs::read_dir(folder).map_err(|e| Error::io(folder, e))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| at.elapsed().is_ok_and(|age| age > STALE_PARTIAL));
        if name.starts_with(".profilence-sauvegarde-") && name.ends_with(".partial") && stale {
            super::remove_leftovers(&entry.path());
            removed.push(name);
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::*;

    fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
        day.and_hms_opt(hour, 0, 0).unwrap()
    }

    /// Two backups a day (at noon and at close) for 90 days ending on Saturday 5 December
    /// 2026: the evening ones of 29 November – 5 December, then the newest of each week
    /// before: Saturday 28 November (its Sunday is a daily one), Sundays 22, 15 and 8.
    #[test]
    fn ninety_days_of_backups_keep_exactly_seven_daily_and_four_weekly() {
        let last = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let moments: Vec<NaiveDateTime> = (0..90)
            .flat_map(|back| {
                let day = last - Duration::days(back);
                [at(day, 12), at(day, 18)]
            })
            .collect();
        let kept: Vec<NaiveDateTime> = keep(&moments).into_iter().map(|i| moments[i]).collect();
        let mut expected: Vec<NaiveDateTime> = (0..7).map(|back| at(last - Duration::days(back), 18)).collect();
        expected.extend([28, 22, 15, 8].map(|d| at(NaiveDate::from_ymd_opt(2026, 11, d).unwrap(), 18)));
        let mut kept_sorted = kept.clone();
        kept_sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(kept_sorted, expected);
        assert_eq!(kept.len(), DAILY + WEEKLY);
    }

    /// Backups on some days only (the computer off for two weeks): the seven most recent
    /// days that have one, then one per older week.
    #[test]
    fn gaps_keep_the_most_recent_days_that_have_a_backup() {
        let day = |m: u32, d: u32| at(NaiveDate::from_ymd_opt(2026, m, d).unwrap(), 17);
        let moments = vec![
            day(12, 5),
            day(12, 4),
            day(11, 20),
            day(11, 19),
            day(11, 18),
            day(11, 17),
            day(11, 16),
            day(11, 13),
            day(11, 12),
            day(11, 5),
            day(10, 29),
            day(10, 28),
            day(10, 20),
            day(10, 1),
        ];
        let kept: Vec<NaiveDateTime> = keep(&moments).into_iter().map(|i| moments[i]).collect();
        // Daily: 5/12, 4/12, 20/11 … 16/11; weekly: 13/11 (week 46), 5/11 (45), 29/10 (44), 20/10 (43).
        assert_eq!(kept, [&moments[..7], &moments[7..8], &moments[9..11], &moments[12..13]].concat());
    }

    #[test]
    fn few_backups_are_all_kept() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let moments: Vec<NaiveDateTime> = (0..3).map(|d| at(first + Duration::days(d), 9)).collect();
        assert_eq!(keep(&moments).len(), 3);
        assert!(keep(&[]).is_empty());
    }
}
