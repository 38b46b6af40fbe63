// The engine: one loaded model (graph edited to expose attention), its tokenizer, and analyze(). Runtime-neutral:
// hosted by Chrome's offscreen document or Firefox's background page (engine-host.ts).
import type { Tensor } from 'onnxruntime-web';
import { outputAsFloat32 } from '../core/attention/float16';
import { softmaxTopK } from '../core/attention/top-k';
import { untransposeKeys } from '../core/attention/pack';
import { normalizeConfig, tokenLimit } from '../core/model/config';
import { buildTokenInfos } from '../core/tokens/build-tokens';
import { truncateEncoding } from '../core/tokens/truncate-ids';
import { DEFAULT_OVERLAP, PROFILE_OVERLAP, paragraphsOf, planLongText, windowIds, windowInfo, windowTokens, type LongText } from '../core/tokens/long-text';
import { paragraphWindows } from '../core/tokens/windows';
import { emptySummaries, summarizeWindow } from '../core/attention/window-heat';
import { RunningHeadStats } from '../core/attention/running-stats';
import { RunningPooledMaps } from '../core/attention/pooled-maps';
import { ByteLru } from '../core/cache/byte-lru';
import type { AttentionResult, MaskedPredictions, PageProfile, TokenInfo, WindowSummaries } from '../shared/attention-result';
import { DEFAULT_ENGINE_SPEC, type BackendPreference, type EngineModelSpec } from '../shared/model-choice';
import { ProtocolError, type AnalyzeOptions, type EngineStatus, type LoadStage, type ProfileOptions } from '../shared/protocol';
import { loadModelSource } from './model-source';
import { prepareModel, type PreparedLayer } from './prepare-model';
import { createSession, prewarmRuntime, type CreatedSession } from './session';
import type { BertTokenizer } from './tokenizer';
import { t } from '../shared/i18n';

export interface LoadProgress {
  stage: LoadStage;
  /** 0..1 while reading the model file, when its size is known. */
  fraction?: number;
  modelId: string;
}

/** Default upper bound of the window cache (AnalyzeOptions.cacheBytes). */
export const DEFAULT_CACHE_BYTES = 128 * 1024 * 1024;

/** What a long request tells its caller, and how it is stopped. */
export interface RunHooks {
  /** Windows run so far of those this request runs, and the estimated time left. */
  onWindows?: (done: number, total: number, etaMs: number) => void;
  /** A profile so far (after each window but the last). */
  onPartial?: (profile: PageProfile) => void;
  /** Checked between windows: true stops the request after the current window (partial summaries / profile). */
  cancelled?: () => boolean;
}

interface LongTextEntry {
  key: string;
  doc: LongText;
  /** Filled window by window; kept with the text so stepping through its windows does not summarise again. */
  summaries: WindowSummaries | null;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Lets the document's event loop run: onnxruntime's wasm run finishes in microtasks, so without this a loop of
 * windows would never deliver its progress or hear a cancel.
 */
function yieldToEventLoop(): Promise<void> {
  // a posted message, not a timer: timers of a background document are throttled
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** Work on this document's main thread between two yields: below a frame, so the views stay smooth. */
const SLICE_MS = 16;

/** Runs a generator to its end, yielding the thread whenever a slice passed SLICE_MS; its value and the time it ran. */
async function runInSlices<T>(steps: Generator<void, T, void>): Promise<{ value: T; busyMs: number }> {
  let busyMs = 0;
  let since = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - since > SLICE_MS) {
      busyMs += performance.now() - since;
      await yieldToEventLoop();
      since = performance.now();
    }
    step = steps.next();
  }
  return { value: step.value, busyMs: busyMs + performance.now() - since };
}

/** FNV-1a over the UTF-16 units (with the length, a cache key; the text itself is compared on a hit). */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Bytes of a result's tensors (what the window cache counts). */
function resultBytes(r: AttentionResult): number {
  return r.attentions.reduce((s, a) => s + a.byteLength, 0) + (r.queries?.byteLength ?? 0) + (r.keys?.byteLength ?? 0);
}

/** A result with its own copies of the tensors (a cached result's buffers must not be transferred away). */
function copyResult(r: AttentionResult, dropQK: boolean): AttentionResult {
  const { queries, keys, headDim, ...rest } = r;
  const out: AttentionResult = { ...rest, tokens: r.tokens.slice(), attentions: r.attentions.map((a) => a.slice()), timings: { ...r.timings } };
  if (!dropQK && queries && keys) Object.assign(out, { queries: queries.slice(), keys: keys.slice(), headDim });
  return out;
}

/** Index of the first value that is NaN or ±Infinity, or -1. */
export function firstNonFinite(values: Float32Array): number {
  // v · 0 is ±0 for every finite v and NaN for NaN and ±Infinity: a branch-free sum per block, then a search in the
  // block whose sum is not 0 (v − v is NaN exactly for NaN and ±Infinity)
  const BLOCK = 4096;
  for (let from = 0; from < values.length; from += BLOCK) {
    const to = Math.min(values.length, from + BLOCK);
    let acc = 0;
    for (let i = from; i < to; i++) acc += values[i] * 0;
    if (acc === 0) continue;
    for (let i = from; i < to; i++) if (values[i] - values[i] !== 0) return i;
  }
  return -1;
}

/**
 * How the model predicts masked tokens, if it can: 'positions' — our own export's mask_positions input and
 * mask_logits output (logits only where asked); 'full' — a Hub fill-mask export whose `logits` output covers every
 * position (onnxruntime computes it on every run anyway; the engine reads only the masked rows, in this context).
 */
type MlmHead = { kind: 'positions' } | { kind: 'full'; output: string } | null;

function mlmHeadOf(inputs: readonly string[], outputs: readonly string[]): MlmHead {
  if (inputs.includes('mask_positions') && outputs.includes('mask_logits')) return { kind: 'positions' };
  if (outputs.includes('logits')) return { kind: 'full', output: 'logits' };
  return null;
}

/** A session output as float32 (fp16 exports return float16 attention). */
function floatsOf(t: Tensor): Float32Array {
  return outputAsFloat32(t.type, t.data as ArrayLike<number>);
}

export class Engine {
  /** Set once the model produced non-finite attention: the host drops this engine and loads the files again. */
  broken = false;
  /** Recent window results (bounded by bytes). */
  readonly cache = new ByteLru<string, AttentionResult>(DEFAULT_CACHE_BYTES, resultBytes);
  /** The last long texts' windows and summaries. */
  private readonly docs = new Map<string, LongTextEntry>();
  /** Session runs, one after another. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly modelId: string,
    private readonly created: CreatedSession,
    private readonly layers: PreparedLayer[],
    private readonly tokenizer: BertTokenizer,
    readonly status: EngineStatus,
    private readonly headDim: number,
    private readonly inputNames: Set<string>,
    private readonly mlm: MlmHead,
  ) {}

  static async load(
    spec: EngineModelSpec = DEFAULT_ENGINE_SPEC,
    backend: BackendPreference = 'auto',
    onProgress: (p: LoadProgress) => void = () => undefined,
  ): Promise<Engine> {
    const t0 = performance.now();
    const modelId = spec.model.id;
    const warm = prewarmRuntime(backend);
    onProgress({ stage: 'reading-model', fraction: 0, modelId });
    const source = await loadModelSource(spec, (fraction) => onProgress({ stage: 'reading-model', fraction, modelId }));
    const config = normalizeConfig(source.config);
    if (!config.numHeads) throw new ProtocolError('model-file', t('engine_no_heads', source.configPath));
    onProgress({ stage: 'preparing', modelId });
    const tp = performance.now();
    const prepared = prepareModel(source.bytes, source.modelPath);
    const phases: Record<string, number> = { ...source.phases, graphEdit: Math.round(performance.now() - tp) };
    let created: CreatedSession;
    try {
      onProgress({ stage: 'starting-runtime', modelId });
      const ts = performance.now();
      await warm;
      phases.runtimeWait = Math.round(performance.now() - ts);
      created = await createSession(prepared.bytes, backend);
      phases.session = Math.round(performance.now() - ts);
    } catch (err) {
      throw new ProtocolError('model-file', t('engine_ort_failed', source.modelPath, err instanceof Error ? err.message : String(err)));
    }
    const limit = tokenLimit(spec.maxTokens, config);
    const status: EngineStatus = {
      modelId: spec.model.id,
      backend: created.backend,
      backendNote: created.backendNote,
      maxTokens: limit.maxTokens,
      limitReason: limit.reason,
      numLayers: prepared.layers.length,
      numHeads: config.numHeads,
      loadMs: Math.round(performance.now() - t0),
      loadPhases: phases,
    };
    // Only the output names are kept: onnxruntime has its own copy of the weights, and holding the edited bytes
    // would keep a second model-sized buffer alive for the engine's lifetime.
    const headDim = config.headDim ?? 0;
    const mlm = mlmHeadOf(created.session.inputNames, created.session.outputNames);
    status.canMask = mlm !== null && source.tokenizer.maskId !== null;
    return new Engine(spec.model.id, created, prepared.layers, source.tokenizer, status, headDim, new Set(created.session.inputNames), mlm);
  }

  async dispose(): Promise<void> {
    this.cache.clear();
    this.docs.clear();
    await this.queue;
    await this.created.session.release();
  }

  /**
   * Analyses a text. A single text longer than the model takes is cut into windows (src/core/tokens/long-text.ts):
   * the result is window `options.window` (default 0) with `windows` metadata, and — unless `options.summaries` is
   * false — the summaries of every window for the stitched heatmap (each window not yet summarised runs once;
   * `hooks.onWindows` hears about each, `hooks.cancelled` stops after the current one). A pair is truncated.
   */
  async analyze(text: string, options: AnalyzeOptions = {}, hooks: RunHooks = {}): Promise<AttentionResult> {
    if (!text.trim()) throw new ProtocolError('empty-selection', t('engine_empty_selection'));
    const t0 = performance.now();
    if (options.cacheBytes !== undefined) this.cache.resize(Math.max(0, options.cacheBytes));
    const split = options.pairSplit;
    const pair = split !== undefined && split > 0 && split < text.length && text.slice(0, split).trim() && text.slice(split).trim();
    const encoded = pair ? this.tokenizer.encode(text.slice(0, split), text.slice(split)) : this.tokenizer.encode(text);
    if (!pair && encoded.ids.length > this.status.maxTokens) return this.analyzeLong(text, encoded.ids, options, hooks, t0);
    // A pair is cut as Hugging Face's `longest_first` cuts it (windows would cut sentence A from sentence B); the
    // spans come from the whole pair, so the tokens kept at the end of A still find their text.
    const { ids, typeIds, truncated, kept } = pair
      ? this.tokenizer.truncatePair(encoded, text.slice(0, split), text.slice(split), this.status.maxTokens)
      : truncateEncoding(encoded, this.status.maxTokens, this.tokenizer.sepId);
    const infos = () => {
      const pairStart = pair ? split : undefined;
      if (!kept) return this.tokenInfos(text, ids, typeIds, pairStart);
      const all = this.tokenInfos(text, encoded.ids, encoded.typeIds, pairStart);
      return kept.map((i) => all[i]);
    };
    const { result } = await this.runResult(text, ids, typeIds, options, infos, t0);
    result.truncated = truncated && { ...truncated, limit: this.status.limitReason };
    return result;
  }

  /** Window `options.window` of a long text, plus the summaries of the others (see analyze). */
  private async analyzeLong(text: string, ids: number[], options: AnalyzeOptions, hooks: RunHooks, t0: number): Promise<AttentionResult> {
    const entry = this.longText(text, ids, options.windowOverlap ?? DEFAULT_OVERLAP);
    const { doc } = entry;
    const count = doc.windows.length;
    const k = Math.min(count - 1, Math.max(0, Math.floor(options.window ?? 0)));
    const masked = (options.mask?.length ?? 0) > 0;
    const withQK = options.withQK === true;
    const summaries = options.summaries === false ? null : (entry.summaries ??= emptySummaries(doc.windows, this.status.numLayers, this.status.numHeads));
    const keyOf = (j: number, qk: boolean) => `${entry.key}|${j}|${qk ? 'qk' : 'a'}`;
    const hit = masked ? undefined : (this.cache.get(keyOf(k, withQK)) ?? (withQK ? undefined : this.cache.get(keyOf(k, true))));
    const others = summaries ? doc.windows.map((_, j) => j).filter((j) => j !== k && !summaries.have[j]) : [];
    const total = (hit ? 0 : 1) + others.length;
    let done = 0;
    const tw = performance.now();
    const tick = () => {
      done++;
      const per = (performance.now() - tw) / done;
      hooks.onWindows?.(done, total, Math.round(per * (total - done)));
    };
    if (total > 1) hooks.onWindows?.(0, total, 0);
    let result: AttentionResult;
    if (hit) {
      result = copyResult(hit, !withQK);
      result.timings = { ...result.timings, cached: true, tokenizeMs: round1(performance.now() - t0) };
      if (summaries && !summaries.have[k]) others.unshift(k);
    } else {
      const { ids: wids, typeIds } = windowIds(doc, k);
      const run = await this.runResult(text, wids, typeIds, options, () => windowTokens(doc, k), t0);
      result = run.result;
      if (summaries && !masked) summarizeWindow(summaries, doc.windows, k, run.layers, this.status.numHeads);
      else if (summaries && !summaries.have[k]) others.unshift(k); // a masked run is not the window's own attention
      if (!masked) this.remember(keyOf(k, withQK), result, true);
      tick();
    }
    for (const j of others) {
      await yieldToEventLoop();
      if (hooks.cancelled?.()) break;
      const { ids: wids, typeIds } = windowIds(doc, j);
      const { layers } = await this.runLayers(wids, typeIds);
      summarizeWindow(summaries!, doc.windows, j, layers, this.status.numHeads);
      if (j !== k && this.cacheable(layers))
        this.remember(
          keyOf(j, false),
          this.windowResult(text, wids, layers, () => windowTokens(doc, j)),
          false,
        );
      tick();
    }
    const { start, end } = doc.windows[k];
    result.windows = windowInfo(doc, k, summaries);
    result.truncated = { shown: end - start, total: doc.tokens.length - 2, limit: this.status.limitReason };
    result.timings = { ...result.timings, windowsRun: done, windowsMs: Math.round(performance.now() - tw) };
    return result;
  }

  /**
   * Profiles a text window by window: per-head statistics (RunningHeadStats) and pooled maps (RunningPooledMaps) as
   * running sums, so memory does not grow with the text. `hooks.onPartial` gets the profile so far after every
   * window; `hooks.cancelled` stops after the current window and the partial profile is returned.
   */
  async profile(
    text: string,
    req: { paragraphs?: Array<[number, number]>; source?: PageProfile['source']; title?: string; options?: ProfileOptions },
    hooks: RunHooks = {},
  ): Promise<PageProfile> {
    if (!text.trim()) throw new ProtocolError('empty-selection', t('engine_nothing_to_profile'));
    const t0 = performance.now();
    const opts = req.options ?? {};
    // A page's text is tens of thousands of tokens: each step below takes tens of milliseconds of the main thread the
    // views share, so they get a turn between steps.
    const { ids, typeIds } = this.tokenizer.encode(text);
    await yieldToEventLoop();
    const overlap = opts.windowOverlap ?? PROFILE_OVERLAP;
    const infos = this.tokenInfos(text, ids, typeIds);
    await yieldToEventLoop();
    const doc = planLongText(text, infos, this.status.maxTokens, overlap);
    await yieldToEventLoop();
    const paragraphs = req.paragraphs?.length ? req.paragraphs : paragraphsOf(text);
    const contentSpans = doc.tokens.slice(1, -1).map((t) => t.span);
    const where = paragraphWindows(paragraphs, contentSpans, doc.windows);
    const { numLayers, numHeads } = this.status;
    const stats = new RunningHeadStats(numLayers, numHeads);
    const pooled = new RunningPooledMaps(numLayers, numHeads, Math.max(4, Math.min(128, Math.floor(opts.grid ?? 32))));
    const count = doc.windows.length;
    let inferenceMs = 0;
    let statsMs = 0;
    let cancelled = false;
    const snapshot = (complete: boolean): PageProfile => ({
      modelId: this.modelId,
      backend: this.status.backend,
      numLayers,
      numHeads,
      text,
      source: req.source ?? 'text',
      ...(req.title ? { title: req.title } : {}),
      windows: doc.ranges.map((r) => ({ ...r })),
      overlap,
      paragraphs: paragraphs.map(([start, end], p) => ({ start, end, window: where[p] })),
      totalTokens: doc.tokens.length - 2,
      windowsDone: stats.windows,
      complete,
      cancelled,
      stats: stats.result(),
      hasSplitWords: stats.splitWords,
      meanWindowTokens: stats.windows ? stats.tokens / stats.windows : 0,
      grid: pooled.grid,
      maps: pooled.mean(),
      elapsedMs: Math.round(performance.now() - t0),
      inferenceMs: Math.round(inferenceMs),
      statsMs: Math.round(statsMs),
    });
    hooks.onWindows?.(0, count, 0);
    for (let k = 0; k < count; k++) {
      await yieldToEventLoop();
      if (hooks.cancelled?.()) {
        cancelled = true;
        break;
      }
      const win = windowTokens(doc, k);
      const n = win.length;
      // the statistics pass reads every value (it pools every row) and reports NaN / ±Infinity: no separate check
      const run = await this.runLayers(
        win.map((t) => t.id),
        win.map(() => 0),
        false,
      );
      inferenceMs += run.inferenceMs;
      // layer by layer, letting the views run between layers when one takes long: this document's main thread is
      // also theirs (every page of the extension shares one renderer process)
      const { value: bad, busyMs } = await runInSlices(
        stats.addByLayer(
          { layers: run.layers, n, rows: win.map((t) => !t.special), cls: [0], sep: [n - 1], words: win.map((t) => (t.special ? -1 : t.word)) },
          pooled,
        ),
      );
      statsMs += busyMs;
      if (bad >= 0) this.brokenAttention(bad);
      const per = (performance.now() - t0) / (k + 1);
      hooks.onWindows?.(k + 1, count, Math.round(per * (count - k - 1)));
      if (k + 1 < count) hooks.onPartial?.(snapshot(false));
    }
    return snapshot(!cancelled && stats.windows === count);
  }

  /** The whole text's TokenInfos (spans into `text`, words, segments). */
  /** Token infos with spans into `text`; `pairStart`: where sentence B starts (each sentence is read on its own). */
  private tokenInfos(text: string, ids: number[], typeIds: number[], pairStart?: number): TokenInfo[] {
    return buildTokenInfos(
      text,
      ids,
      ids.map((id) => this.tokenizer.tokenOf(id)),
      { ...this.tokenizer.alignOptions, tokenTypeIds: typeIds, pairStart },
    );
  }

  /** A long text's windows (planned once per text, model limit and overlap; the last two texts are kept). */
  private longText(text: string, ids: number[], overlap: number): LongTextEntry {
    const key = `${this.status.maxTokens}|${overlap}|${text.length}|${hashText(text)}`;
    const known = this.docs.get(key);
    if (known && known.doc.text === text) {
      this.docs.delete(key);
      this.docs.set(key, known);
      return known;
    }
    const doc = planLongText(
      text,
      this.tokenInfos(
        text,
        ids,
        ids.map(() => 0),
      ),
      this.status.maxTokens,
      overlap,
    );
    const entry: LongTextEntry = { key, doc, summaries: null };
    this.docs.set(key, entry);
    while (this.docs.size > 2) this.docs.delete(this.docs.keys().next().value as string);
    return entry;
  }

  /** Whether a window's result is worth keeping while summarising (at most half the cache: the cache is for stepping). */
  private cacheable(layers: Float32Array[]): boolean {
    const bytes = layers.reduce((s, a) => s + a.byteLength, 0);
    return bytes * 2 <= this.cache.maxBytes;
  }

  /** Keeps a copy of a result in the window cache (`copy` false: the result itself, which is not sent). */
  private remember(key: string, r: AttentionResult, copy: boolean): void {
    if (resultBytes(r) * 2 > this.cache.maxBytes) return;
    this.cache.set(key, copy ? copyResult(r, false) : r);
  }

  /** A window's result from attention already computed (summaries pass), for the cache. */
  private windowResult(text: string, ids: number[], layers: Float32Array[], tokensOf: () => TokenInfo[]): AttentionResult {
    const n = ids.length;
    return this.resultShell(text, tokensOf(), n, layers, { tokenizeMs: 0, inferenceMs: 0 });
  }

  private resultShell(text: string, tokens: TokenInfo[], n: number, attentions: Float32Array[], timings: AttentionResult['timings']): AttentionResult {
    return {
      modelId: this.modelId,
      backend: this.status.backend,
      backendNote: this.status.backendNote,
      text,
      tokens,
      numLayers: this.status.numLayers,
      numHeads: this.status.numHeads,
      seqLen: n,
      attentions,
      truncated: null,
      timings,
    };
  }

  /** Runs one input (masking, Q/K, predictions as asked) and builds its result; also returns the per-layer attention. */
  private async runResult(
    text: string,
    ids: number[],
    typeIds: number[],
    options: AnalyzeOptions,
    tokensOf: () => TokenInfo[],
    t0: number,
  ): Promise<{ result: AttentionResult; layers: Float32Array[] }> {
    const maskAt = this.maskPositions(ids, options.mask);
    const originals = maskAt.map((p) => this.tokenizer.tokenOf(ids[p]));
    const runIds = ids.slice();
    for (const p of maskAt) runIds[p] = this.tokenizer.maskId!;
    const t1 = performance.now();

    const outputs = await this.run(runIds, typeIds, options.withQK === true, maskAt);
    const t2 = performance.now();

    const n = ids.length;
    let layers: Float32Array[];
    try {
      layers = this.checkedLayers(outputs, n);
    } catch (err) {
      for (const t of Object.values(outputs)) t.dispose?.();
      throw err;
    }
    const qk = options.withQK ? this.queriesAndKeys(outputs, n) : null;
    const masked = maskAt.length ? this.predictions(outputs, maskAt, originals, n, options.topK ?? 10) : undefined;
    for (const t of Object.values(outputs)) t.dispose?.();

    const tokens = tokensOf();
    // Masked positions keep the place of the token they replace (spans, words) and show the mask token.
    for (const p of maskAt) tokens[p] = { ...tokens[p], id: this.tokenizer.maskId!, text: this.tokenizer.maskToken ?? '[MASK]' };
    const result = this.resultShell(text, tokens, n, layers, { tokenizeMs: round1(t1 - t0), inferenceMs: round1(t2 - t1) });
    if (qk) Object.assign(result, { queries: qk.queries, keys: qk.keys, headDim: this.headDim });
    if (masked) result.masked = masked;
    return { result, layers };
  }

  /**
   * Attention only, per layer (no packing copy): what summaries and profiles read. `check` false: the caller checks
   * the values itself (brokenAttention).
   */
  private async runLayers(ids: number[], typeIds: number[], check = true): Promise<{ layers: Float32Array[]; inferenceMs: number }> {
    const t = performance.now();
    const outputs = await this.run(ids, typeIds, false, []);
    const inferenceMs = performance.now() - t;
    try {
      return { layers: this.checkedLayers(outputs, ids.length, check), inferenceMs };
    } finally {
      for (const o of Object.values(outputs)) o.dispose?.();
    }
  }

  /**
   * Every layer's attention as float32, handed over as the session made it (no packing copy). A layer of another size
   * than [1, H, n, n] throws (it must not be drawn as garbage); a non-finite value marks the engine broken and throws
   * (unless !check).
   */
  private checkedLayers(outputs: Record<string, Tensor>, n: number, check = true): Float32Array[] {
    const block = this.status.numHeads * n * n;
    const layers = this.layers.map((l, k) => {
      const data = floatsOf(outputs[l.attention]);
      if (data.length !== block) throw new ProtocolError('engine', t('engine_attention_shape', this.modelId, k + 1, data.length, this.status.numHeads, n));
      return data;
    });
    if (check) for (let l = 0; l < layers.length; l++) if (firstNonFinite(layers[l]) >= 0) this.brokenAttention(l);
    return layers;
  }

  /** Layer l's attention holds NaN or ±Infinity: marks the engine broken (the host loads the files again) and throws. */
  private brokenAttention(l: number): never {
    this.broken = true;
    throw new ProtocolError('model-numerics', t('engine_numerics', this.modelId, l + 1));
  }

  /** Valid positions to mask (not special tokens, inside the input); throws when the model cannot predict them. */
  private maskPositions(ids: number[], wanted: number[] | undefined): number[] {
    if (!wanted?.length) return [];
    if (!this.mlm || this.tokenizer.maskId === null) {
      throw new ProtocolError('no-mlm-head', t('engine_no_mlm', this.modelId));
    }
    const specials = new Set(this.tokenizer.specialIds);
    return [...new Set(wanted)].filter((p) => Number.isInteger(p) && p > 0 && p < ids.length && !specials.has(ids[p])).sort((a, b) => a - b);
  }

  /** One session run on a batch of one; fetches only the outputs the caller needs. */
  private async run(ids: number[], typeIds: number[], withQK: boolean, maskAt: number[]): Promise<Record<string, Tensor>> {
    const { ort } = this.created;
    const n = ids.length;
    const int64 = (values: number[], dims = [1, n]) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);
    const feeds: Record<string, Tensor> = { input_ids: int64(ids) };
    if (this.inputNames.has('attention_mask')) feeds.attention_mask = int64(ids.map(() => 1));
    if (this.inputNames.has('token_type_ids')) feeds.token_type_ids = int64(typeIds);
    // Our export evaluates its masked-LM head only at these positions: one dummy position when nothing is masked.
    if (this.inputNames.has('mask_positions')) feeds.mask_positions = int64(maskAt.length ? maskAt : [0], [Math.max(1, maskAt.length)]);
    const wanted = this.layers.flatMap((l) => (withQK ? [l.attention, l.query, l.keyTransposed] : [l.attention]));
    if (maskAt.length && this.mlm) wanted.push(this.mlm.kind === 'positions' ? 'mask_logits' : this.mlm.output);
    // One run at a time: a profile's windows and a view's request may interleave, never overlap in the session.
    const turn = this.queue.then(() => this.created.session.run(feeds, wanted));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Top-k softmax at the masked positions, read here from the logits: no n×vocab tensor leaves the engine. */
  private predictions(outputs: Record<string, Tensor>, maskAt: number[], originals: string[], n: number, k: number): MaskedPredictions {
    const head = this.mlm!;
    const t = outputs[head.kind === 'positions' ? 'mask_logits' : head.output];
    const logits = floatsOf(t);
    const vocab = Number(t.dims[t.dims.length - 1]);
    const rowOf = (q: number) => (head.kind === 'positions' ? q : maskAt[q]);
    if (head.kind === 'full' && logits.length !== n * vocab)
      throw new ProtocolError('engine', `${this.modelId}: logits have ${logits.length} values, expected ${n} × ${vocab}.`);
    const top = maskAt.map((_, q) =>
      softmaxTopK(logits, rowOf(q) * vocab, vocab, k).map((e) => ({ id: e.id, token: this.tokenizer.tokenOf(e.id), prob: e.prob })),
    );
    return { positions: maskAt, originals, top };
  }

  /** Q as [layer][head][n][d] and K un-transposed to the same layout. */
  private queriesAndKeys(outputs: Record<string, Tensor>, n: number): { queries: Float32Array; keys: Float32Array } {
    const { numHeads } = this.status;
    const d = this.headDim;
    const block = numHeads * n * d;
    const queries = new Float32Array(this.layers.length * block);
    const keys = new Float32Array(queries.length);
    this.layers.forEach((l, layer) => {
      queries.set(floatsOf(outputs[l.query]), layer * block);
      keys.set(untransposeKeys(floatsOf(outputs[l.keyTransposed]), numHeads, d, n), layer * block);
    });
    return { queries, keys };
  }
}
