// The dashboard in the real window, on demo data, at a fixed moment of the app's clock:
// the figures of the month, of the month before and of one counsellor are those that
// `profilence-cli stats --json` computes on the same database; a figure opens the
// promotions behind it; the view is exported to XLSX and read back with ExcelJS; a
// department chosen, the counsellors side by side, one of their figures opened; then the
// territory by the company's place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import ExcelJS from 'exceljs';

import { byId, click, launch, pick, screenshot, text, waitFor, startWith } from './lib.mjs';

/** The app's clock: 20 November 2026, 10:00 in Paris. The demo's history ends there. */
const NOW = '2026-11-20T10:00:00+01:00';
const cli = join(dirname(process.env.PROFILENCE_APP), 'profilence-cli');

/** Scrolls the page until the element `id` is at the top of the window. */
async function scrollTo(app, id) {
  await app.execute((element) => element.scrollIntoView({ block: 'start' }), await byId(app, id));
}

/** The figures the core computes, through the command line, on the app's database. */
function expected(database, args) {
  const out = execFileSync(cli, ['--db', database, 'stats', '--json', '--now', NOW, ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

// The page's French formats (ui/src/lib/stats.svelte.ts), written again here on purpose.
const number = (n) => new Intl.NumberFormat('fr-FR').format(n);
const rate = (r) => (r === null ? '—' : new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(r));
const days = (d) => (d === null ? '—' : `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(d)} j`);
/** Spaces differ between ICU builds (narrow or plain no-break space): compare without them. */
const bare = (s) => s.replace(/\s/g, '');

/** What the "Tous les indicateurs" table must show for these figures. */
function rows(i) {
  return {
    promotions: number(i.promotions),
    candidates: number(i.candidates),
    pool: number(i.pool),
    poolShare: rate(i.poolShare),
    answered: number(i.answered),
    answerRate: rate(i.answerRate),
    answerDelayMedian: days(i.answerDelayMedian),
    answerDelayMean: days(i.answerDelayMean),
    answerDelayBasis: number(i.answerDelayBasis),
    interviews: number(i.interviews),
    hires: number(i.hires),
    hireRate: rate(i.hireRate),
    keptOnFile: number(i.keptOnFile),
    refused: number(i.refused),
    notRetained: number(i.notRetained),
    noAnswer: number(i.noAnswer),
    withdrawn: number(i.withdrawn),
    waitingReminder: number(i.waitingReminder),
  };
}

/** The page shows `dashboard`: its period and every figure of the table. */
async function shows(app, dashboard) {
  const want = rows(dashboard.indicators);
  let seen = {};
  try {
    await app.waitUntil(
      async () => {
        // The badge writes the period in capitals.
        if ((await text(app, 'dashboard-period')).toLowerCase() !== dashboard.period.label) return false;
        seen = {};
        for (const key of Object.keys(want)) seen[key] = bare(await text(app, `indicator-${key}`));
        return Object.keys(want).every((key) => seen[key] === bare(want[key]));
      },
      { timeout: 10000 },
    );
  } catch {
    assert.deepEqual(seen, Object.fromEntries(Object.entries(want).map(([k, v]) => [k, bare(v)])), 'dashboard figures');
  }
  assert.equal(bare(await text(app, 'tile-promotions-value')), bare(want.promotions));
  assert.equal(bare(await text(app, 'tile-hires-value')), bare(want.hires));
  assert.equal(bare(await text(app, 'tile-answerRate-value')), bare(want.answerRate));
}

test('the dashboard of demo data: periods, a counsellor, a figure opened, an export read back', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'dashboard-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, NOW);
  const database = join(dir, 'dashboard.db');
  const app = await launch(['--db', database, '--clock', clock]);
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');
    await click(app, 'nav-tableau-de-bord');

    // This month, as the core counts it.
    const november = expected(database, ['--period', 'month', '--on', '2026-11-20']);
    assert.equal(november.period.label, 'novembre 2026');
    await shows(app, november);
    await screenshot(app, '50-tableau-de-bord');
    await scrollTo(app, 'funnel-title');
    await screenshot(app, '52-tableau-de-bord-graphiques');
    await scrollTo(app, 'companies-title');
    await screenshot(app, '53-tableau-de-bord-entreprises-motifs');
    await scrollTo(app, 'indicators-table');
    await screenshot(app, '54-tableau-de-bord-indicateurs');
    // Who is never promoted, and which profiles are promoted and interviewed: the core's
    // counts (issue 17).
    const never = november.neverPromoted.now;
    assert.equal(bare(await text(app, 'never-promoted-share')), bare(rate(never.share)));
    assert.match(bare(await text(app, 'never-promoted-detail')), new RegExp(`${bare(number(never.never))}sur${bare(number(never.pool))}candidats`));
    assert.ok((await app.$$('[data-testid="never-promoted-row"]')).length >= 12, 'the twelve month ends as a table');
    await scrollTo(app, 'never-promoted-share');
    await screenshot(app, '57-tableau-de-bord-jamais-promus');
    assert.ok((await app.$$('[data-testid="profile-row"]')).length > 0, 'profiles listed');
    await scrollTo(app, 'profiles');
    await screenshot(app, '58-tableau-de-bord-profils');
    await scrollTo(app, 'page-tableau-de-bord');

    // The month before: other figures, the core's again.
    await click(app, 'dashboard-previous');
    const october = expected(database, ['--period', 'month', '--on', '2026-10-31']);
    await shows(app, october);
    assert.ok(october.indicators.promotions > 0 || november.indicators.promotions > 0, 'demo promotions in these months');
    assert.notDeepEqual(october.indicators, november.indicators);

    // One counsellor of the demo agency: a part of October.
    await click(app, 'dashboard-filters-toggle');
    const counsellors = (await (await waitFor(app, 'dashboard-counsellor')).$$('option')).length;
    assert.ok(counsellors >= 3, 'the demo counsellors are offered');
    await (await waitFor(app, 'dashboard-counsellor')).selectByAttribute('value', 'Julien Lefèvre');
    const julien = expected(database, ['--period', 'month', '--on', '2026-10-31', '--counsellor', 'Julien Lefèvre']);
    await shows(app, julien);
    assert.ok(julien.indicators.promotions < october.indicators.promotions, 'one counsellor made part of them');
    await screenshot(app, '51-tableau-de-bord-conseiller');

    // A figure opens the promotions behind it, in the Promotions list.
    assert.ok(julien.indicators.promotions > 0, 'Julien promoted someone in October');
    const sent = await byId(app, 'indicator-promotions');
    await sent.scrollIntoView({ block: 'center' });
    await sent.click();
    await waitFor(app, 'promotions-figure');
    assert.match(await text(app, 'promotions-figure-description'), /Promotions envoyées · octobre 2026 · Julien Lefèvre/);
    const listed = julien.indicators.promotions;
    const total = `${number(listed)}promotion${listed > 1 ? 's' : ''}`;
    await app.waitUntil(async () => bare((await text(app, 'promotions-total')).toLowerCase()) === bare(total), {
      timeout: 10000,
      timeoutMsg: `the list should hold Julien's ${listed} promotions of October`,
    });
    await screenshot(app, '55-promotions-derriere-un-chiffre');
    // Back to the dashboard: the same period and counsellor.
    await click(app, 'promotions-figure-back');
    await shows(app, julien);

    // Export this view to XLSX in a folder chosen (through the app's own dialog), and read it back.
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    const folder = await byId(app, 'export-folder');
    await folder.scrollIntoView({ block: 'center' });
    await pick(app, 'export-choose', 'export-folder', exports);
    await click(app, 'export-xlsx');
    const done = await text(app, 'export-done');
    const path = done.replace(/^Fichier enregistré : /, '');
    assert.equal(dirname(path), exports);
    await screenshot(app, '56-export');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet('Tableau de bord');
    const byLabel = new Map();
    sheet.eachRow((row) => byLabel.set(row.getCell(1).value, row.getCell(2)));
    assert.ok(byLabel.get('Du').value instanceof Date, 'the period starts on a real date');
    assert.equal(byLabel.get('Du').value.toISOString().slice(0, 10), '2026-10-01');
    assert.equal(byLabel.get('Conseiller').value, 'Julien Lefèvre');
    const i = julien.indicators;
    assert.equal(byLabel.get('Promotions envoyées').value, i.promotions);
    assert.equal(byLabel.get('Embauches').value, i.hires);
    assert.equal(byLabel.get('À relancer (7 jours sans contact)').value, i.waitingReminder);
    const answerRate = byLabel.get('Taux de retour employeur');
    if (i.answerRate === null) assert.equal(answerRate.value, null);
    else {
      assert.equal(typeof answerRate.value, 'number');
      assert.ok(Math.abs(answerRate.value - i.answerRate) < 1e-9);
      assert.equal(answerRate.numFmt, '0.0%');
    }
    const trend = book.getWorksheet('Évolution');
    assert.equal(trend.rowCount, julien.trend.length + 1);
    assert.ok(trend.getRow(2).getCell(1).value instanceof Date);
    assert.equal(trend.getRow(2).getCell(4).value, julien.trend[0].promotions);
    assert.equal(book.getWorksheet('Entreprises').rowCount, julien.topCompanies.length + 1);

    // CSV beside it: a second file, French separators.
    await click(app, 'export-csv');
    await app.waitUntil(async () => (await text(app, 'export-done')).endsWith('.csv'), { timeout: 10000 });
    const csv = readFileSync((await text(app, 'export-done')).replace(/^Fichier enregistré : /, ''), 'utf8');
    assert.ok(csv.includes(`Promotions envoyées;${i.promotions}\r\n`) || csv.includes(`Promotions envoyées;${i.promotions}\n`), csv);

    // The PDF report of the same view: the dashboard's A4 page, then the comparisons'.
    await click(app, 'export-pdf');
    await app.waitUntil(async () => (await text(app, 'export-done')).endsWith('.pdf'), { timeout: 10000 });
    const report = (await text(app, 'export-done')).replace(/^Fichier enregistré : /, '');
    // As many pages of comparisons as their rows take (the demo's candidates live all over France).
    const pages = Number(execFileSync('pdfinfo', [report], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)$/m)?.[1]);
    assert.ok(pages >= 2, `${pages} pages`);
    const words = execFileSync('pdftotext', ['-layout', report, '-'], { encoding: 'utf8' })
      .replace(/\s+/g, ' ');
    assert.ok(words.includes('Conseiller : Julien Lefèvre'), words);
    assert.ok(words.includes(`Promotions envoyées ${i.promotions.toLocaleString('fr-FR').replace(/\s/g, ' ')}`), words);
    assert.ok(words.includes(`Embauches ${i.hires}`), words);
    assert.ok(words.includes('Comparaisons — octobre 2026') && words.includes('Par conseiller'), words);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', report, join(process.env.E2E_ARTIFACTS, '57-rapport-pdf')]);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '2', '-singlefile', report, join(process.env.E2E_ARTIFACTS, '57-rapport-pdf-comparaisons')]);
    // The XLSX holds them too, figures as numbers.
    const compared = book.getWorksheet('Comparaisons');
    assert.equal(compared.getRow(1).getCell(1).value, 'Par conseiller');
    assert.equal(compared.getRow(2).getCell(2).value, 'Promotions');
    assert.equal(compared.getRow(3).getCell(1).value, julien.breakdowns[0].rows[0].label);
    assert.equal(compared.getRow(3).getCell(2).value, julien.breakdowns[0].rows[0].promotions);

    // A folder that does not exist: said next to the field, nothing written.
    await pick(app, 'export-choose', 'export-folder', join(dir, 'nulle-part'));
    await click(app, 'export-xlsx');
    assert.match(await text(app, 'error-folder'), /n'existe pas/);

    // By territory (issue 21): the department where most of October's promoted candidates
    // live, chosen among those the filter offers; the figures are the core's under it.
    await scrollTo(app, 'page-tableau-de-bord');
    await click(app, 'dashboard-reset');
    await shows(app, october);
    const byDepartment = october.breakdowns.find((b) => b.key === 'departments');
    const top = byDepartment.rows.filter((r) => r.key !== 'inconnu').sort((a, b) => b.promotions - a.promotions)[0];
    assert.ok(top && top.promotions > 0, 'a department with promotions in October');
    // The filters were folded when the page came back from the promotions.
    if (!(await (await byId(app, 'dashboard-department')).isDisplayed())) await click(app, 'dashboard-filters-toggle');
    await (await waitFor(app, 'dashboard-department')).selectByAttribute('value', top.key);
    const territory = expected(database, ['--period', 'month', '--on', '2026-10-31', '--department', top.key]);
    await shows(app, territory);
    assert.equal(territory.indicators.promotions, top.promotions, 'the row of the department is its filtered total');
    await screenshot(app, '60-tableau-de-bord-departement');

    // The counsellors side by side: each row the core's, in its order.
    await scrollTo(app, 'breakdowns');
    const counsellorsTable = territory.breakdowns.find((b) => b.key === 'counsellors');
    const want = counsellorsTable.rows.map((r) => [r.label, number(r.promotions), number(r.answered), rate(r.answerRate), number(r.hires)].map(bare));
    let seen = [];
    await app
      .waitUntil(
        async () => {
          seen = [];
          for (const row of await app.$$('[data-testid="breakdown-table-counsellors"] [data-testid="breakdown-row"]')) {
            const cells = [];
            for (const cell of await row.$$('th, td')) cells.push(bare(await cell.getText()));
            seen.push([cells[0], cells[1], cells[2], cells[3], cells[5]]);
          }
          return JSON.stringify(seen) === JSON.stringify(want);
        },
        { timeout: 10000 },
      )
      .catch(() => assert.deepEqual(seen, want, 'the counsellors side by side'));
    const sum = counsellorsTable.rows.reduce((n, r) => n + r.promotions, 0);
    assert.equal(sum, territory.indicators.promotions, 'the counsellors add up to the total');
    await screenshot(app, '61-comparaisons-conseillers');
    await (await app.$('label[for="breakdown-communes"]')).click();
    await waitFor(app, 'breakdown-table-communes');
    await screenshot(app, '62-comparaisons-communes');
    await (await app.$('label[for="breakdown-counsellors"]')).click();
    // Only the table shown is counted: the counsellors' comes back with the next refresh.
    await waitFor(app, 'breakdown-table-counsellors');

    // A cell opens its list: the first counsellor's promotions in that department.
    const first = counsellorsTable.rows.find((r) => r.openable);
    const cell = await app.$('[data-testid="breakdown-table-counsellors"] button[data-testid="breakdown-promotions"]');
    await cell.scrollIntoView({ block: 'center' });
    await cell.click();
    await waitFor(app, 'promotions-figure');
    assert.match(await text(app, 'promotions-figure-description'), new RegExp(`Promotions envoyées · ${first.label} · octobre 2026`));
    const count = `${number(first.promotions)}promotion${first.promotions > 1 ? 's' : ''}`;
    await app.waitUntil(async () => bare((await text(app, 'promotions-total')).toLowerCase()) === bare(count), {
      timeout: 10000,
      timeoutMsg: `the list should hold ${first.label}'s ${first.promotions} promotions in ${top.label}`,
    });
    await screenshot(app, '63-promotions-d-une-comparaison');
    await click(app, 'promotions-figure-back');
    await shows(app, territory);

    // By the company's place (issue 21): the same promotions, the companies' departments
    // offered; the department with most of October's promotions chosen, the core's figures.
    await scrollTo(app, 'page-tableau-de-bord');
    await click(app, 'dashboard-reset');
    await shows(app, october);
    if (!(await (await byId(app, 'dashboard-department')).isDisplayed())) await click(app, 'dashboard-filters-toggle');
    await (await app.$('label[for="dashboard-territory-company"]')).click();
    const byCompany = expected(database, ['--period', 'month', '--on', '2026-10-31', '--territory', 'company']);
    await shows(app, byCompany);
    assert.equal(byCompany.indicators.promotions, october.indicators.promotions, 'the same promotions, placed otherwise');
    assert.ok(await (await byId(app, 'dashboard-territory-company')).isSelected(), 'the company radio is checked');
    await app.waitUntil(async () => (await text(app, 'breakdowns-note')).includes("Territoire : lieu de l'entreprise."), {
      timeout: 10000,
      timeoutMsg: 'the comparisons say which territory they show',
    });
    const companyDepartments = byCompany.breakdowns.find((b) => b.key === 'departments');
    assert.equal(companyDepartments.title, "Par département de l'entreprise");
    const firmTop = companyDepartments.rows.filter((r) => r.key !== 'inconnu').sort((a, b) => b.promotions - a.promotions)[0];
    assert.ok(firmTop && firmTop.promotions > 0, 'a company department with promotions in October');
    await (await waitFor(app, 'dashboard-department')).selectByAttribute('value', firmTop.key);
    const firms = expected(database, ['--period', 'month', '--on', '2026-10-31', '--territory', 'company', '--department', firmTop.key]);
    await shows(app, firms);
    assert.equal(firms.indicators.promotions, firmTop.promotions, "the row of the companies' department is its filtered total");
    await screenshot(app, '64-tableau-de-bord-territoire-entreprise');
    await scrollTo(app, 'breakdowns');
    await (await app.$('label[for="breakdown-departments"]')).click();
    await waitFor(app, 'breakdown-table-departments');
    assert.match(await text(app, 'breakdown-table-departments'), new RegExp(firmTop.label));
    await screenshot(app, '65-comparaisons-departements-entreprise');
  } catch (error) {
    await screenshot(app, '59-echec-tableau-de-bord');
    throw error;
  } finally {
    await app.deleteSession();
  }
});
