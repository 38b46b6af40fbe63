// Attention maths for the views. The shared maths lives in src/core/attention (aggregate, rollout, special,
// words, head-stats) and is re-exported from here; the helpers below are view-specific:
//  - attentionReceived: column means (the heatmap's default score), not in core;
//  - rowThreshold: the per-row cut-off weight for cumulative-mass pruning, the same rule as core's pruneByMass
//    but over a pre-sorted row, so the head view can re-prune 512 tokens × 12 heads for any slider value
//    without re-sorting (pruneByMass sorts every row on each call);
//  - hasQueryKeys: whether a result carries the per-head query/key vectors (registry entries with needsQK).
export { attentionFrom, maxOverHeads, meanOverHeads } from '../../core/attention/aggregate';
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

/** A row reaches a mass within a relative 1e-6 (float32 rounding of the weights), as in core's pruneByMass. */
export const MASS_TOLERANCE = 1 - 1e-6;

/**
 * For a row already sorted in decreasing order, the smallest weight that is still kept when keeping the strongest
 * edges until their cumulative mass reaches `mass` (0..1) of the row total: edge (i, j) is drawn when w ≥ it.
 */
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

/** True when the result carries per-head query and key vectors for every layer, head and token. */
export function hasQueryKeys(r: AttentionResult): boolean {
  return !!(r.queries && r.keys && r.headDim && r.queries.length >= r.numLayers * r.numHeads * r.seqLen * r.headDim);
}
