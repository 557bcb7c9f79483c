// The promotions' "no answer" pass when the app runs it on its own thread (a long one: a
// large history, months away): the header shows its progress, and the views that read
// the promotions' statuses (Relances, Promotions, the dashboard) read again once it ends.
import type { NoAnswerPass } from "./bindings/NoAnswerPass";
import { countLabel, formatNumber } from "./format";

/** The event the window sends when a long pass has ended. */
export const PROMOTIONS_SETTLED = "profilence:promotions-settled";

export function announceSettled(): void {
  window.dispatchEvent(new Event(PROMOTIONS_SETTLED));
}

/** Runs `reload` whenever a long pass ends; returns what stops listening (for `onMount`). */
export function onSettled(reload: () => void): () => void {
  window.addEventListener(PROMOTIONS_SETTLED, reload);
  return () => window.removeEventListener(PROMOTIONS_SETTLED, reload);
}

/** « 20 000 sur 203 160 » while a pass runs. */
export function passProgressLabel(pass: NoAnswerPass): string | null {
  if (!pass.running) return null;
  return `${formatNumber(pass.running.marked)} sur ${formatNumber(pass.running.due)}`;
}

/** What the last long pass did, in words. */
export function passDoneLabel(pass: NoAnswerPass): string {
  return `${countLabel(pass.lastMarked, "promotion marquée", "promotions marquées")} « sans réponse » : Relances, Promotions et tableau de bord sont à jour.`;
}
