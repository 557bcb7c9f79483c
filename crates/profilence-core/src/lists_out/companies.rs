//! The Entreprises list written out: one row per company, under the headers a company
//! list is imported by (SIRET, name, NAF, headcount band, legal category, address, first
//! contact), then what the list adds.

use rusqlite::{Connection, Row};

use super::table::{Cell, Column, Table, column};
use crate::{
    Result,
    choices::{ContactChannel, HeadcountBand, LegalNature},
    companies::{CompanyQuery, Selection, selection},
};

pub(super) const COLUMNS: &[Column] = &[
    column("Entreprise", 30.0),
    column("SIRET", 16.0),
    column("Code NAF", 8.0),
    column("Libellé NAF", 36.0),
    column("Tranche d'effectif", 18.0),
    column("Catégorie juridique", 22.0),
    column("Adresse entreprise", 30.0),
    column("CP entreprise", 8.0),
    column("Commune entreprise", 20.0),
    column("Code commune INSEE", 8.0),
    column("Interlocuteur", 22.0),
    column("E-mail contact", 28.0),
    column("Téléphone contact", 15.0),
    // Beyond what a company list holds: headers the import leaves aside.
    column("Fonction de l'interlocuteur", 18.0),
    column("Canal préféré", 12.0),
    column("Autres interlocuteurs", 36.0),
    column("Potentiel d'embauche", 10.0),
    column("Engagements", 30.0),
    column("Sollicitations par mois au plus", 10.0),
];

const SELECT: &str = "c.name, c.siret, c.naf_code, (SELECT label FROM naf WHERE code = c.naf_code), \
     c.headcount_band, c.legal_nature, c.address, c.postcode, c.commune, c.commune_code, \
     (SELECT json_group_array(json_array(name, role, email, phone, preferred_channel)) FROM \
      (SELECT name, role, email, phone, preferred_channel FROM company_contacts WHERE company_id = c.id \
       ORDER BY position)), \
     c.hiring_potential, \
     (SELECT group_concat(commitment, ', ') FROM (SELECT commitment FROM company_commitments \
      WHERE company_id = c.id ORDER BY commitment)), \
     c.max_contacts_per_month";

/// Every company of `query` (its paging aside), in the list's order.
pub(super) fn table(conn: &Connection, query: &CompanyQuery) -> Result<Table> {
    let Selection { filters, from, order_by, .. } = selection(query);
    let mut statement = conn.prepare(&format!("SELECT {SELECT} FROM {from} {} ORDER BY {order_by}", filters.sql()))?;
    let rows = statement.query_map(filters.args().as_slice(), row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Table { sheet: "Entreprises", columns: COLUMNS, rows })
}

type ContactRow = (String, String, Option<String>, Option<String>, Option<String>);

fn row(r: &Row<'_>) -> rusqlite::Result<Vec<Cell>> {
    let text = |i: usize| -> rusqlite::Result<Cell> { Ok(Cell::text(r.get(i)?)) };
    let contacts: Vec<ContactRow> = serde_json::from_str(&r.get::<_, String>(10)?).unwrap_or_default();
    let first = contacts.first();
    let others: Vec<String> = contacts
        .iter()
        .skip(1)
        .map(|(name, role, ..)| if role.is_empty() { name.clone() } else { format!("{name} ({role})") })
        .collect();
    let number = |value: Option<u32>| value.map_or(Cell::Empty, |n| Cell::Number(f64::from(n)));
    Ok(vec![
        text(0)?,
        text(1)?,
        text(2)?,
        text(3)?,
        Cell::label(r.get(4)?, |c| HeadcountBand::from_code(c).map(|b| b.label())),
        Cell::label(r.get(5)?, |c| LegalNature::from_code(c).map(|n| n.label())),
        text(6)?,
        text(7)?,
        text(8)?,
        text(9)?,
        Cell::text(first.map(|k| k.0.clone())),
        Cell::text(first.and_then(|k| k.2.clone())),
        Cell::text(first.and_then(|k| k.3.clone())),
        Cell::text(first.map(|k| k.1.clone())),
        Cell::text(
            first.and_then(|k| k.4.as_deref()).and_then(ContactChannel::from_code).map(|c| c.label().to_owned()),
        ),
        Cell::text(Some(others.join(" ; "))),
        number(r.get::<_, Option<u32>>(11)?),
        text(12)?,
        number(r.get::<_, Option<u32>>(13)?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{
        ImportField as F,
        mapping::{in_company_list, recognise},
    };

    #[test]
    fn a_company_list_reads_its_headers_and_leaves_the_others_aside() {
        let fields = [
            Some(F::CompanyName),
            Some(F::Siret),
            Some(F::NafCode),
            None,
            Some(F::HeadcountBand),
            Some(F::LegalCategory),
            Some(F::CompanyAddress),
            Some(F::CompanyPostcode),
            Some(F::CompanyCommune),
            Some(F::CompanyCommuneCode),
            Some(F::ContactName),
            Some(F::ContactEmail),
            Some(F::ContactPhone),
            None,
            None,
            None,
            None,
            None,
            None,
        ];
        assert_eq!(COLUMNS.len(), fields.len());
        let named = true;
        for (column, field) in COLUMNS.iter().zip(fields) {
            assert_eq!(in_company_list(column.header, recognise(column.header), named), field, "{}", column.header);
        }
        let recognised: Vec<F> = COLUMNS.iter().filter_map(|c| recognise(c.header)).collect();
        assert!(crate::import::mapping::is_company_list(&recognised));
    }
}
