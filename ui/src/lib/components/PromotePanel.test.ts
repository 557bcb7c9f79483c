import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  candidatesList: vi.fn(),
  companiesList: vi.fn(),
  companiesGet: vi.fn(),
  promotionsPromote: vi.fn(),
  promotionsTargetInfo: vi.fn(),
  promotionsPitchTemplates: vi.fn(),
  promotionsPitchPreview: vi.fn(),
  promotionsSubjectPreview: vi.fn(),
  referentialsChoices: vi.fn(),
  mailSettingsGet: vi.fn(),
  mailSend: vi.fn(),
  mailDraft: vi.fn(),
  sheetsCheck: vi.fn(),
  sheetsPreview: vi.fn(),
}));

import PromotePanel from "./PromotePanel.svelte";
import {
  candidatesList,
  companiesGet,
  companiesList,
  IpcError,
  mailDraft,
  mailSend,
  mailSettingsGet,
  promotionsPitchPreview,
  promotionsPitchTemplates,
  promotionsSubjectPreview,
  promotionsPromote,
  promotionsTargetInfo,
  referentialsChoices,
  sheetsCheck,
  sheetsPreview,
} from "../ipc";
import { resetChoices } from "../choices";
import { candidateSummary, choices, company, companySummary, validationError } from "../test-utils";
import { promotion } from "../test-utils-promotions";
import type { CompanyQuery } from "../bindings/CompanyQuery";
import type { CandidateQuery } from "../bindings/CandidateQuery";
import type { PitchTemplates } from "../bindings/PitchTemplates";
import type { PromoteInput } from "../bindings/PromoteInput";
import type { TargetInfo } from "../bindings/TargetInfo";
import type { MailSettings } from "../bindings/MailSettings";

type User = ReturnType<typeof userEvent.setup>;

const SHORT = "Bonjour,\n\nJe vous présente {prénom}, qui recherche un poste de {métier}.";
const AIDS = "Bonjour,\n\nSon recrutement peut vous ouvrir droit à : {aides}.";

const SUBJECT = "Proposition de candidature : {métier}";
const MINE = "Bonjour, {prénom} cherche un poste de {métier} chez {entreprise}.";
const MINE_SUBJECT = "Candidature de {prénom} pour {entreprise}";

function pitchTemplates(suggested = "builtin-short"): PitchTemplates {
  const builtin = (id: "short" | "aids", title: string, body: string) => ({
    reference: { kind: "builtin" as const, id },
    key: `builtin-${id}`,
    title,
    subject: SUBJECT,
    body,
    builtin: true,
    defaultFor: [],
  });
  return {
    templates: [
      builtin("short", "Présentation courte", SHORT),
      builtin("aids", "Avec les aides à l'embauche", AIDS),
      {
        reference: { kind: "stored", id: 4 },
        key: "stored-4",
        title: "Métiers de bouche",
        subject: MINE_SUBJECT,
        body: MINE,
        builtin: false,
        defaultFor: ["D"],
      },
    ],
    fields: [
      { field: "{prénom}", description: "Prénom du candidat" },
      { field: "{entreprise}", description: "Nom de l'entreprise" },
    ],
    domains: [],
    suggested,
    maxTitle: 80,
    maxSubject: 200,
    maxBody: 5000,
  };
}

function companyQuery(search: string): CompanyQuery {
  return {
    search,
    naf: null,
    near: null,
    minPotential: null,
    commitment: null,
    sort: "name",
    descending: false,
    paging: { offset: 0, limit: 10 },
  };
}

function candidateQuery(search: string): CandidateQuery {
  return {
    search,
    romeCode: null,
    domain: null,
    near: null,
    availableBy: null,
    consent: null,
    publics: [],
    counsellor: null,
    unpromoted: null,
    waiting: false,
    sort: "name",
    descending: false,
    paging: { offset: 0, limit: 10 },
  };
}

/** What the core says of a company; `contactsLeft` follows its limit and this month's contacts unless given. */
function info(companyId: number, overrides: Partial<TargetInfo> = {}): TargetInfo {
  const max = overrides.maxContactsPerMonth ?? null;
  const done = overrides.contactsThisMonth ?? 0;
  return {
    companyId,
    maxContactsPerMonth: null,
    contactsThisMonth: 0,
    contactsLeft: max === null ? null : Math.max(0, max - done),
    lastPromotedOn: null,
    ...overrides,
  };
}

/** Company n: its contacts have ids n*10+1, n*10+2; company 3 has none. */
function companyWithContacts(n: number) {
  if (n === 3) return company(n, { contacts: [] });
  return company(n, {
    contacts: [
      { id: n * 10 + 1, name: `Contact ${n}A`, role: "gérant", email: null, phone: null, preferredChannel: null },
      { id: n * 10 + 2, name: `Contact ${n}B`, role: "", email: null, phone: null, preferredChannel: null },
    ],
  });
}

const candidateFrom = { kind: "candidate" as const, id: 7, name: "Léa Martin" };
const companyFrom = { kind: "company" as const, id: 3, name: "Boulangerie Kerbrat" };

function renderPanel(from: typeof candidateFrom | typeof companyFrom = candidateFrom) {
  const onpromoted = vi.fn();
  const oncancel = vi.fn();
  render(PromotePanel, { props: { from, onpromoted, oncancel } });
  return { onpromoted, oncancel };
}

const lastInput = (): PromoteInput => {
  const call = vi.mocked(promotionsPromote).mock.lastCall;
  if (!call) throw new Error("promotionsPromote was not called");
  return call[0];
};

/** Ticks the option named `name`, once the picker shows it. */
async function pick(user: User, name: string) {
  await user.click(await screen.findByRole("checkbox", { name: `Choisir ${name}` }));
}

/** Waits until the first template is in the pitch (the default). */
async function pitchLoaded() {
  await waitFor(() => expect(screen.getByTestId("promote-pitch")).toHaveValue(SHORT));
}

function mailSettings(configured: boolean): MailSettings {
  return {
    host: configured ? "smtp.agence.example" : "",
    port: 587,
    security: "startTls",
    username: "",
    fromAddress: configured ? "claire.morel@agence.example" : "",
    fromName: "",
    subjectTemplate: "Proposition de candidature : {métier}",
    passwordSaved: false,
    configured,
  };
}

describe("PromotePanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(companiesList).mockResolvedValue({ items: [1, 2, 3].map((n) => companySummary(n)), total: 3 });
    vi.mocked(candidatesList).mockResolvedValue({ items: [1, 2].map((n) => candidateSummary(n)), total: 2 });
    vi.mocked(companiesGet).mockImplementation((id) => Promise.resolve(companyWithContacts(id)));
    vi.mocked(promotionsTargetInfo).mockImplementation((_candidate, ids) => Promise.resolve(ids.map((id) => info(id))));
    vi.mocked(promotionsPitchTemplates).mockResolvedValue(pitchTemplates());
    vi.mocked(promotionsPitchPreview).mockResolvedValue("Bonjour,\n\nJe vous présente Léa, qui recherche un poste de boulangère.");
    vi.mocked(promotionsSubjectPreview).mockResolvedValue("Proposition de candidature : boulangère");
    vi.mocked(mailSettingsGet).mockResolvedValue(mailSettings(false));
    vi.mocked(sheetsCheck).mockResolvedValue([]);
  });

  it("starts from the template of the candidate's domain, lists the counsellor's, and sends its subject", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsPitchTemplates).mockResolvedValue(pitchTemplates("stored-4"));
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1)]);
    renderPanel();

    await waitFor(() => expect(screen.getByTestId("promote-pitch")).toHaveValue(MINE));
    expect(promotionsPitchTemplates).toHaveBeenCalledWith(7);
    expect(screen.getByTestId("promote-subject")).toHaveValue(MINE_SUBJECT);
    const groups = within(screen.getByTestId("promote-template")).getAllByRole("group");
    expect(groups.map((g) => g.getAttribute("label"))).toEqual(["Modèles intégrés", "Vos modèles"]);
    await pick(user, "Entreprise 2");
    await waitFor(() => expect(promotionsSubjectPreview).toHaveBeenLastCalledWith(MINE_SUBJECT, 7, 2, "", false, false));
    expect(await screen.findByTestId("promote-subject-preview")).toHaveTextContent("Proposition de candidature : boulangère");

    // A merge field goes where the cursor is in the field focused last: the subject here.
    const subject = screen.getByTestId("promote-subject") as HTMLInputElement;
    await user.clear(subject);
    await user.type(subject, "Candidature ");
    await user.click(screen.getAllByTestId("promote-field")[0]);
    expect(subject).toHaveValue("Candidature {prénom}");
    expect(screen.getByTestId("promote-pitch")).toHaveValue(MINE);

    await user.selectOptions(screen.getByTestId("promote-template"), "Présentation courte");
    expect(screen.getByTestId("promote-subject")).toHaveValue(SUBJECT);
    await user.selectOptions(screen.getByTestId("promote-template"), "Métiers de bouche");
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(promotionsPromote).toHaveBeenCalledTimes(1));
    expect(lastInput().pitchTemplate).toBe(MINE);
    expect(lastInput().subjectTemplate).toBe(MINE_SUBJECT);
  });

  it("from a company, starts from the template of the first candidate's domain unless the pitch was written", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsPitchTemplates).mockImplementation((candidateId) =>
      Promise.resolve(pitchTemplates(candidateId === 1 ? "stored-4" : "builtin-short")),
    );
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1)]);
    renderPanel(companyFrom);
    await waitFor(() => expect(screen.getByTestId("promote-pitch")).toHaveValue(SHORT));
    await pick(user, "Prénom1 Nom1");
    await waitFor(() => expect(screen.getByTestId("promote-pitch")).toHaveValue(MINE));
    expect(promotionsPitchTemplates).toHaveBeenCalledWith(1);
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(lastInput().subjectTemplate).toBe(MINE_SUBJECT));
  });

  it("shows a subject error under the subject", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsSubjectPreview).mockRejectedValue(
      validationError("subjectTemplate", "Champ de fusion inconnu : {toto}. Champs possibles : {prénom}."),
    );
    renderPanel();
    await pick(user, "Entreprise 2");
    expect(await screen.findByTestId("promote-subject-error")).toHaveTextContent("Champ de fusion inconnu : {toto}");
  });

  it("promotes a candidate to the companies ticked, with every default", async () => {
    const user = userEvent.setup();
    const created = [promotion(1, { companyId: 1 }), promotion(2, { companyId: 3 })];
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    const { onpromoted } = renderPanel();

    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Promouvoir Léa Martin");
    expect(screen.getByTestId("promote-search")).toHaveFocus();
    expect(screen.getByLabelText(/Rechercher une entreprise/)).toBe(screen.getByTestId("promote-search"));
    expect(companiesList).toHaveBeenCalledWith(companyQuery(""));
    expect(screen.getByTestId("promote-send")).toBeDisabled();
    expect(screen.getByTestId("promote-draft")).toBeDisabled();

    await pitchLoaded();
    await pick(user, "Entreprise 1");
    await pick(user, "Entreprise 3");
    const send = screen.getByTestId("promote-send");
    expect(send).toBeEnabled();
    expect(send).toHaveTextContent("Confirmer l'envoi (2)");
    await user.click(send);

    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith(created));
    expect(promotionsPromote).toHaveBeenCalledTimes(1);
    expect(lastInput()).toEqual({
      candidateIds: [7],
      targets: [
        { companyId: 1, contactId: 11 },
        { companyId: 3, contactId: null },
      ],
      channel: "email",
      jobOfferRef: "",
      pitchTemplate: SHORT,
      subjectTemplate: SUBJECT,
      send: true,
      confirmations: { repeatReason: "", overContactLimit: false },
      anonymous: false,
      sensitive: false,
      delivery: "marked",
    });
    expect(companiesGet).toHaveBeenCalledWith(1);
    expect(companiesGet).toHaveBeenCalledWith(3);
  });

  it("waits for the default contact and pitch when sent right after the tick", async () => {
    const user = userEvent.setup();
    let finish: () => void = () => {};
    let finishTemplates: () => void = () => {};
    vi.mocked(companiesGet).mockReturnValue(new Promise((resolve) => (finish = () => resolve(companyWithContacts(2)))));
    vi.mocked(promotionsPitchTemplates).mockReturnValue(new Promise((resolve) => (finishTemplates = () => resolve(pitchTemplates()))));
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1)]);
    renderPanel();

    await pick(user, "Entreprise 2");
    await user.click(screen.getByTestId("promote-send"));
    finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(promotionsPromote).not.toHaveBeenCalled();
    finishTemplates();
    await waitFor(() => expect(promotionsPromote).toHaveBeenCalledTimes(1));
    expect(lastInput().targets).toEqual([{ companyId: 2, contactId: 21 }]);
    expect(lastInput().pitchTemplate).toBe(SHORT);
  });

  it("shows each company's details, contact, monthly contacts and last promotion, and keeps the choice across searches", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({
      items: [companySummary(1, { name: "Fournil du Port", commune: "Quimper", nafLabel: "Boulangerie", hiringPotential: 75 })],
      total: 1,
    });
    vi.mocked(promotionsTargetInfo).mockResolvedValue([
      info(1, { maxContactsPerMonth: 3, contactsThisMonth: 2, lastPromotedOn: "2026-11-02" }),
    ]);
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1)]);
    renderPanel();

    const option = (await screen.findAllByTestId("promote-option"))[0];
    expect(option).toHaveTextContent("Fournil du Port");
    expect(option).toHaveTextContent("Quimper · Boulangerie · Potentiel 75/100");
    await pick(user, "Fournil du Port");

    const item = screen.getByTestId("promote-chosen-item");
    expect(item).toHaveTextContent("Fournil du Port");
    expect(promotionsTargetInfo).toHaveBeenCalledWith(7, [1]);
    expect(await within(item).findByTestId("promote-contacts-month")).toHaveTextContent("2 contacts ce mois-ci sur 3 acceptés");
    expect(within(item).getByTestId("promote-already")).toHaveTextContent("Déjà promu·e ici le 02/11/2026");
    expect(within(item).getByTestId("promote-already")).toHaveClass("fr-message--warning");
    const contact = within(item).getByTestId("promote-contact");
    expect(contact).toHaveValue("11");
    expect(within(contact).getAllByRole("option").map((o) => o.textContent?.trim())).toEqual([
      "Sans contact nommé",
      "Contact 1A (gérant)",
      "Contact 1B",
    ]);

    // Another search: the choice stays.
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(2, { name: "Pâtisserie Le Goff" })], total: 1 });
    await user.type(screen.getByTestId("promote-search"), "goff");
    await waitFor(() => expect(companiesList).toHaveBeenLastCalledWith(companyQuery("goff")));
    await screen.findByRole("checkbox", { name: "Choisir Pâtisserie Le Goff" });
    expect(screen.getAllByTestId("promote-chosen-item")).toHaveLength(1);
    // Typing waits for a pause: one request for the whole word.
    expect(companiesList).toHaveBeenCalledTimes(2);

    // A contact chosen by hand, then no contact at all.
    await user.selectOptions(contact, "12");
    await pitchLoaded();
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(lastInput().targets).toEqual([{ companyId: 1, contactId: 12 }]));
    await user.selectOptions(contact, "");
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(lastInput().targets).toEqual([{ companyId: 1, contactId: null }]));
  });

  it("cannot pick a sixth company", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({ items: [1, 2, 3, 4, 5, 6].map((n) => companySummary(n)), total: 6 });
    renderPanel();

    for (const n of [1, 2, 3, 4, 5]) await pick(user, `Entreprise ${n}`);
    const sixth = screen.getByRole("checkbox", { name: "Choisir Entreprise 6" });
    expect(sixth).toBeDisabled();
    expect(screen.getByTestId("promote-limit")).toHaveTextContent("5 entreprises au plus");
    await user.click(sixth);
    expect(sixth).not.toBeChecked();
    expect(screen.getAllByTestId("promote-chosen-item")).toHaveLength(5);
    // Even a change forced past the disabled box is refused.
    await fireEvent.change(sixth, { target: { checked: true } });
    expect(screen.getAllByTestId("promote-chosen-item")).toHaveLength(5);
    expect(screen.getByTestId("promote-send")).toHaveTextContent("Confirmer l'envoi (5)");

    // Removing one frees a place.
    await user.click(screen.getByRole("button", { name: "Retirer Entreprise 2" }));
    expect(screen.getByRole("checkbox", { name: "Choisir Entreprise 2" })).not.toBeChecked();
    expect(sixth).toBeEnabled();
    expect(screen.queryByTestId("promote-limit")).not.toBeInTheDocument();
    await user.click(sixth);
    expect(screen.getAllByTestId("promote-chosen-item").map((i) => within(i).getByText(/^Entreprise/).textContent)).toEqual([
      "Entreprise 1",
      "Entreprise 3",
      "Entreprise 4",
      "Entreprise 5",
      "Entreprise 6",
    ]);
  });

  it("takes its limit from the core's choices", async () => {
    const user = userEvent.setup();
    vi.mocked(referentialsChoices).mockResolvedValue({ ...choices(), limits: { ...choices().limits, maxCompanies: 2 } });
    renderPanel();
    await waitFor(() => expect(screen.getByTestId("promote-search")).toHaveAccessibleName(/Cochez jusqu'à 2 entreprises\./));
    await pick(user, "Entreprise 1");
    await pick(user, "Entreprise 2");
    expect(screen.getByRole("checkbox", { name: "Choisir Entreprise 3" })).toBeDisabled();
    expect(screen.getByTestId("promote-limit")).toHaveTextContent("2 entreprises au plus");
    expect(screen.getByRole("heading", { name: "Entreprises choisies (2/2)" })).toBeInTheDocument();
  });

  it("warns when the core says a company accepts no more contacts this month", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsTargetInfo).mockImplementation((_candidate, ids) =>
      Promise.resolve(
        ids.map((id) =>
          id === 1
            ? info(1, { maxContactsPerMonth: 3, contactsThisMonth: 3, contactsLeft: 0 })
            : info(id, { maxContactsPerMonth: 3, contactsThisMonth: 2, contactsLeft: 1 }),
        ),
      ),
    );
    renderPanel();
    await pick(user, "Entreprise 1");
    await pick(user, "Entreprise 2");
    const items = screen.getAllByTestId("promote-chosen-item");
    const full = await within(items[0]).findByTestId("promote-contacts-month");
    expect(full).toHaveTextContent("3 contacts ce mois-ci sur 3 acceptés");
    expect(full).toHaveClass("fr-message--warning");
    const open = await within(items[1]).findByTestId("promote-contacts-month");
    expect(open).toHaveTextContent("2 contacts ce mois-ci sur 3 acceptés");
    expect(open).not.toHaveClass("fr-message--warning");
  });

  it("warns when more candidates are chosen than the company still accepts this month", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsTargetInfo).mockImplementation((_candidate, ids) =>
      Promise.resolve(ids.map((id) => info(id, { maxContactsPerMonth: 4, contactsThisMonth: 3, contactsLeft: 1 }))),
    );
    renderPanel(companyFrom);
    const monthly = await screen.findByTestId("promote-contacts-month");
    expect(monthly).toHaveTextContent("3 contacts ce mois-ci sur 4 acceptés");
    await pick(user, "Prénom1 Nom1");
    expect(monthly).not.toHaveClass("fr-message--warning");
    await pick(user, "Prénom2 Nom2");
    expect(monthly).toHaveClass("fr-message--warning");
  });

  it("shows the core's refusal when the consent is not valid", async () => {
    const user = userEvent.setup();
    const message =
      "Promotion impossible sans consentement valide : le consentement de Léa Martin a expiré le 12/03/2026. Renouvelez le consentement dans la fiche du candidat.";
    vi.mocked(promotionsPromote).mockRejectedValue(new IpcError("rule", message));
    const { onpromoted } = renderPanel();

    await pick(user, "Entreprise 1");
    await user.click(screen.getByTestId("promote-send"));

    const alert = await screen.findByTestId("promote-error");
    expect(alert).toHaveAttribute("role", "alert");
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveFocus();
    expect(onpromoted).not.toHaveBeenCalled();
    expect(screen.queryByTestId("promote-confirm-dialog")).not.toBeInTheDocument();
  });

  it("asks for a reason to promote again and confirms the contact limit, then resubmits", async () => {
    const user = userEvent.setup();
    const created = [promotion(1)];
    vi.mocked(promotionsPromote)
      .mockRejectedValueOnce(
        new IpcError("confirmation", "Des confirmations sont nécessaires.", [], [], [
          {
            kind: "repeat",
            candidateId: 7,
            companyId: 1,
            message: "Léa Martin a déjà été promu·e auprès de Entreprise 1 le 02/11/2026 (il y a 20 jours).",
          },
          {
            kind: "contactLimit",
            candidateId: null,
            companyId: 1,
            message: "Entreprise 1 accepte 2 contacts par mois ; 2 déjà ce mois-ci, 1 de plus dépasserait la limite.",
          },
        ]),
      )
      .mockResolvedValueOnce(created);
    const { onpromoted } = renderPanel();

    await pick(user, "Entreprise 1");
    await pitchLoaded();
    await user.click(screen.getByTestId("promote-send"));

    const dialog = await screen.findByTestId("promote-confirm-dialog");
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(within(dialog).getAllByTestId("promote-confirmation").map((c) => c.textContent?.trim())).toEqual([
      "Léa Martin a déjà été promu·e auprès de Entreprise 1 le 02/11/2026 (il y a 20 jours).",
      "Entreprise 1 accepte 2 contacts par mois ; 2 déjà ce mois-ci, 1 de plus dépasserait la limite.",
    ]);
    const reason = within(dialog).getByLabelText(/Motif de la nouvelle promotion/);
    expect(reason).toBe(within(dialog).getByTestId("promote-repeat-reason"));
    expect(reason).toBeRequired();
    expect(reason).toHaveFocus();
    const confirm = within(dialog).getByTestId("promote-confirm");
    expect(confirm).toHaveTextContent("Confirmer et envoyer");
    expect(confirm).toBeDisabled();
    await user.type(reason, "   ");
    expect(confirm).toBeDisabled();
    expect(onpromoted).not.toHaveBeenCalled();

    await user.clear(reason);
    await user.type(reason, "Un second poste ouvert");
    expect(confirm).toBeEnabled();
    await user.click(confirm);

    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith(created));
    expect(promotionsPromote).toHaveBeenCalledTimes(2);
    const [first, second] = vi.mocked(promotionsPromote).mock.calls.map((c) => c[0]);
    expect(first.confirmations).toEqual({ repeatReason: "", overContactLimit: false });
    expect(second).toEqual({ ...first, confirmations: { repeatReason: "Un second poste ouvert", overContactLimit: true } });
    expect(screen.queryByTestId("promote-confirm-dialog")).not.toBeInTheDocument();
  });

  it("confirms a contact limit without a reason, and the dialog can be closed", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsPromote).mockRejectedValue(
      new IpcError("confirmation", "Des confirmations sont nécessaires.", [], [], [
        { kind: "contactLimit", candidateId: null, companyId: 1, message: "Entreprise 1 accepte 1 contact par mois." },
      ]),
    );
    renderPanel();
    await pick(user, "Entreprise 1");
    await user.click(screen.getByTestId("promote-send"));

    const dialog = await screen.findByTestId("promote-confirm-dialog");
    expect(within(dialog).queryByTestId("promote-repeat-reason")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("promote-confirm")).toBeEnabled();
    await user.click(within(dialog).getByTestId("promote-confirm-cancel"));
    expect(screen.queryByTestId("promote-confirm-dialog")).not.toBeInTheDocument();
    expect(promotionsPromote).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("promote-send")).toHaveFocus();
  });

  it("keeps drafts, with the channel, offer and template chosen", async () => {
    const user = userEvent.setup();
    const created = [promotion(1, { status: "draft", sentAt: null })];
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    const { onpromoted } = renderPanel();

    await pick(user, "Entreprise 2");
    await pitchLoaded();
    const channel = screen.getByTestId("promote-channel");
    await waitFor(() => expect(within(channel).getAllByRole("option")).toHaveLength(5));
    expect(channel).toHaveValue("email");
    await user.selectOptions(channel, "phone");
    await user.type(screen.getByLabelText("Référence de l'offre (facultatif)"), "OF-2026-118");
    await user.selectOptions(screen.getByTestId("promote-template"), "Avec les aides à l'embauche");
    expect(screen.getByTestId("promote-pitch")).toHaveValue(AIDS);
    await user.click(screen.getByTestId("promote-draft"));

    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith(created));
    expect(lastInput()).toEqual({
      candidateIds: [7],
      targets: [{ companyId: 2, contactId: 21 }],
      channel: "phone",
      jobOfferRef: "OF-2026-118",
      pitchTemplate: AIDS,
      subjectTemplate: SUBJECT,
      send: false,
      confirmations: { repeatReason: "", overContactLimit: false },
      anonymous: false,
      sensitive: false,
      delivery: "marked",
    });
  });

  it("previews the pitch for the first company, inserts merge fields at the cursor and shows pitch errors", async () => {
    const user = userEvent.setup();
    renderPanel();
    await pitchLoaded();

    // Before any pick: the candidate alone.
    await waitFor(() => expect(promotionsPitchPreview).toHaveBeenCalledWith(SHORT, 7, null, "", false, false));
    expect(await screen.findByTestId("promote-preview")).toHaveTextContent("Je vous présente Léa");
    await pick(user, "Entreprise 2");
    await pick(user, "Entreprise 1");
    await waitFor(() => expect(promotionsPitchPreview).toHaveBeenLastCalledWith(SHORT, 7, 2, "", false, false));

    // A merge field at the cursor.
    const pitch = screen.getByTestId<HTMLTextAreaElement>("promote-pitch");
    await user.clear(pitch);
    await user.type(pitch, "Bonjour  !");
    pitch.setSelectionRange(8, 8);
    const field = screen.getByRole("button", { name: "{prénom}" });
    expect(field).toHaveAttribute("title", "Prénom du candidat");
    await user.click(field);
    expect(pitch).toHaveValue("Bonjour {prénom} !");
    expect(pitch).toHaveFocus();
    expect(pitch.selectionStart).toBe(16);

    // An invalid template, said under the pitch.
    vi.mocked(promotionsPitchPreview).mockRejectedValue(
      validationError("pitchTemplate", "Accolade « { » sans « } » : un champ de fusion s'écrit {prénom}."),
    );
    await fireEvent.input(pitch, { target: { value: "Bonjour {prénom" } });
    const error = await screen.findByTestId("promote-pitch-error");
    expect(error).toHaveTextContent("Accolade « { » sans « } »");
    expect(pitch).toHaveAttribute("aria-describedby", error.id);

    // The same error from the core when sending, and one on a contact.
    vi.mocked(promotionsPromote).mockRejectedValue(
      new IpcError("validation", "Le formulaire contient des erreurs.", [
        { field: "pitchTemplate", message: "L'argumentaire est trop long." },
        { field: "targets.1.contactId", message: "Ce contact n'est pas chez Entreprise 1." },
      ]),
    );
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(screen.getByTestId("promote-pitch-error")).toHaveTextContent("L'argumentaire est trop long."));
    expect(screen.getByTestId("promote-error")).toHaveTextContent("Le formulaire contient des erreurs.");
    const items = screen.getAllByTestId("promote-chosen-item");
    expect(items[1]).toHaveTextContent("Ce contact n'est pas chez Entreprise 1.");
    expect(items[0]).not.toHaveTextContent("Ce contact");
  });

  it("promotes candidates to a company: several candidates, one target with the company's first contact", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({
      items: [
        candidateSummary(1, { firstName: "Léa", lastName: "Martin", targetJobs: ["Boulanger / Boulangère"], commune: "Quimper" }),
        candidateSummary(2, { firstName: "Hugo", lastName: "Petit", consentValid: false }),
      ],
      total: 2,
    });
    vi.mocked(companiesGet).mockResolvedValue(companyWithContacts(4));
    vi.mocked(promotionsTargetInfo).mockImplementation((candidate, ids) =>
      Promise.resolve(ids.map((id) => info(id, { maxContactsPerMonth: 4, contactsThisMonth: 1, lastPromotedOn: candidate === 2 ? "2026-10-20" : null }))),
    );
    const created = [promotion(1, { candidateId: 1 }), promotion(2, { candidateId: 2 })];
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    const { onpromoted } = renderPanel(companyFrom);

    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Promouvoir des candidats auprès de Boulangerie Kerbrat");
    expect(screen.getByTestId("promote-search")).toHaveFocus();
    expect(candidatesList).toHaveBeenCalledWith(candidateQuery(""));
    expect(companiesGet).toHaveBeenCalledWith(3);
    expect(promotionsTargetInfo).toHaveBeenCalledWith(null, [3]);
    expect(await screen.findByTestId("promote-contacts-month")).toHaveTextContent("1 contact ce mois-ci sur 4 acceptés");
    expect(screen.getByTestId("promote-contact")).toHaveValue("41");

    const options = await screen.findAllByTestId("promote-option");
    expect(options[0]).toHaveTextContent("Léa Martin");
    expect(options[0]).toHaveTextContent("Boulanger / Boulangère · Quimper");
    expect(within(options[0]).queryByText("Consentement expiré")).not.toBeInTheDocument();
    expect(within(options[1]).getByText("Consentement expiré")).toBeInTheDocument();
    // Not disabled: the core refuses with its own message.
    expect(within(options[1]).getByTestId("promote-pick")).toBeEnabled();

    await pick(user, "Léa Martin");
    await pick(user, "Hugo Petit");
    await waitFor(() => expect(promotionsPitchPreview).toHaveBeenLastCalledWith(SHORT, 1, 3, "", false, false));
    expect(promotionsTargetInfo).toHaveBeenCalledWith(2, [3]);
    const items = screen.getAllByTestId("promote-chosen-item");
    expect(await within(items[1]).findByTestId("promote-already")).toHaveTextContent("Déjà promu·e ici le 20/10/2026");
    expect(within(items[0]).queryByTestId("promote-already")).not.toBeInTheDocument();
    expect(within(items[0]).queryByTestId("promote-contact")).not.toBeInTheDocument();

    expect(screen.getByTestId("promote-send")).toHaveTextContent("Confirmer l'envoi (2)");
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith(created));
    expect(lastInput()).toEqual({
      candidateIds: [1, 2],
      targets: [{ companyId: 3, contactId: 41 }],
      channel: "email",
      jobOfferRef: "",
      pitchTemplate: SHORT,
      subjectTemplate: SUBJECT,
      send: true,
      confirmations: { repeatReason: "", overContactLimit: false },
      anonymous: false,
      sensitive: false,
      delivery: "marked",
    });
  });

  it("e-mails the promotions through the counsellor's server once it is configured, the sheet anonymised", async () => {
    const user = userEvent.setup();
    vi.mocked(mailSettingsGet).mockResolvedValue(mailSettings(true));
    const created = [promotion(31, { status: "draft" })];
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    const results = [{ promotionId: 31, label: "Léa Martin → Entreprise 1", sent: true, message: "Contact 1A <c@x.example>" }];
    vi.mocked(mailSend).mockResolvedValue(results);
    const { onpromoted } = renderPanel();
    await pitchLoaded();
    await pick(user, "Entreprise 1");
    await waitFor(() => expect(screen.getByTestId("promote-delivery-email")).toBeChecked());
    expect(screen.getByTestId("promote-send")).toHaveTextContent("Envoyer par e-mail (1)");
    await user.click(screen.getByTestId("promote-anonymous"));
    await waitFor(() => expect(promotionsPitchPreview).toHaveBeenLastCalledWith(SHORT, 7, 1, "", true, false));
    await waitFor(() => expect(sheetsCheck).toHaveBeenLastCalledWith([7], true, false));
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith(created, { kind: "email", results, error: null }));
    expect(lastInput()).toMatchObject({ send: true, anonymous: true, delivery: "email" });
    expect(mailSend).toHaveBeenCalledWith([31]);
  });

  it("opens drafts in the mail client, and reports when it cannot", async () => {
    const user = userEvent.setup();
    const created = [promotion(32, { status: "draft" })];
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    vi.mocked(mailDraft).mockRejectedValue(new IpcError("rule", "Aucune application n'a pu ouvrir le fichier."));
    const { onpromoted } = renderPanel();
    await pitchLoaded();
    // Without mail settings, Profilence cannot send itself: the choice is disabled.
    expect(screen.getByTestId("promote-delivery-email")).toBeDisabled();
    expect(screen.getByTestId("promote-delivery-marked")).toBeChecked();
    await pick(user, "Entreprise 2");
    await user.click(screen.getByTestId("promote-delivery-draft"));
    expect(screen.getByTestId("promote-send")).toHaveTextContent("Préparer le brouillon (1)");
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() =>
      expect(onpromoted).toHaveBeenCalledWith(created, {
        kind: "mailDraft",
        opened: [],
        error: "Aucune application n'a pu ouvrir le fichier.",
      }),
    );
    expect(lastInput()).toMatchObject({ delivery: "mailDraft", anonymous: false });
  });

  it("warns when the sheet will be shortened, and previews it addressed to the first company", async () => {
    const user = userEvent.setup();
    vi.mocked(sheetsCheck).mockResolvedValue([
      { candidateId: 7, name: "Léa Martin", cuts: ["Compétences : 12 sur 30 figurent sur la fiche."] },
    ]);
    vi.mocked(sheetsPreview).mockResolvedValue("/tmp/fiche.pdf");
    renderPanel();
    expect(await screen.findByTestId("promote-sheet-cuts")).toHaveTextContent(
      "La fiche a été raccourcie pour tenir sur une page : Compétences : 12 sur 30 figurent sur la fiche.",
    );
    await pick(user, "Entreprise 1");
    await waitFor(() => expect(screen.getAllByTestId("promote-contact")[0]).toHaveValue("11"));
    await user.click(screen.getByTestId("promote-sheet-preview"));
    expect(sheetsPreview).toHaveBeenCalledWith(7, false, 1, 11, false);
  });

  it("shows the sensitive information only when ticked, never on an anonymised sheet", async () => {
    const user = userEvent.setup();
    vi.mocked(sheetsPreview).mockResolvedValue("/tmp/fiche.pdf");
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(40, { sensitiveShown: true })]);
    renderPanel();
    await pitchLoaded();
    await pick(user, "Entreprise 1");
    await waitFor(() => expect(screen.getAllByTestId("promote-contact")[0]).toHaveValue("11"));
    const box = screen.getByTestId("promote-sensitive");
    expect(box).not.toBeChecked();
    expect(box).toBeEnabled();
    expect(screen.getByLabelText(/Faire figurer les informations sensibles \(RQTH, RSA, QPV…\) — la personne a donné son accord/)).toBe(box);

    // Ticked: the pitch preview, the sheet's check and its preview follow.
    await user.click(box);
    await waitFor(() => expect(promotionsPitchPreview).toHaveBeenLastCalledWith(SHORT, 7, 1, "", false, true));
    await waitFor(() => expect(sheetsCheck).toHaveBeenLastCalledWith([7], false, true));
    await user.click(screen.getByTestId("promote-sheet-preview"));
    expect(sheetsPreview).toHaveBeenLastCalledWith(7, false, 1, 11, true);

    // Anonymised: unticked and disabled.
    await user.click(screen.getByTestId("promote-anonymous"));
    expect(box).not.toBeChecked();
    expect(box).toBeDisabled();
    await user.click(screen.getByTestId("promote-named"));
    await user.click(box);
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(promotionsPromote).toHaveBeenCalled());
    expect(lastInput()).toMatchObject({ anonymous: false, sensitive: true });
  });

  it("sends other channels as before: marked sent, no e-mail", async () => {
    const user = userEvent.setup();
    vi.mocked(mailSettingsGet).mockResolvedValue(mailSettings(true));
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(33)]);
    const { onpromoted } = renderPanel();
    await pitchLoaded();
    await pick(user, "Entreprise 1");
    await user.selectOptions(screen.getByTestId("promote-channel"), "visit");
    expect(screen.queryByTestId("promote-delivery-email")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith([promotion(33)]));
    expect(lastInput()).toMatchObject({ channel: "visit", delivery: "marked" });
    expect(mailSend).not.toHaveBeenCalled();
  });

  it("opens with companies already chosen, their contacts and facts loaded as when picked, and sends them", async () => {
    const user = userEvent.setup();
    let finish: () => void = () => {};
    vi.mocked(companiesGet).mockImplementation((id) =>
      id === 2 ? new Promise((resolve) => (finish = () => resolve(companyWithContacts(2)))) : Promise.resolve(companyWithContacts(id)),
    );
    vi.mocked(promotionsTargetInfo).mockImplementation((_candidate, ids) =>
      Promise.resolve(ids.map((id) => info(id, id === 1 ? { lastPromotedOn: "2026-09-14" } : {}))),
    );
    const created = [1, 2, 3].map((n) => promotion(n, { companyId: n }));
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    const onpromoted = vi.fn();
    const initial = [1, 2, 3].map((n) => ({ id: n, name: `Boulangerie ${n}`, details: ["Quimper"], expired: false }));
    render(PromotePanel, { props: { from: candidateFrom, initial, onpromoted, oncancel: vi.fn() } });

    const items = await screen.findAllByTestId("promote-chosen-item");
    expect(items.map((i) => within(i).getByText(/^Boulangerie/).textContent)).toEqual(["Boulangerie 1", "Boulangerie 2", "Boulangerie 3"]);
    expect(companiesGet).toHaveBeenCalledWith(1);
    expect(promotionsTargetInfo).toHaveBeenCalledWith(7, [1]);
    expect(await within(items[0]).findByTestId("promote-already")).toHaveTextContent("Déjà promu·e ici le 14/09/2026");
    expect(screen.getByRole("heading", { name: "Entreprises choisies (3/5)" })).toBeInTheDocument();
    const send = screen.getByTestId("promote-send");
    expect(send).toHaveTextContent("Confirmer l'envoi (3)");

    // Sent at once: waits for the contacts of company 2, as for a company picked.
    await user.click(send);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(promotionsPromote).not.toHaveBeenCalled();
    finish();
    await waitFor(() => expect(onpromoted).toHaveBeenCalledWith(created));
    expect(lastInput().targets).toEqual([
      { companyId: 1, contactId: 11 },
      { companyId: 2, contactId: 21 },
      { companyId: 3, contactId: null },
    ]);
    expect(lastInput().candidateIds).toEqual([7]);
    expect(lastInput().pitchTemplate).toBe(SHORT);
  });

  it("opens with candidates already chosen for a company, and the picker still adds or removes", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesGet).mockResolvedValue(companyWithContacts(4));
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1)]);
    const initial = [{ id: 2, name: "Prénom2 Nom2", details: ["Cariste"], expired: false }];
    render(PromotePanel, { props: { from: companyFrom, initial, onpromoted: vi.fn(), oncancel: vi.fn() } });

    expect(await screen.findByTestId("promote-chosen-item")).toHaveTextContent("Prénom2 Nom2");
    expect(promotionsTargetInfo).toHaveBeenCalledWith(2, [3]);
    // The picker shows the one already chosen as ticked.
    expect(await screen.findByRole("checkbox", { name: "Choisir Prénom2 Nom2" })).toBeChecked();
    await pick(user, "Prénom1 Nom1");
    expect(screen.getAllByTestId("promote-chosen-item")).toHaveLength(2);
    await pitchLoaded();
    await user.click(screen.getByTestId("promote-send"));
    await waitFor(() => expect(lastInput().candidateIds).toEqual([2, 1]));
    expect(lastInput().targets).toEqual([{ companyId: 3, contactId: 41 }]);
  });

  it("cancels", async () => {
    const user = userEvent.setup();
    const { oncancel } = renderPanel();
    await user.click(screen.getByTestId("promote-cancel"));
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(promotionsPromote).not.toHaveBeenCalled();
  });
});
