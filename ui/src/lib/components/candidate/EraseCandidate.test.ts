import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../ipc")>()),
  candidatesErasurePreview: vi.fn(),
  candidatesErase: vi.fn(),
}));

import EraseCandidate from "./EraseCandidate.svelte";
import { IpcError, candidatesErase, candidatesErasurePreview } from "../../ipc";
import type { ErasureSummary } from "../../bindings/ErasureSummary";

const counts: ErasureSummary = {
  promotionsKept: 3,
  sheetsDeleted: 3,
  consentEventsDeleted: 1,
  targetJobs: 2,
  skillsDeleted: 1,
  commentsCleared: 2,
  contactsDeleted: 0,
};

describe("EraseCandidate", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(candidatesErasurePreview).mockResolvedValue({
      name: "Léa Martin",
      counts,
      goes: ["Nom, prénom, e-mail", "3 fiches profil conservées"],
      stays: ["3 promotions gardées comme statistiques anonymes"],
    });
  });

  it("says what goes and stays, and erases only once the box is ticked", async () => {
    const user = userEvent.setup();
    const onerased = vi.fn();
    vi.mocked(candidatesErase).mockResolvedValue(counts);
    render(EraseCandidate, { candidateId: 12, onerased });
    await user.click(screen.getByTestId("candidate-erase"));
    expect(await screen.findByTestId("erase-dialog")).toHaveTextContent("Effacer Léa Martin");
    expect(screen.getByTestId("erase-goes")).toHaveTextContent("3 fiches profil conservées");
    expect(screen.getByTestId("erase-stays")).toHaveTextContent("3 promotions gardées");
    expect(screen.getByTestId("erase-confirm")).toBeDisabled();
    await user.click(screen.getByTestId("erase-understood"));
    await user.click(screen.getByTestId("erase-confirm"));
    await waitFor(() => expect(onerased).toHaveBeenCalledWith(counts));
    expect(candidatesErase).toHaveBeenCalledWith(12);
    expect(screen.queryByTestId("erase-dialog")).not.toBeInTheDocument();
  });

  it("cancelling erases nothing; a refusal is shown in the dialog", async () => {
    const user = userEvent.setup();
    const onerased = vi.fn();
    render(EraseCandidate, { candidateId: 12, onerased });
    await user.click(screen.getByTestId("candidate-erase"));
    await user.click(await screen.findByTestId("erase-cancel"));
    expect(screen.queryByTestId("erase-dialog")).not.toBeInTheDocument();
    expect(candidatesErase).not.toHaveBeenCalled();

    vi.mocked(candidatesErase).mockRejectedValue(new IpcError("rule", "Cette personne a déjà été effacée le 03/12/2026."));
    await user.click(screen.getByTestId("candidate-erase"));
    await user.click(await screen.findByTestId("erase-understood"));
    await user.click(screen.getByTestId("erase-confirm"));
    expect(await screen.findByTestId("erase-error")).toHaveTextContent("déjà été effacée");
    expect(onerased).not.toHaveBeenCalled();
  });
});
