// Benchmark of the real extension in headless Chromium: cold first analysis, model load, inference at 32/128/512 tokens,
// transport (bytes and ms from the offscreen engine to an extension page), and context-menu click →
// drawn overlay. Prints figures; asserts nothing. Run: npm run bench:extension
// (--no-build with AL_DIST=<automation build> measures another build)
import { spawnSync } from 'node:child_process';
import { ROOT, servePages, launchWithExtension, selectElementText, clickContextMenu, overlayFrame } from '../../tests/browser/harness.mjs';
import { coldAnalysis } from './shared.mjs';

if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, AL_AUTOMATION: '1' } });
  if (b.status !== 0) process.exit(1);
}
const REPEAT = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await servePages();
const browser = await launchWithExtension();
const page = await browser.context.newPage();
await page.goto(browser.extUrl('src/popup/popup.html?tab=-1')); // any extension page can talk to the engine

// Cold first analysis: a fresh profile's first request (offscreen document created, model, runtime and tokenizer
// loaded, then the forward pass), from the page's request to its result.
const cold = await coldAnalysis(page);
console.log(`cold first analysis (fresh profile, n=${cold.n}, ${cold.backend}): ${cold.ms.toFixed(0)} ms${cold.ok ? '' : ' (FAILED)'}`);

const status = await page.evaluate(async () => {
  const t0 = performance.now();
  const res = await chrome.runtime.sendMessage({ target: 'background', type: 'engine/ensure' });
  return { ...res.value, ensureMs: performance.now() - t0 };
});
console.log(
  `model ${status.modelId}: ${status.numLayers} layers × ${status.numHeads} heads, backend ${status.backend}${status.backendNote ? ` (${status.backendNote})` : ''}`,
);
console.log(
  `model load (fetch + graph edit + session + tokenizer, in the offscreen document): ${status.loadMs} ms; first engine/ensure incl. offscreen creation: ${status.ensureMs.toFixed(0)} ms; phases ${JSON.stringify(status.loadPhases)}`,
);

const word = 'attention ';
for (const target of [32, 128, 512]) {
  const text = word.repeat(target - 2).trim(); // "attention" is one token: n = target incl. [CLS]/[SEP]
  const runs = [];
  for (let i = 0; i < REPEAT + 1; i++) {
    runs.push(
      await page.evaluate(async (t) => {
        // The same path the views use: a MessagePort brokered by the service worker, buffers transferred.
        const t0 = performance.now();
        const reg = await navigator.serviceWorker.ready;
        const { port1, port2 } = new MessageChannel();
        const res = await new Promise((resolve) => {
          port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data.result); // after 'ack' / 'progress'
          reg.active.postMessage({ target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text: t, options: { withQK: true } } }, [
            port2,
          ]);
        });
        const now = performance.timeOrigin + performance.now();
        const r = res.value;
        return {
          n: r.seqLen,
          inferenceMs: r.timings.inferenceMs,
          tokenizeMs: r.timings.tokenizeMs,
          transportMs: now - r.timings.sentAt,
          totalMs: performance.now() - t0,
          bytes: r.attentions.reduce((s, a) => s + a.byteLength, 0) + (r.queries?.byteLength ?? 0) + (r.keys?.byteLength ?? 0),
          attnBytes: r.attentions.reduce((s, a) => s + a.byteLength, 0),
          typed: r.attentions.every((a) => a instanceof Float32Array),
        };
      }, text),
    );
  }
  const warm = runs.slice(1);
  const n = warm[0].n;
  console.log(
    `n=${n}: inference ${median(warm.map((r) => r.inferenceMs)).toFixed(1)} ms (median of ${REPEAT}, first ${runs[0].inferenceMs.toFixed(1)}), tokenize ${median(warm.map((r) => r.tokenizeMs)).toFixed(1)} ms, ` +
      `transport ${median(warm.map((r) => r.transportMs)).toFixed(1)} ms for ${(warm[0].bytes / 1e6).toFixed(2)} MB (attention ${(warm[0].attnBytes / 1e6).toFixed(2)} MB, Float32Array kept: ${warm[0].typed}), request total ${median(warm.map((r) => r.totalMs)).toFixed(1)} ms`,
  );
}

// Context-menu click → overlay drawn (engine already warm, as in daily use).
const demo = await browser.context.newPage();
await demo.goto(server.url('demo.html'));
const clicks = [];
for (let i = 0; i < 3; i++) {
  await selectElementText(demo, 'p2');
  const t0 = Date.now();
  await clickContextMenu(browser.worker, demo, 'x');
  const frame = await overlayFrame(demo, browser.extensionId);
  await frame.waitForSelector('[data-testid="heat-cell"]', { timeout: 60000 });
  clicks.push(Date.now() - t0);
  await demo.keyboard.press('Escape');
  await demo.waitForFunction(() => !document.querySelector('attention-lens-overlay'));
}
console.log(`context-menu click → overlay drawn (warm engine, 28 tokens): median ${median(clicks)} ms of ${clicks.join(', ')} ms`);
await browser.close();
await server.close();
