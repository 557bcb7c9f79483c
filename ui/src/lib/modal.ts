// Keyboard rules of the app's modal dialogs: Escape closes, Tab stays inside.

const FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]";

/** Handles a keydown in `dialog`; `close` is null while the dialog must stay open (saving). */
export function modalKeydown(event: KeyboardEvent, dialog: HTMLElement | undefined, close: (() => void) | null): void {
  if (event.key === "Escape" && close) {
    event.preventDefault();
    close();
  } else if (event.key === "Tab" && dialog) {
    const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
