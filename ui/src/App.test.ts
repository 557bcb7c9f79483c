import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("./lib/ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./lib/ipc")>()),
  appStatus: vi.fn(),
  appStart: vi.fn(),
  backupStatus: vi.fn(),
  backupRestoreChoose: vi.fn(),
  backupRestoreCheck: vi.fn(),
  backupRestore: vi.fn(),
  appRetry: vi.fn(),
  candidatesList: vi.fn(),
  candidatesCounsellors: vi.fn(),
  companiesList: vi.fn(),
  followUpsList: vi.fn(),
  promotionsList: vi.fn(),
  promotionSettingsGet: vi.fn(),
  companiesCommitments: vi.fn(),
  referentialsChoices: vi.fn(),
  referentialsDomains: vi.fn(),
  referentialsNafDivisions: vi.fn(),
  referentialsStatus: vi.fn(),
  settingsGet: vi.fn(),
  statsDashboard: vi.fn(),
  statsOptions: vi.fn(),
  statsExportFolder: vi.fn(),
  teamState: vi.fn(),
  teamPreview: vi.fn(),
  teamJoin: vi.fn(),
  teamLeave: vi.fn(),
}));

import App from "./App.svelte";
import {
  IpcError,
  appRetry,
  appStart,
  appStatus,
  backupRestore,
  backupRestoreCheck,
  backupRestoreChoose,
  backupStatus,
  candidatesCounsellors,
  candidatesList,
  companiesCommitments,
  companiesList,
  followUpsList,
  promotionSettingsGet,
  promotionsList,
  referentialsChoices,
  referentialsDomains,
  referentialsNafDivisions,
  referentialsStatus,
  settingsGet,
  statsDashboard,
  statsExportFolder,
  statsOptions,
  teamJoin,
  teamLeave,
  teamPreview,
  teamState,
} from "./lib/ipc";
import { dashboard } from "./lib/test-utils-stats";
import { choices } from "./lib/test-utils";
import type { AppStatus } from "./lib/bindings/AppStatus";
import type { BackupFacts } from "./lib/bindings/BackupFacts";

const facts: BackupFacts = {
  format: 1,
  file: "profilence-sauvegarde-2026-12-05-183000-K7QF.db",
  createdAt: "2026-12-05T17:30:00Z",
  appVersion: "0.1.0",
  schemaVersion: 19,
  recoveryCode: { id: "K7QF", made: "2026-12-05", kind: "code" },
  counts: { candidates: 40, companies: 12, promotions: 60 },
  size: 4096,
  sha256: "ab",
};
const ready: AppStatus = { databasePath: "/tmp/profilence.db", schemaVersion: 1, error: null, startChoice: "demo", team: null };

describe("App", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    window.location.hash = "";
    vi.mocked(candidatesList).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(companiesList).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(followUpsList).mockResolvedValue({
      items: [],
      total: 0,
      urgent: 0,
      settings: { reminderDays: 7, urgentDays: 15, noAnswerDays: 30, repeatWindowDays: 90, waitingDays: 30 },
    });
    vi.mocked(promotionsList).mockResolvedValue({ items: [], total: 0 });
    vi.mocked(promotionSettingsGet).mockResolvedValue({ reminderDays: 7, urgentDays: 15, noAnswerDays: 30, repeatWindowDays: 90, waitingDays: 30 });
    vi.mocked(settingsGet).mockResolvedValue({ name: "", agency: "", phone: "", email: "" });
    vi.mocked(candidatesCounsellors).mockResolvedValue([]);
    vi.mocked(statsDashboard).mockResolvedValue(dashboard({ sentEver: 0 }));
    vi.mocked(statsOptions).mockResolvedValue({ counsellors: [], agencies: [], departments: [], communes: [], companyDepartments: [], companyCommunes: [], definitions: [] });
    vi.mocked(statsExportFolder).mockResolvedValue("");
    vi.mocked(companiesCommitments).mockResolvedValue([]);
    vi.mocked(backupStatus).mockResolvedValue({
      settings: { enabled: false, folder: "", lastSuccessAt: null, lastSuccessFile: null, lastFailureAt: null, lastFailureReason: null },
      code: null,
      codeStore: "le trousseau du système",
      codeError: null,
    });
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(referentialsDomains).mockResolvedValue([]);
    vi.mocked(referentialsNafDivisions).mockResolvedValue([]);
    vi.mocked(referentialsStatus).mockResolvedValue({ versions: [], suggestedFolder: null });
    vi.mocked(teamState).mockResolvedValue({ membership: null, signedIn: null });
  });

  it("says in the header whose team's database the app works on, instead of the desktop's backups", async () => {
    vi.mocked(appStatus).mockResolvedValue({
      ...ready,
      team: { server: "postgres://claire.morel@serveur:5432/profilence", account: "claire.morel", agency: "Agence de Rennes" },
    });
    render(App);
    expect(await screen.findByTestId("team-indicator")).toHaveTextContent("Agence de Rennes");
    expect(screen.queryByTestId("backup-indicator")).not.toBeInTheDocument();
  });

  it("shows only the start-up error when the database cannot be opened", async () => {
    vi.mocked(appStatus).mockResolvedValue({
      ...ready,
      startChoice: null,
      error: { kind: "keychain", message: "Aucun trousseau du système n'est disponible." },
    });
    render(App);
    expect(await screen.findByTestId("startup-error")).toHaveTextContent("Aucun trousseau du système n'est disponible.");
    expect(screen.queryByTestId("nav-vivier")).not.toBeInTheDocument();
    expect(screen.queryByTestId("page-vivier")).not.toBeInTheDocument();
    expect(screen.queryByTestId("onboarding")).not.toBeInTheDocument();
  });

  it("offers to restore a backup when the database is damaged, and opens the restored one", async () => {
    const user = userEvent.setup();
    const damaged = { kind: "damaged" as const, message: "La base de données est endommagée : restaurez une sauvegarde." };
    vi.mocked(appStatus).mockResolvedValueOnce({ ...ready, schemaVersion: null, error: damaged }).mockResolvedValue(ready);
    vi.mocked(backupRestoreChoose).mockResolvedValue({ path: "/partage/profilence-sauvegarde-2026-12-05-183000-K7QF.db", facts: null });
    vi.mocked(backupRestoreCheck).mockResolvedValue(facts);
    vi.mocked(backupRestore).mockResolvedValue({ facts, schemaVersion: 19, setAside: "/donnees/profilence-avant-restauration-2026-12-06-101500.db" });
    render(App);

    expect(await screen.findByTestId("startup-error")).toHaveTextContent("endommagée");
    await user.click(screen.getByTestId("startup-restore"));
    await user.click(await screen.findByTestId("restore-choose"));
    await user.type(await screen.findByTestId("restore-code"), "K7QF-AAAA");
    await user.click(screen.getByTestId("restore-check"));
    await user.click(await screen.findByTestId("restore-confirm"));
    expect(backupRestore).toHaveBeenCalledWith("K7QF-AAAA");
    expect(await screen.findByTestId("page-vivier")).toBeInTheDocument();
    expect(screen.getByTestId("start-summary")).toHaveTextContent("restaurée : 40 candidats, 12 entreprises, 60 promotions");
    expect(screen.getByTestId("start-summary")).toHaveTextContent("profilence-avant-restauration-2026-12-06-101500.db");
  });

  it("retries opening the database from the start-up error, without a restart", async () => {
    const user = userEvent.setup();
    const locked = { kind: "keychain" as const, message: "Le trousseau du système est inaccessible (verrouillé)." };
    vi.mocked(appStatus).mockResolvedValue({ ...ready, schemaVersion: null, error: locked });
    vi.mocked(appRetry)
      .mockResolvedValueOnce({ ...ready, schemaVersion: null, error: locked })
      .mockResolvedValueOnce(ready);
    render(App);

    await user.click(await screen.findByTestId("startup-retry"));
    expect(appRetry).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId("startup-error")).toHaveTextContent("trousseau du système est inaccessible");
    expect(screen.queryByTestId("nav-vivier")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("startup-retry"));
    expect(await screen.findByTestId("page-vivier")).toBeInTheDocument();
    expect(screen.queryByTestId("startup-error")).not.toBeInTheDocument();
    expect(appRetry).toHaveBeenCalledTimes(2);
  });

  it("offers to work on this desktop's database when the team's server cannot be reached", async () => {
    const user = userEvent.setup();
    const unreachable = {
      kind: "team" as const,
      message: "Connexion au serveur de l'équipe impossible (postgres://lea@serveur:5432/profilence) : le serveur ne répond pas.",
    };
    vi.mocked(appStatus).mockResolvedValueOnce({ ...ready, schemaVersion: null, error: unreachable }).mockResolvedValue(ready);
    vi.mocked(teamLeave).mockRejectedValueOnce(new IpcError("keychain", "Le trousseau du système est verrouillé.")).mockResolvedValue();
    render(App);

    const gate = await screen.findByTestId("startup-error");
    expect(gate).toHaveTextContent("Profilence ne peut pas joindre le serveur de l'équipe");
    expect(gate).toHaveTextContent("le serveur ne répond pas");
    expect(screen.getByTestId("startup-retry")).toBeInTheDocument();
    expect(screen.queryByTestId("startup-restore")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("startup-leave-team"));
    expect(await screen.findByText("Le trousseau du système est verrouillé.")).toBeInTheDocument();
    expect(screen.getByTestId("startup-leave-team")).toBeEnabled();

    await user.click(screen.getByTestId("startup-leave-team"));
    expect(await screen.findByTestId("page-vivier")).toBeInTheDocument();
    expect(teamLeave).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId("startup-error")).not.toBeInTheDocument();
  });

  it("starts again on the pool, with what was sent, once the team is joined", async () => {
    const user = userEvent.setup();
    const moving = { desktop: "profilence.db", candidates: 12, companies: 8, promotions: 30, events: 95, samePromotions: 0, sameCandidates: [], sameCompanies: [] };
    vi.mocked(appStatus).mockResolvedValue(ready);
    vi.mocked(teamPreview).mockResolvedValue(moving);
    vi.mocked(teamJoin).mockResolvedValue(moving);
    render(App);
    await screen.findByTestId("page-vivier");
    await user.click(screen.getByTestId("nav-parametres"));
    await user.type(await screen.findByTestId("field-teamHost"), "serveur.agence.local");
    await user.type(screen.getByTestId("field-teamAccount"), "lea.guillou");
    await user.type(screen.getByTestId("field-teamPassword"), "secret");
    await user.click(screen.getByTestId("team-preview"));
    await user.click(await screen.findByTestId("team-join"));

    expect(await screen.findByTestId("page-vivier")).toBeInTheDocument();
    expect(screen.getByTestId("start-summary")).toHaveTextContent(
      "Vous travaillez maintenant sur la base de l'équipe : 12 candidat·es, 8 entreprises et 30 promotions envoyés.",
    );
    expect(appStatus).toHaveBeenCalledTimes(2);
  });

  it("asks for the start choice on first launch, then opens the pool", async () => {
    const user = userEvent.setup();
    vi.mocked(appStatus).mockResolvedValueOnce({ ...ready, startChoice: null, schemaVersion: null }).mockResolvedValue(ready);
    vi.mocked(appStart).mockResolvedValue({ candidates: 60, companies: 20, promotions: 80 });
    render(App);

    await user.click(await screen.findByTestId("onboarding-demo"));
    expect(appStart).toHaveBeenCalledWith("demo");
    // The recovery code is offered before the pages; it can wait.
    await user.click(await screen.findByTestId("onboarding-code-later"));
    expect(await screen.findByTestId("page-vivier")).toBeInTheDocument();
    expect(screen.queryByTestId("onboarding")).not.toBeInTheDocument();
    expect(screen.getByTestId("start-summary")).toHaveTextContent("60 candidats, 20 entreprises et 80 promotions");
  });

  it("has the seven menu entries in order and switches pages", async () => {
    const user = userEvent.setup();
    vi.mocked(appStatus).mockResolvedValue(ready);
    render(App);

    await screen.findByTestId("page-vivier");
    const nav = screen.getByRole("navigation", { name: "Menu principal" });
    expect(nav).toHaveClass("fr-nav");
    const links = Array.from(nav.querySelectorAll("a"));
    expect(links.map((a) => a.textContent?.trim())).toEqual([
      "Vivier",
      "Entreprises",
      "Promotions",
      "Relances",
      "Tableau de bord",
      "Import",
      "Paramètres",
    ]);
    expect(links.map((a) => a.dataset.testid)).toEqual([
      "nav-vivier",
      "nav-entreprises",
      "nav-promotions",
      "nav-relances",
      "nav-tableau-de-bord",
      "nav-import",
      "nav-parametres",
    ]);
    expect(screen.getByTestId("nav-vivier")).toHaveAttribute("aria-current", "page");

    for (const key of ["entreprises", "promotions", "relances", "tableau-de-bord", "import", "parametres"]) {
      await user.click(screen.getByTestId(`nav-${key}`));
      expect(await screen.findByTestId(`page-${key}`)).toBeInTheDocument();
      expect(screen.getByTestId(`nav-${key}`)).toHaveAttribute("aria-current", "page");
      expect(screen.getByTestId("nav-vivier")).not.toHaveAttribute("aria-current");
    }
    await waitFor(() => expect(document.title).toBe("Paramètres — Profilence"));
  });

  it("shows honest empty states on the pages still to come", async () => {
    const user = userEvent.setup();
    vi.mocked(appStatus).mockResolvedValue(ready);
    render(App);
    await screen.findByTestId("page-vivier");
    const expected: Record<string, string> = {
      "tableau-de-bord": "Pas encore d'indicateurs.",
    };
    for (const [key, text] of Object.entries(expected)) {
      await user.click(screen.getByTestId(`nav-${key}`));
      const page = await screen.findByTestId(`page-${key}`);
      const empty = page.querySelector('[data-testid="empty-state"]');
      expect(empty).toHaveTextContent(text);
      expect(page.querySelectorAll("button")).toHaveLength(0);
    }
    await user.click(screen.getByTestId("nav-promotions"));
    expect(await screen.findByTestId("promotions-empty")).toHaveTextContent(
      "Aucune promotion pour l'instant — ouvrez la fiche d'un candidat et cliquez sur « Promouvoir ».",
    );
    expect(screen.getByTestId("page-promotions").querySelectorAll("button")).toHaveLength(0);
    await user.click(screen.getByTestId("nav-relances"));
    expect(await screen.findByTestId("followups-empty")).toHaveTextContent("Aucune relance à faire aujourd'hui.");
  });
});
