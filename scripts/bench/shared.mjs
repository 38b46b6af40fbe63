// Pieces the benches share: the generated bert-base-sized model, and the cold first analysis as a view asks for it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../tests/browser/harness.mjs';

export const BERT_BASE_ID = 'bert-base-random';
/** models/generated/bert-base-random: 12 × 12, hidden 768, random weights (git-ignored, ~436 MB, never committed). */
export const BERT_BASE_DIR = join(ROOT, 'models/generated', BERT_BASE_ID);

/** Generates the bert-base-sized model with models/train/export.py (python3-torch) unless it is there; exits on failure. */
export function ensureBertBase() {
  if (existsSync(join(BERT_BASE_DIR, 'onnx/model.onnx'))) return;
  console.log('generating a random bert-base-sized model (python3-torch) …');
  const ref = join(ROOT, 'models/train/work/ref.json');
  const saved = existsSync(ref) ? readFileSync(ref) : null; // export.py also writes a reference we must not clobber
  const size = ['--hidden-size', '768', '--num-hidden-layers', '12', '--num-attention-heads', '12', '--intermediate-size', '3072'];
  const r = spawnSync('/usr/bin/python3', ['models/train/export.py', '--random', '--seed', '7', '--out-dir', BERT_BASE_DIR, ...size], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (saved) writeFileSync(ref, saved);
  if (r.status !== 0) process.exit(1);
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(join(ROOT, 'models/attention-lens-mini', f), join(BERT_BASE_DIR, f));
}

/**
 * A fresh profile's first analysis, asked from an extension page through the service worker's broker (offscreen
 * document created, model, runtime and tokenizer loaded, then the forward pass): ms from request to result.
 */
export function coldAnalysis(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const reg = await navigator.serviceWorker.ready;
    const { port1, port2 } = new MessageChannel();
    const res = await new Promise((resolve) => {
      port1.onmessage = (e) => e.data.kind === 'done' && resolve(e.data.result);
      reg.active.postMessage(
        { target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text: 'The quick brown fox jumps over the lazy dog.' } },
        [port2],
      );
    });
    return { ms: performance.now() - t0, ok: res.ok, n: res.value?.seqLen, backend: res.value?.backend, inferenceMs: res.value?.timings?.inferenceMs };
  });
}
