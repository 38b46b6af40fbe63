// The data every view draws: one analysed text, its tokens and every layer's attention probabilities.
// Pure data (no browser API), so views, aggregates and tests share one shape.

/** A WordPiece (or BPE / SentencePiece) token and where it sits in the analysed text. */
export interface TokenInfo {
  /** Token as the vocabulary spells it: "hello", "##berries", "[CLS]". */
  text: string;
  /** Vocabulary id. */
  id: number;
  /** [start, end) character offsets into AttentionResult.text (UTF-16 units); null for the [CLS]/[SEP]/[PAD] the tokenizer adds. */
  span: [number, number] | null;
  /** True for special tokens ([CLS], [SEP], <s>, </s>, [MASK] …): those the tokenizer adds and those typed in the text. */
  special: boolean;
  /** A special token typed in the text ("[MASK]" on the page): it has the span of those characters and a word. */
  typed?: true;
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
  /**
   * Attention probabilities, one array per layer (as Hugging Face's `outputs.attentions`), each row-major
   * [head][query i][key j] (numHeads·n·n); rows sum to 1. Per layer because that is how the session returns them:
   * one packed array would cost a copy of every value (84 ms and a fresh 144 MB block per bert-base analysis).
   */
  attentions: Float32Array[];
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
    /** A pair cut as Hugging Face's `longest_first` cuts it: content tokens shown / total of each sentence. */
    pair?: { a: { shown: number; total: number }; b: { shown: number; total: number } };
  } | null;
  /**
   * Text longer than the model takes (single sentences only): the text is cut into overlapping windows; this result
   * is window `windows.index` (its tokens and attention; spans still index the whole `text`). `truncated` is then set
   * too ({ shown: this window's content tokens, total: the whole text's }).
   */
  windows?: WindowInfo;
  timings: {
    tokenizeMs: number;
    inferenceMs: number;
    /** performance.timeOrigin + performance.now() when the engine sent the result (for transport timing). */
    sentAt?: number;
    /** Long texts: windows run for this request (the asked one plus the summaries of the others), and their time. */
    windowsRun?: number;
    windowsMs?: number;
    /** Served from the engine's window cache. */
    cached?: boolean;
  };
}

/** One (layer, head) n×n map as a view (no copy). */
export function headMatrix(r: Pick<AttentionResult, 'attentions' | 'seqLen'>, layer: number, head: number): Float32Array {
  const nn = r.seqLen * r.seqLen;
  return r.attentions[layer].subarray(head * nn, head * nn + nn);
}

// ------------------------------------------------------------------------------------------------ long texts

/** One window of a text longer than the model takes (see src/core/tokens/windows.ts planWindows). */
export interface TextWindowRange {
  /** Content tokens [start, end) of the whole text ([CLS]/[SEP] not counted). */
  start: number;
  end: number;
  /** Characters [charStart, charEnd) of AttentionResult.text its content tokens cover. */
  charStart: number;
  charEnd: number;
}

/**
 * Per-window, per-token summaries of every window of a long text, for the stitched heatmap of the whole text
 * (src/core/attention/window-heat.ts). Window-major flat arrays: window k's block starts where window k−1's ends;
 * w_k = ranges[k].end − ranges[k].start content tokens (no [CLS]/[SEP]).
 *   received: [k][layer][head][w_k]  attention each content token receives: mean over all n_k = w_k + 2 query rows
 *   cls:      [k][layer][head][w_k]  the [CLS] row (attention from the window's first token)
 *   receivedMax: [k][layer][w_k]     received of the max-over-heads matrix (HeadChoice 'max')
 *   receivedRollout / clsRollout: [k][layer][w_k]  received / [CLS] row of the rollout up to that layer
 */
export interface WindowSummaries {
  /** 1 where window k's summaries are present (all, unless the request was cancelled). */
  have: Uint8Array;
  received: Float32Array;
  cls: Float32Array;
  receivedMax: Float32Array;
  receivedRollout: Float32Array;
  clsRollout: Float32Array;
}

/** Where a windowed result sits in its whole text. */
export interface WindowInfo {
  /** The window this result shows (0-based). */
  index: number;
  count: number;
  /** Tokens shared by consecutive windows, as asked (windows that end at a sentence end share more or less). */
  overlap: number;
  /** Content tokens of the whole text. */
  totalTokens: number;
  ranges: TextWindowRange[];
  /** [start, end) character span of every content token of the whole text, flattened; −1, −1 where unplaced. */
  tokenSpans: Int32Array;
  /** Vocabulary text of every content token of the whole text (page labels "the·1203"). */
  tokenTexts: string[];
  /** Present when the engine summarised every window (AnalyzeOptions.summaries, default true). */
  summaries?: WindowSummaries;
}

/** A whole page (or any long text) profiled window by window: per-head statistics and pooled maps, averaged. */
export interface PageProfile {
  modelId: string;
  backend: Backend;
  numLayers: number;
  numHeads: number;
  /** The profiled text (paragraph and window character ranges index it). */
  text: string;
  /** Where the text came from: the page's main content (Readability) or the selection. */
  source: 'article' | 'selection' | 'text';
  title?: string;
  windows: TextWindowRange[];
  /** Tokens shared by consecutive windows (PROFILE_OVERLAP unless asked): a drill-down asks for the same windows. */
  overlap: number;
  /** Paragraphs [start, end) characters, and the window each is most central in (−1: no tokens). */
  paragraphs: Array<{ start: number; end: number; window: number }>;
  totalTokens: number;
  /** Windows analysed so far; the statistics cover these. */
  windowsDone: number;
  /** false while running (a partial result), or after a cancel. */
  complete: boolean;
  cancelled: boolean;
  /** Per (layer, head), layer-major: the heads table's columns plus the offset profile (head roles) and row count. */
  stats: ProfileHeadStat[];
  /** Whether any row belongs to a word of several tokens (the Word column and the same-word role apply). */
  hasSplitWords: boolean;
  /** Mean window length in tokens (the uniform entropy ln n of the head roles). */
  meanWindowTokens: number;
  /** grid × grid pooled attention maps averaged over the windows analysed: [layer][head][grid][grid]. */
  grid: number;
  maps: Float32Array;
  elapsedMs: number;
  /** Of elapsedMs: session runs (attention included), and the statistics and pooling. */
  inferenceMs: number;
  statsMs: number;
}

/** Per-head summary statistics (what kind of head is this?), computed in src/core/attention/head-stats.ts. */
export interface HeadStat {
  layer: number;
  head: number;
  /** Mean over the averaged query rows of −Σ_j a_ij ln a_ij, in nats (0·ln 0 = 0). 0 = one-hot, ln n = uniform. */
  entropy: number;
  /** Mean over the averaged rows of Σ_j a_ij |i − j| (in tokens). */
  meanDistance: number;
  /** Mean over the averaged rows of Σ_{j ∈ CLS} a_ij. */
  clsMass: number;
  /** Mean over the averaged rows of Σ_{j ∈ SEP} a_ij. */
  sepMass: number;
  /** Mean of a_{i,i−1} over the averaged rows with i ≥ 1. */
  prevMass: number;
  /** Mean of a_{i,i+1} over the averaged rows with i ≤ n−2. */
  nextMass: number;
  /** Mean of a_ii over the averaged rows. */
  selfMass: number;
  /**
   * Mean over the averaged rows i whose word has several pieces of Σ a_ik over the other pieces k of that word
   * (how much a WordPiece looks at the rest of its own word); 0 when no averaged row is in such a word.
   */
  wordMass: number;
}

export interface ProfileHeadStat extends HeadStat {
  /** Mean mass on key i+k, k = −8…8 (index k + 8). */
  offsets: number[];
  rows: number;
}
