// The fixed lists of the forms (contract types, publics…) and the core's limits and
// defaults: asked of the core once, then shared by every form and filter.
import type { Choice } from "./bindings/Choice";
import type { Choices } from "./bindings/Choices";
import type { ConsentChannel } from "./bindings/ConsentChannel";
import { referentialsChoices } from "./ipc";

/** How a consent was collected, in the order the forms offer them. */
export const CONSENT_CHANNELS: { value: ConsentChannel; label: string }[] = [
  { value: "oral", label: "Oral" },
  { value: "written", label: "Écrit" },
  { value: "online", label: "En ligne" },
];

let cached: Promise<Choices> | null = null;

/** The lists and limits, loaded on first use; a failed load is asked again next time. */
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
