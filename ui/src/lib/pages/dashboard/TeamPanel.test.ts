import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import type { BreakdownRow } from "../../bindings/BreakdownRow";
import type { TeamComparison } from "../../bindings/TeamComparison";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  statsTeam: vi.fn(),
}));

import { IpcError, statsTeam } from "../../ipc";
import { dashboard } from "../../test-utils-stats";
import TeamPanel from "./TeamPanel.svelte";

/** A row's cells, each as read, without the spaces that differ between ICU builds. */
const cells = (row: Element) => Array.from(row.children).map((c) => c.textContent?.replace(/\s/g, ""));

function row(key: string, promotions: number, answered: number, hires: number, label = key): BreakdownRow {
  return {
    key,
    label,
    openable: false,
    promotions,
    answered,
    answerRate: promotions > 0 ? answered / promotions : null,
    interviews: hires,
    hires,
    hireRate: promotions > 0 ? hires / promotions : null,
    answerDelayMedian: answered > 0 ? 4 : null,
    answerDelayBasis: answered,
  };
}

function comparison(): TeamComparison {
  const query = dashboard().query;
  return {
    query: { period: query.period, channel: null },
    period: dashboard().period,
    total: row("", 12, 6, 2, "Toute l'équipe"),
    agencies: [
      {
        figures: row("Agence de Rennes", 8, 4, 2),
        own: false,
        accounts: 2,
        counsellors: [row("Claire Morel", 5, 3, 2), row("Léa Guillou", 3, 1, 0)],
      },
      { figures: row("Agence de Brest", 4, 2, 0), own: true, accounts: 1, counsellors: [row("Julien Lefèvre", 4, 2, 0)] },
      { figures: row("Agence de Nantes", 0, 0, 0), own: false, accounts: 0, counsellors: [] },
    ],
  };
}

describe("TeamPanel", () => {
  beforeEach(() => vi.clearAllMocks());

  it("puts every agency side by side, the counsellor's own marked, the team's total below", async () => {
    vi.mocked(statsTeam).mockResolvedValue(comparison());
    const user = userEvent.setup();
    render(TeamPanel, { query: { ...dashboard().query, channel: "email", publics: ["rqth"] }, asOf: "2026-12-10T08:00:00Z", agency: "Agence de Brest" });
    const table = await screen.findByTestId("team-comparison-table");
    // The period and channel only: the other filters read candidates no other agency sees.
    expect(statsTeam).toHaveBeenCalledWith({ period: dashboard().query.period, channel: "email" });
    expect(screen.getByTestId("team-comparison-note")).toHaveTextContent("indicateurs de votre agence (Agence de Brest) ci-dessus");
    expect(within(table).getByText("Les agences de l'équipe côte à côte, novembre 2026").tagName).toBe("CAPTION");
    const agencies = within(table).getAllByTestId("team-agency");
    expect(cells(agencies[0])).toEqual(["AgencedeRennes2comptes", "8", "4", "50%", "2", "2", "25%", "4j"]);
    expect(cells(agencies[1])).toEqual(["AgencedeBrestvotreagence1compte", "4", "2", "50%", "0", "0", "0%", "4j"]);
    expect(cells(agencies[2])).toEqual(["AgencedeNantesaucuncompte", "0", "0", "—", "0", "0", "—", "—"]);
    expect(within(agencies[1]).getByTestId("team-agency-own")).toBeInTheDocument();
    expect(within(agencies[0]).queryByTestId("team-agency-own")).not.toBeInTheDocument();
    expect(cells(screen.getByTestId("team-total"))).toEqual(["Toutel'équipe", "12", "6", "50%", "2", "2", "16,7%", "4j"]);
    // Nothing opens a list: the other agencies' promotions name candidates nobody here sees.
    expect(within(table).queryByRole("button")).not.toBeInTheDocument();

    expect(screen.queryByTestId("team-counsellor")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("team-comparison-detailed"));
    const counsellors = screen.getAllByTestId("team-counsellor");
    expect(counsellors.map((r) => r.querySelector("th")?.textContent?.trim())).toEqual(["Claire Morel", "Léa Guillou", "Julien Lefèvre"]);
    // Each under its agency.
    const order = Array.from(table.querySelectorAll("tbody tr")).map((r) => r.getAttribute("data-testid"));
    expect(order).toEqual(["team-agency", "team-counsellor", "team-counsellor", "team-agency", "team-counsellor", "team-agency"]);
  });

  it("counts again when the dashboard is counted again", async () => {
    vi.mocked(statsTeam).mockResolvedValue(comparison());
    const { rerender } = render(TeamPanel, { query: dashboard().query, asOf: "2026-12-10T08:00:00Z", agency: null });
    await screen.findByTestId("team-comparison-table");
    expect(statsTeam).toHaveBeenCalledTimes(1);
    await rerender({ query: dashboard().query, asOf: "2026-12-10T08:05:00Z", agency: null });
    await waitFor(() => expect(statsTeam).toHaveBeenCalledTimes(2));
    expect(screen.getByTestId("team-comparison-note")).toHaveTextContent("indicateurs de votre agence ci-dessus");
  });

  it("says why the comparison is missing", async () => {
    vi.mocked(statsTeam).mockRejectedValue(new IpcError("team", "Connexion au serveur de l'équipe impossible."));
    render(TeamPanel, { query: dashboard().query, asOf: "2026-12-10T08:00:00Z", agency: null });
    expect(await screen.findByTestId("team-comparison-error")).toHaveTextContent(
      "La comparaison des agences n'a pas pu être calculée : Connexion au serveur de l'équipe impossible.",
    );
  });
});
