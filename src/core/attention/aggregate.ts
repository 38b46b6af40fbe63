// Reductions over heads / layers and row / column reads of an n×n attention matrix (row i = query i).

import { headMatrix, type AttentionResult } from '../../shared/attention-result';

function checkLayer(r: AttentionResult, layer: number): void {
  if (!Number.isInteger(layer) || layer < 0 || layer >= r.numLayers) {
    throw new RangeError(`layer ${layer} is outside 0..${r.numLayers - 1}`);
  }
}

/** Mean over the heads of `layer`: a new n×n matrix (rows still sum to 1). */
export function meanOverHeads(r: AttentionResult, layer: number): Float32Array {
  checkLayer(r, layer);
  const n = r.seqLen;
  const acc = new Float64Array(n * n);
  for (let h = 0; h < r.numHeads; h++) {
    const m = headMatrix(r, layer, h);
    for (let k = 0; k < acc.length; k++) acc[k] += m[k];
  }
  const out = new Float32Array(n * n);
  const inv = r.numHeads > 0 ? 1 / r.numHeads : 0;
  for (let k = 0; k < acc.length; k++) out[k] = acc[k] * inv;
  return out;
}

/** Element-wise maximum over the heads of `layer`: a new n×n matrix (rows no longer sum to 1). */
export function maxOverHeads(r: AttentionResult, layer: number): Float32Array {
  checkLayer(r, layer);
  const n = r.seqLen;
  const out = new Float32Array(n * n);
  if (r.numHeads === 0) return out;
  out.set(headMatrix(r, layer, 0));
  for (let h = 1; h < r.numHeads; h++) {
    const m = headMatrix(r, layer, h);
    for (let k = 0; k < out.length; k++) if (m[k] > out[k]) out[k] = m[k];
  }
  return out;
}

/** Mean over every layer and head: a new n×n matrix (rows still sum to 1). */
export function meanOverLayersAndHeads(r: AttentionResult): Float32Array {
  const n = r.seqLen;
  const nn = n * n;
  const acc = new Float64Array(nn);
  const count = r.numLayers * r.numHeads;
  for (let layer = 0; layer < r.numLayers; layer++) {
    for (let h = 0; h < r.numHeads; h++) {
      const m = headMatrix(r, layer, h);
      for (let k = 0; k < nn; k++) acc[k] += m[k];
    }
  }
  const out = new Float32Array(nn);
  const inv = count > 0 ? 1 / count : 0;
  for (let k = 0; k < nn; k++) out[k] = acc[k] * inv;
  return out;
}

/** Row i (what query i attends to): a VIEW into `matrix`, not a copy — copy it before mutating. */
export function attentionFrom(matrix: Float32Array, n: number, i: number): Float32Array {
  return matrix.subarray(i * n, i * n + n);
}

/** Column j (how much every query attends to key j): a new array of length n. */
export function attentionTo(matrix: Float32Array, n: number, j: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = matrix[i * n + j];
  return out;
}
