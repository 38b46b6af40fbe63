// The user's settings (chosen model, backend, token limit, Hub host): their shape, defaults and the
// normalisation of anything read from storage. Stored through src/platform (settings-store.ts).
import { ABSOLUTE_MAX_TOKENS, DEFAULT_MAX_TOKENS, MIN_MAX_TOKENS } from '../core/model/config';
import { hubIdProblem, isModelVariant, normalizeHubHost } from '../hub/catalog';
import {
  BUNDLED_MODEL_ID,
  DEFAULT_HUB_HOST,
  DEFAULT_MODEL,
  type BackendPreference,
  type EngineModelSpec,
  type ModelChoice,
  type ModelVariant,
} from '../shared/model-choice';

export interface Settings {
  model: ModelChoice;
  backend: BackendPreference;
  /** Longest input the engine analyses (capped by the model's own maximum). */
  maxTokens: number;
  /** Where Hub models come from; a mirror with the Hub's URL layout works too. */
  hubHost: string;
  /** Paint the heatmap over the page's own text (the page cannot read it; off = nothing is drawn on pages). */
  pageHeat: boolean;
  /** Minutes without analyses after which the model is unloaded (0 = keep it loaded). */
  idleUnloadMinutes: number;
}

export const DEFAULT_SETTINGS: Settings = {
  model: DEFAULT_MODEL,
  backend: 'auto',
  maxTokens: DEFAULT_MAX_TOKENS,
  hubHost: DEFAULT_HUB_HOST,
  pageHeat: true,
  idleUnloadMinutes: 5,
};

/** Settings → what the engine loads. */
export function engineSpecOf(settings: Settings): EngineModelSpec {
  return { model: settings.model, hubHost: settings.hubHost, maxTokens: settings.maxTokens };
}

/**
 * Coerces anything read from storage into valid Settings: unknown fields dropped, bad values
 * replaced by defaults, maxTokens clamped. Never throws.
 */
export function normalizeSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const m = (typeof r.model === 'object' && r.model !== null ? r.model : {}) as Record<string, unknown>;
  const variant: ModelVariant = isModelVariant(m.variant) ? m.variant : 'q8';
  let model: ModelChoice;
  if (m.source === 'hub' && typeof m.id === 'string' && hubIdProblem(m.id) === null) {
    model = { id: m.id.trim(), source: 'hub', variant, revision: 'main' };
  } else if (m.source === 'bundled' && m.id === BUNDLED_MODEL_ID) {
    model = DEFAULT_MODEL;
  } else {
    model = DEFAULT_MODEL;
  }
  const backend: BackendPreference = r.backend === 'webgpu' || r.backend === 'wasm' ? r.backend : 'auto';
  const n = typeof r.maxTokens === 'number' && Number.isFinite(r.maxTokens) ? Math.round(r.maxTokens) : DEFAULT_MAX_TOKENS;
  const maxTokens = Math.max(MIN_MAX_TOKENS, Math.min(ABSOLUTE_MAX_TOKENS, n));
  const hubHost = (typeof r.hubHost === 'string' && normalizeHubHost(r.hubHost)) || DEFAULT_HUB_HOST;
  const pageHeat = r.pageHeat !== false;
  const idle =
    typeof r.idleUnloadMinutes === 'number' && Number.isFinite(r.idleUnloadMinutes) ? Math.round(r.idleUnloadMinutes) : DEFAULT_SETTINGS.idleUnloadMinutes;
  const idleUnloadMinutes = Math.max(0, Math.min(24 * 60, idle));
  return { model, backend, maxTokens, hubHost, pageHeat, idleUnloadMinutes };
}
