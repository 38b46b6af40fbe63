// Which head-view edges to draw: per-row cumulative-mass pruning, sentence-pair filter, hover/lock focus.
import { rowThreshold } from '../lib/attention-math';
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

/** Per-layer pruning index: each row's values sorted, so thresholds for any mass are a short walk. */
export interface PruneIndex {
  n: number;
  numHeads: number;
  /** [head][i] sorted descending rows, n each. */
  sorted: Float32Array[];
  matrices: Float32Array[];
}

export function buildPruneIndex(view: AttentionView, layer: number): PruneIndex {
  const n = view.n;
  const numHeads = view.result.numHeads;
  const sorted: Float32Array[] = [];
  const matrices: Float32Array[] = [];
  for (let h = 0; h < numHeads; h++) {
    const m = view.head(layer, h);
    matrices.push(m);
    const s = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = s.subarray(i * n, i * n + n);
      row.set(m.subarray(i * n, i * n + n));
      row.sort();
      row.reverse();
    }
    sorted.push(s);
  }
  return { n, numHeads, sorted, matrices };
}

/** thresholds[h][i] for a given mass. */
export function thresholdsFor(idx: PruneIndex, mass: number): Float32Array[] {
  const { n } = idx;
  return idx.sorted.map((s) => {
    const th = new Float32Array(n);
    for (let i = 0; i < n; i++) th[i] = rowThreshold(s.subarray(i * n, i * n + n), mass);
    return th;
  });
}

/** Edge count (over all heads) for each mass in MASS_STEPS (one walk per row). */
function countsByMass(idx: PruneIndex): number[] {
  const { n } = idx;
  const counts = MASS_STEPS.map(() => 0);
  const ascending = MASS_STEPS.map((mass, m) => ({ mass, m })).sort((a, b) => a.mass - b.mass);
  for (const s of idx.sorted) {
    for (let i = 0; i < n; i++) {
      const o = i * n;
      let total = 0;
      let nz = 0;
      for (let k = 0; k < n; k++) {
        total += s[o + k];
        if (s[o + k] > 0) nz++;
      }
      if (total <= 0) continue;
      let cum = 0;
      let p = 0;
      for (let k = 0; k < n && p < ascending.length; k++) {
        cum += s[o + k];
        while (p < ascending.length && ascending[p].mass < 1 && cum >= ascending[p].mass * total - 1e-9) {
          counts[ascending[p].m] += k + 1;
          p++;
        }
      }
      for (; p < ascending.length; p++) counts[ascending[p].m] += ascending[p].mass >= 1 ? nz : n;
    }
  }
  return counts;
}

/**
 * Largest mass (≤ 95%) whose line count stays within the budget; when even strong pruning cannot get there
 * (hundreds of tokens × many heads), 80% and the global LINE_CAP on the strongest edges take over.
 */
export function defaultMass(idx: PruneIndex, budget = DEFAULT_LINE_BUDGET): number {
  const counts = countsByMass(idx);
  for (let m = 0; m < MASS_STEPS.length; m++) {
    if (MASS_STEPS[m] >= 0.5 && MASS_STEPS[m] <= 0.95 && counts[m] <= budget) return MASS_STEPS[m];
  }
  return 0.8;
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
  // Pass 1: count (and, when over the cap, gather weights to find the cut-off).
  const scan = (visit: (i: number, j: number, h: number, w: number) => void) => {
    for (const h of heads) {
      const m = idx.matrices[h];
      const th = thresholds[h];
      if (!m || !th) continue;
      for (let i = 0; i < n; i++) {
        const o = i * n;
        const t = th[i];
        for (let j = 0; j < n; j++) {
          const w = m[o + j];
          if (w >= t && w > 0 && (filter === 'all' || pairOk(filter, seg[i], seg[j]))) visit(i, j, h, w);
        }
      }
    }
  };
  let total = 0;
  scan(() => total++);
  let minW = 0;
  if (total > cap) {
    const ws = new Float32Array(total);
    let k = 0;
    scan((_i, _j, _h, w) => (ws[k++] = w));
    ws.sort();
    minW = ws[total - cap];
  }
  scan((i, j, h, w) => {
    if (w >= minW && out.length < cap) out.push({ i, j, head: h, w });
  });
  return { edges: out, total };
}

/** Line opacity for a weight: proportional, with a small floor so pruned-in edges stay visible. */
export function edgeOpacity(w: number): number {
  return Math.min(0.95, 0.05 + 0.95 * Math.pow(Math.max(0, w), 0.8));
}
