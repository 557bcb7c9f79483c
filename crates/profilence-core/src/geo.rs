//! French communes with their postcodes and coordinates, read from the official CSV
//! (`geo/communes.csv` of the reference data folder).

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result, referentials::CsvFile};

/// A commune (or municipal arrondissement) with one of its postcodes: a row of the
/// referential, as the import reads it and the search-as-you-type offers it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Commune {
    pub insee_code: String,
    pub name: String,
    pub postcode: String,
    pub department: String,
    /// The centroid; absent for the few communes the source has not placed yet.
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub population: u32,
}

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

/// Distance in kilometres between two points (haversine, mean Earth radius).
pub fn distance_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lng2 - lng1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371.0 * a.sqrt().asin()
}

/// The latitude/longitude box around a point that holds every point within `radius_km`,
/// for a first cut through the coordinate indexes before the exact distance.
pub fn bounding_box(lat: f64, lng: f64, radius_km: f64) -> (f64, f64, f64, f64) {
    let dlat = radius_km / 111.2;
    let dlng = radius_km / (111.2 * lat.to_radians().cos().max(0.01));
    (lat - dlat, lat + dlat, lng - dlng, lng + dlng)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_between_french_towns() {
        // Paris (Notre-Dame) to Lyon (Bellecour): about 392 km as the crow flies.
        let d = distance_km(48.853, 2.3499, 45.7578, 4.8320);
        assert!((385.0..400.0).contains(&d), "{d}");
        assert!(distance_km(45.0, 5.0, 45.0, 5.0).abs() < 1e-9);
        let (lat_min, lat_max, lng_min, lng_max) = bounding_box(45.0, 5.0, 30.0);
        assert!(lat_min < 44.74 && lat_max > 45.26 && lng_min < 4.62 && lng_max > 5.38);
    }
}
