// What the masked-LM head costs on top of the encoder, for the embedded model: onnxruntime-web (wasm, 1 thread, in
// Node) runs the shipped model.onnx at 128 and 512 tokens with k = 0 (no logits), 1 and 10 masked positions.
//   node scripts/bench/mlm-cost.mjs [runs] [model.onnx] [lengths, default 128,512] [masked counts, default 0,1,10]   (another export with mask_positions, e.g. a bert-base-geometry
//   one from `models/train/export.py --random --hidden-size 768 --num-hidden-layers 12 --num-attention-heads 12
//   --intermediate-size 3072 --out-dir /tmp/bb`)
// Prints median ms per run; the head's cost is the difference to k = 0. Only k × vocab logits are computed (the
// export evaluates the head at mask_positions only), and the engine reduces them to the top 10 before anything
// leaves its document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';

const ROOT = join(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 30);
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';
const modelPath = process.argv[3] ?? join(ROOT, 'models/attention-lens-mini/onnx/model.onnx');
const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(modelPath)));
console.log(modelPath);
const i64 = (n, f) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from({ length: n }, (_, i) => BigInt(f(i))),
    [1, n],
  );
const configs = [];
const list = (arg, fallback) => (arg ? arg.split(',').map(Number) : fallback);
for (const n of list(process.argv[4], [128, 512])) {
  for (const k of list(process.argv[5], [0, 1, 10])) {
    const feeds = {
      input_ids: i64(n, (i) => (i === 0 ? 101 : i === n - 1 ? 102 : 1000 + ((i * 37) % 20000))),
      attention_mask: i64(n, () => 1),
      token_type_ids: i64(n, () => 0),
      mask_positions: new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: k }, (_, i) => BigInt(1 + ((i * 7) % (n - 2)))),
        [k],
      ),
    };
    await session.run(feeds); // warm
    configs.push({ n, k, feeds, t: [] });
  }
}
// Round robin, so that a busy moment of the machine hits every configuration alike.
for (let r = 0; r < runs; r++) {
  for (const c of configs) {
    const t0 = performance.now();
    await session.run(c.feeds);
    c.t.push(performance.now() - t0);
  }
}
const rows = configs.map(({ n, k, t }) => {
  t.sort((a, b) => a - b);
  return { tokens: n, masked: k, median_ms: +t[t.length >> 1].toFixed(2), min_ms: +t[0].toFixed(2) };
});
console.table(rows);
for (const n of new Set(rows.map((r) => r.tokens))) {
  const base = rows.find((r) => r.tokens === n && r.masked === 0);
  if (!base) continue;
  for (const r of rows.filter((x) => x.tokens === n && x.masked > 0)) {
    // the minimum is the run least disturbed by other work on the machine
    console.log(
      `n=${n}: masked-LM head at ${r.masked} position(s) adds ${(r.median_ms - base.median_ms).toFixed(2)} ms (median) / ${(r.min_ms - base.min_ms).toFixed(2)} ms (min), ${runs} runs`,
    );
  }
}
await session.release();
