// A hostile page (strict CSP, CSS that hides iframes, a script hunting for the overlay) can neither
// restyle nor read the overlay; page text shows as text, never as markup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectedTokens } from '../expected.mjs';
import { SCREENSHOTS, clickContextMenu, openTestPage, overlayFrame, selectElementText } from '../harness.mjs';

let browser, page, session;

before(async () => {
  session = await openTestPage('hostile.html');
  ({ browser, page } = session);
});
after(() => session?.close());

test('overlay on a hostile page is visible, unreadable by page scripts, and shows markup as text', async () => {
  await selectElementText(page, 'p1');
  await clickContextMenu(browser.worker, page, 'x');
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="heat-cell"]', { timeout: 60000 });
  const box = await page.locator('attention-lens-overlay').boundingBox();
  assert.ok(box && box.width > 300 && box.height > 200, 'page CSS did not hide or shrink the overlay');
  const probe = await page.evaluate(() => window.__probe);
  assert.equal(probe.found.shadowRoot, 'closed', 'page script cannot open the shadow root');
  assert.equal(probe.found.children, 0, 'nothing of ours is in the light DOM');
  assert.match(probe.frameDoc ?? 'blocked', /blocked|undefined/);
  const color = await frame
    .locator('[data-testid="heat-cell"]')
    .first()
    .evaluate((e) => getComputedStyle(e).fontFamily);
  assert.doesNotMatch(color, /Comic/);
  const tokens = await frame.locator('[data-testid="heat-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  const text = await page.evaluate(() => document.getElementById('p1').textContent);
  assert.deepEqual(tokens, await expectedTokens(text), 'markup in the page is tokenised as text');
  assert.ok(tokens.includes('<') && tokens.includes('>'));
  assert.equal(await frame.locator('img').count(), 0, 'no element was created from page text');
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-hostile-page.png') });
});
