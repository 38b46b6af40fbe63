// An analysis result as a NumPy .npz archive: `np.load("attention-lens-….npz")` gives attentions
// (layers, heads, n, n), tokens, token ids, character spans, special/segment/word per token, the text and the
// model id — the whole result in binary (the JSON export of a 512-token bert-base result is ~300 MB of text).
import type { AttentionResult } from '../../shared/attention-result';
import { packLayers } from '../attention/pack';
import { npyParts, type NpyArray } from './npy';
import { zipStoreParts } from './zip-store';

export function attentionNpzArrays(r: AttentionResult): Record<string, NpyArray> {
  const n = r.seqLen;
  const spans = new Int32Array(n * 2).fill(-1);
  r.tokens.forEach((t, i) => {
    if (t.span) spans.set(t.span, i * 2);
  });
  const arrays: Record<string, NpyArray> = {
    attentions: { dtype: '<f4', shape: [r.numLayers, r.numHeads, n, n], data: packLayers(r.attentions, r.numHeads, n) },
    tokens: { dtype: '<U', shape: [n], data: r.tokens.map((t) => t.text) },
    token_ids: { dtype: '<i4', shape: [n], data: Int32Array.from(r.tokens, (t) => t.id) },
    spans: { dtype: '<i4', shape: [n, 2], data: spans },
    special: { dtype: '|b1', shape: [n], data: Uint8Array.from(r.tokens, (t) => (t.special ? 1 : 0)) },
    segments: { dtype: '<i4', shape: [n], data: Int32Array.from(r.tokens, (t) => t.segment) },
    words: { dtype: '<i4', shape: [n], data: Int32Array.from(r.tokens, (t) => t.word) },
    text: { dtype: '<U', shape: [], data: [r.text] },
    model_id: { dtype: '<U', shape: [], data: [r.modelId] },
  };
  if (r.queries && r.keys && r.headDim) {
    arrays.queries = { dtype: '<f4', shape: [r.numLayers, r.numHeads, n, r.headDim], data: r.queries };
    arrays.keys = { dtype: '<f4', shape: [r.numLayers, r.numHeads, n, r.headDim], data: r.keys };
  }
  return arrays;
}

/** The .npz file as parts (no copy of the tensors on little-endian machines). */
export function attentionNpzParts(r: AttentionResult): Uint8Array[] {
  return zipStoreParts(Object.entries(attentionNpzArrays(r)).map(([name, a]) => ({ name: `${name}.npy`, parts: npyParts(a) })));
}
