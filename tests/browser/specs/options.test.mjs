// Options page: download a Hub model from a local server with the Hub's URL layout, watch the
// progress reach 100%, keep it across going offline, delete it; 404, interrupted, cancelled and
// offline downloads give clear messages and never touch the stored model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, ROOT, SCREENSHOTS, servePages, selectElementText, tabIdOf } from '../harness.mjs';
import { makeHubFixture, startHubServer } from '../hub-server.mjs';

const DIST = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
const ID = 'test-org/tiny-bert';
const MODEL = join(ROOT, 'models/attention-lens-mini');
const TOTAL_BYTES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].reduce((s, f) => s + statSync(join(MODEL, f)).size, 0);

let fixture;
let hub;
let browser;
let page;
let pages; // the demo page's server

before(async () => {
  fixture = await makeHubFixture();
  hub = await startHubServer(fixture);
  pages = await servePages();
  browser = await launchWithExtension(DIST);
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 1100 });
  await page.goto(browser.extUrl('src/options/options.html'));
  await page.locator('[data-testid="active-model"]').waitFor();
});

after(async () => {
  await browser?.close();
  await pages?.close();
  await hub?.close().catch(() => undefined);
  await fixture?.cleanup();
});

const status = () => page.locator('[data-testid="status"]');
const rows = () => page.locator('[data-testid="stored-row"]');

async function storedVariants() {
  return rows().evaluateAll((trs) => trs.map((tr) => `${tr.dataset.id}:${tr.dataset.variant}`));
}

async function waitStatus(kind, timeout = 60000) {
  await page.locator(`[data-testid="status"][data-kind="${kind}"]`).waitFor({ timeout });
  return status();
}

/** Records every percent the progress bar shows from now on. */
async function recordPercents() {
  await page.evaluate(() => {
    window.__percents = [];
    const seen = (el) => el?.dataset?.percent && window.__percents.push(Number(el.dataset.percent));
    new MutationObserver((muts) => {
      for (const m of muts) {
        if (m.type === 'attributes') seen(m.target);
        for (const n of m.addedNodes ?? []) if (n.nodeType === 1) seen(n.matches('[data-testid="progress"]') ? n : n.querySelector?.('[data-testid="progress"]'));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-percent'] });
  });
}

/** The demo page with a paragraph selected, and the popup analysing it (as the toolbar button would). */
async function popupOnDemo() {
  const demo = await browser.context.newPage();
  await demo.goto(pages.url('demo.html'));
  await selectElementText(demo, 'p1');
  const popup = await browser.context.newPage();
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, demo)}`));
  return { demo, popup };
}

async function pickVariant(v) {
  await page.locator(`[data-testid="variant-${v}"]`).click();
}

test('set the Hub host to the local server, pick a Hub model by id', async () => {
  await page.screenshot({ path: join(SCREENSHOTS, 'options-initial.png'), fullPage: true });
  await page.locator('details.opt-advanced summary').click();
  await page.locator('[data-testid="hub-host"]').fill(`${hub.host}/`);
  await page.locator('[data-testid="hub-host-save"]').click();
  assert.match(await page.locator('[data-testid="hub-host-note"]').innerText(), new RegExp(`Models now come from ${hub.host.replace(/[.:/]/g, '\\$&')}\\.`));
  const saved = await browser.worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  assert.equal(saved.hubHost, hub.host);

  await page.locator('[data-testid="model-custom"] input[type="radio"]').check();
  await page.locator('[data-testid="hub-id"]').fill('not/a/valid/id');
  assert.match(await page.locator('.opt-field-error').innerText(), /not a Hub model id/);
  assert.equal(await page.locator('[data-testid="download"]').count(), 0);
  await page.locator('[data-testid="hub-id"]').fill(ID);
  // the variants' sizes come from one-byte Range requests; the missing one says so
  const size = (v) => page.locator(`[data-testid="variant-${v}"] [data-testid="variant-size"]`);
  await page.waitForFunction(() => document.querySelector('[data-testid="variant-q8"] [data-testid="variant-size"]')?.textContent === 'not on the Hub');
  assert.equal(await size('fp32').innerText(), '≈ 19.1 MB');
  assert.equal(await size('fp16').innerText(), '≈ 19.1 MB');
  assert.ok(hub.log.some((r) => r.range === 'bytes=0-0' && r.path.endsWith('/onnx/model.onnx')));
  await pickVariant('fp32');
  assert.equal(await page.locator('[data-testid="download"]').innerText(), 'Download · 19.1 MB');
});

test('download: progress in bytes and percent up to 100%, then stored with its size and in use', async () => {
  hub.setThrottle(8e6); // slow enough to see the bar move
  await recordPercents();
  await page.locator('[data-testid="download"]').click();
  const bar = page.locator('[data-testid="progress"]');
  await page.waitForFunction(() => {
    const p = Number(document.querySelector('[data-testid="progress"]')?.getAttribute('data-percent'));
    return p > 25 && p < 90;
  }, null, { timeout: 30000 });
  const text = await page.locator('[data-testid="progress-text"]').innerText();
  assert.match(text, /[\d.]+ MB of 19\.6 MB · \d+%/);
  assert.equal(await bar.getAttribute('role'), 'progressbar');
  await page.screenshot({ path: join(SCREENSHOTS, 'options-downloading.png'), fullPage: true });

  const st = await waitStatus('done');
  hub.setThrottle(0);
  const percents = await page.evaluate(() => window.__percents);
  assert.equal(Math.max(...percents), 100, `progress went ${percents.join(' ')}`);
  for (let i = 1; i < percents.length; i++) assert.ok(percents[i] >= percents[i - 1], `progress went back: ${percents.join(' ')}`);
  assert.match(await st.innerText(), /Downloaded 19\.6 MB in .* and now in use\. Loads from the cache without network: 4 layers × 4 heads, tokenizer OK/);
  assert.equal(Number(await st.getAttribute('data-bytes')), TOTAL_BYTES);

  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  assert.equal(await rows().first().locator('[data-testid="stored-size"]').innerText(), '19.6 MB');
  assert.equal(Number(await rows().first().getAttribute('data-bytes')), TOTAL_BYTES);
  assert.match(await page.locator('[data-testid="active-model"]').innerText(), /In use: test-org\/tiny-bert \(fp32\)/);
  const saved = await browser.worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  assert.deepEqual(saved.model, { id: ID, source: 'hub', variant: 'fp32', revision: 'main' });

  // stored where transformers.js looks: its cache, its URLs
  const keys = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url).sort());
  assert.deepEqual(keys, ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json'].map((f) => hub.url(ID, f)));
  await page.screenshot({ path: join(SCREENSHOTS, 'options-downloaded.png'), fullPage: true });
});

test('404: a variant the repository does not have is named in the message; nothing changes', async () => {
  await pickVariant('q8');
  await page.locator('[data-testid="download"]').click();
  const st = await waitStatus('error');
  assert.equal(await st.getAttribute('data-reason'), 'not-found');
  assert.match(await st.innerText(), /^Model test-org\/tiny-bert has no onnx\/model_quantized\.onnx on 127\.0\.0\.1:\d+: that export does not publish the 8-bit quantized variant\. Pick another variant\./);
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-404.png'), fullPage: true });
});

test('interrupted download (connection cut mid-file): clear message, stored model untouched', async () => {
  hub.setFault('onnx/model_fp16.onnx', 'interrupt');
  await pickVariant('fp16');
  await page.locator('[data-testid="download"]').click();
  const st = await waitStatus('error');
  hub.clearFaults();
  assert.equal(await st.getAttribute('data-reason'), 'interrupted');
  assert.match(await st.innerText(), /^The download of onnx\/model_fp16\.onnx \(test-org\/tiny-bert\) was interrupted after [\d.]+ MB of 19\.1 MB\. Nothing was saved; click Download to try again\.$/);
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-interrupted.png'), fullPage: true });
});

test('cancel stops the download and saves nothing', async () => {
  hub.setThrottle(3e6);
  await page.locator('[data-testid="download"]').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('data-percent')) > 5, null, { timeout: 30000 });
  await page.locator('[data-testid="cancel"]').click();
  const st = await waitStatus('cancelled');
  hub.setThrottle(0);
  assert.equal(await st.innerText(), 'Download of test-org/tiny-bert cancelled. Nothing was saved.');
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  const keys = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  assert.ok(!keys.some((k) => k.endsWith('model_fp16.onnx')));
});

test('a second variant at full speed (measured), listed next to the first', async () => {
  await page.locator('[data-testid="download"]').click();
  const st = await waitStatus('done');
  const bytes = Number(await st.getAttribute('data-bytes'));
  const ms = Number(await st.getAttribute('data-downloadms'));
  console.log(
    `# download from local hub: ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms = ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s; ` +
      `validate ${await st.getAttribute('data-validatems')} ms, store ${await st.getAttribute('data-storems')} ms, cache read (check) ${await st.getAttribute('data-readms')} ms`,
  );
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`, `${ID}:fp16`]);
});

test('offline (server stopped): still listed, loads from the cache; a new download says offline', async () => {
  await hub.close();
  await page.reload();
  await rows().first().waitFor();
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`, `${ID}:fp16`]);
  assert.equal(await page.locator('[data-testid="hub-id"]').inputValue(), ID);
  await pickVariant('fp16');
  await page.locator('[data-testid="verify"]').click();
  const st = await waitStatus('done');
  assert.match(await st.innerText(), /^Loads from the cache without network: 4 layers × 4 heads, tokenizer OK \(“attention lens reads …”, \d+ tokens\)\. Cache read \d+ ms\.$/);
  console.log(`# offline check: cache read of ${(TOTAL_BYTES / 1e6).toFixed(1)} MB took ${await st.getAttribute('data-readms')} ms`);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-offline.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'options-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  await pickVariant('q8');
  await page.locator('[data-testid="download"]').click();
  const err = await waitStatus('error');
  assert.equal(await err.getAttribute('data-reason'), 'offline');
  assert.match(await err.innerText(), /^Could not reach 127\.0\.0\.1:\d+ to download test-org\/tiny-bert .*You seem to be offline or the host is unreachable\. Models you already downloaded keep working\.$/);
});

test('the engine analyses with the downloaded model, offline', async () => {
  await pickVariant('fp16');
  const use = page.locator('[data-testid="use"]');
  if (await use.count()) await use.click();
  const { demo, popup } = await popupOnDemo();
  try {
    await popup.locator('[data-testid="lens-result"]').waitFor({ timeout: 60000 });
    assert.equal(await popup.locator('[data-testid="attention-panel"] .al-model-id').innerText(), ID);
    assert.match(await popup.locator('[data-testid="attention-panel"] .al-meta').innerText(), /4 layers × 4 heads/);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-hub-model.png') });
  } finally {
    await popup.close();
    await demo.close();
  }
});

test('delete: the in-use model falls back to the built-in one, then the list empties', async () => {
  await page.locator(`[data-testid="stored-row"][data-variant="fp16"] [data-testid="delete"]`).click();
  const st = await waitStatus('done');
  assert.match(await st.innerText(), /^Deleted test-org\/tiny-bert \(fp16\), 19\.1 MB freed\. The built-in model is in use again\.$/);
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  assert.match(await page.locator('[data-testid="active-model"]').innerText(), /In use: attention-lens-mini/);
  await page.locator(`[data-testid="stored-row"][data-variant="fp32"] [data-testid="delete"]`).click();
  await page.locator('[data-testid="stored-empty"]').waitFor();
  const keys = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).length);
  assert.equal(keys, 0);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-deleted.png'), fullPage: true });
});

test('the engine names a Hub model that is not downloaded and points to the settings', async () => {
  await browser.worker.evaluate(async (id) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, model: { id, source: 'hub', variant: 'q8', revision: 'main' } } });
  }, ID);
  const { demo, popup } = await popupOnDemo();
  try {
    const err = popup.locator('[data-testid="lens-error"]');
    await err.waitFor({ timeout: 60000 });
    assert.equal(await err.getAttribute('data-code'), 'model-file');
    assert.match(await err.innerText(), /Model test-org\/tiny-bert \(q8\) is not downloaded yet\. Open the Attention Lens options/);
    await popup.locator('[data-testid="open-settings"]').waitFor();
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-hub-not-downloaded.png') });
  } finally {
    await popup.close();
    await demo.close();
    await browser.worker.evaluate(() => chrome.storage.local.remove('settings'));
  }
});
