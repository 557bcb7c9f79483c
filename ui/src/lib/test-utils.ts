// Builders shared by the UI tests.
import type { Candidate } from "./bindings/Candidate";
import type { CandidateSummary } from "./bindings/CandidateSummary";
import type { Company } from "./bindings/Company";
import { IpcError } from "./ipc";

export function candidateSummary(n: number, overrides: Partial<CandidateSummary> = {}): CandidateSummary {
  return {
    id: n,
    lastName: `Nom${n}`,
    firstName: `Prénom${n}`,
    commune: "Lyon",
    targetJob: "Cariste",
    consentExpiry: "2027-03-12",
    consentValid: true,
    ...overrides,
  };
}

export function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: 7,
    lastName: "Martin",
    firstName: "Léa",
    birthDate: null,
    email: "lea.martin@example.fr",
    phone: null,
    postcode: "69003",
    commune: "Lyon",
    consent: { date: "2026-03-12", channel: "written", expiry: "2027-03-12" },
    targetJob: "Aide-soignante",
    createdAt: "2026-03-12T10:00:00Z",
    updatedAt: "2026-03-12T10:00:00Z",
    ...overrides,
  };
}

export function company(n: number, overrides: Partial<Company> = {}): Company {
  return {
    id: n,
    name: `Entreprise ${n}`,
    siret: "12345678900012",
    siren: "123456789",
    postcode: "69007",
    commune: "Lyon",
    contactName: "Paul Durand",
    contactEmail: "paul.durand@example.fr",
    contactPhone: null,
    createdAt: "2026-03-12T10:00:00Z",
    updatedAt: "2026-03-12T10:00:00Z",
    ...overrides,
  };
}

export function validationError(field: string, message: string): IpcError {
  return new IpcError("validation", "Le formulaire contient des erreurs.", [{ field, message }]);
}
