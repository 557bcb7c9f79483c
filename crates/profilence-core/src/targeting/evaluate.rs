//! How good targeting is on the agency's own history: every promotion that led to an
//! interview or a hire is replayed with what was known the day before it was sent (the
//! agency's promotions sent and answered by then), and the rank targeting gave its company
//! is compared with a plain baseline — the nearest companies of a sector that hires for the
//! job. The person's record is read as it stands today (the app keeps no history of their
//! radius or jobs): an approximation the report says.

use std::collections::HashMap;

use crate::store::Conn;
use chrono::{DateTime, Local};
use serde::Serialize;
use ts_rs::TS;

use super::{
    DEFAULT_LIMIT,
    companies_for::{Seeker, weigh},
    facts::JobSectors,
};
use crate::{Result, candidates, clock::stored};

/// The successes the window replays (the latest): enough for stable figures, few enough
/// for the dashboard to show them at once.
pub const EVALUATED: u32 = 500;

/// The replay's figures, for targeting and for the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Evaluation {
    /// Promotions that led to an interview or a hire, replayed.
    pub successes: u32,
    /// Among them, those whose company targeting ranked at all (within the radius, in a
    /// sector that hires for the job).
    pub ranked: u32,
    pub targeting: Scores,
    pub baseline: Scores,
    /// What the figures mean, in French.
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Scores {
    /// Successes whose company was among the first five.
    pub top5: u32,
    /// `top5` over the successes (0 to 1).
    pub top5_rate: f64,
    /// Mean of 1 ÷ rank (0 for a company not ranked).
    pub mean_reciprocal_rank: f64,
}

impl Scores {
    fn of(ranks: &[Option<usize>]) -> Self {
        let n = ranks.len().max(1) as f64;
        let top5 = ranks.iter().filter(|r| r.is_some_and(|r| r <= DEFAULT_LIMIT)).count() as u32;
        Self {
            top5,
            top5_rate: f64::from(top5) / n,
            mean_reciprocal_rank: ranks.iter().map(|r| r.map_or(0.0, |r| 1.0 / r as f64)).sum::<f64>() / n,
        }
    }
}

/// Replays the successes of the history (at most `sample`, the latest first) at `now`.
pub fn evaluate(conn: &Conn, sample: Option<u32>, now: DateTime<Local>) -> Result<Evaluation> {
    let today = now.date_naive();
    let successes: Vec<(i64, i64, String)> = conn
        .prepare(
            "SELECT candidate_id, company_id, sent_at FROM promotions WHERE sent_at IS NOT NULL \
             AND (interview_planned_at IS NOT NULL OR interview_undated = 1 OR status = 'hired') \
             ORDER BY sent_at DESC LIMIT ?1",
        )?
        .query_map([sample.map_or(i64::MAX, i64::from)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut seekers: HashMap<i64, (Seeker, Vec<JobSectors>)> = HashMap::new();
    let (mut ours, mut baseline) = (Vec::new(), Vec::new());
    for (candidate_id, company_id, sent_at) in &successes {
        if !seekers.contains_key(candidate_id) {
            let candidate = candidates::get(conn, *candidate_id, today)?;
            let seeker = Seeker::of(conn, &candidate, None, today)?;
            let sectors =
                seeker.jobs.iter().map(|job| JobSectors::read(conn, &job.rome)).collect::<Result<Vec<_>>>()?;
            seekers.insert(*candidate_id, (seeker, sectors));
        }
        let (seeker, sectors) = &seekers[candidate_id];
        // What was known the day before: everything up to the sending day's midnight.
        let day = DateTime::parse_from_rfc3339(sent_at).map_or(today, |m| m.with_timezone(&Local).date_naive());
        let cutoff = day.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(Local).earliest()).map(stored);
        let cutoff = cutoff.unwrap_or_else(|| sent_at.clone());
        let (within, _) = weigh(conn, seeker, sectors, &cutoff, day)?;
        ours.push(within.iter().position(|w| w.company.id == *company_id).map(|i| i + 1));
        // The baseline: the same companies (right sector, within the radius), nearest first.
        let mut nearest: Vec<(f64, i64)> =
            within.iter().map(|w| (w.distance_km.unwrap_or(f64::MAX), w.company.id)).collect();
        nearest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        baseline.push(nearest.iter().position(|(_, id)| id == company_id).map(|i| i + 1));
    }
    let ranked = ours.iter().filter(|r| r.is_some()).count() as u32;
    let n = successes.len() as u32;
    Ok(Evaluation {
        successes: n,
        ranked,
        targeting: Scores::of(&ours),
        baseline: Scores::of(&baseline),
        note: note(n),
    })
}

fn note(successes: u32) -> String {
    let base = "Chaque promotion suivie d'un entretien ou d'une embauche est rejouée avec ce que l'agence savait la \
                veille de l'envoi ; la fiche du candidat est lue telle qu'elle est aujourd'hui (rayon, métiers).";
    match successes {
        0 => format!("{base} Aucune promotion n'a encore abouti à un entretien : rien à mesurer."),
        n if n < 100 => format!(
            "{base} Sur {n} succès seulement, ces chiffres sont indicatifs ; sur des données de démonstration, ils \
             ne disent rien de la qualité du ciblage."
        ),
        _ => format!("{base} Sur des données de démonstration, ces chiffres ne disent rien de la qualité du ciblage."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_the_top_five_and_the_reciprocal_ranks() {
        let s = Scores::of(&[Some(1), Some(2), Some(6), None]);
        assert_eq!(s.top5, 2);
        assert!((s.top5_rate - 0.5).abs() < 1e-9);
        assert!((s.mean_reciprocal_rank - (1.0 + 0.5 + 1.0 / 6.0) / 4.0).abs() < 1e-9);
    }
}
