// Helpers shared by the forms: field errors from an `IpcError`, focus management, lists
// of ticked codes.
import { tick } from "svelte";
import type { FieldError } from "./bindings/FieldError";

/** Field name → message (the first message wins when a field is reported twice). */
export type FieldErrors = Record<string, string>;

export function fieldErrorMap(fields: FieldError[]): FieldErrors {
  const map: FieldErrors = {};
  for (const f of fields) {
    if (!(f.field in map)) map[f.field] = f.message;
  }
  return map;
}

export interface ErrorSummaryItem {
  field: string;
  label: string;
  message: string;
}

/**
 * The errors to list in the summary alert, in form order, labelled in French.
 * Fields the form does not know are kept (labelled by their name) so no message is lost.
 */
export function errorSummary(fields: FieldError[], labels: Record<string, string>): ErrorSummaryItem[] {
  const order = Object.keys(labels);
  const known = fields.filter((f) => f.field in labels);
  const unknown = fields.filter((f) => !(f.field in labels));
  known.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  return [...known, ...unknown].map((f) => ({
    field: f.field,
    label: labels[f.field] ?? f.field,
    message: f.message,
  }));
}

/**
 * After the DOM shows the errors, focuses the first invalid field of `form`
 * (or `fallback`, e.g. the error alert, when no field is marked invalid).
 */
export async function focusFirstInvalid(
  form: HTMLElement | undefined,
  fallback?: HTMLElement | undefined,
): Promise<void> {
  await tick();
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (field) {
    field.focus();
  } else {
    fallback?.focus();
  }
}

/** Adds or removes `code` from a list of codes (the ticked boxes of a group). */
export function toggled<T extends string>(list: T[], code: string, checked: boolean): T[] {
  const value = code as T;
  if (checked) return list.includes(value) ? list : [...list, value];
  return list.filter((item) => item !== value);
}
