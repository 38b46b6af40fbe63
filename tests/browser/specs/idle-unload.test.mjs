// Idle unload (Chrome): after the idle time the engine releases its model and the service worker closes the offscreen
// document — the only way onnxruntime's WebAssembly memory goes back to the system (it never shrinks; bert-base kept
// ≈ 1.4 GB resident after the model was released). The next request creates the document again and is answered; a
// surface that keeps the model (engine/keepalive: pinned overlay, side panel) keeps the document.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from '../harness.mjs';

let browser;
let page;

before(async () => {
  browser = await launchWithExtension();
  page = await browser.context.newPage();
  await page.goto(browser.extUrl('src/popup/popup.html?tab=-1')); // an extension page talks to the engine
});
after(() => browser?.close());

/** An analysis through the service worker's broker (as every view asks): its outcome and token count. */
const analyze = (text, idleUnloadMs) =>
  page.evaluate(
    async ({ text, idleUnloadMs }) => {
      const reg = await navigator.serviceWorker.ready;
      const { port1, port2 } = new MessageChannel();
      const res = await new Promise((resolve) => {
        port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data.result);
        reg.active.postMessage({ target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text, options: { idleUnloadMs } } }, [port2]);
      });
      return res.ok ? { ok: true, n: res.value.seqLen } : { ok: false, code: res.error.code };
    },
    { text, idleUnloadMs },
  );
const offscreenDocuments = () => browser.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length);
async function waitForDocuments(count, timeoutMs) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if ((await offscreenDocuments()) === count) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`offscreen documents: still ${await offscreenDocuments()}, expected ${count}`);
}

test('the offscreen document is closed after the idle unload, and the next request is answered by a new one', async () => {
  assert.deepEqual(await analyze('The quick brown fox jumps over the lazy dog.', 1500), { ok: true, n: 12 });
  assert.equal(await offscreenDocuments(), 1);
  const closedAfter = await waitForDocuments(0, 15_000);
  console.log(`# offscreen document closed ${closedAfter} ms after the result (idle time 1500 ms)`);
  assert.deepEqual(await analyze('Seven ships sailed down the river at night.', 60_000), { ok: true, n: 11 });
  assert.equal(await offscreenDocuments(), 1);
});

test('a surface that keeps the model (keepalive) keeps the document past the idle time', async () => {
  assert.deepEqual(await analyze('The garden was quiet.', 1500), { ok: true, n: 7 });
  for (let i = 0; i < 8; i++) {
    await page.evaluate(() => chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine/keepalive' }));
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(await offscreenDocuments(), 1, 'closed although kept alive');
  await waitForDocuments(0, 15_000); // let go: closed after the idle time
});
