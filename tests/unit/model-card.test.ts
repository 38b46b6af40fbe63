// The embedded default model's card must describe the shipped file: same hash, and a per-head table
// that the shipped weights reproduce on the committed held-out sentences. The card's figures come
// from the Python training pipeline (torch); here they are recomputed from model.onnx with
// onnxruntime-web (graph edited by src/core/onnx) and this file's own implementation of the rule.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { exposeAttentionOutputs } from '../../src/core/onnx/expose-outputs';

const DIR = join(import.meta.dirname, '../../models/attention-lens-mini');
const KEYS = ['cls', 'sep', 'prev', 'next', 'self', 'ent', 'word'] as const;
type Table = Record<(typeof KEYS)[number], number[][]>;

interface TrainingLog {
  evaluation: { masked_accuracy: number; unigram_baseline: { accuracy: number } };
  head_stats: { table: Table; bars: Record<string, { layer: number; head: number; value: number; stat: string }> };
}

const log = JSON.parse(readFileSync(join(DIR, 'training-log.json'), 'utf8')) as TrainingLog;
const card = readFileSync(join(DIR, 'README.md'), 'utf8');
const modelBytes = new Uint8Array(readFileSync(join(DIR, 'onnx/model.onnx')));

let recomputed: Table;

/** Token-weighted means over word-token queries of all sentences (the card's stated rule). */
async function headTable(): Promise<Table> {
  env.localModelPath = join(DIR, '..') + '/';
  env.allowRemoteModels = false;
  const tok = await AutoTokenizer.from_pretrained('attention-lens-mini');
  const exposed = exposeAttentionOutputs(modelBytes);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(exposed.bytes);
  const L = exposed.attentionOutputs.length;
  let H = 0;
  const sums = {} as Table;
  const counts = { cls: 0, sep: 0, self: 0, ent: 0, prev: 0, next: 0, word: 0 };
  // Continuation pieces ('##…') from the shipped vocabulary: a word is a piece without '##' and the '##' after it.
  const vocab = (JSON.parse(readFileSync(join(DIR, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab;
  const continuation = new Set(Object.entries(vocab).filter(([t]) => t.startsWith('##')).map(([, id]) => id));
  const sentences = readFileSync(join(DIR, 'heldout.txt'), 'utf8').split('\n').filter((s) => s.trim());
  for (const s of sentences) {
    const ids = Array.from(tok(s).input_ids.data as BigInt64Array);
    const T = ids.length;
    const n = T - 2;
    if (n < 1) continue;
    const t = (v: bigint[]) => new ort.Tensor('int64', BigInt64Array.from(v), [1, T]);
    const word: number[] = [];
    for (let i = 1, w = -1; i <= n; i++) word[i] = continuation.has(Number(ids[i])) ? w : ++w;
    const sameWord = (i: number) => Array.from({ length: n }, (_, k) => k + 1).filter((k) => k !== i && word[k] === word[i]);
    const out = await session.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1n)), token_type_ids: t(ids.map(() => 0n)) }, exposed.attentionOutputs);
    for (let l = 0; l < L; l++) {
      const a = out[exposed.attentionOutputs[l]];
      H = a.dims[1];
      const p = a.data as Float32Array;
      for (const k of KEYS) sums[k] ??= Array.from({ length: L }, () => new Array(H).fill(0));
      for (let h = 0; h < H; h++) {
        const at = (i: number, j: number) => p[(h * T + i) * T + j];
        for (let i = 1; i <= n; i++) {
          sums.cls[l][h] += at(i, 0);
          sums.sep[l][h] += at(i, n + 1);
          sums.self[l][h] += at(i, i);
          let e = 0;
          for (let j = 0; j < T; j++) e -= at(i, j) * Math.log(Math.max(at(i, j), 1e-12));
          sums.ent[l][h] += e;
          if (i >= 2) sums.prev[l][h] += at(i, i - 1);
          if (i <= n - 1) sums.next[l][h] += at(i, i + 1);
          for (const k of sameWord(i)) sums.word[l][h] += at(i, k);
        }
      }
    }
    counts.cls += n;
    counts.sep += n;
    counts.self += n;
    counts.ent += n;
    counts.prev += Math.max(n - 1, 0);
    counts.next += Math.max(n - 1, 0);
    for (let i = 1; i <= n; i++) if (sameWord(i).length) counts.word++;
  }
  for (const k of KEYS) sums[k] = sums[k].map((row) => row.map((v) => v / counts[k]));
  return sums;
}

beforeAll(async () => {
  recomputed = await headTable();
}, 120_000);

describe('attention-lens-mini model card', () => {
  it('names the shipped file by its SHA-256 and size', () => {
    const sha = createHash('sha256').update(modelBytes).digest('hex');
    expect(card).toContain(`sha256: ${sha}`);
    expect(card).toContain(`${modelBytes.length} bytes`);
  });

  it('per-head figures are reproduced from the shipped weights on heldout.txt', () => {
    for (const k of KEYS) {
      const claimed = log.head_stats.table[k];
      expect(recomputed[k].length).toBe(claimed.length);
      for (let l = 0; l < claimed.length; l++) {
        for (let h = 0; h < claimed[l].length; h++) {
          // the card rounds to 4 decimals; torch vs onnxruntime float32 differ by ~1e-6
          expect(Math.abs(recomputed[k][l][h] - claimed[l][h]), `${k} layer ${l} head ${h}`).toBeLessThan(6e-4);
        }
      }
    }
  });

  it('the card table in README.md shows the same numbers', () => {
    const t = log.head_stats.table;
    for (let l = 0; l < t.cls.length; l++) {
      for (let h = 0; h < t.cls[0].length; h++) {
        const row = `| ${l} | ${h} | ${KEYS.map((k) => t[k][l][h].toFixed(4)).join(' | ')} |`;
        expect(card).toContain(row);
      }
    }
  });

  it('quality bar from the shipped weights: a previous-token, a next-token and a [CLS]/[SEP] head at ≥ 0.5', () => {
    const best = (stats: Array<(typeof KEYS)[number]>) => Math.max(...stats.flatMap((k) => recomputed[k].flat()));
    expect(best(['prev'])).toBeGreaterThanOrEqual(0.5);
    expect(best(['next'])).toBeGreaterThanOrEqual(0.5);
    expect(best(['cls', 'sep'])).toBeGreaterThanOrEqual(0.5);
  });

  it('quality bar: masked accuracy clearly above the unigram baseline; claimed ≥ 0.5 heads really are', () => {
    expect(log.evaluation.masked_accuracy).toBeGreaterThan(2 * log.evaluation.unigram_baseline.accuracy);
    for (const [name, b] of Object.entries(log.head_stats.bars)) {
      const value = recomputed[b.stat as (typeof KEYS)[number]][b.layer][b.head];
      expect(value >= 0.5, `${name}: layer ${b.layer} head ${b.head} ${b.stat} = ${value}`).toBe(b.value >= 0.5);
    }
  });
});
