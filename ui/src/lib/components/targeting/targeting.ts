// How « Cibler » words what the core ranked: the factors' names and signed points, a
// score, a distance, the rates of the replay, and the options handed to « Promouvoir »
// once ticked. The ranks, factors and texts themselves are the core's.
import type { CompanyTarget } from "../../bindings/CompanyTarget";
import type { Factor } from "../../bindings/Factor";
import type { FactorKind } from "../../bindings/FactorKind";
import type { PersonTarget } from "../../bindings/PersonTarget";
import { formatNumber } from "../../format";
import type { PromoteOption } from "../promote/promote-state.svelte";

/** What each kind of factor is about, as the « Pourquoi ? » list names it. */
export const FACTOR_LABELS: Record<FactorKind, string> = {
  sector: "Secteur",
  distance: "Distance",
  size: "Taille",
  history: "Historique",
  potential: "Potentiel",
  aids: "Aides",
  contact: "Sollicitations",
  neighbour: "Métier proche",
  preference: "Secteur souhaité",
};

const KM = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const DECIMAL = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `40` → `+40`, `-5` → `−5` (the typographic minus), `0` → `0`. */
export function signedPoints(points: number): string {
  if (points > 0) return `+${formatNumber(points)}`;
  if (points < 0) return `−${formatNumber(-points)}`;
  return "0";
}

/** `+40 Secteur — Boulangerie… : 78 % des embauches pour Boulanger / Boulangère`. */
export function factorLine(factor: Factor): string {
  return `${signedPoints(factor.points)} ${FACTOR_LABELS[factor.kind]} — ${factor.text}`;
}

/** `71 pts`, `1 pt`, `0 pt`. */
export function scoreLabel(score: number): string {
  return `${formatNumber(score)} ${Math.abs(score) > 1 ? "pts" : "pt"}`;
}

/** `3,5 km`; "" when the distance is unknown (a commune without coordinates). */
export function kmLabel(km: number | null): string {
  return km === null ? "" : `${KM.format(km)}\u00a0km`;
}

/** A share from 0 to 1 as French writes it: `0.4` → `40 %`, `0.125` → `12,5 %`. */
export function percentLabel(rate: number): string {
  return `${PERCENT.format(rate * 100)}\u00a0%`;
}

/** A figure with two decimals: `0.4567` → `0,46`. */
export function decimalLabel(n: number): string {
  return DECIMAL.format(n);
}

/** How often a person was promoted, anywhere: `jamais promu·e`, `promu·e 2 fois`. */
export function promotedLabel(n: number): string {
  return n === 0 ? "jamais promu·e" : `promu·e ${formatNumber(n)} fois`;
}

/** A target's place and distance: `Lyon · 3,5 km`. */
export function whereLabel(commune: string | null, km: number | null): string {
  return [commune ?? "", kmLabel(km)].filter((part) => part !== "").join(" · ");
}

/** The job a row is weighed for: `Pâtissier / Pâtissière (métier proche de Boulanger / Boulangère)`. */
export function jobLabel(job: string, neighbourOf: string | null | undefined): string {
  return neighbourOf ? `${job} (métier proche de ${neighbourOf})` : job;
}

/** A row's details: its place and distance, the job it is weighed for, and what else is given. */
export function detailsOf(
  row: { commune: string | null; distanceKm: number | null; job: string; neighbourOf?: string | null },
  ...more: string[]
): string[] {
  return [whereLabel(row.commune, row.distanceKm), jobLabel(row.job, row.neighbourOf), ...more].filter((d) => d !== "");
}

/** A company ticked in « Cibler », as the promote panel's picker would have offered it. */
export function companyOption(target: CompanyTarget): PromoteOption {
  const details = [target.commune ?? "", kmLabel(target.distanceKm), target.nafLabel ?? ""];
  return { id: target.companyId, name: target.name, details: details.filter((d) => d !== ""), expired: false };
}

/**
 * A person ticked in « Candidats à proposer »: the core offers only people whose consent
 * is valid, so none is marked expired (the core still checks when promoting).
 */
export function personOption(person: PersonTarget): PromoteOption {
  const details = [person.job, person.commune ?? ""];
  return { id: person.candidateId, name: person.name, details: details.filter((d) => d !== ""), expired: false };
}

/** The core's words at the start of a sentence: `rayon de 20 km` → `Rayon de 20 km`. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
