//! The companies (establishments, one SIRET each) the counsellor works with: sector,
//! size, legal nature, address, contacts, hiring potential, commitments and contact limits.

use crate::store::{Conn, Row};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, Result,
    choices::{ContactChannel, HeadcountBand, LegalNature},
    hiring_aids::Employer,
    journal::{self, Action, Subject},
    list::{Filters, Near, Page, PageSource, Paging, Total, fetch_page},
    referentials, siret,
    text::{fold, fts_query},
    validation::Checker,
};

/// A person at the company, as the form sends it; `id` is set for a contact already stored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ContactInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub preferred_channel: Option<ContactChannel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Contact {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
}

/// The company form as the UI sends it; empty strings for what was left blank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CompanyInput {
    pub name: String,
    pub siret: String,
    /// NAF sub-class, e.g. `10.71C`.
    pub naf_code: String,
    pub headcount_band: Option<HeadcountBand>,
    /// Which aided contracts it may sign (PEC, IAE…); `None` when not known.
    pub legal_nature: Option<LegalNature>,
    pub address: String,
    pub postcode: String,
    pub commune: String,
    /// INSEE code of the commune chosen from the referential; empty when typed freely.
    pub commune_code: String,
    pub contacts: Vec<ContactInput>,
    /// 0 to 100, as typed.
    pub hiring_potential: String,
    pub commitments: Vec<String>,
    pub max_contacts_per_month: String,
    pub notes: String,
    /// The counsellor who leads the relation with the company; empty: whoever enters it.
    pub referent: String,
    /// The record's `version` the form opened (see `CandidateInput::version`).
    #[ts(type = "number | null")]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Company {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub siret: String,
    /// The first 9 digits of the SIRET: the legal unit.
    pub siren: String,
    pub naf_code: Option<String>,
    pub naf_label: Option<String>,
    pub headcount_band: Option<HeadcountBand>,
    pub legal_nature: Option<LegalNature>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub commune_code: Option<String>,
    pub contacts: Vec<Contact>,
    pub hiring_potential: Option<u8>,
    pub commitments: Vec<String>,
    pub max_contacts_per_month: Option<u32>,
    pub notes: String,
    /// The counsellor who leads the relation with the company (« référent »).
    pub referent: String,
    pub created_at: String,
    pub updated_at: String,
    /// Raised by each save.
    #[ts(type = "number")]
    pub version: i64,
}

impl Company {
    /// Contact `id` of this company, when they have an e-mail address: whom a promotion
    /// sent by e-mail goes to.
    pub fn email_contact(&self, id: Option<i64>) -> Option<&Contact> {
        self.contacts.iter().find(|k| Some(k.id) == id).filter(|k| k.email.is_some())
    }

    /// The company as the hiring aids weigh it: size, sector and legal nature.
    pub fn employer(&self) -> Employer<'_> {
        Employer {
            headcount_band: self.headcount_band,
            naf_code: self.naf_code.as_deref(),
            legal_nature: self.legal_nature,
        }
    }
}

pub const MAX_CONTACTS: usize = 20;

struct ValidContact {
    id: Option<i64>,
    name: String,
    role: String,
    email: Option<String>,
    phone: Option<String>,
    channel: Option<ContactChannel>,
}

pub(crate) struct Valid {
    name: String,
    pub(crate) siret: String,
    naf_code: Option<String>,
    headcount_band: Option<HeadcountBand>,
    legal_nature: Option<LegalNature>,
    address: Option<String>,
    postcode: Option<String>,
    commune: Option<String>,
    place: Option<crate::geo::Commune>,
    contacts: Vec<ValidContact>,
    hiring_potential: Option<u8>,
    commitments: Vec<String>,
    max_contacts_per_month: Option<u32>,
    notes: String,
    referent: String,
}

/// Checks the form; `id` is the company being edited (its own SIRET is not a duplicate).
pub(crate) fn validate(conn: &Conn, input: &CompanyInput, id: Option<i64>) -> Result<Valid> {
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
    let naf_code = match input.naf_code.trim().to_uppercase() {
        code if code.is_empty() => None,
        // "1071C" → "10.71C"; sliced by bytes, so ASCII only ("HÔTE" is refused below).
        code if code.len() == 5 && code.is_ascii() && !code.contains('.') => {
            Some(format!("{}.{}", &code[..2], &code[2..]))
        }
        code => Some(code),
    };
    if let Some(code) = &naf_code {
        let known = referentials::naf_label(conn, code)?.is_some();
        let loaded = referentials::version(conn, "naf")?.is_some();
        if code.len() != 6 || !referentials::is_naf_code(code) || (loaded && !known) {
            check.add("nafCode", format!("Code NAF « {code} » inconnu (format 47.11F, choisi dans la liste)."));
        }
    }
    let address = check.optional("address", &input.address, 300);
    let postcode = check.postcode("postcode", &input.postcode);
    let commune = check.optional("commune", &input.commune, 100);
    let place = match (input.commune_code.trim(), &postcode) {
        ("", _) | (_, None) => None,
        (code, Some(postcode)) => {
            let found = referentials::commune(conn, code, postcode)?;
            if found.is_none() {
                check.add("commune", format!("Commune {code} inconnue pour le code postal {postcode}."));
            }
            found
        }
    };
    if input.contacts.len() > MAX_CONTACTS {
        check.add("contacts", format!("{MAX_CONTACTS} interlocuteurs au maximum."));
    }
    let mut contacts = Vec::new();
    for (index, contact) in input.contacts.iter().take(MAX_CONTACTS).enumerate() {
        let field = |name: &str| format!("contacts.{index}.{name}");
        let blank = [&contact.name, &contact.role, &contact.email, &contact.phone].iter().all(|v| v.trim().is_empty());
        if blank && contact.id.is_none() {
            continue; // An empty row left in the form.
        }
        contacts.push(ValidContact {
            id: contact.id,
            name: check.required(&field("name"), &contact.name, 120),
            role: check.optional(&field("role"), &contact.role, 120).unwrap_or_default(),
            email: check.email(&field("email"), &contact.email),
            phone: check.phone(&field("phone"), &contact.phone),
            channel: contact.preferred_channel,
        });
    }
    let hiring_potential = match input.hiring_potential.trim() {
        "" => None,
        value => match value.parse::<u8>() {
            Ok(p) if p <= 100 => Some(p),
            _ => {
                check.add("hiringPotential", "Potentiel d'embauche : un nombre de 0 à 100.");
                None
            }
        },
    };
    let max_contacts_per_month = match input.max_contacts_per_month.trim() {
        "" => None,
        value => match value.parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => Some(n),
            _ => {
                check.add("maxContactsPerMonth", "Nombre de sollicitations par mois : de 1 à 100, ou vide.");
                None
            }
        },
    };
    let mut commitments: Vec<String> = Vec::new();
    for tag in input.commitments.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if tag.chars().count() > 80 {
            check.add("commitments", "80 caractères au maximum par engagement.");
        } else if !commitments.iter().any(|c| fold(c) == fold(tag)) {
            commitments.push(tag.to_owned());
        }
    }
    let notes = check.optional("notes", &input.notes, 4000).unwrap_or_default();
    let referent = match check.optional("referent", &input.referent, 120) {
        Some(named) => named,
        // Whoever enters the company leads the relation, until the form names someone.
        None => crate::settings::get(conn)?.name,
    };
    check.finish()?;
    Ok(Valid {
        name,
        siret,
        naf_code,
        headcount_band: input.headcount_band,
        legal_nature: input.legal_nature,
        address,
        postcode,
        commune: place.as_ref().map(|p| p.name.clone()).or(commune),
        place,
        contacts,
        hiring_potential,
        commitments,
        max_contacts_per_month,
        notes,
        referent,
    })
}

const COLUMNS: &str = "c.id, c.name, c.siret, c.naf_code, n.label, c.headcount_band, c.address, c.postcode, \
     c.commune, c.commune_code, c.hiring_potential, c.max_contacts_per_month, c.notes, c.created_at, c.updated_at, \
     c.legal_nature, c.version, c.referent";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Company> {
    let siret: String = row.get(2)?;
    Ok(Company {
        id: row.get(0)?,
        name: row.get(1)?,
        siren: siret::siren_of(&siret).to_owned(),
        siret,
        naf_code: row.get(3)?,
        naf_label: row.get(4)?,
        headcount_band: row.get::<_, Option<String>>(5)?.as_deref().and_then(HeadcountBand::from_code),
        legal_nature: row.get::<_, Option<String>>(15)?.as_deref().and_then(LegalNature::from_code),
        address: row.get(6)?,
        postcode: row.get(7)?,
        commune: row.get(8)?,
        commune_code: row.get(9)?,
        contacts: Vec::new(),
        hiring_potential: row.get(10)?,
        commitments: Vec::new(),
        max_contacts_per_month: row.get(11)?,
        notes: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        version: row.get(16)?,
        referent: row.get(17)?,
    })
}

pub fn create(conn: &Conn, input: &CompanyInput) -> Result<Company> {
    let id = insert(conn, &validate(conn, input, None)?)?;
    reindex(conn, id)?;
    journal::record(conn, Action::Create, Subject::Company(id), "")?;
    get(conn, id)
}

/// Stores a new company checked by `validate`, without its full-text entry: for an
/// import, which checks a whole row before it writes any of it and indexes what it
/// stored once, at its end (`reindex_all`). Returns the new id.
pub(crate) fn insert(conn: &Conn, valid: &Valid) -> Result<i64> {
    // The whole row in one INSERT: an UPDATE of the place would fire the dashboards'
    // trigger (migration 0024), whose statement journal tripled the cost of storing a company.
    conn.prepare_cached(
        "INSERT INTO companies (name, siret, naf_code, headcount_band, legal_nature, address, postcode, commune, \
         commune_code, lat, lng, hiring_potential, max_contacts_per_month, notes, referent, sort_name, created_at, \
         updated_at) \
         VALUES (:name, :siret, :naf, :band, :nature, :address, :postcode, :commune, :commune_code, :lat, :lng, \
         :potential, :max_contacts, :notes, :referent, fold(:name), :now, :now)",
    )?
    .execute(row_params(valid, &crate::now_rfc3339(), None).as_slice())?;
    let id = conn.last_insert_rowid()?;
    save_links(conn, id, valid)?;
    Ok(id)
}

/// `update` of a company checked by `validate`, without its full-text entry nor the
/// record read back (an import's, like `insert`).
pub(crate) fn rewrite(conn: &Conn, id: i64, valid: &Valid) -> Result<()> {
    save(conn, id, valid)
}

pub fn update(conn: &Conn, id: i64, input: &CompanyInput) -> Result<Company> {
    let before = get(conn, id)?;
    journal::claim(conn, Subject::Company(id), input.version)?;
    let valid = validate(conn, input, Some(id))?;
    save(conn, id, &valid)?;
    reindex(conn, id)?;
    let after = get(conn, id)?;
    let fields = journal::changed_fields(&before, &after);
    journal::record(conn, Action::Edit, Subject::Company(id), &journal::fields_detail(&fields))?;
    Ok(after)
}

/// Writes every field, the contacts and commitments of company `id` (not its search entry).
fn save(conn: &Conn, id: i64, v: &Valid) -> Result<()> {
    conn.prepare_cached(
        "UPDATE companies SET name = :name, siret = :siret, naf_code = :naf, headcount_band = :band, \
         legal_nature = :nature, address = :address, postcode = :postcode, commune = :commune, \
         commune_code = :commune_code, lat = :lat, lng = :lng, hiring_potential = :potential, max_contacts_per_month = :max_contacts, notes = :notes, referent = :referent, \
         sort_name = fold(:name), updated_at = :now, version = version + 1 WHERE id = :id",
    )?
    .execute(row_params(v, &crate::now_rfc3339(), Some(&id)).as_slice())?;
    save_links(conn, id, v)
}

/// The columns of a company's row as `save` and `insert` bind them (`:id` with an id).
fn row_params<'a>(
    v: &'a Valid,
    now: &'a String,
    id: Option<&'a i64>,
) -> Vec<(&'static str, Box<dyn rusqlite::ToSql + 'a>)> {
    let mut params: Vec<(&'static str, Box<dyn rusqlite::ToSql + 'a>)> = vec![
        (":name", Box::new(&v.name)),
        (":siret", Box::new(&v.siret)),
        (":naf", Box::new(&v.naf_code)),
        (":band", Box::new(v.headcount_band.map(HeadcountBand::code))),
        (":nature", Box::new(v.legal_nature.map(LegalNature::code))),
        (":address", Box::new(&v.address)),
        (":postcode", Box::new(&v.postcode)),
        (":commune", Box::new(&v.commune)),
        (":commune_code", Box::new(v.place.as_ref().map(|p| &p.insee_code))),
        (":lat", Box::new(v.place.as_ref().and_then(|p| p.lat))),
        (":lng", Box::new(v.place.as_ref().and_then(|p| p.lng))),
        (":potential", Box::new(v.hiring_potential)),
        (":max_contacts", Box::new(v.max_contacts_per_month)),
        (":notes", Box::new(&v.notes)),
        (":referent", Box::new(&v.referent)),
        (":now", Box::new(now)),
    ];
    if let Some(id) = id {
        params.push((":id", Box::new(id)));
    }
    params
}

/// Writes the contacts and commitments of company `id`.
fn save_links(conn: &Conn, id: i64, v: &Valid) -> Result<()> {
    save_contacts(conn, id, &v.contacts)?;
    conn.prepare_cached("DELETE FROM company_commitments WHERE company_id = ?1")?.execute([id])?;
    let mut insert = conn.prepare_cached("INSERT INTO company_commitments (company_id, commitment) VALUES (?1, ?2)")?;
    for commitment in &v.commitments {
        insert.execute(params![id, commitment])?;
    }
    Ok(())
}

/// Keeps the ids of contacts that stay (promotions will point to them), adds the new
/// ones and removes those taken out of the form.
fn save_contacts(conn: &Conn, company: i64, contacts: &[ValidContact]) -> Result<()> {
    let kept: Vec<i64> = contacts.iter().filter_map(|c| c.id).collect();
    let existing: Vec<i64> = conn
        .prepare_cached("SELECT id FROM company_contacts WHERE company_id = ?1")?
        .query_map([company], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(stranger) = kept.iter().find(|id| !existing.contains(id)) {
        return Err(Error::Invariant(format!("L'interlocuteur n° {stranger} n'appartient pas à cette entreprise.")));
    }
    for id in existing.iter().filter(|id| !kept.contains(id)) {
        conn.prepare_cached("DELETE FROM company_contacts WHERE id = ?1")?.execute([id])?;
    }
    // Positions are unique: park the kept contacts out of the way before renumbering.
    conn.prepare_cached("UPDATE company_contacts SET position = -position - 1000 WHERE company_id = ?1")?
        .execute([company])?;
    for (position, c) in (1_i64..).zip(contacts) {
        let channel = c.channel.map(ContactChannel::code);
        match c.id {
            Some(id) => conn
                .prepare_cached(
                    "UPDATE company_contacts SET position = ?1, name = ?2, role = ?3, email = ?4, phone = ?5, \
                     preferred_channel = ?6 WHERE id = ?7",
                )?
                .execute(params![position, c.name, c.role, c.email, c.phone, channel, id])?,
            None => conn
                .prepare_cached(
                    "INSERT INTO company_contacts (company_id, position, name, role, email, phone, preferred_channel) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![company, position, c.name, c.role, c.email, c.phone, channel])?,
        };
    }
    Ok(())
}

/// Rewrites the full-text entries of companies `ids` (sorted and deduplicated here; an id
/// that no longer exists is skipped).
pub(crate) fn reindex_all(conn: &Conn, ids: &mut Vec<i64>) -> Result<()> {
    let Some(list) = crate::db::fts_clear(conn, "companies_fts", ids)? else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO companies_fts (rowid, names, sector, place, contacts, other) \
         SELECT c.id, fold(c.name), fold(concat_ws(' ', c.naf_code, n.label)), \
                fold(concat_ws(' ', c.address, c.commune, c.postcode)), \
                fold(coalesce((SELECT group_concat(concat_ws(' ', k.name, k.role, k.email), ' ') \
                     FROM company_contacts k WHERE k.company_id = c.id), '')), \
                fold(concat_ws(' ', c.siret, (SELECT group_concat(commitment, ' ') FROM company_commitments \
                     WHERE company_id = c.id), c.notes)) \
         FROM companies c LEFT JOIN naf n ON n.code = c.naf_code WHERE c.id IN (SELECT value FROM json_each(?1))",
    )?
    .execute([&list])?;
    Ok(())
}

fn reindex(conn: &Conn, id: i64) -> Result<()> {
    reindex_all(conn, &mut vec![id])
}

/// The id and name of the company with this (normalised) SIRET, if one is stored.
pub fn find_by_siret(conn: &Conn, siret: &str) -> Result<Option<(i64, String)>> {
    let mut statement = conn.prepare_cached("SELECT id, name FROM companies WHERE siret = ?1")?;
    Ok(statement.query_row([siret], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

pub fn get(conn: &Conn, id: i64) -> Result<Company> {
    if let Some(on) = crate::db::erased_on(conn, "companies", id)? {
        return Err(Error::Rule(format!(
            "Cette entreprise a été effacée le {} : seules ses promotions restent, anonymes, dans les statistiques.",
            crate::text::french_date(on)
        )));
    }
    let mut company = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM companies c LEFT JOIN naf n ON n.code = c.naf_code WHERE c.id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "Entreprise", id })?;
    company.contacts = conn
        .prepare_cached(
            "SELECT id, name, role, email, phone, preferred_channel FROM company_contacts WHERE company_id = ?1 \
             ORDER BY position",
        )?
        .query_map([id], |r| {
            Ok(Contact {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                email: r.get(3)?,
                phone: r.get(4)?,
                preferred_channel: r.get::<_, Option<String>>(5)?.as_deref().and_then(ContactChannel::from_code),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    company.commitments = commitments_of(conn, id)?;
    Ok(company)
}

fn commitments_of(conn: &Conn, id: i64) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT commitment FROM company_commitments WHERE company_id = ?1 ORDER BY commitment")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum CompanySort {
    #[default]
    Name,
    Commune,
    HiringPotential,
    CreatedAt,
}

/// What the company list shows: search words, filters, order and page.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CompanyQuery {
    /// Words to find in name, SIRET, sector, address, contacts, notes (accents ignored).
    pub search: String,
    /// A NAF code or its start: a division (`10`), a group (`10.7`) or a sub-class.
    pub naf: Option<String>,
    pub near: Option<Near>,
    pub min_potential: Option<u8>,
    pub commitment: Option<String>,
    pub sort: CompanySort,
    pub descending: bool,
    pub paging: Paging,
}

/// One row of the company list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanySummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub siret: String,
    pub naf_code: Option<String>,
    pub naf_label: Option<String>,
    pub headcount_band: Option<HeadcountBand>,
    pub legal_nature: Option<LegalNature>,
    pub commune: Option<String>,
    pub postcode: Option<String>,
    pub hiring_potential: Option<u8>,
    pub commitments: Vec<String>,
    /// The first contact, as "Name (role)".
    pub main_contact: Option<String>,
    pub distance_km: Option<f64>,
}

pub fn list(conn: &Conn, query: &CompanyQuery) -> Result<Page<CompanySummary>> {
    let Selection { filters, from, order_by, near } = selection(query);
    let distance = if near { "distance_km(c.lat, c.lng, :near_lat, :near_lng)" } else { "NULL" };
    let columns = format!(
        "c.id, c.name, c.siret, c.naf_code, (SELECT label FROM naf WHERE code = c.naf_code), c.headcount_band, \
         c.commune, c.postcode, c.hiring_potential, \
         (SELECT json_group_array(commitment) FROM company_commitments WHERE company_id = c.id), \
         (SELECT name || CASE role WHEN '' THEN '' ELSE ' (' || role || ')' END FROM company_contacts \
          WHERE company_id = c.id ORDER BY position LIMIT 1), {distance}, c.legal_nature"
    );
    let source = PageSource { columns: &columns, from, filters: &filters, order_by: &order_by, total: Total::Count };
    fetch_page(conn, &source, query.paging, |row| {
        Ok(CompanySummary {
            id: row.get(0)?,
            name: row.get(1)?,
            siret: row.get(2)?,
            naf_code: row.get(3)?,
            naf_label: row.get(4)?,
            headcount_band: row.get::<_, Option<String>>(5)?.as_deref().and_then(HeadcountBand::from_code),
            commune: row.get(6)?,
            postcode: row.get(7)?,
            hiring_potential: row.get(8)?,
            commitments: serde_json::from_str(&row.get::<_, String>(9)?).unwrap_or_default(),
            main_contact: row.get(10)?,
            distance_km: row.get(11)?,
            legal_nature: row.get::<_, Option<String>>(12)?.as_deref().and_then(LegalNature::from_code),
        })
    })
}

/// The companies a list's query keeps, in its order (`c`: the companies): what the list
/// pages through, and what an export of the list writes (`lists_out`).
pub(crate) struct Selection {
    pub filters: Filters,
    pub from: &'static str,
    pub order_by: String,
    /// The `near` filter is set (its point bound as `:near_lat`, `:near_lng`).
    pub near: bool,
}

pub(crate) fn selection(query: &CompanyQuery) -> Selection {
    let mut filters = Filters::default();
    // An erased company (`erasure.rs`) stays only as its promotions' statistics.
    filters.clause("c.erased_at IS NULL");
    let mut from = "companies c";
    if let Some(fts) = fts_query(&query.search) {
        filters.clause("companies_fts MATCH :fts").bind(":fts", fts);
        from = "companies_fts CROSS JOIN companies c ON c.id = companies_fts.rowid";
    }
    if let Some(naf) = query.naf.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        filters.clause("c.naf_code >= :naf AND c.naf_code < :naf || '~'").bind(":naf", naf.to_uppercase());
    }
    let near = query.near.filter(|n| n.radius_km >= 0.0);
    if let Some(near) = &near {
        filters.near("c", near);
    }
    if let Some(min) = query.min_potential.filter(|m| *m > 0) {
        filters.clause("c.hiring_potential >= :min_potential").bind(":min_potential", min);
    }
    if let Some(tag) = query.commitment.as_deref().filter(|t| !t.is_empty()) {
        filters
            .clause("c.id IN (SELECT company_id FROM company_commitments WHERE commitment = :commitment)")
            .bind(":commitment", tag.to_owned());
    }
    let direction = if query.descending { "DESC" } else { "ASC" };
    let order_by = match query.sort {
        CompanySort::Name => format!("c.sort_name {direction}, c.id {direction}"),
        CompanySort::Commune => format!("c.commune COLLATE NOCASE {direction}, c.sort_name, c.id"),
        CompanySort::HiringPotential => format!("c.hiring_potential IS NULL, c.hiring_potential {direction}, c.id"),
        CompanySort::CreatedAt => format!("c.id {direction}"),
    };
    Selection { filters, from, order_by, near: near.is_some() }
}

/// Every commitment tag in use, for the list filter.
pub fn commitments(conn: &Conn) -> Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT DISTINCT commitment FROM company_commitments ORDER BY commitment")?;
    Ok(statement.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}
