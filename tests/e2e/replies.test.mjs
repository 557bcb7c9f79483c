// Employers' answers in the real window (issue 20), against real servers on loopback: a
// promotion e-mailed through the SMTP server carries one-click answers (its HTML part
// rendered in the window's webview and looked at); the employer's one-click answer, a plain
// reply naming the sent e-mail in In-Reply-To and a newsletter are delivered to a private
// Dovecot; « Relever maintenant » reads them, the answer is confirmed in one click on
// Relances and the promotion becomes « Employeur intéressé », the plain reply is read;
// reading again adds nothing; nothing is marked read on the server; a wrong IMAP password
// and a certificate nobody vouches for are said in French.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, click, fill, launch, openCandidate, pickOption, screenshot, startWith, text, timelineItem, waitFor, send } from './lib.mjs';
import {
  IMAP_PASSWORD,
  PASSWORD,
  saveInboxSettings,
  saveMailSettings,
  startImap,
  startSmtp,
  waitForMessages,
} from './mail.mjs';

const COMPANY = ['Conserverie de Douarnenez', '57389805396453', 'Anne Le Bihan', 'anne.lebihan@conserverie-dz.example'];

/** An RFC 2047 word: UTF-8, base64. */
const encoded = (text) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

function message({ from, subject, id, inReplyTo = null, body }) {
  const headers = [
    `From: ${from}`,
    'To: conseillere@agence-quimper.example',
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

/** Renders `html` in the window's webview, above the app, as a mail client shows it. */
async function showEmail(app, html) {
  await app.execute((source) => {
    const frame = document.createElement('iframe');
    frame.id = 'e2e-email';
    frame.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;border:0;background:#fff;z-index:99999';
    frame.srcdoc = source;
    document.body.appendChild(frame);
  }, html);
  await app.waitUntil(
    () => app.execute(() => document.getElementById('e2e-email')?.contentDocument?.querySelectorAll('a[href^="mailto:"]').length ?? 0),
    { timeout: 10000, timeoutMsg: 'the e-mail did not render in the webview' },
  );
  return app.execute(() =>
    [...document.getElementById('e2e-email').contentDocument.querySelectorAll('a[href^="mailto:"]')].map((a) => ({
      text: a.textContent.trim(),
      href: a.getAttribute('href'),
      visible: a.getBoundingClientRect().width > 0,
    })),
  );
}

/** « Relever maintenant », once it can be pressed: Paramètres shows it disabled until the
 * inbox's settings are read, and a click on it then is lost (a fresh clone met that). */
async function checkNow(app) {
  await (await waitFor(app, 'inbox-check-now')).waitForEnabled({ timeout: 15000 });
  await click(app, 'inbox-check-now');
}

test('one-click answers by e-mail, read from a real IMAP server and confirmed in one click', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'replies-'));
  const mails = join(dir, 'mails');
  mkdirSync(mails);
  // Each server stopped whatever happens next: one left running kept the test's process
  // alive, and the suite waited for it (a server that failed to start did that once).
  const servers = [];
  let app;
  try {
    const smtp = await startSmtp(mails);
    servers.push(smtp);
    const imap = await startImap();
    servers.push(imap);
    const untrustedImap = await startImap('untrusted');
    servers.push(untrustedImap);
    app = await launch(['--db', join(dir, 'replies.db')]);
    app.smtpPort = smtp.port;
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');
    await saveMailSettings(app, PASSWORD);

    // A company whose contact has an e-mail, and a candidate promoted to it by e-mail.
    await click(app, 'nav-entreprises');
    await click(app, 'company-add');
    await fill(app, 'field-name', COMPANY[0]);
    await fill(app, 'field-siret', COMPANY[1]);
    await fill(app, 'field-commune', 'Douarnenez');
    await click(app, 'contact-add');
    await fill(app, 'field-contacts.0.name', COMPANY[2]);
    await fill(app, 'field-contacts.0.email', COMPANY[3]);
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');
    await openCandidate(app, 'valid');
    const firstName = (await (await waitFor(app, 'field-firstName')).getValue()).trim();
    await click(app, 'candidate-promote');
    await fill(app, 'promote-search', 'Douarnenez');
    await (await pickOption(app, COMPANY[0])).click();
    await send(app);
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée par e-mail/);
    const [sent] = await waitForMessages(app, mails, 1);
    assert.ok(sent.text.includes('Votre réponse en un clic'), 'the plain-text part offers the answers');
    assert.ok(sent.html.includes('Je souhaite rencontrer cette personne'), 'the HTML part has the buttons');

    // The HTML e-mail as a mail client renders it, in the webview.
    const links = await showEmail(app, sent.html);
    await screenshot(app, '110-email-reponses-en-un-clic');
    await app.execute(() => document.getElementById('e2e-email').remove());
    const meet = links.find((l) => l.text === 'Je souhaite rencontrer cette personne');
    assert.ok(meet?.visible, `the « meet » button shows: ${JSON.stringify(links)}`);
    assert.ok(links.length >= 10, 'three answers and the refusal reasons');
    const url = new URL(meet.href);
    // To the counsellor's own address (Paramètres, the demo's Claire Morel), as Reply-To.
    assert.equal(url.pathname, 'claire.morel@agence.example', 'the answer goes back to the counsellor');
    const subject = url.searchParams.get('subject');
    assert.match(subject, /^Réponse \[PRF-[0-9A-F]{12}\/RENCONTRE\] Je souhaite rencontrer cette personne$/);
    assert.match(url.searchParams.get('body'), new RegExp(`Je souhaite rencontrer ${firstName}\\.`));

    // The employer's answers arrive in the counsellor's inbox, with a newsletter.
    imap.deliver('1', message({
      from: `${COMPANY[2]} <${COMPANY[3]}>`,
      subject: encoded(subject),
      id: 'reponse-1@conserverie-dz.example',
      body: `Bonjour,\n\nJe souhaite rencontrer ${firstName}. Jeudi à 14 h ?\n`,
    }));
    imap.deliver('2', message({
      from: COMPANY[3],
      subject: 'RE: Proposition de candidature',
      id: 'reponse-2@conserverie-dz.example',
      inReplyTo: sent.messageId.replace(/[<>]/g, ''),
      body: "Merci, je transmets au chef d'atelier.\n\nLe 30/11/2026, la conseillère a écrit :\n> Bonjour,\n",
    }));
    imap.deliver('3', message({ from: 'info@cci-quimper.example', subject: 'Lettre de la CCI', id: 'lettre@cci.example', body: 'Agenda.' }));

    // Paramètres: the inbox, its password in the keychain; « Relever maintenant ».
    await saveInboxSettings(app, { port: imap.tls });
    const inKeychain = execFileSync('secret-tool', ['lookup', 'service', 'fr.profilence.app', 'username', 'imap-password'], { encoding: 'utf8' });
    assert.equal(inKeychain.trim(), IMAP_PASSWORD);
    await checkNow(app);
    assert.equal(await text(app, 'inbox-check-result'), '3 messages lus : 1 réponse en un clic et 1 réponse libre, à traiter dans Relances.');
    await (await byId(app, 'settings-inbox')).scrollIntoView();
    await screenshot(app, '111-parametres-boite-de-reception');
    assert.equal(imap.files().length, 3, 'nothing deleted or moved away');
    assert.ok(imap.files().every((f) => !/:2,.*S/.test(f)), `nothing marked read: ${imap.files()}`);

    // Relances: the answer proposed, confirmed in one click.
    await click(app, 'nav-relances');
    await waitFor(app, 'employer-replies-list');
    // Read in the page at once (one WebDriver call, not one per card).
    const cards = await app.execute(() =>
      [...document.querySelectorAll('li[data-testid^="employer-reply-"]')].map((li) => ({ id: li.dataset.testid.split('-').pop(), text: li.innerText })),
    );
    const answer = cards.find((c) => /réponse en un clic/i.test(c.text));
    const plain = cards.find((c) => /réponse libre/i.test(c.text));
    assert.ok(cards.length === 2 && answer && plain, JSON.stringify(cards));
    assert.match(answer.text, /« Je souhaite rencontrer cette personne » — propose : Employeur intéressé/);
    assert.match(answer.text, /Jeudi à 14 h \?/);
    assert.match(plain.text, /Merci, je transmets au chef d'atelier\./);
    assert.doesNotMatch(plain.text, /la conseillère a écrit/, 'the quoted message is left out');
    await screenshot(app, '112-relances-reponses');
    await click(app, `reply-confirm-${answer.id}`);
    await app.waitUntil(
      () => app.execute(() => document.querySelectorAll('li[data-testid^="employer-reply-"]').length === 1),
      { timeout: 10000, timeoutMsg: 'the confirmed answer should leave the list' },
    );
    await click(app, `reply-close-${plain.id}`);
    await waitFor(app, 'employer-replies-empty');

    // The promotion is « Employeur intéressé », the replies on its timeline.
    await openCandidate(app, 'valid');
    const item = await timelineItem(app, COMPANY[0]);
    assert.match(await (await item.$('[data-testid="timeline-status"]')).getText(), /Employeur intéressé/i);
    assert.match(await item.getText(), /Réponse reçue par e-mail de Anne Le Bihan/);
    assert.equal((await item.$$('[data-testid="timeline-reply"]')).length, 2);
    await item.scrollIntoView({ block: 'center' });
    await screenshot(app, '113-historique-reponse-confirmee');

    // Reading again adds nothing.
    await click(app, 'nav-parametres');
    await checkNow(app);
    assert.match(await text(app, 'inbox-check-result'), /^0 message lu : aucune nouvelle réponse/);

    // A wrong password, then a certificate nobody vouches for: said in French.
    await saveInboxSettings(app, { port: imap.tls, password: 'pas-le-bon' });
    await checkNow(app);
    assert.match(await text(app, 'inbox-check-result'), /refuse l'identifiant ou le mot de passe/);
    await saveInboxSettings(app, { port: untrustedImap.tls });
    await checkNow(app);
    const refused = await text(app, 'inbox-check-result');
    assert.match(refused, /le certificat du serveur n'est pas reconnu par cet ordinateur/);
    await (await byId(app, 'inbox-check-result')).scrollIntoView({ block: 'center' });
    await screenshot(app, '114-boite-certificat-refuse');
  } finally {
    await app?.deleteSession();
    for (const server of servers) server.stop();
  }
});
