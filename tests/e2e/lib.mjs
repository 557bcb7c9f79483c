// Shared helpers of the end-to-end scenarios: launching the real app through tauri-driver,
// finding elements by data-testid, screenshots of the virtual screen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { remote } from 'webdriverio';

export const artifacts = process.env.E2E_ARTIFACTS;
const application = process.env.PROFILENCE_APP;
if (!application || !artifacts) throw new Error('run the scenarios through tests/e2e/run.sh');

/**
 * Starts the app (one WebDriver session = one app process) through the tauri-driver on
 * `port` (a second window needs a driver of its own). Its demo is always the same
 * (`--demo-seed`): a random one could hold a record a scenario's search also finds.
 */
export async function launch(args = [], port = Number(process.env.E2E_PORT ?? 4444)) {
  return remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryCount: 1,
    capabilities: { 'tauri:options': { application, args: [...args, '--demo-seed', '20261206'] } },
  });
}

export const byId = (app, id) => app.$(`[data-testid="${id}"]`);

export async function waitFor(app, id, timeout = 15000) {
  const element = await byId(app, id);
  try {
    await element.waitForDisplayed({ timeout, timeoutMsg: `"${id}" not shown within ${timeout} ms` });
  } catch (error) {
    error.message += await alertsOf(app);
    throw error;
  }
  return element;
}

/** What the page's alerts say (errors, warnings), for a failure's message: a CI log is all
 * there is to read of a run that failed there. */
async function alertsOf(app) {
  try {
    const alerts = await app.execute(() =>
      [...document.querySelectorAll('[role="alert"], .fr-alert')].map((a) => a.innerText.trim()).filter(Boolean),
    );
    return alerts.length > 0 ? `; the page's alerts: ${alerts.join(' | ')}` : '; no alert on the page';
  } catch {
    return '';
  }
}

export async function click(app, id) {
  const element = await waitFor(app, id);
  await element.click();
}

/**
 * The first-launch choice (`demo` or `empty`), then « Plus tard » at the recovery code
 * step that follows it (the backups scenario makes a code there).
 */
export async function startWith(app, choice) {
  // A new app on a busy machine (the full suite, CI) can take more than 15 s to show it.
  await (await waitFor(app, `onboarding-${choice}`, 60000)).click();
  await (await waitFor(app, 'onboarding-code-later', 90000)).click();
}

/** Inputs whose value is the text typed (a date input's is not: it holds its own form). */
const TYPED = new Set(['text', 'search', 'email', 'tel', 'url', 'password']);

/**
 * Types into a field, replacing what it held, and checks that a text field holds it: on a
 * loaded machine (CI) WebKitWebDriver has been seen to lose a keystroke, which then fails
 * the scenario far away from its cause. A field that lost one is typed again (three tries).
 */
export async function fill(app, id, value) {
  const element = await waitFor(app, id);
  const type = (await element.getTagName()) === 'textarea' ? 'text' : ((await element.getAttribute('type')) ?? 'text');
  if (!TYPED.has(type)) {
    await element.clearValue();
    await element.setValue(value);
    return;
  }
  let held = '';
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await element.clearValue();
    await element.setValue(value);
    held = await element.getValue();
    if (held === value) return;
  }
  throw new Error(`"${id}" holds « ${held} » after typing « ${value} » three times`);
}

/**
 * Chooses `path` where the app writes (a batch of sheets, the dashboard's exports, the
 * import report). The app opens that dialog itself, from Rust, and keeps the choice; a
 * debug build reads the path written in the file `PROFILENCE_E2E_PICK` (set by run.sh)
 * instead of showing the native dialog. Writes the path there, clicks `button`, and
 * waits until the read-only `field` (when given) shows it.
 */
export async function pick(app, button, field, path) {
  const file = process.env.PROFILENCE_E2E_PICK;
  if (!file) throw new Error('PROFILENCE_E2E_PICK is not set: run the scenarios through tests/e2e/run.sh');
  writeFileSync(file, path);
  await click(app, button);
  if (field) {
    const element = await byId(app, field);
    await app.waitUntil(async () => (await element.getValue()) === path, {
      timeout: 10000,
      timeoutMsg: `"${field}" should show the path chosen`,
    });
  }
}

/** Sets a date or date-time input as a picker would (WebKit's typing into them is unreliable). */
export async function setDate(app, id, value) {
  const field = await waitFor(app, id);
  await app.execute(
    (element, v) => {
      element.value = v;
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
    },
    field,
    value,
  );
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

/**
 * The checkbox of the picker's option `name`, once the search has listed it (the search
 * takes any of its words: other options may be listed beside it).
 */
export async function pickOption(app, name) {
  let id = null;
  await app.waitUntil(
    async () =>
      (id = await app.execute((name) => {
        if (document.querySelector('.promote-options.is-loading')) return null;
        const option = [...document.querySelectorAll('[data-testid="promote-option"]')].find((o) =>
          o.querySelector('label')?.textContent.includes(name),
        );
        return option?.querySelector('[data-testid="promote-pick"]')?.id ?? null;
      }, name)) !== null,
    { timeout: 10000, timeoutMsg: `no option "${name}"` },
  );
  return app.$(`#${id}`);
}

/**
 * « Envoyer » of the Promouvoir panel, once it can be pressed; `press` makes the first
 * press (a scenario that counts a user's steps passes its own). A click WebKitGTK drops on
 * a loaded machine leaves the button as it was (it is disabled while sending): it is
 * pressed again, twice at most, not counted (fresh clones met it, and a CI run in the team
 * scenario). A click taken late may close the panel meanwhile: then nothing is pressed again.
 */
export async function send(app, press = () => click(app, 'promote-send')) {
  await (await byId(app, 'promote-send')).waitForEnabled({ timeout: 15000 });
  await press();
  for (let again = 0; again < 2 && !(await sendingStarted(app)); again += 1) {
    const button = await byId(app, 'promote-send');
    if (await button.isExisting()) await button.click().catch(() => {});
  }
}

/** Whether « Envoyer » was taken: sending, sent, a confirmation asked or a refusal said. */
async function sendingStarted(app) {
  const shown = async (id) => (await byId(app, id)).isDisplayed();
  try {
    await app.waitUntil(
      async () => {
        const button = await byId(app, 'promote-send');
        return (
          (await shown('promote-done')) ||
          (await shown('promote-confirm-dialog')) ||
          (await shown('promote-error')) ||
          (await shown('promote-send-error')) ||
          !(await button.isDisplayed()) ||
          !(await button.isEnabled())
        );
      },
      { timeout: 10000 },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * The Vivier's list filtered on consent `consent` (`valid` or `expired`), once the filtered
 * page is in: every row shows that consent, and there are `count` rows at least. (Waiting
 * for the other consent to be gone is not enough: a page of rows without expired consents
 * but with withdrawn ones, or an empty one while it loads, passes that at once.)
 */
export async function filterConsent(app, consent, count = 1) {
  await waitFor(app, 'candidates-table');
  if (!(await (await byId(app, 'filter-consent')).isDisplayed())) await click(app, 'filters-toggle');
  await (await waitFor(app, 'filter-consent')).selectByAttribute('value', consent);
  // Read in the page at once: fifty rows asked one by one take longer than the wait on a
  // busy machine.
  const marker = consent === 'valid' ? 'consent-valid' : 'consent-expired';
  await app.waitUntil(
    () =>
      app.execute(
        (marker, count) => {
          const rows = [...document.querySelectorAll('[data-testid="candidate-row"]')];
          return rows.length >= count && rows.every((row) => row.querySelector(`[data-testid="${marker}"]`) !== null);
        },
        marker,
        count,
      ),
    { timeout: 10000, timeoutMsg: `no list of candidates with consent ${consent}` },
  );
}

/** Opens the first candidate of the Vivier filtered on consent `consent`; returns their row text. */
export async function openCandidate(app, consent, index = 0) {
  await click(app, 'nav-vivier');
  await filterConsent(app, consent, index + 1);
  const rows = await app.$$('[data-testid="candidate-row"]');
  const row = rows[index];
  const label = await row.getText();
  await (await row.$('button')).click();
  await waitFor(app, 'candidate-promote');
  return label;
}

/** The paths the app asked the system to open, in order (tests/e2e/bin/xdg-open logs them). */
export function opened() {
  const log = process.env.E2E_OPENED;
  return log && existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** Counts what the counsellor does: clicks and typing. */
export function counter(app) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    click: async (id) => {
      count += 1;
      await click(app, id);
    },
    fill: async (id, value) => {
      count += 1;
      await fill(app, id, value);
    },
    tick: async (element) => {
      count += 1;
      await element.click();
    },
  };
}

/** Every element with data-testid `id`, with its text. */
export async function rows(app, id) {
  const found = [];
  for (const row of await app.$$(`[data-testid="${id}"]`)) found.push({ row, text: await row.getText() });
  return found;
}

/** The timeline item whose heading names `name`. */
export async function timelineItem(app, name) {
  for (const item of await app.$$('[data-testid="timeline-promotion"]')) {
    if ((await item.getText()).includes(name)) return item;
  }
  throw new Error(`no timeline item for "${name}"`);
}
