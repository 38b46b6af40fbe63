// Attention maths the views need. Pure functions over Float32Array n×n matrices (row-major, rows = queries).
// These mirror src/core/attention/* (aggregate, rollout, special, words, head-stats, prune); the views keep
// their own copy so they build even while the core module is in progress.
import { headMatrix, type AttentionResult } from '../../shared/attention-result';

/** Mean over heads of one layer: n×n. */
export function meanOverHeads(r: AttentionResult, layer: number): Float32Array {
  const n = r.seqLen;
  const out = new Float32Array(n * n);
  for (let h = 0; h < r.numHeads; h++) {
    const m = headMatrix(r, layer, h);
    for (let k = 0; k < out.length; k++) out[k] += m[k];
  }
  const inv = 1 / r.numHeads;
  for (let k = 0; k < out.length; k++) out[k] *= inv;
  return out;
}

/** Element-wise max over heads of one layer: n×n (rows no longer sum to 1). */
export function maxOverHeads(r: AttentionResult, layer: number): Float32Array {
  const n = r.seqLen;
  const out = new Float32Array(n * n);
  for (let h = 0; h < r.numHeads; h++) {
    const m = headMatrix(r, layer, h);
    for (let k = 0; k < out.length; k++) if (m[k] > out[k]) out[k] = m[k];
  }
  return out;
}

/**
 * Attention rollout (Abnar & Zuidema 2020): Â_l = ½(mean_h A_l + I), rows renormalised,
 * R = Â_L · … · Â_0 for layers 0..upToLayer.
 */
export function rollout(r: AttentionResult, upToLayer = r.numLayers - 1): Float32Array {
  const n = r.seqLen;
  let acc: Float64Array | null = null;
  for (let l = 0; l <= upToLayer; l++) {
    const a = meanOverHeads(r, l);
    const hat = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        const v = 0.5 * a[i * n + j] + (i === j ? 0.5 : 0);
        hat[i * n + j] = v;
        s += v;
      }
      if (s > 0) for (let j = 0; j < n; j++) hat[i * n + j] /= s;
    }
    if (!acc) {
      acc = hat;
      continue;
    }
    // acc ← hat · acc (later layer on the left).
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const ro = i * n;
      for (let k = 0; k < n; k++) {
        const v = hat[ro + k];
        if (v === 0) continue;
        const ko = k * n;
        for (let j = 0; j < n; j++) next[ro + j] += v * acc[ko + j];
      }
    }
    acc = next;
  }
  return Float32Array.from(acc ?? new Float64Array(n * n));
}

/** Row i of an n×n matrix (copy). */
export function attentionFrom(matrix: Float32Array, n: number, i: number): Float32Array {
  return matrix.slice(i * n, i * n + n);
}

/** Column j of an n×n matrix. */
export function attentionTo(matrix: Float32Array, n: number, j: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = matrix[i * n + j];
  return out;
}

/** Mean of each column: how much attention each token receives, averaged over queries. */
export function attentionReceived(matrix: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) out[j] += matrix[o + j];
  }
  if (n > 0) for (let j = 0; j < n; j++) out[j] /= n;
  return out;
}

/**
 * Keep only rows/columns where keep[k] is true and renormalise each kept row to sum to 1
 * (rows that had no mass left stay zero). index[a] = original position of kept token a.
 */
export function hideSpecial(matrix: Float32Array, n: number, keep: boolean[]): { matrix: Float32Array; index: number[] } {
  const index: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) index.push(k);
  const m = index.length;
  const out = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const ro = index[a] * n;
    let s = 0;
    for (let b = 0; b < m; b++) {
      const v = matrix[ro + index[b]];
      out[a * m + b] = v;
      s += v;
    }
    if (s > 0) {
      const inv = 1 / s;
      for (let b = 0; b < m; b++) out[a * m + b] *= inv;
    }
  }
  return { matrix: out, index };
}

/**
 * Merge tokens into groups (e.g. word pieces into words): attention FROM a group is the mean of its
 * members' rows, attention TO a group the sum over its members' columns (rows keep summing to 1).
 * groups[g] = original token indices in group g.
 */
export function mergeGroups(matrix: Float32Array, n: number, groups: number[][]): Float32Array {
  const m = groups.length;
  const colGroup = new Int32Array(n);
  groups.forEach((g, gi) => g.forEach((k) => (colGroup[k] = gi)));
  const out = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const members = groups[a];
    const inv = 1 / members.length;
    const ro = a * m;
    for (const i of members) {
      const o = i * n;
      for (let j = 0; j < n; j++) out[ro + colGroup[j]] += matrix[o + j] * inv;
    }
  }
  return out;
}

/**
 * For each row, the smallest weight that is still kept when keeping the strongest edges until their
 * cumulative mass reaches `mass` (0..1) of the row total. Edge (i, j) is drawn when w ≥ threshold[i].
 */
export function pruneThresholds(matrix: Float32Array, n: number, mass: number): Float32Array {
  const th = new Float32Array(n);
  for (let i = 0; i < n; i++) th[i] = rowThreshold(matrix.subarray(i * n, i * n + n).slice().sort().reverse(), mass);
  return th;
}

/** Threshold for one row whose values are already sorted in decreasing order. */
export function rowThreshold(sortedDesc: Float32Array, mass: number): number {
  let total = 0;
  for (let k = 0; k < sortedDesc.length; k++) total += sortedDesc[k];
  if (total <= 0) return Infinity;
  if (mass >= 1) return sortedDesc[sortedDesc.length - 1] > 0 ? sortedDesc[sortedDesc.length - 1] : 1e-12;
  const target = mass * total;
  let cum = 0;
  for (let k = 0; k < sortedDesc.length; k++) {
    cum += sortedDesc[k];
    if (cum >= target - 1e-9) return sortedDesc[k];
  }
  return sortedDesc[sortedDesc.length - 1];
}

export interface HeadStat {
  layer: number;
  head: number;
  /** Mean row entropy in bits. */
  entropy: number;
  /** Mean over rows of Σ_j a_ij |i − j| (token distance attended over). */
  meanDistance: number;
  clsMass: number;
  sepMass: number;
  prevMass: number;
  nextMass: number;
  selfMass: number;
}

/** Per-head summary statistics over all query rows. */
export function headStats(r: AttentionResult): HeadStat[] {
  const n = r.seqLen;
  const isCls = r.tokens.map((t, k) => t.special && (k === 0 || /^(\[CLS\]|<s>|<cls>)$/i.test(t.text)));
  const isSep = r.tokens.map((t, k) => t.special && !isCls[k]);
  const out: HeadStat[] = [];
  for (let l = 0; l < r.numLayers; l++) {
    for (let h = 0; h < r.numHeads; h++) {
      const m = headMatrix(r, l, h);
      let ent = 0, dist = 0, cls = 0, sep = 0, prev = 0, next = 0, self = 0;
      for (let i = 0; i < n; i++) {
        const o = i * n;
        for (let j = 0; j < n; j++) {
          const v = m[o + j];
          if (v > 0) ent -= v * Math.log2(v);
          dist += v * Math.abs(i - j);
          if (isCls[j]) cls += v;
          else if (isSep[j]) sep += v;
        }
        if (i > 0) prev += m[o + i - 1];
        if (i < n - 1) next += m[o + i + 1];
        self += m[o + i];
      }
      const inv = n > 0 ? 1 / n : 0;
      out.push({ layer: l, head: h, entropy: ent * inv, meanDistance: dist * inv, clsMass: cls * inv, sepMass: sep * inv, prevMass: prev * inv, nextMass: next * inv, selfMass: self * inv });
    }
  }
  return out;
}
