import { describe, expect, it } from 'vitest';
import { scanModel } from '../../src/core/onnx/scan-model';
import { ReferenceWeightsError, loadBertWeights } from '../../src/core/reference/bert-weights';
import { bertForward } from '../../src/core/reference/bert-forward';
import { erf, gelu } from '../../src/core/reference/math';
import { type FixtureRef, fixtureBytes, fixtureRef, maxAbsDiff } from '../fixtures/onnx/helpers';

/** Reference per-layer [b,h,n,n] arrays → our [b][l][h][n][n] layout. */
function stackLayers(ref: FixtureRef, perLayer: number[][], inner: number): Float32Array {
  const [batch] = ref.inputs.input_ids.dims;
  const L = ref.numLayers;
  const out = new Float32Array(batch * L * inner);
  for (let b = 0; b < batch; b++) for (let l = 0; l < L; l++) out.set(perLayer[l].slice(b * inner, (b + 1) * inner), (b * L + l) * inner);
  return out;
}

/** [.., d, n] → [.., n, d] for each of `mats` matrices. */
function untranspose(kt: number[], mats: number, d: number, n: number): number[] {
  const out = new Array<number>(kt.length);
  for (let m = 0; m < mats; m++) for (let e = 0; e < d; e++) for (let j = 0; j < n; j++) out[m * n * d + j * d + e] = kt[m * d * n + e * n + j];
  return out;
}

describe.each(['bert_eager', 'bert_sdpa'])('reference forward pass on %s', (name) => {
  const ref = fixtureRef(name);
  // loaded inside each test: work done while the describe block is collected is never redone per mutant
  const weightsOf = () => loadBertWeights(scanModel(fixtureBytes(name)));
  const [batch, n] = ref.inputs.input_ids.dims;
  const { numHeads: h, headDim: d } = ref;

  it('infers the config from the graph alone', () => {
    const weights = weightsOf();
    expect(weights.config).toMatchObject({
      hiddenSize: 32,
      numLayers: 2,
      numHeads: 4,
      headDim: 8,
      intermediateSize: 64,
      vocabSize: 100,
      maxPositions: 32,
      typeVocabSize: 2,
      hiddenAct: 'gelu',
    });
    expect(weights.config.layerNormEps).toBeCloseTo(1e-12, 18);
  });

  it('matches torch attention, Q, K and last_hidden_state (batch with padding) within 1e-5', () => {
    const weights = weightsOf();
    const res = bertForward(
      weights,
      {
        inputIds: ref.inputs.input_ids.data,
        attentionMask: ref.inputs.attention_mask.data,
        tokenTypeIds: ref.inputs.token_type_ids.data,
        batchSize: batch,
      },
      { withQueryKey: true },
    );
    expect(res).toMatchObject({ batchSize: batch, seqLen: n, numLayers: 2, numHeads: h, headDim: d });
    expect(maxAbsDiff(res.attentions, stackLayers(ref, ref.attentions, h * n * n))).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(res.queries!, stackLayers(ref, ref.queries, h * n * d))).toBeLessThanOrEqual(1e-5);
    const keys = ref.keysTransposed.map((kt) => untranspose(kt, batch * h, d, n));
    expect(maxAbsDiff(res.keys!, stackLayers(ref, keys, h * n * d))).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(res.lastHiddenState, ref.lastHiddenState)).toBeLessThanOrEqual(1e-5);
  });

  it('a single row equals the same row run in a batch', () => {
    const weights = weightsOf();
    const ids = ref.inputs.input_ids.data.slice(n, 2 * n);
    const mask = ref.inputs.attention_mask.data.slice(n, 2 * n);
    const one = bertForward(weights, { inputIds: ids, attentionMask: mask });
    const both = bertForward(weights, {
      inputIds: ref.inputs.input_ids.data,
      attentionMask: ref.inputs.attention_mask.data,
      tokenTypeIds: ref.inputs.token_type_ids.data,
      batchSize: 2,
    });
    const per = 2 * h * n * n;
    expect(maxAbsDiff(one.attentions, both.attentions.subarray(per, 2 * per))).toBe(0);
  });
});

describe('reference weights: refusals and config', () => {
  it('refuses a quantized export with a clear message', () => {
    expect(() => loadBertWeights(scanModel(fixtureBytes('bert_quant')))).toThrow(ReferenceWeightsError);
    expect(() => loadBertWeights(scanModel(fixtureBytes('bert_quant')))).toThrow(/quantized/);
  });

  it('refuses a non-BERT graph', () => {
    expect(() => loadBertWeights(scanModel(fixtureBytes('distilbert')))).toThrow(/word_embeddings|encoder/);
  });

  it('config.json values win and are checked', () => {
    const m = scanModel(fixtureBytes('bert_eager'));
    expect(loadBertWeights(m, { num_attention_heads: 2, layer_norm_eps: 1e-5 }).config).toMatchObject({ numHeads: 2, headDim: 16, layerNormEps: 1e-5 });
    expect(() => loadBertWeights(m, { num_hidden_layers: 3 })).toThrow(/layers/);
    expect(() => loadBertWeights(m, { num_attention_heads: 5 })).toThrow(/heads/);
    expect(() => loadBertWeights(m, { hidden_act: 'relu' })).toThrow(/hidden_act/);
  });

  it('validates inputs', () => {
    const w = loadBertWeights(scanModel(fixtureBytes('bert_eager')));
    expect(() => bertForward(w, { inputIds: [1, 2, 3], batchSize: 2 })).toThrow(/batchSize/);
    expect(() => bertForward(w, { inputIds: [1, 200] })).toThrow(/vocabulary/);
    expect(() => bertForward(w, { inputIds: new Array(33).fill(1) })).toThrow(/max_position/);
    expect(() => bertForward(w, { inputIds: [1, 2], attentionMask: [1] })).toThrow(/attentionMask/);
    // BigInt64Array ids (as onnxruntime / transformers.js tensors hold them) are accepted
    const a = bertForward(w, { inputIds: BigInt64Array.from([1n, 5n, 2n]) });
    const b = bertForward(w, { inputIds: [1, 5, 2] });
    expect(a.attentions).toEqual(b.attentions);
  });
});

describe('erf / gelu', () => {
  it.each([
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [4, 0.9999999845827421],
    [5, 0.9999999999984626],
    [-0.7, -0.6778011938374184],
    [-3.2, -0.9999939742388483],
  ])('erf(%f)', (x, want) => {
    expect(Math.abs(erf(x) - want)).toBeLessThan(1e-14);
  });

  it('gelu', () => {
    expect(gelu(0)).toBe(0);
    expect(gelu(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(gelu(-1)).toBeCloseTo(-0.15865525393145707, 14);
    expect(gelu(10)).toBe(10);
  });
});
