// exposeAttentionOutputs / encodeOutputsRecord / appendGraphOutputs (src/core/onnx/expose-outputs.ts) on a small
// two-layer graph encoded here: which outputs are added, in which order, with which declared type, and the exact
// bytes of the appended ModelProto.graph record (worked out from the wire format: tag = field·8 + wire type).
import { describe, expect, it } from 'vitest';
import { appendGraphOutputs, encodeOutputsRecord, exposeAttentionOutputs } from '../../src/core/onnx/expose-outputs';
import { ProtoWriter } from '../../src/core/onnx/protobuf';
import { DataType, scanModel } from '../../src/core/onnx/scan-model';

interface Info {
  name: string;
  elemType: number | null;
}

interface GraphSpec {
  outputs?: Info[];
  valueInfo?: Info[];
  /** [name, dataType, byte length] */
  initializers?: Array<[string, number, number]>;
}

const FLOAT = DataType.FLOAT;
const FLOAT16 = DataType.FLOAT16;

/**
 * Two attention layers: p0 = Softmax(q·k), h = p0·v; p1 = Softmax(h·h), y = p1·h. Graph inputs q, k, v; output y
 * unless `outputs` says otherwise.
 */
function twoLayerModel(spec: GraphSpec = {}): Uint8Array {
  const nodes: Array<[string, string[], string]> = [
    ['MatMul', ['q', 'k'], 's0'],
    ['Softmax', ['s0'], 'p0'],
    ['MatMul', ['p0', 'v'], 'h'],
    ['MatMul', ['h', 'h'], 's1'],
    ['Softmax', ['s1'], 'p1'],
    ['MatMul', ['p1', 'h'], 'y'],
  ];
  const valueInfo = (w: ProtoWriter, vi: Info): void => {
    w.string(1, vi.name);
    if (vi.elemType !== null) w.message(2, (tp) => tp.message(1, (tt) => tt.int(1, vi.elemType as number)));
  };
  return new ProtoWriter()
    .int(1, 8)
    .message(8, (o) => o.string(1, '').int(2, 17))
    .message(7, (g) => {
      nodes.forEach(([opType, inputs, output], i) =>
        g.message(1, (n) => {
          for (const input of inputs) n.string(1, input);
          n.string(2, output).string(3, `node${i}`).string(4, opType);
        }),
      );
      g.string(2, 'two-layers');
      for (const [name, dataType, byteLength] of spec.initializers ?? [])
        g.message(5, (t) =>
          t
            .int(1, byteLength / (dataType === FLOAT16 ? 2 : dataType === FLOAT ? 4 : 8))
            .int(2, dataType)
            .string(8, name)
            .bytes(9, new Uint8Array(byteLength)),
        );
      for (const name of ['q', 'k', 'v']) g.message(11, (w) => valueInfo(w, { name, elemType: FLOAT }));
      for (const vi of spec.outputs ?? [{ name: 'y', elemType: FLOAT }]) g.message(12, (w) => valueInfo(w, vi));
      for (const vi of spec.valueInfo ?? []) g.message(13, (w) => valueInfo(w, vi));
    })
    .finish();
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** GraphProto.output entry (field 12) for a short ASCII name: ValueInfoProto { name, type { tensor_type { elem_type } } }. */
function outputEntry(name: string, elemType: number | null): number[] {
  const typed = elemType === null ? [] : [0x12, 0x04, 0x0a, 0x02, 0x08, elemType];
  const vi = [0x0a, name.length, ...ascii(name), ...typed];
  return [0x62, vi.length, ...vi];
}

/** ModelProto field 7 (0x3a) record holding the entries (short bodies: one-byte length). */
function record(...entries: number[][]): number[] {
  const body = entries.flat();
  return [0x3a, body.length, ...body];
}

function appended(model: Uint8Array, out: Uint8Array): number[] {
  expect(Array.from(out.subarray(0, model.length))).toEqual(Array.from(model));
  return Array.from(out.subarray(model.length));
}

const typesOf = (bytes: Uint8Array) => scanModel(bytes).outputs.map((o) => [o.name, o.elemType]);

describe('encodeOutputsRecord: exact bytes', () => {
  it('a float output: name, then type { tensor_type { elem_type 1 } }', () => {
    expect(Array.from(encodeOutputsRecord([{ name: 'p' }]))).toEqual([0x3a, 0x0b, 0x62, 0x09, 0x0a, 0x01, 0x70, 0x12, 0x04, 0x0a, 0x02, 0x08, 0x01]);
  });

  it('an untyped output has only its name; elem types 10 and 0 are written as given', () => {
    expect(Array.from(encodeOutputsRecord([{ name: 'q', elemType: null }]))).toEqual([0x3a, 0x05, 0x62, 0x03, 0x0a, 0x01, 0x71]);
    expect(Array.from(encodeOutputsRecord([{ name: 'h', elemType: 10 }]))).toEqual([
      0x3a, 0x0b, 0x62, 0x09, 0x0a, 0x01, 0x68, 0x12, 0x04, 0x0a, 0x02, 0x08, 0x0a,
    ]);
    expect(Array.from(encodeOutputsRecord([{ name: 'z', elemType: 0 }]))).toEqual([
      0x3a, 0x0b, 0x62, 0x09, 0x0a, 0x01, 0x7a, 0x12, 0x04, 0x0a, 0x02, 0x08, 0x00,
    ]);
  });

  it('several outputs in order; none is an empty record', () => {
    expect(Array.from(encodeOutputsRecord([{ name: 'a' }, { name: 'bc', elemType: null }, { name: 'd', elemType: 7 }]))).toEqual(
      record(outputEntry('a', 1), outputEntry('bc', null), outputEntry('d', 7)),
    );
    expect(Array.from(encodeOutputsRecord([]))).toEqual([0x3a, 0x00]);
  });

  it('a long name: two-byte lengths at every level', () => {
    const name = 'n'.repeat(150);
    const rec = encodeOutputsRecord([{ name }]);
    // ValueInfo 1 + 2 + 150 + 6 = 159 bytes (9f 01), graph body 1 + 2 + 159 = 162 (a2 01), record 3 + 162
    expect(rec.length).toBe(165);
    expect(Array.from(rec.subarray(0, 9))).toEqual([0x3a, 0xa2, 0x01, 0x62, 0x9f, 0x01, 0x0a, 0x96, 0x01]);
    expect(Array.from(rec.subarray(159))).toEqual([0x12, 0x04, 0x0a, 0x02, 0x08, 0x01]);
    expect(scanModel(rec).outputs).toEqual([{ name, elemType: 1, shape: null }]);
  });
});

describe('appendGraphOutputs', () => {
  const model = Uint8Array.from([0x08, 0x08, 0x3a, 0x00]); // ir_version 8, empty graph
  const rec = [0x3a, 0x0b, 0x62, 0x09, 0x0a, 0x01, 0x70, 0x12, 0x04, 0x0a, 0x02, 0x08, 0x01]; // output p, float

  it('copies by default, even with room after the model', () => {
    const backing = new Uint8Array(64);
    backing.set(model);
    const view = backing.subarray(0, 4);
    const out = appendGraphOutputs(view, [{ name: 'p' }]);
    expect(out.buffer).not.toBe(backing.buffer);
    expect(Array.from(out)).toEqual([...model, ...rec]);
    expect(backing.subarray(4).every((b) => b === 0)).toBe(true);
    expect(typesOf(out)).toEqual([['p', 1]]);
  });

  it('inPlace writes after the model when the buffer has exactly enough room', () => {
    const backing = new Uint8Array(4 + rec.length);
    backing.set(model);
    const out = appendGraphOutputs(backing.subarray(0, 4), [{ name: 'p' }], { inPlace: true });
    expect(out.buffer).toBe(backing.buffer);
    expect([out.byteOffset, out.length]).toEqual([0, 4 + rec.length]);
    expect(Array.from(backing)).toEqual([...model, ...rec]);
  });

  it('inPlace with one byte too few copies and leaves the buffer alone', () => {
    const backing = new Uint8Array(4 + rec.length - 1);
    backing.set(model);
    const out = appendGraphOutputs(backing.subarray(0, 4), [{ name: 'p' }], { inPlace: true });
    expect(out.buffer).not.toBe(backing.buffer);
    expect(Array.from(out)).toEqual([...model, ...rec]);
    expect(Array.from(backing)).toEqual([...model, ...new Array<number>(rec.length - 1).fill(0)]);
  });

  it('inPlace counts the room from where the model starts in its buffer', () => {
    // model at byte 3: room for the record only when 3 + 4 + 13 bytes fit
    const fits = new Uint8Array(3 + 4 + rec.length).fill(0xee);
    fits.set(model, 3);
    const inPlace = appendGraphOutputs(fits.subarray(3, 7), [{ name: 'p' }], { inPlace: true });
    expect(inPlace.buffer).toBe(fits.buffer);
    expect([inPlace.byteOffset, inPlace.length]).toEqual([3, 4 + rec.length]);
    expect(Array.from(fits)).toEqual([0xee, 0xee, 0xee, ...model, ...rec]);

    const short = new Uint8Array(4 + rec.length + 2).fill(0xee);
    short.set(model, 3);
    const copied = appendGraphOutputs(short.subarray(3, 7), [{ name: 'p' }], { inPlace: true });
    expect(copied.buffer).not.toBe(short.buffer);
    expect(Array.from(copied)).toEqual([...model, ...rec]);
    expect(Array.from(short.subarray(7))).toEqual(new Array<number>(rec.length - 1).fill(0xee));
  });
});

describe('exposeAttentionOutputs on a two-layer graph', () => {
  it("default mode: both layers' Softmax outputs, as float, after the model's own output", () => {
    const model = twoLayerModel();
    const ex = exposeAttentionOutputs(model);
    expect(ex.layers.map((l) => [l.index, l.softmaxOutput, l.queryTensor, l.keyTransposedTensor])).toEqual([
      [0, 'p0', 'q', 'k'],
      [1, 'p1', 'h', 'h'],
    ]);
    expect(ex.attentionOutputs).toEqual(['p0', 'p1']);
    expect(ex.queryOutputs).toBeNull();
    expect(ex.keyTransposedOutputs).toBeNull();
    expect(ex.added).toEqual(['p0', 'p1']);
    expect(appended(model, ex.bytes)).toEqual(record(outputEntry('p0', FLOAT), outputEntry('p1', FLOAT)));
    expect(typesOf(ex.bytes)).toEqual([
      ['y', FLOAT],
      ['p0', FLOAT],
      ['p1', FLOAT],
    ]);
  });

  it("'attention+qk': Softmax outputs, then every Q, then every Kᵀ, each tensor once", () => {
    const model = twoLayerModel();
    const ex = exposeAttentionOutputs(model, { mode: 'attention+qk' });
    expect(ex.attentionOutputs).toEqual(['p0', 'p1']);
    expect(ex.queryOutputs).toEqual(['q', 'h']);
    expect(ex.keyTransposedOutputs).toEqual(['k', 'h']);
    // layer 1 uses h as both Q and Kᵀ: declared once
    expect(ex.added).toEqual(['p0', 'p1', 'q', 'h', 'k']);
    expect(appended(model, ex.bytes)).toEqual(record(...['p0', 'p1', 'q', 'h', 'k'].map((n) => outputEntry(n, FLOAT))));
  });

  it('leaves out tensors that already are graph outputs but still lists them per layer', () => {
    const model = twoLayerModel({
      outputs: [
        { name: 'y', elemType: FLOAT },
        { name: 'p1', elemType: FLOAT },
      ],
    });
    const ex = exposeAttentionOutputs(model, { mode: 'attention+qk' });
    expect(ex.attentionOutputs).toEqual(['p0', 'p1']);
    expect(ex.added).toEqual(['p0', 'q', 'h', 'k']);
    expect(typesOf(ex.bytes).map(([name]) => name)).toEqual(['y', 'p1', 'p0', 'q', 'h', 'k']);
  });

  it('adds nothing and returns the same bytes when every tensor already is an output', () => {
    const model = twoLayerModel({
      outputs: [
        { name: 'p0', elemType: FLOAT },
        { name: 'p1', elemType: FLOAT },
      ],
    });
    const ex = exposeAttentionOutputs(model);
    expect(ex.added).toEqual([]);
    expect(ex.attentionOutputs).toEqual(['p0', 'p1']);
    expect(ex.bytes).toBe(model);
  });

  it("uses the caller's scan when given one", () => {
    const model = twoLayerModel();
    const scanned = scanModel(model);
    const ex = exposeAttentionOutputs(model, { scanned: { ...scanned, outputs: [...scanned.outputs, { name: 'p0', elemType: FLOAT, shape: null }] } });
    expect(ex.added).toEqual(['p1']);
    expect(appended(model, ex.bytes)).toEqual(record(outputEntry('p1', FLOAT)));
  });

  it('inPlace: the record goes into the spare room of the caller’s buffer', () => {
    const model = twoLayerModel();
    const backing = new Uint8Array(model.length + 100);
    backing.set(model);
    const ex = exposeAttentionOutputs(backing.subarray(0, model.length), { inPlace: true });
    expect(ex.bytes.buffer).toBe(backing.buffer);
    expect(appended(model, ex.bytes)).toEqual(record(outputEntry('p0', FLOAT), outputEntry('p1', FLOAT)));
  });
});

describe('exposeAttentionOutputs: declared types', () => {
  it("'auto': a type from value_info wins; a value_info without a type falls back", () => {
    const model = twoLayerModel({
      valueInfo: [
        { name: 'p0', elemType: FLOAT16 },
        { name: 'p1', elemType: null },
      ],
      initializers: [['w', FLOAT, 16]],
    });
    const ex = exposeAttentionOutputs(model);
    expect(appended(model, ex.bytes)).toEqual(record(outputEntry('p0', FLOAT16), outputEntry('p1', FLOAT)));
  });

  it("'auto' with mostly float16 weights: untyped, unless value_info says otherwise", () => {
    const model = twoLayerModel({
      valueInfo: [{ name: 'p1', elemType: FLOAT }],
      initializers: [
        ['w16', FLOAT16, 8],
        ['w32', FLOAT, 4],
      ],
    });
    const ex = exposeAttentionOutputs(model);
    expect(appended(model, ex.bytes)).toEqual(record(outputEntry('p0', null), outputEntry('p1', FLOAT)));
    expect(typesOf(ex.bytes)).toEqual([
      ['y', FLOAT],
      ['p0', null],
      ['p1', FLOAT],
    ]);
  });

  it("'auto' weighs float16 against float32 by bytes; a tie and other types leave float", () => {
    const auto = (initializers: Array<[string, number, number]>) => {
      const model = twoLayerModel({ initializers });
      return appended(model, exposeAttentionOutputs(model).bytes);
    };
    const asFloat = record(outputEntry('p0', FLOAT), outputEntry('p1', FLOAT));
    const untyped = record(outputEntry('p0', null), outputEntry('p1', null));
    expect(auto([])).toEqual(asFloat);
    expect(
      auto([
        ['a', FLOAT16, 4],
        ['b', FLOAT, 4],
      ]),
    ).toEqual(asFloat);
    expect(
      auto([
        ['a', FLOAT16, 8],
        ['b', FLOAT16, 8],
        ['c', FLOAT, 12],
      ]),
    ).toEqual(untyped);
    // int64 weights count for neither side
    expect(
      auto([
        ['ids', DataType.INT64, 16],
        ['a', FLOAT16, 8],
        ['b', FLOAT, 12],
      ]),
    ).toEqual(asFloat);
    expect(
      auto([
        ['ids', DataType.INT64, 16],
        ['a', FLOAT16, 8],
        ['b', FLOAT, 4],
      ]),
    ).toEqual(untyped);
  });

  it("'untyped' and a fixed type ignore value_info and the weights", () => {
    const model = twoLayerModel({ valueInfo: [{ name: 'p0', elemType: FLOAT16 }], initializers: [['w', FLOAT, 16]] });
    expect(appended(model, exposeAttentionOutputs(model, { elemType: 'untyped' }).bytes)).toEqual(record(outputEntry('p0', null), outputEntry('p1', null)));
    expect(appended(model, exposeAttentionOutputs(model, { elemType: DataType.DOUBLE }).bytes)).toEqual(
      record(outputEntry('p0', DataType.DOUBLE), outputEntry('p1', DataType.DOUBLE)),
    );
    expect(appended(model, exposeAttentionOutputs(model, { elemType: 'auto' }).bytes)).toEqual(record(outputEntry('p0', FLOAT16), outputEntry('p1', FLOAT)));
  });
});
