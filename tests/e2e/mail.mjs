// The mail servers of the end-to-end scenarios, on loopback: the SMTP server the app sends
// through (smtp_server.py, aiosmtpd) and the IMAP server it reads the employers' replies
// from (imap_server.py, Dovecot); and Paramètres → Messagerie filled in.
import { spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { click, fill, waitFor } from './lib.mjs';

export const USER = 'conseillere.quimper';
export const PASSWORD = 'Mot-de-passe-SMTP-2026';
export const FROM = 'conseillere@agence-quimper.example';

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Debian's python3 (the one with python3-aiosmtpd), whatever python3 comes first on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * Starts the loopback SMTP server; resolves once it listens. `tls`: `starttls` or `tls`
 * with the certificate `cert` of session.sh (`trusted` or `untrusted`).
 */
export async function startSmtp(folder, tls = null, cert = 'trusted') {
  const port = await freePort();
  const args = ['--port', String(port), '--dir', folder, '--user', USER, '--password', PASSWORD];
  if (tls) {
    const base = join(process.env.E2E_TLS, cert);
    args.push('--mode', tls, '--cert', `${base}.pem`, '--key', `${base}.key`);
  }
  const child = spawn(PYTHON, [join(import.meta.dirname, 'smtp_server.py'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`SMTP server exited (${code}): is python3-aiosmtpd installed?`)));
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('ready')) resolve();
    });
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/** The messages received so far, oldest first (their JSON summaries). */
export function received(folder) {
  return readdirSync(folder)
    .filter((f) => /^\d+\.json$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')));
}

export async function waitForMessages(app, folder, count) {
  await app.waitUntil(async () => received(folder).length >= count, {
    timeout: 15000,
    timeoutMsg: `${count} message(s) expected at the SMTP server`,
  });
  return received(folder);
}


export async function saveMailSettings(app, password, { host = '127.0.0.1', security = 'none', port = app.smtpPort } = {}) {
  await click(app, 'nav-parametres');
  await waitFor(app, 'settings-mail-form');
  await fill(app, 'field-host', host);
  await (await waitFor(app, 'field-security')).selectByAttribute('value', security);
  await fill(app, 'field-port', String(port));
  await fill(app, 'field-username', USER);
  await fill(app, 'field-password', password);
  await fill(app, 'field-fromAddress', FROM);
  await click(app, 'settings-mail-save');
  await waitFor(app, 'settings-mail-saved');
}


/** The inbox's account on the loopback Dovecot. */
export const IMAP_USER = 'conseillere.quimper';
export const IMAP_PASSWORD = 'Mot-de-passe-IMAP-2026';

/**
 * Starts a private Dovecot on loopback (STARTTLS on `starttls`, IMAPS on `tls`) with the
 * certificate `cert` of session.sh (`trusted` or `untrusted`); resolves once it answers.
 * `deliver(name, message)` puts a message in its inbox; `files()` lists the inbox's files
 * with their flags (`:2,S` is « read »).
 */
export async function startImap(cert = 'trusted') {
  const base = join(process.env.E2E_TLS, cert);
  // Dovecot takes two ports, the one drawn and the next: another socket may hold the next
  // (a run met « Address already in use »), so both are checked, and a start that fails
  // all the same is tried again on two other ports.
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePair();
    const args = ['--port', String(port), '--user', IMAP_USER, '--password', IMAP_PASSWORD];
    args.push('--cert', `${base}.pem`, '--key', `${base}.key`);
    const child = spawn(PYTHON, [join(import.meta.dirname, 'imap_server.py'), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      return imapServer(child, await imapReady(child));
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** A free port below 65,000 whose next one is free too. */
async function freePair() {
  for (;;) {
    const port = await freePort();
    if (port > 65000) continue;
    const next = await new Promise((resolve) => {
      const server = createServer();
      server.on('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (next) return port;
  }
}

/** The words of the IMAP server's « ready » line, once it answers. */
function imapReady(child) {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`IMAP server exited (${code}): is dovecot-imapd installed, and are we root?`)));
    child.stdout.on('data', (chunk) => {
      const line = String(chunk).split('\n').find((l) => l.startsWith('ready'));
      if (line) resolve(line.trim().split(/\s+/));
    });
  });
}

function imapServer(child, ready) {
  const [, starttls, tls, maildir, uid, gid] = ready;
  return {
    starttls: Number(starttls),
    tls: Number(tls),
    deliver(name, message) {
      const path = join(maildir, 'new', `${name}.profilence-e2e`);
      writeFileSync(path, message);
      chownSync(path, Number(uid), Number(gid));
    },
    files: () => ['new', 'cur'].flatMap((sub) => readdirSync(join(maildir, sub))),
    stop: () => child.stdin.end(),
  };
}

/** Paramètres → « Réponses des employeurs »: the inbox saved. */
export async function saveInboxSettings(app, { port, password = IMAP_PASSWORD, security = 'tls', host = 'localhost' }) {
  await click(app, 'nav-parametres');
  await waitFor(app, 'settings-inbox-form');
  await fill(app, 'field-imapHost', host);
  await (await waitFor(app, 'field-imapSecurity')).selectByAttribute('value', security);
  await fill(app, 'field-imapPort', String(port));
  await fill(app, 'field-imapUsername', IMAP_USER);
  await fill(app, 'field-imapPassword', password);
  await click(app, 'settings-inbox-save');
  await waitFor(app, 'settings-inbox-saved');
}
