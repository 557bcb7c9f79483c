//! `--pool-from DIR` (with `--store postgres`): the server's empty database filled with the
//! pool, companies and promotions of the file's benchmark database `DIR/bench.db` (made by
//! a `--reuse DIR` run), row for row through PostgreSQL's `COPY`, so that both stores are
//! measured on the same people, companies and promotions. Through the core the server adds
//! about 330 rows a second (one round trip per statement, `fold` in plpgsql): a million
//! candidates would take most of an hour before anything is measured. The search documents
//! are then written on the server as the core writes them (`team::reindex_search`).

use std::{io::Write, path::Path, time::Instant};

use profilence_core::{Database, keys::KeySource, settings, store::postgres::TeamServer, team};

/// The tables copied, each after those it refers to. The referentials are the bench's own
/// import; the journal, settings and saved facts are each database's.
const TABLES: [&str; 12] = [
    "candidates",
    "candidate_target_jobs",
    "candidate_skills",
    "erased_target_jobs",
    "consent_events",
    "companies",
    "company_contacts",
    "company_commitments",
    "promotions",
    "promotion_events",
    "employer_replies",
    "hire_checkins",
];

/// Copies `dir/bench.db` into the team's database `db` (signed in as `server`'s account).
pub fn copy(db: &Database, server: &TeamServer, password: &str, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let file = Database::open(&dir.join("bench.db"), &KeySource::KeyFile(dir.join("bench.key")))?;
    let mut session = server.connect(password)?;
    let client = session.client();
    let started = Instant::now();
    // The records' counsellor signs what the bench adds (an event, a promotion): settings
    // are each account's on the server, not copied with the records.
    let signer = file.read(settings::get)?;
    db.write(|tx| settings::update(tx, &signer))?;
    // The pool copied is no agency's yet (the load run shares it out, the promotions along):
    // the trigger that gives each promotion its candidate's agency would only write NULL,
    // at a lookup per row.
    client.batch_execute("ALTER TABLE promotions DISABLE TRIGGER promotions_agency")?;
    for table in TABLES {
        let theirs = db.read(|c| Ok(c.columns(table)?))?;
        let columns: Vec<String> =
            file.read(|c| Ok(c.columns(table)?))?.into_iter().filter(|c| theirs.contains(c)).collect();
        let start = Instant::now();
        let mut writer = client.copy_in(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")))?;
        let rows = file.read(|c| {
            let mut statement = c.prepare(&format!("SELECT {} FROM {table}", columns.join(", ")))?;
            let mut rows = statement.query([])?;
            let mut line = String::new();
            let mut count = 0u64;
            while let Some(row) = rows.next()? {
                line.clear();
                for i in 0..columns.len() {
                    if i > 0 {
                        line.push('\t');
                    }
                    field(&mut line, row.get::<_, rusqlite::types::Value>(i)?);
                }
                line.push('\n');
                writer.write_all(line.as_bytes()).map_err(|e| profilence_core::Error::Invariant(e.to_string()))?;
                count += 1;
            }
            Ok(count)
        })?;
        writer.finish()?;
        if theirs.iter().any(|c| c == "id") {
            client.batch_execute(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest((SELECT max(id) FROM {table}), 1))"
            ))?;
        }
        println!("  copied {rows:>9} rows of {table} in {:.1} s", start.elapsed().as_secs_f64());
    }
    client.batch_execute("ALTER TABLE promotions ENABLE TRIGGER promotions_agency")?;
    let start = Instant::now();
    let (people, firms) = team::reindex_search(db, 50_000)?;
    println!(
        "  search documents of {people} candidates and {firms} companies written in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    client.batch_execute("ANALYZE")?;
    println!("  ANALYZE {:.1} s; copy in all {:.1} s", start.elapsed().as_secs_f64(), started.elapsed().as_secs_f64());
    Ok(())
}

/// One value in COPY's text format: `\N` for NULL, bytes as `\x` and hex, the format's
/// special characters escaped.
fn field(line: &mut String, value: rusqlite::types::Value) {
    use rusqlite::types::Value;
    match value {
        Value::Null => line.push_str("\\N"),
        Value::Integer(n) => line.push_str(&n.to_string()),
        Value::Real(x) => line.push_str(&x.to_string()),
        Value::Text(text) => {
            for c in text.chars() {
                match c {
                    '\\' => line.push_str("\\\\"),
                    '\t' => line.push_str("\\t"),
                    '\n' => line.push_str("\\n"),
                    '\r' => line.push_str("\\r"),
                    c => line.push(c),
                }
            }
        }
        Value::Blob(bytes) => {
            line.push_str("\\\\x");
            for b in bytes {
                line.push_str(&format!("{b:02x}"));
            }
        }
    }
}
