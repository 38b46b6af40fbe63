// Toolbar-popup path: select text on a page, open the popup for that tab, see tokens, heatmap and head view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, newPageWithTabId, openTestPage, selectElementText, tabIdOf } from '../harness.mjs';
import { expectedPairTokensTruncated, expectedTokens } from '../expected.mjs';

let browser, page, session;

before(async () => {
  session = await openTestPage('demo.html');
  ({ browser, page } = session);
});
after(() => session?.close());

async function openPopupFor(target, knownTabId) {
  const tabId = knownTabId ?? (await tabIdOf(browser.worker, target));
  // Surfaces share the view state (tab, layer, heads): each case starts from the defaults.
  await browser.worker.evaluate(() => chrome.storage.local.remove('viewState'));
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 780, height: 600 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${tabId}`));
  return popup;
}

test('popup shows the selection as WordPiece tokens, one heat cell each, and a head view with lines', async () => {
  await selectElementText(page, 'p1');
  const text = await page.evaluate(() => document.getElementById('p1').textContent);
  const popup = await openPopupFor(page);
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });

  const expected = await expectedTokens(text);
  const cells = popup.locator('[data-testid="heat-cell"]');
  assert.equal(await cells.count(), expected.length, 'one heat cell per token');
  const labels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  assert.deepEqual(labels, expected);
  assert.match(await popup.locator('[data-testid="attention-panel"]').innerText(), /attention-lens-mini[\s\S]*(WASM|WebGPU)/i);
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-heatmap.png') });

  // Head view: lines are drawn, and another layer draws a different set.
  await popup.getByRole('tab', { name: /head view/i }).click();
  await popup.waitForSelector('[data-testid="head-view"] [data-testid="attn-line"]', { state: 'attached' });
  const signature = () =>
    popup
      .locator('[data-testid="attn-line"]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-layer')}:${e.getAttribute('d') ?? ''}:${e.getAttribute('stroke-opacity') ?? e.style.opacity}`).join('|'),
      );
  const before = await signature();
  assert.ok((await popup.locator('[data-testid="attn-line"]').count()) > 0, 'head view draws lines');
  assert.equal(await popup.locator('[data-testid="head-token"]').count(), expected.length * 2, 'two token columns');
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-head-view.png') });
  const layerSelect = popup.locator('[data-testid="layer-select"]').first();
  await layerSelect.selectOption({ index: 1 });
  await popup.waitForFunction((prev) => {
    const now = [...document.querySelectorAll('[data-testid="attn-line"]')]
      .map((e) => `${e.getAttribute('data-layer')}:${e.getAttribute('d') ?? ''}:${e.getAttribute('stroke-opacity') ?? e.style.opacity}`)
      .join('|');
    return now !== prev;
  }, before);
  const layers = await popup.locator('[data-testid="attn-line"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-layer')))]);
  assert.deepEqual(layers, ['1'], 'lines now belong to layer 1');
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-head-view-layer1.png') });
  await popup.close();
});

test('popup: empty selection gets a clear message', async () => {
  await page.evaluate(() => window.getSelection().removeAllRanges());
  const popup = await openPopupFor(page);
  const err = popup.locator('[data-testid="lens-error"]');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-code'), 'empty-selection');
  assert.match(await err.innerText(), /Nothing is selected/);
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-empty-selection.png') });
  await popup.close();
});

test('popup: whitespace-only selection is treated as empty', async () => {
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'blank';
    p.textContent = '      ';
    p.style.whiteSpace = 'pre';
    document.body.append(p);
  });
  await selectElementText(page, 'blank');
  const popup = await openPopupFor(page);
  const err = popup.locator('[data-testid="lens-error"]');
  await err.waitFor();
  assert.equal(await err.getAttribute('data-code'), 'empty-selection');
  await popup.close();
});

test('popup: a selection longer than the model takes is cut into windows, with a visible notice', async () => {
  await selectElementText(page, 'long');
  const text = await page.evaluate(() => document.getElementById('long').textContent);
  const total = (await expectedTokens(text)).length - 2;
  const popup = await openPopupFor(page);
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 90000 });
  const notice = popup.locator('[data-testid="truncation-notice"]');
  const m = new RegExp(`^Window 1 of (\\d+) · tokens 1–(\\d+) of ${total.toLocaleString('en')}$`).exec((await notice.innerText()).trim());
  assert.ok(m, `notice: ${await notice.innerText()}`);
  assert.ok(Number(m[1]) >= 2 && Number(m[2]) <= 510, 'more than one window; the first holds at most 510 text tokens');
  // the first window's tokens with its [CLS] and [SEP]
  assert.equal(await popup.locator('[data-testid="heat-cell"]').count(), Number(m[2]) + 2);
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-truncated.png') });
  await popup.close();
});

test('popup: a selection in a form field is analysed', async () => {
  await page.evaluate(() => {
    const f = document.getElementById('field');
    f.focus();
    f.setSelectionRange(0, 10);
  });
  const popup = await openPopupFor(page);
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  const labels = await popup.locator('[data-testid="heat-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  assert.deepEqual(labels, await expectedTokens('A sentence'));
  await popup.close();
});

test('popup on a browser page (chrome://version) says why it cannot run', async () => {
  const { page: internal, tabId } = await newPageWithTabId(browser.context, browser.worker);
  await internal.goto('chrome://version').catch(() => undefined);
  const popup = await openPopupFor(internal, tabId);
  const err = popup.locator('[data-testid="lens-error"]');
  await err.waitFor();
  const message = await err.innerText();
  assert.equal(await err.getAttribute('data-code'), 'restricted-page', message);
  assert.match(message, /protected|cannot|did not let/i);
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-restricted.png') });
  await popup.close();
  await internal.close();
});

test('popup: a selection of two sentences can be analysed as a pair, and the head view filters A→B', async () => {
  await selectElementText(page, 'p5');
  const popup = await openPopupFor(page);
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  await popup.locator('[data-testid="pair-split"]').selectOption({ index: 1 });
  const expected = await expectedTokens('Where is the station?', undefined, ' It is two blocks north of the old cathedral.');
  await popup.waitForFunction(
    (want) => {
      const got = [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.getAttribute('data-token'));
      return JSON.stringify(got) === JSON.stringify(want);
    },
    expected,
    { timeout: 60000 },
  );
  assert.equal(expected.filter((t) => t === '[SEP]').length, 2, 'a pair has two [SEP]');
  await popup.getByRole('tab', { name: /head view/i }).click();
  await popup.getByRole('radio', { name: 'Sentence A to sentence B' }).check();
  const sepA = expected.indexOf('[SEP]');
  const edges = await popup
    .locator('[data-testid="attn-line"]')
    .evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-from')), Number(e.getAttribute('data-to'))]));
  assert.ok(edges.length > 0, 'A→B lines are drawn');
  assert.ok(
    edges.every(([f, t]) => f <= sepA && t > sepA),
    'every line goes from sentence A to sentence B',
  );
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-pair-a-to-b.png') });
  await popup.close();
});

test('popup: a pair longer than the token limit is cut longest first, as Hugging Face cuts it, and the notice names both sentences', async () => {
  const [a, b] = ['Where is the station?', ' It is two blocks north of the old cathedral.'];
  const limit = 12; // 5 + 10 content tokens and 3 added: both sentences are cut (4 and 5 kept)
  const setLimit = async (target, maxTokens) =>
    target.evaluate(async (n) => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings ?? {}), maxTokens: n } });
    }, maxTokens);
  await selectElementText(page, 'p5');
  let popup = await openPopupFor(page);
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  const before = await popup.evaluate(async () => (await chrome.storage.local.get('settings')).settings?.maxTokens ?? null);
  await setLimit(popup, limit);
  await popup.close();
  try {
    await selectElementText(page, 'p5');
    popup = await openPopupFor(page);
    await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
    await popup.locator('[data-testid="pair-split"]').selectOption({ index: 1 });
    const expected = await expectedPairTokensTruncated(a, b.trim(), limit);
    assert.deepEqual(expected, ['[CLS]', 'where', 'is', 'the', 'station', '[SEP]', 'it', 'is', 'two', 'blocks', 'north', '[SEP]'], 'the oracle cuts both');
    await popup.waitForFunction(
      (want) => {
        const got = [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.getAttribute('data-token'));
        return JSON.stringify(got) === JSON.stringify(want);
      },
      expected,
      { timeout: 60000 },
    );
    const notice = await popup.locator('[data-testid="truncation-notice"]').innerText();
    assert.match(notice, /sentence A\D+4 of 5\b/i, notice);
    assert.match(notice, /sentence B\D+5 of 10\b/i, notice);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-pair-truncated.png') });
  } finally {
    if (!popup.isClosed()) {
      await setLimit(popup, before ?? 512); // the next tests run with the user's limit again
      await popup.close();
    }
  }
});

test('popup says which backend ran and why WebGPU was not used', async () => {
  await selectElementText(page, 'p1');
  const popup = await openPopupFor(page);
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  const note = await popup.locator('[data-testid="backend-note"]').innerText();
  assert.match(note, /WebAssembly: no WebGPU adapter/);
  // Extension pages are cross-origin isolated (manifest COOP/COEP), so onnxruntime runs WebAssembly threads.
  assert.equal(await popup.evaluate(() => self.crossOriginIsolated), true, 'extension pages are cross-origin isolated');
  const cores = await popup.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) assert.match(note, new RegExp(`· ${Math.min(4, cores)} threads`));
  await popup.close();
});
