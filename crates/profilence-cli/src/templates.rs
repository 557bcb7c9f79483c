//! `profilence-cli templates`: an agency's pitch templates shared as a file (the format of
//! Paramètres → Modèles d'argumentaire).

use std::path::PathBuf;

use clap::Subcommand;
use profilence_core::{Database, promotions::templates::file};

#[derive(Subcommand)]
pub enum TemplatesAction {
    /// Write the counsellor's own templates (not the built-in ones) to FILE (JSON).
    Export { file: PathBuf },
    /// Add the templates of FILE: a title already taken by the same text is left out, by
    /// another text imported as « title (importé) »; nothing is added from a bad file.
    Import { file: PathBuf },
}

pub fn run(db: &Database, action: TemplatesAction) -> Result<(), Box<dyn std::error::Error>> {
    match action {
        TemplatesAction::Export { file: path } => {
            let count = db.write(|tx| file::export(tx, &path))?;
            println!("{count} template(s) written to {}", path.display());
        }
        TemplatesAction::Import { file: path } => {
            let report = db.write(|tx| file::import(tx, &path))?;
            for line in &report.summary {
                println!("{line}");
            }
        }
    }
    Ok(())
}
