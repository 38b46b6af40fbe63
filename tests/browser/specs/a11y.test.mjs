// Accessibility of the attention views (WCAG 2.1 A/AA + axe best practices, tests/browser/axe.mjs) on the views
// harness (tests/views-harness, AttentionPanel on synthetic results): every tab, a model-view cell opened (and
// zoomed), a locked head, the neuron view, the table alternatives, the state note, compact widths 480 and 320 —
// in light and dark; and the research tools (research=1: a masked input with its predictions, a model that cannot
// mask, compare mode same-tokenization / enlarged / word-aligned / table, head roles sorted by likeness).
// No violation of impact serious or critical is allowed; moderate and minor ones are printed.
// Also: focus never falls back to <body> (model cell open / back, Enter on a Heads row, PNG export), nothing is
// wider than the panel at 320 px, and transitions stop under prefers-reduced-motion.
// AL_A11Y_BASE=http://… checks an already served harness (no build), e.g. an older build for comparison.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { axeCheck } from '../axe.mjs';
import { buildHarness, CHROMIUM, openHarness, serveHarness } from '../../views-harness/serve.mjs';

let browser, page, server, base;

before(async () => {
  if (process.env.AL_A11Y_BASE) base = process.env.AL_A11Y_BASE;
  else {
    await buildHarness();
    server = await serveHarness();
    base = server.base;
  }
  browser = await chromium.launch(CHROMIUM);
  page = await (await browser.newContext({ viewport: { width: 860, height: 1000 }, deviceScaleFactor: 1, acceptDownloads: true })).newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(90_000);
});
after(async () => {
  await browser?.close();
  server?.close();
});

const click = (sel) => page.click(sel);
/** Compare mode (research=1): run B on an edited text and wait for the ranking. */
async function compareWith(text) {
  await page.fill('[data-testid="compare-input"]', text);
  await click('[data-testid="compare-run"]');
  await page.waitForSelector('[data-testid="compare-ranked-item"], [data-testid="compare-shape-note"]');
}
/** The states checked, each reached from a fresh page: [label, harness params, what to do there]. */
const STATES = [
  ['tokens', { case: 'short', tab: 'tokens' }],
  ['tokens, token chosen', { case: 'short', tab: 'tokens' }, () => click('[data-testid="heat-cell"][data-token="fox"]')],
  ['tokens, table', { case: 'short', tab: 'tokens' }, () => click('[data-testid="table-toggle"]')],
  ['head view', { case: 'short', tab: 'head' }],
  [
    'head view, head locked',
    { case: 'short', tab: 'head' },
    async () => {
      await click('[data-testid="head-token"][data-side="from"][data-index="5"]');
      await page.mouse.move(1, 1);
    },
  ],
  ['head view, sentence pair', { case: 'pair', tab: 'head' }],
  ['head view, table', { case: 'short', tab: 'head' }, () => click('[data-testid="table-toggle"]')],
  ['model view', { case: 'short', tab: 'model' }],
  ['model view, cell opened', { case: 'short', tab: 'model' }, () => click('[data-testid="model-thumb"][data-layer="1"][data-head="2"]')],
  [
    'model view, long input opened and zoomed',
    { case: 'long', tab: 'model' },
    async () => {
      await click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]');
      for (let k = 0; k < 5; k++) await click('[data-testid="zoom-in"]');
    },
  ],
  [
    'model view, cell table',
    { case: 'medium', tab: 'model' },
    async () => {
      await click('[data-testid="model-thumb"][data-layer="0"][data-head="1"]');
      await click('[data-testid="table-toggle"]');
    },
  ],
  ['heads', { case: 'short', tab: 'heads' }],
  ['neuron', { case: 'short', tab: 'neuron' }],
  ['neuron, tables', { case: 'short', tab: 'neuron' }, () => click('[data-testid="table-toggle"]')],
  ['neuron, unavailable', { case: 'long', tab: 'neuron' }],
  [
    'probe: masked input and predictions',
    { case: 'short', tab: 'tokens', research: '1' },
    async () => {
      await click('[data-testid="heat-cell"][data-token="fox"]');
      await click('[data-testid="mask-token"]');
      await page.waitForSelector('[data-testid="probe-bar"]');
    },
  ],
  [
    'probe: the model cannot mask',
    { case: 'short', tab: 'tokens', research: '1', canMask: '0' },
    async () => {
      await click('[data-testid="heat-cell"][data-token="fox"]');
      await page.waitForSelector('[data-testid="mask-reason"]');
    },
  ],
  [
    'compare: same tokenization',
    { case: 'short', tab: 'compare', research: '1' },
    () => compareWith('The slow brown fox jumps over the lazy dog because it was tired.'),
  ],
  [
    'compare: one head enlarged',
    { case: 'short', tab: 'compare', research: '1' },
    async () => {
      await compareWith('The slow brown fox jumps over the lazy dog because it was tired.');
      await click('[data-testid="compare-ranked-item"][data-rank="1"]');
    },
  ],
  [
    'compare: enlarged head as a table',
    { case: 'short', tab: 'compare', research: '1' },
    async () => {
      await compareWith('The slow brown fox jumps over the lazy dog because it was tired.');
      await click('[data-testid="compare-ranked-item"][data-rank="1"]');
      await click('[data-testid="table-toggle"]');
    },
  ],
  [
    'compare: aligned by words',
    { case: 'short', tab: 'compare', research: '1' },
    () => compareWith('The quick brown fox happily jumps over the lazy dog because it was tired.'),
  ],
  [
    'compare: another model, other shape',
    { case: 'short', tab: 'compare', research: '1' },
    async () => {
      await page.click('[data-testid="compare-source-model"]');
      await page.selectOption('[data-testid="compare-model"]', 'wide');
      await click('[data-testid="compare-run"]');
      await page.waitForSelector('[data-testid="compare-shape-note"]');
    },
  ],
  ['heads: roles, sorted by likeness', { case: 'short', tab: 'heads', research: '1' }, () => click('[data-testid="like-head"]')],
  [
    'state note (controlled, layer beyond the model)',
    { case: 'short', tab: 'head', controlled: '1', state: JSON.stringify({ layer: 9, heads: { kind: 'single', head: 7 } }) },
  ],
  ...['480', '320'].flatMap((width) => [
    [`compact ${width}: tokens`, { case: 'short', tab: 'tokens', compact: '1', width }],
    [
      `compact ${width}: head view locked`,
      { case: 'short', tab: 'head', compact: '1', width },
      () => click('[data-testid="head-token"][data-side="to"][data-index="4"]'),
    ],
    [
      `compact ${width}: model cell`,
      { case: 'medium', tab: 'model', compact: '1', width },
      () => click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]'),
    ],
    [`compact ${width}: heads`, { case: 'short', tab: 'heads', compact: '1', width }],
    [`compact ${width}: neuron`, { case: 'pair', tab: 'neuron', compact: '1', width }],
    [
      `compact ${width}: probe`,
      { case: 'short', tab: 'tokens', compact: '1', width, research: '1' },
      async () => {
        await click('[data-testid="heat-cell"][data-token="fox"]');
        await click('[data-testid="mask-token"]');
        await page.waitForSelector('[data-testid="probe-bar"]');
      },
    ],
    [
      `compact ${width}: compare`,
      { case: 'short', tab: 'compare', compact: '1', width, research: '1' },
      () => compareWith('The slow brown fox jumps over the lazy dog because it was tired.'),
    ],
  ]),
];

for (const theme of ['light', 'dark']) {
  test(`axe: no serious or critical violations, ${theme}`, async () => {
    const problems = [];
    const counts = {};
    for (const [label, params, act] of STATES) {
      try {
        await openHarness(page, base, { ...params, theme });
        await act?.();
        await page.waitForTimeout(80);
      } catch (e) {
        problems.push(`${label}: could not reach the state (${String(e.message ?? e).split('\n')[0]})`);
        continue;
      }
      const { violations, blocking } = await axeCheck(page, `${label}, ${theme}`);
      for (const v of violations) counts[`${v.id} (${v.impact})`] = (counts[`${v.id} (${v.impact})`] ?? 0) + v.nodes.length;
      for (const v of blocking) problems.push(`${label}: ${v.id} (${v.impact}) × ${v.nodes.length} — ${v.nodes[0]?.target}`);
    }
    console.log(`axe totals, ${theme} (${STATES.length} states): ${JSON.stringify(counts)}`);
    assert.deepEqual(problems, []);
  });
}

/** The element that has focus, as a short description ("BODY" when focus fell back to the page). */
const focusedNow = () =>
  page.evaluate(() => {
    const a = document.activeElement;
    return !a || a === document.body
      ? 'BODY'
      : `${a.tagName.toLowerCase()}${a.dataset.testid ? `[${a.dataset.testid}]` : ''}${a.getAttribute('role') ? `(${a.getAttribute('role')})` : ''}`;
  });
/** Where the focus is once the view has drawn the result of the last key (a busy machine draws a frame late):
 *  <body> is reported only when the focus stays there for a second. */
async function focused() {
  let at = await focusedNow();
  for (let i = 0; i < 10 && at === 'BODY'; i++) {
    await page.waitForTimeout(100);
    at = await focusedNow();
  }
  return at;
}

test('focus never falls back to <body>', async () => {
  await openHarness(page, base, { case: 'short', tab: 'model' });
  await page.focus('[data-testid="model-thumb"][data-layer="1"][data-head="1"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="model-large"]');
  assert.equal(await focused(), 'div[model-large-map](application)', 'opening a model-view cell focuses its map');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="model-thumb"]');
  assert.equal(await focused(), 'button[model-thumb](gridcell)', 'leaving the cell focuses its thumbnail again');
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]');
  await page.click('[data-testid="model-back"]');
  assert.equal(await focused(), 'button[model-thumb](gridcell)', 'the back button also returns focus to the thumbnail');

  await openHarness(page, base, { case: 'short', tab: 'heads' });
  await page.focus('[data-testid="head-row"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="head-view"]');
  assert.equal(await focused(), 'div[panel-head](tabpanel)', 'Enter on a Heads row focuses the head view panel');

  await openHarness(page, base, { case: 'short', tab: 'head' });
  await page.focus('[aria-label="Previous layer"]');
  for (let k = 0; k < 4; k++) await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('[data-testid="layer-select"]'), '0');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    'Previous layer',
    'stepping to the first layer keeps focus on the button',
  );
  await page.focus('[data-testid="export-png"]');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.keyboard.press('Enter')]);
  await dl.path();
  assert.equal(await focused(), 'button[export-png]', 'PNG export keeps focus on its button');

  // Research tools: masking keeps focus on the chosen token; the ranked list's first entry is reachable; leaving an
  // enlarged head returns to its cell.
  await openHarness(page, base, { case: 'short', tab: 'tokens', research: '1' });
  await page.click('[data-testid="heat-cell"][data-token="fox"]');
  await page.keyboard.press('m');
  await page.waitForSelector('[data-testid="probe-bar"]');
  assert.equal(await focused(), 'span[heat-cell](button)', 'M masks the chosen token and focus stays in the tokens');
  await openHarness(page, base, { case: 'short', tab: 'compare', research: '1' });
  await compareWith('The slow brown fox jumps over the lazy dog because it was tired.');
  await page.focus('[data-testid="compare-ranked-item"][tabindex="0"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="compare-large"]');
  assert.equal(await focused(), 'button[model-back]', 'an enlarged head focuses its back button');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'button[compare-cell](gridcell)', 'back focuses the head’s cell');
});

test('works at 320 px: nothing wider than the panel', async () => {
  for (const tab of ['tokens', 'head', 'model', 'heads', 'neuron', 'compare']) {
    await openHarness(page, base, { case: 'short', tab, compact: '1', width: '320', research: '1' });
    if (tab === 'compare') await compareWith('The slow brown fox jumps over the lazy dog because it was tired.');
    const over = await page.evaluate(() => {
      const root = document.querySelector('[data-testid="attention-panel"]');
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    assert.ok(over.scroll <= over.client + 1, `${tab}: panel content ${over.scroll} px in ${over.client} px`);
  }
});

test('transitions stop under prefers-reduced-motion', async () => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openHarness(page, base, { case: 'short', tab: 'tokens' });
  const moving = await page.evaluate(
    () =>
      [...document.querySelectorAll('[data-testid="attention-panel"] *')].filter(
        (e) =>
          parseFloat(getComputedStyle(e).transitionDuration) > 0 ||
          getComputedStyle(e, '::after')
            .transitionDuration.split(',')
            .some((d) => parseFloat(d) > 0),
      ).length,
  );
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  assert.equal(moving, 0);
});
