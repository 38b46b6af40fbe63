// axe-core (node_modules/axe-core/axe.min.js, injected into the page) on a Playwright Page or Frame: WCAG 2.1 A/AA
// and axe's best practices. Prints every violation (impact, rule, how many nodes, the first targets) and returns
// them; `blocking` are those of impact serious or critical, which the a11y specs require to be none.
//   const { blocking } = await axeCheck(page, 'popup, dark');  assert.equal(blocking.length, 0);
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Run axe on `pageOrFrame` (a Playwright Page or Frame: both have addScriptTag and evaluate).
 * options.include: CSS selector to limit the check to (default: the whole document); options.quiet: print nothing.
 * Returns { violations, blocking, summary } — summary is "rule(impact)×nodes" per violation.
 */
export async function axeCheck(pageOrFrame, label, options = {}) {
  if (!(await pageOrFrame.evaluate(() => typeof window.axe === 'object'))) await pageOrFrame.addScriptTag({ path: AXE });
  const results = await pageOrFrame.evaluate(
    async ({ tags, include }) => {
      const r = await window.axe.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    },
    { tags: AXE_TAGS, include: options.include ?? null },
  );
  const blocking = results.filter((v) => BLOCKING.has(v.impact));
  const summary = results.map((v) => `${v.id}(${v.impact})×${v.nodes.length}`);
  if (!options.quiet) {
    console.log(`axe ${label}: ${results.length ? summary.join(', ') : 'no violations'}`);
    for (const v of results) {
      console.log(`  ${BLOCKING.has(v.impact) ? '✗' : '·'} ${v.impact} ${v.id}: ${v.help}`);
      for (const n of v.nodes.slice(0, 3))
        console.log(`      ${n.target}${BLOCKING.has(v.impact) ? ` — ${String(n.summary).split('\n').slice(0, 2).join(' ')}` : ''}`);
    }
  }
  return { violations: results, blocking, summary };
}
