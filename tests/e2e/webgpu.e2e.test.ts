// WebGPU path: headless Chromium with --enable-unsafe-webgpu exposes a software (SwiftShader) adapter.
// The engine must pick WebGPU there, and its attention must equal the WASM backend's within 1e-3.
// Runs the Chrome store package (npm run package), unzipped; AL_DIST=<build folder> runs a build instead.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AttentionResult } from '../../src/shared/attention-result';
import { launchWithExtension } from '../browser/harness.mjs';
import { unpackChromePackage } from '../browser/packaged.mjs';

let browser: Awaited<ReturnType<typeof launchWithExtension>>;
let page: Page;

beforeAll(async () => {
  browser = await launchWithExtension(process.env.AL_DIST ?? unpackChromePackage(), {
    extraArgs: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'],
  });
  page = await browser.context.newPage();
  await page.goto(browser.extUrl('src/popup/popup.html?tab=-1'));
});
afterAll(async () => browser?.close());

async function analyze(text: string, backend: 'auto' | 'webgpu' | 'wasm') {
  const res = await page.evaluate(
    async ({ t, b }) => {
      const reg = await navigator.serviceWorker.ready;
      const { port1, port2 } = new MessageChannel();
      return new Promise<{ ok: boolean; value: AttentionResult; error?: unknown }>((resolve) => {
        port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data.result); // after 'ack' / 'progress'
        reg.active!.postMessage({ target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text: t, options: { backend: b } } }, [port2]);
      });
    },
    { t: text, b: backend },
  );
  expect(res.ok, JSON.stringify(res.error)).toBe(true);
  const r = res.value;
  return { ...r, attentions: Float32Array.from((r.attentions as unknown as Record<string, number>[]).flatMap((a) => Object.values(a))) };
}

it('uses WebGPU when an adapter exists, and agrees with WASM within 1e-3', async () => {
  const hasAdapter = await page.evaluate(async () =>
    Boolean(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
  );
  expect(hasAdapter, 'this Chromium exposes a WebGPU adapter with --enable-unsafe-webgpu').toBe(true);
  const text = 'The quick brown fox jumps over the lazy dog because it was tired.';
  const gpu = await analyze(text, 'auto');
  expect(gpu.backend).toBe('webgpu');
  expect(gpu.backendNote ?? null).toBeNull();
  const cpu = await analyze(text, 'wasm');
  expect(cpu.backend).toBe('wasm');
  expect(gpu.attentions.length).toBe(cpu.attentions.length);
  let max = 0;
  for (let k = 0; k < gpu.attentions.length; k++) max = Math.max(max, Math.abs(gpu.attentions[k] - cpu.attentions[k]));
  console.log(`WebGPU vs WASM attention, n=${gpu.seqLen}: max abs diff ${max.toExponential(2)}`);
  expect(max).toBeLessThan(1e-3);
});
