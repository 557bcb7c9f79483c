//! `profilence-cli bench`: storage figures on a temporary encrypted database. The figures
//! and how they were taken are kept in BENCHMARKS.md.

use std::time::{Duration, Instant};

use profilence_core::{Database, candidates, companies, demo, geo::Commune, keys::KeySource, list::ListQuery};

pub fn run(candidate_count: u32, communes: &[Commune]) -> super::CliResult {
    let today = chrono::Local::now().date_naive();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let keys = KeySource::KeyFile(dir.path().join("bench.key"));

    println!("Profilence storage benchmark (SQLCipher, WAL) — {candidate_count} candidates");
    let start = Instant::now();
    let db = Database::open(&path, &keys)?;
    println!("create database (key + migrations)   {:>10.1} ms", ms(start.elapsed()));

    let company_count = (candidate_count / 2).max(1);
    let start = Instant::now();
    db.write(|tx| demo::generate(tx, communes, candidate_count, company_count, 1, today))?;
    let elapsed = start.elapsed();
    let rows = f64::from(candidate_count + company_count);
    println!(
        "demo insert ({candidate_count} candidates + {company_count} companies) {:>8.1} s  ({:.0} rows/s)",
        elapsed.as_secs_f64(),
        rows / elapsed.as_secs_f64()
    );
    drop(db);

    let start = Instant::now();
    let db = Database::open(&path, &keys)?;
    println!("reopen existing database             {:>10.1} ms", ms(start.elapsed()));

    let first_page = ListQuery { limit: 50, ..ListQuery::default() };
    let deep_page = ListQuery { limit: 50, offset: candidate_count / 2, ..ListQuery::default() };
    let search = ListQuery { search: "martin".into(), limit: 50, ..ListQuery::default() };
    report("candidates: first page of 50", &db, |db| db.read(|c| candidates::list(c, &first_page, today)).map(|_| ()))?;
    report("candidates: page in the middle", &db, |db| {
        db.read(|c| candidates::list(c, &deep_page, today)).map(|_| ())
    })?;
    report("candidates: search \"martin\"", &db, |db| db.read(|c| candidates::list(c, &search, today)).map(|_| ()))?;
    report("companies: first page of 50", &db, |db| db.read(|c| companies::list(c, &first_page)).map(|_| ()))?;
    Ok(())
}

fn report(label: &str, db: &Database, mut f: impl FnMut(&Database) -> profilence_core::Result<()>) -> super::CliResult {
    const RUNS: usize = 50;
    let mut samples = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        f(db)?;
        samples.push(start.elapsed());
    }
    samples.sort();
    println!("{label:<36} p50 {:>7.2} ms   p95 {:>7.2} ms", ms(samples[RUNS / 2]), ms(samples[RUNS * 95 / 100]));
    Ok(())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
