//! Places: a French commune with its postcode and coordinates (the referential's
//! `communes` rows), distances between two points and the box around one.

use serde::Serialize;
use ts_rs::TS;

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
