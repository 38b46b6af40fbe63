// The side panel (Chrome): opened from the popup's button with a real click, it analyses the page's selection,
// follows new selections in the tab, switches with the active tab, carries the shared view state, and says what
// to do on tabs it cannot follow. Chromium lists the panel as a CDP target but not in the persistent context's
// pages, so the test also connects over CDP (--remote-debugging-port) to drive it as a Page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  SCREENSHOTS,
  clickContextMenu,
  freePort,
  launchWithExtension,
  newPageWithTabId,
  overlayFrame,
  selectElementText,
  servePages,
  tabIdOf,
  waitForTokens as waitForSurfaceTokens,
} from '../harness.mjs';
import { expectedTokens } from '../expected.mjs';

let server, browser, cdp, cdpPort, pageA, tabA, pageB, panel;

/** The side panel as a Playwright Page: once Chromium lists it, connect over CDP (a connection sees the targets that exist). */
async function sidePanelPage(timeout = 20000) {
  const deadline = Date.now() + timeout;
  const open = () => browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length);
  while (!(await open())) {
    if (Date.now() > deadline) throw new Error('the side panel did not open');
    await new Promise((r) => setTimeout(r, 100));
  }
  for (;;) {
    await cdp?.close().catch(() => undefined);
    cdp = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`);
    const found = cdp
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().includes('/src/sidepanel/sidepanel.html'));
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the side panel is not a CDP page');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const waitForTokens = (surface, want, timeout = 60000) => waitForSurfaceTokens(surface, want, { timeout });
/** Waits for `selector` in `surface`; on timeout the error says what the surface showed instead. */
async function waitShown(surface, selector, timeout = 60000) {
  try {
    await surface.waitForSelector(selector, { timeout });
  } catch (err) {
    const text = await surface
      .locator('body')
      .innerText()
      .catch(() => '(gone)');
    throw new Error(`${selector} did not show; the surface shows:\n${text.slice(0, 600)}`, { cause: err });
  }
}
const textOf = (page, id) => page.evaluate((i) => document.getElementById(i).textContent, id);

before(async () => {
  server = await servePages();
  cdpPort = await freePort();
  browser = await launchWithExtension(undefined, { extraArgs: [`--remote-debugging-port=${cdpPort}`] });
  pageA = await browser.context.newPage();
  await pageA.goto(server.url('demo.html'));
});
after(async () => {
  await cdp?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

test('the popup\'s "Open in side panel" button (a real click) opens the side panel on the selection, in the popup\'s view (head view, layer 2)', async () => {
  await selectElementText(pageA, 'p1');
  const expected = await expectedTokens(await textOf(pageA, 'p1'));
  tabA = await tabIdOf(browser.worker, pageA);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 780, height: 600 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${tabA}`));
  await waitShown(popup, '[data-testid="lens-result"]');
  // The view state the user chooses in the popup travels with them (src/app/view-state-store.ts).
  await popup.getByRole('tab', { name: /head view/i }).click();
  await popup.locator('[data-testid="layer-select"]').first().selectOption('1');
  await popup.waitForSelector('[data-testid="head-view"]');
  await popup.waitForTimeout(400); // the view state is saved 150 ms after the last change
  await popup.getByRole('button', { name: /open in side panel/i }).click(); // Playwright's click: a user gesture
  panel = await sidePanelPage();
  assert.equal(
    await browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length),
    1,
    'one side panel is open',
  );
  await waitShown(panel, '[data-testid="head-view"]');
  assert.equal(await panel.locator('[data-testid="attention-panel"]').getAttribute('data-tab'), 'head', 'the head view, as in the popup');
  assert.equal(await panel.locator('[data-testid="layer-select"]').first().inputValue(), '1', 'layer 2, as in the popup');
  const headTokens = await panel.locator('[data-testid="head-token"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token') ?? e.textContent));
  assert.equal(headTokens.length, expected.length * 2, 'two token columns of the selection');
  assert.equal(await panel.locator('[data-testid="follow-line"]').getAttribute('data-tab'), String(tabA), "it follows the popup's tab");
  await panel.screenshot({ path: join(SCREENSHOTS, 'sidepanel-head-view-layer2.png') });
  // The token view shows the selection's tokens.
  await panel.locator('[data-testid="tab-tokens"]').click();
  await waitForTokens(panel, expected);
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.screenshot({ path: join(SCREENSHOTS, 'sidepanel-light.png') });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await panel.waitForTimeout(200);
  await panel.screenshot({ path: join(SCREENSHOTS, 'sidepanel-dark.png') });
  await panel.emulateMedia({ colorScheme: 'light' });
  if (!popup.isClosed()) await popup.close(); // the popup closes itself once the panel is open
});

test('the side panel follows a new selection in the tab (no overlay, nothing pinned)', async () => {
  await pageA.bringToFront();
  await selectElementText(pageA, 'p3');
  await waitForTokens(panel, await expectedTokens(await textOf(pageA, 'p3')));
  assert.equal(await pageA.evaluate(() => !!document.querySelector('attention-lens-overlay')), false, 'no overlay was opened in the page');
});

test("switching tabs switches the side panel to that tab's selection, and back", async () => {
  let tabB;
  ({ page: pageB, tabId: tabB } = await newPageWithTabId(browser.context, browser.worker));
  await pageB.goto(server.url('demo.html'));
  await selectElementText(pageB, 'p5');
  await pageB.bringToFront(); // tabs.onActivated → the panel follows tab B
  await waitForTokens(panel, await expectedTokens(await textOf(pageB, 'p5')));
  assert.equal(await panel.locator('[data-testid="follow-line"]').getAttribute('data-tab'), String(tabB));
  // B's new selections reach the panel; A's do not while B is active.
  await selectElementText(pageA, 'p2');
  await selectElementText(pageB, 'p4');
  await waitForTokens(panel, await expectedTokens(await textOf(pageB, 'p4')));
  await pageA.bringToFront();
  await waitForTokens(panel, await expectedTokens(await textOf(pageA, 'p2')));
  // Tab B no longer reports its selections (the panel unfollowed it).
  const followingB = await browser.worker.evaluate(
    async (t) => (await chrome.scripting.executeScript({ target: { tabId: t }, func: () => typeof globalThis.__attentionLens })).map((r) => r.result),
    tabB,
  );
  assert.deepEqual(followingB, ['object'], 'the content script is still there (but quiet)');
});

test('the side panel restores the shared view state when it reopens', async () => {
  await panel.locator('[data-testid="tab-head"]').click();
  await panel.locator('[data-testid="layer-select"]').first().selectOption('2');
  const stored = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('viewState')).viewState);
  for (let k = 0; k < 50 && (await stored())?.layer !== 2; k++) await panel.waitForTimeout(100);
  await panel.reload();
  await waitShown(panel, '[data-testid="head-view"]');
  assert.equal(await panel.locator('[data-testid="layer-select"]').first().inputValue(), '2', 'layer 3 restored');
  const after = await stored();
  assert.equal(after.tab, 'head');
  assert.equal(after.layer, 2);
  await panel.locator('[data-testid="tab-tokens"]').click();
});

test('a tab the extension may not read yet gets a clear message; a browser page says why', async () => {
  // The automation build may read 127.0.0.1 only: the same page on "localhost" was never granted.
  const other = await browser.context.newPage();
  await other.goto(server.url('demo.html').replace('127.0.0.1', 'localhost'));
  await selectElementText(other, 'p1');
  await other.bringToFront();
  await waitShown(panel, '[data-testid="follow-no-access"]', 15000);
  const notice = panel.locator('[data-testid="follow-no-access"]');
  assert.match(await notice.innerText(), /Select text and press .* or right-click → Show BERT attention once on this page to let the side panel follow it/);
  await panel.screenshot({ path: join(SCREENSHOTS, 'sidepanel-no-access.png') });

  const { page: internal } = await newPageWithTabId(browser.context, browser.worker);
  await internal.goto('chrome://version').catch(() => undefined);
  await internal.bringToFront();
  await waitShown(panel, '[data-testid="follow-restricted"]', 15000);
  const restricted = panel.locator('[data-testid="follow-restricted"]');
  assert.match(await restricted.innerText(), /protected|cannot/i);
  await internal.close();
  await other.close();
});

test("a click in the overlay frame opens the side panel through the background ('sidepanel/open')", async () => {
  const closing = await browser.worker.evaluate(async (t) => {
    const { windowId } = await chrome.tabs.get(t);
    return chrome.sidePanel.close({ windowId }).then(
      () => 'closed',
      (e) => e.message,
    );
  }, tabA);
  assert.equal(closing, 'closed');
  const panels = () => browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length);
  for (let k = 0; k < 50 && (await panels()); k++) await pageA.waitForTimeout(100);
  assert.equal(await panels(), 0, 'the panel is closed');
  await pageA.bringToFront();
  await selectElementText(pageA, 'p1');
  await clickContextMenu(browser.worker, pageA, 'x');
  const frame = await overlayFrame(pageA, browser.extensionId);
  await frame.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  // The overlay's own button is the overlay owner's; this stands in for it: a real click, then the message.
  await frame.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'test-open-panel';
    b.textContent = 'Side panel';
    b.style.cssText = 'position:fixed;left:10px;top:60px;z-index:2147483647;width:120px;height:32px';
    b.onclick = () => {
      globalThis.__opened = chrome.runtime.sendMessage({ target: 'background', type: 'sidepanel/open' }).then(
        (r) => r ?? 'no answer',
        (e) => `rejected: ${e.message}`,
      );
    };
    document.body.append(b);
  });
  await frame.click('#test-open-panel');
  assert.deepEqual(await frame.evaluate(() => globalThis.__opened ?? 'not clicked'), { ok: true, value: null });
  panel = await sidePanelPage();
  await waitForTokens(panel, await expectedTokens(await textOf(pageA, 'p1')));
});
