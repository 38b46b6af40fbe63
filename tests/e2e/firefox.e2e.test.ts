// The Firefox build in Debian's firefox-esr, driven over WebDriver BiDi (tests/browser/firefox-bidi.mjs): the
// background page hosts the engine (Firefox has no offscreen documents). The popup analyses a selection on the
// demo page, "Show in page" opens the overlay (pinned, it follows), the engine's attention equals the TypeScript
// reference, and the options page downloads a model from a local server with the Hub's URL layout.
// Installs the Firefox store package (npm run package: the .xpi, from the archive), with the test host permission for
// the local demo page added to its manifest (tests/browser/packaged.mjs); AL_FIREFOX_DIST=<build folder or .xpi>
// installs that instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scanModel } from '../../src/core/onnx/scan-model';
import { bertForward } from '../../src/core/reference/bert-forward';
import { loadBertWeights } from '../../src/core/reference/bert-weights';
import { becomeExtensionPage, findContext, launchFirefoxWithXpi, waitForValue, type FirefoxSession } from '../browser/firefox-bidi.mjs';
import { ROOT, SCREENSHOTS, servePages } from '../browser/harness.mjs';
import { makeHubFixture, startHubServer } from '../browser/hub-server.mjs';
import type { RawConfig } from '../../src/core/model/config';

/** The shipped model's size as the Options page prints it ("19.3", "9.71": 3 significant digits): the Hub fixture serves that file. */
const MODEL_MB = String(Number((readFileSync(join(ROOT, 'models/attention-lens-mini/onnx/model.onnx')).length / 1e6).toPrecision(3)));

const MODEL_DIR = join(ROOT, 'models/attention-lens-mini');

let ff: FirefoxSession;
let server: Awaited<ReturnType<typeof servePages>>;
let pageCtx: string;
let popupCtx: string;
/** A top-level extension page that stays open (the popup closes itself on "Show in page"). */
let extCtx: string;

/** Polls until `expression` is truthy in `ctx` (every 250 ms, up to 90 s unless said). */
const waitFor = <T>(ctx: string, expression: string, what: string, timeoutMs = 90_000) =>
  waitForValue<T>(ff, ctx, expression, what, { timeoutMs, intervalMs: 250 });
const childContext = (root: string | undefined, urlPart: string) => findContext(ff, root, urlPart);
const click = (ctx: string, selector: string, text: RegExp) =>
  ff.evaluate(ctx, `(() => { [...document.querySelectorAll('${selector}')].find((e) => ${text}.test(e.textContent)).click(); return true; })()`);

beforeAll(async () => {
  server = await servePages();
  ({ ff, pageCtx } = await launchFirefoxWithXpi({ pageUrl: server.url('demo.html') }));
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

it('Firefox: the popup analyses the selection; "Show in page" opens the overlay; pinned, it follows a new selection; Esc closes it', async () => {
  await ff.evaluate(
    pageCtx,
    `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p1'));
    const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); })()`,
  );
  // An extension page (see becomeExtensionPage) opens the popup page in a tab for the demo tab.
  const { context: helperCtx } = await ff.send('browsingContext.create', { type: 'tab' });
  extCtx = helperCtx;
  await ff.send('browsingContext.navigate', { context: helperCtx, url: server.url('demo.html'), wait: 'complete' });
  await becomeExtensionPage(ff, helperCtx);
  const tabId = await waitFor<number>(helperCtx, `chrome.tabs.query({ url: 'http://127.0.0.1/*' }).then((t) => t[0]?.id ?? null)`, 'the demo tab id');
  await ff.evaluate(helperCtx, `chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/popup.html?tab=${tabId}') }).then(() => true)`);
  popupCtx = await childContext(undefined, '/src/popup/popup.html');

  const outcome = await waitFor<string>(
    popupCtx,
    `document.querySelector('[data-testid="lens-result"]') ? 'result' : (document.querySelector('[role="alert"]')?.textContent ?? null)`,
    'the analysis',
  );
  expect(outcome).toBe('result');
  const cells = JSON.parse(
    await ff.evaluate(popupCtx, `JSON.stringify([...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token))`),
  ) as string[];
  expect(cells[0]).toBe('[CLS]');
  expect(cells.at(-1)).toBe('[SEP]');
  expect(cells).toContain('fox');
  expect(await ff.evaluate(popupCtx, `document.querySelector('[data-testid="backend-note"]')?.textContent ?? ''`)).toMatch(/WebAssembly/);
  await click(popupCtx, '[role="tab"]', /head view/i);
  expect(await waitFor<number>(popupCtx, `document.querySelectorAll('[data-testid="attn-line"]').length || null`, 'head view lines')).toBeGreaterThan(0);
  writeFileSync(
    join(SCREENSHOTS, 'firefox-popup-head-view.png'),
    Buffer.from((await ff.send('browsingContext.captureScreenshot', { context: popupCtx })).data, 'base64'),
  );

  // The overlay is an extension frame inside the page: it reaches the engine by runtime messaging.
  await click(popupCtx, 'button', /show in page/i);
  const overlayCtx = await childContext(pageCtx, '/src/overlay/overlay.html');
  // The popup's choice (Head view) is carried into the overlay; switch to the tokens to count them.
  await waitFor(
    overlayCtx,
    `document.querySelector('[data-testid="attention-panel"]')?.dataset.tab === 'head' || null`,
    'the overlay in the head view',
    60_000,
  );
  await click(overlayCtx, '[role="tab"]', /tokens/i);
  const overlayCells = await waitFor<number>(
    overlayCtx,
    `document.querySelectorAll('[data-testid="heat-cell"]').length || null`,
    'the overlay heatmap',
    60_000,
  );
  expect(overlayCells).toBe(cells.length);
  writeFileSync(
    join(SCREENSHOTS, 'firefox-overlay.png'),
    Buffer.from((await ff.send('browsingContext.captureScreenshot', { context: pageCtx })).data, 'base64'),
  );

  // Pinned, it follows a new selection on the page (content script → background → overlay frame).
  await ff.evaluate(overlayCtx, `(document.querySelector('[data-testid="pin"]').click(), true)`);
  await waitFor(overlayCtx, `!!document.querySelector('[data-testid="pinned-note"]')`, 'the pinned note');
  await ff.evaluate(
    pageCtx,
    `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p3'));
    const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );
  const followed = await waitFor<string>(
    overlayCtx,
    `(() => { const t = [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token); return t.includes('blue') && !t.includes('fox') ? t.join(' ') : null; })()`,
    'the overlay to follow the new selection',
    60_000,
  );
  expect(followed).toMatch(/^\[CLS\] blue/);
  // Esc closes it and leaves no highlight behind.
  // A page script's synthetic Escape does nothing (only the user's own keys count) …
  await ff.evaluate(pageCtx, `(document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })), true)`);
  await new Promise((r) => setTimeout(r, 400));
  expect(await ff.evaluate(pageCtx, `!!document.querySelector('attention-lens-overlay')`)).toBe(true);
  // A real Esc closes it: the last case of this file (the pinned overlay stays open for the cases in between).
});

it('Firefox: the engine in the background page equals the TypeScript reference', async () => {
  const weights = loadBertWeights(
    scanModel(new Uint8Array(readFileSync(join(MODEL_DIR, 'onnx/model.onnx')))),
    JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8')) as RawConfig,
  );
  for (const text of [
    'The quick brown fox jumps over the lazy dog.',
    'Café owners in Zürich say naïve tourists rarely tip; 東京 and Москва are far away. 😀',
  ]) {
    const json = await ff.evaluate(
      extCtx,
      `chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine/analyze', text: ${JSON.stringify(text)} }).then((r) => JSON.stringify(r.ok
        ? { ok: true, typed: r.value.attentions.every((a) => a instanceof Float32Array), ids: r.value.tokens.map((t) => t.id), att: r.value.attentions.flatMap((a) => Array.from(a)) }
        : r))`,
    );
    const res = JSON.parse(json) as { ok: boolean; typed: boolean; ids: number[]; att: number[]; error?: unknown };
    expect(res.ok, JSON.stringify(res.error)).toBe(true);
    expect(res.typed, 'attention arrives as Float32Arrays, one per layer (structured clone, not JSON)').toBe(true);
    const ref = bertForward(weights, { inputIds: res.ids, tokenTypeIds: res.ids.map(() => 0) });
    expect(res.att.length).toBe(ref.attentions.length);
    let max = 0;
    for (let k = 0; k < res.att.length; k++) max = Math.max(max, Math.abs(res.att[k] - ref.attentions[k]));
    console.log(`Firefox n=${res.ids.length}: max |engine − reference| = ${max.toExponential(2)}`);
    expect(max).toBeLessThan(1e-4);
  }
});

it('Firefox: the options page downloads a Hub model into Cache Storage, and the popup then uses it', async () => {
  const fixture = await makeHubFixture();
  const hub = await startHubServer(fixture);
  try {
    await ff.evaluate(extCtx, `(location.href = chrome.runtime.getURL('src/options/options.html'), true)`);
    await waitFor(extCtx, `!!document.querySelector('[data-testid="active-model"]')`, 'the options page');
    // Preact listens to input events: set values the way typing does.
    const type = (selector: string, value: string) =>
      ff.evaluate(
        extCtx,
        `(() => { const el = document.querySelector('${selector}'); el.value = ${JSON.stringify(value)};
        el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`,
      );
    await ff.evaluate(extCtx, `(document.querySelector('details.opt-advanced').open = true, true)`);
    await type('[data-testid="hub-host"]', `${hub.host}/`);
    await ff.evaluate(extCtx, `(document.querySelector('[data-testid="hub-host-save"]').click(), true)`);
    await waitFor(extCtx, `/Models now come from/.test(document.querySelector('[data-testid="hub-host-note"]')?.textContent ?? '')`, 'the host note');
    await ff.evaluate(extCtx, `(document.querySelector('[data-testid="model-custom"] input[type="radio"]').click(), true)`);
    await type('[data-testid="hub-id"]', fixture.id);
    await waitFor(
      extCtx,
      `document.querySelector('[data-testid="variant-fp32"] [data-testid="variant-size"]')?.textContent === '≈ ${MODEL_MB} MB'`,
      'the probed size',
    );
    await ff.evaluate(extCtx, `(document.querySelector('[data-testid="variant-fp32"] input').click(), true)`);
    await waitFor(extCtx, `!!document.querySelector('[data-testid="download"]')`, 'the download button');
    await ff.evaluate(extCtx, `(document.querySelector('[data-testid="download"]').click(), true)`);
    const status = await waitFor<string>(
      extCtx,
      `(() => { const s = document.querySelector('[data-testid="status"]'); return s && s.dataset.kind !== 'progress' && s.dataset.kind !== 'checking' ? s.dataset.kind + ': ' + s.textContent : null; })()`,
      'the download to finish',
      120_000,
    );
    expect(status).toMatch(/^done: Downloaded [\d.]+ MB in .* and now in use\. Loads from the cache without network: 4 layers × 4 heads, tokenizer OK/);
    writeFileSync(
      join(SCREENSHOTS, 'firefox-options-downloaded.png'),
      Buffer.from((await ff.send('browsingContext.captureScreenshot', { context: extCtx })).data, 'base64'),
    );
    await hub.close(); // offline from here: the model must come from Cache Storage
    const tabId = await ff.evaluate(extCtx, `chrome.tabs.query({ url: 'http://127.0.0.1/*' }).then((t) => t[0]?.id ?? null)`);
    await ff.evaluate(extCtx, `chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/popup.html?tab=${tabId}') }).then(() => true)`);
    const popup = await childContext(undefined, '/src/popup/popup.html');
    const header = await waitFor<string>(
      popup,
      `document.querySelector('[data-testid="lens-result"]') ? document.body.innerText : null`,
      'the analysis with the Hub model',
    );
    expect(header).toContain('test-org/tiny-bert');
  } finally {
    await hub.close().catch(() => undefined);
    await fixture.cleanup();
  }
});

it('Firefox: "Open in sidebar" (a real click in the popup) opens the sidebar, which analyses the selection and follows the tab; commands are bound', async () => {
  // Back to the bundled model and the default views (the test above switched to a Hub model).
  await ff.evaluate(extCtx, `chrome.storage.local.remove(['settings', 'viewState']).then(() => true)`);
  const bound = JSON.parse(
    await ff.evaluate(extCtx, `browser.commands.getAll().then((all) => JSON.stringify(Object.fromEntries(all.map((c) => [c.name, c.shortcut]))))`),
  ) as Record<string, string>;
  expect(bound._execute_action).toBe('Alt+Shift+Y'); // Ctrl+Shift+Y is Firefox's Downloads
  expect(bound['show-overlay']).toBe('Alt+Shift+L');

  await ff.evaluate(
    pageCtx,
    `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p1'));
    const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );
  const tabId = await ff.evaluate(extCtx, `chrome.tabs.query({ url: 'http://127.0.0.1/*' }).then((t) => t[0]?.id ?? null)`);
  await ff.evaluate(extCtx, `chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/popup.html?tab=${tabId}') }).then(() => true)`);
  const popup = await childContext(undefined, '/src/popup/popup.html');
  await waitFor(popup, `!!document.querySelector('[data-testid="lens-result"]')`, 'the popup analysis');
  // sidebarAction.open() needs a user action: a real pointer click over WebDriver BiDi, not element.click().
  const r = JSON.parse(
    await ff.evaluate(popup, `JSON.stringify(document.querySelector('[data-testid="open-side-panel"]').getBoundingClientRect())`),
  ) as DOMRect;
  expect(await ff.evaluate(popup, `document.querySelector('[data-testid="open-side-panel"]').textContent`)).toMatch(/Open in sidebar/);
  await ff.send('input.performActions', {
    context: popup,
    actions: [
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  });
  await waitFor(extCtx, `browser.sidebarAction.isOpen({})`, 'the sidebar to open', 10_000);
  // The sidebar is browser UI, not a BiDi browsing context; an extension page reaches its document with
  // extension.getViews (same extension, same process).
  await ff.send('browsingContext.activate', { context: pageCtx });
  const sidebarTokens = `(() => { const v = browser.extension.getViews({ type: 'sidebar' })[0]; if (!v) return null;
    return JSON.stringify([...v.document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token)); })()`;
  const first = JSON.parse(
    await waitFor<string>(
      extCtx,
      `(() => { const t = ${sidebarTokens}; return t && JSON.parse(t).includes('fox') ? t : null; })()`,
      'the sidebar analysis',
      60_000,
    ),
  ) as string[];
  expect(first[0]).toBe('[CLS]');
  expect(first.at(-1)).toBe('[SEP]');
  // A new selection in the tab reaches the sidebar (content script → background page → runtime broadcast).
  await ff.evaluate(
    pageCtx,
    `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p3'));
    const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );
  const followed = await waitFor<string>(
    extCtx,
    `(() => { const t = ${sidebarTokens}; if (!t) return null; const a = JSON.parse(t); return a.includes('blue') && !a.includes('fox') ? a.join(' ') : null; })()`,
    'the sidebar to follow the new selection',
    60_000,
  );
  expect(followed).toMatch(/^\[CLS\] blue/);
  // The same page is the sidebar's in the Firefox build, with the follow line naming the tab.
  expect(
    await ff.evaluate(extCtx, `browser.extension.getViews({ type: 'sidebar' })[0].document.querySelector('[data-testid="follow-line"]')?.dataset.tab`),
  ).toBe(String(tabId));
});

it('Firefox: a real Esc key (WebDriver BiDi input, trusted) closes the pinned overlay and leaves no highlight behind', async () => {
  expect(await ff.evaluate(pageCtx, `!!document.querySelector('attention-lens-overlay')`)).toBe(true);
  const ESC = '\uE00C';
  await ff.send('input.performActions', {
    context: pageCtx,
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: ESC },
          { type: 'keyUp', value: ESC },
        ],
      },
    ],
  });
  await waitFor(pageCtx, `!document.querySelector('attention-lens-overlay') && !document.querySelector('attention-lens-heat')`, 'the overlay to close');
});
