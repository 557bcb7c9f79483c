//! `profilence-cli companies import FILE`: a company list (an export of the company register
//! for the territory, a chamber of commerce's list) imported headless through the
//! trackers' engine — the same preview (`--dry-run`) or single transaction — and its
//! summary: companies created, updated, unchanged, rows rejected with their reasons.

use std::path::PathBuf;

use profilence_core::{
    Database,
    import::{ImportIssue, ImportKind, ImportReport, IssueSeverity},
};
use serde_json::{Value, json};

pub struct Args {
    pub file: PathBuf,
    pub sheets: Vec<String>,
    pub mapping: Option<PathBuf>,
    pub dry_run: bool,
    pub json: bool,
    pub report: Option<PathBuf>,
}

pub fn run(db: &Database, args: Args) -> super::CliResult {
    let mut options = super::import::options_from(args.mapping.as_deref())?;
    options.kind = Some(ImportKind::CompanyList);
    if !args.sheets.is_empty() {
        options.sheets = args.sheets;
    }
    let report = super::import::execute(db, &args.file, &options, args.dry_run, args.report.as_deref())?;
    let summary = summary(&report);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&report);
    }
    Ok(())
}

/// The summary printed with `--json`.
pub fn summary(report: &ImportReport) -> Value {
    let c = &report.counts;
    let issues = |severity: IssueSeverity| -> Vec<Value> {
        report.issues.iter().filter(|i| i.severity == severity).map(issue).collect()
    };
    json!({
        "file": report.file,
        "committed": report.committed,
        "rows": c.rows,
        "skipped": c.skipped,
        "created": c.companies_created,
        "updated": c.companies_updated,
        "unchanged": c.companies_unchanged,
        "rejectedRows": c.rejected,
        "rejected": issues(IssueSeverity::Rejected),
        "toCheckRows": c.doubtful,
        "toCheck": issues(IssueSeverity::Doubtful),
        "columns": report.columns.iter().map(|col| json!({
            "header": col.header,
            "field": col.field.map(|f| f.code()),
        })).collect::<Vec<_>>(),
        "warnings": report.warnings,
    })
}

fn issue(i: &ImportIssue) -> Value {
    json!({ "sheet": i.sheet, "row": i.row, "column": i.column, "value": i.value, "reason": i.reason })
}

fn print_summary(r: &ImportReport) {
    let c = &r.counts;
    println!("{} — {}", r.file, if r.committed { "imported" } else { "dry run: nothing written" });
    for col in &r.columns {
        println!("  {:<32} → {}", col.header, col.field.map_or("(not imported)", |f| f.label()));
    }
    println!(
        "companies: {} created, {} updated, {} unchanged; rows: {} read, {} rejected, {} to check, {} skipped",
        c.companies_created, c.companies_updated, c.companies_unchanged, c.rows, c.rejected, c.doubtful, c.skipped
    );
    for i in &r.issues {
        let kind = if i.severity == IssueSeverity::Rejected { "rejected" } else { "check   " };
        let column = if i.column.is_empty() { String::new() } else { format!(", {}", i.column) };
        let value = if i.value.is_empty() { String::new() } else { format!(" « {} »", i.value) };
        println!("{kind} {} row {}{column}{value}: {}", i.sheet, i.row, i.reason);
    }
}
