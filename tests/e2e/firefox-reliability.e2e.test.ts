// Reliability of the Firefox build in firefox-esr (the counterpart of tests/browser/specs/reliability.test.mjs):
// Firefox runs the engine in the background page, an MV3 event page that it suspends when idle. A pinned overlay keeps
// following across a suspension (the selection is not lost, the reload shows the same loading stages as the first
// load), the page keeps itself awake while a pinned overlay follows with the model loaded and lets go once the model
// unloads, every page kind Firefox protects gets its own message, and a background page ended at any moment (during a
// model load, an analysis, a popup request) ends in a result or a message within a deadline. Measured times are printed
// ("# fault …", "# page kind …") for the issue note. (Chromium's case 10, the message after the extension is reloaded,
// has no counterpart: Firefox ends the content script itself on a reload, so nothing in the page can say it; what the
// reader gets instead — the dead panel replaced on the next use — is tests/e2e/firefox-reload.e2e.test.ts.)
// Firefox runs with --remote-allow-system-access: the test ends the background page the way Firefox's idle timeout
// and about:debugging do (extension.terminateBackground), runs the "show-overlay" command the way its shortcut does,
// and gives the activeTab grant that a click on the toolbar button gives (tests/browser/firefox-bidi.mjs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  backgroundState,
  closeTab,
  findContext,
  launchFirefoxWithXpi,
  openTabAsUser,
  runCommand,
  shownText,
  terminateBackground,
  waitForBackgroundState,
  waitForValue,
  type FirefoxSession,
} from '../browser/firefox-bidi.mjs';

/** The event page's idle timeout in this profile (ms): above the page's keep-awake tick (5 s), far below Firefox's 30 s. */
const IDLE_MS = 8000;
/** A result or a clear message must be shown within this after a fault (as in the Chromium suite). */
const DEADLINE_MS = 25_000;

const PARAGRAPHS = {
  p1: ['The quick brown fox jumps over the lazy dog.', 'fox'],
  p2: ['Seven ships sailed down the river at night.', 'ships'],
  p3: ['The garden was quiet in the winter morning.', 'garden'],
  p4: ['Music filled the old school hall after lunch.', 'music'],
} as const;
type Para = keyof typeof PARAGRAPHS;
const TEXT = `<!doctype html><meta charset="utf-8"><title>text</title>${Object.entries(PARAGRAPHS)
  .map(([id, [t]]) => `<p id="${id}">${t}</p>`)
  .join('')}`;
// A one-page PDF (served without ".pdf" in its address too) and a JSON document (Firefox's JSON viewer).
const PDF = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj 4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 20 60 Td (Hello PDF words) Tj ET\nendstream endobj 5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;

let ff: FirefoxSession;
let server: Server;
let origin: string;
/** A tab holding one of the extension's pages: it opens popups and talks to the extension. */
let helperCtx: string;
/** The text page, with the overlay. */
let pageCtx: string;
let pageTabId: number;
let overlayCtx: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const url = (path: string) => `${origin}${path}`;

const waitFor = <T>(ctx: string, expression: string, what: string, timeoutMs?: number) => waitForValue<T>(ff, ctx, expression, what, { timeoutMs });
const childContext = (root: string | undefined, urlPart: string) => findContext(ff, root, urlPart);

const select = (id: Para) =>
  ff.evaluate(
    pageCtx,
    `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('${id}'));
    const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );

/** What a surface shows now: 'result:<marker found?>', 'error:<code>' or null while it works. */
const OUTCOME = (marker: string) => `(() => {
  const err = document.querySelector('[data-testid="lens-error"]');
  if (err) return 'error:' + err.dataset.code;
  if (!document.querySelector('[data-testid="lens-result"]')) return null;
  const tokens = [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token);
  return tokens.includes(${JSON.stringify(marker)}) ? 'result' : null;
})()`;

/** The model's loading stages a surface showed (recorded by STAGE_RECORDER), then forgotten: names and texts. */
async function takeStages(ctx: string): Promise<{ stages: string[]; texts: string[] }> {
  const json = await ff.evaluate(ctx, `JSON.stringify((globalThis.__alStages ?? []).splice(0))`);
  const seen = (JSON.parse(json) as Array<{ stage: string; text: string }>).filter((s) => s.stage !== 'reading-selection' && s.stage !== 'running');
  return { stages: [...new Set(seen.map((s) => s.stage))], texts: [...new Set(seen.map((s) => s.text))] };
}

/** The stages the first load showed, for the reload after a suspension to show again. */
let firstLoad: { stages: string[]; texts: string[] };

/**
 * Records every stage the surface's spinner shows (its data-stage and text) into globalThis.__alStages. (Installed by
 * evaluation: WebDriver BiDi's preload scripts and load events do not reach extension documents.)
 */
const STAGE_RECORDER = `(() => {
  if (!/\\/src\\/overlay\\/overlay\\.html$/.test(location.pathname) || !document.body) return false;
  if (globalThis.__alStages) return true;
  const seen = (globalThis.__alStages = []);
  const record = () => {
    const el = document.querySelector('[data-testid="lens-stage"]');
    if (el && seen.at(-1)?.text !== el.textContent) seen.push({ stage: el.dataset.stage, text: el.textContent });
  };
  record();
  new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  return true;
})()`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/doc' || path === '/paper.pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
    if (path === '/data.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"words": ["json", "viewer"]}');
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
    if (path === '/sandboxed.html') headers['content-security-policy'] = 'sandbox';
    if (path === '/sandboxed-scripts.html') headers['content-security-policy'] = 'sandbox allow-scripts';
    res.writeHead(200, headers).end(TEXT);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ({ ff, helperCtx, pageCtx, pageTabId } = await launchFirefoxWithXpi({
    systemAccess: true,
    prefs: {
      'extensions.background.idle.timeout': IDLE_MS,
      // addons.mozilla.org, one of the hosts Firefox protects from extensions, served here by the local server
      'network.dns.localDomains': 'addons.mozilla.org',
      'network.stricttransportsecurity.preloadlist': false,
      'dom.security.https_first': false,
    },
    helperUrl: url('/text.html'),
    pageUrl: url('/text.html'),
  }));
});

afterAll(async () => {
  await ff?.close();
  await new Promise((r) => server?.close(r));
});

it('Firefox: the overlay (Alt+Shift+L) shows the loading stages of a first load', async () => {
  await terminateBackground(ff);
  expect(await backgroundState(ff)).toBe('stopped');
  await select('p1');
  await ff.send('browsingContext.activate', { context: pageCtx });
  await runCommand(ff, 'show-overlay');
  // The stage recorder goes into the overlay's document as soon as it exists (its first stage comes ~0.1 s later).
  const t0 = Date.now();
  for (;;) {
    const tree = await ff.send('browsingContext.getTree', { root: pageCtx });
    const frame = (tree.contexts[0].children as Array<{ context: string; url: string }>).find((c) => c.url.includes('/src/overlay/overlay.html'));
    if (frame && (await ff.evaluate(frame.context, STAGE_RECORDER).catch(() => false))) {
      overlayCtx = frame.context;
      break;
    }
    if (Date.now() - t0 > 20_000) throw new Error('the overlay did not open');
    await sleep(10);
  }
  expect(await waitFor<string>(overlayCtx, OUTCOME('fox'), 'the first analysis')).toBe('result');
  firstLoad = await takeStages(overlayCtx);
  console.log(`# stages, first load: ${firstLoad.texts.join(' → ')}`);
  expect(firstLoad.stages).toEqual(expect.arrayContaining(['reading-model', 'starting-runtime']));
});

it('Firefox: a pinned overlay follows a selection made while the background page is suspended, and the reload shows the same stages', async () => {
  await ff.evaluate(overlayCtx, `(document.querySelector('[data-testid="pin"]').click(), true)`);
  await waitFor(overlayCtx, `!!document.querySelector('[data-testid="pinned-note"]')`, 'the pinned note');
  await terminateBackground(ff);
  expect(await backgroundState(ff)).toBe('stopped');
  // The overlay's port dropped with the page; it does not wake the page again by itself.
  await sleep(1500);
  expect(await backgroundState(ff)).toBe('stopped');
  const t0 = Date.now();
  await select('p2');
  expect(await waitFor<string>(overlayCtx, OUTCOME('ships'), 'the overlay to follow after the suspension', DEADLINE_MS)).toBe('result');
  const reload = await takeStages(overlayCtx);
  console.log(`# suspended → follow: result ${Date.now() - t0} ms after the selection; stages ${reload.texts.join(' → ')}`);
  // The reload shows the first load's stage messages (a stage shorter than a frame may be skipped by either).
  expect(reload.stages).toEqual(expect.arrayContaining(['reading-model', 'starting-runtime']));
  for (const text of reload.texts) expect(firstLoad.texts, `"${text}" was shown by the first load too`).toContain(text);
});

it('Firefox: the background page stays awake while a pinned overlay follows with the model loaded, and is let go once the model unloads', async () => {
  await select('p3');
  expect(await waitFor<string>(overlayCtx, OUTCOME('garden'), 'the follow', DEADLINE_MS)).toBe('result');
  // Over two idle timeouts without any event: still running (the page tells Firefox it is active).
  const t0 = Date.now();
  while (Date.now() - t0 < 2 * IDLE_MS + 1500) {
    expect(await backgroundState(ff)).toBe('running');
    await sleep(500);
  }
  // The model unloads (the user's idle setting; here 0.3 s, set by a request of ours): Firefox may suspend the page.
  const unloadAsked = Date.now();
  const unloaded = JSON.parse(
    await ff.evaluate(
      helperCtx,
      `chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine/analyze', text: 'one more', options: { idleUnloadMs: 300 } }).then((r) => JSON.stringify(r.ok))`,
    ),
  ) as boolean;
  expect(unloaded).toBe(true);
  await waitForBackgroundState(ff, 'stopped', IDLE_MS + 5000 + 5000);
  console.log(
    `# keep-awake: running for ${2 * IDLE_MS + 1500} ms with the model loaded; suspended ${Date.now() - unloadAsked} ms after the model's unload was asked for`,
  );
  // And the next selection is still followed.
  await select('p4');
  expect(await waitFor<string>(overlayCtx, OUTCOME('music'), 'the follow after the idle suspension', DEADLINE_MS)).toBe('result');
  await takeStages(overlayCtx);
});

/** Applies `fault` `delay` ms after a pinned follow to `id` starts; returns the outcome and the time from the fault. */
async function followWithFault(id: Para, delay: number, fault: () => Promise<unknown>) {
  await select(id);
  await sleep(delay);
  const tf = Date.now();
  await fault();
  const t1 = Date.now();
  let kind: string | null = null;
  while (!kind && Date.now() - tf < DEADLINE_MS) {
    kind = await ff.evaluate(overlayCtx, OUTCOME(PARAGRAPHS[id][1])).catch(() => null);
    if (!kind) await sleep(50);
  }
  if (!kind) {
    const shows = await ff
      .evaluate(
        overlayCtx,
        `JSON.stringify({ stage: document.querySelector('[data-testid="lens-stage"]')?.textContent, quote: document.querySelector('.lens-quote')?.textContent,
      tokens: [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token).join(' ') })`,
      )
      .catch((e) => String(e));
    const session = await ff
      .evaluate(helperCtx, `chrome.storage.session.get(null).then((s) => JSON.stringify(Object.values(s).map((v) => v.selection?.text)))`)
      .catch(() => '?');
    console.log(`# the overlay shows ${shows}; the background page is ${await backgroundState(ff)}; stored selections ${session}`);
  }
  return { kind: kind ?? 'nothing', fromFaultMs: Date.now() - tf, faultMs: t1 - tf };
}

it('Firefox: ending the background page at any moment of a pinned follow ends in a result or a message', async () => {
  const kill = () => terminateBackground(ff, { force: true });
  const order: Para[] = ['p1', 'p2', 'p3', 'p4'];
  const times: number[] = [];
  let n = 0;
  for (const cold of [true, false]) {
    for (const delay of [0, 300, 700, 1200]) {
      const id = order[n++ % order.length];
      if (cold) await terminateBackground(ff, { force: true }); // the follow loads the model: the fault hits the load
      // the selection is picked up after the content script's 450 ms debounce: +0 lands before it reaches the page
      const o = await followWithFault(id, delay, kill);
      times.push(o.fromFaultMs);
      console.log(`# fault background-ended (overlay follow, ${cold ? 'cold' : 'warm'}) +${delay} ms → ${o.kind} after ${o.fromFaultMs} ms`);
      expect(['result', 'error:offscreen-lost']).toContain(o.kind);
    }
  }
  console.log(`# fault background-ended (overlay follow): median ${median(times)} ms, max ${Math.max(...times)} ms`);
});

it('Firefox: ending the background page while the popup waits for its result ends in a result or a message', async () => {
  const times: number[] = [];
  for (const delay of [0, 200, 600, 1200]) {
    await terminateBackground(ff, { force: true }); // cold: the popup's request loads the model
    await select(delay % 400 === 0 ? 'p1' : 'p2');
    await ff.evaluate(helperCtx, `chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/popup.html?tab=${pageTabId}') }).then(() => true)`);
    const popup = await childContext(undefined, '/src/popup/popup.html');
    await sleep(delay);
    const tf = Date.now();
    await terminateBackground(ff, { force: true });
    const marker = delay % 400 === 0 ? 'fox' : 'ships';
    let kind: string | null = null;
    while (!kind && Date.now() - tf < DEADLINE_MS) {
      kind = await ff.evaluate(popup, OUTCOME(marker)).catch(() => null);
      if (!kind) await sleep(50);
    }
    const ms = Date.now() - tf;
    times.push(ms);
    const detail = kind?.startsWith('error')
      ? ` (${await ff.evaluate(popup, `document.querySelector('[data-testid="lens-error"]').innerText.slice(0, 160)`)})`
      : '';
    console.log(`# fault background-ended (popup) +${delay} ms → ${kind ?? 'nothing'} after ${ms} ms${detail}`);
    expect(['result', 'error:offscreen-lost']).toContain(kind);
    await ff.send('browsingContext.close', { context: popup });
  }
  console.log(`# fault background-ended (popup): median ${median(times)} ms, max ${Math.max(...times)} ms`);
});

it('Firefox: every protected page kind gets its own message in the popup (about:, view-source:, another extension, addons.mozilla.org, PDF with and without .pdf, JSON viewer)', async () => {
  // Another extension with a page, for moz-extension:// addresses that are not ours.
  const other = mkdtempSync(join(tmpdir(), 'attention-lens-other-ext-'));
  writeFileSync(
    join(other, 'manifest.json'),
    JSON.stringify({ manifest_version: 2, name: 'Other', version: '1.0', browser_specific_settings: { gecko: { id: 'other@attention-lens.test' } } }),
  );
  writeFileSync(join(other, 'page.html'), '<!doctype html><meta charset="utf-8"><title>other</title><p>Words on another extension page.</p>');
  await ff.send('webExtension.install', { extensionData: { type: 'path', path: other } });
  const otherPage = (await ff.chromeEvaluate(`WebExtensionPolicy.getByID('other@attention-lens.test').getURL('page.html')`)) as string;
  const port = new URL(origin).port;
  const cases: Array<[string, string, RegExp]> = [
    ['about:', 'about:robots', /^Browser pages \(about:\) are protected: Firefox does not let extensions read them/],
    ['about:blank', 'about:blank', /^This tab is blank \(about:blank\)/],
    ['view-source:', `view-source:${url('/text.html')}`, /^Source views \(view-source:\) are protected: Firefox/],
    ['moz-extension (another extension)', otherPage, /^Other extensions' pages are protected: Firefox/],
    ['addons.mozilla.org', `http://addons.mozilla.org:${port}/text.html`, /^Mozilla's add-on pages are protected: Firefox does not let extensions run on them/],
    ['PDF (.pdf)', url('/paper.pdf'), /^Firefox's built-in PDF viewer does not let extensions read its text/],
    ['PDF (no .pdf in the address)', url('/doc'), /^Firefox's built-in PDF viewer does not let extensions read its text/],
    ['JSON viewer', url('/data.json'), /^Firefox shows this document in its built-in JSON viewer/],
  ];
  for (const [kind, address, message] of cases) {
    // The user clicks the toolbar button on that page: Firefox grants activeTab there, the popup opens for it.
    const tabId = await openTabAsUser(ff, address, { grant: true });
    const t0 = Date.now();
    await ff.evaluate(helperCtx, `chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/popup.html?tab=${tabId}') }).then(() => true)`);
    const popup = await childContext(undefined, '/src/popup/popup.html');
    const shown = await waitFor<string>(
      popup,
      `(() => { const e = document.querySelector('[data-testid="lens-error"]'); return e ? e.dataset.code + '|' + e.querySelector('.lens-error-title').textContent : null; })()`,
      `the message for ${kind}`,
      10_000,
    );
    console.log(`# page kind ${kind} → ${shown.split('|')[0]} in ${Date.now() - t0} ms${shown.startsWith('restricted-page') ? '' : `: ${shown}`}`);
    const [code, text] = shown.split('|');
    expect(code, kind).toBe('restricted-page');
    expect(text, kind).toMatch(message);
    await ff.send('browsingContext.close', { context: popup });
    await closeTab(ff, tabId);
  }
});

it('Firefox: sandboxed pages (CSP sandbox): the overlay says the page forbids it instead of a blank or raw error', async () => {
  for (const path of ['/sandboxed.html', '/sandboxed-scripts.html']) {
    const tabId = await openTabAsUser(ff, url(path));
    // Select the text from the top (the page's own scripts may not run), then press Alt+Shift+L.
    const ctx = (await ff.send('browsingContext.getTree', {})).contexts.find((c: { url: string }) => c.url.endsWith(path)).context as string;
    await ff.send('script.evaluate', {
      expression: `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p1')); getSelection().removeAllRanges(); getSelection().addRange(r); })()`,
      target: { context: ctx, sandbox: 'select' },
      awaitPromise: false,
    });
    const t0 = Date.now();
    await runCommand(ff, 'show-overlay');
    let text = '';
    while (!/sandbox|forbids/i.test(text) && Date.now() - t0 < 10_000) {
      await sleep(100);
      text = await shownText(ff, ctx, 'attention-lens-overlay').catch(() => '');
    }
    console.log(`# page kind ${path} (overlay) → message after ${Date.now() - t0} ms`);
    expect(text, path).toMatch(/sandboxed \(Content-Security-Policy: sandbox\): it forbids the in-page panel/);
    await closeTab(ff, tabId);
  }
});
