import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  journalList: vi.fn(),
  journalVerify: vi.fn(),
  journalExport: vi.fn(),
}));

import JournalPanel from "./JournalPanel.svelte";
import { IpcError, journalExport, journalList, journalVerify } from "../ipc";
import type { JournalEntry } from "../bindings/JournalEntry";

function entry(id: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id,
    at: "2026-12-04T09:30:00Z",
    counsellor: "Claire Morel",
    osUser: "cmorel",
    action: "edit",
    actionLabel: "Modification",
    subject: { kind: "candidate", id: 12 },
    subjectLabel: "Candidat·e n° 12",
    detail: "Champs modifiés : email",
    ...overrides,
  };
}

describe("JournalPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it("lists the entries with their author and sends the filters chosen", async () => {
    const user = userEvent.setup();
    vi.mocked(journalList).mockResolvedValue({ items: [entry(2), entry(1, { action: "create", actionLabel: "Création", detail: "" })], total: 2 });
    render(JournalPanel);
    expect(await screen.findByTestId("journal-total")).toHaveTextContent("2 entrées");
    const rows = screen.getAllByTestId("journal-row");
    expect(rows[0]).toHaveTextContent("Claire Morel");
    expect(rows[0]).toHaveTextContent("session cmorel");
    expect(rows[0]).toHaveTextContent("Champs modifiés : email");

    await user.selectOptions(screen.getByTestId("journal-action"), "erase");
    await user.selectOptions(screen.getByTestId("journal-subject"), "candidate");
    await user.type(screen.getByTestId("journal-subject-id"), "12");
    await user.click(screen.getByTestId("journal-filter"));
    await waitFor(() =>
      expect(journalList).toHaveBeenLastCalledWith({
        action: "erase",
        subjectKind: "candidate",
        subjectId: 12,
        from: null,
        to: null,
        paging: { offset: 0, limit: 20 },
      }),
    );
  });

  it("refuses a record number that is not one, without asking the core", async () => {
    const user = userEvent.setup();
    vi.mocked(journalList).mockResolvedValue({ items: [], total: 0 });
    render(JournalPanel);
    expect(await screen.findByTestId("journal-total")).toHaveTextContent("Aucune entrée.");
    await user.type(screen.getByTestId("journal-subject-id"), "douze");
    await user.click(screen.getByTestId("journal-filter"));
    expect(screen.getByText("Un numéro entier.")).toBeInTheDocument();
    expect(journalList).toHaveBeenCalledTimes(1);
  });

  it("says whether the chain holds, and where it breaks", async () => {
    const user = userEvent.setup();
    vi.mocked(journalList).mockResolvedValue({ items: [entry(1)], total: 1 });
    vi.mocked(journalVerify).mockResolvedValueOnce({ entries: 1, broken: null });
    render(JournalPanel);
    await user.click(await screen.findByTestId("journal-verify"));
    expect(await screen.findByTestId("journal-verify-result")).toHaveTextContent("Journal intact : 1 entrée,");
    vi.mocked(journalVerify).mockResolvedValueOnce({
      entries: 3,
      broken: { id: 3, reason: "entrée n° 3 : modifiée après son enregistrement" },
    });
    await user.click(screen.getByTestId("journal-verify"));
    expect(await screen.findByTestId("journal-verify-result")).toHaveTextContent("Chaîne rompue : entrée n° 3 : modifiée");
  });

  it("exports the entries the filters select, or says why not", async () => {
    const user = userEvent.setup();
    vi.mocked(journalList).mockResolvedValue({ items: [entry(1)], total: 1 });
    vi.mocked(journalExport)
      .mockResolvedValueOnce(null)
      .mockResolvedValueOnce({ path: "/home/claire/journal-2026-12-04.csv", entries: 1 })
      .mockRejectedValueOnce(new IpcError("internal", "Permission refusée"));
    render(JournalPanel);
    await user.selectOptions(await screen.findByTestId("journal-action"), "export");
    // Cancelled in the dialog: nothing said.
    await user.click(screen.getByTestId("journal-export"));
    await waitFor(() => expect(journalExport).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("journal-export-result")).not.toBeInTheDocument();
    expect(vi.mocked(journalExport).mock.calls[0][0]).toMatchObject({ action: "export", subjectKind: null });
    await user.click(screen.getByTestId("journal-export"));
    expect(await screen.findByTestId("journal-export-result")).toHaveTextContent(
      "1 entrée exportée dans « /home/claire/journal-2026-12-04.csv »",
    );
    await user.click(screen.getByTestId("journal-export"));
    await waitFor(() => expect(screen.getByTestId("journal-export-result")).toHaveTextContent("n'a pas pu être exporté : Permission refusée"));
  });
});
