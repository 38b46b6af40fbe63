// Keyboard commands. A headless browser cannot press extension shortcuts, so the test checks the manifest's
// suggested keys (and that Chromium bound them: no clash with its own shortcuts) and calls the production
// handler the way a key press does: chrome.commands.onCommand.dispatch(name, tab) in the service worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openTestPage, overlayFrame, selectElementText, tabIdOf } from '../harness.mjs';
import { expectedTokens } from '../expected.mjs';

let session, browser, page;

before(async () => {
  session = await openTestPage('demo.html');
  ({ browser, page } = session);
});
after(() => session?.close());

test('the manifest suggests keys for the popup and the overlay, and Chromium binds them', async () => {
  const commands = await browser.worker.evaluate(() => chrome.runtime.getManifest().commands);
  assert.deepEqual(commands._execute_action.suggested_key, { default: 'Ctrl+Shift+Y', mac: 'Command+Shift+Y' });
  assert.deepEqual(commands['show-overlay'].suggested_key, { default: 'Alt+Shift+L', mac: 'Alt+Shift+L' });
  // manifest.json says __MSG_cmd_show_overlay__: Chromium fills in the message of the UI language (English here).
  assert.equal(commands['show-overlay'].description, 'Show BERT attention for the selection in the page (overlay)');
  assert.equal(commands['open-side-panel'].suggested_key, undefined, 'the side panel command has no default key (the user may bind one)');
  const bound = Object.fromEntries((await browser.worker.evaluate(() => chrome.commands.getAll())).map((c) => [c.name, c.shortcut]));
  assert.equal(bound._execute_action, 'Ctrl+Shift+Y', 'bound: no clash with a browser shortcut');
  assert.equal(bound['show-overlay'], 'Alt+Shift+L');
});

test('the "show-overlay" command opens the overlay on the selection (the context menu\'s production handler)', async () => {
  await selectElementText(page, 'p1');
  const tabId = await tabIdOf(browser.worker, page);
  await browser.worker.evaluate(async (t) => chrome.commands.onCommand.dispatch('show-overlay', await chrome.tabs.get(t)), tabId);
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  const labels = await frame.locator('[data-testid="heat-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  assert.deepEqual(labels, await expectedTokens(await page.evaluate(() => document.getElementById('p1').textContent)));
  await page.screenshot({ path: join(SCREENSHOTS, 'command-show-overlay.png') });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('attention-lens-overlay'));
});

test('without a tab in the event (older Firefox), "show-overlay" uses the active tab', async () => {
  await page.bringToFront();
  await selectElementText(page, 'p3');
  await browser.worker.evaluate(() => chrome.commands.onCommand.dispatch('show-overlay'));
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  const labels = await frame.locator('[data-testid="heat-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  assert.ok(labels.includes('blue'), labels.join(' '));
  await page.keyboard.press('Escape');
});

test('"open-side-panel" (command) and "Open Attention Lens side panel" (menu) call sidePanel.open synchronously, inside the gesture', async () => {
  const tabId = await tabIdOf(browser.worker, page);
  // A real key press or menu click carries a user gesture only until the handler's first await: the handler must
  // call chrome.sidePanel.open before returning. (Dispatched from a test, Chromium then refuses for lack of a gesture.)
  const calls = await browser.worker.evaluate(async (t) => {
    const tab = await chrome.tabs.get(t);
    const original = chrome.sidePanel.open;
    const seen = [];
    chrome.sidePanel.open = (options) => {
      seen.push(options);
      return original.call(chrome.sidePanel, options);
    };
    try {
      chrome.commands.onCommand.dispatch('open-side-panel', tab);
      const afterCommand = seen.length;
      chrome.contextMenus.onClicked.dispatch({ menuItemId: 'attention-lens-side-panel', editable: false, pageUrl: tab.url }, tab);
      return { afterCommand, afterMenu: seen.length, options: seen };
    } finally {
      chrome.sidePanel.open = original;
    }
  }, tabId);
  assert.equal(calls.afterCommand, 1, 'the command handler opened the panel before returning');
  assert.equal(calls.afterMenu, 2, 'the menu handler opened the panel before returning');
  assert.deepEqual(calls.options, [{ tabId }, { tabId }]);
  const menus = await browser.worker.evaluate(() => chrome.contextMenus.onClicked.hasListeners());
  assert.ok(menus);
});
