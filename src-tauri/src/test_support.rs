//! What the shell's tests share: a database of demo data on a file of its own.

use std::path::PathBuf;

use chrono::{DateTime, Local, TimeZone};
use profilence_core::{Database, demo, reference_update, secret::DbKey};

/// A database in a folder named after `name` and this process, with the referentials of
/// `../shared/data` and demo people, companies and `promotions` promotions over 200 days
/// before the moment returned. Remove the folder at the end of the test.
pub fn demo_database(
    name: &str,
    promotions: u32,
    seed: u64,
) -> Result<(PathBuf, Database, DateTime<Local>), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("profilence-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Database::open_with_key(&dir.join("t.db"), &DbKey::generate()?)?;
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    let now = Local.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).single().ok_or("a moment")?;
    db.write(|tx| {
        reference_update::install_folder(tx, &data)?;
        demo::generate(tx, 40, 15, seed, now.date_naive())?;
        demo::promotions(tx, promotions, 200, seed, now)
    })?;
    Ok((dir, db, now))
}
