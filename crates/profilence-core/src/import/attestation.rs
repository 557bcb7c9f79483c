//! The counsellor's attestation that the people of a tracker that does not state their
//! consent agreed to be promoted: checked once for the import, then applied to the rows
//! it covers (`candidate_row`), recorded as attested in each consent's history.

use chrono::NaiveDate;

use super::{AttestedDay, ConsentAttestation, RowRef};
use crate::{Error, Result, candidates::ConsentChannel};

/// The counsellor's attestation for the consents a file does not state, as checked.
pub(super) struct Attestation {
    /// One day for all; `None`: each person's first promotion in the file.
    pub(super) on: Option<NaiveDate>,
    pub(super) channel: ConsentChannel,
    pub(super) excluded: Vec<RowRef>,
}

impl Attestation {
    /// Checks the attestation the preview sent: a real day, not to come, and someone who
    /// signs it.
    pub(super) fn check(attestation: &ConsentAttestation, today: NaiveDate, signer: &str) -> Result<Self> {
        let on = match &attestation.on {
            AttestedDay::FirstPromotion => None,
            AttestedDay::Date(text) => match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                Ok(day) if day <= today => Some(day),
                Ok(_) => {
                    return Err(Error::field(
                        "consentAttestation",
                        "Le consentement attesté ne peut pas être daté dans le futur.",
                    ));
                }
                Err(_) => {
                    return Err(Error::field(
                        "consentAttestation",
                        "Indiquez la date du consentement attesté (ex. 01/09/2026).",
                    ));
                }
            },
        };
        if signer.trim().is_empty() {
            return Err(Error::Rule(
                "Renseignez votre nom dans Paramètres : l'attestation des consentements est signée.".into(),
            ));
        }
        Ok(Self { on, channel: attestation.channel, excluded: attestation.excluded.clone() })
    }
}
