//! The Promotions list written out as a tracker: one row per promotion, with its
//! candidate, company and contact, under the headers the import recognises, so that the
//! file imports back as the same records.

use crate::store::Row;

use super::{
    candidates::{PERSON_COLUMNS, PERSON_SELECT, person_cells},
    table::{Batch, Cell, Column, Listing, Sheet, column, moment, text_of},
};
use crate::{
    choices::{ContractType, HeadcountBand, LegalNature, PromotionChannel, PromotionStatus, RefusalReason},
    import::values::status_text,
    promotions::{LIST_FROM, LIST_ORDER, PromotionQuery, list_filters},
};

/// The columns, each under a header the import reads as the field beside it
/// (`every_header_is_read_by_the_import_as_its_field`).
pub(super) const SHEET: Sheet = Sheet { name: "Promotions", parts: &[PERSON_COLUMNS, COLUMNS] };

/// After the person's.
const COLUMNS: &[Column] = &[
    column("Entreprise", 30.0),
    column("SIRET", 16.0),
    column("Code NAF", 8.0),
    column("Tranche d'effectif", 18.0),
    column("Catégorie juridique", 22.0),
    column("Adresse entreprise", 30.0),
    column("CP entreprise", 8.0),
    column("Commune entreprise", 20.0),
    column("Code commune INSEE", 8.0),
    column("Interlocuteur", 22.0),
    column("E-mail contact", 28.0),
    column("Téléphone contact", 15.0),
    column("Conseiller", 18.0),
    column("Date d'envoi", 16.0),
    column("Canal", 16.0),
    column("Statut", 32.0),
    column("Date retour", 16.0),
    column("Offre", 12.0),
];

/// After the person's columns (`PERSON_SELECT`, 0 to 11).
const SELECT: &str = "co.name, co.siret, co.naf_code, co.headcount_band, co.legal_nature, co.address, co.postcode, \
     co.commune, co.commune_code, k.name, k.email, k.phone, p.counsellor, p.sent_at, p.channel, p.status, \
     p.status_at, p.status_undated, p.reason, \
     CASE p.status WHEN 'hired' THEN (SELECT e.contract_type FROM promotion_events e \
       WHERE e.promotion_id = p.id AND e.kind = 'hired' ORDER BY e.id DESC LIMIT 1) END, \
     CASE p.status WHEN 'interview_planned' THEN (SELECT e.interview_at FROM promotion_events e \
       WHERE e.promotion_id = p.id AND e.kind = 'interview_planned' ORDER BY e.id DESC LIMIT 1) END, \
     p.job_offer_ref";

/// Every promotion of `query` (its paging aside), in the list's order.
pub(super) fn listing(query: &PromotionQuery) -> Listing {
    let filters = list_filters(query);
    Listing {
        sheet: SHEET,
        sql: format!("SELECT {PERSON_SELECT}, {SELECT} FROM {LIST_FROM} {} ORDER BY {LIST_ORDER}", filters.sql()),
        filters,
        row,
    }
}

fn row(r: &Row<'_>, out: &mut Batch) -> rusqlite::Result<()> {
    let status = text_of(r, 27)?.and_then(PromotionStatus::from_code).unwrap_or(PromotionStatus::Sent);
    let undated: bool = r.get(29)?;
    // The status's own date: none for a promotion only sent (its date is the sending's), a
    // draft, or a status the tracker it came from did not date.
    let status_at = match status {
        PromotionStatus::Draft | PromotionStatus::Sent => Cell::Empty,
        _ if undated => Cell::Empty,
        _ => moment(text_of(r, 28)?),
    };
    let interview = text_of(r, 32)?.and_then(|at| at.get(..10).and_then(|d| d.parse().ok()));
    let status_text = status_text(
        status,
        text_of(r, 30)?.and_then(RefusalReason::from_code),
        text_of(r, 31)?.and_then(ContractType::from_code),
        interview,
    );
    person_cells(r, out)?;
    for i in 12..15 {
        out.column(r, i)?;
    }
    out.label(text_of(r, 15)?, |c| HeadcountBand::from_code(c).map(|b| b.label()));
    out.label(text_of(r, 16)?, |c| LegalNature::from_code(c).map(|n| n.label()));
    for i in 17..25 {
        out.column(r, i)?;
    }
    out.push(moment(text_of(r, 25)?));
    out.label(text_of(r, 26)?, |c| PromotionChannel::from_code(c).map(|c| c.label()));
    out.text(&status_text);
    out.push(status_at);
    out.column(r, 33)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportField as F, mapping::recognise};
    use crate::lists_out::candidates::consent_channel_label;

    /// The field the import fills from each column, in order.
    const FIELDS: &[F] = &[
        F::LastName,
        F::FirstName,
        F::BirthDate,
        F::Email,
        F::Phone,
        F::FranceTravailId,
        F::Postcode,
        F::Commune,
        F::TargetJob,
        F::TargetJob,
        F::TargetJob,
        F::ConsentDate,
        F::ConsentChannel,
        F::ConsentExpiry,
        F::CompanyName,
        F::Siret,
        F::NafCode,
        F::HeadcountBand,
        F::LegalCategory,
        F::CompanyAddress,
        F::CompanyPostcode,
        F::CompanyCommune,
        F::CompanyCommuneCode,
        F::ContactName,
        F::ContactEmail,
        F::ContactPhone,
        F::Counsellor,
        F::PromotionDate,
        F::Channel,
        F::Status,
        F::StatusDate,
        F::JobOfferRef,
    ];

    #[test]
    fn every_header_is_read_by_the_import_as_its_field() {
        assert_eq!(SHEET.width(), FIELDS.len());
        for (column, field) in SHEET.columns().zip(FIELDS) {
            assert_eq!(recognise(column.header), Some(*field), "{}", column.header);
        }
    }

    #[test]
    fn consent_channels_read_back() {
        use crate::{candidates::ConsentChannel, import::read::Value, import::values::consent_channel};
        for (code, channel) in
            [("oral", ConsentChannel::Oral), ("written", ConsentChannel::Written), ("online", ConsentChannel::Online)]
        {
            assert_eq!(consent_channel(&Value::Text(consent_channel_label(code).into())), Some(channel));
        }
        for channel in PromotionChannel::ALL {
            let read = crate::import::values::promotion_channel(&Value::Text(channel.label().into()));
            assert_eq!(read, Some(*channel), "{}", channel.label());
        }
    }
}
