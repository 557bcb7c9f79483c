import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  candidatesList: vi.fn(),
  candidatesGet: vi.fn(),
  candidatesCreate: vi.fn(),
  candidatesUpdate: vi.fn(),
  candidatesCounsellors: vi.fn(),
  candidatesHiringAids: vi.fn(),
  companiesList: vi.fn(),
  companiesGet: vi.fn(),
  promotionsTimeline: vi.fn(),
  promotionsPromote: vi.fn(),
  promotionsTargetInfo: vi.fn(),
  promotionsPitchTemplates: vi.fn(),
  promotionsPitchPreview: vi.fn(),
  referentialsChoices: vi.fn(),
  referentialsDomains: vi.fn(),
  referentialsCommunes: vi.fn(),
  referentialsJobTitles: vi.fn(),
  referentialsJobSkills: vi.fn(),
  settingsGet: vi.fn(),
  targetingReach: vi.fn(),
}));

import Pool from "./Pool.svelte";
import {
  candidatesCounsellors,
  candidatesCreate,
  candidatesGet,
  candidatesHiringAids,
  candidatesList,
  companiesGet,
  companiesList,
  IpcError,
  promotionsPitchPreview,
  promotionsPitchTemplates,
  promotionsPromote,
  promotionsTargetInfo,
  promotionsTimeline,
  referentialsChoices,
  referentialsCommunes,
  referentialsDomains,
  referentialsJobSkills,
  referentialsJobTitles,
  settingsGet,
  targetingReach,
} from "../ipc";
import { resetChoices } from "../choices";
import { candidate, candidateSummary, choices, company, companySummary, hiringAids } from "../test-utils";
import { pitchTemplates, promotion } from "../test-utils-promotions";
import type { CandidateQuery } from "../bindings/CandidateQuery";

type User = ReturnType<typeof userEvent.setup>;

/** The query of the list as it first shows: no filter, by name, first page. */
function query(overrides: Partial<CandidateQuery> = {}): CandidateQuery {
  return {
    search: "",
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
    paging: { offset: 0, limit: 50 },
    ...overrides,
  };
}

const lastQuery = () => vi.mocked(candidatesList).mock.lastCall?.[0];

/** Header texts without the sort arrows. */
const headerTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole("columnheader")
    .map((th) => th.textContent?.replace(/[▲▼↕]/g, "").trim());

async function createWithJob(user: User) {
  await user.type(screen.getByTestId("field-lastName"), "Martin");
  await user.type(screen.getByTestId("field-firstName"), "Léa");
  await user.type(screen.getByTestId("field-targetJobs"), "boul");
  await user.click(await screen.findByTestId("field-targetJobs-option"));
  await user.selectOptions(screen.getByTestId("field-consentChannel"), "oral");
  await user.click(screen.getByTestId("form-submit"));
}

describe("Vivier page", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(candidatesHiringAids).mockImplementation(hiringAids);
    vi.mocked(candidatesCounsellors).mockResolvedValue(["Claire Morel", "Paul Durand"]);
    vi.mocked(referentialsDomains).mockResolvedValue([
      { code: "D", label: "Commerce, vente et grande distribution" },
      { code: "D11", label: "Commerce alimentaire et métiers de bouche" },
      { code: "D1102", label: "Boulangerie - viennoiserie" },
    ]);
    vi.mocked(referentialsCommunes).mockResolvedValue([]);
    vi.mocked(referentialsJobTitles).mockResolvedValue([
      { code: 11573, label: "Boulanger / Boulangère", romeCode: "D1102", romeLabel: "Boulangerie - viennoiserie" },
    ]);
    vi.mocked(referentialsJobSkills).mockResolvedValue([]);
    vi.mocked(settingsGet).mockResolvedValue({ name: "Claire Morel", agency: "", phone: "", email: "" });
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [], total: 0 });
  });

  it("shows the empty state when the pool is empty", async () => {
    vi.mocked(candidatesList).mockResolvedValue({ items: [], total: 0 });
    render(Pool);
    const empty = await screen.findByTestId("candidates-empty");
    expect(empty).toHaveTextContent("Aucun candidat pour l'instant — importer un tableau de suivi ou ajouter un candidat");
    expect(within(empty).getByTestId("candidate-add")).toHaveTextContent("Ajouter un candidat");
    expect(screen.queryByTestId("candidates-table")).not.toBeInTheDocument();
    expect(screen.queryByTestId("candidates-filters")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("candidate-add")).toHaveLength(1);
    expect(candidatesList).toHaveBeenCalledWith(query());
  });

  it("lists the candidates with their jobs, availability, publics and consent", async () => {
    vi.mocked(candidatesList).mockResolvedValue({
      items: [
        candidateSummary(1, {
          lastName: "Martin",
          firstName: "Léa",
          consentExpiry: "2027-03-12",
          targetJobs: ["Boulanger / Boulangère", "Vendeur / Vendeuse en boulangerie"],
          availableFrom: "2026-09-01",
          publics: ["rqth", "longTermUnemployed"],
        }),
        candidateSummary(2, { lastName: "Petit", firstName: "Hugo", consentValid: false, consentExpiry: "2025-01-01", commune: null }),
      ],
      total: 60,
    });
    render(Pool);

    const table = await screen.findByTestId("candidates-table");
    expect(screen.getByTestId("candidates-total")).toHaveTextContent("60 candidats");
    expect(table.querySelector("caption")).not.toBeNull();
    expect(headerTexts(table)).toEqual([
      "Sélectionner toutes les lignes de la page",
      "Nom",
      "Prénom",
      "Commune",
      "Métiers visés",
      "Disponibilité",
      "Publics",
      "Consentement",
      "Dernière promotion",
    ]);

    const rows = screen.getAllByTestId("candidate-row");
    expect(rows).toHaveLength(2);
    const cells = (row: HTMLElement) => Array.from(row.querySelectorAll("td")).map((td) => td.textContent?.replace(/\s+/g, " ").trim());
    expect(cells(rows[0]).slice(1, 6)).toEqual([
      "Martin",
      "Léa",
      "Lyon",
      "Boulanger / Boulangère, Vendeur / Vendeuse en boulangerie",
      "01/09/2026",
    ]);
    expect(cells(rows[1])[5]).toBe("Immédiate");
    const publics = within(rows[0]).getAllByTestId("candidate-public");
    expect(publics.map((p) => p.textContent?.trim())).toEqual(["RQTH", "DELD"]);
    await waitFor(() => expect(publics[1].querySelector("abbr")).toHaveAttribute("title", "Demandeur d'emploi de longue durée"));
    expect(within(rows[1]).queryByTestId("candidate-public")).not.toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("Valide jusqu'au 12/03/2027");
    expect(within(rows[0]).queryByTestId("consent-expired")).not.toBeInTheDocument();
    const badge = within(rows[1]).getByTestId("consent-expired");
    expect(badge).toHaveTextContent("Consentement expiré");
    expect(badge).toHaveClass("fr-badge", "fr-badge--error");
    expect(screen.queryByTestId("candidate-distance")).not.toBeInTheDocument();
    expect(screen.getByTestId("pagination-status")).toHaveTextContent("Page 1 sur 2");
    expect(screen.queryByTestId("candidates-empty")).not.toBeInTheDocument();
  });

  it("pages through the list 50 at a time", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(1)], total: 60 });
    render(Pool);
    await screen.findByTestId("candidates-table");
    expect(screen.getByTestId("pagination-prev")).toBeDisabled();
    await user.click(screen.getByTestId("pagination-next"));
    await waitFor(() => expect(candidatesList).toHaveBeenLastCalledWith(query({ paging: { offset: 50, limit: 50 } })));
    expect(await screen.findByText("Page 2 sur 2")).toBeInTheDocument();
    expect(screen.getByTestId("pagination-next")).toBeDisabled();
  });

  it("searches after a pause, back on page 1, and says when nothing matches", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockImplementation(async (q) =>
      q.search === "" ? { items: [candidateSummary(1)], total: 60 } : { items: [], total: 0 },
    );
    render(Pool);
    await screen.findByTestId("candidates-table");
    await user.click(screen.getByTestId("pagination-next"));
    await screen.findByText("Page 2 sur 2");

    await user.type(screen.getByTestId("candidates-search"), "zorro");
    // Debounced: one query for the whole word, from the first page.
    await waitFor(() => expect(candidatesList).toHaveBeenLastCalledWith(query({ search: "zorro" })));
    expect(vi.mocked(candidatesList).mock.calls.filter(([q]) => q.search !== "")).toHaveLength(1);
    expect(await screen.findByText("Aucun candidat ne correspond à « zorro »")).toBeInTheDocument();
    expect(screen.queryByTestId("candidates-empty")).not.toBeInTheDocument();
    expect(screen.getByTestId("candidates-search")).toHaveValue("zorro");
  });

  it("filters by consent, public, domain, counsellor and availability, from page 1", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockImplementation(async (q) =>
      q.consent === "expired" ? { items: [], total: 0 } : { items: [candidateSummary(1)], total: 60 },
    );
    render(Pool);
    await screen.findByTestId("candidates-table");
    await user.click(screen.getByTestId("pagination-next"));
    await screen.findByText("Page 2 sur 2");
    expect(screen.queryByTestId("filters-reset")).not.toBeInTheDocument();

    // The filters fold away under one button.
    const toggle = screen.getByTestId("filters-toggle");
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByTestId("filter-consent")).not.toBeInTheDocument();
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");

    await user.selectOptions(screen.getByTestId("filter-consent"), "valid");
    await waitFor(() => expect(lastQuery()).toEqual(query({ consent: "valid" })));

    await user.click(await screen.findByTestId("filter-public-rqth"));
    await user.click(screen.getByTestId("filter-public-qpv"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ consent: "valid", publics: ["rqth", "qpv"] })));
    await user.click(screen.getByTestId("filter-public-rqth"));
    await waitFor(() => expect(lastQuery()?.publics).toEqual(["qpv"]));

    // Only the big domains and their sub-domains are offered.
    const domain = screen.getByTestId("filter-domain");
    await waitFor(() => expect(within(domain).getAllByRole("option")).toHaveLength(3));
    expect(within(domain).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["", "D", "D11"]);
    await user.selectOptions(domain, "D11");
    await user.selectOptions(screen.getByTestId("filter-counsellor"), "Paul Durand");
    await fireEvent.change(screen.getByTestId("filter-available"), { target: { value: "2026-10-01" } });
    await waitFor(() =>
      expect(lastQuery()).toEqual(
        query({ consent: "valid", publics: ["qpv"], domain: "D11", counsellor: "Paul Durand", availableBy: "2026-10-01" }),
      ),
    );
    expect(screen.getByText("Page 1 sur 2")).toBeInTheDocument();
    expect(screen.getByTestId("filters-count")).toHaveTextContent("5 filtres actifs");
    // Folded, the filters still apply and can be reset.
    await user.click(toggle);
    expect(screen.queryByTestId("filter-consent")).not.toBeInTheDocument();
    expect(screen.getByTestId("filters-count")).toHaveTextContent("5 filtres actifs");
    await user.click(toggle);

    // Filters that match nothing say so, and keep the filters at hand.
    await user.selectOptions(screen.getByTestId("filter-consent"), "expired");
    expect(await screen.findByTestId("candidates-no-match")).toHaveTextContent("Aucun candidat ne correspond aux filtres.");
    expect(screen.queryByTestId("candidates-empty")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("filters-reset"));
    await waitFor(() => expect(lastQuery()).toEqual(query()));
    expect(await screen.findByTestId("candidates-table")).toBeInTheDocument();
    expect(screen.getByTestId("filter-consent")).toHaveValue("");
    expect(screen.getByTestId("filter-public-qpv")).not.toBeChecked();
    expect(screen.queryByTestId("filters-reset")).not.toBeInTheDocument();
    expect(screen.queryByTestId("filters-count")).not.toBeInTheDocument();
  });

  it("filters by a target job's ROME sheet, shown as a dismissible tag", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(1)], total: 60 });
    render(Pool);
    await screen.findByTestId("candidates-table");
    await user.click(screen.getByTestId("pagination-next"));
    await screen.findByText("Page 2 sur 2");

    await user.click(screen.getByTestId("filters-toggle"));
    expect(screen.queryByTestId("filter-job-chosen")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("filter-job"), "boul");
    await waitFor(() => expect(referentialsJobTitles).toHaveBeenLastCalledWith("boul"));
    const list = await screen.findByTestId("filter-job-options");
    const options = within(list).getAllByTestId("filter-job-option");
    expect(options).toHaveLength(1);
    expect(options[0].querySelectorAll("span")[0]).toHaveTextContent("Boulanger / Boulangère");
    expect(options[0].querySelectorAll("span")[1]).toHaveTextContent("D1102 · Boulangerie - viennoiserie");
    await user.click(options[0]);

    // From page 1, with the job sheet of the title chosen.
    await waitFor(() => expect(lastQuery()).toEqual(query({ romeCode: "D1102" })));
    expect(screen.getByText("Page 1 sur 2")).toBeInTheDocument();
    const tag = screen.getByTestId("filter-job-chosen");
    expect(tag).toHaveTextContent("D1102 — Boulangerie - viennoiserie");
    expect(tag).toHaveClass("fr-tag", "fr-tag--dismiss");
    expect(screen.getByTestId("filter-job")).toHaveValue("");
    expect(screen.getByTestId("filters-count")).toHaveTextContent("1 filtre actif");

    // Dismissing the tag drops the filter.
    await user.click(tag);
    await waitFor(() => expect(lastQuery()).toEqual(query()));
    expect(lastQuery()?.romeCode).toBeNull();
    expect(screen.queryByTestId("filter-job-chosen")).not.toBeInTheDocument();
    expect(screen.queryByTestId("filters-count")).not.toBeInTheDocument();

    // With another filter, the reset clears both.
    vi.mocked(referentialsJobTitles).mockClear();
    await user.type(screen.getByTestId("filter-job"), "boul");
    // Let the last keystroke's search answer before choosing, as a counsellor would.
    await waitFor(() => expect(referentialsJobTitles).toHaveBeenLastCalledWith("boul"));
    await user.click(within(await screen.findByTestId("filter-job-options")).getByTestId("filter-job-option"));
    await screen.findByTestId("filter-job-chosen");
    await user.selectOptions(screen.getByTestId("filter-consent"), "valid");
    await waitFor(() => expect(lastQuery()).toEqual(query({ romeCode: "D1102", consent: "valid" })));
    expect(screen.getByTestId("filters-count")).toHaveTextContent("2 filtres actifs");
    await user.click(screen.getByTestId("filters-reset"));
    await waitFor(() => expect(lastQuery()).toEqual(query()));
    expect(screen.queryByTestId("filter-job-chosen")).not.toBeInTheDocument();
    expect(screen.getByTestId("filter-job")).toHaveValue("");
    expect(screen.queryByTestId("filters-count")).not.toBeInTheDocument();
  });

  it("filters around a commune within a radius, and shows the distances", async () => {
    const user = userEvent.setup();
    vi.mocked(referentialsCommunes).mockResolvedValue([
      { inseeCode: "29232", postcode: "29000", name: "Quimper", department: "Finistère", lat: 47.99, lng: -4.1, population: 63000 },
      { inseeCode: "29999", postcode: "29990", name: "Quimperlé-sans-coordonnées", department: "Finistère", lat: null, lng: null, population: 500 },
    ]);
    vi.mocked(candidatesList).mockImplementation(async (q) => ({
      items: [candidateSummary(1, { commune: "Ergué-Gabéric", distanceKm: q.near ? 6.4 : null })],
      total: 1,
    }));
    render(Pool);
    await screen.findByTestId("candidates-table");

    await user.click(screen.getByTestId("filters-toggle"));
    await user.type(screen.getByTestId("filter-commune"), "quim");
    const options = await screen.findAllByTestId("filter-commune-option");
    expect(options.map((o) => o.textContent)).toEqual(["Quimper (29000) Finistère"]);
    await user.click(options[0]);
    await waitFor(() => expect(lastQuery()).toEqual(query({ near: { lat: 47.99, lng: -4.1, radiusKm: 20 } })));
    expect(screen.getByTestId("filter-near")).toHaveTextContent("Quimper (29000)");
    expect(await screen.findByTestId("candidate-distance")).toHaveTextContent("6 km");

    await user.selectOptions(screen.getByTestId("filter-radius"), "50");
    await waitFor(() => expect(lastQuery()?.near).toEqual({ lat: 47.99, lng: -4.1, radiusKm: 50 }));

    await user.click(screen.getByTestId("filter-near"));
    await waitFor(() => expect(lastQuery()?.near).toBeNull());
    expect(screen.queryByTestId("candidate-distance")).not.toBeInTheDocument();
  });

  it("shows when each person was last promoted, filters those never or not lately promoted, and sorts by it", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({
      items: [candidateSummary(1, { lastSentOn: null }), candidateSummary(2, { lastSentOn: "2026-11-03" })],
      total: 2,
    });
    render(Pool);
    const rows = await screen.findAllByTestId("candidate-row");
    expect(within(rows[0]).getByTestId("candidate-last-sent")).toHaveTextContent("Jamais promu·e");
    expect(within(rows[1]).getByTestId("candidate-last-sent")).toHaveTextContent("03/11/2026");

    await user.click(screen.getByTestId("filters-toggle"));
    await user.selectOptions(screen.getByTestId("filter-unpromoted"), "never");
    await waitFor(() => expect(lastQuery()).toEqual(query({ unpromoted: "never" })));
    await user.selectOptions(screen.getByTestId("filter-unpromoted"), "60");
    await waitFor(() => expect(lastQuery()).toEqual(query({ unpromoted: { days: 60 } })));
    expect(screen.getByTestId("filters-count")).toHaveTextContent("1");
    await user.click(screen.getByTestId("sort-lastSent"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ unpromoted: { days: 60 }, sort: "lastSent" })));
  });

  it("says « plus de » when the core counted only up to its cap", async () => {
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(1)], total: 10000, atLeast: true });
    render(Pool);
    expect(await screen.findByTestId("candidates-total")).toHaveTextContent("plus de 10 000 candidats");
  });

  it("« À promouvoir » lists by oldest consent, then fills in each person's neighbouring jobs and companies", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(1), candidateSummary(2)], total: 2 });
    let answer: (r: { candidateId: number; companies: number; neighbouringJobs: number }[]) => void = () => {};
    vi.mocked(targetingReach).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    render(Pool);
    await screen.findAllByTestId("candidate-row");
    expect(targetingReach).not.toHaveBeenCalled();
    expect(screen.getByTestId("pool-view-all")).toBeChecked();
    expect(screen.getByRole("radio", { name: "À promouvoir" })).toBe(screen.getByTestId("pool-view-waiting"));

    await user.click(screen.getByTestId("pool-view-waiting"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ waiting: true, sort: "consentDate" })));
    expect(screen.getByTestId("pool-view-waiting")).toBeChecked();
    const table = screen.getByTestId("candidates-table");
    expect(headerTexts(table).slice(1)).toEqual([
      "Nom",
      "Prénom",
      "Commune",
      "Métiers visés",
      "Consentement",
      "Dernière promotion",
      "À sa portée",
    ]);
    expect(screen.getAllByTestId("candidate-consent-since")[0]).toHaveTextContent("Depuis le 12/03/2026");
    await waitFor(() => expect(targetingReach).toHaveBeenCalledWith([1, 2]));
    // The list is there before the counts, which follow.
    expect(screen.getAllByTestId("candidate-reach").map((c) => c.textContent?.trim())).toEqual(["…", "…"]);
    answer([
      { candidateId: 2, companies: 4, neighbouringJobs: 12 },
      { candidateId: 1, companies: 1, neighbouringJobs: 0 },
    ]);
    await waitFor(() =>
      expect(screen.getAllByTestId("candidate-reach").map((c) => c.textContent?.replace(/\s+/g, " ").trim())).toEqual([
        "1 entreprise, 0 métier proche",
        "4 entreprises, 12 métiers proches",
      ]),
    );

    await user.click(screen.getByTestId("pool-view-all"));
    await waitFor(() => expect(lastQuery()).toEqual(query()));
    expect(screen.queryByTestId("candidate-neighbours")).not.toBeInTheDocument();
  });

  it("sorts by a column header, and reverses the order on a second click", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(1)], total: 1 });
    render(Pool);
    const table = await screen.findByTestId("candidates-table");
    const header = (name: string) => within(table).getByRole("columnheader", { name: new RegExp(`^${name}`) });
    expect(header("Nom")).toHaveAttribute("aria-sort", "ascending");
    expect(header("Commune")).not.toHaveAttribute("aria-sort");

    await user.click(screen.getByTestId("sort-name"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ descending: true })));
    expect(header("Nom")).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByTestId("sort-consentExpiry"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ sort: "consentExpiry", descending: false })));
    expect(header("Consentement")).toHaveAttribute("aria-sort", "ascending");
    expect(header("Nom")).not.toHaveAttribute("aria-sort");

    await user.click(screen.getByTestId("sort-consentExpiry"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ sort: "consentExpiry", descending: true })));
    await user.click(screen.getByTestId("sort-availableFrom"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ sort: "availableFrom" })));
    await user.click(screen.getByTestId("sort-commune"));
    await waitFor(() => expect(lastQuery()).toEqual(query({ sort: "commune" })));
  });

  it("selects rows, the whole page, and counts the selection", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(1), candidateSummary(2), candidateSummary(3)], total: 3 });
    render(Pool);
    await screen.findByTestId("candidates-table");
    expect(screen.queryByTestId("selection-count")).not.toBeInTheDocument();

    const boxes = screen.getAllByTestId("candidate-select");
    expect(boxes[0]).toHaveAccessibleName("Sélectionner Prénom1 Nom1");
    await user.click(boxes[0]);
    expect(screen.getByTestId("selection-count")).toHaveTextContent("1 candidat sélectionné");
    // Ticking a row does not open it.
    expect(screen.queryByTestId("candidate-form")).not.toBeInTheDocument();
    await user.click(boxes[2]);
    expect(screen.getByTestId("selection-count")).toHaveTextContent("2 candidats sélectionnés");
    const all = screen.getByTestId("candidates-select-all") as HTMLInputElement;
    expect(all).not.toBeChecked();
    expect(all.indeterminate).toBe(true);

    await user.click(all);
    expect(screen.getByTestId("selection-count")).toHaveTextContent("3 candidats sélectionnés");
    expect(boxes.every((b) => (b as HTMLInputElement).checked)).toBe(true);
    expect(all).toBeChecked();
    expect(all.indeterminate).toBe(false);
    await user.click(all);
    expect(screen.queryByTestId("selection-count")).not.toBeInTheDocument();

    await user.click(boxes[1]);
    await user.click(screen.getByRole("button", { name: "Tout désélectionner" }));
    expect(screen.queryByTestId("selection-count")).not.toBeInTheDocument();
    expect(boxes[1]).not.toBeChecked();
  });

  it("opens a candidate from its row", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(7, { lastName: "Martin", firstName: "Léa" })], total: 1 });
    vi.mocked(candidatesGet).mockResolvedValue(candidate());
    render(Pool);
    await screen.findByTestId("candidates-table");
    await user.click(screen.getByRole("button", { name: /Modifier le candidat Léa Martin/ }));
    expect(await screen.findByTestId("candidate-form")).toBeInTheDocument();
    expect(candidatesGet).toHaveBeenCalledWith(7);
    expect(await screen.findByText("Modifier : Léa Martin")).toBeInTheDocument();
  });

  it("adds a candidate, then shows the notice and the refreshed list", async () => {
    const user = userEvent.setup();
    const refreshed = { items: [candidateSummary(7, { lastName: "Martin", firstName: "Léa" })], total: 1 };
    let finishRefresh: (page: typeof refreshed) => void = () => {};
    vi.mocked(candidatesList)
      .mockResolvedValueOnce({ items: [], total: 0 })
      .mockReturnValueOnce(new Promise((resolve) => (finishRefresh = resolve)));
    vi.mocked(candidatesCreate).mockResolvedValue(candidate());
    render(Pool);

    await user.click(await screen.findByTestId("candidate-add"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Nouveau candidat");
    await createWithJob(user);

    await waitFor(() => expect(candidatesList).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
    expect(screen.getByTestId("form-submit")).toBeDisabled();
    finishRefresh(refreshed);

    expect(await screen.findByTestId("notice-success")).toHaveTextContent("Candidat « Léa Martin » enregistré.");
    // The refreshed list is already there when the notice shows.
    expect(screen.getAllByTestId("candidate-row")).toHaveLength(1);
    expect(screen.getByTestId("candidates-total")).toHaveTextContent("1 candidat");
    expect(screen.queryByTestId("candidate-form")).not.toBeInTheDocument();
    // The counsellors' list follows the new candidate.
    expect(candidatesCounsellors).toHaveBeenCalledTimes(2);
  });

  it("opens the existing candidate from the duplicate warning", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(candidatesCreate).mockRejectedValue(
      new IpcError("duplicate", "Doublon probable.", [], [{ id: 7, name: "Léa Martin", reason: "même adresse e-mail" }]),
    );
    vi.mocked(candidatesGet).mockResolvedValue(candidate({ pitch: "Six ans de fournil." }));
    render(Pool);

    await user.click(await screen.findByTestId("candidate-add"));
    await createWithJob(user);
    await user.click(await screen.findByTestId("duplicate-open"));

    expect(await screen.findByRole("heading", { level: 1, name: "Modifier : Léa Martin" })).toBeInTheDocument();
    expect(candidatesGet).toHaveBeenCalledWith(7);
    expect(screen.getByTestId("field-pitch")).toHaveValue("Six ans de fournil.");
    expect(screen.queryByTestId("duplicate-warning")).not.toBeInTheDocument();
  });

  describe("promoting from a candidate's page", () => {
    beforeEach(() => {
      vi.mocked(candidatesList).mockResolvedValue({ items: [candidateSummary(7, { lastName: "Martin", firstName: "Léa" })], total: 1 });
      vi.mocked(candidatesGet).mockResolvedValue(candidate());
      vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(3, { name: "Boulangerie Kerbrat" })], total: 1 });
      vi.mocked(companiesGet).mockResolvedValue(company(3, { name: "Boulangerie Kerbrat" }));
      vi.mocked(promotionsTargetInfo).mockResolvedValue([
        { companyId: 3, maxContactsPerMonth: null, contactsThisMonth: 0, contactsLeft: null, lastPromotedOn: null },
      ]);
      vi.mocked(promotionsPitchTemplates).mockResolvedValue(
        pitchTemplates("Je vous présente {prénom}.", [{ field: "{prénom}", description: "Prénom du candidat" }]),
      );
      vi.mocked(promotionsPitchPreview).mockResolvedValue("Je vous présente Léa.");
    });

    async function openCandidate(user: User) {
      render(Pool);
      await screen.findByTestId("candidates-table");
      await user.click(screen.getByRole("button", { name: /Modifier le candidat Léa Martin/ }));
      await screen.findByTestId("candidate-form");
    }

    it("shows the candidate's promotions under the form", async () => {
      const user = userEvent.setup();
      await openCandidate(user);
      const section = screen.getByTestId("record-promotions");
      expect(within(section).getByRole("heading", { level: 2, name: "Promotions" })).toBeInTheDocument();
      expect(await within(section).findByTestId("timeline-empty")).toBeInTheDocument();
      expect(promotionsTimeline).toHaveBeenCalledWith({ kind: "candidate", id: 7 });
    });

    it("promotes in four steps: Promouvoir, search, tick, send; then the notice and the refreshed timeline", async () => {
      const user = userEvent.setup();
      vi.mocked(promotionsPromote).mockResolvedValue([promotion(1, { companyId: 3 })]);
      await openCandidate(user);

      await user.click(screen.getByTestId("candidate-promote"));
      const panel = screen.getByTestId("promote-panel");
      expect(within(panel).getByRole("heading", { level: 1 })).toHaveTextContent("Promouvoir Léa Martin");
      expect(screen.queryByTestId("candidate-form")).not.toBeInTheDocument();
      expect(screen.getByTestId("promote-search")).toHaveFocus();

      await user.type(screen.getByTestId("promote-search"), "kerbrat");
      await waitFor(() => expect(companiesList).toHaveBeenLastCalledWith(expect.objectContaining({ search: "kerbrat" })));
      await user.click(await screen.findByRole("checkbox", { name: "Choisir Boulangerie Kerbrat" }));
      await user.click(screen.getByTestId("promote-send"));

      expect(await screen.findByTestId("promote-done")).toHaveTextContent("1 promotion envoyée.");
      expect(promotionsPromote).toHaveBeenCalledWith(
        expect.objectContaining({ candidateIds: [7], targets: [{ companyId: 3, contactId: 1 }], send: true }),
      );
      expect(screen.queryByTestId("promote-panel")).not.toBeInTheDocument();
      expect(await screen.findByTestId("candidate-form")).toBeInTheDocument();
      expect(screen.getByTestId("candidate-promote")).toHaveFocus();
      await waitFor(() => expect(promotionsTimeline).toHaveBeenCalledTimes(2));
    });

    it("says how many drafts were kept", async () => {
      const user = userEvent.setup();
      vi.mocked(promotionsPromote).mockResolvedValue([promotion(1, { status: "draft", sentAt: null })]);
      await openCandidate(user);
      await user.click(screen.getByTestId("candidate-promote"));
      await user.click(await screen.findByRole("checkbox", { name: "Choisir Boulangerie Kerbrat" }));
      await user.click(screen.getByTestId("promote-draft"));
      expect(await screen.findByTestId("promote-done")).toHaveTextContent("1 promotion enregistrée en brouillon.");
    });

    it("names a candidate opened from outside the list", async () => {
      const user = userEvent.setup();
      vi.mocked(candidatesList).mockResolvedValue({ items: [], total: 0 });
      vi.mocked(candidatesCreate).mockRejectedValue(
        new IpcError("duplicate", "Doublon probable.", [], [{ id: 7, name: "Léa Martin", reason: "même adresse e-mail" }]),
      );
      render(Pool);
      await user.click(await screen.findByTestId("candidate-add"));
      await createWithJob(user);
      await user.click(await screen.findByTestId("duplicate-open"));
      await screen.findByRole("heading", { level: 1, name: "Modifier : Léa Martin" });

      await user.click(screen.getByTestId("candidate-promote"));
      expect(await screen.findByRole("heading", { level: 1, name: "Promouvoir Léa Martin" })).toBeInTheDocument();
    });

    it("comes back to the candidate's page on cancel, without a notice", async () => {
      const user = userEvent.setup();
      await openCandidate(user);
      await user.click(screen.getByTestId("candidate-promote"));
      await user.click(screen.getByTestId("promote-cancel"));
      expect(await screen.findByTestId("candidate-form")).toBeInTheDocument();
      expect(screen.queryByTestId("promote-done")).not.toBeInTheDocument();
      expect(promotionsPromote).not.toHaveBeenCalled();
    });
  });
});
