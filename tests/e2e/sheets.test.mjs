// Profile sheets and sending in the real window, on demo data, against a real SMTP server
// started on loopback by the test (aiosmtpd): the mail settings with the password in the
// keychain, an anonymised promotion e-mailed with its sheet (the message and the PDF as
// received, checked with poppler), a refusal left a draft with the server's words then
// sent from the timeline, a draft for the mail client confirmed, the sheet opened to print,
// and a batch of sheets into a folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  byId,
  click,
  counter,
  fill,
  filterConsent,
  launch,
  openCandidate,
  opened,
  pick,
  pickOption,
  screenshot,
  text,
  timelineItem,
  waitFor, startWith, send } from './lib.mjs';
import { FROM, PASSWORD, USER, received, saveMailSettings, startSmtp, waitForMessages } from './mail.mjs';

const COMPANIES = [
  ['Crêperie Ty Gwechall', '57389805396453', 'Gaëlle Riou', 'gaelle.riou@ty-gwechall.example'],
  ['Hôtel de l’Odet', '91294770237773', 'Yann Cornec', 'yann.cornec@hotel-odet.example'],
  ['Biscuiterie de Locronan', '78873627056457', 'Nolwenn Guivarc’h', 'nolwenn@biscuiterie-locronan.example'],
];

/** What poppler says of a PDF: its page count, fonts and text. */
function poppler(path) {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
    fonts: execFileSync('pdffonts', [path], { encoding: 'utf8' }),
    text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }),
  };
}

/** Every font embedded and subsetted (`ABCDEF+Name`, emb/sub/uni yes). */
function assertSubsetted(fonts) {
  const lines = fonts.split('\n').slice(2).filter((l) => l.trim() !== '');
  assert.ok(lines.length > 0, fonts);
  for (const line of lines) {
    assert.match(line, /^[A-Z]{6}\+NotoSans-\S+/, line);
    assert.match(line, /yes\s+yes\s+yes\s+\d+\s+\d+\s*$/, line);
  }
}


/** Promotes the open candidate to `company` with the default delivery; `extra` clicks before sending. */
async function promote(app, company, extra = []) {
  const steps = counter(app);
  await steps.click('candidate-promote');
  await steps.fill('promote-search', company.split(' ').pop());
  await steps.tick(await pickOption(app, company));
  for (const id of extra) await steps.click(id);
  await send(app, () => steps.click('promote-send'));
  return steps.count;
}

test('sheets e-mailed to a loopback SMTP server, a refusal, a draft, printing and a batch', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'sheets-'));
  const mails = join(dir, 'mails');
  mkdirSync(mails);
  const smtp = await startSmtp(mails);
  const app = await launch(['--db', join(dir, 'sheets.db')]);
  app.smtpPort = smtp.port;
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');

    // Paramètres → Messagerie: the password goes to the keychain, the connection works.
    await saveMailSettings(app, PASSWORD);
    assert.match(await text(app, 'mail-password-state'), /Enregistré dans le trousseau/);
    assert.equal(await (await byId(app, 'field-password')).getValue(), '', 'the password is never shown back');
    const inKeychain = execFileSync('secret-tool', ['lookup', 'service', 'fr.profilence.app', 'username', 'smtp-password'], {
      encoding: 'utf8',
    });
    assert.equal(inKeychain.trim(), PASSWORD);
    await click(app, 'settings-mail-test');
    assert.match(await text(app, 'settings-mail-test-result'), /Connexion réussie à 127\.0\.0\.1/);
    await (await byId(app, 'settings-mail')).scrollIntoView();
    await screenshot(app, '70-parametres-messagerie');

    // Three companies, each with a contact who has an e-mail address.
    await click(app, 'nav-entreprises');
    for (const [name, siret, contact, email] of COMPANIES) {
      await click(app, 'company-add');
      await fill(app, 'field-name', name);
      await fill(app, 'field-siret', siret);
      await fill(app, 'field-commune', 'Quimper');
      await click(app, 'contact-add');
      await fill(app, 'field-contacts.0.name', contact);
      await fill(app, 'field-contacts.0.email', email);
      await click(app, 'form-submit');
      await waitFor(app, 'notice-success');
    }

    // An anonymised promotion, e-mailed by Profilence: 5 interactions from the candidate's page.
    await openCandidate(app, 'valid');
    const lastName = (await (await waitFor(app, 'field-lastName')).getValue()).trim();
    assert.ok(lastName.length > 1);
    await click(app, 'candidate-promote');
    await fill(app, 'promote-search', 'Gwechall');
    await (await pickOption(app, COMPANIES[0][0])).click();
    await click(app, 'promote-anonymous');
    assert.equal(await (await byId(app, 'promote-delivery-email')).isSelected(), true, 'e-mail is the default once set up');
    await app.waitUntil(async () => (await text(app, 'promote-preview')).includes('Candidat·e'), { timeout: 10000 });
    await screenshot(app, '71-promouvoir-fiche-anonymisee');
    await click(app, 'promote-cancel');
    const steps = await promote(app, COMPANIES[0][0], ['promote-anonymous']);
    assert.ok(steps <= 6, `${steps} interactions to send one company an anonymised sheet by e-mail`);
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée par e-mail/);

    const [first] = await waitForMessages(app, mails, 1);
    assert.equal(first.login, USER, 'authenticated with the keychain password');
    assert.deepEqual(first.rcptTos, [COMPANIES[0][3]]);
    assert.match(first.from, new RegExp(FROM.replace('.', '\\.')));
    assert.match(first.subject, /^Proposition de candidature : /);
    assert.match(first.text, /Candidat·e/);
    assert.ok(!first.text.includes(lastName), 'the message does not name the candidate');
    assert.equal(first.attachments.length, 1);
    assert.equal(first.attachments[0].contentType, 'application/pdf');
    assert.match(first.attachments[0].filename, /^fiche-profil-candidat-e-[a-z]-.+\.pdf$/);
    const pdf = poppler(first.attachments[0].path);
    assert.equal(pdf.pages, 1);
    assertSubsetted(pdf.fonts);
    assert.match(pdf.text, /FICHE PROFIL ANONYMISÉE/);
    assert.match(pdf.text, new RegExp(`À l'attention de ${COMPANIES[0][0]} — ${COMPANIES[0][2]}`));
    assert.ok(!pdf.text.toLowerCase().includes(lastName.toLowerCase()), `"${lastName}" in the anonymised sheet`);
    assert.ok(!/@/.test(pdf.text.replace(/\S+@agence[^\s]*/g, '')), 'no e-mail but the counsellor’s');

    // The timeline keeps the sheet and the sending; the sheet opens in the PDF viewer.
    const item = await timelineItem(app, COMPANIES[0][0]);
    assert.match(await (await item.$('[data-testid="timeline-status"]')).getText(), /Envoyée/i);
    assert.match(await (await item.$('[data-testid="timeline-sheet"]')).getText(), /Fiche profil anonymisée · \d+ Ko/);
    assert.match(await item.getText(), /Envoyée par e-mail à/);
    // (Earlier scenarios of the run opened files too: only what this click opens counts.)
    const openedBefore = opened().length;
    await (await item.$('[data-testid="timeline-sheet-open"]')).click();
    await app.waitUntil(async () => opened().slice(openedBefore).some((p) => p.endsWith('.pdf')), { timeout: 10000 });
    const printed = opened().slice(openedBefore).find((p) => p.endsWith('.pdf'));
    assert.equal(poppler(printed).pages, 1);
    await item.scrollIntoView({ block: 'center' });
    await screenshot(app, '72-historique-fiche-envoyee');

    // A wrong password: the server refuses, the promotion stays a draft with its words.
    await saveMailSettings(app, 'pas-le-bon');
    await openCandidate(app, 'valid');
    await promote(app, COMPANIES[1][0]);
    const refusal = await text(app, 'promote-send-error');
    assert.match(refusal, /535/);
    assert.match(refusal, /restent en brouillon/);
    const refused = await timelineItem(app, COMPANIES[1][0]);
    assert.match(await (await refused.$('[data-testid="timeline-status"]')).getText(), /Brouillon/i);
    assert.match(await refused.getText(), /Échec de l'envoi par e-mail/);
    await screenshot(app, '73-envoi-refuse');
    assert.equal(received(mails).length, 1, 'nothing reached the server');

    // The right password again, and the draft sent from the timeline.
    await saveMailSettings(app, PASSWORD);
    await openCandidate(app, 'valid');
    await (await (await timelineItem(app, COMPANIES[1][0])).$('[data-testid="timeline-send-email"]')).click();
    await app.waitUntil(async () => /Envoyée par e-mail/.test(await text(app, 'timeline-outcome')), { timeout: 15000 });
    const second = (await waitForMessages(app, mails, 2))[1];
    assert.deepEqual(second.rcptTos, [COMPANIES[1][3]]);
    assert.match(second.attachments[0].filename, /^fiche-profil-.+\.pdf$/);
    assert.ok(poppler(second.attachments[0].path).text.includes(lastName), 'a named sheet names the candidate');

    // A draft for the mail client: an .eml with the sheet, marked sent once confirmed.
    const before = opened().length;
    await promote(app, COMPANIES[2][0], ['promote-delivery-draft']);
    await waitFor(app, 'promote-drafts-opened');
    const eml = opened().slice(before).find((p) => p.endsWith('.eml'));
    assert.ok(eml, `an .eml opened: ${opened().slice(before)}`);
    const draft = readFileSync(eml, 'utf8');
    assert.match(draft, /^X-Unsent: 1/m);
    assert.match(draft, new RegExp(`^To: .*${COMPANIES[2][3]}`, 'm'));
    assert.match(draft, /Content-Type: application\/pdf/);
    assert.match(await (await (await timelineItem(app, COMPANIES[2][0])).$('[data-testid="timeline-status"]')).getText(), /Brouillon/i);
    await screenshot(app, '74-brouillon-ouvert');
    await click(app, 'promote-drafts-confirm');
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée/);
    await app.waitUntil(
      async () => /Envoyée/i.test(await (await (await timelineItem(app, COMPANIES[2][0])).$('[data-testid="timeline-status"]')).getText()),
      { timeout: 10000 },
    );
    assert.equal(received(mails).length, 2, 'a draft is sent by the mail client, not by Profilence');

    // Encrypted, as an agency's server is: STARTTLS to a server whose certificate the system
    // trusts (SSL_CERT_FILE, session.sh), a message sent through it; TLS from the start; and
    // a certificate nobody vouches for, refused before the password is sent.
    const secureMails = join(dir, 'mails-tls');
    const servers = [
      await startSmtp(secureMails, 'starttls'),
      await startSmtp(join(dir, 'mails-smtps'), 'tls'),
      await startSmtp(join(dir, 'mails-untrusted'), 'starttls', 'untrusted'),
    ];
    try {
      const [starttls, smtps, untrusted] = servers;
      await saveMailSettings(app, PASSWORD, { host: 'localhost', security: 'startTls', port: starttls.port });
      await click(app, 'settings-mail-test');
      assert.match(await text(app, 'settings-mail-test-result'), /Connexion réussie à localhost/);
      await openCandidate(app, 'valid', 1);
      await promote(app, COMPANIES[0][0]);
      assert.match(await text(app, 'promote-done'), /1 promotion envoyée par e-mail/);
      const [overTls] = await waitForMessages(app, secureMails, 1);
      assert.equal(overTls.tls, true, 'the message came over STARTTLS');
      assert.equal(overTls.login, USER);
      assert.deepEqual(overTls.rcptTos, [COMPANIES[0][3]]);
      assert.equal(poppler(overTls.attachments[0].path).pages, 1);

      await saveMailSettings(app, PASSWORD, { host: 'localhost', security: 'tls', port: smtps.port });
      await click(app, 'settings-mail-test');
      assert.match(await text(app, 'settings-mail-test-result'), /Connexion réussie à localhost/);

      await saveMailSettings(app, PASSWORD, { host: 'localhost', security: 'startTls', port: untrusted.port });
      await click(app, 'settings-mail-test');
      const refusedCertificate = await text(app, 'settings-mail-test-result');
      assert.match(refusedCertificate, /impossible : le certificat du serveur n'est pas reconnu par cet ordinateur/);
      assert.match(refusedCertificate, /certificate verify failed/);
      await (await waitFor(app, 'settings-mail-test-result')).scrollIntoView({ block: 'center' });
      await screenshot(app, '75-certificat-refuse');
    } finally {
      for (const server of servers) server.stop();
    }

    // Sheets of three candidates into a folder, anonymised, with progress; one whose consent
    // expired gets none.
    await click(app, 'nav-vivier');
    await waitFor(app, 'candidates-table');
    const tick = async (consent, count) => {
      await filterConsent(app, consent, count);
      const boxes = await app.$$('[data-testid="candidate-select"]');
      for (const box of boxes.slice(0, count)) await box.click();
    };
    await tick('valid', 3);
    await tick('expired', 1);
    await click(app, 'candidates-bulk-sheets');
    await waitFor(app, 'sheets-batch-dialog');
    const folder = join(dir, 'fiches');
    await pick(app, 'sheets-batch-browse', 'sheets-batch-folder', folder);
    await click(app, 'sheets-batch-anonymous');
    await click(app, 'sheets-batch-start');
    const done = await text(app, 'sheets-batch-done');
    assert.match(done, /3 fiches écrites sur 4/);
    assert.match(done, /Non écrites : .*\(consentement non valide\)/);
    assert.match(await text(app, 'sheets-batch-progress'), /4 sur 4/);
    await screenshot(app, '76-fiches-dans-un-dossier');
    const files = readdirSync(folder).filter((f) => f.endsWith('.pdf'));
    assert.equal(files.length, 3);
    for (const file of files) {
      assert.match(file, /^fiche-profil-candidat-e-/);
      assert.equal(poppler(join(folder, file)).pages, 1);
    }
    await click(app, 'sheets-batch-close');
  } catch (error) {
    await screenshot(app, '79-echec-fiches');
    throw error;
  } finally {
    await app.deleteSession();
    smtp.stop();
  }
});
