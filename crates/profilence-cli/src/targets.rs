//! `profilence-cli targets`: the companies most likely to hire a candidate, the people to
//! offer a company, and the history replayed — each target with its factors.

use clap::{Args, Subcommand};
use profilence_core::{
    Database,
    targeting::{self, Factor, LeftOut, TargetQuery},
    text::french_percent,
};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TargetsArgs {
    #[command(subcommand)]
    pub action: Option<TargetsAction>,
    /// The companies most likely to hire this candidate.
    #[arg(long, value_name = "ID", conflicts_with = "company")]
    pub candidate: Option<i64>,
    /// The candidates to offer this company.
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
    /// How many (default 5 companies or 10 candidates; at most 20).
    #[arg(long)]
    pub limit: Option<u32>,
    /// A radius in km instead of the candidate's own.
    #[arg(long, value_name = "KM")]
    pub radius: Option<u32>,
    /// Weigh the companies for the jobs next to the candidate's target jobs too.
    #[arg(long, requires = "candidate")]
    pub with_neighbours: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum TargetsAction {
    /// Replay the promotions that led to an interview or a hire: the rank targeting gave
    /// their company the day before, against the nearest-companies baseline.
    Evaluate {
        /// Replay only the latest N successes.
        #[arg(long)]
        sample: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &Database, args: TargetsArgs) -> Result<(), Box<dyn std::error::Error>> {
    let now = chrono::Local::now();
    let query = TargetQuery { limit: args.limit, radius_km: args.radius, with_neighbours: args.with_neighbours };
    match (args.action, args.candidate, args.company) {
        (Some(TargetsAction::Evaluate { sample, json }), ..) => {
            let start = std::time::Instant::now();
            let e = db.read(|c| targeting::evaluate(c, sample, now))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&e)?);
            } else {
                println!(
                    "successes replayed: {} ({} ranked), in {:.1} s",
                    e.successes,
                    e.ranked,
                    start.elapsed().as_secs_f64()
                );
                for (name, s) in [("targeting", e.targeting), ("nearest of the right sector", e.baseline)] {
                    println!(
                        "{name:<28} top 5: {} ({} %), mean reciprocal rank {:.3}",
                        s.top5,
                        french_percent(s.top5_rate),
                        s.mean_reciprocal_rank
                    );
                }
                println!("{}", e.note);
            }
        }
        (None, Some(id), None) => {
            let t = db.read(|c| targeting::for_candidate(c, id, &query, now))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&t)?);
                return Ok(());
            }
            println!("{} — {}", t.candidate_name, t.radius_text);
            if let Some(problem) = &t.consent_problem {
                println!("cannot be promoted now: {problem}");
            }
            for job in &t.jobs {
                let next_to = job.neighbour_of.as_deref().map(|of| format!(" (next to {of})")).unwrap_or_default();
                let tension = job.tension.as_deref().map(|x| format!(" — {x}")).unwrap_or_default();
                println!("  {}{next_to}{tension}", job.label);
            }
            for (rank, target) in t.targets.iter().enumerate() {
                print_ranked(rank, &target.name, target.score, &target.reason, &target.factors, &target.warnings);
            }
            if let Some(widen) = &t.widen {
                println!("    widen the radius to {} km: {} more companies", widen.radius_km, widen.companies);
            }
            print_rest(&t.left_out, t.shortfall.as_deref());
        }
        (None, None, Some(id)) => {
            let t = db.read(|c| targeting::for_company(c, id, &query, now))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&t)?);
                return Ok(());
            }
            println!("{}", t.company_name);
            for (rank, person) in t.people.iter().enumerate() {
                print_ranked(rank, &person.name, person.score, &person.reason, &person.factors, &person.warnings);
            }
            print_rest(&t.left_out, t.shortfall.as_deref());
        }
        _ => return Err("say --candidate ID or --company ID, or `targets evaluate`".into()),
    }
    Ok(())
}

/// One target: its rank, score and reason, each factor with its points, then what goes
/// against the person's constraints.
fn print_ranked(rank: usize, name: &str, score: i32, reason: &str, factors: &[Factor], warnings: &[String]) {
    println!("{:>2}. {name} ({score} pts) — {reason}", rank + 1);
    for f in factors {
        println!("      {:>+4} {} — {}", f.points, f.kind.label(), f.text);
    }
    for warning in warnings {
        println!("      ! {warning}");
    }
}

/// Those left out and why, then what falls short.
fn print_rest(left_out: &[LeftOut], shortfall: Option<&str>) {
    for left in left_out {
        println!("    left out: {} — {}", left.name, left.why);
    }
    if let Some(shortfall) = shortfall {
        println!("{shortfall}");
    }
}
