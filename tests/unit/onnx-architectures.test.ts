// locateAttention / exposeAttentionOutputs on other BERT-family architectures, exported by torch with
// Hugging Face module trees (tests/fixtures/make_arch_fixtures.py): RoBERTa, XLM-R (SDPA export),
// ALBERT (one shared layer unrolled; weights aliased by Identity nodes, or tied directly), ELECTRA (embeddings_project), MiniLM ((Q·Kᵀ) * scaling).
import { describe, expect, it } from 'vitest';
import { exposeAttentionOutputs } from '../../src/core/onnx/expose-outputs';
import { type GraphIndex, indexGraph } from '../../src/core/onnx/graph-index';
import { type ScaleKind, locateAttention } from '../../src/core/onnx/locate-attention';
import { type ScannedModel, scanModel } from '../../src/core/onnx/scan-model';
import { fixtureBytes, fixtureRef, floatData, int64Feeds, maxAbsDiff, runModel } from '../fixtures/onnx/helpers';

interface Arch {
  name: string;
  /** Reference file, when not `${name}.ref.json`. */
  ref?: string;
  inputs: string[];
  layers: number;
  /** Scope of layer i's attention ops, e.g. '/roberta/encoder/layer.0/attention/self/'. */
  scope: (i: number) => string;
  kind: ScaleKind;
  /** Expected combined scale; null when the export computes it from Shape(Q) at run time. */
  scale: number | null;
}

const BERT_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];
const ROBERTA_INPUTS = ['input_ids', 'attention_mask'];

const ARCHS: Arch[] = [
  {
    name: 'arch-roberta',
    inputs: ROBERTA_INPUTS,
    layers: 2,
    scope: (i) => `/roberta/encoder/layer.${i}/attention/self/`,
    kind: 'scores-div',
    scale: 1 / Math.sqrt(8),
  },
  // SDPA export: Q·√s and Kᵀ·√s where s = 1/√d comes from Shape(Q) → Slice → Cast → Sqrt → Div, not a constant
  { name: 'arch-xlmr', inputs: ROBERTA_INPUTS, layers: 2, scope: (i) => `/encoder/layer.${i}/attention/self/`, kind: 'qk-mul', scale: null },
  {
    name: 'arch-albert',
    inputs: BERT_INPUTS,
    layers: 3,
    // the one shared module, called three times: torch suffixes the repeated scope (attention_1, attention_2)
    scope: (i) => `/encoder/albert_layer_groups.0/albert_layers.0/attention${i ? `_${i}` : ''}/`,
    kind: 'scores-div',
    scale: 1 / Math.sqrt(8),
  },
  {
    name: 'arch-albert-tied',
    ref: 'arch-albert',
    inputs: BERT_INPUTS,
    layers: 3,
    scope: (i) => `/encoder/albert_layer_groups.0/albert_layers.0/attention${i ? `_${i}` : ''}/`,
    kind: 'scores-div',
    scale: 1 / Math.sqrt(8),
  },
  {
    name: 'arch-electra',
    inputs: BERT_INPUTS,
    layers: 2,
    scope: (i) => `/electra/encoder/layer.${i}/attention/self/`,
    kind: 'scores-div',
    scale: 1 / Math.sqrt(8),
  },
  { name: 'arch-minilm', inputs: BERT_INPUTS, layers: 3, scope: (i) => `/encoder/layer.${i}/attention/self/`, kind: 'scores-mul', scale: 1 / Math.sqrt(8) },
];
const TOL = 1e-5;

/** The weight initializer of the projection that produced `tensor` (walks back to a MatMul with a weight; Identity aliases resolved). */
function projectionWeight(m: ScannedModel, g: GraphIndex, tensor: string): string | null {
  let t = tensor;
  for (let step = 0; step < 12; step++) {
    const p = g.producer(t);
    if (!p) return null;
    if (p.opType === 'MatMul') {
      let w = p.inputs.find((i) => !g.isData(i));
      // torch de-duplicates re-used weights behind Identity nodes
      for (let q = w ? g.producer(w) : undefined; w && q && q.opType === 'Identity'; q = g.producer(w)) w = q.inputs[0];
      return w && m.initializers.has(w) ? w : null;
    }
    const next = p.inputs.find((i) => i && g.isData(i));
    if (!next) return null;
    t = next;
  }
  return null;
}

describe('locateAttention on Hub-architecture exports', () => {
  it.each(ARCHS)('$name: $layers layers in graph order, Q and Kᵀ per layer ($kind)', ({ name, layers, scope, kind, scale }) => {
    const m = scanModel(fixtureBytes(name));
    const g = indexGraph(m);
    const located = locateAttention(m, g).layers;
    expect(located).toHaveLength(layers);
    expect(located.map((l) => l.softmaxNode)).toEqual(Array.from({ length: layers }, (_, i) => `${scope(i)}Softmax`));
    const ranks = located.map((l) => g.rank(g.producer(l.softmaxOutput)!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    located.forEach((l, i) => {
      const p = scope(i);
      expect(l.index).toBe(i);
      expect(l.softmaxOutput).toBe(`${p}Softmax_output_0`);
      expect(l.softmaxAxis).toBe(-1);
      expect(l.scoresMatMul).toBe(`${p}MatMul`);
      expect(l.queryTensor).toBe(`${p}Transpose_output_0`);
      expect(l.keyTransposedTensor).toBe(`${p}Transpose_2_output_0`);
      expect(l.scaleKind).toBe(kind);
      if (scale === null) expect(l.scale).toBeNull();
      else expect(l.scale).toBeCloseTo(scale, 6);
    });
  });

  it('RoBERTa / XLM-R compute position ids in the graph (cumsum of input_ids != padding_idx)', () => {
    for (const name of ['arch-roberta', 'arch-xlmr']) {
      const m = scanModel(fixtureBytes(name));
      expect(m.inputs.map((i) => i.name)).toEqual(ROBERTA_INPUTS);
      expect(m.nodes.filter((n) => n.opType === 'CumSum')).toHaveLength(1);
    }
  });

  it('ELECTRA and ALBERT project factorised embeddings (16 → 32) before the encoder', () => {
    expect(scanModel(fixtureBytes('arch-electra')).nodes.some((n) => n.name === '/electra/embeddings_project/MatMul')).toBe(true);
    expect(scanModel(fixtureBytes('arch-albert')).nodes.some((n) => n.name === '/encoder/embedding_hidden_mapping_in/MatMul')).toBe(true);
  });

  it.each(['arch-albert', 'arch-albert-tied'])('%s: three distinct Softmax nodes fed by ONE set of shared weights', (name) => {
    const m = scanModel(fixtureBytes(name));
    const g = indexGraph(m);
    const { layers } = locateAttention(m, g);
    expect(new Set(layers.map((l) => l.softmaxNode)).size).toBe(3);
    expect(new Set(layers.map((l) => l.softmaxOutput)).size).toBe(3);
    expect(new Set(layers.map((l) => l.queryTensor)).size).toBe(3);
    const qW = layers.map((l) => projectionWeight(m, g, l.queryTensor));
    const kW = layers.map((l) => projectionWeight(m, g, l.keyTransposedTensor));
    expect(qW[0]).toMatch(/MatMul/);
    expect(new Set(qW)).toEqual(new Set([qW[0]]));
    expect(new Set(kW)).toEqual(new Set([kW[0]]));
    expect(kW[0]).not.toBe(qW[0]);
    // torch aliases each re-use behind an Identity node; the tied variant feeds the initializer itself
    const queryMatMuls = m.nodes.filter((n) => n.opType === 'MatMul' && /attention\/query(_\d)?\/MatMul$/.test(n.name));
    expect(queryMatMuls).toHaveLength(3);
    const direct = new Set(queryMatMuls.map((n) => n.inputs[1]));
    expect(direct.size).toBe(name === 'arch-albert-tied' ? 1 : 3);
    expect(m.nodes.some((n) => n.opType === 'Identity')).toBe(name === 'arch-albert');
    // a non-shared model has one weight per layer
    const e = scanModel(fixtureBytes('arch-electra'));
    const eg = indexGraph(e);
    const eq = locateAttention(e, eg).layers.map((l) => projectionWeight(e, eg, l.queryTensor));
    expect(eq.every((w) => w !== null)).toBe(true);
    expect(new Set(eq).size).toBe(2);
  });
});

describe('exposed outputs equal the torch reference (onnxruntime-web, wasm)', () => {
  it.each(ARCHS)('$name: attention, Q, Kᵀ and last_hidden_state within 1e-5', async ({ name, ref: refName, inputs, layers }) => {
    const ref = fixtureRef(refName ?? name);
    expect(ref.numLayers).toBe(layers);
    const ex = exposeAttentionOutputs(fixtureBytes(name), { mode: 'attention+qk' });
    expect(ex.layers).toHaveLength(layers);
    expect(ex.added).toHaveLength(3 * layers);
    const out = await runModel(ex.bytes, int64Feeds(ref.inputs, inputs));
    const [batch, n] = ref.inputs.input_ids.dims;
    const { numHeads: h, headDim: d } = ref;
    for (let l = 0; l < layers; l++) {
      const att = out[ex.attentionOutputs[l]];
      expect(att.dims).toEqual([batch, h, n, n]);
      expect(maxAbsDiff(floatData(att), ref.attentions[l]), `layer ${l} attention`).toBeLessThanOrEqual(TOL);
      const q = out[ex.queryOutputs![l]];
      expect(q.dims).toEqual([batch, h, n, d]);
      expect(maxAbsDiff(floatData(q), ref.queries[l]), `layer ${l} Q`).toBeLessThanOrEqual(TOL);
      const kt = out[ex.keyTransposedOutputs![l]];
      expect(kt.dims).toEqual([batch, h, d, n]);
      expect(maxAbsDiff(floatData(kt), ref.keysTransposed[l]), `layer ${l} Kᵀ`).toBeLessThanOrEqual(TOL);
    }
    expect(maxAbsDiff(floatData(out.last_hidden_state), ref.lastHiddenState)).toBeLessThanOrEqual(TOL);
    // padded keys (row 2, the last positions) get no attention in any layer
    const padFrom = ref.inputs.attention_mask.data.slice(n).indexOf(0);
    expect(padFrom).toBeGreaterThan(0);
    for (let l = 0; l < layers; l++) {
      const a = floatData(out[ex.attentionOutputs[l]]);
      for (let head = 0; head < h; head++) {
        const row = a.subarray(((1 * h + head) * n + 0) * n, ((1 * h + head) * n + 0) * n + n);
        expect(Math.max(...row.subarray(padFrom))).toBe(0);
      }
    }
  });

  it('ALBERT: the unrolled layers really differ (same weights, different inputs)', async () => {
    const ref = fixtureRef('arch-albert');
    const ex = exposeAttentionOutputs(fixtureBytes('arch-albert'));
    const out = await runModel(ex.bytes, int64Feeds(ref.inputs, BERT_INPUTS));
    const [a0, a1, a2] = ex.attentionOutputs.map((o) => floatData(out[o]));
    expect(maxAbsDiff(a0, a1)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(a1, a2)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(a2, ref.attentions[2])).toBeLessThanOrEqual(TOL);
  });
});
