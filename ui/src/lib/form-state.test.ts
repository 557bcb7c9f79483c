import { afterEach, describe, expect, it, vi } from "vitest";
import { IpcError } from "./ipc";
import { FormState } from "./form-state.svelte";
import { validationError } from "./test-utils";

const LABELS = { lastName: "Nom", email: "Adresse e-mail" };

function newForm() {
  return new FormState({ labels: LABELS, notSaved: "Le candidat n'a pas été enregistré" });
}

/** A form whose `invalid` field is marked invalid, plus a focusable alert. */
function attachElements(form: FormState, invalid?: string) {
  const element = document.createElement("form");
  for (const name of Object.keys(LABELS)) {
    const input = document.createElement("input");
    input.name = name;
    if (name === invalid) input.setAttribute("aria-invalid", "true");
    element.append(input);
  }
  const alert = document.createElement("div");
  alert.tabIndex = -1;
  document.body.append(element, alert);
  form.element = element;
  form.alert = alert;
  return { element, alert };
}

describe("FormState", () => {
  afterEach(() => document.body.replaceChildren());

  it("fills the errors by field on a validation error, and lists them in form order", async () => {
    const form = newForm();
    const done = vi.fn();
    await form.submit(
      () =>
        Promise.reject(
          new IpcError("validation", "Erreurs", [
            { field: "email", message: "Adresse e-mail invalide." },
            { field: "lastName", message: "Le nom est obligatoire." },
            { field: "email", message: "Second message." },
          ]),
        ),
      done,
    );
    expect(form.errors).toEqual({ email: "Adresse e-mail invalide.", lastName: "Le nom est obligatoire." });
    expect(form.errorFields).toHaveLength(3);
    expect(form.formError).toEqual({ title: "Le candidat n'a pas été enregistré : 3 champs à corriger." });
    expect(form.summary.map((item) => item.label)).toEqual(["Nom", "Adresse e-mail", "Adresse e-mail"]);
    expect(done).not.toHaveBeenCalled();
    expect(form.saving).toBe(false);
  });

  it("says when a single field needs fixing", async () => {
    const form = newForm();
    await form.submit(() => Promise.reject(validationError("email", "Adresse e-mail invalide.")), vi.fn());
    expect(form.formError).toEqual({ title: "Le candidat n'a pas été enregistré : un champ à corriger." });
  });

  it("shows other errors as a form-level message, without field errors", async () => {
    const form = newForm();
    await form.submit(() => Promise.reject(validationError("email", "Adresse e-mail invalide.")), vi.fn());
    await form.submit(() => Promise.reject(new IpcError("database", "La base de données est verrouillée.")), vi.fn());
    expect(form.formError).toEqual({
      title: "Le candidat n'a pas été enregistré.",
      message: "La base de données est verrouillée.",
      reload: false,
    });
    expect(form.errors).toEqual({});
    expect(form.errorFields).toEqual([]);
  });

  it("offers to reload the record when someone saved it meanwhile", async () => {
    const form = newForm();
    await form.submit(() => Promise.reject(new IpcError("conflict", "Léa Guillou a enregistré ce dossier.")), vi.fn());
    expect(form.formError).toEqual({
      title: "Le candidat n'a pas été enregistré.",
      message: "Léa Guillou a enregistré ce dossier.",
      reload: true,
    });
  });

  it("treats an unexpected rejection as a form-level error", async () => {
    const form = newForm();
    await form.submit(() => Promise.reject(new Error("boom")), vi.fn());
    expect(form.formError?.title).toBe("Le candidat n'a pas été enregistré.");
    expect(form.formError?.message).toMatch(/inattendue/);
  });

  it("clears the errors on success and stays busy until `done` settles", async () => {
    const form = newForm();
    await form.submit(() => Promise.reject(validationError("email", "Adresse e-mail invalide.")), vi.fn());

    let finish: () => void = () => {};
    const done = vi.fn(() => {
      // The errors are already gone while the caller reacts to the save.
      expect(form.errors).toEqual({});
      expect(form.formError).toBeNull();
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const submitting = form.submit(() => Promise.resolve({ id: 7 }), done);
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith({ id: 7 }));
    expect(form.saving).toBe(true);
    finish();
    await submitting;
    expect(form.saving).toBe(false);
    expect(form.errorFields).toEqual([]);
  });

  it("shows an error thrown by `done` like a save error", async () => {
    const form = newForm();
    await form.submit(
      () => Promise.resolve({ id: 7 }),
      () => Promise.reject(new IpcError("database", "La liste n'a pas pu être rechargée.")),
    );
    expect(form.formError?.message).toBe("La liste n'a pas pu être rechargée.");
  });

  it("ignores a second submit while saving", async () => {
    const form = newForm();
    let finish: (value: number) => void = () => {};
    const save = vi.fn(() => new Promise<number>((resolve) => (finish = resolve)));
    const first = form.submit(save, vi.fn());
    await form.submit(save, vi.fn());
    expect(save).toHaveBeenCalledTimes(1);
    finish(1);
    await first;
  });

  it("focuses the first invalid field after a failed submit", async () => {
    const form = newForm();
    const { element } = attachElements(form, "email");
    await form.submit(() => Promise.reject(validationError("email", "Adresse e-mail invalide.")), vi.fn());
    expect(document.activeElement).toBe(element.querySelector('[name="email"]'));
  });

  it("focuses the alert when no field is invalid", async () => {
    const form = newForm();
    const { alert } = attachElements(form);
    await form.submit(() => Promise.reject(new IpcError("database", "Verrouillée.")), vi.fn());
    expect(document.activeElement).toBe(alert);
  });

  it("loads a record, and reports a load failure", async () => {
    const form = newForm();
    const apply = vi.fn();
    const loading = form.load(() => Promise.resolve({ id: 7 }), apply);
    expect(form.loading).toBe(true);
    await loading;
    expect(apply).toHaveBeenCalledWith({ id: 7 });
    expect(form.loading).toBe(false);
    expect(form.loadError).toBeNull();

    await form.load(() => Promise.reject(new IpcError("notFound", "Candidat introuvable.")), apply);
    expect(form.loadError).toBe("Candidat introuvable.");
    expect(form.loading).toBe(false);
    expect(apply).toHaveBeenCalledTimes(1);
  });
});
