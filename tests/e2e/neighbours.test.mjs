// Issue 17 in the real window: a baker of Blois who ticked a skill the pâtissier shares sees
// her neighbouring jobs (ROME mobility and shared skills, with the skills she has and those
// to acquire), takes up the pâtissier's job — her skill stays ticked under it — and « Cibler
// avec les métiers proches » brings the hotel that hires pâtissiers, marked as such; her « pas
// de week-end » is a warning on the jobs and targets whose ROME work contexts include
// week-ends, never an exclusion. In the Vivier, « jamais promu » and « À promouvoir » list
// her until she is promoted.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, choose, click, fill, launch, rows, screenshot, text, waitFor, startWith, send } from './lib.mjs';

// SIRENE's column names; valid SIRETs; Blois (41).
const REGISTER = [
  'siret;denominationUniteLegale;activitePrincipaleEtablissement;trancheEffectifsEtablissement;codePostalEtablissement;libelleCommuneEtablissement;codeCommuneEtablissement',
  '68001964300005;BOULANGERIE DES TROIS CLEFS;10.71C;02;41000;BLOIS;41018',
  '96154248700007;HOTEL DU CHATEAU ROYAL;55.10Z;11;41000;BLOIS;41018',
].join('\n');

/** The Vivier's rows once the list shows `n` of them. */
async function listed(app, n) {
  await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === n, {
    timeout: 15000,
    timeoutMsg: `the Vivier never showed ${n} rows`,
  });
  return rows(app, 'candidate-row');
}

// « Assurer le respect des normes d'hygiène et de sécurité alimentaire »: a core skill of
// the baker (D1102) and of the pâtissier (D1104) in ROME 4.0.
const HYGIENE = '403583';

test('neighbouring jobs of a baker, one taken up, « Cibler » with them, and who is waiting', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'neighbours-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, new Date().toISOString());
  const register = join(dir, 'entreprises-blois.csv');
  writeFileSync(register, REGISTER + '\n');
  const app = await launch(['--db', join(dir, 'neighbours.db'), '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table', 60000);
    await click(app, 'nav-import');
    await fill(app, 'import-path', register);
    await click(app, 'import-analyse');
    await waitFor(app, 'import-preview', 30000);
    await click(app, 'import-run');
    await waitFor(app, 'import-done', 30000);

    // A baker of Blois who ticked the hygiene skill.
    await click(app, 'nav-vivier');
    await click(app, 'candidate-add');
    await waitFor(app, 'candidate-form');
    await fill(app, 'field-lastName', 'Lemaire');
    await fill(app, 'field-firstName', 'Maëlys');
    await fill(app, 'field-email', 'maelys.lemaire@courriel.example');
    await fill(app, 'field-phone', '06 34 56 78 90');
    await choose(app, 'field-commune', 'Blois', /Blois/);
    await choose(app, 'field-targetJobs', 'boulang', /^Boulanger \/ Boulangère/);
    await fill(app, 'field-mobilityRadiusKm', '15');
    await (await byId(app, 'field-consentChannel')).selectByAttribute('value', 'written');
    // No week-end work: a constraint the core compares with each job's ROME work contexts.
    const weekend = await byId(app, 'constraint-noWeekend');
    await (await app.$(`label[for="${await weekend.getAttribute('id')}"]`)).click();
    assert.equal(await weekend.isSelected(), true, 'no week-end work ticked');
    const hygiene = await app.$(`[data-testid="skill-option"][value="${HYGIENE}"]`);
    await hygiene.waitForExist({ timeout: 15000 });
    await (await app.$(`label[for="${await hygiene.getAttribute('id')}"]`)).click();
    assert.equal(await hygiene.isSelected(), true, 'the hygiene skill is ticked');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');

    // Nobody promoted her yet: « jamais promu » and « À promouvoir » list her.
    await fill(app, 'candidates-search', 'lemaire maelys');
    await listed(app, 1);
    await click(app, 'filters-toggle');
    await (await byId(app, 'filter-unpromoted')).selectByAttribute('value', 'never');
    let found = await listed(app, 1);
    assert.match(found[0].text, /Jamais promu·e/);
    await (await app.$('label[for="pool-view-waiting"]')).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="sort-consentDate"]')).length === 1, { timeout: 10000 });
    found = await listed(app, 1);
    // Her companies within 15 km (the bakery) and her neighbouring jobs, filled in after the page.
    await waitFor(app, 'candidate-companies', 30000);
    assert.equal(await text(app, 'candidate-companies'), '1 entreprise');
    const neighbours = Number((await text(app, 'candidate-neighbours')).split(' ')[0]);
    assert.ok(neighbours >= 10, `the ROME lists ten mobility jobs from D1102: ${neighbours}`);
    await click(app, 'filters-toggle');
    await screenshot(app, '80-a-promouvoir');

    // Her page: « Métiers proches ».
    const open = await (await app.$('[data-testid="candidate-row"]')).$('button');
    await open.scrollIntoView();
    await open.click();
    await click(app, 'neighbours-open');
    await waitFor(app, 'neighbours-panel');
    await app.waitUntil(async () => (await app.$$('[data-testid="neighbour"]')).length > 0, { timeout: 30000 });
    let patissier = await app.$('[data-testid="neighbour"][data-rome="D1104"]');
    assert.match(await patissier.getText(), /Pâtissier \/ Pâtissière/);
    // Badges are set in capitals by the design system.
    assert.match(await (await patissier.$('[data-testid="neighbour-reason"]')).getText(), /^mobilité rome$/i);
    assert.match(await (await patissier.$('[data-testid="neighbour-summary"]')).getText(), /1 compétence cœur de métier sur \d+/);
    // The pâtissier's ROME work contexts include week-ends: a warning, the job still offered.
    assert.match(await (await patissier.$('[data-testid="neighbour-warning"]')).getText(), /Travail le week-end fréquent dans ce métier/);
    await (await patissier.$('[data-testid="neighbour-to-acquire-toggle"]')).click();
    await screenshot(app, '81-metiers-proches');

    // « Cibler avec les métiers proches »: the bakery for her job, the hotel for the pâtissier's.
    await click(app, 'neighbours-target');
    await waitFor(app, 'target-row', 30000);
    const targets = await rows(app, 'target-row');
    const names = targets.map((t) => t.text);
    assert.ok(names[0].includes('BOULANGERIE DES TROIS CLEFS'), `the bakery first: ${names.join(' | ')}`);
    assert.match(await (await targets[0].row.$('[data-testid="target-warning"]')).getText(), /week-end/);
    const hotel = targets.find((t) => t.text.includes('HOTEL DU CHATEAU ROYAL'));
    assert.ok(hotel, `the hotel is listed for a neighbouring job: ${names.join(' | ')}`);
    assert.match(hotel.text, /Pâtissier \/ Pâtissière \(métier proche de Boulanger \/ Boulangère\)/);
    assert.equal(await (await byId(app, 'target-with-neighbours')).isSelected(), true);
    await (await hotel.row.$('[data-testid="target-why"] summary')).click();
    assert.match(await hotel.row.getText(), /Métier proche de Boulanger \/ Boulangère/);
    await screenshot(app, '82-cibler-avec-metiers-proches');

    // Back to her neighbouring jobs: the pâtissier's job taken up.
    await click(app, 'targets-close');
    await click(app, 'neighbours-open');
    await waitFor(app, 'neighbours-panel');
    await app.waitUntil(async () => (await app.$$('[data-testid="neighbour"][data-rome="D1104"]')).length === 1, { timeout: 30000 });
    patissier = await app.$('[data-testid="neighbour"][data-rome="D1104"]');
    await (await patissier.$('[data-testid="neighbour-add"]')).click();
    assert.match(await text(app, 'neighbours-added'), /« Pâtissier \/ Pâtissière » ajouté à ses métiers visés/);
    await app.waitUntil(async () => (await app.$$('[data-testid="neighbour"][data-rome="D1104"]')).length === 0, {
      timeout: 15000,
      timeoutMsg: 'the pâtissier is still offered as a neighbour',
    });

    // Her form: the pâtissier among her jobs, the hygiene skill still ticked.
    await click(app, 'neighbours-close');
    await waitFor(app, 'candidate-form');
    await app.waitUntil(async () => (await app.$$('[data-testid="target-job"]')).length === 2, {
      timeout: 15000,
      timeoutMsg: 'her form does not show two target jobs',
    });
    const jobs = await app.$$('[data-testid="target-job"]');
    const labels = [];
    for (const job of jobs) labels.push(await job.getText());
    assert.ok(labels.some((l) => /Pâtissier \/ Pâtissière/.test(l)), `her jobs: ${labels.join(' | ')}`);
    const kept = await app.$(`[data-testid="skill-option"][value="${HYGIENE}"]`);
    await kept.waitForExist({ timeout: 15000 });
    assert.equal(await kept.isSelected(), true, 'the hygiene skill stays ticked');
    await screenshot(app, '83-metier-ajoute');

    // Promoted to the bakery: she leaves « À promouvoir » and « jamais promu ».
    await click(app, 'target-open');
    await waitFor(app, 'target-row', 30000);
    const bakery = (await rows(app, 'target-row')).find((t) => t.text.includes('BOULANGERIE DES TROIS CLEFS'));
    await (await bakery.row.$('[data-testid="target-tick"]')).click();
    await click(app, 'target-promote');
    await waitFor(app, 'promote-panel');
    await send(app);
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée/);
    await click(app, 'nav-vivier');
    await fill(app, 'candidates-search', 'lemaire maelys');
    await (await app.$('label[for="pool-view-waiting"]')).click();
    await waitFor(app, 'candidates-no-match', 15000);
    await (await app.$('label[for="pool-view-all"]')).click();
    found = await listed(app, 1);
    assert.doesNotMatch(found[0].text, /Jamais promu·e/);
  } finally {
    await app.deleteSession();
  }
});
