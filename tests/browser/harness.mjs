// Shared set-up for real-browser tests and the demo: a local page server and Debian's Chromium with
// the built extension loaded (playwright-core driving an installed Chromium / Chrome for Testing, never a download).
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../../scripts/lib/find-browser.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PAGES = join(ROOT, 'tests/browser/pages');
// $CHROMIUM_PATH, else the usual install locations (scripts/lib/find-browser.mjs); null when there is none, and then
// launching throws findChromium()'s message saying what to install (modules that need no Chromium still import).
export const CHROMIUM = (() => {
  try {
    return findChromium();
  } catch {
    return null;
  }
})();
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.pdf': 'application/pdf' };

export async function servePages(dir = PAGES) {
  const server = createServer(async (req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: (p) => `http://127.0.0.1:${port}/${p}`, close: () => new Promise((r) => server.close(r)) };
}

/** A TCP port free on 127.0.0.1 now (e.g. for Chromium's --remote-debugging-port). */
export const freePort = () =>
  new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Chromium with the extension. `env` adds environment variables for the browser (e.g. LANGUAGE=zh_CN: on Linux the UI
 * language, which the extension's i18n follows, comes from the environment; --lang is ignored there).
 */
export async function launchWithExtension(dist = process.env.AL_DIST ?? join(ROOT, 'dist-automation'), { extraArgs = [], headless = true, env } = {}) {
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} has no manifest.json: run "AL_AUTOMATION=1 npx vite build" first`);
  const profile = await mkdtemp(join(tmpdir(), 'attention-lens-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM ?? findChromium(),
    headless,
    viewport: { width: 1280, height: 860 },
    ...(env ? { env: { ...process.env, ...env } } : {}),
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    extUrl: (p) => `chrome-extension://${extensionId}/${p}`,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Selects the text content of the element with this id (as a user's drag would). */
export async function selectElementText(page, id) {
  await page.evaluate((elId) => {
    const el = document.getElementById(elId);
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }, id);
}

/** The Chrome tab id of a Playwright page, asked from the extension's service worker. */
export async function tabIdOf(worker, page) {
  const url = page.url();
  return worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
}

/** Opens a new page and returns it with its Chrome tab id (works for pages whose URL the extension may not see). */
export async function newPageWithTabId(context, worker) {
  const ids = () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
  const before = new Set(await ids());
  const page = await context.newPage();
  const tabId = (await ids()).find((id) => !before.has(id));
  return { page, tabId };
}

/** Calls the production context-menu handler, as a right-click → "Show BERT attention" would. */
export async function clickContextMenu(worker, page, selectionText) {
  // The overlay opened by this click loads a fresh frame: the frames showing now are stale for overlayFrame().
  staleOverlayFrames.set(page, new Set(page.frames().filter((f) => f.url().includes('/src/overlay/'))));
  const tabId = await tabIdOf(worker, page);
  await worker.evaluate(
    async ({ tabId, selectionText }) => {
      const tab = await chrome.tabs.get(tabId);
      chrome.contextMenus.onClicked.dispatch({ menuItemId: 'attention-lens-show', selectionText, editable: false, pageUrl: tab.url }, tab);
    },
    { tabId, selectionText },
  );
  return tabId;
}

/** Overlay frames that were showing when the last context-menu click of a page was dispatched. */
const staleOverlayFrames = new WeakMap();

/** The overlay's iframe (an extension page inside the closed shadow root). */
export async function overlayFrame(page, extensionId, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    // The newest live one: a closed overlay's frame can linger in page.frames() for a moment after it is removed.
    const stale = staleOverlayFrames.get(page);
    const f = page
      .frames()
      .filter((fr) => !fr.isDetached() && !stale?.has(fr) && fr.url().startsWith(`chrome-extension://${extensionId}/src/overlay/`))
      .pop();
    if (f) return f;
    await page.waitForTimeout(50);
  }
  throw new Error('overlay iframe did not appear');
}

export const SCREENSHOTS = join(ROOT, 'artifacts/screenshots');

/** One Chromium with the extension and one tab on a page of tests/browser/pages. */
export async function openTestPage(name) {
  const server = await servePages();
  const browser = await launchWithExtension();
  const page = await browser.context.newPage();
  await page.goto(server.url(name));
  return {
    browser,
    server,
    page,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** The heat-cell tokens a surface shows (inside `scope`, a CSS selector, when given). */
export function tokensIn(surface, scope = '') {
  return surface.locator(`${scope} [data-testid="heat-cell"]`.trim()).evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
}

/** Waits until the surface shows exactly these tokens; on timeout the error says what it shows instead. */
export async function waitForTokens(surface, want, { scope = '', timeout = 60000 } = {}) {
  const selector = `${scope} [data-testid="heat-cell"]`.trim();
  try {
    await surface.waitForFunction(
      ({ w, sel }) => JSON.stringify([...document.querySelectorAll(sel)].map((e) => e.getAttribute('data-token'))) === JSON.stringify(w),
      { w: want, sel: selector },
      { timeout },
    );
  } catch (err) {
    const shown = await tokensIn(surface, scope).catch(() => ['(gone)']);
    const text = await surface
      .locator('body')
      .innerText()
      .catch(() => '(gone)');
    throw new Error(`expected ${want.join(' ')}; the surface shows tokens ${shown.join(' ')} and:\n${text.slice(0, 300)}`, { cause: err });
  }
}
