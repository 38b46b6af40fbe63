// Run the exported model with onnxruntime-web (wasm backend, in Node) and compare
// last_hidden_state with the torch reference written by export.py.
//   node models/train/verify-onnx.mjs [models/train/work/ref.json]
import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const refPath = process.argv[2] ?? path.join(here, 'work', 'ref.json');
const ref = JSON.parse(readFileSync(refPath, 'utf8'));
ort.env.wasm.numThreads = 1;
const bytes = readFileSync(ref.onnx);
const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
const [b, n] = [ref.input_ids.length, ref.input_ids[0].length];
const t = (a) => new ort.Tensor('int64', BigInt64Array.from(a.flat().map(BigInt)), [b, n]);
const out = await session.run({
  input_ids: t(ref.input_ids), attention_mask: t(ref.attention_mask), token_type_ids: t(ref.token_type_ids),
  mask_positions: new ort.Tensor('int64', BigInt64Array.from(ref.mask_positions.map(BigInt)), [ref.mask_positions.length]),
});
const names = Object.keys(out);
const diff = (y, want) => {
  let m = 0;
  for (let i = 0; i < y.data.length; i++) m = Math.max(m, Math.abs(y.data[i] - want[i]));
  return m;
};
// padded positions are compared too (they are computed, just masked as keys)
const maxDiff = diff(out.last_hidden_state, ref.last_hidden_state);
const logitsDiff = diff(out.mask_logits, ref.mask_logits);
const ok = names.length === 2 && JSON.stringify(out.last_hidden_state.dims) === JSON.stringify(ref.dims)
  && JSON.stringify(out.mask_logits.dims) === JSON.stringify(ref.mask_logits_dims) && maxDiff <= 1e-4 && logitsDiff <= 1e-3;
console.log(JSON.stringify({ inputs: session.inputNames, outputs: names, maxAbsDiff: maxDiff, maskLogitsMaxAbsDiff: logitsDiff, ok }));
process.exit(ok ? 0 : 1);
