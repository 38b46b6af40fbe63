// `npm run demo`: builds the extension, starts Chromium with it on the demo page, selects a sentence
// and opens both the popup view and the in-page overlay on the embedded default model.
// With a display it leaves the window open; without one it runs headless and saves screenshots.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, servePages, launchWithExtension, selectElementText, tabIdOf, clickContextMenu, overlayFrame } from '../tests/browser/harness.mjs';
import { findChromium } from './lib/find-browser.mjs';

// Before building: say which browser to install when there is none.
let CHROMIUM;
try {
  CHROMIUM = findChromium();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, AL_AUTOMATION: '1' } });
if (build.status !== 0) process.exit(1);

const out = join(ROOT, 'artifacts/demo');
mkdirSync(out, { recursive: true });
const headed = Boolean(process.env.DISPLAY) && process.env.HEADLESS !== '1';
void chromium;
console.log(`Chromium: ${CHROMIUM} (${headed ? 'window' : 'headless, screenshots in artifacts/demo/'})`);

const server = await servePages();
const browser = await launchWithExtension(undefined, { headless: !headed });
const page = await browser.context.newPage();
await page.goto(server.url('demo.html'));
await selectElementText(page, 'p1');

const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 780, height: 600 });
const t0 = Date.now();
await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
await popup.waitForSelector('[data-testid="lens-result"], [data-testid="lens-error"]', { timeout: 120000 });
console.log(`popup: analysed "${await page.evaluate(() => document.getElementById('p1').textContent)}" in ${Date.now() - t0} ms`);
await popup.screenshot({ path: join(out, 'popup.png') });
await popup
  .getByRole('tab', { name: /head view/i })
  .click()
  .catch(() => undefined);
await popup.screenshot({ path: join(out, 'popup-head-view.png') });

await page.bringToFront();
await selectElementText(page, 'p2');
const t1 = Date.now();
await clickContextMenu(browser.worker, page, await page.evaluate(() => document.getElementById('p2').textContent));
const frame = await overlayFrame(page, browser.extensionId);
await frame.waitForSelector('[data-testid="lens-result"], [data-testid="lens-error"]', { timeout: 120000 });
console.log(`overlay: context-menu click → drawn in ${Date.now() - t1} ms`);
await page.screenshot({ path: join(out, 'overlay.png') });
console.log(`screenshots: ${out}/{popup,popup-head-view,overlay}.png`);

if (headed) {
  console.log('Chromium stays open with the extension loaded: select text on the demo page and explore. Ctrl-C to quit.');
  await new Promise(() => undefined);
} else {
  await browser.close();
  await server.close();
}
