import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  listsExport: vi.fn(),
}));

import ListExport from "./ListExport.svelte";
import { IpcError, listsExport } from "../ipc";
import type { ListQuery } from "../bindings/ListQuery";

const hires: ListQuery = {
  list: "promotions",
  query: { search: "martin", statuses: ["hired"], candidateId: null, companyId: null, paging: { offset: 0, limit: 0 } },
};

describe("ListExport", () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it("exports the list's query as asked and says where and how many rows", async () => {
    const user = userEvent.setup();
    vi.mocked(listsExport).mockResolvedValue({ path: "/home/claire/embauches.xlsx", format: "xlsx", rows: 12 });
    render(ListExport, { query: () => hires, testid: "promotions" });
    await user.click(screen.getByTestId("promotions-export-xlsx"));
    expect(listsExport).toHaveBeenCalledWith(hires, "xlsx");
    expect(await screen.findByTestId("promotions-export-result")).toHaveTextContent(
      "12 lignes exportées dans « /home/claire/embauches.xlsx ».",
    );
    vi.mocked(listsExport).mockResolvedValue({ path: "/home/claire/embauches.csv", format: "csv", rows: 1 });
    await user.click(screen.getByTestId("promotions-export-csv"));
    expect(listsExport).toHaveBeenLastCalledWith(hires, "csv");
    expect(await screen.findByText("1 ligne exportée dans « /home/claire/embauches.csv ».")).toBeInTheDocument();
  });

  it("says nothing when the dialog is cancelled, and why an export failed", async () => {
    const user = userEvent.setup();
    vi.mocked(listsExport).mockResolvedValueOnce(null);
    render(ListExport, { query: () => hires, testid: "promotions" });
    await user.click(screen.getByTestId("promotions-export-xlsx"));
    expect(screen.queryByTestId("promotions-export-result")).not.toBeInTheDocument();
    vi.mocked(listsExport).mockRejectedValueOnce(new IpcError("rule", "Le dossier « /mnt/usb » n'existe pas."));
    await user.click(screen.getByTestId("promotions-export-csv"));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "L'export n'a pas pu être écrit : Le dossier « /mnt/usb » n'existe pas.",
    );
  });
});
