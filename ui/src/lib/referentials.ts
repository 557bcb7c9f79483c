// How Paramètres → Référentiels names and counts the loaded referentials.
import type { ImportSummary } from "./bindings/ImportSummary";
import type { ReferentialVersion } from "./bindings/ReferentialVersion";
import { countLabel, formatNumber } from "./format";

interface KindInfo {
  label: string;
  singular: string;
  plural: string;
}

const KINDS: Record<string, KindInfo> = {
  rome: { label: "ROME 4.0", singular: "appellation", plural: "appellations" },
  communes: { label: "Communes", singular: "commune", plural: "communes" },
  naf: { label: "NAF rév. 2", singular: "code NAF", plural: "codes NAF" },
  hiring: { label: "Embauches par secteur", singular: "métier", plural: "métiers" },
};

const DATE_TIME = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short" });

/** `rome` → `ROME 4.0`; an unknown kind is shown as it is. */
export function kindLabel(kind: string): string {
  return KINDS[kind]?.label ?? kind;
}

/** `13 120 appellations`, `34 976 communes`, `1 code NAF`. */
export function itemsLabel(version: ReferentialVersion): string {
  const info = KINDS[version.kind] ?? { singular: "élément", plural: "éléments" };
  return countLabel(version.items, info.singular, info.plural);
}

/** An RFC 3339 instant as a local French date and time, e.g. `12/03/2026 11:00`. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

/** The lines of the notice shown after an import. */
export function importSummaryLines(summary: ImportSummary): string[] {
  const lines = summary.loaded.map((v) => `${kindLabel(v.kind)} : ${v.title} (${itemsLabel(v)})`);
  const n = summary.relabelledCandidates;
  if (n > 0) {
    lines.push(n > 1 ? `${formatNumber(n)} candidats ont pris les nouveaux libellés.` : "1 candidat a pris les nouveaux libellés.");
  }
  return lines;
}
