// What exposing every layer's attention as outputs costs in plain onnxruntime-web (no extension): the model file as
// shipped, the engine's edited graph fetching only the model's own outputs, and the edited graph fetching the
// attention too — alternating, same inputs, same threads. Prints figures; asserts nothing.
// The edited graph is made here by the engine's own exposeAttentionOutputs (src/core/onnx/expose-outputs.ts).
// With --concat=<file> (the edited graph whose attention leaves as one Concat output: make-concat-graph.py), that one
// too, against the per-layer outputs plus the packing copy into one array that the engine makes.
// Run: node scripts/bench/ort-outputs.mjs <model.onnx> [--sizes=512,492,486,505] [--rounds=5] [--qk] [--concat=<file>]
//   (--qk: the graph the engine loads, with Q and Kᵀ declared as outputs too; they are not fetched)
import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { build } from 'rolldown';
import { chromium } from 'playwright-core';
import { ROOT } from '../../tests/browser/harness.mjs';

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const plainPath = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!plainPath) throw new Error('usage: node scripts/bench/ort-outputs.mjs <model.onnx> [--sizes=…] [--rounds=…] [--qk] [--concat=<file>]');
const sizesArg = arg('sizes', '512,492,486,505');
const roundsArg = arg('rounds', '5');
const concatPath = arg('concat', undefined);
// the engine's graph edit, bundled for Node
const tmp = mkdtempSync(join(tmpdir(), 'ort-outputs-'));
await build({
  input: join(ROOT, 'src/core/onnx/expose-outputs.ts'),
  platform: 'node',
  output: { file: join(tmp, 'expose.mjs'), format: 'esm' },
  logLevel: 'silent',
});
const { exposeAttentionOutputs } = await import(join(tmp, 'expose.mjs'));
const exposedPath = join(tmp, 'exposed.onnx');
writeFileSync(
  exposedPath,
  exposeAttentionOutputs(new Uint8Array(readFileSync(plainPath)), { mode: process.argv.includes('--qk') ? 'attention+qk' : 'attention' }).bytes,
);
const ORT = join(ROOT, 'node_modules/onnxruntime-web/dist');
const files = { '/plain.onnx': plainPath, '/exposed.onnx': exposedPath, '/concat.onnx': concatPath };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const h = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (url.pathname === '/') return res.writeHead(200, { ...h, 'content-type': 'text/html' }).end('<!doctype html><title>ort</title>');
  const path = files[url.pathname] ?? (url.pathname.startsWith('/ort/') ? join(ORT, url.pathname.slice(5)) : null);
  if (!path || !existsSync(path)) return res.writeHead(404).end();
  const type = { '.mjs': 'text/javascript', '.wasm': 'application/wasm' }[extname(path)] ?? 'application/octet-stream';
  res.writeHead(200, { ...h, 'content-type': type }).end(readFileSync(path));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(url + '/');
const out = await page.evaluate(
  async ({ url, sizes, rounds, withConcat }) => {
    const ort = await import(`${url}/ort/ort.wasm.min.mjs`);
    ort.env.wasm.wasmPaths = `${url}/ort/`;
    ort.env.wasm.numThreads = 2;
    const plain = await ort.InferenceSession.create(`${url}/plain.onnx`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const exposed = await ort.InferenceSession.create(`${url}/exposed.onnx`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const concat = withConcat ? await ort.InferenceSession.create(`${url}/concat.onnx`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }) : null;
    const own = plain.outputNames;
    // softmax outputs only (a graph edited for the neuron view declares Q and Kᵀ outputs too)
    const attention = exposed.outputNames.filter((n) => !own.includes(n) && /softmax/i.test(n));
    const feeds = (s, n) => {
      const f = {
        input_ids: new ort.Tensor(
          'int64',
          BigInt64Array.from({ length: n }, (_, k) => BigInt(k === 0 ? 101 : k === n - 1 ? 102 : 1000 + ((k * 7919) % 20000))),
          [1, n],
        ),
      };
      if (s.inputNames.includes('attention_mask')) f.attention_mask = new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
      if (s.inputNames.includes('token_type_ids')) f.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n), [1, n]);
      if (s.inputNames.includes('mask_positions')) f.mask_positions = new ort.Tensor('int64', new BigInt64Array(1), [1]);
      return f;
    };
    const cases = {
      'shipped file, own outputs': (n) => plain.run(feeds(plain, n)),
      'edited graph, own outputs only': (n) => exposed.run(feeds(exposed, n), own),
      'edited graph, attention only': (n) => exposed.run(feeds(exposed, n), attention),
      'edited graph, own + attention': (n) => exposed.run(feeds(exposed, n)),
    };
    if (concat) {
      cases['edited graph, attention + packing'] = async (n) => {
        const o = await exposed.run(feeds(exposed, n), attention);
        const parts = attention.map((a) => o[a].data);
        const packed = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
        let at = 0;
        for (const p of parts) packed.set(p, (at += p.length) - p.length);
        return o;
      };
      const all = concat.outputNames.filter((n) => !own.includes(n) && !exposed.outputNames.includes(n));
      cases['concat graph, one attention output'] = (n) => concat.run(feeds(concat, n), all);
    }
    const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (const n of sizes) for (const run of Object.values(cases)) await run(n); // warm every shape
    for (let r = 0; r < rounds; r++)
      for (const [k, run] of Object.entries(cases)) {
        const t0 = performance.now();
        for (const n of sizes) {
          const o = await run(n);
          for (const t of Object.values(o)) t.dispose?.();
        }
        times[k].push(performance.now() - t0);
      }
    return { times, attention: attention.length };
  },
  { url, sizes: sizesArg.split(',').map(Number), rounds: Number(roundsArg), withConcat: Boolean(concatPath) },
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`sizes ${sizesArg}, ${out.attention} attention outputs; per pass over the sizes (median of ${roundsArg}, all runs):`);
for (const [k, xs] of Object.entries(out.times)) console.log(`  ${k.padEnd(32)} ${median(xs).toFixed(0)} ms   (${xs.map((x) => x.toFixed(0)).join(' / ')})`);
await browser.close();
server.close();
