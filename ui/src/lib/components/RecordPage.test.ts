import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet } from "svelte";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  targetingForCandidate: vi.fn(),
  targetingForCompany: vi.fn(),
  neighboursForCandidate: vi.fn(),
  neighboursAddTargetJob: vi.fn(),
  candidatesGet: vi.fn(),
  referentialsChoices: vi.fn(),
  promotionsTimeline: vi.fn(),
  candidatesList: vi.fn(),
  companiesList: vi.fn(),
  companiesGet: vi.fn(),
  promotionsPromote: vi.fn(),
  promotionsTargetInfo: vi.fn(),
  promotionsPitchTemplates: vi.fn(),
  promotionsPitchPreview: vi.fn(),
  promotionsSubjectPreview: vi.fn(),
  mailSettingsGet: vi.fn(),
  sheetsCheck: vi.fn(),
}));

import RecordPage from "./RecordPage.svelte";
import {
  candidatesGet,
  candidatesList,
  neighboursAddTargetJob,
  neighboursForCandidate,
  companiesGet,
  companiesList,
  mailSettingsGet,
  promotionsPitchPreview,
  promotionsPitchTemplates,
  promotionsPromote,
  promotionsTargetInfo,
  promotionsTimeline,
  referentialsChoices,
  sheetsCheck,
  targetingForCandidate,
  targetingForCompany,
} from "../ipc";
import type { PromoteInput } from "../bindings/PromoteInput";
import type { TimelineOf } from "../bindings/TimelineOf";
import { resetChoices } from "../choices";
import { candidate, candidateSummary, choices, company, companySummary } from "../test-utils";
import type { JobNeighbours } from "../bindings/JobNeighbours";
import type { Neighbour } from "../bindings/Neighbour";
import { pitchTemplates, promotion } from "../test-utils-promotions";
import { candidateTargets, companyCandidates } from "../test-utils-targeting";

type User = ReturnType<typeof userEvent.setup>;

const PITCH = "Bonjour,\n\nJe vous présente {prénom}.";

const form = createRawSnippet(() => ({ render: () => `<p data-testid="record-form">La fiche</p>` }));

function renderPage(of: TimelineOf) {
  const candidate = of.kind === "candidate";
  render(RecordPage, {
    props: {
      of,
      name: candidate ? "Léa Martin" : "Boulangerie Kerbrat",
      loadName: () => Promise.resolve(""),
      promoteLabel: candidate ? "Promouvoir" : "Promouvoir des candidats",
      promoteTestid: candidate ? "candidate-promote" : "company-promote",
      children: form,
    },
  });
}

const lastInput = (): PromoteInput => {
  const call = vi.mocked(promotionsPromote).mock.lastCall;
  if (!call) throw new Error("promotionsPromote was not called");
  return call[0];
};

describe("RecordPage targeting", () => {
  /** Every click of the counsellor, counted. */
  let interactions = 0;
  const click = async (user: User, el: HTMLElement) => {
    interactions += 1;
    await user.click(el);
  };

  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    interactions = 0;
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(targetingForCandidate).mockResolvedValue(candidateTargets(5));
    vi.mocked(targetingForCompany).mockResolvedValue(companyCandidates(4));
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(8)], total: 1 });
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(8)], total: 1 });
    vi.mocked(companiesGet).mockImplementation((id) =>
      Promise.resolve(
        company(id, { contacts: [{ id: id * 10 + 1, name: `Contact ${id}`, role: "gérant", email: null, phone: null, preferredChannel: null }] }),
      ),
    );
    vi.mocked(promotionsTargetInfo).mockImplementation((_candidate, ids) =>
      Promise.resolve(ids.map((companyId) => ({ companyId, maxContactsPerMonth: null, contactsThisMonth: 0, contactsLeft: null, lastPromotedOn: null }))),
    );
    vi.mocked(promotionsPitchTemplates).mockResolvedValue(pitchTemplates(PITCH));
    vi.mocked(promotionsPitchPreview).mockResolvedValue("Bonjour,\n\nJe vous présente Léa.");
    vi.mocked(mailSettingsGet).mockResolvedValue({
      host: "",
      port: 587,
      security: "startTls",
      username: "",
      fromAddress: "",
      fromName: "",
      subjectTemplate: "",
      passwordSaved: false,
      configured: false,
    });
    vi.mocked(sheetsCheck).mockResolvedValue([]);
  });

  it("goes from the candidate's page to three promotions sent in six interactions", async () => {
    const user = userEvent.setup();
    const created = [2, 1, 4].map((n) => promotion(n, { companyId: n }));
    vi.mocked(promotionsPromote).mockResolvedValue(created);
    renderPage({ kind: "candidate", id: 7 });

    expect(screen.getByTestId("record-form")).toBeInTheDocument();
    const open = screen.getByTestId("target-open");
    expect(open).toHaveTextContent("Cibler");
    expect(within(screen.getByTestId("record-actions")).getAllByRole("button").map((b) => b.textContent?.trim())).toEqual([
      "Métiers proches",
      "Cibler",
      "Promouvoir",
    ]);
    await click(user, open);

    expect(screen.getByTestId("targets-panel")).toBeInTheDocument();
    expect(screen.queryByTestId("record-form")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-promotions")).toBeInTheDocument();
    const ticks = await screen.findAllByTestId("target-tick");
    expect(targetingForCandidate).toHaveBeenCalledWith(7, { limit: null, radiusKm: null, withNeighbours: false });
    for (const i of [1, 0, 3]) await click(user, ticks[i]);
    await click(user, screen.getByTestId("target-promote"));

    const panel = screen.getByTestId("promote-panel");
    expect(within(panel).getByRole("heading", { level: 1 })).toHaveTextContent("Promouvoir Léa Martin");
    expect(within(panel).getAllByTestId("promote-chosen-item").map((i) => within(i).getByText(/^Boulangerie/).textContent)).toEqual([
      "Boulangerie 2",
      "Boulangerie 1",
      "Boulangerie 4",
    ]);
    expect(screen.getByTestId("targets-panel").parentElement).not.toBeVisible();
    const send = within(panel).getByTestId("promote-send");
    expect(send).toHaveTextContent("Confirmer l'envoi (3)");
    await click(user, send);

    await waitFor(() => expect(screen.getByTestId("promote-done")).toHaveTextContent("3 promotions envoyées."));
    expect(interactions).toBe(6);
    expect(lastInput()).toMatchObject({
      candidateIds: [7],
      targets: [
        { companyId: 2, contactId: 21 },
        { companyId: 1, contactId: 11 },
        { companyId: 4, contactId: 41 },
      ],
      pitchTemplate: PITCH,
      send: true,
    });
    expect(screen.queryByTestId("promote-panel")).not.toBeInTheDocument();
    expect(screen.queryByTestId("targets-panel")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-form")).toBeInTheDocument();
    // The timeline reloads with the promotions made.
    expect(promotionsTimeline).toHaveBeenCalledTimes(2);
  });

  it("comes back to the list as it was left when the promotion is cancelled, then to the record", async () => {
    const user = userEvent.setup();
    renderPage({ kind: "candidate", id: 7 });
    await user.click(screen.getByTestId("target-open"));
    const ticks = await screen.findAllByTestId("target-tick");
    expect(screen.getByRole("heading", { level: 1, name: "Cibler des entreprises pour Léa Martin" })).toHaveFocus();
    await user.click(ticks[2]);
    await user.click(screen.getByTestId("target-promote"));
    await user.click(screen.getByTestId("promote-cancel"));

    expect(screen.queryByTestId("promote-panel")).not.toBeInTheDocument();
    expect(screen.getByTestId("targets-panel").parentElement).toBeVisible();
    expect(screen.getAllByTestId("target-tick")[2]).toBeChecked();
    // Not asked again: the list stayed as it was.
    expect(targetingForCandidate).toHaveBeenCalledTimes(1);
    expect(promotionsPromote).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("targets-close"));
    expect(screen.queryByTestId("targets-panel")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-form")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("target-open")).toHaveFocus());
  });

  it("offers candidates to a company and promotes those ticked", async () => {
    const user = userEvent.setup();
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1), promotion(2)]);
    renderPage({ kind: "company", id: 3 });

    expect(screen.queryByTestId("target-open")).not.toBeInTheDocument();
    const open = screen.getByTestId("company-candidates-open");
    expect(open).toHaveTextContent("Candidats à proposer");
    await user.click(open);

    expect(screen.getByTestId("company-candidates-panel")).toBeInTheDocument();
    const ticks = await screen.findAllByTestId("candidate-offer-tick");
    expect(targetingForCompany).toHaveBeenCalledWith(3);
    await user.click(ticks[0]);
    await user.click(ticks[2]);
    await user.click(screen.getByTestId("candidate-offer-promote"));

    const panel = screen.getByTestId("promote-panel");
    expect(within(panel).getByRole("heading", { level: 1 })).toHaveTextContent("Promouvoir des candidats auprès de Boulangerie Kerbrat");
    expect(within(panel).getAllByTestId("promote-chosen-item").map((i) => within(i).getByText(/^Candidate/).textContent)).toEqual([
      "Candidate 1",
      "Candidate 3",
    ]);
    await user.click(within(panel).getByTestId("promote-send"));
    await waitFor(() => expect(screen.getByTestId("promote-done")).toHaveTextContent("2 promotions envoyées."));
    expect(lastInput()).toMatchObject({ candidateIds: [101, 103], targets: [{ companyId: 3, contactId: 31 }] });
  });
});

/** A neighbouring job of the baker's, with the ROME's counts (D1104 from D1102). */
function neighbour(overrides: Partial<Neighbour> = {}): Neighbour {
  return {
    romeCode: "D1104",
    label: "Pâtissier / Pâtissière",
    reason: "both",
    mobilityRank: 1,
    skills: 48,
    skillsHeld: 3,
    coreSkills: 8,
    coreHeld: 1,
    toAcquire: ["Réaliser des entremets", "Tempérer du chocolat"],
    toAcquireCount: 45,
    summary: "1 compétence cœur de métier sur 8",
    title: { code: 19790, label: "Pâtissier / Pâtissière", romeCode: "D1104" },
    warnings: [],
    ...overrides,
  };
}

describe("RecordPage neighbouring jobs", () => {
  const click = (user: User, el: HTMLElement) => user.click(el);
  const baker = { code: 11573, label: "Boulanger / Boulangère", romeCode: "D1102" };
  const found = (neighbours: Neighbour[]): JobNeighbours[] => [{ label: baker.label, romeCode: "D1102", neighbours }];

  beforeEach(() => {
    vi.clearAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(targetingForCandidate).mockResolvedValue(candidateTargets(3));
    vi.mocked(candidatesGet).mockResolvedValue(candidate({ targetJobs: [baker] }));
  });

  it("shows the neighbouring jobs with their skills, adds one as a target job, then targets with them", async () => {
    const user = userEvent.setup();
    const mobility = neighbour({
      romeCode: "D1101",
      label: "Boucher / Bouchère",
      reason: "mobility",
      title: { code: 11564, label: "Boucher / Bouchère", romeCode: "D1101" },
      warnings: ["Travail le week-end fréquent dans ce métier (ROME : travail les week-ends et jours fériés)"],
    });
    vi.mocked(neighboursForCandidate).mockResolvedValueOnce(found([neighbour(), mobility])).mockResolvedValue(found([mobility]));
    const added = candidate({ targetJobs: [baker, { code: 19790, label: "Pâtissier / Pâtissière", romeCode: "D1104" }] });
    vi.mocked(neighboursAddTargetJob).mockResolvedValue(added);
    renderPage({ kind: "candidate", id: 7 });

    await click(user, screen.getByTestId("neighbours-open"));
    const panel = screen.getByTestId("neighbours-panel");
    expect(screen.queryByTestId("record-form")).not.toBeInTheDocument();
    const rows = await within(panel).findAllByTestId("neighbour");
    expect(neighboursForCandidate).toHaveBeenCalledWith(7);
    expect(within(panel).getByTestId("neighbours-job")).toHaveTextContent("Depuis Boulanger / Boulangère (D1102) — 2 métiers proches");
    expect(within(rows[0]).getByTestId("neighbour-reason")).toHaveTextContent("Mobilité ROME et compétences partagées");
    expect(within(rows[0]).getByTestId("neighbour-summary")).toHaveTextContent("1 compétence cœur de métier sur 8 · 3 compétences sur 48");
    expect(within(rows[0]).getByTestId("neighbour-to-acquire-toggle")).toHaveTextContent("45 compétences à acquérir");
    expect(within(rows[0]).getByTestId("neighbour-to-acquire")).toHaveTextContent("Tempérer du chocolat");
    expect(within(rows[1]).getByTestId("neighbour-reason")).toHaveTextContent("Mobilité ROME");
    expect(within(rows[0]).queryByTestId("neighbour-warning")).not.toBeInTheDocument();
    expect(within(rows[1]).getByTestId("neighbour-warning")).toHaveTextContent("Travail le week-end fréquent dans ce métier");

    await click(user, within(rows[0]).getByTestId("neighbour-add"));
    expect(neighboursAddTargetJob).toHaveBeenCalledWith(7, 19790);
    expect(await within(panel).findByTestId("neighbours-added")).toHaveTextContent("« Pâtissier / Pâtissière » ajouté à ses métiers visés");
    await waitFor(() => expect(within(panel).getAllByTestId("neighbour")).toHaveLength(1));

    await click(user, within(panel).getByTestId("neighbours-target"));
    expect(screen.getByTestId("targets-panel")).toBeInTheDocument();
    expect(targetingForCandidate).toHaveBeenCalledWith(7, { limit: null, radiusKm: null, withNeighbours: true });
    expect(screen.getByTestId("target-with-neighbours")).toBeChecked();
  });

  it("says why a job cannot be added: three target jobs already", async () => {
    const user = userEvent.setup();
    vi.mocked(neighboursForCandidate).mockResolvedValue(found([neighbour()]));
    vi.mocked(candidatesGet).mockResolvedValue(
      candidate({ targetJobs: [baker, { ...baker, code: 1, label: "Vendeur / Vendeuse en boulangerie" }, { ...baker, code: 2, label: "Boulanger-pâtissier / Boulangère-pâtissière" }] }),
    );
    renderPage({ kind: "candidate", id: 7 });
    await click(user, screen.getByTestId("neighbours-open"));
    expect(await screen.findByTestId("neighbours-full")).toHaveTextContent("Léa Martin a déjà 3 métiers visés");
    expect(screen.getByTestId("neighbour-add")).toBeDisabled();
  });
});
