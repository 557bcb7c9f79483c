//! French communes with their postcodes and coordinates, read from the official CSV
//! (`geo/communes.csv` of the reference data folder).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub insee_code: String,
    pub name: String,
    pub postcode: String,
    pub lat: f64,
    pub lng: f64,
    pub population: u32,
}

#[derive(Deserialize)]
struct CsvRow {
    insee_com: String,
    commune: String,
    /// The name as written, with its article ("Le Havre"); empty when it has none.
    commune_article: String,
    code_postal: String,
    commune_type: String,
    lat: Option<f64>,
    lng: Option<f64>,
    population_2021: Option<f64>,
}

/// Reads the communes (`COM`) and municipal arrondissements (`ARM`) of `communes.csv`; a
/// row per commune and postcode. Delegated communes (`COMD`) are left out.
pub fn load_communes(path: &Path) -> Result<Vec<Commune>> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let mut communes = Vec::new();
    for (index, row) in reader.deserialize::<CsvRow>().enumerate() {
        let row =
            row.map_err(|e| Error::InvalidInput(format!("{} : ligne {} illisible ({e}).", path.display(), index + 2)))?;
        if !matches!(row.commune_type.as_str(), "COM" | "ARM") || row.code_postal.len() != 5 {
            continue;
        }
        communes.push(Commune {
            insee_code: row.insee_com,
            name: if row.commune_article.is_empty() { row.commune } else { row.commune_article },
            postcode: row.code_postal,
            lat: row.lat.unwrap_or_default(),
            lng: row.lng.unwrap_or_default(),
            population: row.population_2021.unwrap_or_default().max(0.0) as u32,
        });
    }
    if communes.is_empty() {
        return Err(Error::InvalidInput(format!("{} ne contient aucune commune.", path.display())));
    }
    Ok(communes)
}

fn csv_error(path: &Path, error: csv::Error) -> Error {
    match error.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        other => Error::InvalidInput(format!("{} : {other:?}", path.display())),
    }
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
