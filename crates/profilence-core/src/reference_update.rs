//! A release of the reference data comes in: its tables replaced (`referentials`), then
//! the candidates who keep its labels brought up to it (`candidates`), in the caller's
//! transaction. The one way a release is installed — Paramètres, the first launch, the
//! command line — so that no candidate keeps a label the ROME no longer has.

use std::path::Path;

use crate::store::Conn;

use crate::{
    Result, candidates,
    journal::{self, Action, Subject},
    referentials::{self, ImportSummary, Release},
};

/// Replaces the referentials `release` holds; a new ROME relabels the candidates' target
/// jobs and skills it renames.
pub fn install(conn: &Conn, release: &Release) -> Result<ImportSummary> {
    let mut summary = referentials::store(conn, release)?;
    if release.has_rome() {
        summary.relabelled_candidates = candidates::relabel(conn)?;
    }
    let loaded: Vec<String> = summary.loaded.iter().map(|v| format!("{} {}", v.kind, v.version)).collect();
    let detail = format!(
        "Référentiels : {} ; {} candidats aux libellés mis à jour",
        loaded.join(", "),
        summary.relabelled_candidates
    );
    journal::record(conn, Action::Import, Subject::Database, &detail)?;
    Ok(summary)
}

/// Reads folder `dir` and installs what it holds.
pub fn install_folder(conn: &Conn, dir: &Path) -> Result<ImportSummary> {
    install(conn, &referentials::read_folder(dir)?)
}
