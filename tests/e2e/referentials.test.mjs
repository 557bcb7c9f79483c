// Issue 3 in the real window: load the referentials from ../shared/data, build a candidate
// on the ROME (job typed "boulang", three skills ticked, hiring aids with RQTH), find them
// again without the accent, meet the duplicate warning, then a company with a NAF code.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, choose, click, fill, launch, screenshot, text, waitFor, startWith } from './lib.mjs';

async function fillCandidate(app) {
  await fill(app, 'field-lastName', 'Kerbrat');
  await fill(app, 'field-firstName', 'Maëlys');
  await fill(app, 'field-birthDate', '1994-05-17');
  await fill(app, 'field-email', 'maelys.kerbrat@courriel.example');
  await fill(app, 'field-phone', '06 71 42 18 90');
  await (await waitFor(app, 'field-consentChannel')).selectByAttribute('value', 'written');
}

test('referentials, a candidate on the ROME with skills and aids, search without accents', async () => {
  const database = join(mkdtempSync(join(process.env.E2E_HOME, 'ref-')), 'ref.db');
  const app = await launch(['--db', database]);
  try {
    await startWith(app, 'empty');
    await waitFor(app, 'candidates-empty');

    // Paramètres → Référentiels: nothing loaded, the folder found beside the app offered.
    await click(app, 'nav-parametres');
    await waitFor(app, 'referentials-none');
    const folder = await (await waitFor(app, 'referentials-folder')).getValue();
    assert.match(folder, /shared[\\/]data$/);
    await click(app, 'referentials-import');
    await waitFor(app, 'referentials-success', 60000);
    const rows = await app.$$('[data-testid="referential-row"]');
    assert.equal(rows.length, 4);
    const table = await text(app, 'referentials');
    assert.match(table, /ROME 4\.0 version 60/);
    assert.match(table, /13\s120/);
    assert.match(table, /Embauches par secteur[\s\S]*517\smétiers/);
    await screenshot(app, '30-referentiels');

    // A candidate whose target job is chosen by typing "boulang".
    await click(app, 'nav-vivier');
    await click(app, 'candidate-add');
    await fillCandidate(app);
    await choose(app, 'field-targetJobs', 'boulang', /^Boulanger-pâtissier \/ Boulangère-pâtissière/);
    assert.match(await text(app, 'target-job'), /Boulanger-pâtissier/);

    // Three skills of the job, ticked.
    await waitFor(app, 'skill-option');
    const skills = await app.$$('[data-testid="skill-option"]');
    assert.ok(skills.length >= 3, `${skills.length} skills offered`);
    for (const skill of skills.slice(0, 3)) await skill.click();
    await (await byId(app, 'target-job')).scrollIntoView();
    await screenshot(app, '31a-metier-competences');

    // Hiring aids follow the eligibility flags.
    const aidsBefore = await app.$$('[data-testid="hiring-aid"]');
    await click(app, 'eligibility-rqth');
    // The core answers which aids apply: wait for its answer to reach the list.
    await app.waitUntil(async () => /Agefiph/.test(await text(app, 'hiring-aids')), { timeout: 10000 }).catch(() => {});
    const aids = await text(app, 'hiring-aids');
    assert.match(aids, /Agefiph/);
    assert.ok((await app.$$('[data-testid="hiring-aid"]')).length > aidsBefore.length);
    await fill(app, 'field-pitch', 'Six ans de fournil, ponctuelle, aime le travail de nuit.');
    await screenshot(app, '31-candidat-rome');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');

    // Found by "patissier", without the accent.
    await fill(app, 'candidates-search', 'patissier');
    await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === 1, {
      timeout: 10000,
      timeoutMsg: 'the search did not narrow to one candidate',
    });
    assert.match(await text(app, 'candidates-table'), /Kerbrat/);
    await screenshot(app, '32-recherche-patissier');
    await click(app, 'filters-toggle');
    await waitFor(app, 'filter-domain');
    await screenshot(app, '32a-filtres-vivier');
    await click(app, 'filters-toggle');

    // The same person again: the duplicate warning opens the existing record.
    await click(app, 'candidate-add');
    await fillCandidate(app);
    await choose(app, 'field-targetJobs', 'boulang', /^Boulanger \/ Boulangère/);
    await click(app, 'form-submit');
    assert.match(await text(app, 'duplicate-warning'), /Maëlys Kerbrat/);
    await screenshot(app, '33-doublon');
    await click(app, 'duplicate-open');
    await app.waitUntil(async () => (await (await byId(app, 'field-pitch')).getValue()).startsWith('Six ans'), {
      timeout: 10000,
      timeoutMsg: 'the existing record was not opened',
    });
    await click(app, 'form-cancel');

    // A company: invalid SIRET, then a valid one with its NAF code.
    await click(app, 'nav-entreprises');
    await click(app, 'company-add');
    await fill(app, 'field-name', 'Boulangerie Le Fournil de Quimper');
    await fill(app, 'field-siret', '732 829 320 00075');
    await choose(app, 'field-nafCode', 'boulangerie', /10\.71C/);
    await click(app, 'form-submit');
    assert.match(await text(app, 'error-siret'), /Luhn/);
    await fill(app, 'field-siret', '732 829 320 00074');
    await screenshot(app, '34-entreprise-naf');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    assert.match(await text(app, 'companies-table'), /10\.71C/);
    await screenshot(app, '35-entreprises');
  } finally {
    await app.deleteSession();
  }
});
