// What compare mode draws for two results A and B: per-head matrices of both over one set of rows/columns, their
// difference A − B and the heads ranked by how much they changed (core rankHeadChanges: mean JS divergence of the
// rows). Same tokenization (same length, same special tokens and segments, the same layers × heads): token by
// token, with the display transforms (hide [CLS]/[SEP], words) applied to both; the rows of edited tokens are left
// out of the ranking. Different tokenizations: word by word over the words both texts share (aligned by
// core word-alignment; rows renormalised), and the alignment is shown. Pure (no DOM).
import { headDifference, rankHeadChanges, type HeadChange } from '../../core/attention/compare';
import { alignedMatrix, alignWords, type WordLink } from '../../core/attention/word-alignment';
import type { AttentionResult } from '../../shared/attention-result';
import { buildView, type AttentionView, type ViewOptions } from '../lib/view-model';

export interface ComparePair {
  a: AttentionResult;
  b: AttentionResult;
  /** What each side is, in words ("This text", "Edited copy", "bert-base-uncased", "Masked input"). */
  labelA: string;
  labelB: string;
}

export interface PairDiff {
  /** 'tokens': same tokenization, compared position by position; 'words': aligned by words. */
  mode: 'tokens' | 'words';
  /** false when the two models have different layers × heads: only the alignment can be shown. */
  sameShape: boolean;
  /** Names of the compared rows/columns (text·position of A; "quick→slow·2" where the texts differ). */
  names: string[];
  m: number;
  /** Rows whose token (or word) differs between A and B: left out of the ranking. */
  changedRows: number[];
  /** The word alignment ('words' mode): which word of A maps to which of B. */
  links: WordLink[] | null;
  wordsA: string[];
  wordsB: string[];
  headA(layer: number, head: number): Float32Array;
  headB(layer: number, head: number): Float32Array;
  /** A − B, m × m. */
  diff(layer: number, head: number): Float32Array;
  /** Every head, most changed first (empty when the shapes differ). */
  changes: HeadChange[];
  /** Largest |A − B| over every head (the colour scale's end). */
  maxAbs: number;
}

/** Same tokenization: same length, the same special tokens and segments at each position, same layers × heads. */
export function sameTokenization(a: AttentionResult, b: AttentionResult): boolean {
  if (a.seqLen !== b.seqLen || a.numLayers !== b.numLayers || a.numHeads !== b.numHeads) return false;
  return a.tokens.every((t, i) => t.special === b.tokens[i].special && t.segment === b.tokens[i].segment && (!t.special || t.text === b.tokens[i].text));
}

const tokenKey = (v: AttentionView, k: number) => v.tokens[k].raw;

function cached(make: (l: number, h: number) => Float32Array): (l: number, h: number) => Float32Array {
  const memo = new Map<string, Float32Array>();
  return (l, h) => {
    const key = `${l}:${h}`;
    let m = memo.get(key);
    if (!m) memo.set(key, (m = make(l, h)));
    return m;
  };
}

function rank(a: AttentionResult, headA: PairDiff['headA'], headB: PairDiff['headB'], m: number, changedRows: number[]): HeadChange[] {
  const skip = new Set(changedRows);
  const out: HeadChange[] = [];
  for (let layer = 0; layer < a.numLayers; layer++) {
    for (let head = 0; head < a.numHeads; head++) {
      // One head at a time (no L·H·m² copy of the transformed matrices).
      const [c] = rankHeadChanges(headA(layer, head), headB(layer, head), 1, 1, m, skip);
      out.push({ ...c, layer, head });
    }
  }
  return out.sort((x, y) => y.divergence - x.divergence || x.layer - y.layer || x.head - y.head);
}

/** Compare two results under the display options (word mode / hide specials apply to the token-by-token mode). */
export function comparePair(pair: ComparePair, options: ViewOptions): PairDiff {
  const { a, b } = pair;
  const sameShape = a.numLayers === b.numLayers && a.numHeads === b.numHeads;
  let va: AttentionView | null = null;
  let vb: AttentionView | null = null;
  if (sameTokenization(a, b)) {
    va = buildView(a, options);
    vb = buildView(b, options);
    if (va.n !== vb.n || va.tokens.some((t, k) => t.members.join() !== vb!.tokens[k].members.join())) va = vb = null;
  }
  if (va && vb) {
    const m = va.n;
    const changedRows: number[] = [];
    const names = va.tokens.map((t, k) => {
      if (tokenKey(va!, k) === tokenKey(vb!, k)) return t.name;
      changedRows.push(k);
      return `${t.vocab}→${vb!.tokens[k].vocab}·${t.pos}`;
    });
    const headA = (l: number, h: number) => va!.head(l, h);
    const headB = (l: number, h: number) => vb!.head(l, h);
    const changes = rank(a, headA, headB, m, changedRows);
    const labels = (v: AttentionView) => v.tokens.map((t) => t.label);
    return finish({ mode: 'tokens', sameShape, names, m, changedRows, links: null, wordsA: labels(va), wordsB: labels(vb), headA, headB, changes });
  }
  // Word by word: both as words without [CLS]/[SEP], over the words they share.
  const wa = buildView(a, { wordMode: true, hideSpecial: true });
  const wb = buildView(b, { wordMode: true, hideSpecial: true });
  const wordsA = wa.tokens.map((t) => t.label);
  const wordsB = wb.tokens.map((t) => t.label);
  const links = alignWords(wordsA, wordsB);
  const shared = links.filter((k): k is Extract<WordLink, { kind: 'same' | 'changed' }> => k.kind === 'same' || k.kind === 'changed');
  const keepA = shared.map((k) => k.a);
  const keepB = shared.map((k) => k.b);
  const changedRows = shared.flatMap((k, r) => (k.kind === 'changed' ? [r] : []));
  const names = shared.map((k) => (k.kind === 'same' ? wa.tokens[k.a].name : `${wordsA[k.a]}→${wordsB[k.b]}·${wa.tokens[k.a].pos}`));
  const m = shared.length;
  const headA = cached((l, h) => alignedMatrix(wa.head(l, h), wa.n, keepA));
  const headB = cached((l, h) => alignedMatrix(wb.head(l, h), wb.n, keepB));
  const changes = sameShape && m > 0 ? rank(a, headA, headB, m, changedRows) : [];
  return finish({ mode: 'words', sameShape, names, m, changedRows, links, wordsA, wordsB, headA, headB, changes });
}

function finish(d: Omit<PairDiff, 'diff' | 'maxAbs'>): PairDiff {
  const diff = cached((l, h) => headDifference(d.headA(l, h), d.headB(l, h), 0, d.m));
  const maxAbs = d.changes.reduce((mx, c) => Math.max(mx, c.maxAbsDiff), 0);
  return { ...d, diff, maxAbs };
}

/**
 * Max-|v| pooling of a signed m×m matrix to p×p (p ≤ m): each block keeps its value of largest magnitude, sign
 * included, so a one-token change stays visible in a small cell.
 */
export function poolSigned(m: Float32Array, n: number, p: number): Float32Array {
  if (p >= n) return m;
  const out = new Float32Array(p * p);
  const starts = Array.from({ length: p + 1 }, (_, b) => Math.round((b * n) / p));
  for (let bi = 0; bi < p; bi++) {
    for (let bj = 0; bj < p; bj++) {
      let best = 0;
      for (let i = starts[bi]; i < starts[bi + 1]; i++) {
        for (let j = starts[bj]; j < starts[bj + 1]; j++) {
          const v = m[i * n + j];
          if (Math.abs(v) > Math.abs(best)) best = v;
        }
      }
      out[bi * p + bj] = best;
    }
  }
  return out;
}

/** A divergence in bits: 3 decimals, or 2 significant digits below 0.001 (a random-weight model barely changes). */
export function fmtBits(v: number): string {
  return v === 0 ? '0' : v >= 0.001 ? v.toFixed(3) : v.toExponential(1);
}
