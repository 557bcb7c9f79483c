import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  settingsGet: vi.fn(),
  settingsUpdate: vi.fn(),
  referentialsStatus: vi.fn(),
  referentialsImport: vi.fn(),
  pickFolder: vi.fn(),
  promotionSettingsGet: vi.fn(),
  promotionSettingsUpdate: vi.fn(),
  referentialsChoices: vi.fn(),
  teamState: vi.fn(),
  backupStatus: vi.fn(),
}));

import Settings from "./Settings.svelte";
import {
  IpcError,
  backupStatus,
  pickFolder,
  promotionSettingsGet,
  promotionSettingsUpdate,
  referentialsChoices,
  referentialsImport,
  referentialsStatus,
  settingsGet,
  settingsUpdate,
  teamState,
} from "../ipc";
import { resetChoices } from "../choices";
import { choices, validationError } from "../test-utils";
import { importSummary, referentialVersion, referentialsStatus as status_ } from "../test-utils-companies";
import { promotionSettings } from "../test-utils-promotions";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { AppStatus } from "../bindings/AppStatus";

const status: AppStatus = {
  databasePath: "/home/conseil/.local/share/profilence/profilence.db",
  schemaVersion: 3,
  error: null,
  startChoice: "empty",
  team: null,
};

describe("Settings page", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(settingsGet).mockResolvedValue({ name: "Camille Bernard", agency: "", phone: "", email: "" });
    vi.mocked(referentialsStatus).mockResolvedValue(status_([]));
    vi.mocked(promotionSettingsGet).mockResolvedValue(promotionSettings());
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(teamState).mockResolvedValue({ membership: null, signedIn: null });
    vi.mocked(backupStatus).mockResolvedValue({
      settings: { enabled: false, folder: "", lastSuccessAt: null, lastSuccessFile: null, lastFailureAt: null, lastFailureReason: null },
      code: null,
      codeStore: "le trousseau du système",
      codeError: null,
    });
  });

  it("saves the counsellor settings and confirms", async () => {
    const user = userEvent.setup();
    vi.mocked(settingsUpdate).mockImplementation(async (input) => input);
    render(Settings, { status });

    const name = await screen.findByTestId("field-name");
    expect(name).toHaveValue("Camille Bernard");
    expect(screen.getByLabelText(/^Structure \/ agence/)).toBe(screen.getByTestId("field-agency"));
    await user.type(screen.getByTestId("field-agency"), "France Travail Lyon Part-Dieu");
    await user.type(screen.getByTestId("field-email"), "camille.bernard@example.fr");
    await user.click(screen.getByTestId("form-submit"));

    expect(await screen.findByTestId("notice-success")).toHaveTextContent("Paramètres enregistrés.");
    expect(settingsUpdate).toHaveBeenCalledWith({
      name: "Camille Bernard",
      agency: "France Travail Lyon Part-Dieu",
      phone: "",
      email: "camille.bernard@example.fr",
    });
    expect(screen.getByTestId("settings-form")).toBeInTheDocument();
  });

  it("shows field errors and no success notice", async () => {
    const user = userEvent.setup();
    vi.mocked(settingsUpdate).mockRejectedValue(validationError("phone", "Numéro de téléphone invalide."));
    render(Settings, { status });
    await user.type(await screen.findByTestId("field-phone"), "12");
    await user.click(screen.getByTestId("form-submit"));
    expect(await screen.findByTestId("error-phone")).toHaveTextContent("Numéro de téléphone invalide.");
    expect(screen.getByTestId("field-phone")).toHaveValue("12");
    await waitFor(() => expect(screen.getByTestId("field-phone")).toHaveFocus());
    expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
  });

  it("shows where the encrypted database lives", async () => {
    render(Settings, { status });
    expect(screen.getByTestId("settings-database-path")).toHaveTextContent(status.databasePath);
    expect(screen.getByText("Chiffrée (SQLCipher), clé conservée dans le trousseau du système.")).toBeInTheDocument();
    expect(screen.getByTestId("settings-schema-version")).toHaveTextContent("3");
    await screen.findByTestId("field-name");
    expect(await screen.findByTestId("settings-backups")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-backups-team")).not.toBeInTheDocument();
  });

  it("in a team, shows the team's server instead of the file and leaves the backups to its administrator", async () => {
    const server = "postgres://lea.guillou@serveur.agence.local:5432/profilence";
    vi.mocked(teamState).mockResolvedValue({
      membership: { host: "serveur.agence.local", port: 5432, database: "profilence", account: "lea.guillou", caCertificate: null },
      signedIn: { server, account: "lea.guillou", agency: "Agence de Lyon Part-Dieu" },
    });
    render(Settings, { status: { ...status, team: { server, account: "lea.guillou", agency: "Agence de Lyon Part-Dieu" } } });

    expect(await screen.findByTestId("settings-backups-team")).toHaveTextContent(
      "elle est sauvegardée sur son serveur, par son administrateur",
    );
    expect(screen.queryByTestId("settings-backups")).not.toBeInTheDocument();
    expect(backupStatus).not.toHaveBeenCalled();
    expect(screen.getByTestId("settings-database-path")).toHaveTextContent(server);
    expect(screen.getByText("Base de l'équipe")).toBeInTheDocument();
    expect(
      screen.getByText("Sur le serveur de l'agence, accès par compte ; connexion chiffrée (TLS) dès que le serveur n'est pas ce poste."),
    ).toBeInTheDocument();
    expect(await screen.findByTestId("team-server")).toHaveTextContent(server);
    expect(teamState).toHaveBeenCalledTimes(1);
    await screen.findByTestId("field-name");
  });

  describe("Suivi des promotions", () => {
    const DAYS = [
      ["settings-reminder-days", "Relancer après (jours sans réponse depuis le dernier contact)"],
      ["settings-urgent-days", "Relance urgente après (jours d'attente depuis l'envoi)"],
      ["settings-no-answer-days", "Passer en « sans réponse » après (jours)"],
      ["settings-repeat-window-days", "Confirmer une nouvelle promotion chez le même employeur pendant (jours)"],
      ["settings-waiting-days", "« À promouvoir » : sans promotion depuis (jours)"],
    ] as const;

    async function retype(user: ReturnType<typeof userEvent.setup>, testid: string, text: string) {
      await user.clear(screen.getByTestId(testid));
      await user.type(screen.getByTestId(testid), text);
    }

    it("shows the five delays, labelled, between the team and the referentials", async () => {
      vi.mocked(promotionSettingsGet).mockResolvedValue(
        promotionSettings({ reminderDays: 8, urgentDays: 16, noAnswerDays: 31, repeatWindowDays: 60, waitingDays: 45 }),
      );
      render(Settings, { status });
      expect(screen.getByRole("heading", { level: 2, name: "Suivi des promotions" })).toBeInTheDocument();

      const first = await screen.findByTestId("settings-reminder-days");
      expect(first).toHaveValue(8);
      expect(screen.getByTestId("settings-urgent-days")).toHaveValue(16);
      expect(screen.getByTestId("settings-no-answer-days")).toHaveValue(31);
      expect(screen.getByTestId("settings-repeat-window-days")).toHaveValue(60);
      expect(screen.getByTestId("settings-waiting-days")).toHaveValue(45);
      for (const [testid, label] of DAYS) {
        expect(screen.getByLabelText(label)).toBe(screen.getByTestId(testid));
        expect(screen.getByTestId(testid)).toHaveAttribute("type", "number");
      }
      const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
      expect(headings.indexOf("Équipe")).toBe(headings.indexOf("Conseiller ou conseillère") + 1);
      expect(headings.indexOf("Suivi des promotions")).toBe(headings.indexOf("Équipe") + 1);
      expect(headings.indexOf("Suivi des promotions")).toBeLessThan(headings.indexOf("Référentiels"));
    });

    it("bounds the delays by the longest one the core accepts", async () => {
      vi.mocked(referentialsChoices).mockResolvedValue({ ...choices(), limits: { ...choices().limits, maxFollowUpDays: 400 } });
      render(Settings, { status });
      await screen.findByTestId("settings-reminder-days");
      for (const [testid] of DAYS) {
        await waitFor(() => expect(screen.getByTestId(testid)).toHaveAttribute("max", "400"));
      }
    });

    it("saves the five numbers and confirms", async () => {
      const user = userEvent.setup();
      vi.mocked(promotionSettingsUpdate).mockImplementation(async (input) => input);
      render(Settings, { status });
      await screen.findByTestId("settings-reminder-days");

      await retype(user, "settings-reminder-days", "10");
      await retype(user, "settings-urgent-days", "20");
      await retype(user, "settings-no-answer-days", "45");
      await retype(user, "settings-repeat-window-days", "0");
      await retype(user, "settings-waiting-days", "60");
      await user.click(screen.getByTestId("settings-promotions-save"));

      expect(await screen.findByTestId("settings-promotions-saved")).toHaveTextContent("Règles de suivi enregistrées.");
      expect(promotionSettingsUpdate).toHaveBeenCalledTimes(1);
      expect(promotionSettingsUpdate).toHaveBeenCalledWith({
        reminderDays: 10,
        urgentDays: 20,
        noAnswerDays: 45,
        repeatWindowDays: 0,
        waitingDays: 60,
      });
      expect(settingsUpdate).not.toHaveBeenCalled();
      expect(screen.queryByTestId("notice-success")).not.toBeInTheDocument();
      expect(screen.getByTestId("settings-repeat-window-days")).toHaveValue(0);
    });

    it("shows the core's field error under its field, and no success notice", async () => {
      const user = userEvent.setup();
      const message = "La relance urgente vient après la première relance : au moins autant de jours.";
      vi.mocked(promotionSettingsUpdate).mockRejectedValue(validationError("urgentDays", message));
      render(Settings, { status });
      await screen.findByTestId("settings-urgent-days");

      await retype(user, "settings-urgent-days", "3");
      await user.click(screen.getByTestId("settings-promotions-save"));

      const error = await screen.findByTestId("settings-urgent-days-error");
      expect(error).toHaveTextContent(message);
      const field = screen.getByTestId("settings-urgent-days");
      expect(field).toHaveAttribute("aria-invalid", "true");
      expect(field).toHaveAccessibleDescription(message);
      expect(field).toHaveValue(3);
      await waitFor(() => expect(field).toHaveFocus());
      expect(screen.getByTestId("settings-promotions-error")).toHaveTextContent(
        "Les règles de suivi n'ont pas été enregistrées : un champ à corriger.",
      );
      expect(screen.queryByTestId("settings-reminder-days-error")).not.toBeInTheDocument();
      expect(screen.queryByTestId("settings-promotions-saved")).not.toBeInTheDocument();
      expect(promotionSettingsUpdate).toHaveBeenCalledWith(promotionSettings({ urgentDays: 3 }));
    });

    it("asks for whole numbers before sending anything", async () => {
      const user = userEvent.setup();
      render(Settings, { status });
      await screen.findByTestId("settings-no-answer-days");
      await user.clear(screen.getByTestId("settings-no-answer-days"));
      await user.click(screen.getByTestId("settings-promotions-save"));
      expect(await screen.findByTestId("settings-no-answer-days-error")).toHaveTextContent("Indiquez un nombre entier de jours.");
      expect(promotionSettingsUpdate).not.toHaveBeenCalled();
    });

    it("says when the delays could not be loaded", async () => {
      vi.mocked(promotionSettingsGet).mockRejectedValue(new IpcError("database", "Base indisponible."));
      render(Settings, { status });
      const alert = await screen.findByTestId("settings-promotions-load-error");
      expect(alert).toHaveTextContent("Les règles de suivi n'ont pas pu être chargées.");
      expect(alert).toHaveTextContent("Base indisponible.");
      expect(screen.queryByTestId("settings-promotions-save")).not.toBeInTheDocument();
    });
  });

  describe("Référentiels", () => {
    const all = () => [referentialVersion("rome"), referentialVersion("communes"), referentialVersion("naf")];

    it("lists the loaded referentials with their version, date and size", async () => {
      vi.mocked(referentialsStatus).mockResolvedValue(status_(all(), "/opt/profilence/data"));
      render(Settings, { status });

      const rows = await screen.findAllByTestId("referential-row");
      expect(rows).toHaveLength(3);
      const cells = (row: HTMLElement) => [...row.querySelectorAll("th, td")].map((c) => c.textContent?.trim());
      expect(cells(rows[0]).slice(0, 4)).toEqual(["ROME 4.0", "ROME 4.0 version 60 - 25M09", "v460", "18/09/2025"]);
      expect(rows[0]).toHaveTextContent(/13\s120 appellations/);
      expect(cells(rows[1])[0]).toBe("Communes");
      expect(cells(rows[1])[2]).toBe("—");
      expect(rows[1]).toHaveTextContent(/34\s976 communes/);
      expect(cells(rows[2])[0]).toBe("NAF rév. 2");
      expect(rows[2]).toHaveTextContent("732 codes NAF");
      expect(rows[2]).toHaveTextContent(/12\/03\/2026/);
      expect(screen.queryByTestId("referentials-none")).not.toBeInTheDocument();
      expect(screen.queryByTestId("referentials-reimport")).not.toBeInTheDocument();
      expect(screen.getByTestId("referentials-folder")).toHaveValue("/opt/profilence/data");
    });

    it("says which referential must be imported again, and only that one", async () => {
      const why = "Importé avant la prise en compte des contextes de travail : importez à nouveau le ROME.";
      vi.mocked(referentialsStatus).mockResolvedValue(
        status_([referentialVersion("rome", { reimport: why }), referentialVersion("communes"), referentialVersion("naf")]),
      );
      render(Settings, { status });

      const alerts = await screen.findAllByTestId("referentials-reimport");
      expect(alerts.map((a) => a.textContent?.replace(/\s+/g, " ").trim())).toEqual([`ROME 4.0 — ${why}`]);
    });

    it("says when nothing is loaded and offers the folder found on this machine", async () => {
      vi.mocked(referentialsStatus).mockResolvedValue(status_([], "/opt/profilence/data"));
      render(Settings, { status });

      expect(await screen.findByTestId("referentials-none")).toHaveTextContent(
        "Aucun référentiel chargé : les métiers, communes et codes NAF ne sont pas proposés dans les formulaires.",
      );
      expect(screen.queryByTestId("referential-row")).not.toBeInTheDocument();
      const folder = screen.getByTestId("referentials-folder");
      expect(folder).toHaveValue("/opt/profilence/data");
      expect(folder).toHaveAccessibleName(/rome4\/, geo\/communes\.csv et naf\/naf\.json/);
    });

    it("imports the folder, shows what was loaded and refreshes the table", async () => {
      const user = userEvent.setup();
      let finish: (summary: ImportSummary) => void = () => {};
      vi.mocked(referentialsStatus)
        .mockResolvedValueOnce(status_([], "/opt/profilence/data"))
        .mockResolvedValueOnce(status_(all(), "/opt/profilence/data"));
      vi.mocked(referentialsImport).mockReturnValue(new Promise((resolve) => (finish = resolve)));
      render(Settings, { status });

      await screen.findByTestId("referentials-none");
      const button = screen.getByTestId("referentials-import");
      await user.click(button);
      expect(referentialsImport).toHaveBeenCalledWith("/opt/profilence/data");
      expect(button).toBeDisabled();
      expect(button).toHaveTextContent("Import en cours…");

      finish(importSummary(all(), 4));
      const success = await screen.findByTestId("referentials-success");
      expect(success).toHaveTextContent(/ROME 4\.0 : ROME 4\.0 version 60 - 25M09 \(13\s120 appellations\)/);
      expect(success).toHaveTextContent(/34\s976 communes/);
      expect(success).toHaveTextContent("732 codes NAF");
      expect(success).toHaveTextContent("4 candidats ont pris les nouveaux libellés.");
      expect(screen.getAllByTestId("referential-row")).toHaveLength(3);
      expect(screen.queryByTestId("referentials-none")).not.toBeInTheDocument();
      expect(referentialsStatus).toHaveBeenCalledTimes(2);
      expect(button).toBeEnabled();
      expect(button).toHaveTextContent("Importer");
    });

    it("does not mention relabelled candidates when there are none", async () => {
      const user = userEvent.setup();
      vi.mocked(referentialsStatus).mockResolvedValue(status_([referentialVersion("naf")], "/data"));
      vi.mocked(referentialsImport).mockResolvedValue(importSummary([referentialVersion("naf")], 0));
      render(Settings, { status });
      await screen.findByTestId("referential-row");
      await user.click(screen.getByTestId("referentials-import"));
      const success = await screen.findByTestId("referentials-success");
      expect(success).toHaveTextContent("732 codes NAF");
      expect(success).not.toHaveTextContent("libellés");
    });

    it("shows why the import failed and keeps the loaded referentials", async () => {
      const user = userEvent.setup();
      const message = "Fichier manquant : /data/rome4/unix_item_v460_utf8.csv";
      vi.mocked(referentialsStatus).mockResolvedValue(status_([referentialVersion("rome")], "/data"));
      vi.mocked(referentialsImport).mockRejectedValue(new IpcError("referenceData", message));
      render(Settings, { status });

      await screen.findByTestId("referential-row");
      await user.clear(screen.getByTestId("referentials-folder"));
      await user.type(screen.getByTestId("referentials-folder"), "/data");
      await user.click(screen.getByTestId("referentials-import"));

      const error = await screen.findByTestId("referentials-error");
      expect(error).toHaveClass("fr-alert", "fr-alert--error");
      expect(error).toHaveTextContent(message);
      expect(error).toHaveTextContent("Les référentiels déjà chargés restent en place.");
      expect(screen.getAllByTestId("referential-row")).toHaveLength(1);
      expect(screen.getByTestId("referential-row")).toHaveTextContent("ROME 4.0");
      expect(screen.queryByTestId("referentials-success")).not.toBeInTheDocument();
      expect(referentialsStatus).toHaveBeenCalledTimes(1);
      expect(screen.getByTestId("referentials-import")).toBeEnabled();
    });

    it("takes the folder chosen with Parcourir…", async () => {
      const user = userEvent.setup();
      vi.mocked(pickFolder).mockResolvedValueOnce("/home/camille/referentiels").mockResolvedValueOnce(null);
      vi.mocked(referentialsImport).mockResolvedValue(importSummary([referentialVersion("rome")]));
      render(Settings, { status });
      await screen.findByTestId("referentials-none");

      await user.click(screen.getByTestId("referentials-browse"));
      await waitFor(() => expect(screen.getByTestId("referentials-folder")).toHaveValue("/home/camille/referentiels"));
      await user.click(screen.getByTestId("referentials-browse"));
      await waitFor(() => expect(pickFolder).toHaveBeenCalledTimes(2));
      expect(screen.getByTestId("referentials-folder")).toHaveValue("/home/camille/referentiels");

      await user.click(screen.getByTestId("referentials-import"));
      await screen.findByTestId("referentials-success");
      expect(referentialsImport).toHaveBeenCalledWith("/home/camille/referentiels");
    });

    it("asks for a folder before importing", async () => {
      const user = userEvent.setup();
      render(Settings, { status });
      await screen.findByTestId("referentials-none");
      await user.click(screen.getByTestId("referentials-import"));
      expect(await screen.findByTestId("error-referentials-folder")).toHaveTextContent("Indiquez le dossier des référentiels.");
      expect(screen.getByTestId("referentials-folder")).toHaveAttribute("aria-invalid", "true");
      expect(referentialsImport).not.toHaveBeenCalled();
    });
  });
});
