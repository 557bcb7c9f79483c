//! What the agency did with a company: the promotions sent to it, counted by where they
//! stand, its answer and hire rates as the dashboards define them (`stats::Figure::holds`:
//! an answer is a first answer in force, dated or not; a hire is the status « Embauche »;
//! both over the promotions sent), the mean delay of its dated answers, and the last few
//! promotions with their day, the person's job and alias — never their name.

use crate::store::Conn;

use crate::{Result, anonymise::alias_of, choices::PromotionStatus, clock::local_day};

/// The promotions sent to one company.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub sent: u32,
    pub answered: u32,
    pub hired: u32,
    /// Mean days from sending to a dated answer; `None` without one.
    pub answer_days: Option<f64>,
    /// How many stand at each status, in the order of `PromotionStatus::ALL`.
    pub by_status: Vec<(PromotionStatus, u32)>,
    /// The latest first.
    pub recent: Vec<Recent>,
}

/// One promotion of the last few.
#[derive(Debug, Clone, PartialEq)]
pub struct Recent {
    pub sent_on: Option<chrono::NaiveDate>,
    /// « Candidat·e L. ».
    pub alias: String,
    /// The person's first target job (as it is now); the ROME job of an erased person.
    pub job: String,
    pub status: PromotionStatus,
}

/// The history of `company`, with its `recent` last promotions.
pub fn of_company(conn: &Conn, company: i64, recent: usize) -> Result<History> {
    let mut history = History::default();
    let (answered, hired, days): (u32, u32, Option<f64>) = conn
        .prepare_cached(
            "SELECT coalesce(sum(answered_at IS NOT NULL OR answer_undated = 1), 0), \
                    coalesce(sum(status = 'hired'), 0), \
                    avg(CASE WHEN answered_at IS NOT NULL AND answer_undated = 0 \
                        THEN max(0, julianday(answered_at) - julianday(sent_at)) END) \
             FROM promotions WHERE company_id = ?1 AND sent_at IS NOT NULL",
        )?
        .query_row([company], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    (history.answered, history.hired, history.answer_days) = (answered, hired, days);
    let counts: Vec<(String, u32)> = conn
        .prepare_cached(
            "SELECT status, count(*) FROM promotions WHERE company_id = ?1 AND sent_at IS NOT NULL GROUP BY status",
        )?
        .query_map([company], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for status in PromotionStatus::ALL {
        if let Some((_, n)) = counts.iter().find(|(code, _)| code == status.code()) {
            history.by_status.push((*status, *n));
            history.sent += n;
        }
    }
    history.recent = conn
        .prepare_cached(
            "SELECT p.sent_at, p.status, c.first_name, \
                    coalesce((SELECT label FROM candidate_target_jobs WHERE candidate_id = p.candidate_id \
                              ORDER BY position LIMIT 1), \
                             (SELECT r.label FROM erased_target_jobs e JOIN rome_jobs r ON r.code = e.rome_code \
                              WHERE e.candidate_id = p.candidate_id ORDER BY e.position LIMIT 1), '') \
             FROM promotions p JOIN candidates c ON c.id = p.candidate_id \
             WHERE p.company_id = ?1 AND p.sent_at IS NOT NULL ORDER BY p.sent_at DESC, p.id DESC LIMIT ?2",
        )?
        .query_map(rusqlite::params![company, recent as i64], |r| {
            let sent: String = r.get(0)?;
            let status: String = r.get(1)?;
            Ok(Recent {
                sent_on: local_day(&sent),
                alias: alias_of(&r.get::<_, Option<String>>(2)?.unwrap_or_default()),
                job: r.get(3)?,
                status: PromotionStatus::from_code(&status).unwrap_or(PromotionStatus::Sent),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(history)
}

impl History {
    pub fn answer_rate(&self) -> Option<f64> {
        (self.sent > 0).then(|| f64::from(self.answered) / f64::from(self.sent))
    }

    pub fn hire_rate(&self) -> Option<f64> {
        (self.sent > 0).then(|| f64::from(self.hired) / f64::from(self.sent))
    }
}
