import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { breakdowns, dashboard } from "../../test-utils-stats";
import BreakdownPanel from "./BreakdownPanel.svelte";
import BreakdownTable from "./BreakdownTable.svelte";

const text = (el: Element) => el.textContent?.replace(/\s+/g, " ").trim();
/** A row's cells, each as read, without the spaces that differ between ICU builds. */
const cells = (row: Element) => Array.from(row.children).map((c) => c.textContent?.replace(/\s/g, ""));
const table = (key: string) => breakdowns().find((b) => b.key === key)!;

describe("BreakdownTable", () => {
  it("puts the rows side by side with a header per column and per row, each figure opening its list", async () => {
    const user = userEvent.setup();
    const onshow = vi.fn();
    render(BreakdownTable, { table: table("counsellors"), query: dashboard().query, periodLabel: "novembre 2026", onshow });
    const t = screen.getByTestId("breakdown-table-counsellors");
    expect(within(t).getByText("Par conseiller, novembre 2026").tagName).toBe("CAPTION");
    const headers = within(t).getAllByRole("columnheader");
    expect(headers.map(text)).toEqual([
      "Conseiller",
      "Promotions",
      "Réponses",
      "Taux de retour",
      "Entretiens",
      "Embauches",
      "Taux de transformation",
      "Délai de retour médian",
    ]);
    expect(headers.every((h) => h.getAttribute("scope") === "col")).toBe(true);
    const rows = within(t).getAllByTestId("breakdown-row");
    expect(rows.map((r) => r.querySelector("th")?.getAttribute("scope"))).toEqual(["row", "row"]);
    expect(cells(rows[0])).toEqual(["ClaireMorel", "4", "3", "75%", "2", "1", "25%", "5j"]);
    // Signed without a name: no filter names those promotions, so nothing to open.
    expect(cells(rows[1])).toEqual(["Sansconseillersignataire", "1", "0", "0%", "0", "0", "0%", "—"]);
    expect(within(rows[1]).queryByRole("button")).not.toBeInTheDocument();
    expect(within(rows[0]).getAllByRole("button")).toHaveLength(7);
    await user.click(within(rows[0]).getByTestId("breakdown-hire-rate"));
    expect(onshow).toHaveBeenLastCalledWith("hires", { detail: "Claire Morel", narrow: { counsellor: "Claire Morel" } });
    // The delay opens the dated answers it is computed on.
    await user.click(within(rows[0]).getByTestId("breakdown-delay"));
    expect(onshow).toHaveBeenLastCalledWith("answeredDated", { detail: "Claire Morel", narrow: { counsellor: "Claire Morel" } });
    expect(within(rows[0]).getByTestId("breakdown-answered")).toHaveAccessibleName("Réponses, Claire Morel : 3. Voir les promotions");
  });

  it("adds a public to those already chosen, and says the rows may overlap", async () => {
    const user = userEvent.setup();
    const onshow = vi.fn();
    const query = { ...dashboard().query, publics: ["under26" as const] };
    render(BreakdownTable, { table: table("publics"), query, periodLabel: "novembre 2026", onshow });
    await user.click(screen.getByTestId("breakdown-promotions"));
    expect(onshow).toHaveBeenLastCalledWith("promotions", { detail: "RQTH", narrow: { publics: ["under26", "rqth"] } });
    expect(screen.getByTestId("breakdown-overlap")).toHaveTextContent("chacun des publics de son candidat");
  });

  it("says which communes are left out, and when there is nothing to compare", () => {
    render(BreakdownTable, { table: table("communes"), query: dashboard().query, periodLabel: "novembre 2026", onshow: vi.fn() });
    expect(text(screen.getByTestId("breakdown-omitted"))).toBe(
      "12 autres communes (30 promotions) ne sont pas listées : choisissez un département dans les filtres pour voir les siennes.",
    );
  });

  it("says a table is empty rather than showing nothing", () => {
    render(BreakdownTable, { table: table("domains"), query: dashboard().query, periodLabel: "novembre 2026", onshow: vi.fn() });
    expect(screen.getByTestId("breakdown-none")).toHaveTextContent("Aucune promotion envoyée sur cette période.");
  });
});

describe("BreakdownPanel", () => {
  it("shows one dimension at a time, chosen among six", async () => {
    const user = userEvent.setup();
    render(BreakdownPanel, { breakdowns: breakdowns(), query: dashboard().query, periodLabel: "novembre 2026", onshow: vi.fn() });
    const choices = screen.getAllByRole("radio") as HTMLInputElement[];
    expect(choices.map((c) => c.labels?.[0]?.textContent)).toEqual([
      "Conseillers",
      "Agences",
      "Publics",
      "Domaines",
      "Départements",
      "Communes",
    ]);
    expect(screen.getByTestId("breakdown-by-counsellors")).toBeChecked();
    expect(screen.getByTestId("breakdown-table-counsellors")).toBeInTheDocument();
    await user.click(screen.getByLabelText("Départements"));
    expect(screen.queryByTestId("breakdown-table-counsellors")).not.toBeInTheDocument();
    const rows = within(screen.getByTestId("breakdown-table-departments")).getAllByTestId("breakdown-row");
    expect(cells(rows[1])).toEqual(["69—Rhône", "4", "2", "50%", "1", "0", "0%", "4,5j"]);
  });
});
