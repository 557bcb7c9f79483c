import { beforeEach, describe, expect, it, vi } from "vitest";

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke: invokeMock }));

import { IpcError, UNEXPECTED_ERROR_MESSAGE, candidatesCreate, candidatesGet, candidatesList, appStart } from "./ipc";
import type { CandidateInput } from "./bindings/CandidateInput";

const input: CandidateInput = {
  lastName: "Martin",
  firstName: "Léa",
  birthDate: "",
  email: "pas-un-email",
  phone: "",
  postcode: "",
  commune: "",
  consentDate: "2026-01-10",
  consentChannel: "oral",
  consentExpiry: "2027-01-10",
  targetJob: "Aide-soignante",
};

describe("ipc", () => {
  beforeEach(() => invokeMock.mockReset());

  it("calls the command with its arguments and returns the result", async () => {
    invokeMock.mockResolvedValue({ items: [], total: 0 });
    const page = await candidatesList({ search: "léa", offset: 50, limit: 50 });
    expect(page).toEqual({ items: [], total: 0 });
    expect(invokeMock).toHaveBeenCalledWith("candidates_list", { query: { search: "léa", offset: 50, limit: 50 } });
  });

  it("passes ids and choices as named arguments", async () => {
    invokeMock.mockResolvedValue({});
    await candidatesGet(12);
    expect(invokeMock).toHaveBeenCalledWith("candidates_get", { id: 12 });
    await appStart("demo");
    expect(invokeMock).toHaveBeenLastCalledWith("app_start", { choice: "demo" });
  });

  it("turns an AppError rejection into an IpcError with kind and fields", async () => {
    invokeMock.mockRejectedValueOnce({
      kind: "validation",
      message: "Le formulaire contient des erreurs.",
      fields: [{ field: "email", message: "Adresse e-mail invalide." }],
    });
    const error = await candidatesCreate(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toBeInstanceOf(Error);
    const ipcError = error as IpcError;
    expect(ipcError.kind).toBe("validation");
    expect(ipcError.message).toBe("Le formulaire contient des erreurs.");
    expect(ipcError.fields).toEqual([{ field: "email", message: "Adresse e-mail invalide." }]);
    expect(invokeMock).toHaveBeenCalledWith("candidates_create", { input });
  });

  it("turns any other rejection into an internal IpcError with a French message", async () => {
    for (const reason of ["command candidates_create not found", new Error("boom"), null, { kind: "weird", message: "x", fields: [] }]) {
      invokeMock.mockRejectedValueOnce(reason);
      const error = await candidatesCreate(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IpcError);
      expect((error as IpcError).kind).toBe("internal");
      expect((error as IpcError).message).toBe(UNEXPECTED_ERROR_MESSAGE);
      expect((error as IpcError).fields).toEqual([]);
    }
  });
});
