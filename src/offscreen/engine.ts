// The engine: one loaded model (graph edited to expose attention), its tokenizer, and analyze().
import type { AttentionResult } from '../shared/attention-result';
import { ProtocolError, type AnalyzeOptions, type BackendPreference, type EngineStatus } from '../shared/protocol';
import { packLayers, untransposeKeys } from '../core/engine/pack';
import { truncateEncoding } from '../core/engine/truncate-ids';
import { buildTokenInfos } from '../core/tokens/build-tokens';
import { fetchModelFile, fetchModelJson, modelFilePath } from './model-files';
import { prepareModel, type PreparedModel } from './prepare-model';
import { MODEL_HEADROOM } from './read-body';
import { createSession, type CreatedSession } from './session';
import type { Tensor } from 'onnxruntime-web';
import { BertTokenizer } from './tokenizer';
import { loadStoredModel } from './hub/store';
import { DEFAULT_ENGINE_SPEC, effectiveMaxTokens, type EngineModelSpec } from '../shared/model-catalog';

interface BertConfig {
  num_hidden_layers?: number;
  num_attention_heads?: number;
  hidden_size?: number;
  max_position_embeddings?: number;
  n_layers?: number;
  n_heads?: number;
  dim?: number;
}

export const DEFAULT_MODEL_ID = 'attention-lens-mini';
const MODEL_FILE = 'onnx/model.onnx';

export class Engine {
  private constructor(
    readonly modelId: string,
    private readonly created: CreatedSession,
    private readonly prepared: Pick<PreparedModel, 'layers'>,
    private readonly tokenizer: BertTokenizer,
    readonly status: EngineStatus,
    private readonly inputNames: Set<string>,
  ) {}

  static async load(spec: EngineModelSpec = DEFAULT_ENGINE_SPEC, backend: BackendPreference = 'auto'): Promise<Engine> {
    const modelId = spec.model.id;
    // Hub models come from Cache Storage only (the options page downloaded them); bundled ones from the extension.
    const hub = spec.model.source === 'hub' ? { hubHost: spec.hubHost, revision: spec.model.revision } : undefined;
    const stored = hub ? loadStoredModel(spec.model, { hubHost: hub.hubHost }) : null;
    const t0 = performance.now();
    const phases: Record<string, number> = {};
    const timed = async <T,>(name: string, p: Promise<T>): Promise<T> => {
      const s = performance.now();
      const v = await p;
      phases[name] = Math.round(performance.now() - s);
      return v;
    };
    const [config, bytes, tokenizer] = await Promise.all([
      timed('config', stored ? stored.then((s) => s.config as BertConfig) : fetchModelJson<BertConfig>(modelId, 'config.json')),
      timed('fetchModel', stored ? stored.then((s) => s.modelBytes) : fetchModelFile(modelId, MODEL_FILE, MODEL_HEADROOM)),
      // after the cache read, so a model that is not downloaded fails with that message first
      timed('tokenizer', (stored ?? Promise.resolve()).then(() => BertTokenizer.load(modelId, hub))),
    ]);
    const modelPath = stored ? (await stored).modelUrl : modelFilePath(modelId, MODEL_FILE);
    const tp = performance.now();
    const prepared = prepareModel(bytes, modelPath);
    phases.graphEdit = Math.round(performance.now() - tp);
    let created: CreatedSession;
    try {
      created = await timed('session', createSession(prepared.bytes, backend));
    } catch (err) {
      throw new ProtocolError('model-file', `Model file ${modelPath} could not be loaded by onnxruntime (corrupt or unsupported): ${err instanceof Error ? err.message : String(err)}`);
    }
    const numLayers = prepared.layers.length;
    const numHeads = config.num_attention_heads ?? config.n_heads ?? 0;
    const hidden = config.hidden_size ?? config.dim ?? 0;
    if (!numHeads) throw new ProtocolError('model-file', `Model file ${modelFilePath(modelId, 'config.json')} does not say how many attention heads the model has.`);
    const status: EngineStatus = {
      modelId,
      backend: created.backend,
      backendNote: created.backendNote,
      maxTokens: effectiveMaxTokens(spec.maxTokens, config),
      numLayers,
      numHeads,
      loadMs: Math.round(performance.now() - t0),
      loadPhases: phases,
    };
    // Only the output names are kept: onnxruntime has its own copy of the weights, and holding the edited bytes
    // would keep a second model-sized buffer alive for the engine's lifetime.
    const engine = new Engine(modelId, created, { layers: prepared.layers }, tokenizer, status, new Set(created.session.inputNames));
    engine.headDim = hidden / numHeads;
    return engine;
  }

  private headDim = 0;

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
    const tokenStrings = ids.map((id) => this.tokenizer.tokenOf(id));
    const t1 = performance.now();

    const n = ids.length;
    const { ort } = this.created;
    const feeds: Record<string, Tensor> = {};
    const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, n]);
    feeds.input_ids = int64(ids);
    if (this.inputNames.has('attention_mask')) feeds.attention_mask = int64(ids.map(() => 1));
    if (this.inputNames.has('token_type_ids')) feeds.token_type_ids = int64(typeIds);
    const wanted = this.prepared.layers.flatMap((l) => (options.withQK ? [l.attention, l.query, l.keyTransposed] : [l.attention]));
    const outputs = await this.created.session.run(feeds, wanted);
    const t2 = performance.now();

    const { numHeads } = this.status;
    const attentions = packLayers(this.prepared.layers.map((l) => outputs[l.attention].data as Float32Array), numHeads, n);
    let queries: Float32Array | undefined;
    let keys: Float32Array | undefined;
    if (options.withQK) {
      const d = this.headDim;
      queries = new Float32Array(this.prepared.layers.length * numHeads * n * d);
      keys = new Float32Array(queries.length);
      this.prepared.layers.forEach((l, layer) => {
        queries!.set(outputs[l.query].data as Float32Array, layer * numHeads * n * d);
        keys!.set(untransposeKeys(outputs[l.keyTransposed].data as Float32Array, numHeads, d, n), layer * numHeads * n * d);
      });
    }
    for (const t of Object.values(outputs)) t.dispose?.();

    const tokens = buildTokenInfos(text, ids, tokenStrings, { ...this.tokenizer.alignOptions, tokenTypeIds: typeIds });
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
      ...(queries && keys ? { queries, keys, headDim: this.headDim } : {}),
      truncated,
      timings: { tokenizeMs: Math.round((t1 - t0) * 10) / 10, inferenceMs: Math.round((t2 - t1) * 10) / 10 },
    };
  }
}
