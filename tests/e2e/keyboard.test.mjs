// Keyboard only, as a counsellor who cannot use a mouse: never a click. A candidate is
// created (the target job chosen in the autocomplete with the arrow keys), promoted to two
// companies, an employer's answer is recorded in the event dialog, a dashboard figure is
// opened. At each step the test asserts where the focus is: reached by Tab (no trap on the
// way), visibly marked, moved into a dialog when it opens and back to its button when it
// closes, Escape closing it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { audit } from './a11y.mjs';
import { launch, screenshot, text, waitFor } from './lib.mjs';

const SURNAME = 'Le Bihan';

/** A data-testid, or a CSS selector when it starts with `.`, `[` or `#`. */
const selector = (target) => (/^[.[#]/.test(target) ? target : `[data-testid="${target}"]`);

/** What has the focus: whether it is `target`, whether its focus is seen, whether it is in a dialog. */
async function focused(app, target = null) {
  return app.execute((wanted) => {
    const element = document.activeElement;
    if (!element || element === document.body) return { is: false, name: 'body', visible: false, inDialog: false };
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ringed = style.boxShadow !== 'none';
    return {
      is: wanted !== null && element.matches(wanted),
      name: element.getAttribute('data-testid') ?? `${element.tagName.toLowerCase()} « ${(element.textContent ?? '').trim().slice(0, 30)} »`,
      visible: element.matches(':focus-visible') && (outlined || ringed),
      inDialog: element.closest('dialog, [role="dialog"]') !== null,
    };
  }, target && selector(target));
}

/**
 * Presses Tab (Shift+Tab when `back`) until `target` has the focus, at most `max` times:
 * an element out of reach, or a trap on the way, fails here. Asserts the focus is visible.
 */
async function tabTo(app, target, { max = 120, back = false } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    const now = await focused(app, target);
    if (now.is) {
      assert.ok(now.visible, `the focus on "${target}" should be visible (outline or ring)`);
      return;
    }
    seen.push(now.name);
    await app.keys(back ? ['Shift', 'Tab'] : ['Tab']);
  }
  await screenshot(app, `k-introuvable-${target.replace(/\W+/g, '-')}`);
  throw new Error(`"${target}" not reached in ${max} presses of Tab; the focus went through: ${seen.slice(-30).join(', ')}`);
}

/** Focus on `target` by Tab, then a key (Enter). */
async function press(app, target, key = 'Enter') {
  await tabTo(app, target);
  await app.keys([key]);
}

/**
 * Focus on `target` by Tab, then types `value` into it (WebDriver's element keys: key by key
 * through the action API drops a letter typed twice in a row in WebKitGTK).
 */
async function type(app, target, value) {
  await tabTo(app, target);
  await (await app.$(selector(target))).addValue(value);
}

async function expectFocus(app, target, why) {
  let last = null;
  await app.waitUntil(async () => (last = await focused(app, target)).is, { timeout: 10000 }).catch(() => {
    throw new Error(`the focus should be on "${target}" ${why}, it is on "${last?.name}"`);
  });
}

test('keyboard only: a candidate, two promotions, an answer, a dashboard figure', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'keyboard-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, new Date().toISOString());
  const app = await launch(['--db', join(dir, 'keyboard.db'), '--clock', clock]);
  try {
    await waitFor(app, 'onboarding');
    await press(app, 'onboarding-demo');
    await waitFor(app, 'onboarding-code-later', 90000);
    await press(app, 'onboarding-code-later');
    await waitFor(app, 'candidates-table');

    // A candidate, through the form.
    await press(app, 'candidate-add');
    await waitFor(app, 'candidate-form');
    await type(app, 'field-lastName', SURNAME);
    await type(app, 'field-firstName', 'Nolwenn');
    await type(app, 'field-email', 'nolwenn.lebihan@courriel.example');
    await type(app, 'field-phone', '06 23 45 67 89');
    await type(app, 'field-postcode', '29000');
    await type(app, 'field-commune', 'Quimper');
    await type(app, 'field-targetJobs', 'boulang');
    await waitFor(app, 'field-targetJobs-options');
    await app.keys(['ArrowDown']);
    const highlighted = await app.execute(() => {
      const input = document.querySelector('[data-testid="field-targetJobs"]');
      const id = input.getAttribute('aria-activedescendant');
      return id ? document.getElementById(id)?.textContent ?? '' : '';
    });
    assert.match(highlighted, /Boulang/, 'the arrow key highlights a suggestion, announced through aria-activedescendant');
    await app.keys(['Enter']);
    await app.waitUntil(async () => /Boulang/.test(await text(app, 'candidate-form')), {
      timeout: 10000,
      timeoutMsg: 'the job chosen with Enter should be in the form',
    });
    await tabTo(app, 'field-consentChannel');
    await app.keys(['é']); // « Écrit » : a closed select takes the typed letter
    await screenshot(app, 'k1-formulaire-clavier');
    await press(app, 'form-submit');
    await waitFor(app, 'notice-success').catch(async (error) => {
      await screenshot(app, 'k1-formulaire-refuse');
      throw error;
    });

    // Their page, then Promouvoir to two companies.
    await type(app, 'candidates-search', SURNAME);
    await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === 1, { timeout: 10000 });
    await press(app, '[data-testid="candidate-row"] .row-link');
    await waitFor(app, 'candidate-promote');
    await press(app, 'candidate-promote');
    await waitFor(app, 'promote-search');
    // The two first companies offered (the demo's are drawn at random): Tab, then Space.
    for (let chosen = 0; chosen < 2; chosen++) {
      let pick = null;
      await app.waitUntil(
        async () =>
          (pick = await app.execute(() => {
            const boxes = [...document.querySelectorAll('.promote-options:not(.is-loading) [data-testid="promote-pick"]')];
            return boxes.find((box) => !box.checked && !box.disabled)?.id ?? null;
          })) !== null,
        { timeout: 10000, timeoutMsg: 'no company offered to choose' },
      );
      await tabTo(app, `#${pick}`);
      await app.keys([' ']);
      await app.waitUntil(() => app.execute((id) => document.getElementById(id)?.checked === true, pick), {
        timeout: 5000,
        timeoutMsg: 'Space should tick the company',
      });
    }
    await tabTo(app, 'promote-send');
    await screenshot(app, 'k2-promouvoir-clavier');
    await app.keys(['Enter']);
    if (await (await app.$('[data-testid="promote-confirm-dialog"]')).isExisting()) {
      const now = await focused(app);
      assert.ok(now.inDialog, 'the focus moves into the confirmation dialog');
      await press(app, 'promote-confirm');
    }
    assert.match(await text(app, 'promote-done'), /2 promotions envoyées/);

    // An employer's answer: the event dialog takes the focus, Escape gives it back.
    await waitFor(app, 'timeline');
    await tabTo(app, 'timeline-add-event');
    await app.keys(['Enter']);
    await waitFor(app, 'event-dialog');
    assert.ok((await focused(app)).inDialog, 'the focus moves into the event dialog when it opens');
    await app.keys(['Escape']);
    await (await app.$('[data-testid="event-dialog"]')).waitForExist({ reverse: true, timeout: 10000 });
    await expectFocus(app, 'timeline-add-event', 'after Escape closed the dialog');
    await app.keys(['Enter']);
    await waitFor(app, 'event-dialog');
    await tabTo(app, 'event-kind');
    await app.keys([...'empl']); // « Employeur intéressé »
    const kind = await app.execute(() => document.querySelector('[data-testid="event-kind"]').value);
    assert.equal(kind, 'interested', 'the typed letters pick the answer');
    await screenshot(app, 'k3-dialogue-clavier');
    await audit(app, 'clavier, dialogue');
    await press(app, 'event-save');
    await (await app.$('[data-testid="event-dialog"]')).waitForExist({ reverse: true, timeout: 10000 });
    await expectFocus(app, 'timeline-add-event', 'after the dialog saved and closed');

    // A dashboard figure opens its promotions.
    await press(app, 'nav-tableau-de-bord');
    await waitFor(app, 'dashboard-period', 30000);
    await press(app, 'indicator-promotions');
    await waitFor(app, 'promotions-figure');
    await screenshot(app, 'k4-chiffre-clavier');
  } finally {
    await app.deleteSession();
  }
});
