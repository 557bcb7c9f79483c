//! `profilence-cli bench --stats 500000,5000000`: the dashboard refresh on the regional
//! and the national numbers of promotions (see BENCHMARKS.md, "Dashboards").

use std::time::{Duration, Instant};

use profilence_core::{
    Database,
    choices::{EventKind, PromotionChannel},
    hiring_aids::Public,
    list::Paging,
    promotions::{self, EventInput, PromotionQuery, follow_ups},
    stats::{
        self, Figure, FigureQuery, Period, StatsQuery,
        export::{ExportFormat, ExportInput},
        facts,
        team::TeamQuery,
    },
};

use super::{grow_promotions, ms, report};

/// For each size, grows the promotions to it and times the dashboard as the app refreshes
/// it: the automatic "no answer" pass, then the figures.
pub fn run(db: &Database, sizes: &[u32]) -> super::super::CliResult {
    let now = chrono::Local::now();
    let year = StatsQuery {
        period: Period::Year { on: None },
        compare_by: Some(stats::breakdown::BreakdownKey::Counsellors),
        ..StatsQuery::default()
    };
    let last_12_months = StatsQuery {
        period: Period::Custom {
            from: (now.date_naive() - chrono::Duration::days(364)).to_string(),
            to: now.date_naive().to_string(),
        },
        ..StatsQuery::default()
    };
    let views: [(&str, StatsQuery); 6] = [
        ("month", StatsQuery::default()),
        ("quarter", StatsQuery { period: Period::Quarter { on: None }, ..StatsQuery::default() }),
        ("last 12 months (every promotion)", last_12_months.clone()),
        ("12 months, one counsellor", StatsQuery { counsellor: Some("Claire Morel".into()), ..last_12_months.clone() }),
        (
            "12 months, RQTH + domain D",
            StatsQuery { publics: vec![Public::Rqth], domain: Some("D".into()), ..last_12_months.clone() },
        ),
        ("12 months, by e-mail", StatsQuery { channel: Some(PromotionChannel::Email), ..last_12_months.clone() }),
    ];
    // As the window asks: the comparison shown only, by counsellor at first.
    let views = views.map(|(label, query)| {
        (label, StatsQuery { compare_by: Some(stats::breakdown::BreakdownKey::Counsellors), ..query })
    });
    for &size in sizes {
        grow_promotions(db, size)?;
        // As the app's thread runs a long pass: a batch per transaction, the writer free
        // between two; the longest batch is the longest a save waits meanwhile.
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let (mut batches, mut longest, mut last) = (0, Duration::ZERO, Instant::now());
        let marked = follow_ups::settle_in_batches(db, now, follow_ups::BATCH, |_| {
            batches += 1;
            longest = longest.max(last.elapsed());
            last = Instant::now();
        })?;
        println!(
            "\n== dashboards on {size} promotions (\"no answer\" pass first: {marked} marked in {:.0} ms, {:.1} s of CPU; \
             {batches} batches of {}, the longest {:.0} ms)",
            ms(start.elapsed()),
            cpu_seconds() - cpu,
            follow_ups::BATCH,
            ms(longest)
        );
        // The first dashboard after a start, as the app opens it the first time on this
        // database (every fact read from the promotions), then as it opens it on every
        // later start (the facts it saved while it ran read back, then what came after).
        facts::forget();
        facts::discard_saved(db)?;
        let start = Instant::now();
        let first = db.read(|c| stats::compute(c, &last_12_months, now))?;
        println!(
            "first dashboard, no facts saved yet (read from the promotions) {:>8.0} ms   ({} promotions in 12 months, {} hires; {} MB resident)",
            ms(start.elapsed()),
            first.indicators.promotions,
            first.indicators.hires,
            resident_mb()
        );
        let start = Instant::now();
        let saved = facts::save(db)?;
        println!(
            "  the facts saved for the next start (the app's thread)       {:>8.0} ms   ({} facts, {:.0} MB)",
            ms(start.elapsed()),
            saved.map_or(0, |s| s.promotions),
            saved.map_or(0, |s| s.bytes) as f64 / 1e6
        );
        facts::forget();
        let start = Instant::now();
        let again = db.read(|c| stats::compute(c, &last_12_months, now))?;
        println!(
            "first dashboard after start (facts saved by the last run)     {:>8.0} ms   ({} MB resident)",
            ms(start.elapsed()),
            resident_mb()
        );
        if again != first {
            return Err("the dashboard from the saved facts differs from the one read from the promotions".into());
        }
        for (label, query) in &views {
            report(&format!("refresh: {label}"), || stats::dashboard(db, query, now).map(|_| ()))?;
        }
        if db.is_team() {
            team_figures(db, &last_12_months.period, now)?;
        }
        // A counsellor records an event, then comes back to the dashboard.
        let sent: Vec<i64> = db.read(|c| {
            let mut statement = c.prepare("SELECT id FROM promotions WHERE status IN ('sent', 'reminded') LIMIT 40")?;
            let ids = statement.query_map([], |r| r.get(0))?.flatten().collect();
            Ok(ids)
        })?;
        let mut next = sent.iter();
        report("refresh after one new event", || {
            if let Some(&id) = next.next() {
                let interested = EventInput { kind: Some(EventKind::Interested), ..EventInput::default() };
                db.write(|tx| promotions::record_event(tx, &[id], &interested, now))?;
            }
            db.read(|c| stats::compute(c, &year, now)).map(|_| ())
        })?;
        let hires = FigureQuery {
            query: last_12_months.clone(),
            figure: Figure::Hires,
            company_id: None,
            reason: None,
            as_of: profilence_core::clock::stored(now),
        };
        let query = PromotionQuery { paging: Paging::first(50), ..Default::default() };
        report("promotions behind a figure (12 months' hires, first page)", || {
            db.read(|c| promotions::page_among(c, &query, Some(stats::figure_promotions(c, &hires)?))).map(|_| ())
        })?;
        report("  the same as the app opens it (\"no answer\" pass first)", || {
            stats::figure_page(db, &hires, &query, now).map(|_| ())
        })?;
        let folder = tempfile::tempdir()?;
        for (format, name) in [(ExportFormat::Xlsx, "XLSX"), (ExportFormat::Csv, "CSV "), (ExportFormat::Pdf, "PDF ")] {
            let input =
                ExportInput { query: last_12_months.clone(), format, folder: folder.path().display().to_string() };
            let start = Instant::now();
            let done = stats::export::export(db, &input, now)?;
            let size = std::fs::metadata(&done.path)?.len();
            println!(
                "export {name} of the 12 months                                {:>8.0} ms, {:>6.1} KB",
                ms(start.elapsed()),
                size as f64 / 1e3
            );
        }
    }
    Ok(())
}

/// The team's agencies side by side over the 12 months (team mode): first as the app
/// counts it after a start (every agency's facts read, a set of their own beside the
/// agency's), then refreshed.
fn team_figures(db: &Database, period: &Period, now: chrono::DateTime<chrono::Local>) -> super::super::CliResult {
    let query = TeamQuery { period: period.clone(), channel: None };
    let start = Instant::now();
    let first = stats::team::team(db, &query, now)?;
    println!(
        "the team's agencies side by side, first (every agency's facts) {:>8.0} ms   ({} agencies, {} promotions in 12 months)",
        ms(start.elapsed()),
        first.agencies.len(),
        first.total.promotions
    );
    report("the team's agencies side by side, refresh", || stats::team::team(db, &query, now).map(|_| ()))?;
    Ok(())
}

/// The CPU time the process has used so far, user and system (Linux, 100 ticks a
/// second); 0 elsewhere. On a shared machine it says what a figure cost whatever else ran.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The fields after the command's name (in parentheses): utime and stime are the
            // 12th and 13th of them.
            let rest = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
            Some(rest.get(11)?.parse::<f64>().ok()? + rest.get(12)?.parse::<f64>().ok()?)
        })
        .map_or(0.0, |ticks| ticks / 100.0)
}

/// The process's resident memory, from /proc (Linux); 0 elsewhere.
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()))
        .map_or(0, |kb| kb / 1024)
}
