//! The journal: who did what and when, for the data-protection officer. Append-only and
//! chained: each entry carries the hash of the one before it and its own, so that an entry
//! edited, inserted or taken out shows at the next `verify`.
//!
//! An entry names its subject by kind and number and the fields changed by name, never a
//! person's name or a value: an erasure must leave nothing of the person here, and the
//! journal cannot be edited to remove it.

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::{
    Error, Result,
    list::{Filters, Page, PageSource, Paging, Total, fetch_page},
};

/// The hash the first entry follows.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "JournalAction")]
pub enum Action {
    Create,
    /// The detail names the fields changed.
    Edit,
    /// At the person's request (right to erasure).
    Erase,
    /// By the retention rule.
    Anonymise,
    /// A person's data, a list, a report or the journal written to a file.
    Export,
    Import,
    /// A promotion sent: by e-mail, as a draft, marked as sent.
    Send,
    SheetGenerated,
    SettingsChanged,
    ConsentWithdrawn,
    ConsentRenewed,
    BackupRestored,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Self::Create,
        Self::Edit,
        Self::Erase,
        Self::Anonymise,
        Self::Export,
        Self::Import,
        Self::Send,
        Self::SheetGenerated,
        Self::SettingsChanged,
        Self::ConsentWithdrawn,
        Self::ConsentRenewed,
        Self::BackupRestored,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Edit => "edit",
            Self::Erase => "erase",
            Self::Anonymise => "anonymise",
            Self::Export => "export",
            Self::Import => "import",
            Self::Send => "send",
            Self::SheetGenerated => "sheet_generated",
            Self::SettingsChanged => "settings_changed",
            Self::ConsentWithdrawn => "consent_withdrawn",
            Self::ConsentRenewed => "consent_renewed",
            Self::BackupRestored => "backup_restored",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "Création",
            Self::Edit => "Modification",
            Self::Erase => "Effacement",
            Self::Anonymise => "Anonymisation (durée de conservation)",
            Self::Export => "Export",
            Self::Import => "Import",
            Self::Send => "Envoi",
            Self::SheetGenerated => "Fiche générée",
            Self::SettingsChanged => "Paramètres modifiés",
            Self::ConsentWithdrawn => "Consentement retiré",
            Self::ConsentRenewed => "Consentement renouvelé",
            Self::BackupRestored => "Sauvegarde restaurée",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// What an entry is about: a record by kind and number, or the whole database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
#[ts(export, rename = "JournalSubject")]
pub enum Subject {
    Candidate(#[ts(type = "number")] i64),
    Company(#[ts(type = "number")] i64),
    Contact(#[ts(type = "number")] i64),
    Promotion(#[ts(type = "number")] i64),
    Settings,
    Database,
}

impl Subject {
    fn to_sql(self) -> (&'static str, Option<i64>) {
        match self {
            Self::Candidate(id) => ("candidate", Some(id)),
            Self::Company(id) => ("company", Some(id)),
            Self::Contact(id) => ("contact", Some(id)),
            Self::Promotion(id) => ("promotion", Some(id)),
            Self::Settings => ("settings", None),
            Self::Database => ("database", None),
        }
    }

    fn from_sql(kind: &str, id: Option<i64>) -> Self {
        match (kind, id) {
            ("candidate", Some(id)) => Self::Candidate(id),
            ("company", Some(id)) => Self::Company(id),
            ("contact", Some(id)) => Self::Contact(id),
            ("promotion", Some(id)) => Self::Promotion(id),
            ("settings", _) => Self::Settings,
            _ => Self::Database,
        }
    }

    /// "Candidat·e n° 12".
    pub fn label(self) -> String {
        match self {
            Self::Candidate(id) => format!("Candidat·e n° {id}"),
            Self::Company(id) => format!("Entreprise n° {id}"),
            Self::Contact(id) => format!("Contact d'entreprise n° {id}"),
            Self::Promotion(id) => format!("Promotion n° {id}"),
            Self::Settings => "Paramètres".to_owned(),
            Self::Database => "Base de données".to_owned(),
        }
    }
}

/// One entry, as listed in Paramètres → Journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub counsellor: String,
    pub os_user: String,
    pub action: Action,
    pub action_label: String,
    pub subject: Subject,
    pub subject_label: String,
    pub detail: String,
}

/// Which entries to list: newest first.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalQuery {
    #[serde(default)]
    pub action: Option<Action>,
    /// `candidate`, `company`, `contact`, `promotion`, `settings`, `database`.
    #[serde(default)]
    pub subject_kind: Option<String>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub subject_id: Option<i64>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub paging: Paging,
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "JournalVerification")]
pub struct Verification {
    pub entries: u32,
    /// The first entry whose chain does not hold, and why; `None` when the chain is whole.
    pub broken: Option<Break>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "JournalBreak")]
pub struct Break {
    #[ts(type = "number")]
    pub id: i64,
    pub reason: String,
}

/// Who acted, beside the counsellor's name: on the team's server the account signed in
/// (the role, which no one else can use), on a desktop the operating system's user.
fn os_user(conn: &Conn) -> Result<String> {
    match conn.account()? {
        Some(account) => Ok(account),
        None => Ok(std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default()),
    }
}

/// The hash of an entry over its fields and the hash before it.
#[allow(clippy::too_many_arguments)]
fn hash_of(
    id: i64,
    at: &str,
    counsellor: &str,
    os_user: &str,
    action: &str,
    subject_kind: &str,
    subject_id: Option<i64>,
    detail: &str,
    prev_hash: &str,
) -> String {
    // A JSON array: unambiguous, whatever the fields hold.
    let canonical =
        serde_json::json!([id, at, counsellor, os_user, action, subject_kind, subject_id, detail, prev_hash]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Appends an entry, in the caller's transaction: the entry lands with what it records or
/// not at all. `detail` must hold no personal data (field names, counts, kinds of file).
pub fn record(conn: &Conn, action: Action, subject: Subject, detail: &str) -> Result<()> {
    conn.take_turns("journal")?;
    let (last_id, prev_hash): (i64, String) = conn
        .prepare_cached("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let id = last_id + 1;
    let at = crate::now_rfc3339();
    let counsellor: String = conn
        .query_row("SELECT name FROM counsellor_settings WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let os_user = os_user(conn)?;
    let (kind, subject_id) = subject.to_sql();
    let hash = hash_of(id, &at, &counsellor, &os_user, action.code(), kind, subject_id, detail, &prev_hash);
    conn.prepare_cached(
        "INSERT INTO journal (id, at, counsellor, os_user, action, subject_kind, subject_id, detail, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, at, counsellor, os_user, action.code(), kind, subject_id, detail, prev_hash, hash])?;
    Ok(())
}

/// Takes record `subject` (a candidate, a company) for this transaction's save: its row is
/// locked until the transaction ends and, when the form says which version it `opened`,
/// the save is refused with `Error::Conflict` (who saved it since, and when) if the record
/// is no longer at that version. The lock is taken by the statement that checks, so two
/// counsellors saving at once on the team's server cannot both pass.
pub(crate) fn claim(conn: &Conn, subject: Subject, opened: Option<i64>) -> Result<()> {
    let table = match subject {
        Subject::Candidate(_) => "candidates",
        Subject::Company(_) => "companies",
        _ => return Ok(()),
    };
    let (kind, Some(id)) = subject.to_sql() else { return Ok(()) };
    let claimed = conn
        .prepare_cached(&format!(
            "UPDATE {table} SET version = version WHERE id = ?1 AND (?2 IS NULL OR version = ?2)"
        ))?
        .execute(params![id, opened])?;
    if claimed > 0 {
        return Ok(());
    }
    let last: Option<(String, String, String)> = conn
        .prepare_cached(
            "SELECT counsellor, os_user, at FROM journal WHERE subject_kind = ?1 AND subject_id = ?2 \
             AND action IN ('create', 'edit', 'import') ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![kind, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (who, at) = last.map_or((String::new(), None), |(name, account, at)| {
        let at =
            chrono::DateTime::parse_from_rfc3339(&at).ok().map(|at| at.with_timezone(&chrono::Local).naive_local());
        (if name.is_empty() { account } else { name }, at)
    });
    Err(Error::Conflict { who, at: at.map(|at| at.format("%d/%m/%Y à %H:%M").to_string()).unwrap_or_default() })
}

/// "Champs modifiés : email, phone" for an edit, from the fields that differ.
pub fn fields_detail<S: AsRef<str>>(fields: &[S]) -> String {
    if fields.is_empty() {
        "Aucun champ modifié".to_owned()
    } else {
        format!("Champs modifiés : {}", fields.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "))
    }
}

/// The fields of a form (its serialised names) whose values differ between two versions:
/// names only, never the values.
pub fn changed_fields<T: Serialize>(before: &T, after: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(before)), Ok(serde_json::Value::Object(after))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    // When a record was written, and how many times, is not one of its fields.
    const STAMPS: [&str; 3] = ["createdAt", "updatedAt", "version"];
    after
        .iter()
        .filter(|(key, value)| !STAMPS.contains(&key.as_str()) && before.get(*key) != Some(value))
        .map(|(key, _)| key.clone())
        .collect()
}

fn filters(query: &JournalQuery) -> Filters {
    let mut filters = Filters::default();
    if let Some(action) = query.action {
        filters.clause("action = :action").bind(":action", action.code());
    }
    if let Some(kind) = query.subject_kind.clone().filter(|k| !k.is_empty()) {
        filters.clause("subject_kind = :kind").bind(":kind", kind);
    }
    if let Some(id) = query.subject_id {
        filters.clause("subject_id = :subject_id").bind(":subject_id", id);
    }
    if let Some(from) = query.from {
        filters.clause("at >= :from").bind(":from", from.format("%Y-%m-%d").to_string());
    }
    if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
        filters.clause("at < :to").bind(":to", to.format("%Y-%m-%d").to_string());
    }
    filters
}

fn entry(row: &crate::store::Row<'_>) -> rusqlite::Result<JournalEntry> {
    let code: String = row.get(4)?;
    let action = Action::from_code(&code)
        .ok_or_else(|| rusqlite::Error::InvalidColumnType(4, code.clone(), rusqlite::types::Type::Text))?;
    let subject = Subject::from_sql(&row.get::<_, String>(5)?, row.get(6)?);
    Ok(JournalEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        counsellor: row.get(2)?,
        os_user: row.get(3)?,
        action,
        action_label: action.label().to_owned(),
        subject,
        subject_label: subject.label(),
        detail: row.get(7)?,
    })
}

const COLUMNS: &str = "id, at, counsellor, os_user, action, subject_kind, subject_id, detail";

/// One page of the journal, newest first.
pub fn list(conn: &Conn, query: &JournalQuery) -> Result<Page<JournalEntry>> {
    let filters = filters(query);
    let source =
        PageSource { columns: COLUMNS, from: "journal", filters: &filters, order_by: "id DESC", total: Total::Count };
    fetch_page(conn, &source, query.paging, entry)
}

/// Every entry the query keeps, oldest first (the export).
pub fn all(conn: &Conn, query: &JournalQuery) -> Result<Vec<JournalEntry>> {
    let filters = filters(query);
    let sql = format!("SELECT {COLUMNS} FROM journal {} ORDER BY id", filters.sql());
    Ok(conn.prepare(&sql)?.query_map(filters.args().as_slice(), entry)?.collect::<rusqlite::Result<_>>()?)
}

/// Walks the whole chain: each entry follows the one before it (numbers without gaps,
/// the previous hash carried) and its hash matches its fields.
pub fn verify(conn: &Conn) -> Result<Verification> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS}, prev_hash, hash FROM journal ORDER BY id"))?;
    let mut rows = statement.query([])?;
    let (mut expected_id, mut prev) = (1_i64, GENESIS.to_owned());
    let mut entries = 0_u32;
    while let Some(row) = rows.next()? {
        entries += 1;
        let id: i64 = row.get(0)?;
        let (at, counsellor, os_user, action, kind, detail): (String, String, String, String, String, String) =
            (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(7)?);
        let subject_id: Option<i64> = row.get(6)?;
        let (prev_hash, hash): (String, String) = (row.get(8)?, row.get(9)?);
        let broken = |reason: String| Ok(Verification { entries, broken: Some(Break { id, reason }) });
        if id != expected_id {
            return broken(format!(
                "entrée n° {id} : l'entrée n° {expected_id} manque (retirée ou numérotée autrement)"
            ));
        }
        if prev_hash != prev {
            return broken(format!("entrée n° {id} : ne suit pas l'entrée précédente (chaîne rompue)"));
        }
        if hash_of(id, &at, &counsellor, &os_user, &action, &kind, subject_id, &detail, &prev_hash) != hash {
            return broken(format!("entrée n° {id} : modifiée après son enregistrement"));
        }
        expected_id += 1;
        prev = hash;
    }
    Ok(Verification { entries, broken: None })
}

/// The journal as a CSV file (UTF-8 with BOM, `;`), oldest first, for the DPO.
pub fn write_csv(conn: &Conn, query: &JournalQuery, path: &std::path::Path) -> Result<u32> {
    let entries = all(conn, query)?;
    let mut out = String::from("\u{feff}N°;Date (UTC);Conseiller;Utilisateur du système;Action;Objet;Détail\r\n");
    for e in &entries {
        let cells = [
            e.id.to_string(),
            e.at.clone(),
            e.counsellor.clone(),
            e.os_user.clone(),
            e.action_label.clone(),
            e.subject_label.clone(),
            e.detail.clone(),
        ];
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    std::fs::write(path, out).map_err(|e| Error::io(path, e))?;
    Ok(u32::try_from(entries.len()).unwrap_or(u32::MAX))
}

/// A CSV cell: quoted when it must be, and never read as a formula by a spreadsheet.
fn csv_cell(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([';', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Database, secret::DbKey};

    fn test_db() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap();
        (dir, db)
    }

    fn entries(conn: &Conn) -> Vec<JournalEntry> {
        all(conn, &JournalQuery::default()).unwrap()
    }

    #[test]
    fn entries_are_chained_and_the_chain_verifies() {
        let (_dir, db) = test_db();
        db.write(|tx| {
            record(tx, Action::Create, Subject::Candidate(1), "")?;
            record(tx, Action::Edit, Subject::Candidate(1), &fields_detail(&["email", "phone"]))?;
            record(tx, Action::SettingsChanged, Subject::Settings, "")
        })
        .unwrap();
        db.read(|conn| {
            let all = entries(conn);
            assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2, 3]);
            assert_eq!(all[1].detail, "Champs modifiés : email, phone");
            assert_eq!(all[1].subject, Subject::Candidate(1));
            assert_eq!(verify(conn)?, Verification { entries: 3, broken: None });
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn an_edit_names_the_fields_changed_and_not_their_values() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Form {
            last_name: &'static str,
            email: &'static str,
            jobs: Vec<u32>,
        }
        let before = Form { last_name: "Le Goff", email: "a@b.fr", jobs: vec![1] };
        let after = Form { last_name: "Le Goff", email: "c@d.fr", jobs: vec![1, 2] };
        let fields = changed_fields(&before, &after);
        assert_eq!(fields, ["email", "jobs"]);
        assert_eq!(fields_detail(&fields), "Champs modifiés : email, jobs");
        assert_eq!(fields_detail::<&str>(&[]), "Aucun champ modifié");
    }

    #[test]
    fn the_journal_refuses_edits_and_deletions_through_sql() {
        let (_dir, db) = test_db();
        db.write(|tx| record(tx, Action::Create, Subject::Company(4), "")).unwrap();
        let edit = db.write(|tx| Ok(tx.execute("UPDATE journal SET detail = 'x'", [])?));
        assert!(edit.unwrap_err().to_string().contains("append-only"));
        let delete = db.write(|tx| Ok(tx.execute("DELETE FROM journal", [])?));
        assert!(delete.unwrap_err().to_string().contains("append-only"));
    }

    /// Around the triggers (dropped, as someone with the key could): an edit, a removal
    /// and a forged entry each break the chain at the right place.
    #[test]
    fn an_edit_a_gap_or_a_forged_entry_is_found() {
        for (tamper, id, words) in [
            ("UPDATE journal SET detail = 'rien' WHERE id = 2", 2, "modifiée"),
            ("DELETE FROM journal WHERE id = 2", 3, "n° 2 manque"),
            ("UPDATE journal SET prev_hash = hash WHERE id = 3", 3, "chaîne rompue"),
        ] {
            let (_dir, db) = test_db();
            db.write(|tx| {
                for n in 1..=4 {
                    record(tx, Action::Edit, Subject::Candidate(n), "")?;
                }
                tx.execute_batch("DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;")?;
                tx.execute_batch(tamper)?;
                Ok(())
            })
            .unwrap();
            let found = db.read(verify).unwrap();
            let broken = found.broken.unwrap_or_else(|| panic!("{tamper}: not found"));
            assert_eq!(broken.id, id, "{tamper}");
            assert!(broken.reason.contains(words), "{tamper}: {}", broken.reason);
        }
    }

    #[test]
    fn the_list_filters_by_action_and_subject_newest_first() {
        let (_dir, db) = test_db();
        db.write(|tx| {
            record(tx, Action::Create, Subject::Candidate(1), "")?;
            record(tx, Action::Create, Subject::Company(2), "")?;
            record(tx, Action::Edit, Subject::Candidate(1), "")
        })
        .unwrap();
        db.read(|conn| {
            let q = JournalQuery {
                subject_kind: Some("candidate".into()),
                paging: Paging::first(10),
                ..Default::default()
            };
            assert_eq!(list(conn, &q)?.items.iter().map(|e| e.id).collect::<Vec<_>>(), [3, 1]);
            let q = JournalQuery { action: Some(Action::Create), paging: Paging::first(10), ..Default::default() };
            let page = list(conn, &q)?;
            assert_eq!((page.total, page.items[0].subject_label.as_str()), (2, "Entreprise n° 2"));
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn the_csv_export_escapes_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("Champs modifiés : email"), "Champs modifiés : email");
        let (_dir, db) = test_db();
        db.write(|tx| record(tx, Action::Export, Subject::Database, "")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.csv");
        assert_eq!(db.read(|c| write_csv(c, &JournalQuery::default(), &path)).unwrap(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('\u{feff}') && text.contains("Export;Base de données"));
    }
}
