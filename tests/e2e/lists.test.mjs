// The lists written out, in the real window, on demo data: the Promotions list filtered on
// the hires exported to XLSX (the file chosen through the app's own save dialog) and read
// back with ExcelJS against the list shown; then every promotion exported, and the file
// imported by `profilence-cli` into an empty database: as many promotions, none rejected.
// The Vivier exported to CSV and the companies to XLSX beside it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import ExcelJS from 'exceljs';

import { byId, click, launch, pick, screenshot, startWith, text, waitFor } from './lib.mjs';

/** The app's clock: 20 November 2026, 10:00 in Paris. The demo's history ends there. */
const NOW = '2026-11-20T10:00:00+01:00';
const cli = join(dirname(process.env.PROFILENCE_APP), 'profilence-cli');
const data = join(dirname(process.env.PROFILENCE_APP), '../../../shared/data');

/** The number a list's total badge says (« 1 234 promotions »). */
async function total(app, id) {
  return Number((await text(app, id)).replace(/\D/g, ''));
}

/** Exports through `button`, the save dialog answered with `path`: the result's text. */
async function exportTo(app, prefix, format, path) {
  const result = await byId(app, `${prefix}-export-result`);
  await pick(app, `${prefix}-export-${format}`, null, path);
  await app.waitUntil(async () => (await result.isDisplayed()) && (await result.getText()).includes(path), {
    timeout: 20000,
    timeoutMsg: `the export to ${path} should say where it went`,
  });
  return result.getText();
}

test('the promotions exported to XLSX as the list shows them, and imported back', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'lists-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, NOW);
  const database = join(dir, 'lists.db');
  const app = await launch(['--db', database, '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');
    await click(app, 'nav-promotions');
    await waitFor(app, 'promotions-table');
    const all = await total(app, 'promotions-total');
    assert.ok(all > 10, 'demo promotions listed');

    // The hires only: the file holds what the list shows.
    await (await waitFor(app, 'promotions-status-filter')).selectByAttribute('value', 'hired');
    await app.waitUntil(async () => (await total(app, 'promotions-total')) < all, { timeout: 10000 });
    const hires = await total(app, 'promotions-total');
    assert.ok(hires > 0, 'the demo has hires');
    const shownRows = [];
    for (const row of await app.$$('[data-testid="promotion-row"]')) shownRows.push(await row.getText());
    const hiredFile = join(dir, 'embauches.xlsx');
    const said = await exportTo(app, 'promotions', 'xlsx', hiredFile);
    assert.match(said, new RegExp(`^${hires} lignes? exportées? dans « ${hiredFile} »`));
    await screenshot(app, '90-promotions-export');

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(hiredFile);
    const sheet = book.getWorksheet('Promotions');
    assert.equal(sheet.rowCount, hires + 1, 'the header, then one row per promotion shown');
    const header = sheet.getRow(1).values.slice(1);
    const col = (name) => header.indexOf(name) + 1;
    for (const name of ['Nom', 'Prénom', 'Entreprise', 'SIRET', 'Date d\'envoi', 'Statut', 'Date retour', 'Conseiller']) {
      assert.ok(col(name) > 0, `column « ${name} »`);
    }
    assert.deepEqual(sheet.views[0]?.state, 'frozen', 'the header row stays in view');
    assert.ok(sheet.autoFilter, 'filters on');
    const names = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      assert.match(String(row.getCell(col('Statut')).value), /^Embauche/);
      assert.ok(row.getCell(col("Date d'envoi")).value instanceof Date, 'sent on a real date');
      assert.ok(row.getCell(col('Date retour')).value instanceof Date, 'hired on a real date');
      assert.match(String(row.getCell(col('SIRET')).value), /^\d{14}$/);
      names.push(`${row.getCell(col('Prénom')).value} ${row.getCell(col('Nom')).value}`);
    }
    assert.ok(shownRows.length > 0);
    shownRows.forEach((row, i) => assert.ok(row.includes(names[i]), `row ${i + 1} in the order of the list: ${names[i]} in « ${row} »`));

    // Every promotion, then imported into an empty database by the command line.
    await (await waitFor(app, 'promotions-status-filter')).selectByAttribute('value', '');
    await app.waitUntil(async () => (await total(app, 'promotions-total')) === all, { timeout: 10000 });
    const everything = join(dir, 'promotions.xlsx');
    await exportTo(app, 'promotions', 'xlsx', everything);
    const other = join(dir, 'other.db');
    const key = ['--db', other, '--key-file', join(dir, 'other.key')];
    execFileSync(cli, [...key, 'referentials', 'import', data], { encoding: 'utf8' });
    const report = JSON.parse(
      execFileSync(cli, [...key, 'import', everything, '--json', '--signed-by', 'Claire Morel'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    assert.equal(report.counts.rejected, 0, JSON.stringify(report.issues.slice(0, 5)));
    // The import takes a tracker's row as one person's promotion to one company on one day:
    // two such promotions on the same day (the random demo may draw them) come back as one.
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(everything);
    const out = written.getWorksheet('Promotions');
    assert.equal(out.rowCount - 1, all, 'every promotion written');
    const keys = new Set();
    for (let r = 2; r <= out.rowCount; r++) {
      const row = out.getRow(r);
      const day = row.getCell(col("Date d'envoi")).value;
      const who = ['Nom', 'Prénom', 'E-mail', 'SIRET'].map((name) => String(row.getCell(col(name)).value ?? ''));
      keys.add([...who, day instanceof Date ? day.toISOString().slice(0, 10) : ''].join('|'));
    }
    assert.equal(report.counts.promotionsCreated, keys.size, `every promotion back: ${JSON.stringify(report.counts)}`);
    const journal = execFileSync(cli, ['--db', database, 'journal', 'list'], { encoding: 'utf8' });
    assert.match(journal, new RegExp(`Liste : promotions \\(xlsx\\), ${hires} ligne`));

    // The Vivier as CSV: a French spreadsheet's file, as many rows as the list says.
    await click(app, 'nav-vivier');
    await waitFor(app, 'candidates-table');
    const pool = await total(app, 'candidates-total');
    const csv = join(dir, 'vivier.csv');
    await exportTo(app, 'pool', 'csv', csv);
    const lines = readFileSync(csv, 'utf8').trimEnd().split(/\r?\n/);
    assert.ok(lines[0].startsWith('\uFEFFNom;Prénom;Date de naissance;'), lines[0]);
    assert.equal(lines.length, pool + 1);
    await screenshot(app, '91-vivier-export');

    // The companies as XLSX: one row each, the SIRET as text.
    await click(app, 'nav-entreprises');
    await waitFor(app, 'companies-table');
    const firms = await total(app, 'companies-total');
    const companiesFile = join(dir, 'entreprises.xlsx');
    await exportTo(app, 'companies', 'xlsx', companiesFile);
    const companies = new ExcelJS.Workbook();
    await companies.xlsx.readFile(companiesFile);
    const firmsSheet = companies.getWorksheet('Entreprises');
    assert.equal(firmsSheet.rowCount, firms + 1);
    assert.match(String(firmsSheet.getRow(2).getCell(2).value), /^\d{14}$/);
    await screenshot(app, '92-entreprises-export');
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('.')), [], 'no temporary file left beside the exports');
  } finally {
    await app.deleteSession();
  }
});
