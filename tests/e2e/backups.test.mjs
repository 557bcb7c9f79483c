// Backups in the real window (issue 19): a recovery code made at first start (printed, then
// kept), the backup folder chosen and automatic backups turned on in Paramètres, a backup
// made at once (its date in the header), the data changed, a backup written by the app at
// close; then, on a fresh data folder as on a new computer, « Restaurer une sauvegarde »:
// the file chosen, a wrong code refused with nothing changed, the right one typed loosely,
// what the backup holds shown, and the earlier data back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { byId, click, fill, launch, opened, pick, rows, screenshot, text, waitFor } from './lib.mjs';

const cli = join(dirname(process.env.PROFILENCE_APP), 'profilence-cli');

function json(database, args) {
  return JSON.parse(execFileSync(cli, ['--db', database, ...args], { encoding: 'utf8' }));
}

/** The backups of `folder` and the facts written beside each, oldest first. */
function backups(folder) {
  return readdirSync(folder)
    .filter((name) => /^profilence-sauvegarde-.*\.db$/.test(name))
    .sort()
    .map((name) => ({ name, facts: JSON.parse(readFileSync(join(folder, name.replace(/\.db$/, '.json')), 'utf8')) }));
}

/** Waits for the process started with `--db database` to end, after its window closed. */
async function closeAndWait(database) {
  const pid = execFileSync('pgrep', ['-o', '-f', '--', `--db ${database}`], { encoding: 'utf8' }).trim();
  execFileSync('python3', [join(import.meta.dirname, 'close_window.py'), pid]);
  const running = () => {
    try {
      execFileSync('pgrep', ['-f', '--', `--db ${database}`]);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 300 && running(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(running(), false, 'the app ended with its window (its backup at close written)');
}

/** The Vivier's search for `person`: found or not. */
async function inPool(app, person) {
  await click(app, 'nav-vivier');
  await fill(app, 'candidates-search', person.lastName);
  await app.pause(600);
  await waitFor(app, 'candidates-total');
  const found = await rows(app, 'candidate-row');
  return found.some((r) => r.text.includes(person.lastName) && r.text.includes(person.firstName));
}

test('a recovery code, a backup, then its restore on a fresh data folder', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'backups-'));
  const share = join(dir, 'partage');
  mkdirSync(share);
  const clock = join(dir, 'clock');
  writeFileSync(clock, '2026-12-03T09:30:00+01:00');
  const database = join(dir, 'poste-1', 'profilence.db');
  /** Where the first backup is carried to the new computer. */
  const carried = join(dir, 'cle-usb');
  mkdirSync(dirname(database));

  let app = await launch(['--db', database, '--clock', clock]);
  let code;
  let person;
  let closed = false;
  try {
    // 1. First start: demo data, then the recovery code, printed and kept.
    await click(app, 'onboarding-demo');
    await (await waitFor(app, 'recovery-generate', 90000)).click();
    code = (await text(app, 'recovery-code')).trim();
    // Seven groups; the last character is the check symbol, one of Crockford's 37 (* ~ $ = U too).
    assert.match(code, /^([0-9A-Z]{4}-){6}[0-9A-Z]{3}[0-9A-Z*~$=]$/, `a grouped code: ${code}`);
    assert.equal(await (await byId(app, 'recovery-keep')).isEnabled(), false, 'kept only once noted');
    await screenshot(app, '100-code-de-recuperation');
    const before = opened().length;
    await click(app, 'recovery-print');
    await app.waitUntil(async () => opened().length > before, { timeout: 10000, timeoutMsg: 'the code was not opened to print' });
    const sheet = opened()[before];
    assert.match(sheet, /code-recuperation-[\d-]+\.pdf$/);
    copyFileSync(sheet, join(process.env.E2E_ARTIFACTS, '100-code-de-recuperation.pdf'));
    const printed = execFileSync('pdftotext', [sheet, '-'], { encoding: 'utf8' }).replace(/[\n-]/g, '');
    assert.ok(printed.includes(code.replace(/-/g, '')), 'the printed page holds the code');
    await (await app.$('label[for="recovery-noted"]')).click();
    await click(app, 'recovery-keep');
    await waitFor(app, 'candidates-table', 30000);
    assert.match(await text(app, 'backup-indicator-last'), /Aucune sauvegarde/);

    // 2. Paramètres → Sauvegardes: the folder, automatic backups, a backup now.
    await click(app, 'nav-parametres');
    assert.match(await text(app, 'backup-code-current'), /code [0-9A-Z]{4} du 03\/12\/2026/);
    await (await byId(app, 'settings-backups')).scrollIntoView({ block: 'start' });
    await pick(app, 'backup-folder-choose', null, share);
    await app.waitUntil(async () => (await text(app, 'backup-folder')).includes(share), { timeout: 10000 });
    await (await app.$('label[for="backup-enabled"]')).click();
    await app.waitUntil(async () => (await byId(app, 'backup-enabled')).isSelected(), { timeout: 10000 });
    await click(app, 'backup-now');
    assert.match(await text(app, 'backup-done'), /Sauvegarde écrite et vérifiée : profilence-sauvegarde-2026-12-03-\d{2}3000-.*60 candidats/);
    await app.waitUntil(async () => /Dernière sauvegarde réussie : 03\/12\/2026 à \d\d:30/.test(await text(app, 'backup-last-success')), {
      timeout: 10000,
      timeoutMsg: 'Paramètres shows the last good backup',
    });
    await app.waitUntil(async () => /03\/12\/2026 à \d\d:30/.test(await text(app, 'backup-indicator-last')), {
      timeout: 10000,
      timeoutMsg: 'the header shows the last backup',
    });
    await screenshot(app, '101-sauvegardes');
    const first = backups(share);
    assert.equal(first.length, 1);
    assert.equal(first[0].facts.counts.candidates, 60);
    const codeId = first[0].facts.recoveryCode.id;
    assert.match(await text(app, 'backup-code-current'), new RegExp(`code ${codeId} du`));
    assert.ok(first[0].name.endsWith(`-${codeId}.db`), 'the name says which code opens it');
    // The backup goes to the share of another desk: a copy of the file and its facts.
    mkdirSync(carried);
    for (const name of [first[0].name, first[0].name.replace(/\.db$/, '.json')]) copyFileSync(join(share, name), join(carried, name));

    // 3. The data changes: a person erased.
    person = json(database, ['candidates', 'list', '--json', '--limit', '1']).items[0];
    assert.ok(await inPool(app, person), 'the person is in the Vivier');
    const row = (await rows(app, 'candidate-row')).find((r) => r.text.includes(person.lastName));
    await (await row.row.$('button')).click();
    const erase = await waitFor(app, 'candidate-erase');
    await erase.scrollIntoView({ block: 'center' });
    await erase.click();
    await (await waitFor(app, 'erase-dialog')).isDisplayed();
    await (await app.$('label[for="erase-understood"]')).click();
    await click(app, 'erase-confirm');
    await app.waitUntil(async () => !(await (await byId(app, 'erase-dialog')).isExisting()), { timeout: 10000 });
    assert.equal(await inPool(app, person), false, 'erased');

    // 4. The next day, the window closes: the app backs up at close.
    writeFileSync(clock, '2026-12-04T18:00:00+01:00');
    await closeAndWait(database);
    closed = true;
    const after = backups(share);
    assert.equal(after.length, 2, `the backup at close beside the first: ${after.map((b) => b.name)}`);
    assert.match(after[1].name, /^profilence-sauvegarde-2026-12-04-\d{2}0000-/);
    assert.equal(after[1].facts.counts.candidates, 60, 'an erased person stays as a tombstone row');
  } finally {
    if (!closed) await screenshot(app, '109-sauvegardes-echec').catch(() => {});
    // After a clean exit the session is only to be ended; its app is gone.
    await app.deleteSession().catch((error) => assert.ok(closed, String(error)));
  }

  // 5. A new computer: a fresh data folder, « Restaurer une sauvegarde » at first start.
  const fresh = join(dir, 'poste-2', 'profilence.db');
  mkdirSync(dirname(fresh));
  app = await launch(['--db', fresh, '--clock', clock]);
  try {
    await click(app, 'onboarding-restore');
    const file = join(carried, backups(carried)[0].name);
    await pick(app, 'restore-choose', null, file);
    assert.match(await text(app, 'restore-file'), /Sauvegarde du 03\/12\/2026 à \d\d:30 — elle demande le code [0-9A-Z]{4} du 03\/12\/2026/);
    // A wrong code (a good code of another database): refused, saying which code it needs.
    await fill(app, 'restore-code', otherCode(dir));
    await click(app, 'restore-check');
    const refused = await text(app, 'restore-error');
    assert.match(refused, /n'ouvre pas la sauvegarde .* demande le code [0-9A-Z]{4} du 03\/12\/2026\. Rien n'a été modifié/, refused);
    assert.equal(await (await byId(app, 'restore-confirm')).isEnabled(), false);
    await screenshot(app, '102-restauration-code-refuse');
    // The right code, typed in lower case without its dashes.
    await fill(app, 'restore-code', code.replace(/-/g, '').toLowerCase());
    await click(app, 'restore-check');
    assert.match(await text(app, 'restore-facts-counts'), /^60 candidats, 25 entreprises, \d+ promotions$/);
    assert.match(await text(app, 'restore-facts-date'), /03\/12\/2026 à \d\d:30/);
    await screenshot(app, '103-restauration-contenu');
    await click(app, 'restore-confirm');
    assert.match(await text(app, 'start-summary'), /Sauvegarde du 03\/12\/2026 à \d\d:30 restaurée : 60 candidats/);
    assert.match(await text(app, 'start-summary'), /profilence-avant-restauration-/);
    await waitFor(app, 'candidates-table');
    // The backup restored is the last good one the restored database knows of.
    await app.waitUntil(async () => /Dernière sauvegarde : 03\/12\/2026/.test(await text(app, 'backup-indicator-last')), {
      timeout: 10000,
      timeoutMsg: 'the header shows the backup restored as the last one',
    });
    await screenshot(app, '104-restauration-faite');
    assert.ok(await inPool(app, person), 'the person erased after the backup is back');
    const restored = json(fresh, ['candidates', 'list', '--json', '--limit', '1']);
    assert.equal(restored.total, 60);
    const kept = readdirSync(dirname(fresh)).filter((n) => n.startsWith('profilence-avant-restauration-'));
    assert.equal(kept.length, 1, `the fresh database kept aside: ${kept}`);
    const journal = execFileSync(cli, ['--db', fresh, 'journal', 'list'], { encoding: 'utf8' });
    assert.match(journal, /Sauvegarde du 03\/12\/2026/);
  } finally {
    await app.deleteSession();
  }
});

/** A valid recovery code made by the command line for another database. */
function otherCode(dir) {
  const other = join(dir, 'autre');
  mkdirSync(other, { recursive: true });
  const out = execFileSync(
    cli,
    ['--db', join(other, 'autre.db'), '--key-file', join(other, 'autre.key'), 'backup', 'code', 'new'],
    { encoding: 'utf8' },
  );
  const found = out.match(/([0-9A-Z]{4}-){6}[0-9A-Z]{3}[0-9A-Z*~$=]/);
  assert.ok(found, out);
  return found[0];
}
