// Views harness: builds tests/views-harness with vite.harness.config.ts, serves it on 127.0.0.1, drives every tab in
// Chromium (assertions + in-page performance timings) and saves screenshots to artifacts/screenshots/views-*.png.
// Usage: node tests/browser/views-harness.mjs [--no-build] [--only=substring]
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { buildHarness, CHROMIUM, openHarness, ROOT, serveHarness } from '../views-harness/serve.mjs';

const SHOTS = join(ROOT, 'artifacts/screenshots');
const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice(7) ?? '';

if (!args.has('--no-build')) await buildHarness();
mkdirSync(SHOTS, { recursive: true });
const server = await serveHarness();
const base = server.base;

const browser = await chromium.launch(CHROMIUM);
const context = await browser.newContext({ viewport: { width: 860, height: 1000 }, deviceScaleFactor: 1, acceptDownloads: true });
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
page.on('pageerror', (e) => consoleErrors.push(String(e)));

const failures = [];
const passes = [];
function check(cond, msg) {
  (cond ? passes : failures).push(msg);
  if (!cond) console.log(`  ✗ ${msg}`);
}
const shots = [];
async function shot(name) {
  const file = join(SHOTS, `views-${name}.png`);
  await page.locator('.harness-frame').screenshot({ path: file, animations: 'disabled' });
  shots.push(file);
}
const open = (params) => openHarness(page, base, params);
const tab = (id) => page.click(`[data-testid="tab-${id}"]`);
const lineSignature = () =>
  page.$$eval('[data-testid="attn-line"]', (els) =>
    els.map((e) => `${e.dataset.head}:${e.dataset.from}>${e.dataset.to}@${e.getAttribute('stroke-opacity')}`).join('|'),
  );
// 'perf' is a benchmark (npm run bench:views): it runs only when asked for and prints, never asserts.
const want = (name) => (only ? name.includes(only) : name !== 'perf');
const report = (value, msg) => console.log(`  ${value ? 'within' : 'OVER'} target: ${msg}`);
async function section(name, fn) {
  if (!want(name)) return;
  console.log(name);
  try {
    await fn();
  } catch (e) {
    failures.push(`${name}: ${String(e.message ?? e).split('\n')[0]}`);
    console.log(`  ✗ ${name} crashed: ${String(e.message ?? e).split('\n')[0]}`);
  }
}
page.setDefaultTimeout(10_000);
page.setDefaultNavigationTimeout(90_000);

// ---------------------------------------------------------------- token heatmap
await section('tokens', async () => {
  await open({ case: 'short', tab: 'tokens' });
  const h = await page.evaluate(() => window.__harness);
  const cells = await page.$$eval('[data-testid="heat-cell"]', (els) => els.map((e) => e.dataset.token));
  check(cells.length === h.seqLen, `heatmap has one cell per token (${cells.length} = ${h.seqLen})`);
  check(JSON.stringify(cells) === JSON.stringify(h.tokens), 'heat cells carry data-token = token text, in order');
  check(h.highlightCalls > 0 && h.highlight?.length === h.seqLen, 'onHeat reported per-token scores');
  check((await page.locator('[data-testid="legend"]').count()) > 0, 'heatmap has a colour legend');
  // Colours are scaled to the word tokens; [CLS]/[SEP] above that scale are named under the caption.
  const scored = await page.$$eval('[data-testid="heat-cell"]', (els) =>
    els.map((e) => ({ s: Number(e.dataset.score), special: e.classList.contains('al-chip-special') })),
  );
  const wordMax = Math.max(...scored.filter((c) => !c.special).map((c) => c.s));
  const specialMax = Math.max(...scored.filter((c) => c.special).map((c) => c.s));
  const beyond = page.locator('[data-testid="heat-beyond-scale"]');
  check(
    (await beyond.count()) === (specialMax > wordMax ? 1 : 0),
    `specials beyond the word scale are named (${specialMax > wordMax ? await beyond.textContent() : 'none'})`,
  );
  await shot('tokens-light');
  const calls = h.highlightCalls;
  await page.click('[data-testid="heat-cell"][data-token="fox"]');
  const caption = await page.textContent('.al-caption-main');
  check(/Attention from “fox·\d+”/.test(caption ?? ''), `choosing a token updates the caption, naming it by text·position (${caption})`);
  check((await page.evaluate(() => window.__harness.highlightCalls)) > calls, 'onHeat called when the focused token changes');
  await page.keyboard.press('ArrowRight');
  const caption2 = await page.textContent('.al-caption-main');
  check(/Attention from “jump·\d+”/.test(caption2 ?? ''), `arrow key moves the chosen token (${caption2})`);
  await page.keyboard.press('ArrowLeft');
  const label = await page.getAttribute('[data-testid="heat-cell"][data-token="quick"]', 'aria-label');
  check(/quick·2: (\d\.\d{3}|<0\.001)/.test(label ?? ''), `cells expose name and value in aria-label (${label})`);
  await page.hover('[data-testid="heat-cell"][data-token="dog"]');
  check(await page.isVisible('[data-testid="tooltip"]'), 'hovering a cell shows a tooltip');
  await shot('tokens-chosen-light');
  await page.mouse.move(0, 0);
  await page.selectOption('[data-testid="head-select"]', 'rollout');
  check(/Rollout · layers 1–4/.test((await page.textContent('.al-caption-sub')) ?? ''), 'the heads control chooses rollout');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="toggle-word-mode"]');
  const wordCells = await page.locator('[data-testid="heat-cell"]').count();
  check(wordCells < h.seqLen, `word mode merges pieces (${wordCells} < ${h.seqLen})`);
  await page.click('[data-testid="toggle-hide-special"]');
  const noSpecial = await page.$$eval('[data-testid="heat-cell"]', (els) => els.filter((e) => /^\[(CLS|SEP)\]$/.test(e.dataset.token ?? '')).length);
  check(noSpecial === 0, 'hide [CLS]/[SEP] removes special cells');
  await page.selectOption('[data-testid="source-select"]', 'cls');
  check(/from \[CLS\]/.test((await page.textContent('.al-caption-main')) ?? ''), 'attention-from-[CLS] source works with specials hidden');
  check(
    /Rollout/.test((await page.textContent('.al-caption-sub')) ?? '') && (await page.inputValue('[data-testid="head-select"]')) === 'rollout',
    '…and keeps the heads choice (rollout): source and heads are separate',
  );
  await shot('tokens-words-light');
  // keyboard: Tab from the tablist reaches the controls and then the token chips, with a visible focus ring
  await open({ case: 'short', tab: 'tokens' });
  await page.focus('[data-testid="tab-tokens"]');
  for (let k = 0; k < 12; k++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'heat-cell')) break;
  }
  check((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'heat-cell', 'Tab reaches the token chips');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(ring !== 'none', `focused chip shows a focus ring (${ring})`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await shot('tokens-keyboard-light');
  // theme "auto" follows prefers-color-scheme
  await page.emulateMedia({ colorScheme: 'dark' });
  await open({ case: 'short', tab: 'tokens', theme: 'auto' });
  check((await page.getAttribute('[data-testid="attention-panel"]', 'data-theme')) === 'dark', 'auto theme follows prefers-color-scheme: dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page
    .waitForFunction(() => document.querySelector('[data-testid="attention-panel"]')?.getAttribute('data-theme') === 'light', null, { timeout: 3000 })
    .catch(() => {});
  check((await page.getAttribute('[data-testid="attention-panel"]', 'data-theme')) === 'light', 'auto theme follows a live switch to light');
  await page.click('[data-testid="theme-switch"] input[value="dark"]', { force: true });
  check((await page.getAttribute('[data-testid="attention-panel"]', 'data-theme')) === 'dark', 'theme switch forces dark');
  // keyboard tabs
  await page.focus('[data-testid="tab-tokens"]');
  await page.keyboard.press('ArrowRight');
  check((await page.getAttribute('[data-testid="tab-head"]', 'aria-selected')) === 'true', 'ArrowRight in the tablist activates the next tab');
  await open({ case: 'short', tab: 'tokens', theme: 'dark' });
  await shot('tokens-dark');
  await open({ case: 'short', tab: 'tokens', compact: '1' });
  await page.click('[data-testid="heat-cell"][data-token="it"]');
  await shot('tokens-compact-light');
  await open({ case: 'long', tab: 'tokens', theme: 'dark', compact: '1' });
  check(/Showing the first 510 of \d+ tokens/.test((await page.textContent('[data-testid="truncation-notice"]')) ?? ''), 'truncation notice is shown');
  check((await page.locator('[data-testid="heat-cell"]').count()) === 512, '512 heat cells for the long case');
  await shot('long-tokens-compact-dark');
});

// ---------------------------------------------------------------- head view
await section('head', async () => {
  await open({ case: 'short', tab: 'head' });
  const lines = await page.locator('[data-testid="attn-line"]').count();
  check(lines > 0, `head view draws lines (${lines})`);
  check(
    (await page.locator('[data-testid="head-token"]').count()) === 2 * (await page.evaluate(() => window.__harness.seqLen)),
    'head view has two token columns',
  );
  const sigA = await lineSignature();
  const layerBefore = await page.getAttribute('[data-testid="head-view"]', 'data-layer');
  await page.selectOption('[data-testid="layer-select"]', '0');
  const sigB = await lineSignature();
  check(layerBefore !== '0' && sigA !== sigB, 'switching layer changes the line set');
  check(await page.$$eval('[data-testid="attn-line"]', (els) => els.every((e) => e.dataset.layer === '0')), 'lines carry data-layer of the chosen layer');
  await shot('head-light');
  await page.hover('[data-testid="head-token"][data-side="from"][data-index="5"]');
  const froms = await page.$$eval('[data-testid="attn-line"]', (els) => [...new Set(els.map((e) => e.dataset.from))]);
  check(froms.length === 1 && froms[0] === '5', `hovering a left token shows only its lines (${froms})`);
  await page.hover('[data-testid="head-token"][data-side="to"][data-index="4"]');
  const tos = await page.$$eval('[data-testid="attn-line"]', (els) => [...new Set(els.map((e) => e.dataset.to))]);
  check(tos.length === 1 && tos[0] === '4', `hovering a right token shows only lines into it (${tos})`);
  await page.click('[data-testid="head-token"][data-side="from"][data-index="5"]');
  const weights = await page.$$eval('[data-testid="head-weight"]', (els) => els.map((e) => e.textContent).filter(Boolean));
  check(weights.length > 0, `clicking locks focus and shows weights (${weights.length})`);
  await page.mouse.move(400, 5);
  await shot('head-locked-light');
  await page.keyboard.press('Escape');
  check((await page.locator('[data-testid="head-weight"]').count()) === 0, 'Escape unlocks');
  const linesOf = () => page.$$eval('[data-testid="attn-line"]', (els) => [...new Set(els.map((e) => e.dataset.head))].sort().join(','));
  await page.click('[data-testid="head-swatch"][data-head="1"]');
  const heads1 = await linesOf();
  check(
    heads1 === '1' && (await page.inputValue('[data-testid="head-select"]')) === 'h1',
    `clicking a swatch shows only that head, and the Heads control says so (${heads1})`,
  );
  await page.click('[data-testid="head-swatch"][data-head="3"]', { modifiers: ['Shift'] });
  const heads13 = await linesOf();
  check(heads13 === '1,3' && (await page.inputValue('[data-testid="head-select"]')) === 'several', `Shift+click adds a head: several (${heads13})`);
  await page.click('[data-testid="head-swatch"][data-head="1"]', { modifiers: ['Shift'] });
  check((await linesOf()) === '3' && (await page.inputValue('[data-testid="head-select"]')) === 'h3', 'Shift+click on a shown head takes it out');
  await page.dblclick('[data-testid="head-swatch"][data-head="2"]');
  const heads2 = await linesOf();
  check(heads2 === '2', `double-click shows only that head (${heads2})`);
  await page.selectOption('[data-testid="head-select"]', 'max');
  check(
    (await linesOf()) === '0,1,2,3' && (await page.locator('[data-testid="head-swatch"][aria-pressed="true"]').count()) === 4,
    'max over heads: every head drawn, every swatch on',
  );
  await open({ case: 'short', tab: 'head', theme: 'dark' });
  await shot('head-dark');
  await open({ case: 'short', tab: 'head', theme: 'dark' });
  await page.click('[data-testid="head-token"][data-side="from"][data-index="12"]');
  await page.mouse.move(400, 5);
  await shot('head-locked-dark');
  await open({ case: 'pair', tab: 'head' });
  check((await page.locator('[data-testid="pair-filter"]').count()) === 1, 'sentence-pair filter shown for pairs');
  await page.click('[data-testid="pair-filter"] input[value="AB"]', { force: true });
  const segs = await page.evaluate(() => {
    const toks = [...document.querySelectorAll('[data-testid="head-token"][data-side="from"]')].map((e) => e.classList.contains('is-b'));
    return [...document.querySelectorAll('[data-testid="attn-line"]')].every((e) => !toks[Number(e.dataset.from)] && toks[Number(e.dataset.to)]);
  });
  check(segs && (await page.locator('[data-testid="attn-line"]').count()) > 0, 'A→B filter keeps only sentence A → sentence B lines');
  await shot('head-pair-light');
  await open({ case: 'short', tab: 'head', compact: '1' });
  await shot('head-compact-light');
  await open({ case: 'pair', tab: 'head', width: '600' });
  await page.click('[data-testid="head-token"][data-side="to"][data-index="14"]');
  await page.mouse.move(300, 5);
  await shot('head-pair-to-popup600-light');
  await open({ case: 'medium', tab: 'head', theme: 'dark' });
  await shot('medium-head-dark');
  await open({ case: 'long', tab: 'head' });
  check((await page.getAttribute('[data-testid="head-view"]', 'data-render')) === 'canvas', 'long inputs draw lines on a canvas');
  const longLines = Number(await page.getAttribute('[data-testid="head-view"]', 'data-line-count'));
  check(longLines > 0 && longLines <= 3000, `default pruning keeps the long case legible (${longLines} lines)`);
  await shot('long-head-light');
});

// ---------------------------------------------------------------- model view
await section('model', async () => {
  await open({ case: 'short', tab: 'model' });
  const h = await page.evaluate(() => window.__harness);
  const thumbs = await page.locator('[data-testid="model-thumb"]').count();
  check(thumbs === h.numLayers * h.numHeads, `model view has numLayers×numHeads thumbnails (${thumbs})`);
  check((await page.locator('[data-testid="model-view"] svg path, [data-testid="model-view"] line').count()) === 0, 'model view draws no SVG lines');
  check(
    (await page.textContent('.al-mv-rowlabel')) === 'Layer 1' && /Head\s*1/.test((await page.textContent('.al-mv-collabel')) ?? ''),
    'model view has Layer/Head labels',
  );
  await shot('model-light');
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]');
  check(await page.isVisible('[data-testid="model-large"]'), 'clicking a thumbnail opens it large');
  const box = await page.locator('[data-testid="model-large-canvas"]').boundingBox();
  await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.36);
  const tip = await page.textContent('[data-testid="tooltip"]');
  check(/→/.test(tip ?? ''), `hovering the large map shows the token pair and value (${tip})`);
  await shot('model-large-light');
  await page.click('[data-testid="model-back"]');
  check((await page.locator('[data-testid="model-thumb"]').count()) === thumbs, 'back returns to the grid');
  await page.click('[data-testid="model-heads"] button[aria-label="Head 2"]');
  check((await page.locator('[data-testid="model-thumb"]').count()) === thumbs - h.numLayers, 'head filter removes a column');
  await open({ case: 'short', tab: 'model', theme: 'dark' });
  await shot('model-dark');
  await page.click('[data-testid="model-thumb"][data-layer="2"][data-head="0"]');
  await shot('model-large-dark');
  await open({ case: 'medium', tab: 'model', width: '600', theme: 'dark' });
  await shot('medium-model-popup600-dark');
  await open({ case: 'long', tab: 'model', compact: '1', theme: 'dark' });
  await shot('long-model-compact-dark');
  await open({ case: 'long', tab: 'model' });
  await shot('long-model-light');
});

// ---------------------------------------------------------------- heads table
await section('heads', async () => {
  await open({ case: 'short', tab: 'heads' });
  const h = await page.evaluate(() => window.__harness);
  check((await page.locator('[data-testid="head-row"]').count()) === h.numLayers * h.numHeads, 'summary has one row per head');
  await page.click('[data-testid="sort-entropy"]');
  const sortAttr = await page.getAttribute('th:has([data-testid="sort-entropy"])', 'aria-sort');
  const entCol = await page.$$eval('th', (ths) => ths.findIndex((th) => th.querySelector('[data-testid="sort-entropy"]')));
  const ent = await page.$$eval('[data-testid="head-row"]', (rows, k) => rows.map((r) => Number(r.children[k].textContent)), entCol);
  check(sortAttr === 'descending' && ent.every((v, k) => k === 0 || ent[k - 1] >= v), `sorting by entropy (aria-sort=${sortAttr})`);
  await page.click('[data-testid="sort-entropy"]');
  check((await page.getAttribute('th:has([data-testid="sort-entropy"])', 'aria-sort')) === 'ascending', 'second click reverses the sort');
  // "Word": attention to the other pieces of the token's own word (the short case splits jumps → jump ##s)
  await page.click('[data-testid="sort-wordMass"]');
  const wordCol = await page.$$eval('th', (ths) => ths.findIndex((th) => th.querySelector('[data-testid="sort-wordMass"]')));
  const word = await page.$$eval('[data-testid="head-row"]', (rows, k) => rows.map((r) => parseFloat(r.children[k].textContent)), wordCol);
  check(wordCol > 0 && word[0] > 0 && word.every((v, k) => k === 0 || word[k - 1] >= v), `sorting by same-word mass (top ${word[0]}%)`);
  await page.click('[data-testid="sort-layer"]');
  await shot('heads-light');
  const first = page.locator('[data-testid="head-row"]').first();
  const [l, hd] = [await first.getAttribute('data-layer'), await first.getAttribute('data-head')];
  await first.click();
  check((await page.getAttribute('[data-testid="tab-head"]', 'aria-selected')) === 'true', 'clicking a row opens the head view');
  const shownHeads = await page.$$eval('[data-testid="attn-line"]', (els) => [...new Set(els.map((e) => `${e.dataset.layer}/${e.dataset.head}`))]);
  check(shownHeads.length === 1 && shownHeads[0] === `${l}/${hd}`, `…with only that head (${shownHeads})`);
  await open({ case: 'short', tab: 'heads', theme: 'dark' });
  await shot('heads-dark');
  await open({ case: 'long', tab: 'heads', compact: '1' });
  await shot('long-heads-compact-light');
});

// ---------------------------------------------------------------- neuron view
await section('neuron', async () => {
  await open({ case: 'short', tab: 'neuron' });
  check((await page.getAttribute('[data-testid="neuron-view"]', 'data-state')) === 'ready', 'neuron view renders with queries/keys');
  check(
    (await page.locator('[data-testid="neuron-key"]').count()) === (await page.evaluate(() => window.__harness.seqLen)),
    'neuron view lists every key for short inputs',
  );
  check((await page.isVisible('[data-testid="neuron-head"]')) && (await page.isVisible('[data-testid="neuron-query"]')), 'neuron controls are visible');
  await page.selectOption('[data-testid="neuron-query"]', '12');
  await shot('neuron-light');
  await open({ case: 'short', tab: 'neuron', theme: 'dark' });
  await shot('neuron-dark');
  await open({ case: 'pair', tab: 'neuron', compact: '1' });
  await shot('neuron-compact-light');
  await open({ case: 'long', tab: 'neuron' });
  check((await page.getAttribute('[data-testid="neuron-view"]', 'data-state')) === 'unavailable', 'neuron view explains itself without queries/keys');
  await shot('neuron-unavailable-light');
});

// ---------------------------------------------------------------- controlled view state (the surfaces' mode)
await section('state', async () => {
  await open({ case: 'short', tab: 'head', controlled: '1' });
  await page.selectOption('[data-testid="layer-select"]', '2');
  await page.click('[data-testid="head-swatch"][data-head="2"]');
  const vs = await page.evaluate(() => window.__harness.viewState);
  check(
    vs.tab === 'head' && vs.layer === 2 && vs.heads.kind === 'single' && vs.heads.head === 2,
    `every change is reported through onStateChange (${JSON.stringify(vs)})`,
  );
  // A pinned overlay follows a new selection: a new result arrives, nothing resets.
  await page.evaluate(() => window.__harness.setCase('pair'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="head-token"]').length === 2 * window.__harness.seqLen);
  const lines = await page.$$eval('[data-testid="attn-line"]', (els) => [...new Set(els.map((e) => `${e.dataset.layer}/${e.dataset.head}`))].join(','));
  check(
    (await page.getAttribute('[data-testid="attention-panel"]', 'data-tab')) === 'head' &&
      (await page.inputValue('[data-testid="layer-select"]')) === '2' &&
      lines === '2/2',
    `a new result keeps the head view, layer 3, head 3 soloed (${lines})`,
  );
  await shot('state-followed-light');
  await page.click('[data-testid="theme-switch"] input[value="dark"]', { force: true });
  check(
    (await page.evaluate(() => window.__harness.viewState.theme)) === 'dark' &&
      (await page.getAttribute('[data-testid="attention-panel"]', 'data-theme')) === 'dark',
    'the theme is part of the controlled state',
  );
  // A stored state that does not fit this model is clamped with a visible, dismissible note.
  await open({ case: 'short', tab: 'tokens', controlled: '1', state: JSON.stringify({ layer: 9, heads: { kind: 'several', heads: [1, 6] } }) });
  const note = (await page.textContent('[data-testid="state-note"]')) ?? '';
  check(/Layer 10 is not in this 4-layer model/.test(note) && /Head 7 is not/.test(note), `clamping is named in the state note (${note})`);
  check(
    (await page.inputValue('[data-testid="layer-select"]')) === '3' && (await page.inputValue('[data-testid="head-select"]')) === 'h1',
    'the clamped state is shown (layer 4, head 2)',
  );
  await shot('state-note-light');
  await page.click('[data-testid="state-note-dismiss"]');
  check((await page.locator('[data-testid="state-note"]').count()) === 0, 'the note can be dismissed');
  check((await page.evaluate(() => window.__harness.viewState.layer)) === 9, 'clamping does not change the stored state');
});

// ---------------------------------------------------------------- repeated tokens: text·position everywhere
await section('repeat', async () => {
  await open({ case: 'short', tab: 'tokens' });
  const labels = await page.$$eval('[data-testid="heat-cell"]', (els) => els.filter((e) => e.dataset.token === 'the').map((e) => e.getAttribute('aria-label')));
  check(
    labels.length === 2 && /^the·\d+:/.test(labels[0]) && labels[0].split(':')[0] !== labels[1].split(':')[0],
    `the two “the” chips are told apart (${labels.map((l) => l.split(':')[0])})`,
  );
  const topk = await page.$$eval('.al-topk-token', (els) => els.map((e) => e.textContent));
  check(
    topk.every((t) => /·\d+$/.test(t)),
    `strongest list names tokens by text·position (${topk})`,
  );
  await page.hover('[data-testid="heat-topk-item"] >> nth=1');
  const k = Number(await page.getAttribute('[data-testid="heat-topk-item"] >> nth=1', 'data-index'));
  check(
    (await page.getAttribute(`[data-testid="heat-cell"][data-index="${k}"]`, 'class'))?.includes('al-chip-hover'),
    'hovering a list entry highlights its chip',
  );
  check((await page.evaluate(() => window.__harness.hoverToken)) === k, 'and reports it through onHoverToken (original index)');
  await shot('tokens-topk-hover-light');
  await open({ case: 'short', tab: 'head' });
  const the = await page.$$eval('[data-testid="head-token"][data-side="from"]', (els) => els.map((e) => e.textContent).filter((t) => /^the·/.test(t)));
  check(the.length === 2 && the[0] !== the[1], `head view columns name tokens by text·position (${the})`);
  await page.hover('[data-testid="head-token"][data-side="to"][data-index="7"]');
  check((await page.evaluate(() => window.__harness.hoverToken)) === 7, 'hovering a head-view token reports it');
  await page.click('[data-testid="head-token"][data-side="from"][data-index="7"]');
  const weight = await page.$$eval('[data-testid="head-weight"] .al-sr', (els) => els.map((e) => e.textContent));
  check(weight.length > 0 && weight.every((w) => /^\S+·\d+ (\d\.\d{3}|<0\.001)$/.test(w)), `locked weights read as “to·17 0.123” (${weight.slice(0, 3)})`);
  await open({ case: 'pair', tab: 'neuron' });
  const keys = await page.$$eval('[data-testid="neuron-key"]', (els) => els.map((e) => e.textContent));
  check(
    keys.every((t) => /·\d+$/.test(t)),
    'neuron keys are named by text·position',
  );
});

// ---------------------------------------------------------------- zoom and pan of the large map
await section('zoom', async () => {
  await open({ case: 'long', tab: 'model' });
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]');
  const large = page.locator('[data-testid="model-large"]');
  check((await page.locator('.al-large-rowlabel').count()) === 0, 'no token labels at full view of 512 tokens');
  check((await page.locator('[data-testid="model-minimap"]').count()) === 1, 'a minimap from 200 tokens on');
  check((await page.evaluate(() => document.activeElement?.dataset.testid)) === 'model-large-map', 'the opened map has focus');
  for (let k = 0; k < 7; k++) await page.keyboard.press('+');
  const zoom = Number(await large.getAttribute('data-zoom'));
  const rows = await page.$$eval('.al-large-rowlabel', (els) => els.map((e) => e.getBoundingClientRect().height));
  check(
    zoom > 15 && rows.length > 0 && rows.every((h) => h >= 9),
    `keyboard zoom shows labels on both axes (zoom ${zoom.toFixed(1)}, ${rows.length} rows of ≥ 9 px, ${await page.locator('.al-large-collabel').count()} columns)`,
  );
  const name = await page.textContent('.al-large-rowlabel');
  check(/·\d+$/.test(name ?? ''), `axis labels are text·position (${name})`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const live = await page.textContent('[data-testid="model-large-live"]');
  check(/·\d+ → .+·\d+: /.test(live ?? ''), `the keyboard cell is announced in a polite live region (${live})`);
  await shot('long-model-zoomed-light');
  const before = [await large.getAttribute('data-x0'), await large.getAttribute('data-y0')];
  const mm = await page.locator('[data-testid="model-minimap"]').boundingBox();
  await page.mouse.click(mm.x + mm.width * 0.8, mm.y + mm.height * 0.7);
  const after = [Number(await large.getAttribute('data-x0')), Number(await large.getAttribute('data-y0'))];
  check(
    after[0] > Number(before[0]) + 100 && after[1] > Number(before[1]) + 100,
    `a minimap click moves the window (${before} → ${after.map((v) => v.toFixed(0))})`,
  );
  const box = await page.locator('[data-testid="model-large-map"]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 4 });
  await page.mouse.up();
  const dragged = [Number(await large.getAttribute('data-x0')), Number(await large.getAttribute('data-y0'))];
  check(dragged[0] < after[0] && dragged[1] < after[1], `dragging pans (${after.map((v) => v.toFixed(1))} → ${dragged.map((v) => v.toFixed(1))})`);
  await page.keyboard.press('0');
  check(Number(await large.getAttribute('data-zoom')) === 1, '0 resets the zoom');
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  const wz = Number(await large.getAttribute('data-zoom'));
  check(
    wz > 1.5 && Number(await large.getAttribute('data-x0')) < 200,
    `Ctrl + wheel zooms about the pointer (zoom ${wz.toFixed(2)}, x0 ${await large.getAttribute('data-x0')})`,
  );
  await page.mouse.wheel(0, 300);
  check(Number(await large.getAttribute('data-y0')) > 0, 'the wheel pans while zoomed');
  // pinch: two touch pointers moving apart
  await page.keyboard.press('0');
  await page.evaluate(async () => {
    const el = document.querySelector('[data-testid="model-large-map"]');
    const r = el.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const ev = (type, id, x) =>
      el.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: x, clientY: cy, bubbles: true, isPrimary: id === 1 }));
    ev('pointerdown', 1, cx - 20);
    ev('pointerdown', 2, cx + 20);
    for (let k = 1; k <= 5; k++) {
      ev('pointermove', 1, cx - 20 - k * 16);
      ev('pointermove', 2, cx + 20 + k * 16);
      await new Promise((res) => requestAnimationFrame(res));
    }
    ev('pointerup', 1, cx - 100);
    ev('pointerup', 2, cx + 100);
  });
  const pz = Number(await large.getAttribute('data-zoom'));
  check(pz > 2.5, `a two-finger pinch zooms (zoom ${pz.toFixed(2)})`);
  await open({ case: 'long', tab: 'model', theme: 'dark' });
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="1"]');
  for (let k = 0; k < 6; k++) await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await shot('long-model-zoomed-dark');
  await open({ case: 'medium', tab: 'model', compact: '1', width: '480' });
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="1"]');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await shot('medium-model-zoomed-compact-light');
});

// ---------------------------------------------------------------- table alternatives
await section('table', async () => {
  const tableOk = async (testid, what) => {
    const t = page.locator(`[data-testid="${testid}"]`);
    const cells = await t.locator('td').count();
    const heads = await t.locator('tbody th').allTextContents();
    check(
      cells > 0 && cells <= 64 * 12 && heads.every((h) => /·\d+$/.test(h)),
      `${what}: a <table> with token row headers (${heads.slice(0, 2)}…, ${cells} cells)`,
    );
  };
  await open({ case: 'short', tab: 'tokens' });
  await page.click('[data-testid="table-toggle"]');
  await tableOk('heat-table', 'token scores');
  await shot('tokens-table-light');
  await tab('head');
  await tableOk('head-table', 'head view layer matrix');
  await shot('head-table-light');
  await tab('neuron');
  await tableOk('neuron-table', 'neuron scores');
  await tableOk('neuron-products-table', 'neuron q × k');
  await shot('neuron-table-light');
  await open({ case: 'long', tab: 'model', theme: 'dark' });
  await page.click('[data-testid="table-toggle"]');
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]');
  const t = page.locator('[data-testid="model-table"]');
  check((await t.locator('td').count()) <= 24 * 12, `512×512 map as a paged table (${await t.locator('td').count()} cells in the DOM)`);
  const first = await t.locator('tbody th').first().textContent();
  await page.click('[data-testid="model-table"] button[aria-label="Next rows"]');
  const second = await t.locator('tbody th').first().textContent();
  check(first !== second && /·24$/.test(second ?? ''), `paging moves the rows (${first} → ${second})`);
  await shot('long-model-table-dark');
});

// ---------------------------------------------------------------- 320 px (a narrow side panel, 200 % zoom)
await section('narrow', async () => {
  for (const [tabId, theme, act] of [
    ['tokens', 'light'],
    ['head', 'dark', () => page.click('[data-testid="head-token"][data-side="from"][data-index="12"]')],
    ['model', 'light', () => page.click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]')],
    ['heads', 'dark'],
  ]) {
    await open({ case: tabId === 'model' ? 'medium' : 'short', tab: tabId, compact: '1', width: '320', theme });
    await act?.();
    const w = await page.evaluate(() => {
      const root = document.querySelector('[data-testid="attention-panel"]');
      return [root.scrollWidth, root.clientWidth];
    });
    check(w[0] <= w[1] + 1, `${tabId} at 320 px: nothing wider than the panel (${w[0]} in ${w[1]})`);
    await page.mouse.move(1, 1);
    await shot(`narrow320-${tabId}-${theme}`);
  }
});

// ---------------------------------------------------------------- export
await section('export', async () => {
  await open({ case: 'short', tab: 'head' });
  for (const kind of ['svg', 'png', 'json']) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(`[data-testid="export-${kind}"]`)]);
    const path = join(SHOTS, `views-export-head.${kind}`);
    await dl.saveAs(path);
    const size = statSync(path).size;
    check(
      size > 500 && new RegExp(`^attention-lens-mini_the-quick-brown_\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d\\.${kind}$`).test(dl.suggestedFilename()),
      `export ${kind}: ${dl.suggestedFilename()} (${size} bytes)`,
    );
  }
  // The .npz must open in NumPy (Debian's python3-numpy, an independent reader) and hold the same numbers,
  // tokens and text as the JSON export of the same result.
  const [npz] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid="export-npz"]')]);
  const npzPath = join(SHOTS, 'views-export-head.npz');
  await npz.saveAs(npzPath);
  const py = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      `
import json, sys, numpy as np
z = np.load(sys.argv[1]); j = json.load(open(sys.argv[2]))
a = z['attentions']
print(json.dumps({
  'files': sorted(z.files), 'dtype': str(a.dtype), 'shape': list(a.shape),
  'expected': [j['numLayers'], j['numHeads'], j['seqLen'], j['seqLen']],
  'tokens': z['tokens'].tolist() == j['tokens'], 'text': str(z['text']) == j['text'],
  'spans': [[int(s), int(e)] if s >= 0 else None for s, e in z['spans']] == j['spans'],
  'maxDiffVsJson': float(np.abs(a - np.array(j['attentions'], dtype=np.float64)).max()),
  'rowSumErr': float(np.abs(a.sum(-1) - 1).max()),
  'qk': list(z['queries'].shape) if 'queries' in z.files else None}))
`,
      npzPath,
      join(SHOTS, 'views-export-head.json'),
    ],
    { encoding: 'utf8' },
  );
  const got = py.status === 0 ? JSON.parse(py.stdout) : null;
  check(!!got, `numpy loads the .npz export (${npz.suggestedFilename()}) ${py.status === 0 ? '' : py.stderr.trim().split('\n').pop()}`);
  if (got) {
    check(got.dtype === 'float32' && JSON.stringify(got.shape) === JSON.stringify(got.expected), `npz attentions float32 ${got.shape.join('×')}`);
    check(got.tokens && got.text && got.spans, 'npz tokens, text and spans equal the JSON export');
    check(got.maxDiffVsJson <= 1e-6 && got.rowSumErr < 1e-4, `npz attention equals the JSON export (max diff ${got.maxDiffVsJson}) and rows sum to 1`);
    check(Array.isArray(got.qk) && got.qk.length === 4, `npz carries queries/keys when the result has them (${got.qk})`);
  }
  for (const t of ['tokens', 'model', 'heads', 'neuron']) {
    await tab(t);
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid="export-png"]')]);
    const path = join(SHOTS, `views-export-${t}.png`);
    await dl.saveAs(path);
    check(statSync(path).size > 1000, `export png of ${t}: ${dl.suggestedFilename()}`);
  }
});

// ---------------------------------------------------------------- performance (512 tokens, 12×12 heads)
const perf = {};
// ---------------------------------------------------------------- research tools (research=1: the app shell's hooks on synthetic runners)
await section('research', async () => {
  // Head roles: a Role column with the evidence as text, swatch tooltips, model-view badges, "find heads like this".
  await open({ case: 'short', tab: 'heads' });
  const roles = await page.$$eval('[data-testid="head-row"]', (rows) =>
    rows.map((r) => ({ kind: r.dataset.role, text: r.querySelector('[data-testid="head-role"]')?.textContent ?? '' })),
  );
  check(
    roles[0].kind === 'previous' && /previous token\s*\d+\.\d % of each row on the previous token/.test(roles[0].text),
    `layer 1 head 1 is a previous-token head, with its evidence as text (${roles[0].text})`,
  );
  check(
    roles.every((r) => r.kind && r.text.length > 5),
    'every head has a role and its evidence',
  );
  await page.click('[data-testid="head-row"][data-layer="0"][data-head="0"] [data-testid="like-head"]');
  const order = await page.$$eval('[data-testid="head-row"]', (rows) => rows.map((r) => `${r.dataset.layer}/${r.dataset.head}:${r.dataset.role}`));
  check(
    order[0] === '0/0:previous' && order[1].endsWith(':previous'),
    `"find heads like this" puts the head first, then the other previous-token head (${order.slice(0, 3)})`,
  );
  check(
    (await page.locator('[data-testid="head-summary"] th[aria-sort="ascending"], [data-testid="head-summary"] th[aria-sort="descending"]').count()) === 0,
    'no column claims the sort while sorted by likeness',
  );
  check(/likeness to layer 1, head 1/.test((await page.textContent('[data-testid="like-status"]')) ?? ''), 'the likeness sort is announced');
  await shot('heads-roles-light');
  await page.click('[data-testid="like-clear"]');
  await open({ case: 'short', tab: 'head' });
  const title = await page.getAttribute('[data-testid="head-swatch"][data-head="0"]', 'title');
  check(
    /^Head 1 — /.test(title ?? '') && (await page.getAttribute('[data-testid="head-swatch"][data-head="0"]', 'data-role')),
    `head swatches name the role (${title})`,
  );
  await open({ case: 'short', tab: 'model' });
  const badges = await page.$$eval('[data-testid="model-thumb"]', (els) => els.map((e) => e.querySelector('[data-testid="role-badge"]')?.textContent ?? ''));
  check(
    badges.length === 16 && badges[0] === 'prev' && badges[1] === 'next' && badges.every(Boolean),
    `a role badge on every model-view cell (${badges.join(' ')})`,
  );
  check(/previous token/.test((await page.getAttribute('[data-testid="model-thumb"]', 'aria-label')) ?? ''), 'the cell’s accessible name says the role');
  await shot('model-roles-light');

  // Masked-token probing: choose a word, mask it, see the predictions; every view shows the masked input.
  await open({ case: 'short', tab: 'tokens', research: '1' });
  check((await page.locator('[data-testid="mask-token"]').count()) === 0, 'no mask action before a token is chosen');
  await page.click('[data-testid="toggle-word-mode"]');
  await page.click('[data-testid="heat-cell"][data-token="jumps"]');
  await page.click('[data-testid="mask-token"]');
  await page.waitForSelector('[data-testid="probe-bar"]');
  check(JSON.stringify(await page.evaluate(() => window.__harness.maskRuns)) === '[[5,6]]', 'masking a word masks all its pieces (jump ##s)');
  check(
    (await page.locator('[data-testid="probe-position"]').count()) === 2 && (await page.locator('[data-testid="probe-prediction"]').count()) === 20,
    'ten predictions per masked position',
  );
  check(
    (await page.getAttribute('[data-testid="heat-cell"][aria-pressed="true"]', 'data-token')) === '[MASK] [MASK]',
    'the chosen word stays chosen, now as the masked input',
  );
  check((await page.textContent('[data-testid="mask-token"]')) === 'Masked', 'the action says the word is masked');
  await shot('probe-words-light');
  await page.click('[data-testid="toggle-word-mode"]');
  await page.click('[data-testid="tab-model"]');
  await page.click('[data-testid="model-thumb"][data-layer="0"][data-head="0"]');
  check(
    (await page.$$eval('[data-testid="model-large-rowlabels"] span', (els) => els.map((e) => e.textContent))).includes('[MASK]·5'),
    'the model view shows the masked input',
  );
  await page.click('[data-testid="probe-show-original"]');
  check(
    (await page.$$eval('[data-testid="model-large-rowlabels"] span', (els) => els.map((e) => e.textContent))).includes('jump·5'),
    'one click back to the original input',
  );
  await page.click('[data-testid="probe-show-masked"]');
  await page.click('[data-testid="probe-diff"]');
  await page.waitForSelector('[data-testid="compare-view"][data-mode="tokens"] [data-testid="compare-cell"]');
  check(
    /jump→\[MASK\]·5, ##s→\[MASK\]·6/.test((await page.textContent('[data-testid="compare-mode-note"]')) ?? ''),
    'the difference of original and masked input skips the masked rows',
  );
  await shot('probe-diff-light');

  // Compare mode: an edited copy (same tokenization) → the head built to change ranks first.
  await open({ case: 'short', tab: 'compare', research: '1' });
  check(
    (await page.inputValue('[data-testid="compare-input"]')) === 'The quick brown fox jumps over the lazy dog because it was tired.',
    'the edit box starts as a copy of the text',
  );
  await page.fill('[data-testid="compare-input"]', 'The slow brown fox jumps over the lazy dog because it was tired.');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('[data-testid="compare-ranked-item"]');
  const want = await page.evaluate(() => window.__harness.changedHead);
  const firstRanked = await page.$eval('[data-testid="compare-ranked-item"]', (e) => ({
    layer: Number(e.dataset.layer),
    head: Number(e.dataset.head),
    tab: e.getAttribute('tabindex'),
  }));
  check(
    firstRanked.layer === want.layer && firstRanked.head === want.head && firstRanked.tab === '0',
    `the constructed head ranks first and is the tab stop (${JSON.stringify(firstRanked)})`,
  );
  check((await page.locator('[data-testid="compare-cell"]').count()) === 16, 'a difference map per head');
  check((await page.textContent('[data-testid="export-json"]')) === 'JSON A+B', 'exports hold both results on the Compare tab');
  await shot('compare-light');
  await page.keyboard.press('Tab');
  await page.focus('[data-testid="compare-ranked-item"][tabindex="0"]');
  await page.keyboard.press('ArrowDown');
  check((await page.evaluate(() => document.activeElement?.dataset.rank)) === '2', 'arrow keys move along the ranking');
  await page.click('[data-testid="compare-cell"][data-layer="2"][data-head="1"]');
  await page.waitForSelector('[data-testid="compare-side-a"]');
  check((await page.locator('[data-testid="compare-large"] canvas').count()) === 3, 'an enlarged head shows A − B, A and B');
  await page.hover('[data-testid="compare-large-map"]', { position: { x: 30, y: 30 } });
  check(/A − B [+−]?\d/.test((await page.textContent('[data-testid="tooltip"]')) ?? ''), 'hovering reads A, B and their difference');
  await shot('compare-large-light');
  await open({ case: 'short', tab: 'compare', research: '1', theme: 'dark' });
  await page.fill('[data-testid="compare-input"]', 'The quick brown fox happily jumps over the lazy dog because it was tired.');
  await page.click('[data-testid="compare-run"]');
  await page.waitForSelector('[data-testid="compare-view"][data-mode="words"] [data-testid="compare-ranked-item"]');
  check(
    (await page.locator('[data-testid="compare-link"][data-kind="only-b"]').count()) === 1,
    'another tokenization: the words are aligned, the inserted word shown',
  );
  await shot('compare-words-dark');
  // Another model: the UI says that switching models reloads.
  await page.click('[data-testid="compare-source-model"]');
  check(
    /one model at a time.*reloads/.test((await page.textContent('[data-testid="compare-reload-note"]')) ?? ''),
    'comparing models says that each switch reloads',
  );

  // Copy: the chart's TSV, also on Ctrl+C inside the panel.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await open({ case: 'short', tab: 'head', research: '1' });
  await page.selectOption('[data-testid="head-select"]', 'h1');
  await page.click('[data-testid="copy-tsv"]');
  await page.waitForFunction(() => /Copied/.test(document.querySelector('[data-testid="copy-status"]')?.textContent ?? ''));
  const tsv = await page.evaluate(() => navigator.clipboard.readText());
  const lines = tsv.split('\n').map((l) => l.split('\t'));
  check(
    lines.length === 20 && lines[0][1] === '[CLS]·0' && lines[3][0] === 'quick·2',
    `Copy puts the matrix on the clipboard with text·position names (${lines.length} lines)`,
  );
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.focus('[data-testid="panel-head"]');
  await page.keyboard.press('Control+c');
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.length > 0));
  check((await page.evaluate(() => navigator.clipboard.readText())) === tsv, 'Ctrl+C in the chart copies the same');
});

await section('perf', async () => {
  // bert-base geometry at 128 tokens: model view first paint, cold (thumbnail cache cleared)
  await open({ case: 'base128', tab: 'tokens' });
  const at128 = [];
  for (let k = 0; k < 3; k++) {
    await tab('tokens');
    await page.waitForTimeout(300);
    at128.push(
      await page.evaluate(async () => {
        window.__harness.resetThumbnailCache();
        const t0 = performance.now();
        document.querySelector('[data-testid="tab-model"]').click();
        for (;;) {
          await new Promise((res) => requestAnimationFrame(res));
          const at = document.querySelector('[data-testid="model-view"]')?.getAttribute('data-painted-at');
          if (at && Number(at) > t0) return +(Number(at) - t0).toFixed(1);
        }
      }),
    );
  }
  perf.modelView128FirstPaintColdMs = at128;
  report(at128.sort((a, b) => a - b)[1] <= 200, `model view first paint at 128 tokens, 12×12 heads, cold (${at128.join(', ')})`);
  await open({ case: 'long', tab: 'tokens' });
  // Cold: thumbnail cache cleared before each switch, so pooling 144 maps of 512×512 is inside the timing.
  // Warm: the panel pools thumbnails in idle time after an analysis, so a later switch only paints.
  const switchToModel = (cold) =>
    page.evaluate(async (cold) => {
      if (cold) window.__harness.resetThumbnailCache();
      const t0 = performance.now();
      document.querySelector('[data-testid="tab-model"]').click();
      for (;;) {
        await new Promise((res) => requestAnimationFrame(res));
        const el = document.querySelector('[data-testid="model-view"]');
        const at = el?.getAttribute('data-painted-at');
        if (at && Number(at) > t0) {
          let done = el.getAttribute('data-complete-at');
          while (!done) {
            await new Promise((res) => requestAnimationFrame(res));
            done = el.getAttribute('data-complete-at');
          }
          return {
            paint: Number(at) - t0,
            complete: Number(done) - t0,
            draw: Number(el.getAttribute('data-draw-ms')),
            thumbs: document.querySelectorAll('[data-testid="model-thumb"]').length,
          };
        }
      }
    }, cold);
  const cold = [];
  const warm = [];
  // Run order: warm (first open after the idle pre-pooling), 3 × cold, 2 × warm.
  const plan = [false, true, true, true, false, false];
  for (let k = 0; k < plan.length; k++) {
    await tab('tokens');
    await page.waitForTimeout(k === 0 ? 3000 : 400);
    const r = await switchToModel(plan[k]);
    (plan[k] ? cold : warm).push(r);
    if (k === 0) check(r.thumbs === 144, `512-token model view shows 144 thumbnails (${r.thumbs})`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  perf.modelViewFirstPaintColdMs = cold.map((r) => +r.paint.toFixed(1));
  perf.modelViewAllThumbnailsColdMs = cold.map((r) => +r.complete.toFixed(1));
  perf.modelViewDrawColdMs = cold.map((r) => r.draw);
  perf.modelViewFirstPaintWarmMs = warm.map((r) => +r.paint.toFixed(1));
  perf.modelViewAllThumbnailsWarmMs = warm.map((r) => +r.complete.toFixed(1));
  report(
    median(perf.modelViewFirstPaintColdMs) <= 200,
    `model view first paint at 512 tokens, cold, median ≤ 200 ms (${perf.modelViewFirstPaintColdMs.join(', ')})`,
  );
  report(
    median(perf.modelViewFirstPaintWarmMs) <= 200,
    `model view first paint at 512 tokens, pre-pooled, median ≤ 200 ms (${perf.modelViewFirstPaintWarmMs.join(', ')})`,
  );

  await tab('head');
  await page.waitForSelector('[data-testid="head-view"][data-render="canvas"]');
  await page.waitForTimeout(200);
  const hover = await page.evaluate(async () => {
    const out = [];
    const root = document.querySelector('[data-testid="head-view"]');
    const idx = [3, 40, 77, 120, 200, 255, 300, 333, 410, 500, 17, 260, 90, 150, 450, 31];
    for (const side of ['from', 'to']) {
      for (const i of idx) {
        const el = document.querySelector(`[data-testid="head-token"][data-side="${side}"][data-index="${i}"]`);
        const t0 = performance.now();
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 0));
        out.push(Number(root.getAttribute('data-drawn-at')) - t0);
        await new Promise((r) => setTimeout(r, 30));
      }
    }
    return out;
  });
  const sorted = [...hover].sort((a, b) => a - b);
  const q = (f) => +sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))].toFixed(2);
  perf.headViewHoverMs = { median: q(0.5), p90: q(0.9), max: q(1), samples: hover.map((v) => +v.toFixed(2)) };
  report(
    perf.headViewHoverMs.median <= 16,
    `head view hover update at 512 tokens ≤ 16 ms (median ${perf.headViewHoverMs.median.toFixed(2)}, max ${perf.headViewHoverMs.max.toFixed(2)})`,
  );
  // Layer switches: jumps to layers not seen before (index built on the spot), steps to the next layer after a
  // pause (index prefetched in idle time), and a return to a recently seen layer (index cache).
  const layerSwitch = await page.evaluate(async () => {
    const root = document.querySelector('[data-testid="head-view"]');
    const sel = document.querySelector('[data-testid="layer-select"]');
    const go = async (layer) => {
      const t0 = performance.now();
      sel.value = String(layer);
      sel.dispatchEvent(new Event('change', { bubbles: true }));
      for (;;) {
        await new Promise((r) => setTimeout(r, 0));
        if (root.getAttribute('data-layer') === String(layer)) break;
      }
      return +(Number(root.getAttribute('data-drawn-at')) - t0).toFixed(1);
    };
    const pause = () => new Promise((r) => setTimeout(r, 1500));
    const jump = [];
    const step = [];
    jump.push(await go(3));
    await pause();
    step.push(await go(4));
    await pause();
    step.push(await go(5));
    jump.push(await go(9));
    await pause();
    step.push(await go(8));
    jump.push(await go(1));
    await pause();
    const revisit = await go(9);
    return { jump, step, revisit };
  });
  perf.headViewLayerSwitchMs = layerSwitch;
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  report(
    med(layerSwitch.step) <= 100,
    `head view step to the next layer at 512 tokens ≤ 100 ms (${layerSwitch.step.join(', ')}; jumps ${layerSwitch.jump.join(', ')}; revisit ${layerSwitch.revisit})`,
  );
});

console.log('\nperformance:', JSON.stringify(perf));
console.log(
  `load average: ${(await import('node:os'))
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
);
check(consoleErrors.length === 0, `no console errors (${consoleErrors.slice(0, 3).join(' | ')})`);
console.log(`\nscreenshots (${shots.length}):\n${shots.map((s) => '  ' + s).join('\n')}`);
console.log(`\n${passes.length} passed, ${failures.length} failed`);
for (const f of failures) console.log(`  FAIL ${f}`);
await browser.close();
server.close();
process.exit(failures.length ? 1 : 0);
