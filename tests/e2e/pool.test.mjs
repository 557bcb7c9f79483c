// First launch on an empty database in the OS data folder: a candidate through the form,
// a field error, the pages, a restart — and the file on disk holds no name in clear.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, choose, click, databaseBytes, fill, launch, rssKiB, screenshot, text, waitFor, artifacts, startWith } from './lib.mjs';

const SURNAME = 'Kerhervé';
const EMAIL = 'gwendoline.kerherve@courriel.example';
// The app's data folder under the private XDG_DATA_HOME set by run.sh.
const database = join(process.env.XDG_DATA_HOME, 'fr.profilence.app', 'profilence.db');

test('first launch, a candidate, a field error, a restart, an edit, encrypted at rest', async () => {
  const started = Date.now();
  let app = await launch();
  try {
    await waitFor(app, 'onboarding');
    const firstPaintMs = Date.now() - started;
    writeFileSync(
      join(artifacts, 'startup.json'),
      JSON.stringify({ firstPaintMs, rssAppKiB: rssKiB('profilence'), rssWebKiB: rssKiB('WebKitWebProces') }, null, 2),
    );
    await screenshot(app, '01-premier-lancement');

    await startWith(app, 'empty');
    assert.match(await text(app, 'candidates-empty'), /Aucun candidat pour l'instant/);
    await screenshot(app, '02-vivier-vide');

    // The ROME job titles come from the referentials, loaded from the folder found beside the app.
    await click(app, 'nav-parametres');
    await click(app, 'referentials-import');
    await waitFor(app, 'referentials-success', 60000);
    await click(app, 'nav-vivier');

    await click(app, 'candidate-add');
    await waitFor(app, 'candidate-form');
    await fill(app, 'field-lastName', SURNAME);
    await fill(app, 'field-firstName', 'Gwendoline');
    await fill(app, 'field-email', 'gwendoline.kerherve@courriel');
    await fill(app, 'field-phone', '06 12 34 56 78');
    await fill(app, 'field-postcode', '29200');
    await fill(app, 'field-commune', 'Brest');
    await choose(app, 'field-targetJobs', 'patiss', /^Pâtissier \/ Pâtissière/);
    await (await byId(app, 'field-consentChannel')).selectByAttribute('value', 'written');
    await click(app, 'form-submit');

    assert.match(await text(app, 'error-email'), /e-mail/i);
    assert.equal(await (await byId(app, 'field-lastName')).getValue(), SURNAME, 'what was typed is kept');
    await screenshot(app, '03-erreur-email');

    await fill(app, 'field-email', EMAIL);
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    const rows = await app.$$('[data-testid="candidate-row"]');
    assert.equal(rows.length, 1);
    assert.match(await rows[0].getText(), new RegExp(SURNAME));
    await screenshot(app, '04-candidat-enregistre');

    await click(app, 'nav-parametres');
    await fill(app, 'field-name', 'Claire Morel');
    await fill(app, 'field-agency', 'Agence France Travail de Brest');
    await fill(app, 'field-email', 'claire.morel@agence');
    await click(app, 'form-submit');
    assert.match(await text(app, 'error-email'), /e-mail/i);
    await fill(app, 'field-email', 'claire.morel@agence.example');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    assert.equal(await text(app, 'settings-database-path'), database);
    await screenshot(app, '05-parametres');

    for (const [page, shot] of [
      ['entreprises', '06-entreprises'],
      ['promotions', '07-promotions'],
      ['relances', '08-relances'],
      ['tableau-de-bord', '09-tableau-de-bord'],
      ['import', '10-import'],
    ]) {
      await click(app, `nav-${page}`);
      await waitFor(app, `page-${page}`);
      await screenshot(app, shot);
    }
  } finally {
    await app.deleteSession();
  }

  // The key is in the keychain (Secret Service), and the file reveals nothing.
  const items = execFileSync('secret-tool', ['search', '--all', 'service', 'fr.profilence.app'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(items, /database-key/);
  const bytes = databaseBytes(database);
  assert.ok(bytes.length > 4096, 'the database was written');
  assert.notEqual(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3');
  assert.equal(bytes.indexOf(Buffer.from(SURNAME, 'utf8')), -1, 'surname in clear in the database file');
  assert.equal(bytes.indexOf(Buffer.from(EMAIL, 'utf8')), -1, 'e-mail in clear in the database file');

  // The app keeps a log file, and no personal data goes into it.
  const log = readFileSync(join(process.env.XDG_DATA_HOME, 'fr.profilence.app', 'logs', 'profilence.log'), 'utf8');
  assert.match(log, /database open, schema version/);
  for (const personal of [SURNAME, 'Gwendoline', EMAIL, '06 12 34 56 78', 'Claire Morel']) {
    assert.equal(log.includes(personal), false, `personal data in the log: ${personal}`);
  }

  app = await launch();
  try {
    await click(app, 'nav-vivier');
    // The list loads after the page shows: wait for its first row before reading them.
    await waitFor(app, 'candidate-row');
    const rows = await app.$$('[data-testid="candidate-row"]');
    assert.match(await rows[0].getText(), new RegExp(SURNAME));
    assert.equal(await (await byId(app, 'onboarding')).isExisting(), false, 'no first-launch question twice');
    await screenshot(app, '11-apres-redemarrage');

    // Edit: the form opens with what was stored, and the change shows in the list.
    await (await rows[0].$('button')).click();
    await waitFor(app, 'candidate-form');
    assert.equal(await (await byId(app, 'field-email')).getValue(), EMAIL);
    await fill(app, 'field-commune', 'Quimper');
    await fill(app, 'field-postcode', '29000');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    const edited = await app.$$('[data-testid="candidate-row"]');
    assert.equal(edited.length, 1);
    assert.match(await edited[0].getText(), /Quimper/);
    await screenshot(app, '12-candidat-modifie');
  } finally {
    await app.deleteSession();
  }
});
