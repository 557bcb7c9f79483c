import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import { dashboard } from "../../test-utils-stats";
import RetentionPanel from "./RetentionPanel.svelte";

const text = (el: Element) => el.textContent?.replace(/\s+/g, " ").trim();
const cells = (row: Element) => Array.from(row.children).map(text);

describe("RetentionPanel", () => {
  it("shows the share still in the job at six months, by contract and by company", () => {
    render(RetentionPanel, { retention: dashboard().retention });
    expect(screen.getByTestId("retention-share")).toHaveTextContent(/^50\s%$/);
    expect(text(screen.getByTestId("retention-detail"))).toBe(
      "— 1 toujours en poste sur 2 embauches dont le point à 6 mois est fait (2 embauches suivies sur 3 embauches, 1 sans points de suivi prévus).",
    );
    const contracts = within(screen.getByTestId("retention-contract-table")).getAllByTestId("retention-row").map(cells);
    expect(contracts).toEqual([["CDI", "2", "2", "1", "50 %"]]);
    const companies = within(screen.getByTestId("retention-company-table")).getAllByTestId("retention-row").map(cells);
    expect(companies).toEqual([["Boulangerie Kerbrat", "2", "2", "1", "50 %"]]);
    expect(screen.queryByTestId("retention-none")).not.toBeInTheDocument();
  });

  it("says when the period holds no hire", () => {
    const none = { key: "total", label: "Toutes les embauches suivies", hires: 0, checked: 0, inJob: 0, share: null };
    const unmeasured = "Aucune embauche parmi les promotions de cette période.";
    render(RetentionPanel, { retention: { hires: 0, total: none, byContract: [], byCompany: [], unmeasured } });
    expect(screen.getByTestId("retention-none")).toHaveTextContent(unmeasured);
    expect(screen.queryByTestId("retention-share")).not.toBeInTheDocument();
  });

  it("says that no six-month check-in is recorded yet, with no empty share nor table", () => {
    // Three hires, two of them followed, none of their six-month check-ins done: the
    // core's words in place of the share (the exports carry the same).
    const followed = (key: string, label: string, hires: number) => ({ key, label, hires, checked: 0, inJob: 0, share: null });
    const unmeasured =
      "Aucun point à 6 mois n'a encore été enregistré pour les embauches de cette période (2 embauches suivies sur 3) : " +
      "la part toujours en poste sera calculée dès le premier point fait.";
    render(RetentionPanel, {
      retention: {
        hires: 3,
        total: followed("total", "Toutes les embauches suivies", 2),
        byContract: [followed("cdi", "CDI", 2)],
        byCompany: [followed("11", "Boulangerie Kerbrat", 2)],
        unmeasured,
      },
    });
    const panel = screen.getByTestId("retention-panel");
    expect(text(screen.getByTestId("retention-none"))).toBe(unmeasured);
    for (const id of ["retention-share", "retention-detail", "retention-contract-table", "retention-company-table"]) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    expect(text(panel)).not.toMatch(/—|0 toujours en poste/);
  });
});
