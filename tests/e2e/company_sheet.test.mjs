// The company sheet in the real window, on demo data: a company's page, « Fiche entreprise »,
// the PDF handed to the viewer (tests/e2e/bin/xdg-open records it) and read with poppler —
// one A4 page, fonts embedded and subsetted, the company's name and SIRET, its sections,
// and no name of a candidate of the pool anywhere in it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { click, fill, launch, opened, rows, screenshot, startWith, text, waitFor } from './lib.mjs';

test('a company page opens its one-page sheet, with the pool anonymised', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'company-sheet-'));
  const app = await launch(['--db', join(dir, 'company-sheet.db')]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');
    // The full names of the pool's first page (« Modifier le candidat Léa Martin »): none may
    // be on the sheet. (Surnames alone would not do: the demo's contacts and companies draw
    // theirs from the same list.)
    const names = await app.execute(() =>
      [...document.querySelectorAll('[data-testid="candidate-row"] button.row-link')].map((b) =>
        b.getAttribute('aria-label').replace('Modifier le candidat ', '').trim(),
      ),
    );
    assert.ok(names.length >= 20, `${names.length} candidates read`);

    // A company the demo sent profiles to: the latest promotion's.
    await click(app, 'nav-promotions');
    await waitFor(app, 'promotions-table');
    const name = (await (await app.$('[data-testid="promotion-company"]')).getText()).trim();
    assert.ok(name.length > 2, 'a promotion names its company');
    await click(app, 'nav-entreprises');
    await waitFor(app, 'companies-table');
    await fill(app, 'companies-search', name);
    let row = null;
    await app.waitUntil(
      async () => {
        const found = await rows(app, 'company-row');
        row = found.find((r) => r.text.includes(name))?.row ?? null;
        return row !== null;
      },
      { timeout: 30000, timeoutMsg: `no row for « ${name} »` },
    );
    await (await row.$('button')).click();
    await waitFor(app, 'company-sheet-open');
    await waitFor(app, 'timeline-promotion');

    const before = opened().length;
    await click(app, 'company-sheet-open');
    const done = await text(app, 'company-sheet-done');
    assert.match(done, /Fiche entreprise ouverte dans le lecteur PDF \(.+\.pdf\)/);
    await app.waitUntil(async () => opened().slice(before).some((p) => p.endsWith('.pdf')), {
      timeout: 10000,
      timeoutMsg: 'no PDF handed to the viewer',
    });
    await screenshot(app, '90-fiche-entreprise');
    const pdf = opened().slice(before).find((p) => p.endsWith('.pdf'));
    assert.ok(done.includes(pdf), `the notice names ${pdf}`);

    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    assert.match(info, /Pages:\s+1\n/);
    assert.match(info, /595\.2\d* x 841\.89 pts/);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    assert.ok(fonts.length > 0);
    for (const line of fonts) assert.match(line, /^[A-Z]{6}\+NotoSans-\S+.*yes\s+yes\s+yes\s+\d+\s+\d+\s*$/, line);
    const sheet = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(sheet, /FICHE ENTREPRISE/);
    assert.ok(sheet.includes(name.split(' ')[0]), `"${name}" on the sheet`);
    assert.match(sheet, /SIRET\s\d{3}\s\d{3}\s\d{3}\s\d{5}/);
    for (const section of ['Interlocuteurs', 'Promotions envoyées et leurs suites', 'Candidats à lui proposer', "Aides à l'embauche possibles"]) {
      assert.ok(sheet.includes(section), `"${section}" missing:\n${sheet}`);
    }
    const flat = sheet.replace(/\s+/g, ' ');
    for (const person of names) assert.ok(!flat.includes(person), `"${person}" of the pool is named on the sheet`);
    // Its promotions are listed by alias: « Candidat·e L. ».
    assert.match(flat, /Candidat·e [A-ZÉÈ]\./, 'the people sent are anonymised');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(process.env.E2E_ARTIFACTS, '91-fiche-entreprise-pdf')]);
  } finally {
    await app.deleteSession();
  }
});
