//! The communes referential: `geo/communes.csv` of the reference data folder (the
//! official COG with postcodes and coordinates).

use std::path::{Path, PathBuf};

use super::CsvFile;
use crate::{Error, Result, geo::Commune};

/// Reads the communes (`COM`) and municipal arrondissements (`ARM`) of `communes.csv`; a
/// row per commune and postcode. Delegated communes (`COMD`) are left out.
pub fn load_communes(path: &Path) -> Result<Vec<Commune>> {
    let file = CsvFile::open(
        path,
        &["insee_com", "insee_dep", "commune", "commune_article", "code_postal", "commune_type", "lat", "lng"],
    )?;
    let mut communes = Vec::with_capacity(file.len());
    for row in file.rows() {
        if !matches!(row.get("commune_type"), "COM" | "ARM") || row.get("code_postal").len() != 5 {
            continue;
        }
        let coordinate = |column: &str| match row.get(column) {
            "" => Ok(None),
            value => value.parse::<f64>().map(Some).map_err(|_| row.error(column, "coordonnée illisible")),
        };
        let name = match row.get("commune_article") {
            "" => row.required("commune")?,
            with_article => with_article,
        };
        communes.push(Commune {
            insee_code: row.required("insee_com")?.to_owned(),
            name: name.to_owned(),
            postcode: row.get("code_postal").to_owned(),
            department: row.get("insee_dep").to_owned(),
            lat: coordinate("lat")?,
            lng: coordinate("lng")?,
            population: row.get("population_2021").parse::<f64>().unwrap_or_default().max(0.0) as u32,
        });
    }
    if communes.is_empty() {
        return Err(Error::Referential(format!("{} ne contient aucune commune.", path.display())));
    }
    Ok(communes)
}

/// The folder of the official reference data (ROME, communes, NAF): `PROFILENCE_DATA_DIR`
/// if set, else the first `shared/data` found beside a parent of the executable or of the
/// working directory (a development checkout).
pub fn find_reference_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PROFILENCE_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    let starts = [std::env::current_exe().ok(), std::env::current_dir().ok()];
    starts.into_iter().flatten().find_map(|start| {
        start
            .ancestors()
            .map(|dir| dir.join("shared").join("data"))
            .find(|candidate| candidate.join("geo").join("communes.csv").is_file())
    })
}

pub fn communes_csv(data_dir: &Path) -> PathBuf {
    data_dir.join("geo").join("communes.csv")
}
