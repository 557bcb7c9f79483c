//! Where a company is, without a map: « À 8 km au nord-ouest de Quimper (63 000 habitants) ».
//!
//! The sheet is read before a visit, on an offline desktop: no map and no geocoding of the
//! street address. What the app knows is the company's commune and its centroid (the
//! communes referential), so the directions are given from a place everyone knows: the
//! nearest commune of `BIG_TOWN` inhabitants or more. The counsellor's agency would be a
//! better origin, but Paramètres records its name only, not where it is. The distance is
//! as the crow flies between the two centroids (haversine, `geo::distance_km`), the
//! bearing the initial great-circle course from the big town to the company, rounded to
//! one of the eight points of the compass. A company in a big town itself is placed from
//! the next one.

use std::sync::{Arc, Mutex};

use crate::store::Conn;
use rusqlite::OptionalExtension;

use crate::{Result, geo, text::french_count};

/// Inhabitants from which a commune is a landmark (some 480 communes of France).
pub const BIG_TOWN: u32 = 20_000;
/// Inhabitants from which a town is preferred as a landmark to a nearer, smaller one.
const CITY: u32 = 100_000;
/// Closer than this to a big town's centroid, the company is said to be in it.
const IN_TOWN_KM: f64 = 1.5;

/// A big town near the company.
#[derive(Debug, Clone, PartialEq)]
pub struct Landmark {
    pub name: String,
    pub population: u32,
    pub distance_km: f64,
    /// Degrees clockwise from north, from the landmark to the company.
    pub bearing: f64,
}

/// The company's directions in French, or `None` when it is not placed (a commune typed
/// without the referential, or one without coordinates).
pub fn of_company(conn: &Conn, company: i64) -> Result<Option<String>> {
    let place: Option<(Option<f64>, Option<f64>, Option<String>)> = conn
        .prepare_cached("SELECT lat, lng, commune_code FROM companies WHERE id = ?1")?
        .query_row([company], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((Some(lat), Some(lng), code)) = place else { return Ok(None) };
    let own: Option<(String, u32)> = match &code {
        Some(code) => conn
            .prepare_cached("SELECT name, population FROM communes WHERE insee_code = ?1 LIMIT 1")?
            .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => None,
    };
    let towns = big_towns(conn)?;
    let own_is_big = own.as_ref().is_some_and(|(_, population)| *population >= BIG_TOWN);
    let own_name = own.as_ref().map(|(name, _)| town_name(name));
    // A company in a big town is placed from the next one (its own centroid says nothing).
    let landmark = nearest(&towns, lat, lng, own_is_big.then_some(own_name.as_deref()).flatten());
    Ok(Some(phrase(own_is_big.then(|| own.clone()).flatten(), landmark.as_ref())))
}

/// (name, lat, lng, population) of a big town.
type Town = (String, f64, f64, u32);

/// The big towns of the last communes referential read, with what identifies it (the
/// database, the load's day and size): read once per load rather than for every sheet (a
/// scan of 35,000 communes; the referential changes a few times a year).
static TOWNS: Mutex<Option<(String, Arc<Vec<Town>>)>> = Mutex::new(None);

fn big_towns(conn: &Conn) -> Result<Arc<Vec<Town>>> {
    let loaded: Option<String> = conn
        .prepare_cached("SELECT imported_at || ' ' || items FROM referential_versions WHERE kind = 'communes'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let key = format!("{} {}", conn.path().unwrap_or_default(), loaded.unwrap_or_default());
    if let Ok(cache) = TOWNS.lock()
        && let Some((read, towns)) = cache.as_ref()
        && *read == key
    {
        return Ok(Arc::clone(towns));
    }
    let towns = Arc::new(read_big_towns(conn)?);
    if let Ok(mut cache) = TOWNS.lock() {
        *cache = Some((key, Arc::clone(&towns)));
    }
    Ok(towns)
}

/// (name, lat, lng, population) of each commune of `BIG_TOWN` inhabitants or more, the
/// arrondissements of Paris, Lyon and Marseille under their city's name (once each).
fn read_big_towns(conn: &Conn) -> Result<Vec<Town>> {
    let mut towns: Vec<(String, f64, f64, u32)> = Vec::new();
    let rows = conn
        .prepare_cached(
            "SELECT insee_code, min(name), min(lat), min(lng), min(population) FROM communes \
             WHERE population >= ?1 AND lat IS NOT NULL AND lng IS NOT NULL GROUP BY insee_code ORDER BY insee_code",
        )?
        .query_map([BIG_TOWN], |r| Ok((r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<Vec<(String, f64, f64, u32)>>>()?;
    for (name, lat, lng, population) in rows {
        let name = town_name(&name);
        if !towns.iter().any(|t| t.0 == name) {
            towns.push((name, lat, lng, population));
        }
    }
    Ok(towns)
}

/// "Lyon 3e Arrondissement" → "Lyon": the arrondissements are parts of one city.
fn town_name(name: &str) -> String {
    match name.find(" Arrondissement") {
        Some(_) => {
            let words: Vec<&str> =
                name.split(' ').take_while(|w| !w.starts_with(|c: char| c.is_ascii_digit())).collect();
            words.join(" ")
        }
        None => name.to_owned(),
    }
}

/// The landmark of a point among `towns`, leaving out the town named `except`: the nearest,
/// unless a city of `CITY` inhabitants or more is less than half as far again (north of
/// Bordeaux, « 25 km from Bordeaux » says more than « 19 km from Bruges »).
fn nearest(towns: &[(String, f64, f64, u32)], lat: f64, lng: f64, except: Option<&str>) -> Option<Landmark> {
    let landmarks: Vec<Landmark> = towns
        .iter()
        .filter(|t| Some(t.0.as_str()) != except)
        .map(|(name, t_lat, t_lng, population)| Landmark {
            name: name.clone(),
            population: *population,
            distance_km: geo::distance_km(*t_lat, *t_lng, lat, lng),
            bearing: bearing(*t_lat, *t_lng, lat, lng),
        })
        .collect();
    let closest = |list: &mut dyn Iterator<Item = &Landmark>| {
        list.min_by(|a, b| a.distance_km.total_cmp(&b.distance_km)).cloned()
    };
    let nearest = closest(&mut landmarks.iter())?;
    let city = closest(&mut landmarks.iter().filter(|l| l.population >= CITY));
    Some(city.filter(|c| c.distance_km <= nearest.distance_km * 1.5).unwrap_or(nearest))
}

/// Initial great-circle course from the first point to the second, degrees from north.
pub fn bearing(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lng2 - lng1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// « au nord-est », « à l'ouest »: the eight points of the compass.
pub fn compass(bearing: f64) -> &'static str {
    const POINTS: [&str; 8] =
        ["au nord", "au nord-est", "à l'est", "au sud-est", "au sud", "au sud-ouest", "à l'ouest", "au nord-ouest"];
    POINTS[((bearing.rem_euclid(360.0) / 45.0).round() as usize) % 8]
}

/// « de Quimper », « du Havre », « des Sables-d'Olonne », « d'Angers ».
pub fn of_town(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("Le ") {
        return format!("du {rest}");
    }
    if let Some(rest) = name.strip_prefix("Les ") {
        return format!("des {rest}");
    }
    let vowel = name.chars().next().is_some_and(|c| "AEIOUYÂÉÈÊÎÏÔŒ".contains(c.to_ascii_uppercase()));
    if vowel { format!("d'{name}") } else { format!("de {name}") }
}

/// Inhabitants rounded to the thousand above 10,000: « 63 000 habitants ».
fn inhabitants(population: u32) -> String {
    let rounded = if population >= 10_000 { (population + 500) / 1000 * 1000 } else { population };
    format!("{} habitants", french_count(rounded.into()))
}

fn phrase(own_big_town: Option<(String, u32)>, landmark: Option<&Landmark>) -> String {
    let from = |l: &Landmark| {
        if l.distance_km < IN_TOWN_KM {
            format!("dans {} ({})", l.name, inhabitants(l.population))
        } else {
            format!(
                "à {} km {} {} ({})",
                french_count(l.distance_km.round() as u64),
                compass(l.bearing),
                of_town(&l.name),
                inhabitants(l.population)
            )
        }
    };
    match (own_big_town, landmark) {
        (Some((name, population)), Some(l)) => {
            format!("Dans {} ({}), {}, à vol d'oiseau", town_name(&name), inhabitants(population), from(l))
        }
        (Some((name, population)), None) => format!("Dans {} ({})", town_name(&name), inhabitants(population)),
        (None, Some(l)) => {
            let text = from(l);
            let mut chars = text.chars();
            let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            if l.distance_km < IN_TOWN_KM {
                format!("{first}{}", chars.as_str())
            } else {
                format!("{first}{}, à vol d'oiseau", chars.as_str())
            }
        }
        (None, None) => "Aucune commune de plus de 20 000 habitants dans le référentiel des communes".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearings_point_the_right_way() {
        // Quimper (47.996, -4.102) to Brest (48.390, -4.486): north-west, about 52 km.
        let b = bearing(47.996, -4.102, 48.390, -4.486);
        assert_eq!(compass(b), "au nord-ouest", "{b}");
        assert_eq!(compass(bearing(45.0, 5.0, 45.0, 6.0)), "à l'est");
        assert_eq!(compass(bearing(45.0, 5.0, 44.0, 5.0)), "au sud");
        assert_eq!(compass(359.0), "au nord");
        assert_eq!(compass(215.0), "au sud-ouest");
        assert_eq!(compass(202.0), "au sud");
    }

    #[test]
    fn towns_are_named_with_their_preposition() {
        assert_eq!(of_town("Quimper"), "de Quimper");
        assert_eq!(of_town("Le Havre"), "du Havre");
        assert_eq!(of_town("Les Sables-d'Olonne"), "des Sables-d'Olonne");
        assert_eq!(of_town("Angers"), "d'Angers");
        assert_eq!(of_town("Évry-Courcouronnes"), "d'Évry-Courcouronnes");
        assert_eq!(of_town("La Rochelle"), "de La Rochelle");
        assert_eq!(town_name("Lyon 3e Arrondissement"), "Lyon");
        assert_eq!(town_name("Marseille 1er Arrondissement"), "Marseille");
    }

    #[test]
    fn a_company_near_a_big_town_is_placed_from_it() {
        let towns = vec![("Quimper".to_owned(), 47.996, -4.102, 63_283), ("Brest".to_owned(), 48.390, -4.486, 139_926)];
        // Ergué-Gabéric, east of Quimper.
        let l = nearest(&towns, 47.997, -4.022, None).unwrap();
        assert_eq!(l.name, "Quimper");
        assert_eq!(phrase(None, Some(&l)), "À 6 km à l'est de Quimper (63\u{202f}000 habitants), à vol d'oiseau");
        // North of Bordeaux: Bordeaux rather than Bruges, a little nearer but smaller.
        let gironde =
            vec![("Bruges".to_owned(), 44.883, -0.612, 20_013), ("Bordeaux".to_owned(), 44.851, -0.588, 261_804)];
        assert_eq!(nearest(&gironde, 45.03, -0.62, None).unwrap().name, "Bordeaux");
        assert_eq!(nearest(&gironde, 44.90, -0.62, None).unwrap().name, "Bruges");
        // In Quimper itself: from Brest, the next one.
        let l = nearest(&towns, 47.996, -4.102, Some("Quimper")).unwrap();
        assert_eq!(
            phrase(Some(("Quimper".into(), 63_283)), Some(&l)),
            "Dans Quimper (63\u{202f}000 habitants), à 52 km au sud-est de Brest (140\u{202f}000 habitants), à vol d'oiseau"
        );
    }
}
