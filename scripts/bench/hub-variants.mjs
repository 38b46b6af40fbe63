// Load and inference time of every ONNX variant of a bert-base-geometry model (12 layers × 12 heads, hidden 768,
// random weights; fp32, fp16, q8, q4, q4f16, bnb4 exported the way the Xenova repositories are, by
// tests/fixtures/make_hub_fixtures.py --geometry base into models/generated/hub-bench, git-ignored, 1.16 GB), each
// downloaded through the Options page from the local Hub server and run by the extension's engine — the numbers
// behind the catalog's recommended variant per backend (src/hub/catalog.ts RECOMMENDED_VARIANT).
// Prints figures; asserts nothing.
//
//   node scripts/bench/hub-variants.mjs [--backend wasm|webgpu] [--variants q8,fp32] [--runs 3] [--dist DIR] [--no-build]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchWithExtension } from '../../tests/browser/harness.mjs';
import { startHubServer } from '../../tests/browser/hub-server.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const BACKEND = arg('backend', 'wasm');
const VARIANTS = arg('variants', 'q4f16,q8,bnb4,q4,fp16,fp32').split(',');
const RUNS = Number(arg('runs', '3'));
const BENCH = join(ROOT, 'models/generated/hub-bench');
const ID = 'test-org/base-bert-mlm';
const FILES = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  q4: 'model_q4.onnx',
  q4f16: 'model_q4f16.onnx',
  bnb4: 'model_bnb4.onnx',
};
if (!existsSync(join(BENCH, ID, 'onnx/model_bnb4.onnx'))) {
  console.log('generating bert-base-geometry variants (python3-torch, ~1 min) …');
  const r = spawnSync('/usr/bin/python3', ['tests/fixtures/make_hub_fixtures.py', '--geometry', 'base', '--archs', 'bert', '--out', BENCH], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(1);
}
let dist = arg('dist', process.env.AL_DIST);
if (!dist) {
  dist = join(ROOT, 'dist-automation');
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, AL_AUTOMATION: '1' } });
    if (b.status !== 0) process.exit(1);
  }
}

/** This script's Chromium renderer pids. */
function myRenderers() {
  const ppid = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      ppid.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      /* gone */
    }
  }
  return [...ppid.keys()].filter((pid) => {
    for (let p = pid, n = 0; p && p !== '0' && n < 32; p = ppid.get(p), n++) {
      if (p === String(process.pid)) {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
        } catch {
          return false;
        }
      }
    }
    return false;
  });
}

/** Resets the peak-RSS counters of this script's renderers. */
function resetPeaks() {
  for (const pid of myRenderers()) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      /* not allowed */
    }
  }
}

/** Peak resident memory (MB) of this script's Chromium renderers (the offscreen document's process is the largest). */
function rendererPeakMB() {
  const ppid = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      ppid.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      /* gone */
    }
  }
  let peak = 0;
  for (const pid of ppid.keys()) {
    let mine = false;
    for (let p = pid, n = 0; p && p !== '0' && n < 32; p = ppid.get(p), n++) if (p === String(process.pid)) mine = true;
    if (!mine) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    } catch {
      /* gone */
    }
  }
  return Math.round(peak);
}

const hub = await startHubServer(BENCH);
const extraArgs = BACKEND === 'webgpu' ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'] : [];
const browser = await launchWithExtension(dist, { extraArgs });
const page = await browser.context.newPage();
await page.goto(browser.extUrl('src/options/options.html'));
await page.locator('[data-testid="active-model"]').waitFor();
await page.locator('details.opt-advanced summary').click();
await page.locator('[data-testid="hub-host"]').fill(hub.host);
await page.locator('[data-testid="hub-host-save"]').click();
await page.locator('[data-testid="model-custom"] input[type="radio"]').check();
await page.locator('[data-testid="hub-id"]').fill(ID);

// Warm-up: the offscreen document and onnxruntime's wasm start once, with the built-in model, before any variant.
{
  const warm = await page.evaluate(
    async (backend) =>
      chrome.runtime.sendMessage({
        target: 'background',
        type: 'engine/ensure',
        backend,
        model: {
          model: { id: 'attention-lens-mini', source: 'bundled', variant: 'fp32', revision: 'main' },
          hubHost: 'https://huggingface.co',
          maxTokens: 512,
        },
      }),
    BACKEND,
  );
  if (!warm?.ok) console.log(`warm-up failed: ${JSON.stringify(warm?.error)}`);
}

const text = (n) =>
  Array.from({ length: n - 2 }, (_, i) => ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'while', 'birds', 'sing'][i % 12]).join(' ');
const rows = [];
for (const variant of VARIANTS) {
  await page.locator(`[data-testid="variant-${variant}"]`).click();
  const dl = page.locator('[data-testid="download"]');
  if (await dl.count()) {
    await dl.click();
    await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-testid="status"]')?.getAttribute('data-kind') ?? ''), null, {
      timeout: 600_000,
    });
    const st = page.locator('[data-testid="status"]');
    if ((await st.getAttribute('data-kind')) !== 'done') {
      console.log(`${variant}: download failed: ${await st.innerText()}`);
      continue;
    }
  }
  const model = { model: { id: ID, source: 'hub', variant, revision: 'main' }, hubHost: hub.host, maxTokens: 512 };
  resetPeaks();
  const ensure = await page.evaluate(
    async ({ model, backend }) => {
      const t0 = performance.now();
      const res = await chrome.runtime.sendMessage({ target: 'background', type: 'engine/ensure', model, backend });
      return { res, ms: performance.now() - t0 };
    },
    { model, backend: BACKEND },
  );
  if (!ensure.res?.ok) {
    console.log(`${variant}: load failed: ${JSON.stringify(ensure.res?.error)}`);
    rows.push({ variant, error: ensure.res?.error?.message });
    continue;
  }
  const s = ensure.res.value;
  const infer = async (n) => {
    const r = await page.evaluate(
      async ({ text, model, backend }) => {
        const reg = await navigator.serviceWorker.ready;
        const { port1, port2 } = new MessageChannel();
        const res = await new Promise((resolve) => {
          port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data.result);
          reg.active.postMessage({ target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text, options: { backend, model } } }, [
            port2,
          ]);
        });
        return res.ok ? { n: res.value.seqLen, ms: res.value.timings.inferenceMs, backend: res.value.backend } : { error: res.error };
      },
      { text: text(n), model, backend: BACKEND },
    );
    if (r.error) throw new Error(JSON.stringify(r.error));
    return r;
  };
  const times128 = [];
  let ran = '';
  try {
    for (let i = 0; i < RUNS; i++) {
      const r = await infer(128);
      times128.push(r.ms);
      ran = r.backend;
    }
    const r512 = await infer(512);
    const sorted = [...times128].sort((a, b) => a - b);
    rows.push({
      variant,
      fileMB: (statSync(join(BENCH, ID, 'onnx', FILES[variant])).size / 1e6).toFixed(1),
      backend: ran,
      note: s.backendNote ?? '',
      loadMs: s.loadMs,
      phases: s.loadPhases,
      first128: Math.round(times128[0]),
      median128: Math.round(sorted[Math.floor(sorted.length / 2)]),
      ms512: Math.round(r512.ms),
      peakRendererMB: rendererPeakMB(),
    });
  } catch (err) {
    rows.push({ variant, loadMs: s.loadMs, error: String(err).slice(0, 300) });
  }
  console.log(JSON.stringify(rows.at(-1)));
}
console.log(
  `\nbert-base geometry on ${BACKEND} (${rows[0]?.note ?? ''}); load = cache read + graph edit + session; inference at 128 tokens (first, median of ${RUNS}) and 512:`,
);
console.log('variant  file MB  load ms  first@128  median@128  @512   load+median@128');
for (const r of rows) {
  if (r.error) console.log(`${r.variant.padEnd(8)} error: ${r.error}`);
  else
    console.log(
      `${r.variant.padEnd(8)} ${String(r.fileMB).padStart(7)} ${String(r.loadMs).padStart(8)} ${String(r.first128).padStart(10)} ${String(r.median128).padStart(11)} ${String(r.ms512).padStart(6)} ${String(r.loadMs + r.median128).padStart(12)}`,
    );
}
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
await browser.close();
await hub.close();
