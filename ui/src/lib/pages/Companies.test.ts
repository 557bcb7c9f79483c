import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  companiesList: vi.fn(),
  companiesGet: vi.fn(),
  companiesCreate: vi.fn(),
  candidatesList: vi.fn(),
  promotionsTimeline: vi.fn(),
  promotionsPromote: vi.fn(),
  promotionsTargetInfo: vi.fn(),
  promotionsPitchTemplates: vi.fn(),
  promotionsPitchPreview: vi.fn(),
  companiesCommitments: vi.fn(),
  referentialsChoices: vi.fn(),
  referentialsCommunes: vi.fn(),
  referentialsNafDivisions: vi.fn(),
}));

import Companies from "./Companies.svelte";
import {
  candidatesList,
  companiesCommitments,
  companiesCreate,
  companiesGet,
  companiesList,
  promotionsPitchPreview,
  promotionsPitchTemplates,
  promotionsPromote,
  promotionsTargetInfo,
  promotionsTimeline,
  referentialsChoices,
  referentialsCommunes,
  referentialsNafDivisions,
} from "../ipc";
import { resetChoices } from "../choices";
import { candidateSummary, choices, company, companySummary } from "../test-utils";
import { pitchTemplates, promotion } from "../test-utils-promotions";
import { commune } from "../test-utils-companies";
import type { CompanyQuery } from "../bindings/CompanyQuery";

/** The query of the last list request. */
function lastQuery(): CompanyQuery {
  const call = vi.mocked(companiesList).mock.calls.at(-1);
  if (!call) throw new Error("the list was not asked for");
  return call[0];
}

const FIRST_PAGE = { offset: 0, limit: 50 };

/** Unfolds the filter panel, folded when the page opens. */
async function openFilters(user: ReturnType<typeof userEvent.setup>) {
  const toggle = screen.getByTestId("companies-filters-toggle");
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  await user.click(toggle);
  expect(toggle).toHaveAttribute("aria-expanded", "true");
}

describe("Entreprises page", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(referentialsNafDivisions).mockResolvedValue([
      { code: "10", label: "Industries alimentaires" },
      { code: "47", label: "Commerce de détail, à l'exception des automobiles et des motocycles" },
    ]);
    vi.mocked(companiesCommitments).mockResolvedValue(["Employeur inclusif", "Les entreprises s'engagent"]);
    vi.mocked(referentialsCommunes).mockResolvedValue([
      commune(),
      commune({ inseeCode: "29232", postcode: "29000", name: "Quimper-Sans-Coordonnées", lat: null, lng: null }),
    ]);
  });

  it("shows the empty state when there is no company", async () => {
    vi.mocked(companiesList).mockResolvedValue({ items: [], total: 0 });
    render(Companies);
    const empty = await screen.findByTestId("companies-empty");
    expect(empty).toHaveTextContent("Aucune entreprise pour l'instant — importer un tableau de suivi ou ajouter une entreprise");
    expect(within(empty).getByTestId("company-add")).toBeInTheDocument();
    expect(lastQuery()).toEqual({
      search: "",
      naf: null,
      near: null,
      minPotential: null,
      commitment: null,
      sort: "name",
      descending: false,
      paging: FIRST_PAGE,
    });
  });

  it("lists companies with their SIRET, sector, band, potential, commitments and contact", async () => {
    vi.mocked(companiesList).mockResolvedValue({
      items: [
        companySummary(1, { name: "Boulangerie Dupain", commitments: ["Employeur inclusif", "Les entreprises s'engagent"] }),
        companySummary(2, { nafCode: null, nafLabel: null, headcountBand: null, hiringPotential: null, mainContact: null }),
      ],
      total: 2,
    });
    render(Companies);
    const table = await screen.findByTestId("companies-table");
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((th) => th.textContent?.replace(/[↕▲▼]/g, "").trim());
    expect(headers.slice(1)).toEqual(["Nom", "Secteur et effectif", "Commune", "Potentiel", "Engagements", "Interlocuteur"]);
    const [first, second] = screen.getAllByTestId("company-row");
    // The SIRET is under the name, in the same cell as the button that opens the company.
    const name = within(first).getByRole("button", { name: "Modifier l'entreprise Boulangerie Dupain" });
    expect(name).toHaveTextContent("Boulangerie Dupain");
    const siret = within(first).getByTestId("company-siret");
    expect(siret).toHaveTextContent("123 456 789 00012");
    expect(siret.closest("td")).toBe(name.closest("td"));
    // The headcount is under the sector, in the same cell.
    const sector = within(first).getByTestId("company-sector");
    expect(sector).toHaveTextContent("10.71C Boulangerie et boulangerie-pâtisserie");
    await waitFor(() => expect(within(first).getByTestId("company-headcount")).toHaveTextContent("3 à 5 salariés"));
    expect(within(first).getByTestId("company-headcount").closest("td")).toBe(sector.closest("td"));
    expect(within(first).getByTestId("company-commune")).toHaveTextContent("69007 Lyon");
    expect(within(first).getByTestId("company-potential")).toHaveTextContent("60/100");
    const badges = within(within(first).getByTestId("company-commitments")).getAllByText(/./);
    expect(badges.map((b) => b.textContent)).toEqual(["Employeur inclusif", "Les entreprises s'engagent"]);
    expect(within(first).getByTestId("company-contact")).toHaveTextContent("Paul Durand (gérant)");
    expect(within(second).getByTestId("company-contact").textContent?.trim()).toBe("");
    expect(within(second).queryByTestId("company-sector")).not.toBeInTheDocument();
    expect(within(second).queryByTestId("company-headcount")).not.toBeInTheDocument();
    expect(within(second).getByTestId("company-potential").textContent?.trim()).toBe("");
    expect(screen.getByTestId("companies-total")).toHaveTextContent("2 entreprises");
    expect(screen.queryByTestId("company-distance")).not.toBeInTheDocument();
    expect(screen.queryByTestId("pagination-status")).not.toBeInTheDocument();
  });

  it("folds the filters behind a toggle", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(1)], total: 1 });
    render(Companies);
    await screen.findByTestId("companies-table");
    const toggle = screen.getByTestId("companies-filters-toggle");
    expect(toggle).toHaveTextContent("Filtrer la liste");
    expect(toggle).toHaveAttribute("aria-controls", "companies-filters-panel");
    for (const id of ["sector", "commune", "radius", "potential", "commitment", "sort", "order"]) {
      expect(screen.queryByTestId(`companies-${id}`)).not.toBeInTheDocument();
    }
    expect(screen.queryByTestId("companies-reset")).not.toBeInTheDocument();
    expect(screen.queryByTestId("companies-filters-count")).not.toBeInTheDocument();

    await openFilters(user);
    expect(toggle).toHaveTextContent("Masquer les filtres");
    const panel = within(screen.getByTestId("companies-filters"));
    for (const id of ["sector", "commune", "radius", "potential", "commitment", "sort", "order"]) {
      expect(panel.getByTestId(`companies-${id}`)).toBeInTheDocument();
    }

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByTestId("companies-sector")).not.toBeInTheDocument();
  });

  it("asks the core again with the sector, potential and commitment chosen, then resets", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(1)], total: 1 });
    render(Companies);
    await screen.findByTestId("companies-table");
    await openFilters(user);
    expect(screen.queryByTestId("companies-reset")).not.toBeInTheDocument();

    await screen.findByRole("option", { name: "10 — Industries alimentaires" });
    await user.selectOptions(screen.getByTestId("companies-sector"), "10");
    await waitFor(() => expect(lastQuery().naf).toBe("10"));
    expect(screen.getByTestId("companies-filters-count")).toHaveTextContent("1 filtre actif");

    await user.selectOptions(screen.getByTestId("companies-potential"), "≥ 50");
    await waitFor(() => expect(lastQuery().minPotential).toBe(50));

    await screen.findByRole("option", { name: "Employeur inclusif" });
    await user.selectOptions(screen.getByTestId("companies-commitment"), "Employeur inclusif");
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        search: "",
        naf: "10",
        near: null,
        minPotential: 50,
        commitment: "Employeur inclusif",
        sort: "name",
        descending: false,
        paging: FIRST_PAGE,
      }),
    );
    expect(screen.getByTestId("companies-filters-count")).toHaveTextContent("3 filtres actifs");

    // Folding the panel keeps the filters, and the count and reset stay in view.
    await user.click(screen.getByTestId("companies-filters-toggle"));
    expect(screen.queryByTestId("companies-sector")).not.toBeInTheDocument();
    expect(screen.getByTestId("companies-filters-count")).toHaveTextContent("3 filtres actifs");

    const calls = vi.mocked(companiesList).mock.calls.length;
    await user.click(screen.getByTestId("companies-reset"));
    await waitFor(() => expect(companiesList).toHaveBeenCalledTimes(calls + 1));
    expect(lastQuery()).toMatchObject({ naf: null, near: null, minPotential: null, commitment: null });
    expect(screen.queryByTestId("companies-reset")).not.toBeInTheDocument();
    expect(screen.queryByTestId("companies-filters-count")).not.toBeInTheDocument();
    await openFilters(user);
    expect(screen.getByTestId("companies-sector")).toHaveValue("");
    expect(screen.getByTestId("companies-potential")).toHaveValue("");
    expect(screen.getByTestId("companies-commitment")).toHaveValue("");
  });

  it("filters around a commune with coordinates, within the radius chosen", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockImplementation(async (query) => ({
      items: [companySummary(1, { commune: "Quimper", postcode: "29000", distanceKm: query.near ? 3.24 : null })],
      total: 1,
    }));
    render(Companies);
    await screen.findByTestId("companies-table");
    await openFilters(user);

    await user.type(screen.getByTestId("companies-commune"), "quimp");
    const options = await screen.findAllByTestId("companies-commune-option");
    expect(options).toHaveLength(1);
    expect(referentialsCommunes).toHaveBeenLastCalledWith("quimp");
    await user.click(options[0]);
    expect(screen.getByTestId("companies-commune")).toHaveValue("Quimper (29000)");
    await waitFor(() => expect(lastQuery().near).toEqual({ lat: 47.996, lng: -4.102, radiusKm: 10 }));
    expect(await screen.findByTestId("company-distance")).toHaveTextContent("à 3,2 km");
    expect(screen.getByTestId("companies-filters-count")).toHaveTextContent("1 filtre actif");

    await user.selectOptions(screen.getByTestId("companies-radius"), "30 km");
    await waitFor(() => expect(lastQuery().near).toEqual({ lat: 47.996, lng: -4.102, radiusKm: 30 }));

    await user.type(screen.getByTestId("companies-commune"), "x");
    await waitFor(() => expect(lastQuery().near).toBeNull());
    expect(screen.queryByTestId("companies-reset")).not.toBeInTheDocument();
  });

  it("says when the filters match nothing, without the empty state", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockImplementation(async (query) =>
      query.minPotential === null ? { items: [companySummary(1)], total: 1 } : { items: [], total: 0 },
    );
    render(Companies);
    await screen.findByTestId("companies-table");
    await openFilters(user);
    await user.selectOptions(screen.getByTestId("companies-potential"), "≥ 75");
    expect(await screen.findByTestId("companies-no-match")).toHaveTextContent("Aucune entreprise ne correspond aux filtres.");
    expect(screen.queryByTestId("companies-empty")).not.toBeInTheDocument();
    // The filters stay at hand to widen the search again.
    expect(screen.getByTestId("companies-filters")).toBeInTheDocument();
    expect(screen.getByTestId("companies-potential")).toHaveValue("75");
    expect(screen.getByTestId("companies-reset")).toBeInTheDocument();
  });

  it("orders the list by the sort chosen, in the select or on a header", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(1)], total: 1 });
    render(Companies);
    await screen.findByTestId("companies-table");
    await openFilters(user);

    await user.selectOptions(screen.getByTestId("companies-sort"), "Potentiel");
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: "hiringPotential", descending: true }));
    expect(screen.getByTestId("companies-order")).toHaveValue("desc");

    await user.selectOptions(screen.getByTestId("companies-order"), "Croissant");
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: "hiringPotential", descending: false }));

    await user.selectOptions(screen.getByTestId("companies-sort"), "Date d'ajout");
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: "createdAt", descending: true }));

    await user.click(screen.getByTestId("companies-sort-commune"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: "commune", descending: false }));
    expect(screen.getByTestId("companies-sort")).toHaveValue("commune");
    await user.click(screen.getByTestId("companies-sort-commune"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: "commune", descending: true }));
    expect(screen.getByTestId("companies-sort-commune").closest("th")).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByTestId("companies-order")).toHaveValue("desc");
    // The order is not a filter.
    expect(screen.queryByTestId("companies-filters-count")).not.toBeInTheDocument();
    expect(screen.queryByTestId("companies-reset")).not.toBeInTheDocument();
  });

  it("ticks companies for a bulk action", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(1), companySummary(2)], total: 2 });
    render(Companies);
    await screen.findByTestId("companies-table");
    const boxes = screen.getAllByTestId("company-select");
    await user.click(boxes[0]);
    await user.click(boxes[1]);
    expect(screen.getByTestId("selection-count")).toHaveTextContent("2 entreprises sélectionnées");
    expect(screen.queryByTestId("company-form")).not.toBeInTheDocument();
  });

  it("adds a company and shows the notice only with the refreshed count", async () => {
    const user = userEvent.setup();
    const refreshed = { items: [companySummary(1), companySummary(2, { name: "Boulangerie Dupain" })], total: 26 };
    let finishRefresh: (page: typeof refreshed) => void = () => {};
    vi.mocked(companiesList)
      .mockResolvedValueOnce({ items: [companySummary(1)], total: 25 })
      .mockReturnValueOnce(new Promise((resolve) => (finishRefresh = resolve)));
    vi.mocked(companiesCreate).mockResolvedValue(company(2, { name: "Boulangerie Dupain" }));
    render(Companies);

    expect(await screen.findByTestId("companies-total")).toHaveTextContent("25 entreprises");
    await user.click(screen.getByTestId("company-add"));
    await user.type(screen.getByTestId("field-name"), "Boulangerie Dupain");
    await user.type(screen.getByTestId("field-siret"), "73282932000074");
    await user.click(screen.getByTestId("form-submit"));

    await waitFor(() => expect(companiesList).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
    finishRefresh(refreshed);

    expect(await screen.findByTestId("notice-success")).toHaveTextContent("Entreprise « Boulangerie Dupain » enregistrée.");
    expect(screen.getByTestId("companies-total")).toHaveTextContent("26 entreprises");
    expect(screen.getAllByTestId("company-row")).toHaveLength(2);
    // A new commitment may have come with it: the filter's list is asked again.
    expect(companiesCommitments).toHaveBeenCalledTimes(2);
  });

  it("promotes candidates from a company's page, then shows the notice and the refreshed timeline", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesList).mockResolvedValue({ items: [companySummary(3, { name: "Boulangerie Kerbrat" })], total: 1 });
    vi.mocked(companiesGet).mockResolvedValue(company(3, { name: "Boulangerie Kerbrat" }));
    vi.mocked(promotionsTimeline).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(candidatesList).mockResolvedValue({
      items: [candidateSummary(1, { firstName: "Léa", lastName: "Martin" }), candidateSummary(2, { firstName: "Hugo", lastName: "Petit" })],
      total: 2,
    });
    vi.mocked(promotionsTargetInfo).mockResolvedValue([]);
    vi.mocked(promotionsPitchTemplates).mockResolvedValue(pitchTemplates("Je vous présente {prénom}."));
    vi.mocked(promotionsPitchPreview).mockResolvedValue("Je vous présente Léa.");
    vi.mocked(promotionsPromote).mockResolvedValue([promotion(1, { candidateId: 1 }), promotion(2, { candidateId: 2 })]);
    render(Companies);

    await user.click(await screen.findByRole("button", { name: "Modifier l'entreprise Boulangerie Kerbrat" }));
    await screen.findByTestId("company-form");
    expect(promotionsTimeline).toHaveBeenCalledWith({ kind: "company", id: 3 });
    expect(within(screen.getByTestId("record-promotions")).getByRole("heading", { name: "Promotions" })).toBeInTheDocument();

    await user.click(screen.getByTestId("company-promote"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Promouvoir des candidats auprès de Boulangerie Kerbrat");
    expect(screen.queryByTestId("company-form")).not.toBeInTheDocument();
    await user.click(await screen.findByRole("checkbox", { name: "Choisir Léa Martin" }));
    await user.click(screen.getByRole("checkbox", { name: "Choisir Hugo Petit" }));
    await user.click(screen.getByTestId("promote-send"));

    expect(await screen.findByTestId("promote-done")).toHaveTextContent("2 promotions envoyées.");
    expect(promotionsPromote).toHaveBeenCalledWith(
      expect.objectContaining({ candidateIds: [1, 2], targets: [{ companyId: 3, contactId: 1 }], send: true }),
    );
    expect(await screen.findByTestId("company-form")).toBeInTheDocument();
    await waitFor(() => expect(promotionsTimeline).toHaveBeenCalledTimes(2));
  });
});
