// Issue 5 in the real window: a counsellor brings in a Mission Locale tracker. The file is
// chosen through the path field (the native picker fills the same field), the preview
// shows a column nobody recognised ("Boîte") and the rows it rejects; mapping it to
// « Entreprise » refreshes the preview; the import then shows its counts and the one row
// rejected for its SIRET, and the people are in the pool.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { byId, click, fill, launch, screenshot, text, waitFor } from './lib.mjs';

const tracker = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/import/import-e2e.xlsx');

test('import a tracker: preview, fix a column mapping, import, counts and a rejected row', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'import-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, '2026-11-22T10:00:00+01:00');
  const app = await launch(['--db', join(dir, 'import.db'), '--clock', clock]);
  try {
    await click(app, 'onboarding-demo');
    await waitFor(app, 'candidates-table', 60000);
    await click(app, 'nav-import');
    await waitFor(app, 'page-import');
    await screenshot(app, '60-import-vide');

    await fill(app, 'import-path', tracker);
    await click(app, 'import-analyse');
    await waitFor(app, 'import-preview', 30000);
    const columns = await app.$$('[data-testid="import-column"]');
    assert.equal(columns.length, 9);
    assert.match(await columns[5].getText(), /Boîte[\s\S]*non reconnue/i);
    assert.match(await text(app, 'import-counts'), /4\s+lignes lues[\s\S]*0\s+à importer[\s\S]*4\s+rejetées/);
    assert.match(await text(app, 'import-issues'), /Aucune colonne ne donne le nom de l'entreprise/);
    await screenshot(app, '61-import-apercu-colonne-inconnue');

    // « Boîte » is the company: one correction, the preview follows.
    const select = await waitFor(app, 'import-column-5');
    await select.selectByAttribute('value', 'companyName');
    await app.waitUntil(async () => /3\s+à importer/.test(await text(app, 'import-counts')), {
      timeout: 30000,
      timeoutMsg: 'the preview did not follow the corrected column',
    });
    assert.match(await (await app.$$('[data-testid="import-column"]'))[5].getText(), /corrigée/i);
    assert.match(await text(app, 'import-rows'), /KERGUELEN[\s\S]*Candidat créé · Entreprise créée · Promotion créée \(Employeur intéressé\)/);
    const issues = await app.$$('[data-testid="import-issue"]');
    assert.equal(issues.length, 1);
    await (await byId(app, 'import-columns')).scrollIntoView();
    await screenshot(app, '62-import-apercu-corrige');
    await (await byId(app, 'import-rows')).scrollIntoView();
    await screenshot(app, '63-import-apercu-lignes');

    await click(app, 'import-run');
    await waitFor(app, 'import-done', 30000);
    assert.match(await text(app, 'import-notice'), /Import terminé : 3 lignes importées, 1 ligne rejetée\./);
    assert.match(await text(app, 'import-counts'), /3\s+importées[\s\S]*1\s+rejetée\b/);
    assert.match(await text(app, 'import-count-candidates'), /Candidats\s*3\s*0\s*0/);
    assert.match(await text(app, 'import-count-promotions'), /Promotions\s*3\s*0\s*0/);
    const rejected = await text(app, 'import-issue');
    assert.match(rejected, /import-e2e\s*7\s*G – SIRET\s*\d{14}\s*Ce SIRET n'existe pas : la clé de contrôle \(Luhn\) est fausse/);
    assert.match(rejected, /Rejetée/i);
    await screenshot(app, '64-import-termine');

    // The imported people are in the pool, their promotions on their page.
    await click(app, 'nav-vivier');
    await fill(app, 'candidates-search', 'kerguelen');
    await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === 1, {
      timeout: 10000,
      timeoutMsg: 'the imported candidate is not found in the pool',
    });
    assert.match(await text(app, 'candidates-table'), /KERGUELEN/);
    await screenshot(app, '65-import-vivier');
  } finally {
    await app.deleteSession();
  }
});
