//! The companies (establishments, one SIRET each) the counsellor works with.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, Result,
    list::{ListQuery, ListSpec, Page, fetch_page},
    siret,
    validation::Checker,
};

/// The company form as the UI sends it; empty strings for what was left blank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyInput {
    pub name: String,
    pub siret: String,
    pub postcode: String,
    pub commune: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Company {
    /// A row id: well within JavaScript's safe integers.
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub siret: String,
    /// The first 9 digits of the SIRET: the legal unit.
    pub siren: String,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

struct Valid {
    name: String,
    siret: String,
    postcode: Option<String>,
    commune: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
}

/// Checks the form; `id` is the company being edited (its own SIRET is not a duplicate).
fn validate(conn: &Connection, input: &CompanyInput, id: Option<i64>) -> Result<Valid> {
    let mut check = Checker::new();
    let name = check.required("name", &input.name, 200);
    let siret = match siret::parse_siret(&input.siret) {
        _ if input.siret.trim().is_empty() => {
            check.add("siret", "Ce champ est obligatoire.");
            String::new()
        }
        Ok(siret) => {
            if let Some((other, other_name)) = find_by_siret(conn, &siret)?.filter(|(other, _)| Some(*other) != id) {
                check.add("siret", format!("Ce SIRET est déjà celui de l'entreprise « {other_name} » (n° {other})."));
            }
            siret
        }
        Err(problem) => {
            check.add("siret", problem.message());
            String::new()
        }
    };
    let postcode = check.postcode("postcode", &input.postcode);
    let commune = check.optional("commune", &input.commune, 100);
    let contact_name = check.optional("contactName", &input.contact_name, 120);
    let contact_email = check.email("contactEmail", &input.contact_email);
    let contact_phone = check.phone("contactPhone", &input.contact_phone);
    check.finish()?;
    Ok(Valid { name, siret, postcode, commune, contact_name, contact_email, contact_phone })
}

const COLUMNS: &str =
    "id, name, siret, postcode, commune, contact_name, contact_email, contact_phone, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Company> {
    let siret: String = row.get(2)?;
    Ok(Company {
        id: row.get(0)?,
        name: row.get(1)?,
        siren: siret::siren_of(&siret).to_owned(),
        siret,
        postcode: row.get(3)?,
        commune: row.get(4)?,
        contact_name: row.get(5)?,
        contact_email: row.get(6)?,
        contact_phone: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

pub fn create(conn: &Connection, input: &CompanyInput) -> Result<Company> {
    let v = validate(conn, input, None)?;
    conn.execute(
        "INSERT INTO companies (name, siret, postcode, commune, contact_name, contact_email, contact_phone, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![v.name, v.siret, v.postcode, v.commune, v.contact_name, v.contact_email, v.contact_phone, crate::now_rfc3339()],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, input: &CompanyInput) -> Result<Company> {
    get(conn, id)?;
    let v = validate(conn, input, Some(id))?;
    conn.execute(
        "UPDATE companies SET name = ?1, siret = ?2, postcode = ?3, commune = ?4, contact_name = ?5, \
         contact_email = ?6, contact_phone = ?7, updated_at = ?8 WHERE id = ?9",
        params![
            v.name,
            v.siret,
            v.postcode,
            v.commune,
            v.contact_name,
            v.contact_email,
            v.contact_phone,
            crate::now_rfc3339(),
            id
        ],
    )?;
    get(conn, id)
}

/// The id and name of the company with this (normalised) SIRET, if one is stored.
pub fn find_by_siret(conn: &Connection, siret: &str) -> Result<Option<(i64, String)>> {
    let mut statement = conn.prepare_cached("SELECT id, name FROM companies WHERE siret = ?1")?;
    Ok(statement.query_row([siret], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Company> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM companies WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "Entreprise", id })
}

/// One page of companies, by name, filtered by the search words (name, SIRET, commune,
/// postcode, contact).
pub fn list(conn: &Connection, query: &ListQuery) -> Result<Page<Company>> {
    let spec = ListSpec {
        table: "companies",
        columns: COLUMNS,
        searched: &["name", "siret", "commune", "postcode", "contact_name"],
        order_by: "name COLLATE NOCASE, id",
    };
    fetch_page(conn, &spec, query, from_row)
}
