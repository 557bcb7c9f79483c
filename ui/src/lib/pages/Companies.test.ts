import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  companiesList: vi.fn(),
  companiesCreate: vi.fn(),
}));

import Companies from "./Companies.svelte";
import { companiesCreate, companiesList } from "../ipc";
import { company } from "../test-utils";

describe("Entreprises page", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the empty state when there is no company", async () => {
    vi.mocked(companiesList).mockResolvedValue({ items: [], total: 0 });
    render(Companies);
    const empty = await screen.findByTestId("companies-empty");
    expect(empty).toHaveTextContent("Aucune entreprise pour l'instant — importer un tableau de suivi ou ajouter une entreprise");
    expect(within(empty).getByTestId("company-add")).toBeInTheDocument();
  });

  it("lists companies with a readable SIRET and their contact", async () => {
    vi.mocked(companiesList).mockResolvedValue({ items: [company(1, { name: "Boulangerie Dupain" })], total: 1 });
    render(Companies);
    const table = await screen.findByTestId("companies-table");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Raison sociale",
      "SIRET",
      "Commune",
      "Contact",
    ]);
    const row = screen.getByTestId("company-row");
    expect(row).toHaveTextContent("Boulangerie Dupain");
    expect(row).toHaveTextContent("123 456 789 00012");
    expect(row).toHaveTextContent("Paul Durand");
    expect(screen.getByTestId("companies-total")).toHaveTextContent("1 entreprise");
    expect(screen.queryByTestId("pagination-status")).not.toBeInTheDocument();
  });

  it("adds a company and shows the notice only with the refreshed count", async () => {
    const user = userEvent.setup();
    const refreshed = { items: [company(1), company(2, { name: "Boulangerie Dupain" })], total: 26 };
    let finishRefresh: (page: typeof refreshed) => void = () => {};
    vi.mocked(companiesList)
      .mockResolvedValueOnce({ items: [company(1)], total: 25 })
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
  });
});
