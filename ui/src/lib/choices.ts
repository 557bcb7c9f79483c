// The fixed lists of the forms (contract types, publics, hiring aids…): asked of the core
// once, then shared by every form and filter.
import type { Choice } from "./bindings/Choice";
import type { Choices } from "./bindings/Choices";
import type { Eligibility } from "./bindings/Eligibility";
import type { HiringAid } from "./bindings/HiringAid";
import { referentialsChoices } from "./ipc";

let cached: Promise<Choices> | null = null;

/** The lists, loaded on first use; a failed load is asked again next time. */
export function loadChoices(): Promise<Choices> {
  if (cached === null) {
    const loading = referentialsChoices();
    cached = loading;
    loading.catch(() => {
      if (cached === loading) cached = null;
    });
  }
  return cached;
}

/** Forgets the loaded lists (for tests). */
export function resetChoices(): void {
  cached = null;
}

/** The label of `code` in `list`, or the code itself when the list does not know it. */
export function labelOf(list: readonly Choice[], code: string): string {
  return list.find((c) => c.code === code)?.label ?? code;
}

/**
 * The aids an employer could obtain for someone with these flags, in the core's order:
 * the same rule as the core's `aids_for` (an aid for everyone, or for one of the
 * ticked publics, named by label in `choices.hiringAids`).
 */
export function hiringAidsFor(choices: Choices, eligibility: Eligibility): HiringAid[] {
  const ticked = new Set(
    choices.publics.filter((p) => eligibility[p.code as keyof Eligibility] === true).map((p) => p.label),
  );
  return choices.hiringAids
    .filter((aid) => aid.publics.length === 0 || aid.publics.some((label) => ticked.has(label)))
    .map(({ code, name, description }) => ({ code, name, description }));
}
