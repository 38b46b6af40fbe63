// Checks downloaded files before anything is cached: JSON parses, the config names its heads, and
// the ONNX graph goes through the same scan + attention exposure the engine runs (so a model that
// is stored is a model the engine can load). A corrupt or truncated file is refused here.
import { exposeAttentionOutputs } from '../core/onnx/expose-outputs';
import { AttentionLocateError } from '../core/onnx/locate-attention';
import { scanModel } from '../core/onnx/scan-model';
import { normalizeConfig, type RawConfig } from '../core/model/config';
import { HubError } from './errors';
import { t } from '../shared/i18n';

export interface ModelSummary {
  layers: number;
  heads: number;
  maxTokens: number;
  modelType: string;
}

export function parseJsonFile<T = unknown>(bytes: Uint8Array, id: string, file: string): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new HubError('corrupt', t('hub_not_json', file, id, err instanceof Error ? err.message : String(err)));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HubError('corrupt', t('hub_not_object', file, id));
  }
  return value as T;
}

/**
 * Throws a HubError unless `model` is an ONNX graph whose attention the engine can expose and
 * `config` describes it. `model` may sit in a buffer with spare room after it: the exposure then
 * writes its record there instead of copying the model (nothing before model.byteLength changes).
 */
export function validateModel(model: Uint8Array, raw: RawConfig, id: string, file: string): ModelSummary {
  const config = normalizeConfig(raw);
  const heads = config.numHeads ?? 0;
  if (!heads) throw new HubError('corrupt', t('hub_no_heads', id));
  let layers: number;
  try {
    const scanned = scanModel(model);
    if (scanned.initializers.size === 0 && scanned.nodes.length === 0) throw new Error('no graph nodes');
    const exposed = exposeAttentionOutputs(model, { scanned, mode: 'attention+qk', inPlace: true });
    layers = exposed.layers.length;
  } catch (err) {
    if (err instanceof AttentionLocateError) {
      throw new HubError('unsupported', `${id} ${file}: ${err.message}`, 'model-graph');
    }
    throw new HubError('corrupt', t('hub_not_onnx', file, id, err instanceof Error ? err.message : String(err)));
  }
  const configLayers = config.numLayers;
  if (configLayers !== undefined && configLayers !== layers) {
    throw new HubError('corrupt', t('hub_layers_mismatch', file, id, layers, configLayers));
  }
  return { layers, heads, maxTokens: config.maxTokens, modelType: config.modelType || 'unknown' };
}
