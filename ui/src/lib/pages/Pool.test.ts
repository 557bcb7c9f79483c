import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  candidatesList: vi.fn(),
  candidatesGet: vi.fn(),
  candidatesCreate: vi.fn(),
  candidatesUpdate: vi.fn(),
}));

import Pool from "./Pool.svelte";
import { candidatesCreate, candidatesGet, candidatesList } from "../ipc";
import { candidate, candidateSummary } from "../test-utils";

describe("Vivier page", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the empty state when the pool is empty", async () => {
    vi.mocked(candidatesList).mockResolvedValue({ items: [], total: 0 });
    render(Pool);
    const empty = await screen.findByTestId("candidates-empty");
    expect(empty).toHaveTextContent("Aucun candidat pour l'instant — importer un tableau de suivi ou ajouter un candidat");
    expect(within(empty).getByTestId("candidate-add")).toHaveTextContent("Ajouter un candidat");
    expect(screen.queryByTestId("candidates-table")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("candidate-add")).toHaveLength(1);
    expect(candidatesList).toHaveBeenCalledWith({ search: "", offset: 0, limit: 50 });
  });

  it("lists the candidates with their consent status", async () => {
    vi.mocked(candidatesList).mockResolvedValue({
      items: [
        candidateSummary(1, { lastName: "Martin", firstName: "Léa", consentExpiry: "2027-03-12" }),
        candidateSummary(2, { lastName: "Petit", firstName: "Hugo", consentValid: false, consentExpiry: "2025-01-01", commune: null }),
      ],
      total: 60,
    });
    render(Pool);

    const table = await screen.findByTestId("candidates-table");
    expect(screen.getByTestId("candidates-total")).toHaveTextContent("60 candidats");
    expect(table.querySelector("caption")).not.toBeNull();
    const headers = within(table).getAllByRole("columnheader").map((th) => th.textContent);
    expect(headers).toEqual(["Nom", "Prénom", "Commune", "Métier recherché", "Consentement"]);

    const rows = screen.getAllByTestId("candidate-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Valide jusqu'au 12/03/2027");
    expect(within(rows[0]).queryByTestId("consent-expired")).not.toBeInTheDocument();
    const badge = within(rows[1]).getByTestId("consent-expired");
    expect(badge).toHaveTextContent("Consentement expiré");
    expect(badge).toHaveClass("fr-badge", "fr-badge--error");
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
    await waitFor(() => expect(candidatesList).toHaveBeenLastCalledWith({ search: "", offset: 50, limit: 50 }));
    expect(await screen.findByText("Page 2 sur 2")).toBeInTheDocument();
    expect(screen.getByTestId("pagination-next")).toBeDisabled();
  });

  it("searches after a pause, back on page 1, and says when nothing matches", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesList).mockImplementation(async (query) =>
      query.search === "" ? { items: [candidateSummary(1)], total: 60 } : { items: [], total: 0 },
    );
    render(Pool);
    await screen.findByTestId("candidates-table");
    await user.click(screen.getByTestId("pagination-next"));
    await screen.findByText("Page 2 sur 2");

    await user.type(screen.getByTestId("candidates-search"), "zorro");
    // Debounced: one query for the whole word, from the first page.
    await waitFor(() => expect(candidatesList).toHaveBeenLastCalledWith({ search: "zorro", offset: 0, limit: 50 }));
    expect(vi.mocked(candidatesList).mock.calls.filter(([q]) => q.search !== "")).toHaveLength(1);
    expect(await screen.findByText("Aucun candidat ne correspond à « zorro »")).toBeInTheDocument();
    expect(screen.queryByTestId("candidates-empty")).not.toBeInTheDocument();
    expect(screen.getByTestId("candidates-search")).toHaveValue("zorro");
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
    await user.type(screen.getByTestId("field-lastName"), "Martin");
    await user.type(screen.getByTestId("field-firstName"), "Léa");
    await user.type(screen.getByTestId("field-targetJob"), "Aide-soignante");
    await user.selectOptions(screen.getByTestId("field-consentChannel"), "oral");
    await user.click(screen.getByTestId("form-submit"));

    await waitFor(() => expect(candidatesList).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
    expect(screen.getByTestId("form-submit")).toBeDisabled();
    finishRefresh(refreshed);

    expect(await screen.findByTestId("notice-success")).toHaveTextContent("Candidat « Léa Martin » enregistré.");
    // The refreshed list is already there when the notice shows.
    expect(screen.getAllByTestId("candidate-row")).toHaveLength(1);
    expect(screen.getByTestId("candidates-total")).toHaveTextContent("1 candidat");
    expect(screen.queryByTestId("candidate-form")).not.toBeInTheDocument();
  });
});
