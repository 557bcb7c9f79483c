import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  companiesCreate: vi.fn(),
  companiesUpdate: vi.fn(),
  companiesGet: vi.fn(),
  referentialsChoices: vi.fn(),
  referentialsNaf: vi.fn(),
  referentialsCommunes: vi.fn(),
}));

import CompanyForm from "./CompanyForm.svelte";
import {
  IpcError,
  companiesCreate,
  companiesGet,
  companiesUpdate,
  referentialsChoices,
  referentialsCommunes,
  referentialsNaf,
} from "../ipc";
import { resetChoices } from "../choices";
import { choices, company, validationError } from "../test-utils";
import { BOULANGERIE, commune } from "../test-utils-companies";
import type { CompanyInput } from "../bindings/CompanyInput";

/** The input of the last create or update call. */
function sent(): CompanyInput {
  const create = vi.mocked(companiesCreate).mock.calls.at(-1);
  const update = vi.mocked(companiesUpdate).mock.calls.at(-1);
  const input = create?.[0] ?? update?.[1];
  if (!input) throw new Error("nothing was sent");
  return input;
}

describe("CompanyForm", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(referentialsNaf).mockResolvedValue([BOULANGERIE, { code: "10.71D", label: "Pâtisserie" }]);
    vi.mocked(referentialsCommunes).mockResolvedValue([commune()]);
  });

  it("shows the SIRET error next to the field and keeps the input", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesCreate).mockRejectedValue(validationError("siret", "Le SIRET doit comporter 14 chiffres."));
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });

    expect(screen.getByLabelText(/^SIRET/)).toHaveAccessibleName(/14 chiffres/);
    await user.type(screen.getByTestId("field-name"), "Boulangerie Dupain");
    await user.type(screen.getByTestId("field-siret"), "1234");
    await user.click(screen.getByTestId("form-submit"));

    const message = await screen.findByTestId("error-siret");
    expect(message).toHaveTextContent("Le SIRET doit comporter 14 chiffres.");
    expect(message).toHaveClass("fr-error-text");
    const siret = screen.getByTestId("field-siret");
    expect(siret).toHaveAttribute("aria-invalid", "true");
    expect(siret).toHaveAttribute("aria-describedby", message.id);
    expect(siret).toHaveValue("1234");
    expect(screen.getByTestId("field-name")).toHaveValue("Boulangerie Dupain");
    expect(screen.getByTestId("form-error")).toHaveTextContent("SIRET : Le SIRET doit comporter 14 chiffres.");
    await waitFor(() => expect(siret).toHaveFocus());
  });

  it("sends the company as typed, with its contact, band, potential and commitments", async () => {
    const user = userEvent.setup();
    const saved = company(3);
    vi.mocked(companiesCreate).mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(CompanyForm, { companyId: null, onsaved, oncancel: vi.fn() });

    await user.type(screen.getByTestId("field-name"), "Boulangerie Dupain");
    await user.type(screen.getByTestId("field-siret"), "12345678900012");
    // The lists come from the core: wait for the bands before choosing one.
    await screen.findByRole("option", { name: "3 à 5 salariés" });
    await user.selectOptions(screen.getByTestId("field-headcountBand"), "02");
    await user.type(screen.getByTestId("field-address"), "12 rue de la Gare");
    await user.type(screen.getByTestId("field-contacts.0.name"), "Paul Durand");
    await user.type(screen.getByTestId("field-contacts.0.role"), "gérant");
    await user.type(screen.getByTestId("field-contacts.0.email"), "paul@example.fr");
    await user.selectOptions(screen.getByTestId("field-contacts.0.preferredChannel"), "phone");
    await user.type(screen.getByTestId("field-hiringPotential"), "60");
    await user.type(screen.getByTestId("field-maxContactsPerMonth"), "2");
    await user.click(screen.getByRole("button", { name: /Employeur inclusif/ }));
    await user.type(screen.getByTestId("field-commitments"), "Charte diversité{Enter}");
    await user.type(screen.getByTestId("field-notes"), "Recrute à la rentrée.");
    await user.click(screen.getByTestId("form-submit"));

    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(companiesCreate).toHaveBeenCalledWith({
      name: "Boulangerie Dupain",
      siret: "12345678900012",
      nafCode: "",
      headcountBand: "02",
      legalNature: null,
      address: "12 rue de la Gare",
      postcode: "",
      commune: "",
      communeCode: "",
      contacts: [
        { id: null, name: "Paul Durand", role: "gérant", email: "paul@example.fr", phone: "", preferredChannel: "phone" },
      ],
      hiringPotential: "60",
      commitments: ["Employeur inclusif", "Charte diversité"],
      maxContactsPerMonth: "2",
      notes: "Recrute à la rentrée.",
      referent: "",
      version: null,
    });
  });

  it("refuses a save over someone else's and reloads the company on demand", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesGet)
      .mockResolvedValueOnce(company(4, { notes: "Appeler le lundi.", version: 3 }))
      .mockResolvedValueOnce(company(4, { notes: "Fermé en août.", version: 4 }));
    vi.mocked(companiesUpdate).mockRejectedValueOnce(new IpcError("conflict", "Léa Guillou a enregistré ce dossier le 06/12/2026 à 14:02."));
    render(CompanyForm, { companyId: 4, onsaved: vi.fn(), oncancel: vi.fn() });
    await waitFor(() => expect(screen.getByTestId("field-notes")).toHaveValue("Appeler le lundi."));
    expect(screen.getByTestId("field-referent")).toHaveValue("Claire Morel");
    expect(screen.getByTestId("field-referent")).toHaveAccessibleName(/^Conseiller·ère référent·e/);
    await user.click(screen.getByTestId("form-submit"));
    const alert = await screen.findByTestId("form-error");
    expect(alert).toHaveTextContent("L'entreprise n'a pas été enregistrée. Léa Guillou a enregistré ce dossier");
    expect(companiesUpdate).toHaveBeenCalledWith(4, expect.objectContaining({ version: 3 }));
    await user.click(within(alert).getByTestId("form-reload"));
    await waitFor(() => expect(screen.getByTestId("field-notes")).toHaveValue("Fermé en août."));
    expect(screen.queryByTestId("form-error")).not.toBeInTheDocument();
  });

  it("offers the core's legal natures, shows the stored one and sends the one chosen", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesGet).mockResolvedValue(company(4, { legalNature: "association" }));
    vi.mocked(companiesUpdate).mockResolvedValue(company(4));
    render(CompanyForm, { companyId: 4, onsaved: vi.fn(), oncancel: vi.fn() });

    const select = await screen.findByTestId("company-legal-nature");
    expect(select).toHaveAccessibleName(/^Nature juridique/);
    await waitFor(() => expect(select).toHaveValue("association"));
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Non renseigné",
      "Entreprise privée",
      "Association",
      "Collectivité ou établissement public",
      "Structure d'insertion (SIAE)",
      "Entreprise adaptée ou ESAT",
    ]);

    await user.selectOptions(select, "insertion");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesUpdate).toHaveBeenCalledTimes(1));
    expect(sent().legalNature).toBe("insertion");

    await user.selectOptions(select, "");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesUpdate).toHaveBeenCalledTimes(2));
    expect(sent().legalNature).toBeNull();
  });

  it("keeps the NAF code chosen in the list, shows its label and can clear it", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesCreate).mockResolvedValue(company(3));
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });

    const naf = screen.getByTestId("field-nafCode");
    await user.type(naf, "boulang");
    const options = await screen.findAllByTestId("field-nafCode-option");
    expect(referentialsNaf).toHaveBeenLastCalledWith("boulang");
    expect(options[0]).toHaveTextContent("10.71C — Boulangerie et boulangerie-pâtisserie");
    await user.click(options[0]);

    expect(naf).toHaveValue("10.71C");
    expect(screen.getByTestId("naf-chosen")).toHaveTextContent("10.71C — Boulangerie et boulangerie-pâtisserie");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesCreate).toHaveBeenCalledTimes(1));
    expect(sent().nafCode).toBe("10.71C");

    await user.click(screen.getByTestId("naf-clear"));
    expect(naf).toHaveValue("");
    expect(naf).toHaveFocus();
    expect(screen.queryByTestId("naf-chosen")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesCreate).toHaveBeenCalledTimes(2));
    expect(sent().nafCode).toBe("");
  });

  it("shows the NAF error from the core under the NAF field", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesCreate).mockRejectedValue(
      validationError("nafCode", "Code NAF « BOULANGERIE » inconnu (format 47.11F, choisi dans la liste)."),
    );
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });
    await user.type(screen.getByTestId("field-nafCode"), "boulangerie");
    await user.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("error-nafCode")).toHaveTextContent("Code NAF « BOULANGERIE » inconnu");
    expect(sent().nafCode).toBe("boulangerie");
    expect(screen.getByTestId("form-error")).toHaveTextContent("Code NAF (activité) : Code NAF « BOULANGERIE » inconnu");
  });

  it("fills postcode, commune and INSEE code from the commune chosen, and drops the code when retyped", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesCreate).mockResolvedValue(company(3));
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });

    await user.type(screen.getByTestId("field-communeSearch"), "quimp");
    await user.click(await screen.findByTestId("field-communeSearch-option"));
    expect(screen.getByTestId("field-postcode")).toHaveValue("29000");
    expect(screen.getByTestId("field-commune")).toHaveValue("Quimper");
    expect(screen.getByTestId("commune-chosen")).toHaveTextContent("code INSEE 29232");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesCreate).toHaveBeenCalledTimes(1));
    expect(sent()).toMatchObject({ postcode: "29000", commune: "Quimper", communeCode: "29232" });

    await user.clear(screen.getByTestId("field-postcode"));
    await user.type(screen.getByTestId("field-postcode"), "29100");
    expect(screen.queryByTestId("commune-chosen")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesCreate).toHaveBeenCalledTimes(2));
    expect(sent()).toMatchObject({ postcode: "29100", commune: "Quimper", communeCode: "" });
  });

  it("offers as many contact rows as the core accepts", async () => {
    const user = userEvent.setup();
    vi.mocked(referentialsChoices).mockResolvedValue({ ...choices(), limits: { ...choices().limits, maxContacts: 2 } });
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });
    await user.click(screen.getByTestId("contact-add"));
    expect(screen.getAllByTestId("contact-row")).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId("contact-add")).toBeDisabled());
    expect(screen.getByTestId("contacts-full")).toHaveTextContent("2 interlocuteurs au plus.");
    await user.click(within(screen.getAllByTestId("contact-row")[1]).getByTestId("contact-remove"));
    expect(screen.getByTestId("contact-add")).toBeEnabled();
    expect(screen.queryByTestId("contacts-full")).not.toBeInTheDocument();
  });

  it("adds and removes contact rows", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesCreate).mockResolvedValue(company(3));
    render(CompanyForm, { companyId: null, onsaved: vi.fn(), oncancel: vi.fn() });

    expect(screen.getAllByTestId("contact-row")).toHaveLength(1);
    await user.type(screen.getByTestId("field-contacts.0.name"), "Paul Durand");
    await user.click(screen.getByTestId("contact-add"));
    const rows = screen.getAllByTestId("contact-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByRole("heading")).toHaveTextContent("Interlocuteur 2");
    expect(screen.getByTestId("field-contacts.1.name")).toHaveFocus();
    await user.type(screen.getByTestId("field-contacts.1.name"), "Inès Garcia");
    await user.type(screen.getByTestId("field-contacts.1.phone"), "06 12 34 56 78");

    await user.click(within(rows[0]).getByTestId("contact-remove"));
    expect(screen.getAllByTestId("contact-row")).toHaveLength(1);
    expect(screen.getByTestId("field-contacts.0.name")).toHaveValue("Inès Garcia");
    expect(screen.getByTestId("field-contacts.0.phone")).toHaveValue("06 12 34 56 78");
    expect(screen.getByTestId("contact-add")).toHaveFocus();

    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(companiesCreate).toHaveBeenCalled());
    expect(sent().contacts).toEqual([
      { id: null, name: "Inès Garcia", role: "", email: "", phone: "06 12 34 56 78", preferredChannel: null },
    ]);

    await user.click(screen.getByTestId("contact-remove"));
    expect(screen.queryByTestId("contact-row")).not.toBeInTheDocument();
    expect(screen.getByTestId("contacts-none")).toBeInTheDocument();
  });

  it("edits an existing company and keeps the ids of its contacts", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesGet).mockResolvedValue(
      company(4, {
        name: "Garage Central",
        siret: "73282932000074",
        siren: "732829320",
        hiringPotential: 75,
        commitments: ["Les entreprises s'engagent"],
        contacts: [
          { id: 11, name: "Paul Durand", role: "gérant", email: "paul.durand@example.fr", phone: null, preferredChannel: "email" },
          { id: 12, name: "Inès Garcia", role: "RH", email: null, phone: "0612345678", preferredChannel: null },
        ],
      }),
    );
    vi.mocked(companiesUpdate).mockResolvedValue(company(4));
    const onsaved = vi.fn();
    render(CompanyForm, { companyId: 4, onsaved, oncancel: vi.fn() });

    expect(await screen.findByRole("heading", { level: 1, name: "Modifier : Garage Central" })).toBeInTheDocument();
    expect(screen.getByTestId("field-siret")).toHaveAccessibleName(/SIREN de l'entreprise : 732 829 320/);
    expect(screen.getByTestId("field-nafCode")).toHaveValue("10.71C");
    expect(screen.getByTestId("naf-chosen")).toHaveTextContent("Boulangerie et boulangerie-pâtisserie");
    expect(screen.getByTestId("commune-chosen")).toHaveTextContent("code INSEE 69387");
    expect(screen.getByTestId("field-hiringPotential")).toHaveValue("75");
    expect(screen.getByTestId("field-contacts.1.phone")).toHaveValue("0612345678");
    expect(screen.getByTestId("field-contacts.1.email")).toHaveValue("");
    expect(screen.getByRole("button", { name: /Les entreprises s'engagent/ })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("field-contacts.0.preferredChannel")).toHaveValue("email"));

    await user.type(screen.getByTestId("field-contacts.1.email"), "ines@example.fr");
    await user.click(screen.getByTestId("form-submit"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(companiesUpdate).toHaveBeenCalledWith(4, expect.objectContaining({ name: "Garage Central", nafCode: "10.71C" }));
    expect(sent().contacts).toEqual([
      { id: 11, name: "Paul Durand", role: "gérant", email: "paul.durand@example.fr", phone: "", preferredChannel: "email" },
      { id: 12, name: "Inès Garcia", role: "RH", email: "ines@example.fr", phone: "0612345678", preferredChannel: null },
    ]);
    expect(sent().commitments).toEqual(["Les entreprises s'engagent"]);
    expect(sent().hiringPotential).toBe("75");
  });

  it("places a contact's field error on its own row, and moves it with the row", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesGet).mockResolvedValue(
      company(4, {
        contacts: [
          { id: 11, name: "Paul Durand", role: "gérant", email: "paul.durand@example.fr", phone: null, preferredChannel: null },
          { id: 12, name: "Inès Garcia", role: "RH", email: "ines@", phone: null, preferredChannel: null },
        ],
      }),
    );
    vi.mocked(companiesUpdate).mockRejectedValue(
      new IpcError("validation", "Le formulaire contient des erreurs.", [
        { field: "contacts.1.email", message: "Adresse e-mail invalide (format attendu : nom@domaine.fr)." },
      ]),
    );
    render(CompanyForm, { companyId: 4, onsaved: vi.fn(), oncancel: vi.fn() });
    await screen.findByRole("heading", { level: 1, name: "Modifier : Entreprise 4" });
    await user.click(screen.getByTestId("form-submit"));

    const message = await screen.findByTestId("error-contacts.1.email");
    const rows = screen.getAllByTestId("contact-row");
    expect(rows[1]).toContainElement(message);
    expect(rows[0]).not.toContainElement(message);
    const email = within(rows[1]).getByTestId("field-contacts.1.email");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveAttribute("aria-describedby", message.id);
    expect(within(rows[0]).getByTestId("field-contacts.0.email")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByTestId("form-error")).toHaveTextContent(
      "Interlocuteur 2 : adresse e-mail : Adresse e-mail invalide (format attendu : nom@domaine.fr).",
    );
    await waitFor(() => expect(email).toHaveFocus());

    await user.click(within(rows[0]).getByTestId("contact-remove"));
    const moved = screen.getByTestId("error-contacts.0.email");
    expect(moved).toHaveTextContent("Adresse e-mail invalide");
    expect(screen.getByTestId("contact-row")).toContainElement(moved);
    expect(screen.getByTestId("field-contacts.0.email")).toHaveValue("ines@");
    expect(screen.queryByTestId("error-contacts.1.email")).not.toBeInTheDocument();
    expect(screen.getByTestId("form-error")).toHaveTextContent("Interlocuteur 1 : adresse e-mail");
  });
});
