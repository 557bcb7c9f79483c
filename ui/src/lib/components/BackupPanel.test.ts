import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  backupStatus: vi.fn(),
  backupFolderChoose: vi.fn(),
  backupSettingsUpdate: vi.fn(),
  backupNow: vi.fn(),
  backupCodePassphrase: vi.fn(),
  backupCodeKeep: vi.fn(),
  backupCodeDiscard: vi.fn(),
  backupRestoreChoose: vi.fn(),
  backupRestoreCheck: vi.fn(),
  backupRestore: vi.fn(),
}));

import BackupPanel from "./BackupPanel.svelte";
import {
  IpcError,
  backupCodeKeep,
  backupCodePassphrase,
  backupFolderChoose,
  backupNow,
  backupRestore,
  backupRestoreCheck,
  backupRestoreChoose,
  backupSettingsUpdate,
  backupStatus,
} from "../ipc";
import type { BackupFacts } from "../bindings/BackupFacts";
import type { BackupSettings } from "../bindings/BackupSettings";
import type { BackupStatus } from "../bindings/BackupStatus";

const settings: BackupSettings = {
  enabled: false,
  folder: "",
  lastSuccessAt: null,
  lastSuccessFile: null,
  lastFailureAt: null,
  lastFailureReason: null,
};
const code = { id: "K7QF", made: "2026-12-05", kind: "code" as const };
const status = (s: Partial<BackupSettings>, kept = true): BackupStatus => ({
  settings: { ...settings, ...s },
  code: kept ? code : null,
  codeStore: "le trousseau du système",
  codeError: null,
});
const facts: BackupFacts = {
  format: 1,
  file: "profilence-sauvegarde-2026-12-06-101500-K7QF.db",
  createdAt: "2026-12-06T09:15:00Z",
  appVersion: "0.1.0",
  schemaVersion: 19,
  recoveryCode: code,
  counts: { candidates: 60, companies: 25, promotions: 80 },
  size: 4096,
  sha256: "ab",
};

describe("BackupPanel", () => {
  beforeEach(() => vi.resetAllMocks());

  it("sets the folder, turns automatic backups on, backs up now and shows the last good one", async () => {
    const user = userEvent.setup();
    const folder = "/partage/sauvegardes";
    vi.mocked(backupStatus)
      .mockResolvedValueOnce(status({}))
      .mockResolvedValueOnce(status({ folder }))
      .mockResolvedValueOnce(status({ folder, enabled: true }))
      .mockResolvedValue(status({ folder, enabled: true, lastSuccessAt: facts.createdAt, lastSuccessFile: facts.file }));
    vi.mocked(backupFolderChoose).mockResolvedValue({ ...settings, folder });
    vi.mocked(backupSettingsUpdate).mockResolvedValue({ ...settings, folder, enabled: true });
    vi.mocked(backupNow).mockResolvedValue(facts);
    render(BackupPanel, { onrestored: vi.fn() });

    expect(await screen.findByTestId("backup-last-success")).toHaveTextContent("Aucune sauvegarde réussie");
    expect(screen.getByTestId("backup-code-current")).toHaveTextContent("code K7QF du 05/12/2026");
    expect(screen.getByTestId("backup-enabled")).toBeDisabled();
    expect(screen.getByTestId("backup-now")).toBeDisabled();

    await user.click(screen.getByTestId("backup-folder-choose"));
    expect(await screen.findByTestId("backup-folder")).toHaveTextContent(folder);
    await waitFor(() => expect(screen.getByTestId("backup-enabled")).toBeEnabled());
    await user.click(screen.getByTestId("backup-enabled"));
    expect(backupSettingsUpdate).toHaveBeenCalledWith(true);
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("activées");

    await user.click(screen.getByTestId("backup-now"));
    expect(await screen.findByTestId("backup-done")).toHaveTextContent(`${facts.file} (60 candidats, 25 entreprises, 80 promotions)`);
    await waitFor(() => expect(screen.getByTestId("backup-last-success")).toHaveTextContent("06/12/2026"));
  });

  it("says a failure since the last good backup, and that no backup can be made without a code", async () => {
    vi.mocked(backupStatus).mockResolvedValue(
      status(
        {
          folder: "/media/cle",
          enabled: true,
          lastSuccessAt: "2026-12-04T09:00:00Z",
          lastFailureAt: "2026-12-05T17:00:00Z",
          lastFailureReason: "Le dossier de sauvegarde /media/cle est introuvable.",
        },
        false,
      ),
    );
    render(BackupPanel, { onrestored: vi.fn() });
    expect(await screen.findByTestId("backup-last-failure")).toHaveTextContent("/media/cle est introuvable");
    expect(screen.getByTestId("backup-last-success")).toHaveTextContent("04/12/2026");
    expect(screen.getByTestId("backup-code-current")).toHaveTextContent("Aucun code de récupération");
    expect(screen.getByTestId("backup-now")).toBeDisabled();
  });

  it("changes the code for a passphrase typed twice", async () => {
    const user = userEvent.setup();
    vi.mocked(backupStatus).mockResolvedValue(status({}));
    const phrase = { id: "P3RM", made: "2026-12-06", kind: "passphrase" as const };
    vi.mocked(backupCodePassphrase)
      .mockRejectedValueOnce(new IpcError("validation", "La phrase de passe doit compter au moins 20 caractères.", [{ field: "passphrase", message: "x" }]))
      .mockResolvedValue({ shown: "cerf volant sous la pluie bretonne", identity: phrase });
    vi.mocked(backupCodeKeep).mockResolvedValue(phrase);
    render(BackupPanel, { onrestored: vi.fn() });

    await user.click(await screen.findByTestId("backup-code-new"));
    expect(screen.getByTestId("recovery-setup")).toHaveTextContent("remplacera le code K7QF du 05/12/2026");
    await user.click(screen.getByTestId("recovery-passphrase-open"));
    await user.type(screen.getByTestId("recovery-phrase"), "trop courte");
    await user.type(screen.getByTestId("recovery-phrase-again"), "trop courtE");
    await user.click(screen.getByTestId("recovery-phrase-submit"));
    expect(await screen.findByTestId("recovery-phrase-error")).toHaveTextContent("différentes");
    expect(backupCodePassphrase).not.toHaveBeenCalled();
    await user.clear(screen.getByTestId("recovery-phrase-again"));
    await user.type(screen.getByTestId("recovery-phrase-again"), "trop courte");
    await user.click(screen.getByTestId("recovery-phrase-submit"));
    expect(await screen.findByTestId("recovery-phrase-error")).toHaveTextContent("au moins 20 caractères");

    await user.click(screen.getByTestId("recovery-phrase-submit"));
    expect(await screen.findByTestId("recovery-code")).toHaveTextContent("cerf volant sous la pluie bretonne");
    await user.click(screen.getByTestId("recovery-noted"));
    await user.click(screen.getByTestId("recovery-keep"));
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("phrase de passe P3RM du 06/12/2026 est enregistré");
  });

  it("restores a backup: the file's facts, a wrong code refused, the checked contents, then the restore", async () => {
    const user = userEvent.setup();
    vi.mocked(backupStatus).mockResolvedValue(status({ folder: "/partage" }));
    vi.mocked(backupRestoreChoose).mockResolvedValue({ path: `/partage/${facts.file}`, facts });
    vi.mocked(backupRestoreCheck)
      .mockRejectedValueOnce(new IpcError("backup", "Ce code de récupération n'ouvre pas la sauvegarde : elle demande le code K7QF du 05/12/2026. Rien n'a été modifié."))
      .mockResolvedValue(facts);
    const outcome = { facts, schemaVersion: 19, setAside: "/donnees/profilence-avant-restauration.db" };
    vi.mocked(backupRestore).mockResolvedValue(outcome);
    const onrestored = vi.fn();
    render(BackupPanel, { onrestored });

    await user.click(await screen.findByTestId("backup-restore-open"));
    expect(screen.getByTestId("restore-choose")).toHaveFocus();
    await user.click(screen.getByTestId("restore-choose"));
    expect(await screen.findByTestId("restore-file")).toHaveTextContent("elle demande le code K7QF du 05/12/2026");
    await user.type(screen.getByTestId("restore-code"), "AAAA-BBBB");
    await user.click(screen.getByTestId("restore-check"));
    expect(await screen.findByTestId("restore-error")).toHaveTextContent("Rien n'a été modifié");
    expect(screen.getByTestId("restore-confirm")).toBeDisabled();

    await user.click(screen.getByTestId("restore-check"));
    expect(await screen.findByTestId("restore-facts-counts")).toHaveTextContent("60 candidats, 25 entreprises, 80 promotions");
    expect(screen.getByTestId("restore-facts-date")).toHaveTextContent("06/12/2026");
    await user.click(screen.getByTestId("restore-confirm"));
    await waitFor(() => expect(onrestored).toHaveBeenCalledWith(outcome));
    expect(backupRestore).toHaveBeenCalledWith("AAAA-BBBB");
  });
});
