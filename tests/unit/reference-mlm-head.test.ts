// The TypeScript masked-LM head (src/core/reference/mlm-forward.ts, loadMlmHead) — the reference the engine's
// fill-mask predictions are checked against — against two independent references: onnxruntime-web running the
// Hub-style BertForMaskedLM fixture (its `logits` output, every position), and a hand-worked 2 → 3 head.
import { describe, expect, it } from 'vitest';
import type * as ortTypes from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanModel } from '../../src/core/onnx/scan-model';
import { loadBertWeights, loadMlmHead, ReferenceWeightsError, type MlmHeadWeights } from '../../src/core/reference/bert-weights';
import { bertForward } from '../../src/core/reference/bert-forward';
import { mlmLogits } from '../../src/core/reference/mlm-forward';
import { HUB_FIXTURE_ROOT, hubFixtureFile, hubFixtureRef, maxAbs } from '../fixtures/hub/helpers';
import { fixtureBytes, ortRuntime } from '../fixtures/onnx/helpers';

const ID = 'test-org/tiny-bert-mlm';
const config = () => JSON.parse(readFileSync(join(HUB_FIXTURE_ROOT, ID, 'config.json'), 'utf8')) as Record<string, unknown>;

describe('masked-LM head of a Hub BertForMaskedLM export', () => {
  it('reads the head: hidden 32 → 32 transform, LayerNorm, tied decoder 32 → 2,867 with its bias', () => {
    const head = loadMlmHead(scanModel(hubFixtureFile(ID, 'onnx/model.onnx')), config());
    expect(head.hiddenAct).toBe('gelu');
    expect([head.transform.inFeatures, head.transform.outFeatures]).toEqual([32, 32]);
    expect([head.decoder.inFeatures, head.decoder.outFeatures]).toEqual([32, 2867]);
    expect(head.decoder.weight).toHaveLength(32 * 2867);
    expect(head.decoder.bias).toHaveLength(2867);
    expect(head.layerNorm.gamma).toHaveLength(32);
    expect(head.layerNorm.eps).toBe(1e-12);
  });

  it('BERT weights under the /bert prefix give the torch attention of the fixture (config.json values applied)', () => {
    const ref = hubFixtureRef('tiny-bert-mlm');
    const w = loadBertWeights(scanModel(hubFixtureFile(ID, 'onnx/model.onnx')), config());
    expect(w.config).toMatchObject({ hiddenSize: 32, numLayers: 2, numHeads: 4, headDim: 8, intermediateSize: 64, vocabSize: 2867, maxPositions: 64 });
    for (const c of ref.cases) {
      const out = bertForward(w, { inputIds: c.ids, tokenTypeIds: c.typeIds });
      expect(maxAbs(out.attentions, c.references.fp32.attentions)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('logits at every position equal onnxruntime-web running the same file', async () => {
    const bytes = hubFixtureFile(ID, 'onnx/model.onnx');
    const scanned = scanModel(bytes);
    const w = loadBertWeights(scanned, config());
    const head = loadMlmHead(scanned, config());
    const ort: typeof ortTypes = ortRuntime();
    const session = await ort.InferenceSession.create(bytes);
    try {
      for (const c of hubFixtureRef('tiny-bert-mlm').cases) {
        const n = c.ids.length;
        const all: Record<string, number[]> = { input_ids: c.ids, attention_mask: c.ids.map(() => 1), token_type_ids: c.typeIds };
        const feeds: Record<string, ortTypes.Tensor> = {};
        for (const input of session.inputNames) feeds[input] = new ort.Tensor('int64', BigInt64Array.from(all[input], BigInt), [1, n]);
        const logits = (await session.run(feeds)).logits;
        expect(logits.dims).toEqual([1, n, 2867]);
        const want = logits.data as Float32Array;
        const hidden = bertForward(w, { inputIds: c.ids, tokenTypeIds: c.typeIds }).lastHiddenState;
        let worst = 0;
        for (let p = 0; p < n; p++) {
          const got = mlmLogits(head, hidden.subarray(p * 32, (p + 1) * 32));
          expect(got).toHaveLength(2867);
          worst = Math.max(worst, maxAbs(got, want.subarray(p * 2867, (p + 1) * 2867)));
          // the argmax (what the views show first) is the same token
          expect(argmax(got)).toBe(argmax(want.subarray(p * 2867, (p + 1) * 2867)));
        }
        expect(worst).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await session.release();
    }
  });

  it('gelu_new in config.json selects the tanh GELU, and the logits change with it', () => {
    const scanned = scanModel(hubFixtureFile(ID, 'onnx/model.onnx'));
    const erfHead = loadMlmHead(scanned, config());
    const tanhHead = loadMlmHead(scanned, { ...config(), hidden_act: 'gelu_new' });
    expect(tanhHead.hiddenAct).toBe('gelu_tanh');
    expect(loadMlmHead(scanned, { ...config(), hidden_act: 'gelu_pytorch_tanh' }).hiddenAct).toBe('gelu_tanh');
    const h = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i) * 2);
    const d = maxAbs(mlmLogits(erfHead, h), mlmLogits(tanhHead, h));
    expect(d).toBeGreaterThan(1e-7);
    expect(d).toBeLessThan(0.1);
  });

  it('config.json layer_norm_eps wins over the graph’s', () => {
    const head = loadMlmHead(scanModel(hubFixtureFile(ID, 'onnx/model.onnx')), { ...config(), layer_norm_eps: 1e-3 });
    expect(head.layerNorm.eps).toBe(1e-3);
  });

  it('refuses an unknown activation and an export without a masked-LM head, naming what is missing', () => {
    const scanned = scanModel(hubFixtureFile(ID, 'onnx/model.onnx'));
    expect(() => loadMlmHead(scanned, { hidden_act: 'relu' })).toThrow(/unsupported hidden_act "relu"/);
    const plain = scanModel(fixtureBytes('bert_eager'));
    expect(() => loadMlmHead(plain)).toThrow(ReferenceWeightsError);
    expect(() => loadMlmHead(plain)).toThrow(/no \/cls\/predictions\/transform\/dense scope/);
  });
});

/** A 2 → 3 head with round numbers, worked by hand (two hidden units normalise to ±1 whatever the activation, so
 * the activation choice is checked on the fixture above). */
function tinyHead(hiddenAct: MlmHeadWeights['hiddenAct']): MlmHeadWeights {
  return {
    // weight [in, out] row-major: out0 = 1·h0 + 0·h1 + 0.5, out1 = 0·h0 + 2·h1 − 1
    transform: { inFeatures: 2, outFeatures: 2, weight: Float32Array.from([1, 0, 0, 2]), bias: Float32Array.from([0.5, -1]) },
    layerNorm: { gamma: Float32Array.from([2, 1]), beta: Float32Array.from([0, 3]), eps: 0 },
    decoder: { inFeatures: 2, outFeatures: 3, weight: Float32Array.from([1, 0, -1, 0, 1, 2]), bias: Float32Array.from([0, 10, 0]) },
    hiddenAct,
  } as MlmHeadWeights;
}

describe('mlmLogits, worked by hand', () => {
  it('dense → GELU → LayerNorm → decoder + bias', () => {
    // h = [1.5, 2]: dense → [2, 3]; gelu(2) = 1.9544997361036416, gelu(3) = 2.99595030590511 (Python's math.erf)
    const g2 = 1.9544997361036416;
    const g3 = 2.99595030590511;
    const mean = (g2 + g3) / 2;
    const sd = Math.abs(g3 - g2) / 2; // two values: each sits one standard deviation from the mean
    const x0 = ((g2 - mean) / sd) * 2 + 0; // −2
    const x1 = ((g3 - mean) / sd) * 1 + 3; // 4
    expect([x0, x1].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([-2, 4]);
    const got = mlmLogits(tinyHead('gelu'), [1.5, 2]);
    // decoder: v0 = x0, v1 = x1 + 10, v2 = −x0 + 2·x1
    expect(got).toBeInstanceOf(Float64Array);
    expect(Array.from(got, (v) => Math.round(v * 1e9) / 1e9)).toEqual([-2, 14, 10]);
  });

  it('the LayerNorm epsilon enters the scale', () => {
    const head = tinyHead('gelu');
    head.layerNorm.eps = 3; // variance of [g2, g3] is (0.5208…)²; with eps 3: scale 1/√(0.2712… + 3)
    const g2 = 1.9544997361036416;
    const g3 = 2.99595030590511;
    const v = ((g3 - g2) / 2) ** 2;
    const inv = 1 / Math.sqrt(v + 3);
    const x0 = -((g3 - g2) / 2) * inv * 2;
    const x1 = ((g3 - g2) / 2) * inv + 3;
    const got = mlmLogits(head, [1.5, 2]);
    expect(got[0]).toBeCloseTo(x0, 12);
    expect(got[1]).toBeCloseTo(x1 + 10, 12);
    expect(got[2]).toBeCloseTo(-x0 + 2 * x1, 12);
  });
});

function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}
