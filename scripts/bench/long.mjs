// Long texts in the real extension (headless Chromium): for the default model and a generated bert-base-sized model
// (12 × 12, random weights; models/generated/bert-base-random, as npm run bench:bert-base makes it), on texts of
// 2,000 and 10,000 tokens (The Devil's Dictionary, tests/browser/pages/long-text.html):
//   - a page profile in the engine: total time, time per window, session time, statistics time (and per window), overhead
//     against the sum of bare inference times of the same windows (plain onnxruntime-web, no extra outputs, same
//     threads) in wall time and in CPU time of the two renderers (/proc; far steadier on a shared machine); resident
//     memory of the engine's process (VmRSS of its renderer from /proc, sampled every 200 ms while the profile runs);
//     then, unless --no-heap, the same profile again for the peak JS heap of the engine's page (performance.memory
//     through engine/memory quick, sampled every 100 ms — kept out of the timed run);
//   - one 512-token window through the engine (attention, no Q/K; then with Q/K) against the plain session;
//   - the view: the popup on the page, the Profile tab's "Profile this text" over the selection — longest main-
//     thread task (PerformanceObserver 'longtask') and peak JS heap of the view while the profile runs;
//   - the engine document's resident memory: right after the model load, loaded after the runs, idle, and after the
//     idle unload (Linux /proc; the renderer is the one whose memory grew with the first load).
// Prints figures; asserts nothing. With AL_DIST=<an automation build> (AL_AUTOMATION=1 npx vite build --outDir …) it
// benches that build; the profile uses the engine's default windows (no overlap since issue 14).
// Run: npm run bench:long [-- --no-build] [--models=mini,bert-base] [--sizes=2000,10000] [--ui=mini|all|none] [--no-heap]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { build } from 'rolldown';
import { ROOT, launchWithExtension, servePages, tabIdOf } from '../../tests/browser/harness.mjs';
import { BERT_BASE_DIR, BERT_BASE_ID, ensureBertBase } from './shared.mjs';

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const MODELS = arg('models', 'mini,bert-base').split(',');
const SIZES = arg('sizes', '2000,10000').split(',').map(Number);
const UI = arg('ui', 'mini');
/** --no-heap: no second, heap-sampled run of each profile (bert-base at 10,000 tokens is slow). */
const HEAP = !process.argv.includes('--no-heap');
const BERT = BERT_BASE_ID;
const GEN = BERT_BASE_DIR;
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;

if (MODELS.includes('bert-base')) ensureBertBase();
const built = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
if (!process.env.AL_DIST && !process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, AL_AUTOMATION: '1' } });
  if (b.status !== 0) process.exit(1);
}
// A copy of the test build with the big model bundled beside the default one.
const dist = mkdtempSync(join(tmpdir(), 'attention-lens-long-'));
cpSync(built, dist, { recursive: true });
if (MODELS.includes('bert-base')) cpSync(GEN, join(dist, 'models', BERT), { recursive: true });

// The floor: the engine's own graph edit (src/core/onnx/expose-outputs.ts, bundled for Node) gives each model file
// with every layer's attention as outputs; plain onnxruntime-web fetching them is what any extension would pay
// before running a line of its own code (onnxruntime-web copies each fetched output out of its wasm heap).
const exposeBundle = join(dist, 'expose-outputs.mjs');
await build({ input: join(ROOT, 'src/core/onnx/expose-outputs.ts'), platform: 'node', output: { file: exposeBundle, format: 'esm' }, logLevel: 'silent' });
const { exposeAttentionOutputs } = await import(exposeBundle);
for (const id of MODELS.map((m) => (m === 'bert-base' ? BERT : 'attention-lens-mini'))) {
  const file = join(dist, 'models', id, 'onnx', 'model.onnx');
  writeFileSync(join(dist, 'models', id, 'onnx', 'exposed.onnx'), exposeAttentionOutputs(new Uint8Array(readFileSync(file)), { mode: 'attention' }).bytes);
}

// ---------------------------------------------------------------- texts of N tokens from the public-domain page
env.localModelPath = join(ROOT, 'models') + '/';
env.allowRemoteModels = false;
const tok = await AutoTokenizer.from_pretrained('attention-lens-mini');
const html = readFileSync(join(ROOT, 'tests/browser/pages/long-text.html'), 'utf8');
const article = html
  .slice(html.indexOf('<article>'), html.indexOf('</article>'))
  .replace(/<br>\n/g, '\n')
  .replace(/<\/(p|blockquote|h1|h2)>/g, '\n\n')
  .replace(/<[^>]+>/g, '')
  .replace(/&amp;/g, '&')
  .replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>')
  .trim();
/** The article's first paragraphs holding `n` tokens (cut inside the last one, at a word). */
function textOf(n) {
  let text = article;
  while ((tok(text).input_ids.size ?? 0) - 2 > n)
    text = text.slice(0, Math.floor(text.length * Math.min(0.98, n / (tok(text).input_ids.size - 2) + 0.01))).replace(/\s+\S*$/, '');
  return text;
}

// ---------------------------------------------------------------- plain onnxruntime-web (the bare inference)
// A cross-origin-isolated page on 127.0.0.1 (threads, like the extension's pages) that runs the same model file
// with session.run and only the model's own outputs: what transformers.js does.
const ORT_DIST = join(ROOT, 'node_modules/onnxruntime-web/dist');
const plainServer = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const headers = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'same-origin',
  };
  let path = null;
  if (url.pathname === '/plain.html') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<!doctype html><title>plain ORT</title>');
  if (url.pathname.startsWith('/ort/')) path = join(ORT_DIST, url.pathname.slice(5));
  if (url.pathname.startsWith('/models/')) path = join(dist, url.pathname.slice(1));
  if (!path || !existsSync(path)) return res.writeHead(404).end();
  const type = { '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream' }[extname(path)] ?? 'application/octet-stream';
  res.writeHead(200, { ...headers, 'content-type': type }).end(readFileSync(path));
});
await new Promise((r) => plainServer.listen(0, '127.0.0.1', r));
const plainUrl = `http://127.0.0.1:${plainServer.address().port}`;

// ---------------------------------------------------------------- the renderer processes (resident memory)
// Renderer command lines name neither the extension nor the profile: ours are the --type=renderer descendants of the
// browser process started with --load-extension=<dist>.
// (Chromium rewrites its children's argv into one space-separated string: match flags as words of the whole line.)
const procStat = (pid) => {
  const cmd = ` ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')} `;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime + stime in clock ticks (100 Hz): CPU time of all the process's threads
  return { cmd, ppid: stat[1], cpuMs: (Number(stat[11]) + Number(stat[12])) * 10 };
};
function renderers() {
  const all = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      all.set(pid, procStat(pid));
    } catch {
      /* gone */
    }
  }
  const root = [...all].find(([, p]) => p.cmd.includes('chromium') && !p.cmd.includes(' --type=') && p.cmd.includes(` --load-extension=${dist} `))?.[0];
  const out = new Map();
  if (!root) return out;
  const ours = (pid) => {
    for (let p = pid, hops = 0; p && p !== '1' && hops < 8; p = all.get(p)?.ppid, hops++) if (p === root) return true;
    return false;
  };
  for (const [pid, p] of all) {
    if (!p.cmd.includes(' --type=renderer ') || !ours(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
      // (not VmHWM: it was seen below an earlier VmRSS of the same renderer — reset through clear_refs)
      out.set(pid, { rss: kb('VmRSS'), extension: p.cmd.includes(' --extension-process '), cpuMs: p.cpuMs });
    } catch {
      /* gone */
    }
  }
  return out;
}

console.log(
  `load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')} on ${readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length} CPUs — figures scale with it`,
);
const server = await servePages();
const browser = await launchWithExtension(dist, { extraArgs: [] });
const ext = await browser.context.newPage();
await ext.goto(browser.extUrl('src/popup/popup.html?tab=-1'));
await ext.waitForTimeout(500);

/** One engine request over a port brokered by the service worker, as the views send it; progress collected. */
async function engineRequest(request) {
  return ext.evaluate(async (request) => {
    const reg = await navigator.serviceWorker.ready;
    const { port1, port2 } = new MessageChannel();
    const t0 = performance.now();
    const progress = [];
    const res = await new Promise((resolve) => {
      port1.onmessage = (e) => {
        const d = e.data;
        if ('ok' in d) return resolve(d);
        if (d.kind === 'done') return resolve(d.result);
        if (d.kind === 'progress' && d.windowsTotal) progress.push([Math.round(performance.now() - t0), d.windowsDone, d.windowsTotal, d.etaMs]);
      };
      reg.active.postMessage({ target: 'engine-port', request }, [port2]);
    });
    const ms = performance.now() - t0;
    if (!res.ok) return { error: res.error, ms };
    const v = res.value;
    const out = { ms, progress };
    if (v.attentions)
      Object.assign(out, {
        n: v.seqLen,
        inferenceMs: v.timings.inferenceMs,
        tokenizeMs: v.timings.tokenizeMs,
        windows: v.windows?.count ?? 1,
        windowsRun: v.timings.windowsRun,
        attentionBytes: v.attentions.reduce((s, a) => s + a.byteLength, 0),
      });
    if (v.maps)
      Object.assign(out, {
        windows: v.windows.length,
        windowsDone: v.windowsDone,
        sizes: v.windows.map((w) => w.end - w.start + 2),
        elapsedMs: v.elapsedMs,
        inferenceMs: v.inferenceMs,
        statsMs: v.statsMs,
        totalTokens: v.totalTokens,
      });
    return out;
  }, request);
}

const memory = (quick = false) => ext.evaluate((quick) => chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine/memory', quick }), quick);
/**
 * The engine document's renderer: the process whose resident memory grew most with the first model load (the offscreen
 * document is cross-origin isolated, so it has a process of its own, which may exist before the load); then always
 * that one. `beforeLoad` is renderers() taken just before that load.
 */
let enginePid = null;
let beforeLoad = null;
function engineProcess() {
  const all = renderers();
  if (!enginePid && beforeLoad) {
    const grown = [...all].filter(([, p]) => p.extension).map(([pid, p]) => [pid, p.rss - (beforeLoad.get(pid)?.rss ?? 0)]);
    grown.sort((a, b) => b[1] - a[1]);
    enginePid = grown[0]?.[0] ?? null;
  }
  const p = enginePid && all.get(enginePid);
  return p ? { pid: enginePid, ...p } : null;
}

/**
 * Runs f and returns its result with the CPU time (all threads) of the engine's renderer and of the busiest other
 * renderer of this browser meanwhile: on a shared machine, wall times grow with the load, CPU times much less.
 */
async function withCpu(f) {
  const a = renderers();
  const ta = engineThreads();
  const value = await f();
  const b = renderers();
  const tb = engineThreads();
  const delta = (pid) => (b.get(pid)?.cpuMs ?? 0) - (a.get(pid)?.cpuMs ?? 0);
  let other = 0;
  for (const pid of b.keys()) if (pid !== enginePid) other = Math.max(other, delta(pid));
  // the engine's CPU time by thread: its main thread (statistics, tokenizer, messages), onnxruntime's worker threads,
  // and the rest (V8's background compilers and garbage collector, IPC)
  const threads = { main: 0, workers: 0, rest: 0, restByName: {} };
  for (const [tid, t] of tb) {
    const d = t.cpuMs - (ta.get(tid)?.cpuMs ?? 0);
    if (tid === enginePid) threads.main += d;
    else if (t.name.startsWith('DedicatedWorker')) threads.workers += d;
    else {
      threads.rest += d;
      if (d > 0) threads.restByName[t.name] = (threads.restByName[t.name] ?? 0) + d;
    }
  }
  return { value, engineCpu: enginePid ? delta(enginePid) : 0, otherCpu: other, threads };
}

/** CPU time (ms) and name of each thread of the engine's renderer. */
function engineThreads() {
  const out = new Map();
  if (!enginePid) return out;
  try {
    for (const tid of readdirSync(`/proc/${enginePid}/task`)) {
      try {
        const st = readFileSync(`/proc/${enginePid}/task/${tid}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        out.set(tid, { name: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')), cpuMs: (Number(f[11]) + Number(f[12])) * 10 });
      } catch {
        /* gone */
      }
    }
  } catch {
    /* gone */
  }
  return out;
}

const plain = await browser.context.newPage();
await plain.goto(`${plainUrl}/plain.html`);

for (const which of MODELS) {
  const id = which === 'bert-base' ? BERT : 'attention-lens-mini';
  const model = { model: { id, source: 'bundled', variant: 'fp32', revision: 'main' }, hubHost: 'https://huggingface.co', maxTokens: 512 };
  const options = { backend: 'wasm', model, idleUnloadMs: 0 };
  if (!enginePid) beforeLoad = renderers(); // (again after a closed document)
  const ensure = await ext.evaluate((m) => chrome.runtime.sendMessage({ target: 'background', type: 'engine/ensure', backend: 'wasm', model: m }), model);
  if (!ensure?.ok) {
    console.log(`${id}: ${JSON.stringify(ensure?.error)}`);
    continue;
  }
  const s = ensure.value;
  console.log(`\n== ${id}: ${s.numLayers} layers × ${s.numHeads} heads, ${s.backend}${s.backendNote ? ` (${s.backendNote})` : ''}, load ${fmt(s.loadMs)}`);
  const afterLoad = engineProcess();
  const heapLoaded = (await memory()).value.usedJSHeapSize ?? 0;
  console.log(
    afterLoad
      ? `engine document (renderer ${afterLoad.pid}): resident memory ${mb(afterLoad.rss)} with the model loaded (JS heap ${mb(heapLoaded)})`
      : `engine document: its renderer was not found (renderers: ${JSON.stringify([...renderers()])})`,
  );

  // ---- one 512-token window: engine vs plain session.run (same file, same threads, default outputs only)
  const text510 = textOf(510);
  // warmed up as the plain page is (≥ 3 runs and ≥ 2 s): until V8 has tiered up onnxruntime's wasm, a fresh document
  // runs its baseline code (the first 10,000-token profile after a load took 2.3 s, the next ones 1.6 s)
  for (let i = 0, t0 = Date.now(); i < 3 || Date.now() - t0 < 2000; i++)
    await engineRequest({ target: 'offscreen', type: 'engine/analyze', text: text510, options });
  const runs = [];
  for (let i = 0; i < 9; i++) runs.push(await engineRequest({ target: 'offscreen', type: 'engine/analyze', text: text510, options }));
  const qk = [];
  for (let i = 0; i < 2; i++)
    qk.push(await engineRequest({ target: 'offscreen', type: 'engine/analyze', text: text510, options: { ...options, withQK: true } }));
  const threads = await ext.evaluate(() => Math.max(1, Math.min(4, navigator.hardwareConcurrency)));
  const bare = await plain.evaluate(
    async ({ url, threads, sizes }) => {
      const ort = await import(`${url}/ort/ort.wasm.min.mjs`);
      ort.env.wasm.wasmPaths = `${url}/ort/`;
      ort.env.wasm.numThreads = threads;
      const session = await ort.InferenceSession.create(`${url}/${sizes.path}`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      const feeds = (n) => {
        const ids = BigInt64Array.from({ length: n }, (_, k) => BigInt(k === 0 ? 101 : k === n - 1 ? 102 : 1000 + ((k * 7919) % 20000)));
        const f = { input_ids: new ort.Tensor('int64', ids, [1, n]) };
        if (session.inputNames.includes('attention_mask')) f.attention_mask = new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
        if (session.inputNames.includes('token_type_ids')) f.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n), [1, n]);
        if (session.inputNames.includes('mask_positions')) f.mask_positions = new ort.Tensor('int64', new BigInt64Array(1), [1]);
        return f;
      };
      const exposed = await ort.InferenceSession.create(`${url}/${sizes.exposed}`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      const median = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
      // the shipped file and the edited graph fetching every output, alternating; a fresh page runs onnxruntime's
      // baseline-compiled wasm until V8 tiers it up (in background threads, seconds): warm up ≥ 6 runs and ≥ 4 s
      const time = async (n, reps) => {
        for (let i = 0, t0 = performance.now(); i < 6 || performance.now() - t0 < 4000; i++) await (i % 2 ? exposed : session).run(feeds(n));
        const shipped = [];
        const floor = [];
        for (let i = 0; i < reps; i++) {
          for (const [s, out] of [
            [session, shipped],
            [exposed, floor],
          ]) {
            const t0 = performance.now();
            await s.run(feeds(n));
            out.push(performance.now() - t0);
          }
        }
        return { shipped: median(shipped), floor: median(floor) };
      };
      const per = {};
      const floor = {};
      for (const n of [...new Set(sizes.ns)]) ({ shipped: per[n], floor: floor[n] } = await time(n, 5));
      await session.release();
      await exposed.release();
      return { outputs: session.outputNames, per, floor };
    },
    { url: plainUrl, threads, sizes: { path: `models/${id}/onnx/model.onnx`, exposed: `models/${id}/onnx/exposed.onnx`, ns: [512] } },
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const eng = median(runs.map((r) => r.inferenceMs));
  console.log(
    `one window of ${runs[0].n} tokens: engine session.run with attention ${fmt(eng)} (${runs.length} runs, ${fmt(Math.min(...runs.map((r) => r.inferenceMs)))}–${fmt(Math.max(...runs.map((r) => r.inferenceMs)))}; request ${fmt(median(runs.map((r) => r.ms)))}, ${mb(runs[0].attentionBytes)} attention), ` +
      `with Q/K ${fmt(median(qk.map((r) => r.inferenceMs)))} (request ${fmt(median(qk.map((r) => r.ms)))}); plain onnxruntime-web session.run (outputs ${bare.outputs.join(', ')}) ${fmt(bare.per[512])} → ×${(eng / bare.per[512]).toFixed(2)} inference, ×${(median(runs.map((r) => r.ms)) / bare.per[512]).toFixed(2)} request` +
      `\n  the engine's own work around session.run (tokens, checks, result, transfer to the page): ${fmt(median(runs.map((r) => r.ms - r.inferenceMs)))} without Q/K, ${fmt(median(qk.map((r) => r.ms - r.inferenceMs)))} with Q/K` +
      `\n  floor: plain onnxruntime-web fetching every layer's attention from the engine's edited graph ${fmt(bare.floor[512])} = ×${(bare.floor[512] / bare.per[512]).toFixed(2)} of plain before any extension code; the engine's request is ×${(median(runs.map((r) => r.ms)) / bare.floor[512]).toFixed(2)} of that floor`,
  );

  // ---- page profiles in the engine
  for (const n of SIZES) {
    const text = textOf(n);
    // The timed run: nothing asks the engine anything meanwhile (engine/memory calls measureUserAgentSpecificMemory,
    // which costs the engine CPU time); its resident memory is read from /proc every 200 ms.
    let peakRss = 0;
    let sampling = true;
    const rssSampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, engineProcess()?.rss ?? 0);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const rss0 = engineProcess()?.rss ?? 0;
    const measured = await withCpu(() => engineRequest({ target: 'offscreen', type: 'engine/profile', text, options }));
    sampling = false;
    await rssSampler;
    const p = measured.value;
    if (p.error) {
      console.log(`profile ${n}: ${JSON.stringify(p.error)}`);
      continue;
    }
    await plain.evaluate(
      async ({ url, threads, path, n0 }) => {
        const ort = await import(`${url}/ort/ort.wasm.min.mjs`);
        ort.env.wasm.wasmPaths = `${url}/ort/`;
        ort.env.wasm.numThreads = threads;
        const session = await ort.InferenceSession.create(`${url}/${path}`, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
        const feeds = (n) => {
          const f = {
            input_ids: new ort.Tensor(
              'int64',
              BigInt64Array.from({ length: n }, (_, k) => BigInt(k === 0 ? 101 : k === n - 1 ? 102 : 1000 + ((k * 7919) % 20000))),
              [1, n],
            ),
          };
          if (session.inputNames.includes('attention_mask')) f.attention_mask = new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
          if (session.inputNames.includes('token_type_ids')) f.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n), [1, n]);
          if (session.inputNames.includes('mask_positions')) f.mask_positions = new ort.Tensor('int64', new BigInt64Array(1), [1]);
          return f;
        };
        await session.run(feeds(n0));
        window.__bare = { session, feeds };
      },
      { url: plainUrl, threads, path: `models/${id}/onnx/model.onnx`, n0: p.sizes[0] },
    );
    // the timed runs alone (their CPU time: the plain page's renderer is the busiest one meanwhile)
    const bare = await withCpu(() =>
      plain.evaluate(async (ns) => {
        const { session, feeds } = window.__bare;
        let total = 0;
        for (const n of ns) {
          const t0 = performance.now();
          await session.run(feeds(n));
          total += performance.now() - t0;
        }
        return total;
      }, p.sizes),
    );
    await plain.evaluate(() => window.__bare.session.release());
    const bareSizes = bare.value;
    const L = s.numLayers;
    const H = s.numHeads;
    const windowTensors = L * H * 512 * 512 * 4;
    // Peak JS heap: the same profile once more, engine/memory sampled every 100 ms (quick: performance.memory only;
    // slower; not timed). Builds older than the quick option measure through measureUserAgentSpecificMemory, which
    // answers after the next garbage collection: their samples are few and post-collection.
    let peakHeap = 0;
    let heap0 = 0;
    if (HEAP) {
      heap0 = (await memory(true)).value.usedJSHeapSize ?? 0;
      let heapSampling = true;
      const heapSampler = (async () => {
        while (heapSampling) {
          const m = await memory(true).catch(() => null);
          if (m?.ok) peakHeap = Math.max(peakHeap, m.value.usedJSHeapSize ?? 0);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      await engineRequest({ target: 'offscreen', type: 'engine/profile', text, options });
      heapSampling = false;
      await heapSampler;
    }
    console.log(
      `profile of ${p.totalTokens} tokens: ${p.windows} windows in ${fmt(p.ms)} (engine ${fmt(p.elapsedMs)}; ${fmt(p.ms / p.windows)} per window): session.run ${fmt(p.inferenceMs)}, statistics + pooling ${fmt(p.statsMs)} (${(p.statsMs / p.windows).toFixed(1)} ms per window, ${((p.statsMs / p.inferenceMs) * 100).toFixed(1)} % of session.run); ` +
        `bare inference of the same windows ${fmt(bareSizes)} → overhead ${(((p.ms - bareSizes) / bareSizes) * 100).toFixed(0)} % ` +
        `(windows + statistics over the engine's own runs: ${(((p.elapsedMs - p.inferenceMs) / p.inferenceMs) * 100).toFixed(0)} %)`,
    );
    console.log(
      `  CPU time (all threads; robust to the machine's load): engine renderer ${fmt(measured.engineCpu)} for the profile (main thread ${fmt(measured.threads.main)}, onnxruntime workers ${fmt(measured.threads.workers)}, V8/Chromium background threads ${fmt(measured.threads.rest)}: ${Object.entries(
        measured.threads.restByName,
      )
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([n, ms]) => `${n} ${fmt(ms)}`)
        .join(
          ', ',
        )}), plain page ${fmt(bare.otherCpu)} for the bare runs → overhead ${(((measured.engineCpu - bare.otherCpu) / bare.otherCpu) * 100).toFixed(0)} % (10 ms ticks)`,
    );
    console.log(
      `  engine page: ${HEAP ? `peak JS heap ${mb(peakHeap)} (a second run, sampled; before ${mb(heap0)}; one window's attention ${mb(windowTensors)}), ` : ''}resident memory of its process: peak ${mb(peakRss)} while the profile ran (sampled every 200 ms; before ${mb(rss0)})`,
    );
  }

  // ---- the view while a profile runs (the popup on the page, Profile tab → "Profile this text")
  if (UI === 'all' || (UI === 'mini' && which === 'mini')) {
    for (const n of SIZES) {
      const page = await browser.context.newPage();
      await page.goto(server.url('long-text.html'));
      // select the article's first paragraphs up to about n tokens
      const paras = await page.evaluate(() => [...document.querySelectorAll('article p, article blockquote')].map((e) => e.textContent));
      let count = 0;
      let last = 0;
      while (last < paras.length && count < n) count += tok(paras[last++]).input_ids.size - 2;
      await page.evaluate((k) => {
        const els = [...document.querySelectorAll('article p, article blockquote')];
        const r = document.createRange();
        r.setStartBefore(els[0]);
        r.setEndAfter(els[k - 1]);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
      }, last);
      const popup = await browser.context.newPage();
      await popup.addInitScript(() => {
        // How long the view's event loop could not run: every page of the extension shares one renderer process, so
        // the engine document's work blocks the view too — which 'longtask' (the view's own tasks only) never saw.
        window.__stalls = [];
        let due = performance.now() + 10;
        const tick = () => {
          const now = performance.now();
          if (now - due > 20) window.__stalls.push({ start: due - 10, ms: now - due + 10 });
          due = now + 10;
          setTimeout(tick, 10);
        };
        setTimeout(tick, 10);
        window.__longTasks = [];
        new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => ({ start: e.startTime, ms: e.duration })))).observe({
          type: 'longtask',
          buffered: true,
        });
      });
      await popup.setViewportSize({ width: 900, height: 800 });
      const t0 = Date.now();
      await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
      await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 900_000 });
      const analyseMs = Date.now() - t0;
      await popup.getByRole('tab', { name: 'Profile' }).evaluate((el) => el.click());
      await popup.waitForSelector('[data-testid="profile-text"]');
      const start = await popup.evaluate(() => performance.now());
      await popup.locator('[data-testid="profile-text"]').click();
      let viewHeap = 0;
      for (;;) {
        const st = await popup.evaluate(() => ({
          s: document.querySelector('[data-testid="profile-view"]')?.getAttribute('data-state'),
          heap: performance.memory?.usedJSHeapSize ?? 0,
        }));
        viewHeap = Math.max(viewHeap, st.heap);
        if (st.s === 'done' || st.s === 'error') break;
        await popup.waitForTimeout(200);
      }
      const end = await popup.evaluate(() => performance.now());
      const tasks = await popup.evaluate(({ start, end }) => window.__longTasks.filter((t) => t.start >= start && t.start <= end), { start, end });
      const stalls = await popup.evaluate(({ start, end }) => window.__stalls.filter((t) => t.start >= start && t.start <= end).map((t) => t.ms), {
        start,
        end,
      });
      const windows = await popup.locator('[data-testid="profile-summary"]').getAttribute('data-windows');
      console.log(
        `view (popup), ${count}-token selection: analysis shown after ${fmt(analyseMs)} (window 1 + the summaries of all windows); profile of ${windows} windows ${fmt(end - start)}; ` +
          `longest main-thread task while it ran ${tasks.length ? fmt(Math.max(...tasks.map((t) => t.ms))) : '< 50 ms (none reported)'} (${tasks.length} long tasks); longest time the view's event loop could not run ${fmt(Math.max(0, ...stalls))} (${stalls.filter((ms) => ms > 50).length} over 50 ms); peak JS heap of the view ${mb(viewHeap)}`,
      );
      await popup.close();
      await page.close();
    }
  }

  // ---- resident memory: loaded, idle, after the idle unload
  const loaded = engineProcess();
  const m1 = (await memory()).value;
  await engineRequest({ target: 'offscreen', type: 'engine/analyze', text: 'Idle unload test.', options: { ...options, idleUnloadMs: 4000 } });
  await new Promise((r) => setTimeout(r, 2500));
  const idle = engineProcess();
  const m2 = (await memory(true)).value; // quick: the document closes at 4 s
  await new Promise((r) => setTimeout(r, 12_000));
  // Chrome closes the offscreen document after the idle unload (its WebAssembly memory returns only so): its renderer
  // exits, or holds what other extension pages still use.
  const documents = await ext.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length);
  const m3 = documents ? (await memory()).value : null;
  // a closed document's memory leaves its renderer some seconds later (measured: 20-40 s): watch it for up to 90 s
  const closedAt = Date.now();
  let unloaded = engineProcess();
  while (!documents && unloaded && unloaded.rss > Math.max((idle?.rss ?? 0) / 2, 200 * 2 ** 20) && Date.now() - closedAt < 90_000) {
    await new Promise((r) => setTimeout(r, 1000));
    unloaded = engineProcess();
  }
  const returnedAfter = Math.round((Date.now() - closedAt) / 1000) + 12;
  const afterUnload = documents
    ? `after the idle unload (${m3.loaded ? 'still loaded!' : 'model released'}, document kept) ${mb(unloaded?.rss ?? 0)} (JS heap ${mb(m3.usedJSHeapSize ?? 0)})`
    : `after the idle unload (document closed) ${unloaded ? `${mb(unloaded.rss)} ${returnedAfter} s after the unload (the renderer lives on for other extension pages)` : '0 MB (its renderer exited)'}`;
  console.log(
    `engine document resident memory: loaded ${mb(loaded?.rss ?? 0)} (JS heap ${mb(m1.usedJSHeapSize ?? 0)}, window cache ${mb(m1.cacheBytes)}${m1.uaSpecificBytes ? `, measureUserAgentSpecificMemory ${mb(m1.uaSpecificBytes)}` : ''}), ` +
      `idle ${mb(idle?.rss ?? 0)} (JS heap ${mb(m2.usedJSHeapSize ?? 0)}), ${afterUnload}`,
  );
  if (!documents) enginePid = null; // the next model's document is a new one
}

await browser.close();
await server.close();
plainServer.close();
rmSync(dist, { recursive: true, force: true });
