//! `profilence-cli`: Profilence without a window, over the same core and database.

mod backup;
mod bench;
mod company_list;
mod dashboard;
mod export;
mod import;
mod inbox;
mod journal;
mod privacy;
mod targets;
mod team;
mod templates;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use profilence_core::{
    Database, access,
    candidates::{self, CandidateQuery},
    companies::{self, CompanyQuery},
    company_sheet, demo,
    keys::KeySource,
    list::{MAX_PAGE_SIZE, Paging},
    migrations, neighbours, paths, promotions, reference_update, referentials,
};

#[derive(Parser)]
#[command(name = "profilence-cli", version, about = "Profilence from the command line")]
struct Cli {
    /// Database file (default: the app's database in the OS data folder).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Read the database key from this file instead of the OS keychain (created with the
    /// database if neither exists yet). For headless use.
    #[arg(long, global = true, value_name = "PATH")]
    key_file: Option<PathBuf>,
    /// Show progress logs (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Where the database is, its schema version and what it holds.
    Info,
    /// The official referentials (ROME 4.0, communes, NAF).
    Referentials {
        #[command(subcommand)]
        action: ReferentialsAction,
    },
    /// Fill the database with synthetic, realistic demo data (loads the referentials
    /// first when the database has none).
    Demo {
        #[arg(long, default_value_t = 50)]
        candidates: u32,
        #[arg(long, default_value_t = 20)]
        companies: u32,
        /// Promotions of the last four months, among all candidates and companies.
        #[arg(long, default_value_t = 60)]
        promotions: u32,
        /// Random seed: the same seed gives the same people and companies.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Reference data folder (rome4/, geo/, naf/); default: PROFILENCE_DATA_DIR or ../shared/data.
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// The pool of candidates.
    Candidates {
        #[command(subcommand)]
        action: CandidatesAction,
    },
    /// The retention rule: what falls due, and anonymising it.
    Retention {
        #[command(subcommand)]
        action: RetentionAction,
    },
    /// The companies.
    Companies {
        #[command(subcommand)]
        action: CompaniesAction,
    },
    /// Measure referential import, autocomplete and pool search on a temporary encrypted
    /// database (see BENCHMARKS.md).
    Bench {
        /// Pool sizes to measure, growing the same database: e.g. 100000,1000000.
        #[arg(long, value_delimiter = ',', default_value = "100000")]
        candidates: Vec<u32>,
        /// Then grow the promotions to this many (with their events) and measure the
        /// follow-up list and the timelines; 0 skips it.
        #[arg(long, default_value_t = 0)]
        promotions: u32,
        /// Then grow the promotions to each of these sizes and time the dashboards, e.g.
        /// 500000,5000000.
        #[arg(long, value_delimiter = ',')]
        stats: Vec<u32>,
        /// Keep the benchmark database in DIR (bench.db, bench.key) and reuse it next time.
        #[arg(long, value_name = "DIR")]
        reuse: Option<PathBuf>,
        /// Then make this many profile sheets (time, size, a batch into a folder); 0 skips it.
        #[arg(long, default_value_t = 0)]
        sheets: u32,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// Also import a generated tracker of this many rows (xlsx, 20 columns) next to
        /// calamine's bare parse of the same file; 0 skips it.
        #[arg(long, default_value_t = 0)]
        import_rows: u32,
        /// Grow the promotions to this many and replay their successes (`targets
        /// evaluate`); 0 skips it.
        #[arg(long, default_value_t = 0)]
        evaluate: u32,
        /// Grow the promotions to this many, then time a backup's creation (verified),
        /// its verification alone and its restore; 0 skips it.
        #[arg(long, default_value_t = 0)]
        backup: u32,
        /// Grow the promotions to this many, then time the Promotions list written out to
        /// XLSX and CSV (`export promotions`); 0 skips it.
        #[arg(long, default_value_t = 0)]
        export: u32,
        /// The store measured and the load run (`--store postgres --server URL`).
        #[command(flatten)]
        team: bench::TeamArgs,
    },
    /// The neighbouring jobs of a candidate's target jobs: ROME mobility and shared skills,
    /// with the skills held and those to acquire.
    Neighbours {
        #[arg(long, value_name = "ID")]
        candidate: i64,
        #[arg(long)]
        json: bool,
    },
    /// Encrypted backups (create, list, verify, restore) and their recovery code. The code
    /// is read from --recovery-file FILE, never from the command line.
    Backup {
        #[command(subcommand)]
        action: backup::BackupAction,
    },
    /// Team mode: the agency's PostgreSQL server set up by its administrator — init,
    /// agencies, counsellors' accounts, status. The administrator's password is read from
    /// the environment variable PROFILENCE_TEAM_PASSWORD.
    Team {
        #[command(subcommand)]
        action: team::TeamAction,
    },
    /// The inbox the employers' replies are read from: settings, a reading, the replies
    /// waiting. The password comes from --password-file FILE or the OS keychain.
    Inbox {
        #[command(subcommand)]
        action: inbox::InboxAction,
    },
    /// The journal of who did what and when (data protection): list, verify, export.
    Journal {
        #[command(subcommand)]
        action: journal::JournalAction,
    },
    /// Pitch templates shared as a file: export FILE, import FILE.
    Templates {
        #[command(subcommand)]
        action: templates::TemplatesAction,
    },
    /// Targeting: the companies most likely to hire a candidate (--candidate ID), the
    /// candidates to offer a company (--company ID), or the history replayed (evaluate).
    Targets(targets::TargetsArgs),
    /// Import a legacy tracker (xlsx, xlsm, xls, ods, csv): candidates, companies and
    /// promotions, in one transaction, then print the report.
    Import {
        file: PathBuf,
        /// A sheet to import (repeat for several); default: every sheet with a table.
        #[arg(long = "sheet", value_name = "NAME")]
        sheets: Vec<String>,
        /// JSON options, as the app's preview sends them: {"columns": [{"header": "Nom",
        /// "field": "lastName"}], "statuses": [{"text": "OK", "event": "hired"}],
        /// "consentChannel": "written", "channel": "email"}.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Check everything and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also save the rejected and doubtful rows to FILE (.xlsx, else CSV).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Who signs the imported promotions' events (default: the counsellor of Paramètres).
        #[arg(long, value_name = "NAME")]
        signed_by: Option<String>,
        /// For a file that does not state consent: attest that its people agreed to have
        /// their profile promoted, on DATE (YYYY-MM-DD) or at each person's first promotion
        /// in the file ("first-promotion"). Never assumed without this option.
        #[arg(long, value_name = "DATE|first-promotion", requires = "attested_channel")]
        attest_consent: Option<String>,
        /// How the attested consents were collected: oral, written or online.
        #[arg(long, value_name = "CHANNEL", requires = "attest_consent")]
        attested_channel: Option<String>,
        /// A row the attestation does not cover, as SHEET:ROW (repeat for several).
        #[arg(long = "not-attested", value_name = "SHEET:ROW", requires = "attest_consent")]
        not_attested: Vec<String>,
    },
    /// Write a synthetic legacy tracker (xlsx) of ROWS promotions of invented people, to try
    /// the import (needs the referentials in the database).
    Tracker {
        #[arg(long, default_value_t = 1000)]
        rows: u32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write a candidate's one-page profile sheet (PDF), as the app would send it today.
    Sheet {
        candidate_id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Anonymised: "Candidat·e" and the first name's initial, no surname nor contacts.
        #[arg(long)]
        anonymous: bool,
        /// Show the sensitive publics (RQTH, RSA, QPV, long-term unemployment) and the aids
        /// reserved to them: only when the person agreed; never with --anonymous.
        #[arg(long, conflicts_with = "anonymous")]
        sensitive: bool,
        /// Addressed to this company (its id), and to this contact there.
        #[arg(long, value_name = "ID")]
        company: Option<i64>,
        #[arg(long, value_name = "ID", requires = "company")]
        contact: Option<i64>,
    },
    /// Write a company's one-page sheet (PDF): identity, directions, contacts, the promotions
    /// sent and their outcomes, the people to offer it (anonymised), the hiring aids.
    CompanySheet {
        company_id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write a whole list (promotions, candidates or companies) to FILE.xlsx or FILE.csv, as
    /// the app's « Exporter » does; the promotions under the headers the import reads back.
    Export(export::ExportArgs),
    /// The dashboard's figures for a period and filters, as the app shows them (the
    /// automatic "no answer" pass runs first, as in the app).
    Stats(dashboard::StatsArgs),
}

#[derive(Subcommand)]
enum ReferentialsAction {
    /// Load or update the referentials found in DIR (rome4/, geo/communes.csv, naf/naf.json,
    /// or a ROME release folder itself), in one transaction.
    Import { dir: PathBuf },
    /// The versions loaded.
    Status,
}

#[derive(Subcommand)]
enum CandidatesAction {
    /// One page, sorted by name.
    List(ListArgs),
    /// Erase a candidate (right to erasure): everything that identifies them goes, their
    /// promotions stay as anonymous statistics. Asks y/N on stdin unless --yes.
    Erase {
        id: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Everything the app holds about one person (right of access and portability): a
    /// readable PDF, a JSON file and the profile sheets sent, written into DIR (which must
    /// exist). File names hold the candidate's number, never a name.
    Export {
        id: i64,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// The retention rule of Paramètres.
#[derive(Subcommand)]
enum RetentionAction {
    /// What the rule will anonymise in the coming days.
    Due {
        #[arg(long, default_value_t = profilence_core::retention::DUE_WITHIN_DAYS)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
    /// Anonymise what is due today (the app does it at start-up and once a day).
    Apply,
}

#[derive(Args)]
struct ListArgs {
    #[arg(long, default_value = "")]
    search: String,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CompaniesAction {
    /// One page, sorted by name.
    List(ListArgs),
    /// Import a company list (xlsx, xlsm, xls, ods, csv): an export of the company register
    /// (SIRENE, annuaire des entreprises) or a chamber of commerce's list. Each company is
    /// created, or completed and brought up to date by its SIRET, in one transaction.
    Import {
        file: PathBuf,
        /// A sheet to import (repeat for several); default: every sheet with a table.
        #[arg(long = "sheet", value_name = "NAME")]
        sheets: Vec<String>,
        /// JSON corrections of the column mapping, as for `import`: {"columns": [{"header":
        /// "Code", "field": "nafCode"}]}.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Check everything and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the summary as JSON: created, updated, unchanged, rejected rows and why.
        #[arg(long)]
        json: bool,
        /// Also save the rejected and doubtful rows to FILE (.xlsx, else CSV).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
}

fn main() {
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => log::LevelFilter::Warn,
        1 => log::LevelFilter::Info,
        _ => log::LevelFilter::Debug,
    };
    env_logger::Builder::new().filter_level(level).parse_default_env().init();
    if let Err(error) = run(cli) {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

type CliResult = Result<(), Box<dyn std::error::Error>>;

fn run(cli: Cli) -> CliResult {
    let today = chrono::Local::now().date_naive();
    if let Command::Bench {
        candidates,
        promotions,
        sheets,
        import_rows,
        stats,
        evaluate,
        backup,
        export,
        data_dir,
        reuse,
        team,
    } = &cli.command
    {
        let data = data_folder(data_dir.clone())?;
        let plan = bench::Plan {
            sizes: candidates,
            promotions: *promotions,
            sheets: *sheets,
            import_rows: *import_rows,
            stats_sizes: stats,
            evaluate: *evaluate,
            backup: *backup,
            export: *export,
            team,
        };
        return bench::run(&plan, &data, reuse.as_deref());
    }
    // The team's server: no database file is opened.
    if let Command::Team { action } = cli.command {
        return team::run(action);
    }
    let path = match cli.db {
        Some(path) => path,
        None => paths::default_database_path().ok_or("no data folder on this system: pass --db PATH")?,
    };
    let keys = cli.key_file.map_or(KeySource::Keychain, KeySource::KeyFile);
    // A restore writes a new database at --db: none is opened before.
    if let Command::Backup { action } = cli.command {
        return backup::run(action, &path, &keys);
    }
    let db = Database::open(&path, &keys)?;
    match cli.command {
        Command::Info => {
            let (candidates, companies) = db.read(|conn| {
                let count =
                    |table: &str| conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0));
                Ok((count("candidates")?, count("companies")?))
            })?;
            let version = db.read(migrations::version_of)?;
            println!("database:   {}", path.display());
            println!("key:        {}", keys.describe());
            println!("schema:     version {version}");
            println!("candidates: {candidates}");
            println!("companies:  {companies}");
        }
        Command::Referentials { action: ReferentialsAction::Import { dir } } => {
            let start = std::time::Instant::now();
            let release = referentials::read_folder(&dir)?;
            let summary = db.write(|tx| reference_update::install(tx, &release))?;
            for loaded in &summary.loaded {
                println!("{:<9} {} ({} items, version {})", loaded.kind, loaded.title, loaded.items, loaded.version);
            }
            if summary.relabelled_candidates > 0 {
                println!("{} candidates took the new labels of their jobs or skills", summary.relabelled_candidates);
            }
            println!("imported in {:.2} s", start.elapsed().as_secs_f64());
        }
        Command::Referentials { action: ReferentialsAction::Status } => {
            let versions = db.read(referentials::versions)?;
            if versions.is_empty() {
                println!("no referential loaded: run `profilence-cli referentials import DIR`");
            }
            for v in versions {
                let published = v.published.map(|p| format!(", published {p}")).unwrap_or_default();
                println!("{:<9} {} ({} items{published}; imported {})", v.kind, v.title, v.items, v.imported_at);
            }
        }
        Command::Demo { candidates, companies, promotions, seed, data_dir } => {
            if db.read(|c| referentials::version(c, "rome"))?.is_none() {
                let release = referentials::read_folder(&data_folder(data_dir)?)?;
                db.write(|tx| reference_update::install(tx, &release))?;
            }
            let summary = db.write(|tx| {
                let mut summary = demo::generate(tx, candidates, companies, seed, today)?;
                summary.promotions = demo::promotions(tx, promotions, 120, seed, chrono::Local::now())?;
                Ok(summary)
            })?;
            println!(
                "added {} candidates, {} companies and {} promotions to {}",
                summary.candidates,
                summary.companies,
                summary.promotions,
                path.display()
            );
        }
        Command::Candidates { action: CandidatesAction::Export { id, out } } => {
            let export = db.write(|tx| access::export_person(tx, id, &out, today))?;
            for file in &export.files {
                println!("{}", out.join(file).display());
            }
            println!(
                "candidate {id}: {} files written ({}-page PDF, JSON, {} sheets); {} promotions, {} events, {} consent steps",
                export.files.len(),
                export.pages,
                export.sheets,
                export.promotions,
                export.events,
                export.consent_events
            );
        }
        Command::Candidates { action: CandidatesAction::List(ListArgs { search, limit, offset, json }) } => {
            let query = CandidateQuery { search, paging: paging(limit, offset), ..CandidateQuery::default() };
            let page = db.read(|conn| candidates::list(conn, &query, today))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&page)?);
            } else {
                for c in &page.items {
                    let consent = if c.consent_valid { "" } else { "  [consent expired]" };
                    println!(
                        "{:>7}  {:<24} {:<20} {:<28} {}{consent}",
                        c.id,
                        c.last_name,
                        c.first_name,
                        c.commune.as_deref().unwrap_or("-"),
                        c.target_jobs.join(", ")
                    );
                }
                println!("{} of {} candidates", page.items.len(), page.total);
            }
        }
        Command::Companies { action: CompaniesAction::List(ListArgs { search, limit, offset, json }) } => {
            let query = CompanyQuery { search, paging: paging(limit, offset), ..CompanyQuery::default() };
            let page = db.read(|conn| companies::list(conn, &query))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&page)?);
            } else {
                for c in &page.items {
                    println!("{:>7}  {}  {:<40} {}", c.id, c.siret, c.name, c.commune.as_deref().unwrap_or("-"));
                }
                println!("{} of {} companies", page.items.len(), page.total);
            }
        }
        Command::Companies { action: CompaniesAction::Import { file, sheets, mapping, dry_run, json, report } } => {
            company_list::run(&db, company_list::Args { file, sheets, mapping, dry_run, json, report })?;
        }
        Command::Import {
            file,
            sheets,
            mapping,
            dry_run,
            json,
            report,
            signed_by,
            attest_consent,
            attested_channel,
            not_attested,
        } => {
            let attestation = import::attestation(attest_consent, attested_channel, &not_attested)?;
            let args = import::Args { file, sheets, mapping, dry_run, json, report, signed_by, attestation };
            import::run(&db, args)?;
        }
        Command::Stats(args) => dashboard::run(&db, args)?,
        Command::Candidates { action: CandidatesAction::Erase { id, yes } } => {
            privacy::erase(&db, id, yes, &mut std::io::stdin().lock())?;
        }
        Command::Retention { action: RetentionAction::Due { days, json } } => privacy::due(&db, today, days, json)?,
        Command::Retention { action: RetentionAction::Apply } => privacy::apply(&db, today)?,
        Command::Bench { .. } | Command::Backup { .. } => unreachable!("handled above"),
        Command::Team { .. } => unreachable!("handled above"),
        Command::Targets(args) => targets::run(&db, args)?,
        Command::Journal { action } => journal::run(&db, action)?,
        Command::Templates { action } => templates::run(&db, action)?,
        Command::Export(args) => export::run(&db, args)?,
        Command::Inbox { action } => inbox::run(&db, action)?,
        Command::Neighbours { candidate, json } => {
            let found = db.read(|c| neighbours::for_candidate(c, candidate, today))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
            }
            for job in found.iter().filter(|_| !json) {
                println!("{} ({})", job.label, job.rome_code);
                for n in &job.neighbours {
                    let why = match n.reason {
                        neighbours::NeighbourReason::Mobility => "ROME mobility",
                        neighbours::NeighbourReason::SharedSkills => "shared skills",
                        neighbours::NeighbourReason::Both => "ROME mobility and shared skills",
                    };
                    println!(
                        "  {} {} — {} ({why}); {} to acquire",
                        n.rome_code, n.label, n.summary, n.to_acquire_count
                    );
                    for warning in &n.warnings {
                        println!("    ! {warning}");
                    }
                }
            }
        }
        Command::Tracker { rows, out } => {
            bench::import::write_tracker(&db, &out, rows)?;
            println!("{rows} rows written to {}", out.display());
        }
        Command::Sheet { candidate_id, out, anonymous, sensitive, company, contact } => {
            let addressed = company.map(|company| (company, contact));
            let sheet =
                db.write(|tx| promotions::gate::sheet(tx, candidate_id, (anonymous, sensitive), addressed, today))?;
            std::fs::write(&out, &sheet.pdf).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("{} ({} bytes)", out.display(), sheet.pdf.len());
            for cut in &sheet.cuts {
                println!("shortened: {cut}");
            }
        }
        Command::CompanySheet { company_id, out } => {
            let sheet = db.write(|tx| company_sheet::preview(tx, company_id, chrono::Local::now()))?;
            std::fs::write(&out, &sheet.pdf).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("{} ({} bytes)", out.display(), sheet.pdf.len());
            for cut in &sheet.cuts {
                println!("shortened: {cut}");
            }
        }
    }
    Ok(())
}

fn paging(limit: u32, offset: u32) -> Paging {
    Paging { offset, limit: limit.min(MAX_PAGE_SIZE) }
}

fn data_folder(data_dir: Option<PathBuf>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    Ok(data_dir.or_else(referentials::find_reference_data_dir).ok_or(
        "reference data not found: pass --data-dir (the folder holding rome4/, geo/, naf/) or set PROFILENCE_DATA_DIR",
    )?)
}
