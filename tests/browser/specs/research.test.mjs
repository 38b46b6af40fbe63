// Research tools in real Chromium.
//  - The extension (AL_DIST, default dist-automation): mask a word of a selection → the top-10 predictions are shown
//    and every view shows the masked input ([MASK]), with the switch back to the original; a copied TSV parsed back
//    equals the exported JSON; compare mode with an edited copy; exports with both results. Masking needs a model
//    with a masked-LM head (inputs mask_positions, output mask_logits): when the build's bundled model has none, the
//    test copies the build to a temporary folder and puts a random-weight export with the head there
//    (models/train/export.py --random; the repository's models/ is never touched).
//  - The views harness (synthetic results, answer known): compare mode with an edited sentence ranks first the one
//    head the edit was built to change; the ranked list's first entry is the tab stop; a model without a masked-LM
//    head disables "Mask it" and says why.
// Screenshots: artifacts/screenshots/research-*.png; AL_DOCS_SHOTS=1 also writes docs/probe-{light,dark}.png and
// docs/compare-{light,dark}.png (from the harness: its synthetic model has recognisable heads and made-up but
// plausible predictions; the random-weight fixture's are noise). AL_RESEARCH_HARNESS=http://… uses a served harness.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, SCREENSHOTS, launchWithExtension, servePages, selectElementText, tabIdOf } from '../harness.mjs';
import { buildHarness, CHROMIUM, openHarness, serveHarness } from '../../views-harness/serve.mjs';

const DIST = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
const DOCS = process.env.AL_DOCS_SHOTS === '1';
let temp = null;

/** A build whose bundled model can predict masked tokens: `dist` itself, or a copy with a random-weight MLM export. */
function maskingDist(dist) {
  const model = join(dist, 'models/attention-lens-mini');
  if (readFileSync(join(model, 'onnx/model.onnx')).includes('mask_logits')) return dist;
  temp = mkdtempSync(join(tmpdir(), 'al-research-'));
  const copy = join(temp, 'dist');
  cpSync(dist, copy, { recursive: true });
  const fixture = join(temp, 'fixture');
  execFileSync('/usr/bin/python3', [join(ROOT, 'models/train/export.py'), '--random', '--seed', '1234', '--out-dir', fixture], { stdio: 'pipe' });
  cpSync(join(fixture, 'config.json'), join(copy, 'models/attention-lens-mini/config.json'));
  cpSync(join(fixture, 'onnx/model.onnx'), join(copy, 'models/attention-lens-mini/onnx/model.onnx'));
  return copy;
}

let ext, pages, page, tabId, harness, hb, hpage;

before(async () => {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} has no manifest.json: run "AL_AUTOMATION=1 npx vite build --outDir ${DIST}" first`);
  pages = await servePages();
  ext = await launchWithExtension(maskingDist(DIST));
  page = await ext.context.newPage();
  await page.goto(pages.url('demo.html'));
  tabId = await tabIdOf(ext.worker, page);
  if (process.env.AL_RESEARCH_HARNESS) harness = { base: process.env.AL_RESEARCH_HARNESS, close() {} };
  else {
    await buildHarness();
    harness = await serveHarness();
  }
  hb = await chromium.launch(CHROMIUM);
  hpage = await (await hb.newContext({ viewport: { width: 860, height: 1000 }, deviceScaleFactor: 1 })).newPage();
  hpage.setDefaultTimeout(15_000);
});
after(async () => {
  await ext?.close();
  await pages?.close();
  await hb?.close();
  harness?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** The popup for the demo tab with paragraph `id` selected, once its views are drawn. */
async function popupOn(id, size = { width: 780, height: 900 }) {
  await selectElementText(page, id);
  const popup = await ext.context.newPage();
  await popup.setViewportSize(size);
  // Copy: keep what the page writes to the clipboard (the real clipboard is shared by every test of this browser).
  await popup.addInitScript(() => {
    window.__copied = [];
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => {
      window.__copied.push(text);
      return write(text);
    };
  });
  await popup.goto(ext.extUrl(`src/popup/popup.html?tab=${tabId}`));
  try {
    // The views open on the tab the last test left (the view state is shared): start from the token view.
    await popup.waitForSelector('[data-testid="lens-result"] [data-testid="tab-tokens"]', { timeout: 90_000 });
    await popup.click('[data-testid="tab-tokens"]');
    await popup.waitForSelector('[data-testid="lens-result"] [data-testid="heat-cell"]');
  } catch (err) {
    throw new Error(`the popup shows: ${(await popup.locator('body').innerText()).slice(0, 400)}`, { cause: err });
  }
  return popup;
}
const tokensOf = (p, sel = '[data-testid="heat-cell"]') => p.locator(sel).evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
/** The head view's tokens (the "from" column), without their ·position. */
const headTokensOf = (p) => p.locator('[data-testid="head-token"][data-side="from"]').evaluateAll((els) => els.map((e) => e.firstChild?.textContent ?? ''));

function parseTsv(text) {
  return text
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => line.split('\t').map((c) => (/^'[=+\-@]/.test(c) ? c.slice(1) : c)));
}

async function download(p, testid) {
  const [dl] = await Promise.all([p.waitForEvent('download', { timeout: 60_000 }), p.click(`[data-testid="${testid}"]`)]);
  return { name: dl.suggestedFilename(), body: readFileSync(await dl.path()) };
}

test('masking a word: top-10 predictions, every view shows the masked input, one click back to the original', async () => {
  const popup = await popupOn('p3');
  const original = await tokensOf(popup);
  // Word mode: choose the word "gardeners" (gardener ##s), mask it — both pieces.
  await popup.click('[data-testid="toggle-word-mode"]');
  await popup.click('[data-testid="heat-cell"][data-token="gardeners"]');
  const mask = popup.locator('[data-testid="mask-token"]');
  await mask.waitFor();
  assert.equal(await mask.getAttribute('aria-disabled'), null, 'the model can mask: the action is enabled');
  await mask.click();
  await popup.waitForSelector('[data-testid="probe-bar"]', { timeout: 60_000 });
  const positions = await popup.locator('[data-testid="probe-position"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-position'))));
  const at = original.indexOf('gardener');
  assert.deepEqual(positions, [at, at + 1], 'both pieces of "gardeners" are masked');
  for (const list of await popup.locator('[data-testid="probe-list"]').all()) {
    const probs = await list.locator('[data-testid="probe-prediction"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-prob'))));
    assert.equal(probs.length, 10, 'top 10 predictions per masked position');
    assert.ok(
      probs.every((p, k) => p > 0 && p <= 1 && (k === 0 || p <= probs[k - 1])),
      `probabilities, most probable first: ${probs}`,
    );
  }
  assert.match(await popup.locator('[data-testid="probe-position"]').first().innerText(), new RegExp(`gardener·${at} → \\[MASK\\]`));
  await popup.click('[data-testid="toggle-word-mode"]');
  const masked = await tokensOf(popup);
  assert.deepEqual(
    masked,
    original.map((t, k) => (k === at || k === at + 1 ? '[MASK]' : t)),
    'the token view shows the masked input',
  );
  await popup.click('[data-testid="tab-head"]');
  await popup.waitForSelector('[data-testid="head-token"]');
  assert.deepEqual((await headTokensOf(popup)).filter((t) => t === '[MASK]').length, 2, 'the head view shows the masked input');
  await popup.screenshot({ path: join(SCREENSHOTS, 'research-probe-head-view.png'), fullPage: true });
  // One click back to the original, and again to the masked input.
  await popup.click('[data-testid="probe-show-original"]');
  await popup.waitForFunction(() => ![...document.querySelectorAll('[data-testid="head-token"]')].some((e) => e.firstChild?.textContent === '[MASK]'));
  await popup.click('[data-testid="tab-tokens"]');
  assert.deepEqual(await tokensOf(popup), original, 'original input back');
  await popup.click('[data-testid="probe-show-masked"]');
  assert.deepEqual(await tokensOf(popup), masked, 'masked input again, without another run');
  // The difference of the two per head (compare mode, same tokenization).
  await popup.click('[data-testid="probe-diff"]');
  await popup.waitForSelector('[data-testid="compare-view"][data-mode="tokens"] [data-testid="compare-cell"]');
  assert.equal(await popup.locator('[data-testid="compare-cell"]').count(), 16, 'a difference map per head (4 × 4)');
  assert.ok((await popup.locator('[data-testid="compare-ranked-item"]').count()) > 0, 'heads ranked by change');
  await popup.screenshot({ path: join(SCREENSHOTS, 'research-probe-diff.png'), fullPage: true });
  await popup.close();
});

test('a copied TSV parsed back equals the exported JSON values', async () => {
  const popup = await popupOn('p5');
  await popup.click('[data-testid="tab-head"]');
  await popup.selectOption('[data-testid="layer-select"]', '1');
  await popup.selectOption('[data-testid="head-select"]', 'h2');
  await popup.click('[data-testid="copy-tsv"]');
  await popup.waitForFunction(() => window.__copied.length > 0 && /Copied/.test(document.querySelector('[data-testid="copy-status"]')?.textContent ?? ''));
  assert.match(await popup.locator('[data-testid="copy-status"]').innerText(), /Copied the matrix of layer 2, head 3/);
  const copied = await popup.evaluate(() => window.__copied.at(-1));
  // The clipboard itself holds it (extension pages may write it): read back from a web page granted clipboard-read.
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(pages.url('')).origin });
  await page.bringToFront();
  const clip = await page.evaluate(() => navigator.clipboard.readText().catch((e) => `unreadable: ${e.message}`));
  assert.equal(clip, copied, 'the system clipboard holds the TSV');
  await popup.bringToFront();
  const { name, body } = await download(popup, 'export-json');
  assert.match(name, /\.json$/);
  const json = JSON.parse(body.toString('utf8'));
  const rows = parseTsv(copied);
  const names = json.tokens.map((t, k) => `${t}·${k}`);
  assert.deepEqual(rows[0].slice(1), names, 'first row: tokens as text·position');
  assert.deepEqual(
    rows.slice(1).map((r) => r[0]),
    names,
    'first column: tokens as text·position',
  );
  assert.deepEqual(
    rows.slice(1).map((r) => r.slice(1).map(Number)),
    json.attentions[1][2],
    'every value equals the JSON export',
  );
  // Ctrl+C with the chart focused copies the same; the heads table copies one row per head.
  await popup.focus('[data-testid="panel-head"]');
  await popup.keyboard.press('Control+c');
  await popup.waitForFunction(() => window.__copied.length > 1);
  assert.equal(await popup.evaluate(() => window.__copied.at(-1)), copied, 'Ctrl+C in the chart copies the matrix');
  await popup.click('[data-testid="tab-heads"]');
  await popup.waitForSelector('[data-testid="head-role"]');
  await popup.click('[data-testid="copy-tsv"]');
  await popup.waitForFunction(() => window.__copied.length > 2);
  const heads = parseTsv(await popup.evaluate(() => window.__copied.at(-1)));
  assert.deepEqual(heads[0].slice(0, 4), ['Layer', 'Head', 'Role', 'Evidence']);
  assert.equal(heads.length, 1 + json.numLayers * json.numHeads, 'one row per head');
  await popup.close();
});

test('compare mode with an edited copy: difference per head, ranking, and both results in the exports', async () => {
  const popup = await popupOn('p1', { width: 780, height: 1000 });
  await popup.click('[data-testid="tab-compare"]');
  const box = popup.locator('[data-testid="compare-input"]');
  assert.equal(await box.inputValue(), await page.evaluate(() => document.getElementById('p1').textContent), 'the text box starts as a copy of the text');
  await box.fill((await box.inputValue()).replace('quick', 'slow'));
  await popup.click('[data-testid="compare-run"]');
  await popup.waitForSelector('[data-testid="compare-view"][data-mode="tokens"] [data-testid="compare-ranked-item"]', { timeout: 60_000 });
  assert.match(await popup.locator('[data-testid="compare-mode-note"]').innerText(), /Same tokenization.*quick→slow·2/);
  assert.equal(await popup.locator('[data-testid="compare-cell"]').count(), 16);
  const divs = await popup.locator('[data-testid="compare-ranked-item"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-divergence'))));
  assert.ok(
    divs.every((d, k) => d > 0 && (k === 0 || d <= divs[k - 1])),
    `ranked by divergence: ${divs}`,
  );
  for (const theme of ['light', 'dark']) {
    await popup.click(`[data-testid="theme-switch"] input[value="${theme}"]`, { force: true });
    await popup.waitForTimeout(200);
    await popup.screenshot({ path: join(SCREENSHOTS, `research-compare-${theme}.png`), fullPage: true });
  }
  await popup.click('[data-testid="theme-switch"] input[value="auto"]', { force: true });
  const json = JSON.parse((await download(popup, 'export-json')).body.toString('utf8'));
  assert.deepEqual(Object.keys(json), ['a', 'b'], 'JSON export with both results');
  assert.equal(json.a.tokens[2], 'quick');
  assert.equal(json.b.tokens[2], 'slow');
  const npz = await download(popup, 'export-npz');
  for (const entry of ['a_attentions.npy', 'b_attentions.npy', 'a_tokens.npy', 'b_tokens.npy']) assert.ok(npz.body.includes(entry), `NPZ holds ${entry}`);
  // Enlarge the most changed head: A, B and A − B.
  await popup.click('[data-testid="compare-ranked-item"][data-rank="1"]');
  await popup.waitForSelector('[data-testid="compare-large"] [data-testid="compare-side-b"]');
  await popup.screenshot({ path: join(SCREENSHOTS, 'research-compare-large.png'), fullPage: true });
  await popup.close();
});

test('harness: an edited sentence ranks first the head built to differ; the first entry is the tab stop', async () => {
  for (const theme of ['light', 'dark']) {
    await openHarness(hpage, harness.base, { case: 'short', tab: 'compare', research: '1', theme });
    const want = await hpage.evaluate(() => window.__harness.changedHead);
    await hpage.fill('[data-testid="compare-input"]', 'The slow brown fox jumps over the lazy dog because it was tired.');
    await hpage.click('[data-testid="compare-run"]');
    await hpage.waitForSelector('[data-testid="compare-ranked-item"]');
    const first = hpage.locator('[data-testid="compare-ranked-item"]').first();
    assert.deepEqual({ layer: Number(await first.getAttribute('data-layer')), head: Number(await first.getAttribute('data-head')) }, want);
    assert.equal(await first.getAttribute('tabindex'), '0', 'the first entry is focusable');
    assert.equal(await hpage.locator('[data-testid="compare-ranked-item"][tabindex="0"]').count(), 1, 'one tab stop in the list');
    await hpage.mouse.move(0, 0);
    const path = join(SCREENSHOTS, `research-harness-compare-${theme}.png`);
    await hpage.locator('.harness-frame').screenshot({ path });
    if (DOCS) cpSync(path, join(ROOT, `docs/compare-${theme}.png`));
  }
  // Keyboard: Tab from the Compare button reaches the first entry; Enter opens A, B and A − B; back returns focus.
  await hpage.focus('[data-testid="compare-run"]');
  for (let k = 0; k < 6 && !(await hpage.evaluate(() => document.activeElement?.dataset.testid === 'compare-ranked-item')); k++)
    await hpage.keyboard.press('Tab');
  assert.equal(await hpage.evaluate(() => document.activeElement?.dataset.rank), '1');
  await hpage.keyboard.press('Enter');
  await hpage.waitForSelector('[data-testid="compare-large"][data-layer="2"][data-head="1"]');
  await hpage.click('[data-testid="model-back"]');
  assert.equal(
    await hpage.evaluate(() => `${document.activeElement?.dataset.testid}:${document.activeElement?.dataset.layer}:${document.activeElement?.dataset.head}`),
    'compare-cell:2:1',
  );
  // A longer edit: another tokenization, compared word by word with the alignment shown.
  await hpage.fill('[data-testid="compare-input"]', 'The quick brown fox happily jumps over the lazy dog because it was tired.');
  await hpage.click('[data-testid="compare-run"]');
  await hpage.waitForSelector('[data-testid="compare-view"][data-mode="words"] [data-testid="compare-alignment"]');
  assert.deepEqual(
    await hpage
      .locator('[data-testid="compare-link"][data-kind="only-b"]')
      .allInnerTexts()
      .then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim())),
    ['— + happily (only in B)'],
  );
});

test('harness: probing screenshots; a model without a masked-LM head disables "Mask it" and says why', async () => {
  for (const theme of ['light', 'dark']) {
    await openHarness(hpage, harness.base, { case: 'short', tab: 'tokens', research: '1', theme });
    await hpage.click('[data-testid="heat-cell"][data-token="fox"]');
    await hpage.keyboard.press('m'); // M on the chosen token masks it
    await hpage.waitForSelector('[data-testid="probe-bar"]');
    assert.equal(await hpage.locator('[data-testid="probe-prediction"]').count(), 10);
    assert.ok(await hpage.locator('[data-testid="heat-cell"][data-token="[MASK]"]').count(), 'the token view shows [MASK]');
    await hpage.mouse.move(0, 0);
    const path = join(SCREENSHOTS, `research-probe-${theme}.png`);
    await hpage.locator('.harness-frame').screenshot({ path });
    if (DOCS) cpSync(path, join(ROOT, `docs/probe-${theme}.png`));
  }
  await openHarness(hpage, harness.base, { case: 'short', tab: 'tokens', research: '1', canMask: '0' });
  await hpage.click('[data-testid="heat-cell"][data-token="fox"]');
  await hpage.waitForSelector('[data-testid="mask-reason"]');
  assert.equal(await hpage.getAttribute('[data-testid="mask-token"]', 'aria-disabled'), 'true');
  assert.match(await hpage.locator('[data-testid="mask-reason"]').innerText(), /no masked-language-model head/);
  await hpage.click('[data-testid="mask-token"]', { force: true });
  await hpage.focus('[data-testid="heat-cell"][data-token="fox"]');
  await hpage.keyboard.press('m');
  await hpage.waitForTimeout(200);
  assert.equal(await hpage.locator('[data-testid="probe-bar"], [data-testid="probe-working"]').count(), 0, 'nothing runs');
  assert.deepEqual(await hpage.evaluate(() => window.__harness.maskRuns), []);
});
