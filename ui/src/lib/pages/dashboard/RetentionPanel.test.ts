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
  });

  it("says when the period holds no hire", () => {
    const none = { key: "total", label: "Toutes les embauches suivies", hires: 0, checked: 0, inJob: 0, share: null };
    render(RetentionPanel, { retention: { hires: 0, total: none, byContract: [], byCompany: [] } });
    expect(screen.getByTestId("retention-none")).toHaveTextContent("Aucune embauche parmi les promotions de cette période.");
    expect(screen.queryByTestId("retention-share")).not.toBeInTheDocument();
  });
});
