// Display helpers: French formats for dates, SIRET and counts.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2027-03-12` → `12/03/2027`; anything else is returned unchanged. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A stored moment (RFC 3339, UTC) as the local day: `2026-11-22T09:30:00Z` → `22/11/2026`. */
export function formatMomentDate(moment: string | null | undefined): string {
  if (!moment) return "";
  const d = new Date(moment);
  return Number.isNaN(d.getTime()) ? moment : `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** A stored moment as local day and time: `22/11/2026 à 10:30`. */
export function formatMoment(moment: string | null | undefined): string {
  if (!moment) return "";
  const d = new Date(moment);
  return Number.isNaN(d.getTime()) ? moment : `${formatMomentDate(moment)} à ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What stands for the date of an event the source gave none (an imported status). */
export const UNDATED = "Date non indiquée";

/** Today's local date as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether `text` is a complete date as the date fields hold it (`YYYY-MM-DD`). */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text);
}

/**
 * The same day `months` months later, or the last day of that month when it is shorter
 * (`2028-02-29` + 12 → `2029-02-28`). Returns "" when the input is not a complete date.
 */
export function addMonths(iso: string, months: number): string {
  const m = ISO_DATE.exec(iso);
  if (!m) return "";
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = new Date(year, month, 0).getDate();
  const day = Math.min(Number(m[3]), lastDay);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A span of months as French says it: `un an`, `2 ans`, `18 mois`, `1 mois`. */
export function monthsLabel(months: number): string {
  if (months > 0 && months % 12 === 0) return months === 12 ? "un an" : `${formatNumber(months / 12)} ans`;
  return `${formatNumber(months)} mois`;
}

/** `12345678900012` → `123 456 789 00012` (SIREN by threes, then the NIC). */
export function formatSiret(siret: string): string {
  const digits = siret.replace(/\s+/g, "");
  if (!/^\d{14}$/.test(digits)) return siret;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`;
}

const NUMBER = new Intl.NumberFormat("fr-FR");

/** `13120` → `13 120` (French digit grouping). */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** `60 candidats`, `1 candidat`, `0 candidat` (French: zero takes the singular), `13 120 appellations`. */
export function countLabel(n: number, singular: string, plural: string): string {
  return `${formatNumber(n)} ${n > 1 ? plural : singular}`;
}
