// scanModel and the tensor decoders on small ModelProtos written field by field with ProtoWriter, so every encoding the
// scanner accepts (packed and unpacked repeated fields, untyped attributes from old writers, unknown fields and fields
// with an unexpected wire type) is checked against values worked out from the bytes written.
import { describe, expect, it } from 'vitest';
import { ProtoWriter, ProtobufError } from '../../src/core/onnx/protobuf';
import {
  type ScannedTensor,
  DataType,
  attrFloat,
  attrInt,
  attrInts,
  elementSize,
  halfToFloat,
  opsetVersion,
  scanModel,
  tensorSize,
  tensorToFloat32,
  tensorToNumbers,
} from '../../src/core/onnx/scan-model';

type Build = (w: ProtoWriter) => void;

/** Packed repeated varints, as the payload of one length-delimited field. */
function packedVarints(values: readonly number[]): Uint8Array {
  const w = new ProtoWriter();
  for (const v of values) w.varint(v);
  return w.finish();
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** ValueInfoProto with a tensor type; `shape` null writes no shape. */
function valueInfo(name: string, elemType: number, shape: (number | string | null)[] | null): Build {
  return (v) =>
    v.string(1, name).message(2, (type) =>
      type.message(1, (tt) => {
        tt.int(1, elemType);
        if (shape)
          tt.message(2, (s) => {
            for (const d of shape) s.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : typeof d === 'string' ? dim.string(2, d) : undefined));
          });
      }),
    );
}

function rawTensor(dataType: number, data: Uint8Array, dims: number[], name = 't'): ScannedTensor {
  return { name, dims, dataType, encoding: 'raw', data, external: false };
}

function varintTensor(dataType: number, values: number[], dims: number[], encoding: 'int32_data' | 'int64_data' | 'uint64_data' = 'int32_data'): ScannedTensor {
  return { name: 'v', dims, dataType, encoding, data: packedVarints(values), external: false };
}

describe('scanModel on hand-written ModelProtos', () => {
  function sampleGraph(noise: boolean): Uint8Array {
    return new ProtoWriter()
      .string(2, 'main_graph')
      .message(11, valueInfo('input_ids', DataType.INT64, ['batch', 'seq']))
      .message(5, (t) =>
        t
          .bytes(1, packedVarints([2, 2]))
          .int(2, DataType.FLOAT)
          .string(8, 'w')
          .bytes(9, bytesOf(new Float32Array([1, 2, 3, 4]))),
      )
      .message(1, (n) => {
        n.string(1, 'input_ids').string(1, '').string(1, 'w').string(2, 'y').string(3, 'mm').string(4, 'MatMul').string(7, 'ai.onnx');
        if (noise) n.int(1, 3).float(2, 1).double(3, 2).int(4, 5).int(7, 1).string(6, 'doc string');
      })
      .message(1, (n) => n.string(1, 'y').string(2, 'z').string(4, 'FusedThing').string(7, 'com.example'))
      .message(12, valueInfo('z', DataType.FLOAT, ['batch', 'seq', 4]))
      .message(13, valueInfo('y', DataType.FLOAT16, null))
      .finish();
  }

  it('reads the header, opsets, nodes, initializers and the graph interface', () => {
    const graph = sampleGraph(false);
    const head = new ProtoWriter()
      .int(1, 8)
      .string(2, 'pytorch')
      .message(8, (o) => o.string(1, 'ai.onnx').int(2, 17))
      .message(8, (o) => o.string(1, 'com.microsoft').int(2, 1));
    const start = head.length + 1 + new ProtoWriter().varint(graph.length).length;
    const m = scanModel(head.bytes(7, graph).finish());

    expect(m.irVersion).toBe(8);
    expect(m.producerName).toBe('pytorch');
    expect(m.opsetImports).toEqual([
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ]);
    expect(m.graphName).toBe('main_graph');
    expect(m.graphRecords).toEqual([{ start, end: start + graph.length }]);
    expect(m.inputs).toEqual([{ name: 'input_ids', elemType: DataType.INT64, shape: ['batch', 'seq'] }]);
    expect(m.outputs).toEqual([{ name: 'z', elemType: DataType.FLOAT, shape: ['batch', 'seq', 4] }]);
    expect(m.valueInfo).toEqual([{ name: 'y', elemType: DataType.FLOAT16, shape: null }]);
    expect(m.nodes).toEqual([
      { index: 0, name: 'mm', opType: 'MatMul', domain: '', inputs: ['input_ids', '', 'w'], outputs: ['y'], attributes: new Map() },
      { index: 1, name: '', opType: 'FusedThing', domain: 'com.example', inputs: ['y'], outputs: ['z'], attributes: new Map() },
    ]);
    expect([...m.initializers.keys()]).toEqual(['w']);
    const w = m.initializers.get('w')!;
    expect(w).toMatchObject({ name: 'w', dims: [2, 2], dataType: DataType.FLOAT, encoding: 'raw', external: false });
    expect(Array.from(tensorToFloat32(w))).toEqual([1, 2, 3, 4]);
  });

  it('skips unknown fields and fields whose wire type does not match the schema, at every level', () => {
    const graph = new ProtoWriter()
      .int(1, 9) // GraphProto.node as a varint
      .float(5, 2) // initializer as fixed32
      .double(11, 3) // input as fixed64
      .string(10, 'graph doc string')
      .message(15, (s) => s.int(1, 1)) // sparse_initializer
      .finish();
    const noisyGraph = new Uint8Array([...graph, ...sampleGraph(true)]);
    const bytes = new ProtoWriter()
      .int(1, 7)
      .string(2, 'pytorch')
      .string(1, 'ir as a string')
      .int(2, 4) // producer_name as a varint
      .int(7, 5) // graph as a varint
      .float(8, 1) // opset_import as fixed32
      .string(3, '2.1') // producer_version
      .int(5, 12) // model_version
      .double(9, 1)
      .message(8, (o) =>
        o
          .string(1, 'ai.onnx')
          .int(2, 13)
          .int(1, 5)
          .string(2, 'x')
          .message(3, (x) => x.int(1, 1)),
      )
      .bytes(7, noisyGraph)
      .finish();
    const m = scanModel(bytes);
    expect(m.irVersion).toBe(7);
    expect(m.producerName).toBe('pytorch');
    expect(m.opsetImports).toEqual([{ domain: '', version: 13 }]);
    expect(m.graphRecords).toHaveLength(1);
    expect(m.graphName).toBe('main_graph');
    expect(m.nodes.map((n) => [n.index, n.name, n.opType, n.domain, n.inputs, n.outputs, n.attributes.size])).toEqual([
      [0, 'mm', 'MatMul', '', ['input_ids', '', 'w'], ['y'], 0],
      [1, '', 'FusedThing', 'com.example', ['y'], ['z'], 0],
    ]);
    expect(m.inputs.map((i) => i.name)).toEqual(['input_ids']);
    expect([...m.initializers.keys()]).toEqual(['w']);
  });

  it('merges several graph records: nodes keep counting, repeated fields concatenate, the last name wins', () => {
    const first = new ProtoWriter()
      .string(2, 'g1')
      .message(1, (n) => n.string(1, 'x').string(2, 'a').string(4, 'Relu'))
      .message(12, valueInfo('a', DataType.FLOAT, [2]))
      .finish();
    const second = new ProtoWriter()
      .string(2, 'g2')
      .message(1, (n) => n.string(1, 'a').string(2, 'b').string(4, 'Softmax'))
      .message(12, (v) => v.string(1, 'b'))
      .finish();
    const head = new ProtoWriter().int(1, 7).bytes(7, first);
    const secondStart = head.length + 1 + new ProtoWriter().varint(second.length).length;
    const m = scanModel(head.bytes(7, second).finish());
    expect(m.graphRecords).toEqual([
      { start: 2 + 1 + 1, end: 2 + 1 + 1 + first.length },
      { start: secondStart, end: secondStart + second.length },
    ]);
    expect(m.graphName).toBe('g2');
    expect(m.nodes.map((n) => [n.index, n.opType, n.inputs[0], n.outputs[0]])).toEqual([
      [0, 'Relu', 'x', 'a'],
      [1, 'Softmax', 'a', 'b'],
    ]);
    expect(m.outputs).toEqual([
      { name: 'a', elemType: DataType.FLOAT, shape: [2] },
      { name: 'b', elemType: null, shape: null },
    ]);
  });

  it('refuses bytes without a graph, naming the problem', () => {
    const headerOnly = new ProtoWriter()
      .int(1, 8)
      .message(8, (o) => o.int(2, 17))
      .finish();
    expect(() => scanModel(headerOnly)).toThrow(ProtobufError);
    expect(() => scanModel(headerOnly)).toThrow('not an ONNX model: no graph found');
  });

  it('fields a writer leaves out read as protobuf defaults: 0 and empty names', () => {
    const graph = new ProtoWriter()
      .message(1, (n) => n.string(1, 'x').string(2, 'y'))
      .message(5, (t) =>
        t
          .int(1, 1)
          .int(2, DataType.FLOAT)
          .bytes(9, bytesOf(new Float32Array([2]))),
      )
      .message(11, (v) => v.message(2, (type) => type.message(1, (tt) => tt.int(1, DataType.FLOAT))))
      .finish();
    const m = scanModel(new ProtoWriter().bytes(7, graph).finish());
    expect([m.irVersion, m.producerName, m.graphName, m.opsetImports]).toEqual([0, '', '', []]);
    expect(m.nodes).toEqual([{ index: 0, name: '', opType: '', domain: '', inputs: ['x'], outputs: ['y'], attributes: new Map() }]);
    expect([...m.initializers.keys()]).toEqual(['']);
    expect(m.inputs).toEqual([{ name: '', elemType: DataType.FLOAT, shape: null }]);
  });

  it('reads value infos: symbolic, fixed and unknown dimensions, missing types and non-tensor types', () => {
    // each message holds its real fields first, then fields of the wrong wire type and unknown fields
    const noisyDims: Build = (s) =>
      s
        .message(1, (d) => d.int(1, 5).string(1, 'x').int(2, 6).string(3, 'denotation'))
        .message(1, (d) => d.string(2, 'seq').int(2, 7).float(1, 8))
        .int(1, 4)
        .message(2, (x) => x.int(1, 9));
    const noisyTensorType: Build = (tt) => tt.int(1, DataType.INT32).message(2, noisyDims).string(1, 'elem type as a string').int(2, 3);
    const noisyType: Build = (t) => t.message(1, noisyTensorType).string(6, 'denotation').int(1, 2);
    const graph = new ProtoWriter()
      .message(11, valueInfo('ids', DataType.INT64, ['batch', 128, null]))
      .message(11, (v) => v.string(1, 'noisy').message(2, noisyType).int(1, 9).int(2, 1).string(3, 'doc')) // then name and type as varints
      .message(11, (v) => v.string(1, 'untyped'))
      .message(11, (v) => v.string(1, 'sequence').message(2, (type) => type.message(4, (seq) => seq.message(1, (el) => el.message(1, (tt) => tt.int(1, 1))))))
      .message(11, (v) => v.string(1, 'no shape').message(2, (type) => type.message(1, (tt) => tt.int(1, DataType.BOOL))))
      .finish();
    const m = scanModel(new ProtoWriter().bytes(7, graph).finish());
    expect(m.inputs).toEqual([
      { name: 'ids', elemType: DataType.INT64, shape: ['batch', 128, null] },
      { name: 'noisy', elemType: DataType.INT32, shape: [5, 'seq'] },
      { name: 'untyped', elemType: null, shape: null },
      { name: 'sequence', elemType: null, shape: null },
      { name: 'no shape', elemType: DataType.BOOL, shape: null },
    ]);
  });
});

describe('node attributes', () => {
  const FLOAT = 1;
  const INT = 2;
  const STRING = 3;
  const TENSOR = 4;
  const GRAPH = 5;
  const FLOATS = 6;
  const INTS = 7;
  const STRINGS = 8;

  function nodeWith(...attrs: Build[]): Uint8Array {
    return new ProtoWriter()
      .message(7, (g) =>
        g.message(1, (n) => {
          n.string(4, 'Op');
          for (const a of attrs) n.message(5, a);
        }),
      )
      .finish();
  }
  const packedFloats = (values: number[]): Uint8Array => bytesOf(new Float32Array(values));
  const scale: Build = (t) =>
    t
      .int(1, 1)
      .int(2, DataType.FLOAT)
      .bytes(9, bytesOf(new Float32Array([0.125])));

  it('reads typed attributes of every kind', () => {
    const m = scanModel(
      nodeWith(
        (a) => a.string(1, 'alpha').int(20, FLOAT).float(2, 0.5),
        (a) => a.string(1, 'axis').int(20, INT).int(3, -1),
        (a) => a.string(1, 'mode').int(20, STRING).string(4, 'constant'),
        (a) => a.string(1, 'value').int(20, TENSOR).message(5, scale),
        (a) =>
          a
            .string(1, 'scales')
            .int(20, FLOATS)
            .bytes(7, packedFloats([1.5, -2])),
        (a) =>
          a
            .string(1, 'perm')
            .int(20, INTS)
            .bytes(8, packedVarints([0, 2, 1, 3])),
        (a) =>
          a
            .string(1, 'body')
            .int(20, GRAPH)
            .message(6, (g) => g.string(2, 'sub')),
        (a) => a.string(1, 'names').int(20, STRINGS).string(9, 'a').string(9, 'b'),
      ),
    );
    const attrs = m.nodes[0].attributes;
    expect([...attrs.keys()]).toEqual(['alpha', 'axis', 'mode', 'value', 'scales', 'perm', 'body', 'names']);
    expect(attrs.get('alpha')).toEqual({ kind: 'float', value: 0.5 });
    expect(attrs.get('axis')).toEqual({ kind: 'int', value: -1 });
    expect(attrs.get('mode')).toEqual({ kind: 'string', value: 'constant' });
    const value = attrs.get('value');
    expect(value?.kind).toBe('tensor');
    if (value?.kind === 'tensor') {
      expect(value.value).toMatchObject({ name: '', dims: [1], dataType: DataType.FLOAT, encoding: 'raw' });
      expect(tensorToNumbers(value.value)).toEqual([0.125]);
    }
    expect(attrs.get('scales')).toEqual({ kind: 'floats', value: [1.5, -2] });
    expect(attrs.get('perm')).toEqual({ kind: 'ints', value: [0, 2, 1, 3] });
    expect(attrs.get('body')).toEqual({ kind: 'other', type: GRAPH });
    expect(attrs.get('names')).toEqual({ kind: 'other', type: STRINGS });
  });

  it('infers the kind of attributes written without a type (old writers), unpacked repeated fields included', () => {
    const m = scanModel(
      nodeWith(
        (a) => a.string(1, 'beta').float(2, 0.25),
        (a) => a.string(1, 'k').int(3, 7),
        (a) => a.string(1, 's').string(4, 'x'),
        (a) => a.string(1, 't').message(5, scale),
        (a) => a.string(1, 'fl').float(7, 1).float(7, -2),
        (a) => a.string(1, 'il').int(8, 3).int(8, -4),
        (a) => a.string(1, 'empty'),
      ),
    );
    const attrs = m.nodes[0].attributes;
    expect(attrs.get('beta')).toEqual({ kind: 'float', value: 0.25 });
    expect(attrs.get('k')).toEqual({ kind: 'int', value: 7 });
    expect(attrs.get('s')).toEqual({ kind: 'string', value: 'x' });
    expect(attrs.get('t')?.kind).toBe('tensor');
    expect(attrs.get('fl')).toEqual({ kind: 'floats', value: [1, -2] });
    expect(attrs.get('il')).toEqual({ kind: 'ints', value: [3, -4] });
    expect(attrs.get('empty')).toEqual({ kind: 'other', type: 0 });
  });

  it('a typed attribute without its value gets the default (0, empty string, empty list); a tensor one is unusable', () => {
    const m = scanModel(
      nodeWith(
        (a) => a.string(1, 'f0').int(20, FLOAT),
        (a) => a.string(1, 'i0').int(20, INT),
        (a) => a.string(1, 's0').int(20, STRING),
        (a) => a.string(1, 't0').int(20, TENSOR),
        (a) => a.string(1, 'fs0').int(20, FLOATS),
        (a) => a.string(1, 'is0').int(20, INTS),
      ),
    );
    const attrs = m.nodes[0].attributes;
    expect(attrs.get('f0')).toEqual({ kind: 'float', value: 0 });
    expect(attrs.get('i0')).toEqual({ kind: 'int', value: 0 });
    expect(attrs.get('s0')).toEqual({ kind: 'string', value: '' });
    expect(attrs.get('t0')).toEqual({ kind: 'other', type: TENSOR });
    expect(attrs.get('fs0')).toEqual({ kind: 'floats', value: [] });
    expect(attrs.get('is0')).toEqual({ kind: 'ints', value: [] });
  });

  it('the declared type decides which field is read; an attribute without a name is keyed by ""', () => {
    const m = scanModel(nodeWith((a) => a.int(20, INT).float(2, 0.5).int(3, 3)));
    expect([...m.nodes[0].attributes]).toEqual([['', { kind: 'int', value: 3 }]]);
  });

  it('skips attribute fields with an unexpected wire type', () => {
    const noise = (a: ProtoWriter): ProtoWriter =>
      a
        .int(1, 3) // name as a varint
        .string(20, 'type as a string')
        .int(2, 9) // f as a varint
        .float(3, 1) // i as fixed32
        .int(4, 2) // s as a varint
        .int(5, 2) // t as a varint
        .int(7, 3) // floats as a varint
        .float(8, 4) // ints as fixed32
        .double(7, 5)
        .string(13, 'doc');
    const m = scanModel(
      nodeWith(
        (a) => noise(a.string(1, 'gamma').float(2, 2.5)),
        (a) => noise(a.string(1, 'delta').int(3, 4)),
        (a) =>
          noise(
            a
              .string(1, 'list')
              .int(20, INTS)
              .bytes(8, packedVarints([6])),
          ),
        (a) => noise(a.string(1, 'floats').int(20, FLOATS).float(7, 0.5)),
        (a) => noise(a.string(1, 'mode').int(20, STRING).string(4, 'reflect')),
        (a) => noise(a.string(1, 'value').int(20, TENSOR).message(5, scale)),
      ),
    );
    expect([...m.nodes[0].attributes]).toEqual([
      ['gamma', { kind: 'float', value: 2.5 }],
      ['delta', { kind: 'int', value: 4 }],
      ['list', { kind: 'ints', value: [6] }],
      ['floats', { kind: 'floats', value: [0.5] }],
      ['mode', { kind: 'string', value: 'reflect' }],
      [
        'value',
        {
          kind: 'tensor',
          value: { name: '', dims: [1], dataType: DataType.FLOAT, encoding: 'raw', data: bytesOf(new Float32Array([0.125])), external: false },
        },
      ],
    ]);
  });

  it('attrInt / attrFloat / attrInts return a value only for an attribute of that kind', () => {
    const m = scanModel(
      nodeWith(
        (a) => a.string(1, 'axis').int(20, INT).int(3, 2),
        (a) => a.string(1, 'eps').int(20, FLOAT).float(2, 0.5),
        (a) =>
          a
            .string(1, 'perm')
            .int(20, INTS)
            .bytes(8, packedVarints([1, 0])),
      ),
    );
    const n = m.nodes[0];
    expect([attrInt(n, 'axis'), attrInt(n, 'eps'), attrInt(n, 'perm'), attrInt(n, 'missing')]).toEqual([2, undefined, undefined, undefined]);
    expect([attrFloat(n, 'eps'), attrFloat(n, 'axis'), attrFloat(n, 'missing')]).toEqual([0.5, undefined, undefined]);
    expect([attrInts(n, 'perm'), attrInts(n, 'axis'), attrInts(n, 'missing')]).toEqual([[1, 0], undefined, undefined]);
  });
});

describe('initializer encodings', () => {
  function initializers(...tensors: Build[]): Map<string, ScannedTensor> {
    const g = new ProtoWriter();
    for (const t of tensors) g.message(5, t);
    return scanModel(new ProtoWriter().bytes(7, g.finish()).finish()).initializers as Map<string, ScannedTensor>;
  }

  it('packed and unpacked dims, float_data, double_data and raw_data', () => {
    const f32 = bytesOf(new Float32Array([1.5, -2, 0.25]));
    const f64 = bytesOf(new Float64Array([0.1, -2.5]));
    const inits = initializers(
      (t) =>
        t
          .string(8, 'packed')
          .bytes(1, packedVarints([1, 3]))
          .int(2, DataType.FLOAT)
          .bytes(4, f32),
      (t) => t.string(8, 'unpacked').int(1, 3).int(1, 1).int(2, DataType.FLOAT).float(4, 1.5).float(4, -2).float(4, 0.25),
      (t) => t.string(8, 'doubles').int(1, 2).int(2, DataType.DOUBLE).bytes(10, f64),
      (t) => t.string(8, 'raw').int(1, 3).int(2, DataType.FLOAT).string(12, 'doc').bytes(9, f32),
    );
    const packed = inits.get('packed')!;
    expect(packed).toMatchObject({ dims: [1, 3], dataType: DataType.FLOAT, encoding: 'float_data', external: false });
    expect(packed.data).toEqual(f32);
    expect(Array.from(tensorToFloat32(packed))).toEqual([1.5, -2, 0.25]);
    const unpacked = inits.get('unpacked')!;
    expect(unpacked).toMatchObject({ dims: [3, 1], encoding: 'float_data' });
    expect(unpacked.data).toEqual(f32);
    expect(Array.from(tensorToFloat32(unpacked))).toEqual([1.5, -2, 0.25]);
    const doubles = inits.get('doubles')!;
    expect(doubles).toMatchObject({ dims: [2], dataType: DataType.DOUBLE, encoding: 'double_data' });
    expect(tensorToNumbers(doubles)).toEqual([0.1, -2.5]);
    expect(Array.from(tensorToFloat32(doubles))).toEqual([Math.fround(0.1), -2.5]);
    const raw = inits.get('raw')!;
    expect(raw).toMatchObject({ dims: [3], encoding: 'raw' });
    expect(Array.from(tensorToFloat32(raw))).toEqual([1.5, -2, 0.25]);
  });

  it('unpacked double_data is not read: the tensor has no data', () => {
    const t = initializers((w) => w.string(8, 'd').int(1, 1).int(2, DataType.DOUBLE).double(10, 0.5)).get('d')!;
    expect(t.encoding).toBe('none');
    expect(t.data.byteLength).toBe(0);
    expect(() => tensorToNumbers(t)).toThrow('tensor "d" has no data');
  });

  it('int32_data, int64_data and uint64_data, packed or not; unpacked values are re-packed', () => {
    const int64s = [-(2 ** 63), 128, 300, 0, -1, 2 ** 40 + 1];
    const inits = initializers(
      (t) =>
        t
          .string(8, 'i32 packed')
          .int(1, 3)
          .int(2, DataType.INT32)
          .bytes(5, packedVarints([5, -7, 127])),
      (t) => t.string(8, 'i32').int(1, 3).int(2, DataType.INT32).int(5, 5).int(5, -7).int(5, 127),
      (t) => t.string(8, 'i64 packed').int(1, 6).int(2, DataType.INT64).bytes(7, packedVarints(int64s)),
      (t) => {
        t.string(8, 'i64').int(1, 6).int(2, DataType.INT64);
        for (const v of int64s) t.int(7, v);
      },
      (t) =>
        t
          .string(8, 'u64 packed')
          .int(1, 2)
          .int(2, DataType.UINT64)
          .bytes(11, packedVarints([2 ** 40, 1])),
      (t) =>
        t
          .string(8, 'u64')
          .int(1, 2)
          .int(2, DataType.UINT64)
          .int(11, 2 ** 40)
          .int(11, 1),
    );
    for (const [name, encoding, values] of [
      ['i32', 'int32_data', [5, -7, 127]],
      ['i64', 'int64_data', int64s],
      ['u64', 'uint64_data', [2 ** 40, 1]],
    ] as const) {
      const packed = inits.get(`${name} packed`)!;
      const unpacked = inits.get(name)!;
      expect(packed.encoding).toBe(encoding);
      expect(unpacked.encoding).toBe(encoding);
      expect(unpacked.data).toEqual(packedVarints(values));
      expect(tensorToNumbers(packed)).toEqual(values);
      expect(tensorToNumbers(unpacked)).toEqual(values);
    }
  });

  it('external data: flagged, no payload; tensorToFloat32 says why it cannot decode', () => {
    const inits = initializers(
      (t) =>
        t
          .string(8, 'ext')
          .int(1, 2)
          .int(2, DataType.FLOAT)
          .message(13, (e) => e.string(1, 'location').string(2, 'model.onnx_data'))
          .int(14, 1)
          .bytes(9, new Uint8Array(8)),
      (t) =>
        t
          .string(8, 'default')
          .int(1, 1)
          .int(2, DataType.FLOAT)
          .int(14, 0)
          .bytes(9, bytesOf(new Float32Array([3]))),
    );
    const ext = inits.get('ext')!;
    expect(ext).toMatchObject({ external: true, encoding: 'none', dims: [2] });
    expect(() => tensorToFloat32(ext)).toThrow('tensor "ext" is stored in an external data file, which is not loaded');
    const def = inits.get('default')!;
    expect(def).toMatchObject({ external: false, encoding: 'raw' });
    expect(tensorToNumbers(def)).toEqual([3]);
  });
});

describe('tensor values', () => {
  it('tensorSize multiplies the dims; a scalar has one element', () => {
    expect([tensorSize({ dims: [] }), tensorSize({ dims: [2, 3, 4] }), tensorSize({ dims: [5, 0] })]).toEqual([1, 24, 0]);
  });

  it('halfToFloat: normal, subnormal, signed zero, infinities and NaN', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBe(1365 / 4096);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0400)).toBe(2 ** -14);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x83ff)).toBe(-1023 * 2 ** -24);
    expect(Object.is(halfToFloat(0x0000), 0)).toBe(true);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('elementSize per data type; unsupported types are named', () => {
    const sizes = [
      DataType.FLOAT,
      DataType.INT32,
      DataType.UINT32,
      DataType.DOUBLE,
      DataType.INT64,
      DataType.UINT64,
      DataType.FLOAT16,
      DataType.BFLOAT16,
      DataType.INT16,
      DataType.UINT16,
      DataType.INT8,
      DataType.UINT8,
      DataType.BOOL,
    ].map(elementSize);
    expect(sizes).toEqual([4, 4, 4, 8, 8, 8, 2, 2, 2, 2, 1, 1, 1]);
    expect(() => elementSize(DataType.STRING)).toThrow('unsupported tensor data type 8');
    expect(() => elementSize(DataType.UNDEFINED)).toThrow('unsupported tensor data type 0');
  });

  it('raw data of every numeric type, exact in tensorToNumbers and float32 in tensorToFloat32', () => {
    const cases: Array<[number, ArrayBufferView, number[], number[]]> = [
      [DataType.FLOAT, new Float32Array([0.5, -3]), [0.5, -3], [0.5, -3]],
      [DataType.DOUBLE, new Float64Array([0.1, -2.5]), [0.1, -2.5], [Math.fround(0.1), -2.5]],
      [DataType.FLOAT16, new Uint16Array([0x3c00, 0xc000, 0x3800]), [1, -2, 0.5], [1, -2, 0.5]],
      [DataType.BFLOAT16, new Uint16Array([0x3f80, 0xc040, 0x4049]), [1, -3, 3.140625], [1, -3, 3.140625]],
      [DataType.INT8, new Int8Array([-1, 127, -128]), [-1, 127, -128], [-1, 127, -128]],
      [DataType.UINT8, new Uint8Array([255, 0, 7]), [255, 0, 7], [255, 0, 7]],
      [DataType.BOOL, new Uint8Array([1, 0, 1]), [1, 0, 1], [1, 0, 1]],
      [DataType.INT16, new Int16Array([-2, 300]), [-2, 300], [-2, 300]],
      [DataType.UINT16, new Uint16Array([65535, 2]), [65535, 2], [65535, 2]],
      [DataType.INT32, new Int32Array([-7, 2 ** 31 - 1]), [-7, 2 ** 31 - 1], [-7, 2 ** 31]],
      [DataType.UINT32, new Uint32Array([4294967295, 1]), [4294967295, 1], [4294967296, 1]],
      [DataType.INT64, new BigInt64Array([-5n, 2n ** 33n + 7n]), [-5, 2 ** 33 + 7], [-5, 2 ** 33]], // float32 steps by 1024 at 2^33
      [DataType.UINT64, new BigUint64Array([2n ** 63n, 5n]), [2 ** 63, 5], [2 ** 63, 5]],
    ];
    for (const [dataType, values, exact, float32] of cases) {
      const t = rawTensor(dataType, bytesOf(values), [exact.length]);
      expect([dataType, tensorToNumbers(t)]).toEqual([dataType, exact]);
      expect([dataType, Array.from(tensorToFloat32(t))]).toEqual([dataType, float32]);
    }
  });

  it('float32 data at a 4-byte-aligned offset inside the model bytes is returned as a view, not copied', () => {
    const model = new Uint8Array(16);
    model.set(bytesOf(new Float32Array([1.5, -2])), 8);
    const out = tensorToFloat32(rawTensor(DataType.FLOAT, model.subarray(8, 16), [2]));
    expect(Array.from(out)).toEqual([1.5, -2]);
    expect(out.buffer).toBe(model.buffer);
    expect(out.byteOffset).toBe(8);
  });

  it('raw data of the wrong length or of an unsupported type is refused with the tensor named', () => {
    expect(() => tensorToFloat32(rawTensor(DataType.FLOAT16, new Uint8Array(3), [2], 'h'))).toThrow('tensor "h": 3 bytes for 2 values of type 10');
    expect(() => tensorToFloat32(rawTensor(DataType.FLOAT, new Uint8Array(12), [2], 'f'))).toThrow('tensor "f": 12 bytes for 2 float32 values');
    expect(() => tensorToNumbers(rawTensor(DataType.FLOAT, new Uint8Array(12), [2], 'f'))).toThrow('tensor "f": 12 bytes for 2 float32 values');
    const floatData: ScannedTensor = { name: 'fd', dims: [2], dataType: DataType.FLOAT, encoding: 'float_data', data: new Uint8Array(4), external: false };
    expect(() => tensorToFloat32(floatData)).toThrow('tensor "fd": 4 bytes for 2 float32 values');
    expect(() => tensorToFloat32(rawTensor(DataType.STRING, new Uint8Array(2), [2]))).toThrow('unsupported tensor data type 8');
    expect(() => tensorToNumbers(rawTensor(DataType.STRING, new Uint8Array(2), [2]))).toThrow('unsupported tensor data type 8');
  });

  it('a tensor without payload: empty when it has no elements, an error naming it otherwise', () => {
    const none = (dims: number[]): ScannedTensor => ({ name: 'n', dims, dataType: DataType.FLOAT, encoding: 'none', data: new Uint8Array(0), external: false });
    expect(tensorToFloat32(none([0, 4])).length).toBe(0);
    expect(tensorToNumbers(none([3, 0]))).toEqual([]);
    expect(() => tensorToFloat32(none([2]))).toThrow('tensor "n" has no data');
  });

  it('tensorToFloat32 over varint encodings: float16 / bfloat16 bits, sign of int8 / int16, missing values are 0', () => {
    expect(Array.from(tensorToFloat32(varintTensor(DataType.FLOAT16, [0x3c00, 0xc000, 0x3400], [3])))).toEqual([1, -2, 0.25]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.BFLOAT16, [0x3f80, 0xc040], [2])))).toEqual([1, -3]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.INT8, [255, 128, 127, -3], [4])))).toEqual([-1, -128, 127, -3]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.INT16, [65535, 32768, 300], [3])))).toEqual([-1, -32768, 300]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.UINT8, [255, 128], [2])))).toEqual([255, 128]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.UINT16, [65535, 32768], [2])))).toEqual([65535, 32768]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.INT64, [-3, 1000], [2], 'int64_data')))).toEqual([-3, 1000]);
    expect(Array.from(tensorToFloat32(varintTensor(DataType.INT32, [4, 100000], [3])))).toEqual([4, 100000, 0]);
  });

  it('tensorToNumbers over varint encodings: float16 / bfloat16 bits, 32-bit wrap of int32 / int16 / int8, int64 and uint32 untouched', () => {
    expect(tensorToNumbers(varintTensor(DataType.FLOAT16, [0x3c00, 0x3800], [2]))).toEqual([1, 0.5]);
    expect(tensorToNumbers(varintTensor(DataType.BFLOAT16, [0x4049, 0xbf80], [2]))).toEqual([3.140625, -1]);
    // values written as unsigned 32-bit varints come back signed
    expect(tensorToNumbers(varintTensor(DataType.INT32, [4294967295, 6], [2]))).toEqual([-1, 6]);
    expect(tensorToNumbers(varintTensor(DataType.INT8, [4294967294], [1]))).toEqual([-2]);
    expect(tensorToNumbers(varintTensor(DataType.INT16, [4294967293], [1]))).toEqual([-3]);
    expect(tensorToNumbers(varintTensor(DataType.UINT32, [4294967295], [1], 'uint64_data'))).toEqual([4294967295]);
    expect(tensorToNumbers(varintTensor(DataType.INT64, [2 ** 40 + 1, -1], [2], 'int64_data'))).toEqual([2 ** 40 + 1, -1]); // beyond float32
  });

  it('tensorToNumbers of float32 data keeps float32 precision', () => {
    expect(tensorToNumbers(rawTensor(DataType.FLOAT, bytesOf(new Float32Array([0.1, 2])), [2]))).toEqual([Math.fround(0.1), 2]);
    const fd: ScannedTensor = {
      name: 'fd',
      dims: [1],
      dataType: DataType.FLOAT,
      encoding: 'float_data',
      data: bytesOf(new Float32Array([0.3])),
      external: false,
    };
    expect(tensorToNumbers(fd)).toEqual([Math.fround(0.3)]);
  });
});

describe('opsetVersion', () => {
  it("finds the version per domain; '' and 'ai.onnx' are the same domain", () => {
    const m = scanModel(
      new ProtoWriter()
        .message(8, (o) => o.int(2, 11)) // no domain field: the default domain
        .message(8, (o) => o.string(1, 'com.microsoft').int(2, 1))
        .message(8, (o) => o.string(1, 'ai.onnx.ml').int(2, 3))
        .bytes(7, new Uint8Array(0))
        .finish(),
    );
    expect(m.opsetImports).toEqual([
      { domain: '', version: 11 },
      { domain: 'com.microsoft', version: 1 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect([opsetVersion(m), opsetVersion(m, ''), opsetVersion(m, 'ai.onnx'), opsetVersion(m, 'com.microsoft'), opsetVersion(m, 'ai.onnx.ml')]).toEqual([
      11, 11, 11, 1, 3,
    ]);
    expect(opsetVersion(m, 'com.example')).toBeUndefined();
  });
});
