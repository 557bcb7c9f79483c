//! Targeting figures: the companies for one candidate and the candidates for one company
//! at the pool's size, a candidate's neighbouring jobs, and the history replayed
//! (`targets evaluate`).

use std::time::Instant;

use profilence_core::{
    Database, neighbours,
    targeting::{self, TargetQuery},
};

/// Candidates and companies sampled for the timings: every n-th, so the same ones each run.
const SAMPLES: i64 = 40;

/// `for_candidate` and `for_company` on sampled records of the current base.
pub fn figures(db: &Database) -> super::super::CliResult {
    let now = chrono::Local::now();
    let sample = |table: &str| -> profilence_core::Result<Vec<i64>> {
        db.read(|c| {
            let n: i64 = c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            let step = (n / SAMPLES).max(1);
            let mut statement = c.prepare(&format!("SELECT id FROM {table} WHERE id % ?1 = 0 LIMIT ?2"))?;
            Ok(statement.query_map([step, SAMPLES], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
        })
    };
    let (people, firms) = (sample("candidates")?, sample("companies")?);
    let (mut calls, mut shown) = (0usize, 0usize);
    super::report_each("targets for one candidate (5)", &people, |&id| {
        let t = db.read(|c| targeting::for_candidate(c, id, &TargetQuery::default(), now))?;
        calls += 1;
        shown += t.targets.len();
        Ok(())
    })?;
    println!("  {:.1} targets shown per candidate on average", shown as f64 / calls.max(1) as f64);
    let (mut calls, mut offered) = (0usize, 0usize);
    super::report_each("candidates for one company (10)", &firms, |&id| {
        let t = db.read(|c| targeting::for_company(c, id, &TargetQuery::default(), now))?;
        calls += 1;
        offered += t.people.len();
        Ok(())
    })?;
    println!("  {:.1} people offered per company on average", offered as f64 / calls.max(1) as f64);
    let today = now.date_naive();
    super::report_each("neighbouring jobs of one candidate", &people, |&id| {
        db.read(|c| neighbours::for_candidate(c, id, today)).map(|_| ())
    })?;
    Ok(())
}

/// Replays every success of the history, timed.
pub fn evaluate(db: &Database) -> super::super::CliResult {
    let start = Instant::now();
    let e = db.read(|c| targeting::evaluate(c, None, chrono::Local::now()))?;
    let promotions = super::count(db, "promotions")?;
    println!(
        "targets evaluate on {promotions} promotions: {} successes replayed in {:.1} s ({:.1} ms each), {} ranked",
        e.successes,
        start.elapsed().as_secs_f64(),
        start.elapsed().as_secs_f64() * 1000.0 / f64::from(e.successes.max(1)),
        e.ranked
    );
    for (name, s) in [("targeting", e.targeting), ("nearest of the right sector", e.baseline)] {
        println!(
            "  {name:<28} top 5 {:>5.1} %   mean reciprocal rank {:.3}",
            s.top5_rate * 100.0,
            s.mean_reciprocal_rank
        );
    }
    Ok(())
}
