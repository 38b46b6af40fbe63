// Whether a graph computes in float16 (model_fp16.onnx, model_q4f16.onnx): float16 weights (other than weights stored
// as float16 and cast to float32 before use), float16 tensors declared
// in the graph, or a Cast to float16. WebGPU runs such graphs only on adapters with the `shader-f16` feature:
// onnxruntime-web 1.30 creates the session on an adapter without it and then fails at the first run
// ("Program Gather requires f16 but the device does not support it"), so the engine must choose WebAssembly first.
import { DataType, attrInt, type ScannedModel } from './scan-model';

export function graphUsesFloat16(model: ScannedModel): boolean {
  // float16 weights read only through a Cast to float32 are storage (a halved file): the graph computes in float32
  const castToFloat = new Set<string>();
  for (const n of model.nodes) if (n.domain === '' && n.opType === 'Cast' && attrInt(n, 'to') === DataType.FLOAT) castToFloat.add(n.inputs[0]);
  const readers = new Map<string, number>();
  for (const n of model.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  for (const t of model.initializers.values()) {
    if (t.dataType !== DataType.FLOAT16) continue;
    if (!(castToFloat.has(t.name) && readers.get(t.name) === 1)) return true;
  }
  for (const vi of [...model.inputs, ...model.outputs, ...model.valueInfo]) if (vi.elemType === DataType.FLOAT16) return true;
  for (const n of model.nodes) {
    if (n.domain === '' && n.opType === 'Cast' && attrInt(n, 'to') === DataType.FLOAT16) return true;
    for (const a of n.attributes.values()) if (a.kind === 'tensor' && a.value.dataType === DataType.FLOAT16) return true;
  }
  return false;
}
