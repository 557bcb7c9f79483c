// First launch with demo data (from ../shared/data), then a company with a wrong SIRET.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { click, fill, launch, screenshot, text, waitFor, startWith } from './lib.mjs';

test('demo data, then a company whose SIRET fails the Luhn check', async () => {
  const database = join(mkdtempSync(join(process.env.E2E_HOME, 'demo-')), 'demo.db');
  const app = await launch(['--db', database]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');
    assert.match(await text(app, 'candidates-total'), /^60 candidats/i);
    await screenshot(app, '20-demo-vivier');

    await click(app, 'nav-entreprises');
    await waitFor(app, 'companies-table');
    assert.match(await text(app, 'companies-total'), /^25 entreprises/i);
    await screenshot(app, '21-demo-entreprises');

    await click(app, 'company-add');
    await fill(app, 'field-name', 'Boulangerie Le Fournil de Quimper');
    await fill(app, 'field-siret', '732 829 320 00075');
    await fill(app, 'field-commune', 'Quimper');
    await click(app, 'form-submit');
    assert.match(await text(app, 'error-siret'), /Luhn/);
    await screenshot(app, '22-siret-invalide');

    await fill(app, 'field-siret', '732 829 320 00074');
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    assert.match(await text(app, 'companies-total'), /^26 entreprises/i);
  } finally {
    await app.deleteSession();
  }
});
