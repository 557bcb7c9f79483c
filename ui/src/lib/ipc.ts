// The only module that talks to the Rust core. Every command gets one typed
// function; every failure becomes an `IpcError` the UI can branch on by `kind`.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { AppStatus } from "./bindings/AppStatus";
import type { Candidate } from "./bindings/Candidate";
import type { CandidateInput } from "./bindings/CandidateInput";
import type { CandidateSummary } from "./bindings/CandidateSummary";
import type { Company } from "./bindings/Company";
import type { CompanyInput } from "./bindings/CompanyInput";
import type { CounsellorSettings } from "./bindings/CounsellorSettings";
import type { DemoSummary } from "./bindings/DemoSummary";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { FieldError } from "./bindings/FieldError";
import type { ListQuery } from "./bindings/ListQuery";
import type { Page } from "./bindings/Page";
import type { StartChoice } from "./bindings/StartChoice";

const ERROR_KINDS: readonly ErrorKind[] = [
  "validation",
  "notFound",
  "keychain",
  "referenceData",
  "database",
  "internal",
];

/** Message shown when the core failed without a structured error. */
export const UNEXPECTED_ERROR_MESSAGE =
  "Une erreur inattendue est survenue. Réessayez ; si le problème persiste, redémarrez Profilence.";

export class IpcError extends Error {
  readonly kind: ErrorKind;
  readonly fields: FieldError[];

  constructor(kind: ErrorKind, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = "IpcError";
    this.kind = kind;
    this.fields = fields;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === "string" && typeof v.message === "string";
}

/** Whether a rejection value has the shape of the Rust `AppError`. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === "string" &&
    (ERROR_KINDS as readonly string[]).includes(v.kind) &&
    typeof v.message === "string" &&
    Array.isArray(v.fields) &&
    v.fields.every(isFieldError)
  );
}

/** Turns anything a command may reject with into an `IpcError`. */
export function toIpcError(reason: unknown): IpcError {
  if (reason instanceof IpcError) return reason;
  if (isAppError(reason)) {
    return new IpcError(
      reason.kind,
      reason.message,
      reason.fields.map((f) => ({ field: f.field, message: f.message })),
    );
  }
  return new IpcError("internal", UNEXPECTED_ERROR_MESSAGE);
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

export function appStart(choice: StartChoice): Promise<DemoSummary | null> {
  return call<DemoSummary | null>("app_start", { choice });
}

export function candidatesList(query: ListQuery): Promise<Page<CandidateSummary>> {
  return call<Page<CandidateSummary>>("candidates_list", { query });
}

export function candidatesGet(id: number): Promise<Candidate> {
  return call<Candidate>("candidates_get", { id });
}

export function candidatesCreate(input: CandidateInput): Promise<Candidate> {
  return call<Candidate>("candidates_create", { input });
}

export function candidatesUpdate(id: number, input: CandidateInput): Promise<Candidate> {
  return call<Candidate>("candidates_update", { id, input });
}

export function companiesList(query: ListQuery): Promise<Page<Company>> {
  return call<Page<Company>>("companies_list", { query });
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

export function settingsGet(): Promise<CounsellorSettings> {
  return call<CounsellorSettings>("settings_get", {});
}

export function settingsUpdate(input: CounsellorSettings): Promise<CounsellorSettings> {
  return call<CounsellorSettings>("settings_update", { input });
}
