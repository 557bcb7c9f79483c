//! Storing a tracker's rows through the core's own rules: each row is matched to the
//! candidates and companies already there, creates or updates them with the candidates'
//! and companies' validation, and records its promotion as history. Each row is decided
//! whole before any of it is written (`plan`, then `write`): a row that breaks a rule
//! writes nothing and is reported; the transaction holds every other row.
//!
//! What a row says of each record is decided in `candidate_row`, `company_row` and
//! `promotion_row`; `columns` maps the sheets' columns, `statuses` reads the file's
//! statuses, `lookups` finds the ROME jobs and communes a file names.

use std::collections::HashMap;

use crate::store::Conn;
use chrono::{DateTime, Datelike, Local, NaiveDate};

use super::{
    Cancel, ImportCounts, ImportIssue, ImportKind, ImportOptions, ImportPhase, ImportProgress, ImportReport,
    IssueSeverity, PREVIEW_ROWS, PreviewRow, PreviewValue, RowRef, UnstatedConsent,
    attestation::Attestation,
    columns::{self, SheetPlan},
    layout::column_letter,
    mapping::{self, ImportField},
    people::People,
    read::{self, Value},
    register, statuses, values,
};
use crate::{
    Error, FieldError, Result,
    candidates::{self, Identities, TargetJob},
    choices::PromotionChannel,
    clock::stored,
    companies::{self, ContactInput},
    promotions::{self, History, HistoryEvent},
    settings,
};

use ImportField as F;

/// One problem of a row, before it is placed (sheet and row number).
pub(super) struct Problem {
    pub(super) field: Option<ImportField>,
    pub(super) value: String,
    pub(super) reason: String,
}

impl Problem {
    pub(super) fn new(field: Option<ImportField>, value: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { field, value: value.into(), reason: reason.into() }
    }
}

/// Why a row cannot be stored: its problems, or a failure that stops the whole import.
pub(super) enum RowError {
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

pub(super) fn reject(field: Option<ImportField>, value: impl Into<String>, reason: impl Into<String>) -> RowError {
    RowError::Rejected(vec![Problem::new(field, value, reason)])
}

/// A core refusal of the row's record becomes the row's problems, each on its column.
pub(super) fn refused(
    error: Error,
    fields: &[(&str, ImportField)],
    values: &dyn Fn(ImportField) -> String,
) -> RowError {
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
        Error::Rule(message) | Error::Invariant(message) => reject(None, "", message),
        Error::Duplicate(matches) => reject(None, "", Error::Duplicate(matches).to_string()),
        other => RowError::Fatal(other),
    }
}

/// The mapped cells of one data row.
pub(super) struct RowValues<'a> {
    pub(super) cells: Vec<(ImportField, &'a Value)>,
}

impl<'a> RowValues<'a> {
    /// The first filled cell of the field.
    pub(super) fn get(&self, field: ImportField) -> Option<&'a Value> {
        self.cells.iter().find(|(f, v)| *f == field && !v.is_empty()).map(|(_, v)| *v)
    }

    pub(super) fn text(&self, field: ImportField) -> String {
        self.get(field).map(values::text).unwrap_or_default()
    }

    /// Every filled cell of the field, joined (several comment columns).
    pub(super) fn joined(&self, field: ImportField) -> String {
        let parts: Vec<String> =
            self.cells.iter().filter(|(f, v)| *f == field && !v.is_empty()).map(|(_, v)| values::text(v)).collect();
        parts.join(" — ")
    }

    /// What the row says of one entity: two rows alike need the same work only once.
    pub(super) fn fingerprint(&self, entity: mapping::Entity) -> String {
        let mut out = String::new();
        for (field, value) in self.cells.iter().filter(|(f, _)| f.entity() == entity) {
            out.push_str(field.code());
            out.push('=');
            out.push_str(&value.display());
            out.push('\u{1f}');
        }
        out
    }

    pub(super) fn has_any(&self, entity: mapping::Entity) -> bool {
        self.cells.iter().any(|(f, v)| f.entity() == entity && !v.is_empty())
    }
}

/// A candidate (`false`) or a company (`true`), by id.
pub(super) type SeenKey = (bool, i64);
/// What a row said of it, and the company contact it named.
pub(super) type Seen = (String, Option<i64>);

/// What a row will write, decided before any of it is written: a row that breaks a rule
/// is rejected before it writes anything, so the rows need no savepoint of their own.
pub(super) struct RowPlan {
    /// The person of the file the row names (`people`): their candidate once written.
    pub(super) person: Option<usize>,
    pub(super) candidate: Option<CandidatePlan>,
    pub(super) company: Option<CompanyPlan>,
    pub(super) promotion: PromotionPlan,
}

pub(super) enum CandidatePlan {
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
    pub(super) fn id(&self) -> Option<i64> {
        match self {
            Self::Known { id, .. } | Self::Rewrite { id, .. } => Some(*id),
            Self::Create { .. } => None,
        }
    }
}

pub(super) enum CompanyPlan {
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
    pub(super) fn id(&self) -> Option<i64> {
        match self {
            Self::Known { id, .. } | Self::Rewrite { id, .. } => Some(*id),
            Self::Create { .. } => None,
        }
    }
}

pub(super) enum PromotionPlan {
    None,
    /// A later event for a promotion already stored.
    Append {
        id: i64,
        event: HistoryEvent,
    },
    Create(NewHistory),
}

/// A promotion to record as history (`promotions::History`, owned).
pub(super) struct NewHistory {
    pub(super) day: NaiveDate,
    pub(super) counsellor: String,
    pub(super) channel: PromotionChannel,
    pub(super) job_offer_ref: Option<String>,
    pub(super) repeat_reason: Option<String>,
    pub(super) sent_at: String,
    pub(super) events: Vec<HistoryEvent>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    Created,
    Updated,
    Unchanged,
}

pub(super) struct Importer<'a> {
    pub(super) conn: &'a Conn<'a>,
    pub(super) now: DateTime<Local>,
    pub(super) today: NaiveDate,
    pub(super) options: &'a ImportOptions,
    /// The file is a company list: a company's register data replaces what is stored.
    pub(super) company_list: bool,
    /// The NAF codes and communes the file's companies name, looked up once each.
    pub(super) register_cache: register::Cache,
    pub(super) identities: Identities,
    /// The persons of the file, by row (read before any row is stored).
    pub(super) people: People,
    /// The candidate each person of the file turned out to be.
    pub(super) person_candidate: HashMap<usize, i64>,
    /// The row being imported, in the order the import reads the rows, and where it is.
    pub(super) row: usize,
    pub(super) here: RowRef,
    /// The file's name, as consents taken from it say.
    pub(super) file: String,
    /// Who signs what the file brings: its promotions and events, the consents taken from
    /// it (`signed_by`, else the counsellor of Paramètres).
    pub(super) signer: String,
    /// The counsellor's attestation for the consents the file does not state, checked.
    pub(super) attestation: Option<Attestation>,
    pub(super) unstated: Vec<UnstatedConsent>,
    /// Candidates and companies written without their full-text entry, indexed once at
    /// the end.
    pub(super) unindexed_candidates: Vec<i64>,
    pub(super) unindexed_companies: Vec<i64>,
    /// Candidates (`false`) and companies (`true`) this import already brought up to a
    /// row: what the row said, and the company contact it named.
    pub(super) seen: HashMap<SeenKey, Seen>,
    /// The companies this import met, by SIRET.
    pub(super) sirets: HashMap<String, i64>,
    /// The consent period of the candidates this import met, as stored (read once each).
    pub(super) consents: HashMap<i64, (NaiveDate, NaiveDate)>,
    /// The promotions of the candidates this import met, by company: read once per
    /// candidate, then kept up to date with what the import writes.
    pub(super) promotions_of: HashMap<i64, HashMap<i64, Vec<promotions::Recorded>>>,
    pub(super) statuses: statuses::Meanings,
    pub(super) jobs: HashMap<String, Option<(TargetJob, bool)>>,
    pub(super) communes: HashMap<(String, String), Option<(String, String)>>,
    /// Promotions created per company and month (history may exceed the monthly limit).
    pub(super) monthly: HashMap<(i64, i32, u32), u32>,
    pub(super) repeat_window_days: i64,
    pub(super) counts: ImportCounts,
    pub(super) issues: Vec<ImportIssue>,
    pub(super) rows: Vec<PreviewRow>,
    pub(super) needs_consent_channel: bool,
    pub(super) consent_expiry_defaulted: bool,
}

/// Imports the rows of `book`'s tables in the caller's transaction; `commit` says whether
/// it will be kept (then the mappings and statuses chosen are remembered).
#[allow(clippy::too_many_arguments)]
pub(super) fn import(
    conn: &Conn,
    path: &std::path::Path,
    book: &read::Workbook,
    options: &ImportOptions,
    now: DateTime<Local>,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ImportProgress),
    commit: bool,
) -> Result<ImportReport> {
    let columns::Sheets { kind, plans, reports, columns, mut warnings } = columns::resolve(conn, book, options)?;
    let mut importer = Importer::new(conn, now, options)?;
    importer.company_list = kind == ImportKind::CompanyList;
    let (statuses, meanings) = statuses::read(conn, options, &plans)?;
    importer.statuses = meanings;
    let promotes = plans.iter().any(|p| p.maps(F::PromotionDate));
    if promotes {
        promotions::signature(&importer.signer)?;
        warnings.push(
            "Les promotions du fichier sont reprises comme historique : datées du jour indiqué, sans nouvel envoi. \
             Le consentement doit couvrir cette date, sinon la ligne est signalée à vérifier ; une seconde promotion \
             auprès de la même entreprise dans le délai de relance est reprise avec ce motif ; la limite mensuelle \
             de sollicitations d'une entreprise n'empêche pas de reprendre le passé, elle est signalée."
                .to_owned(),
        );
    }
    if promotes && !plans.iter().any(|p| p.maps(F::Channel)) {
        let channel = options.channel.unwrap_or(PromotionChannel::Email);
        warnings.push(format!(
            "Le fichier ne dit pas comment les profils ont été présentés : « {} » est retenu pour ses promotions.",
            channel.label()
        ));
    }
    importer.file = read::file_name(path);
    if let Some(attestation) = &options.consent_attestation {
        importer.attestation = Some(Attestation::check(attestation, importer.today, &importer.signer)?);
    }
    let (identities, promoted) = importer.identities_of_rows(&plans)?;
    importer.people = People::group(identities, &promoted);
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
            importer.row = done as usize;
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
        columns::remember(conn, &plans)?;
        for choice in &options.statuses {
            statuses::remember(conn, choice)?;
        }
    }
    Ok(ImportReport {
        file: read::file_name(path),
        kind,
        fields: super::field_options(kind),
        available_sheets: book.sheet_names.clone(),
        sheets: reports,
        columns,
        statuses,
        warnings,
        rows: importer.rows,
        issues: importer.issues,
        counts: importer.counts,
        needs_consent_channel: importer.needs_consent_channel,
        no_consent_column: kind == ImportKind::Tracker && !plans.iter().any(|p| p.maps(F::ConsentDate)),
        unstated_consents: importer.unstated,
        committed: commit,
    })
}

impl<'a> Importer<'a> {
    fn new(conn: &'a Conn<'a>, now: DateTime<Local>, options: &'a ImportOptions) -> Result<Self> {
        Ok(Self {
            conn,
            now,
            today: now.date_naive(),
            options,
            company_list: false,
            register_cache: register::Cache::default(),
            identities: Identities::load(conn)?,
            people: People::default(),
            person_candidate: HashMap::new(),
            row: 0,
            here: RowRef { sheet: String::new(), row: 0 },
            file: String::new(),
            signer: match options.signed_by.trim() {
                "" => settings::get(conn)?.name,
                name => name.to_owned(),
            },
            attestation: None,
            unstated: Vec::new(),
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

    fn row(&mut self, table: &SheetPlan<'_>, row: &read::Row) -> Result<()> {
        let values = RowValues { cells: table.fields.iter().map(|(i, f)| (*f, row.get(*i))).collect() };
        let number = row.index + 1;
        self.here = RowRef { sheet: table.sheet.name.clone(), row: number };
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
        let company = if [F::CompanyName, F::TradeName, F::Siret].iter().any(|f| v.get(*f).is_some()) {
            let (plan, said) = self.company(v, doubts, preview)?;
            outcome.push(said);
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
            (None, None) if self.company_list => {
                return Err(reject(None, "", "Ligne sans entreprise : ni SIRET ni nom, rien à importer."));
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
        let person = self.people.of(self.row);
        Ok((RowPlan { person, candidate, company, promotion }, outcome.join(" · ")))
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
        if let (Some(person), Some(id)) = (plan.person, candidate) {
            self.person_candidate.insert(person, id);
        }
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
        let recorded_at = stored(self.now);
        match plan.promotion {
            PromotionPlan::None => {}
            PromotionPlan::Append { id, event } => {
                let status = promotions::append_history(self.conn, id, &event, &self.signer, &recorded_at)?;
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
                    &self.signer,
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
        let name = format!("{} {}", valid.first_name, valid.last_name);
        self.identities.add(id, valid.identity(), &name, valid.commune.as_deref().unwrap_or(""));
        self.consents.insert(id, (valid.consent.date, valid.consent.expiry));
        self.seen.insert((false, id), (print, None));
    }
}

/// The field's value read by `parse`; when it cannot be, the row keeps going without it
/// and says so (`reason`).
pub(super) fn optional<T>(
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
pub(super) fn unreadable(value: &Value, reason: &str) -> String {
    match value {
        Value::Error(code) => format!("La cellule contient une formule en erreur ({code}). {reason}"),
        _ => reason.to_owned(),
    }
}

pub(super) fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}
