// Which model the engine runs, and the user's settings around it. Pure data and functions (no
// browser API), shared by the options page, popup/overlay (via settings.ts), the engine and tests.
//
// Hub models use the transformers.js / Optimum layout that the Xenova organisation publishes for
// every model transformers.js supports: config.json, tokenizer.json, tokenizer_config.json at the
// root and the ONNX exports under onnx/ (model.onnx, model_fp16.onnx, model_quantized.onnx). The
// original repositories (google-bert/bert-base-uncased, FacebookAI/roberta-base, …) hold PyTorch /
// safetensors weights and no onnx/ folder, so the catalog points at Xenova/*.

/** fp32 → onnx/model.onnx, fp16 → onnx/model_fp16.onnx, q8 → onnx/model_quantized.onnx. */
export type ModelVariant = 'fp32' | 'fp16' | 'q8';

export interface ModelChoice {
  /** Hub id ("Xenova/bert-base-uncased") or the bundled model's folder ("attention-lens-mini"). */
  id: string;
  source: 'bundled' | 'hub';
  variant: ModelVariant;
  /** Hub revision (branch, tag or commit). */
  revision: 'main';
}

export type BackendSetting = 'auto' | 'webgpu' | 'wasm';

export interface Settings {
  model: ModelChoice;
  backend: BackendSetting;
  /** Longest input the engine analyses (capped by the model's own maximum). */
  maxTokens: number;
  /** Where Hub models come from; a mirror with the Hub's URL layout works too. */
  hubHost: string;
}

/**
 * Which model the engine loads, and its token limit: popup/overlay build it from Settings and send
 * it with each request (the offscreen document cannot read chrome.storage). The backend travels
 * separately, as AnalyzeOptions.backend.
 */
export interface EngineModelSpec {
  model: ModelChoice;
  hubHost: string;
  maxTokens: number;
}

export const BUNDLED_MODEL_ID = 'attention-lens-mini';
export const DEFAULT_HUB_HOST = 'https://huggingface.co';
export const DEFAULT_MAX_TOKENS = 512;
export const MIN_MAX_TOKENS = 8;
/** BERT-family encoders have 512 positions; nothing in the catalog takes more. */
export const ABSOLUTE_MAX_TOKENS = 512;

export const VARIANT_FILES: Record<ModelVariant, string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
};

export const VARIANT_LABELS: Record<ModelVariant, string> = {
  q8: '8-bit quantized',
  fp16: 'half precision (fp16)',
  fp32: 'full precision (fp32)',
};

/** Variants in the order the UI offers them: smallest first. */
export const VARIANTS: readonly ModelVariant[] = ['q8', 'fp16', 'fp32'];

/** The files a Hub model needs besides its ONNX file, in download order. */
export const SHARED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export interface CatalogEntry {
  id: string;
  source: 'bundled' | 'hub';
  name: string;
  description: string;
  layers: number;
  heads: number;
  /** Approximate ONNX file size per variant in bytes (Hub listing, decimal MB); absent = not published. */
  sizes: Partial<Record<ModelVariant, number>>;
  /** Approximate size of config + tokenizer files in bytes. */
  sharedBytes: number;
  maxTokens: number;
  recommended?: boolean;
}

const MB = 1_000_000;

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: BUNDLED_MODEL_ID,
    source: 'bundled',
    name: 'Attention Lens mini (built in)',
    description: 'Small 4-layer BERT shipped inside the extension. Works offline, nothing to download.',
    layers: 4,
    heads: 4,
    sizes: { fp32: 19.1 * MB },
    sharedBytes: 0.5 * MB,
    maxTokens: 512,
  },
  {
    id: 'Xenova/bert-base-uncased',
    source: 'hub',
    name: 'BERT base, uncased',
    description: 'The classic BERT (Devlin et al. 2018), lower-cased English. The model most attention papers study.',
    layers: 12,
    heads: 12,
    sizes: { q8: 111 * MB, fp16: 219 * MB, fp32: 438 * MB },
    sharedBytes: 0.72 * MB,
    maxTokens: 512,
    recommended: true,
  },
  {
    id: 'Xenova/bert-base-cased',
    source: 'hub',
    name: 'BERT base, cased',
    description: 'BERT base keeping upper/lower case: "Apple" and "apple" are different tokens.',
    layers: 12,
    heads: 12,
    sizes: { q8: 110 * MB, fp16: 217 * MB, fp32: 434 * MB },
    sharedBytes: 0.44 * MB,
    maxTokens: 512,
  },
  {
    id: 'Xenova/distilbert-base-uncased',
    source: 'hub',
    name: 'DistilBERT base, uncased',
    description: 'Distilled BERT: 6 layers instead of 12, about 60% of the size, similar behaviour.',
    layers: 6,
    heads: 12,
    sizes: { q8: 67.7 * MB, fp16: 134 * MB, fp32: 268 * MB },
    sharedBytes: 0.72 * MB,
    maxTokens: 512,
  },
  {
    id: 'Xenova/roberta-base',
    source: 'hub',
    name: 'RoBERTa base',
    description: 'BERT retrained longer on more data with byte-level BPE tokens (Liu et al. 2019).',
    layers: 12,
    heads: 12,
    sizes: { q8: 126 * MB, fp16: 250 * MB, fp32: 499 * MB },
    sharedBytes: 2.2 * MB,
    maxTokens: 512,
  },
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}

export const DEFAULT_MODEL: ModelChoice = { id: BUNDLED_MODEL_ID, source: 'bundled', variant: 'fp32', revision: 'main' };

export const DEFAULT_SETTINGS: Settings = {
  model: DEFAULT_MODEL,
  backend: 'auto',
  maxTokens: DEFAULT_MAX_TOKENS,
  hubHost: DEFAULT_HUB_HOST,
};

// Same rule as transformers.js' isValidHfModelId (REPO_ID_REGEX plus its extra checks).
const REPO_ID = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/;

/** Null when `id` is a valid Hub model id ("org/name" or "name"), else what is wrong with it. */
export function hubIdProblem(id: string): string | null {
  const s = id.trim();
  if (!s) return 'Enter a Hub model id, e.g. Xenova/bert-base-multilingual-uncased.';
  if (/^https?:\/\//i.test(s)) return 'Enter the model id (org/name), not a URL.';
  if (!REPO_ID.test(s) || s.includes('..') || s.includes('--') || s.endsWith('.git')) {
    return `"${s}" is not a Hub model id: use org/name with letters, digits, "-", "_" or ".".`;
  }
  return null;
}

/** Normalised Hub host ("https://huggingface.co", no trailing slash), or null if it is not an http(s) URL. */
export function normalizeHubHost(host: string): string | null {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.search || url.hash || url.username || url.password) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The URL of one file of a Hub model, exactly as transformers.js builds it (env.remoteHost +
 * env.remotePathTemplate '{model}/resolve/{revision}/' + file, revision URI-encoded). It is also the
 * key transformers.js uses in Cache Storage ('transformers-cache'), so files cached under it are
 * found by AutoTokenizer.from_pretrained with env.remoteHost set to the same host.
 */
export function hubFileUrl(hubHost: string, id: string, revision: string, file: string): string {
  const host = hubHost.replace(/\/+$/, '');
  return `${host}/${id.replace(/^\/+|\/+$/g, '')}/resolve/${encodeURIComponent(revision)}/${file.replace(/^\/+/, '')}`;
}

/** All files of one Hub model variant: the shared JSON files, then the ONNX file. */
export function filesOf(variant: ModelVariant): string[] {
  return [...SHARED_FILES, VARIANT_FILES[variant]];
}

export function variantOfFile(file: string): ModelVariant | null {
  for (const v of VARIANTS) if (VARIANT_FILES[v] === file) return v;
  return null;
}

interface ConfigLike {
  model_type?: string;
  max_position_embeddings?: number;
  pad_token_id?: number;
}

/**
 * How many tokens (special tokens included) a model takes, from its config.json. RoBERTa-style
 * models number positions from pad_token_id + 1, so 514 position embeddings hold 512 tokens.
 */
export function modelMaxTokens(config: ConfigLike): number {
  const positions = config.max_position_embeddings ?? ABSOLUTE_MAX_TOKENS;
  const type = config.model_type ?? '';
  const offset = /roberta|camembert|longformer/.test(type) ? (config.pad_token_id ?? 1) + 1 : 0;
  return Math.max(1, Math.min(ABSOLUTE_MAX_TOKENS, positions - offset));
}

/** The engine's token limit: the user's setting, never more than the model takes. */
export function effectiveMaxTokens(setting: number, config: ConfigLike): number {
  return Math.max(MIN_MAX_TOKENS, Math.min(Math.round(setting) || DEFAULT_MAX_TOKENS, modelMaxTokens(config)));
}

/** Settings → what the engine loads. */
export function engineSpecOf(settings: Settings): EngineModelSpec {
  return { model: settings.model, hubHost: settings.hubHost, maxTokens: settings.maxTokens };
}

/** Two specs that load the same engine have the same key. */
export function engineSpecKey(spec: EngineModelSpec): string {
  const { model } = spec;
  const host = model.source === 'hub' ? spec.hubHost : '';
  return JSON.stringify([model.source, model.id, model.source === 'hub' ? model.variant : '', model.revision, host, spec.maxTokens]);
}

export const DEFAULT_ENGINE_SPEC: EngineModelSpec = engineSpecOf(DEFAULT_SETTINGS);

/** Short human name of a choice: "Xenova/bert-base-uncased (q8)". */
export function choiceLabel(choice: ModelChoice): string {
  return choice.source === 'bundled' ? choice.id : `${choice.id} (${choice.variant})`;
}

/** "111 MB", "19.1 MB", "711 kB", "512 B" (decimal units, as the Hub shows them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2).replace(/\.?0+$/, '')} ${units[u]}`;
}

/**
 * Coerces anything read from storage into valid Settings: unknown fields dropped, bad values
 * replaced by defaults, maxTokens clamped. Never throws.
 */
export function normalizeSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const m = (typeof r.model === 'object' && r.model !== null ? r.model : {}) as Record<string, unknown>;
  const variant: ModelVariant = m.variant === 'fp32' || m.variant === 'fp16' || m.variant === 'q8' ? m.variant : 'q8';
  let model: ModelChoice;
  if (m.source === 'hub' && typeof m.id === 'string' && hubIdProblem(m.id) === null) {
    model = { id: m.id.trim(), source: 'hub', variant, revision: 'main' };
  } else if (m.source === 'bundled' && m.id === BUNDLED_MODEL_ID) {
    model = DEFAULT_MODEL;
  } else {
    model = DEFAULT_MODEL;
  }
  const backend: BackendSetting = r.backend === 'webgpu' || r.backend === 'wasm' ? r.backend : 'auto';
  const n = typeof r.maxTokens === 'number' && Number.isFinite(r.maxTokens) ? Math.round(r.maxTokens) : DEFAULT_MAX_TOKENS;
  const maxTokens = Math.max(MIN_MAX_TOKENS, Math.min(ABSOLUTE_MAX_TOKENS, n));
  const hubHost = (typeof r.hubHost === 'string' && normalizeHubHost(r.hubHost)) || DEFAULT_HUB_HOST;
  return { model, backend, maxTokens, hubHost };
}
