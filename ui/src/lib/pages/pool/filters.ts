// The Vivier's filters: what the panel holds, its empty state, and how it reads as a query.
import type { CodeLabel } from "../../bindings/CodeLabel";
import type { Commune } from "../../bindings/Commune";
import type { ConsentFilter } from "../../bindings/ConsentFilter";
import type { JobTitleOption } from "../../bindings/JobTitleOption";
import type { Public } from "../../bindings/Public";
import type { Unpromoted } from "../../bindings/Unpromoted";

export interface PoolFilters {
  /** A ROME domain: `D` or `D11`. */
  domain: string;
  /** The job title chosen: the filter is its ROME job sheet (`D1102`). */
  job: JobTitleOption | null;
  /** The commune to measure distances from (one with coordinates). */
  near: Commune | null;
  radiusKm: number;
  availableBy: string;
  consent: ConsentFilter | "";
  publics: Public[];
  counsellor: string;
  /** « jamais promu » or « pas promu depuis N jours » (N as text), or everyone. */
  unpromoted: "" | "never" | `${number}`;
}

/** The days offered by the « Promotion » filter. */
export const UNPROMOTED_DAYS = [30, 60, 90, 180];

const DEFAULT_RADIUS_KM = 20;

export function noFilters(): PoolFilters {
  return {
    domain: "",
    job: null,
    near: null,
    radiusKm: DEFAULT_RADIUS_KM,
    availableBy: "",
    consent: "",
    publics: [],
    counsellor: "",
    unpromoted: "",
  };
}

/** How many filters narrow the list. */
export function activeCount(filters: PoolFilters): number {
  return [
    filters.domain !== "",
    filters.job !== null,
    filters.near !== null,
    filters.availableBy !== "",
    filters.consent !== "",
    filters.publics.length > 0,
    filters.counsellor !== "",
    filters.unpromoted !== "",
  ].filter(Boolean).length;
}

export function unpromotedOf(choice: PoolFilters["unpromoted"]): Unpromoted | null {
  if (choice === "") return null;
  return choice === "never" ? "never" : { days: Number(choice) };
}

/** The domains the filter offers: the big ones and their subdomains (`D`, `D11`). */
export function offeredDomains(all: CodeLabel[]): CodeLabel[] {
  return all.filter((d) => d.code.length === 1 || d.code.length === 3);
}
