//! `bench --store postgres --counsellors 50`: a load run of counsellors working at once on
//! the team's server, each with an account of their own (agencies of ten) and a
//! `Database::connect_team` of their own, on a thread of their own, doing for
//! `--load-seconds` what a counsellor does through the core's public API: pool searches
//! (words, filters), new candidates, promotions (marked sent) and events on them. Per
//! action: count, p50, p95, max and errors (a conflict, a serialization failure or a
//! deadlock is an error as much as anything else).

use std::{
    collections::BTreeMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use profilence_core::{
    Database,
    candidates::{self, CandidateInput, CandidateQuery, ConsentChannel, ConsentFilter, TargetJob},
    choices::{EventKind, PromotionChannel},
    hiring_aids::Public,
    list::{Near, Paging},
    promotions::{self, Confirmations, Delivery, EventInput, PromoteInput, PromotionTarget},
    settings::{self, CounsellorSettings},
    store::postgres::TeamServer,
    team,
};

use super::{POOL_SEARCHES, ms, store::TeamArgs};

/// The load run's accounts' password (a throwaway server on loopback).
const PASSWORD: &str = "bench-load-loopback-2026";
/// Counsellors per agency.
const PER_AGENCY: u32 = 10;
const ACTIONS: [&str; 7] =
    ["sign-in", "setup", "search", "search + filter", "create candidate", "promote (marked sent)", "event"];

/// What every counsellor draws from: the team's companies (with their first contact), job
/// titles and communes of the referentials.
struct Shared {
    firms: Vec<(i64, Option<i64>)>,
    jobs: Vec<(i64, String, String)>,
    communes: Vec<(String, String, String)>,
}

#[derive(Default)]
struct Tally {
    samples: BTreeMap<&'static str, Vec<Duration>>,
    errors: BTreeMap<&'static str, Vec<String>>,
}

impl Tally {
    fn record<T>(&mut self, action: &'static str, start: Instant, result: profilence_core::Result<T>) -> Option<T> {
        let elapsed = start.elapsed();
        match result {
            Ok(value) => {
                self.samples.entry(action).or_default().push(elapsed);
                Some(value)
            }
            Err(error) => {
                self.errors.entry(action).or_default().push(format!("{error:?}"));
                None
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        for (action, samples) in other.samples {
            self.samples.entry(action).or_default().extend(samples);
        }
        for (action, errors) in other.errors {
            self.errors.entry(action).or_default().extend(errors);
        }
    }
}

/// A small xorshift generator: each counsellor's draws the same from one run to the next.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

pub fn run(admin: &Database, server: &TeamServer, args: &TeamArgs) -> super::super::CliResult {
    let n = args.counsellors;
    let agencies = n.div_ceil(PER_AGENCY).max(1);
    println!(
        "\n== load run: {n} counsellors in {agencies} agencies, {} s, pause {} ms",
        args.load_seconds, args.think_ms
    );
    let start = Instant::now();
    let mut agency_ids = Vec::new();
    for a in 1..=agencies {
        agency_ids.push(team::add_agency(admin, &agency(a), "Bench")?);
    }
    for i in 1..=n {
        team::add_counsellor(admin, &account(i), PASSWORD, &agency(1 + (i - 1) % agencies))?;
    }
    // The pool the administrator generated belongs to no agency: shared out among them.
    let mut moved = 0;
    for (k, id) in agency_ids.iter().enumerate() {
        moved += admin.write(|tx| {
            Ok(tx.execute(
                "UPDATE candidates SET agency_id = ?1 WHERE agency_id IS NULL AND id % ?2 = ?3",
                rusqlite::params![id, i64::from(agencies), k as i64],
            )?)
        })?;
    }
    // Their promotions with them: each counts for the agency that now has the candidate.
    admin.write(|tx| {
        Ok(tx.execute(
            "UPDATE promotions p SET agency_id = c.agency_id FROM candidates c \
             WHERE c.id = p.candidate_id AND p.agency_id IS NULL",
            [],
        )?)
    })?;
    // The planner's statistics still saw a pool of no agency (every search document's agency
    // NULL): the first run's searches, planned on them, walked the whole pool once per name
    // (minutes each) until the server analysed the tables itself.
    admin.write(|tx| Ok(tx.execute_batch("ANALYZE candidates, candidates_fts, promotions")?))?;
    let shared = admin.read(|c| {
        let firms = c
            .prepare(
                "SELECT c.id, (SELECT k.id FROM company_contacts k WHERE k.company_id = c.id ORDER BY k.position LIMIT 1) \
                 FROM companies c WHERE c.erased_at IS NULL ORDER BY c.id LIMIT 5000",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let jobs = c
            .prepare("SELECT code, label, rome_code FROM job_titles WHERE main = 1 ORDER BY code LIMIT 500")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let communes = c
            .prepare(
                "SELECT insee_code, postcode, name FROM communes WHERE lat IS NOT NULL \
                 ORDER BY population DESC, insee_code LIMIT 300",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Shared { firms, jobs, communes })
    })?;
    if shared.firms.is_empty() || shared.jobs.is_empty() || shared.communes.is_empty() {
        return Err("the load run needs a pool: companies and referentials (--candidates)".into());
    }
    println!(
        "accounts and agencies made, {moved} candidates shared out among the agencies: {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let total = Mutex::new(Tally::default());
    let deadline = Instant::now() + Duration::from_secs(u64::from(args.load_seconds)) + Duration::from_secs(5);
    let began = Instant::now();
    std::thread::scope(|scope| {
        for i in 1..=n {
            let (shared, total) = (&shared, &total);
            let server = TeamServer { user: account(i), ..server.clone() };
            let agency_name = agency(1 + (i - 1) % agencies);
            scope.spawn(move || {
                let tally = counsellor(i, &server, &agency_name, shared, deadline, args.think_ms);
                total.lock().unwrap_or_else(|p| p.into_inner()).merge(tally);
            });
        }
    });
    let wall = began.elapsed().as_secs_f64();
    let tally = total.into_inner().unwrap_or_else(|p| p.into_inner());
    print_table(&tally, wall);
    let errors: usize = tally.errors.values().map(Vec::len).sum();
    if errors > 0 {
        for (action, list) in &tally.errors {
            let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
            for e in list {
                *kinds.entry(e.chars().take(160).collect()).or_default() += 1;
            }
            for (kind, count) in kinds {
                println!("  error in {action} ×{count}: {kind}");
            }
        }
        return Err(format!("the load run met {errors} errors").into());
    }
    Ok(())
}

fn agency(a: u32) -> String {
    format!("Agence bench {a:02}")
}

fn account(i: u32) -> String {
    format!("bench.c{i:03}")
}

/// One counsellor's session: signs in, signs their settings, then works until `deadline`
/// (the sign-in of everyone at once is timed apart; the first five seconds warm up).
fn counsellor(i: u32, server: &TeamServer, agency: &str, shared: &Shared, deadline: Instant, think_ms: u32) -> Tally {
    let mut tally = Tally::default();
    let now = chrono::Local::now();
    let today = now.date_naive();
    let start = Instant::now();
    let Some(db) = tally.record("sign-in", start, Database::connect_team(server, PASSWORD)) else {
        return tally;
    };
    let me = CounsellorSettings {
        name: format!("Conseiller Bench {i:03}"),
        agency: agency.to_owned(),
        phone: "01 84 12 34 56".into(),
        email: format!("bench.c{i:03}@agence.example"),
    };
    let mut draw = Draw(0x9E37_79B9_7F4A_7C15 ^ (u64::from(i) << 32 | u64::from(i)));
    if tally.record("setup", Instant::now(), db.write(|tx| settings::update(tx, &me))).is_none() {
        return tally;
    }
    // The agency's candidates this counsellor promotes: a slice of its pool whose consent
    // covers today.
    let today_text = today.to_string();
    let people = db.read(|c| {
        Ok(c.prepare(
            "SELECT id FROM candidates WHERE erased_at IS NULL AND consent_withdrawn_on IS NULL \
             AND consent_date <= ?1 AND consent_expiry >= ?1 AND id % 53 = ?2 ORDER BY id LIMIT 400",
        )?
        .query_map(rusqlite::params![today_text, i64::from(i % 53)], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?)
    });
    let Some(mut people) = tally.record("setup", Instant::now(), people) else {
        return tally;
    };
    let mut sent: Vec<i64> = Vec::new();
    let warm = Instant::now() + Duration::from_secs(5);
    let lyon = Near { lat: 45.7578, lng: 4.8320, radius_km: 20.0 };
    let page = Paging::first(50);
    let mut created = 0u32;
    while Instant::now() < deadline {
        if think_ms > 0 {
            std::thread::sleep(Duration::from_millis(draw.below(2 * think_ms as usize + 1) as u64));
        }
        let mut round = Tally::default();
        let roll = draw.below(100);
        if roll < 30 {
            let text = POOL_SEARCHES[draw.below(POOL_SEARCHES.len())];
            let query = CandidateQuery { search: text.to_owned(), paging: page, ..CandidateQuery::default() };
            let start = Instant::now();
            round.record("search", start, db.read(|c| candidates::list(c, &query, today)));
        } else if roll < 45 {
            let (_, _, rome) = &shared.jobs[draw.below(shared.jobs.len())];
            let query = match draw.below(4) {
                0 => CandidateQuery { rome_code: Some(rome.clone()), paging: page, ..CandidateQuery::default() },
                1 => CandidateQuery { near: Some(lyon), paging: page, ..CandidateQuery::default() },
                2 => CandidateQuery {
                    publics: vec![Public::Over50],
                    consent: Some(ConsentFilter::Valid),
                    sort: candidates::CandidateSort::AvailableFrom,
                    paging: page,
                    ..CandidateQuery::default()
                },
                _ => CandidateQuery {
                    search: POOL_SEARCHES[draw.below(POOL_SEARCHES.len())].to_owned(),
                    rome_code: Some(rome.clone()),
                    paging: page,
                    ..CandidateQuery::default()
                },
            };
            let start = Instant::now();
            round.record("search + filter", start, db.read(|c| candidates::list(c, &query, today)));
        } else if roll < 60 {
            created += 1;
            let input = new_candidate(i, created, shared, &mut draw, today);
            let start = Instant::now();
            if let Some(c) =
                round.record("create candidate", start, db.write(|tx| candidates::create(tx, &input, today, true)))
            {
                people.push(c.id);
            }
        } else if roll < 85 || sent.is_empty() {
            if people.is_empty() {
                continue;
            }
            let candidate = people[draw.below(people.len())];
            let (firm, contact) = shared.firms[draw.below(shared.firms.len())];
            let input = marked_sent(candidate, firm, contact);
            let start = Instant::now();
            if let Some(made) =
                round.record("promote (marked sent)", start, db.write(|tx| promotions::promote(tx, &input, now)))
            {
                sent.extend(made.iter().map(|p| p.id));
            }
        } else {
            let id = sent.swap_remove(draw.below(sent.len()));
            let kind = [EventKind::Interested, EventKind::Refused, EventKind::Reminded][draw.below(3)];
            let reason = (kind == EventKind::Refused).then_some(profilence_core::choices::RefusalReason::NoVacancy);
            let input = EventInput {
                kind: Some(kind),
                reason,
                comment: "Appel de l'employeur".into(),
                ..EventInput::default()
            };
            let start = Instant::now();
            round.record("event", start, db.write(|tx| promotions::record_event(tx, &[id], &input, now)));
        }
        // What ran in the warm-up (every session preparing its statements) is not counted,
        // its errors are.
        if Instant::now() < warm {
            round.samples.clear();
        }
        tally.merge(round);
    }
    tally
}

/// A candidate as a counsellor types one in: a real commune and job of the referentials.
fn new_candidate(i: u32, n: u32, shared: &Shared, draw: &mut Draw, today: chrono::NaiveDate) -> CandidateInput {
    const LAST: [&str; 8] = ["Martin", "Bernard", "Le Goff", "Nguyen", "Moreau", "Fournier", "Girard", "Lambert"];
    const FIRST: [&str; 8] = ["Anne", "Hugo", "Léa", "Karim", "Inès", "Yann", "Sofia", "Paul"];
    let (insee, postcode, commune) = &shared.communes[draw.below(shared.communes.len())];
    let (code, label, rome) = &shared.jobs[draw.below(shared.jobs.len())];
    let (last, first) = (LAST[draw.below(LAST.len())], FIRST[draw.below(FIRST.len())]);
    CandidateInput {
        last_name: last.into(),
        first_name: first.into(),
        birth_date: format!("{}-04-12", 1965 + draw.below(40)),
        email: format!("bench.{i}.{n}@courriel.example"),
        phone: "0612345678".into(),
        postcode: postcode.clone(),
        commune: commune.clone(),
        commune_code: insee.clone(),
        consent_date: today.to_string(),
        consent_channel: Some(ConsentChannel::Oral),
        consent_expiry: (today + chrono::Duration::days(365)).to_string(),
        target_jobs: vec![TargetJob { code: Some(*code), label: label.clone(), rome_code: Some(rome.clone()) }],
        ..CandidateInput::default()
    }
}

/// Candidate `candidate` promoted by e-mail to `firm`, marked sent (the counsellor sends it
/// themselves), the contact limit and a repeat confirmed beforehand.
fn marked_sent(candidate: i64, firm: i64, contact: Option<i64>) -> PromoteInput {
    PromoteInput {
        candidate_ids: vec![candidate],
        targets: vec![PromotionTarget { company_id: firm, contact_id: contact }],
        channel: PromotionChannel::Email,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations { repeat_reason: "Nouvelle offre".into(), over_contact_limit: true },
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    }
}

fn print_table(tally: &Tally, wall: f64) {
    let all: usize = tally.samples.values().map(Vec::len).sum();
    println!(
        "{all} actions timed in {wall:.1} s (the first 5 s of each session not counted): {:.1} actions/s",
        all as f64 / wall
    );
    println!("{:<24} {:>7} {:>9} {:>9} {:>9} {:>7}", "action", "count", "p50 ms", "p95 ms", "max ms", "errors");
    for action in ACTIONS {
        let mut samples = tally.samples.get(action).cloned().unwrap_or_default();
        let errors = tally.errors.get(action).map_or(0, Vec::len);
        if samples.is_empty() && errors == 0 {
            continue;
        }
        samples.sort();
        let at = |q: usize| {
            samples.get((samples.len() * q / 100).min(samples.len().saturating_sub(1))).map_or(0.0, |d| ms(*d))
        };
        println!(
            "{action:<24} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>7}",
            samples.len(),
            at(50),
            at(95),
            samples.last().map_or(0.0, |d| ms(*d)),
            errors
        );
    }
}
