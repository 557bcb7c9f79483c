//! The Entreprises list written out: one row per company, under the headers a company
//! list is imported by (SIRET, name, NAF, headcount band, legal category, address, first
//! contact), then what the list adds.

use crate::store::Row;

use super::table::{Batch, Cell, Column, Listing, Sheet, column, text_of};
use crate::{
    choices::{ContactChannel, HeadcountBand, LegalNature},
    companies::{CompanyQuery, Selection, selection},
};

pub(super) const SHEET: Sheet = Sheet { name: "Entreprises", parts: &[COLUMNS] };

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
      WHERE company_id = c.id ORDER BY commitment) commitments), \
     c.max_contacts_per_month";

/// Every company of `query` (its paging aside), in the list's order.
pub(super) fn listing(query: &CompanyQuery) -> Listing {
    let Selection { filters, from, order_by, .. } = selection(query);
    Listing {
        sheet: SHEET,
        sql: format!("SELECT {SELECT} FROM {from} {} ORDER BY {order_by}", filters.sql()),
        filters,
        row,
    }
}

type ContactRow = (String, String, Option<String>, Option<String>, Option<String>);

fn row(r: &Row<'_>, out: &mut Batch) -> rusqlite::Result<()> {
    let contacts: Vec<ContactRow> =
        text_of(r, 10)?.and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default();
    let first = contacts.first();
    let number = |value: Option<u32>| value.map_or(Cell::Empty, |n| Cell::Number(f64::from(n)));
    for i in 0..4 {
        out.column(r, i)?;
    }
    out.label(text_of(r, 4)?, |c| HeadcountBand::from_code(c).map(|b| b.label()));
    out.label(text_of(r, 5)?, |c| LegalNature::from_code(c).map(|n| n.label()));
    for i in 6..10 {
        out.column(r, i)?;
    }
    out.text(first.map_or("", |k| &k.0));
    out.text(first.and_then(|k| k.2.as_deref()).unwrap_or_default());
    out.text(first.and_then(|k| k.3.as_deref()).unwrap_or_default());
    out.text(first.map_or("", |k| &k.1));
    out.label(first.and_then(|k| k.4.as_deref()), |c| ContactChannel::from_code(c).map(|c| c.label()));
    out.text_with(|text| {
        for (n, (name, role, ..)) in contacts.iter().skip(1).enumerate() {
            if n > 0 {
                text.push_str(" ; ");
            }
            text.push_str(name);
            if !role.is_empty() {
                text.push_str(" (");
                text.push_str(role);
                text.push(')');
            }
        }
    });
    out.push(number(r.get::<_, Option<u32>>(11)?));
    out.column(r, 12)?;
    out.push(number(r.get::<_, Option<u32>>(13)?));
    Ok(())
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
