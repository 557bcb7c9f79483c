//! `profilence-cli bench --sheets N`: profile sheet generation — time per sheet (read the
//! candidate, lay out, subset the fonts, write the PDF), size, the worst case of a record
//! filled to every limit, and a batch of N sheets into a folder.

use std::time::Instant;

use profilence_core::{
    Database,
    cancel::Cancel,
    candidates::{self, CandidateSkill},
    promotions, settings, sheets, sheets_batch,
};

use super::{ms, print_percentiles};

pub fn figures(db: &Database, count: u32, today: chrono::NaiveDate) -> super::super::CliResult {
    let ids: Vec<i64> = db.read(|c| {
        let mut statement = c.prepare("SELECT id FROM candidates ORDER BY id LIMIT ?1")?;
        let rows = statement.query_map([count], |r| r.get(0))?;
        Ok(rows.flatten().collect::<Vec<i64>>())
    })?;
    if ids.is_empty() {
        println!("\nsheets: no candidate to make sheets of");
        return Ok(());
    }
    println!("\n== profile sheets of {} candidates (named and anonymised in turn)", ids.len());
    let mut samples = Vec::with_capacity(ids.len());
    let mut sizes = Vec::with_capacity(ids.len());
    let mut shortened = 0;
    let cold = Instant::now();
    db.write(|tx| promotions::gate::sheet(tx, ids[0], (false, false), None, today))?;
    let cold = cold.elapsed();
    for (i, &id) in ids.iter().enumerate() {
        let start = Instant::now();
        let sheet = db.write(|tx| promotions::gate::sheet(tx, id, (i % 2 == 1, false), None, today))?;
        samples.push(start.elapsed());
        sizes.push(sheet.pdf.len());
        shortened += usize::from(!sheet.cuts.is_empty());
    }
    print_percentiles("one sheet (read, lay out, subset, write)", samples, cold);
    sizes.sort_unstable();
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    println!(
        "sheet size: mean {:.1} KB, p95 {:.1} KB, max {:.1} KB; {shortened} of {} shortened to fit",
        mean as f64 / 1024.0,
        sizes[sizes.len() * 95 / 100] as f64 / 1024.0,
        sizes[sizes.len() - 1] as f64 / 1024.0,
        ids.len()
    );

    // The worst case: every field at the forms' limits (as the over-long test profile).
    let mut long = db.read(|c| candidates::get(c, ids[0], today))?;
    long.pitch = "Professionnelle rigoureuse, « toujours à l'heure », appréciée de ses équipes. ".repeat(30);
    long.pitch.truncate(long.pitch.char_indices().nth(2000).map_or(long.pitch.len(), |(i, _)| i));
    long.experience = "Huit ans en boulangerie artisanale : pétrissage, façonnage, cuisson, commandes. ".repeat(50);
    long.qualifications = "CAP Boulanger, mention complémentaire, CQP Tourier, HACCP, SST. ".repeat(30);
    long.skills = (1..=80)
        .map(|i| CandidateSkill {
            code: None,
            label: format!("Savoir-faire n° {i} : façonnage des pâtes levées feuilletées"),
        })
        .collect();
    long.languages = (1..=20).map(|i| format!("Langue n° {i} (intermédiaire)")).collect();
    let me = db.read(settings::get)?;
    let mut samples = Vec::new();
    let mut size = 0;
    for _ in 0..50 {
        let start = Instant::now();
        let sheet = sheets::make(&long, &me, false, false, None, today)?;
        samples.push(start.elapsed());
        size = sheet.pdf.len();
    }
    print_percentiles("over-long record (layout + PDF only)", samples, std::time::Duration::ZERO);
    println!("over-long sheet size: {:.1} KB", size as f64 / 1024.0);

    let folder = tempfile::tempdir()?;
    let of = sheets_batch::BatchOf::Candidates { ids: ids.clone(), anonymous: false };
    let start = Instant::now();
    let summary = sheets_batch::run(db, &of, &folder.path().to_string_lossy(), today, &Cancel::default(), |_| {})?;
    let elapsed = start.elapsed();
    println!(
        "batch of {} sheets into a folder: {:.2} s ({:.1} ms per sheet)",
        summary.written.len(),
        elapsed.as_secs_f64(),
        ms(elapsed) / summary.written.len().max(1) as f64
    );
    Ok(())
}
