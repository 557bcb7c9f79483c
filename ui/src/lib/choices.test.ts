import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./ipc")>()),
  referentialsChoices: vi.fn(),
}));

import { hiringAidsFor, labelOf, loadChoices, resetChoices } from "./choices";
import { IpcError, referentialsChoices } from "./ipc";
import { choices } from "./test-utils";
import type { Eligibility } from "./bindings/Eligibility";

const none: Eligibility = { rqth: false, rsa: false, under26: false, over50: false, qpv: false, longTermUnemployed: false };

describe("choices", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetChoices();
  });

  it("asks the core once and shares the lists", async () => {
    vi.mocked(referentialsChoices).mockResolvedValue(choices());
    const [a, b] = await Promise.all([loadChoices(), loadChoices()]);
    expect(await loadChoices()).toBe(a);
    expect(b).toBe(a);
    expect(referentialsChoices).toHaveBeenCalledTimes(1);
  });

  it("asks again after a failed load", async () => {
    vi.mocked(referentialsChoices)
      .mockRejectedValueOnce(new IpcError("database", "Base verrouillée."))
      .mockResolvedValueOnce(choices());
    await expect(loadChoices()).rejects.toThrow("Base verrouillée.");
    expect((await loadChoices()).publics).toHaveLength(6);
    expect(referentialsChoices).toHaveBeenCalledTimes(2);
  });

  it("labels a code, or shows the code it does not know", () => {
    expect(labelOf(choices().contractTypes, "cdi")).toBe("CDI");
    expect(labelOf(choices().contractTypes, "zzz")).toBe("zzz");
  });

  it("finds the hiring aids as the core does: for everyone, or for a ticked public", () => {
    const all = choices();
    all.hiringAids.push({ code: "pec", name: "Parcours emploi compétences (PEC)", description: "PEC.", publics: ["RQTH", "Résident QPV"] });
    const codes = (e: Partial<Eligibility>) => hiringAidsFor(all, { ...none, ...e }).map((a) => a.code);
    expect(codes({})).toEqual(["pmsmp"]);
    expect(codes({ rqth: true })).toEqual(["agefiph_embauche", "pmsmp", "pec"]);
    expect(codes({ qpv: true })).toEqual(["pmsmp", "pec"]);
    expect(codes({ rsa: true, over50: true })).toEqual(["pmsmp"]);
    expect(hiringAidsFor(all, { ...none, rqth: true })[0]).toEqual({
      code: "agefiph_embauche",
      name: "Aides de l'Agefiph",
      description: "Aides de l'Agefiph.",
    });
  });
});
