// Per-layer pruning index of the head view: each row's candidate weights sorted, so the cut-off for any
// cumulative mass (and the line count of each mass step, for the automatic default) is a short walk.
import { MASS_TOLERANCE, rowThreshold } from '../lib/attention-math';
import type { AttentionView } from '../lib/view-model';

/** Candidate masses for the automatic default, strongest pruning last. */
export const MASS_STEPS = [1, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
/** Aim for at most this many lines when nothing is focused (default mass choice). */
export const DEFAULT_LINE_BUDGET = 2500;
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
  const idx = emptyIndex(view);
  for (let h = 0; h < idx.numHeads; h++) addHead(idx, view.head(layer, h));
  return idx;
}

let scratch = new Float32Array(0);

/** An index with no head yet (addHead fills it). */
export const emptyIndex = (view: AttentionView): PruneIndex => ({
  n: view.n,
  numHeads: view.result.numHeads,
  matrices: [],
  cand: [],
  off: [],
  total: [],
  nz: [],
  minPos: [],
});

/** Indexes one head (pushed as the next head of idx). */
export function addHead(idx: PruneIndex, m: Float32Array): void {
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
    return rowThreshold(
      idx.matrices[h]
        .slice(i * n, i * n + n)
        .sort()
        .reverse(),
      mass,
    );
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
  const partial = MASS_STEPS.map((mass, m) => ({ mass, m }))
    .filter((s) => s.mass < 1)
    .sort((a, b) => a.mass - b.mass);
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
