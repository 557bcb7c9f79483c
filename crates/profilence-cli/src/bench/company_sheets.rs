//! `profilence-cli bench --sheets N`: the company sheet as « Fiche entreprise » makes it —
//! read the company and its promotions, the people to offer it (targeting), place it, lay
//! out, subset the fonts, write the PDF and record it in the journal — on the 40 companies
//! that received the most promotions (the longest histories), after one unmeasured call each.

use profilence_core::{Database, company_sheet};

use super::report_each;

pub fn figures(db: &Database) -> super::super::CliResult {
    let ids: Vec<i64> = db.read(|c| {
        let mut statement = c.prepare(
            "SELECT company_id FROM promotions WHERE sent_at IS NOT NULL GROUP BY company_id \
             ORDER BY count(*) DESC, company_id LIMIT 40",
        )?;
        let rows = statement.query_map([], |r| r.get(0))?;
        Ok(rows.flatten().collect::<Vec<i64>>())
    })?;
    let ids = if ids.is_empty() {
        db.read(|c| {
            let mut statement = c.prepare("SELECT id FROM companies WHERE erased_at IS NULL ORDER BY id LIMIT 40")?;
            let rows = statement.query_map([], |r| r.get(0))?;
            Ok(rows.flatten().collect::<Vec<i64>>())
        })?
    } else {
        ids
    };
    if ids.is_empty() {
        println!("\ncompany sheets: no company");
        return Ok(());
    }
    let now = chrono::Local::now();
    let promotions: u32 = db.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM promotions WHERE company_id IN (SELECT value FROM json_each(?1))",
            [serde_json::to_string(&ids).unwrap_or_default()],
            |r| r.get(0),
        )?)
    })?;
    println!("\n== company sheets of {} companies ({promotions} promotions between them)", ids.len());
    let (mut sizes, mut shortened) = (Vec::new(), 0);
    report_each("one company sheet (read, target, lay out, PDF)", &ids, |&id| {
        let sheet = db.write(|tx| company_sheet::preview(tx, id, now))?;
        sizes.push(sheet.pdf.len());
        shortened += usize::from(!sheet.cuts.is_empty());
        Ok(())
    })?;
    sizes.sort_unstable();
    println!(
        "company sheet size: mean {:.1} KB, max {:.1} KB; {shortened} of {} made shortened to fit",
        sizes.iter().sum::<usize>() as f64 / sizes.len() as f64 / 1024.0,
        sizes[sizes.len() - 1] as f64 / 1024.0,
        sizes.len()
    );
    Ok(())
}
