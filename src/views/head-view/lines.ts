// Which head-view edges to draw from a pruning index: per-row cut-offs, sentence-pair filter, hover/lock
// focus, and the cap on unfocused lines.
import type { AttentionView } from '../lib/view-model';
import type { PruneIndex } from './prune-index';

export type PairFilter = 'all' | 'AA' | 'AB' | 'BA' | 'BB';

export interface Edge {
  i: number;
  j: number;
  head: number;
  w: number;
}

export type HeadFocus = { side: 'from' | 'to'; index: number } | null;

/** Never draw more than this many lines when nothing is focused: the strongest ones are kept. */
export const LINE_CAP = 3000;

/** k-th smallest (0-based) of xs; reorders xs. Hoare-style quickselect, O(length) on average. */
export function selectKth(xs: Float32Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k];
  }
  return xs[k];
}

function pairOk(filter: PairFilter, si: number, sj: number): boolean {
  switch (filter) {
    case 'AA':
      return si === 0 && sj === 0;
    case 'AB':
      return si === 0 && sj === 1;
    case 'BA':
      return si === 1 && sj === 0;
    case 'BB':
      return si === 1 && sj === 1;
    default:
      return true;
  }
}

export interface EdgeSet {
  edges: Edge[];
  /** Edges that passed pruning and the pair filter before the line cap. */
  total: number;
}

/**
 * Edges to draw for the selected heads, after pruning, pair filter and focus. Without focus at most `cap`
 * edges are returned (the strongest); the cut-off weight is found on a typed array so that no object is
 * allocated for edges that will not be drawn.
 */
export function visibleEdges(
  view: AttentionView,
  idx: PruneIndex,
  thresholds: Float32Array[],
  heads: number[],
  filter: PairFilter,
  focus: HeadFocus,
  cap = Infinity,
): EdgeSet {
  const n = idx.n;
  const seg = Uint8Array.from(view.tokens, (t) => (t.segment === 1 ? 1 : 0));
  const out: Edge[] = [];
  if (focus) {
    for (const h of heads) {
      const m = idx.matrices[h];
      const th = thresholds[h];
      if (!m || !th) continue;
      if (focus.side === 'from') {
        const i = focus.index;
        for (let j = 0; j < n; j++) {
          const w = m[i * n + j];
          if (w >= th[i] && w > 0 && pairOk(filter, seg[i], seg[j])) out.push({ i, j, head: h, w });
        }
      } else {
        const j = focus.index;
        for (let i = 0; i < n; i++) {
          const w = m[i * n + j];
          if (w >= th[i] && w > 0 && pairOk(filter, seg[i], seg[j])) out.push({ i, j, head: h, w });
        }
      }
    }
    return { edges: out, total: out.length };
  }
  if (filter === 'all' && keptWithinCandidates(idx, thresholds, heads)) return strongestFromCandidates(idx, thresholds, heads, cap);
  return gatherAndSelect(idx, thresholds, heads, filter, seg, cap);
}

/** True when every row's kept edges are candidates of the index (any mass ≤ MAX_PARTIAL_MASS). */
function keptWithinCandidates(idx: PruneIndex, thresholds: Float32Array[], heads: number[]): boolean {
  for (const h of heads) {
    const th = thresholds[h];
    const cand = idx.cand[h];
    const off = idx.off[h];
    if (!th || !cand) return false;
    for (let i = 0; i < idx.n; i++) {
      if (th[i] === Infinity) continue;
      if (off[i + 1] === off[i] || th[i] < cand[off[i + 1] - 1]) return false;
    }
  }
  return true;
}

/** Number of values ≥ v in the descending run cand[a..b). */
function countAtLeast(cand: Float32Array, a: number, b: number, v: number): number {
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cand[mid] >= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - a;
}

/**
 * Unfocused edges without a pair filter, answered from the sorted candidates: each row's kept edges are a prefix
 * of its run (one binary search). The cap-th strongest weight comes from a histogram over the top 16 bits of the
 * float32 patterns (monotone for positive floats), refined inside one bucket, so only rows that hold a drawn edge
 * are scanned for their columns.
 */
function strongestFromCandidates(idx: PruneIndex, thresholds: Float32Array[], heads: number[], cap: number): EdgeSet {
  const n = idx.n;
  const keptEnd = heads.map((h) => {
    const th = thresholds[h];
    const end = new Uint32Array(n);
    for (let i = 0; i < n; i++) end[i] = idx.off[h][i] + (th[i] === Infinity ? 0 : countAtLeast(idx.cand[h], idx.off[h][i], idx.off[h][i + 1], th[i]));
    return end;
  });
  let total = 0;
  heads.forEach((h, k) => {
    for (let i = 0; i < n; i++) total += keptEnd[k][i] - idx.off[h][i];
  });
  let minW = 0;
  if (total > cap) {
    const hist = new Uint32Array(65536);
    const bits = heads.map((h) => new Uint32Array(idx.cand[h].buffer, idx.cand[h].byteOffset, idx.cand[h].length));
    heads.forEach((h, k) => {
      for (let i = 0; i < n; i++) for (let q = idx.off[h][i]; q < keptEnd[k][i]; q++) hist[bits[k][q] >>> 16]++;
    });
    let above = 0;
    let bucket = 65535;
    while (above + hist[bucket] < cap) above += hist[bucket--];
    const inBucket: number[] = [];
    heads.forEach((h, k) => {
      for (let i = 0; i < n; i++) {
        for (let q = idx.off[h][i]; q < keptEnd[k][i]; q++) {
          const top = bits[k][q] >>> 16;
          if (top === bucket) inBucket.push(idx.cand[h][q]);
          else if (top < bucket) break; // runs are descending
        }
      }
    });
    inBucket.sort((x, y) => y - x);
    minW = inBucket[cap - above - 1];
  }
  const out: Edge[] = [];
  for (const h of heads) {
    const m = idx.matrices[h];
    const th = thresholds[h];
    const cand = idx.cand[h];
    const off = idx.off[h];
    for (let i = 0; i < n && out.length < cap; i++) {
      const t = Math.max(th[i], minW);
      if (th[i] === Infinity || off[i + 1] === off[i] || cand[off[i]] < t) continue;
      const o = i * n;
      for (let j = 0; j < n; j++) {
        const w = m[o + j];
        if (w >= t && w > 0 && out.length < cap) out.push({ i, j, head: h, w });
      }
    }
  }
  return { edges: out, total };
}

/** General path (pair filter, masses above MAX_PARTIAL_MASS): gather every kept edge, quickselect the cut-off. */
function gatherAndSelect(idx: PruneIndex, thresholds: Float32Array[], heads: number[], filter: PairFilter, seg: Uint8Array, cap: number): EdgeSet {
  const n = idx.n;
  const out: Edge[] = [];
  // Kept edges as (packed h·n·n + i·n + j, weight) in growable typed arrays; no object for an undrawn edge.
  let keys = new Uint32Array(1 << 14);
  let ws = new Float32Array(1 << 14);
  let total = 0;
  for (const h of heads) {
    const m = idx.matrices[h];
    const th = thresholds[h];
    if (!m || !th) continue;
    for (let i = 0; i < n; i++) {
      const o = i * n;
      const t = th[i];
      if (t === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const w = m[o + j];
        if (w >= t && w > 0 && (filter === 'all' || pairOk(filter, seg[i], seg[j]))) {
          if (total === keys.length) {
            const k2 = new Uint32Array(total * 2);
            k2.set(keys);
            keys = k2;
            const w2 = new Float32Array(total * 2);
            w2.set(ws);
            ws = w2;
          }
          keys[total] = (h * n + i) * n + j;
          ws[total++] = w;
        }
      }
    }
  }
  const minW = total > cap ? selectKth(ws.slice(0, total), total - cap) : 0;
  for (let k = 0; k < total && out.length < cap; k++) {
    const w = ws[k];
    if (w < minW) continue;
    const key = keys[k];
    const j = key % n;
    const hi = (key - j) / n;
    out.push({ i: hi % n, j, head: (hi - (hi % n)) / n, w });
  }
  return { edges: out, total };
}

/** Line opacity for a weight: proportional, with a small floor so pruned-in edges stay visible. */
export function edgeOpacity(w: number): number {
  return Math.min(0.95, 0.05 + 0.95 * Math.pow(Math.max(0, w), 0.8));
}
