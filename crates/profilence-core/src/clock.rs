//! The time the app runs at: the system's, or one read from a file so that end-to-end
//! tests can move it (never sleep). Every rule that depends on the date takes its
//! `now` from here, through the shell or the CLI.

use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDate, NaiveTime};

#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// The file holds an RFC 3339 moment (`2026-12-01T09:00:00+01:00`) or a date
    /// (`2026-12-01`, at the system's time of day). Read at each call.
    File(PathBuf),
}

impl Clock {
    pub fn now(&self) -> DateTime<Local> {
        let system = Local::now();
        let Self::File(path) = self else { return system };
        match std::fs::read_to_string(path) {
            Ok(text) => parse(text.trim(), system).unwrap_or_else(|| {
                log::warn!("clock file {} holds no date: system time used", path.display());
                system
            }),
            Err(error) => {
                log::warn!("clock file {} unreadable ({error}): system time used", path.display());
                system
            }
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

fn parse(text: &str, system: DateTime<Local>) -> Option<DateTime<Local>> {
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return Some(moment.with_timezone(&Local));
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    day.and_time(system.time()).and_local_timezone(Local).earliest()
}

/// A moment as the database stores it: RFC 3339 in UTC, to the second.
pub fn stored(moment: DateTime<Local>) -> String {
    moment.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The local date of a stored moment; `None` for a text that is not one.
pub fn local_day(stored_moment: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stored_moment).ok().map(|m| m.with_timezone(&Local).date_naive())
}

/// Midnight starting `day`, local time, as stored: what a stored moment is compared with to
/// fall on or after that day.
pub fn day_start(day: NaiveDate) -> String {
    day.and_time(NaiveTime::MIN).and_local_timezone(Local).earliest().map_or_else(|| format!("{day}T00:00:00Z"), stored)
}

/// Noon of `day`, local time: the moment of an event dated by the counsellor.
pub fn noon(day: NaiveDate) -> Option<DateTime<Local>> {
    day.and_time(NaiveTime::from_hms_opt(12, 0, 0)?).and_local_timezone(Local).earliest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_clock_reads_a_moment_or_a_date_and_follows_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clock");
        let clock = Clock::File(path.clone());
        std::fs::write(&path, "2026-12-01T09:30:00+00:00\n").unwrap();
        assert_eq!(stored(clock.now()), "2026-12-01T09:30:00Z");
        std::fs::write(&path, "2027-02-03").unwrap();
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2027, 2, 3).unwrap());
        std::fs::write(&path, "not a date").unwrap();
        assert_eq!(clock.today(), Local::now().date_naive());
    }
}
