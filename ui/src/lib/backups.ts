// What the window says of the backups: the last good one, a failure since, the facts of a
// backup file. Shared by the header's indicator, Paramètres → Sauvegardes and the restore
// dialog.
import type { BackupFacts } from "./bindings/BackupFacts";
import type { BackupSettings } from "./bindings/BackupSettings";
import { countLabel, formatMoment } from "./format";

/** The event the window sends when a backup was made or the settings changed. */
export const BACKUPS_CHANGED = "profilence:backups-changed";

export function announceBackupsChanged(): void {
  window.dispatchEvent(new Event(BACKUPS_CHANGED));
}

/** « Dernière sauvegarde : 06/12/2026 à 10:15 » or « Aucune sauvegarde ». */
export function lastBackupLabel(settings: BackupSettings): string {
  return settings.lastSuccessAt ? `Dernière sauvegarde : ${formatMoment(settings.lastSuccessAt)}` : "Aucune sauvegarde";
}

/** The failure to show: one more recent than the last good backup. */
export function currentFailure(settings: BackupSettings): { at: string; reason: string } | null {
  const { lastFailureAt, lastSuccessAt, lastFailureReason } = settings;
  if (!lastFailureAt) return null;
  if (lastSuccessAt && new Date(lastSuccessAt).getTime() >= new Date(lastFailureAt).getTime()) return null;
  return { at: formatMoment(lastFailureAt), reason: lastFailureReason ?? "" };
}

/** « 60 candidats, 25 entreprises, 80 promotions ». */
export function countsLabel(facts: BackupFacts): string {
  const c = facts.counts;
  return [
    countLabel(c.candidates, "candidat", "candidats"),
    countLabel(c.companies, "entreprise", "entreprises"),
    countLabel(c.promotions, "promotion", "promotions"),
  ].join(", ");
}

/** « code K7QF du 05/12/2026 », « phrase de passe K7QF du 05/12/2026 ». */
export function codeLabel(code: BackupFacts["recoveryCode"]): string {
  const [y, m, d] = code.made.split("-");
  return `${code.kind === "code" ? "code" : "phrase de passe"} ${code.id} du ${d}/${m}/${y}`;
}
