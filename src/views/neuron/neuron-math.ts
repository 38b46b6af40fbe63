// Query/key maths for the neuron view: q, each k, q∘k, q·k/√d and softmax for one (layer, head, query).
import type { AttentionResult } from '../../shared/attention-result';
import { hasQueryKeys } from '../lib/attention-math';

export interface NeuronData {
  d: number;
  q: Float32Array;
  /** n × d keys. */
  k: Float32Array;
  /** n × d element-wise products q∘k. */
  qk: Float32Array;
  /** q·k/√d per key. */
  scores: Float32Array;
  softmax: Float32Array;
  /** The model's own attention row for comparison. */
  attention: Float32Array;
  maxAbsVec: number;
  maxAbsProd: number;
}

export function neuronData(r: AttentionResult, layer: number, head: number, query: number): NeuronData | null {
  if (!hasQueryKeys(r)) return null;
  const d = r.headDim!;
  const n = r.seqLen;
  const base = (layer * r.numHeads + head) * n * d;
  const q = r.queries!.slice(base + query * d, base + query * d + d);
  const k = r.keys!.slice(base, base + n * d);
  const qk = new Float32Array(n * d);
  const scores = new Float32Array(n);
  const inv = 1 / Math.sqrt(d);
  let maxAbsVec = 0;
  let maxAbsProd = 0;
  for (let t = 0; t < d; t++) maxAbsVec = Math.max(maxAbsVec, Math.abs(q[t]));
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const kv = k[j * d + t];
      const p = q[t] * kv;
      qk[j * d + t] = p;
      s += p;
      if (Math.abs(kv) > maxAbsVec) maxAbsVec = Math.abs(kv);
      if (Math.abs(p) > maxAbsProd) maxAbsProd = Math.abs(p);
    }
    scores[j] = s * inv;
  }
  let mx = -Infinity;
  for (let j = 0; j < n; j++) mx = Math.max(mx, scores[j]);
  const softmax = new Float32Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += softmax[j] = Math.exp(scores[j] - mx);
  for (let j = 0; j < n; j++) softmax[j] /= sum;
  const ao = (head * n + query) * n;
  const attention = r.attentions[layer].slice(ao, ao + n);
  return { d, q, k, qk, scores, softmax, attention, maxAbsVec: maxAbsVec || 1, maxAbsProd: maxAbsProd || 1 };
}
