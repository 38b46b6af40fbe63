// The Hub-style fixtures (tests/fixtures/make_hub_fixtures.py: *ForMaskedLM exports as fp32, fp16, q8, q4,
// q4f16, bnb4) through the engine's graph edit and onnxruntime-web (WASM, in Node), against their torch
// references: every variant loads (MatMulNBits and MatMulBnb4 included), exposes one Softmax per layer with Q and
// Kᵀ, and matches at its tolerance. The Chromium path (download → cache → engine → views) is
// tests/e2e/hub-fidelity.e2e.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import type * as ortTypes from 'onnxruntime-web';
import { outputAsFloat32 } from '../../src/core/attention/float16';
import { untransposeKeys } from '../../src/core/attention/pack';
import { exposeAttentionOutputs } from '../../src/core/onnx/expose-outputs';
import { scanModel } from '../../src/core/onnx/scan-model';
import { HUB_FIXTURES, HUB_TOLERANCE, HUB_VARIANTS, hubFixtureFile, hubFixtureRef, maxAbs, type HubVariant } from '../fixtures/hub/helpers';
import { ortRuntime } from '../fixtures/onnx/helpers';

const summary: string[] = [];
afterAll(() => console.log(`hub fixtures, max |onnxruntime-web − torch| (attention, Q/K):\n  ${summary.join('\n  ')}`));

const OPS: Partial<Record<HubVariant, string>> = { q8: 'MatMulInteger', q4: 'MatMulNBits', q4f16: 'MatMulNBits', bnb4: 'MatMulBnb4' };

describe.each(HUB_FIXTURES)('%s', (name) => {
  const ref = hubFixtureRef(name);
  it.each(HUB_VARIANTS)('%s', async (variant) => {
    const bytes = hubFixtureFile(ref.id, ref.variantFiles[variant]);
    const scanned = scanModel(bytes);
    expect(scanned.outputs.map((o) => o.name)).toEqual(['logits']);
    if (OPS[variant]) expect(scanned.nodes.some((n) => n.opType === OPS[variant])).toBe(true);
    const exposed = exposeAttentionOutputs(bytes, { mode: 'attention+qk', scanned });
    expect(exposed.layers).toHaveLength(ref.numLayers);
    const ort: typeof ortTypes = ortRuntime();
    const session = await ort.InferenceSession.create(exposed.bytes);
    const L = ref.numLayers;
    const H = ref.numHeads;
    const d = ref.headDim;
    let att = 0;
    let qk = 0;
    let qkScale = 1;
    try {
      for (const c of ref.cases) {
        const n = c.ids.length;
        const all: Record<string, number[]> = { input_ids: c.ids, attention_mask: c.ids.map(() => 1), token_type_ids: c.typeIds };
        const feeds: Record<string, ortTypes.Tensor> = {};
        for (const input of session.inputNames) feeds[input] = new ort.Tensor('int64', BigInt64Array.from(all[input], BigInt), [1, n]);
        const out = await session.run(feeds);
        const r = c.references[ref.variantReference[variant]];
        for (const v of [...r.queries, ...r.keys]) qkScale = Math.max(qkScale, Math.abs(v));
        for (let l = 0; l < L; l++) {
          const a = out[exposed.attentionOutputs[l]];
          if (variant === 'fp16' || variant === 'q4f16') expect(a.type).toBe('float16');
          else expect(a.type).toBe('float32');
          const f = (t: ortTypes.Tensor) => outputAsFloat32(t.type, t.data as ArrayLike<number>);
          att = Math.max(att, maxAbs(f(a), r.attentions.slice(l * H * n * n, (l + 1) * H * n * n)));
          qk = Math.max(qk, maxAbs(f(out[exposed.queryOutputs![l]]), r.queries.slice(l * H * n * d, (l + 1) * H * n * d)));
          const k = untransposeKeys(f(out[exposed.keyTransposedOutputs![l]]), H, d, n);
          qk = Math.max(qk, maxAbs(k, r.keys.slice(l * H * n * d, (l + 1) * H * n * d)));
        }
      }
    } finally {
      await session.release();
    }
    summary.push(
      `${name} ${variant.padEnd(5)} attention ${att.toExponential(2)}  Q/K ${qk.toExponential(2)} (max |Q|,|K| ${qkScale.toFixed(2)})  (≤ ${HUB_TOLERANCE[variant]})`,
    );
    expect(att).toBeLessThanOrEqual(HUB_TOLERANCE[variant]);
    // Q and K are activations, not probabilities: the bound scales with their largest magnitude (when above 1).
    expect(qk).toBeLessThanOrEqual(HUB_TOLERANCE[variant] * qkScale);
  });
});
