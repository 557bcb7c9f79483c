//! `profilence-cli bench --export N`: the promotions grown to N, then the whole Promotions
//! list written out to XLSX and to CSV as « Exporter » writes it (the list's query, every
//! row, the file written whole then renamed, the journal entry), into a folder beside the
//! database. Targets (release build): under 2 s and under 1 s at 100,000 promotions.

use std::time::Instant;

use profilence_core::{
    Database,
    lists_out::{self, ListFormat, ListQuery},
};

pub fn figures(db: &Database, dir: &std::path::Path) -> super::super::CliResult {
    let now = chrono::Local::now();
    let folder = tempfile::tempdir_in(dir)?;
    let query = ListQuery::Promotions(Default::default());
    // The automatic « no answer » pass the export runs first is timed apart: after it, an
    // export finds nothing left to mark, as every export but the first of a day.
    let start = Instant::now();
    profilence_core::promotions::follow_ups::due(db, &Default::default(), now)?;
    println!("\n== export of the Promotions list (first \"no answer\" pass {:.2} s)", start.elapsed().as_secs_f64());
    for format in [ListFormat::Xlsx, ListFormat::Csv] {
        let file = folder.path().join(format!("promotions.{}", format.extension()));
        let start = Instant::now();
        let written = lists_out::export(db, &query, &file, now)?;
        let seconds = start.elapsed().as_secs_f64();
        let size = std::fs::metadata(&file)?.len() as f64 / 1e6;
        println!(
            "{:<5} {} rows: {seconds:.2} s ({:.0} rows/s, {size:.1} MB)",
            format.extension(),
            written.rows,
            f64::from(written.rows) / seconds
        );
    }
    Ok(())
}
