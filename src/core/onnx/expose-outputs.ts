// Makes internal tensors (attention probabilities, optionally Q and Kᵀ) graph outputs without
// re-encoding the model: protobuf merges a repeated field across records, so appending one extra
// ModelProto.graph record that holds only GraphProto.output ValueInfos adds outputs. onnxruntime
// then returns them next to last_hidden_state. Exposing the Softmax output also keeps
// onnxruntime's AttentionFusion from fusing that layer away.

import { indexGraph } from './graph-index';
import { type AttentionLayer, locateAttention } from './locate-attention';
import { ProtoWriter, WireType } from './protobuf';
import { DataType, type ScannedModel, scanModel } from './scan-model';

export interface NewGraphOutput {
  name: string;
  /**
   * TensorProto.DataType, or null to declare the output without a type and let onnxruntime infer
   * it (accepted by onnxruntime-web 1.30; a wrong declared type is a session-creation error).
   * Omit for FLOAT.
   */
  elemType?: number | null;
}

export type ExposeMode = 'attention' | 'attention+qk';

export interface ExposeOptions {
  /** 'attention' (default): Softmax outputs only. 'attention+qk': also Q and Kᵀ per layer. */
  mode?: ExposeMode;
  /**
   * Write the record into spare capacity of `model.buffer` right after the model's bytes instead
   * of copying the model (saves one full copy for big models downloaded into a larger buffer).
   * Falls back to a copy when there is no room. Bytes past the model in that buffer are overwritten.
   */
  inPlace?: boolean;
  /** A scan of the same bytes, if the caller already has one. */
  scanned?: ScannedModel;
  /**
   * Declared type of the new outputs. 'auto' (default): the graph's value_info type if it has
   * one, FLOAT for float32 models, untyped (inferred by onnxruntime) otherwise — e.g. fp16 exports,
   * where attention may run in float16 or float32 depending on the exporter. 'untyped' always
   * leaves the type to onnxruntime; a number forces that TensorProto.DataType.
   */
  elemType?: 'auto' | 'untyped' | number;
}

export interface ExposedModel {
  /** Model bytes with the outputs added. */
  bytes: Uint8Array;
  layers: AttentionLayer[];
  /** Output name per layer, in layer order. */
  attentionOutputs: string[];
  queryOutputs: string[] | null;
  keyTransposedOutputs: string[] | null;
  /** Outputs the appended record declares (excludes names that were already outputs). */
  added: string[];
}

const MODEL_GRAPH = 7;
const GRAPH_OUTPUT = 12;

/** Locates attention in `model` and returns a copy with those tensors exposed as outputs. */
export function exposeAttentionOutputs(model: Uint8Array, options: ExposeOptions = {}): ExposedModel {
  const scanned = options.scanned ?? scanModel(model);
  const index = indexGraph(scanned);
  const { layers } = locateAttention(scanned, index);
  const withQk = options.mode === 'attention+qk';
  const attentionOutputs = layers.map((l) => l.softmaxOutput);
  const queryOutputs = withQk ? layers.map((l) => l.queryTensor) : null;
  const keyTransposedOutputs = withQk ? layers.map((l) => l.keyTransposedTensor) : null;

  const wanted = [...attentionOutputs, ...(queryOutputs ?? []), ...(keyTransposedOutputs ?? [])];
  const existing = new Set(scanned.outputs.map((o) => o.name));
  const declaredType = new Map<string, number>();
  for (const vi of scanned.valueInfo) if (vi.elemType !== null) declaredType.set(vi.name, vi.elemType);
  const mode = options.elemType ?? 'auto';
  const fallback = dominantFloatType(scanned) === DataType.FLOAT ? DataType.FLOAT : null;
  const added: NewGraphOutput[] = [];
  const seen = new Set<string>();
  for (const name of wanted) {
    if (existing.has(name) || seen.has(name)) continue; // duplicate outputs are rejected by ORT
    seen.add(name);
    const elemType = typeof mode === 'number' ? mode : mode === 'untyped' ? null : (declaredType.get(name) ?? fallback);
    added.push({ name, elemType });
  }
  const bytes = added.length ? appendGraphOutputs(model, added, { inPlace: options.inPlace }) : model;
  return { bytes, layers, attentionOutputs, queryOutputs, keyTransposedOutputs, added: added.map((o) => o.name) };
}

/**
 * float16 models (model_fp16.onnx) compute attention in float16; everything else in float32.
 * Decided by the weights, since exports rarely carry value_info for internal tensors.
 */
function dominantFloatType(m: ScannedModel): number {
  let f32 = 0;
  let f16 = 0;
  for (const t of m.initializers.values()) {
    if (t.dataType === DataType.FLOAT) f32 += t.data.byteLength;
    else if (t.dataType === DataType.FLOAT16) f16 += t.data.byteLength;
  }
  return f16 > f32 ? DataType.FLOAT16 : DataType.FLOAT;
}

/** The bytes of one ModelProto field-7 record declaring `outputs` (tensor type, no shape). */
export function encodeOutputsRecord(outputs: readonly NewGraphOutput[]): Uint8Array {
  const graph = new ProtoWriter();
  for (const o of outputs) {
    graph.message(GRAPH_OUTPUT, (vi) => {
      vi.string(1, o.name);
      const elemType = o.elemType === undefined ? DataType.FLOAT : o.elemType;
      // TypeProto.tensor_type { elem_type } — shape left out: dynamic, ORT infers it
      if (elemType !== null) vi.message(2, (tp) => tp.message(1, (tt) => tt.int(1, elemType)));
    });
  }
  const body = graph.finish();
  const rec = new ProtoWriter().tag(MODEL_GRAPH, WireType.LengthDelimited).varint(body.length).finish();
  const out = new Uint8Array(rec.length + body.length);
  out.set(rec, 0);
  out.set(body, rec.length);
  return out;
}

/** `model` + one appended graph record declaring `outputs`. */
export function appendGraphOutputs(model: Uint8Array, outputs: readonly NewGraphOutput[], options: { inPlace?: boolean } = {}): Uint8Array {
  const rec = encodeOutputsRecord(outputs);
  const total = model.byteLength + rec.length;
  if (options.inPlace && model.byteOffset + total <= model.buffer.byteLength) {
    const out = new Uint8Array(model.buffer, model.byteOffset, total);
    out.set(rec, model.byteLength);
    return out;
  }
  const out = new Uint8Array(total);
  out.set(model, 0);
  out.set(rec, model.byteLength);
  return out;
}
