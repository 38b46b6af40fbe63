// The data every view draws: one analysed text, its tokens and every layer's attention probabilities.
// Pure data (no browser API), so views, aggregates and tests share one shape.

/** A WordPiece (or BPE / SentencePiece) token and where it sits in the analysed text. */
export interface TokenInfo {
  /** Token as the vocabulary spells it: "hello", "##berries", "[CLS]". */
  text: string;
  /** Vocabulary id. */
  id: number;
  /** [start, end) character offsets into AttentionResult.text (UTF-16 units); null for [CLS]/[SEP]/[PAD]. */
  span: [number, number] | null;
  /** True for tokens the tokenizer adds ([CLS], [SEP], <s>, </s> …). */
  special: boolean;
  /** Index of the whitespace/punctuation-delimited word this token belongs to; -1 for special tokens. */
  word: number;
  /** 0 for sentence A, 1 for sentence B (token_type_ids). */
  segment: number;
}

export type Backend = 'webgpu' | 'wasm';

export interface Prediction {
  /** Vocabulary token ("paris", "##s", "Ġdog"). */
  token: string;
  id: number;
  /** softmax over the whole vocabulary at that position */
  prob: number;
}

export interface MaskedPredictions {
  /** Masked token positions (indices into tokens). */
  positions: number[];
  /** The tokens that stood there before masking, in the same order. */
  originals: string[];
  /** Per masked position, the top predictions, most probable first. */
  top: Prediction[][];
}

export interface AttentionResult {
  /** Model folder / Hub id, e.g. "attention-lens-mini". */
  modelId: string;
  /** Execution provider that actually ran. */
  backend: Backend;
  /** Why WebGPU was not used, when it was not (shown next to the backend). */
  backendNote?: string | null;
  /** The analysed text, exactly as selected (token spans index into it). */
  text: string;
  tokens: TokenInfo[];
  numLayers: number;
  numHeads: number;
  /** Number of tokens n (tokens.length). */
  seqLen: number;
  /** Attention probabilities, row-major [layer][head][query i][key j]; rows sum to 1. */
  attentions: Float32Array;
  /** Per-head query vectors [layer][head][i][d] (for the neuron view); absent when not requested. */
  queries?: Float32Array;
  /** Per-head key vectors [layer][head][j][d] (already un-transposed); absent when not requested. */
  keys?: Float32Array;
  /** Head dimension d (hidden / heads) when queries/keys are present. */
  headDim?: number;
  /** Masked-token probing: which positions were masked and what the model predicts there. */
  masked?: MaskedPredictions;
  /** Set when the selection had more tokens than the model takes: only the first `shown` are analysed. */
  truncated: {
    shown: number;
    total: number;
    /** What set the limit: the user's setting, the model's position table, or the length it was trained on. */
    limit?: 'setting' | 'model' | 'trained';
  } | null;
  timings: {
    tokenizeMs: number;
    inferenceMs: number;
    /** performance.timeOrigin + performance.now() when the engine sent the result (for transport timing). */
    sentAt?: number;
  };
}

/** Offset of row (layer, head, i) in AttentionResult.attentions. */
export function rowOffset(r: Pick<AttentionResult, 'numHeads' | 'seqLen'>, layer: number, head: number, i: number): number {
  const n = r.seqLen;
  return ((layer * r.numHeads + head) * n + i) * n;
}

/** One (layer, head) n×n map as a view (no copy). */
export function headMatrix(r: AttentionResult, layer: number, head: number): Float32Array {
  const n = r.seqLen;
  const start = rowOffset(r, layer, head, 0);
  return r.attentions.subarray(start, start + n * n);
}
