// Benchmark of the Firefox build in Debian's firefox-esr (WebDriver BiDi): model load in the background page,
// inference at 32/128/512 tokens, and both ways a view gets its result — a MessagePort posted to the
// background window (buffers transferred; the popup) and runtime messaging (structured clone; the overlay).
// Prints figures; asserts nothing. Run: npm run bench:firefox
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, servePages } from '../../tests/browser/harness.mjs';

if (typeof WebSocket === 'undefined') {
  // Node 20: the BiDi client needs the WebSocket global
  const r = spawnSync(process.execPath, ['--experimental-websocket', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { becomeExtensionPage, launchWithAttentionLens } = await import('../../tests/browser/firefox-bidi.mjs');
if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, AL_AUTOMATION: '1', AL_BROWSER: 'firefox' },
  });
  if (b.status !== 0) process.exit(1);
}
const REPEAT = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await servePages();
const ff = await launchWithAttentionLens(join(ROOT, 'dist-firefox-automation'));
const ctx = (await ff.send('browsingContext.getTree', {})).contexts[0].context;
await ff.send('browsingContext.navigate', { context: ctx, url: server.url('demo.html'), wait: 'complete' });
await becomeExtensionPage(ff, ctx);

const load = JSON.parse(
  await ff.evaluate(
    ctx,
    `(async () => { const t0 = performance.now(); const r = await chrome.runtime.sendMessage({ target: 'background', type: 'engine/ensure' });
    return JSON.stringify({ ...r.value, ensureMs: performance.now() - t0 }); })()`,
  ),
);
console.log(
  `model ${load.modelId}: ${load.numLayers} layers × ${load.numHeads} heads, backend ${load.backend}${load.backendNote ? ` (${load.backendNote})` : ''}`,
);
console.log(
  `model load in the background page: ${load.loadMs} ms; first engine/ensure: ${load.ensureMs.toFixed(0)} ms; phases ${JSON.stringify(load.loadPhases)}`,
);

const request = (text, via) => `(async () => {
  const t0 = performance.now();
  const msg = { target: 'offscreen', type: 'engine/analyze', text: ${JSON.stringify(text)}, options: { withQK: true } };
  let res;
  if (${via === 'port'}) {
    const bg = await new Promise((r) => chrome.runtime.getBackgroundPage(r));
    const { port1, port2 } = new MessageChannel();
    res = await new Promise((resolve) => { port1.onmessage = (e) => resolve(e.data); bg.postMessage({ target: 'engine-port', request: msg }, location.origin, [port2]); });
  } else {
    res = await chrome.runtime.sendMessage(msg);
  }
  const now = performance.timeOrigin + performance.now();
  const r = res.value;
  return JSON.stringify({ n: r.seqLen, inferenceMs: r.timings.inferenceMs, transportMs: now - r.timings.sentAt, totalMs: performance.now() - t0,
    bytes: r.attentions.reduce((s, a) => s + a.byteLength, 0) + (r.queries?.byteLength ?? 0) + (r.keys?.byteLength ?? 0), typed: r.attentions.every((a) => a instanceof Float32Array) });
})()`;

for (const target of [32, 128, 512]) {
  const text = 'attention '.repeat(target - 2).trim();
  for (const via of ['port', 'message']) {
    const runs = [];
    for (let i = 0; i < REPEAT + 1; i++) runs.push(JSON.parse(await ff.evaluate(ctx, request(text, via))));
    const warm = runs.slice(1);
    console.log(
      `n=${warm[0].n} via ${via === 'port' ? 'port (transferred)' : 'runtime message (cloned)'}: inference ${median(warm.map((r) => r.inferenceMs)).toFixed(1)} ms (median of ${REPEAT}), ` +
        `transport ${median(warm.map((r) => r.transportMs)).toFixed(1)} ms for ${(warm[0].bytes / 1e6).toFixed(2)} MB (Float32Array kept: ${warm[0].typed}), request total ${median(warm.map((r) => r.totalMs)).toFixed(1)} ms`,
    );
  }
}
await ff.close();
await server.close();
