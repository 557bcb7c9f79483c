//! `profilence-cli export promotions|candidates|companies --out FILE.xlsx|FILE.csv`: a
//! whole list written out, as the app's « Exporter » writes it (every row, the list's
//! order), and journalled.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use profilence_core::{
    Database,
    lists_out::{self, ListFormat, ListQuery},
};

#[derive(Clone, Copy, ValueEnum)]
pub enum List {
    Promotions,
    Candidates,
    Companies,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The list to write.
    list: List,
    /// The file to write: its extension gives the format (.xlsx or .csv).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub fn run(db: &Database, args: ExportArgs) -> Result<(), Box<dyn std::error::Error>> {
    if ListFormat::of_path(&args.out).is_none() {
        return Err(format!("{}: the file name must end in .xlsx or .csv (the format)", args.out.display()).into());
    }
    let query = match args.list {
        List::Promotions => ListQuery::Promotions(Default::default()),
        List::Candidates => ListQuery::Candidates(Default::default()),
        List::Companies => ListQuery::Companies(Default::default()),
    };
    let written = lists_out::export(db, &query, &args.out, chrono::Local::now())?;
    println!("{} rows written to {}", written.rows, written.path);
    Ok(())
}
