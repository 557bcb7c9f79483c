// The months after a hire, in the real window, with the app's clock read from a file the
// test moves (never sleeps): a candidate of the demo promoted to a new company, hired on a
// CDI, then the clock a month on — the one-month check-in waits in Relances, « Toujours en
// poste » records it in one click, and it shows on the promotion's timeline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, click, fill, launch, openCandidate, pick, pickOption, screenshot, text, timelineItem, waitFor, startWith, setDate, send } from './lib.mjs';

const COMPANY = ['Boulangerie Le Guen', '34167211100018'];
/** The app's clock: Monday 7 December 2026, then a month later. */
const HIRE_DAY = '2026-12-07T10:00:00+01:00';
const MONTH_LATER = '2027-01-07T10:00:00+01:00';

async function recordEvent(app, kind, fields = {}) {
  const item = await timelineItem(app, COMPANY[0]);
  await (await item.$('[data-testid="timeline-add-event"]')).click();
  await (await waitFor(app, 'event-kind')).selectByAttribute('value', kind);
  for (const [id, value] of Object.entries(fields)) {
    const field = await waitFor(app, id);
    if ((await field.getTagName()) === 'select') await field.selectByAttribute('value', value);
    else await setDate(app, id, value);
  }
  await click(app, 'event-save');
  await (await byId(app, 'event-dialog')).waitForDisplayed({ reverse: true, timeout: 10000 });
}

/** Waits until Relances' check-ins are in (listed, or none), and says what it shows otherwise. */
async function loaded(app) {
  let shown = '';
  await app.waitUntil(
    async () => {
      shown = await text(app, 'hire-checkins');
      return !shown.includes('Chargement');
    },
    { timeout: 10000, timeoutMsg: 'check-ins not loaded' },
  );
  assert.equal(await (await byId(app, 'checkins-load-error')).isExisting(), false, shown);
  return shown;
}

/** The check-ins of Relances that name our company, with their text. */
async function ours(app) {
  const found = [];
  for (const row of await app.$$('[data-testid="checkin-row"]')) {
    const t = await row.getText();
    if (t.includes(COMPANY[0])) found.push({ row, text: t });
  }
  return found;
}

test('a hire, then its one-month check-in in Relances, recorded in one click', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'checkins-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, HIRE_DAY);
  const app = await launch(['--db', join(dir, 'checkins.db'), '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');

    await click(app, 'nav-entreprises');
    await click(app, 'company-add');
    await fill(app, 'field-name', COMPANY[0]);
    await fill(app, 'field-siret', COMPANY[1]);
    await fill(app, 'field-commune', 'Quimper');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');

    // A candidate with valid consent, promoted, the employer interested, then the hire.
    await openCandidate(app, 'valid');
    await click(app, 'candidate-promote');
    await fill(app, 'promote-search', 'Guen');
    await (await pickOption(app, COMPANY[0])).click();
    await send(app);
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée/);
    await waitFor(app, 'timeline');
    await recordEvent(app, 'interested');
    await recordEvent(app, 'hired', { 'event-contract': 'cdi', 'event-start-date': '2026-12-07' });
    const hired = await (await timelineItem(app, COMPANY[0])).getText();
    assert.match(hired, /Suivi après l'embauche/);
    assert.match(hired, /Point à 1 mois — prévu le 07\/01\/2027/);
    // A CDI: two months of trial by default, its last day 6 February.
    assert.match(hired, /Point de fin de période d'essai — prévu le 06\/02\/2027/);
    assert.match(hired, /Point à 6 mois — prévu le 07\/06\/2027/);

    // The day of the hire: nothing of ours in Relances.
    await click(app, 'nav-relances');
    await waitFor(app, 'hire-checkins');
    await loaded(app);
    assert.equal((await ours(app)).length, 0, 'not due on the day of the hire');

    // A month later: the one-month check-in is due.
    writeFileSync(clock, MONTH_LATER);
    await click(app, 'nav-vivier');
    await click(app, 'nav-relances');
    await waitFor(app, 'hire-checkins');
    await loaded(app);
    await waitFor(app, 'checkins-list');
    let mine = await ours(app);
    assert.equal(mine.length, 1, 'one check-in of ours due');
    assert.match(mine[0].text, /Point à 1 mois/);
    assert.match(mine[0].text, /CDI débuté le 07\/12\/2026/);
    assert.equal(await (await mine[0].row.$('[data-testid="checkin-when"]')).getText(), '07/01/2027');
    await mine[0].row.scrollIntoView({ block: 'center' });
    await screenshot(app, '60-relances-point-a-un-mois');

    // « A quitté le poste » without a reason: the form says what is missing, nothing stored.
    await (await mine[0].row.$('[data-testid="checkin-left"]')).click();
    await click(app, 'checkin-save');
    assert.match(await text(app, 'checkin-error-leftReason'), /Choisissez pourquoi la personne a quitté le poste/);
    await screenshot(app, '61-relances-depart-sans-motif');

    // « Toujours en poste »: one click, and it leaves Relances.
    mine = await ours(app);
    await (await mine[0].row.$('[data-testid="checkin-in-job"]')).click();
    assert.match(await text(app, 'checkins-notice'), /Point à 1 mois noté : .* toujours en poste chez Boulangerie Le Guen/);
    await app.waitUntil(async () => (await ours(app)).length === 0, { timeout: 10000, timeoutMsg: 'still in Relances once done' });
    await screenshot(app, '62-relances-point-fait');

    // On the company's timeline (its one promotion): done, still in the job.
    await click(app, 'nav-entreprises');
    await fill(app, 'companies-search', 'Guen');
    await app.waitUntil(async () => (await app.$$('[data-testid="company-row"]')).length === 1, { timeout: 10000 });
    await (await (await app.$$('[data-testid="company-row"]'))[0].$('button')).click();
    await waitFor(app, 'timeline-checkins');
    const item = await text(app, 'timeline-promotion');
    assert.match(item, /Point à 1 mois — fait le 07\/01\/2027 : toujours en poste/);
    assert.match(item, /Point à 6 mois — prévu le 07\/06\/2027/);

    // Paramètres: the trial period of each contract type, CDI two months by default.
    await click(app, 'nav-parametres');
    assert.equal(await (await waitFor(app, 'trial-amount-cdi')).getValue(), '2');
    await (await byId(app, 'settings-trials')).scrollIntoView({ block: 'start' });
    await screenshot(app, '63-parametres-periodes-essai');

    // The dashboard: who is still in the job at six months, for December 2026 (the month before).
    await click(app, 'nav-tableau-de-bord');
    await waitFor(app, 'retention-panel', 30000);
    await click(app, 'dashboard-previous');
    // December's hire is followed, its six-month check-in still to do: no share yet, and the
    // panel says so in words (the core's, as the exports) instead of dashes and zeros.
    const pending =
      "Aucun point à 6 mois n'a encore été enregistré pour les embauches de cette période (1 embauche suivie sur 1) : " +
      'la part toujours en poste sera calculée dès le premier point fait.';
    await app.waitUntil(async () => (await text(app, 'retention-panel')).includes('1 embauche suivie sur 1'), {
      timeout: 15000,
      timeoutMsg: 'the hire of December not in the panel',
    });
    const panel = await byId(app, 'retention-panel');
    await panel.scrollIntoView({ block: 'start' });
    assert.equal((await text(app, 'retention-none')).replace(/\s+/g, ' '), pending);
    assert.doesNotMatch(await panel.getText(), /—|0 toujours en poste/);
    assert.equal((await app.$$('[data-testid="retention-row"]')).length, 0, 'no table of empty shares');
    await screenshot(app, '64-tableau-de-bord-en-poste-a-6-mois');

    // The exports of this view say the same, in place of a share.
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    await (await byId(app, 'export-folder')).scrollIntoView({ block: 'center' });
    await pick(app, 'export-choose', 'export-folder', exports);
    const exported = async (format) => {
      await click(app, `export-${format}`);
      await app.waitUntil(async () => (await text(app, 'export-done')).endsWith(`.${format}`), { timeout: 10000 });
      return (await text(app, 'export-done')).replace(/^Fichier enregistré : /, '');
    };
    const csv = readFileSync(await exported('csv'), 'utf8').split(/\r?\n/);
    assert.ok(csv.includes(`Part toujours en poste;${pending}`), csv.join('\n'));
    const report = await exported('pdf');
    const words = execFileSync('pdftotext', ['-layout', report, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.ok(words.includes('Toujours en poste à 6 mois — décembre 2026') && words.includes(pending), words);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-singlefile', report, join(process.env.E2E_ARTIFACTS, '65-rapport-en-poste-a-6-mois')]);
  } finally {
    await app.deleteSession();
  }
});
