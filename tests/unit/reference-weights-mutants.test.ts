// The plain-TypeScript BERT reference (src/core/reference) on small hand-built graphs and weights: how loadBertWeights /
// loadMlmHead find each weight behind the graph shapes exporters write (MatMul, Transpose, Gemm with and without transB,
// Identity / Cast-to-float / Constant chains, fused and decomposed LayerNorm), how the head count is inferred (Reshape
// target, Concat target, 1/√d scale), the refusals and their messages; bertForward's input checks and results worked out
// by hand for hidden size 2; erf / gelu / geluTanh at more points.
import { describe, expect, it } from 'vitest';
import { type AttributeValue, type ScannedModel, type ScannedNode, type ScannedTensor, DataType } from '../../src/core/onnx/scan-model';
import { type BertWeights, type Dense, type LayerNormWeights, loadBertWeights, loadMlmHead } from '../../src/core/reference/bert-weights';
import { bertForward } from '../../src/core/reference/bert-forward';
import { erf, gelu, geluTanh } from '../../src/core/reference/math';

// ---------------------------------------------------------------- tensors and graphs

function raw(name: string, dims: number[], dataType: number, bytes: ArrayBufferView): ScannedTensor {
  return { name, dims, dataType, encoding: 'raw', data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), external: false };
}
const f32 = (name: string, values: number[], dims = [values.length]): ScannedTensor => raw(name, dims, DataType.FLOAT, new Float32Array(values));
const f64 = (name: string, values: number[], dims = [values.length]): ScannedTensor => raw(name, dims, DataType.DOUBLE, new Float64Array(values));
/** float16 from hand-encoded bit patterns (0x3c00 = 1, 0x4000 = 2, 0xc000 = -2, 0x3800 = 0.5, 0x4200 = 3, 0xbc00 = -1) */
const f16 = (name: string, bits: number[], dims = [bits.length]): ScannedTensor => raw(name, dims, DataType.FLOAT16, new Uint16Array(bits));
const i8 = (name: string, values: number[], dims = [values.length]): ScannedTensor => raw(name, dims, DataType.INT8, new Int8Array(values));
const i64 = (name: string, values: number[]): ScannedTensor => raw(name, [values.length], DataType.INT64, BigInt64Array.from(values.map(BigInt)));

const int = (value: number): AttributeValue => ({ kind: 'int', value });
const float = (value: number): AttributeValue => ({ kind: 'float', value });
const tensorAttr = (value: ScannedTensor): AttributeValue => ({ kind: 'tensor', value });

class Graph {
  nodes: ScannedNode[] = [];
  inits = new Map<string, ScannedTensor>();
  private k = 0;
  constructor(readonly inputs: string[] = ['input_ids', 'position_ids']) {}
  fresh(): string {
    return `t${this.k++}`;
  }
  /** adds a node; returns its first output */
  node(name: string, opType: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, outputs = [this.fresh()]): string {
    this.nodes.push({ index: this.nodes.length, name, opType, domain: '', inputs, outputs, attributes: new Map(Object.entries(attrs)) });
    return outputs[0];
  }
  init(t: ScannedTensor): string {
    this.inits.set(t.name, t);
    return t.name;
  }
  /** a float32 initializer with a fresh name */
  w(values: number[], dims = [values.length]): string {
    return this.init(f32(this.fresh(), values, dims));
  }
  model(): ScannedModel {
    return {
      irVersion: 8,
      producerName: 'test',
      opsetImports: [{ domain: '', version: 17 }],
      graphName: 'g',
      nodes: this.nodes,
      initializers: this.inits,
      inputs: this.inputs.map((name) => ({ name, elemType: DataType.INT64, shape: null })),
      outputs: [],
      valueInfo: [],
      graphRecords: [{ start: 0, end: 0 }],
    };
  }
}

const flat = (m: number[][]): number[] => m.flat();
const transposed = (m: number[][]): number[][] => m[0].map((_, j) => m.map((row) => row[j]));

type DenseStyle =
  | 'matmul' // MatMul(x, W[in, out]) + Add(b, ·)
  | 'transpose' // MatMul(x, Transpose(W[out, in]))
  | 'gemmT' // Gemm(x, W[out, in], b) transB=1
  | 'gemm' // Gemm(x, W[in, out], b), no transB
  | 'identity' // MatMul(x, Identity(W))
  | 'constant' // MatMul(x, Constant(value=W))
  | 'cast16' // MatMul(x, Cast<to=FLOAT>(W as float16))
  | 'cast16double' // MatMul(x, Cast<to=DOUBLE>(W as float16))
  | 'nobias'; // MatMul only

/** float16 bit patterns of the small values the cast styles use */
const HALF: Record<number, number> = { 0: 0x0000, 1: 0x3c00, 2: 0x4000, '-2': 0xc000, 0.5: 0x3800, 3: 0x4200, '-1': 0xbc00 };

/** Writes one Linear layer W [in, out], b [out] under `scope`; returns its output. */
function dense(g: Graph, scope: string, x: string, W: number[][], b: number[], style: DenseStyle = 'matmul'): string {
  const dims = [W.length, W[0].length];
  let wName: string;
  if (style === 'gemmT' || style === 'gemm') {
    const data = style === 'gemmT' ? transposed(W) : W;
    return g.node(`${scope}/Gemm`, 'Gemm', [x, g.w(flat(data), [data.length, data[0].length]), g.w(b)], style === 'gemmT' ? { transB: int(1) } : {});
  }
  if (style === 'transpose') {
    wName = g.node(`${scope}/Transpose`, 'Transpose', [g.w(flat(transposed(W)), [dims[1], dims[0]])], { perm: { kind: 'ints', value: [1, 0] } });
  } else if (style === 'identity') {
    wName = g.node(`${scope}/Identity`, 'Identity', [g.w(flat(W), dims)]);
  } else if (style === 'constant') {
    wName = g.node(`${scope}/Constant`, 'Constant', [], { value: tensorAttr(f32('cw', flat(W), dims)) });
  } else if (style === 'cast16' || style === 'cast16double') {
    const half = g.init(
      f16(
        g.fresh(),
        flat(W).map((v) => HALF[v]),
        dims,
      ),
    );
    wName = g.node(`${scope}/Cast`, 'Cast', [half], { to: int(style === 'cast16' ? DataType.FLOAT : DataType.DOUBLE) });
  } else {
    wName = g.w(flat(W), dims);
  }
  const mm = g.node(`${scope}/MatMul`, 'MatMul', [x, wName]);
  return style === 'nobias' ? mm : g.node(`${scope}/Add`, 'Add', [g.w(b), mm]);
}

type LnStyle = 'fused' | 'fused-noeps' | 'fused-nobeta' | 'decomposed' | 'decomposed-eps1' | 'decomposed-nobeta';

function layerNorm(g: Graph, scope: string, x: string, gamma: number[], beta: number[], eps: number, style: LnStyle = 'fused'): string {
  if (style.startsWith('fused')) {
    const inputs = style === 'fused-nobeta' ? [x, g.w(gamma)] : [x, g.w(gamma), g.w(beta)];
    return g.node(`${scope}/LayerNormalization`, 'LayerNormalization', inputs, style === 'fused-noeps' ? {} : { epsilon: float(eps) });
  }
  const axes = { axes: { kind: 'ints', value: [-1] } as AttributeValue };
  const mean = g.node(`${scope}/ReduceMean`, 'ReduceMean', [x], axes);
  const c = g.node(`${scope}/Sub`, 'Sub', [x, mean]);
  const p = g.node(`${scope}/Pow`, 'Pow', [c, g.w([2], [])]);
  const v = g.node(`${scope}/ReduceMean_1`, 'ReduceMean', [p], axes);
  const ve = g.node(`${scope}/Add`, 'Add', [v, g.w([eps], style === 'decomposed-eps1' ? [1] : [])]);
  const s = g.node(`${scope}/Sqrt`, 'Sqrt', [ve]);
  const nrm = g.node(`${scope}/Div`, 'Div', [c, s]);
  const m = g.node(`${scope}/Mul`, 'Mul', [nrm, g.w(gamma)]);
  return style === 'decomposed-nobeta' ? m : g.node(`${scope}/Add_1`, 'Add', [m, g.w(beta)]);
}

const DENSES = ['attention/self/query', 'attention/self/key', 'attention/self/value', 'attention/output/dense', 'intermediate/dense', 'output/dense'] as const;
type DenseName = (typeof DENSES)[number];

// hidden 2, intermediate 3, vocab 3, 4 positions, 2 token types
const WORD = [1, 2, 3, 4, 5, 6];
const POS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
const TYPE = [-1, -2, -3, -4];
const DENSE_W: Record<DenseName, { W: number[][]; b: number[] }> = {
  'attention/self/query': {
    W: [
      [1, 2],
      [3, 0.5],
    ],
    b: [0.5, -1],
  },
  'attention/self/key': {
    W: [
      [0, 1],
      [1, 0],
    ],
    b: [1, 2],
  },
  'attention/self/value': {
    W: [
      [2, 0],
      [0, 2],
    ],
    b: [0, 1],
  },
  'attention/output/dense': {
    W: [
      [1, -1],
      [0, 1],
    ],
    b: [-2, 3],
  },
  'intermediate/dense': {
    W: [
      [1, 2, 3],
      [-1, -2, 0.5],
    ],
    b: [1, 2, 3],
  },
  'output/dense': {
    W: [
      [1, 0],
      [0, 1],
      [-1, 2],
    ],
    b: [-1, 0.5],
  },
};
const LNS = {
  embeddings: [
    [1, 2],
    [3, 4],
  ],
  attention: [
    [0.5, 2],
    [-1, 0],
  ],
  output: [
    [2, 3],
    [1, -2],
  ],
} as const;

interface TinyOptions {
  prefix?: string;
  layers?: number;
  style?: Partial<Record<DenseName, DenseStyle>>;
  ln?: LnStyle;
  eps?: number;
  tokenTypes?: boolean;
  /** how the heads can be read: Q Reshape to a constant [0, 0, heads, d] (default), or the attention scale 1/√d */
  heads?: { reshape?: number[]; scale?: number };
}

/** A Hub-style BertModel graph, hidden 2: embeddings, LayerNorm, `layers` encoder layers. */
function tinyBert(o: TinyOptions = {}, g = new Graph()): Graph {
  const P = o.prefix ?? '';
  const eps = o.eps ?? 1e-7;
  const we = g.node(`${P}/embeddings/word_embeddings/Gather`, 'Gather', [g.w(WORD, [3, 2]), 'input_ids']);
  const pe = g.node(`${P}/embeddings/position_embeddings/Gather`, 'Gather', [g.w(POS, [4, 2]), 'position_ids']);
  let x = g.node(`${P}/embeddings/Add`, 'Add', [we, pe]);
  if (o.tokenTypes !== false)
    x = g.node(`${P}/embeddings/Add_1`, 'Add', [x, g.node(`${P}/embeddings/token_type_embeddings/Gather`, 'Gather', [g.w(TYPE, [2, 2]), 'input_ids'])]);
  x = layerNorm(g, `${P}/embeddings/LayerNorm`, x, [...LNS.embeddings[0]], [...LNS.embeddings[1]], eps, o.ln);
  const heads = o.heads ?? { reshape: [0, 0, 1, 2] };
  for (let l = 0; l < (o.layers ?? 1); l++) {
    const L = `${P}/encoder/layer.${l}`;
    const d = (name: DenseName, input: string): string => dense(g, `${L}/${name}`, input, DENSE_W[name].W, DENSE_W[name].b, o.style?.[name]);
    const q = d('attention/self/query', x);
    const k = d('attention/self/key', x);
    d('attention/self/value', x);
    if (heads.reshape) g.node(`${L}/attention/self/Reshape`, 'Reshape', [q, g.init(i64(g.fresh(), heads.reshape))]);
    if (heads.scale !== undefined) {
      const kT = g.node(`${L}/attention/self/Transpose`, 'Transpose', [k]);
      const s = g.node(`${L}/attention/self/MatMul`, 'MatMul', [q, kT]);
      const sd = g.node(`${L}/attention/self/Div`, 'Div', [s, g.w([heads.scale], [])]);
      g.node(`${L}/attention/self/Softmax`, 'Softmax', [sd], { axis: int(-1) });
    }
    const a = layerNorm(g, `${L}/attention/output/LayerNorm`, d('attention/output/dense', x), [...LNS.attention[0]], [...LNS.attention[1]], eps, o.ln);
    const inter = d('intermediate/dense', a);
    x = layerNorm(g, `${L}/output/LayerNorm`, d('output/dense', inter), [...LNS.output[0]], [...LNS.output[1]], eps, o.ln);
  }
  return g;
}

const f32s = (v: number[]): Float32Array => new Float32Array(v);
const expectDense = (got: Dense, name: DenseName): void => {
  const { W, b } = DENSE_W[name];
  expect([got.inFeatures, got.outFeatures]).toEqual([W.length, W[0].length]);
  expect(got.weight).toEqual(f32s(flat(W)));
  expect(got.bias).toEqual(f32s(b));
};

// ---------------------------------------------------------------- loadBertWeights

describe('loadBertWeights: the weights of a hand-built hidden-2 BERT', () => {
  it('reads embeddings, every Linear as [in, out], the LayerNorms and the config inferred from shapes, epsilon and Reshape', () => {
    const w = loadBertWeights(tinyBert().model());
    expect(w.config).toEqual({
      hiddenSize: 2,
      numLayers: 1,
      numHeads: 1,
      headDim: 2,
      intermediateSize: 3,
      vocabSize: 3,
      maxPositions: 4,
      typeVocabSize: 2,
      layerNormEps: 1e-7,
      hiddenAct: 'gelu',
    });
    expect(w.wordEmbeddings).toEqual(f32s(WORD));
    expect(w.positionEmbeddings).toEqual(f32s(POS));
    expect(w.tokenTypeEmbeddings).toEqual(f32s(TYPE));
    expect(w.embeddingsLayerNorm).toEqual({ gamma: f32s([1, 2]), beta: f32s([3, 4]), eps: 1e-7 });
    const [layer] = w.layers;
    expectDense(layer.query, 'attention/self/query');
    expectDense(layer.key, 'attention/self/key');
    expectDense(layer.value, 'attention/self/value');
    expectDense(layer.attentionOutput, 'attention/output/dense');
    expectDense(layer.intermediate, 'intermediate/dense');
    expectDense(layer.output, 'output/dense');
    expect(layer.attentionLayerNorm).toEqual({ gamma: f32s([0.5, 2]), beta: f32s([-1, 0]), eps: 1e-7 });
    expect(layer.outputLayerNorm).toEqual({ gamma: f32s([2, 3]), beta: f32s([1, -2]), eps: 1e-7 });
  });

  it('a BertModel inside a task model (prefix with a regex metacharacter) and two layers', () => {
    const w = loadBertWeights(tinyBert({ prefix: '/model.bert', layers: 2 }).model());
    expect(w.config.numLayers).toBe(2);
    expect(w.layers).toHaveLength(2);
    expectDense(w.layers[1].output, 'output/dense');
  });

  it('without token-type embeddings: null, type vocabulary 0', () => {
    const w = loadBertWeights(tinyBert({ tokenTypes: false }).model());
    expect(w.tokenTypeEmbeddings).toBeNull();
    expect(w.config.typeVocabSize).toBe(0);
  });

  it.each<[DenseStyle]>([['transpose'], ['gemmT'], ['gemm'], ['identity'], ['constant'], ['cast16'], ['cast16double']])(
    'every Linear written as %s reads the same [in, out] weight and bias',
    (style) => {
      const all = Object.fromEntries(DENSES.map((d) => [d, style])) as Record<DenseName, DenseStyle>;
      // Gemm has no Add to read the Q reshape from: the heads come from the scale
      const w = loadBertWeights(tinyBert({ style: all, heads: { reshape: [0, 0, 1, 2], scale: Math.SQRT2 } }).model());
      for (const [i, d] of DENSES.entries())
        expectDense([w.layers[0].query, w.layers[0].key, w.layers[0].value, w.layers[0].attentionOutput, w.layers[0].intermediate, w.layers[0].output][i], d);
      expect(w.config.intermediateSize).toBe(3);
    },
  );

  it('a Linear without bias gets a zero bias of its output width', () => {
    const w = loadBertWeights(tinyBert({ style: { 'intermediate/dense': 'nobias' } }).model());
    expect(w.layers[0].intermediate.bias).toEqual(new Float32Array(3));
    expect(w.layers[0].intermediate.weight).toEqual(f32s(flat(DENSE_W['intermediate/dense'].W)));
  });

  it('float16 and float64 weights are read as float32', () => {
    const g = tinyBert();
    const [wordName] = g.nodes[0].inputs;
    g.inits.set(wordName, f16(wordName, [0x3c00, 0x4000, 0xc000, 0x3800, 0x4200, 0xbc00], [3, 2]));
    const posName = g.nodes[1].inputs[0];
    g.inits.set(posName, f64(posName, POS, [4, 2]));
    const w = loadBertWeights(g.model());
    expect(w.wordEmbeddings).toEqual(f32s([1, 2, -2, 0.5, 3, -1]));
    expect(w.positionEmbeddings).toEqual(f32s(POS));
  });

  it('the first bias Add of a scope is the bias; later Add / Mul constants there are not', () => {
    const g = tinyBert();
    const scope = '/encoder/layer.0/attention/self/value';
    const add = g.nodes.find((n) => n.name === `${scope}/Add`) as ScannedNode;
    g.node(`${scope}/Mul`, 'Mul', [add.outputs[0], g.w([7, 7])]);
    g.node(`${scope}/Add_1`, 'Add', [add.outputs[0], g.w([9, 9])]);
    expectDense(loadBertWeights(g.model()).layers[0].value, 'attention/self/value');
  });

  it('a scaled Linear: the bias is the Add constant, not the Mul constant before it', () => {
    const g = tinyBert();
    const scope = '/encoder/layer.0/attention/self/value';
    const i = g.nodes.findIndex((n) => n.name === `${scope}/Add`);
    const add = g.nodes[i];
    const mul = g.node(`${scope}/Mul`, 'Mul', [add.inputs[1], g.w([7, 7])]);
    g.nodes.splice(i, 0, g.nodes.pop() as ScannedNode);
    g.nodes[i + 1] = { ...add, inputs: [add.inputs[0], mul] };
    expectDense(loadBertWeights(g.model()).layers[0].value, 'attention/self/value');
  });

  it('a Gemm without C has a zero bias; a Gemm whose B is not constant is refused', () => {
    const g = tinyBert({ style: { 'output/dense': 'gemmT' } });
    const i = g.nodes.findIndex((n) => n.name === '/encoder/layer.0/output/dense/Gemm');
    g.nodes[i] = { ...g.nodes[i], inputs: g.nodes[i].inputs.slice(0, 2) };
    expect(loadBertWeights(g.model()).layers[0].output.bias).toEqual(new Float32Array(2));
    g.nodes[i] = { ...g.nodes[i], inputs: [g.nodes[i].inputs[0], 'some_input'] };
    expect(() => loadBertWeights(g.model())).toThrow('/encoder/layer.0/output/dense: no MatMul with a constant weight found');
  });

  it('a weight computed by another op (Neg of a constant) is not a constant weight', () => {
    const g = tinyBert();
    const i = g.nodes.findIndex((n) => n.name === '/encoder/layer.0/output/dense/MatMul');
    const neg = g.node('/encoder/layer.0/output/dense/Neg', 'Neg', [g.nodes[i].inputs[1]]);
    g.nodes[i] = { ...g.nodes[i], inputs: [g.nodes[i].inputs[0], neg] };
    expect(() => loadBertWeights(g.model())).toThrow('/encoder/layer.0/output/dense: no MatMul with a constant weight found');
  });

  it('a Gemm is read as the Linear even before a MatMul would be', () => {
    // transB=1 with a non-square weight: read as the transposed [in, out]
    const w = loadBertWeights(tinyBert({ style: { 'output/dense': 'gemmT', 'intermediate/dense': 'gemm' } }).model());
    expectDense(w.layers[0].output, 'output/dense');
    expectDense(w.layers[0].intermediate, 'intermediate/dense');
  });
});

describe('loadBertWeights: weight chains', () => {
  const chain = (hops: number, op = 'Identity', attrs: Record<string, AttributeValue> = {}): ScannedModel => {
    const g = tinyBert();
    const wordName = g.nodes[0].inputs[0];
    let name = wordName;
    for (let i = 0; i < hops; i++) name = g.node(`/embeddings/word_embeddings/${op}_${i}`, op, [name], attrs);
    g.nodes[0] = { ...g.nodes[0], inputs: [name, 'input_ids'] };
    return g.model();
  };

  it('follows up to 7 Identity hops to the table; 8 are refused', () => {
    expect(loadBertWeights(chain(7)).wordEmbeddings).toEqual(f32s(WORD));
    expect(() => loadBertWeights(chain(8))).toThrow('no /embeddings/word_embeddings/Gather with a constant 2-D table');
  });

  it('a cyclic Identity chain is refused, not followed forever', () => {
    const g = tinyBert();
    g.node('/embeddings/word_embeddings/Identity_a', 'Identity', ['cyc_b'], {}, ['cyc_a']);
    g.node('/embeddings/word_embeddings/Identity_b', 'Identity', ['cyc_a'], {}, ['cyc_b']);
    g.nodes[0] = { ...g.nodes[0], inputs: ['cyc_a', 'input_ids'] };
    expect(() => loadBertWeights(g.model())).toThrow('no /embeddings/word_embeddings/Gather with a constant 2-D table');
  });

  it('a Cast to an integer type is not a float weight', () => {
    expect(() => loadBertWeights(chain(1, 'Cast', { to: int(DataType.INT32) }))).toThrow('no /embeddings/word_embeddings/Gather with a constant 2-D table');
    expect(loadBertWeights(chain(2, 'Cast', { to: int(DataType.FLOAT) })).wordEmbeddings).toEqual(f32s(WORD));
  });

  it('a table that is a graph input, or a Constant without a tensor value, is not a constant table', () => {
    const asInput = tinyBert();
    asInput.nodes[0] = { ...asInput.nodes[0], inputs: ['table', 'input_ids'] };
    expect(() => loadBertWeights(asInput.model())).toThrow('no /embeddings/word_embeddings/Gather with a constant 2-D table');
    const floats = tinyBert();
    const c = floats.node('/embeddings/word_embeddings/Constant', 'Constant', [], { value_floats: { kind: 'floats', value: WORD } });
    floats.nodes[0] = { ...floats.nodes[0], inputs: [c, 'input_ids'] };
    expect(() => loadBertWeights(floats.model())).toThrow('no /embeddings/word_embeddings/Gather with a constant 2-D table');
  });

  it('the Gather is found among other nodes of its scope', () => {
    const g = tinyBert();
    const ids = g.node('/embeddings/word_embeddings/Cast', 'Cast', ['input_ids'], { to: int(DataType.INT64) });
    const gather = g.nodes.shift() as ScannedNode;
    g.nodes.push({ ...gather, inputs: [gather.inputs[0], ids] });
    expect(loadBertWeights(g.model()).wordEmbeddings).toEqual(f32s(WORD));
  });

  it('a Linear weight that is a graph input, a Transpose of one, or a Transpose of a 1-D constant is refused', () => {
    const scope = '/encoder/layer.0/intermediate/dense';
    const msg = `${scope}: no MatMul with a constant weight found`;
    const withWeight = (make: (g: Graph) => string): ScannedModel => {
      const g = tinyBert();
      const i = g.nodes.findIndex((n) => n.name === `${scope}/MatMul`);
      const wName = make(g);
      g.nodes[i] = { ...g.nodes[i], inputs: [g.nodes[i].inputs[0], wName] };
      return g.model();
    };
    expect(() => loadBertWeights(withWeight(() => 'some_input'))).toThrow(msg);
    expect(() => loadBertWeights(withWeight((g) => g.node(`${scope}/Transpose`, 'Transpose', ['some_input'])))).toThrow(msg);
    expect(() => loadBertWeights(withWeight((g) => g.node(`${scope}/Transpose`, 'Transpose', [g.w([1, 2, 3])])))).toThrow(msg);
    expect(() => loadBertWeights(withWeight((g) => g.w([1, 2, 3])))).toThrow(msg);
  });
});

describe('loadBertWeights: LayerNorm forms', () => {
  it('decomposed ReduceMean/Sub/Pow/Sqrt/Div/Mul/Add: gamma from the Mul, beta from the vector Add, eps from the scalar Add', () => {
    const w = loadBertWeights(tinyBert({ ln: 'decomposed', eps: 0.001 }).model());
    expect(w.embeddingsLayerNorm).toEqual({ gamma: f32s([1, 2]), beta: f32s([3, 4]), eps: Math.fround(0.001) });
    expect(w.layers[0].outputLayerNorm).toEqual({ gamma: f32s([2, 3]), beta: f32s([1, -2]), eps: Math.fround(0.001) });
    expect(w.config.layerNormEps).toBe(Math.fround(0.001));
  });

  it('a decomposed LayerNorm whose epsilon is a [1] tensor: still the epsilon, not beta', () => {
    const w = loadBertWeights(tinyBert({ ln: 'decomposed-eps1', eps: 0.001 }).model());
    expect(w.embeddingsLayerNorm).toEqual({ gamma: f32s([1, 2]), beta: f32s([3, 4]), eps: Math.fround(0.001) });
  });

  it('fused without epsilon: 1e-5 (the ONNX default); without beta: zeros', () => {
    expect(loadBertWeights(tinyBert({ ln: 'fused-noeps' }).model()).config.layerNormEps).toBe(1e-5);
    const w = loadBertWeights(tinyBert({ ln: 'fused-nobeta' }).model());
    expect(w.embeddingsLayerNorm.beta).toEqual(new Float32Array(2));
    expect(w.embeddingsLayerNorm.gamma).toEqual(f32s([1, 2]));
  });

  it('config.json layer_norm_eps replaces every LayerNorm epsilon', () => {
    const w = loadBertWeights(tinyBert({ ln: 'decomposed', eps: 0.001 }).model(), { layer_norm_eps: 0.25 });
    expect([w.config.layerNormEps, w.embeddingsLayerNorm.eps, w.layers[0].attentionLayerNorm.eps, w.layers[0].outputLayerNorm.eps]).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });

  it('refuses a LayerNorm without constant scale, and a decomposed one without its bias Add', () => {
    const g = tinyBert();
    const i = g.nodes.findIndex((n) => n.opType === 'LayerNormalization');
    g.nodes[i] = { ...g.nodes[i], inputs: [g.nodes[i].inputs[0], 'some_input', g.nodes[i].inputs[2]] };
    expect(() => loadBertWeights(g.model())).toThrow('/embeddings/LayerNorm: LayerNormalization without constant scale');
    expect(() => loadBertWeights(tinyBert({ ln: 'decomposed-nobeta' }).model())).toThrow('/embeddings/LayerNorm: LayerNorm scale/bias not found');
  });

  it('refuses RMSNorm (SimplifiedLayerNormalization): the forward pass would subtract a mean it does not have', () => {
    const g = tinyBert();
    const i = g.nodes.findIndex((n) => n.opType === 'LayerNormalization');
    g.nodes[i] = { ...g.nodes[i], opType: 'SimplifiedLayerNormalization' };
    expect(() => loadBertWeights(g.model())).toThrow(
      "/embeddings/LayerNorm: SimplifiedLayerNormalization (RMSNorm) is not BERT's LayerNorm; the reference pass cannot compute it",
    );
  });
});

describe('loadBertWeights: heads', () => {
  it('from the Q Reshape target [.., heads, headDim], whatever its length', () => {
    expect(loadBertWeights(tinyBert({ heads: { reshape: [0, 0, 2, 1] } }).model()).config).toMatchObject({ numHeads: 2, headDim: 1 });
    expect(loadBertWeights(tinyBert({ heads: { reshape: [-1, 2, 1] } }).model()).config.numHeads).toBe(2);
    expect(loadBertWeights(tinyBert({ heads: { reshape: [1, 2] } }).model()).config.numHeads).toBe(1);
  });

  it('from a Concat target; a dynamic entry is unknown, not a number', () => {
    const concat = (parts: Array<number[] | null>): ScannedModel => {
      const g = tinyBert({ heads: {} });
      const q = g.nodes.find((n) => n.name === '/encoder/layer.0/attention/self/query/Add')?.outputs[0] as string;
      const inputs = parts.map((p) => (p ? g.init(i64(g.fresh(), p)) : 'seq_len'));
      g.node('/encoder/layer.0/attention/self/Reshape', 'Reshape', [q, g.node('/encoder/layer.0/attention/self/Concat', 'Concat', inputs, { axis: int(0) })]);
      return g.model();
    };
    expect(loadBertWeights(concat([[1], null, [2], [1]])).config.numHeads).toBe(2);
    expect(() => loadBertWeights(concat([[1], [1], [2], null]))).toThrow('cannot infer num_attention_heads from the graph; pass config.json values');
    expect(() => loadBertWeights(concat([[1], null, [2]]))).toThrow('cannot infer num_attention_heads from the graph; pass config.json values');
  });

  it('a Reshape to a graph-input shape, or one that does not split hidden, says nothing', () => {
    const g = tinyBert({ heads: {} });
    const q = g.nodes.find((n) => n.name === '/encoder/layer.0/attention/self/query/Add')?.outputs[0] as string;
    g.node('/encoder/layer.0/attention/self/Reshape', 'Reshape', [q, 'shape_input']);
    expect(() => loadBertWeights(g.model())).toThrow('cannot infer num_attention_heads from the graph; pass config.json values');
    expect(() => loadBertWeights(tinyBert({ heads: { reshape: [0, 0, 1, 3] } }).model())).toThrow('cannot infer num_attention_heads');
  });

  it('from the attention scale 1/√d when there is no Q Reshape (Gemm query) or it does not tell', () => {
    expect(loadBertWeights(tinyBert({ heads: { scale: Math.SQRT2 } }).model()).config).toMatchObject({ numHeads: 1, headDim: 2 });
    expect(loadBertWeights(tinyBert({ heads: { scale: 1 } }).model()).config).toMatchObject({ numHeads: 2, headDim: 1 });
    const gemmQuery = tinyBert({ style: { 'attention/self/query': 'gemmT' }, heads: { scale: Math.SQRT2 } });
    expect(loadBertWeights(gemmQuery.model()).config.numHeads).toBe(1);
    expect(loadBertWeights(tinyBert({ heads: { reshape: [0, 0, 3, 3], scale: 1 } }).model()).config.numHeads).toBe(2);
  });

  it('a scale whose d does not divide hidden, or no scale and no Reshape, cannot be read', () => {
    expect(() => loadBertWeights(tinyBert({ heads: { scale: Math.sqrt(3) } }).model())).toThrow(
      'cannot infer num_attention_heads from the graph; pass config.json values',
    );
    expect(() => loadBertWeights(tinyBert({ heads: {} }).model())).toThrow('cannot infer num_attention_heads from the graph; pass config.json values');
  });

  it('config.json heads win; a count that does not split hidden is refused', () => {
    expect(loadBertWeights(tinyBert().model(), { num_attention_heads: 2 }).config).toMatchObject({ numHeads: 2, headDim: 1 });
    for (const h of [0.5, -1, 3]) {
      expect(() => loadBertWeights(tinyBert().model(), { num_attention_heads: h })).toThrow(`cannot split hidden size 2 into ${h} heads`);
    }
  });
});

describe('loadBertWeights: config.json and refusals', () => {
  it('hidden_act: gelu (default), gelu_new and gelu_pytorch_tanh; others refused', () => {
    const m = tinyBert().model();
    expect(loadBertWeights(m, { hidden_act: 'gelu' }).config.hiddenAct).toBe('gelu');
    expect(loadBertWeights(m, { hidden_act: 'gelu_new' }).config.hiddenAct).toBe('gelu_tanh');
    expect(loadBertWeights(m, { hidden_act: 'gelu_pytorch_tanh' }).config.hiddenAct).toBe('gelu_tanh');
    expect(() => loadBertWeights(m, { hidden_act: 'relu' })).toThrow('unsupported hidden_act "relu"');
  });

  it('hidden_size must match the embedding width', () => {
    expect(() => loadBertWeights(tinyBert().model(), { hidden_size: 4 })).toThrow('config hidden_size 4 != embedding width 2');
    expect(loadBertWeights(tinyBert().model(), { hidden_size: 2 }).config.hiddenSize).toBe(2);
  });

  it('names the missing or non-2-D embedding table', () => {
    const g = tinyBert();
    const posName = g.nodes[1].inputs[0];
    g.inits.set(posName, f32(posName, POS));
    expect(() => loadBertWeights(g.model())).toThrow('no /embeddings/position_embeddings/Gather with a constant 2-D table');
    const noPos = tinyBert();
    noPos.nodes.splice(1, 1);
    expect(() => loadBertWeights(noPos.model())).toThrow('no /embeddings/position_embeddings/Gather with a constant 2-D table');
    // an optional table that is not 2-D is left out
    const flatType = tinyBert();
    const typeGather = flatType.nodes.find((n) => n.name === '/embeddings/token_type_embeddings/Gather') as ScannedNode;
    flatType.inits.set(typeGather.inputs[0], f32(typeGather.inputs[0], TYPE));
    expect(loadBertWeights(flatType.model()).tokenTypeEmbeddings).toBeNull();
  });

  it.each([
    [0, 'word_embeddings'],
    [1, 'position_embeddings'],
  ])('refuses integer (quantized) embedding table %i, naming it', (node, label) => {
    const g = tinyBert();
    const name = g.nodes[node].inputs[0];
    g.inits.set(name, i8(name, [1, 2, 3, 4, 5, 6, 7, 8].slice(0, node ? 8 : 6), [node ? 4 : 3, 2]));
    expect(() => loadBertWeights(g.model())).toThrow(`${label}: weight "${name}" has data type 3; the reference pass needs float weights (quantized export?)`);
  });

  it('refuses integer token-type and Linear weights, naming them', () => {
    const g = tinyBert();
    const t = (g.nodes.find((n) => n.name === '/embeddings/token_type_embeddings/Gather') as ScannedNode).inputs[0];
    g.inits.set(t, i8(t, [1, 2, 3, 4], [2, 2]));
    expect(() => loadBertWeights(g.model())).toThrow(`token_type_embeddings: weight "${t}" has data type 3`);
    const d = tinyBert();
    const mm = d.nodes.find((n) => n.name === '/encoder/layer.0/attention/self/key/MatMul') as ScannedNode;
    d.inits.set(mm.inputs[1], i8(mm.inputs[1], [1, 2, 3, 4], [2, 2]));
    expect(() => loadBertWeights(d.model())).toThrow(`/encoder/layer.0/attention/self/key: weight "${mm.inputs[1]}" has data type 3`);
  });

  it.each([['MatMulInteger'], ['MatMulNBits'], ['QLinearMatMul']])('refuses a %s Linear as quantized', (op) => {
    const g = tinyBert();
    const i = g.nodes.findIndex((n) => n.name === '/encoder/layer.0/output/dense/MatMul');
    g.nodes[i] = { ...g.nodes[i], name: `/encoder/layer.0/output/dense/${op}`, opType: op };
    expect(() => loadBertWeights(g.model())).toThrow(
      '/encoder/layer.0/output/dense: quantized weights (MatMulInteger/…); the reference pass needs a float export',
    );
  });

  it('names the Linear without a weight, and a bias of the wrong length', () => {
    const g = tinyBert();
    g.nodes = g.nodes.filter((n) => n.name !== '/encoder/layer.0/intermediate/dense/MatMul');
    expect(() => loadBertWeights(g.model())).toThrow('/encoder/layer.0/intermediate/dense: no MatMul with a constant weight found');
    const b = tinyBert();
    const add = b.nodes.find((n) => n.name === '/encoder/layer.0/intermediate/dense/Add') as ScannedNode;
    b.inits.set(add.inputs[0], f32(add.inputs[0], [1, 2]));
    expect(() => loadBertWeights(b.model())).toThrow('/encoder/layer.0/intermediate/dense: bias length 2 != 3');
  });

  it('refuses a graph without the embeddings scope, or without encoder layers', () => {
    expect(() => loadBertWeights(new Graph().model())).toThrow('no /embeddings/word_embeddings/ node: not a Hub-style BERT export');
    expect(() => loadBertWeights(new Graph().model())).toThrow(expect.objectContaining({ name: 'ReferenceWeightsError' }));
    const g = tinyBert();
    g.nodes = g.nodes.filter((n) => !n.name.startsWith('/encoder/'));
    expect(() => loadBertWeights(g.model())).toThrow('no /encoder/layer.N/ nodes found');
  });
});

// ---------------------------------------------------------------- loadMlmHead

/** cls/predictions head, hidden 2, vocab 3: transform dense, LayerNorm, decoder MatMul + bias Add in the predictions scope */
function mlmGraph(base = '/cls/predictions', o: { transform?: boolean; ln?: boolean; decoder?: boolean } = {}): Graph {
  const g = tinyBert();
  let x = 'h';
  if (o.transform !== false)
    x = dense(
      g,
      `${base}/transform/dense`,
      x,
      [
        [1, 2],
        [3, 4],
      ],
      [0.5, -0.5],
    );
  if (o.ln !== false) x = layerNorm(g, `${base}/transform/LayerNorm`, x, [2, 3], [4, 5], 1e-6);
  if (o.decoder !== false) {
    const mm = g.node(`${base}/decoder/MatMul`, 'MatMul', [x, g.w([1, 2, 3, 4, 5, 6], [2, 3])]);
    g.node(`${base}/Add`, 'Add', [mm, g.w([7, 8, 9])]);
  }
  return g;
}

describe('loadMlmHead on a hand-built head', () => {
  it('reads transform, LayerNorm (graph epsilon), decoder with the bias of the predictions scope; gelu by default', () => {
    const head = loadMlmHead(mlmGraph().model());
    expect(head.transform).toEqual({ weight: f32s([1, 2, 3, 4]), bias: f32s([0.5, -0.5]), inFeatures: 2, outFeatures: 2 });
    expect(head.layerNorm).toEqual({ gamma: f32s([2, 3]), beta: f32s([4, 5]), eps: 1e-6 });
    expect(head.decoder).toEqual({ weight: f32s([1, 2, 3, 4, 5, 6]), bias: f32s([7, 8, 9]), inFeatures: 2, outFeatures: 3 });
    expect(head.hiddenAct).toBe('gelu');
  });

  it('scopes without the leading slash are found too', () => {
    expect(loadMlmHead(mlmGraph('cls/predictions').model()).decoder.outFeatures).toBe(3);
  });

  it('a /transform/dense scope outside cls/predictions is no masked-LM head', () => {
    expect(() => loadMlmHead(mlmGraph('/pooler/predictions').model())).toThrow('no /cls/predictions/transform/dense scope: this export has no masked-LM head');
    expect(() => loadMlmHead(mlmGraph('/cls/predictions/transform/dense/inner').model())).toThrow('no /cls/predictions/transform/dense scope');
  });

  it('names the missing transform weight, LayerNorm and decoder', () => {
    const noTransformWeight = mlmGraph();
    noTransformWeight.nodes = noTransformWeight.nodes.filter((n) => n.name !== '/cls/predictions/transform/dense/MatMul');
    noTransformWeight.node('/cls/predictions/transform/dense/Relu', 'Relu', ['h']);
    expect(() => loadMlmHead(noTransformWeight.model())).toThrow('/cls/predictions/transform/dense: no MatMul with a constant weight found');
    expect(() => loadMlmHead(mlmGraph('/cls/predictions', { ln: false }).model())).toThrow(
      '/cls/predictions/transform/LayerNorm: LayerNorm scale/bias not found',
    );
    expect(() => loadMlmHead(mlmGraph('/cls/predictions', { decoder: false }).model())).toThrow(
      '/cls/predictions/decoder: no MatMul with a constant weight found',
    );
  });
});

// ---------------------------------------------------------------- bertForward, worked by hand

const ln = (gamma: number[], beta: number[], eps: number): LayerNormWeights => ({ gamma: f32s(gamma), beta: f32s(beta), eps });
const lin = (W: number[][], b: number[]): Dense => ({ weight: f32s(flat(W)), bias: f32s(b), inFeatures: W.length, outFeatures: W[0].length });
const zero = (i: number, o: number): Dense =>
  lin(
    Array.from({ length: i }, () => new Array<number>(o).fill(0)),
    new Array<number>(o).fill(0),
  );

/** hidden 2, one head (d 2), one layer; every Linear zero unless given, LayerNorms gamma 1 beta 0 */
function handWeights(
  o: {
    word?: number[];
    vocab?: number;
    eps?: [number, number, number];
    layer?: Partial<BertWeights['layers'][0]>;
    act?: 'gelu' | 'gelu_tanh';
    types?: boolean;
  } = {},
): BertWeights {
  const vocab = o.vocab ?? 2;
  const [e0, e1, e2] = o.eps ?? [1e-12, 1e-12, 1e-12];
  return {
    config: {
      hiddenSize: 2,
      numLayers: 1,
      numHeads: 1,
      headDim: 2,
      intermediateSize: 1,
      vocabSize: vocab,
      maxPositions: 3,
      typeVocabSize: o.types ? 2 : 0,
      layerNormEps: e0,
      hiddenAct: o.act ?? 'gelu',
    },
    wordEmbeddings: f32s(o.word ?? [1, -1, -1, 1]),
    positionEmbeddings: new Float32Array(6),
    tokenTypeEmbeddings: o.types ? f32s([0, 0, 10, -10]) : null,
    embeddingsLayerNorm: ln([1, 1], [0, 0], e0),
    layers: [
      {
        query: zero(2, 2),
        key: zero(2, 2),
        value: zero(2, 2),
        attentionOutput: zero(2, 2),
        attentionLayerNorm: ln([1, 1], [0, 0], e1),
        intermediate: zero(2, 1),
        output: zero(1, 2),
        outputLayerNorm: ln([1, 1], [0, 0], e2),
        ...o.layer,
      },
    ],
  };
}

describe('bertForward on hand-worked hidden-2 weights', () => {
  it('LayerNorm epsilon enters each normalisation: (1, -1) → (1, -1)/√2 → ·1/√(½+½) → ·1/√(½+½)', () => {
    // embeddings LN eps 1: var 1 → (1,-1)/√2; zero layer: attention LN of (t,-t), t² = ½, eps ½ → t; output LN likewise
    const out = bertForward(handWeights({ eps: [1, 0.5, 0.5] }), { inputIds: [0, 1] });
    const t = Math.SQRT1_2;
    expect(Array.from(out.lastHiddenState)).toEqual([t, -t, -t, t].map((v) => expect.closeTo(v, 6)));
    // zero Q and K: uniform attention
    expect(Array.from(out.attentions)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('token types add their row; absent, none is added', () => {
    // type 1 adds (10, -10): token 1 (-1, 1) becomes (9, -9), normalised (1, -1)
    const out = bertForward(handWeights({ types: true }), { inputIds: [1, 1], tokenTypeIds: [0, 1] });
    expect(Array.from(out.lastHiddenState)).toEqual([-1, 1, 1, -1].map((v) => expect.closeTo(v, 6)));
  });

  it('large attention scores: softmax of (800.5, 799.5) is (σ(1), σ(-1)), not NaN', () => {
    // q = (√2, 0) for every token; k_j = (0.5·h_j0 + 800, 0) with h = (1,-1) / (-1,1): scores √2·k_j0/√2
    const layer = {
      query: lin(
        [
          [0, 0],
          [0, 0],
        ],
        [Math.SQRT2, 0],
      ),
      key: lin(
        [
          [0.5, 0],
          [0, 0],
        ],
        [800, 0],
      ),
    };
    const out = bertForward(handWeights({ layer }), { inputIds: [0, 1] });
    const s = 1 / (1 + Math.exp(-1));
    expect(Array.from(out.attentions)).toEqual([s, 1 - s, s, 1 - s].map((v) => expect.closeTo(v, 5)));
  });

  it('hidden_act picks the GELU: gelu(1) = 0.84134 and tanh-gelu(1) = 0.84119 fall on either side of 0.84127', () => {
    // intermediate = 1 for every token; output = (act(1) - 2.84127, 0) + residual (1, -1): the sign of act(1) - 0.84127 decides
    const layer = { intermediate: lin([[0], [0]], [1]), output: lin([[1, 0]], [-2.84127, 0]) };
    const ids = { inputIds: [0, 0] };
    expect(Array.from(bertForward(handWeights({ layer, eps: [0, 0, 0] }), ids).lastHiddenState)).toEqual([1, -1, 1, -1].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(bertForward(handWeights({ layer, eps: [0, 0, 0], act: 'gelu_tanh' }), ids).lastHiddenState)).toEqual(
      [-1, 1, -1, 1].map((v) => expect.closeTo(v, 6)),
    );
  });

  it('checks batchSize, token ids against the vocabulary, the sequence length against max positions and Linear widths', () => {
    const w = handWeights();
    for (const batchSize of [0, -1, 1.5])
      expect(() => bertForward(w, { inputIds: [0, 1, 0], batchSize })).toThrow('inputIds length 3 is not batchSize × seqLen');
    expect(() => bertForward(w, { inputIds: [0, 2] })).toThrow('token id 2 outside vocabulary of 2');
    expect(() => bertForward(w, { inputIds: [-1, 0] })).toThrow('token id -1 outside vocabulary of 2');
    expect(bertForward(w, { inputIds: [0, 1, 0] }).seqLen).toBe(3);
    expect(() => bertForward(w, { inputIds: [0, 1, 0, 1] })).toThrow('sequence length 4 exceeds max_position_embeddings 3');
    expect(() => bertForward(handWeights({ layer: { intermediate: zero(3, 1) } }), { inputIds: [0, 1] })).toThrow('dense: input width 2 != 3');
  });
});

// ---------------------------------------------------------------- math

describe('erf / gelu / geluTanh at more points', () => {
  it('erf saturates to ±1 beyond 6', () => {
    expect(erf(7)).toBe(1);
    expect(erf(-7)).toBe(-1);
    expect(erf(-100)).toBe(-1);
  });

  it('geluTanh is 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))', () => {
    const k = Math.sqrt(2 / Math.PI);
    for (const x of [1, 2, -1.5, 3]) {
      expect(geluTanh(x)).toBeCloseTo(0.5 * x * (1 + Math.tanh(k * (x + 0.044715 * x ** 3))), 12);
    }
    // PyTorch gelu(approximate='tanh') at 1 and 2: 0.841192, 1.954598
    expect(geluTanh(1)).toBeCloseTo(0.841192, 6);
    expect(geluTanh(2)).toBeCloseTo(1.954598, 6);
  });

  it('gelu = x·Φ(x) at negative and large points', () => {
    // Φ(-2) = 0.022750131948179, Φ(3) = 0.998650101968370
    expect(gelu(-2)).toBeCloseTo(-2 * 0.022750131948179, 13);
    expect(gelu(3)).toBeCloseTo(3 * 0.99865010196837, 13);
  });
});
