//! The counsellor's own details, printed on every profile sheet they send, and the
//! follow-up rules of promotions.

use crate::store::Conn;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Result,
    journal::{self, Action, Subject},
    validation::Checker,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CounsellorSettings {
    pub name: String,
    pub agency: String,
    pub phone: String,
    pub email: String,
}

pub fn get(conn: &Conn) -> Result<CounsellorSettings> {
    Ok(conn.query_row("SELECT name, agency, phone, email FROM counsellor_settings WHERE id = 1", [], |row| {
        Ok(CounsellorSettings { name: row.get(0)?, agency: row.get(1)?, phone: row.get(2)?, email: row.get(3)? })
    })?)
}

/// Checks and saves; returns the settings as stored (trimmed, phone normalised).
pub fn update(conn: &Conn, input: &CounsellorSettings) -> Result<CounsellorSettings> {
    let mut check = Checker::new();
    let clean = CounsellorSettings {
        name: check.required("name", &input.name, 120),
        agency: check.required("agency", &input.agency, 160),
        phone: check.phone("phone", &input.phone).unwrap_or_default(),
        email: check.email("email", &input.email).unwrap_or_default(),
    };
    check.finish()?;
    let fields = journal::changed_fields(&get(conn)?, &clean);
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Conseiller · {}", journal::fields_detail(&fields)),
    )?;
    conn.execute(
        "UPDATE counsellor_settings SET name = ?1, agency = ?2, phone = ?3, email = ?4 WHERE id = 1",
        [&clean.name, &clean.agency, &clean.phone, &clean.email],
    )?;
    Ok(clean)
}

/// The follow-up rules of promotions, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromotionSettings {
    /// A promotion without answer joins the follow-up list this long after the last contact.
    pub reminder_days: u32,
    /// Waiting this long since sending, a follow-up is urgent.
    pub urgent_days: u32,
    /// Without answer this long after the last contact, the promotion is marked "no answer".
    pub no_answer_days: u32,
    /// A second promotion of a candidate to a company within this window needs a reason.
    pub repeat_window_days: u32,
    /// A consenting person not sent to a company for this long is « à promouvoir ».
    pub waiting_days: u32,
}

impl Default for PromotionSettings {
    fn default() -> Self {
        Self { reminder_days: 7, urgent_days: 15, no_answer_days: 30, repeat_window_days: 90, waiting_days: 30 }
    }
}

pub fn promotion_settings(conn: &Conn) -> Result<PromotionSettings> {
    Ok(conn.query_row(
        "SELECT reminder_days, urgent_days, no_answer_days, repeat_window_days, waiting_days FROM promotion_settings \
         WHERE id = 1",
        [],
        |row| {
            Ok(PromotionSettings {
                reminder_days: row.get(0)?,
                urgent_days: row.get(1)?,
                no_answer_days: row.get(2)?,
                repeat_window_days: row.get(3)?,
                waiting_days: row.get(4)?,
            })
        },
    )?)
}

/// The longest delay of the promotions' follow-up, in days (ten years).
pub const MAX_FOLLOW_UP_DAYS: u32 = 3650;

pub fn update_promotion_settings(conn: &Conn, input: &PromotionSettings) -> Result<PromotionSettings> {
    let mut check = Checker::new();
    let mut days = |field: &str, value: u32, min: u32| {
        if !(min..=MAX_FOLLOW_UP_DAYS).contains(&value) {
            let max = crate::text::french_count(MAX_FOLLOW_UP_DAYS.into()).replace('\u{202f}', " ");
            check.add(field, format!("Un nombre de jours entre {min} et {max}."));
        }
    };
    days("reminderDays", input.reminder_days, 1);
    days("urgentDays", input.urgent_days, 1);
    days("noAnswerDays", input.no_answer_days, 1);
    days("repeatWindowDays", input.repeat_window_days, 0);
    days("waitingDays", input.waiting_days, 1);
    if input.urgent_days < input.reminder_days {
        check.add("urgentDays", "La relance urgente vient après la première relance : au moins autant de jours.");
    }
    if input.no_answer_days <= input.reminder_days {
        check.add("noAnswerDays", "« Sans réponse » vient après la relance : plus de jours que la relance.");
    }
    check.finish()?;
    let fields = journal::changed_fields(&promotion_settings(conn)?, input);
    journal::record(
        conn,
        Action::SettingsChanged,
        Subject::Settings,
        &format!("Relances · {}", journal::fields_detail(&fields)),
    )?;
    conn.execute(
        "UPDATE promotion_settings SET reminder_days = ?1, urgent_days = ?2, no_answer_days = ?3, \
         repeat_window_days = ?4, waiting_days = ?5 WHERE id = 1",
        [input.reminder_days, input.urgent_days, input.no_answer_days, input.repeat_window_days, input.waiting_days],
    )?;
    Ok(*input)
}
