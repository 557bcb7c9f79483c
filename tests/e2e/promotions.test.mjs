// Promotions in the real window, on demo data, with the app's clock read from a file that
// the test moves (never sleeps): one candidate to three new companies in one go, an
// interview then a hire, a refusal with its reason, the third in Relances a week later,
// a refusal for expired consent, and the confirmation asked for a repeat within 90 days.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  byId,
  click,
  counter,
  fill,
  launch,
  openCandidate,
  pickOption,
  screenshot,
  text,
  timelineItem,
  waitFor, startWith, setDate, send } from './lib.mjs';

const COMPANIES = [
  ['Boulangerie Le Goff', '34167211100018'],
  ['Fournil de l’Odet', '06840388000013'],
  ['Pains et Viennoiseries Bréhat', '54214304500012'],
];

async function recordEvent(app, item, kind, fields = {}) {
  await (await item.$('[data-testid="timeline-add-event"]')).click();
  await (await waitFor(app, 'event-kind')).selectByAttribute('value', kind);
  for (const [id, value] of Object.entries(fields)) {
    const field = await waitFor(app, id);
    if ((await field.getTagName()) === 'select') await field.selectByAttribute('value', value);
    else if ((await field.getAttribute('type'))?.startsWith('date')) await setDate(app, id, value);
    else await fill(app, id, value);
  }
  await click(app, 'event-save');
  await (await byId(app, 'event-dialog')).waitForDisplayed({ reverse: true, timeout: 10000 });
}

test('promote to three companies, follow up to the hire, the refusal and the reminder', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'promotions-'));
  const clock = join(dir, 'clock');
  const start = new Date();
  writeFileSync(clock, start.toISOString());
  const app = await launch(['--db', join(dir, 'promotions.db'), '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');

    // Three companies of our own: no past promotion, no monthly limit.
    await click(app, 'nav-entreprises');
    for (const [name, siret] of COMPANIES) {
      await click(app, 'company-add');
      await fill(app, 'field-name', name);
      await fill(app, 'field-siret', siret);
      await fill(app, 'field-commune', 'Quimper');
      await click(app, 'form-submit');
      await waitFor(app, 'notice-success');
    }

    // One candidate with valid consent, to the three companies in one go.
    const candidate = await openCandidate(app, 'valid');
    const steps = counter(app);
    await steps.click('candidate-promote');
    for (const [name] of COMPANIES) {
      await steps.fill('promote-search', name.split(' ').pop());
      await steps.tick(await pickOption(app, name));
    }
    await waitFor(app, 'promote-preview');
    await app.waitUntil(async () => (await text(app, 'promote-preview')).length > 40, { timeout: 10000 });
    await screenshot(app, '40-promouvoir-trois-entreprises');
    await send(app, () => steps.click('promote-send'));
    assert.match(await text(app, 'promote-done'), /3 promotions envoyées/);
    assert.equal(steps.count, 8, 'Promouvoir, then a search and a tick per company, then send');
    await waitFor(app, 'timeline');
    for (const [name] of COMPANIES) {
      assert.match(await (await timelineItem(app, name)).getText(), /Envoyée/);
    }

    // The first: an interview, then a hire. The second: a refusal with its reason.
    await recordEvent(app, await timelineItem(app, COMPANIES[0][0]), 'interview_planned', {
      'event-interview-at': '2030-01-15T14:30',
    });
    await recordEvent(app, await timelineItem(app, COMPANIES[0][0]), 'hired', {
      'event-contract': 'cdi',
      'event-start-date': '2030-02-01',
    });
    await recordEvent(app, await timelineItem(app, COMPANIES[1][0]), 'refused', {
      'event-reason': 'distance',
      'event-comment': 'Trop loin sans véhicule',
    });
    const hired = await (await timelineItem(app, COMPANIES[0][0])).getText();
    assert.match(hired, /Embauche/);
    assert.match(hired, /CDI/);
    const refused = await timelineItem(app, COMPANIES[1][0]);
    assert.match(await (await refused.$('[data-testid="timeline-reason"]')).getText(), /Distance/);
    await screenshot(app, '41-fiche-candidat-historique');

    // A week and a day later, the third waits in Relances with its contact at hand.
    writeFileSync(clock, new Date(start.getTime() + 8 * 86400000).toISOString());
    await click(app, 'nav-relances');
    await waitFor(app, 'followups-count');
    const rows = [];
    for (const row of await app.$$('[data-testid="followup-row"]')) rows.push(row);
    const texts = [];
    for (const row of rows) texts.push(await row.getText());
    assert.ok(texts.some((t) => t.includes(COMPANIES[2][0])), `Relances should list ${COMPANIES[2][0]}`);
    assert.ok(!texts.some((t) => t.includes(COMPANIES[0][0]) || t.includes(COMPANIES[1][0])), 'answered ones are not');
    const index = texts.findIndex((t) => t.includes(COMPANIES[2][0]));
    assert.match(await (await rows[index].$('[data-testid="followup-waiting"]')).getText(), /8 jours/);
    await screenshot(app, '42-relances');
    // Recording the call's result: one dialog.
    const record = await rows[index].$('[data-testid="followup-record"]');
    await record.scrollIntoView({ block: 'center', inline: 'center' });
    await record.click();
    await waitFor(app, 'event-dialog');
    await (await waitFor(app, 'event-kind')).selectByAttribute('value', 'reminded');
    await fill(app, 'event-comment', 'Message laissé à l’accueil');
    await click(app, 'event-save');
    await waitFor(app, 'followups-notice');

    // A candidate whose consent has expired: refused with a message.
    await openCandidate(app, 'expired');
    await click(app, 'candidate-promote');
    await fill(app, 'promote-search', 'Goff');
    await (await pickOption(app, COMPANIES[0][0])).click();
    await send(app);
    assert.match(await text(app, 'promote-error'), /consentement/i);
    await screenshot(app, '43-consentement-expire');
    await click(app, 'promote-cancel');

    // Another valid candidate to one company: 6 interactions or fewer.
    const second = await openCandidate(app, 'valid', 1);
    assert.notEqual(second, candidate);
    const one = counter(app);
    await one.click('candidate-promote');
    await one.fill('promote-search', 'Bréhat');
    await one.tick(await pickOption(app, COMPANIES[2][0]));
    await send(app, () => one.click('promote-send'));
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée/);
    assert.ok(one.count <= 6, `${one.count} interactions for one company`);

    // The same candidate to the same company again within 90 days: confirm with a reason.
    await click(app, 'candidate-promote');
    await fill(app, 'promote-search', 'Bréhat');
    await (await pickOption(app, COMPANIES[2][0])).click();
    await send(app);
    await waitFor(app, 'promote-confirm-dialog');
    assert.match(await text(app, 'promote-confirmation'), /déjà été promu/);
    await screenshot(app, '44-confirmation-doublon');
    assert.equal(await (await byId(app, 'promote-confirm')).isEnabled(), false);
    await fill(app, 'promote-repeat-reason', 'Un second poste ouvert en boulangerie');
    await click(app, 'promote-confirm');
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée/);

    // Every promotion, latest first: ours and the demo's.
    await click(app, 'nav-promotions');
    await waitFor(app, 'promotions-table');
    assert.match(await text(app, 'promotions-total'), /^\d+ promotions/i);
    await screenshot(app, '45-promotions');

    // From a company: a short list of two candidates with valid consent, promoted together.
    await click(app, 'nav-entreprises');
    await fill(app, 'companies-search', 'Goff');
    await app.waitUntil(async () => (await app.$$('[data-testid="company-row"]')).length === 1, { timeout: 10000 });
    await (await (await app.$$('[data-testid="company-row"]'))[0].$('button')).click();
    await click(app, 'company-promote');
    await waitFor(app, 'promote-option');
    let picked = 0;
    for (const option of await app.$$('[data-testid="promote-option"]')) {
      if (picked === 2) break;
      if (await (await option.$('[data-testid="promote-expired"]')).isExisting()) continue;
      await (await option.$('[data-testid="promote-pick"]')).click();
      picked += 1;
    }
    assert.equal(picked, 2);
    await screenshot(app, '46-promouvoir-candidats-entreprise');
    await send(app);
    await app.waitUntil(
      async () =>
        (await (await byId(app, 'promote-done')).isDisplayed()) ||
        (await (await byId(app, 'promote-confirm-dialog')).isDisplayed()),
      { timeout: 10000 },
    );
    // One of them may have been promoted there above: a repeat to confirm.
    if (await (await byId(app, 'promote-confirm-dialog')).isDisplayed()) {
      await fill(app, 'promote-repeat-reason', 'Présentée avec une autre candidature');
      await click(app, 'promote-confirm');
    }
    assert.match(await text(app, 'promote-done'), /2 promotions envoyées/);
    await screenshot(app, '47-fiche-entreprise-historique');
  } catch (error) {
    await screenshot(app, '49-echec-promotions');
    throw error;
  } finally {
    await app.deleteSession();
  }
});
