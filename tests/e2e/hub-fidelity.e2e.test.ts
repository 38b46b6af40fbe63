// Every Hub export style end to end in Chromium: the Options page downloads it from the local Hub server (302 → CDN,
// commit-pinned, chunked Cache Storage), the engine in the offscreen document reads it from the cache, edits the graph
// and runs it, and its attention and Q/K equal the torch reference of tests/fixtures/make_hub_fixtures.py at the
// variant's tolerance (fp32 1e-5; q8 / q4 / bnb4 1e-4 against their dequantized weights; fp16 / q4f16 3e-3, float16
// tensors converted). The popup's heatmap of the fp16 export ranks the same top tokens as fp32's.
// The WebGPU block runs the same in Chromium's SwiftShader adapter (--enable-unsafe-webgpu; no shader-f16) and
// reports which backend each variant really ran on (float16 graphs: WebAssembly, where the adapter lacks shader-f16).
// Runs the Chrome store package (npm run package), unzipped, with the test host permission for the local text page
// (tests/browser/packaged.mjs); AL_DIST=<build folder> runs a build instead:
//   AL_DIST=/tmp/al-hub npx vitest run -c vitest.e2e.config.ts tests/e2e/hub-fidelity.e2e.test.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AttentionResult } from '../../src/shared/attention-result';
import { launchWithExtension, servePages, tabIdOf } from '../browser/harness.mjs';
import { unpackChromePackage } from '../browser/packaged.mjs';
import { hubFixtureRoot, startHubServer, type HubServer } from '../browser/hub-server.mjs';
import { HUB_FIXTURES, HUB_TOLERANCE, HUB_VARIANTS, hubFixtureRef, maxAbs, type HubFixtureRef, type HubVariant } from '../fixtures/hub/helpers';

type Browser = Awaited<ReturnType<typeof launchWithExtension>>;
const dist = () => process.env.AL_DIST ?? unpackChromePackage({ testHost: true });
type Backend = 'wasm' | 'webgpu';

const REFS = Object.fromEntries(HUB_FIXTURES.map((n) => [n, hubFixtureRef(n)])) as Record<string, HubFixtureRef>;
const summary: string[] = [];
afterAll(() => console.log(`hub fidelity in Chromium, max |engine − torch|:\n  ${summary.join('\n  ')}`));

const floats = (v: unknown) => (v instanceof Float32Array ? v : Float32Array.from(Object.values(v as Record<string, number>)));

/** The Options page, pointed at the local Hub. */
async function optionsPage(browser: Browser, hub: HubServer): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.extUrl('src/options/options.html'));
  await page.locator('[data-testid="active-model"]').waitFor();
  await page.locator('details.opt-advanced summary').click();
  await page.locator('[data-testid="hub-host"]').fill(hub.host);
  await page.locator('[data-testid="hub-host-save"]').click();
  await page.locator('[data-testid="hub-host-note"]').waitFor();
  return page;
}

/** Downloads one variant through the Options page UI; returns its status line. */
async function download(page: Page, id: string, variant: HubVariant): Promise<string> {
  await page.locator('[data-testid="model-custom"] input[type="radio"]').check();
  const field = page.locator('[data-testid="hub-id"]');
  if ((await field.inputValue()) !== id) await field.fill(id);
  await page.locator(`[data-testid="variant-${variant}"]`).click();
  await page.locator('[data-testid="download"]').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-testid="status"]')?.getAttribute('data-kind') ?? ''), null, {
    timeout: 120_000,
  });
  const st = page.locator('[data-testid="status"]');
  const text = await st.innerText();
  expect(await st.getAttribute('data-kind'), text).toBe('done');
  return text;
}

/** The engine (offscreen document) on one text, through the views' MessagePort path. */
async function analyze(page: Page, hub: HubServer, id: string, variant: HubVariant, text: string, backend: Backend) {
  const res = await page.evaluate(
    async ({ text, spec, backend }) => {
      const reg = await navigator.serviceWorker.ready;
      const { port1, port2 } = new MessageChannel();
      return new Promise<{ kind: string; result: { ok: boolean; value: unknown; error?: { message?: string } } }>((resolve) => {
        port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data);
        reg.active!.postMessage(
          { target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text, options: { withQK: true, backend, model: spec } } },
          [port2],
        );
      });
    },
    { text, backend, spec: { model: { id, source: 'hub', variant, revision: 'main' }, hubHost: hub.host, maxTokens: 512 } },
  );
  return res.result.ok
    ? { ok: true as const, value: res.result.value as AttentionResult }
    : { ok: false as const, message: res.result.error?.message ?? JSON.stringify(res.result.error) };
}

/**
 * Runs every case of every variant of every style; returns what each variant ran on ("wasm", "webgpu", or the
 * error). `mayFail(variant, message)`: an error the caller accepts (and reports) instead of failing.
 */
async function checkAll(page: Page, hub: HubServer, backend: Backend, mayFail: (v: HubVariant, message: string) => boolean = () => false) {
  const ran: Record<string, string> = {};
  for (const name of HUB_FIXTURES) {
    const ref = REFS[name];
    for (const variant of HUB_VARIANTS) {
      await download(page, ref.id, variant);
      let att = 0;
      let qk = 0;
      let qkScale = 1;
      let r: AttentionResult | null = null;
      let error: string | null = null;
      for (const c of ref.cases) {
        const got = await analyze(page, hub, ref.id, variant, c.text, backend);
        if (!got.ok) {
          error = got.message;
          expect(mayFail(variant, got.message), `${name} ${variant}: ${got.message}`).toBe(true);
          break;
        }
        r = got.value;
        expect(r.tokens.map((t) => t.id)).toEqual(c.ids);
        expect([r.numLayers, r.numHeads, r.headDim]).toEqual([ref.numLayers, ref.numHeads, ref.headDim]);
        const want = c.references[ref.variantReference[variant]];
        att = Math.max(att, maxAbs(Float32Array.from((r.attentions as unknown[]).flatMap((a) => Array.from(floats(a)))), want.attentions));
        qk = Math.max(qk, maxAbs(floats(r.queries), want.queries), maxAbs(floats(r.keys), want.keys));
        for (const v of [...want.queries, ...want.keys]) qkScale = Math.max(qkScale, Math.abs(v));
      }
      if (error) {
        ran[`${name}/${variant}`] = `error: ${error}`;
        summary.push(`[${backend}] ${name} ${variant.padEnd(5)} FAILED (accepted, see report): ${error}`);
        continue;
      }
      ran[`${name}/${variant}`] = `${r!.backend}${r!.backendNote ? ` (${r!.backendNote})` : ''}`;
      summary.push(
        `[${backend}] ${name} ${variant.padEnd(5)} ran on ${ran[`${name}/${variant}`]}: attention ${att.toExponential(2)}, Q/K ${qk.toExponential(2)} (≤ ${HUB_TOLERANCE[variant]}${qkScale > 1 ? ` × ${qkScale.toFixed(1)}` : ''})`,
      );
      expect(att, `${name} ${variant} attention`).toBeLessThanOrEqual(HUB_TOLERANCE[variant]);
      expect(qk, `${name} ${variant} Q/K`).toBeLessThanOrEqual(HUB_TOLERANCE[variant] * qkScale);
    }
  }
  return ran;
}

describe('WebAssembly (2 threads)', () => {
  let browser: Browser;
  let hub: HubServer;
  let page: Page;
  let pages: Awaited<ReturnType<typeof servePages>>;
  let pageDir: string;

  beforeAll(async () => {
    hub = await startHubServer(hubFixtureRoot());
    browser = await launchWithExtension(dist());
    page = await optionsPage(browser, hub);
    pageDir = mkdtempSync(join(tmpdir(), 'attention-lens-fidelity-'));
    const paras = HUB_FIXTURES.flatMap((n) => REFS[n].cases.map((c, i) => `<p id="${n}-${i}">${c.text}</p>`)).join('\n');
    writeFileSync(join(pageDir, 'texts.html'), `<!doctype html><meta charset="utf-8"><title>texts</title>${paras}`);
    pages = await servePages(pageDir);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await pages?.close();
    if (pageDir) rmSync(pageDir, { recursive: true, force: true });
  });

  it('every style × variant: downloaded, read from the cache, attention and Q/K equal the torch reference', async () => {
    const ran = await checkAll(page, hub, 'wasm');
    expect(Object.values(ran).every((b) => b.startsWith('wasm'))).toBe(true);
  }, 600_000);

  it('the popup heatmap of fp16 ranks the same top tokens as fp32 (every style)', async () => {
    const text = await browser.context.newPage();
    await text.goto(pages.url('texts.html'));
    const tab = await tabIdOf(browser.worker, text);
    const heat = async (name: string, caseIndex: number, variant: HubVariant) => {
      await browser.worker.evaluate(
        async ({ model, hubHost }) => {
          const { settings } = await chrome.storage.local.get('settings');
          await chrome.storage.local.set({ settings: { ...(settings as object), model, hubHost, backend: 'wasm' } });
        },
        { model: { id: REFS[name].id, source: 'hub', variant, revision: 'main' }, hubHost: hub.host },
      );
      await text.evaluate((pid) => {
        const r = document.createRange();
        r.selectNodeContents(document.getElementById(pid)!);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(r);
      }, `${name}-${caseIndex}`);
      const popup = await browser.context.newPage();
      await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${tab}`));
      await popup.locator('[data-testid="lens-result"]').waitFor({ timeout: 60_000 });
      expect(await popup.locator('[data-testid="attention-panel"] .al-model-id').innerText()).toBe(REFS[name].id);
      const cells = await popup
        .locator('[data-testid="heat-cell"]')
        .evaluateAll((els) =>
          els.map((e) => ({ token: e.getAttribute('data-token')!, index: Number(e.getAttribute('data-index')), score: Number(e.getAttribute('data-score')) })),
        );
      await popup.close();
      return cells;
    };
    for (const name of HUB_FIXTURES) {
      for (let i = 0; i < REFS[name].cases.length; i++) {
        const a = await heat(name, i, 'fp32');
        const b = await heat(name, i, 'fp16');
        expect(b.map((c) => c.token)).toEqual(a.map((c) => c.token));
        const order = (cells: typeof a) => [...cells].sort((x, y) => y.score - x.score || x.index - y.index).map((c) => c.index);
        const k = 5;
        const top = (cells: typeof a) => order(cells).slice(0, k);
        const gap = Math.min(
          ...order(a)
            .slice(0, k)
            .map((idx, j, arr) => (j + 1 < arr.length ? a[idx].score - a[arr[j + 1]].score : Infinity)),
        );
        const diff = maxAbs(
          a.map((c) => c.score),
          b.map((c) => c.score),
        );
        summary.push(
          `[heatmap] ${name} case ${i}: top ${k} fp32 ${top(a)
            .map((j) => a[j].token)
            .join(' ')} | fp16 ${top(b)
            .map((j) => b[j].token)
            .join(' ')}; max |Δscore| ${diff.toExponential(1)}, smallest gap in fp32's top ${k}: ${gap.toExponential(1)}`,
        );
        expect(top(b)).toEqual(top(a));
      }
    }
    await text.close();
  }, 600_000);
});

describe('WebGPU (Chromium SwiftShader adapter, no shader-f16)', () => {
  let browser: Browser;
  let hub: HubServer;
  let page: Page;

  beforeAll(async () => {
    hub = await startHubServer(hubFixtureRoot());
    browser = await launchWithExtension(dist(), { extraArgs: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'] });
    page = await optionsPage(browser, hub);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('every style × variant on the WebGPU backend: equal to the torch reference; which backend ran is reported', async () => {
    const adapter = await page.evaluate(async () => {
      const gpu = (
        navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: Set<string>; info?: { vendor?: string; architecture?: string } } | null> } }
      ).gpu;
      const a = await gpu?.requestAdapter();
      return a ? { features: [...a.features], vendor: a.info?.vendor ?? '', architecture: a.info?.architecture ?? '' } : null;
    });
    expect(adapter, 'this Chromium exposes a WebGPU adapter with --enable-unsafe-webgpu').not.toBeNull();
    summary.push(`[webgpu] adapter ${adapter!.vendor} ${adapter!.architecture}; shader-f16: ${adapter!.features.includes('shader-f16')}`);
    // float16 graphs on an adapter without shader-f16: onnxruntime-web 1.30 would create the WebGPU session and fail
    // at its first run ("Program Gather requires f16 but the device does not support it"); the engine checks the
    // adapter feature first (src/engine/session.ts) and runs them on WebAssembly with a note that says why.
    const f16 = (v: HubVariant) => v === 'fp16' || v === 'q4f16';
    const hasF16 = adapter!.features.includes('shader-f16');
    const ran = await checkAll(page, hub, 'webgpu');
    // float32 graphs (fp32, q8, q4, bnb4) run on WebGPU itself (onnxruntime places the ops WebGPU lacks on the CPU)
    for (const name of HUB_FIXTURES) for (const v of HUB_VARIANTS.filter((x) => !f16(x))) expect(ran[`${name}/${v}`], `${name}/${v}`).toMatch(/^webgpu/);
    for (const name of HUB_FIXTURES)
      for (const v of HUB_VARIANTS.filter(f16))
        expect(ran[`${name}/${v}`], `${name}/${v}`).toMatch(hasF16 ? /^webgpu/ : /^wasm \(WebAssembly: this float16 model needs shader-f16/);
  }, 600_000);
});
