//! The team's agencies side by side (team mode only): every agency's promotions of the
//! period, and its counsellors', with the main indicators of the comparisons
//! (`breakdown`), each by its one definition (`Figure::holds`).
//!
//! The promotions' log is the whole team's: each promotion carries the agency it was made
//! in (server migration 0008). The candidates are not: row-level security shows each
//! counsellor their own agency's only. So this comparison reads the promotions alone, for
//! a period and a channel; what depends on the candidate (publics, target jobs, where they
//! live, the pool) stays on the agency's own dashboard. Nobody is named but the
//! counsellors who signed the promotions, whose names the log already holds.

use std::collections::HashMap;

use chrono::{DateTime, Local};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    Held, Period, PeriodView, StatsQuery,
    breakdown::{BreakdownRow, Tally},
    count::{Selection, due_before},
    facts::{Scope, with_scope},
};
use crate::{Database, Error, Result, choices::PromotionChannel, promotions::follow_ups, settings, store::Conn};

/// What the team's comparison counts: the promotions sent in the period, on one channel or all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct TeamQuery {
    pub period: Period,
    pub channel: Option<PromotionChannel>,
}

/// One agency of the team, its counsellors under it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamAgency {
    /// The agency's figures, its name the row's key. The promotions the administrator's
    /// account made, which is no agency's, are under the agency its settings name (empty:
    /// none).
    pub figures: BreakdownRow,
    /// The signed-in counsellor's own agency.
    pub own: bool,
    /// The counsellors' accounts the agency has.
    pub accounts: u32,
    /// The counsellors who signed the agency's promotions of the period, most first.
    pub counsellors: Vec<BreakdownRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamComparison {
    pub query: TeamQuery,
    pub period: PeriodView,
    /// The whole team's promotions of the period.
    pub total: BreakdownRow,
    /// Every agency of the team, those with the most promotions in the period first.
    pub agencies: Vec<TeamAgency>,
}

/// The team's comparison for `query` at `now`, the promotions settled first (as the
/// dashboard's are).
pub fn team(db: &Database, query: &TeamQuery, now: DateTime<Local>) -> Result<TeamComparison> {
    follow_ups::settle(db, now)?;
    db.read(|c| compare(c, query, now))
}

/// The team's agencies side by side, over the promotions as they are.
pub fn compare(conn: &Conn, query: &TeamQuery, now: DateTime<Local>) -> Result<TeamComparison> {
    if !conn.is_postgres() {
        return Err(Error::Rule(
            "La comparaison des agences n'existe qu'en mode équipe : cette base est celle de ce poste.".into(),
        ));
    }
    let view = query.period.resolve(now.date_naive())?;
    let reminder_days = settings::promotion_settings(conn)?.reminder_days;
    let own: Option<String> =
        conn.query_row("SELECT name FROM agencies WHERE id = profilence_agency()", [], |r| r.get(0)).optional()?;
    let mut known: Vec<(String, u32)> = conn
        .prepare("SELECT a.name, (SELECT count(*) FROM counsellors c WHERE c.agency_id = a.id) FROM agencies a")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let filters = StatsQuery { period: query.period.clone(), channel: query.channel, ..StatsQuery::default() };
    let (total, mut agencies) = with_scope(conn, Scope::Team, |facts| {
        let sel = Selection::new(facts, &filters, &view, due_before(now, reminder_days));
        let mut total = Tally::default();
        let mut by_agency = vec![Tally::default(); facts.names.len()];
        let mut by_counsellor: HashMap<(u32, u32), Tally> = HashMap::new();
        for p in facts.promotions.iter().filter(|p| sel.promotion(p)) {
            let held = Held::of(p, sel.due_before);
            total.count(p, held);
            if let Some(tally) = by_agency.get_mut(p.agency as usize) {
                tally.count(p, held);
            }
            by_counsellor.entry((p.agency, p.counsellor)).or_default().count(p, held);
        }
        let name = |i: u32| facts.names.get(i as usize).cloned().unwrap_or_default();
        let mut counsellors: HashMap<u32, Vec<BreakdownRow>> = HashMap::new();
        for ((agency, counsellor), tally) in by_counsellor {
            let name = name(counsellor);
            let label = if name.trim().is_empty() { "Sans conseiller signataire".to_owned() } else { name.clone() };
            counsellors.entry(agency).or_default().push(tally.row(name, label, false));
        }
        let mut agencies: Vec<TeamAgency> = Vec::new();
        for (i, tally) in by_agency.iter().enumerate().filter(|(_, t)| t.promotions > 0) {
            let agency = u32::try_from(i).unwrap_or(u32::MAX);
            let name = name(agency);
            let label = if name.is_empty() { "Sans agence (compte administrateur)".to_owned() } else { name.clone() };
            let mut rows = counsellors.remove(&agency).unwrap_or_default();
            rows.sort_by(|a, b| b.promotions.cmp(&a.promotions).then_with(|| a.label.cmp(&b.label)));
            agencies.push(TeamAgency {
                figures: tally.row(name, label, false),
                own: false,
                accounts: 0,
                counsellors: rows,
            });
        }
        (total.row(String::new(), "Toute l'équipe".to_owned(), false), agencies)
    })?;
    // The agencies with no promotion in the period are compared too, at zero.
    for agency in &mut agencies {
        if let Some(at) = known.iter().position(|(name, _)| *name == agency.figures.key) {
            agency.accounts = known.swap_remove(at).1;
        }
    }
    for (name, accounts) in known {
        let figures = Tally::default().row(name.clone(), name, false);
        agencies.push(TeamAgency { figures, own: false, accounts, counsellors: Vec::new() });
    }
    for agency in &mut agencies {
        agency.own = own.as_deref() == Some(agency.figures.key.as_str());
    }
    agencies.sort_by(|a, b| {
        b.figures.promotions.cmp(&a.figures.promotions).then_with(|| a.figures.label.cmp(&b.figures.label))
    });
    Ok(TeamComparison {
        query: TeamQuery { period: view.current.clone(), ..query.clone() },
        period: view,
        total,
        agencies,
    })
}
