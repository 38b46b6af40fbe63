// Per-head summary statistics (what kind of head is this?).

import { headMatrix, type AttentionResult, type HeadStat, type TokenInfo } from '../../shared/attention-result';

export type { HeadStat };

export interface HeadStatsOptions {
  /**
   * Which query rows i are averaged: 'all' (default), 'non-special' (rows of special tokens are skipped),
   * or a boolean mask of length n. Keys j are never restricted: every quantity uses the full row.
   */
  rows?: 'all' | 'non-special' | readonly boolean[];
  /** Key positions counted as [CLS]; default: special tokens spelled [CLS], <s> or <cls>. */
  clsIndices?: readonly number[];
  /** Key positions counted as [SEP]; default: special tokens spelled [SEP], </s> or <sep>. */
  sepIndices?: readonly number[];
}

type Stats = Omit<HeadStat, 'layer' | 'head'>;

/**
 * Statistics of one n×n matrix, averaging over the query rows where rows[i] is true.
 * Averaging rule: entropy, meanDistance, clsMass, sepMass and selfMass are means over the selected
 * rows; prevMass over the selected rows with i ≥ 1; nextMass over the selected rows with i ≤ n−2.
 * A mean over no rows is 0.
 */
export function matrixStats(
  m: Float32Array,
  n: number,
  rows: readonly boolean[],
  cls: readonly number[],
  sep: readonly number[],
  words: readonly number[] = [],
): Stats {
  const pieces = piecesOfWords(words, n);
  let word = 0;
  let wordCount = 0;
  let count = 0;
  let prevCount = 0;
  let nextCount = 0;
  let ent = 0;
  let dist = 0;
  let clsSum = 0;
  let sepSum = 0;
  let prev = 0;
  let next = 0;
  let self = 0;
  for (let i = 0; i < n; i++) {
    if (!rows[i]) continue;
    const o = i * n;
    count++;
    for (let j = 0; j < n; j++) {
      const v = m[o + j];
      if (v > 0) ent -= v * Math.log(v);
      dist += v * Math.abs(i - j);
    }
    for (const j of cls) if (j >= 0 && j < n) clsSum += m[o + j];
    for (const j of sep) if (j >= 0 && j < n) sepSum += m[o + j];
    self += m[o + i];
    if (i >= 1) {
      prev += m[o + i - 1];
      prevCount++;
    }
    if (i <= n - 2) {
      next += m[o + i + 1];
      nextCount++;
    }
    const own = pieces.get(words[i]);
    if (own && own.length > 1) {
      for (const k of own) if (k !== i) word += m[o + k];
      wordCount++;
    }
  }
  const mean = (s: number, c: number) => (c > 0 ? s / c : 0);
  return {
    entropy: mean(ent, count),
    meanDistance: mean(dist, count),
    clsMass: mean(clsSum, count),
    sepMass: mean(sepSum, count),
    prevMass: mean(prev, prevCount),
    nextMass: mean(next, nextCount),
    selfMass: mean(self, count),
    wordMass: mean(word, wordCount),
  };
}

/** Token positions of each word (words[i] ≥ 0; special tokens have −1 and belong to none). */
function piecesOfWords(words: readonly number[], n: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < Math.min(n, words.length); i++) {
    const w = words[i];
    if (w < 0) continue;
    const list = out.get(w);
    if (list) list.push(i);
    else out.set(w, [i]);
  }
  return out;
}

const CLS = new Set(['[CLS]', '<s>', '<cls>']);
const SEP = new Set(['[SEP]', '</s>', '<sep>']);

function indicesOf(tokens: readonly TokenInfo[], names: Set<string>): number[] {
  const out: number[] = [];
  tokens.forEach((t, k) => {
    if (t.special && names.has(t.text)) out.push(k);
  });
  return out;
}

/** The query-row mask for HeadStatsOptions.rows. */
export function selectRows(r: AttentionResult, rows: HeadStatsOptions['rows'] = 'all'): boolean[] {
  const n = r.seqLen;
  if (rows === 'non-special') return Array.from({ length: n }, (_, i) => !(r.tokens[i]?.special ?? false));
  if (Array.isArray(rows)) return Array.from({ length: n }, (_, i) => !!rows[i]);
  return new Array<boolean>(n).fill(true);
}

/**
 * One HeadStat per (layer, head), ordered layer-major (layer 0 head 0, layer 0 head 1, …).
 * See matrixStats for the averaging rule and HeadStatsOptions for which rows are averaged.
 */
export function headStats(r: AttentionResult, opts: HeadStatsOptions = {}): HeadStat[] {
  const n = r.seqLen;
  const rows = selectRows(r, opts.rows);
  const cls = opts.clsIndices ?? indicesOf(r.tokens, CLS);
  const sep = opts.sepIndices ?? indicesOf(r.tokens, SEP);
  const words = r.tokens.map((t) => (t.special ? -1 : t.word));
  const out: HeadStat[] = [];
  for (let layer = 0; layer < r.numLayers; layer++) {
    for (let head = 0; head < r.numHeads; head++) {
      out.push({ layer, head, ...matrixStats(headMatrix(r, layer, head), n, rows, cls, sep, words) });
    }
  }
  return out;
}
