//! Storing a tracker's rows through the core's own rules: each row is matched to the
//! candidates and companies already there (France Travail id, e-mail, name and birth
//! date; SIRET), creates or updates them with the candidates' and companies' validation,
//! and records its promotion as history. Each row is decided whole before any of it is
//! written (`plan`, then `write`): a row that breaks a rule writes nothing and is
//! reported; the transaction holds every other row.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension};

use super::{
    Cancel, ColumnSource, ImportColumn, ImportCounts, ImportIssue, ImportOptions, ImportPhase, ImportProgress,
    ImportReport, IssueSeverity, PREVIEW_ROWS, PreviewRow, PreviewValue, SheetReport, StatusChoice, StatusReading,
    layout::{self, Table, column_letter},
    mapping::{self, ColumnChoice, ImportField, normalise_header},
    read::{self, Sheet, Value},
    values::{self, SiretRead, Status},
};
use crate::{
    Error, FieldError, Result,
    candidates::{self, Candidate, CandidateInput, ConsentChannel, TargetJob},
    choices::{EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    clock::{noon, stored},
    companies::{self, Company, CompanyInput, ContactInput},
    promotions::{self, History, HistoryEvent, lifecycle},
    settings,
    text::fold,
};

use ImportField as F;

/// How many of the file's distinct statuses are listed for mapping.
const MAX_STATUSES: usize = 200;

/// One problem of a row, before it is placed (sheet and row number).
struct Problem {
    field: Option<ImportField>,
    value: String,
    reason: String,
}

impl Problem {
    fn new(field: Option<ImportField>, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { field, value: value.into(), reason: reason.into() }
    }
}

/// Why a row cannot be stored: its problems, or a failure that stops the whole import.
enum RowError {
    Rejected(Vec<Problem>),
    Fatal(Error),
}

impl From<Error> for RowError {
    fn from(error: Error) -> Self {
        Self::Fatal(error)
    }
}

impl From<rusqlite::Error> for RowError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Fatal(error.into())
    }
}

fn reject(field: Option<ImportField>, value: impl Into<String>, reason: impl Into<String>) -> RowError {
    RowError::Rejected(vec![Problem::new(field, value, reason)])
}

/// A core refusal of the row's record becomes the row's problems, each on its column.
fn refused(error: Error, fields: &[(&str, ImportField)], values: &dyn Fn(ImportField) -> String) -> RowError {
    match error {
        Error::Validation(list) => RowError::Rejected(
            list.into_iter()
                .map(|FieldError { field, message }| {
                    let base = field.split('.').next_back().unwrap_or(&field).to_owned();
                    let found = fields.iter().find(|(name, _)| *name == field || *name == base).map(|(_, f)| *f);
                    Problem::new(found, found.map(values).unwrap_or_default(), message)
                })
                .collect(),
        ),
        Error::Rule(message) | Error::InvalidInput(message) => reject(None, "", message),
        Error::Duplicate(matches) => reject(None, "", Error::Duplicate(matches).to_string()),
        other => RowError::Fatal(other),
    }
}

/// The form fields of candidates and companies, named as the core names them.
const CANDIDATE_FIELDS: &[(&str, ImportField)] = &[
    ("lastName", F::LastName),
    ("firstName", F::FirstName),
    ("birthDate", F::BirthDate),
    ("email", F::Email),
    ("phone", F::Phone),
    ("franceTravailId", F::FranceTravailId),
    ("postcode", F::Postcode),
    ("commune", F::Commune),
    ("consentDate", F::ConsentDate),
    ("consentChannel", F::ConsentChannel),
    ("consentExpiry", F::ConsentExpiry),
    ("targetJobs", F::TargetJob),
    ("counsellor", F::Counsellor),
];
const COMPANY_FIELDS: &[(&str, ImportField)] = &[
    ("name", F::CompanyName),
    ("siret", F::Siret),
    ("postcode", F::CompanyPostcode),
    ("commune", F::CompanyCommune),
    ("contacts", F::ContactName),
];

/// The mapped cells of one data row.
struct RowValues<'a> {
    cells: Vec<(ImportField, &'a Value)>,
}

impl<'a> RowValues<'a> {
    /// The first filled cell of the field.
    fn get(&self, field: ImportField) -> Option<&'a Value> {
        self.cells.iter().find(|(f, v)| *f == field && !v.is_empty()).map(|(_, v)| *v)
    }

    fn text(&self, field: ImportField) -> String {
        self.get(field).map(values::text).unwrap_or_default()
    }

    /// Every filled cell of the field, joined (several comment columns).
    fn joined(&self, field: ImportField) -> String {
        let parts: Vec<String> =
            self.cells.iter().filter(|(f, v)| *f == field && !v.is_empty()).map(|(_, v)| values::text(v)).collect();
        parts.join(" — ")
    }

    /// What the row says of one entity: two rows alike need the same work only once.
    fn fingerprint(&self, entity: mapping::Entity) -> String {
        let mut out = String::new();
        for (field, value) in self.cells.iter().filter(|(f, _)| f.entity() == entity) {
            out.push_str(field.code());
            out.push('=');
            out.push_str(&value.display());
            out.push('\u{1f}');
        }
        out
    }

    fn has_any(&self, entity: mapping::Entity) -> bool {
        self.cells.iter().any(|(f, v)| f.entity() == entity && !v.is_empty())
    }
}

/// Who is already in the pool, by what identifies them: the candidates' duplicate rules
/// (same France Travail id, same e-mail, same names and birth date; names alone when the
/// file gives nothing else), held in memory so that a large file needs no scan per row.
#[derive(Default)]
struct Identities {
    by_ft_id: HashMap<String, Vec<i64>>,
    by_email: HashMap<String, Vec<i64>>,
    by_name: HashMap<String, Vec<(i64, Option<NaiveDate>)>>,
}

fn name_key(last: &str, first: &str) -> String {
    format!("{}|{}", fold(last.trim()), fold(first.trim()))
}

impl Identities {
    fn load(conn: &Connection) -> Result<Self> {
        let mut me = Self::default();
        let mut statement =
            conn.prepare("SELECT id, france_travail_id, email, last_name, first_name, birth_date FROM candidates")?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<NaiveDate>>(5)?,
            ))
        })?;
        for row in rows {
            let (id, ft, email, last, first, birth) = row?;
            me.add(id, ft.as_deref(), email.as_deref(), &last, &first, birth);
        }
        Ok(me)
    }

    fn add(
        &mut self,
        id: i64,
        ft: Option<&str>,
        email: Option<&str>,
        last: &str,
        first: &str,
        birth: Option<NaiveDate>,
    ) {
        if let Some(ft) = ft {
            push_unique(self.by_ft_id.entry(ft.to_owned()).or_default(), id);
        }
        if let Some(email) = email {
            push_unique(self.by_email.entry(email.to_lowercase()).or_default(), id);
        }
        let names = self.by_name.entry(name_key(last, first)).or_default();
        names.retain(|(other, _)| *other != id);
        names.push((id, birth));
    }

    /// The candidates the row designates, with the reason.
    fn find(
        &self,
        ft: Option<&str>,
        email: Option<&str>,
        last: &str,
        first: &str,
        birth: Option<NaiveDate>,
    ) -> Vec<(i64, &'static str)> {
        let mut found: Vec<(i64, &'static str)> = Vec::new();
        let mut add = |id: i64, reason: &'static str| {
            if !found.iter().any(|(f, _)| *f == id) {
                found.push((id, reason));
            }
        };
        for id in ft.and_then(|ft| self.by_ft_id.get(ft)).into_iter().flatten() {
            add(*id, "même identifiant France Travail");
        }
        for id in email.and_then(|e| self.by_email.get(&e.to_lowercase())).into_iter().flatten() {
            add(*id, "même adresse e-mail");
        }
        let named = self.by_name.get(&name_key(last, first));
        if let Some(birth) = birth {
            for (id, _) in named.into_iter().flatten().filter(|(_, b)| *b == Some(birth)) {
                add(*id, "mêmes nom, prénom et date de naissance");
            }
        }
        if found.is_empty() && ft.is_none() && email.is_none() {
            // Names alone: the same person when the pool holds one of that name whose birth
            // date does not contradict the file's.
            let same: Vec<i64> = named
                .into_iter()
                .flatten()
                .filter(|(_, b)| birth.is_none() || b.is_none())
                .map(|(id, _)| *id)
                .collect();
            found.extend(same.into_iter().map(|id| (id, "mêmes nom et prénom")));
        }
        found
    }
}

fn push_unique(ids: &mut Vec<i64>, id: i64) {
    if !ids.contains(&id) {
        ids.push(id);
    }
}

/// A candidate (`false`) or a company (`true`), by id.
type SeenKey = (bool, i64);
/// What a row said of it, and the company contact it named.
type Seen = (String, Option<i64>);

/// What a row will write, decided before any of it is written: a row that breaks a rule
/// is rejected before it writes anything, so the rows need no savepoint of their own.
struct RowPlan {
    candidate: Option<CandidatePlan>,
    company: Option<CompanyPlan>,
    promotion: PromotionPlan,
}

enum CandidatePlan {
    /// In the pool already, unchanged; what the row said of it, when it was compared.
    Known {
        id: i64,
        print: Option<String>,
    },
    Rewrite {
        id: i64,
        valid: Box<candidates::Valid>,
        print: String,
    },
    Create {
        valid: Box<candidates::Valid>,
        print: String,
    },
}

impl CandidatePlan {
    fn id(&self) -> Option<i64> {
        match self {
            Self::Known { id, .. } | Self::Rewrite { id, .. } => Some(*id),
            Self::Create { .. } => None,
        }
    }
}

enum CompanyPlan {
    /// Known already, unchanged, with the contact the row names.
    Known {
        id: i64,
        contact: Option<i64>,
        print: Option<String>,
    },
    Rewrite {
        id: i64,
        valid: Box<companies::Valid>,
        contact: Option<ContactInput>,
        print: String,
    },
    Create {
        valid: Box<companies::Valid>,
        contact: Option<ContactInput>,
        print: String,
    },
}

impl CompanyPlan {
    fn id(&self) -> Option<i64> {
        match self {
            Self::Known { id, .. } | Self::Rewrite { id, .. } => Some(*id),
            Self::Create { .. } => None,
        }
    }
}

enum PromotionPlan {
    None,
    /// A later event for a promotion already stored.
    Append {
        id: i64,
        event: HistoryEvent,
    },
    Create(NewHistory),
}

/// A promotion to record as history (`promotions::History`, owned).
struct NewHistory {
    day: NaiveDate,
    counsellor: String,
    channel: PromotionChannel,
    job_offer_ref: Option<String>,
    repeat_reason: Option<String>,
    sent_at: String,
    events: Vec<HistoryEvent>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Created,
    Updated,
    Unchanged,
}

/// How a sheet's columns map to fields.
struct SheetPlan<'a> {
    sheet: &'a Sheet,
    table: Table,
    /// (column index, field) for every mapped column.
    fields: Vec<(usize, ImportField)>,
}

struct Importer<'a> {
    conn: &'a Connection,
    now: DateTime<Local>,
    today: NaiveDate,
    options: &'a ImportOptions,
    author: Option<String>,
    identities: Identities,
    /// Candidates and companies written without their full-text entry, indexed once at
    /// the end.
    unindexed_candidates: Vec<i64>,
    unindexed_companies: Vec<i64>,
    /// Candidates (`false`) and companies (`true`) this import already brought up to a
    /// row: what the row said, and the company contact it named.
    seen: HashMap<SeenKey, Seen>,
    /// The companies this import met, by SIRET.
    sirets: HashMap<String, i64>,
    /// The consent period of the candidates this import met, as stored (read once each).
    consents: HashMap<i64, (NaiveDate, NaiveDate)>,
    /// The promotions of the candidates this import met, by company: read once per
    /// candidate, then kept up to date with what the import writes.
    promotions_of: HashMap<i64, HashMap<i64, Vec<promotions::Recorded>>>,
    statuses: HashMap<String, Option<Status>>,
    jobs: HashMap<String, Option<(TargetJob, bool)>>,
    communes: HashMap<(String, String), Option<(String, String)>>,
    /// Promotions created per company and month (history may exceed the monthly limit).
    monthly: HashMap<(i64, i32, u32), u32>,
    repeat_window_days: i64,
    counts: ImportCounts,
    issues: Vec<ImportIssue>,
    rows: Vec<PreviewRow>,
    needs_consent_channel: bool,
    consent_expiry_defaulted: bool,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn import(
    conn: &Connection,
    path: &std::path::Path,
    book: &read::Workbook,
    options: &ImportOptions,
    now: DateTime<Local>,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ImportProgress),
    commit: bool,
) -> Result<ImportReport> {
    let available_sheets = book.sheet_names.clone();
    let sheets = &book.sheets;
    let mut warnings = Vec::new();
    let mut reports = Vec::new();
    let mut plans = Vec::new();
    let mut columns: Vec<ImportColumn> = Vec::new();
    for sheet in sheets {
        if let Some((rows, cols)) =
            sheet.declared.filter(|(r, c)| *r > read::MAX_ROWS as u64 || *c > read::MAX_COLUMNS as u64)
        {
            warnings.push(format!(
                "La feuille « {} » déclare {} lignes × {} colonnes : seules les cellules remplies sont lues ({} lignes).",
                sheet.name,
                read::format_count(rows as usize),
                read::format_count(cols as usize),
                read::format_count(sheet.rows.len())
            ));
        }
        if sheet.columns_cut {
            warnings.push(format!(
                "La feuille « {} » a des cellules au-delà de la colonne {} : elles ne sont pas lues.",
                sheet.name,
                column_letter(read::MAX_COLUMNS - 1)
            ));
        }
        let Some(table) = layout::find_table(sheet) else {
            if !sheet.rows.is_empty() || !options.sheets.is_empty() {
                warnings.push(format!(
                    "La feuille « {} » ne contient pas de tableau reconnu : elle est ignorée.",
                    sheet.name
                ));
            }
            reports.push(SheetReport {
                name: sheet.name.clone(),
                header_row: 0,
                data_rows: 0,
                blank_rows: 0,
                total_rows: 0,
                repeated_headers: 0,
            });
            continue;
        };
        let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
        let remembered = mapping::remembered(conn, &headers)?;
        let mut fields = Vec::new();
        for column in &table.columns {
            let key = normalise_header(&column.header);
            let chosen = options.columns.iter().find(|c| normalise_header(&c.header) == key);
            let memory = remembered.as_ref().and_then(|m| m.iter().find(|c| normalise_header(&c.header) == key));
            let (field, source) = match (chosen, memory, column.recognised) {
                (Some(c), ..) => (c.field, ColumnSource::Chosen),
                (None, Some(m), _) => (m.field, ColumnSource::Remembered),
                (None, None, Some(f)) => (Some(f), ColumnSource::Recognised),
                (None, None, None) => (None, ColumnSource::Unknown),
            };
            if let Some(field) = field {
                fields.push((column.index, field));
            }
            let place = format!("{} : {}", sheet.name, column_letter(column.index));
            let samples: Vec<String> = table
                .data
                .iter()
                .map(|&i| sheet.rows[i].get(column.index))
                .filter(|v| !v.is_empty())
                .take(3)
                .map(Value::display)
                .collect();
            match columns.iter_mut().find(|c| normalise_header(&c.header) == key) {
                Some(existing) => existing.places.push(place),
                None => columns.push(ImportColumn {
                    header: column.header.clone(),
                    field,
                    source,
                    places: vec![place],
                    samples,
                }),
            }
        }
        for field in ImportField::ALL {
            let n = fields.iter().filter(|(_, f)| f == field).count();
            if n > 1 && *field != F::Comment {
                warnings.push(format!(
                    "Feuille « {} » : {n} colonnes correspondent à « {} » ; seule la première remplie est lue. \
                     Vérifiez la correspondance des colonnes.",
                    sheet.name,
                    field.label()
                ));
            }
        }
        reports.push(SheetReport {
            name: sheet.name.clone(),
            header_row: table.header_row + 1,
            data_rows: table.data.len() as u32,
            blank_rows: table.skipped.blank,
            total_rows: table.skipped.totals,
            repeated_headers: table.skipped.repeated_headers,
        });
        plans.push(SheetPlan { sheet, table, fields });
    }

    let mut importer = Importer::new(conn, now, options)?;
    let statuses = importer.read_statuses(&plans)?;
    let promotes = plans.iter().any(|p| p.fields.iter().any(|(_, f)| *f == F::PromotionDate));
    if promotes {
        importer.author = Some(match options.signed_by.trim() {
            "" => promotions::author_name(conn)?,
            name => name.to_owned(),
        });
        warnings.push(
            "Les promotions du fichier sont reprises comme historique : datées du jour indiqué, sans nouvel envoi. \
             Le consentement doit couvrir cette date, sinon la ligne est signalée à vérifier ; une seconde promotion \
             auprès de la même entreprise dans le délai de relance est reprise avec ce motif ; la limite mensuelle \
             de sollicitations d'une entreprise n'empêche pas de reprendre le passé, elle est signalée."
                .to_owned(),
        );
    }

    let channel_mapped = plans.iter().any(|p| p.fields.iter().any(|(_, f)| *f == F::Channel));
    if promotes && !channel_mapped {
        let channel = options.channel.unwrap_or(PromotionChannel::Email);
        warnings.push(format!(
            "Le fichier ne dit pas comment les profils ont été présentés : « {} » est retenu pour ses promotions.",
            channel.label()
        ));
    }
    let total: u32 = plans.iter().map(|p| p.table.data.len() as u32).sum();
    let skipped: u32 = reports.iter().map(|r| r.blank_rows + r.total_rows + r.repeated_headers).sum();
    importer.counts.skipped = skipped;
    let mut done = 0_u32;
    progress(ImportProgress { phase: ImportPhase::Importing, done, total, counts: importer.counts });
    for plan in &plans {
        for &position in &plan.table.data {
            // Checked at every row: the flag is an atomic load; the caller throttles what it shows.
            cancel.check()?;
            let row = &plan.sheet.rows[position];
            importer.row(plan, row)?;
            done += 1;
            progress(ImportProgress { phase: ImportPhase::Importing, done, total, counts: importer.counts });
        }
    }
    cancel.check()?;
    candidates::reindex_all(conn, &mut importer.unindexed_candidates)?;
    companies::reindex_all(conn, &mut importer.unindexed_companies)?;
    warnings.extend(importer.monthly_warnings()?);
    if importer.consent_expiry_defaulted {
        warnings.push(
            "Sans date de fin dans le fichier, un consentement vaut un an à partir de sa date, comme dans la fiche \
             candidat."
                .to_owned(),
        );
    }
    if commit {
        for plan in &plans {
            let headers: Vec<String> = plan.table.columns.iter().map(|c| c.header.clone()).collect();
            let choices: Vec<ColumnChoice> = plan
                .table
                .columns
                .iter()
                .map(|c| ColumnChoice {
                    header: c.header.clone(),
                    field: plan.fields.iter().find(|(i, _)| *i == c.index).map(|(_, f)| *f),
                })
                .collect();
            mapping::remember(conn, &headers, &choices)?;
        }
        for choice in &options.statuses {
            remember_status(conn, choice)?;
        }
    }
    Ok(ImportReport {
        file: read::file_name(path),
        fields: super::field_options(),
        available_sheets,
        sheets: reports,
        columns,
        statuses,
        warnings,
        rows: importer.rows,
        issues: importer.issues,
        counts: importer.counts,
        needs_consent_channel: importer.needs_consent_channel,
        committed: commit,
    })
}

fn status_key(text: &str) -> String {
    format!("import.status:{}", normalise_header(text))
}

fn remember_status(conn: &Connection, choice: &StatusChoice) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO app_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute([status_key(&choice.text), choice.event.map_or("none", EventKind::code).to_owned()])?;
    Ok(())
}

fn remembered_status(conn: &Connection, text: &str) -> Result<Option<Option<EventKind>>> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM app_meta WHERE key = ?1")?
        .query_row([status_key(text)], |r| r.get(0))
        .optional()?;
    Ok(value.map(|v| EventKind::from_code(&v)))
}

/// A status chosen or remembered: the event, with what the text itself says of the
/// contract or the refusal.
fn status_with(event: Option<EventKind>, text: &str) -> Option<Status> {
    let event = event?;
    let builtin = values::status(text).filter(|s| s.event == event);
    Some(builtin.unwrap_or(Status {
        event,
        contract_type: (event == EventKind::Hired).then(|| values::contract_in(&fold(text))).flatten(),
        reason: matches!(event, EventKind::Refused | EventKind::NotRetained).then_some(RefusalReason::Other),
    }))
}

impl<'a> Importer<'a> {
    fn new(conn: &'a Connection, now: DateTime<Local>, options: &'a ImportOptions) -> Result<Self> {
        Ok(Self {
            conn,
            now,
            today: now.date_naive(),
            options,
            author: None,
            identities: Identities::load(conn)?,
            unindexed_candidates: Vec::new(),
            unindexed_companies: Vec::new(),
            seen: HashMap::new(),
            sirets: HashMap::new(),
            consents: HashMap::new(),
            promotions_of: HashMap::new(),
            statuses: HashMap::new(),
            jobs: HashMap::new(),
            communes: HashMap::new(),
            monthly: HashMap::new(),
            repeat_window_days: i64::from(settings::promotion_settings(conn)?.repeat_window_days),
            counts: ImportCounts::default(),
            issues: Vec::new(),
            rows: Vec::new(),
            needs_consent_channel: false,
            consent_expiry_defaulted: false,
        })
    }

    /// Every distinct status of the file and what it will record: the counsellor's choice,
    /// else the one remembered, else the built-in reading.
    fn read_statuses(&mut self, plans: &[SheetPlan<'_>]) -> Result<Vec<StatusReading>> {
        let mut found: Vec<(String, u32)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for plan in plans {
            let columns: Vec<usize> = plan.fields.iter().filter(|(_, f)| *f == F::Status).map(|(i, _)| *i).collect();
            for &position in &plan.table.data {
                let row = &plan.sheet.rows[position];
                let Some(value) = columns.iter().map(|&c| row.get(c)).find(|v| !v.is_empty()) else { continue };
                let text = values::text(value);
                let key = normalise_header(&text);
                match index.get(&key) {
                    Some(&i) => found[i].1 += 1,
                    None => {
                        index.insert(key, found.len());
                        found.push((text, 1));
                    }
                }
            }
        }
        let mut readings = Vec::new();
        for (text, rows) in found {
            let key = normalise_header(&text);
            let chosen = self.options.statuses.iter().find(|c| normalise_header(&c.text) == key);
            let (status, source) = match chosen {
                Some(c) => (status_with(c.event, &text), ColumnSource::Chosen),
                None => match remembered_status(self.conn, &text)? {
                    Some(event) => (status_with(event, &text), ColumnSource::Remembered),
                    None => match values::status(&text) {
                        Some(s) => (Some(s), ColumnSource::Recognised),
                        None => (None, ColumnSource::Unknown),
                    },
                },
            };
            // A status chosen as meaning nothing is known, not "unknown".
            let known = source != ColumnSource::Unknown;
            self.statuses.insert(key, if known { Some(status.unwrap_or(Status::of(EventKind::Note))) } else { None });
            if readings.len() < MAX_STATUSES {
                readings.push(StatusReading { text, rows, event: status.map(|s| s.event), source });
            }
        }
        // Those to map first, then the most frequent.
        readings.sort_by_key(|r| (r.source != ColumnSource::Unknown, std::cmp::Reverse(r.rows)));
        Ok(readings)
    }

    fn row(&mut self, table: &SheetPlan<'_>, row: &read::Row) -> Result<()> {
        let values = RowValues { cells: table.fields.iter().map(|(i, f)| (*f, row.get(*i))).collect() };
        let number = row.index + 1;
        let before = self.counts;
        let mut doubts: Vec<Problem> = Vec::new();
        let mut preview: Vec<PreviewValue> = Vec::new();
        match self.plan(&values, &mut doubts, &mut preview) {
            Ok((plan, outcome)) => {
                self.write(plan)?;
                self.counts.rows += 1;
                self.counts.imported += 1;
                if !doubts.is_empty() {
                    self.counts.doubtful += 1;
                }
                self.place(table, number, doubts, IssueSeverity::Doubtful);
                if self.rows.len() < PREVIEW_ROWS {
                    self.rows.push(PreviewRow {
                        sheet: table.sheet.name.clone(),
                        row: number,
                        values: preview,
                        outcome,
                        rejected: false,
                    });
                }
            }
            Err(RowError::Rejected(problems)) => {
                self.counts = before;
                self.counts.rows += 1;
                self.counts.rejected += 1;
                let outcome = format!("Rejetée : {}", problems.first().map(|p| p.reason.clone()).unwrap_or_default());
                self.place(table, number, problems, IssueSeverity::Rejected);
                if self.rows.len() < PREVIEW_ROWS {
                    self.rows.push(PreviewRow {
                        sheet: table.sheet.name.clone(),
                        row: number,
                        values: preview,
                        outcome,
                        rejected: true,
                    });
                }
            }
            Err(RowError::Fatal(error)) => return Err(error),
        }
        Ok(())
    }

    fn place(&mut self, plan: &SheetPlan<'_>, row: u32, problems: Vec<Problem>, severity: IssueSeverity) {
        for p in problems {
            let column = p
                .field
                .and_then(|f| plan.fields.iter().find(|(_, g)| *g == f))
                .and_then(|(i, _)| plan.table.columns.iter().find(|c| c.index == *i))
                .map(|c| format!("{} – {}", column_letter(c.index), c.header))
                .unwrap_or_default();
            self.issues.push(ImportIssue {
                sheet: plan.sheet.name.clone(),
                row,
                column,
                value: p.value,
                reason: p.reason,
                severity,
            });
        }
    }

    /// What one row will write, and what it does in words; writes nothing.
    fn plan(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(RowPlan, String), RowError> {
        let mut outcome: Vec<String> = Vec::new();
        let candidate = if v.has_any(mapping::Entity::Candidate) {
            let (plan, change) = self.candidate(v, doubts, preview)?;
            outcome.push(
                match change {
                    Change::Created => "Candidat créé",
                    Change::Updated => "Candidat mis à jour",
                    Change::Unchanged => "Candidat déjà dans le vivier",
                }
                .to_owned(),
            );
            Some(plan)
        } else {
            None
        };
        let company = if v.get(F::CompanyName).is_some() || v.get(F::Siret).is_some() {
            let (plan, change) = self.company(v, doubts, preview)?;
            outcome.push(
                match change {
                    Change::Created => "Entreprise créée",
                    Change::Updated => "Entreprise mise à jour",
                    Change::Unchanged => "Entreprise déjà enregistrée",
                }
                .to_owned(),
            );
            Some(plan)
        } else {
            None
        };
        let promotion_mapped = v.cells.iter().any(|(f, _)| *f == F::PromotionDate);
        let mut promotion = PromotionPlan::None;
        match (&candidate, &company) {
            (Some(candidate), Some(company)) if promotion_mapped => {
                let (plan, said) = self.promotion(v, candidate, company, doubts, preview)?;
                promotion = plan;
                outcome.push(said);
            }
            (None, None) => return Err(reject(None, "", "Ligne sans candidat ni entreprise : rien à importer.")),
            (None, Some(_)) if promotion_mapped && v.get(F::PromotionDate).is_some() => {
                doubts.push(Problem::new(None, "", "Promotion non reprise : la ligne ne nomme aucun candidat."));
            }
            (Some(_), None) if promotion_mapped && v.get(F::PromotionDate).is_some() => {
                doubts.push(Problem::new(None, "", "Promotion non reprise : la ligne ne nomme aucune entreprise."));
            }
            _ => {}
        }
        Ok((RowPlan { candidate, company, promotion }, outcome.join(" · ")))
    }

    /// Writes what `plan` decided for a row; a failure here is the database's, and stops
    /// the import.
    fn write(&mut self, plan: RowPlan) -> Result<()> {
        let candidate = match plan.candidate {
            None => None,
            Some(CandidatePlan::Known { id, print }) => {
                if let Some(print) = print {
                    self.seen.insert((false, id), (print, None));
                }
                Some(id)
            }
            Some(CandidatePlan::Rewrite { id, valid, print }) => {
                candidates::rewrite(self.conn, id, &valid)?;
                self.candidate_written(id, &valid, print);
                Some(id)
            }
            Some(CandidatePlan::Create { valid, print }) => {
                let id = candidates::insert(self.conn, &valid)?;
                self.candidate_written(id, &valid, print);
                self.promotions_of.insert(id, HashMap::new());
                Some(id)
            }
        };
        let company = match plan.company {
            None => None,
            Some(CompanyPlan::Known { id, contact, print }) => {
                if let Some(print) = print {
                    self.seen.insert((true, id), (print, contact));
                }
                Some((id, contact))
            }
            Some(CompanyPlan::Rewrite { id, valid, contact, print }) => {
                companies::rewrite(self.conn, id, &valid)?;
                self.unindexed_companies.push(id);
                let contact = self.contact_id(id, contact.as_ref())?;
                self.seen.insert((true, id), (print, contact));
                Some((id, contact))
            }
            Some(CompanyPlan::Create { valid, contact, print }) => {
                let id = companies::insert(self.conn, &valid)?;
                self.sirets.insert(valid.siret.clone(), id);
                self.unindexed_companies.push(id);
                let contact = self.contact_id(id, contact.as_ref())?;
                self.seen.insert((true, id), (print, contact));
                Some((id, contact))
            }
        };
        let (Some(candidate), Some((company, contact))) = (candidate, company) else { return Ok(()) };
        let author = self.author.clone().unwrap_or_default();
        let recorded_at = stored(self.now);
        match plan.promotion {
            PromotionPlan::None => {}
            PromotionPlan::Append { id, event } => {
                let status = promotions::append_history(self.conn, id, &event, &author, &recorded_at)?;
                let known = self.promotions_of.get_mut(&candidate).and_then(|c| c.get_mut(&company));
                if let Some(r) = known.and_then(|list| list.iter_mut().find(|r| r.id == id)) {
                    r.status = status;
                }
            }
            PromotionPlan::Create(h) => {
                let recorded = promotions::create_history(
                    self.conn,
                    &History {
                        candidate,
                        company,
                        contact,
                        counsellor: &h.counsellor,
                        channel: h.channel,
                        job_offer_ref: h.job_offer_ref.as_deref(),
                        repeat_reason: h.repeat_reason.as_deref(),
                        sent_at: &h.sent_at,
                        events: &h.events,
                    },
                    &author,
                    &recorded_at,
                )?;
                if let Some(promotions) = self.promotions_of.get_mut(&candidate) {
                    promotions.entry(company).or_default().push(recorded);
                }
                *self.monthly.entry((company, h.day.year(), h.day.month())).or_insert(0) += 1;
            }
        }
        Ok(())
    }

    fn candidate_written(&mut self, id: i64, valid: &candidates::Valid, print: String) {
        self.unindexed_candidates.push(id);
        self.identities.add(
            id,
            valid.france_travail_id.as_deref(),
            valid.email.as_deref(),
            &valid.last_name,
            &valid.first_name,
            valid.birth_date,
        );
        self.consents.insert(id, (valid.consent.date, valid.consent.expiry));
        self.seen.insert((false, id), (print, None));
    }

    fn candidate(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(CandidatePlan, Change), RowError> {
        let (last, first) = match (v.get(F::LastName), v.get(F::FirstName), v.get(F::FullName)) {
            (Some(last), Some(first), _) => (values::text(last), values::text(first)),
            (_, _, Some(full)) => match values::split_full_name(&values::text(full)) {
                Some((last, first, sure)) => {
                    if !sure {
                        doubts.push(Problem::new(
                            Some(F::FullName),
                            values::text(full),
                            format!("Nom et prénom séparés au mieux : nom « {last} », prénom « {first} »."),
                        ));
                    }
                    (last, first)
                }
                None => {
                    return Err(reject(
                        Some(F::FullName),
                        values::text(full),
                        "Indiquez le nom et le prénom du candidat.",
                    ));
                }
            },
            (Some(last), None, None) => {
                return Err(reject(Some(F::FirstName), values::text(last), "Prénom du candidat manquant."));
            }
            (None, Some(first), None) => {
                return Err(reject(Some(F::LastName), values::text(first), "Nom du candidat manquant."));
            }
            (None, None, None) => {
                return Err(reject(Some(F::LastName), "", "Nom et prénom du candidat manquants."));
            }
        };
        preview.push(PreviewValue { field: F::LastName, value: last.clone() });
        preview.push(PreviewValue { field: F::FirstName, value: first.clone() });
        let birth = self.optional_date(v, F::BirthDate, doubts);
        let email = optional(v, F::Email, doubts, values::email, "Adresse e-mail invalide : non reprise.");
        let phone = optional(v, F::Phone, doubts, values::phone, "Numéro de téléphone illisible : non repris.");
        let ft_id = optional(
            v,
            F::FranceTravailId,
            doubts,
            values::france_travail_id,
            "Identifiant France Travail invalide (7 à 11 lettres et chiffres) : non repris.",
        );
        let postcode = optional(v, F::Postcode, doubts, values::postcode, "Code postal invalide : non repris.");
        let commune_text = v.text(F::Commune);
        let place = self.commune(postcode.as_deref(), &commune_text)?;
        for (field, value) in [
            (F::BirthDate, birth.map(french)),
            (F::Email, email.clone()),
            (F::Phone, phone.clone()),
            (F::FranceTravailId, ft_id.clone()),
            (F::Postcode, postcode.clone()),
            (F::Commune, place.as_ref().map(|(_, name)| name.clone()).or_else(|| non_empty(&commune_text))),
        ] {
            if let Some(value) = value {
                preview.push(PreviewValue { field, value });
            }
        }
        let found = self.identities.find(ft_id.as_deref(), email.as_deref(), &last, &first, birth);
        let counsellor = v.text(F::Counsellor);
        match found.as_slice() {
            [] => {}
            [(id, _)] => {
                let id = *id;
                let print = v.fingerprint(mapping::Entity::Candidate);
                if self.seen.get(&(false, id)).is_some_and(|(p, _)| *p == print) {
                    self.counts.candidates_unchanged += 1;
                    return Ok((CandidatePlan::Known { id, print: None }, Change::Unchanged));
                }
                let update = Update { birth, email, phone, ft_id, postcode, place, commune_text, counsellor };
                return Ok(match self.update_candidate(id, v, &update, doubts)? {
                    Some(valid) => {
                        self.counts.candidates_updated += 1;
                        (CandidatePlan::Rewrite { id, valid, print }, Change::Updated)
                    }
                    None => {
                        self.counts.candidates_unchanged += 1;
                        (CandidatePlan::Known { id, print: Some(print) }, Change::Unchanged)
                    }
                });
            }
            many => {
                let names: Vec<String> = many.iter().map(|(id, reason)| format!("n° {id} ({reason})")).collect();
                return Err(reject(
                    None,
                    format!("{first} {last}"),
                    format!(
                        "Plusieurs candidats du vivier correspondent à cette ligne : {}. Corrigez le fichier ou les fiches.",
                        names.join(", ")
                    ),
                ));
            }
        }
        // A new candidate: the pool holds people who consented, with a target job.
        let job_text = v.text(F::TargetJob);
        let job = if job_text.is_empty() {
            return Err(reject(
                Some(F::TargetJob),
                "",
                "Métier visé manquant : un candidat du vivier a au moins un métier du ROME.",
            ));
        } else {
            match self.job_title(&job_text)? {
                Some((job, exact)) => {
                    if !exact {
                        doubts.push(Problem::new(
                            Some(F::TargetJob),
                            job_text.clone(),
                            format!("Métier rapproché de « {} » du ROME.", job.label),
                        ));
                    }
                    job
                }
                None => {
                    return Err(reject(
                        Some(F::TargetJob),
                        job_text,
                        "Métier introuvable dans le ROME chargé : écrivez l'appellation ou le code ROME (ex. D1102).",
                    ));
                }
            }
        };
        preview.push(PreviewValue { field: F::TargetJob, value: job.label.clone() });
        let consent = self.consent(v, None)?;
        preview.push(PreviewValue {
            field: F::ConsentDate,
            value: format!("{} → {}", french(consent.0), french(consent.2)),
        });
        let input = CandidateInput {
            last_name: last.clone(),
            first_name: first.clone(),
            birth_date: birth.map(iso).unwrap_or_default(),
            email: email.clone().unwrap_or_default(),
            phone: phone.clone().unwrap_or_default(),
            france_travail_id: ft_id.clone().unwrap_or_default(),
            postcode: postcode.clone().unwrap_or_default(),
            commune: place.as_ref().map(|(_, n)| n.clone()).unwrap_or(commune_text),
            commune_code: place.map(|(code, _)| code).unwrap_or_default(),
            consent_date: iso(consent.0),
            consent_channel: Some(consent.1),
            consent_expiry: iso(consent.2),
            target_jobs: vec![job],
            counsellor,
            ..CandidateInput::default()
        };
        let valid = candidates::validate(self.conn, &input, None, self.today)
            .map_err(|e| refused(e, CANDIDATE_FIELDS, &|f| v.text(f)))?;
        self.counts.candidates_created += 1;
        let print = v.fingerprint(mapping::Entity::Candidate);
        Ok((CandidatePlan::Create { valid: Box::new(valid), print }, Change::Created))
    }

    /// The consent the row states: (date, channel, expiry). `current` is the stored
    /// consent's channel, kept on a renewal that names none.
    fn consent(
        &mut self,
        v: &RowValues<'_>,
        current: Option<ConsentChannel>,
    ) -> Result<(NaiveDate, ConsentChannel, NaiveDate), RowError> {
        let Some(value) = v.get(F::ConsentDate) else {
            return Err(reject(
                Some(F::ConsentDate),
                "",
                "Consentement à la promotion non indiqué : le vivier n'accueille que les personnes qui ont consenti \
                 (ajoutez une colonne « Date du consentement », ou créez d'abord la fiche).",
            ));
        };
        let Some(date) = values::date(value, self.today) else {
            let text = values::text(value);
            let folded = fold(&text);
            let reason = if ["non", "refus", "refuse", "n"].contains(&folded.as_str()) {
                "Le candidat n'a pas consenti à la promotion de son profil : il n'entre pas dans le vivier."
            } else {
                "Date du consentement attendue (ex. 12/03/2025) : sans date, le consentement n'est pas repris."
            };
            return Err(reject(Some(F::ConsentDate), text, reason));
        };
        let channel = match v.get(F::ConsentChannel) {
            Some(value) => values::consent_channel(value).or(self.options.consent_channel).or(current),
            None => self.options.consent_channel.or(current),
        };
        let Some(channel) = channel else {
            self.needs_consent_channel = true;
            return Err(reject(
                Some(F::ConsentChannel),
                v.text(F::ConsentChannel),
                "Mode de recueil du consentement non indiqué : choisissez-le pour ce fichier (oral, écrit ou en ligne).",
            ));
        };
        let expiry = match v.get(F::ConsentExpiry) {
            Some(value) => match values::date(value, self.today) {
                Some(expiry) => expiry,
                None => {
                    return Err(reject(Some(F::ConsentExpiry), values::text(value), "Fin du consentement illisible."));
                }
            },
            None => {
                self.consent_expiry_defaulted = true;
                date.checked_add_months(chrono::Months::new(12)).unwrap_or(date)
            }
        };
        Ok((date, channel, expiry))
    }

    fn update_candidate(
        &mut self,
        id: i64,
        v: &RowValues<'_>,
        u: &Update,
        doubts: &mut Vec<Problem>,
    ) -> Result<Option<Box<candidates::Valid>>, RowError> {
        let current = candidates::get(self.conn, id, self.today)?;
        let mut input = input_of(&current);
        let mut changed = false;
        match (current.birth_date, u.birth) {
            (None, Some(birth)) => {
                input.birth_date = iso(birth);
                changed = true;
            }
            (Some(stored), Some(birth)) if stored != birth => doubts.push(Problem::new(
                Some(F::BirthDate),
                french(birth),
                format!("Date de naissance différente de la fiche ({}) : la fiche est gardée.", french(stored)),
            )),
            _ => {}
        }
        match (&current.france_travail_id, &u.ft_id) {
            (None, Some(ft)) => {
                input.france_travail_id = ft.clone();
                changed = true;
            }
            (Some(stored), Some(ft)) if stored != ft => doubts.push(Problem::new(
                Some(F::FranceTravailId),
                ft.clone(),
                format!("Identifiant France Travail différent de la fiche ({stored}) : la fiche est gardée."),
            )),
            _ => {}
        }
        for (new, stored, slot) in
            [(&u.email, &current.email, &mut input.email), (&u.phone, &current.phone, &mut input.phone)]
        {
            if let Some(new) = new
                && stored.as_deref() != Some(new.as_str())
            {
                *slot = new.clone();
                changed = true;
            }
        }
        if let Some(postcode) = &u.postcode
            && current.postcode.as_deref() != Some(postcode.as_str())
        {
            input.postcode = postcode.clone();
            input.commune = u.place.as_ref().map(|(_, n)| n.clone()).unwrap_or_else(|| u.commune_text.clone());
            input.commune_code = u.place.as_ref().map(|(c, _)| c.clone()).unwrap_or_default();
            changed = true;
        }
        if current.counsellor.is_empty() && !u.counsellor.is_empty() {
            input.counsellor = u.counsellor.clone();
            changed = true;
        }
        // A later consent in the file renews the one stored.
        if v.get(F::ConsentDate).and_then(|d| values::date(d, self.today)).is_some_and(|d| d > current.consent.date) {
            let (date, channel, expiry) = self.consent(v, Some(current.consent.channel))?;
            input.consent_date = iso(date);
            input.consent_channel = Some(channel);
            input.consent_expiry = iso(expiry);
            changed = true;
        }
        if !changed {
            return Ok(None);
        }
        let valid = candidates::validate(self.conn, &input, Some(id), self.today)
            .map_err(|e| refused(e, CANDIDATE_FIELDS, &|f| v.text(f)))?;
        Ok(Some(Box::new(valid)))
    }

    fn optional_date(&self, v: &RowValues<'_>, field: ImportField, doubts: &mut Vec<Problem>) -> Option<NaiveDate> {
        let today = self.today;
        optional(
            v,
            field,
            doubts,
            |value| values::date(value, today),
            "Date illisible (attendu : 12/03/2025) : non reprise.",
        )
    }

    fn company(
        &mut self,
        v: &RowValues<'_>,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(CompanyPlan, Change), RowError> {
        let name = v.text(F::CompanyName);
        let siret = match v.get(F::Siret) {
            None => None,
            Some(value) => match values::siret(value) {
                SiretRead::Valid(siret) => Some(siret),
                SiretRead::Scientific(text) => {
                    return Err(reject(
                        Some(F::Siret),
                        text,
                        "SIRET en notation scientifique : le tableur a perdu des chiffres. Mettez la colonne au format \
                         texte et retapez le SIRET.",
                    ));
                }
                SiretRead::Invalid(message) => return Err(reject(Some(F::Siret), values::text(value), message)),
            },
        };
        preview.push(PreviewValue { field: F::CompanyName, value: name.clone() });
        if let Some(siret) = &siret {
            preview.push(PreviewValue { field: F::Siret, value: siret.clone() });
        }
        let existing = match &siret {
            Some(siret) => match self.sirets.get(siret) {
                Some(id) => Some(*id),
                None => {
                    let found = companies::find_by_siret(self.conn, siret)?.map(|(id, _)| id);
                    if let Some(id) = found {
                        self.sirets.insert(siret.clone(), id);
                    }
                    found
                }
            },
            None if name.is_empty() => None,
            None => {
                let ids: Vec<i64> = self
                    .conn
                    .prepare_cached("SELECT id FROM companies WHERE sort_name = fold(?1) LIMIT 2")?
                    .query_map([&name], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                match ids.as_slice() {
                    [id] => Some(*id),
                    [] => {
                        return Err(reject(
                            Some(F::Siret),
                            name,
                            "SIRET manquant : cette entreprise n'est pas encore dans Profilence, indiquez son SIRET \
                             (14 chiffres) pour la créer.",
                        ));
                    }
                    _ => {
                        return Err(reject(
                            Some(F::CompanyName),
                            name,
                            "Plusieurs entreprises portent ce nom : indiquez le SIRET pour choisir l'établissement.",
                        ));
                    }
                }
            }
        };
        let postcode = optional(v, F::CompanyPostcode, doubts, values::postcode, "Code postal invalide : non repris.");
        let commune_text = v.text(F::CompanyCommune);
        let place = self.commune(postcode.as_deref(), &commune_text)?;
        let contact = self.contact(v, doubts);
        if let Some(contact) = &contact {
            preview.push(PreviewValue { field: F::ContactName, value: contact.name.clone() });
        }
        let print = v.fingerprint(mapping::Entity::Company);
        if let Some(id) = existing
            && let Some((_, contact_id)) = self.seen.get(&(true, id)).filter(|(p, _)| *p == print)
        {
            self.counts.companies_unchanged += 1;
            return Ok((CompanyPlan::Known { id, contact: *contact_id, print: None }, Change::Unchanged));
        }
        match existing {
            Some(id) => {
                let current = companies::get(self.conn, id)?;
                let mut input = company_input_of(&current);
                let mut changed = false;
                if current.postcode.is_none() && postcode.is_some() {
                    input.postcode = postcode.clone().unwrap_or_default();
                    input.commune = place.as_ref().map(|(_, n)| n.clone()).unwrap_or(commune_text.clone());
                    input.commune_code = place.as_ref().map(|(c, _)| c.clone()).unwrap_or_default();
                    changed = true;
                } else if current.commune.is_none() && !commune_text.is_empty() {
                    input.commune = commune_text.clone();
                    changed = true;
                }
                if let Some(new) = &contact {
                    match input.contacts.iter_mut().find(|c| fold(&c.name) == fold(&new.name)) {
                        Some(known) => {
                            if known.email.is_empty() && !new.email.is_empty() {
                                known.email = new.email.clone();
                                changed = true;
                            }
                            if known.phone.is_empty() && !new.phone.is_empty() {
                                known.phone = new.phone.clone();
                                changed = true;
                            }
                        }
                        None => {
                            input.contacts.push(new.clone());
                            changed = true;
                        }
                    }
                }
                if !changed {
                    self.counts.companies_unchanged += 1;
                    let contact = self.contact_id(id, contact.as_ref())?;
                    return Ok((CompanyPlan::Known { id, contact, print: Some(print) }, Change::Unchanged));
                }
                let valid = companies::validate(self.conn, &input, Some(id))
                    .map_err(|e| refused(e, COMPANY_FIELDS, &|f| v.text(f)))?;
                self.counts.companies_updated += 1;
                Ok((CompanyPlan::Rewrite { id, valid: Box::new(valid), contact, print }, Change::Updated))
            }
            None => {
                let Some(siret) = siret else {
                    return Err(reject(Some(F::CompanyName), "", "Nom de l'entreprise manquant."));
                };
                if name.is_empty() {
                    let reason = if v.cells.iter().any(|(f, _)| *f == F::CompanyName) {
                        "Nom de l'entreprise manquant : il faut un nom pour la créer."
                    } else {
                        "Aucune colonne ne donne le nom de l'entreprise : associez-en une au champ « Entreprise » \
                         dans la correspondance des colonnes."
                    };
                    return Err(reject(Some(F::Siret), siret, reason));
                }
                let input = CompanyInput {
                    name,
                    siret,
                    postcode: postcode.unwrap_or_default(),
                    commune: place.as_ref().map(|(_, n)| n.clone()).unwrap_or(commune_text),
                    commune_code: place.map(|(c, _)| c).unwrap_or_default(),
                    contacts: contact.clone().into_iter().collect(),
                    ..CompanyInput::default()
                };
                let valid = companies::validate(self.conn, &input, None)
                    .map_err(|e| refused(e, COMPANY_FIELDS, &|f| v.text(f)))?;
                self.counts.companies_created += 1;
                Ok((CompanyPlan::Create { valid: Box::new(valid), contact, print }, Change::Created))
            }
        }
    }

    fn contact(&self, v: &RowValues<'_>, doubts: &mut Vec<Problem>) -> Option<ContactInput> {
        let name = v.text(F::ContactName);
        if name.is_empty() {
            return None;
        }
        let email = optional(v, F::ContactEmail, doubts, values::email, "Adresse e-mail invalide : non reprise.");
        let phone = optional(v, F::ContactPhone, doubts, values::phone, "Numéro de téléphone illisible : non repris.");
        let (email, phone) = (email.unwrap_or_default(), phone.unwrap_or_default());
        Some(ContactInput { id: None, name, role: String::new(), email, phone, preferred_channel: None })
    }

    fn contact_id(&self, company: i64, contact: Option<&ContactInput>) -> Result<Option<i64>> {
        let Some(contact) = contact else { return Ok(None) };
        let contacts: Vec<(i64, String)> = self
            .conn
            .prepare_cached("SELECT id, name FROM company_contacts WHERE company_id = ?1")?
            .query_map([company], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(contacts.into_iter().find(|(_, name)| fold(name) == fold(&contact.name)).map(|(id, _)| id))
    }

    /// The commune of a postcode (and name, when the postcode has several): its INSEE
    /// code and official name.
    fn commune(&mut self, postcode: Option<&str>, name: &str) -> Result<Option<(String, String)>> {
        let Some(postcode) = postcode else { return Ok(None) };
        let key = (postcode.to_owned(), fold(name.trim()));
        if let Some(found) = self.communes.get(&key) {
            return Ok(found.clone());
        }
        let rows: Vec<(String, String, String)> = self
            .conn
            .prepare_cached("SELECT insee_code, name, folded FROM communes WHERE postcode = ?1")?
            .query_map([postcode], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let wanted = fold(name.trim());
        let found = match rows.as_slice() {
            [(code, name, _)] => Some((code.clone(), name.clone())),
            many => many.iter().find(|(_, _, folded)| *folded == wanted).map(|(c, n, _)| (c.clone(), n.clone())),
        };
        self.communes.insert(key, found.clone());
        Ok(found)
    }

    /// The ROME job title a tracker's job names: its label (either form, "Boulanger" or
    /// "Boulangère"), its code, or a ROME job sheet code; `false` when only approached.
    fn job_title(&mut self, text: &str) -> Result<Option<(TargetJob, bool)>> {
        let key = fold(text.trim());
        if let Some(found) = self.jobs.get(&key) {
            return Ok(found.clone());
        }
        let one = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<Option<TargetJob>> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([value], |r| Ok(TargetJob { code: Some(r.get(0)?), label: r.get(1)?, rome_code: r.get(2)? }))
                .optional()?)
        };
        let upper = text.trim().to_uppercase();
        let is_rome = upper.len() == 5
            && upper.as_bytes()[0].is_ascii_uppercase()
            && upper.as_bytes()[1..].iter().all(u8::is_ascii_digit);
        let escaped = key.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let found = if is_rome {
            one(
                "SELECT t.code, t.label, t.rome_code FROM job_titles t LEFT JOIN rome_jobs j ON j.code = t.rome_code \
                 WHERE t.rome_code = ?1 ORDER BY t.label = j.label DESC, length(t.label), t.code LIMIT 1",
                &upper,
            )?
            .map(|job| (job, false))
        } else if let Ok(code) = key.parse::<i64>() {
            one("SELECT code, label, rome_code FROM job_titles WHERE code = ?1", &code)?.map(|job| (job, true))
        } else if let Some(job) = one("SELECT code, label, rome_code FROM job_titles WHERE folded = ?1", &key)? {
            Some((job, true))
        } else if let Some(job) = one(
            "SELECT code, label, rome_code FROM job_titles WHERE folded LIKE ?1 || ' /%' ESCAPE '\\' \
             OR folded LIKE '%/ ' || ?1 ESCAPE '\\' ORDER BY length(label), code LIMIT 1",
            &escaped,
        )? {
            Some((job, true))
        } else {
            self.job_by_words(&key)?
        };
        self.jobs.insert(key, found.clone());
        Ok(found)
    }

    /// A job title holding every typed word ("électricien du bâtiment" is "Électricien /
    /// Électricienne du bâtiment"), the shortest; approached when a word is only a prefix.
    fn job_by_words(&self, key: &str) -> Result<Option<(TargetJob, bool)>> {
        let words = crate::text::words(key);
        let Some(longest) = words.iter().max_by_key(|w| w.len()).filter(|w| w.len() >= 4) else { return Ok(None) };
        let mut statement = self.conn.prepare_cached(
            "SELECT code, label, rome_code, folded FROM job_titles WHERE folded LIKE ?1 ESCAPE '\\' \
             ORDER BY length(label), code LIMIT 200",
        )?;
        let rows: Vec<(TargetJob, String)> = statement
            .query_map([crate::text::contains_pattern(longest)], |r| {
                Ok((TargetJob { code: Some(r.get(0)?), label: r.get(1)?, rome_code: r.get(2)? }, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let whole = |label: &str| {
            let label_words = crate::text::words(label);
            words.iter().all(|w| label_words.contains(w))
        };
        let prefixed = |label: &str| {
            let label_words = crate::text::words(label);
            words.iter().all(|w| label_words.iter().any(|l| l.starts_with(w.as_str())))
        };
        if let Some((job, _)) = rows.iter().find(|(_, folded)| whole(folded)) {
            return Ok(Some((job.clone(), true)));
        }
        Ok(rows.into_iter().find(|(_, folded)| prefixed(folded)).map(|(job, _)| (job, false)))
    }

    /// The promotion of the row: created as history, or — already imported — brought up
    /// to what the file says now.
    fn promotion(
        &mut self,
        v: &RowValues<'_>,
        candidate: &CandidatePlan,
        company: &CompanyPlan,
        doubts: &mut Vec<Problem>,
        preview: &mut Vec<PreviewValue>,
    ) -> Result<(PromotionPlan, String), RowError> {
        let Some(value) = v.get(F::PromotionDate) else {
            return Err(reject(Some(F::PromotionDate), "", "Date de la promotion manquante."));
        };
        let Some(day) = values::date(value, self.today) else {
            return Err(reject(
                Some(F::PromotionDate),
                values::text(value),
                unreadable(value, "Date de la promotion illisible (attendu : 12/03/2025)."),
            ));
        };
        if day > self.today {
            return Err(reject(Some(F::PromotionDate), french(day), "Date de la promotion dans le futur."));
        }
        preview.push(PreviewValue { field: F::PromotionDate, value: french(day) });
        let sent_at = values::moment(value)
            .filter(|m| m.time() != chrono::NaiveTime::MIN)
            .and_then(|m| m.and_local_timezone(Local).earliest())
            .or_else(|| noon(day))
            .map(stored)
            .ok_or_else(|| RowError::Fatal(Error::InvalidInput("date".into())))?;
        let status_text = v.text(F::Status);
        let status = match self.statuses.get(&normalise_header(&status_text)).copied().flatten() {
            Some(status) => status,
            None if status_text.is_empty() => Status::of(EventKind::Sent),
            None => {
                doubts.push(Problem::new(
                    Some(F::Status),
                    status_text.clone(),
                    "Statut non reconnu : la promotion est reprise comme envoyée, le statut en note. Indiquez ce qu'il \
                     veut dire dans l'aperçu.",
                ));
                Status::of(EventKind::Note)
            }
        };
        let mut answered = day;
        if let Some(value) = v.get(F::StatusDate) {
            match values::date(value, self.today) {
                Some(d) if d >= day && d <= self.today => answered = d,
                Some(d) => doubts.push(Problem::new(
                    Some(F::StatusDate),
                    french(d),
                    "Date du retour hors de la période de la promotion : la date de la promotion est retenue.",
                )),
                None => {
                    doubts.push(Problem::new(Some(F::StatusDate), values::text(value), "Date du retour illisible."))
                }
            }
        }
        let answered_at = noon(answered).map(stored).unwrap_or_else(|| sent_at.clone());
        let comment = v.joined(F::Comment);
        let from_file =
            if status_text.is_empty() { String::new() } else { format!("Tableau de suivi : « {status_text} »") };
        let event_comment = [from_file.as_str(), comment.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" — ");
        let mut events = Vec::new();
        match status.event {
            EventKind::Sent => {}
            EventKind::Note => {
                if !event_comment.is_empty() {
                    events.push(history(EventKind::Note, &answered_at, &event_comment));
                }
            }
            kind => {
                let mut event = history(kind, &answered_at, &event_comment);
                event.reason = status
                    .reason
                    .or(matches!(kind, EventKind::Refused | EventKind::NotRetained).then_some(RefusalReason::Other));
                event.contract_type = status.contract_type;
                if kind == EventKind::InterviewPlanned {
                    event.interview_at = values::interview_day(&status_text, day, self.today).map(iso);
                }
                events.push(event);
            }
        }
        if status.event == EventKind::Sent && !comment.is_empty() {
            events.push(history(EventKind::Note, &answered_at, &comment));
        }
        let label = match status.event {
            EventKind::Note | EventKind::Sent => PromotionStatus::Sent.label().to_owned(),
            kind => match status.contract_type {
                Some(contract) => format!("{}, {}", kind.label(), contract.label()),
                None => kind.label().to_owned(),
            },
        };
        preview.push(PreviewValue { field: F::Status, value: label.clone() });
        let unchanged = || (PromotionPlan::None, "Promotion déjà enregistrée".to_owned());
        let recorded = self.recorded(candidate.id(), company.id())?;
        if let Some(&promotions::Recorded { id, status: current, .. }) = recorded.iter().find(|r| r.day == Some(day)) {
            let Some(event) = events.iter().find(|e| e.kind != EventKind::Note) else {
                self.counts.promotions_unchanged += 1;
                return Ok(unchanged());
            };
            if lifecycle::status_set_by(event.kind) == Some(current) {
                self.counts.promotions_unchanged += 1;
                return Ok(unchanged());
            }
            if !promotions::history_allows(current, event.kind) {
                doubts.push(Problem::new(
                    Some(F::Status),
                    status_text,
                    format!(
                        "La promotion déjà enregistrée est « {} » : le statut du fichier n'est pas appliqué.",
                        current.label()
                    ),
                ));
                self.counts.promotions_unchanged += 1;
                return Ok(unchanged());
            }
            let mut event = event.clone();
            let last_at = promotions::last_event_at(self.conn, id)?;
            if event.at < last_at {
                event.at = last_at;
            }
            self.counts.promotions_updated += 1;
            return Ok((PromotionPlan::Append { id, event }, format!("Promotion mise à jour ({label})")));
        }
        let (consent_date, consent_expiry) = self.consent_period(candidate)?;
        if day < consent_date || day > consent_expiry {
            doubts.push(Problem::new(
                Some(F::PromotionDate),
                french(day),
                format!(
                    "Promotion hors de la période de consentement (du {} au {}) : reprise comme historique, à vérifier.",
                    french(consent_date),
                    french(consent_expiry)
                ),
            ));
        }
        let repeat = recorded
            .iter()
            .filter_map(|r| r.day)
            .filter(|d| *d < day)
            .max()
            .filter(|previous| (day - *previous).num_days() < self.repeat_window_days);
        let repeat_reason = repeat
            .map(|previous| format!("Historique du tableau de suivi (promotion précédente le {})", french(previous)));
        if let Some(previous) = repeat {
            doubts.push(Problem::new(
                Some(F::PromotionDate),
                french(day),
                format!(
                    "Deuxième promotion auprès de cette entreprise en moins de {} jours (précédente le {}) : reprise avec ce motif.",
                    self.repeat_window_days,
                    french(previous)
                ),
            ));
        }
        let channel = match v.get(F::Channel) {
            Some(value) => values::promotion_channel(value).unwrap_or_else(|| {
                doubts.push(Problem::new(Some(F::Channel), values::text(value), "Canal non reconnu : e-mail retenu."));
                PromotionChannel::Email
            }),
            None => self.options.channel.unwrap_or(PromotionChannel::Email),
        };
        let counsellor = non_empty(&v.text(F::Counsellor)).unwrap_or_else(|| self.author.clone().unwrap_or_default());
        self.counts.promotions_created += 1;
        let history = NewHistory {
            day,
            counsellor,
            channel,
            job_offer_ref: non_empty(&v.text(F::JobOfferRef)),
            repeat_reason,
            sent_at,
            events,
        };
        Ok((PromotionPlan::Create(history), format!("Promotion créée ({label})")))
    }

    /// The promotions already stored between the row's candidate and company (none when
    /// the row creates either).
    fn recorded(&mut self, candidate: Option<i64>, company: Option<i64>) -> Result<Vec<promotions::Recorded>> {
        let (Some(candidate), Some(company)) = (candidate, company) else { return Ok(Vec::new()) };
        if !self.promotions_of.contains_key(&candidate) {
            let mut by_company: HashMap<i64, Vec<promotions::Recorded>> = HashMap::new();
            for (company, recorded) in promotions::of_candidate(self.conn, candidate)? {
                by_company.entry(company).or_default().push(recorded);
            }
            self.promotions_of.insert(candidate, by_company);
        }
        Ok(self.promotions_of.get(&candidate).and_then(|c| c.get(&company)).cloned().unwrap_or_default())
    }

    /// The consent period of the row's candidate, as it will be stored.
    fn consent_period(&mut self, candidate: &CandidatePlan) -> Result<(NaiveDate, NaiveDate)> {
        match candidate {
            CandidatePlan::Create { valid, .. } | CandidatePlan::Rewrite { valid, .. } => {
                Ok((valid.consent.date, valid.consent.expiry))
            }
            CandidatePlan::Known { id, .. } => {
                if let Some(period) = self.consents.get(id) {
                    return Ok(*period);
                }
                let period = self
                    .conn
                    .prepare_cached("SELECT consent_date, consent_expiry FROM candidates WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                self.consents.insert(*id, period);
                Ok(period)
            }
        }
    }

    /// Companies whose imported promotions of a month exceed the contacts they accept.
    fn monthly_warnings(&self) -> Result<Vec<String>> {
        let mut warnings = Vec::new();
        let mut over: Vec<(&(i64, i32, u32), &u32)> = self.monthly.iter().collect();
        over.sort();
        for ((company, year, month), count) in over {
            let (name, max): (String, Option<u32>) = self
                .conn
                .prepare_cached("SELECT name, max_contacts_per_month FROM companies WHERE id = ?1")?
                .query_row([company], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if let Some(max) = max.filter(|max| count > max) {
                warnings.push(format!(
                    "{name} accepte {max} sollicitation(s) par mois ; le fichier en compte {count} en {month:02}/{year} \
                     (historique repris tel quel)."
                ));
            }
        }
        Ok(warnings)
    }
}

/// What a row tells of a candidate already in the pool.
struct Update {
    birth: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
    ft_id: Option<String>,
    postcode: Option<String>,
    place: Option<(String, String)>,
    commune_text: String,
    counsellor: String,
}

fn history(kind: EventKind, at: &str, comment: &str) -> HistoryEvent {
    HistoryEvent {
        kind,
        at: at.to_owned(),
        comment: comment.to_owned(),
        reason: None,
        interview_at: None,
        contract_type: None,
    }
}

/// The field's value read by `parse`; when it cannot be, the row keeps going without it
/// and says so (`reason`).
fn optional<T>(
    v: &RowValues<'_>,
    field: ImportField,
    doubts: &mut Vec<Problem>,
    parse: impl Fn(&Value) -> Option<T>,
    reason: &str,
) -> Option<T> {
    let value = v.get(field)?;
    let read = parse(value);
    if read.is_none() {
        doubts.push(Problem::new(Some(field), values::text(value), unreadable(value, reason)));
    }
    read
}

/// Why a value cannot be read: a formula error says so first.
fn unreadable(value: &Value, reason: &str) -> String {
    match value {
        Value::Error(code) => format!("La cellule contient une formule en erreur ({code}). {reason}"),
        _ => reason.to_owned(),
    }
}

fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn french(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// The form of a stored candidate, to update it with what a file adds.
fn input_of(c: &Candidate) -> CandidateInput {
    CandidateInput {
        last_name: c.last_name.clone(),
        first_name: c.first_name.clone(),
        birth_date: c.birth_date.map(iso).unwrap_or_default(),
        email: c.email.clone().unwrap_or_default(),
        phone: c.phone.clone().unwrap_or_default(),
        france_travail_id: c.france_travail_id.clone().unwrap_or_default(),
        postcode: c.postcode.clone().unwrap_or_default(),
        commune: c.commune.clone().unwrap_or_default(),
        commune_code: c.commune_code.clone().unwrap_or_default(),
        consent_date: iso(c.consent.date),
        consent_channel: Some(c.consent.channel),
        consent_expiry: iso(c.consent.expiry),
        target_jobs: c.target_jobs.clone(),
        skills: c.skills.clone(),
        experience: c.experience.clone(),
        qualifications: c.qualifications.clone(),
        driving_licences: c.driving_licences.clone(),
        languages: c.languages.clone(),
        available_from: c.available_from.map(iso).unwrap_or_default(),
        wanted_contracts: c.wanted_contracts.clone(),
        working_time: c.working_time,
        mobility_radius_km: c.mobility_radius_km.map(|r| r.to_string()).unwrap_or_default(),
        mobility_means: c.mobility_means.clone(),
        constraints: c.constraints.clone(),
        eligibility: c.eligibility,
        pitch: c.pitch.clone(),
        counsellor: c.counsellor.clone(),
    }
}

/// The form of a stored company, to update it with what a file adds.
fn company_input_of(c: &Company) -> CompanyInput {
    CompanyInput {
        name: c.name.clone(),
        siret: c.siret.clone(),
        naf_code: c.naf_code.clone().unwrap_or_default(),
        headcount_band: c.headcount_band,
        address: c.address.clone().unwrap_or_default(),
        postcode: c.postcode.clone().unwrap_or_default(),
        commune: c.commune.clone().unwrap_or_default(),
        commune_code: c.commune_code.clone().unwrap_or_default(),
        contacts: c
            .contacts
            .iter()
            .map(|k| ContactInput {
                id: Some(k.id),
                name: k.name.clone(),
                role: k.role.clone(),
                email: k.email.clone().unwrap_or_default(),
                phone: k.phone.clone().unwrap_or_default(),
                preferred_channel: k.preferred_channel,
            })
            .collect(),
        hiring_potential: c.hiring_potential.map(|p| p.to_string()).unwrap_or_default(),
        commitments: c.commitments.clone(),
        max_contacts_per_month: c.max_contacts_per_month.map(|m| m.to_string()).unwrap_or_default(),
        notes: c.notes.clone(),
    }
}
