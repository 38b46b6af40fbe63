// Where a model's files come from: the extension's own models/ folder (bundled) or Cache Storage (a Hub model
// the options page downloaded) — never the network. Reads config, ONNX bytes and tokenizer in parallel and
// times each phase.
import type { RawConfig } from '../core/model/config';
import { MODEL_HEADROOM } from '../hub/read-body';
import { loadStoredModel } from '../hub/store';
import type { EngineModelSpec } from '../shared/model-choice';
import { fetchModelFile, fetchModelJson, modelFilePath } from './model-files';
import { BertTokenizer } from './tokenizer';

const BUNDLED_MODEL_FILE = 'onnx/model.onnx';

export interface ModelSource {
  config: RawConfig;
  /** ONNX bytes, with MODEL_HEADROOM spare bytes after them in the same buffer. */
  bytes: Uint8Array;
  /** Where the bytes came from, for messages. */
  modelPath: string;
  /** Where config.json came from, for messages. */
  configPath: string;
  tokenizer: BertTokenizer;
  /** Milliseconds per phase (they run in parallel, so they overlap). */
  phases: Record<string, number>;
}

export async function loadModelSource(spec: EngineModelSpec, onFraction?: (fraction: number) => void): Promise<ModelSource> {
  const modelId = spec.model.id;
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, p: Promise<T>): Promise<T> => {
    const s = performance.now();
    const v = await p;
    phases[name] = Math.round(performance.now() - s);
    return v;
  };
  if (spec.model.source === 'hub') {
    const hub = { hubHost: spec.hubHost, revision: spec.model.revision };
    const stored = loadStoredModel(spec.model, { hubHost: hub.hubHost, onModelBytes: onFraction });
    const [files, tokenizer] = await Promise.all([
      timed('fetchModel', stored),
      // after the cache read, so a model that is not downloaded fails with that message first
      timed(
        'tokenizer',
        stored.then(() => BertTokenizer.load(modelId, hub)),
      ),
    ]);
    return { config: files.config, bytes: files.modelBytes, modelPath: files.modelUrl, configPath: `${modelId}/config.json`, tokenizer, phases };
  }
  const [config, bytes, tokenizer] = await Promise.all([
    timed('config', fetchModelJson<RawConfig>(modelId, 'config.json')),
    timed('fetchModel', fetchModelFile(modelId, BUNDLED_MODEL_FILE, MODEL_HEADROOM, onFraction)),
    timed('tokenizer', BertTokenizer.load(modelId)),
  ]);
  return { config, bytes, modelPath: modelFilePath(modelId, BUNDLED_MODEL_FILE), configPath: modelFilePath(modelId, 'config.json'), tokenizer, phases };
}
