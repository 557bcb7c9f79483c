// Issue 16 in the real window: the territory's companies come in from a register export
// (a company list through the Import page); a baker of Blois is entered; « Cibler » lists
// the bakery 4 km away with its reasons, never the bank at her door, and the bakery of
// Vendôme (30 km) only beyond her 20 km; three ticked go out through « Promouvoir » in six
// interactions; from the last bakery's page, « Candidats à proposer » offers her, and she
// is promoted there too; the dashboard says how targeting ranks the history's successes.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, choose, click, counter, fill, launch, rows, screenshot, text, waitFor, startWith, send } from './lib.mjs';

// SIRENE's column names; valid SIRETs; real communes around Blois (41).
const REGISTER = [
  'siret;denominationUniteLegale;activitePrincipaleEtablissement;trancheEffectifsEtablissement;codePostalEtablissement;libelleCommuneEtablissement;codeCommuneEtablissement',
  '09281590139629;BOULANGERIE MARCHAND;10.71C;03;41350;SAINT-GERVAIS-LA-FORET;41212',
  '03340187801755;CREDIT SOLOGNOT;64.19Z;12;41000;BLOIS;41018',
  '62889751402612;BOULANGERIE DU VENDOMOIS;10.71C;02;41100;VENDOME;41269',
  '17047187463312;HYPER BLOIS SUD;47.11F;32;41350;VINEUIL;41295',
  '62833125815356;FOURNIL DE VILLEBAROU;10.71C;02;41000;VILLEBAROU;41276',
  '65630481373435;BOULANGERIE DE LA LOIRE;10.71C;01;41000;BLOIS;41018',
].join('\n');

test('a company list imported, « Cibler » for a baker of Blois, then « Candidats à proposer »', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'targeting-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, new Date().toISOString());
  const register = join(dir, 'entreprises-loir-et-cher.csv');
  writeFileSync(register, REGISTER + '\n');
  const app = await launch(['--db', join(dir, 'targeting.db'), '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table', 60000);

    // The territory's companies, from the register export.
    await click(app, 'nav-import');
    await fill(app, 'import-path', register);
    await click(app, 'import-analyse');
    await waitFor(app, 'import-preview', 30000);
    assert.equal(await (await byId(app, 'import-kind-companyList')).isSelected(), true, 'read as a company list');
    await click(app, 'import-run');
    await waitFor(app, 'import-done', 30000);
    assert.match(await text(app, 'import-notice'), /Import terminé : 6 entreprises créées/);
    await screenshot(app, '70-liste-entreprises-importee');

    // A baker of Blois, 20 km by car.
    await click(app, 'nav-vivier');
    await click(app, 'candidate-add');
    await waitFor(app, 'candidate-form');
    await fill(app, 'field-lastName', 'Garnier');
    await fill(app, 'field-firstName', 'Océane');
    await fill(app, 'field-email', 'oceane.garnier@courriel.example');
    await fill(app, 'field-phone', '06 23 45 67 89');
    await choose(app, 'field-commune', 'Blois', /Blois/);
    await choose(app, 'field-targetJobs', 'boulang', /^Boulanger \/ Boulangère/);
    await fill(app, 'field-mobilityRadiusKm', '20');
    await (await byId(app, 'field-consentChannel')).selectByAttribute('value', 'written');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    await fill(app, 'candidates-search', 'garnier oceane');
    await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === 1, { timeout: 10000 });
    await (await (await app.$('[data-testid="candidate-row"]')).$('button')).click();
    await waitFor(app, 'target-open');

    // « Cibler »: the bakery 4 km away, with its reasons; no bank; Vendôme beyond the radius.
    const steps = counter(app);
    await steps.click('target-open');
    await waitFor(app, 'target-row', 30000);
    const targets = await rows(app, 'target-row');
    const names = targets.map((t) => t.text);
    const marchand = names.findIndex((t) => t.includes('BOULANGERIE MARCHAND'));
    assert.ok(marchand >= 0, `the bakery 4 km away is listed: ${names.join(' | ')}`);
    assert.ok(!names.some((t) => t.includes('CREDIT SOLOGNOT')), 'a bank does not hire bakers');
    assert.ok(!names.some((t) => t.includes('VENDOMOIS')), 'Vendôme is beyond her 20 km');
    const reason = await (await targets[marchand].row.$('[data-testid="target-reason"]')).getText();
    assert.match(reason, /Boulangerie et boulangerie-pâtisserie : \d+\s%\sdes embauches pour Boulanger \/ Boulangère/);
    assert.match(reason, /4,4\skm/);
    assert.match(await text(app, 'target-beyond'), /BOULANGERIE DU VENDOMOIS[\s\S]*30/);
    assert.match(await text(app, 'target-widen'), /Élargir le rayon à \d+ km/);
    assert.match(await text(app, 'target-radius'), /rayon de 20 km/i);
    await (await targets[marchand].row.$('[data-testid="target-why"] summary')).click();
    await screenshot(app, '71-cibler-boulangere-blois');

    // Three ticked — the two bakeries around Blois and the hypermarket — then « Promouvoir ».
    for (const name of ['BOULANGERIE MARCHAND', 'FOURNIL DE VILLEBAROU', 'HYPER BLOIS SUD']) {
      const target = (await rows(app, 'target-row')).find((t) => t.text.includes(name));
      assert.ok(target, `${name} is among the targets`);
      await steps.tick(await target.row.$('[data-testid="target-tick"]'));
    }
    await steps.click('target-promote');
    await waitFor(app, 'promote-panel');
    await (await byId(app, 'promote-send')).waitForEnabled({ timeout: 15000 });
    await screenshot(app, '72-cibler-promouvoir-prerempli');
    await send(app, () => steps.click('promote-send'));
    assert.match(await text(app, 'promote-done'), /3 promotions envoyées/);
    assert.equal(steps.count, 6, 'Cibler, three ticks, Promouvoir, send');

    // From the last bakery's page: « Candidats à proposer » offers her, then a promotion.
    await click(app, 'nav-entreprises');
    // By its SIRET: the demo's companies are drawn at random, and one may be on the Loire.
    await fill(app, 'companies-search', '65630481373435');
    // A busy machine (the full suite, CI) can take longer than 10 s to search and render.
    try {
      await app.waitUntil(async () => (await app.$$('[data-testid="company-row"]')).length === 1, { timeout: 30000 });
    } catch {
      const listed = (await rows(app, 'company-row')).map((c) => c.text.split('\n')[0]);
      assert.fail(`the search by SIRET should list the one bakery; it lists ${listed.length}: ${listed.join(' | ')}`);
    }
    await (await (await app.$('[data-testid="company-row"]')).$('button')).click();
    const offer = counter(app);
    await offer.click('company-candidates-open');
    await waitFor(app, 'company-candidates-panel');
    await app.waitUntil(async () => (await app.$$('[data-testid="candidate-offer-row"]')).length > 0, {
      timeout: 30000,
      timeoutMsg: 'nobody offered to the bakery',
    });
    const people = await rows(app, 'candidate-offer-row');
    const oceane = people.find((p) => p.text.includes('Océane Garnier'));
    assert.ok(oceane, `Océane Garnier is offered: ${people.map((p) => p.text).join(' | ')}`);
    assert.match(oceane.text, /promu·e 3 fois/);
    await screenshot(app, '73-candidats-a-proposer');
    await offer.tick(await oceane.row.$('[data-testid="candidate-offer-tick"]'));
    await offer.click('candidate-offer-promote');
    await waitFor(app, 'promote-panel');
    await send(app, () => offer.click('promote-send'));
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée/);
    assert.equal(offer.count, 4, 'Candidats à proposer, a tick, Promouvoir, send');

    // The dashboard replays the demo history against the baseline, and says what it is worth.
    await click(app, 'nav-tableau-de-bord');
    const evaluation = await waitFor(app, 'targeting-evaluation-successes', 60000);
    await evaluation.scrollIntoView();
    assert.match(await text(app, 'targeting-evaluation-successes'), /\d+/);
    assert.match(await text(app, 'targeting-evaluation-note'), /démonstration/);
    await screenshot(app, '74-qualite-du-ciblage');
  } finally {
    await app.deleteSession();
  }
});
