// Which head-view edges to draw: per-row cumulative-mass pruning, sentence-pair filter, hover/lock focus.
import { MASS_TOLERANCE, rowThreshold } from '../lib/attention-math';
import type { AttentionView } from '../lib/view-model';

export type PairFilter = 'all' | 'AA' | 'AB' | 'BA' | 'BB';

export interface Edge {
  i: number;
  j: number;
  head: number;
  w: number;
}

export type HeadFocus = { side: 'from' | 'to'; index: number } | null;

/** Candidate masses for the automatic default, strongest pruning last. */
export const MASS_STEPS = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
/** Aim for at most this many lines when nothing is focused (default mass choice). */
export const DEFAULT_LINE_BUDGET = 2500;
/** Never draw more than this many lines when nothing is focused: the strongest ones are kept. */
export const LINE_CAP = 3000;

/** Largest mass below 1 that the index answers from its candidates alone (the slider's top step below 100 %). */
export const MAX_PARTIAL_MASS = 0.95;

/**
 * Per-layer pruning index. Per head and row it keeps only the candidate weights that any mass ≤ MAX_PARTIAL_MASS
 * can reach, sorted descending: weights below (1 − MAX_PARTIAL_MASS) · total / n sum to less than
 * (1 − MAX_PARTIAL_MASS) · total, so they are never needed. Real attention rows are peaked, so this sorts a few
 * dozen values per row instead of all n (the sort dominated a 512-token layer switch). Mass 1 needs only the
 * smallest positive weight; masses in (MAX_PARTIAL_MASS, 1) fall back to sorting the full row.
 */
export interface PruneIndex {
  n: number;
  numHeads: number;
  matrices: Float32Array[];
  /** [head] candidates of all rows, each row's run sorted descending; row i is cand[off[i]..off[i+1]). */
  cand: Float32Array[];
  off: Uint32Array[];
  /** [head][i] row total, count of positive weights, smallest positive weight. */
  total: Float64Array[];
  nz: Uint32Array[];
  minPos: Float32Array[];
}

export function buildPruneIndex(view: AttentionView, layer: number): PruneIndex {
  const idx: PruneIndex = { n: view.n, numHeads: view.result.numHeads, matrices: [], cand: [], off: [], total: [], nz: [], minPos: [] };
  for (let h = 0; h < idx.numHeads; h++) addHead(idx, view.head(layer, h));
  return idx;
}

let scratch = new Float32Array(0);

/** Indexes one head (pushed as the next head of idx). */
function addHead(idx: PruneIndex, m: Float32Array): void {
  const n = idx.n;
  const off = new Uint32Array(n + 1);
  const total = new Float64Array(n);
  const nz = new Uint32Array(n);
  const minPos = new Float32Array(n);
  if (scratch.length < n * n) scratch = new Float32Array(n * n);
  const flat = scratch;
  let used = 0;
  for (let i = 0; i < n; i++) {
    const o = i * n;
    let t = 0;
    let c = 0;
    let mn = Infinity;
    for (let j = 0; j < n; j++) {
      const w = m[o + j];
      if (w > 0) {
        t += w;
        c++;
        if (w < mn) mn = w;
      }
    }
    total[i] = t;
    nz[i] = c;
    minPos[i] = c ? mn : 0;
    off[i] = used;
    if (t > 0) {
      const cut = ((1 - MAX_PARTIAL_MASS) * t) / n;
      const start = used;
      for (let j = 0; j < n; j++) {
        const w = m[o + j];
        if (w > 0 && w >= cut) flat[used++] = w;
      }
      const run = flat.subarray(start, used);
      run.sort();
      run.reverse();
    }
  }
  off[n] = used;
  idx.matrices.push(m);
  idx.cand.push(flat.slice(0, used));
  idx.off.push(off);
  idx.total.push(total);
  idx.nz.push(nz);
  idx.minPos.push(minPos);
}

/** Cut-off for row i of head h at a mass: edges with w ≥ threshold are kept (same rule as rowThreshold). */
function rowCutoff(idx: PruneIndex, h: number, i: number, mass: number): number {
  const t = idx.total[h][i];
  if (t <= 0 || mass <= 0) return Infinity;
  if (mass >= 1) return idx.minPos[h][i];
  if (mass > MAX_PARTIAL_MASS) {
    const n = idx.n;
    return rowThreshold(idx.matrices[h].slice(i * n, i * n + n).sort().reverse(), mass);
  }
  const cand = idx.cand[h];
  const a = idx.off[h][i];
  const b = idx.off[h][i + 1];
  const target = mass * t * MASS_TOLERANCE;
  let cum = 0;
  for (let k = a; k < b; k++) {
    cum += cand[k];
    if (cum >= target) return cand[k];
  }
  return b > a ? cand[b - 1] : Infinity;
}

/** thresholds[h][i] for a given mass. */
export function thresholdsFor(idx: PruneIndex, mass: number): Float32Array[] {
  const { n } = idx;
  return idx.cand.map((_, h) => {
    const th = new Float32Array(n);
    for (let i = 0; i < n; i++) th[i] = rowCutoff(idx, h, i, mass);
    return th;
  });
}

/** Edge count (over all heads) for each mass in MASS_STEPS (one walk per row). */
function countsByMass(idx: PruneIndex): number[] {
  const { n } = idx;
  const counts = MASS_STEPS.map(() => 0);
  const partial = MASS_STEPS.map((mass, m) => ({ mass, m })).filter((s) => s.mass < 1).sort((a, b) => a.mass - b.mass);
  const whole = MASS_STEPS.map((mass, m) => ({ mass, m })).filter((s) => s.mass >= 1);
  for (let h = 0; h < idx.cand.length; h++) {
    const cand = idx.cand[h];
    const off = idx.off[h];
    for (let i = 0; i < n; i++) {
      const total = idx.total[h][i];
      if (total <= 0) continue;
      for (const s of whole) counts[s.m] += idx.nz[h][i];
      let cum = 0;
      let p = 0;
      const a = off[i];
      const b = off[i + 1];
      for (let k = a; k < b && p < partial.length; k++) {
        cum += cand[k];
        while (p < partial.length && cum >= partial[p].mass * total * MASS_TOLERANCE) {
          counts[partial[p].m] += k - a + 1;
          p++;
        }
      }
      for (; p < partial.length; p++) counts[partial[p].m] += b - a;
    }
  }
  return counts;
}

/**
 * Largest mass (≤ 95%) whose line count stays within the budget; when even strong pruning cannot get there
 * (hundreds of tokens × many heads), 80% and the global LINE_CAP on the strongest edges take over.
 */
const defaultMassCache = new WeakMap<PruneIndex, number>();

export function defaultMass(idx: PruneIndex, budget = DEFAULT_LINE_BUDGET): number {
  if (budget !== DEFAULT_LINE_BUDGET) return chooseMass(idx, budget);
  let m = defaultMassCache.get(idx);
  if (m === undefined) defaultMassCache.set(idx, (m = chooseMass(idx, budget)));
  return m;
}

function chooseMass(idx: PruneIndex, budget: number): number {
  const counts = countsByMass(idx);
  for (let m = 0; m < MASS_STEPS.length; m++) {
    if (MASS_STEPS[m] >= 0.5 && MASS_STEPS[m] <= 0.95 && counts[m] <= budget) return MASS_STEPS[m];
  }
  return 0.8;
}

/**
 * Recently used layers' indexes, per view, so flipping back and forth between layers is instant. Bounded by
 * the bytes of their sorted candidates (the matrices are views of the result, not copies), at least 3 layers.
 */
const indexCache = new WeakMap<AttentionView, Map<number, PruneIndex>>();
const CACHE_BYTES = 96 * 1024 * 1024;
const MIN_CACHED_LAYERS = 3;

export const indexBytes = (idx: PruneIndex) => idx.cand.reduce((s, c) => s + c.byteLength, 0) + idx.numHeads * idx.n * 24;

export function cachedPruneIndex(view: AttentionView, layer: number, budgetBytes = CACHE_BYTES): PruneIndex {
  const byLayer = indexCache.get(view);
  const idx = byLayer?.get(layer) ?? buildPruneIndex(view, layer);
  storeIndex(view, layer, idx, true, budgetBytes);
  return idx;
}

/** Puts an index in the per-view LRU (Map order); a prefetched one never evicts the layer on screen. */
function storeIndex(view: AttentionView, layer: number, idx: PruneIndex, used: boolean, budgetBytes = CACHE_BYTES): void {
  let byLayer = indexCache.get(view);
  if (!byLayer) indexCache.set(view, (byLayer = new Map()));
  byLayer.delete(layer);
  let bytes = indexBytes(idx);
  for (const other of byLayer.values()) bytes += indexBytes(other);
  // Oldest first; a prefetched index never evicts the most recent one (the layer on screen).
  const evictable = [...byLayer.keys()].slice(0, used ? undefined : -1);
  while (bytes > budgetBytes && byLayer.size + 1 > MIN_CACHED_LAYERS && evictable.length) {
    const victim = evictable.shift() as number;
    bytes -= indexBytes(byLayer.get(victim) as PruneIndex);
    byLayer.delete(victim);
  }
  byLayer.set(layer, idx);
}

/** Layers by distance from `layer` (next first): the order to prefetch them in. */
export function layersByDistance(layer: number, numLayers: number): number[] {
  const out: number[] = [];
  for (let d = 1; d < numLayers; d++) for (const l of [layer + d, layer - d]) if (l >= 0 && l < numLayers) out.push(l);
  return out;
}

/** Layers whose index is cached for `view`, least recently used first. */
export const cachedLayers = (view: AttentionView): number[] => [...(indexCache.get(view)?.keys() ?? [])];

const cachedBytes = (view: AttentionView) => [...(indexCache.get(view)?.values() ?? [])].reduce((s, i) => s + indexBytes(i), 0);

/**
 * Builds the indexes of the given layers in idle time, one head per slice, so that stepping (or jumping) to
 * another layer finds its index ready. The first `always` layers are built in any case; after them, prefetching
 * stops once the cache budget is used, so it never evicts what it just built. Returns a cancel function.
 */
export function prefetchPruneIndexes(view: AttentionView, layers: number[], always = 2, budgetBytes = CACHE_BYTES): () => void {
  const idle: (cb: () => void) => number =
    typeof requestIdleCallback === 'function' ? (cb) => requestIdleCallback(cb, { timeout: 1000 }) : (cb) => setTimeout(cb, 16) as unknown as number;
  const cancelIdle = typeof cancelIdleCallback === 'function' ? cancelIdleCallback : clearTimeout;
  let handle = 0;
  let cancelled = false;
  const todo = layers.filter((l) => l >= 0 && l < view.result.numLayers && !indexCache.get(view)?.has(l));
  let current: PruneIndex | null = null;
  let done = 0;
  const step = () => {
    if (cancelled || !todo.length) return;
    const layer = todo[0];
    if (indexCache.get(view)?.has(layer)) {
      todo.shift();
      current = null;
    } else {
      current ??= { n: view.n, numHeads: view.result.numHeads, matrices: [], cand: [], off: [], total: [], nz: [], minPos: [] };
      addHead(current, view.head(layer, current.matrices.length));
      if (current.matrices.length === current.numHeads) {
        const built = current;
        current = null;
        todo.shift();
        if (built.numHeads && done >= always && cachedBytes(view) + indexBytes(built) > budgetBytes) return; // full
        storeIndex(view, layer, built, false, budgetBytes);
        done++;
      }
    }
    handle = idle(step);
  };
  handle = idle(step);
  return () => {
    cancelled = true;
    cancelIdle(handle);
  };
}

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
