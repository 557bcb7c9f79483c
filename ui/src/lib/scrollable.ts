/**
 * A table too wide (or too tall) for its container scrolls inside it; a keyboard user must
 * be able to reach it to scroll it (WCAG 2.1.1, RGAA 7.3). While it overflows, the
 * container takes the focus as a region named after its table's caption; otherwise it
 * stays out of the tab order. Used on every `.fr-table__container`.
 */
export function scrollable(node: HTMLElement) {
  const update = () => {
    const overflows = node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
    if (overflows) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      const caption = node.querySelector('caption')?.textContent?.trim();
      node.setAttribute('aria-label', caption ? `${caption} (tableau défilant)` : 'Tableau défilant');
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  update();
  if (typeof ResizeObserver === 'undefined') return {};
  const observer = new ResizeObserver(update);
  observer.observe(node);
  // Rows added or removed change the table's size, not the container's.
  for (const child of node.children) observer.observe(child);
  return { destroy: () => observer.disconnect() };
}
