// The embedded default model's card must describe the shipped file: same hash, per-head and per-position tables
// and masked-token accuracies that the shipped weights reproduce on the committed held-out texts. The card's
// figures come from the Python training pipeline (torch); here they are recomputed from model.onnx with
// onnxruntime-web (graph edited by src/core/onnx), the masks in heldout-eval.json and this file's own
// implementation of each rule.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { exposeAttentionOutputs, type ExposedModel } from '../../src/core/onnx/expose-outputs';

const DIR = process.env.AL_MODEL_DIR ?? join(import.meta.dirname, '../../models/attention-lens-mini');
const KEYS = ['cls', 'sep', 'prev', 'next', 'self', 'ent', 'word'] as const;
type Table = Record<(typeof KEYS)[number], number[][]>;
const PKEYS = ['prev', 'next', 'cls', 'sep'] as const;
type PTable = Record<(typeof PKEYS)[number], number[][][]> & { buckets: number[][] };
const BUCKETS = [
  [1, 31],
  [32, 63],
  [64, 127],
  [128, 255],
  [256, 510],
];
const CLS = 101;
const SEP = 102;
const MASK = 103;

interface Bar {
  layer: number;
  head: number;
  value: number;
  stat: string;
}
interface TrainingLog {
  evaluation: {
    single_sentences: { masked_accuracy: number; heldout_masked_tokens: number; unigram_baseline: { accuracy: number } };
    long_contexts: { masked_accuracy: number; heldout_masked_tokens: number; windows: number };
    same_tokens: { masked_tokens: number; accuracy_in_512_windows: number; accuracy_same_tokens_as_single_sentences: number };
  };
  head_stats: { table: Table; bars: Record<string, Bar> };
  position_stats: { table: PTable; bars: Array<Record<'prev' | 'next' | 'sink' | 'cls_or_sep', Bar>> };
}
interface EvalSpec {
  sentences: number[][];
  long: { window: number; masks: number[][]; sentence_lengths: number[][] };
}

const log = JSON.parse(readFileSync(join(DIR, 'training-log.json'), 'utf8')) as TrainingLog;
const spec = JSON.parse(readFileSync(join(DIR, 'heldout-eval.json'), 'utf8')) as EvalSpec;
const card = readFileSync(join(DIR, 'README.md'), 'utf8');
const modelBytes = new Uint8Array(readFileSync(join(DIR, 'onnx/model.onnx')));

let tok: PreTrainedTokenizer;
let session: ort.InferenceSession;
let exposed: ExposedModel;
let headTable: Table;
let positions: PTable;
let accuracy: { single: number; singleCount: number; long: number; longCount: number; sameSingle: number };

const int64 = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0].length]);

/** One batch (rows padded with 0 to the longest), attention outputs and the masked-LM head at `maskAt`. */
async function run(rows: number[][], maskAt: number[], withAttention: boolean) {
  const n = Math.max(...rows.map((r) => r.length));
  const ids = rows.map((r) => [...r, ...new Array(n - r.length).fill(0)]);
  const am = rows.map((r) => [...r.map(() => 1), ...new Array(n - r.length).fill(0)]);
  const positionsFeed = new ort.Tensor('int64', BigInt64Array.from(maskAt.length ? maskAt : [0], BigInt), [Math.max(1, maskAt.length)]);
  const fetch = [...(withAttention ? exposed.attentionOutputs : []), 'mask_logits'];
  return session.run(
    { input_ids: int64(ids), attention_mask: int64(am), token_type_ids: int64(ids.map((r) => r.map(() => 0))), mask_positions: positionsFeed },
    fetch,
  );
}

function argmax(a: Float32Array, from: number, len: number): number {
  let best = 0;
  for (let v = 1; v < len; v++) if (a[from + v] > a[from + best]) best = v;
  return best;
}

/** Correct predictions for row `b` of a batch at `mine` (each an index into the batch's maskAt list). */
function correct(logits: ort.Tensor, b: number, mine: Array<{ k: number; target: number }>): number {
  const [, K, V] = logits.dims;
  const data = logits.data as Float32Array;
  return mine.filter(({ k, target }) => argmax(data, (b * K + k) * V, V) === target).length;
}

/** Token-weighted means over word-token queries of all sentences (the card's stated rule). */
async function singleSentenceHeads(sentences: number[][]): Promise<Table> {
  const vocab = (JSON.parse(readFileSync(join(DIR, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab;
  const continuation = new Set(
    Object.entries(vocab)
      .filter(([t]) => t.startsWith('##'))
      .map(([, id]) => id),
  );
  const L = exposed.attentionOutputs.length;
  let H = 0;
  const sums = {} as Table;
  const counts = { cls: 0, sep: 0, self: 0, ent: 0, prev: 0, next: 0, word: 0 };
  for (const ids of sentences) {
    const T = ids.length;
    const n = T - 2;
    if (n < 1) continue;
    const word: number[] = [];
    for (let i = 1, w = -1; i <= n; i++) word[i] = continuation.has(ids[i]) ? w : ++w;
    const sameWord = (i: number) => Array.from({ length: n }, (_, k) => k + 1).filter((k) => k !== i && word[k] === word[i]);
    const out = await run([ids], [], true);
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

/** Windows of the long texts: [CLS] + 510 consecutive tokens + [SEP], with each window's sentence pieces. */
function longWindows(docs: number[][]): Array<{ ids: number[]; pieces: Array<[number, number]> }> {
  const body = spec.long.window - 2;
  const out: Array<{ ids: number[]; pieces: Array<[number, number]> }> = [];
  docs.forEach((doc, d) => {
    const lens = spec.long.sentence_lengths[d];
    expect(
      lens.reduce((a, b) => a + b, 0),
      `document ${d}: sentence lengths cover the tokens`,
    ).toBe(doc.length);
    const starts = [0];
    for (const len of lens) starts.push(starts.at(-1)! + len);
    for (let i = 0; i + body <= doc.length; i += body) {
      const pieces: Array<[number, number]> = [];
      for (let s = 0; s < lens.length; s++) {
        const lo = Math.max(starts[s], i);
        const hi = Math.min(starts[s + 1], i + body);
        if (hi > lo) pieces.push([lo - i + 1, hi - i + 1]);
      }
      out.push({ ids: [CLS, ...doc.slice(i, i + body), SEP], pieces });
    }
  });
  return out;
}

beforeAll(async () => {
  env.localModelPath = join(DIR, '..') + '/';
  env.allowRemoteModels = false;
  tok = await AutoTokenizer.from_pretrained('attention-lens-mini');
  exposed = exposeAttentionOutputs(modelBytes);
  ort.env.wasm.numThreads = 1;
  session = await ort.InferenceSession.create(exposed.bytes);
  const L = exposed.attentionOutputs.length;

  // single sentences: head table and masked accuracy (one sentence per run, as the card's rule)
  const sentences = readFileSync(join(DIR, 'heldout.txt'), 'utf8')
    .split('\n')
    .filter((s) => s.trim());
  const sentenceIds = sentences.map((s) => Array.from(tok(s).input_ids.data as BigInt64Array, Number));
  headTable = await singleSentenceHeads(sentenceIds);
  let single = 0;
  let singleCount = 0;
  for (let k = 0; k < sentenceIds.length; k++) {
    const pos = spec.sentences[k];
    const ids = sentenceIds[k].slice();
    const targets = pos.map((p) => ids[p]);
    for (const p of pos) ids[p] = MASK;
    const out = await run([ids], pos, false);
    single += correct(
      out.mask_logits,
      0,
      targets.map((target, q) => ({ k: q, target })),
    );
    singleCount += pos.length;
  }

  // long texts: per-position table (unmasked windows), masked accuracy in windows and as single sentences
  const docs = readFileSync(join(DIR, 'heldout-long.txt'), 'utf8')
    .split('\n')
    .filter((s) => s.trim())
    .map((t) => tok.encode(t, { add_special_tokens: false }));
  const windows = longWindows(docs);
  expect(windows.length).toBe(spec.long.masks.length);
  const sums = Object.fromEntries(PKEYS.map((k) => [k, BUCKETS.map(() => Array.from({ length: L }, () => [] as number[]))])) as unknown as PTable;
  const counts = Object.fromEntries(PKEYS.map((k) => [k, BUCKETS.map(() => 0)])) as Record<(typeof PKEYS)[number], number[]>;
  let long = 0;
  let longCount = 0;
  let sameSingle = 0;
  for (let w = 0; w < windows.length; w++) {
    const { ids, pieces } = windows[w];
    const n = ids.length;
    const att = await run([ids], [], true);
    for (let l = 0; l < L; l++) {
      const a = att[exposed.attentionOutputs[l]];
      const H = a.dims[1];
      const p = a.data as Float32Array;
      BUCKETS.forEach(([lo, hiRaw], b) => {
        const hi = Math.min(hiRaw, n - 2);
        for (let h = 0; h < H; h++) {
          const at = (i: number, j: number) => p[(h * n + i) * n + j];
          let prev = 0,
            next = 0,
            cls = 0,
            sep = 0;
          for (let i = lo; i <= hi; i++) {
            if (i >= 2) prev += at(i, i - 1);
            if (i <= n - 3) next += at(i, i + 1);
            cls += at(i, 0);
            sep += at(i, n - 1);
          }
          for (const [k, v] of [
            ['prev', prev],
            ['next', next],
            ['cls', cls],
            ['sep', sep],
          ] as const)
            sums[k][b][l][h] = (sums[k][b][l][h] ?? 0) + v;
        }
        if (l === 0) {
          counts.prev[b] += hi - Math.max(lo, 2) + 1;
          counts.next[b] += Math.min(hi, n - 3) - lo + 1;
          counts.cls[b] += hi - lo + 1;
          counts.sep[b] += hi - lo + 1;
        }
      });
    }
    // the same masked tokens in the window and with each sentence alone
    const pos = spec.long.masks[w];
    const masked = ids.slice();
    for (const p of pos) masked[p] = MASK;
    const inWindow = await run([masked], pos, false);
    long += correct(
      inWindow.mask_logits,
      0,
      pos.map((p, q) => ({ k: q, target: ids[p] })),
    );
    longCount += pos.length;
    const rows: number[][] = [];
    const wanted: Array<Array<{ p: number; target: number }>> = [];
    for (const [a, b] of pieces) {
      const inner = pos.filter((p) => p >= a && p < b);
      if (!inner.length) continue;
      rows.push([CLS, ...masked.slice(a, b), SEP]);
      wanted.push(inner.map((p) => ({ p: p - a + 1, target: ids[p] })));
    }
    for (let s = 0; s < rows.length; s += 16) {
      const batch = rows.slice(s, s + 16);
      const need = wanted.slice(s, s + 16);
      const union = [...new Set(need.flat().map((x) => x.p))].sort((x, y) => x - y);
      const out = await run(batch, union, false);
      need.forEach(
        (list, b) =>
          (sameSingle += correct(
            out.mask_logits,
            b,
            list.map(({ p, target }) => ({ k: union.indexOf(p), target })),
          )),
      );
    }
  }
  positions = { buckets: BUCKETS } as PTable;
  for (const k of PKEYS) positions[k] = sums[k].map((bucket, b) => bucket.map((row) => row.map((v) => v / counts[k][b])));
  accuracy = { single: single / singleCount, singleCount, long: long / longCount, longCount, sameSingle: sameSingle / longCount };
}, 600_000);

describe('attention-lens-mini model card', () => {
  it('names the shipped file by its SHA-256 and size', () => {
    const sha = createHash('sha256').update(modelBytes).digest('hex');
    expect(card).toContain(`sha256: ${sha}`);
    expect(card).toContain(`${modelBytes.length} bytes`);
  });

  it('per-head figures are reproduced from the shipped weights on heldout.txt', () => {
    for (const k of KEYS) {
      const claimed = log.head_stats.table[k];
      expect(headTable[k].length).toBe(claimed.length);
      for (let l = 0; l < claimed.length; l++) {
        for (let h = 0; h < claimed[l].length; h++) {
          // the card rounds to 4 decimals; torch vs onnxruntime float32 differ by ~1e-6
          expect(Math.abs(headTable[k][l][h] - claimed[l][h]), `${k} layer ${l} head ${h}`).toBeLessThan(6e-4);
        }
      }
    }
  });

  it('per-position figures are reproduced from the shipped weights on heldout-long.txt', () => {
    for (const k of PKEYS) {
      const claimed = log.position_stats.table[k];
      for (let b = 0; b < BUCKETS.length; b++) {
        for (let l = 0; l < claimed[b].length; l++) {
          for (let h = 0; h < claimed[b][l].length; h++) {
            expect(Math.abs(positions[k][b][l][h] - claimed[b][l][h]), `${k} bucket ${b} layer ${l} head ${h}`).toBeLessThan(6e-4);
          }
        }
      }
    }
  });

  it('masked-token accuracies are reproduced from the shipped file (its masked-LM head) with the card masks', () => {
    const ev = log.evaluation;
    expect(accuracy.singleCount).toBe(ev.single_sentences.heldout_masked_tokens);
    expect(accuracy.longCount).toBe(ev.long_contexts.heldout_masked_tokens);
    // argmax ties between torch and onnxruntime can flip a prediction or two
    expect(Math.abs(accuracy.single - ev.single_sentences.masked_accuracy)).toBeLessThan(0.004);
    expect(Math.abs(accuracy.long - ev.long_contexts.masked_accuracy)).toBeLessThan(0.004);
    expect(Math.abs(accuracy.long - ev.same_tokens.accuracy_in_512_windows)).toBeLessThan(0.004);
    expect(Math.abs(accuracy.sameSingle - ev.same_tokens.accuracy_same_tokens_as_single_sentences)).toBeLessThan(0.004);
  });

  it('the card tables in README.md show the same numbers', () => {
    const t = log.head_stats.table;
    for (let l = 0; l < t.cls.length; l++) {
      for (let h = 0; h < t.cls[0].length; h++) {
        expect(card).toContain(`| ${l} | ${h} | ${KEYS.map((k) => t[k][l][h].toFixed(4)).join(' | ')} |`);
      }
    }
    for (const b of log.position_stats.bars)
      expect(card).toContain(`| ${b.prev.value.toFixed(4)} (L${b.prev.layer}H${b.prev.head}) | ${b.next.value.toFixed(4)} (L${b.next.layer}H${b.next.head}) |`);
  });

  it('quality bar on single sentences: a previous-token, a next-token and a [CLS]/[SEP] head at ≥ 0.5', () => {
    const best = (stats: Array<(typeof KEYS)[number]>) => Math.max(...stats.flatMap((k) => headTable[k].flat()));
    expect(best(['prev'])).toBeGreaterThanOrEqual(0.5);
    expect(best(['next'])).toBeGreaterThanOrEqual(0.5);
    expect(best(['cls', 'sep'])).toBeGreaterThanOrEqual(0.5);
    expect(log.evaluation.single_sentences.masked_accuracy).toBeGreaterThan(2 * log.evaluation.single_sentences.unigram_baseline.accuracy);
  });

  it('quality bar at every position: previous-token, next-token and [CLS]/[SEP]-sink heads ≥ 0.5 in every bucket', () => {
    BUCKETS.forEach((range, b) => {
      const best = (f: (l: number, h: number) => number) => Math.max(...positions.prev[b].flatMap((row, l) => row.map((_, h) => f(l, h))));
      expect(
        best((l, h) => positions.prev[b][l][h]),
        `previous token, positions ${range}`,
      ).toBeGreaterThanOrEqual(0.5);
      expect(
        best((l, h) => positions.next[b][l][h]),
        `next token, positions ${range}`,
      ).toBeGreaterThanOrEqual(0.5);
      expect(
        best((l, h) => positions.cls[b][l][h] + positions.sep[b][l][h]),
        `[CLS]+[SEP] sink, positions ${range}`,
      ).toBeGreaterThanOrEqual(0.5);
    });
  });

  // The card's words on the two accuracy comparisons are checked against the file, both ways — a card that claims a
  // bar is met must be right, and one that says it is not must not hide a met bar.
  it('quality bar: masked-token accuracy inside 512-token windows ≥ on single sentences (failed by the step-7000 weights: 23.9 % vs 25.0 %)', () => {
    expect(accuracy.long).toBeGreaterThanOrEqual(accuracy.single);
  });

  it('quality bar "long context ≥ single sentences" is reported truthfully, and so is the stricter same-tokens comparison', () => {
    const bars = (log as unknown as { quality_bar: Record<string, string> }).quality_bar;
    // the bar: accuracy inside 512-token windows of held-out text vs on single held-out sentences
    const claim = String(bars.long_context_ge_single_sentences);
    const met = accuracy.long >= accuracy.single;
    expect(claim.startsWith(met ? 'met' : 'NOT met'), `card: "${claim.slice(0, 60)}…"; recomputed ${accuracy.long} vs ${accuracy.single}`).toBe(true);
    // stricter: the same masked tokens inside their windows vs each sentence alone (does the context itself help?)
    const same = String(bars.same_tokens_in_context_vs_alone);
    const ahead = accuracy.long >= accuracy.sameSingle;
    expect(same.startsWith(ahead ? 'ahead' : 'behind'), `card: "${same.slice(0, 60)}…"; recomputed ${accuracy.long} vs ${accuracy.sameSingle}`).toBe(true);
  });
});
