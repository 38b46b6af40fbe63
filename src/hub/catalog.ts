// The Hub models the Options page offers, their ONNX variants and file layout, and the Hub's URL scheme.
// Pure data and functions, shared by the options page, the Hub download/store code and the engine's loader.
//
// Hub models use the transformers.js / Optimum layout that the Xenova organisation publishes for
// every model transformers.js supports: config.json, tokenizer.json, tokenizer_config.json at the
// root and the ONNX exports under onnx/ (model.onnx, model_fp16.onnx, model_quantized.onnx, model_q4.onnx,
// model_q4f16.onnx, model_bnb4.onnx; the catalog's repositories are fill-mask exports: *ForMaskedLM graphs with a
// `logits` output, whose attention the engine exposes the same way). The
// original repositories (google-bert/bert-base-uncased, FacebookAI/roberta-base, …) hold PyTorch /
// safetensors weights and no onnx/ folder, so the catalog points at Xenova/*.
import { normalizeConfig, type RawConfig } from '../core/model/config';
import { BUNDLED_MODEL_ID, type ModelVariant } from '../shared/model-choice';
import { messages, t, type MessageKey } from '../shared/i18n';

export { DEFAULT_HUB_HOST } from '../shared/model-choice';

export const VARIANT_FILES: Record<ModelVariant, string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  q4: 'onnx/model_q4.onnx',
  q4f16: 'onnx/model_q4f16.onnx',
  bnb4: 'onnx/model_bnb4.onnx',
};

export const VARIANT_LABELS: Readonly<Record<ModelVariant, string>> = messages({
  q4f16: 'variant_q4f16',
  q8: 'variant_q8',
  bnb4: 'variant_bnb4',
  q4: 'variant_q4',
  fp16: 'variant_fp16',
  fp32: 'variant_fp32',
});

/**
 * One line per variant: what it costs and what it changes in the attention you see. The error figures are this
 * project's measurements on generated models of each export style against float32 references (tests/unit/hub-fixtures.test.ts,
 * tests/e2e/hub-fidelity.e2e.test.ts): the quantized variants' attention equals a float computation with their
 * own (rounded) weights, so they differ from fp32 by what rounding the weights changes.
 */
export const VARIANT_TRADEOFFS: Readonly<Record<ModelVariant, string>> = messages({
  q4f16: 'tradeoff_q4f16',
  q8: 'tradeoff_q8',
  bnb4: 'tradeoff_bnb4',
  q4: 'tradeoff_q4',
  fp16: 'tradeoff_fp16',
  fp32: 'tradeoff_fp32',
});

/** Variants in the order the UI offers them: smallest first. */
export const VARIANTS: readonly ModelVariant[] = ['q4f16', 'q8', 'bnb4', 'q4', 'fp16', 'fp32'];

export function isModelVariant(v: unknown): v is ModelVariant {
  return typeof v === 'string' && (VARIANTS as readonly string[]).includes(v);
}

/**
 * The variant to recommend per backend. WebAssembly: the fastest load + inference of a bert-base-geometry model of
 * each export style in the extension's engine (scripts/bench/hub-variants.mjs, 2 threads on the 2-core test VM).
 * WebGPU: no real GPU here (the test adapter is SwiftShader, software, ~100× slower than WASM and without
 * shader-f16), so by the published transformers.js guidance: q4f16 where the adapter has shader-f16; without it the
 * float16 variants cannot run on WebGPU (onnxruntime-web fails at the first run), and q4 — 4-bit weights
 * (MatMulNBits runs on WebGPU), float32 math — is the smallest that does.
 */
export const RECOMMENDED_VARIANT: Record<'webgpu' | 'webgpu-no-f16' | 'wasm', ModelVariant> = { webgpu: 'q4f16', 'webgpu-no-f16': 'q4', wasm: 'q8' };

/** Variants that compute in float16: on WebGPU they need the adapter feature shader-f16. */
export const FLOAT16_VARIANTS: readonly ModelVariant[] = ['fp16', 'q4f16'];

/** The files a Hub model needs besides its ONNX file, in download order. */
export const SHARED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export interface CatalogEntry {
  id: string;
  source: 'bundled' | 'hub';
  name: string;
  description: string;
  /** Geometry and token limit, read from `config` through core/model's normalizeConfig. */
  layers: number;
  heads: number;
  maxTokens: number;
  /**
   * Approximate ONNX file size per variant in bytes (decimal MB); absent = not published. Hub listing where we have
   * it, otherwise estimated (see withEstimates).
   */
  sizes: Partial<Record<ModelVariant, number>>;
  /** Approximate size of config + tokenizer files in bytes. */
  sharedBytes: number;
  recommended?: boolean;
}

const MB = 1_000_000;

/**
 * Xenova/bert-base-uncased as listed on the Hub (../shared/README.md): fp32 438 MB, fp16 219, q8 111, q4 150,
 * q4f16 96.4, bnb4 144. Our generated bert-base-geometry exports of each style come out at 438.3 / 219.4 / 110.3 /
 * 149.7 / 96.5 / 144.4 MB (make_hub_fixtures.py --geometry base), so these ratios describe the export styles.
 */
const BERT_BASE_UNCASED_MB: Record<ModelVariant, number> = { fp32: 438, fp16: 219, q8: 111, q4: 150, q4f16: 96.4, bnb4: 144 };

/**
 * Sizes not taken from a Hub listing are ESTIMATED proportionally: the model's fp32 size times the variant's share
 * of fp32 in Xenova/bert-base-uncased. (The 4-bit variants keep the embedding table in float, so models whose
 * embeddings are a larger share — DistilBERT, RoBERTa's 50k vocabulary — are somewhat larger than estimated.)
 */
function withEstimates(listedMB: Partial<Record<ModelVariant, number>> & { fp32: number }): Partial<Record<ModelVariant, number>> {
  const out: Partial<Record<ModelVariant, number>> = {};
  for (const v of Object.keys(BERT_BASE_UNCASED_MB) as ModelVariant[]) {
    const mb = listedMB[v] ?? Math.round(((listedMB.fp32 * BERT_BASE_UNCASED_MB[v]) / BERT_BASE_UNCASED_MB.fp32) * 10) / 10;
    out[v] = mb * MB;
  }
  return out;
}

/**
 * A catalog entry whose geometry comes from the repository's config.json fields (as published). Its description (and
 * the built-in model's name) are message keys, read in the user's language when shown; Hub model names are names.
 */
function entry(
  e: Omit<CatalogEntry, 'layers' | 'heads' | 'maxTokens' | 'name' | 'description'> & {
    config: RawConfig;
    name: string | { key: MessageKey };
    description: MessageKey;
  },
): CatalogEntry {
  const { config, name, description, ...rest } = e;
  const c = normalizeConfig(config);
  return {
    ...rest,
    get name() {
      return typeof name === 'string' ? name : t(name.key);
    },
    get description() {
      return t(description);
    },
    layers: c.numLayers ?? 0,
    heads: c.numHeads ?? 0,
    maxTokens: c.maxTokens,
  };
}

const BERT_BASE: RawConfig = { model_type: 'bert', num_hidden_layers: 12, num_attention_heads: 12, hidden_size: 768, max_position_embeddings: 512 };

export const CATALOG: readonly CatalogEntry[] = [
  entry({
    id: BUNDLED_MODEL_ID,
    source: 'bundled',
    name: { key: 'cat_mini_name' },
    description: 'cat_mini_desc',
    config: { model_type: 'bert', num_hidden_layers: 4, num_attention_heads: 4, hidden_size: 128, max_position_embeddings: 512 },
    sizes: { fp32: 19.1 * MB },
    sharedBytes: 0.5 * MB,
  }),
  entry({
    id: 'Xenova/bert-base-uncased',
    source: 'hub',
    name: 'BERT base, uncased',
    description: 'cat_bert_uncased_desc',
    config: BERT_BASE,
    sizes: withEstimates(BERT_BASE_UNCASED_MB),
    sharedBytes: 0.72 * MB,
    recommended: true,
  }),
  entry({
    id: 'Xenova/bert-base-cased',
    source: 'hub',
    name: 'BERT base, cased',
    description: 'cat_bert_cased_desc',
    config: BERT_BASE,
    sizes: withEstimates({ q8: 110, fp16: 217, fp32: 434 }),
    sharedBytes: 0.44 * MB,
  }),
  entry({
    id: 'Xenova/distilbert-base-uncased',
    source: 'hub',
    name: 'DistilBERT base, uncased',
    description: 'cat_distilbert_desc',
    config: { model_type: 'distilbert', n_layers: 6, n_heads: 12, dim: 768, max_position_embeddings: 512 },
    sizes: withEstimates({ q8: 67.7, fp16: 134, fp32: 268 }),
    sharedBytes: 0.72 * MB,
  }),
  entry({
    id: 'Xenova/roberta-base',
    source: 'hub',
    name: 'RoBERTa base',
    description: 'cat_roberta_desc',
    config: { ...BERT_BASE, model_type: 'roberta', max_position_embeddings: 514, pad_token_id: 1 },
    sizes: withEstimates({ q8: 126, fp16: 250, fp32: 499 }),
    sharedBytes: 2.2 * MB,
  }),
];

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}

// Same rule as transformers.js' isValidHfModelId (REPO_ID_REGEX plus its extra checks).
const REPO_ID = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/;

/** Null when `id` is a valid Hub model id ("org/name" or "name"), else what is wrong with it. */
export function hubIdProblem(id: string): string | null {
  const s = id.trim();
  if (!s) return t('hub_id_empty');
  if (/^https?:\/\//i.test(s)) return t('hub_id_url');
  if (!REPO_ID.test(s) || s.includes('..') || s.includes('--') || s.endsWith('.git')) {
    return t('hub_id_invalid', s);
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
