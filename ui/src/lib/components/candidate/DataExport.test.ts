import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  candidatesExportData: vi.fn(),
  candidatesExportOpenFolder: vi.fn(),
}));

import DataExport from "./DataExport.svelte";
import { candidatesExportData, candidatesExportOpenFolder } from "../../ipc";
import type { AccessExport } from "../../bindings/AccessExport";

const written: AccessExport = {
  folder: "/home/claire/Documents/Demandes",
  files: [
    "donnees-personnelles-candidat-12-2026-12-05.pdf",
    "donnees-personnelles-candidat-12-2026-12-05.json",
    "donnees-personnelles-candidat-12-2026-12-05-fiches/promotion-31.pdf",
  ],
  pages: 3,
  promotions: 2,
  events: 5,
  consentEvents: 2,
  sheets: 1,
};

describe("DataExport", () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it("asks the app for the export and says what was written, with the folder to open", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesExportData).mockResolvedValue(written);
    vi.mocked(candidatesExportOpenFolder).mockResolvedValue();
    render(DataExport, { props: { candidateId: 12 } });
    await user.click(screen.getByTestId("candidate-export-data"));
    expect(candidatesExportData).toHaveBeenCalledWith(12);
    const done = await screen.findByTestId("candidate-export-done");
    expect(done).toHaveTextContent("écrites dans « /home/claire/Documents/Demandes »");
    expect(done).toHaveTextContent("Un document PDF de 3 pages, un fichier JSON et 1 fiche envoyée ; 2 promotions, 5 événements, 2 étapes du consentement.");
    expect(screen.getByTestId("candidate-export-files")).toHaveTextContent("promotion-31.pdf");
    await user.click(screen.getByTestId("candidate-export-open-folder"));
    expect(candidatesExportOpenFolder).toHaveBeenCalled();
  });

  it("says nothing when the dialog is cancelled, and shows the core's refusal", async () => {
    const user = userEvent.setup();
    vi.mocked(candidatesExportData).mockResolvedValueOnce(null);
    render(DataExport, { props: { candidateId: 12 } });
    await user.click(screen.getByTestId("candidate-export-data"));
    expect(screen.queryByTestId("candidate-export-done")).toBeNull();
    expect(screen.queryByTestId("candidate-export-error")).toBeNull();
    vi.mocked(candidatesExportData).mockRejectedValueOnce({
      kind: "rule",
      message: "Impossible d'écrire dans le dossier « /media/cle » (vous n'avez pas le droit d'y écrire) : aucun fichier n'y a été laissé.",
    });
    await user.click(screen.getByTestId("candidate-export-data"));
    expect(await screen.findByTestId("candidate-export-error")).toHaveTextContent("Impossible d'écrire dans le dossier « /media/cle »");
  });
});
