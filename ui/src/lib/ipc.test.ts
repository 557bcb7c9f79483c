import { beforeEach, describe, expect, it, vi } from "vitest";

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke: invokeMock }));

import {
  IpcError,
  UNEXPECTED_ERROR_MESSAGE,
  appStart,
  candidatesCreate,
  candidatesGet,
  candidatesHiringAids,
  candidatesList,
  isAppError,
  referentialsJobSkills,
  statsFigurePromotions,
  toIpcError,
} from "./ipc";
import type { CandidateInput } from "./bindings/CandidateInput";
import type { CandidateQuery } from "./bindings/CandidateQuery";
import type { ConfirmationNeeded } from "./bindings/ConfirmationNeeded";
import type { FigureQuery } from "./bindings/FigureQuery";
import type { PromotionQuery } from "./bindings/PromotionQuery";

const input: CandidateInput = {
  lastName: "Martin",
  firstName: "Léa",
  birthDate: "",
  email: "pas-un-email",
  phone: "",
  franceTravailId: "",
  postcode: "",
  commune: "",
  communeCode: "",
  consentDate: "2026-01-10",
  consentChannel: "oral",
  consentExpiry: "2027-01-10",
  targetJobs: [{ code: 11573, label: "Boulanger / Boulangère", romeCode: "D1102" }],
  skills: [],
  experience: "",
  qualifications: "",
  drivingLicences: [],
  languages: [],
  availableFrom: "",
  wantedContracts: [],
  workingTime: null,
  mobilityRadiusKm: "",
  mobilityMeans: [],
  workConstraints: [],
  sectorsAvoided: [],
  sectorsPreferred: [],
  constraints: [],
  eligibility: { rqth: false, rsa: false, qpv: false, longTermUnemployed: false },
  pitch: "",
  counsellor: "",
  version: null,
};

const query: CandidateQuery = {
  search: "léa",
  romeCode: null,
  domain: "D11",
  near: { lat: 47.99, lng: -4.1, radiusKm: 20 },
  availableBy: null,
  consent: "valid",
  publics: ["rqth"],
  counsellor: null,
  unpromoted: null,
  waiting: false,
  sort: "name",
  descending: false,
  paging: { offset: 50, limit: 50 },
};

describe("ipc", () => {
  beforeEach(() => invokeMock.mockReset());

  it("calls the command with its arguments and returns the result", async () => {
    invokeMock.mockResolvedValue({ items: [], total: 0 });
    const page = await candidatesList(query);
    expect(page).toEqual({ items: [], total: 0 });
    expect(invokeMock).toHaveBeenCalledWith("candidates_list", { query });
  });

  it("passes ids and choices as named arguments", async () => {
    invokeMock.mockResolvedValue({});
    await candidatesGet(12);
    expect(invokeMock).toHaveBeenCalledWith("candidates_get", { id: 12 });
    await appStart("demo");
    expect(invokeMock).toHaveBeenLastCalledWith("app_start", { choice: "demo" });
    await referentialsJobSkills(["D1102", "D1505"]);
    expect(invokeMock).toHaveBeenLastCalledWith("referentials_job_skills", { romeCodes: ["D1102", "D1505"] });
  });

  it("asks the core for the hiring aids and for the promotions behind a figure", async () => {
    invokeMock.mockResolvedValue([]);
    await candidatesHiringAids(input.eligibility, "1980-05-17");
    expect(invokeMock).toHaveBeenLastCalledWith("candidates_hiring_aids", {
      eligibility: input.eligibility,
      birthDate: "1980-05-17",
    });
    const figure: FigureQuery = {
      query: { period: { kind: "month", on: "2026-11-15" }, counsellor: null, agency: null, domain: null, publics: [], channel: null, department: null, commune: null, territoryOf: "candidate" },
      figure: "hires",
      companyId: null,
      reason: null,
      asOf: "2026-12-10T08:00:00Z",
    };
    const promotions: PromotionQuery = { search: "", statuses: [], candidateId: null, companyId: null, paging: { offset: 0, limit: 50 } };
    invokeMock.mockResolvedValue({ items: [], total: 0 });
    await statsFigurePromotions(figure, promotions);
    expect(invokeMock).toHaveBeenLastCalledWith("stats_figure_promotions", { figure, query: promotions });
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
    expect(ipcError.duplicates).toEqual([]);
    expect(invokeMock).toHaveBeenCalledWith("candidates_create", { input, allowDuplicate: false });
  });

  it("keeps the matches of a duplicate refusal, and can be told to create anyway", async () => {
    invokeMock.mockRejectedValueOnce({
      kind: "duplicate",
      message: "Ce candidat semble déjà exister.",
      duplicates: [{ id: 7, name: "Léa Martin", reason: "même adresse e-mail" }],
    });
    const error = (await candidatesCreate(input).catch((e: unknown) => e)) as IpcError;
    expect(error.kind).toBe("duplicate");
    expect(error.duplicates).toEqual([{ id: 7, name: "Léa Martin", reason: "même adresse e-mail" }]);

    invokeMock.mockResolvedValueOnce({ id: 12 });
    await candidatesCreate(input, true);
    expect(invokeMock).toHaveBeenLastCalledWith("candidates_create", { input, allowDuplicate: true });
  });

  it("does not take malformed duplicates for an AppError", () => {
    const base = { kind: "duplicate", message: "x" };
    expect(isAppError({ ...base, duplicates: [{ id: 7, name: "Léa Martin", reason: "e-mail" }] })).toBe(true);
    expect(isAppError({ ...base, duplicates: [{ id: "7", name: "Léa Martin", reason: "e-mail" }] })).toBe(false);
    expect(isAppError({ ...base, duplicates: "Léa Martin" })).toBe(false);
  });

  it("keeps the confirmations of a confirmation refusal, and only what each kind carries", () => {
    const needed: ConfirmationNeeded = { kind: "contactLimit", candidateId: null, companyId: 3, message: "Limite atteinte." };
    const error = toIpcError({ kind: "confirmation", message: "À confirmer.", confirmations: [needed] });
    expect(error.kind).toBe("confirmation");
    expect(error.confirmations).toEqual([needed]);
    expect(error.fields).toEqual([]);
    expect(error.duplicates).toEqual([]);

    const rule = toIpcError({ kind: "rule", message: "Consentement expiré." });
    expect(rule.kind).toBe("rule");
    expect(rule.message).toBe("Consentement expiré.");
    expect(rule.fields).toEqual([]);
    expect(rule.confirmations).toEqual([]);
  });

  it("does not take an error without what its kind carries for an AppError", () => {
    expect(isAppError({ kind: "validation", message: "x" })).toBe(false);
    expect(isAppError({ kind: "validation", message: "x", fields: [{ field: "email" }] })).toBe(false);
    expect(isAppError({ kind: "duplicate", message: "x" })).toBe(false);
    expect(isAppError({ kind: "confirmation", message: "x", confirmations: [{ kind: "repeat" }] })).toBe(false);
    expect(isAppError({ kind: "notFound", message: "x" })).toBe(true);
    expect(isAppError({ kind: "toString", message: "x" })).toBe(false);
    expect(isAppError({ kind: "rule" })).toBe(false);
  });

  it("turns any other rejection into an internal IpcError with a French message", async () => {
    for (const reason of ["command candidates_create not found", new Error("boom"), null, { kind: "weird", message: "x" }]) {
      invokeMock.mockRejectedValueOnce(reason);
      const error = await candidatesCreate(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IpcError);
      expect((error as IpcError).kind).toBe("internal");
      expect((error as IpcError).message).toBe(UNEXPECTED_ERROR_MESSAGE);
      expect((error as IpcError).fields).toEqual([]);
    }
  });
});
