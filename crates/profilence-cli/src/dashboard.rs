//! `profilence-cli stats`: the dashboard's figures for a period and filters, as the app
//! shows them (the automatic "no answer" pass runs first, as in the app), as text or JSON.

use clap::Args;
use profilence_core::{
    Database,
    choices::PromotionChannel,
    hiring_aids::Public,
    stats::{self, Period, StatsQuery, TerritoryOf},
};

use crate::CliResult;

#[derive(Args)]
pub struct StatsArgs {
    /// week, month, quarter, year, or custom (with --from and --to).
    #[arg(long, default_value = "month")]
    pub period: String,
    /// A day of the week, month, quarter or year (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<chrono::NaiveDate>,
    #[arg(long, value_name = "DATE", default_value = "")]
    pub from: String,
    #[arg(long, value_name = "DATE", default_value = "")]
    pub to: String,
    /// The counsellor who signed the promotions.
    #[arg(long)]
    pub counsellor: Option<String>,
    #[arg(long)]
    pub agency: Option<String>,
    /// A ROME domain or sub-domain of the candidates' target jobs (e.g. D, D11).
    #[arg(long)]
    pub domain: Option<String>,
    /// Publics the candidates all belong to: rqth, rsa, under26, over50, qpv, longTermUnemployed.
    #[arg(long, value_delimiter = ',')]
    pub public: Vec<String>,
    /// email, phone, visit, event or online_platform.
    #[arg(long)]
    pub channel: Option<String>,
    /// The department the candidates live in, or the companies are in (--territory; e.g. 29,
    /// 2A; `inconnu`: none on the record).
    #[arg(long)]
    pub department: Option<String>,
    /// The commune the candidates live in, or the companies are in: its INSEE code (e.g. 29232).
    #[arg(long)]
    pub commune: Option<String>,
    /// Whose place --department, --commune and the tables by department and commune read:
    /// candidate (where they live) or company (where it is).
    #[arg(long, default_value = "candidate")]
    pub territory: String,
    /// The moment to compute at (RFC 3339); default: now.
    #[arg(long, value_name = "MOMENT")]
    pub now: Option<String>,
    /// Print the whole dashboard as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(db: &Database, args: StatsArgs) -> CliResult {
    let StatsArgs {
        period,
        on,
        from,
        to,
        counsellor,
        agency,
        domain,
        public,
        channel,
        department,
        commune,
        territory,
        now,
        json,
    } = args;
    let territory_of =
        TerritoryOf::from_code(&territory).ok_or_else(|| format!("--territory {territory}: candidate or company"))?;
    let now = match now {
        Some(text) => chrono::DateTime::parse_from_rfc3339(&text)
            .map_err(|e| format!("--now {text}: {e}"))?
            .with_timezone(&chrono::Local),
        None => chrono::Local::now(),
    };
    let period = match period.as_str() {
        "week" => Period::Week { on },
        "month" => Period::Month { on },
        "quarter" => Period::Quarter { on },
        "year" => Period::Year { on },
        "custom" => Period::Custom { from, to },
        other => return Err(format!("--period {other}: week, month, quarter, year or custom").into()),
    };
    let publics = public
        .iter()
        .map(|p| serde_json::from_value(serde_json::Value::String(p.clone())).map_err(|_| format!("--public {p}")))
        .collect::<Result<Vec<Public>, _>>()?;
    let channel =
        channel.map(|c| PromotionChannel::from_code(&c).ok_or_else(|| format!("--channel {c}"))).transpose()?;
    // Every comparison table (`compare_by` none).
    let query = StatsQuery {
        period,
        counsellor,
        agency,
        domain,
        publics,
        channel,
        department,
        commune,
        territory_of,
        compare_by: None,
    };
    let dashboard = stats::dashboard(db, &query, now)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&dashboard)?);
    } else {
        let i = &dashboard.indicators;
        let rate = |r: Option<f64>| r.map_or_else(|| "-".to_owned(), |r| format!("{:.1} %", r * 100.0));
        let days = |d: Option<f64>| d.map_or_else(|| "-".to_owned(), |d| format!("{d:.1} days"));
        println!("{} ({} to {})", dashboard.period.label, dashboard.period.from, dashboard.period.to);
        println!("territory         {}", territory_of.label());
        println!("promotions        {}", i.promotions);
        println!("candidates        {} of a pool of {} ({})", i.candidates, i.pool, rate(i.pool_share));
        println!("answered          {} ({})", i.answered, rate(i.answer_rate));
        println!(
            "answer delay      median {}, mean {} ({} dated answers)",
            days(i.answer_delay_median),
            days(i.answer_delay_mean),
            i.answer_delay_basis
        );
        println!("interviews        {}", i.interviews);
        println!("hires             {} ({})", i.hires, rate(i.hire_rate));
        println!("kept on file      {}", i.kept_on_file);
        println!("refused           {} (not retained {})", i.refused, i.not_retained);
        println!("no answer         {}", i.no_answer);
        println!("withdrawn         {}", i.withdrawn);
        println!("to remind         {}", i.waiting_reminder);
        let never = &dashboard.never_promoted;
        println!(
            "never promoted    {} of {} consenting on {} ({})",
            never.now.never,
            never.now.pool,
            never.now.on,
            rate(never.now.share)
        );
        for point in &never.trend {
            println!("  {:<10} {:>7} of {:>7} ({})", point.on, point.never, point.pool, rate(point.share));
        }
        let profiles = &dashboard.profiles;
        println!(
            "\nprofiles (jobs ranked with {} candidates in the pool or more; to interviews with {} promotions \
             or more)",
            profiles.min_pool, profiles.min_promotions
        );
        for table in &profiles.tables {
            println!(
                "{}\n  {:<48} {:>7} {:>8} {:>8} {:>10} {:>10} {:>8} {:>6}",
                table.title, table.profile, "pool", "promoted", "share", "promotions", "interviews", "rate", "hires"
            );
            for r in &table.rows {
                println!(
                    "  {:<48} {:>7} {:>8} {:>8} {:>10} {:>10} {:>8} {:>6}",
                    r.label,
                    r.pool,
                    r.promoted,
                    rate(r.promoted_share),
                    r.promotions,
                    r.interviews,
                    rate(r.interview_rate),
                    r.hires
                );
            }
        }
        for table in &dashboard.breakdowns {
            println!("\n{}", table.title);
            for r in &table.rows {
                println!(
                    "  {:<48} {:>10} promotions {:>8} answered ({}) {:>6} interviews {:>6} hires ({}) median delay {}",
                    r.label,
                    r.promotions,
                    r.answered,
                    rate(r.answer_rate),
                    r.interviews,
                    r.hires,
                    rate(r.hire_rate),
                    days(r.answer_delay_median)
                );
            }
        }
    }
    Ok(())
}
