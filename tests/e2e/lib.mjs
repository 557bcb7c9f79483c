// Shared helpers of the end-to-end scenarios: launching the real app through tauri-driver,
// finding elements by data-testid, screenshots of the virtual screen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { remote } from 'webdriverio';

export const artifacts = process.env.E2E_ARTIFACTS;
const application = process.env.PROFILENCE_APP;
if (!application || !artifacts) throw new Error('run the scenarios through tests/e2e/run.sh');

/** Starts the app (one WebDriver session = one app process). */
export async function launch(args = []) {
  return remote({
    hostname: '127.0.0.1',
    port: Number(process.env.E2E_PORT ?? 4444),
    logLevel: 'warn',
    connectionRetryCount: 1,
    capabilities: { 'tauri:options': { application, args } },
  });
}

export const byId = (app, id) => app.$(`[data-testid="${id}"]`);

export async function waitFor(app, id, timeout = 15000) {
  const element = await byId(app, id);
  await element.waitForDisplayed({ timeout, timeoutMsg: `"${id}" not shown within ${timeout} ms` });
  return element;
}

export async function click(app, id) {
  const element = await waitFor(app, id);
  await element.click();
}

/** Types into a field, replacing what it held. */
export async function fill(app, id, value) {
  const element = await waitFor(app, id);
  await element.clearValue();
  await element.setValue(value);
}

/** Types into a search-as-you-type field and picks the suggestion whose text matches. */
export async function choose(app, id, typed, pattern) {
  await fill(app, id, typed);
  await waitFor(app, `${id}-options`);
  const options = await app.$$(`[data-testid="${id}-option"]`);
  for (const option of options) {
    if (pattern.test(await option.getText())) {
      await option.click();
      return;
    }
  }
  throw new Error(`no suggestion matching ${pattern} for "${typed}"`);
}

export async function text(app, id) {
  return (await waitFor(app, id)).getText();
}

/** A PNG of the whole virtual screen, kept as a test artefact, once the webview has
 * painted what the DOM holds (two animation frames, then a short settle for X). */
export async function screenshot(app, name) {
  await app.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await app.pause(200);
  execFileSync('import', ['-window', 'root', `${artifacts}/${name}.png`]);
}

/** Every byte the database has on disk: the file and its write-ahead log. */
export function databaseBytes(path) {
  const parts = [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p));
  return Buffer.concat(parts);
}

/** Resident memory (KiB) of the processes whose command name starts with `name`. */
export function rssKiB(name) {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm && comm.startsWith(name))
      .reduce((sum, [rss]) => sum + Number(rss), 0);
  } catch {
    return 0;
  }
}
