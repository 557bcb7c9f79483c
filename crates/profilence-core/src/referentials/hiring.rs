//! The hiring referential (`hiring/` of the reference data): the national hirings by job
//! and company sector (`rome_naf_hirings.csv`, La Bonne Boite's ROME–NAF weights) and each
//! job's labour-market tension (`metiers_tension.csv`). Its job codes are ROME 3 codes,
//! which ROME 4.0 keeps as `code_rome_parent`; its NAF codes have no dot (`1071C`) and are
//! stored as companies write them (`10.71C`).

use std::{collections::HashSet, path::Path};

use crate::store::Conn;

use super::csv_file::{CsvFile, is_naf_code};
use crate::{Error, Result};

pub const HIRINGS_CSV: &str = "rome_naf_hirings.csv";
pub const TENSION_CSV: &str = "metiers_tension.csv";

/// Both files, read and checked.
pub struct HiringRelease {
    /// (parent ROME code, NAF sub-class `10.71C`, hirings).
    pub hirings: Vec<(String, String, i64)>,
    /// (ROME code, FAP code, FAP label, tension 0–100).
    pub tension: Vec<(String, String, String, f64)>,
}

impl HiringRelease {
    /// The jobs it knows hirings for.
    pub fn jobs(&self) -> usize {
        self.hirings.iter().map(|h| &h.0).collect::<HashSet<_>>().len()
    }
}

/// The folder holding both files: `hiring/` below `dir`, or `dir` itself.
pub fn find(dir: &Path) -> Option<std::path::PathBuf> {
    [dir.join("hiring"), dir.to_owned()].into_iter().find(|d| d.join(HIRINGS_CSV).is_file())
}

/// `1071C` → `10.71C`, when it is a NAF sub-class without its dot.
fn dotted_naf(code: &str) -> Option<String> {
    let dotted = match code.len() {
        5 if !code.contains('.') => format!("{}.{}", &code[..2], &code[2..]),
        _ => code.to_owned(),
    };
    (dotted.len() == 6 && is_naf_code(&dotted)).then_some(dotted)
}

/// Reads and checks both files of `dir`; the tension file must be beside the hirings.
pub fn read(dir: &Path) -> Result<HiringRelease> {
    if !dir.join(TENSION_CSV).is_file() {
        return Err(Error::Referential(format!(
            "Fichier {TENSION_CSV} absent de {} : il accompagne {HIRINGS_CSV}.",
            dir.display()
        )));
    }
    let file = CsvFile::open(&dir.join(HIRINGS_CSV), &["rome_id", "naf_id", "hirings"])?;
    let mut hirings = Vec::with_capacity(file.len());
    let mut seen = HashSet::new();
    for row in file.rows() {
        let rome = row.rome_code("rome_id")?;
        let raw = row.required("naf_id")?;
        let naf = dotted_naf(raw).ok_or_else(|| {
            row.error("naf_id", &format!("« {raw} » n'est pas une sous-classe NAF (quatre chiffres et une lettre)"))
        })?;
        let count = row.number("hirings")?;
        if count < 0 {
            return Err(row.error("hirings", "nombre d'embauches négatif"));
        }
        if !seen.insert((rome.to_owned(), naf.clone())) {
            return Err(row.error("naf_id", &format!("le couple {rome} / {raw} apparaît deux fois")));
        }
        hirings.push((rome.to_owned(), naf, count));
    }
    let file = CsvFile::open(&dir.join(TENSION_CSV), &["fap_code", "fap", "tension_pct", "rome_code"])?;
    let mut tension = Vec::with_capacity(file.len());
    for row in file.rows() {
        let rome = row.rome_code("rome_code")?;
        let value = row.required("tension_pct")?;
        let pct = value
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|p| (0.0..=100.0).contains(p))
            .ok_or_else(|| row.error("tension_pct", &format!("« {value} » n'est pas un pourcentage de 0 à 100")))?;
        tension.push((rome.to_owned(), row.required("fap_code")?.to_owned(), row.required("fap")?.to_owned(), pct));
    }
    Ok(HiringRelease { hirings, tension })
}

/// Replaces the hiring referential, in the caller's transaction.
pub fn store(conn: &Conn, release: &HiringRelease) -> Result<()> {
    conn.execute_batch("DELETE FROM sector_hirings; DELETE FROM job_tension;")?;
    conn.insert_all(
        "INSERT INTO sector_hirings (rome_code, naf_code, hirings) VALUES (?1, ?2, ?3)",
        release.hirings.iter().map(|(rome, naf, count)| (rome, naf, count)),
    )?;
    conn.insert_all(
        "INSERT INTO job_tension (rome_code, fap_code, fap_label, tension_pct) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (rome_code, fap_code) \
         DO UPDATE SET fap_label = excluded.fap_label, tension_pct = excluded.tension_pct",
        release.tension.iter().map(|(rome, fap, label, pct)| (rome, fap, label, pct)),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{super::csv_file::is_rome_code, *};

    #[test]
    fn naf_codes_take_their_dot() {
        assert_eq!(dotted_naf("1071C").as_deref(), Some("10.71C"));
        assert_eq!(dotted_naf("10.71C").as_deref(), Some("10.71C"));
        assert_eq!(dotted_naf("1071"), None);
        assert_eq!(dotted_naf("10712"), None);
        assert!(is_rome_code("D1102"));
    }
}
