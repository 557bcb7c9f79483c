// Pitch templates of one's own in the real window, on demo data: Paramètres → Modèles
// d'argumentaire, a template written with the merge-field chips (an unknown field refused
// first, with its name), exported to a file and imported back (nothing added twice), a file
// that is not ours refused in French, made the default of a candidate's domain, then
// found chosen in « Promouvoir » and e-mailed through the loopback SMTP server of the test: the
// subject and the text received carry the candidate's first name and the company's name.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { byId, click, fill, launch, openCandidate, pick, pickOption, screenshot, startWith, text, waitFor, send } from './lib.mjs';
import { PASSWORD, saveMailSettings, startSmtp, waitForMessages } from './mail.mjs';

const COMPANY = ['Boulangerie Le Corre', '73282932000074', 'Soizic Le Corre', 'soizic@boulangerie-lecorre.example'];
const TITLE = 'Métiers de bouche — Quimper';

/** Clicks the merge-field chip `field` (`{prénom}`) of the template editor. */
async function chip(app, field) {
  for (const button of await app.$$('[data-testid="template-chip"]')) {
    if ((await button.getText()).trim() === field) {
      await button.click();
      return;
    }
  }
  throw new Error(`no chip ${field}`);
}

test('a template written with chips, shared as a file, and used in « Promouvoir »', async () => {
  const dir = mkdtempSync(join(process.env.E2E_HOME, 'templates-'));
  const mails = join(dir, 'mails');
  mkdirSync(mails);
  const smtp = await startSmtp(mails);
  const app = await launch(['--db', join(dir, 'templates.db')]);
  app.smtpPort = smtp.port;
  try {
    await startWith(app, 'demo');
    await waitFor(app, 'candidates-table');
    await saveMailSettings(app, PASSWORD);

    // A company whose contact has an e-mail address.
    await click(app, 'nav-entreprises');
    await click(app, 'company-add');
    await fill(app, 'field-name', COMPANY[0]);
    await fill(app, 'field-siret', COMPANY[1]);
    await fill(app, 'field-commune', 'Quimper');
    await click(app, 'contact-add');
    await fill(app, 'field-contacts.0.name', COMPANY[2]);
    await fill(app, 'field-contacts.0.email', COMPANY[3]);
    await click(app, 'form-submit');
    await waitFor(app, 'notice-success');

    // Paramètres → Modèles d'argumentaire: the three built-in ones, none deletable.
    await click(app, 'nav-parametres');
    const section = await waitFor(app, 'settings-templates');
    await section.scrollIntoView();
    const rowsBefore = await app.$$('[data-testid="template-row"]');
    assert.equal(rowsBefore.length, 3);
    assert.equal((await app.$$('[data-testid="template-delete"]')).length, 0, 'built-in templates are not deleted');

    // A new template: the subject and the text written with the chips, where the cursor is.
    await click(app, 'template-new');
    await fill(app, 'field-title', TITLE);
    await fill(app, 'field-subject', 'Candidature de ');
    await chip(app, '{prénom}');
    await (await byId(app, 'field-subject')).addValue(' pour ');
    await chip(app, '{entreprise}');
    assert.equal(await (await byId(app, 'field-subject')).getValue(), 'Candidature de {prénom} pour {entreprise}');
    // (WebKitWebDriver drops the new lines it is asked to type: one paragraph.)
    await fill(app, 'field-body', 'Bonjour, je vous présente ');
    await chip(app, '{prénom}');
    await (await byId(app, 'field-body')).addValue(', qui cherche un poste de {métier} chez {toto}.');
    await click(app, 'template-save');
    assert.match(await text(app, 'error-body'), /Champ de fusion inconnu : \{toto\}/);
    await (await byId(app, 'template-editor')).scrollIntoView();
    await screenshot(app, '90-modele-champ-inconnu');

    const body = await byId(app, 'field-body');
    const typed = await body.getValue();
    await fill(app, 'field-body', typed.replace(' chez {toto}.', ' chez '));
    await chip(app, '{entreprise}');
    await (await byId(app, 'field-body')).addValue('. Bien cordialement, ');
    await chip(app, '{conseiller}');
    assert.equal(
      await (await byId(app, 'field-body')).getValue(),
      'Bonjour, je vous présente {prénom}, qui cherche un poste de {métier} chez {entreprise}. Bien cordialement, {conseiller}',
    );
    await (await byId(app, 'template-editor')).scrollIntoView();
    await screenshot(app, '91-modele-editeur');
    await click(app, 'template-save');
    assert.match(await text(app, 'templates-notice'), new RegExp(`Modèle « ${TITLE} » enregistré`));
    assert.equal((await app.$$('[data-testid="template-row"]')).length, 4);
    assert.equal((await app.$$('[data-testid="template-delete"]')).length, 1, 'one\'s own template is deletable');

    // Exported to a file, then imported back: said, and nothing added twice.
    const file = join(dir, 'modeles-agence.json');
    await pick(app, 'templates-export', null, file);
    await app.waitUntil(async () => /1 modèle exporté/.test(await text(app, 'templates-notice')), { timeout: 10000 });
    assert.ok(existsSync(file));
    const written = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(written.format, 'profilence.modeles-argumentaire');
    assert.deepEqual(written.templates.map((t) => t.title), [TITLE]);
    await pick(app, 'templates-import', null, file);
    assert.match(await text(app, 'templates-imported'), /déjà présent\(s\) à l'identique, non repris/);
    assert.equal((await app.$$('[data-testid="template-row"]')).length, 4);
    // A file that is not a template file: said in French, nothing added.
    const bad = join(dir, 'suivi.json');
    writeFileSync(bad, JSON.stringify({ format: 'tableau-de-suivi', lignes: [] }));
    await pick(app, 'templates-import', null, bad);
    assert.match(
      await text(app, 'templates-error'),
      /Modèles non importés, rien n'a été ajouté : ce n'est pas un fichier de modèles d'argumentaire de Profilence/,
    );
    assert.equal((await app.$$('[data-testid="template-row"]')).length, 4);
    assert.equal((await app.$$('[data-testid="templates-imported"]')).length, 0, 'the earlier report is gone');
    await (await byId(app, 'templates-error')).scrollIntoView();
    await screenshot(app, '92-modeles-liste-fichier-refuse');

    // The template becomes the default of the domain of a candidate's first target job…
    await openCandidate(app, 'valid');
    const firstName = (await (await waitFor(app, 'field-firstName')).getValue()).trim();
    assert.ok(firstName.length > 1);
    const firstJob = await text(app, 'target-job');
    const domain = /\(([A-Z])\d{4}\)/.exec(firstJob)?.[1];
    assert.ok(domain, `a ROME code on "${firstJob}"`);
    await click(app, 'nav-parametres');
    const domainSelect = await waitFor(app, `template-domain-${domain}`);
    await domainSelect.scrollIntoView();
    await domainSelect.selectByVisibleText(TITLE);
    await waitFor(app, 'template-domain-saved');
    await app.waitUntil(async () => (await text(app, 'settings-templates')).includes(`${TITLE}`), { timeout: 5000 });
    await screenshot(app, '93-modele-par-domaine');

    // …so « Promouvoir » starts from it for that candidate, among the built-in ones.
    await openCandidate(app, 'valid');
    assert.equal((await (await waitFor(app, 'field-firstName')).getValue()).trim(), firstName, 'the same candidate');
    await click(app, 'candidate-promote');
    const picker = await waitFor(app, 'promote-template');
    await app.waitUntil(async () => (await picker.$$('option')).length === 4, {
      timeout: 10000,
      timeoutMsg: 'the three built-in templates and the counsellor\'s',
    });
    await app.waitUntil(async () => (await (await byId(app, 'promote-subject')).getValue()) !== '', { timeout: 10000 });
    assert.equal(await picker.getValue(), 'stored-1', `the default of domain ${domain}`);
    assert.equal(await (await byId(app, 'promote-subject')).getValue(), 'Candidature de {prénom} pour {entreprise}');
    await fill(app, 'promote-search', 'Corre');
    await (await pickOption(app, COMPANY[0])).click();
    await app.waitUntil(
      async () => (await text(app, 'promote-subject-preview')) === `Candidature de ${firstName} pour ${COMPANY[0]}`,
      { timeout: 10000, timeoutMsg: 'the subject filled for the first company' },
    );
    await app.waitUntil(async () => (await text(app, 'promote-preview')).includes(`je vous présente ${firstName}, qui cherche`), {
      timeout: 10000,
    });
    assert.match(await text(app, 'promote-preview'), new RegExp(`chez ${COMPANY[0]}\\.`));
    await screenshot(app, '94-promouvoir-modele');
    await send(app);
    assert.match(await text(app, 'promote-done'), /1 promotion envoyée par e-mail/);

    const [message] = await waitForMessages(app, mails, 1);
    assert.deepEqual(message.rcptTos, [COMPANY[3]]);
    assert.equal(message.subject, `Candidature de ${firstName} pour ${COMPANY[0]}`);
    assert.match(message.text, new RegExp(`je vous présente ${firstName}, qui cherche un poste de .+ chez ${COMPANY[0]}\\.`));
    assert.ok(!message.text.includes('{'), 'every merge field filled');
  } finally {
    await app.deleteSession();
    smtp.stop();
  }
});
