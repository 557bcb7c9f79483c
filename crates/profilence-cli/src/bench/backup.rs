//! `profilence-cli bench --backup N`: a backup of the bench database (its pool, and its
//! promotions grown to N) written into a folder beside it and verified as `backup create`
//! does, then verified again alone (as `backup verify`) and restored into a new file.

use std::time::Instant;

use profilence_core::{
    Database,
    backup::{self, Counts, RecoveryCode},
    keys::KeySource,
};

pub fn figures(db: &Database, dir: &std::path::Path) -> super::super::CliResult {
    let now = chrono::Local::now();
    let counts = db.read(Counts::of)?;
    let source = std::fs::metadata(db.path().ok_or("the backup bench runs on the embedded database")?)?.len();
    println!("\n== backup of {} ({:.0} MB database file)", counts.label(), source as f64 / 1e6);
    let folder = tempfile::tempdir_in(dir)?;
    let code = RecoveryCode::generate(now.date_naive())?;

    let start = Instant::now();
    let facts = backup::create(db, folder.path(), &code, now)?;
    let created = start.elapsed().as_secs_f64();
    let size = facts.size.unwrap_or(0) as f64 / 1e6;
    println!(
        "create (online backup, re-opened with the code, integrity_check, counts, SHA-256): {created:.2} s \
         ({size:.0} MB, {:.0} MB/s)",
        size / created
    );
    let file = folder.path().join(&facts.file);

    let start = Instant::now();
    backup::verify(&file, &code.secret)?;
    let verified = start.elapsed().as_secs_f64();
    println!("verify alone (SHA-256, open with the code, integrity_check, counts): {verified:.2} s");

    let target = folder.path().join("restored.db");
    let keys = KeySource::KeyFile(folder.path().join("restored.key"));
    let start = Instant::now();
    backup::restore(&file, &code.secret, &target, &keys, now)?;
    println!("restore into a new file (verify, copy under a new key, journal): {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}
