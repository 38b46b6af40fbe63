// The scratchpad (popup and side panel): typed text is analysed after a short quiet time (debounce), with the
// engine's loading stages shown meanwhile; the history keeps the last 20 probes, newest first, in storage.local;
// a probe can be reused, deleted, or the list cleared; on a page the extension cannot read the popup opens on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { SCREENSHOTS, freePort, launchWithExtension, newPageWithTabId, servePages, tabIdOf, waitForTokens as waitForSurfaceTokens } from '../harness.mjs';
import { expectedTokens } from '../expected.mjs';

let server, browser, cdpPort, page, tabId;

const waitForTokens = (surface, want, timeout = 60000) => waitForSurfaceTokens(surface, want, { scope: '[data-testid="scratchpad"]', timeout });
const history = (surface) => surface.locator('[data-testid="history-reuse"]').evaluateAll((els) => els.map((e) => e.textContent));
const stored = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('scratchpad:history'))['scratchpad:history'] ?? []);

async function openPopup(forTab) {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 780, height: 600 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${forTab}`));
  return popup;
}

before(async () => {
  server = await servePages();
  cdpPort = await freePort();
  browser = await launchWithExtension(undefined, { extraArgs: [`--remote-debugging-port=${cdpPort}`] });
  page = await browser.context.newPage();
  await page.goto(server.url('demo.html'));
  tabId = await tabIdOf(browser.worker, page);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("typing in the popup's scratchpad analyses the text once typing pauses, with the loading stages shown", async () => {
  const popup = await openPopup(tabId); // nothing selected on the page: no analysis has run in this browser yet
  await popup.locator('[data-testid="lens-error"][data-code="empty-selection"]').waitFor();
  await popup.getByRole('tab', { name: 'Scratchpad' }).click();
  const box = popup.locator('[data-testid="scratchpad-input"]');
  await box.waitFor();
  assert.equal(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'scratchpad-input', 'the text box has the focus');
  // Record every loading message the scratchpad shows (the first analysis loads the model).
  await popup.evaluate(() => {
    globalThis.__stages = new Set();
    const note = () =>
      document
        .querySelectorAll('[data-testid="scratchpad"] [data-testid="lens-stage"], [data-testid="scratchpad-status"]')
        .forEach((e) => e.textContent && globalThis.__stages.add(e.textContent));
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const text = 'The cat sat on the mat because it was warm.';
  const t0 = Date.now();
  await box.pressSequentially(text, { delay: 40 }); // keystrokes closer together than the debounce
  const typedMs = Date.now() - t0;
  assert.equal(await popup.locator('[data-testid="scratchpad-result"]').count(), 0, 'nothing is analysed while typing goes on');
  await waitForTokens(popup, await expectedTokens(text));
  const stages = await popup.evaluate(() => [...globalThis.__stages]);
  console.log(`# typed in ${typedMs} ms; stages shown: ${stages.join(' | ')}`);
  assert.ok(
    stages.some((s) => /Reading the model|Loading the tokenizer|Preparing the model|Starting onnxruntime|Running the model/.test(s)),
    `loading feedback shown: ${stages.join(' | ')}`,
  );
  assert.match(await popup.locator('[data-testid="scratchpad-status"]').innerText(), /Analysed in \d+ ms/);
  assert.deepEqual(
    (await stored()).map((p) => p.text),
    [text],
    'one probe for one typed text, not one per keystroke pause',
  );
  // Typing on edits the same probe; the analysis follows.
  await box.press('End');
  await box.pressSequentially(' Then it slept.', { delay: 30 });
  await waitForTokens(popup, await expectedTokens(`${text} Then it slept.`));
  assert.deepEqual(
    (await stored()).map((p) => p.text),
    [`${text} Then it slept.`],
  );
  await popup.emulateMedia({ colorScheme: 'light' });
  await popup.screenshot({ path: join(SCREENSHOTS, 'scratchpad-popup-light.png') });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.waitForTimeout(200);
  await popup.screenshot({ path: join(SCREENSHOTS, 'scratchpad-popup-dark.png') });
  await popup.close();
});

test('the history keeps the last 20 probes, newest first; reuse, delete and clear all work', async () => {
  const popup = await openPopup(tabId);
  await popup.getByRole('tab', { name: 'Scratchpad' }).click();
  const box = popup.locator('[data-testid="scratchpad-input"]');
  const probes = Array.from({ length: 22 }, (_, k) => `Probe ${k + 1}: the ${['red', 'green', 'blue', 'old'][k % 4]} boat drifted past pier ${k + 1}.`);
  for (const p of probes) {
    await box.fill(p);
    await popup.waitForFunction((want) => document.querySelector('[data-testid="history-reuse"]')?.textContent === want, p, { timeout: 10000 });
  }
  await waitForTokens(popup, await expectedTokens(probes.at(-1)));
  await popup.locator('[data-testid="scratchpad-history"] summary').click();
  const newestFirst = probes.slice(-20).reverse();
  assert.deepEqual(await history(popup), newestFirst, 'the last 20, newest first');
  assert.equal(await popup.locator('[data-testid="history-count"]').innerText(), '20');
  assert.deepEqual(
    (await stored()).map((p) => p.text),
    newestFirst,
    'kept in storage.local',
  );
  await popup.emulateMedia({ colorScheme: 'light' });
  await popup.screenshot({ path: join(SCREENSHOTS, 'scratchpad-history-light.png') });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.waitForTimeout(200);
  await popup.screenshot({ path: join(SCREENSHOTS, 'scratchpad-history-dark.png') });
  await popup.emulateMedia({ colorScheme: 'light' });

  // Reuse: the probe goes back into the box, is analysed at once and becomes the newest.
  const reused = probes[5];
  await popup.locator('[data-testid="history-reuse"]', { hasText: reused }).click();
  assert.equal(await box.inputValue(), reused);
  await waitForTokens(popup, await expectedTokens(reused));
  assert.equal((await history(popup))[0], reused);
  assert.equal((await history(popup)).length, 20, 'reuse moves, it does not duplicate');

  // Delete one.
  const doomed = probes[10];
  await popup.locator('[data-testid="history-item"]', { hasText: doomed }).locator('[data-testid="history-delete"]').click();
  await popup.waitForFunction(() => document.querySelectorAll('[data-testid="history-item"]').length === 19);
  assert.ok(!(await history(popup)).includes(doomed));
  assert.ok(!(await stored()).some((p) => p.text === doomed), 'deleted from storage too');

  // The list survives the popup closing.
  await popup.close();
  const again = await openPopup(tabId);
  await again.getByRole('tab', { name: 'Scratchpad' }).click();
  await again.locator('[data-testid="scratchpad-history"] summary').click();
  await again.waitForFunction(() => document.querySelectorAll('[data-testid="history-item"]').length === 19);
  await again.locator('[data-testid="history-clear"]').click();
  await again.waitForFunction(() => document.querySelectorAll('[data-testid="history-item"]').length === 0);
  assert.deepEqual(await stored(), []);
  await again.close();
});

test('on a page the extension cannot read, the popup says why and opens on the scratchpad', async () => {
  const { page: internal, tabId: internalTab } = await newPageWithTabId(browser.context, browser.worker);
  await internal.goto('chrome://version').catch(() => undefined);
  const popup = await openPopup(internalTab);
  const notice = popup.locator('[data-testid="lens-error"]');
  await notice.waitFor();
  assert.equal(await notice.getAttribute('data-code'), 'restricted-page');
  assert.match(await notice.innerText(), /protected/);
  assert.equal(await popup.getByRole('tab', { name: 'Scratchpad' }).getAttribute('aria-selected'), 'true');
  const text = 'Pasted from a page the extension may not read.';
  await popup.locator('[data-testid="scratchpad-input"]').fill(text);
  await waitForTokens(popup, await expectedTokens(text));
  await popup.screenshot({ path: join(SCREENSHOTS, 'scratchpad-restricted-page.png') });
  await popup.close();
  await internal.close();
});

test('the side panel has the same scratchpad (shared history), light and dark', async () => {
  const popup = await openPopup(tabId);
  await popup.getByRole('button', { name: /open in side panel/i }).click();
  for (let k = 0; k < 100 && !(await browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length)); k++)
    await page.waitForTimeout(100);
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`);
  try {
    const panel = cdp
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().includes('/src/sidepanel/sidepanel.html'));
    assert.ok(panel, 'the side panel is a CDP page');
    await panel.getByRole('tab', { name: 'Scratchpad' }).click();
    const text = 'Attention heads in a small model often look at the previous token.';
    await panel.locator('[data-testid="scratchpad-input"]').fill(text);
    await waitForTokens(panel, await expectedTokens(text));
    await panel.locator('[data-testid="scratchpad-history"] summary').click();
    assert.deepEqual(await history(panel), [text, 'Pasted from a page the extension may not read.'], 'one history for popup and side panel');
    await panel.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot({ path: join(SCREENSHOTS, 'scratchpad-sidepanel-light.png') });
    await panel.emulateMedia({ colorScheme: 'dark' });
    await panel.waitForTimeout(200);
    await panel.screenshot({ path: join(SCREENSHOTS, 'scratchpad-sidepanel-dark.png') });
    await panel.emulateMedia({ colorScheme: 'light' });
  } finally {
    await cdp.close();
  }
});
