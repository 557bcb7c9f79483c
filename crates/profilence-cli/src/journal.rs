//! `profilence-cli journal`: who did what and when, and whether the chain of entries holds.

use std::path::PathBuf;

use clap::Subcommand;
use profilence_core::{
    Database,
    journal::{self, JournalQuery},
    list::Paging,
};

#[derive(Subcommand)]
pub enum JournalAction {
    /// The latest entries, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Only the entries about this kind of record: candidate, company, contact,
        /// promotion, settings, database.
        #[arg(long, value_name = "KIND")]
        subject: Option<String>,
        /// Only the entries about this record (with --subject).
        #[arg(long, value_name = "ID", requires = "subject")]
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Walk the whole chain: exits with status 1 when an entry was edited, removed or forged.
    Verify,
    /// Write every entry, oldest first, as CSV (UTF-8 with BOM, `;`).
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn run(db: &Database, action: JournalAction) -> Result<(), Box<dyn std::error::Error>> {
    match action {
        JournalAction::List { limit, offset, subject, id, json } => {
            let query = JournalQuery {
                subject_kind: subject,
                subject_id: id,
                paging: Paging { offset, limit },
                ..Default::default()
            };
            let page = db.read(|c| journal::list(c, &query))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&page)?);
                return Ok(());
            }
            println!("{} entries", page.total);
            for e in page.items {
                let who = if e.os_user.is_empty() { e.counsellor } else { format!("{} ({})", e.counsellor, e.os_user) };
                println!("{:>6}  {}  {:<28} {:<24} {}  {}", e.id, e.at, e.action_label, e.subject_label, who, e.detail);
            }
        }
        JournalAction::Verify => {
            let found = db.read(journal::verify)?;
            match found.broken {
                None => println!("journal intact: {} entries, each chained to the one before", found.entries),
                Some(broken) => {
                    return Err(format!("journal broken at entry {}: {}", broken.id, broken.reason).into());
                }
            }
        }
        JournalAction::Export { out } => {
            let written = db.read(|c| journal::write_csv(c, &JournalQuery::default(), &out))?;
            println!("{written} entries written to {}", out.display());
        }
    }
    Ok(())
}
