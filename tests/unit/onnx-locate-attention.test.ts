import { describe, expect, it } from 'vitest';
import { type ScannedModel, type ScannedNode, scanModel } from '../../src/core/onnx/scan-model';
import { AttentionLocateError, FusedAttentionError, type ScaleKind, assertNoFusedAttention, locateAttention } from '../../src/core/onnx/locate-attention';
import { fixtureBytes } from '../fixtures/onnx/helpers';

const cases: Array<{ name: string; prefix: string; q: string; kt: string; kind: ScaleKind }> = [
  { name: 'bert_eager', prefix: '/encoder/layer.L/attention/self/', q: 'Transpose_output_0', kt: 'Transpose_2_output_0', kind: 'scores-div' },
  { name: 'bert_sdpa', prefix: '/encoder/layer.L/attention/self/', q: 'Transpose_output_0', kt: 'Transpose_2_output_0', kind: 'qk-mul' },
  { name: 'distilbert', prefix: '/transformer/layer.L/attention/', q: 'Transpose_output_0', kt: 'Transpose_2_output_0', kind: 'q-div' },
  { name: 'bert_quant', prefix: '/encoder/layer.L/attention/self/', q: 'Transpose_output_0', kt: 'Transpose_2_output_0', kind: 'scores-div' },
];

describe('locateAttention on fixtures', () => {
  it.each(cases)('$name: softmax, Q, Kᵀ per layer in order ($kind)', ({ name, prefix, q, kt, kind }) => {
    const { layers } = locateAttention(scanModel(fixtureBytes(name)));
    expect(layers).toHaveLength(2);
    layers.forEach((l, i) => {
      const p = prefix.replace('L', String(i));
      expect(l.index).toBe(i);
      expect(l.softmaxOutput).toBe(`${p}Softmax_output_0`);
      expect(l.softmaxAxis).toBe(-1);
      expect(l.scoresMatMul).toBe(`${p}MatMul`);
      expect(l.queryTensor).toBe(`${p}${q}`);
      expect(l.keyTransposedTensor).toBe(`${p}${kt}`);
      expect(l.scaleKind).toBe(kind);
      expect(l.scale).toBeCloseTo(1 / Math.sqrt(8), 6);
    });
  });

  it('orders layers by data flow, not by names or file order', () => {
    const m = scanModel(fixtureBytes('bert_eager'));
    // swap every "layer.0" / "layer.1" in node and tensor names, then reverse the node list
    const swap = (s: string): string => s.replace(/layer\.([01])\//g, (_, d: string) => `layer.${d === '0' ? 1 : 0}/`);
    const nodes: ScannedNode[] = m.nodes
      .map((n) => ({ ...n, name: swap(n.name), inputs: n.inputs.map(swap), outputs: n.outputs.map(swap) }))
      .reverse()
      .map((n, index) => ({ ...n, index }));
    const shuffled: ScannedModel = { ...m, nodes };
    const { layers } = locateAttention(shuffled);
    // the first layer in data flow now carries the "layer.1" names
    expect(layers.map((l) => l.softmaxOutput)).toEqual([
      '/encoder/layer.1/attention/self/Softmax_output_0',
      '/encoder/layer.0/attention/self/Softmax_output_0',
    ]);
    expect(layers[0].queryTensor).toBe('/encoder/layer.1/attention/self/Transpose_output_0');
  });
});

describe('refusals', () => {
  it('refuses com.microsoft Attention and names the op', () => {
    const m = scanModel(fixtureBytes('fused_ms_attention'));
    let err: unknown;
    try {
      locateAttention(m);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FusedAttentionError);
    const f = err as FusedAttentionError;
    expect(f.code).toBe('fused-attention');
    expect(f.op).toBe('com.microsoft.Attention');
    expect(f.nodeName).toBe('Attention_0');
    expect(f.message).toMatch(/com\.microsoft\.Attention/);
    expect(f.message).toMatch(/unoptimised export/);
  });

  it('refuses the ONNX-domain Attention op (opset 23)', () => {
    expect(() => locateAttention(scanModel(fixtureBytes('fused_onnx_attention')))).toThrow(
      expect.objectContaining({ code: 'fused-attention', op: 'Attention', message: expect.stringMatching(/Attention.*unoptimised export/s) }),
    );
  });

  it.each(['MultiHeadAttention', 'PackedAttention', 'QAttention', 'GroupQueryAttention', 'PackedMultiHeadAttention'])('refuses com.microsoft %s', (op) => {
    const m = synthetic([{ opType: op, domain: 'com.microsoft', inputs: ['x'], outputs: ['y'] }]);
    expect(() => assertNoFusedAttention(m)).toThrow(new RegExp(`com\\.microsoft\\.${op}.*unoptimised`, 's'));
  });

  it('ignores an op named Attention in some other custom domain', () => {
    const m = synthetic([{ opType: 'Attention', domain: 'my.domain', inputs: ['x'], outputs: ['y'] }]);
    expect(() => assertNoFusedAttention(m)).not.toThrow();
  });

  it('explains a model without Softmax', () => {
    expect(() => locateAttention(scanModel(fixtureBytes('no_softmax')))).toThrow(
      expect.objectContaining({ code: 'no-softmax', message: expect.stringMatching(/no Softmax/) }),
    );
  });

  it('explains a Softmax that is not attention', () => {
    const m = synthetic([
      { opType: 'MatMul', inputs: ['x', 'w'], outputs: ['logits'] },
      { opType: 'Softmax', inputs: ['logits'], outputs: ['p'] },
    ]);
    let err: unknown;
    try {
      locateAttention(m);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AttentionLocateError);
    expect((err as AttentionLocateError).code).toBe('no-attention-pattern');
  });

  it('finds attention in a minimal hand-built pattern with Where masking and Cast', () => {
    const m = synthetic([
      { opType: 'Transpose', inputs: ['k'], outputs: ['kt'] },
      { opType: 'MatMul', inputs: ['q', 'kt'], outputs: ['s'] },
      { opType: 'Cast', inputs: ['s'], outputs: ['s32'] },
      { opType: 'Where', inputs: ['mask', 'neg', 's32'], outputs: ['masked'] },
      { opType: 'Softmax', inputs: ['masked'], outputs: ['probs'] },
    ]);
    const { layers } = locateAttention(m);
    expect(layers).toEqual([expect.objectContaining({ softmaxOutput: 'probs', queryTensor: 'q', keyTransposedTensor: 'kt', scaleKind: 'none', scale: 1 })]);
  });
});

/** A ScannedModel from a node list; graph inputs are x, q, k, mask; w and neg are weights. */
function synthetic(spec: Array<{ opType: string; domain?: string; inputs: string[]; outputs: string[] }>): ScannedModel {
  const weight = (name: string) => ({ name, dims: [1], dataType: 1, encoding: 'raw' as const, data: new Uint8Array(4), external: false });
  return {
    irVersion: 8,
    producerName: 'test',
    opsetImports: [{ domain: '', version: 17 }],
    graphName: 'g',
    nodes: spec.map((s, index) => ({ index, name: `n${index}`, domain: s.domain ?? '', attributes: new Map(), ...s })),
    initializers: new Map([
      ['w', weight('w')],
      ['neg', weight('neg')],
    ]),
    inputs: ['x', 'q', 'k', 'mask'].map((name) => ({ name, elemType: 1, shape: null })),
    outputs: [],
    valueInfo: [],
    graphRecords: [{ start: 0, end: 0 }],
  };
}
