// Per-head summary statistics (what kind of head is this?).

import { type AttentionResult, type HeadStat, type TokenInfo } from '../../shared/attention-result';
import { bitsOf, headPass, rowContext, SLOT, ENT, DIST, CLS as CLS_SUM, SEP as SEP_SUM, SELF, PREV, NEXT, WORD, type RowCounts } from './row-pass';

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

/** The means of one head's sums (row-pass.ts layout) by the context's counts; a mean over no rows is 0. */
function statsOf(sums: Float64Array, at: number, counts: RowCounts): Stats {
  const mean = (s: number, c: number) => (c > 0 ? s / c : 0);
  return {
    entropy: mean(sums[at + ENT], counts.rows),
    meanDistance: mean(sums[at + DIST], counts.rows),
    clsMass: mean(sums[at + CLS_SUM], counts.rows),
    sepMass: mean(sums[at + SEP_SUM], counts.rows),
    prevMass: mean(sums[at + PREV], counts.prev),
    nextMass: mean(sums[at + NEXT], counts.next),
    selfMass: mean(sums[at + SELF], counts.rows),
    wordMass: mean(sums[at + WORD], counts.word),
  };
}

/**
 * Statistics of one n×n matrix, averaging over the query rows where rows[i] is true.
 * Averaging rule: entropy, meanDistance, clsMass, sepMass and selfMass are means over the selected
 * rows; prevMass over the selected rows with i ≥ 1; nextMass over the selected rows with i ≤ n−2;
 * wordMass (mass on the other pieces of the query's own word) over the selected rows whose word has several pieces.
 * A mean over no rows is 0. One read of each selected row (row-pass.ts).
 */
export function matrixStats(
  m: Float32Array,
  n: number,
  rows: readonly boolean[],
  cls: readonly number[],
  sep: readonly number[],
  words: readonly number[] = [],
): Stats {
  const ctx = rowContext(n, rows, cls, sep, words);
  const sums = new Float64Array(SLOT);
  headPass(m, bitsOf(m), 0, ctx, sums, 0, null, null);
  return statsOf(sums, 0, ctx.counts);
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

/** The default [CLS] and [SEP] key positions of HeadStatsOptions: special tokens spelled [CLS] / <s> / <cls> and [SEP] / </s> / <sep>. */
export function specialKeys(tokens: readonly TokenInfo[]): { cls: number[]; sep: number[] } {
  return { cls: indicesOf(tokens, CLS), sep: indicesOf(tokens, SEP) };
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
  const ctx = rowContext(n, rows, cls, sep, words);
  const sums = new Float64Array(SLOT);
  const out: HeadStat[] = [];
  for (let layer = 0; layer < r.numLayers; layer++) {
    const data = r.attentions[layer];
    const bits = bitsOf(data);
    for (let head = 0; head < r.numHeads; head++) {
      sums.fill(0);
      headPass(data, bits, head * n * n, ctx, sums, 0, null, null);
      out.push({ layer, head, ...statsOf(sums, 0, ctx.counts) });
    }
  }
  return out;
}
