// The engine: one loaded model (graph edited to expose attention), its tokenizer, and analyze(). Runtime-neutral:
// hosted by Chrome's offscreen document or Firefox's background page (engine-host.ts).
import type { Tensor } from 'onnxruntime-web';
import { outputAsFloat32 } from '../core/attention/float16';
import { softmaxTopK } from '../core/attention/top-k';
import { packLayers, untransposeKeys } from '../core/attention/pack';
import { normalizeConfig, tokenLimit } from '../core/model/config';
import { buildTokenInfos } from '../core/tokens/build-tokens';
import { truncateEncoding } from '../core/tokens/truncate-ids';
import type { AttentionResult, MaskedPredictions } from '../shared/attention-result';
import { DEFAULT_ENGINE_SPEC, type BackendPreference, type EngineModelSpec } from '../shared/model-choice';
import { ProtocolError, type AnalyzeOptions, type EngineStatus, type LoadStage } from '../shared/protocol';
import { loadModelSource } from './model-source';
import { prepareModel, type PreparedLayer } from './prepare-model';
import { createSession, type CreatedSession } from './session';
import type { BertTokenizer } from './tokenizer';

export interface LoadProgress {
  stage: LoadStage;
  /** 0..1 while reading the model file, when its size is known. */
  fraction?: number;
  modelId: string;
}

/** Index of the first value that is NaN or ±Infinity, or -1. */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) {
    // v - v is NaN exactly for NaN and ±Infinity
    if (values[i] - values[i] !== 0) return i;
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

  static async load(spec: EngineModelSpec = DEFAULT_ENGINE_SPEC, backend: BackendPreference = 'auto', onProgress: (p: LoadProgress) => void = () => undefined): Promise<Engine> {
    const t0 = performance.now();
    const modelId = spec.model.id;
    onProgress({ stage: 'reading-model', fraction: 0, modelId });
    const source = await loadModelSource(spec, (fraction) => onProgress({ stage: 'reading-model', fraction, modelId }));
    const config = normalizeConfig(source.config);
    if (!config.numHeads) throw new ProtocolError('model-file', `Model file ${source.configPath} does not say how many attention heads the model has.`);
    onProgress({ stage: 'preparing', modelId });
    const tp = performance.now();
    const prepared = prepareModel(source.bytes, source.modelPath);
    const phases: Record<string, number> = { ...source.phases, graphEdit: Math.round(performance.now() - tp) };
    let created: CreatedSession;
    try {
      onProgress({ stage: 'starting-runtime', modelId });
      const ts = performance.now();
      created = await createSession(prepared.bytes, backend);
      phases.session = Math.round(performance.now() - ts);
    } catch (err) {
      throw new ProtocolError('model-file', `Model file ${source.modelPath} could not be loaded by onnxruntime (corrupt or unsupported): ${err instanceof Error ? err.message : String(err)}`);
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
    await this.created.session.release();
  }

  async analyze(text: string, options: AnalyzeOptions = {}): Promise<AttentionResult> {
    if (!text.trim()) throw new ProtocolError('empty-selection', 'The selection is empty. Select some text first.');
    const t0 = performance.now();
    const split = options.pairSplit;
    const pair = split !== undefined && split > 0 && split < text.length && text.slice(0, split).trim() && text.slice(split).trim();
    const encoded = pair ? this.tokenizer.encode(text.slice(0, split), text.slice(split)) : this.tokenizer.encode(text);
    const { ids, typeIds, truncated } = truncateEncoding(encoded, this.status.maxTokens, this.tokenizer.sepId);
    const maskAt = this.maskPositions(ids, options.mask);
    const originals = maskAt.map((p) => this.tokenizer.tokenOf(ids[p]));
    const runIds = ids.slice();
    for (const p of maskAt) runIds[p] = this.tokenizer.maskId!;
    const t1 = performance.now();

    const outputs = await this.run(runIds, typeIds, options.withQK === true, maskAt);
    const t2 = performance.now();

    const { numHeads } = this.status;
    const n = ids.length;
    const attentions = packLayers(this.layers.map((l) => floatsOf(outputs[l.attention])), numHeads, n);
    const bad = firstNonFinite(attentions);
    if (bad >= 0) {
      for (const t of Object.values(outputs)) t.dispose?.();
      this.broken = true;
      const layer = Math.floor(bad / (numHeads * n * n)) + 1;
      throw new ProtocolError(
        'model-numerics',
        `The model ${this.modelId} produced invalid attention weights (NaN or infinity, first in layer ${layer}): its weight file is broken. Replace or download the model again; the next analysis reads the files afresh.`,
      );
    }
    const qk = options.withQK ? this.queriesAndKeys(outputs, n) : null;
    const masked = maskAt.length ? this.predictions(outputs, maskAt, originals, n, options.topK ?? 10) : undefined;
    for (const t of Object.values(outputs)) t.dispose?.();

    const tokenStrings = ids.map((id) => this.tokenizer.tokenOf(id));
    const tokens = buildTokenInfos(text, ids, tokenStrings, { ...this.tokenizer.alignOptions, tokenTypeIds: typeIds });
    // Masked positions keep the place of the token they replace (spans, words) and show the mask token.
    for (const p of maskAt) tokens[p] = { ...tokens[p], id: this.tokenizer.maskId!, text: this.tokenizer.maskToken ?? '[MASK]' };
    return {
      modelId: this.modelId,
      backend: this.status.backend,
      backendNote: this.status.backendNote,
      text,
      tokens,
      numLayers: this.status.numLayers,
      numHeads,
      seqLen: n,
      attentions,
      ...(qk ? { queries: qk.queries, keys: qk.keys, headDim: this.headDim } : {}),
      ...(masked ? { masked } : {}),
      truncated: truncated && { ...truncated, limit: this.status.limitReason },
      timings: { tokenizeMs: Math.round((t1 - t0) * 10) / 10, inferenceMs: Math.round((t2 - t1) * 10) / 10 },
    };
  }

  /** Valid positions to mask (not special tokens, inside the input); throws when the model cannot predict them. */
  private maskPositions(ids: number[], wanted: number[] | undefined): number[] {
    if (!wanted?.length) return [];
    if (!this.mlm || this.tokenizer.maskId === null) {
      throw new ProtocolError('no-mlm-head', `${this.modelId} has no masked-language-model head in this export (it outputs hidden states, not logits), so it cannot predict masked tokens. Choose a fill-mask export (the catalog's Xenova models are) or the built-in model.`);
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
    return this.created.session.run(feeds, wanted);
  }

  /** Top-k softmax at the masked positions, read here from the logits: no n×vocab tensor leaves the engine. */
  private predictions(outputs: Record<string, Tensor>, maskAt: number[], originals: string[], n: number, k: number): MaskedPredictions {
    const head = this.mlm!;
    const t = outputs[head.kind === 'positions' ? 'mask_logits' : head.output];
    const logits = floatsOf(t);
    const vocab = Number(t.dims[t.dims.length - 1]);
    const rowOf = (q: number) => (head.kind === 'positions' ? q : maskAt[q]);
    if (head.kind === 'full' && logits.length !== n * vocab) throw new ProtocolError('engine', `${this.modelId}: logits have ${logits.length} values, expected ${n} × ${vocab}.`);
    const top = maskAt.map((_, q) => softmaxTopK(logits, rowOf(q) * vocab, vocab, k).map((e) => ({ id: e.id, token: this.tokenizer.tokenOf(e.id), prob: e.prob })));
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
