// The masked-LM head in plain TypeScript (float64 accumulation): logits for one hidden-state row.
import type { MlmHeadWeights } from './bert-weights';
import { gelu, geluTanh } from './math';

/** logits[vocab] = LN(act(h·W_t + b_t)) · W_dec + b_dec for one row `h` of the last hidden state. */
export function mlmLogits(head: MlmHeadWeights, h: ArrayLike<number>): Float64Array {
  const { transform: t, layerNorm: ln, decoder: dec } = head;
  const H = t.outFeatures;
  const act = head.hiddenAct === 'gelu' ? gelu : geluTanh;
  const x = new Float64Array(H);
  for (let o = 0; o < H; o++) {
    let s = t.bias[o];
    for (let i = 0; i < t.inFeatures; i++) s += h[i] * t.weight[i * H + o];
    x[o] = act(s);
  }
  let mean = 0;
  for (const v of x) mean += v;
  mean /= H;
  let varSum = 0;
  for (const v of x) varSum += (v - mean) ** 2;
  const inv = 1 / Math.sqrt(varSum / H + ln.eps);
  for (let o = 0; o < H; o++) x[o] = (x[o] - mean) * inv * ln.gamma[o] + ln.beta[o];
  const V = dec.outFeatures;
  const out = new Float64Array(V);
  for (let v = 0; v < V; v++) out[v] = dec.bias[v];
  for (let i = 0; i < H; i++) {
    const xi = x[i];
    const row = i * V;
    for (let v = 0; v < V; v++) out[v] += xi * dec.weight[row + v];
  }
  return out;
}
