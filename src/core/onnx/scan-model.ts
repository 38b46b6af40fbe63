// Walks an ONNX ModelProto's wire format and lists what the graph editor and the reference
// forward pass need: nodes, initializers (as views into the model bytes, never copied),
// graph inputs/outputs and opset imports. Weights stay where they are, so a 400 MB model costs
// one object per initializer, not per byte.
//
// Field numbers follow onnx/onnx.proto (IR version 3..10).

import { ProtoReader, ProtobufError, WireType, decodeUtf8 } from './protobuf';

/** TensorProto.DataType values we care about. */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

/** Where a tensor's values live inside its TensorProto (`data` holds those bytes). */
export type TensorEncoding =
  | 'raw' // raw_data: little-endian, element size from dataType
  | 'float_data' // packed float32
  | 'double_data' // packed float64
  | 'int32_data' // packed varints (also used for int8/uint8/int16/uint16/bool/float16 bits)
  | 'int64_data' // packed varints
  | 'uint64_data' // packed varints
  | 'none'; // no payload (empty tensor, string tensor or external data)

export interface ScannedTensor {
  name: string;
  dims: number[];
  dataType: number;
  encoding: TensorEncoding;
  /** View into the model bytes (or a small copy for the rare unpacked repeated encodings). */
  data: Uint8Array;
  /** data_location == EXTERNAL: the values are in a side file we do not have. */
  external: boolean;
}

export type AttributeValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'tensor'; value: ScannedTensor }
  | { kind: 'other'; type: number };

export interface ScannedNode {
  /** Position in the (merged) node list. */
  index: number;
  name: string;
  opType: string;
  /** '' for the default ONNX domain ('ai.onnx' is normalised to ''). */
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: ReadonlyMap<string, AttributeValue>;
}

export interface ScannedValueInfo {
  name: string;
  /** TensorProto.DataType of a tensor type, or null when absent / not a tensor. */
  elemType: number | null;
  /** Per-dimension size or symbolic name; null when no shape is given. */
  shape: (number | string | null)[] | null;
}

export interface OpsetImport {
  domain: string;
  version: number;
}

export interface ScannedModel {
  irVersion: number;
  producerName: string;
  opsetImports: OpsetImport[];
  graphName: string;
  nodes: ScannedNode[];
  initializers: ReadonlyMap<string, ScannedTensor>;
  inputs: ScannedValueInfo[];
  outputs: ScannedValueInfo[];
  valueInfo: ScannedValueInfo[];
  /** Byte ranges of each ModelProto.graph record (more than one after an append). */
  graphRecords: Array<{ start: number; end: number }>;
}

// ModelProto
const M_IR_VERSION = 1;
const M_PRODUCER_NAME = 2;
const M_GRAPH = 7;
const M_OPSET_IMPORT = 8;
// GraphProto
const G_NODE = 1;
const G_NAME = 2;
const G_INITIALIZER = 5;
const G_INPUT = 11;
const G_OUTPUT = 12;
const G_VALUE_INFO = 13;

/** Parses the model's outline. Throws ProtobufError on malformed bytes. */
export function scanModel(bytes: Uint8Array | ArrayBuffer): ScannedModel {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const r = new ProtoReader(buf);
  const model: ScannedModel = {
    irVersion: 0,
    producerName: '',
    opsetImports: [],
    graphName: '',
    nodes: [],
    initializers: new Map(),
    inputs: [],
    outputs: [],
    valueInfo: [],
    graphRecords: [],
  };
  const inits = model.initializers as Map<string, ScannedTensor>;
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (field === M_GRAPH && wireType === WireType.LengthDelimited) {
      // Several graph records merge (protobuf semantics): repeated fields concatenate.
      const [s, e] = r.readSpan();
      model.graphRecords.push({ start: s, end: e });
      scanGraph(new ProtoReader(buf, s, e), model, inits);
    } else if (field === M_OPSET_IMPORT && wireType === WireType.LengthDelimited) {
      model.opsetImports.push(readOpset(r.readMessage()));
    } else if (field === M_IR_VERSION && wireType === WireType.Varint) {
      model.irVersion = r.readVarint();
    } else if (field === M_PRODUCER_NAME && wireType === WireType.LengthDelimited) {
      model.producerName = r.readString();
    } else {
      r.skip(wireType);
    }
  }
  if (model.graphRecords.length === 0) throw new ProtobufError('not an ONNX model: no graph found');
  return model;
}

function scanGraph(r: ProtoReader, model: ScannedModel, inits: Map<string, ScannedTensor>): void {
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (wireType !== WireType.LengthDelimited) {
      r.skip(wireType);
      continue;
    }
    switch (field) {
      case G_NODE:
        model.nodes.push(readNode(r.readMessage(), model.nodes.length));
        break;
      case G_INITIALIZER: {
        const t = readTensor(r.readMessage());
        inits.set(t.name, t);
        break;
      }
      case G_INPUT:
        model.inputs.push(readValueInfo(r.readMessage()));
        break;
      case G_OUTPUT:
        model.outputs.push(readValueInfo(r.readMessage()));
        break;
      case G_VALUE_INFO:
        model.valueInfo.push(readValueInfo(r.readMessage()));
        break;
      case G_NAME:
        model.graphName = r.readString();
        break;
      default:
        r.skip(wireType);
    }
  }
}

function readOpset(r: ProtoReader): OpsetImport {
  let domain = '';
  let version = 0;
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) domain = r.readString();
    else if (field === 2 && wireType === WireType.Varint) version = r.readVarint();
    else r.skip(wireType);
  }
  return { domain: normaliseDomain(domain), version };
}

function normaliseDomain(d: string): string {
  return d === 'ai.onnx' ? '' : d;
}

function readNode(r: ProtoReader, index: number): ScannedNode {
  const node: ScannedNode = { index, name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: new Map() };
  const attrs = node.attributes as Map<string, AttributeValue>;
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (wireType !== WireType.LengthDelimited) {
      r.skip(wireType);
      continue;
    }
    switch (field) {
      case 1:
        node.inputs.push(r.readString());
        break;
      case 2:
        node.outputs.push(r.readString());
        break;
      case 3:
        node.name = r.readString();
        break;
      case 4:
        node.opType = r.readString();
        break;
      case 5: {
        const [name, value] = readAttribute(r.readMessage());
        attrs.set(name, value);
        break;
      }
      case 7:
        node.domain = normaliseDomain(r.readString());
        break;
      default:
        r.skip(wireType);
    }
  }
  return node;
}

// AttributeProto.AttributeType
const A_FLOAT = 1;
const A_INT = 2;
const A_STRING = 3;
const A_TENSOR = 4;
const A_FLOATS = 6;
const A_INTS = 7;

function readAttribute(r: ProtoReader): [string, AttributeValue] {
  let name = '';
  let type = 0;
  let f: number | undefined;
  let i: number | undefined;
  let s: string | undefined;
  let t: ScannedTensor | undefined;
  const floats: number[] = [];
  const ints: number[] = [];
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) name = r.readString();
    else if (field === 20 && wireType === WireType.Varint) type = r.readVarint();
    else if (field === 2 && wireType === WireType.Fixed32) f = r.readFloat();
    else if (field === 3 && wireType === WireType.Varint) i = r.readVarint();
    else if (field === 4 && wireType === WireType.LengthDelimited) s = r.readString();
    else if (field === 5 && wireType === WireType.LengthDelimited) t = readTensor(r.readMessage());
    else if (field === 7 && (wireType === WireType.LengthDelimited || wireType === WireType.Fixed32)) r.readRepeatedFloat(wireType, floats);
    else if (field === 8 && (wireType === WireType.LengthDelimited || wireType === WireType.Varint)) r.readRepeatedVarint(wireType, ints);
    else r.skip(wireType); // subgraphs, strings, type protos: not needed here
  }
  // Old writers omit `type`; infer from the field that was present.
  if (type === 0) {
    if (f !== undefined) type = A_FLOAT;
    else if (i !== undefined) type = A_INT;
    else if (s !== undefined) type = A_STRING;
    else if (t !== undefined) type = A_TENSOR;
    else if (floats.length) type = A_FLOATS;
    else if (ints.length) type = A_INTS;
  }
  switch (type) {
    case A_FLOAT:
      return [name, { kind: 'float', value: f ?? 0 }];
    case A_INT:
      return [name, { kind: 'int', value: i ?? 0 }];
    case A_STRING:
      return [name, { kind: 'string', value: s ?? '' }];
    case A_TENSOR:
      if (t) return [name, { kind: 'tensor', value: t }];
      return [name, { kind: 'other', type }];
    case A_FLOATS:
      return [name, { kind: 'floats', value: floats }];
    case A_INTS:
      return [name, { kind: 'ints', value: ints }];
    default:
      return [name, { kind: 'other', type }];
  }
}

const EMPTY = new Uint8Array(0);

function readTensor(r: ProtoReader): ScannedTensor {
  const t: ScannedTensor = { name: '', dims: [], dataType: 0, encoding: 'none', data: EMPTY, external: false };
  let unpackedFloats: number[] | null = null;
  let unpackedVarints: number[] | null = null;
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    switch (field) {
      case 1:
        r.readRepeatedVarint(wireType, t.dims);
        break;
      case 2:
        t.dataType = r.readVarint();
        break;
      case 8:
        t.name = r.readString();
        break;
      case 9:
        t.data = r.readBytes();
        t.encoding = 'raw';
        break;
      case 4: // float_data
        if (wireType === WireType.LengthDelimited) {
          t.data = r.readBytes();
          t.encoding = 'float_data';
        } else {
          (unpackedFloats ??= []).push(r.readFloat());
          t.encoding = 'float_data';
        }
        break;
      case 10: // double_data
        if (wireType === WireType.LengthDelimited) {
          t.data = r.readBytes();
          t.encoding = 'double_data';
        } else r.skip(wireType);
        break;
      case 5: // int32_data
      case 7: // int64_data
      case 11: // uint64_data
        t.encoding = field === 5 ? 'int32_data' : field === 7 ? 'int64_data' : 'uint64_data';
        if (wireType === WireType.LengthDelimited) t.data = r.readBytes();
        else (unpackedVarints ??= []).push(r.readVarint());
        break;
      case 14: // data_location
        t.external = r.readVarint() === 1;
        break;
      default:
        r.skip(wireType);
    }
  }
  if (unpackedFloats) {
    t.data = new Uint8Array(Float32Array.from(unpackedFloats).buffer);
  } else if (unpackedVarints) {
    // re-pack so every integer encoding is "packed varints" for the decoders below
    const w: number[] = [];
    for (const v of unpackedVarints) pushVarint(w, v);
    t.data = Uint8Array.from(w);
  }
  if (t.external) t.encoding = 'none';
  return t;
}

function pushVarint(out: number[], n: number): void {
  if (n < 0) {
    let v = BigInt.asUintN(64, BigInt(n));
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return;
  }
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function readValueInfo(r: ProtoReader): ScannedValueInfo {
  const vi: ScannedValueInfo = { name: '', elemType: null, shape: null };
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) vi.name = r.readString();
    else if (field === 2 && wireType === WireType.LengthDelimited) readType(r.readMessage(), vi);
    else r.skip(wireType);
  }
  return vi;
}

function readType(r: ProtoReader, vi: ScannedValueInfo): void {
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) {
      // TypeProto.Tensor
      const tr = r.readMessage();
      while (!tr.eof()) {
        const tag = tr.readTag();
        if (tag.field === 1 && tag.wireType === WireType.Varint) vi.elemType = tr.readVarint();
        else if (tag.field === 2 && tag.wireType === WireType.LengthDelimited) vi.shape = readShape(tr.readMessage());
        else tr.skip(tag.wireType);
      }
    } else r.skip(wireType);
  }
}

function readShape(r: ProtoReader): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  while (!r.eof()) {
    const { field, wireType } = r.readTag();
    if (field === 1 && wireType === WireType.LengthDelimited) {
      const dr = r.readMessage();
      let d: number | string | null = null;
      while (!dr.eof()) {
        const tag = dr.readTag();
        if (tag.field === 1 && tag.wireType === WireType.Varint) d = dr.readVarint();
        else if (tag.field === 2 && tag.wireType === WireType.LengthDelimited) d = dr.readString();
        else dr.skip(tag.wireType);
      }
      dims.push(d);
    } else r.skip(wireType);
  }
  return dims;
}

// ----------------------------------------------------------------------------- tensor values

/** Number of elements (1 for a scalar). */
export function tensorSize(t: Pick<ScannedTensor, 'dims'>): number {
  let n = 1;
  for (const d of t.dims) n *= d;
  return n;
}

function decodePackedVarints(data: Uint8Array): number[] {
  const out: number[] = [];
  const r = new ProtoReader(data);
  while (!r.eof()) out.push(r.readVarint());
  return out;
}

/** IEEE half → float. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * Float32 values of a numeric tensor. FLOAT tensors with aligned raw_data come back as a view
 * (no copy); anything else is converted into a new array.
 */
export function tensorToFloat32(t: ScannedTensor): Float32Array {
  if (t.external) throw new Error(`tensor "${t.name}" is stored in an external data file, which is not loaded`);
  const n = tensorSize(t);
  const d = t.data;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let out: Float32Array;
  if (t.encoding === 'raw' || t.encoding === 'float_data' || t.encoding === 'double_data') {
    if ((t.dataType === DataType.FLOAT && t.encoding === 'raw') || t.encoding === 'float_data') {
      if (d.byteLength !== n * 4) throw new Error(`tensor "${t.name}": ${d.byteLength} bytes for ${n} float32 values`);
      if (d.byteOffset % 4 === 0) return new Float32Array(d.buffer, d.byteOffset, n);
      return new Float32Array(d.slice().buffer, 0, n); // unaligned: one copy
    }
    out = new Float32Array(n);
    const size = elementSize(t.dataType);
    if (t.encoding === 'raw' && d.byteLength !== n * size) {
      throw new Error(`tensor "${t.name}": ${d.byteLength} bytes for ${n} values of type ${t.dataType}`);
    }
    for (let i = 0; i < n; i++) out[i] = readRawElement(dv, t.encoding === 'double_data' ? DataType.DOUBLE : t.dataType, i);
    return out;
  }
  if (t.encoding === 'none') {
    if (n === 0) return new Float32Array(0);
    throw new Error(`tensor "${t.name}" has no data`);
  }
  const vals = decodePackedVarints(d);
  out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = vals[i] ?? 0;
    if (t.dataType === DataType.FLOAT16) out[i] = halfToFloat(v);
    else if (t.dataType === DataType.BFLOAT16) out[i] = bf16ToFloat(v);
    else if (t.dataType === DataType.INT8) out[i] = (v << 24) >> 24;
    else if (t.dataType === DataType.INT16) out[i] = (v << 16) >> 16;
    else out[i] = v;
  }
  return out;
}

/** All values as plain numbers — for small constants (scales, shapes, axes). */
export function tensorToNumbers(t: ScannedTensor): number[] {
  if (t.encoding === 'int64_data' || t.encoding === 'uint64_data' || t.encoding === 'int32_data') {
    return decodeVarintValues(t);
  }
  if ((t.encoding === 'raw' && t.dataType !== DataType.FLOAT) || t.encoding === 'double_data') {
    // element by element: exact for int32/int64/double (a Float32Array would round them)
    const n = tensorSize(t);
    const type = t.encoding === 'double_data' ? DataType.DOUBLE : t.dataType;
    const dv = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(readRawElement(dv, type, i));
    return out;
  }
  return Array.from(tensorToFloat32(t));
}

// Varint encodings decoded without the float32 rounding of tensorToFloat32 (int64 shapes).
function decodeVarintValues(t: ScannedTensor): number[] {
  const vals = decodePackedVarints(t.data);
  if (t.dataType === DataType.FLOAT16) return vals.map(halfToFloat);
  if (t.dataType === DataType.BFLOAT16) return vals.map(bf16ToFloat);
  if (t.dataType === DataType.INT32 || t.dataType === DataType.INT8 || t.dataType === DataType.INT16) return vals.map((v) => v | 0);
  return vals;
}

function bf16ToFloat(v: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, (v & 0xffff) << 16);
  return dv.getFloat32(0);
}

export function elementSize(dataType: number): number {
  switch (dataType) {
    case DataType.FLOAT:
    case DataType.INT32:
    case DataType.UINT32:
      return 4;
    case DataType.DOUBLE:
    case DataType.INT64:
    case DataType.UINT64:
      return 8;
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
    case DataType.INT16:
    case DataType.UINT16:
      return 2;
    case DataType.INT8:
    case DataType.UINT8:
    case DataType.BOOL:
      return 1;
    default:
      throw new Error(`unsupported tensor data type ${dataType}`);
  }
}

function readRawElement(dv: DataView, dataType: number, i: number): number {
  switch (dataType) {
    case DataType.FLOAT:
      return dv.getFloat32(i * 4, true);
    case DataType.DOUBLE:
      return dv.getFloat64(i * 8, true);
    case DataType.FLOAT16:
      return halfToFloat(dv.getUint16(i * 2, true));
    case DataType.BFLOAT16:
      return bf16ToFloat(dv.getUint16(i * 2, true));
    case DataType.INT8:
      return dv.getInt8(i);
    case DataType.UINT8:
    case DataType.BOOL:
      return dv.getUint8(i);
    case DataType.INT16:
      return dv.getInt16(i * 2, true);
    case DataType.UINT16:
      return dv.getUint16(i * 2, true);
    case DataType.INT32:
      return dv.getInt32(i * 4, true);
    case DataType.UINT32:
      return dv.getUint32(i * 4, true);
    case DataType.INT64:
      return dv.getInt32(i * 8 + 4, true) * 4294967296 + dv.getUint32(i * 8, true);
    case DataType.UINT64:
      return dv.getUint32(i * 8 + 4, true) * 4294967296 + dv.getUint32(i * 8, true);
    default:
      throw new Error(`unsupported tensor data type ${dataType}`);
  }
}

// ----------------------------------------------------------------------------- attribute access

export function attrInt(node: ScannedNode, name: string): number | undefined {
  const a = node.attributes.get(name);
  return a && a.kind === 'int' ? a.value : undefined;
}

export function attrFloat(node: ScannedNode, name: string): number | undefined {
  const a = node.attributes.get(name);
  return a && a.kind === 'float' ? a.value : undefined;
}

export function attrInts(node: ScannedNode, name: string): number[] | undefined {
  const a = node.attributes.get(name);
  return a && a.kind === 'ints' ? a.value : undefined;
}

/** Opset version imported for a domain ('' = default ONNX domain), or undefined. */
export function opsetVersion(model: ScannedModel, domain = ''): number | undefined {
  const d = normaliseDomain(domain);
  return model.opsetImports.find((o) => o.domain === d)?.version;
}

/** Re-exported so callers decoding names do not need the protobuf module. */
export { decodeUtf8 };
