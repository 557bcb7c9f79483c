import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  checkinsTrialPeriods: vi.fn(),
  checkinsTrialPeriodsUpdate: vi.fn(),
  referentialsChoices: vi.fn(),
}));

import TrialPeriodsPanel from "./TrialPeriodsPanel.svelte";
import { checkinsTrialPeriods, checkinsTrialPeriodsUpdate, IpcError, referentialsChoices } from "../ipc";
import type { TrialPeriod } from "../bindings/TrialPeriod";
import { resetChoices } from "../choices";
import { choices } from "../test-utils";

const PERIODS: TrialPeriod[] = [
  { contractType: "cdi", amount: 2, unit: "months" },
  { contractType: "cdd", amount: 14, unit: "days" },
];

describe("TrialPeriodsPanel", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    resetChoices();
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    vi.mocked(checkinsTrialPeriods).mockResolvedValue(PERIODS);
  });

  it("saves the periods as typed, each contract with its unit", async () => {
    const user = userEvent.setup();
    vi.mocked(checkinsTrialPeriodsUpdate).mockImplementation((periods) => Promise.resolve(periods));
    render(TrialPeriodsPanel);
    const cdi = await screen.findByTestId("trial-amount-cdi");
    expect(cdi).toHaveValue(2);
    expect(await screen.findByLabelText("CDI")).toBe(cdi);
    await user.clear(cdi);
    await user.type(cdi, "4");
    await user.click(screen.getByTestId("settings-trials-save"));
    expect(checkinsTrialPeriodsUpdate).toHaveBeenCalledWith([
      { contractType: "cdi", amount: 4, unit: "months" },
      { contractType: "cdd", amount: 14, unit: "days" },
    ]);
    expect(await screen.findByTestId("settings-trials-saved")).toHaveTextContent("Périodes d'essai enregistrées");
  });

  it("says which duration is wrong, typed or refused by the core", async () => {
    const user = userEvent.setup();
    vi.mocked(checkinsTrialPeriodsUpdate).mockRejectedValue(
      new IpcError("validation", "Le formulaire contient des erreurs.", [
        { field: "periods.1.amount", message: "CDD : la durée doit être comprise entre 1 et 365." },
      ]),
    );
    render(TrialPeriodsPanel);
    const cdd = await screen.findByTestId("trial-amount-cdd");
    await user.clear(cdd);
    await user.click(screen.getByTestId("settings-trials-save"));
    expect(checkinsTrialPeriodsUpdate).not.toHaveBeenCalled();
    expect(await screen.findByTestId("settings-trials-error")).toHaveTextContent("une durée n'est pas un nombre entier");
    expect(screen.getByText("Indiquez un nombre entier.")).toBeInTheDocument();

    await user.type(cdd, "400");
    await user.click(screen.getByTestId("settings-trials-save"));
    expect(await screen.findByText("CDD : la durée doit être comprise entre 1 et 365.")).toBeInTheDocument();
  });
});
