// Screenshots for the README on a long real-world page (tests/browser/pages/long-text.html, The Devil's Dictionary)
// in a 1280×800 window: the overlay beside a selected paragraph (head view, light and dark, with the page heat),
// the real side panel (opened with a click on the popup's button) on the token view, and the popup's scratchpad.
//   node scripts/docs-screenshots.mjs [--no-build]
//   → docs/overlay-light.png, docs/overlay-dark.png, docs/sidepanel.png, docs/scratchpad.png
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { ROOT, clickContextMenu, launchWithExtension, overlayFrame, selectElementText, servePages, tabIdOf } from '../tests/browser/harness.mjs';

const dist = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, AL_AUTOMATION: '1' },
  });
  if (b.status !== 0) process.exit(1);
}
const W = 1280,
  H = 800,
  PANEL_W = 400;
const out = (name) => join(ROOT, 'docs', name);
const cdpPort = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const server = await servePages();
const browser = await launchWithExtension(dist, { extraArgs: [`--remote-debugging-port=${cdpPort}`] });
let cdp;
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: W, height: H });
  await page.goto(server.url('long-text.html'));
  /** Gives the paragraph that starts with `word` an id, scrolls it near the top and selects it (as a drag would). */
  const select = async (word, id) => {
    await page.evaluate(
      ([w, i]) => {
        const p = [...document.querySelectorAll('article p')].find((e) => e.textContent.startsWith(w));
        p.id = i;
        scrollTo({ top: p.getBoundingClientRect().top + scrollY - 16, behavior: 'instant' });
      },
      [word, id],
    );
    await selectElementText(page, id);
    return page.evaluate(() => getSelection().toString());
  };

  // 1–2. The overlay (context menu → "Show BERT attention") on the head view, light then dark.
  const text = await select('ABDICATION', 'docs-overlay');
  await clickContextMenu(browser.worker, page, text);
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="lens-result"]', { timeout: 120000 });
  await frame.getByRole('tab', { name: /head view/i }).evaluate((el) => el.click()); // (the overlay may still be growing)
  await frame.waitForSelector('[data-testid="head-view"]');
  for (const theme of ['light', 'dark']) {
    await frame.click(`[data-testid="theme-switch"] input[value="${theme}"]`, { force: true });
    await frame.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    await page.waitForTimeout(800); // the frame around the iframe follows the theme, the overlay settles
    await page.screenshot({ path: out(`overlay-${theme}.png`) });
  }
  await frame.click('[data-testid="theme-switch"] input[value="auto"]', { force: true }); // back to Auto
  await page.waitForTimeout(300);
  await frame.locator('[data-testid="close"]').evaluate((b) => void setTimeout(() => b.click(), 30));
  await page.waitForFunction(() => !document.querySelector('attention-lens-overlay'));

  // 3. The side panel, opened from the popup's button with a real click, on the token view of a selection.
  await select('ABNORMAL', 'docs-panel');
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 780, height: 700 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 120000 });
  await popup.getByRole('button', { name: /open in side panel/i }).click();
  const panels = () => browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length);
  for (let k = 0; k < 200 && !(await panels()); k++) await page.waitForTimeout(100);
  let panel;
  for (let k = 0; k < 50 && !panel; k++) {
    await cdp?.close().catch(() => undefined);
    cdp = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`);
    panel = cdp
      .contexts()
      .flatMap((c) => c.pages())
      .find((p) => p.url().includes('/src/sidepanel/sidepanel.html'));
    if (!panel) await page.waitForTimeout(200);
  }
  if (!panel) throw new Error('the side panel did not open');
  await panel.setViewportSize({ width: PANEL_W, height: H });
  await panel.waitForSelector('[data-testid="lens-result"]', { timeout: 120000 });
  await panel.locator('[data-testid="tab-tokens"]').click();
  await panel.waitForSelector('[data-testid="heat-cell"]');
  await panel.waitForTimeout(500);
  const panelShot = await panel.screenshot();
  // The page as it shows beside the panel in a 1280-wide window (the panel takes its width from the page's).
  await page.bringToFront();
  await page.setViewportSize({ width: W - PANEL_W - 1, height: H });
  await page.evaluate(() => scrollTo({ top: document.getElementById('docs-panel').getBoundingClientRect().top + scrollY - 16, behavior: 'instant' }));
  await page.waitForTimeout(300);
  const pageShot = await page.screenshot();
  await page.setViewportSize({ width: W, height: H });
  const compose = await browser.context.newPage();
  await compose.setViewportSize({ width: W, height: H });
  const img = (b) => `<img src="data:image/png;base64,${b.toString('base64')}">`;
  await compose.setContent(
    `<body style="margin:0;display:flex;background:#888">${img(pageShot)}<div style="width:1px;background:#bbb"></div>${img(panelShot)}</body>`,
  );
  await compose.waitForFunction(() => [...document.images].every((i) => i.complete));
  await compose.screenshot({ path: out('sidepanel.png'), clip: { x: 0, y: 0, width: W, height: H } });
  await compose.close();
  if (!popup.isClosed()) await popup.close();

  // 4. The popup's scratchpad: a typed sentence analysed, with two probes in the history.
  const pad = await browser.context.newPage();
  await pad.setViewportSize({ width: 780, height: 700 });
  await pad.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
  await pad.getByRole('tab', { name: 'Scratchpad' }).click();
  const box = pad.locator('[data-testid="scratchpad-input"]');
  for (const s of ['The lexicographer defines abasement as an attitude.', 'The cat sat on the mat because it was warm.']) {
    await box.fill('');
    await box.pressSequentially(s, { delay: 20 });
    await pad.waitForFunction((want) => document.querySelector('[data-testid="history-reuse"]')?.textContent === want, s, { timeout: 60000 });
    await pad.waitForSelector('[data-testid="scratchpad-result"] [data-testid="heat-cell"]', { timeout: 60000 });
  }
  await pad.locator('[data-testid="scratchpad-history"] summary').click();
  await pad.waitForTimeout(500);
  await pad.screenshot({ path: out('scratchpad.png'), fullPage: true });

  // Reset the stored theme to Auto.
  await browser.worker.evaluate(async () => {
    const { viewState } = await chrome.storage.local.get('viewState');
    if (viewState?.theme) await chrome.storage.local.set({ viewState: { ...viewState, theme: 'auto' } });
  });
  console.log('→ docs/overlay-light.png, docs/overlay-dark.png, docs/sidepanel.png, docs/scratchpad.png');
} finally {
  await cdp?.close().catch(() => undefined);
  await browser.close();
  await server.close();
}
