// The accessibility audit of the real window: axe-core (the engine behind most RGAA and
// WCAG checkers) injected into the webview through WebDriver, run on what is shown, its
// results kept as an artefact. Violations of impact serious or critical fail the scenario;
// the others are listed.
import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { artifacts } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 A and AA, the level the RGAA 4.1 asks for. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** One line per audit in `a11y.jsonl` (every scenario appends to it), and `a11y.md` readable. */
function keep(where, violations) {
  appendFileSync(join(artifacts, 'a11y.jsonl'), `${JSON.stringify({ where, violations })}\n`);
  const lines = [`## ${where}: ${violations.length === 0 ? 'aucune violation' : `${violations.length} règle(s)`}`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id} (${v.nodes.length}) ${v.help}`);
    for (const node of v.nodes.slice(0, 5)) lines.push(`  - \`${node.target}\` ${node.summary}`);
  }
  appendFileSync(join(artifacts, 'a11y.md'), `${lines.join('\n')}\n\n`);
}

/**
 * Audits the page as shown; `where` names it in the report. Throws on a serious or critical
 * violation, with each rule, its elements and what to fix.
 */
export async function audit(app, where) {
  const loaded = await app.execute(() => typeof window.axe === 'object');
  if (!loaded) await app.execute(AXE);
  const violations = await app.executeAsync((tags, done) => {
    window.axe
      .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((result) =>
        done(
          result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
          })),
        ),
      )
      .catch((error) => done([{ id: 'axe-error', impact: 'critical', help: String(error), nodes: [] }]));
  }, TAGS);
  keep(where, violations);
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  for (const v of violations.filter((v) => !BLOCKING.has(v.impact))) {
    console.log(`a11y ${where}: [${v.impact}] ${v.id} on ${v.nodes.length} element(s): ${v.help}`);
  }
  if (blocking.length > 0) {
    const detail = blocking
      .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replaceAll('\n', '\n      ')}`).join('\n')}`)
      .join('\n  ');
    throw new Error(`accessibility, ${where}: ${blocking.length} serious or critical violation(s)\n  ${detail}`);
  }
  return violations;
}
