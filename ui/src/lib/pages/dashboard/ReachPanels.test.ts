import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import { dashboard, profile } from "../../test-utils-stats";
import NeverPromotedPanel from "./NeverPromotedPanel.svelte";
import ProfilesPanel from "./ProfilesPanel.svelte";

/** The charts drawn: Chart.js needs a real canvas, so the tests read the configurations. */
const charts = vi.hoisted(() => [] as { data: { labels: string[]; datasets: { data: (number | null)[] }[] } }[]);
vi.mock("chart.js", () => {
  class Chart {
    static defaults = { font: {}, color: "" };
    static register() {}
    constructor(_canvas: unknown, config: { data: unknown }) {
      charts.push(config as (typeof charts)[number]);
    }
    update() {}
    destroy() {}
  }
  const part = {};
  return {
    Chart,
    BarController: part,
    BarElement: part,
    CategoryScale: part,
    Legend: part,
    LinearScale: part,
    LineController: part,
    LineElement: part,
    PointElement: part,
    Tooltip: part,
  };
});

const text = (el: Element) => el.textContent?.replace(/\s+/g, " ").trim();
/** A row's cells, each as read. */
const cells = (row: Element) => Array.from(row.children).map(text);

describe("NeverPromotedPanel", () => {
  it("shows the share never promoted, its trend as a chart and as a table", () => {
    charts.length = 0;
    render(NeverPromotedPanel, { never: dashboard().neverPromoted });
    expect(screen.getByTestId("never-promoted-share")).toHaveTextContent(/^36,4\s%$/);
    expect(text(screen.getByTestId("never-promoted-detail"))).toBe(
      "— 4 sur 11 candidats au consentement valable le 30/11/2026 n'ont jamais été présentés à un employeur.",
    );
    const rows = within(screen.getByTestId("never-promoted-table")).getAllByTestId("never-promoted-row").map(cells);
    expect(rows).toEqual([
      ["31/10/2026", "11", "10", "90,9 %"],
      ["30/11/2026", "11", "4", "36,4 %"],
    ]);
    expect(charts.at(-1)?.data.labels).toEqual(["oct. 2026", "nov. 2026"]);
    expect(charts.at(-1)?.data.datasets[0]?.data).toEqual([90.9, 36.4]);
  });

  it("draws no chart for an empty pool, and says a share cannot be computed", () => {
    charts.length = 0;
    const empty = { on: "2026-11-30", label: "nov. 2026", pool: 0, never: 0, share: null };
    render(NeverPromotedPanel, { never: { now: empty, trend: [empty] } });
    expect(screen.getByTestId("never-promoted-share")).toHaveTextContent("—");
    expect(screen.queryByTestId("chart-never-promoted")).not.toBeInTheDocument();
    expect(charts).toHaveLength(0);
  });
});

describe("ProfilesPanel", () => {
  it("shows each table of profiles with its figures and rates, and an empty one honestly", () => {
    render(ProfilesPanel, { profiles: dashboard().profiles });
    expect(text(screen.getByTestId("profiles-thresholds"))).toContain("au moins 5 candidats dans le vivier");
    const most = screen.getByTestId("profiles-jobsMostPromoted");
    expect(within(most).getByText("Métiers visés les plus promus")).toBeInTheDocument();
    expect(within(most).getAllByTestId("profile-row").map(cells)).toEqual([
      ["Électricien / Électricienne du bâtiment (F1602)", "5", "4", "80 %", "5", "1", "20 %", "0"],
    ]);
    expect(within(screen.getByTestId("profiles-jobsLeastPromoted")).getByTestId("profile-none")).toHaveTextContent(
      "Aucun profil n'atteint le seuil",
    );
    const publics = screen.getByTestId("profiles-publics");
    expect(within(publics).getAllByRole("columnheader")[0]).toHaveTextContent("Public");
    expect(within(publics).getAllByTestId("profile-row").map(cells)).toEqual([
      ["Moins de 26 ans", "2", "2", "100 %", "2", "1", "50 %", "0"],
    ]);
  });

  it("writes a rate without promotions as a dash", () => {
    const none = profile("rsa", "Bénéficiaire du RSA", [3, 0, 0, 0, 0]);
    render(ProfilesPanel, {
      profiles: { minPool: 5, minPromotions: 5, tables: [{ key: "publics", title: "Publics", profile: "Public", rows: [none] }] },
    });
    expect(screen.getAllByTestId("profile-row").map(cells)).toEqual([["Bénéficiaire du RSA", "3", "0", "0 %", "0", "0", "—", "0"]]);
  });
});
