import { beforeEach, describe, expect, it } from 'vitest';
import { ProtobufError } from '../../src/core/onnx/protobuf';
import {
  DataType,
  type ScannedModel,
  attrFloat,
  attrInt,
  attrInts,
  opsetVersion,
  scanModel,
  tensorToFloat32,
  tensorToNumbers,
} from '../../src/core/onnx/scan-model';
import { indexGraph } from '../../src/core/onnx/graph-index';
import { appendGraphOutputs } from '../../src/core/onnx/expose-outputs';
import { fixtureBytes } from '../fixtures/onnx/helpers';

describe('scanModel on the eager BERT fixture', () => {
  const bytes = fixtureBytes('bert_eager');
  // scanned before each test, not while the describe block is collected: Stryker never re-runs collection-time code
  // under a mutant (it counts as static and costs a run of the whole suite per mutant)
  let m: ScannedModel;
  beforeEach(() => {
    m = scanModel(bytes);
  });

  it('reads the model header and graph interface', () => {
    expect(m.irVersion).toBeGreaterThanOrEqual(7);
    expect(opsetVersion(m)).toBe(17);
    expect(m.inputs.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(m.inputs[0]).toEqual({ name: 'input_ids', elemType: DataType.INT64, shape: ['batch_size', 'sequence_length'] });
    expect(m.outputs).toEqual([{ name: 'last_hidden_state', elemType: DataType.FLOAT, shape: ['batch_size', 'sequence_length', 32] }]);
    expect(m.graphRecords).toHaveLength(1);
  });

  it('lists nodes with op types, domains and attributes', () => {
    const softmaxes = m.nodes.filter((n) => n.opType === 'Softmax');
    expect(softmaxes.map((n) => n.name)).toEqual(['/encoder/layer.0/attention/self/Softmax', '/encoder/layer.1/attention/self/Softmax']);
    expect(attrInt(softmaxes[0], 'axis')).toBe(-1); // negative int64 attribute
    const perms = m.nodes.filter((n) => n.name.startsWith('/encoder/layer.0/attention/self/Transpose')).map((n) => attrInts(n, 'perm'));
    expect(perms).toContainEqual([0, 2, 1, 3]);
    expect(perms).toContainEqual([0, 2, 3, 1]); // Kᵀ
    const ln = m.nodes.find((n) => n.opType === 'LayerNormalization');
    expect(attrFloat(ln!, 'epsilon')).toBeCloseTo(1e-12, 18);
    expect(m.nodes.every((n) => n.domain === '')).toBe(true);
    expect(m.nodes.map((n) => n.index)).toEqual(m.nodes.map((_, i) => i));
  });

  it('initializers are views into the model bytes', () => {
    const word = m.initializers.get('embeddings.word_embeddings.weight')!;
    expect(word.dims).toEqual([100, 32]);
    expect(word.dataType).toBe(DataType.FLOAT);
    expect(word.encoding).toBe('raw');
    expect(word.data.buffer).toBe(bytes.buffer);
    expect(word.data.byteLength).toBe(100 * 32 * 4);
    const f = tensorToFloat32(word);
    expect(f.length).toBe(3200);
    expect(f.every(Number.isFinite)).toBe(true);
  });

  it('reads Constant node tensors (the 1/√d scale)', () => {
    const g = indexGraph(m);
    const div = m.nodes.find((n) => n.name === '/encoder/layer.0/attention/self/Div')!;
    expect(g.constantValue(div.inputs[1])![0]).toBeCloseTo(Math.sqrt(8), 6);
    expect(g.isData(div.inputs[1])).toBe(false);
    expect(g.isData(div.inputs[0])).toBe(true);
  });

  it('accepts an ArrayBuffer', () => {
    const copy = bytes.slice().buffer;
    expect(scanModel(copy).nodes.length).toBe(m.nodes.length);
  });

  it('merges an appended graph record', () => {
    const more = appendGraphOutputs(bytes, [{ name: 'x' }, { name: 'y', elemType: null }]);
    const s = scanModel(more);
    expect(s.graphRecords).toHaveLength(2);
    expect(s.nodes.length).toBe(m.nodes.length);
    expect(s.initializers.size).toBe(m.initializers.size);
    expect(s.outputs.map((o) => o.name)).toEqual(['last_hidden_state', 'x', 'y']);
    expect(s.outputs[1]).toEqual({ name: 'x', elemType: DataType.FLOAT, shape: null });
    expect(s.outputs[2]).toEqual({ name: 'y', elemType: null, shape: null });
  });

  it('rejects truncated or foreign bytes', () => {
    expect(() => scanModel(bytes.subarray(0, bytes.length - 1000))).toThrow(ProtobufError);
    expect(() => scanModel(new TextEncoder().encode('{"not": "onnx"}'))).toThrow();
    expect(() => scanModel(new Uint8Array(0))).toThrow(/no graph/);
  });
});

describe('tensor decoding', () => {
  it('decodes int64 and float16 tensors', () => {
    const m = scanModel(fixtureBytes('bert_quant'));
    const zp = [...m.initializers.values()].find((t) => t.name.endsWith('_zero_point'))!;
    expect(zp.dataType).toBe(DataType.INT8);
    expect(tensorToNumbers(zp)).toEqual([0]);
    const wq = [...m.initializers.values()].find((t) => t.name.endsWith('_quantized'))!;
    const vals = tensorToFloat32(wq);
    expect(Math.max(...vals)).toBeLessThanOrEqual(127);
    expect(Math.min(...vals)).toBeGreaterThanOrEqual(-127);
    expect(Math.min(...vals)).toBeLessThan(0); // int8 sign preserved
  });

  it('scans the fused and Softmax-free fixtures', () => {
    const f = scanModel(fixtureBytes('fused_ms_attention'));
    expect(f.nodes[0]).toMatchObject({ opType: 'Attention', domain: 'com.microsoft' });
    expect(attrInt(f.nodes[0], 'num_heads')).toBe(2);
    expect(opsetVersion(f, 'com.microsoft')).toBe(1);
    expect(scanModel(fixtureBytes('no_softmax')).nodes.map((n) => n.opType)).toEqual(['MatMul']);
  });
});

describe('tensorToNumbers', () => {
  const tensor = (dataType: number, encoding: 'raw' | 'int64_data', data: Uint8Array, dims: number[]) => ({
    name: 't',
    dims,
    dataType,
    encoding,
    data,
    external: false,
  });
  it('int64 raw values stay exact (shape constants, large ids)', () => {
    const v = new BigInt64Array([-1n, 0n, 2n ** 40n + 1n]);
    expect(tensorToNumbers(tensor(DataType.INT64, 'raw', new Uint8Array(v.buffer), [3]))).toEqual([-1, 0, 2 ** 40 + 1]);
  });
  it('int32 raw above 2^24 stays exact', () => {
    const v = new Int32Array([16777217, -5]);
    expect(tensorToNumbers(tensor(DataType.INT32, 'raw', new Uint8Array(v.buffer), [2]))).toEqual([16777217, -5]);
  });
  it('float16 raw', () => {
    const v = new Uint16Array([0x3c00, 0xc000, 0x3555]); // 1, -2, ~0.3333
    const out = tensorToFloat32(tensor(DataType.FLOAT16, 'raw', new Uint8Array(v.buffer), [3]));
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(-2);
    expect(out[2]).toBeCloseTo(1 / 3, 3);
  });
  it('unaligned float32 raw data is copied, aligned data is a view', () => {
    const f = new Float32Array([1.5, -2.25]);
    const buf = new Uint8Array(9);
    buf.set(new Uint8Array(f.buffer), 1);
    const unaligned = tensorToFloat32(tensor(DataType.FLOAT, 'raw', buf.subarray(1), [2]));
    expect(Array.from(unaligned)).toEqual([1.5, -2.25]);
    const aligned = new Uint8Array(f.buffer);
    expect(tensorToFloat32(tensor(DataType.FLOAT, 'raw', aligned, [2])).buffer).toBe(f.buffer);
  });
});
