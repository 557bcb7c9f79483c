//! Moving in (« Rejoindre une équipe »): a desktop database's records uploaded into the
//! team's. The people and companies the team already has are found with the import's rules
//! (a candidate by the strong keys of `candidates::duplicates`, among those the account may
//! see; a company by its SIRET) and are not entered twice: the desktop's promotions, with
//! their events, sheets, replies and check-ins, are attached to the team's records. What is
//! new comes with everything that is theirs (target jobs, skills, consent history, contacts,
//! commitments). The counsellor sees the plan (`preview`) before anything is written; the
//! upload (`move_in`) is one transaction of the server, which plans again inside it. The
//! desktop file is only read: it stays as it was.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, ToSql, types::Value};
use serde::Serialize;
use ts_rs::TS;

use crate::{
    Database, Result,
    candidates::{self, Identity},
    companies,
    journal::{self, Action, Subject},
    store::Conn,
    text::fold,
};

/// What moving in brings: counts of what is new to the team, and the records the team
/// already has, shown side by side.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MovingIn {
    /// The desktop database's name (its file).
    pub desktop: String,
    pub candidates: u32,
    pub companies: u32,
    /// Promotions new to the team, and the events of their logs.
    pub promotions: u32,
    pub events: u32,
    /// Promotions the team already has (moved in before: same person, company and moment).
    pub same_promotions: u32,
    /// Desktop candidates the team already has: not entered again.
    pub same_candidates: Vec<Twin>,
    /// Desktop companies the team already has (same SIRET).
    pub same_companies: Vec<Twin>,
}

/// A desktop record and the team's record taken for the same person or company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Twin {
    pub desktop: String,
    pub team: String,
    /// Why they are the same (« même adresse e-mail », « même SIRET »…).
    pub reason: String,
}

/// What moving `desktop` into `team` would do, nothing written.
pub fn preview(desktop: &Database, team: &Database) -> Result<MovingIn> {
    desktop.read(|file| team.read(|server| Ok(plan(file, server, desktop.name())?.summary)))
}

/// Uploads `desktop`'s records into `team` in one transaction of the server, journaled there
/// as one import; what was moved. The desktop database is read, never written.
pub fn move_in(desktop: &Database, team: &Database) -> Result<MovingIn> {
    desktop.read(|file| {
        team.write(|server| {
            let plan = plan(file, server, desktop.name())?;
            let summary = plan.summary.clone();
            upload(file, server, plan)?;
            journal::record(
                server,
                Action::Import,
                Subject::Database,
                &format!(
                    "emménagement d'une base de poste : {} candidat·es, {} entreprises, {} promotions, \
                     {} candidat·es et {} entreprises déjà dans l'équipe",
                    summary.candidates,
                    summary.companies,
                    summary.promotions,
                    summary.same_candidates.len(),
                    summary.same_companies.len()
                ),
            )?;
            Ok(summary)
        })
    })
}

/// The desktop's records the team already has, to their team ids; the others are new.
struct Plan {
    candidates: Ids,
    companies: Ids,
    promotions: Ids,
    summary: MovingIn,
}

fn plan(file: &Conn, server: &Conn, desktop: String) -> Result<Plan> {
    let mut summary = MovingIn { desktop, ..MovingIn::default() };
    let mut candidates = Ids::new();
    let rows = file
        .prepare(
            "SELECT id, first_name, last_name, france_travail_id, email, phone, birth_date, erased_at IS NOT NULL \
             FROM candidates ORDER BY id",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<NaiveDate>>(6)?,
                r.get::<_, bool>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, first, last, france_travail_id, email, phone, birth, erased) in rows {
        // An erased person's record is a tombstone without a name: moved as it is, for the
        // figures its promotions keep.
        let same = if erased {
            None
        } else {
            let who =
                Identity::new(france_travail_id.as_deref(), email.as_deref(), phone.as_deref(), &last, &first, birth);
            candidates::find_duplicates(server, &who, None)?.into_iter().next()
        };
        match same {
            Some(team) => {
                summary.same_candidates.push(Twin {
                    desktop: format!("{first} {last}"),
                    team: team.name,
                    reason: team.reason,
                });
                candidates.insert(id, team.id);
            }
            None => summary.candidates += 1,
        }
    }
    let mut companies = Ids::new();
    let rows = file
        .prepare("SELECT id, name, siret FROM companies ORDER BY id")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, name, siret) in rows {
        match companies::find_by_siret(server, &siret)? {
            Some((team, team_name)) => {
                summary.same_companies.push(Twin { desktop: name, team: team_name, reason: "même SIRET".into() });
                companies.insert(id, team);
            }
            None => summary.companies += 1,
        }
    }
    let promotions = promotions_had(file, server, &candidates, &companies)?;
    summary.same_promotions = u32::try_from(promotions.len()).unwrap_or(u32::MAX);
    let mut events = file.prepare("SELECT promotion_id FROM promotion_events")?;
    for promotion in events.query_map([], |r| r.get::<_, i64>(0))? {
        summary.events += u32::from(!promotions.contains_key(&promotion?));
    }
    summary.promotions = count(file, "promotions")? - summary.same_promotions;
    Ok(Plan { candidates, companies, promotions, summary })
}

fn count(conn: &Conn, table: &str) -> Result<u32> {
    Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

/// The desktop's promotions the team has already (a desktop that joined, left and joins
/// again): the same person to the same company at the same moment.
fn promotions_had(file: &Conn, server: &Conn, people: &Ids, firms: &Ids) -> Result<Ids> {
    let mut found = Ids::new();
    let rows = file
        .prepare("SELECT id, candidate_id, company_id, created_at FROM promotions")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut same = server
        .prepare("SELECT id FROM promotions WHERE candidate_id = ?1 AND company_id = ?2 AND created_at = ?3 LIMIT 1")?;
    for (id, candidate, company, created_at) in rows {
        if let (Some(person), Some(firm)) = (people.get(&candidate), firms.get(&company))
            && let Some(team) = same.query_row((person, firm, &created_at), |r| r.get(0)).optional()?
        {
            found.insert(id, team);
        }
    }
    Ok(found)
}

/// Desktop ids to the team's, for one table.
type Ids = HashMap<i64, i64>;

/// Where a reference column of a copied row points.
#[derive(Clone, Copy)]
enum Link<'a> {
    /// Rows of another table, moved before.
    To(&'a Ids),
    /// An earlier row of the same table.
    Earlier,
    /// On the row's own id: the rows the team has already, not copied.
    Except(&'a Ids),
}
use Link::{Earlier, Except, To};

fn upload(file: &Conn, server: &Conn, plan: Plan) -> Result<()> {
    let new_people = copy_children(file, server, "candidates", &[("id", Except(&plan.candidates))])?;
    let people: Ids = plan.candidates.iter().chain(&new_people).map(|(d, t)| (*d, *t)).collect();
    for table in ["candidate_target_jobs", "candidate_skills", "erased_target_jobs", "consent_events"] {
        copy_children(file, server, table, &[("candidate_id", To(&new_people))])?;
    }
    candidates::reindex_all(server, &mut new_people.values().copied().collect())?;

    let new_firms = copy_children(file, server, "companies", &[("id", Except(&plan.companies))])?;
    let firms: Ids = plan.companies.iter().chain(&new_firms).map(|(d, t)| (*d, *t)).collect();
    let contacts = contacts(file, server, &firms, &new_firms)?;
    // The team's commitments of a company it already had are kept; the desktop's are added.
    for (company, commitment) in file
        .prepare("SELECT company_id, commitment FROM company_commitments")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
    {
        server.execute(
            "INSERT INTO company_commitments (company_id, commitment) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            (firms[&company], commitment),
        )?;
    }
    companies::reindex_all(server, &mut firms.values().copied().collect())?;

    // A promotion the team has already keeps its log there: only the new ones are copied,
    // with what is theirs.
    let promotions = copy_children(
        file,
        server,
        "promotions",
        &[
            ("candidate_id", To(&people)),
            ("company_id", To(&firms)),
            ("contact_id", To(&contacts)),
            ("id", Except(&plan.promotions)),
        ],
    )?;
    // A correction points at an earlier event of the log (the log is append-only: its
    // reference is given as the row is written).
    let events =
        copy_children(file, server, "promotion_events", &[("promotion_id", To(&promotions)), ("corrects", Earlier)])?;
    copy_children(file, server, "promotion_sheets", &[("promotion_id", To(&promotions))])?;
    copy_children(file, server, "employer_replies", &[("promotion_id", To(&promotions)), ("event_id", To(&events))])?;
    copy_children(file, server, "hire_checkins", &[("promotion_id", To(&promotions)), ("hire_event_id", To(&events))])?;
    // The latest sending of the people the team already had may be one of the desktop's.
    for &id in plan.candidates.values() {
        server.execute(
            "UPDATE candidates SET last_sent_at = (SELECT max(sent_at) FROM promotions WHERE candidate_id = ?1) \
             WHERE id = ?1 AND (SELECT max(sent_at) FROM promotions WHERE candidate_id = ?1) > coalesce(last_sent_at, '')",
            [id],
        )?;
    }
    Ok(())
}

/// The desktop's contacts on the team's companies: a new company's all, and on a company
/// the team had, those it does not have yet under the same name (added after its own).
fn contacts(file: &Conn, server: &Conn, firms: &Ids, new_firms: &Ids) -> Result<Ids> {
    let mut contacts = copy_children(file, server, "company_contacts", &[("company_id", To(new_firms))])?;
    let rows = file
        .prepare("SELECT id, company_id, name FROM company_contacts ORDER BY company_id, position")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, company, name) in rows.into_iter().filter(|(_, company, _)| !new_firms.contains_key(company)) {
        let team_company = firms[&company];
        let known = server
            .prepare("SELECT id, name FROM company_contacts WHERE company_id = ?1")?
            .query_map([team_company], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .find(|(_, other)| fold(other.trim()) == fold(name.trim()));
        let team_id = match known {
            Some((team_id, _)) => team_id,
            None => {
                let position: i64 = server.query_row(
                    "SELECT coalesce(max(position), 0) + 1 FROM company_contacts WHERE company_id = ?1",
                    [team_company],
                    |r| r.get(0),
                )?;
                copy_row(file, server, "company_contacts", id, &[("company_id", team_company), ("position", position)])?
            }
        };
        contacts.insert(id, team_id);
    }
    Ok(contacts)
}

/// The columns of `table` both stores have, its own id aside.
fn shared_columns(file: &Conn, server: &Conn, table: &str) -> Result<Vec<String>> {
    let theirs = server.columns(table)?;
    Ok(file.columns(table)?.into_iter().filter(|c| c != "id" && theirs.contains(c)).collect())
}

fn insert_sql(table: &str, columns: &[String]) -> String {
    let places: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), places.join(", "))
}

/// Copies the desktop's row `id` of `table` as a new row of the team's, `set` overriding
/// columns; its new id.
fn copy_row(file: &Conn, server: &Conn, table: &str, id: i64, set: &[(&str, i64)]) -> Result<i64> {
    let columns = shared_columns(file, server, table)?;
    let mut values: Vec<Value> =
        file.query_row(&format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", ")), [id], |r| {
            (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect()
        })?;
    for (column, value) in set {
        if let Some(i) = columns.iter().position(|c| c == column) {
            values[i] = Value::Integer(*value);
        }
    }
    let params: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
    server.prepare_cached(&insert_sql(table, &columns))?.execute(params.as_slice())?;
    Ok(server.last_insert_rowid()?)
}

/// Copies the desktop's rows of `table` whose first reference (`links[0]`) was moved, in
/// the order of their ids, each reference column given the team's id (NULL when its row was
/// not moved); the ids of the rows copied, when the table has ids. An `Except` link leaves
/// out the rows it names.
fn copy_children(file: &Conn, server: &Conn, table: &str, links: &[(&str, Link)]) -> Result<Ids> {
    let columns = shared_columns(file, server, table)?;
    let has_id = file.columns(table)?.iter().any(|c| c == "id");
    let select = format!(
        "SELECT {}{} FROM {table}{}",
        if has_id { "id, " } else { "" },
        columns.join(", "),
        if has_id { " ORDER BY id" } else { "" }
    );
    let first = usize::from(has_id);
    let rows: Vec<Vec<Value>> = file
        .prepare(&select)?
        .query_map([], |r| (0..columns.len() + first).map(|i| r.get::<_, Value>(i)).collect())?
        .collect::<rusqlite::Result<_>>()?;
    let places: Vec<(usize, Link)> = links
        .iter()
        .map(|(column, link)| {
            let place =
                if *column == "id" { Some(0) } else { columns.iter().position(|c| c == column).map(|i| i + first) };
            (place.unwrap_or(usize::MAX), *link)
        })
        .collect();
    let mut statement = server.prepare_cached(&insert_sql(table, &columns))?;
    let mut copied = Ids::new();
    'rows: for mut row in rows {
        for (n, (place, link)) in places.iter().enumerate() {
            let Some(Value::Integer(desktop)) = row.get(*place) else { continue };
            let ids = match link {
                To(ids) => *ids,
                Earlier => &copied,
                Except(had) if had.contains_key(desktop) => continue 'rows,
                Except(_) => continue,
            };
            match ids.get(desktop) {
                Some(team) => row[*place] = Value::Integer(*team),
                None if n == 0 => continue 'rows,
                None => row[*place] = Value::Null,
            }
        }
        let params: Vec<&dyn ToSql> = row[first..].iter().map(|v| v as &dyn ToSql).collect();
        statement.execute(params.as_slice())?;
        if let Some(Value::Integer(desktop)) = has_id.then(|| &row[0]) {
            copied.insert(*desktop, server.last_insert_rowid()?);
        }
    }
    Ok(copied)
}
