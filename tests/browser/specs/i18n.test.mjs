// The extension in Simplified Chinese: Chromium started with a zh-CN UI (LANGUAGE=zh_CN; on Linux the UI language comes
// from the environment, --lang is ignored there) picks _locales/zh_CN for every context: the popup and the overlay
// (their tabs, buttons, document language), the engine's backend note (made in the offscreen document, which has no
// i18n API and reads the locale's messages itself), the manifest's command descriptions. The other specs run in English.
// Needs Chromium's zh-CN locale (Debian: chromium-l10n) and a CJK font for readable screenshots (fonts-wqy-microhei);
// without the locale the spec says so and skips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, clickContextMenu, launchWithExtension, overlayFrame, selectElementText, servePages, tabIdOf } from '../harness.mjs';

let browser,
  server,
  page,
  zh = false;

before(async () => {
  server = await servePages();
  browser = await launchWithExtension(undefined, { extraArgs: ['--lang=zh-CN'], env: { LANGUAGE: 'zh_CN' } });
  zh = (await browser.worker.evaluate(() => chrome.i18n.getUILanguage())) === 'zh-CN';
  page = await browser.context.newPage();
  await page.goto(server.url('demo.html'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const ZH_TABS = ['词元', '注意力头视图', '模型视图', '注意力头', '神经元'];
const NO_ZH = 'Chromium has no zh-CN UI locale here (Debian: apt-get install chromium-l10n)';

test('the popup speaks Chinese: tabs, modes, buttons, the engine note, the document language', async (t) => {
  if (!zh) return t.skip(NO_ZH);
  await selectElementText(page, 'p1');
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 780, height: 600 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  assert.equal(await popup.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await popup.title(), 'Attention Lens');
  const tabs = await popup.locator('[role="tab"].al-tab').allInnerTexts();
  for (const label of ZH_TABS) assert.ok(tabs.includes(label), `tab ${label} in ${tabs.join(' | ')}`);
  assert.deepEqual(await popup.locator('[role="tab"].lens-mode').allInnerTexts(), ['选中文本', '草稿板']);
  assert.equal((await popup.locator('[data-testid="open-side-panel"]').innerText()).trim(), '在侧边栏中打开');
  // Made by the engine in the offscreen document: "WebAssembly：…" in Chinese (headless Chromium has no WebGPU adapter).
  const note = await popup
    .locator('[data-testid="backend-note"]')
    .innerText()
    .catch(() => '');
  if (note) assert.match(note, /^WebAssembly：\p{Script=Han}/u, `backend note in Chinese: ${note}`);
  assert.match(await popup.locator('[data-testid="attention-panel"]').innerText(), /个词元/);
  // Nothing English left in the panel's chrome (token text is English: the demo page is).
  const controls = await popup.locator('[data-testid="controls"]').innerText();
  assert.doesNotMatch(controls, /\b(Layer|Heads|Colour by|Words|Table)\b/, controls);
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-zh_CN.png') });
  // The head view's controls and hint, too.
  await popup.getByRole('tab', { name: '注意力头视图' }).click();
  await popup.waitForSelector('[data-testid="head-view"] [data-testid="attn-line"]', { state: 'attached' });
  assert.match(await popup.locator('[data-testid="head-view"]').innerText(), /将指针悬停在词元上/);
  await popup.screenshot({ path: join(SCREENSHOTS, 'popup-zh_CN-head-view.png') });
  await popup.close();
});

test('the overlay speaks Chinese, and so do the manifest commands', async (t) => {
  if (!zh) return t.skip(NO_ZH);
  await selectElementText(page, 'p2');
  const text = await page.evaluate(() => document.getElementById('p2').textContent);
  await browser.worker.evaluate(() => chrome.storage.local.remove('viewState'));
  await clickContextMenu(browser.worker, page, text);
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'zh-CN');
  const tabs = await frame.locator('[role="tab"].al-tab').allInnerTexts();
  for (const label of ZH_TABS) assert.ok(tabs.includes(label), `tab ${label} in ${tabs.join(' | ')}`);
  assert.equal(await frame.locator('[data-testid="pin"]').getAttribute('title'), '固定：保持打开并跟随新的选择');
  assert.equal(await frame.locator('[data-testid="close"]').getAttribute('title'), '关闭（Esc）');
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-zh_CN.png') });
  const commands = Object.fromEntries((await browser.worker.evaluate(() => chrome.commands.getAll())).map((c) => [c.name, c.description]));
  assert.equal(commands['show-overlay'], '在页面内显示所选文本的 BERT 注意力（浮层）');
  await page.keyboard.press('Escape');
});
