// Builders of the company and referential tests (kept apart from `test-utils.ts`).
import type { CodeLabel } from "./bindings/CodeLabel";
import type { Commune } from "./bindings/Commune";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { ReferentialVersion } from "./bindings/ReferentialVersion";
import type { ReferentialsStatus } from "./bindings/ReferentialsStatus";

export function referentialVersion(kind: "rome" | "communes" | "naf", overrides: Partial<ReferentialVersion> = {}): ReferentialVersion {
  const base: Record<typeof kind, ReferentialVersion> = {
    rome: {
      kind: "rome",
      version: "460",
      title: "ROME 4.0 version 60 - 25M09",
      published: "2025-09-18",
      items: 13120,
      importedAt: "2026-03-12T10:00:00Z",
      reimport: null,
    },
    communes: {
      kind: "communes",
      version: "34976/39201",
      title: "Communes de France (COG INSEE) : 34976 communes, 39201 codes postaux",
      published: null,
      items: 34976,
      importedAt: "2026-03-12T10:00:00Z",
      reimport: null,
    },
    naf: {
      kind: "naf",
      version: "732/1000",
      title: "Nomenclature d'activités française (NAF rév. 2)",
      published: null,
      items: 732,
      importedAt: "2026-03-12T10:00:00Z",
      reimport: null,
    },
  };
  return { ...base[kind], ...overrides };
}

export function referentialsStatus(versions: ReferentialVersion[], suggestedFolder: string | null = null): ReferentialsStatus {
  return { versions, suggestedFolder };
}

export function importSummary(loaded: ReferentialVersion[], relabelledCandidates = 0): ImportSummary {
  return { loaded, relabelledCandidates };
}

export function commune(overrides: Partial<Commune> = {}): Commune {
  return {
    inseeCode: "29232",
    postcode: "29000",
    name: "Quimper",
    department: "29",
    population: 63000,
    lat: 47.996,
    lng: -4.102,
    ...overrides,
  };
}

export const BOULANGERIE: CodeLabel = { code: "10.71C", label: "Boulangerie et boulangerie-pâtisserie" };
