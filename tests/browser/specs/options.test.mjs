// Options page against a local Hub that behaves like huggingface.co (tests/browser/hub-server.mjs): model info API
// with the commit, 302 to a CDN on another origin for the ONNX files (CORS really applies there), Range, ETags.
// Real export styles of every variant (tests/fixtures/hub: test-org/tiny-bert-mlm, a BertForMaskedLM in fp32, fp16,
// q8, q4, q4f16, bnb4). Download with progress to 100% (pinned to a commit, stored in chunks), a cut connection
// resumed from where it stopped, cancel, the storage check, "update available" after a new commit (update / keep),
// offline use, 404, delete — with clear messages, never touching the stored model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, ROOT, SCREENSHOTS, servePages, selectElementText, tabIdOf } from '../harness.mjs';
import { hubFixtureRoot, makeHubFixture, startHubServer } from '../hub-server.mjs';

const DIST = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
const ID = 'test-org/tiny-bert-mlm';
const REPO = join(hubFixtureRoot(), ID);
const SHARED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const size = (f) => statSync(join(REPO, f)).size;
const totalOf = (file) => [...SHARED, file].reduce((s, f) => s + size(f), 0);
/** src/hub/catalog.ts formatBytes, as the page shows sizes (decimal units). */
function fmt(bytes) {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2).replace(/\.?0+$/, '')} ${units[u]}`;
}
const re = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

let fixture;
let hub;
let browser;
let page;
let pages; // the demo page's server

before(async () => {
  fixture = await makeHubFixture({ withFixtures: true }); // test-org/tiny-bert (fp32 only) + test-org/tiny-*-mlm
  hub = await startHubServer(fixture);
  pages = await servePages();
  browser = await launchWithExtension(DIST);
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 1300 });
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
const row = (variant) => page.locator(`[data-testid="stored-row"][data-id="${ID}"][data-variant="${variant}"]`);

/** Stored variants, oldest download first. */
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
        for (const n of m.addedNodes ?? [])
          if (n.nodeType === 1) seen(n.matches('[data-testid="progress"]') ? n : n.querySelector?.('[data-testid="progress"]'));
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

async function typeId(id) {
  await page.locator('[data-testid="model-custom"] input[type="radio"]').check();
  await page.locator('[data-testid="hub-id"]').fill(id);
  // q8 is never stored here, so its label shows the probe's answer (a stored variant shows its stored size at once).
  // The new id is probed after a short settle time, and until then the label may still show the previous id's
  // answer: first see the probe of this id start (it shows "checking"; a fast one may already be done, hence the
  // short bound), then wait for its answer.
  await page
    .waitForFunction(
      () => /checking/.test(document.querySelector('[data-testid="variant-q8"] [data-testid="variant-size"]')?.textContent ?? 'checking'),
      null,
      { timeout: 2000 },
    )
    .catch(() => undefined);
  await page.waitForFunction(
    () => !/checking/.test(document.querySelector('[data-testid="variant-q8"] [data-testid="variant-size"]')?.textContent ?? 'checking'),
  );
}

test('set the Hub host to the local server, pick a Hub model by id: six variants with sizes, trade-offs, a recommendation', async () => {
  await page.screenshot({ path: join(SCREENSHOTS, 'options-initial.png'), fullPage: true });
  await page.locator('details.opt-advanced summary').click();
  await page.locator('[data-testid="hub-host"]').fill(`${hub.host}/`);
  await page.locator('[data-testid="hub-host-save"]').click();
  assert.match(await page.locator('[data-testid="hub-host-note"]').innerText(), new RegExp(`Models now come from ${re(hub.host)}\\.`));
  const saved = await browser.worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  assert.equal(saved.hubHost, hub.host);

  await page.locator('[data-testid="model-custom"] input[type="radio"]').check();
  await page.locator('[data-testid="hub-id"]').fill('not/a/valid/id');
  assert.match(await page.locator('.opt-field-error').innerText(), /not a Hub model id/);
  assert.equal(await page.locator('[data-testid="download"]').count(), 0);
  await typeId(ID);
  // every variant's size from a one-byte Range request (302 → CDN → 206)
  const sizeText = (v) => page.locator(`[data-testid="variant-${v}"] [data-testid="variant-size"]`).innerText();
  for (const [v, f] of [
    ['fp32', 'model.onnx'],
    ['fp16', 'model_fp16.onnx'],
    ['q8', 'model_quantized.onnx'],
    ['q4', 'model_q4.onnx'],
    ['q4f16', 'model_q4f16.onnx'],
    ['bnb4', 'model_bnb4.onnx'],
  ]) {
    assert.equal(await sizeText(v), `≈ ${fmt(size(`onnx/${f}`))}`, v);
    assert.ok((await page.locator(`[data-testid="variant-${v}"] [data-testid="variant-tradeoff"]`).innerText()).length > 30);
  }
  assert.ok(hub.log.some((r) => r.server === 'cdn' && r.range === 'bytes=0-0' && r.status === 206));
  // headless Chromium without --enable-unsafe-webgpu has no adapter: the page recommends the WebAssembly pick
  assert.equal(await page.locator('[data-testid="variant-recommended"]').count(), 1);
  assert.equal(await page.locator('[data-testid="variant-q8"] [data-testid="variant-recommended"]').innerText(), 'Recommended for WebAssembly');
  await page.locator('[data-testid="backend-webgpu"]').click();
  await page.locator('[data-testid="variant-q4f16"] [data-testid="variant-recommended"]').waitFor();
  assert.equal(await page.locator('[data-testid="variant-q4f16"] [data-testid="variant-recommended"]').innerText(), 'Recommended for WebGPU');
  await page.locator('[data-testid="backend-auto"]').click();
  await pickVariant('fp32');
  assert.equal(await page.locator('[data-testid="download"]').innerText(), `Download · ${fmt(size('onnx/model.onnx'))}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-variants.png'), fullPage: true });
});

test('download: progress in bytes and percent up to 100%, pinned to the commit, the ONNX file via the CDN in chunks', async () => {
  const total = totalOf('onnx/model.onnx');
  hub.setThrottle(120_000); // slow enough to see the bar move
  await recordPercents();
  const logFrom = hub.log.length;
  await page.locator('[data-testid="download"]').click();
  await page.waitForFunction(
    () => {
      const p = Number(document.querySelector('[data-testid="progress"]')?.getAttribute('data-percent'));
      return p > 25 && p < 90;
    },
    null,
    { timeout: 30000 },
  );
  const text = await page.locator('[data-testid="progress-text"]').innerText();
  assert.match(text, new RegExp(`[\\d.]+ kB of ${re(fmt(total))} · \\d+%`));
  assert.equal(await page.locator('[data-testid="progress"]').getAttribute('role'), 'progressbar');
  await page.screenshot({ path: join(SCREENSHOTS, 'options-downloading.png'), fullPage: true });

  const st = await waitStatus('done');
  hub.setThrottle(0);
  const percents = await page.evaluate(() => window.__percents);
  assert.equal(Math.max(...percents), 100, `progress went ${percents.join(' ')}`);
  for (let i = 1; i < percents.length; i++) assert.ok(percents[i] >= percents[i - 1], `progress went back: ${percents.join(' ')}`);
  const sha = await hub.sha(ID);
  assert.match(
    await st.innerText(),
    new RegExp(
      `^Downloaded ${re(fmt(total))} in [\\d.]+ m?s \\([\\d.]+ MB/s, commit ${sha.slice(0, 7)}\\) and now in use\\. Loads from the cache without network: 2 layers × 4 heads, tokenizer OK`,
    ),
  );
  assert.equal(Number(await st.getAttribute('data-bytes')), total);
  assert.equal(await st.getAttribute('data-commit'), sha);

  // what went over the wire: the API for the commit, files from resolve/<sha>/, the ONNX file 302 → CDN (another origin)
  const log = hub.log.slice(logFrom);
  assert.ok(log.some((r) => r.path === `/api/models/${ID}/revision/main` && r.status === 200));
  const resolves = log.filter((r) => r.server === 'hub' && r.path.includes('/resolve/'));
  assert.ok(resolves.length >= 4 && resolves.every((r) => r.path.includes(`/resolve/${sha}/`)), JSON.stringify(resolves));
  assert.equal(resolves.find((r) => r.path.endsWith('model.onnx')).status, 302);
  const cdn = log.filter((r) => r.server === 'cdn' && r.method === 'GET');
  assert.equal(cdn.length, 1);
  assert.equal(cdn[0].status, 200);
  assert.match(cdn[0].origin ?? '', /^(null|chrome-extension:\/\/)/); // a CORS request (the CDN is not covered by the host permission)

  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  assert.equal(await row('fp32').locator('[data-testid="stored-size"]').innerText(), fmt(total));
  assert.equal(await row('fp32').getAttribute('data-commit'), sha);
  assert.equal(await row('fp32').locator('[data-testid="stored-version"] code').innerText(), sha.slice(0, 7));
  await page.locator(`[data-testid="stored-row"][data-variant="fp32"][data-update="current"]`).waitFor(); // checked on its own
  assert.match(await page.locator('[data-testid="active-model"]').innerText(), /In use: test-org\/tiny-bert-mlm \(fp32\)/);
  const saved = await browser.worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  assert.deepEqual(saved.model, { id: ID, source: 'hub', variant: 'fp32', revision: 'main' });

  // config/tokenizer where transformers.js looks (its cache, its URLs); the ONNX file as chunk entries
  const keys = await page.evaluate(async () => ({
    hub: (await (await caches.open('transformers-cache')).keys()).map((r) => r.url).sort(),
    chunks: (await (await caches.open('attention-lens-chunks')).keys()).map((r) => r.url),
  }));
  assert.deepEqual(keys.hub, SHARED.map((f) => hub.url(ID, f)).sort());
  assert.equal(keys.chunks.length, 1);
  assert.match(keys.chunks[0], new RegExp(`/${sha}/onnx/model\\.onnx/0$`));
  await page.screenshot({ path: join(SCREENSHOTS, 'options-downloaded.png'), fullPage: true });
});

test('404: a variant the repository does not have is named in the message; nothing changes', async () => {
  await typeId('test-org/tiny-bert');
  assert.equal(await page.locator('[data-testid="variant-q8"] [data-testid="variant-size"]').innerText(), 'not on the Hub');
  await pickVariant('q8');
  await page.locator('[data-testid="download"]').click();
  const st = await waitStatus('error');
  assert.equal(await st.getAttribute('data-reason'), 'not-found');
  assert.match(
    await st.innerText(),
    /^Model test-org\/tiny-bert has no onnx\/model_quantized\.onnx on 127\.0\.0\.1:\d+: that export does not publish the 8-bit quantized variant\. Pick another variant\./,
  );
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-404.png'), fullPage: true });
  await typeId(ID);
});

test('connection cut at 50 %: the received half is kept, Download resumes with a Range request and completes', async () => {
  const file = 'onnx/model_fp16.onnx';
  const fileSize = size(file);
  hub.setFault('model_fp16.onnx', { cutAt: 0.5 }, { once: true });
  hub.setThrottle(150_000);
  await pickVariant('fp16');
  await page.locator('[data-testid="download"]').click();
  const st = await waitStatus('error');
  hub.setThrottle(0);
  assert.equal(await st.getAttribute('data-reason'), 'interrupted');
  const half = Math.floor(fileSize / 2);
  assert.match(
    await st.innerText(),
    new RegExp(
      `^The download of onnx/model_fp16\\.onnx \\(test-org/tiny-bert-mlm\\) was interrupted after [\\d.]+ kB of ${re(fmt(fileSize))}\\. The ${re(fmt(half))} received are kept: click Download to resume from there\\.$`,
    ),
  );
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`]);
  const resume = page.locator('[data-testid="download"][data-resume="true"]');
  await resume.waitFor();
  assert.equal(await resume.innerText(), `Resume · ${fmt(fileSize - half)} left (50% stored)`);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-interrupted.png'), fullPage: true });

  const logFrom = hub.log.length;
  await recordPercents();
  await resume.click();
  const done = await waitStatus('done');
  assert.equal(Number(await done.getAttribute('data-resumedfrom')), half);
  assert.match(
    await done.innerText(),
    new RegExp(`^Downloaded ${re(fmt(totalOf(file)))} in [\\d.]+ m?s \\([\\d.]+ MB/s, resumed: [\\d.]+ kB this time, commit [0-9a-f]{7}\\) and now in use\\.`),
  );
  const percents = await page.evaluate(() => window.__percents);
  // the kept half of the ONNX file counts from the first event (the small files come again)
  const floor = Math.floor((half / totalOf(file)) * 100);
  assert.ok(percents[0] >= floor, `a resume starts at ≥ ${floor}%, not at 0: ${percents.join(' ')}`);
  const cdn = hub.log.slice(logFrom).filter((r) => r.server === 'cdn' && r.method === 'GET');
  assert.deepEqual(
    cdn.map((r) => [r.range, r.status]),
    [[`bytes=${half}-`, 206]],
  );
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`, `${ID}:fp16`]);
  assert.equal(await page.locator('[data-testid="download"][data-resume="true"]').count(), 0);
});

test('cancel stops the download and saves nothing', async () => {
  hub.setThrottle(60_000);
  await pickVariant('q4');
  await page.locator('[data-testid="download"]').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('data-percent')) > 5, null, { timeout: 30000 });
  await page.locator('[data-testid="cancel"]').click();
  const st = await waitStatus('cancelled');
  hub.setThrottle(0);
  assert.equal(await st.innerText(), 'Download of test-org/tiny-bert-mlm cancelled. Nothing was saved.');
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`, `${ID}:fp16`]);
  const chunks = await page.evaluate(async () => (await (await caches.open('attention-lens-chunks')).keys()).map((r) => r.url));
  assert.ok(!chunks.some((k) => k.endsWith('model_q4.onnx/0')));
  assert.equal(await page.locator('[data-testid="download"][data-resume="true"]').count(), 0);
});

test('the storage check: a download that does not fit says how much it needs and how much is left', async () => {
  await page.evaluate(() => {
    window.__estimate = navigator.storage.estimate;
    navigator.storage.estimate = async () => ({ usage: 4_999_900_000, quota: 5_000_000_000 });
  });
  try {
    await page.locator('[data-testid="download"]').click();
    const st = await waitStatus('error');
    assert.equal(await st.getAttribute('data-reason'), 'quota');
    assert.match(
      await st.innerText(),
      new RegExp(
        `^Not enough storage for test-org/tiny-bert-mlm \\(q4\\): the download needs ${re(fmt(totalOf('onnx/model_q4.onnx')))}, but the browser lets this extension store only 100 kB more \\(5 GB of its 5 GB are used\\)\\.`,
      ),
    );
  } finally {
    await page.evaluate(() => (navigator.storage.estimate = window.__estimate));
  }
});

test('a second variant at full speed (measured), listed next to the others', async () => {
  await pickVariant('q4f16');
  await page.locator('[data-testid="download"]').click();
  const st = await waitStatus('done');
  const bytes = Number(await st.getAttribute('data-bytes'));
  const ms = Number(await st.getAttribute('data-downloadms'));
  console.log(
    `# download from local hub: ${(bytes / 1e6).toFixed(2)} MB in ${ms} ms; ` +
      `validate ${await st.getAttribute('data-validatems')} ms, store ${await st.getAttribute('data-storems')} ms, cache read (check) ${await st.getAttribute('data-readms')} ms`,
  );
  assert.deepEqual(await storedVariants(), [`${ID}:fp32`, `${ID}:fp16`, `${ID}:q4f16`]);
});

test('a new commit on main: "update available"; Keep this version stays quiet, Update downloads the new commit', async () => {
  const old = await hub.sha(ID);
  const cfg = JSON.parse(await (await fetch(hub.url(ID, 'config.json'))).text());
  const sha = await hub.pushCommit(ID, { 'config.json': Buffer.from(JSON.stringify({ ...cfg, _name_or_path: 'tiny-bert-mlm v2' }, null, 2)) });
  await page.locator('[data-testid="check-updates"]').click();
  await page.locator(`[data-testid="stored-row"][data-variant="fp32"][data-update="update-available"]`).waitFor();
  for (const v of ['fp32', 'fp16', 'q4f16']) {
    assert.equal(await row(v).getAttribute('data-update'), 'update-available');
    assert.equal(await row(v).locator('[data-testid="update-available"]').innerText(), `Update available → ${sha.slice(0, 7)}`);
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'options-update-available.png'), fullPage: true });

  await row('fp16').locator('[data-testid="keep"]').click();
  await page.locator(`[data-testid="stored-row"][data-variant="fp16"][data-update="kept"]`).waitFor();
  assert.equal(await row('fp16').getAttribute('data-commit'), old);

  const logFrom = hub.log.length;
  await row('fp32').locator('[data-testid="update"]').click();
  const st = await waitStatus('done');
  // fp32 is not the model in use (the last download, q4f16, is): updating it leaves the choice alone
  assert.match(
    await st.innerText(),
    new RegExp(`^Downloaded [\\d.]+ kB in [\\d.]+ m?s \\([\\d.]+ MB/s, commit ${sha.slice(0, 7)}\\)\\. Loads from the cache without network`),
  );
  assert.match(await page.locator('[data-testid="active-model"]').innerText(), /\(q4f16\)/);
  await page.locator(`[data-testid="stored-row"][data-variant="fp32"][data-commit="${sha}"][data-update="current"]`).waitFor();
  assert.ok(
    hub.log
      .slice(logFrom)
      .filter((r) => r.path.includes('/resolve/'))
      .every((r) => r.path.includes(`/resolve/${sha}/`)),
  );
  assert.equal(await row('fp16').getAttribute('data-update'), 'kept');
  assert.equal(await row('q4f16').getAttribute('data-update'), 'update-available');
  // the old commit's chunks of fp32 are gone, the new ones are there
  const chunks = await page.evaluate(async () => (await (await caches.open('attention-lens-chunks')).keys()).map((r) => r.url));
  assert.ok(chunks.some((k) => k.includes(`/${sha}/onnx/model.onnx/`)));
  assert.ok(!chunks.some((k) => k.includes(`/${old}/onnx/model.onnx/`)));
  // the page opened later checks by itself
  await page.reload();
  await page.locator(`[data-testid="stored-row"][data-variant="q4f16"][data-update="update-available"]`).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'options-updated.png'), fullPage: true });
});

test('offline (server stopped): still listed, loads from the cache; a new download says offline', async () => {
  await hub.close();
  await page.reload();
  await rows().first().waitFor();
  assert.deepEqual(await storedVariants(), [`${ID}:fp16`, `${ID}:q4f16`, `${ID}:fp32`]); // fp32 was updated last
  await page.locator(`[data-testid="stored-row"][data-variant="fp32"][data-update="unavailable"]`).waitFor();
  assert.match(await row('fp32').locator('[data-testid="stored-version"]').innerText(), /could not check: could not reach the host/);
  assert.equal(await page.locator('[data-testid="hub-id"]').inputValue(), ID);
  await pickVariant('fp16');
  await page.locator('[data-testid="verify"]').click();
  const st = await waitStatus('done');
  assert.match(await st.innerText(), /^Loads from the cache without network: 2 layers × 4 heads, tokenizer OK \(“.+ …”, \d+ tokens\)\. Cache read \d+ ms\.$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'options-offline.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SCREENSHOTS, 'options-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  await pickVariant('q8');
  await page.locator('[data-testid="download"]').click();
  const err = await waitStatus('error');
  assert.equal(await err.getAttribute('data-reason'), 'offline');
  assert.match(
    await err.innerText(),
    /^Could not reach 127\.0\.0\.1:\d+ to download test-org\/tiny-bert-mlm .*You seem to be offline or the host is unreachable\. Models you already downloaded keep working\.$/,
  );
});

test('the engine analyses with the downloaded fp16 model, offline', async () => {
  await pickVariant('fp16');
  const use = page.locator('[data-testid="use"]');
  if (await use.count()) await use.click();
  const { demo, popup } = await popupOnDemo();
  try {
    await popup.locator('[data-testid="lens-result"]').waitFor({ timeout: 60000 });
    assert.equal(await popup.locator('[data-testid="attention-panel"] .al-model-id').innerText(), ID);
    assert.match(await popup.locator('[data-testid="attention-panel"] .al-meta').innerText(), /2 layers × 4 heads/);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-hub-model.png') });
  } finally {
    await popup.close();
    await demo.close();
  }
});

test('delete: the in-use model falls back to the built-in one, then the list and every cache empty', async () => {
  await row('fp16').locator('[data-testid="delete"]').click();
  const st = await waitStatus('done');
  assert.match(
    await st.innerText(),
    new RegExp(`^Deleted test-org/tiny-bert-mlm \\(fp16\\), ${re(fmt(size('onnx/model_fp16.onnx')))} freed\\. The built-in model is in use again\\.$`),
  );
  assert.deepEqual(await storedVariants(), [`${ID}:q4f16`, `${ID}:fp32`]);
  assert.match(await page.locator('[data-testid="active-model"]').innerText(), /In use: attention-lens-mini/);
  await row('fp32').locator('[data-testid="delete"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="stored-row"]').length === 1);
  await row('q4f16').locator('[data-testid="delete"]').click();
  await page.locator('[data-testid="stored-empty"]').waitFor();
  const left = await page.evaluate(async () => ({
    hub: (await (await caches.open('transformers-cache')).keys()).length,
    chunks: (await (await caches.open('attention-lens-chunks')).keys()).length,
  }));
  assert.deepEqual(left, { hub: 0, chunks: 0 });
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
    assert.match(await err.innerText(), /Model test-org\/tiny-bert-mlm \(q8\) is not downloaded yet\. Open the Attention Lens options/);
    await popup.locator('[data-testid="open-settings"]').waitFor();
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-hub-not-downloaded.png') });
  } finally {
    await popup.close();
    await demo.close();
    await browser.worker.evaluate(() => chrome.storage.local.remove('settings'));
  }
});
