import { describe, expect, it } from 'vitest';

import { scrollable } from './scrollable';

/** A table container whose content is `contentWidth` wide in a box `width` wide. */
function container(contentWidth: number, width: number): HTMLElement {
  const node = document.createElement('div');
  node.innerHTML = '<table><caption>Référentiels chargés</caption></table>';
  Object.defineProperty(node, 'scrollWidth', { value: contentWidth });
  Object.defineProperty(node, 'clientWidth', { value: width });
  return node;
}

describe('scrollable', () => {
  it('makes an overflowing table reachable from the keyboard, named after its caption', () => {
    const node = container(1200, 600);
    scrollable(node);
    expect(node.tabIndex).toBe(0);
    expect(node.getAttribute('role')).toBe('region');
    expect(node.getAttribute('aria-label')).toBe('Référentiels chargés (tableau défilant)');
  });

  it('leaves a table that fits out of the tab order', () => {
    const node = container(600, 600);
    scrollable(node);
    expect(node.hasAttribute('tabindex')).toBe(false);
    expect(node.hasAttribute('role')).toBe(false);
  });
});
