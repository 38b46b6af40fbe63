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
});
const names = Object.keys(out);
const y = out.last_hidden_state;
let maxDiff = 0;
// padded positions are compared too (they are computed, just masked as keys)
for (let i = 0; i < y.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y.data[i] - ref.last_hidden_state[i]));
const ok = names.length === 1 && JSON.stringify(y.dims) === JSON.stringify(ref.dims) && maxDiff <= 1e-4;
console.log(JSON.stringify({ inputs: session.inputNames, outputs: names, dims: y.dims, maxAbsDiff: maxDiff, ok }));
process.exit(ok ? 0 : 1);
