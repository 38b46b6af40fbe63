// locateAttention / assertNoFusedAttention (src/core/onnx/locate-attention.ts) on small hand-built graphs: which
// Softmax counts as attention, how far back the walk goes, which MatMul is Q·Kᵀ, how the scale is classified and
// combined, and the refusals with their messages.
import { describe, expect, it } from 'vitest';
import { type AttentionLayer, AttentionLocateError, FusedAttentionError, assertNoFusedAttention, locateAttention } from '../../src/core/onnx/locate-attention';
import { type AttributeValue, DataType, type ScannedModel, type ScannedTensor } from '../../src/core/onnx/scan-model';
import { thrown } from '../support/thrown';

interface NodeSpec {
  opType: string;
  domain?: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attributes?: Array<[string, AttributeValue]>;
}

/** float32 constant (raw little-endian data). */
function constant(name: string, values: number[]): ScannedTensor {
  const data = new Uint8Array(new Float32Array(values).buffer);
  return { name, dims: values.length === 1 ? [] : [values.length], dataType: DataType.FLOAT, encoding: 'raw', data, external: false };
}

/**
 * A ScannedModel from a node list. Graph inputs (data): q, k, x, mask and x0…x59. Constants: c2 = 2, c4 = 4,
 * c8 = 8, half = 0.5, quarter = 0.25, zero = 0, pair = [2, 4], w = 1 and w0…w59 = 1.
 */
function graph(nodes: NodeSpec[], opset: Array<{ domain: string; version: number }> = [{ domain: '', version: 17 }]): ScannedModel {
  const consts = [
    constant('c2', [2]),
    constant('c4', [4]),
    constant('c8', [8]),
    constant('half', [0.5]),
    constant('quarter', [0.25]),
    constant('zero', [0]),
    constant('pair', [2, 4]),
    constant('w', [1]),
    ...Array.from({ length: 60 }, (_, i) => constant(`w${i}`, [1])),
  ];
  const inputs = ['q', 'k', 'x', 'mask', ...Array.from({ length: 60 }, (_, i) => `x${i}`)];
  return {
    irVersion: 8,
    producerName: 'test',
    opsetImports: opset,
    graphName: 'g',
    nodes: nodes.map((s, index) => ({
      index,
      name: s.name ?? `n${index}`,
      domain: s.domain ?? '',
      opType: s.opType,
      inputs: s.inputs,
      outputs: s.outputs,
      attributes: new Map(s.attributes ?? []),
    })),
    initializers: new Map(consts.map((t) => [t.name, t])),
    inputs: inputs.map((name) => ({ name, elemType: DataType.FLOAT, shape: null })),
    outputs: [],
    valueInfo: [],
    graphRecords: [{ start: 0, end: 0 }],
  };
}

const op = (opType: string, inputs: string[], output: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ opType, inputs, outputs: [output], ...extra });
const qk = (q = 'q', k = 'k', out = 's'): NodeSpec => op('MatMul', [q, k], out, { name: 'qk' });
const softmax = (input: string, out = 'p', extra: Partial<NodeSpec> = {}): NodeSpec => op('Softmax', [input], out, { name: 'sm', ...extra });

function only(m: ScannedModel): AttentionLayer {
  const { layers } = locateAttention(m);
  expect(layers).toHaveLength(1);
  return layers[0];
}

const NO_PATTERN = (n: number) =>
  `Found ${n} Softmax node(s) but none is fed by a Q·Kᵀ MatMul of two activations; this export does not have the attention pattern we can read.`;

describe('fused attention', () => {
  it.each([
    'Attention',
    'MultiHeadAttention',
    'PackedAttention',
    'PackedMultiHeadAttention',
    'QAttention',
    'GroupQueryAttention',
    'DecoderAttention',
    'DecoderMaskedMultiHeadAttention',
    'DecoderMaskedSelfAttention',
    'LongformerAttention',
    'SparseAttention',
    'QOrderedAttention',
    'PagedAttention',
  ])('com.microsoft %s is refused, with one node named in the message', (opType) => {
    const e = thrown(() => assertNoFusedAttention(graph([op(opType, ['x'], 'y', { domain: 'com.microsoft', name: 'fused0' })])));
    expect(e).toBeInstanceOf(FusedAttentionError);
    expect(e).toBeInstanceOf(AttentionLocateError);
    const f = e as FusedAttentionError;
    expect(f.name).toBe('FusedAttentionError');
    expect(f.code).toBe('fused-attention');
    expect([f.op, f.nodeName, f.count]).toEqual([`com.microsoft.${opType}`, 'fused0', 1]);
    expect(f.message).toBe(
      `This ONNX export has fused attention: 1 com.microsoft.${opType} node (first: "fused0") computes attention inside one operator, so the per-head attention probabilities never exist as a tensor. Choose an unoptimised export of the model (e.g. onnx/model.onnx or onnx/model_quantized.onnx, not an O2/O3/O4-optimised or "fused" file).`,
    );
  });

  it('only Attention is fused in the ONNX domain; other names there and other domains pass', () => {
    for (const [opType, domain] of [
      ['MultiHeadAttention', ''],
      ['QAttention', ''],
      ['Attention', 'com.example'],
      ['SelfAttention', 'com.microsoft'],
    ])
      expect(() => assertNoFusedAttention(graph([op(opType, ['x'], 'y', { domain })]))).not.toThrow();
    const e = thrown(() => assertNoFusedAttention(graph([op('Attention', ['x'], 'y', { name: 'att' })]))) as FusedAttentionError;
    expect([e.op, e.nodeName, e.count]).toEqual(['Attention', 'att', 1]);
  });

  it('counts the nodes of the first fused op only and names the first one', () => {
    const m = graph([
      op('Relu', ['x'], 'r'),
      op('MultiHeadAttention', ['r'], 'a', { domain: 'com.microsoft', name: 'mha0' }),
      op('Attention', ['a'], 'b', { domain: 'com.microsoft', name: 'att0' }),
      op('MultiHeadAttention', ['b'], 'c', { domain: 'com.microsoft', name: 'mha1' }),
      op('Attention', ['c'], 'd', { name: 'onnx-att' }),
      op('MultiHeadAttention', ['d'], 'e', { domain: 'com.microsoft', name: 'mha2' }),
    ]);
    const e = thrown(() => assertNoFusedAttention(m)) as FusedAttentionError;
    expect([e.op, e.nodeName, e.count]).toEqual(['com.microsoft.MultiHeadAttention', 'mha0', 3]);
    expect(e.message).toMatch(/^This ONNX export has fused attention: 3 com\.microsoft\.MultiHeadAttention nodes \(first: "mha0"\) compute attention inside/);
  });

  it('an unnamed fused node is named by its first output, or "(unnamed)"', () => {
    const byOutput = thrown(() => assertNoFusedAttention(graph([op('Attention', ['x'], 'att_out', { domain: 'com.microsoft', name: '' })])));
    expect((byOutput as FusedAttentionError).nodeName).toBe('att_out');
    const anonymous = { opType: 'Attention', domain: 'com.microsoft', name: '', inputs: ['x'], outputs: [] };
    expect((thrown(() => assertNoFusedAttention(graph([anonymous]))) as FusedAttentionError).nodeName).toBe('(unnamed)');
  });

  it('locateAttention refuses a graph with a fused node even when another layer has the plain pattern', () => {
    const m = graph([qk(), softmax('s'), op('Attention', ['p'], 'y', { domain: 'com.microsoft', name: 'late' })]);
    expect(thrown(() => locateAttention(m))).toBeInstanceOf(FusedAttentionError);
  });
});

describe('Softmax without the pattern', () => {
  it('no Softmax in the ONNX domain: no-softmax, with its message', () => {
    const e = thrown(() => locateAttention(graph([qk(), softmax('s', 'p', { domain: 'com.example' })])));
    expect(e).toBeInstanceOf(AttentionLocateError);
    const a = e as AttentionLocateError;
    expect(a.name).toBe('AttentionLocateError');
    expect(a.code).toBe('no-softmax');
    expect(a.message).toBe(
      'This ONNX model has no Softmax node, so there are no attention probabilities to expose. It may not be a transformer encoder, or attention may be computed by a custom op.',
    );
  });

  it('no-attention-pattern counts the Softmax nodes it tried', () => {
    const m = graph([op('MatMul', ['x', 'w'], 'logits'), softmax('logits', 'p1'), op('Softmax', ['w'], 'p2'), op('Softmax', [], 'p3')]);
    const e = thrown(() => locateAttention(m)) as AttentionLocateError;
    expect(e).toBeInstanceOf(AttentionLocateError);
    expect(e.code).toBe('no-attention-pattern');
    expect(e.message).toBe(NO_PATTERN(3));
  });

  it.each([
    ['a weight on the left', ['w', 'k']],
    ['a weight on the right', ['q', 'w']],
  ])('a MatMul with %s is a projection, not Q·Kᵀ', (_, inputs) => {
    expect((thrown(() => locateAttention(graph([op('MatMul', inputs, 's'), softmax('s')]))) as AttentionLocateError).message).toBe(NO_PATTERN(1));
  });

  it('MatMul counts in the ONNX domain, FusedMatMul only in com.microsoft', () => {
    expect(only(graph([op('FusedMatMul', ['q', 'k'], 's', { domain: 'com.microsoft', name: 'fmm' }), softmax('s')])).scoresMatMul).toBe('fmm');
    for (const [opType, domain] of [
      ['FusedMatMul', ''],
      ['MatMul', 'com.microsoft'],
      ['Gemm', ''],
    ])
      expect(() => locateAttention(graph([op(opType, ['q', 'k'], 's', { domain }), softmax('s')]))).toThrow(NO_PATTERN(1));
  });

  it('the walk does not go through other ops, nor through score-path ops of another domain', () => {
    for (const bad of [op('Relu', ['s'], 't'), op('Transpose', ['s'], 't'), op('Exp', ['s'], 't'), op('Identity', ['s'], 't', { domain: 'com.example' })])
      expect(() => locateAttention(graph([qk(), bad, softmax('t')]))).toThrow(NO_PATTERN(1));
  });
});

describe('the layer found', () => {
  it('reports every field of a bare Softmax(Q·Kᵀ)', () => {
    const { layers } = locateAttention(graph([qk(), softmax('s')]));
    expect(layers).toEqual([
      {
        index: 0,
        softmaxNode: 'sm',
        softmaxOutput: 'p',
        softmaxAxis: -1,
        scoresMatMul: 'qk',
        queryTensor: 'q',
        keyTransposedTensor: 'k',
        scaleKind: 'none',
        scale: 1,
      },
    ]);
  });

  it('the Softmax axis: as written, else -1 from opset 13 and 1 before it', () => {
    const axis = (attrs: Array<[string, AttributeValue]>, opset?: Array<{ domain: string; version: number }>) =>
      only(graph([qk(), softmax('s', 'p', { attributes: attrs })], opset)).softmaxAxis;
    expect(axis([['axis', { kind: 'int', value: 3 }]], [{ domain: '', version: 11 }])).toBe(3);
    expect(axis([['axis', { kind: 'int', value: -1 }]], [{ domain: '', version: 11 }])).toBe(-1);
    expect(axis([], [{ domain: '', version: 12 }])).toBe(1);
    expect(axis([], [{ domain: '', version: 13 }])).toBe(-1);
    expect(axis([], [{ domain: '', version: 17 }])).toBe(-1);
    // no import of the ONNX domain: treated as a current opset
    expect(axis([], [{ domain: 'com.microsoft', version: 1 }])).toBe(-1);
    expect(axis([], [])).toBe(-1);
  });

  it('skips Softmax nodes that are not attention and numbers the layers in data-flow order', () => {
    // three layers written last-first in the file; a classifier Softmax in between
    const layer = (l: number, h: string): NodeSpec[] => [
      op('MatMul', [h, h], `s${l}`, { name: `qk${l}` }),
      op('Softmax', [`s${l}`], `p${l}`, { name: `sm${l}` }),
      op('MatMul', [`p${l}`, h], `h${l + 1}`),
    ];
    const nodes = [...layer(2, 'h2'), op('MatMul', ['h3', 'w'], 'logits'), op('Softmax', ['logits'], 'probs'), ...layer(1, 'h1'), ...layer(0, 'x')];
    const { layers } = locateAttention(graph(nodes));
    expect(layers.map((l) => [l.index, l.softmaxNode, l.softmaxOutput, l.scoresMatMul, l.queryTensor])).toEqual([
      [0, 'sm0', 'p0', 'qk0', 'x'],
      [1, 'sm1', 'p1', 'qk1', 'h1'],
      [2, 'sm2', 'p2', 'qk2', 'h2'],
    ]);
  });
});

describe('the walk from Softmax back to Q·Kᵀ', () => {
  it.each(['Add', 'Sub', 'Where', 'Cast', 'Identity', 'Reshape', 'Max', 'Min', 'Clip'])('through %s (no scale)', (opType) => {
    const l = only(graph([qk(), op(opType, ['s', 'mask'], 't'), softmax('t')]));
    expect([l.scoresMatMul, l.queryTensor, l.keyTransposedTensor, l.scaleKind, l.scale]).toEqual(['qk', 'q', 'k', 'none', 1]);
  });

  it('through 12 ops, not 13', () => {
    const chain = (n: number): NodeSpec[] => [
      qk('q', 'k', 't0'),
      ...Array.from({ length: n }, (_, i) => op('Identity', [`t${i}`], `t${i + 1}`)),
      softmax(`t${n}`),
    ];
    expect(only(graph(chain(12))).scoresMatMul).toBe('qk');
    expect(() => locateAttention(graph(chain(13)))).toThrow(NO_PATTERN(1));
  });

  it('visits at most 48 tensors: a Max of 46 other activations before the scores is fine, of 47 is not', () => {
    const wide = (n: number): NodeSpec[] => [qk(), op('Max', [...Array.from({ length: n }, (_, i) => `x${i}`), 's'], 't'), softmax('t')];
    expect(only(graph(wide(46))).scoresMatMul).toBe('qk');
    expect(() => locateAttention(graph(wide(47)))).toThrow(NO_PATTERN(1));
  });

  it('visits each tensor once and never visits weights', () => {
    const repeated = [qk(), op('Max', [...new Array<string>(60).fill('x'), 's'], 't'), softmax('t')];
    expect(only(graph(repeated)).scoresMatMul).toBe('qk');
    const weights = [qk(), op('Max', [...Array.from({ length: 60 }, (_, i) => `w${i}`), 's'], 't'), softmax('t')];
    expect(only(graph(weights)).scoresMatMul).toBe('qk');
  });
});

describe('scale between the MatMul and the Softmax', () => {
  it('Div by a constant: scores-div, 1/c', () => {
    const l = only(graph([qk(), op('Div', ['s', 'c8'], 't'), softmax('t')]));
    expect([l.scaleKind, l.scale]).toEqual(['scores-div', 0.125]);
  });

  it('Mul by a constant, on either side: scores-mul, c', () => {
    for (const inputs of [
      ['s', 'quarter'],
      ['quarter', 's'],
    ]) {
      const l = only(graph([qk(), op('Mul', inputs, 't'), softmax('t')]));
      expect([l.scaleKind, l.scale]).toEqual(['scores-mul', 0.25]);
    }
  });

  it('a constant divided by the scores, or scores times another activation, is no scale', () => {
    for (const inputs of [
      ['Div', 'c8', 's'],
      ['Mul', 's', 'mask'],
      ['Div', 's', 'mask'],
    ]) {
      const l = only(graph([qk(), op(inputs[0], inputs.slice(1), 't'), softmax('t')]));
      expect([l.scoresMatMul, l.scaleKind, l.scale]).toEqual(['qk', 'none', 1]);
    }
  });

  it('other ops with a constant operand (a fixed mask or bias, a clip bound) are no scale', () => {
    for (const opType of ['Add', 'Sub', 'Max', 'Min', 'Clip']) {
      const l = only(graph([qk(), op(opType, ['s', 'c2'], 't'), softmax('t')]));
      expect([l.scoresMatMul, l.scaleKind, l.scale]).toEqual(['qk', 'none', 1]);
    }
  });

  it('two scale ops: mixed, with the product of the factors', () => {
    const l = only(graph([qk(), op('Mul', ['s', 'half'], 't'), op('Div', ['t', 'c4'], 'u'), softmax('u')]));
    expect([l.scaleKind, l.scale]).toEqual(['mixed', 0.125]);
  });

  it('a scale op after a mask still counts', () => {
    const l = only(graph([qk(), op('Add', ['s', 'mask'], 't'), op('Div', ['t', 'c2'], 'u'), op('Cast', ['u'], 'v'), softmax('v')]));
    expect([l.scaleKind, l.scale]).toEqual(['scores-div', 0.5]);
  });

  it('an unknown, zero or non-scalar factor leaves the kind but no overall scale', () => {
    for (const [factorNodes, factor] of [
      [[], 'zero'],
      [[], 'pair'],
      [[op('Shape', ['x'], 'dims')], 'dims'],
    ] as Array<[NodeSpec[], string]>) {
      const l = only(graph([...factorNodes, qk(), op('Div', ['s', factor], 't'), softmax('t')]));
      expect([l.scaleKind, l.scale]).toEqual(['scores-div', null]);
    }
    const mul = only(graph([qk(), op('Mul', ['s', 'zero'], 't'), softmax('t')]));
    expect([mul.scaleKind, mul.scale]).toEqual(['scores-mul', null]);
  });
});

describe('scale on the Q and K operands', () => {
  it('Q divided by a constant: q-div, and the unscaled Q is reported', () => {
    const l = only(graph([op('Div', ['q', 'c4'], 'qs'), qk('qs', 'k'), softmax('s')]));
    expect([l.queryTensor, l.keyTransposedTensor, l.scaleKind, l.scale]).toEqual(['q', 'k', 'q-div', 0.25]);
  });

  it('Q times a constant: q-mul', () => {
    const l = only(graph([op('Mul', ['half', 'q'], 'qs'), qk('qs', 'k'), softmax('s')]));
    expect([l.queryTensor, l.scaleKind, l.scale]).toEqual(['q', 'q-mul', 0.5]);
  });

  it('Q and Kᵀ each times a constant: qk-mul, the product', () => {
    const l = only(graph([op('Mul', ['q', 'half'], 'qs'), op('Mul', ['k', 'quarter'], 'ks'), qk('qs', 'ks'), softmax('s')]));
    expect([l.queryTensor, l.keyTransposedTensor, l.scaleKind, l.scale]).toEqual(['q', 'k', 'qk-mul', 0.125]);
  });

  it('other combinations are mixed', () => {
    const cases: Array<[NodeSpec[], string, string]> = [
      // Kᵀ alone
      [[op('Mul', ['k', 'quarter'], 'ks')], 'q', 'ks'],
      // Q divided, Kᵀ multiplied, and the other way round
      [[op('Div', ['q', 'c2'], 'qs'), op('Mul', ['k', 'half'], 'ks')], 'qs', 'ks'],
      [[op('Mul', ['q', 'half'], 'qs'), op('Div', ['k', 'c2'], 'ks')], 'qs', 'ks'],
      // two factors on Q
      [[op('Mul', ['q', 'half'], 'q1'), op('Mul', ['q1', 'half'], 'qs')], 'qs', 'k'],
    ];
    for (const [nodes, qIn, kIn] of cases) {
      const l = only(graph([...nodes, qk(qIn, kIn), softmax('s')]));
      expect([l.queryTensor, l.keyTransposedTensor, l.scaleKind, l.scale]).toEqual(['q', 'k', 'mixed', 0.25]);
    }
    // a factor on Q and one on the scores
    const both = only(graph([op('Mul', ['q', 'half'], 'qs'), qk('qs', 'k'), op('Div', ['s', 'c2'], 't'), softmax('t')]));
    expect([both.queryTensor, both.scaleKind, both.scale]).toEqual(['q', 'mixed', 0.25]);
    // a factor on Kᵀ and one on the scores
    const kAndScores = only(graph([op('Mul', ['k', 'half'], 'ks'), qk('q', 'ks'), op('Div', ['s', 'c2'], 't'), softmax('t')]));
    expect([kAndScores.keyTransposedTensor, kAndScores.scaleKind, kAndScores.scale]).toEqual(['k', 'mixed', 0.25]);
    // Q and Kᵀ multiplied plus a Div of the scores: three factors
    const three = only(graph([op('Mul', ['q', 'half'], 'qs'), op('Mul', ['k', 'half'], 'ks'), qk('qs', 'ks'), op('Div', ['s', 'c2'], 't'), softmax('t')]));
    expect([three.scaleKind, three.scale]).toEqual(['mixed', 0.125]);
  });

  it('unwraps at most three factors from an operand', () => {
    const nodes = [op('Mul', ['q', 'c2'], 'q1'), op('Mul', ['q1', 'c2'], 'q2'), op('Mul', ['q2', 'c2'], 'q3'), op('Mul', ['q3', 'c2'], 'q4')];
    const l = only(graph([...nodes, qk('q4', 'k'), softmax('s')]));
    expect([l.queryTensor, l.scaleKind, l.scale]).toEqual(['q1', 'mixed', 8]);
  });

  it('a constant divided by Q, a product of two activations, a bias or an op of another domain is not unwrapped', () => {
    for (const scaleNode of [
      op('Add', ['q', 'c2'], 'qs'),
      op('Div', ['c2', 'q'], 'qs'),
      op('Mul', ['q', 'x'], 'qs'),
      op('Mul', ['q', 'c2'], 'qs', { domain: 'com.example' }),
    ]) {
      const l = only(graph([scaleNode, qk('qs', 'k'), softmax('s')]));
      expect([l.queryTensor, l.scaleKind, l.scale]).toEqual(['qs', 'none', 1]);
    }
  });
});
