// Which model the engine runs: the choice the user made (bundled or a Hub variant) and the spec that travels
// with every engine request. Pure data; the catalog of Hub models is src/hub/catalog.ts.
import { DEFAULT_MAX_TOKENS } from '../core/model/config';

/**
 * fp32 → onnx/model.onnx, fp16 → onnx/model_fp16.onnx, q8 → onnx/model_quantized.onnx, q4 → onnx/model_q4.onnx,
 * q4f16 → onnx/model_q4f16.onnx, bnb4 → onnx/model_bnb4.onnx (src/hub/catalog.ts maps each to its file).
 */
export type ModelVariant = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16' | 'bnb4';

export interface ModelChoice {
  /** Hub id ("Xenova/bert-base-uncased") or the bundled model's folder ("attention-lens-mini"). */
  id: string;
  source: 'bundled' | 'hub';
  variant: ModelVariant;
  /** Hub revision (branch, tag or commit). */
  revision: 'main';
}

/** Which execution provider runs the model: 'auto' = WebGPU when an adapter exists, else WASM. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/**
 * Which model the engine loads, and its token limit: views build it from the user's settings and send it
 * with each request (the engine's document cannot read extension storage). The backend travels separately.
 */
export interface EngineModelSpec {
  model: ModelChoice;
  hubHost: string;
  maxTokens: number;
}

export const BUNDLED_MODEL_ID = 'attention-lens-mini';
export const DEFAULT_HUB_HOST = 'https://huggingface.co';

export const DEFAULT_MODEL: ModelChoice = { id: BUNDLED_MODEL_ID, source: 'bundled', variant: 'fp32', revision: 'main' };

export const DEFAULT_ENGINE_SPEC: EngineModelSpec = { model: DEFAULT_MODEL, hubHost: DEFAULT_HUB_HOST, maxTokens: DEFAULT_MAX_TOKENS };

/** Two specs that load the same engine have the same key. */
export function engineSpecKey(spec: EngineModelSpec): string {
  const { model } = spec;
  const host = model.source === 'hub' ? spec.hubHost : '';
  return JSON.stringify([model.source, model.id, model.source === 'hub' ? model.variant : '', model.revision, host, spec.maxTokens]);
}

/** Short human name of a choice: "Xenova/bert-base-uncased (q8)". */
export function choiceLabel(choice: ModelChoice): string {
  return choice.source === 'bundled' ? choice.id : `${choice.id} (${choice.variant})`;
}
