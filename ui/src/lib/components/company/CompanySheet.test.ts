import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  companiesSheet: vi.fn(),
}));

import CompanySheet from "./CompanySheet.svelte";
import { companiesSheet } from "../../ipc";

describe("CompanySheet", () => {
  beforeEach(() => {
    vi.resetAllMocks();
  });

  it("asks the app for the sheet and says where it opened and what was shortened", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesSheet).mockResolvedValue({
      path: "/home/elise/.cache/fr.profilence.app/apercus/apercu-1764990000-1.pdf",
      cuts: ["Interlocuteurs : 6 sur 20 figurent sur la fiche."],
    });
    render(CompanySheet, { props: { companyId: 7 } });
    await user.click(screen.getByTestId("company-sheet-open"));
    expect(companiesSheet).toHaveBeenCalledWith(7);
    const done = await screen.findByTestId("company-sheet-done");
    expect(done).toHaveTextContent("Fiche entreprise ouverte dans le lecteur PDF (/home/elise/.cache/fr.profilence.app/apercus/apercu-1764990000-1.pdf).");
    expect(screen.getByTestId("company-sheet-cuts")).toHaveTextContent("Interlocuteurs : 6 sur 20 figurent sur la fiche.");
  });

  it("shows nothing shortened when the sheet fits, and the app's refusal in French", async () => {
    const user = userEvent.setup();
    vi.mocked(companiesSheet).mockResolvedValueOnce({ path: "/tmp/apercu-2.pdf", cuts: [] });
    render(CompanySheet, { props: { companyId: 7 } });
    await user.click(screen.getByTestId("company-sheet-open"));
    await screen.findByTestId("company-sheet-done");
    expect(screen.queryByTestId("company-sheet-cuts")).toBeNull();
    vi.mocked(companiesSheet).mockRejectedValueOnce({
      kind: "rule",
      message: "Cette entreprise a été effacée le 01/12/2026 : seules ses promotions restent, anonymes, dans les statistiques.",
    });
    await user.click(screen.getByTestId("company-sheet-open"));
    expect(await screen.findByTestId("company-sheet-error")).toHaveTextContent("Cette entreprise a été effacée le 01/12/2026");
    expect(screen.queryByTestId("company-sheet-done")).toBeNull();
  });
});
