import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet } from "svelte";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  targetingForCandidate: vi.fn(),
  targetingForCompany: vi.fn(),
  referentialsChoices: vi.fn(),
  promotionsTimeline: vi.fn(),
  candidatesList: vi.fn(),
  companiesList: vi.fn(),
  companiesGet: vi.fn(),
  promotionsPromote: vi.fn(),
  promotionsTargetInfo: vi.fn(),
  promotionsPitchTemplates: vi.fn(),
  promotionsPitchPreview: vi.fn(),
  mailSettingsGet: vi.fn(),
  sheetsCheck: vi.fn(),
}));

import RecordPage from "./RecordPage.svelte";
import {
  candidatesList,
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
import { candidateSummary, choices, company, companySummary } from "../test-utils";
import { promotion } from "../test-utils-promotions";
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
    vi.mocked(promotionsPitchTemplates).mockResolvedValue({ templates: [{ name: "Présentation courte", text: PITCH }], fields: [] });
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
      "Cibler",
      "Promouvoir",
    ]);
    await click(user, open);

    expect(screen.getByTestId("targets-panel")).toBeInTheDocument();
    expect(screen.queryByTestId("record-form")).not.toBeInTheDocument();
    expect(screen.getByTestId("record-promotions")).toBeInTheDocument();
    const ticks = await screen.findAllByTestId("target-tick");
    expect(targetingForCandidate).toHaveBeenCalledWith(7, { limit: null, radiusKm: null });
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
