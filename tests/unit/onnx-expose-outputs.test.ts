import { describe, expect, it } from 'vitest';
import { appendGraphOutputs, encodeOutputsRecord, exposeAttentionOutputs } from '../../src/core/onnx/expose-outputs';
import { scanModel } from '../../src/core/onnx/scan-model';
import { fixtureBytes, fixtureRef, floatData, int64Feeds, maxAbsDiff, runModel } from '../fixtures/onnx/helpers';

const RUNNABLE = [
  { name: 'bert_eager', inputs: ['input_ids', 'attention_mask', 'token_type_ids'] },
  { name: 'bert_sdpa', inputs: ['input_ids', 'attention_mask', 'token_type_ids'] },
  { name: 'distilbert', inputs: ['input_ids', 'attention_mask'] },
  { name: 'bert_quant', inputs: ['input_ids', 'attention_mask', 'token_type_ids'] },
];
const TOL = 1e-5;

describe('exposed outputs equal the torch / numpy reference', () => {
  it.each(RUNNABLE)('$name: attention, Q, Kᵀ and last_hidden_state within 1e-5', async ({ name, inputs }) => {
    const bytes = fixtureBytes(name);
    const ref = fixtureRef(name);
    const ex = exposeAttentionOutputs(bytes, { mode: 'attention+qk' });
    expect(ex.layers).toHaveLength(ref.numLayers);
    expect(ex.added).toHaveLength(3 * ref.numLayers);
    const out = await runModel(ex.bytes, int64Feeds(ref.inputs, inputs));
    const [batch, n] = ref.inputs.input_ids.dims;
    const { numHeads: h, headDim: d } = ref;
    for (let l = 0; l < ref.numLayers; l++) {
      const att = out[ex.attentionOutputs[l]];
      expect(att.dims).toEqual([batch, h, n, n]);
      expect(maxAbsDiff(floatData(att), ref.attentions[l])).toBeLessThanOrEqual(TOL);
      const q = out[ex.queryOutputs![l]];
      expect(q.dims).toEqual([batch, h, n, d]);
      expect(maxAbsDiff(floatData(q), ref.queries[l])).toBeLessThanOrEqual(TOL);
      const kt = out[ex.keyTransposedOutputs![l]];
      expect(kt.dims).toEqual([batch, h, d, n]);
      expect(maxAbsDiff(floatData(kt), ref.keysTransposed[l])).toBeLessThanOrEqual(TOL);
    }
    expect(maxAbsDiff(floatData(out.last_hidden_state), ref.lastHiddenState)).toBeLessThanOrEqual(TOL);
  });

  it('layer order matters: layer 0 of the reference does not match layer 1 of the model', async () => {
    const ref = fixtureRef('bert_eager');
    const ex = exposeAttentionOutputs(fixtureBytes('bert_eager'));
    const out = await runModel(ex.bytes, int64Feeds(ref.inputs, RUNNABLE[0].inputs));
    expect(maxAbsDiff(floatData(out[ex.attentionOutputs[1]]), ref.attentions[0])).toBeGreaterThan(1e-2);
  });
});

describe('exposeAttentionOutputs', () => {
  const bytes = fixtureBytes('bert_eager');
  const ref = fixtureRef('bert_eager');
  const feeds = () => int64Feeds(ref.inputs, RUNNABLE[0].inputs);

  it("mode 'attention' adds only the Softmax outputs and leaves the original output bit-identical", async () => {
    const ex = exposeAttentionOutputs(bytes);
    expect(ex.added).toEqual(ex.attentionOutputs);
    expect(ex.queryOutputs).toBeNull();
    expect(ex.keyTransposedOutputs).toBeNull();
    expect(ex.bytes.subarray(0, bytes.length)).toEqual(bytes); // original bytes untouched, record appended
    const [plain, exposed] = [await runModel(bytes, feeds()), await runModel(ex.bytes, feeds())];
    expect(Object.keys(exposed).sort()).toEqual(['last_hidden_state', ...ex.attentionOutputs].sort());
    expect(floatData(exposed.last_hidden_state)).toEqual(floatData(plain.last_hidden_state));
    // rows are probability distributions; padded keys of row 2 get ~0
    const a = floatData(exposed[ex.attentionOutputs[0]]);
    const n = 8;
    for (let r = 0; r < a.length / n; r++) expect(a.subarray(r * n, r * n + n).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    const row = a.subarray((1 * 4 + 0) * n * n, (1 * 4 + 0) * n * n + n); // batch 1, head 0, query 0
    expect(Math.max(...row.subarray(5))).toBe(0);
  });

  it('untyped outputs are accepted and inferred by onnxruntime', async () => {
    const ex = exposeAttentionOutputs(bytes, { elemType: 'untyped' });
    const out = await runModel(ex.bytes, feeds());
    expect(out[ex.attentionOutputs[0]].type).toBe('float32');
    expect(maxAbsDiff(floatData(out[ex.attentionOutputs[1]]), ref.attentions[1])).toBeLessThanOrEqual(TOL);
  });

  it('a wrong declared type is refused by onnxruntime (so auto typing matters)', async () => {
    const ex = exposeAttentionOutputs(bytes, { elemType: 10 /* FLOAT16 */ });
    await expect(runModel(ex.bytes, feeds())).rejects.toThrow(/type/i);
  });

  it('is idempotent: exposing an already exposed model adds nothing', () => {
    const once = exposeAttentionOutputs(bytes, { mode: 'attention+qk' });
    const twice = exposeAttentionOutputs(once.bytes, { mode: 'attention+qk' });
    expect(twice.added).toEqual([]);
    expect(twice.bytes).toBe(once.bytes);
    expect(twice.attentionOutputs).toEqual(once.attentionOutputs);
  });

  it('inPlace writes into spare room after the model instead of copying', async () => {
    const rec = encodeOutputsRecord([{ name: 'a' }]);
    const big = new Uint8Array(bytes.length + 4096);
    big.set(bytes);
    const view = big.subarray(0, bytes.length);
    const ex = exposeAttentionOutputs(view, { inPlace: true });
    expect(ex.bytes.buffer).toBe(big.buffer);
    expect(ex.bytes.byteOffset).toBe(0);
    const out = await runModel(ex.bytes, feeds());
    expect(maxAbsDiff(floatData(out[ex.attentionOutputs[0]]), ref.attentions[0])).toBeLessThanOrEqual(TOL);
    // no room → falls back to a copy
    const tight = appendGraphOutputs(bytes, [{ name: 'a' }], { inPlace: true });
    expect(tight.buffer).not.toBe(bytes.buffer);
    expect(tight.length).toBe(bytes.length + rec.length);
  });

  it('record layout: ModelProto field 7 holding GraphProto.output ValueInfos', () => {
    const rec = encodeOutputsRecord([{ name: 'p' }, { name: 'q', elemType: null }]);
    // 0x3a = field 7, wire type 2
    expect(rec[0]).toBe(0x3a);
    const s = scanModel(Uint8Array.from([...rec]));
    expect(s.outputs).toEqual([
      { name: 'p', elemType: 1, shape: null },
      { name: 'q', elemType: null, shape: null },
    ]);
    expect(s.nodes).toEqual([]);
  });

  it('propagates the fused-attention refusal', () => {
    expect(() => exposeAttentionOutputs(fixtureBytes('fused_ms_attention'))).toThrow(/com\.microsoft\.Attention.*unoptimised/s);
  });
});
