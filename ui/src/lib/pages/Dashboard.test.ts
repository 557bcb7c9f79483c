import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

/** The charts drawn: Chart.js needs a real canvas, so the tests read the configurations. */
const charts = vi.hoisted(() => [] as { data: { labels: string[]; datasets: { data: number[] }[] } }[]);
vi.mock("chart.js", () => {
  class Chart {
    static defaults = { font: {}, color: "" };
    static register() {}
    data: unknown;
    constructor(_canvas: unknown, config: { data: unknown }) {
      charts.push(config as (typeof charts)[number]);
      this.data = config.data;
    }
    update() {
      charts.push({ data: this.data } as (typeof charts)[number]);
    }
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

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  statsDashboard: vi.fn(),
  statsOptions: vi.fn(),
  statsExport: vi.fn(),
  statsExportFolder: vi.fn(),
  statsTeam: vi.fn(),
  referentialsDomains: vi.fn(),
  referentialsChoices: vi.fn(),
  dialogsChoose: vi.fn(),
  targetingEvaluate: vi.fn(),
}));

import Dashboard from "./Dashboard.svelte";
import {
  IpcError,
  dialogsChoose,
  referentialsChoices,
  referentialsDomains,
  statsDashboard,
  statsExport,
  statsExportFolder,
  statsOptions,
  statsTeam,
  targetingEvaluate,
} from "../ipc";
import { resetChoices } from "../choices";
import { handOver } from "../stats.svelte";
import { choices } from "../test-utils";
import { dashboard } from "../test-utils-stats";
import { evaluation } from "../test-utils-targeting";

const lastQuery = () => vi.mocked(statsDashboard).mock.lastCall?.[0];
/** Without the spaces, which differ between ICU builds. */
const bare = (el: HTMLElement) => el.textContent?.replace(/\s/g, "");

/** The query of the view, as the page asks for it: only the comparison shown counted. */
const shownQuery = { ...dashboard().query, compareBy: "counsellors" };

describe("Dashboard page", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    charts.length = 0;
    resetChoices();
    handOver.query = null;
    handOver.take();
    window.location.hash = "";
    // The core echoes the query, with the day of a preset filled in.
    vi.mocked(statsDashboard).mockImplementation((query) =>
      Promise.resolve(
        dashboard({
          query: { ...query, period: query.period.kind === "custom" || query.period.on ? query.period : { ...query.period, on: "2026-11-15" } },
        }),
      ),
    );
    vi.mocked(statsOptions).mockResolvedValue({
      counsellors: ["Claire Morel", "Julien Lefèvre"],
      agencies: ["Agence France Travail de Lyon"],
      departments: [
        { code: "29", label: "29 — Finistère", department: "29" },
        { code: "69", label: "69 — Rhône", department: "69" },
      ],
      communes: [
        { code: "69383", label: "Lyon 3e Arrondissement (69)", department: "69" },
        { code: "29232", label: "Quimper (29)", department: "29" },
        { code: "69266", label: "Villeurbanne (69)", department: "69" },
        { code: "inconnu", label: "Commune non renseignée", department: "inconnu" },
      ],
      companyDepartments: [
        { code: "29", label: "29 — Finistère", department: "29" },
        { code: "35", label: "35 — Ille-et-Vilaine", department: "35" },
      ],
      companyCommunes: [
        { code: "29019", label: "Brest (29)", department: "29" },
        { code: "29232", label: "Quimper (29)", department: "29" },
        { code: "35238", label: "Rennes (35)", department: "35" },
      ],
      definitions: [{ label: "Taux de retour employeur", text: "Part de ces promotions auxquelles l'employeur a répondu." }],
    });
    vi.mocked(statsExportFolder).mockResolvedValue("/home/claire/Documents");
    vi.mocked(referentialsDomains).mockResolvedValue([
      { code: "D", label: "Commerce, Vente et Grande distribution" },
      { code: "D11", label: "Commerce alimentaire et métiers de bouche" },
    ]);
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(targetingEvaluate).mockResolvedValue(evaluation());
  });

  it("compares the team's agencies in team mode only, over the period and channel shown", async () => {
    vi.mocked(statsTeam).mockImplementation((query) =>
      Promise.resolve({
        query,
        period: dashboard().period,
        total: { key: "", label: "Toute l'équipe", openable: false, promotions: 3, answered: 1, answerRate: 1 / 3, interviews: 0, hires: 0, hireRate: 0, answerDelayMedian: 2, answerDelayBasis: 1 },
        agencies: [],
      }),
    );
    const { unmount } = render(Dashboard);
    await screen.findByTestId("dashboard-period");
    expect(screen.queryByTestId("team-comparison")).not.toBeInTheDocument();
    expect(statsTeam).not.toHaveBeenCalled();
    unmount();

    render(Dashboard, { team: { server: "postgres://claire@serveur:5432/equipe", account: "claire", agency: "Agence de Rennes" } });
    expect(await screen.findByTestId("team-total")).toHaveTextContent("Toute l'équipe");
    expect(statsTeam).toHaveBeenLastCalledWith({ period: { kind: "month", on: "2026-11-15" }, channel: null });
    expect(screen.getByTestId("team-comparison-note")).toHaveTextContent("indicateurs de votre agence (Agence de Rennes) ci-dessus");
  });

  it("shows this month's figures in French, in tiles and in the table of every indicator", async () => {
    render(Dashboard);
    expect(await screen.findByTestId("dashboard-period")).toHaveTextContent("novembre 2026");
    // Who was never promoted, and the profiles, from the core's figures.
    expect(screen.getByTestId("never-promoted-share")).toHaveTextContent("36,4");
    expect(within(screen.getByTestId("profiles-publics")).getByText("Moins de 26 ans")).toBeInTheDocument();
    expect(lastQuery()).toEqual({
      period: { kind: "month", on: null },
      counsellor: null,
      agency: null,
      domain: null,
      publics: [],
      channel: null,
      department: null,
      commune: null,
      territoryOf: "candidate",
      compareBy: "counsellors",
    });
    expect(screen.getByTestId("tile-promotions-value")).toHaveTextContent("7");
    expect(bare(screen.getByTestId("tile-answerRate-value"))).toBe("57,1%");
    expect(bare(screen.getByTestId("tile-poolShare-value"))).toBe("75%");
    expect(bare(screen.getByTestId("tile-answerDelayMedian-value"))).toBe("7j");
    expect(bare(screen.getByTestId("tile-hires"))).toContain("14,3%·objectif12%");
    const table = screen.getByTestId("indicators-table");
    const rows = within(table).getAllByTestId("indicator-row").map((r) => r.textContent?.replace(/\s/g, ""));
    expect(rows).toContain("Délaideretourmoyen7,5j");
    // The delay says how many dated answers it is computed on, in its row and its tile.
    expect(rows).toContain("Réponsesdatées(basedudélai)4");
    expect(bare(screen.getByTestId("tile-answerDelayMedian"))).toContain("médiane·moyenne7,5j·4réponsesdatées");
    expect(rows).toContain("À relancer(7jourssanscontact)2".replace(/\s/g, ""));
    expect(rows).toContain("Dontréponsesreçuespare-mail1");
    expect(rows).toHaveLength(21);
    // The pool is people, not promotions: nothing to open behind it.
    expect(screen.getByTestId("indicator-pool").tagName).toBe("SPAN");
    expect(screen.getByTestId("indicator-hires").tagName).toBe("BUTTON");
    // Each chart has its table; the funnel's chart draws the funnel's figures.
    expect(screen.getByTestId("funnel-table")).toHaveTextContent("Embauches");
    const funnel = charts.find((c) => c.data.labels[0] === "Promotions envoyées");
    expect(funnel?.data.datasets[0].data).toEqual([7, 4, 2, 1]);
    expect(within(screen.getByTestId("companies-table")).getAllByTestId("company-figures")[0]).toHaveTextContent("Boulangerie Kerbrat");
    expect(screen.getByTestId("chart-trend")).toHaveAttribute("role", "img");
    await waitFor(() => expect(screen.getByTestId("definitions")).toHaveTextContent("Part de ces promotions"));
  });

  it("shows the tiles, rows and figure names the core sends, as it sends them", async () => {
    const user = userEvent.setup();
    const sent = dashboard();
    sent.figures = sent.figures.map((f) => (f.figure === "answered" ? { ...f, label: "Retours des employeurs", short: "Retours" } : f));
    sent.headline = sent.headline.filter((t) => t.key !== "interviews");
    sent.rows = sent.rows.filter((r) => r.key !== "noAnswer");
    vi.mocked(statsDashboard).mockResolvedValue(sent);
    render(Dashboard);
    expect(await screen.findByTestId("tile-hires")).toBeInTheDocument();
    expect(screen.queryByTestId("tile-interviews")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("indicators-table")).getAllByTestId("indicator-row")).toHaveLength(20);
    expect(screen.queryByTestId("indicator-noAnswer")).not.toBeInTheDocument();
    const headers = (testid: string) =>
      within(screen.getByTestId(testid))
        .getAllByRole("columnheader")
        .map((th) => th.textContent?.trim());
    expect(headers("trend-table")).toEqual(["Période", "Promotions", "Retours", "Entretiens", "Embauches"]);
    expect(headers("companies-table")).toEqual(["Entreprise", "Promotions", "Retours", "Embauches"]);
    expect(headers("reasons-table")).toEqual(["Motif", "Refus", "Non retenus"]);
    const trend = charts.find((c) => c.data.labels[0] === "sem. du 02/11") as unknown as { data: { datasets: { label: string }[] } };
    expect(trend.data.datasets.map((d) => d.label)).toEqual(["Promotions", "Retours", "Embauches"]);
    await user.click(screen.getAllByTestId("company-answered")[0]);
    expect(handOver.take()?.description).toBe("Retours des employeurs · Boulangerie Kerbrat · novembre 2026");
  });

  it("asks again for each period and filter, keeping the others", async () => {
    const user = userEvent.setup();
    render(Dashboard);
    await screen.findByTestId("dashboard-previous");
    await user.click(screen.getByTestId("dashboard-previous"));
    await waitFor(() => expect(lastQuery()?.period).toEqual({ kind: "month", on: "2026-10-31" }));
    expect(screen.queryByTestId("dashboard-counsellor")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("dashboard-filters-toggle"));
    await waitFor(() => expect(screen.getByTestId("dashboard-counsellor")).toHaveTextContent("Julien Lefèvre"));
    await user.selectOptions(screen.getByTestId("dashboard-counsellor"), "Julien Lefèvre");
    await waitFor(() => expect(lastQuery()?.counsellor).toBe("Julien Lefèvre"));
    await waitFor(() => expect(screen.getByTestId("dashboard-channel")).toHaveTextContent("Téléphone"));
    await user.selectOptions(screen.getByTestId("dashboard-channel"), "phone");
    await user.click(screen.getByTestId("dashboard-public-rqth"));
    await user.selectOptions(screen.getByTestId("dashboard-domain"), "D11");
    await waitFor(() =>
      expect(lastQuery()).toMatchObject({ channel: "phone", publics: ["rqth"], domain: "D11", counsellor: "Julien Lefèvre" }),
    );
    await user.selectOptions(screen.getByTestId("dashboard-kind"), "quarter");
    // The quarter holding the day shown: 31 October, after « Précédente ».
    await waitFor(() => expect(lastQuery()?.period).toEqual({ kind: "quarter", on: "2026-10-31" }));
    expect(screen.getByTestId("dashboard-filters-count")).toHaveTextContent("4 filtres actifs");
    await user.click(screen.getByTestId("dashboard-reset"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ counsellor: null, channel: null, publics: [], domain: null }));
  });

  it("filters by the department and commune where candidates live, and compares side by side", async () => {
    const user = userEvent.setup();
    render(Dashboard);
    await screen.findByTestId("dashboard-previous");
    await user.click(screen.getByTestId("dashboard-filters-toggle"));
    await waitFor(() => expect(screen.getByTestId("dashboard-department")).toHaveTextContent("69 — Rhône"));
    // Every commune while they are few; a department's own (and « not known ») once one is chosen.
    expect(screen.getByTestId("dashboard-commune")).toHaveTextContent("Quimper (29)");
    await user.selectOptions(screen.getByTestId("dashboard-department"), "69");
    await waitFor(() => expect(lastQuery()).toMatchObject({ department: "69", commune: null }));
    const communes = within(screen.getByTestId("dashboard-commune"))
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(communes).toEqual(["Toutes", "Lyon 3e Arrondissement (69)", "Villeurbanne (69)", "Commune non renseignée"]);
    await user.selectOptions(screen.getByTestId("dashboard-commune"), "69383");
    await waitFor(() => expect(lastQuery()).toMatchObject({ department: "69", commune: "69383" }));
    expect(screen.getByTestId("dashboard-filters-count")).toHaveTextContent("2 filtres actifs");
    // Another department drops a commune that is not in it.
    await user.selectOptions(screen.getByTestId("dashboard-department"), "29");
    await waitFor(() => expect(lastQuery()).toMatchObject({ department: "29", commune: null }));

    // The comparisons: by counsellor first, then by department; a cell opens its promotions.
    const by = screen.getByTestId("breakdowns");
    expect(within(by).getByTestId("breakdown-table-counsellors")).toHaveTextContent("Claire Morel");
    await user.click(within(by).getByTestId("breakdown-by-departments"));
    // Only the table shown is counted: choosing another asks for it, under the same filters.
    await waitFor(() => expect(lastQuery()).toMatchObject({ department: "29", compareBy: "departments" }));
    const table = await within(by).findByTestId("breakdown-table-departments");
    const rows = within(table).getAllByTestId("breakdown-row");
    expect(rows.map((r) => r.querySelector("th")?.textContent)).toEqual(["29 — Finistère", "69 — Rhône"]);
    await user.click(within(rows[1]).getByTestId("breakdown-answered"));
    expect(handOver.take()).toMatchObject({
      figure: { figure: "answered", query: { department: "69", commune: null } },
      description: "Réponses des employeurs · 69 — Rhône · novembre 2026",
    });
    // The department chosen stays when the page comes back with the figures, and a
    // figure's list says it.
    expect(handOver.query).toMatchObject({ department: "29" });
    await user.click(screen.getByTestId("indicator-hires"));
    expect(handOver.take()?.description).toBe("Embauches · novembre 2026 · département 29");
  });

  it("reads the territory by the company's place when asked: its labels, its places, the comparisons' note", async () => {
    const user = userEvent.setup();
    render(Dashboard);
    await screen.findByTestId("dashboard-previous");
    await user.click(screen.getByTestId("dashboard-filters-toggle"));
    const territory = screen.getByRole("group", { name: "Territoire" });
    const candidate = within(territory).getByRole("radio", { name: "Lieu de résidence du candidat" });
    const company = within(territory).getByRole("radio", { name: "Lieu de l'entreprise" });
    expect(candidate).toBeChecked();
    expect(screen.getByTestId("breakdowns-note")).toHaveTextContent("Territoire : lieu de résidence du candidat.");
    await waitFor(() => expect(screen.getByTestId("dashboard-department")).toHaveTextContent("69 — Rhône"));
    await user.selectOptions(screen.getByLabelText("Département de résidence du candidat"), "69");
    await waitFor(() => expect(lastQuery()).toMatchObject({ department: "69", territoryOf: "candidate" }));
    // No company in the Rhône: the department goes with the change; the companies' departments are offered.
    await user.click(company);
    await waitFor(() => expect(lastQuery()).toMatchObject({ territoryOf: "company", department: null, commune: null }));
    expect(company).toBeChecked();
    const options = (id: string) =>
      within(screen.getByTestId(id))
        .getAllByRole("option")
        .map((o) => o.textContent);
    expect(options("dashboard-department")).toEqual(["Tous", "29 — Finistère", "35 — Ille-et-Vilaine"]);
    expect(options("dashboard-commune")).toEqual(["Toutes", "Brest (29)", "Quimper (29)", "Rennes (35)"]);
    await user.selectOptions(screen.getByLabelText("Département de l'entreprise"), "29");
    await waitFor(() => expect(lastQuery()).toMatchObject({ territoryOf: "company", department: "29" }));
    await user.selectOptions(screen.getByLabelText("Commune de l'entreprise"), "29232");
    await waitFor(() => expect(lastQuery()).toMatchObject({ territoryOf: "company", department: "29", commune: "29232" }));
    expect(screen.getByTestId("breakdowns-note")).toHaveTextContent("Territoire : lieu de l'entreprise.");
    // A figure's list says whose department it is.
    await user.click(screen.getByTestId("indicator-hires"));
    expect(handOver.take()?.description).toBe("Embauches · novembre 2026 · département de l'entreprise 29");
    // Back to the residence: the Finistère and Quimper are offered there too, and stay.
    await user.click(candidate);
    await waitFor(() => expect(lastQuery()).toMatchObject({ territoryOf: "candidate", department: "29", commune: "29232" }));
    expect(screen.getByLabelText("Département de résidence du candidat")).toHaveValue("29");
    expect(screen.getByLabelText("Commune de résidence du candidat")).toHaveValue("29232");
  });

  it("says next to the dates what is wrong with a custom period", async () => {
    const user = userEvent.setup();
    render(Dashboard);
    await screen.findByTestId("dashboard-kind");
    vi.mocked(statsDashboard).mockRejectedValueOnce(
      new IpcError("validation", "La fin de la période précède son début.", [
        { field: "periodTo", message: "La fin de la période précède son début." },
      ]),
    );
    await user.selectOptions(screen.getByTestId("dashboard-kind"), "custom");
    await waitFor(() => expect(lastQuery()?.period).toEqual({ kind: "custom", from: "2026-11-01", to: "2026-11-30" }));
    expect(await screen.findByTestId("error-periodTo")).toHaveTextContent("La fin de la période précède son début.");
    expect(screen.getByTestId("dashboard-from")).toHaveValue("2026-11-01");
  });

  it("opens the promotions behind a figure, a company, a reason or a step of the trend", async () => {
    const user = userEvent.setup();
    render(Dashboard);
    await user.click(await screen.findByTestId("indicator-hires"));
    expect(window.location.hash).toBe("#/promotions");
    expect(handOver.take()).toEqual({
      figure: { query: shownQuery, figure: "hires", companyId: null, reason: null, asOf: "2026-12-10T08:00:00Z" },
      description: "Embauches · novembre 2026",
    });
    await user.click(screen.getAllByTestId("company-answered")[0]);
    expect(handOver.take()).toMatchObject({
      figure: { figure: "answered", companyId: 11 },
      description: "Réponses des employeurs · Boulangerie Kerbrat · novembre 2026",
    });
    await user.click(screen.getAllByTestId("reason-refused")[0]);
    expect(handOver.take()?.figure).toMatchObject({ figure: "refused", reason: "distance" });
    await user.click(screen.getAllByTestId("trend-answered")[0]);
    expect(handOver.take()).toMatchObject({
      figure: { figure: "answered", query: { period: { kind: "custom", from: "2026-11-02", to: "2026-11-08" } } },
      description: "Réponses des employeurs · sem. du 02/11",
    });
    await user.click(screen.getByTestId("tile-answerRate"));
    expect(handOver.take()?.figure.figure).toBe("answered");
    // The delay opens the answers it is computed on: the dated ones.
    await user.click(screen.getByTestId("tile-answerDelayMedian"));
    expect(handOver.take()).toMatchObject({
      figure: { figure: "answeredDated" },
      description: "Réponses datées (base du délai) · novembre 2026",
    });
    await user.click(screen.getByTestId("indicator-answerDelayBasis"));
    expect(handOver.take()?.figure.figure).toBe("answeredDated");
    // The dashboard's filters are kept for the way back.
    expect(handOver.query).toEqual(shownQuery);
  });

  it("exports the current view to the folder shown, and says where the file is", async () => {
    const user = userEvent.setup();
    vi.mocked(statsExport).mockResolvedValue({ path: "/home/claire/Documents/tableau-de-bord_2026-11-01_2026-11-30.xlsx", format: "xlsx" });
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId("export-folder")).toHaveValue("/home/claire/Documents"));
    await user.click(screen.getByTestId("export-xlsx"));
    expect(statsExport).toHaveBeenCalledWith({ query: shownQuery, format: "xlsx", folder: "/home/claire/Documents" });
    expect(await screen.findByTestId("export-done")).toHaveTextContent(
      "Fichier enregistré : /home/claire/Documents/tableau-de-bord_2026-11-01_2026-11-30.xlsx",
    );
    vi.mocked(dialogsChoose).mockResolvedValue("/media/cle-usb");
    await user.click(screen.getByTestId("export-choose"));
    expect(dialogsChoose).toHaveBeenCalledWith("statsExport");
    expect(screen.getByTestId("export-folder")).toHaveValue("/media/cle-usb");
    expect(screen.getByTestId("export-folder")).toHaveAttribute("readonly");
    vi.mocked(statsExport).mockRejectedValue(
      new IpcError("validation", "Le dossier « /media/cle-usb » n'existe pas.", [
        { field: "folder", message: "Le dossier « /media/cle-usb » n'existe pas." },
      ]),
    );
    await user.click(screen.getByTestId("export-csv"));
    expect(await screen.findByTestId("error-folder")).toHaveTextContent("n'existe pas");
    expect(statsExport).toHaveBeenLastCalledWith(expect.objectContaining({ format: "csv", folder: "/media/cle-usb" }));
  });

  it("exports the one-page PDF report of the current view", async () => {
    const user = userEvent.setup();
    const path = "/home/claire/Documents/tableau-de-bord_2026-11-01_2026-11-30.pdf";
    vi.mocked(statsExport).mockResolvedValue({ path, format: "pdf" });
    render(Dashboard);
    await waitFor(() => expect(screen.getByTestId("export-folder")).toHaveValue("/home/claire/Documents"));
    await user.click(screen.getByTestId("export-pdf"));
    expect(statsExport).toHaveBeenCalledWith({ query: shownQuery, format: "pdf", folder: "/home/claire/Documents" });
    expect(await screen.findByTestId("export-done")).toHaveTextContent(`Fichier enregistré : ${path}`);
  });

  it("shows the quality of targeting, replayed over the history, with what the figures mean", async () => {
    render(Dashboard);
    const section = await screen.findByTestId("targeting-evaluation");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Qualité du ciblage");
    expect(await within(section).findByTestId("targeting-evaluation-successes")).toHaveTextContent(
      "40 succès rejoués (promotions suivies d'un entretien ou d'une embauche), dont 34 classés par le ciblage.",
    );
    expect(bare(within(section).getByTestId("targeting-evaluation-top5"))).toBe(
      "Dansles5premières:45%(référence«plusprochesdubonsecteur»:20%)",
    );
    expect(within(section).getByTestId("targeting-evaluation-mrr")).toHaveTextContent("Rang réciproque moyen : 0,42 (référence : 0,18)");
    expect(within(section).getByTestId("targeting-evaluation-note")).toHaveTextContent(
      "ils ne disent rien de la qualité du ciblage",
    );
    expect(targetingEvaluate).toHaveBeenCalledTimes(1);
  });

  it("says when there is nothing to replay yet, or the replay failed", async () => {
    vi.mocked(targetingEvaluate).mockResolvedValueOnce(
      evaluation({
        successes: 0,
        ranked: 0,
        targeting: { top5: 0, top5Rate: 0, meanReciprocalRank: 0 },
        baseline: { top5: 0, top5Rate: 0, meanReciprocalRank: 0 },
        note: "Aucune promotion n'a encore abouti à un entretien : rien à mesurer.",
      }),
    );
    const { unmount } = render(Dashboard);
    const section = await screen.findByTestId("targeting-evaluation");
    expect(await within(section).findByTestId("targeting-evaluation-successes")).toHaveTextContent(
      "0 succès rejoué (promotions suivies d'un entretien ou d'une embauche).",
    );
    expect(within(section).queryByTestId("targeting-evaluation-top5")).not.toBeInTheDocument();
    expect(within(section).getByTestId("targeting-evaluation-note")).toHaveTextContent("rien à mesurer");
    unmount();

    vi.mocked(targetingEvaluate).mockRejectedValueOnce(new IpcError("database", "Erreur de la base de données : disque plein"));
    render(Dashboard);
    expect(await screen.findByTestId("targeting-evaluation-error")).toHaveTextContent("disque plein");
  });

  it("has an honest empty state before any promotion was sent", async () => {
    vi.mocked(statsDashboard).mockResolvedValue(dashboard({ sentEver: 0 }));
    render(Dashboard);
    const empty = await screen.findByTestId("empty-state");
    expect(empty).toHaveTextContent("Pas encore d'indicateurs.");
    expect(screen.getByTestId("page-tableau-de-bord").querySelectorAll("button, select")).toHaveLength(0);
  });

  it("says so when a period has no promotion, and when the figures cannot be computed", async () => {
    vi.mocked(statsDashboard).mockResolvedValueOnce(
      dashboard({ indicators: { ...dashboard().indicators, promotions: 0 }, topCompanies: [] }),
    );
    render(Dashboard);
    expect(await screen.findByTestId("dashboard-none")).toHaveTextContent("Aucune promotion envoyée sur cette période");
    expect(screen.getByTestId("companies-none")).toBeInTheDocument();
    vi.mocked(statsDashboard).mockRejectedValueOnce(new IpcError("database", "Erreur de la base de données : disque plein"));
    await userEvent.setup().click(screen.getByTestId("dashboard-next"));
    expect(await screen.findByTestId("dashboard-error")).toHaveTextContent("disque plein");
  });
});
