// Attention maths for the views. The shared maths lives in src/core/attention (aggregate, rollout, special,
// words, head-stats) and is re-exported from here; the two helpers below are view-specific:
//  - attentionReceived: column means (the heatmap's default score), not in core;
//  - rowThreshold / pruneThresholds: per-row cut-off weights for cumulative-mass pruning, the same rule as
//    core's pruneByMass but as thresholds over pre-sorted rows, so the head view can re-prune 512 tokens ×
//    12 heads for any slider value without re-sorting (pruneByMass sorts every row on each call).
export { attentionFrom, attentionTo, maxOverHeads, meanOverHeads } from '../../core/attention/aggregate';
export { rollout, rolloutRow } from '../../core/attention/rollout';
import { rolloutTimesVector } from '../../core/attention/rollout';
import type { AttentionResult } from '../../shared/attention-result';
export { hideSpecial } from '../../core/attention/special';
export { mergeGroups } from '../../core/attention/words';
export { headStats, type HeadStat } from '../../core/attention/head-stats';

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
 * For each row, the smallest weight that is still kept when keeping the strongest edges until their
 * cumulative mass reaches `mass` (0..1) of the row total. Edge (i, j) is drawn when w ≥ threshold[i].
 */
export function pruneThresholds(matrix: Float32Array, n: number, mass: number): Float32Array {
  const th = new Float32Array(n);
  for (let i = 0; i < n; i++) th[i] = rowThreshold(matrix.subarray(i * n, i * n + n).slice().sort().reverse(), mass);
  return th;
}

/** A row reaches a mass within a relative 1e-6 (float32 rounding of the weights), as in core's pruneByMass. */
export const MASS_TOLERANCE = 1 - 1e-6;

/** Threshold for one row whose values are already sorted in decreasing order. */
export function rowThreshold(sortedDesc: Float32Array, mass: number): number {
  let total = 0;
  for (let k = 0; k < sortedDesc.length; k++) total += sortedDesc[k];
  if (total <= 0) return Infinity;
  if (mass >= 1) return sortedDesc[sortedDesc.length - 1] > 0 ? sortedDesc[sortedDesc.length - 1] : 1e-12;
  const target = mass * total * MASS_TOLERANCE;
  let cum = 0;
  for (let k = 0; k < sortedDesc.length; k++) {
    cum += sortedDesc[k];
    if (cum >= target) return sortedDesc[k];
  }
  return sortedDesc[sortedDesc.length - 1];
}

/**
 * Column means of the rollout matrix R (layers 0..upToLayer), i.e. (1/n)·1ᵀ·R, computed as a vector–matrix
 * chain in O(layers · n²) instead of forming R (O(layers · n³)). Same rule as core's rollout (residual ½).
 */
export function rolloutReceived(r: AttentionResult, upToLayer: number): Float32Array {
  const n = r.seqLen;
  return rolloutTimesVector(r, new Float64Array(n).fill(n > 0 ? 1 / n : 0), upToLayer);
}
