// The installed app's own page (run by install.sh, not by run.sh: PROFILENCE_APP is the
// binary extracted from the .deb). A package whose binary loads a development server, or
// whose page cannot reach the Rust side, fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { launch, screenshot, startWith, text, waitFor } from './lib.mjs';

test('the installed app shows its first-launch screen, then opens on an empty database', async () => {
  const app = await launch();
  try {
    assert.match(await text(app, 'onboarding'), /Bienvenue dans Profilence/);
    await screenshot(app, '01-installed-onboarding');
    await startWith(app, 'empty');
    await waitFor(app, 'page-vivier');
    assert.match(await text(app, 'candidates-empty'), /Aucun candidat pour l'instant/);
    await screenshot(app, '02-installed-vivier');
  } finally {
    await app.deleteSession();
  }
});
