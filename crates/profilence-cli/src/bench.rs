//! `profilence-cli bench`: figures on a temporary encrypted database — referential import,
//! search-as-you-type, the pool list at each requested size, then promotions: generation,
//! the follow-up list and timelines; then, with `--stats`, the dashboards (`bench/stats.rs`).
//! Targeting (`bench/targeting.rs`) is timed at each pool size, and `targets evaluate` on
//! the history grown to `--evaluate`.
//! With `--backup`, a backup created, verified and restored (`bench/backup.rs`).
//! With `--export`, the Promotions list written out to XLSX and CSV (`bench/lists_out.rs`).
//! With `--store postgres --server URL`, the same steps on the team's PostgreSQL server
//! (`bench/store.rs`), then with `--counsellors N` a load run of N counsellors working at
//! once (`bench/load.rs`).
//! The figures and how they were taken are kept in BENCHMARKS.md.

mod backup;
mod company_sheets;
mod copy;
pub(crate) mod import;
mod lists_out;
mod load;
mod sheets;
mod stats;
mod store;
mod targeting;

pub use store::TeamArgs;

use std::{
    path::Path,
    time::{Duration, Instant},
};

use profilence_core::{
    Database,
    candidates::{self, CandidateQuery, ConsentFilter, Unpromoted},
    companies::{self, CompanyQuery},
    demo,
    hiring_aids::Public,
    list::{Near, Paging},
    promotions::{
        self, PromotionQuery, TimelineOf,
        follow_ups::{self, FollowUpQuery},
    },
    reference_update, referentials,
};

/// What a counsellor types in the job field, one keystroke at a time.
const JOB_TYPING: [&str; 10] = [
    "boulang",
    "electricien",
    "aide soignant",
    "patissier",
    "cariste",
    "infirmier",
    "vendeuse",
    "chauffeur livreur",
    "agent entretien",
    "comptable",
];
const COMMUNE_TYPING: [&str; 9] =
    ["saint etienne", "paris", "lyon", "marseille", "aix en provence", "villeneuve", "67000", "brest", "quimper"];
/// Pool searches: names, jobs, towns, and combinations.
const POOL_SEARCHES: [&str; 12] = [
    "martin",
    "patissier",
    "boulanger lyon",
    "aide soignante",
    "marie dupont",
    "cariste",
    "nantes",
    "electricien",
    "leroy",
    "vente",
    "caces",
    "nguyen toulouse",
];

/// What to measure beyond the referentials and search-as-you-type (`profilence-cli bench`).
pub struct Plan<'a> {
    /// Pool sizes, growing the same database.
    pub sizes: &'a [u32],
    pub promotions: u32,
    pub sheets: u32,
    pub import_rows: u32,
    pub stats_sizes: &'a [u32],
    /// Promotions to grow the history to before replaying it (`targets evaluate`).
    pub evaluate: u32,
    /// Promotions to grow to before a backup is created, verified and restored; 0 skips it.
    pub backup: u32,
    /// Promotions to grow to before the Promotions list is exported; 0 skips it.
    pub export: u32,
    /// The store measured (the file or the team's server) and the load run.
    pub team: &'a TeamArgs,
}

/// Runs the benchmark on a temporary database, or on `reuse/bench.db` (created if absent,
/// kept afterwards) so that a large pool is generated once and measured again; with
/// `--store postgres`, on the server's database (created if absent, kept afterwards).
pub fn run(plan: &Plan<'_>, data_dir: &Path, reuse: Option<&Path>) -> super::CliResult {
    let today = chrono::Local::now().date_naive();
    let temporary = tempfile::tempdir()?;
    let dir = reuse.unwrap_or(temporary.path());

    let start = Instant::now();
    let (db, opened) = plan.team.open(dir)?;
    let opening = start.elapsed();
    match &opened {
        store::Opened::File { .. } => {
            println!("Profilence benchmark (SQLCipher, WAL), reference data from {}", data_dir.display());
            println!("create database (key + migrations)        {:>9.1} ms", ms(opening));
        }
        store::Opened::Team { .. } => {
            let settings = db.read(|c| {
                Ok(c.query_row(
                    "SELECT current_setting('server_version'), current_setting('fsync'), \
                     current_setting('synchronous_commit'), current_setting('shared_buffers'), \
                     current_setting('max_connections')",
                    [],
                    |r| {
                        Ok(format!(
                            "PostgreSQL {}, fsync={}, synchronous_commit={}, shared_buffers={}, max_connections={}",
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, String>(4)?
                        ))
                    },
                )?)
            })?;
            println!("Profilence benchmark (team mode: {}), reference data from {}", db.name(), data_dir.display());
            println!("  {settings}");
            println!("team init (database + migrations, or checked) {:>9.1} ms", ms(opening));
        }
    }

    let start = Instant::now();
    let release = referentials::read_folder(data_dir)?;
    let read = start.elapsed();
    let start = Instant::now();
    let summary = db.write(|tx| reference_update::install(tx, &release))?;
    let stored = start.elapsed();
    let items: Vec<String> = summary.loaded.iter().map(|v| format!("{} {}", v.items, v.kind)).collect();
    println!(
        "referential import: read {:.2} s + store {:.2} s = {:.2} s  ({})",
        read.as_secs_f64(),
        stored.as_secs_f64(),
        (read + stored).as_secs_f64(),
        items.join(", ")
    );

    let keystrokes = |words: &[&str]| -> Vec<String> {
        words.iter().flat_map(|w| (2..=w.chars().count()).map(|n| w.chars().take(n).collect::<String>())).collect()
    };
    let jobs = keystrokes(&JOB_TYPING);
    report_each("job-title autocomplete (per keystroke)", &jobs, |text| {
        db.read(|c| referentials::search_job_titles(c, text)).map(|_| ())
    })?;
    let communes = keystrokes(&COMMUNE_TYPING);
    report_each("commune autocomplete (per keystroke)", &communes, |text| {
        db.read(|c| referentials::search_communes(c, text)).map(|_| ())
    })?;

    if plan.import_rows > 0 {
        import::run(&db, plan.import_rows, dir)?;
    }

    let mut pool: u32 = db.read(|c| Ok(c.query_row("SELECT count(*) FROM candidates", [], |r| r.get(0))?))?;
    if pool > 0 {
        println!("\nreusing {} with {pool} candidates", db.name());
    }
    if let (Some(from), store::Opened::Team { server }) = (&plan.team.pool_from, &opened)
        && pool == 0
    {
        println!("\n== the file's records ({}) copied to the server", from.join("bench.db").display());
        copy::copy(&db, server, &store::password()?, from)?;
        pool = db.read(|c| Ok(c.query_row("SELECT count(*) FROM candidates", [], |r| r.get(0))?))?;
    }
    let initial = pool;
    for &size in plan.sizes.iter().filter(|&&size| size > 0 && size >= initial) {
        let added = size.saturating_sub(pool);
        if added == 0 {
            println!("\n== {size} candidates");
        } else {
            // Half as many companies as candidates, up to the regional 50,000.
            let firms = (size / 2).min(50_000).saturating_sub(pool / 2).max(1);
            let start = Instant::now();
            if db.is_team() {
                generate_on_server(&db, added, firms, size, today)?;
            } else {
                db.write(|tx| demo::generate(tx, added, firms, u64::from(size), today))?;
            }
            let elapsed = start.elapsed().as_secs_f64();
            println!(
                "\n== {size} candidates: demo insert of {added} candidates + {firms} companies {elapsed:.1} s ({:.0} rows/s)",
                f64::from(added + firms) / elapsed
            );
        }
        pool = size;
        pool_figures(&db, today)?;
        targeting::figures(&db)?;
    }
    if plan.evaluate > 0 {
        grow_promotions(&db, plan.evaluate)?;
        targeting::evaluate(&db)?;
    }
    if plan.promotions > 0 {
        promotion_figures(&db, plan.promotions)?;
    }
    if plan.sheets > 0 {
        sheets::figures(&db, plan.sheets, today)?;
        company_sheets::figures(&db)?;
    }
    if !plan.stats_sizes.is_empty() {
        stats::run(&db, plan.stats_sizes)?;
    }
    if plan.backup > 0 && db.is_team() {
        println!("\nbackup: the embedded file's own (the server's are pg_dump's): skipped");
    } else if plan.backup > 0 {
        grow_promotions(&db, plan.backup)?;
        backup::figures(&db, dir)?;
    }
    if plan.export > 0 {
        grow_promotions(&db, plan.export)?;
        lists_out::figures(&db, dir)?;
    }
    println!("\ndatabase {}: {:.0} MB", db.name(), opened.size_mb(&db));
    if let store::Opened::Team { server, .. } = &opened
        && plan.team.counsellors > 0
    {
        load::run(&db, server, plan.team)?;
    }
    Ok(())
}

fn pool_figures(db: &Database, today: chrono::NaiveDate) -> super::CliResult {
    let page = Paging::first(50);
    let list = |query: &CandidateQuery| db.read(|c| candidates::list(c, query, today)).map(|_| ());
    let search =
        |text: &str| list(&CandidateQuery { search: text.to_owned(), paging: page, ..CandidateQuery::default() });
    report_each("candidate search (12 queries)", &POOL_SEARCHES, |text| search(text))?;
    let mut slowest: Vec<(f64, &str, u32)> = Vec::new();
    for text in POOL_SEARCHES {
        let matches = db
            .read(|c| {
                candidates::list(
                    c,
                    &CandidateQuery { search: text.to_owned(), paging: page, ..Default::default() },
                    today,
                )
            })?
            .total;
        let mut samples: Vec<Duration> = (0..9)
            .map(|_| {
                let start = Instant::now();
                search(text).map(|()| start.elapsed())
            })
            .collect::<profilence_core::Result<_>>()?;
        samples.sort();
        slowest.push((ms(samples[4]), text, matches));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let listed: Vec<String> = slowest.iter().map(|(t, q, n)| format!("\"{q}\" {t:.1} ms ({n} found)")).collect();
    println!("  median per query, slowest first: {}", listed.join(", "));
    report("candidates: first page, by name", || list(&CandidateQuery { paging: page, ..CandidateQuery::default() }))?;
    report("candidates: filter job D1102", || {
        list(&CandidateQuery { rome_code: Some("D1102".into()), paging: page, ..CandidateQuery::default() })
    })?;
    let lyon = Near { lat: 45.7578, lng: 4.8320, radius_km: 20.0 };
    report("candidates: 20 km around Lyon", || {
        list(&CandidateQuery { near: Some(lyon), paging: page, ..CandidateQuery::default() })
    })?;
    report("candidates: under 26 (birth date), by name", || {
        list(&CandidateQuery { publics: vec![Public::Under26], paging: page, ..CandidateQuery::default() })
    })?;
    report("candidates: 50 and over, consent valid, sorted", || {
        list(&CandidateQuery {
            publics: vec![Public::Over50],
            consent: Some(ConsentFilter::Valid),
            sort: candidates::CandidateSort::AvailableFrom,
            paging: page,
            ..CandidateQuery::default()
        })
    })?;
    report("candidates: RQTH, consent valid, sorted", || {
        list(&CandidateQuery {
            publics: vec![Public::Rqth],
            consent: Some(ConsentFilter::Valid),
            sort: candidates::CandidateSort::AvailableFrom,
            paging: page,
            ..CandidateQuery::default()
        })
    })?;
    report("candidates: \"patissier\" within 20 km", || {
        list(&CandidateQuery {
            search: "patissier".into(),
            near: Some(lyon),
            paging: page,
            ..CandidateQuery::default()
        })
    })?;
    report("companies: search \"boulangerie\"", || {
        db.read(|c| {
            companies::list(c, &CompanyQuery { search: "boulangerie".into(), paging: page, ..Default::default() })
        })
        .map(|_| ())
    })?;
    Ok(())
}

/// Grows the promotions to `target` (each with its events: sent, reminders, answers,
/// interviews, hires over the last year), then times what a counsellor opens every day:
/// "Relances" (the automatic "no answer" pass, then the first page) and a timeline.
fn promotion_figures(db: &Database, target: u32) -> super::CliResult {
    let now = chrono::Local::now();
    grow_promotions(db, target)?;
    let start = Instant::now();
    let marked = db.write(|tx| follow_ups::mark_unanswered(tx, now))?;
    println!("first automatic \"no answer\" pass: {marked} promotions marked in {:.0} ms", ms(start.elapsed()));
    let page = FollowUpQuery { paging: Paging::first(50), mine: false };
    report("Relances: no-answer pass + first page", || follow_ups::due(db, &page, now).map(|_| ()))?;
    let due = db.read(|c| follow_ups::waiting(c, &page, now))?;
    println!("  {} promotions to remind, {} urgent", due.total, due.urgent);
    // Timelines of 200 candidates and 200 companies spread over the ids.
    let ids = |table: &str| -> profilence_core::Result<Vec<i64>> {
        db.read(|c| {
            let mut statement =
                c.prepare(&format!("SELECT DISTINCT {table}_id FROM promotions WHERE id % 5000 = 0"))?;
            let rows = statement.query_map([], |r| r.get(0))?;
            Ok(rows.flatten().collect())
        })
    };
    let people = ids("candidate")?;
    report_each("candidate timeline", &people, |&id| {
        db.read(|c| promotions::timeline_of(c, TimelineOf::Candidate(id))).map(|_| ())
    })?;
    let firms = ids("company")?;
    report_each("company timeline", &firms, |&id| {
        db.read(|c| promotions::timeline_of(c, TimelineOf::Company(id))).map(|_| ())
    })?;
    report("Promotions: first page, all statuses", || {
        db.read(|c| promotions::page(c, &PromotionQuery { paging: Paging::first(50), ..Default::default() }))
            .map(|_| ())
    })?;
    waiting_figures(db, now.date_naive())
}

/// Who is waiting to be promoted: « À promouvoir » and the pool's filters and order by the
/// latest sending, then what the view fills in after its page (companies and neighbouring
/// jobs of each of its 50 people).
fn waiting_figures(db: &Database, today: chrono::NaiveDate) -> super::CliResult {
    let page = Paging::first(50);
    let list = |query: &CandidateQuery| db.read(|c| candidates::list(c, query, today));
    let waiting = CandidateQuery {
        waiting: true,
        sort: candidates::CandidateSort::ConsentDate,
        paging: page,
        ..CandidateQuery::default()
    };
    report("« À promouvoir »: first page", || list(&waiting).map(|_| ()))?;
    let shown = list(&waiting)?;
    let never_sent: u32 =
        db.read(|c| Ok(c.query_row("SELECT count(*) FROM candidates WHERE last_sent_at IS NULL", [], |r| r.get(0))?))?;
    println!(
        "  {}{} waiting; {never_sent} never sent in all",
        if shown.at_least.is_some() { "more than " } else { "" },
        shown.total
    );
    report("« À promouvoir »: page 20", || {
        list(&CandidateQuery { paging: Paging { offset: 950, limit: 50 }, ..waiting.clone() }).map(|_| ())
    })?;
    report("candidates: never promoted, by name", || {
        list(&CandidateQuery { unpromoted: Some(Unpromoted::Never), paging: page, ..CandidateQuery::default() })
            .map(|_| ())
    })?;
    report("candidates: not promoted for 90 days, job D1102", || {
        list(&CandidateQuery {
            unpromoted: Some(Unpromoted::Days(90)),
            rome_code: Some("D1102".into()),
            paging: page,
            ..CandidateQuery::default()
        })
        .map(|_| ())
    })?;
    report("candidates: by latest sending, latest first", || {
        list(&CandidateQuery {
            sort: candidates::CandidateSort::LastSent,
            descending: true,
            paging: page,
            ..CandidateQuery::default()
        })
        .map(|_| ())
    })?;
    let ids: Vec<i64> = shown.items.iter().map(|c| c.id).collect();
    report_each("« À promouvoir »: companies and neighbouring jobs (per person)", &ids, |&id| {
        db.read(|c| profilence_core::targeting::reach(c, id, today)).map(|_| ())
    })?;
    Ok(())
}

/// On the server, the pool grows a slice at a time, each its own transaction followed by an
/// ANALYZE: in one transaction the planner would go on planning for the empty tables it
/// last analysed. Each slice's rate is printed (how the insert slows as the pool grows).
fn generate_on_server(db: &Database, added: u32, firms: u32, size: u32, today: chrono::NaiveDate) -> super::CliResult {
    const SLICE: u32 = 5_000;
    let slices = added.div_ceil(SLICE).max(1);
    let mut done = 0;
    for k in 0..slices {
        let people = (added - done).min(SLICE);
        let companies = firms / slices + if k == 0 { firms % slices } else { 0 };
        let start = Instant::now();
        db.write(|tx| demo::generate(tx, people, companies, u64::from(size) * 1000 + u64::from(k), today))?;
        let insert = start.elapsed().as_secs_f64();
        analyze(db)?;
        done += people;
        println!(
            "  slice {}/{slices}: {people} candidates + {companies} companies in {insert:.1} s ({:.0} rows/s), ANALYZE {:.1} s",
            k + 1,
            f64::from(people + companies) / insert,
            start.elapsed().as_secs_f64() - insert
        );
    }
    Ok(())
}

/// The server's statistics brought up to date after a bulk insert (what autovacuum would do
/// a while later); nothing on the file.
fn analyze(db: &Database) -> profilence_core::Result<()> {
    if db.is_team() {
        db.write(|tx| Ok(tx.execute_batch("ANALYZE")?))?;
    }
    Ok(())
}

fn count(db: &Database, table: &str) -> profilence_core::Result<u32> {
    db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
}

/// Grows the promotions to `target`, each with the demo's history over the last year.
fn grow_promotions(db: &Database, target: u32) -> super::CliResult {
    let now = chrono::Local::now();
    let mut have = count(db, "promotions")?;
    if have < target {
        let start = Instant::now();
        let mut seed = u64::from(have);
        // Batches of 100,000 per transaction; some draws fall outside a candidate's consent.
        // On the server, smaller batches each followed by an ANALYZE (`generate_on_server`).
        let most = if db.is_team() { 20_000 } else { 100_000 };
        while have < target {
            let batch = (target - have).min(most);
            db.write(|tx| demo::promotions(tx, batch, 365, seed, now))?;
            analyze(db)?;
            have = count(db, "promotions")?;
            seed += 1;
        }
        let elapsed = start.elapsed().as_secs_f64();
        let events = count(db, "promotion_events")?;
        println!(
            "\n== {have} promotions with {events} events: generated in {elapsed:.1} s ({:.0} promotions/s)",
            f64::from(have) / elapsed
        );
    }
    Ok(())
}

/// Runs `f` once per input unmeasured (the first call pays for reading and decrypting
/// cold pages; the slowest of those is printed apart), then once per input `rounds` times
/// over, and prints p50/p95 over every measured call.
fn report_each<T>(label: &str, inputs: &[T], mut f: impl FnMut(&T) -> profilence_core::Result<()>) -> super::CliResult {
    let mut cold = Duration::ZERO;
    for input in inputs {
        let start = Instant::now();
        f(input)?;
        cold = cold.max(start.elapsed());
    }
    let rounds = (200 / inputs.len()).clamp(3, 30);
    let mut samples = Vec::with_capacity(inputs.len() * rounds);
    for _ in 0..rounds {
        for input in inputs {
            let start = Instant::now();
            f(input)?;
            samples.push(start.elapsed());
        }
    }
    print_percentiles(label, samples, cold);
    Ok(())
}

fn report(label: &str, mut f: impl FnMut() -> profilence_core::Result<()>) -> super::CliResult {
    report_each(label, &[()], |()| f())
}

fn print_percentiles(label: &str, mut samples: Vec<Duration>, cold: Duration) {
    samples.sort();
    let at = |q: usize| ms(samples[(samples.len() * q / 100).min(samples.len() - 1)]);
    println!(
        "{label:<42} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   first call {:>7.2} ms",
        at(50),
        at(95),
        at(100),
        ms(cold)
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
