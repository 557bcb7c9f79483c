//! `candidates erase` and `retention due|apply`: the right to erasure and the retention
//! rule, over the core's `erasure` and `retention`.

use std::io::BufRead;

use chrono::NaiveDate;
use profilence_core::{
    Database,
    erasure::{self, Why},
    retention::{self, DueKind},
};

type CliResult = Result<(), Box<dyn std::error::Error>>;

/// Erases candidate `id`: prints what goes and what stays, and asks y/N on `answer`
/// unless `yes`.
pub fn erase(db: &Database, id: i64, yes: bool, answer: &mut dyn BufRead) -> CliResult {
    if !yes {
        let preview = db.read(|c| erasure::erasure_preview(c, id))?;
        println!("Erase candidate {id} ({}):", preview.name);
        println!("Goes:");
        for line in &preview.goes {
            println!("  - {line}");
        }
        println!("Stays:");
        for line in &preview.stays {
            println!("  - {line}");
        }
        print!("Erase for good? [y/N] ");
        std::io::Write::flush(&mut std::io::stdout())?;
        let mut line = String::new();
        answer.read_line(&mut line)?;
        if !matches!(line.trim(), "y" | "Y" | "yes" | "o" | "oui") {
            println!("Nothing erased.");
            return Ok(());
        }
    }
    let summary = db.write(|tx| erasure::erase_candidate(tx, id, Why::Request))?;
    println!("Candidate {id} erased: {}.", summary.describe());
    Ok(())
}

pub fn due(db: &Database, today: NaiveDate, days: u32, json: bool) -> CliResult {
    let records = db.read(|c| retention::due(c, today, days))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&records)?);
        return Ok(());
    }
    for r in &records {
        let kind = match r.kind {
            DueKind::Candidate => "candidate",
            DueKind::Contact => "contact",
        };
        println!("{}  {kind:<9} {:>7}  {:<30} {}", r.due_on, r.id, r.name, r.reason);
    }
    println!("{} due within {days} days", records.len());
    Ok(())
}

pub fn apply(db: &Database, today: NaiveDate) -> CliResult {
    let run = db.write(|tx| retention::apply(tx, today))?;
    println!("anonymised {} candidates and {} contacts", run.candidates, run.contacts);
    Ok(())
}
