// Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers").
//
// Rule, for layers l = 0 … L:
//   Ā_l = mean over heads of layer l's attention               (n×n, rows sum to 1)
//   Ã_l = rownorm(0.5 · Ā_l + 0.5 · I)                          (the residual connection carries half)
//   R   = Ã_L · Ã_{L−1} · … · Ã_0                               (R_l = Ã_l · R_{l−1}, R_0 = Ã_0)
// R[i][j] = how much input token j contributes to token i's representation after layer L.
// Rows of R sum to 1. `residual` (default 0.5) is the weight of I: Ã = rownorm((1−residual)·Ā + residual·I).

import type { AttentionResult } from '../../shared/attention-result';
import { meanOverHeads } from './aggregate';

export interface RolloutOptions {
  /** Weight of the identity (residual stream), 0..1; default 0.5. */
  residual?: number;
}

/** Ã = rownorm((1−α)·A + α·I) of one n×n matrix, in float64. Rows that sum to 0 stay 0. */
export function residualStep(a: Float32Array, n: number, residual = 0.5): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const o = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) {
      const v = (1 - residual) * a[o + j] + (i === j ? residual : 0);
      out[o + j] = v;
      s += v;
    }
    if (s > 0) for (let j = 0; j < n; j++) out[o + j] /= s;
  }
  return out;
}

/** c = a · b for n×n float64 matrices (i-k-j order, four rows of b per pass over c's row). */
function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ro = i * n;
    let k = 0;
    for (; k + 3 < n; k += 4) {
      const v0 = a[ro + k];
      const v1 = a[ro + k + 1];
      const v2 = a[ro + k + 2];
      const v3 = a[ro + k + 3];
      if (v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
      const k0 = k * n;
      const k1 = k0 + n;
      const k2 = k1 + n;
      const k3 = k2 + n;
      for (let j = 0; j < n; j++) c[ro + j] += v0 * b[k0 + j] + v1 * b[k1 + j] + v2 * b[k2 + j] + v3 * b[k3 + j];
    }
    for (; k < n; k++) {
      const v = a[ro + k];
      if (v === 0) continue;
      const ko = k * n;
      for (let j = 0; j < n; j++) c[ro + j] += v * b[ko + j];
    }
  }
  return c;
}

/**
 * Rollout R = Ã_upToLayer · … · Ã_0 (see the file comment); upToLayer defaults to the last layer and
 * is clamped to 0..numLayers−1. Returns a new n×n matrix. Cost O(layers · n³).
 */
export function rollout(r: AttentionResult, upToLayer?: number, opts: RolloutOptions = {}): Float32Array {
  const all = rolloutLayers(r, upToLayer, opts);
  return all.length ? all[all.length - 1] : new Float32Array(r.seqLen * r.seqLen);
}

/** Rollout after every layer 0..upToLayer at the cost of one (for a layer slider): result[l] = R_l. */
export function rolloutLayers(r: AttentionResult, upToLayer?: number, opts: RolloutOptions = {}): Float32Array[] {
  const n = r.seqLen;
  const last = Math.min(r.numLayers - 1, Math.max(0, Math.floor(upToLayer ?? r.numLayers - 1)));
  const residual = Math.min(1, Math.max(0, opts.residual ?? 0.5));
  const out: Float32Array[] = [];
  let acc: Float64Array | null = null;
  for (let l = 0; l <= last; l++) {
    const step = residualStep(meanOverHeads(r, l), n, residual);
    acc = acc === null ? step : matmul(step, acc, n);
    out.push(Float32Array.from(acc));
  }
  return out;
}

/**
 * Row i of the rollout (how much every input token contributes to token i after layer upToLayer),
 * computed as e_iᵀ · Ã_upToLayer · … · Ã_0 with vector–matrix products: O(layers · n²) instead of
 * O(layers · n³). Equal to attentionFrom(rollout(r, upToLayer), n, i).
 */
export function rolloutRow(r: AttentionResult, i: number, upToLayer?: number, opts: RolloutOptions = {}): Float32Array {
  const n = r.seqLen;
  if (i < 0 || i >= n || r.numLayers === 0) return new Float32Array(n);
  const v = new Float64Array(n);
  v[i] = 1;
  return rolloutTimesVector(r, v, upToLayer, opts);
}

/**
 * vᵀ·R for a row vector v, as a vector–matrix chain in O(layers · n²) instead of forming R
 * (O(layers · n³)): a one-hot v gives one row of R, a uniform v the column means of R.
 */
export function rolloutTimesVector(r: AttentionResult, v0: ArrayLike<number>, upToLayer?: number, opts: RolloutOptions = {}): Float32Array {
  const n = r.seqLen;
  const last = Math.min(r.numLayers - 1, Math.max(0, Math.floor(upToLayer ?? r.numLayers - 1)));
  const residual = Math.min(1, Math.max(0, opts.residual ?? 0.5));
  let v = Float64Array.from(v0);
  for (let l = last; l >= 0; l--) {
    const step = residualStep(meanOverHeads(r, l), n, residual);
    const next = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const w = v[k];
      if (w === 0) continue;
      const ko = k * n;
      for (let j = 0; j < n; j++) next[j] += w * step[ko + j];
    }
    v = next;
  }
  return Float32Array.from(v);
}
