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

import { byId, click, fill, launch, screenshot, text, waitFor, startWith } from './lib.mjs';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/import');
const tracker = join(fixtures, 'import-e2e.xlsx');
const withoutConsent = join(fixtures, 'sans-consentement.xlsx');

test('import a tracker: preview, fix a column mapping, import, counts and a rejected row', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'import-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, '2026-11-22T10:00:00+01:00');
  const app = await launch(['--db', join(dir, 'import.db'), '--clock', clock]);
  try {
    await startWith(app, 'demo');
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

// Issue 15: a tracker kept before the consent rule has no consent column. Nothing comes in
// until the counsellor attests, in the preview, that these people agreed to be promoted —
// here at each one's first promotion in the file, in writing, for one of the two people;
// the attestation is then on her record, in her consent's history.
test('a tracker without consent column: the attestation in the preview, then on the record', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'attestation-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, '2026-11-22T10:00:00+01:00');
  const app = await launch(['--db', join(dir, 'attestation.db'), '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table', 60000);
    await click(app, 'nav-import');
    await fill(app, 'import-path', withoutConsent);
    await click(app, 'import-analyse');
    await waitFor(app, 'import-preview', 30000);
    assert.match(await text(app, 'import-counts'), /3\s+lignes lues[\s\S]*0\s+à importer[\s\S]*3\s+rejetées/);
    assert.match(await text(app, 'import-attestation'), /Ce fichier n'a pas de colonne de consentement : 3 lignes créeraient/);

    await click(app, 'import-attest');
    await (await waitFor(app, 'import-attest-channel')).selectByAttribute('value', 'written');
    await click(app, 'import-attest-rows');
    const people = await app.$$('[data-testid="import-attest-row"]');
    assert.equal(people.length, 3);
    // Yannick Quéré (row 5): not sure of him.
    await people[1].click();
    await (await byId(app, 'import-attestation')).scrollIntoView();
    await screenshot(app, '66-import-attestation');
    await click(app, 'import-attest-apply');
    await app.waitUntil(async () => /2\s+à importer/.test(await text(app, 'import-counts')), {
      timeout: 30000,
      timeoutMsg: 'the preview did not take the attestation',
    });
    await click(app, 'import-run');
    await waitFor(app, 'import-done', 30000);
    assert.match(await text(app, 'import-notice'), /Import terminé : 2 lignes importées, 1 ligne rejetée\./);

    // Her record: the consent dated at her first promotion (06/10/2026), attested.
    await click(app, 'nav-vivier');
    await fill(app, 'candidates-search', 'gwenaelle');
    await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === 1, {
      timeout: 10000,
      timeoutMsg: 'the attested candidate is not in the pool',
    });
    await (await (await app.$('[data-testid="candidate-row"]')).$('button')).click();
    const history = await waitFor(app, 'consent-history', 15000);
    await history.scrollIntoView();
    const event = await text(app, 'consent-event');
    assert.match(event, /Consentement attesté à l'import : consentement du 06\/10\/2026 \(écrit\), valable jusqu'au 06\/10\/2027/);
    assert.match(event, /attesté à l'import par Claire Morel le 22\/11\/2026 : le tableau de suivi « sans-consentement\.xlsx » ne l'indiquait pas/);
    await screenshot(app, '67-fiche-consentement-atteste');
  } finally {
    await app.deleteSession();
  }
});
