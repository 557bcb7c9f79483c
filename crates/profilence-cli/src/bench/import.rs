//! `profilence-cli bench --import-rows N`: a generated legacy tracker (xlsx, 20 columns,
//! N rows of promotions on real communes and ROME job titles) imported end to end, next
//! to calamine's bare parse of the same file in the same run, with peak memory, and the
//! floor of the writes alone: what SQLite takes to insert the rows the import stored, with
//! the schema's indexes and triggers — by one statement per table, and by one statement
//! per row.

use std::{path::Path, time::Instant};

use profilence_core::{
    Database,
    import::{self, Cancel, ImportOptions, ImportPhase},
    keys::KeySource,
    settings::{self, CounsellorSettings},
    siret,
};
use rust_xlsxwriter::Workbook;

const HEADERS: [&str; 20] = [
    "Nom",
    "Prénom",
    "Identifiant FT",
    "Date de naissance",
    "Téléphone",
    "Courriel",
    "CP",
    "Ville",
    "Métier visé",
    "Date consentement",
    "Mode de recueil",
    "Entreprise",
    "SIRET",
    "CP entreprise",
    "Ville entreprise",
    "Contact",
    "Date promo",
    "Retour employeur",
    "Conseiller",
    "Commentaire",
];
const LAST: [&str; 20] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
];
const FIRST: [&str; 20] = [
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Louis", "Jade", "Gabriel", "Camille", "Arthur", "Zoé",
    "Jules", "Lina", "Adam", "Emma", "Raphaël", "Alice", "Noah",
];
const TRADES: [&str; 8] =
    ["Boulangerie", "Garage", "Transports", "Menuiserie", "Restaurant", "Pharmacie", "Supermarché", "Atelier"];
const STATUSES: [&str; 10] = [
    "",
    "OK",
    "pas de retour",
    "refus",
    "entretien le 3/4",
    "CDD 6 mois",
    "embauché(e)",
    "relancé",
    "CV conservé",
    "en attente",
];

/// A small deterministic generator: the same file at every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn reset_peak() {
    // Linux: writing 5 resets the peak resident size (VmHWM) of this process.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// What the import writes, table by table, and the column that tells its new rows: the
/// parents before their children.
const WRITTEN: [(&str, &str); 7] = [
    ("companies", "id"),
    ("company_contacts", "id"),
    ("candidates", "id"),
    ("candidate_target_jobs", "candidate_id"),
    ("consent_events", "id"),
    ("promotions", "id"),
    ("promotion_events", "id"),
];

/// How the floor inserts the rows again.
#[derive(Clone, Copy)]
enum Floor {
    /// One `INSERT … SELECT` per table: the fastest way SQLite has.
    PerTable,
    /// One prepared `INSERT … VALUES` per row, table after table: the least a program
    /// that stores rows one at a time (as an import that checks each row does) pays.
    PerRow,
}

/// The largest id of each table of `WRITTEN`: rows above were written after.
fn last_ids(db: &Database) -> Result<Vec<i64>, Box<dyn std::error::Error>> {
    Ok(db.read(|c| {
        WRITTEN
            .iter()
            .map(|(table, column)| {
                Ok(c.query_row(&format!("SELECT coalesce(max({column}), 0) FROM {table}"), [], |r| r.get(0))?)
            })
            .collect::<profilence_core::Result<Vec<i64>>>()
    })?)
}

/// The floor of the writes: the rows the import stored (those above `before`), taken out
/// of a copy of the database and inserted again (`how`), then committed — every index,
/// constraint and trigger of the schema at work, and nothing else: no reading, no checks,
/// no matching. By one statement per table, no code stores those rows faster with this
/// schema, short of dropping its indexes; by one statement per row, none that stores
/// them a row at a time. Their full-text entries are left out (a contentless index cannot
/// be copied), so either floor is lower still than the import's true one.
fn insert_floor(
    db: &Database,
    dir: &Path,
    before: &[i64],
    how: Floor,
) -> Result<std::time::Duration, Box<dyn std::error::Error>> {
    let path = dir.join("floor.db");
    let _ = std::fs::remove_file(&path);
    db.on_writer(|c| {
        // Without KEY, SQLCipher encrypts the attached file with the main database's key.
        c.execute("ATTACH DATABASE ?1 AS floor", [path.to_string_lossy()])?;
        let exported = c.query_row("SELECT sqlcipher_export('floor')", [], |_| Ok(()));
        // The schema version, which the export leaves out, so that opening runs no migration.
        let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        c.execute_batch(&format!("PRAGMA floor.user_version = {version}; DETACH DATABASE floor"))?;
        Ok(exported?)
    })?;
    let copy = Database::open(&path, &KeySource::KeyFile(dir.join("bench.key")))?;
    // Taken out table by table, children first, without the cascades' searches.
    copy.on_writer(|c| Ok(c.execute_batch("PRAGMA foreign_keys = OFF")?))?;
    let mut rows: Vec<Vec<Vec<rusqlite::types::Value>>> = Vec::new();
    copy.write(|tx| {
        let tx = tx.sqlite("The import's write floor")?;
        for ((table, column), last) in WRITTEN.iter().zip(before) {
            tx.execute(
                &format!("CREATE TEMP TABLE floor_{table} AS SELECT * FROM {table} WHERE {column} > ?1"),
                [last],
            )?;
            if let Floor::PerRow = how {
                let mut statement = tx.prepare(&format!("SELECT * FROM temp.floor_{table}"))?;
                let width = statement.column_count();
                let table_rows = statement
                    .query_map([], |r| (0..width).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect())?
                    .collect::<rusqlite::Result<Vec<Vec<_>>>>()?;
                rows.push(table_rows);
            }
        }
        for ((table, column), last) in WRITTEN.iter().zip(before).rev() {
            tx.execute(&format!("DELETE FROM {table} WHERE {column} > ?1"), [last])?;
        }
        Ok(())
    })?;
    copy.on_writer(|c| Ok(c.execute_batch("PRAGMA foreign_keys = ON")?))?;
    let start = Instant::now();
    copy.write(|tx| {
        let tx = tx.sqlite("The import's write floor")?;
        match how {
            Floor::PerTable => {
                for (table, _) in WRITTEN {
                    tx.execute_batch(&format!("INSERT INTO main.{table} SELECT * FROM temp.floor_{table}"))?;
                }
            }
            Floor::PerRow => {
                for ((table, _), table_rows) in WRITTEN.iter().zip(&rows) {
                    let Some(width) = table_rows.first().map(Vec::len) else { continue };
                    let mut insert =
                        tx.prepare(&format!("INSERT INTO main.{table} VALUES ({})", vec!["?"; width].join(", ")))?;
                    for row in table_rows {
                        insert.execute(rusqlite::params_from_iter(row))?;
                    }
                }
            }
        }
        Ok(())
    })?;
    let elapsed = start.elapsed();
    drop(copy);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("floor.db{suffix}")));
    }
    Ok(elapsed)
}

fn siret_of(n: usize) -> String {
    let siren = format!("{:08}", 10_000_000 + n * 37);
    let siren = format!("{siren}{}", siret::luhn_check_digit(&siren));
    let nic = format!("{siren}0001");
    format!("{nic}{}", siret::luhn_check_digit(&nic))
}

fn day(offset: u64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    base.checked_add_days(chrono::Days::new(offset)).unwrap_or(base).format("%d/%m/%Y").to_string()
}

fn birth(person: usize) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1962, 1, 1).unwrap_or_default();
    base.checked_add_days(chrono::Days::new((person % 14_000) as u64)).unwrap_or(base).format("%d/%m/%Y").to_string()
}

/// Writes the tracker: a title row, the headers, then `rows` promotions of `rows / 4`
/// candidates to `rows / 20` companies.
/// A legacy tracker of `rows` promotions of invented people (xlsx, 20 columns, a title
/// row above the headers, as counsellors keep them), on the referentials of `db`.
pub(crate) fn write_tracker(db: &Database, path: &Path, rows: u32) -> super::super::CliResult {
    let (jobs, communes): (Vec<String>, Vec<(String, String)>) = db.read(|c| {
        let jobs = c
            .prepare("SELECT label FROM job_titles ORDER BY code LIMIT 400")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let communes = c
            .prepare("SELECT postcode, name FROM communes WHERE population > 20000 ORDER BY insee_code LIMIT 400")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok((jobs, communes))
    })?;
    if jobs.is_empty() || communes.is_empty() {
        return Err("the import benchmark needs the referentials".into());
    }
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Suivi")?;
    sheet.write_string(0, 0, "Suivi des promotions — agence de démonstration")?;
    for (col, header) in (0_u16..).zip(HEADERS) {
        sheet.write_string(2, col, header)?;
    }
    let mut dice = Dice(0x2026_1122);
    let people = (rows / 4).max(1) as usize;
    let firms = (rows / 20).max(1) as usize;
    for i in 0..rows as usize {
        let row = 3 + i as u32;
        let person = dice.below(people);
        let firm = dice.below(firms);
        let (cp, town) = &communes[person % communes.len()];
        let (fcp, ftown) = &communes[(firm * 7) % communes.len()];
        let consent = (person % 200) as u64;
        let values: [String; 20] = [
            format!("{} {}", LAST[person % 20].to_uppercase(), person / 400),
            FIRST[(person / 20) % 20].to_owned(),
            format!("{:07}{}", person, char::from(b'A' + (person % 26) as u8)),
            birth(person),
            format!("6{:08}", person),
            format!("candidat{person}@courriel.example"),
            cp.clone(),
            town.clone(),
            jobs[person % jobs.len()].clone(),
            day(consent),
            ["écrit", "oral", "en ligne"][person % 3].to_owned(),
            format!("{} {} {}", TRADES[firm % 8], LAST[(firm / 8) % 20], firm),
            siret_of(firm),
            fcp.clone(),
            ftown.clone(),
            format!("{} {}", FIRST[firm % 20], LAST[(firm / 3) % 20]),
            day(consent + 1 + (i as u64 % 330)),
            STATUSES[dice.below(STATUSES.len())].to_owned(),
            "Claire Morel".to_owned(),
            if i % 5 == 0 { "Relancer dans quinze jours".to_owned() } else { String::new() },
        ];
        for (col, value) in (0_u16..).zip(values.iter()) {
            if !value.is_empty() {
                sheet.write_string(row, col, value)?;
            }
        }
    }
    book.save(path)?;
    Ok(())
}

pub fn run(db: &Database, rows: u32, dir: &Path) -> super::super::CliResult {
    let path = dir.join(format!("tracker-{rows}.xlsx"));
    println!("\n== tracker import: {rows} rows × 20 columns (xlsx)");
    let start = Instant::now();
    if !path.exists() {
        write_tracker(db, &path, rows)?;
    }
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("tracker written in {:.1} s, {:.1} MB", start.elapsed().as_secs_f64(), size as f64 / 1e6);

    // Imported promotions are signed by the counsellor of Paramètres.
    if db.read(settings::get)?.name.is_empty() {
        db.write(|tx| {
            settings::update(
                tx,
                &CounsellorSettings {
                    name: "Claire Morel".into(),
                    agency: "Agence de démonstration".into(),
                    phone: String::new(),
                    email: String::new(),
                },
            )
        })?;
    }

    use calamine::Reader;
    reset_peak();
    let start = Instant::now();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path)?;
    let range = book.worksheet_range("Suivi")?;
    let cells = range.used_cells().count();
    let bare = start.elapsed();
    let bare_peak = peak_mib();
    drop(range);
    drop(book);
    println!(
        "calamine bare parse (open + worksheet_range)  {:>8.2} s   {cells} cells   peak RSS {bare_peak:.0} MiB",
        bare.as_secs_f64()
    );

    let before = last_ids(db)?;
    reset_peak();
    let start = Instant::now();
    let mut read_done = None;
    let report =
        import::run(db, &path, &ImportOptions::default(), chrono::Local::now(), &Cancel::default(), &mut |p| {
            if p.phase == ImportPhase::Importing && read_done.is_none() {
                read_done = Some(start.elapsed());
            }
        })?;
    let total = start.elapsed();
    let peak = peak_mib();
    let read = read_done.unwrap_or_default();
    let c = report.counts;
    println!(
        "import end to end (read + checks + store + commit) {:>8.2} s   ({:.2} s reading, {:.2} s storing; {:.0} rows/s)   peak RSS {peak:.0} MiB",
        total.as_secs_f64(),
        read.as_secs_f64(),
        (total - read).as_secs_f64(),
        f64::from(c.rows) / total.as_secs_f64()
    );
    println!(
        "  {} rows: {} imported, {} rejected, {} doubtful; {} candidates, {} companies, {} promotions created",
        c.rows, c.imported, c.rejected, c.doubtful, c.candidates_created, c.companies_created, c.promotions_created
    );
    let floor = insert_floor(db, dir, &before, Floor::PerTable)?;
    let per_row = insert_floor(db, dir, &before, Floor::PerRow)?;
    println!(
        "floor of the writes: the rows stored, inserted again, one INSERT … SELECT per table {:>8.2} s",
        floor.as_secs_f64()
    );
    println!(
        "                     the same, one INSERT … VALUES per row                        {:>8.2} s",
        per_row.as_secs_f64()
    );
    let bound = bare + floor;
    println!(
        "import / (bare parse + floor): {:.2}× (target ≤ 1.5×); import / bare parse: {:.1}×; \
         peak memory / the parse's: {:.2}× (target < 2×)",
        total.as_secs_f64() / bound.as_secs_f64(),
        total.as_secs_f64() / bare.as_secs_f64(),
        peak / bare_peak
    );
    Ok(())
}
