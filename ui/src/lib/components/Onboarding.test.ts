import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  appStart: vi.fn(),
  backupCodeGenerate: vi.fn(),
  backupCodeKeep: vi.fn(),
}));

import Onboarding from "./Onboarding.svelte";
import { appStart, backupCodeGenerate, backupCodeKeep, IpcError } from "../ipc";

describe("Onboarding", () => {
  beforeEach(() => vi.clearAllMocks());

  it("loads the demo data and shows a loading state meanwhile", async () => {
    const user = userEvent.setup();
    let finish: (value: { candidates: number; companies: number; promotions: number }) => void = () => {};
    vi.mocked(appStart).mockReturnValue(new Promise((resolve) => (finish = resolve)));
    const onstarted = vi.fn();
    render(Onboarding, { onstarted, onrestored: vi.fn() });

    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Bienvenue dans Profilence");
    await user.click(screen.getByTestId("onboarding-demo"));
    expect(appStart).toHaveBeenCalledWith("demo");
    expect(screen.getByTestId("onboarding-loading")).toHaveTextContent("Chargement des données de démonstration");
    expect(screen.getByTestId("onboarding-demo")).toBeDisabled();

    finish({ candidates: 60, companies: 20, promotions: 80 });
    // Then the recovery code: made, noted, kept; only then the pages.
    vi.mocked(backupCodeGenerate).mockResolvedValue({
      shown: "X1AW-78PH-GTB7-GNFH-HEAM-K9QZ-PXKK",
      identity: { id: "K7QF", made: "2026-12-06", kind: "code" },
    });
    vi.mocked(backupCodeKeep).mockResolvedValue({ id: "K7QF", made: "2026-12-06", kind: "code" });
    await user.click(await screen.findByTestId("recovery-generate"));
    expect(await screen.findByTestId("recovery-code")).toHaveTextContent("X1AW-78PH-GTB7-GNFH-HEAM-K9QZ-PXKK");
    expect(screen.getByTestId("recovery-keep")).toBeDisabled();
    expect(onstarted).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("recovery-noted"));
    await user.click(screen.getByTestId("recovery-keep"));
    await waitFor(() => expect(onstarted).toHaveBeenCalledWith("demo", { candidates: 60, companies: 20, promotions: 80 }));
    expect(backupCodeKeep).toHaveBeenCalledTimes(1);
  });

  it("shows a start error in the panel and lets the counsellor choose an empty base", async () => {
    const user = userEvent.setup();
    vi.mocked(appStart)
      .mockRejectedValueOnce(new IpcError("referenceData", "Les données de démonstration sont illisibles."))
      .mockResolvedValueOnce(null);
    const onstarted = vi.fn();
    render(Onboarding, { onstarted, onrestored: vi.fn() });

    await user.click(screen.getByTestId("onboarding-demo"));
    const alert = await screen.findByTestId("onboarding-error");
    expect(alert).toHaveTextContent("Les données de démonstration sont illisibles.");
    expect(alert).toHaveTextContent("base vide");
    expect(screen.getByTestId("onboarding")).toContainElement(alert);
    expect(onstarted).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("onboarding-empty"));
    expect(appStart).toHaveBeenLastCalledWith("empty");
    await user.click(await screen.findByTestId("onboarding-code-later"));
    await waitFor(() => expect(onstarted).toHaveBeenCalledWith("empty", null));
  });
});
