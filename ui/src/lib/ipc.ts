// The only module that talks to the Rust core. Every command gets one typed
// function; every failure becomes an `IpcError` the UI can branch on by `kind`.
import { Channel, invoke } from "@tauri-apps/api/core";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import type { Membership } from "./bindings/Membership";
import type { MovingIn } from "./bindings/MovingIn";
import type { TeamState } from "./bindings/TeamState";
import type { JournalEntry } from "./bindings/JournalEntry";
import type { JournalExported } from "./bindings/JournalExported";
import type { JournalQuery } from "./bindings/JournalQuery";
import type { JournalVerification } from "./bindings/JournalVerification";
import type { ListExported } from "./bindings/ListExported";
import type { NoAnswerPass } from "./bindings/NoAnswerPass";
import type { ListFormat } from "./bindings/ListFormat";
import type { ListQuery } from "./bindings/ListQuery";
import type { AccessExport } from "./bindings/AccessExport";
import type { AppError } from "./bindings/AppError";
import type { AppStatus } from "./bindings/AppStatus";
import type { BackupFacts } from "./bindings/BackupFacts";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { ChosenBackup } from "./bindings/ChosenBackup";
import type { EmployerReply } from "./bindings/EmployerReply";
import type { InboxReading } from "./bindings/InboxReading";
import type { InboxSettings } from "./bindings/InboxSettings";
import type { InboxSettingsInput } from "./bindings/InboxSettingsInput";
import type { NewRecoveryCode } from "./bindings/NewRecoveryCode";
import type { RecoveryCodeIdentity } from "./bindings/RecoveryCodeIdentity";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";
import type { Purpose } from "./bindings/Purpose";
import type { Candidate } from "./bindings/Candidate";
import type { CandidateInput } from "./bindings/CandidateInput";
import type { CandidateSummary } from "./bindings/CandidateSummary";
import type { Company } from "./bindings/Company";
import type { CompanyInput } from "./bindings/CompanyInput";
import type { CounsellorSettings } from "./bindings/CounsellorSettings";
import type { DemoSummary } from "./bindings/DemoSummary";
import type { FieldError } from "./bindings/FieldError";
import type { CandidateQuery } from "./bindings/CandidateQuery";
import type { Choices } from "./bindings/Choices";
import type { CodeLabel } from "./bindings/CodeLabel";
import type { Commune } from "./bindings/Commune";
import type { CompanyQuery } from "./bindings/CompanyQuery";
import type { CompanySummary } from "./bindings/CompanySummary";
import type { DuplicateMatch } from "./bindings/DuplicateMatch";
import type { Eligibility } from "./bindings/Eligibility";
import type { FigureQuery } from "./bindings/FigureQuery";
import type { AidsPreview } from "./bindings/AidsPreview";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { JobTitleOption } from "./bindings/JobTitleOption";
import type { Page } from "./bindings/Page";
import type { ReferentialsStatus } from "./bindings/ReferentialsStatus";
import type { SkillOption } from "./bindings/SkillOption";
import type { StartChoice } from "./bindings/StartChoice";
import type { ConfirmationNeeded } from "./bindings/ConfirmationNeeded";
import type { EventInput } from "./bindings/EventInput";
import type { FollowUpPage } from "./bindings/FollowUpPage";
import type { FollowUpQuery } from "./bindings/FollowUpQuery";
import type { PitchTemplates } from "./bindings/PitchTemplates";
import type { PitchTemplate } from "./bindings/PitchTemplate";
import type { DomainDefault } from "./bindings/DomainDefault";
import type { TemplateInput } from "./bindings/TemplateInput";
import type { TemplateRef } from "./bindings/TemplateRef";
import type { TemplatesExported } from "./bindings/TemplatesExported";
import type { TemplatesImported } from "./bindings/TemplatesImported";
import type { PromoteInput } from "./bindings/PromoteInput";
import type { Promotion } from "./bindings/Promotion";
import type { PromotionQuery } from "./bindings/PromotionQuery";
import type { PromotionSettings } from "./bindings/PromotionSettings";
import type { TargetInfo } from "./bindings/TargetInfo";
import type { TargetQuery } from "./bindings/TargetQuery";
import type { CandidateTargets } from "./bindings/CandidateTargets";
import type { JobNeighbours } from "./bindings/JobNeighbours";
import type { Reach } from "./bindings/Reach";
import type { CompanyCandidates } from "./bindings/CompanyCandidates";
import type { Evaluation } from "./bindings/Evaluation";
import type { Timeline } from "./bindings/Timeline";
import type { TimelineOf } from "./bindings/TimelineOf";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { BatchOf } from "./bindings/BatchOf";
import type { BatchProgress } from "./bindings/BatchProgress";
import type { BatchSummary } from "./bindings/BatchSummary";
import type { DeliveryResult } from "./bindings/DeliveryResult";
import type { MailSettings } from "./bindings/MailSettings";
import type { MailSettingsInput } from "./bindings/MailSettingsInput";
import type { SheetCheck } from "./bindings/SheetCheck";
import type { CompanySheetOpened } from "./bindings/CompanySheetOpened";
import type { Dashboard } from "./bindings/Dashboard";
import type { ExportInput } from "./bindings/ExportInput";
import type { ExportSummary } from "./bindings/ExportSummary";
import type { StatsOptions } from "./bindings/StatsOptions";
import type { StatsQuery } from "./bindings/StatsQuery";
import type { TeamComparison } from "./bindings/TeamComparison";
import type { TeamQuery } from "./bindings/TeamQuery";
import type { DueRecord } from "./bindings/DueRecord";
import type { ErasurePreview } from "./bindings/ErasurePreview";
import type { ErasureSummary } from "./bindings/ErasureSummary";
import type { RenewalInput } from "./bindings/RenewalInput";
import type { RetentionSettings } from "./bindings/RetentionSettings";
import type { WithdrawalInput } from "./bindings/WithdrawalInput";
import type { Checkin } from "./bindings/Checkin";
import type { CheckinDateInput } from "./bindings/CheckinDateInput";
import type { CheckinInput } from "./bindings/CheckinInput";
import type { DueCheckins } from "./bindings/DueCheckins";
import type { TrialPeriod } from "./bindings/TrialPeriod";

/** What kind of error the core sent: the tag of `AppError`. */
export type ErrorKind = AppError["kind"];

/** Every kind of `AppError` (the record makes the compiler name a kind the core adds). */
const ERROR_KINDS: Record<ErrorKind, true> = {
  validation: true,
  notFound: true,
  keychain: true,
  referenceData: true,
  duplicate: true,
  rule: true,
  conflict: true,
  confirmation: true,
  database: true,
  team: true,
  damaged: true,
  import: true,
  cancelled: true,
  mail: true,
  backup: true,
  internal: true,
};

/** Message shown when the core failed without a structured error. */
export const UNEXPECTED_ERROR_MESSAGE =
  "Une erreur inattendue est survenue. Réessayez ; si le problème persiste, redémarrez Profilence.";

export class IpcError extends Error {
  readonly kind: ErrorKind;
  /** For `validation`: each field in error (empty for the other kinds). */
  readonly fields: FieldError[];
  /** For `duplicate`: the existing candidates the new one seems to repeat. */
  readonly duplicates: DuplicateMatch[];
  /** For `confirmation`: each warning the counsellor must confirm. */
  readonly confirmations: ConfirmationNeeded[];

  constructor(
    kind: ErrorKind,
    message: string,
    fields: FieldError[] = [],
    duplicates: DuplicateMatch[] = [],
    confirmations: ConfirmationNeeded[] = [],
  ) {
    super(message);
    this.name = "IpcError";
    this.kind = kind;
    this.fields = fields;
    this.duplicates = duplicates;
    this.confirmations = confirmations;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isDuplicateMatch(value: unknown): value is DuplicateMatch {
  return isRecord(value) && typeof value.id === "number" && typeof value.name === "string" && typeof value.reason === "string";
}

function isConfirmation(value: unknown): value is ConfirmationNeeded {
  return (
    isRecord(value) &&
    typeof value.kind === "string" &&
    typeof value.companyId === "number" &&
    typeof value.message === "string"
  );
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === "string" && typeof value.message === "string";
}

function isListOf<T>(value: unknown, isItem: (item: unknown) => item is T): value is T[] {
  return Array.isArray(value) && value.every(isItem);
}

/**
 * Whether a rejection value has the shape of the Rust `AppError`: a known `kind`, a
 * message, and what that kind carries (`fields`, `duplicates` or `confirmations`).
 */
export function isAppError(value: unknown): value is AppError {
  if (!isRecord(value) || typeof value.kind !== "string" || typeof value.message !== "string") return false;
  if (!Object.hasOwn(ERROR_KINDS, value.kind)) return false;
  switch (value.kind as ErrorKind) {
    case "validation":
      return isListOf(value.fields, isFieldError);
    case "duplicate":
      return isListOf(value.duplicates, isDuplicateMatch);
    case "confirmation":
      return isListOf(value.confirmations, isConfirmation);
    default:
      return true;
  }
}

/** Turns anything a command may reject with into an `IpcError`. */
export function toIpcError(reason: unknown): IpcError {
  if (reason instanceof IpcError) return reason;
  if (!isAppError(reason)) return new IpcError("internal", UNEXPECTED_ERROR_MESSAGE);
  switch (reason.kind) {
    case "validation":
      return new IpcError(reason.kind, reason.message, reason.fields.map((f) => ({ field: f.field, message: f.message })));
    case "duplicate":
      return new IpcError(
        reason.kind,
        reason.message,
        [],
        reason.duplicates.map((d) => ({ id: d.id, name: d.name, reason: d.reason })),
      );
    case "confirmation":
      return new IpcError(reason.kind, reason.message, [], [], reason.confirmations.map((c) => ({ ...c })));
    default:
      return new IpcError(reason.kind, reason.message);
  }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status", {});
}

/** Opens the database again when it could not be opened at start; the status afterwards. */
export function appRetry(): Promise<AppStatus> {
  return call<AppStatus>("app_retry", {});
}

export function appStart(choice: StartChoice): Promise<DemoSummary | null> {
  return call<DemoSummary | null>("app_start", { choice });
}

// Backups: the recovery code, the folder, automatic backups, restoring one.

export function backupStatus(): Promise<BackupStatus> {
  return call<BackupStatus>("backup_status", {});
}

export function backupSettingsUpdate(enabled: boolean): Promise<BackupSettings> {
  return call<BackupSettings>("backup_settings_update", { enabled });
}

/** Opens the app's folder picker and saves the choice; `null`: cancelled. */
export function backupFolderChoose(): Promise<BackupSettings | null> {
  return call<BackupSettings | null>("backup_folder_choose", {});
}

export function backupCodeGenerate(): Promise<NewRecoveryCode> {
  return call<NewRecoveryCode>("backup_code_generate", {});
}

export function backupCodePassphrase(passphrase: string): Promise<NewRecoveryCode> {
  return call<NewRecoveryCode>("backup_code_passphrase", { passphrase });
}

/** The waiting code on one page, opened in the PDF viewer to print. */
export function backupCodePrint(): Promise<string> {
  return call<string>("backup_code_print", {});
}

export function backupCodeKeep(): Promise<RecoveryCodeIdentity> {
  return call<RecoveryCodeIdentity>("backup_code_keep", {});
}

export function backupCodeDiscard(): Promise<void> {
  return call<void>("backup_code_discard", {});
}

export function backupNow(): Promise<BackupFacts> {
  return call<BackupFacts>("backup_now", {});
}

/** Opens the app's file dialog to choose the backup to restore; `null`: cancelled. */
export function backupRestoreChoose(): Promise<ChosenBackup | null> {
  return call<ChosenBackup | null>("backup_restore_choose", {});
}

export function backupRestoreCheck(code: string): Promise<BackupFacts> {
  return call<BackupFacts>("backup_restore_check", { code });
}

export function backupRestore(code: string): Promise<RestoreOutcome> {
  return call<RestoreOutcome>("backup_restore", { code });
}

// Team mode (Paramètres → Équipe): the team joined, what joining would move, joining, leaving.

export function teamState(): Promise<TeamState> {
  return call<TeamState>("team_state", {});
}

/** What joining the team would move and what the team already has; nothing written. */
export function teamPreview(membership: Membership, password: string): Promise<MovingIn> {
  return call<MovingIn>("team_preview", { membership, password });
}

/** Uploads this desktop's records into the team's database, then works on it. */
export function teamJoin(membership: Membership, password: string): Promise<MovingIn> {
  return call<MovingIn>("team_join", { membership, password });
}

/** Back to this desktop's own database. */
export function teamLeave(): Promise<void> {
  return call<void>("team_leave", {});
}

// The employers' replies: the inbox (IMAP), the replies waiting, confirmed or corrected.

export function inboxSettingsGet(): Promise<InboxSettings> {
  return call<InboxSettings>("inbox_settings_get", {});
}

export function inboxSettingsUpdate(input: InboxSettingsInput): Promise<InboxSettings> {
  return call<InboxSettings>("inbox_settings_update", { input });
}

export function inboxCheckNow(): Promise<InboxReading> {
  return call<InboxReading>("inbox_check_now", {});
}

export function repliesPending(): Promise<EmployerReply[]> {
  return call<EmployerReply[]>("replies_pending", {});
}

export function repliesOf(of: TimelineOf): Promise<EmployerReply[]> {
  return call<EmployerReply[]>("replies_of", { of });
}

export function replyConfirm(id: number): Promise<Promotion> {
  return call<Promotion>("reply_confirm", { id });
}

export function replyCorrect(id: number, input: EventInput): Promise<Promotion> {
  return call<Promotion>("reply_correct", { id, input });
}

export function replyClose(id: number): Promise<EmployerReply> {
  return call<EmployerReply>("reply_close", { id });
}

export function candidatesList(query: CandidateQuery): Promise<Page<CandidateSummary>> {
  return call<Page<CandidateSummary>>("candidates_list", { query });
}

export function candidatesGet(id: number): Promise<Candidate> {
  return call<Candidate>("candidates_get", { id });
}

/**
 * Right of access: the person's data (PDF, JSON, the sheets sent) written into a folder the
 * counsellor picks in the system's dialog, opened by the app; `null` when they cancel it.
 */
export function candidatesExportData(id: number): Promise<AccessExport | null> {
  return call<AccessExport | null>("candidates_export_data", { id });
}

/** Opens the folder of the last export in the file manager. */
export function candidatesExportOpenFolder(): Promise<void> {
  return call<void>("candidates_export_open_folder", {});
}

/** Refused with kind `duplicate` (see `IpcError.duplicates`) unless `allowDuplicate`. */
export function candidatesCreate(input: CandidateInput, allowDuplicate = false): Promise<Candidate> {
  return call<Candidate>("candidates_create", { input, allowDuplicate });
}

export function candidatesUpdate(id: number, input: CandidateInput): Promise<Candidate> {
  return call<Candidate>("candidates_update", { id, input });
}

/** Existing candidates the form seems to repeat; `exclude` is the one being edited. */
export function candidatesDuplicates(input: CandidateInput, exclude: number | null = null): Promise<DuplicateMatch[]> {
  return call<DuplicateMatch[]>("candidates_duplicates", { input, exclude });
}

/**
 * For someone with these publics and this birth date (`YYYY-MM-DD` or "" as typed): the age
 * today and the age publics the core reads from it, and the hiring aids an employer could
 * obtain, in the core's order.
 */
export function candidatesHiringAids(eligibility: Eligibility, birthDate: string): Promise<AidsPreview> {
  return call<AidsPreview>("candidates_hiring_aids", { eligibility, birthDate });
}

export function candidatesCounsellors(): Promise<string[]> {
  return call<string[]>("candidates_counsellors", {});
}

export function companiesList(query: CompanyQuery): Promise<Page<CompanySummary>> {
  return call<Page<CompanySummary>>("companies_list", { query });
}

export function companiesGet(id: number): Promise<Company> {
  return call<Company>("companies_get", { id });
}

export function companiesCreate(input: CompanyInput): Promise<Company> {
  return call<Company>("companies_create", { input });
}

export function companiesUpdate(id: number, input: CompanyInput): Promise<Company> {
  return call<Company>("companies_update", { id, input });
}

export function companiesCommitments(): Promise<string[]> {
  return call<string[]>("companies_commitments", {});
}

export function referentialsStatus(): Promise<ReferentialsStatus> {
  return call<ReferentialsStatus>("referentials_status", {});
}

/** Loads the referentials of `folder` in one transaction; kind `referenceData` names the bad file. */
export function referentialsImport(folder: string): Promise<ImportSummary> {
  return call<ImportSummary>("referentials_import", { folder });
}

export function referentialsJobTitles(text: string): Promise<JobTitleOption[]> {
  return call<JobTitleOption[]>("referentials_job_titles", { text });
}

export function referentialsCommunes(text: string): Promise<Commune[]> {
  return call<Commune[]>("referentials_communes", { text });
}

export function referentialsNaf(text: string): Promise<CodeLabel[]> {
  return call<CodeLabel[]>("referentials_naf", { text });
}

/** NAF sectors of every level (`10`, `10.71`, `10.71C`), for the sectors a candidate avoids or prefers. */
export function referentialsSectors(text: string): Promise<CodeLabel[]> {
  return call<CodeLabel[]>("referentials_sectors", { text });
}

export function referentialsJobSkills(romeCodes: string[]): Promise<SkillOption[]> {
  return call<SkillOption[]>("referentials_job_skills", { romeCodes });
}

export function referentialsDomains(): Promise<CodeLabel[]> {
  return call<CodeLabel[]>("referentials_domains", {});
}

export function referentialsNafDivisions(): Promise<CodeLabel[]> {
  return call<CodeLabel[]>("referentials_naf_divisions", {});
}

export function referentialsChoices(): Promise<Choices> {
  return call<Choices>("referentials_choices", {});
}

/**
 * Creates the promotions (sent unless `send` is false). Refused with kind `confirmation`
 * (see `IpcError.confirmations`) until `input.confirmations` confirms each warning, and
 * with kind `rule` when a candidate's consent is not valid.
 */
export function promotionsPromote(input: PromoteInput): Promise<Promotion[]> {
  return call<Promotion[]>("promotions_promote", { input });
}

/** Records the same event on every promotion of `ids`, all or none (kind `rule` names the refused ones). */
export function promotionsRecordEvent(ids: number[], input: EventInput): Promise<Promotion[]> {
  return call<Promotion[]>("promotions_record_event", { ids, input });
}

export function promotionsList(query: PromotionQuery): Promise<Page<Promotion>> {
  return call<Page<Promotion>>("promotions_list", { query });
}

/** The long "no answer" pass the app runs on its own thread, if one is under way. */
export function promotionsNoAnswerPass(): Promise<NoAnswerPass> {
  return call<NoAnswerPass>("promotions_no_answer_pass", {});
}

export function promotionsTimeline(of: TimelineOf): Promise<Timeline> {
  return call<Timeline>("promotions_timeline", { of });
}

export function promotionsTargetInfo(candidateId: number | null, companyIds: number[]): Promise<TargetInfo[]> {
  return call<TargetInfo[]>("promotions_target_info", { candidateId, companyIds });
}

/** « Cibler »: the companies most likely to hire candidate `id`, each with its factors. */
export function targetingForCandidate(id: number, query: TargetQuery = { limit: null, radiusKm: null, withNeighbours: false }): Promise<CandidateTargets> {
  return call<CandidateTargets>("targeting_for_candidate", { id, query });
}

/** « Candidats à proposer »: the people of the pool to offer company `id`. */
export function targetingForCompany(id: number, query: TargetQuery = { limit: null, radiusKm: null, withNeighbours: false }): Promise<CompanyCandidates> {
  return call<CompanyCandidates>("targeting_for_company", { id, query });
}

/** The neighbouring jobs of each of candidate `id`'s target jobs. */
export function neighboursForCandidate(id: number): Promise<JobNeighbours[]> {
  return call<JobNeighbours[]>("neighbours_for_candidate", { id });
}

/** A neighbouring job taken up: job title `titleCode` added to the candidate's target jobs. */
export function neighboursAddTargetJob(id: number, titleCode: number): Promise<Candidate> {
  return call<Candidate>("neighbours_add_target_job", { id, titleCode });
}

/** « À promouvoir »: the companies and neighbouring jobs before each of these candidates. */
export function targetingReach(ids: number[]): Promise<Reach[]> {
  return call<Reach[]>("targeting_reach", { ids });
}

/** The history replayed: targeting's ranks against the nearest-first baseline. */
export function targetingEvaluate(): Promise<Evaluation> {
  return call<Evaluation>("targeting_evaluate", {});
}

/** Every pitch template, the merge fields, the domains' defaults; `suggested` is the default
 * of `candidateId`'s domain (else the first built-in template). */
export function promotionsPitchTemplates(candidateId: number | null = null): Promise<PitchTemplates> {
  return call<PitchTemplates>("promotions_pitch_templates", { candidateId });
}

/** The e-mail subject filled as `promotionsPitchPreview` fills the pitch (kind `validation`
 * on `subjectTemplate`). */
export function promotionsSubjectPreview(
  template: string,
  candidateId: number,
  companyId: number | null,
  jobOfferRef: string,
  anonymous = false,
  sensitive = false,
): Promise<string> {
  return call<string>("promotions_subject_preview", { template, candidateId, companyId, jobOfferRef, anonymous, sensitive });
}

// Paramètres → Modèles d'argumentaire.

/** A new template (kind `validation` on `title`, `subject`, `body`). */
export function templatesCreate(input: TemplateInput): Promise<PitchTemplate> {
  return call<PitchTemplate>("templates_create", { input });
}

export function templatesUpdate(reference: TemplateRef, input: TemplateInput): Promise<PitchTemplate> {
  return call<PitchTemplate>("templates_update", { reference, input });
}

export function templatesDuplicate(reference: TemplateRef): Promise<PitchTemplate> {
  return call<PitchTemplate>("templates_duplicate", { reference });
}

export function templatesDelete(reference: TemplateRef): Promise<void> {
  return call<void>("templates_delete", { reference });
}

/** The template of ROME domain `domain`; `null`: the first built-in one again. */
export function templatesSetDefault(domain: string, reference: TemplateRef | null): Promise<DomainDefault[]> {
  return call<DomainDefault[]>("templates_set_default", { domain, reference });
}

/** Writes the counsellor's templates where the app's save dialog says; `null`: cancelled. */
export function templatesExport(): Promise<TemplatesExported | null> {
  return call<TemplatesExported | null>("templates_export", {});
}

/** Adds the templates of the file the app's open dialog chose; `null`: cancelled. */
export function templatesImport(): Promise<TemplatesImported | null> {
  return call<TemplatesImported | null>("templates_import", {});
}

/**
 * The template filled for one candidate and, once chosen, one company (kind `validation` on
 * `pitchTemplate`); `anonymous` names the candidate as the anonymised sheet does, `sensitive`
 * lets `{aides}` name the aids reserved to the sensitive publics (RQTH, RSA, QPV…).
 */
export function promotionsPitchPreview(
  template: string,
  candidateId: number,
  companyId: number | null,
  jobOfferRef: string,
  anonymous = false,
  sensitive = false,
): Promise<string> {
  return call<string>("promotions_pitch_preview", { template, candidateId, companyId, jobOfferRef, anonymous, sensitive });
}

export function followUpsList(query: FollowUpQuery): Promise<FollowUpPage> {
  return call<FollowUpPage>("follow_ups_list", { query });
}

/** The check-ins after a hire due today (by the app's clock), the oldest first. */
export function checkinsDue(): Promise<DueCheckins> {
  return call<DueCheckins>("checkins_due", {});
}

/** Records what a check-in found (kind `validation` on `inJob`, `leftReason`, `comment`, `on`). */
export function checkinsRecord(input: CheckinInput): Promise<Checkin> {
  return call<Checkin>("checkins_record", { input });
}

/** Moves a check-in still to do to another day (kind `validation` on `dueOn`). */
export function checkinsReschedule(input: CheckinDateInput): Promise<Checkin> {
  return call<Checkin>("checkins_reschedule", { input });
}

export function checkinsTrialPeriods(): Promise<TrialPeriod[]> {
  return call<TrialPeriod[]>("checkins_trial_periods", {});
}

export function checkinsTrialPeriodsUpdate(periods: TrialPeriod[]): Promise<TrialPeriod[]> {
  return call<TrialPeriod[]>("checkins_trial_periods_update", { periods });
}

export function promotionSettingsGet(): Promise<PromotionSettings> {
  return call<PromotionSettings>("promotion_settings_get", {});
}

export function promotionSettingsUpdate(input: PromotionSettings): Promise<PromotionSettings> {
  return call<PromotionSettings>("promotion_settings_update", { input });
}

/** The system's folder picker; `null` when the counsellor cancels. */
export async function pickFolder(title: string): Promise<string | null> {
  try {
    const chosen = await openDialog({ directory: true, multiple: false, title });
    return typeof chosen === "string" ? chosen : null;
  } catch (reason) {
    throw toIpcError(reason);
  }
}

export function settingsGet(): Promise<CounsellorSettings> {
  return call<CounsellorSettings>("settings_get", {});
}

export function settingsUpdate(input: CounsellorSettings): Promise<CounsellorSettings> {
  return call<CounsellorSettings>("settings_update", { input });
}

/** The spreadsheet formats the import reads. */
export const TRACKER_EXTENSIONS = ["xlsx", "xlsm", "xls", "ods", "csv"];

function progressChannel(onProgress: (progress: ImportProgress) => void): Channel<ImportProgress> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** What importing the tracker at `path` would do, rows as stored; writes nothing. */
export function importPreview(
  path: string,
  options: ImportOptions,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  return call<ImportReport>("import_preview", { path, options, onProgress: progressChannel(onProgress) });
}

/** Imports the tracker at `path` in one transaction: every valid row, or nothing. */
export function importRun(
  path: string,
  options: ImportOptions,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  return call<ImportReport>("import_run", { path, options, onProgress: progressChannel(onProgress) });
}

/** Stops the preview or import under way (it then fails with kind `cancelled`). */
export function importCancel(): Promise<void> {
  return call<void>("import_cancel", {});
}

/** Saves the last report's rejected and doubtful rows where `dialogsChoose("importReport")`
 * chose (XLSX for `.xlsx`, else CSV). */
export function importSaveReport(): Promise<void> {
  return call<void>("import_save_report", {});
}

/**
 * Where the app will write a file (the import report) or files (a batch of sheets, the
 * dashboard's exports): a native dialog opened by the app, which keeps the choice; the
 * path shown, or `null` when the counsellor cancels. The commands that write take no path.
 */
export function dialogsChoose(purpose: Purpose, suggestedName: string | null = null): Promise<string | null> {
  return call<string | null>("dialogs_choose", { purpose, suggestedName });
}

/** The system's file picker for a tracker; `null` when the counsellor cancels. */
export async function pickTracker(title: string): Promise<string | null> {
  try {
    const chosen = await openDialog({
      multiple: false,
      directory: false,
      title,
      filters: [{ name: "Tableaux (Excel, LibreOffice, CSV)", extensions: TRACKER_EXTENSIONS }],
    });
    return typeof chosen === "string" ? chosen : null;
  } catch (reason) {
    throw toIpcError(reason);
  }
}


/** For each candidate, what their profile sheet would shorten to fit its page. */
export function sheetsCheck(candidateIds: number[], anonymous: boolean, sensitive = false): Promise<SheetCheck[]> {
  return call<SheetCheck[]>("sheets_check", { candidateIds, anonymous, sensitive });
}

/**
 * Opens the sheet as it would be sent now in the PDF viewer (with the sensitive publics only
 * when `sensitive`); resolves to the file's path.
 */
export function sheetsPreview(
  candidateId: number,
  anonymous: boolean,
  companyId: number | null = null,
  contactId: number | null = null,
  sensitive = false,
): Promise<string> {
  return call<string>("sheets_preview", { candidateId, anonymous, sensitive, companyId, contactId });
}

/** Opens the sheet a promotion was sent with in the PDF viewer (to read or print). */
export function sheetsOpen(promotionId: number): Promise<string> {
  return call<string>("sheets_open", { promotionId });
}

/** Writes the sheets of `of` into the folder `dialogsChoose("sheetsBatch")` chose;
 * `onprogress` hears of each file written. */
export function sheetsBatch(of: BatchOf, onprogress: (p: BatchProgress) => void): Promise<BatchSummary> {
  const progress = new Channel<BatchProgress>();
  progress.onmessage = onprogress;
  return call<BatchSummary>("sheets_batch", { of, progress });
}

/** Stops the running batch after the file being written. */
export function sheetsBatchCancel(): Promise<void> {
  return call<void>("sheets_batch_cancel", {});
}

export function mailSettingsGet(): Promise<MailSettings> {
  return call<MailSettings>("mail_settings_get", {});
}

/** Saves the mail settings; the password goes to the OS keychain (`null`: unchanged, "": forgotten). */
export function mailSettingsUpdate(input: MailSettingsInput): Promise<MailSettings> {
  return call<MailSettings>("mail_settings_update", { input });
}

/** Connects to the mail server; rejects with kind `mail` and the server's words. */
export function mailTest(): Promise<string> {
  return call<string>("mail_test", {});
}

/** E-mails each draft promotion to its contact; each result says sent, or why not. */
export function mailSend(ids: number[]): Promise<DeliveryResult[]> {
  return call<DeliveryResult[]>("mail_send", { ids });
}

/** Opens each promotion's message as a draft in the mail client; resolves to the files. */
export function mailDraft(ids: number[]): Promise<string[]> {
  return call<string[]>("mail_draft", { ids });
}

/** The dashboard's figures for a period and filters (kind `validation` on `periodFrom`/`periodTo`). */
export function statsDashboard(query: StatsQuery): Promise<Dashboard> {
  return call<Dashboard>("stats_dashboard", { query });
}

/** The team's agencies and counsellors side by side, over every agency's promotions (team mode). */
export function statsTeam(query: TeamQuery): Promise<TeamComparison> {
  return call<TeamComparison>("stats_team", { query });
}

/** One page of the promotions behind a dashboard figure, filtered further by `query`. */
export function statsFigurePromotions(figure: FigureQuery, query: PromotionQuery): Promise<Page<Promotion>> {
  return call<Page<Promotion>>("stats_figure_promotions", { figure, query });
}

export function statsOptions(): Promise<StatsOptions> {
  return call<StatsOptions>("stats_options", {});
}

/** The folder offered for exports: the last one used, else the documents folder. */
export function statsExportFolder(): Promise<string> {
  return call<string>("stats_export_folder", {});
}

/** Writes the dashboard to a new file of the folder `dialogsChoose("statsExport")` chose,
 * else the last one used (`input.folder` is only shown; kind `validation` on `folder`). */
export function statsExport(input: ExportInput): Promise<ExportSummary> {
  return call<ExportSummary>("stats_export", { input });
}

export function journalList(query: JournalQuery): Promise<Page<JournalEntry>> {
  return call<Page<JournalEntry>>("journal_list", { query });
}

export function journalVerify(): Promise<JournalVerification> {
  return call<JournalVerification>("journal_verify", {});
}

/** Writes the entries `query` filters (every page) to a CSV file chosen in the app's save
 * dialog; `null` when the counsellor cancels. */
export function journalExport(query: JournalQuery): Promise<JournalExported | null> {
  return call<JournalExported | null>("journal_export", { query });
}

/**
 * Writes the list `query` shows (every page) as `format` to the file chosen in the save
 * dialog the app opens; `null` when the dialog is cancelled.
 */
export function listsExport(query: ListQuery, format: ListFormat): Promise<ListExported | null> {
  return call<ListExported | null>("lists_export", { query, format });
}

// Data protection: erasure, consent withdrawn or renewed, the retention rule.

export function candidatesErasurePreview(id: number): Promise<ErasurePreview> {
  return call<ErasurePreview>("candidates_erasure_preview", { id });
}

export function candidatesErase(id: number): Promise<ErasureSummary> {
  return call<ErasureSummary>("candidates_erase", { id });
}

export function companiesEraseContact(companyId: number, contactId: number): Promise<ErasureSummary> {
  return call<ErasureSummary>("companies_erase_contact", { companyId, contactId });
}

export function companiesErase(id: number): Promise<ErasureSummary> {
  return call<ErasureSummary>("companies_erase", { id });
}

/**
 * The company's one-page sheet made now (recorded in the journal) and opened in the PDF
 * viewer; resolves to where it is and what had to be shortened to fit the page.
 */
export function companiesSheet(id: number): Promise<CompanySheetOpened> {
  return call<CompanySheetOpened>("companies_sheet", { id });
}

export function candidatesWithdrawConsent(id: number, input: WithdrawalInput): Promise<Candidate> {
  return call<Candidate>("candidates_withdraw_consent", { id, input });
}

export function candidatesRenewConsent(id: number, input: RenewalInput): Promise<Candidate> {
  return call<Candidate>("candidates_renew_consent", { id, input });
}

export function retentionSettingsGet(): Promise<RetentionSettings> {
  return call<RetentionSettings>("retention_settings_get", {});
}

export function retentionSettingsUpdate(candidateMonths: number, contactMonths: number): Promise<RetentionSettings> {
  return call<RetentionSettings>("retention_settings_update", { candidateMonths, contactMonths });
}

export function retentionDue(): Promise<DueRecord[]> {
  return call<DueRecord[]>("retention_due", {});
}
