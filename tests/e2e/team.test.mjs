// Team mode in two real windows (issue 22): a PostgreSQL server on loopback set up with
// `profilence-cli team` (its database, the referentials, two agencies, two accounts); Claire
// joins from Paramètres with the demo on her desktop (what will be sent shown first, then
// sent in one go), her dashboard on the server shows what her desktop's showed, and the
// team's agencies side by side count her agency's promotions and none elsewhere; Léa
// joins from an empty one. Then, each in her own window: a candidate
// Claire enters is found by Léa; a company Claire promotes to shows the contact in Léa's
// monthly limit; Léa saves a candidate Claire has open, and Claire's save is refused with
// Léa's name, the form reloading what Léa saved. Léa goes back to her desktop's database.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import { artifacts, byId, choose, click, fill, launch, openCandidate, pick, pickOption, text, waitFor, startWith, send } from './lib.mjs';

const root = join(import.meta.dirname, '..', '..');
const cli = join(dirname(process.env.PROFILENCE_APP), 'profilence-cli');
const DATABASE = 'equipe_e2e';
const PASSWORD = 'Kouign-amann-2026';
const COMPANY = ['Crêperie Ty Breizh', '73282932000074'];

/** A PNG of one window's page (the two windows overlap on the virtual screen). */
async function shot(app, name) {
  await app.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await app.saveScreenshot(join(artifacts, `${name}.png`));
}

/** A throwaway PostgreSQL server (TLS with its own authority, passwords) on loopback. */
function startServer() {
  // Not under the test's home (its folders are its user's only): the server's user must
  // reach its data folder.
  const dir = mkdtempSync('/tmp/profilence-postgres.');
  execFileSync(join(root, 'scripts', 'postgres-test-server.sh'), ['start', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = new URL(/PROFILENCE_TEST_POSTGRES=(\S+)/.exec(readFileSync(join(dir, 'env'), 'utf8'))[1]);
  return { dir, port: url.port, adminPassword: decodeURIComponent(url.password), ca: join(dir, 'ca.crt') };
}

/** `profilence-cli team …` as the server's administrator. */
function team(server, args, env = {}) {
  const connection = ['--server', `postgres://profilence_admin@127.0.0.1:${server.port}/${DATABASE}`, '--ca', server.ca];
  return execFileSync(cli, ['team', ...args, ...connection], {
    encoding: 'utf8',
    env: { ...process.env, PROFILENCE_TEAM_PASSWORD: server.adminPassword, ...env },
  });
}

/** A second tauri-driver (one app window per driver), on `port` and the next one. */
async function secondDriver(port) {
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], { stdio: 'ignore' });
  for (let i = 0; i < 100; i += 1) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true));
      socket.on('error', () => resolve(false));
    });
    if (open) return driver;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  driver.kill();
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/** Paramètres → Équipe filled in for `account`, the authority's certificate chosen, and
 * « Vérifier » clicked; the preview's text. */
async function preview(app, server, account) {
  await click(app, 'nav-parametres');
  await fill(app, 'field-teamHost', '127.0.0.1');
  await fill(app, 'field-teamPort', server.port);
  await fill(app, 'field-teamDatabase', DATABASE);
  await fill(app, 'field-teamAccount', account);
  await fill(app, 'field-teamPassword', PASSWORD);
  await pick(app, 'team-certificate-choose', null, server.ca);
  await app.waitUntil(async () => (await text(app, 'team-certificate')).includes('ca.crt'), {
    timeout: 10000,
    timeoutMsg: 'the certificate chosen is not shown',
  });
  await click(app, 'team-preview');
  return (await waitFor(app, 'team-preview-result', 60000)).getText();
}

/** « Rejoindre l'équipe », then the counsellor's name in Paramètres (the team's settings
 * are each account's own). */
async function joinTeam(app, name) {
  await click(app, 'team-join');
  assert.match(await (await waitFor(app, 'start-summary', 120000)).getText(), /base de l’équipe|base de l'équipe/);
  await click(app, 'nav-parametres');
  await waitFor(app, 'team-account');
  await fill(app, 'field-name', name);
  await fill(app, 'field-agency', 'Agence de Rennes');
  await fill(app, 'field-email', `${name.toLowerCase().replace(/ /g, '.').normalize('NFD').replace(/[\u0300-\u036f]/g, '')}@agence.example`);
  await click(app, 'form-submit');
  await waitFor(app, 'notice-success');
}

/** Opens the candidate the Vivier's search finds for `words`. */
async function openFound(app, words) {
  await click(app, 'nav-vivier');
  await fill(app, 'candidates-search', words);
  await app.waitUntil(async () => (await app.$$('[data-testid="candidate-row"]')).length === 1, {
    timeout: 15000,
    timeoutMsg: `« ${words} » not found in the pool`,
  });
  await (await (await app.$('[data-testid="candidate-row"]')).$('button')).click();
  await waitFor(app, 'candidate-form');
}

test('two counsellors of one agency, two windows, one team server', async () => {
  const server = startServer();
  const port = Number(process.env.E2E_PORT ?? 4444) + 10;
  let driver;
  let claire;
  let lea;
  try {
    team(server, ['init', '--data']);
    team(server, ['agency', 'Agence de Rennes', '--territory', 'Bretagne']);
    team(server, ['agency', 'Agence de Saint-Malo', '--territory', 'Bretagne']);
    for (const account of ['claire.morel', 'lea.guillou']) {
      team(server, ['add-counsellor', account, '--agency', 'Agence de Rennes'], { PROFILENCE_COUNSELLOR_PASSWORD: PASSWORD });
    }
    const home = mkdtempSync(join(process.env.E2E_HOME, 'team-'));

    // Claire joins with the demo on her desktop: the preview says what goes, then it goes.
    claire = await launch(['--db', join(home, 'claire.db')]);
    await startWith(claire, 'demo');
    await waitFor(claire, 'candidates-table');
    const sent = await preview(claire, server, 'claire.morel');
    assert.match(sent, /60 candidat/);
    assert.match(sent, /25 entreprises/);
    assert.match(sent, /80 promotions/);
    await shot(claire, '70-equipe-apercu');
    await joinTeam(claire, 'Claire Morel');
    assert.match(await text(claire, 'team-indicator'), /Agence de Rennes/);
    assert.match(await text(claire, 'team-agency'), /Agence de Rennes/);
    await (await byId(claire, 'settings-team')).scrollIntoView({ block: 'start' });
    assert.match(await text(claire, 'settings-database-path'), new RegExp(`127\\.0\\.0\\.1:${server.port}/${DATABASE}`));
    await shot(claire, '71-equipe-parametres');
    const status = JSON.parse(team(server, ['status', '--json']));
    assert.equal(status.agencies[0].candidates, 60, 'the demo pool is on the server');

    // Her dashboard, now the agency's on the server, shows what the core computes on the
    // desktop's database she moved in (this month, the same records).
    const desktop = JSON.parse(execFileSync(cli, ['--db', join(home, 'claire.db'), 'stats', '--json'], { encoding: 'utf8' }));
    await click(claire, 'nav-tableau-de-bord');
    const figures = {
      'tile-promotions-value': 'promotions',
      'tile-hires-value': 'hires',
      'indicator-candidates': 'candidates',
      'indicator-pool': 'pool',
      'indicator-interviews': 'interviews',
      'indicator-answered': 'answered',
    };
    // French digits, spaces left out (ICU builds differ on them).
    const number = (n) => new Intl.NumberFormat('fr-FR').format(n).replace(/\s/g, '');
    const want = Object.fromEntries(Object.entries(figures).map(([id, key]) => [id, number(desktop.indicators[key])]));
    const seen = {};
    await claire
      .waitUntil(
        async () => {
          for (const id of Object.keys(figures)) seen[id] = (await text(claire, id)).replace(/\s/g, '');
          return Object.keys(want).every((id) => seen[id] === want[id]);
        },
        { timeout: 20000 },
      )
      .catch(() => assert.deepEqual(seen, want, 'the dashboard on the server against the desktop’s'));
    await shot(claire, '72-equipe-tableau-de-bord');

    // The team's agencies side by side: Rennes made every promotion of the month; Saint-Malo,
    // with no account yet, is there at zero; the team's total is Rennes's.
    await waitFor(claire, 'team-comparison-table', 20000);
    const agencies = await claire.$$('[data-testid="team-agency"]');
    const names = [];
    for (const agency of agencies) names.push(await agency.getAttribute('data-agency'));
    assert.deepEqual(names, ['Agence de Rennes', 'Agence de Saint-Malo']);
    const promotions = async (row) => (await (await row.$('[data-testid="team-agency-promotions"]')).getText()).replace(/\s/g, '');
    assert.equal(await promotions(agencies[0]), want['tile-promotions-value']);
    assert.equal(await promotions(agencies[1]), '0');
    assert.match(await agencies[0].getText(), /votre agence/i);
    assert.match(await agencies[1].getText(), /aucun compte/);
    assert.equal((await text(claire, 'team-total-promotions')).replace(/\s/g, ''), want['tile-promotions-value']);
    await (await claire.$('label[for="team-comparison-detailed"]')).click();
    await waitFor(claire, 'team-counsellor');
    await (await byId(claire, 'team-comparison')).scrollIntoView({ block: 'start' });
    await shot(claire, '76-equipe-agences');

    // Léa joins from an empty desktop, in a window of her own.
    driver = await secondDriver(port);
    lea = await launch(['--db', join(home, 'lea.db')], port);
    await startWith(lea, 'empty');
    assert.match(await preview(lea, server, 'lea.guillou'), /0 candidat/);
    await joinTeam(lea, 'Léa Guillou');

    // A candidate Claire enters is in Léa's pool.
    await click(claire, 'nav-vivier');
    await click(claire, 'candidate-add');
    await fill(claire, 'field-lastName', 'Quéméner');
    await fill(claire, 'field-firstName', 'Maëlys');
    await fill(claire, 'field-email', 'maelys.quemener@courriel.example');
    await fill(claire, 'field-phone', '06 71 82 93 04');
    await fill(claire, 'field-postcode', '35000');
    await fill(claire, 'field-commune', 'Rennes');
    await choose(claire, 'field-targetJobs', 'patiss', /^Pâtissier \/ Pâtissière/);
    await (await byId(claire, 'field-consentChannel')).selectByAttribute('value', 'written');
    await click(claire, 'form-submit');
    await waitFor(claire, 'notice-success');
    await openFound(lea, 'quemener');
    assert.equal(await (await byId(lea, 'field-firstName')).getValue(), 'Maëlys');
    await shot(lea, '73-equipe-trouvee-par-lea');

    // A company Claire promotes to: the contact counts in Léa's limit for it.
    await click(claire, 'nav-entreprises');
    await click(claire, 'company-add');
    await fill(claire, 'field-name', COMPANY[0]);
    await fill(claire, 'field-siret', COMPANY[1]);
    await fill(claire, 'field-commune', 'Rennes');
    await fill(claire, 'field-maxContactsPerMonth', '2');
    await click(claire, 'form-submit');
    await waitFor(claire, 'notice-success');
    await openFound(claire, 'quemener');
    await click(claire, 'candidate-promote');
    await fill(claire, 'promote-search', 'Breizh');
    await (await pickOption(claire, COMPANY[0])).click();
    await send(claire);
    // On the server, and a loaded machine: more than the 15 s of `text` has been seen.
    assert.match(await (await waitFor(claire, 'promote-done', 30000)).getText(), /1 promotion envoyée/);

    await openCandidate(lea, 'valid');
    await click(lea, 'candidate-promote');
    await fill(lea, 'promote-search', 'Breizh');
    await (await pickOption(lea, COMPANY[0])).click();
    assert.match(await text(lea, 'promote-contacts-month'), /1 contact ce mois-ci sur 2/);
    await shot(lea, '74-equipe-limite-de-contacts');
    await click(lea, 'promote-cancel');

    // Both open Maëlys's record; Léa saves first: Claire's save is refused with her name.
    await openFound(claire, 'quemener');
    await openFound(lea, 'quemener');
    await fill(lea, 'field-phone', '06 11 22 33 44');
    await click(lea, 'form-submit');
    await waitFor(lea, 'notice-success');
    await fill(claire, 'field-commune', 'Cesson-Sévigné');
    await click(claire, 'form-submit');
    const refusal = await text(claire, 'form-error');
    assert.match(refusal, /Léa Guillou a enregistré ce dossier/);
    await (await byId(claire, 'form-error')).scrollIntoView({ block: 'center' });
    await shot(claire, '75-equipe-conflit');
    await click(claire, 'form-reload');
    await claire.waitUntil(async () => (await (await byId(claire, 'field-phone')).getValue()).includes('11 22 33 44'), {
      timeout: 10000,
      timeoutMsg: 'the form did not reload what Léa saved',
    });

    // Léa goes back to her desktop's database: as it was when she joined (empty).
    await click(lea, 'nav-parametres');
    await click(lea, 'team-leave');
    await click(lea, 'team-leave-confirm');
    assert.match(await text(lea, 'start-summary'), /base de ce poste/);
    await waitFor(lea, 'candidates-empty');
    assert.equal(await (await byId(lea, 'team-indicator')).isExisting(), false);
  } finally {
    for (const app of [lea, claire]) await app?.deleteSession().catch(() => {});
    driver?.kill();
    execFileSync(join(root, 'scripts', 'postgres-test-server.sh'), ['stop', server.dir]);
  }
});
