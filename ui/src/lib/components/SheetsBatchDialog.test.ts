import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  sheetsBatch: vi.fn(),
  sheetsBatchCancel: vi.fn(),
  dialogsChoose: vi.fn(),
}));

import SheetsBatchDialog from "./SheetsBatchDialog.svelte";
import { dialogsChoose, sheetsBatch, sheetsBatchCancel } from "../ipc";
import { validationError } from "../test-utils";
import type { BatchProgress } from "../bindings/BatchProgress";
import type { BatchSummary } from "../bindings/BatchSummary";

function summary(overrides: Partial<BatchSummary> = {}): BatchSummary {
  return { folder: "/home/claire/Fiches", total: 3, written: ["a.pdf", "b.pdf", "c.pdf"], skipped: [], shortened: [], cancelled: false, ...overrides };
}

describe("SheetsBatchDialog", () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it("writes the candidates' sheets into the folder picked, anonymised, with progress", async () => {
    const user = userEvent.setup();
    vi.mocked(dialogsChoose).mockResolvedValue("/home/claire/Fiches");
    let report: (p: BatchProgress) => void = () => {};
    let finish: (s: BatchSummary) => void = () => {};
    vi.mocked(sheetsBatch).mockImplementation((_of, onprogress) => {
      report = onprogress;
      return new Promise((resolve) => (finish = resolve));
    });
    render(SheetsBatchDialog, { props: { kind: "candidates", ids: [4, 5, 6], onclose: vi.fn() } });
    // The app opens the picker and keeps the folder; the field only shows it.
    await user.click(screen.getByTestId("sheets-batch-browse"));
    expect(dialogsChoose).toHaveBeenCalledWith("sheetsBatch");
    expect(screen.getByTestId("sheets-batch-folder")).toHaveValue("/home/claire/Fiches");
    expect(screen.getByTestId("sheets-batch-folder")).toHaveAttribute("readonly");
    await user.click(screen.getByTestId("sheets-batch-anonymous"));
    await user.click(screen.getByTestId("sheets-batch-start"));
    expect(sheetsBatch).toHaveBeenCalledWith({ kind: "candidates", ids: [4, 5, 6], anonymous: true }, expect.any(Function));
    report({ done: 2, total: 3, fileName: "fiche-profil-candidat-e-l-boulanger.pdf" });
    await waitFor(() => expect(screen.getByTestId("sheets-batch-progress")).toHaveTextContent("2 sur 3 — fiche-profil-candidat-e-l-boulanger.pdf"));
    expect(screen.getByTestId("sheets-batch-stop")).toBeEnabled();
    finish(summary({ shortened: ["b.pdf"] }));
    expect(await screen.findByTestId("sheets-batch-done")).toHaveTextContent("3 fiches écrites sur 3 dans /home/claire/Fiches.");
    expect(screen.getByTestId("sheets-batch-done")).toHaveTextContent("Raccourcies pour tenir sur une page : b.pdf.");
  });

  it("stops on request and says how many were written", async () => {
    const user = userEvent.setup();
    let finish: (s: BatchSummary) => void = () => {};
    vi.mocked(sheetsBatch).mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    vi.mocked(sheetsBatchCancel).mockResolvedValue();
    render(SheetsBatchDialog, { props: { kind: "promotions", ids: [1, 2, 3], onclose: vi.fn() } });
    expect(screen.queryByTestId("sheets-batch-anonymous")).not.toBeInTheDocument();
    vi.mocked(dialogsChoose).mockResolvedValue("/tmp/fiches");
    await user.click(screen.getByTestId("sheets-batch-browse"));
    await user.click(screen.getByTestId("sheets-batch-start"));
    expect(sheetsBatch).toHaveBeenCalledWith({ kind: "promotions", ids: [1, 2, 3] }, expect.any(Function));
    await user.click(screen.getByTestId("sheets-batch-stop"));
    expect(sheetsBatchCancel).toHaveBeenCalledTimes(1);
    finish(summary({ written: ["a.pdf"], cancelled: true, skipped: ["Léa Martin → Fournil du Port (sans fiche enregistrée)"] }));
    const done = await screen.findByTestId("sheets-batch-done");
    expect(done).toHaveTextContent("Arrêté : 1 fiche écrite sur 3");
    expect(done).toHaveTextContent("Non écrites : Léa Martin → Fournil du Port (sans fiche enregistrée).");
  });

  it("shows a bad folder next to the field, and a folder still to choose", async () => {
    const user = userEvent.setup();
    vi.mocked(sheetsBatch).mockRejectedValue(validationError("folder", "Choisissez le dossier où écrire les fiches."));
    render(SheetsBatchDialog, { props: { kind: "candidates", ids: [4], onclose: vi.fn() } });
    await user.click(screen.getByTestId("sheets-batch-start"));
    expect(await screen.findByTestId("sheets-batch-folder-error")).toHaveTextContent("Choisissez le dossier");
    // Cancelled picker: nothing changes; a folder chosen clears the error.
    vi.mocked(dialogsChoose).mockResolvedValueOnce(null).mockResolvedValueOnce("/media/cle-usb");
    await user.click(screen.getByTestId("sheets-batch-browse"));
    expect(screen.getByTestId("sheets-batch-folder")).toHaveValue("");
    await user.click(screen.getByTestId("sheets-batch-browse"));
    expect(screen.getByTestId("sheets-batch-folder")).toHaveValue("/media/cle-usb");
    expect(screen.queryByTestId("sheets-batch-folder-error")).not.toBeInTheDocument();
  });
});
