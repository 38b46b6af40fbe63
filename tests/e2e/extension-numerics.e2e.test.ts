// What the extension returns (onnxruntime-web in the offscreen document, graph edited, tensors sent
// over extension messaging) against the independent plain-TypeScript forward pass of the same
// weights, run here in Node. Several inputs, 1e-4 max abs. Runs the Chrome store package (npm run package), unzipped;
// AL_DIST=<build folder> runs a build instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scanModel } from '../../src/core/onnx/scan-model';
import { bertForward } from '../../src/core/reference/bert-forward';
import { loadBertWeights } from '../../src/core/reference/bert-weights';
import type { AttentionResult } from '../../src/shared/attention-result';
import { launchWithExtension, ROOT } from '../browser/harness.mjs';
import { unpackChromePackage } from '../browser/packaged.mjs';
import type { RawConfig } from '../../src/core/model/config';

const MODEL_DIR = join(ROOT, 'models/attention-lens-mini');
const TEXTS = [
  'Hello world.',
  'The quick brown fox jumps over the lazy dog because it was tired of running all day.',
  'Café owners in Zürich say naïve tourists rarely tip; 東京 and Москва are far away. 😀',
  'When the committee published its report, the researchers who had collected the data were surprised by how strongly the results supported their original hypothesis, and unbelievably, the blueberries agreed.',
];

let browser: Awaited<ReturnType<typeof launchWithExtension>>;
let page: Awaited<ReturnType<typeof browser.context.newPage>>;

beforeAll(async () => {
  browser = await launchWithExtension(process.env.AL_DIST ?? unpackChromePackage());
  page = await browser.context.newPage();
  await page.goto(browser.extUrl('src/popup/popup.html?tab=-1'));
  await page.evaluate(() => chrome.runtime.sendMessage({ target: 'background', type: 'engine/ensure' }));
});
afterAll(async () => browser?.close());

const weights = loadBertWeights(
  scanModel(new Uint8Array(readFileSync(join(MODEL_DIR, 'onnx/model.onnx')))),
  JSON.parse(readFileSync(join(MODEL_DIR, 'config.json'), 'utf8')) as RawConfig,
);

it.each(TEXTS)('extension attention equals the TypeScript reference: %s', async (text) => {
  // The views' path: a MessagePort brokered by the service worker, buffers transferred.
  const res = await page.evaluate(async (t) => {
    const reg = await navigator.serviceWorker.ready;
    const { port1, port2 } = new MessageChannel();
    // The engine posts 'ack', then 'progress' while loading, then one 'done' with the result.
    return new Promise<{ ok: boolean; value: unknown; error?: unknown }>((resolve) => {
      port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data.result);
      reg.active!.postMessage({ target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text: t, options: { withQK: true } } }, [port2]);
    });
  }, text);
  expect(res.ok, JSON.stringify(res.error)).toBe(true);
  const r = res.value as AttentionResult;
  // Playwright hands typed arrays back as plain objects: rebuild them (one per layer, packed here as the reference is).
  const attentions = Float32Array.from((r.attentions as unknown as Record<string, number>[]).flatMap((a) => Object.values(a)));
  const ids = r.tokens.map((t) => t.id);
  const ref = bertForward(weights, { inputIds: ids, tokenTypeIds: r.tokens.map((t) => t.segment) }, { withQueryKey: true });
  expect(r.numLayers).toBe(ref.numLayers);
  expect(r.numHeads).toBe(ref.numHeads);
  expect(attentions.length).toBe(ref.attentions.length);
  let max = 0;
  for (let k = 0; k < attentions.length; k++) max = Math.max(max, Math.abs(attentions[k] - ref.attentions[k]));
  console.log(`n=${ids.length}: max |extension − reference| = ${max.toExponential(2)}`);
  expect(max).toBeLessThan(1e-4);
  // Rows are probability distributions.
  const n = ids.length;
  for (let row = 0; row < attentions.length / n; row += 7) {
    let s = 0;
    for (let j = 0; j < n; j++) s += attentions[row * n + j];
    expect(Math.abs(s - 1)).toBeLessThan(1e-4);
  }
});
