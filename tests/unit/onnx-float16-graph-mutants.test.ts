// graphUsesFloat16 (src/core/onnx/float16-graph.ts) on small hand-built graphs: one rule at a time, each with the
// case it must accept and the near miss it must refuse.
import { describe, expect, it } from 'vitest';
import { graphUsesFloat16 } from '../../src/core/onnx/float16-graph';
import { type AttributeValue, DataType, type ScannedModel, type ScannedTensor, type ScannedValueInfo } from '../../src/core/onnx/scan-model';

interface NodeSpec {
  opType: string;
  domain?: string;
  inputs: string[];
  outputs: string[];
  attributes?: Array<[string, AttributeValue]>;
}

function tensor(name: string, dataType: number): ScannedTensor {
  return { name, dims: [2], dataType, encoding: 'raw', data: new Uint8Array(dataType === DataType.FLOAT16 ? 4 : 8), external: false };
}

function model(spec: {
  nodes?: NodeSpec[];
  initializers?: ScannedTensor[];
  inputs?: ScannedValueInfo[];
  outputs?: ScannedValueInfo[];
  valueInfo?: ScannedValueInfo[];
}): ScannedModel {
  return {
    irVersion: 8,
    producerName: 'test',
    opsetImports: [{ domain: '', version: 17 }],
    graphName: 'g',
    nodes: (spec.nodes ?? []).map((s, index) => ({
      index,
      name: `n${index}`,
      domain: s.domain ?? '',
      opType: s.opType,
      inputs: s.inputs,
      outputs: s.outputs,
      attributes: new Map(s.attributes ?? []),
    })),
    initializers: new Map((spec.initializers ?? []).map((t) => [t.name, t])),
    inputs: spec.inputs ?? [],
    outputs: spec.outputs ?? [],
    valueInfo: spec.valueInfo ?? [],
    graphRecords: [{ start: 0, end: 0 }],
  };
}

const castTo = (to: number, input: string, output: string, domain = ''): NodeSpec => ({
  opType: 'Cast',
  domain,
  inputs: [input],
  outputs: [output],
  attributes: [['to', { kind: 'int', value: to }]],
});
const matmul = (a: string, b: string, out: string): NodeSpec => ({ opType: 'MatMul', inputs: [a, b], outputs: [out] });
const info = (name: string, elemType: number | null): ScannedValueInfo => ({ name, elemType, shape: null });

describe('graphUsesFloat16: weights', () => {
  it('an empty graph and a float32-only graph compute in float32', () => {
    expect(graphUsesFloat16(model({}))).toBe(false);
    expect(
      graphUsesFloat16(
        model({
          initializers: [tensor('w', DataType.FLOAT), tensor('unused', DataType.FLOAT)],
          inputs: [info('x', DataType.FLOAT)],
          outputs: [info('y', DataType.FLOAT)],
          nodes: [matmul('x', 'w', 'y')],
        }),
      ),
    ).toBe(false);
  });

  it('non-float16 weights nobody reads do not count; a float16 one does', () => {
    for (const dataType of [DataType.FLOAT, DataType.INT64, DataType.BFLOAT16, DataType.DOUBLE])
      expect(graphUsesFloat16(model({ initializers: [tensor('w', dataType)] }))).toBe(false);
    expect(graphUsesFloat16(model({ initializers: [tensor('w', DataType.FLOAT16)] }))).toBe(true);
  });

  it('a float16 weight read directly by a MatMul makes the graph float16', () => {
    const m = model({ initializers: [tensor('w', DataType.FLOAT16)], inputs: [info('x', DataType.FLOAT)], nodes: [matmul('x', 'w', 'y')] });
    expect(graphUsesFloat16(m)).toBe(true);
  });

  it('a float16 weight whose only reader is a Cast to float32 is storage: float32 graph', () => {
    const m = model({
      initializers: [tensor('w16', DataType.FLOAT16), tensor('v16', DataType.FLOAT16)],
      inputs: [info('x', DataType.FLOAT)],
      nodes: [castTo(DataType.FLOAT, 'w16', 'w'), castTo(DataType.FLOAT, 'v16', 'v'), matmul('x', 'w', 'h'), matmul('h', 'v', 'y')],
    });
    expect(graphUsesFloat16(m)).toBe(false);
  });

  it('the same weight also read by another node is used in float16', () => {
    const m = model({
      initializers: [tensor('w16', DataType.FLOAT16)],
      inputs: [info('x', DataType.FLOAT)],
      nodes: [castTo(DataType.FLOAT, 'w16', 'w'), matmul('x', 'w', 'h'), { opType: 'Shape', inputs: ['w16'], outputs: ['s'] }],
    });
    expect(graphUsesFloat16(m)).toBe(true);
  });

  it('a Cast to some other type, a Cast without `to`, or a Cast in another domain does not make a float16 weight storage', () => {
    for (const cast of [
      castTo(DataType.DOUBLE, 'w16', 'w'),
      castTo(DataType.FLOAT, 'w16', 'w', 'com.example'),
      { opType: 'Cast', inputs: ['w16'], outputs: ['w'] },
      { ...castTo(DataType.FLOAT, 'w16', 'w'), opType: 'CastLike' },
    ] satisfies NodeSpec[]) {
      expect(graphUsesFloat16(model({ initializers: [tensor('w16', DataType.FLOAT16)], nodes: [cast] }))).toBe(true);
    }
  });

  it('a Cast to float32 of something else does not excuse a float16 weight read elsewhere', () => {
    const m = model({
      initializers: [tensor('w16', DataType.FLOAT16)],
      inputs: [info('x', DataType.FLOAT)],
      nodes: [castTo(DataType.FLOAT, 'x', 'x32'), matmul('x32', 'w16', 'y')],
    });
    expect(graphUsesFloat16(m)).toBe(true);
  });
});

describe('graphUsesFloat16: declared tensors', () => {
  it.each(['inputs', 'outputs', 'valueInfo'] as const)('a float16 tensor among the graph %s', (where) => {
    expect(graphUsesFloat16(model({ [where]: [info('a', DataType.FLOAT), info('t', DataType.FLOAT16)] }))).toBe(true);
    expect(graphUsesFloat16(model({ [where]: [info('a', DataType.FLOAT), info('t', null), info('b', DataType.BFLOAT16)] }))).toBe(false);
  });
});

describe('graphUsesFloat16: nodes', () => {
  it('a Cast to float16 in the ONNX domain', () => {
    expect(graphUsesFloat16(model({ inputs: [info('x', DataType.FLOAT)], nodes: [castTo(DataType.FLOAT16, 'x', 'h')] }))).toBe(true);
    expect(graphUsesFloat16(model({ inputs: [info('x', DataType.FLOAT)], nodes: [castTo(DataType.FLOAT16, 'x', 'h', 'com.example')] }))).toBe(false);
    expect(graphUsesFloat16(model({ inputs: [info('x', DataType.FLOAT)], nodes: [castTo(DataType.BFLOAT16, 'x', 'h')] }))).toBe(false);
    // an op other than Cast with a `to` of 10
    const other: NodeSpec = { ...castTo(DataType.FLOAT16, 'x', 'h'), opType: 'RandomNormalLike' };
    expect(graphUsesFloat16(model({ inputs: [info('x', DataType.FLOAT)], nodes: [other] }))).toBe(false);
  });

  it('a float16 tensor attribute (a Constant), after other attributes', () => {
    const constant = (dataType: number): NodeSpec => ({
      opType: 'Constant',
      inputs: [],
      outputs: ['c'],
      attributes: [
        ['note', { kind: 'int', value: DataType.FLOAT16 }],
        ['value', { kind: 'tensor', value: tensor('c', dataType) }],
      ],
    });
    expect(graphUsesFloat16(model({ nodes: [matmul('x', 'x', 'y'), constant(DataType.FLOAT16)] }))).toBe(true);
    expect(graphUsesFloat16(model({ nodes: [matmul('x', 'x', 'y'), constant(DataType.FLOAT)] }))).toBe(false);
  });
});
