// Data protection in the real window, on demo data (issue 18): a candidate who has
// promotions erased (the dashboard's figures do not move, nothing of the person is left
// in the list), a consent withdrawn (the person can no longer be promoted), a person's
// data exported (the PDF looked at), the journal (what was done, its chain intact, its CSV),
// a sheet with and without the sensitive publics ticked; then, after a clean exit, no file
// of the app's data, cache and config folders — the encrypted database apart — holds a
// surname of the demo, nor the erased person's e-mail or phone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import { artifacts, byId, click, fill, launch, opened, pick, pickOption, rows, screenshot, text, waitFor, startWith, setDate, send } from './lib.mjs';

/** The app's clock: 20 November 2026, 10:00 in Paris. The demo's history ends there. */
const NOW = '2026-11-20T10:00:00+01:00';
const TODAY = '2026-11-20';
const cli = join(dirname(process.env.PROFILENCE_APP), 'profilence-cli');
const APP_ID = 'fr.profilence.app';

function json(database, args) {
  return JSON.parse(execFileSync(cli, ['--db', database, ...args], { encoding: 'utf8' }));
}

/** Every candidate of the database, through the command line (pages of 200). */
function everyone(database) {
  const all = [];
  for (let offset = 0; ; offset += 200) {
    const page = json(database, ['candidates', 'list', '--json', '--limit', '200', '--offset', String(offset)]);
    all.push(...page.items);
    if (all.length >= page.total || page.items.length === 0) return all;
  }
}

/** The dashboard's figures of the month of `day`, as the core computes them. */
function figures(database, day) {
  const stats = json(database, ['stats', '--json', '--now', NOW, '--period', 'month', '--on', day]);
  // The commune a person lived in goes with their address (the department stays): the
  // table by commune moves after an erasure, and only it (tests/erasure.rs likewise).
  stats.breakdowns = stats.breakdowns.filter((table) => table.key !== 'communes');
  return stats;
}

/** Every figure of the dashboard's table as the page shows it. */
async function shownFigures(app) {
  await click(app, 'nav-tableau-de-bord');
  await waitFor(app, 'indicators-table');
  const shown = {};
  for (const row of await app.$$('[data-testid^="indicator-"]')) {
    shown[await row.getAttribute('data-testid')] = await row.getText();
  }
  assert.ok(Object.keys(shown).length >= 15, `the dashboard's indicators: ${Object.keys(shown)}`);
  return shown;
}

/** Opens the page of `person`, found by name in the Vivier's search. */
async function openPerson(app, person) {
  await click(app, 'nav-vivier');
  await fill(app, 'candidates-search', `${person.lastName} ${person.firstName}`);
  let found = null;
  await app.waitUntil(
    async () => {
      try {
        found = (await rows(app, 'candidate-row')).find(
          (r) => r.text.includes(person.lastName) && r.text.includes(person.firstName),
        );
        return found !== undefined;
      } catch {
        return false; // the list re-rendered while being read: read it again
      }
    },
    { timeout: 10000, timeoutMsg: `${person.firstName} ${person.lastName} should be in the Vivier` },
  );
  await (await found.row.$('button')).click();
  await waitFor(app, 'candidate-promote');
}


/** Previews the open candidate's sheet from « Promouvoir » and returns its text. */
async function previewText(app) {
  const before = opened().length;
  await click(app, 'promote-sheet-preview');
  await app.waitUntil(async () => opened().length > before, { timeout: 10000, timeoutMsg: 'no sheet opened' });
  const path = opened()[before];
  assert.match(path, /apercu-[\d-]+\.pdf$/, 'a preview is named without the person');
  assert.equal(statSync(path).mode & 0o777, 0o600, 'a preview is readable by its user only');
  assert.equal(statSync(dirname(path)).mode & 0o777, 0o700, "the previews' folder is its user's only");
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/** Every file under `folder`, recursively. */
function files(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? files(path) : entry.isFile() ? [path] : [];
  });
}

const PLAIN_SQLITE = Buffer.from('SQLite format 3\0');

/** An encrypted database (SQLCipher: no plain SQLite header), its write-ahead log or shared
 * memory: ciphertext, where a short surname turns up by chance (« joly » was found once in 29
 * MB of random bytes). A plain SQLite file is personal data in clear and stays scanned. */
function encryptedDatabase(file) {
  const main = file.replace(/-(wal|shm|journal)$/, '');
  return main.endsWith('.db') && existsSync(main) && !readFileSync(main).subarray(0, 16).equals(PLAIN_SQLITE);
}

/** Lower-case without accents: a name as any file may hold it. */
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Where `file` holds one of `needles` (folded) as a whole word, read as UTF-8 (logs, JSON,
 * SQLite text) and as UTF-16 (WebKit's local storage). */
function personal(file, needles) {
  const bytes = readFileSync(file);
  const haystack = fold(`${file}\n${bytes.toString('utf8')}\n${bytes.toString('utf16le')}`);
  const hits = [];
  for (const needle of needles) {
    // A whole word: « Rousseau » is not in « trousseau ».
    const at = haystack.search(new RegExp(`(?<![a-z0-9])${needle.replace(/[.+]/g, '\\$&')}(?![a-z0-9])`));
    if (at >= 0) hits.push(`${needle} in ${file}: …${haystack.slice(Math.max(0, at - 80), at + 40)}…`);
  }
  return hits;
}

test('erase, withdraw, export, the journal, sensitive data on sheets, and nothing left in clear', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'privacy-'));
  const clock = join(dir, 'clock');
  writeFileSync(clock, NOW);
  const database = join(dir, 'privacy.db');
  const app = await launch(['--db', database, '--clock', clock]);
  let closed = false;
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');

    const people = everyone(database);
    assert.ok(people.length >= 20, `the demo's pool: ${people.length}`);
    const valid = people.filter((p) => p.consentValid);
    // Someone promoted, someone whose RQTH is recorded, someone else: three different people.
    const erased = valid.find((p) => p.lastSentOn !== null);
    const sensitive = valid.find((p) => p.id !== erased.id && p.publics.includes('rqth'));
    const withdrawing = valid.find((p) => p.lastSentOn !== null && p.id !== erased.id && p.id !== sensitive.id);
    assert.ok(erased && sensitive && withdrawing, 'the demo holds the three people this scenario needs');

    // 1. Erase a promoted candidate: the dashboard does not move.
    const month = erased.lastSentOn.slice(0, 10);
    const before = { core: figures(database, month), now: figures(database, TODAY), shown: await shownFigures(app) };
    assert.ok(before.core.indicators.promotions > 0, `promotions in the month of ${month}`);
    await openPerson(app, erased);
    const email = (await (await waitFor(app, 'field-email')).getValue()).trim();
    const phone = (await (await waitFor(app, 'field-phone')).getValue()).trim();
    const erase = await byId(app, 'candidate-erase');
    await erase.scrollIntoView({ block: 'center' });
    await erase.click();
    await waitFor(app, 'erase-dialog');
    assert.match(await text(app, 'erase-goes'), /nom|coordonnées/i);
    assert.match(await text(app, 'erase-stays'), /promotion/i);
    await screenshot(app, '90-effacer-confirmation');
    assert.equal(await (await byId(app, 'erase-confirm')).isEnabled(), false, 'nothing goes before « J’ai compris »');
    await (await app.$('label[for="erase-understood"]')).click();
    await click(app, 'erase-confirm');
    await app.waitUntil(async () => !(await (await byId(app, 'erase-dialog')).isExisting()), { timeout: 10000 });
    await screenshot(app, '91-personne-effacee');
    await fill(app, 'candidates-search', erased.lastName);
    await app.waitUntil(
      // The search takes any of the words: others may share a first name or a word of the surname.
      async () =>
        !(await rows(app, 'candidate-row')).some(
          (r) => r.text.includes(erased.firstName) && r.text.toLowerCase().includes(erased.lastName.toLowerCase()),
        ),
      { timeout: 10000, timeoutMsg: 'the erased person is still in the Vivier' },
    );
    assert.deepEqual(figures(database, month), before.core, `the month of ${month} moved`);
    assert.deepEqual(figures(database, TODAY), before.now, 'this month moved');
    assert.deepEqual(await shownFigures(app), before.shown, 'the dashboard shown moved');
    assert.ok(!everyone(database).some((p) => p.id === erased.id), 'the CLI still lists the erased person');

    // 2. Withdraw a consent: recorded with its day and channel; no promotion any more.
    await openPerson(app, withdrawing);
    const withdraw = await byId(app, 'consent-withdraw');
    await withdraw.scrollIntoView({ block: 'center' });
    await withdraw.click();
    await setDate(app, 'consent-action-date', TODAY);
    await (await waitFor(app, 'consent-action-channel')).selectByIndex(1);
    await fill(app, 'consent-action-note', 'Ne souhaite plus être présentée');
    await click(app, 'consent-action-submit');
    assert.match(await text(app, 'consent-withdrawn'), /Consentement retiré le 20\/11\/2026/i);
    await (await byId(app, 'consent-withdrawn')).scrollIntoView({ block: 'center' });
    await screenshot(app, '92-consentement-retire');
    // A company with a contact: its contact is erased below.
    const company = json(database, ['companies', 'list', '--json', '--limit', '200']).items.find((c) => c.mainContact).name;
    await click(app, 'candidate-promote');
    await fill(app, 'promote-search', company);
    await (await pickOption(app, company)).click();
    await send(app);
    assert.match(await text(app, 'promote-error'), /retiré son consentement le 20\/11\/2026/);
    await screenshot(app, '93-promotion-refusee-consentement');
    await click(app, 'promote-cancel');

    // 2b. Erase that company's contact: gone from its page, its promotions kept.
    await click(app, 'nav-entreprises');
    await fill(app, 'companies-search', company);
    let row = null;
    await app.waitUntil(async () => (row = (await rows(app, 'company-row')).find((r) => r.text.includes(company))), {
      timeout: 10000,
      timeoutMsg: `${company} should be in the list`,
    });
    await (await row.row.$('button')).click();
    await waitFor(app, 'company-erasure');
    const eraseContact = await app.$('[data-testid^="contact-erase-"]');
    await eraseContact.scrollIntoView({ block: 'center' });
    const contact = (await (await eraseContact.parentElement()).getText()).replace('Effacer ce contact', '').trim();
    assert.ok(contact.split(' ').length >= 2, `a contact's name: ${contact}`);
    await eraseContact.click();
    await waitFor(app, 'erase-dialog');
    await (await app.$('label[for="erase-understood"]')).click();
    await click(app, 'erase-confirm');
    await app.waitUntil(async () => !(await (await byId(app, 'erase-dialog')).isExisting()), { timeout: 10000 });
    await screenshot(app, '92b-contact-efface');
    const page = await (await app.$('main')).getText();
    assert.ok(!page.includes(contact), `« ${contact} » still on the company's page`);

    // 3. A sheet without, then with, the sensitive publics.
    await openPerson(app, sensitive);
    await click(app, 'candidate-promote');
    const plain = await previewText(app);
    assert.ok(plain.toLowerCase().includes(fold(sensitive.lastName).slice(0, 3)) || plain.includes(sensitive.lastName.toUpperCase()));
    // (An aid open to everyone may say in its description what it offers a disabled person.)
    assert.doesNotMatch(plain, /RQTH/, 'the RQTH on a sheet not ticked');
    await (await app.$('label[for="promote-sensitive"]')).click();
    assert.equal(await (await byId(app, 'promote-sensitive')).isSelected(), true);
    await screenshot(app, '94-fiche-informations-sensibles');
    const disclosed = await previewText(app);
    assert.match(disclosed, /RQTH/, 'the RQTH on the sheet ticked');
    const lines = (t) => new Set(t.split('\n').map((l) => l.trim()).filter(Boolean));
    const added = [...lines(disclosed)].filter((l) => !lines(plain).has(l));
    assert.ok(added.some((l) => /Agefiph|OETH/.test(l)), `the aids reserved to the RQTH, ticked: ${added.join(' | ')}`);
    assert.doesNotMatch(plain, /Agefiph|OETH/, 'the aids reserved to the RQTH on a sheet not ticked');
    const anonymous = await app.$('label[for="promote-anonymous"]');
    await anonymous.click();
    assert.equal(await (await byId(app, 'promote-sensitive')).isEnabled(), false, 'never on an anonymised sheet');
    await click(app, 'promote-cancel');

    // 4. The person's data — the one who withdrew her consent has that right still: a PDF,
    // a JSON file and the sheets sent, into a folder chosen.
    await openPerson(app, withdrawing);
    const out = join(dir, 'acces');
    mkdirSync(out);
    const exportButton = await byId(app, 'candidate-export-data');
    await exportButton.scrollIntoView({ block: 'center' });
    await pick(app, 'candidate-export-data', null, out);
    assert.match(await text(app, 'candidate-export-done'), /PDF de \d+ pages?, un fichier JSON/);
    await screenshot(app, '95-donnees-exportees');
    const written = readdirSync(out);
    const pdf = written.find((f) => f.endsWith('.pdf'));
    const dataFile = join(out, written.find((f) => f.endsWith('.json')));
    const data = JSON.parse(readFileSync(dataFile, 'utf8'));
    assert.equal(data.candidate.id, withdrawing.id);
    assert.equal(data.candidate.lastName, withdrawing.lastName);
    assert.ok(data.promotions.length > 0, 'her promotions, with their events');
    assert.ok(data.promotions.every((p) => p.events.length > 0), 'every promotion with its events');
    const document = execFileSync('pdftotext', ['-layout', join(out, pdf), '-'], { encoding: 'utf8' });
    assert.ok(document.includes(withdrawing.lastName), 'the PDF names the person');
    assert.match(document, /Consentement retiré/, 'the PDF tells the consent withdrawn');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(out, pdf), join(artifacts, '96-droit-acces-pdf')]);

    // 5. The journal: what was done, by whom, its chain intact, written to CSV.
    await click(app, 'nav-parametres');
    await waitFor(app, 'journal-panel');
    const panel = await byId(app, 'journal-panel');
    await panel.scrollIntoView({ block: 'start' });
    await app.waitUntil(async () => (await rows(app, 'journal-row')).length > 0, { timeout: 10000 });
    const actions = (await rows(app, 'journal-row-action')).map((r) => r.text);
    for (const action of ['Effacement', 'Consentement retiré', 'Export', 'Fiche générée']) {
      assert.ok(actions.includes(action), `« ${action} » in the journal: ${actions}`);
    }
    const details = (await rows(app, 'journal-row')).map((r) => r.text).join('\n');
    assert.ok(!details.includes(erased.lastName), 'the journal names nobody');
    await screenshot(app, '97-journal');
    const retention = await waitFor(app, 'settings-retention');
    await retention.scrollIntoView({ block: 'start' });
    await screenshot(app, '98-conservation-des-donnees');
    await click(app, 'journal-verify');
    assert.match(await text(app, 'journal-verify-result'), /Journal intact : \d+ entrées/);
    const csv = join(dir, 'journal.csv');
    await pick(app, 'journal-export', null, csv);
    assert.match(await text(app, 'journal-export-result'), /entrées exportées/);
    const journal = readFileSync(csv, 'utf8');
    assert.match(journal, /^\uFEFFN°;Date/);
    assert.match(journal, /Effacement;Candidat·e n° \d+/);

    // 6. A clean exit: the window closed, the app ends and sweeps what it handed out.
    // The window closed as its close button does (closing it through WebDriver would end
    // the process at once, before it could clean up).
    const pid = execFileSync('pgrep', ['-o', '-f', '--', `--db ${database}`], { encoding: 'utf8' }).trim();
    execFileSync('python3', [join(import.meta.dirname, 'close_window.py'), pid]);
    closed = true;
    const running = () => {
      try {
        execFileSync('pgrep', ['-f', '--', `--db ${database}`]);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && running(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(running(), false, 'the app ended with its window');
    const previews = join(process.env.XDG_CACHE_HOME, APP_ID);
    const left = files(previews).filter((f) => f.endsWith('.pdf') || f.endsWith('.eml'));
    assert.deepEqual(left, [], 'sheets and drafts left in the cache after exit');

    // 7. No demo surname, nor the erased person's e-mail or phone, in any file the app keeps
    // beside its encrypted databases (logs, WebKit's storage and caches, settings).
    const surnames = [...new Set(people.map((p) => p.lastName).filter((n) => n.length >= 4))];
    const needles = [...surnames.map(fold), fold(contact), fold(email), phone, phone.replace(/\D/g, '')].filter((n) => n.length >= 4);
    const folders = ['XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME'].map((v) => join(process.env[v], APP_ID));
    const scanned = folders.flatMap(files).filter((f) => f !== database && !encryptedDatabase(f));
    assert.ok(scanned.length > 0, 'the app keeps files (its log at least) to scan');
    const found = scanned.flatMap((file) => personal(file, needles));
    // The same search finds the person in the files exported for them (it can fail).
    assert.ok(personal(dataFile, [fold(withdrawing.lastName)]).length > 0, 'the scan finds a name where there is one');
    console.log(`${scanned.length} files scanned under the app's folders, ${needles.length} names and numbers sought`);
    assert.deepEqual(found, [], 'personal data in clear outside the database');
  } catch (error) {
    if (!closed) await screenshot(app, '99-protection-echec').catch(() => {});
    throw error;
  } finally {
    // After a clean exit the driver has no window left to close: its answer does not matter.
    await app.deleteSession().catch((error) => assert.ok(closed, String(error)));
  }
});
