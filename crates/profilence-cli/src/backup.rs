//! `profilence-cli backup`: encrypted backups from the command line — create, list,
//! verify, restore — and the recovery code they need. The code is never an argument: it is
//! read from `--recovery-file FILE`, or else it is the one kept for this database (beside
//! its key: the keychain, or the `--key-file`'s `.recovery` sibling).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use profilence_core::{
    Database,
    backup::{self, BackupFacts, CodeStore, RecoveryCode, Secret},
    keys::KeySource,
};

#[derive(Subcommand)]
pub enum BackupAction {
    /// Back up the database into DIR (a network share, a USB drive), verify the copy and
    /// keep 7 daily and 4 weekly backups there; journaled, and recorded as the last backup
    /// (or the last failure) in Paramètres.
    Create {
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// The recovery code: the file written by `backup code new --out`, or one holding
        /// the code as written down (then it must be the code kept for this database).
        #[arg(long, value_name = "FILE")]
        recovery_file: Option<PathBuf>,
    },
    /// The backups of DIR, newest first, as their names and the facts beside them say.
    List {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Open FILE with the recovery code and check it whole: integrity, counts, schema.
    Verify {
        file: PathBuf,
        /// A file holding the code as written down (or a passphrase); default: the code
        /// kept for this database.
        #[arg(long, value_name = "FILE")]
        recovery_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Restore FILE into a new database at --db (an existing file is refused), keyed with
    /// a new key (--key-file, or the keychain).
    Restore {
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        recovery_file: Option<PathBuf>,
    },
    /// The recovery code of this database.
    Code {
        #[command(subcommand)]
        action: CodeAction,
    },
}

#[derive(Subcommand)]
pub enum CodeAction {
    /// Make a new recovery code (or take a passphrase from --passphrase-file), keep it
    /// beside the database key and print it once, to be written down. Backups made before
    /// still need the old one.
    New {
        /// Choose a passphrase (20 characters and 4 words or more) read from this file.
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
        /// Also write the code with its identity to FILE (readable by its owner only), for
        /// `--recovery-file` on another computer's scripts.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Which code is kept for this database: its id and the day it was made.
    ShowId,
}

pub fn run(action: BackupAction, db_path: &Path, keys: &KeySource) -> super::CliResult {
    let now = chrono::Local::now();
    let store = CodeStore::beside(keys);
    match action {
        BackupAction::Create { to, recovery_file } => {
            let code = match recovery_file {
                Some(file) => code_from_file(&file, &store)?,
                None => store.require()?,
            };
            let db = Database::open(db_path, keys)?;
            let start = std::time::Instant::now();
            let facts = backup::run_now(&db, &code, &to, now)?;
            println!("{}", to.join(&facts.file).display());
            print_facts(&facts);
            println!(
                "written and verified in {:.2} s; 7 daily and 4 weekly backups kept there",
                start.elapsed().as_secs_f64()
            );
        }
        BackupAction::List { dir, json } => {
            let entries = backup::folder::list(&dir)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
                return Ok(());
            }
            for entry in &entries {
                let counts = entry.facts.as_ref().map_or_else(|| "no facts beside it".to_owned(), |f| f.counts.label());
                println!(
                    "{}  {:>9.1} MB  code {}  {}  {}",
                    entry.made.format("%Y-%m-%d %H:%M:%S"),
                    entry.size as f64 / 1e6,
                    entry.code_id,
                    counts,
                    entry.file
                );
            }
            println!("{} backups in {}", entries.len(), dir.display());
        }
        BackupAction::Verify { file, recovery_file, json } => {
            let secret = secret(recovery_file.as_deref(), &store)?;
            let facts = backup::verify(&file, &secret)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&facts)?);
            } else {
                println!("{}: sound (integrity check ok, counts as written)", file.display());
                print_facts(&facts);
            }
        }
        BackupAction::Restore { file, recovery_file } => {
            let secret = secret(recovery_file.as_deref(), &store)?;
            let restored = backup::restore(&file, &secret, db_path, keys, now)?;
            println!("restored into {} (schema version {})", restored.path, restored.schema_version);
            print_facts(&restored.facts);
            println!("key: {}", keys.describe());
        }
        BackupAction::Code { action: CodeAction::New { passphrase_file, out } } => {
            let today = now.date_naive();
            let code = match passphrase_file {
                Some(file) => RecoveryCode::passphrase(&read_secret_file(&file)?, today)?,
                None => RecoveryCode::generate(today)?,
            };
            store.save(&code)?;
            if let Some(out) = out {
                CodeStore::File(out.clone()).save(&code)?;
                println!("written with its identity to {}", out.display());
            }
            println!("recovery code kept in {}: {}", store.describe(), code.identity.label());
            if code.identity.kind == backup::CodeKind::Code {
                println!("\n    {}\n", code.display().as_str());
                println!("Write it down or print it: without it, no backup can be restored on another computer.");
            }
        }
        BackupAction::Code { action: CodeAction::ShowId } => {
            let code = store.require()?;
            println!("{} (kept in {})", code.identity.label(), store.describe());
        }
    }
    Ok(())
}

fn print_facts(facts: &BackupFacts) {
    let made = facts.created_at.with_timezone(&chrono::Local);
    println!("  made:     {}", made.format("%Y-%m-%d %H:%M:%S"));
    println!("  app:      {} (schema version {})", facts.app_version, facts.schema_version);
    println!("  needs:    {}", facts.recovery_code.label());
    println!("  holds:    {}", facts.counts.label());
    if let (Some(size), Some(sha256)) = (facts.size, &facts.sha256) {
        println!("  size:     {:.1} MB, SHA-256 {sha256}", size as f64 / 1e6);
    }
}

/// The text of a secret file: its content without the line end.
fn read_secret_file(file: &Path) -> Result<zeroize::Zeroizing<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("--recovery-file {}: {e}", file.display()))?;
    Ok(zeroize::Zeroizing::new(text))
}

/// The secret of `--recovery-file` (a code's file with its identity, or the code as
/// written down), or the code kept for this database.
fn secret(file: Option<&Path>, store: &CodeStore) -> Result<Secret, Box<dyn std::error::Error>> {
    match file {
        None => Ok(store.require()?.secret),
        Some(file) => match CodeStore::File(file.to_owned()).load() {
            Ok(Some(code)) => Ok(code.secret),
            _ => Ok(Secret::entered(&read_secret_file(file)?)?),
        },
    }
}

/// A code with its identity, which a backup records: from a code's file, or the code as
/// written down when it is the one kept for this database.
fn code_from_file(file: &Path, store: &CodeStore) -> Result<RecoveryCode, Box<dyn std::error::Error>> {
    if let Ok(Some(code)) = CodeStore::File(file.to_owned()).load() {
        return Ok(code);
    }
    let secret = Secret::entered(&read_secret_file(file)?)?;
    match store.load()? {
        Some(kept) if kept.secret == secret => Ok(kept),
        _ => Err(format!(
            "{} holds a code without its identity, and not the code kept for this database: use the file written \
             by `backup code new --out FILE`",
            file.display()
        )
        .into()),
    }
}
