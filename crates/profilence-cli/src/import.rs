//! `profilence-cli import FILE`: a legacy tracker imported headless, as in the app — the
//! same preview (with `--dry-run`) or the same single transaction — and its report.

use std::path::{Path, PathBuf};

use profilence_core::{
    Database,
    candidates::ConsentChannel,
    import::{
        self, AttestedDay, Cancel, ConsentAttestation, ImportKind, ImportOptions, ImportReport, IssueSeverity, RowRef,
    },
};

pub struct Args {
    pub file: PathBuf,
    pub sheets: Vec<String>,
    pub mapping: Option<PathBuf>,
    pub dry_run: bool,
    pub json: bool,
    pub report: Option<PathBuf>,
    pub signed_by: Option<String>,
    pub attestation: Option<ConsentAttestation>,
}

/// The attestation of `--attest-consent DATE|first-promotion --attested-channel CHANNEL
/// [--not-attested SHEET:ROW]…`.
pub fn attestation(
    on: Option<String>,
    channel: Option<String>,
    excluded: &[String],
) -> Result<Option<ConsentAttestation>, String> {
    let Some(on) = on else { return Ok(None) };
    let on = if on == "first-promotion" { AttestedDay::FirstPromotion } else { AttestedDay::Date(on) };
    let channel = match channel.as_deref() {
        Some("oral") => ConsentChannel::Oral,
        Some("written") => ConsentChannel::Written,
        Some("online") => ConsentChannel::Online,
        other => return Err(format!("--attested-channel {}: oral, written or online", other.unwrap_or(""))),
    };
    let excluded = excluded
        .iter()
        .map(|place| {
            let (sheet, row) = place.rsplit_once(':').ok_or_else(|| format!("--not-attested {place}: SHEET:ROW"))?;
            let row = row.parse().map_err(|_| format!("--not-attested {place}: the row is a number"))?;
            Ok(RowRef { sheet: sheet.to_owned(), row })
        })
        .collect::<Result<_, String>>()?;
    Ok(Some(ConsentAttestation { on, channel, excluded }))
}

pub fn run(db: &Database, args: Args) -> super::CliResult {
    let mut options = options_from(args.mapping.as_deref())?;
    if !args.sheets.is_empty() {
        options.sheets = args.sheets.clone();
    }
    if let Some(name) = &args.signed_by {
        options.signed_by = name.clone();
    }
    if args.attestation.is_some() {
        options.consent_attestation = args.attestation.clone();
    }
    let report = execute(db, &args.file, &options, args.dry_run, args.report.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report, args.report.as_deref());
    }
    Ok(())
}

/// The options of `--mapping FILE` (the app's preview sends the same JSON), or the defaults.
pub fn options_from(mapping: Option<&Path>) -> Result<ImportOptions, String> {
    let Some(path) = mapping else { return Ok(ImportOptions::default()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("mapping file {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("mapping file {}: {e}", path.display()))
}

/// Imports `file` (or previews it, `dry_run`) with the progress in the log, and saves the
/// rejected and doubtful rows to `report` when asked.
pub fn execute(
    db: &Database,
    file: &Path,
    options: &ImportOptions,
    dry_run: bool,
    report: Option<&Path>,
) -> Result<ImportReport, Box<dyn std::error::Error>> {
    let now = chrono::Local::now();
    let cancel = Cancel::default();
    let mut last = std::time::Instant::now();
    let mut progress = |p: import::ImportProgress| {
        if last.elapsed().as_millis() >= 1000 && p.total > 0 {
            last = std::time::Instant::now();
            log::info!("{} / {} rows", p.done, p.total);
        }
    };
    let done = if dry_run {
        import::preview(db, file, options, now, &cancel, &mut progress)?
    } else {
        import::run(db, file, options, now, &cancel, &mut progress)?
    };
    if let Some(path) = report {
        import::report::save(&done, path)?;
    }
    Ok(done)
}

fn print_report(r: &ImportReport, saved: Option<&Path>) {
    let c = &r.counts;
    println!("{} — {}", r.file, if r.committed { "imported" } else { "dry run: nothing written" });
    if r.kind == ImportKind::CompanyList {
        println!("read as a company list: its columns name companies only (see `companies import`)");
    }
    for s in &r.sheets {
        if s.header_row == 0 {
            println!("  sheet {:<24} no table", s.name);
        } else {
            println!(
                "  sheet {:<24} headers on row {}, {} data rows ({} blank, {} total, {} repeated header rows skipped)",
                s.name, s.header_row, s.data_rows, s.blank_rows, s.total_rows, s.repeated_headers
            );
        }
    }
    println!("columns:");
    for col in &r.columns {
        let field = col.field.map_or("(not imported)", |f| f.label());
        println!("  {:<32} → {:<34} {:?}", col.header, field, col.source);
    }
    let unknown: Vec<&str> = r.statuses.iter().filter(|s| s.event.is_none()).map(|s| s.text.as_str()).collect();
    if !unknown.is_empty() {
        println!("statuses to map (--mapping with \"statuses\"): {}", unknown.join(" | "));
    }
    for w in &r.warnings {
        println!("note: {w}");
    }
    if r.needs_consent_channel {
        println!("note: set \"consentChannel\" (oral, written, online) in the --mapping file");
    }
    let unattested = r.unstated_consents.iter().filter(|u| !u.attested).count();
    if unattested > 0 {
        let column = if r.no_consent_column { "the file has no consent column: " } else { "" };
        println!(
            "note: {column}{unattested} row(s) of new candidates without a stated consent; if they agreed to be promoted, \
             attest it with --attest-consent DATE|first-promotion --attested-channel oral|written|online"
        );
    }
    println!(
        "rows: {} read, {} imported ({} doubtful), {} rejected, {} skipped",
        c.rows, c.imported, c.doubtful, c.rejected, c.skipped
    );
    println!(
        "candidates: {} created, {} updated, {} unchanged; companies: {} created, {} updated, {} unchanged; \
         promotions: {} created, {} updated, {} unchanged",
        c.candidates_created,
        c.candidates_updated,
        c.candidates_unchanged,
        c.companies_created,
        c.companies_updated,
        c.companies_unchanged,
        c.promotions_created,
        c.promotions_updated,
        c.promotions_unchanged
    );
    for i in &r.issues {
        let kind = match i.severity {
            IssueSeverity::Rejected => "rejected",
            IssueSeverity::Doubtful => "check   ",
        };
        let column = if i.column.is_empty() { String::new() } else { format!(", {}", i.column) };
        let value = if i.value.is_empty() { String::new() } else { format!(" « {} »", i.value) };
        println!("{kind} {} row {}{column}{value}: {}", i.sheet, i.row, i.reason);
    }
    if let Some(path) = saved {
        println!("report saved to {}", path.display());
    }
}
