// Independent BERT encoder forward pass in plain TypeScript (no onnxruntime), used to check the
// attention maps onnxruntime returns. Activations are float64 throughout; weights are the
// model's float32 values. Mirrors Hugging Face BertModel (eager attention): embeddings →
// LayerNorm → per layer [self-attention → dense → residual+LayerNorm → GELU MLP → residual+LayerNorm].

import type { BertWeights, Dense, LayerNormWeights } from './bert-weights';
import { gelu, geluTanh } from './math';

/** Integer ids, row-major [batchSize, seqLen]. */
export type IdArray = ArrayLike<number> | BigInt64Array;

export interface BertInputs {
  inputIds: IdArray;
  /** 1 = attend, 0 = padding. Default: all ones. */
  attentionMask?: IdArray;
  /** Default: all zeros. */
  tokenTypeIds?: IdArray;
  /** Default 1; seqLen = inputIds.length / batchSize. */
  batchSize?: number;
}

export interface BertForwardOptions {
  /** Also return per-head Q and K (for the neuron view). */
  withQueryKey?: boolean;
}

export interface BertForwardResult {
  batchSize: number;
  seqLen: number;
  numLayers: number;
  numHeads: number;
  headDim: number;
  /** [batch][layer][head][i][j] — for batch 1 the same layout as AttentionResult.attentions. */
  attentions: Float32Array;
  /** [batch][layer][head][i][d], unscaled (before 1/√d). */
  queries?: Float32Array;
  /** [batch][layer][head][j][d] (not transposed). */
  keys?: Float32Array;
  /** [batch][n][hidden] */
  lastHiddenState: Float32Array;
}

/** Additive mask value for padding, as HF BertModel builds it: torch.finfo(float32).min. */
const MASK_VALUE = -3.4028234663852886e38;

function idAt(a: IdArray, i: number): number {
  return Number(a[i]);
}

export function bertForward(w: BertWeights, inputs: BertInputs, options: BertForwardOptions = {}): BertForwardResult {
  const cfg = w.config;
  const H = cfg.hiddenSize;
  const heads = cfg.numHeads;
  const d = cfg.headDim;
  const B = inputs.batchSize ?? 1;
  const total = inputs.inputIds.length;
  if (!Number.isInteger(B) || B <= 0 || total % B !== 0) throw new Error(`inputIds length ${total} is not batchSize × seqLen`);
  const n = total / B;
  if (n > cfg.maxPositions) throw new Error(`sequence length ${n} exceeds max_position_embeddings ${cfg.maxPositions}`);
  for (const [name, arr] of [
    ['attentionMask', inputs.attentionMask],
    ['tokenTypeIds', inputs.tokenTypeIds],
  ] as const) {
    if (arr && arr.length !== total) throw new Error(`${name} length ${arr.length} != inputIds length ${total}`);
  }
  const L = cfg.numLayers;
  const scale = 1 / Math.sqrt(d);
  const attentions = new Float32Array(B * L * heads * n * n);
  const queries = options.withQueryKey ? new Float32Array(B * L * heads * n * d) : undefined;
  const keys = options.withQueryKey ? new Float32Array(B * L * heads * n * d) : undefined;
  const lastHiddenState = new Float32Array(B * n * H);

  for (let b = 0; b < B; b++) {
    // ---- embeddings
    let h: Float64Array = new Float64Array(n * H);
    for (let i = 0; i < n; i++) {
      const id = idAt(inputs.inputIds, b * n + i);
      const tt = inputs.tokenTypeIds ? idAt(inputs.tokenTypeIds, b * n + i) : 0;
      if (id < 0 || id >= cfg.vocabSize) throw new Error(`token id ${id} outside vocabulary of ${cfg.vocabSize}`);
      for (let k = 0; k < H; k++) {
        let v = w.wordEmbeddings[id * H + k] + w.positionEmbeddings[i * H + k];
        if (w.tokenTypeEmbeddings) v += w.tokenTypeEmbeddings[tt * H + k];
        h[i * H + k] = v;
      }
    }
    h = layerNorm(h, n, H, w.embeddingsLayerNorm);
    const maskAdd = new Float64Array(n);
    if (inputs.attentionMask) for (let j = 0; j < n; j++) maskAdd[j] = idAt(inputs.attentionMask, b * n + j) ? 0 : MASK_VALUE;

    for (let l = 0; l < L; l++) {
      const lw = w.layers[l];
      const q = dense(h, n, lw.query);
      const k = dense(h, n, lw.key);
      const v = dense(h, n, lw.value);
      const ctx = new Float64Array(n * H);
      const row = new Float64Array(n);
      for (let hd = 0; hd < heads; hd++) {
        const off = hd * d;
        const base = ((b * L + l) * heads + hd) * n;
        if (queries && keys) {
          for (let i = 0; i < n; i++) {
            for (let e = 0; e < d; e++) {
              queries[(base + i) * d + e] = q[i * H + off + e];
              keys[(base + i) * d + e] = k[i * H + off + e];
            }
          }
        }
        for (let i = 0; i < n; i++) {
          let max = -Infinity;
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let e = 0; e < d; e++) s += q[i * H + off + e] * k[j * H + off + e];
            s = s * scale + maskAdd[j];
            row[j] = s;
            if (s > max) max = s;
          }
          let sum = 0;
          for (let j = 0; j < n; j++) {
            row[j] = Math.exp(row[j] - max);
            sum += row[j];
          }
          const out = (base + i) * n;
          for (let j = 0; j < n; j++) {
            const p = row[j] / sum;
            attentions[out + j] = p;
            for (let e = 0; e < d; e++) ctx[i * H + off + e] += p * v[j * H + off + e];
          }
        }
      }
      const attnOut = dense(ctx, n, lw.attentionOutput);
      addInPlace(attnOut, h);
      const a = layerNorm(attnOut, n, H, lw.attentionLayerNorm);
      const inter = dense(a, n, lw.intermediate);
      const act = cfg.hiddenAct === 'gelu' ? gelu : geluTanh;
      for (let i = 0; i < inter.length; i++) inter[i] = act(inter[i]);
      const o = dense(inter, n, lw.output);
      addInPlace(o, a);
      h = layerNorm(o, n, H, lw.outputLayerNorm);
    }
    lastHiddenState.set(h, b * n * H);
  }
  return { batchSize: B, seqLen: n, numLayers: L, numHeads: heads, headDim: d, attentions, queries, keys, lastHiddenState };
}

/** x [rows, in] · W [in, out] + b. */
function dense(x: Float64Array, rows: number, p: Dense): Float64Array {
  const { inFeatures: I, outFeatures: O, weight, bias } = p;
  if (x.length !== rows * I) throw new Error(`dense: input width ${x.length / rows} != ${I}`);
  const y = new Float64Array(rows * O);
  for (let r = 0; r < rows; r++) {
    const yo = r * O;
    for (let j = 0; j < O; j++) y[yo + j] = bias[j];
    for (let k = 0; k < I; k++) {
      const xv = x[r * I + k];
      if (xv === 0) continue;
      const wo = k * O;
      for (let j = 0; j < O; j++) y[yo + j] += xv * weight[wo + j];
    }
  }
  return y;
}

function addInPlace(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

function layerNorm(x: Float64Array, rows: number, H: number, p: LayerNormWeights): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * H;
    let mean = 0;
    for (let k = 0; k < H; k++) mean += x[o + k];
    mean /= H;
    let v = 0;
    for (let k = 0; k < H; k++) {
      const c = x[o + k] - mean;
      v += c * c;
    }
    const inv = 1 / Math.sqrt(v / H + p.eps);
    for (let k = 0; k < H; k++) y[o + k] = (x[o + k] - mean) * inv * p.gamma[k] + p.beta[k];
  }
  return y;
}
