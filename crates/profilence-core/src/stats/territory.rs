//! The territory of the dashboards, by one of two places (`TerritoryOf`): where each
//! candidate of the pool lives, or where each company is, as their record says now — the
//! commune chosen from the referential (its INSEE code) and its department. A record
//! without an INSEE code (typed before the referential came, or imported without one) is
//! placed in a department by its postcode, in no commune.
//!
//! The candidate's residence by default: a territory's manager asks how the people of the
//! territory are promoted, wherever the employers are. The company's place answers the
//! other question, what was achieved with the companies of the territory. Both are read
//! by the same code (`Territories::load`), with the candidates' and the companies' facts
//! (`facts::Facts::update`), the referential consulted once for all their communes.

use std::collections::HashMap;

use crate::store::Conn;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::PlaceOption;
use crate::Result;

/// Whose place the territory filters and the « Départements » / « Communes » comparisons read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TerritoryOf {
    /// Where the candidate lives (their record now).
    #[default]
    Candidate,
    /// Where the company the promotion went to is (its record now).
    Company,
}

impl TerritoryOf {
    pub const ALL: [TerritoryOf; 2] = [Self::Candidate, Self::Company];

    /// « lieu de résidence du candidat », « lieu de l'entreprise ».
    pub fn label(self) -> &'static str {
        match self {
            Self::Candidate => "lieu de résidence du candidat",
            Self::Company => "lieu de l'entreprise",
        }
    }

    /// The code the CLI and the exports' JSON take: `candidate`, `company`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Candidate => "candidate",
            Self::Company => "company",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code.trim())
    }

    /// The department filter's name: « Département de résidence », « Département de l'entreprise ».
    pub fn department_filter_label(self) -> &'static str {
        match self {
            Self::Candidate => "Département de résidence",
            Self::Company => "Département de l'entreprise",
        }
    }

    /// The commune filter's name.
    pub fn commune_filter_label(self) -> &'static str {
        match self {
            Self::Candidate => "Commune de résidence",
            Self::Company => "Commune de l'entreprise",
        }
    }
}

/// The records being placed (`facts` keeps them: candidates or companies): this module
/// knows nothing else of them.
pub(super) trait Placed {
    /// Whether `id` is one of them.
    fn has(&self, id: i64) -> bool;
    /// Where `id` is: indexes in `Territories`, `NO_PLACE` when unknown.
    fn place(&mut self, id: i64, commune: u32, department: u32);
}

/// The rows a `Territories` reads its places from: `id, commune_code, postcode, commune`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    Candidates,
    Companies,
}

impl Source {
    fn sql(self) -> &'static str {
        match self {
            Self::Candidates => "SELECT id, commune_code, postcode, commune FROM candidates",
            Self::Companies => "SELECT id, commune_code, postcode, commune FROM companies",
        }
    }
}

/// No commune, or no department, known for the record.
pub const NO_PLACE: u32 = u32::MAX;
/// The key of the rows and the filter value of the candidates placed nowhere.
pub const UNKNOWN: &str = "inconnu";

/// A commune some record is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code (`29232`).
    pub code: String,
    pub name: String,
    /// Index in `Territories::departments`, or `NO_PLACE`.
    pub department: u32,
}

/// The communes and departments the records (candidates, or companies) are in, each once.
#[derive(Debug, Clone, Default)]
pub struct Territories {
    /// Department codes (`29`, `2A`, `974`).
    pub departments: Vec<String>,
    pub communes: Vec<Commune>,
    department_index: HashMap<String, u32>,
    commune_index: HashMap<String, u32>,
    /// Some record is in no department / no commune: the filters offer "not known".
    someone_without_department: bool,
    someone_without_commune: bool,
}

impl Territories {
    fn department_id(&mut self, code: &str) -> u32 {
        if let Some(&i) = self.department_index.get(code) {
            return i;
        }
        let i = u32::try_from(self.departments.len()).unwrap_or(NO_PLACE);
        self.departments.push(code.to_owned());
        self.department_index.insert(code.to_owned(), i);
        i
    }

    /// The department a filter names: `Some(NO_PLACE)` for `UNKNOWN`, `None` for one no
    /// record is in.
    pub fn department(&self, code: &str) -> Option<u32> {
        if code == UNKNOWN { Some(NO_PLACE) } else { self.department_index.get(code).copied() }
    }

    /// The commune a filter names (its INSEE code), as `department`.
    pub fn commune(&self, code: &str) -> Option<u32> {
        if code == UNKNOWN { Some(NO_PLACE) } else { self.commune_index.get(code).copied() }
    }

    /// "Quimper (29)"; "Commune non renseignée" for `NO_PLACE`.
    pub fn commune_label(&self, i: u32) -> String {
        match self.communes.get(i as usize) {
            Some(c) => match self.departments.get(c.department as usize) {
                Some(d) => format!("{} ({d})", c.name),
                None => c.name.clone(),
            },
            None => "Commune non renseignée".to_owned(),
        }
    }

    /// The key of a commune's row and filter.
    pub fn commune_key(&self, i: u32) -> String {
        self.communes.get(i as usize).map_or_else(|| UNKNOWN.to_owned(), |c| c.code.clone())
    }

    /// The key of a department's row and filter.
    pub fn department_key(&self, i: u32) -> String {
        self.departments.get(i as usize).cloned().unwrap_or_else(|| UNKNOWN.to_owned())
    }

    /// Places every record of `records` (their facts just read) from the rows of `source`,
    /// the referential read once for all the communes they name (one statement: on the
    /// team's server, a statement a commune cost 4.6 s for a pool of 100,000).
    pub(super) fn load(&mut self, conn: &Conn, source: Source, records: &mut impl Placed) -> Result<()> {
        *self = Self::default();
        let mut placed = Vec::new();
        let mut statement = conn.prepare(source.sql())?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if !records.has(id) {
                continue;
            }
            let text = |i: usize| -> rusqlite::Result<String> {
                Ok(r.get::<_, Option<String>>(i)?.map(|t| t.trim().to_owned()).unwrap_or_default())
            };
            placed.push((id, text(1)?, text(2)?, text(3)?));
        }
        let mut codes: Vec<&str> = placed
            .iter()
            .map(|(_, code, _, _)| code.as_str())
            .filter(|c| !c.is_empty() && !department_alone(c))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        // The whole referential, three columns (36,000 rows: a few milliseconds on either
        // store), rather than the codes met: SQLite took seconds over a `json_each` of them.
        let mut known: HashMap<String, (String, String)> = HashMap::with_capacity(codes.len());
        if !codes.is_empty() {
            let mut referential = conn.prepare_cached("SELECT insee_code, name, department FROM communes")?;
            let mut rows = referential.query([])?;
            while let Some(r) = rows.next()? {
                let code: String = r.get(0)?;
                // A commune of several postcodes has a row each, of one name and department.
                if codes.binary_search(&code.as_str()).is_ok() && !known.contains_key(&code) {
                    known.insert(code, (r.get(1)?, r.get(2)?));
                }
            }
        }
        for (id, code, postcode, name) in placed {
            let (commune, department) = if department_alone(&code) {
                (NO_PLACE, self.department_id(&code))
            } else if code.is_empty() {
                let department = department_of_postcode(&postcode).map_or(NO_PLACE, |d| self.department_id(&d));
                (NO_PLACE, department)
            } else if let Some(&i) = self.commune_index.get(&code) {
                (i, self.communes[i as usize].department)
            } else {
                let (name, department) = match known.remove(&code) {
                    Some((name, department)) => (name, Some(department)),
                    None => (name, department_of_insee(&code).or_else(|| department_of_postcode(&postcode))),
                };
                let department = department.map_or(NO_PLACE, |d| self.department_id(&d));
                let i = u32::try_from(self.communes.len()).unwrap_or(NO_PLACE);
                let name = if name.is_empty() { code.clone() } else { name };
                self.communes.push(Commune { code: code.clone(), name, department });
                self.commune_index.insert(code, i);
                (i, department)
            };
            self.someone_without_department |= department == NO_PLACE;
            self.someone_without_commune |= commune == NO_PLACE;
            records.place(id, commune, department);
        }
        Ok(())
    }
}

/// Whether `code` is a department's, not a commune's: an erased candidate's tombstone keeps
/// their department alone (`erasure.rs`).
fn department_alone(code: &str) -> bool {
    code.len() <= 3 && department_name(code).is_some()
}

/// The departments and communes the filter offers: those some record is in, by code
/// and by name, "not known" last when some record has none.
pub(super) fn options(t: &Territories) -> (Vec<PlaceOption>, Vec<PlaceOption>) {
    let option = |code: String, label: String, department: String| PlaceOption { code, label, department };
    let mut departments: Vec<PlaceOption> =
        t.departments.iter().map(|code| option(code.clone(), department_label(code), code.clone())).collect();
    departments.sort_by(|a, b| a.code.cmp(&b.code));
    let mut communes: Vec<PlaceOption> = (0..t.communes.len())
        .map(|i| {
            let i = i as u32;
            let department = t.department_key(t.communes[i as usize].department);
            option(t.commune_key(i), t.commune_label(i), department)
        })
        .collect();
    communes.sort_by_cached_key(|c| crate::text::fold(&c.label));
    if t.someone_without_department {
        departments.push(option(UNKNOWN.into(), department_label(UNKNOWN), UNKNOWN.into()));
    }
    if t.someone_without_commune {
        communes.push(option(UNKNOWN.into(), t.commune_label(NO_PLACE), UNKNOWN.into()));
    }
    (departments, communes)
}

/// The department filter in words: "Tous", "29 — Finistère".
pub fn department_filter(code: Option<&str>) -> String {
    code.map(str::trim).filter(|c| !c.is_empty()).map_or_else(|| "Tous".to_owned(), department_label)
}

/// The commune filter in words: "Toutes", "Quimper (29)", from the referential.
pub fn commune_filter(conn: &Conn, code: Option<&str>) -> Result<String> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else { return Ok("Toutes".to_owned()) };
    if code == UNKNOWN {
        return Ok("Commune non renseignée".to_owned());
    }
    let known: Option<(String, String)> = conn
        .query_row("SELECT name, department FROM communes WHERE insee_code = ?1 LIMIT 1", [code], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(known.map_or_else(|| code.to_owned(), |(name, department)| format!("{name} ({department})")))
}

/// The department of a place of residence: the referential's for an INSEE code, else read
/// from the code itself, else from the postcode.
pub fn department_of(conn: &Conn, commune_code: Option<&str>, postcode: Option<&str>) -> Result<Option<String>> {
    let code = commune_code.map(str::trim).unwrap_or("");
    let known: Option<String> = if code.is_empty() {
        None
    } else {
        conn.prepare_cached("SELECT department FROM communes WHERE insee_code = ?1 LIMIT 1")?
            .query_row([code], |r| r.get(0))
            .optional()?
    };
    Ok(known.or_else(|| department_of_insee(code)).or_else(|| department_of_postcode(postcode.unwrap_or(""))))
}

/// The department of an INSEE commune code: its first two characters (`2A`, `2B` in
/// Corsica), three overseas (`97411` → `974`).
pub fn department_of_insee(code: &str) -> Option<String> {
    let code = code.trim();
    let valid = code.len() == 5 && code.is_char_boundary(2) && code[2..].bytes().all(|b| b.is_ascii_digit());
    if !valid {
        return None;
    }
    let department = if code.starts_with("97") { &code[..3] } else { &code[..2] };
    department_name(department).map(|_| department.to_owned())
}

/// The department of a postcode: its first two digits, three overseas; in Corsica 200xx and
/// 201xx are Corse-du-Sud, the others Haute-Corse.
pub fn department_of_postcode(postcode: &str) -> Option<String> {
    let p = postcode.trim();
    if p.len() != 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let department = match &p[..2] {
        "20" if matches!(&p[..3], "200" | "201") => "2A".to_owned(),
        "20" => "2B".to_owned(),
        "97" => p[..3].to_owned(),
        two => two.to_owned(),
    };
    department_name(&department).map(|_| department)
}

/// The name of a department (INSEE, Code officiel géographique 2024).
pub fn department_name(code: &str) -> Option<&'static str> {
    DEPARTMENTS.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

/// "29 — Finistère"; "Département non renseigné" for `UNKNOWN`.
pub fn department_label(code: &str) -> String {
    match department_name(code) {
        Some(name) => format!("{code} — {name}"),
        None if code == UNKNOWN => "Département non renseigné".to_owned(),
        None => code.to_owned(),
    }
}

/// Every department: INSEE code and name.
pub const DEPARTMENTS: [(&str, &str); 101] = [
    ("01", "Ain"),
    ("02", "Aisne"),
    ("03", "Allier"),
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("07", "Ardèche"),
    ("08", "Ardennes"),
    ("09", "Ariège"),
    ("10", "Aube"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"),
    ("15", "Cantal"),
    ("16", "Charente"),
    ("17", "Charente-Maritime"),
    ("18", "Cher"),
    ("19", "Corrèze"),
    ("21", "Côte-d'Or"),
    ("22", "Côtes-d'Armor"),
    ("23", "Creuse"),
    ("24", "Dordogne"),
    ("25", "Doubs"),
    ("26", "Drôme"),
    ("27", "Eure"),
    ("28", "Eure-et-Loir"),
    ("29", "Finistère"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("33", "Gironde"),
    ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"),
    ("36", "Indre"),
    ("37", "Indre-et-Loire"),
    ("38", "Isère"),
    ("39", "Jura"),
    ("40", "Landes"),
    ("41", "Loir-et-Cher"),
    ("42", "Loire"),
    ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"),
    ("45", "Loiret"),
    ("46", "Lot"),
    ("47", "Lot-et-Garonne"),
    ("48", "Lozère"),
    ("49", "Maine-et-Loire"),
    ("50", "Manche"),
    ("51", "Marne"),
    ("52", "Haute-Marne"),
    ("53", "Mayenne"),
    ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"),
    ("56", "Morbihan"),
    ("57", "Moselle"),
    ("58", "Nièvre"),
    ("59", "Nord"),
    ("60", "Oise"),
    ("61", "Orne"),
    ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"),
    ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"),
    ("68", "Haut-Rhin"),
    ("69", "Rhône"),
    ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"),
    ("72", "Sarthe"),
    ("73", "Savoie"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"),
    ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("79", "Deux-Sèvres"),
    ("80", "Somme"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
    ("85", "Vendée"),
    ("86", "Vienne"),
    ("87", "Haute-Vienne"),
    ("88", "Vosges"),
    ("89", "Yonne"),
    ("90", "Territoire de Belfort"),
    ("91", "Essonne"),
    ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("95", "Val-d'Oise"),
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("976", "Mayotte"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_from_insee_codes_and_postcodes() {
        assert_eq!(department_of_insee("29232").as_deref(), Some("29"));
        assert_eq!(department_of_insee("2A004").as_deref(), Some("2A"));
        assert_eq!(department_of_insee("97411").as_deref(), Some("974"));
        assert_eq!(department_of_insee("96000"), None);
        assert_eq!(department_of_insee("Quimper"), None);
        assert_eq!(department_of_postcode("29000").as_deref(), Some("29"));
        assert_eq!(department_of_postcode("20000").as_deref(), Some("2A"));
        assert_eq!(department_of_postcode("20200").as_deref(), Some("2B"));
        assert_eq!(department_of_postcode("97400").as_deref(), Some("974"));
        assert_eq!(department_of_postcode("2900"), None);
        assert_eq!(department_label("2B"), "2B — Haute-Corse");
        assert_eq!(department_label(UNKNOWN), "Département non renseigné");
    }
}
