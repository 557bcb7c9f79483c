import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  candidatesCreate: vi.fn(),
  candidatesUpdate: vi.fn(),
  candidatesGet: vi.fn(),
}));

import CandidateForm from "./CandidateForm.svelte";
import { candidatesCreate, candidatesGet, candidatesUpdate, IpcError } from "../ipc";
import { addOneYear, todayIso } from "../format";
import { candidate, validationError } from "../test-utils";

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId("field-lastName"), "Martin");
  await user.type(screen.getByTestId("field-firstName"), "Léa");
  await user.type(screen.getByTestId("field-targetJob"), "Aide-soignante");
  await user.selectOptions(screen.getByTestId("field-consentChannel"), "written");
}

describe("CandidateForm", () => {
  beforeEach(() => vi.clearAllMocks());

  it("labels every field in French and defaults the consent dates", () => {
    render(CandidateForm, { candidateId: null, onsaved: vi.fn(), oncancel: vi.fn() });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Nouveau candidat");
    for (const label of ["Nom", "Prénom", "Date de naissance", "Adresse e-mail", "Téléphone", "Code postal", "Commune", "Métier recherché", "Date du consentement", "Recueilli", "Valable jusqu'au"]) {
      expect(screen.getByLabelText(new RegExp(`^${label}`))).toBeInTheDocument();
    }
    expect(screen.getByRole("group", { name: "Consentement à la promotion du profil" })).toBeInTheDocument();
    expect(screen.getByTestId("field-consentDate")).toHaveValue(todayIso());
    expect(screen.getByTestId("field-consentExpiry")).toHaveValue(addOneYear(todayIso()));
    expect(screen.getByTestId("field-birthDate")).toHaveAttribute("type", "date");
  });

  it("shows the validation error next to the e-mail field and keeps what was typed", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockRejectedValue(validationError("email", "Adresse e-mail invalide."));
    const onsaved = vi.fn();
    render(CandidateForm, { candidateId: null, onsaved, oncancel: vi.fn() });

    await fillRequired(user);
    await user.type(screen.getByTestId("field-email"), "lea.martin@");
    await user.click(screen.getByTestId("form-submit"));

    const message = await screen.findByTestId("error-email");
    expect(message).toHaveTextContent("Adresse e-mail invalide.");
    const email = screen.getByTestId("field-email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAttribute("aria-describedby", message.id);
    expect(email.closest(".fr-input-group")).toHaveClass("fr-input-group--error");
    expect(email.closest(".fr-input-group")).toContainElement(message);
    expect(screen.getByTestId("form-error")).toHaveTextContent("Adresse e-mail : Adresse e-mail invalide.");
    await waitFor(() => expect(email).toHaveFocus());

    // Nothing typed is lost.
    expect(email).toHaveValue("lea.martin@");
    expect(screen.getByTestId("field-lastName")).toHaveValue("Martin");
    expect(screen.getByTestId("field-firstName")).toHaveValue("Léa");
    expect(screen.getByTestId("field-consentChannel")).toHaveValue("written");
    expect(screen.queryByTestId("error-lastName")).not.toBeInTheDocument();
    expect(screen.getByTestId("field-lastName")).not.toHaveAttribute("aria-invalid");
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("focuses the first invalid field in form order", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockRejectedValue(
      new IpcError("validation", "Erreurs", [
        { field: "consentExpiry", message: "La fin doit suivre le consentement." },
        { field: "firstName", message: "Le prénom est obligatoire." },
      ]),
    );
    render(CandidateForm, { candidateId: null, onsaved: vi.fn(), oncancel: vi.fn() });
    await user.click(screen.getByTestId("form-submit"));
    await screen.findByTestId("error-firstName");
    expect(screen.getByTestId("error-consentExpiry")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("field-firstName")).toHaveFocus());
  });

  it("shows other errors in the alert at the top", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesCreate).mockRejectedValue(new IpcError("database", "La base de données est verrouillée."));
    render(CandidateForm, { candidateId: null, onsaved: vi.fn(), oncancel: vi.fn() });
    await fillRequired(user);
    await user.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("La base de données est verrouillée.");
    expect(screen.getByTestId("field-lastName")).toHaveValue("Martin");
  });

  it("sends the typed candidate and reports the saved one", async () => {
    const user = userEvent.setup();
    const saved = candidate();
    vi.mocked(candidatesCreate).mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(CandidateForm, { candidateId: null, onsaved, oncancel: vi.fn() });
    await fillRequired(user);
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(candidatesCreate).toHaveBeenCalledWith({
      lastName: "Martin",
      firstName: "Léa",
      birthDate: "",
      email: "",
      phone: "",
      postcode: "",
      commune: "",
      consentDate: todayIso(),
      consentChannel: "written",
      consentExpiry: addOneYear(todayIso()),
      targetJob: "Aide-soignante",
    });
  });

  it("moves the default expiry along with the consent date, but not a chosen one", async () => {
    const user = userEvent.setup();
    render(CandidateForm, { candidateId: null, onsaved: vi.fn(), oncancel: vi.fn() });
    const date = screen.getByTestId("field-consentDate");
    const expiry = screen.getByTestId("field-consentExpiry");
    await user.clear(date);
    await user.type(date, "2026-01-15");
    expect(expiry).toHaveValue("2027-01-15");

    await user.clear(expiry);
    await user.type(expiry, "2026-12-31");
    await user.clear(date);
    await user.type(date, "2026-02-01");
    expect(expiry).toHaveValue("2026-12-31");
  });

  it("loads the candidate to edit and updates it", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesGet).mockResolvedValue(candidate());
    vi.mocked(candidatesUpdate).mockResolvedValue(candidate({ commune: "Villeurbanne" }));
    const onsaved = vi.fn();
    render(CandidateForm, { candidateId: 7, onsaved, oncancel: vi.fn() });

    expect(await screen.findByRole("heading", { level: 1, name: "Modifier : Léa Martin" })).toBeInTheDocument();
    expect(candidatesGet).toHaveBeenCalledWith(7);
    expect(screen.getByTestId("field-birthDate")).toHaveValue("");
    expect(screen.getByTestId("field-consentChannel")).toHaveValue("written");
    await user.clear(screen.getByTestId("field-commune"));
    await user.type(screen.getByTestId("field-commune"), "Villeurbanne");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(candidatesUpdate).toHaveBeenCalledWith(7, expect.objectContaining({ commune: "Villeurbanne", phone: "", birthDate: "" }));
  });
});
