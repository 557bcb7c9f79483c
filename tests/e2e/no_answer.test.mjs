// Issue 25 in the real window: a long "no answer" pass is the app's own thread's, never a
// view's wait. The app is started with `--no-answer-inline 0` (debug builds), so that the
// demo's few promotions due count as a long pass: the views read the promotions as they
// are, the header says when the thread has marked them, and Relances reads again by itself.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, click, launch, screenshot, text, waitFor, startWith } from './lib.mjs';

const DAY = 24 * 3600 * 1000;

/** How many long passes the header has seen end. */
async function finished(app) {
  return Number(await (await byId(app, 'no-answer-pass')).getAttribute('data-finished'));
}

async function passesEnded(app, count, timeout) {
  await app.waitUntil(async () => (await finished(app)) >= count, {
    timeout,
    timeoutMsg: `the header should have seen ${count} long "no answer" pass(es) end`,
  });
}

test('a long « no answer » pass runs beside the window, and Relances reads again when it ends', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'no-answer-'));
  const clock = join(dir, 'clock');
  const start = Date.now();
  writeFileSync(clock, new Date(start).toISOString());
  const app = await launch(['--db', join(dir, 'no-answer.db'), '--clock', clock, '--no-answer-inline', '0']);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table', 60000);

    // The demo's history holds promotions sent months ago and never answered: the thread
    // marks them at its next turn (every 10 s), and says so.
    await click(app, 'nav-relances');
    await waitFor(app, 'followups-summary');
    await passesEnded(app, 1, 40000);
    assert.match(await text(app, 'no-answer-pass-done'), /^\d+ promotions? marquées? « sans réponse » : Relances, Promotions et tableau de bord sont à jour\.$/);
    await screenshot(app, '95-sans-reponse-passe-longue');

    // Forty-five days later every promotion still waiting has run out: Relances, left open,
    // empties by itself once the thread has marked them.
    const before = await app.$$('[data-testid="followup-row"]');
    writeFileSync(clock, new Date(start + 45 * DAY).toISOString());
    await passesEnded(app, 2, 40000);
    const marked = Number((await text(app, 'no-answer-pass-done')).match(/^\d+/)[0]);
    assert.ok(marked >= before.length, `${marked} marked, ${before.length} were listed to remind`);
    await app.waitUntil(async () => (await app.$$('[data-testid="followup-row"]')).length === 0, {
      timeout: 15000,
      timeoutMsg: 'Relances should read again by itself and list nobody to remind',
    });
    assert.equal(await (await byId(app, 'followups-count')).isExisting(), false, 'no count of promotions to remind');

    await screenshot(app, '96-relances-relue-apres-la-passe');
  } finally {
    await app.deleteSession();
  }
});
