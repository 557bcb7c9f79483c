// State of a form that loads a record and saves it through the core: busy
// flags, field errors, the error alert and where the focus goes on failure.
import { tick } from "svelte";
import type { FieldError } from "./bindings/FieldError";
import { errorSummary, fieldErrorMap, focusFirstInvalid, type ErrorSummaryItem, type FieldErrors } from "./forms";
import { toIpcError, type IpcError } from "./ipc";

export interface FormStateOptions {
  /** Field labels, in form order (used by the error summary). */
  labels: Record<string, string>;
  /** Start of the alert title, e.g. "Le candidat n'a pas été enregistré". */
  notSaved: string;
}

export class FormState {
  #notSaved: string;

  loading = $state(false);
  loadError = $state<string | null>(null);
  saving = $state(false);
  errors = $state<FieldErrors>({});
  errorFields = $state<FieldError[]>([]);
  /** `reload`: someone saved the record since it was opened; the form offers to reload it. */
  formError = $state<{ title: string; message?: string; reload?: boolean } | null>(null);
  /** Bound to the `<form>`, to focus its first invalid field. */
  element = $state<HTMLFormElement>();
  /** Bound to the error alert, focused when no field is invalid. */
  alert = $state<HTMLElement>();

  readonly summary: ErrorSummaryItem[];

  constructor(options: FormStateOptions) {
    this.#notSaved = options.notSaved;
    this.summary = $derived(errorSummary(this.errorFields, options.labels));
  }

  /** Fetches the record to edit and hands it to `apply`; a failure sets `loadError`. */
  async load<T>(fetch: () => Promise<T>, apply: (record: T) => void): Promise<void> {
    this.loading = true;
    try {
      apply(await fetch());
    } catch (reason) {
      this.loadError = toIpcError(reason).message;
    } finally {
      this.loading = false;
    }
  }

  /**
   * Runs `save`, then `done` with its result; the form stays busy until both settle.
   * On failure, shows the errors and moves the focus to the first invalid field.
   */
  async submit<T>(save: () => Promise<T>, done: (saved: T) => void | Promise<void>): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    try {
      const saved = await save();
      this.errors = {};
      this.errorFields = [];
      this.formError = null;
      await done(saved);
    } catch (reason) {
      this.#showError(toIpcError(reason));
      // The alert may only appear with this error: read it once the DOM shows it.
      await tick();
      await focusFirstInvalid(this.element, this.alert);
    } finally {
      this.saving = false;
    }
  }

  #showError(error: IpcError): void {
    const notSaved = this.#notSaved;
    if (error.kind === "validation" && error.fields.length > 0) {
      this.errors = fieldErrorMap(error.fields);
      this.errorFields = error.fields;
      const n = error.fields.length;
      this.formError = { title: n > 1 ? `${notSaved} : ${n} champs à corriger.` : `${notSaved} : un champ à corriger.` };
    } else {
      this.errors = {};
      this.errorFields = [];
      this.formError = { title: `${notSaved}.`, message: error.message, reload: error.kind === "conflict" };
    }
  }
}
