import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./ipc")>()),
  referentialsChoices: vi.fn(),
}));

import { labelOf, loadChoices, resetChoices } from "./choices";
import { IpcError, referentialsChoices } from "./ipc";
import { choices } from "./test-utils";

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
});
