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

export { DEFAULT_HUB_HOST } from '../shared/model-choice';

export const VARIANT_FILES: Record<ModelVariant, string> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  q4: 'onnx/model_q4.onnx',
  q4f16: 'onnx/model_q4f16.onnx',
  bnb4: 'onnx/model_bnb4.onnx',
};

export const VARIANT_LABELS: Record<ModelVariant, string> = {
  q4f16: '4-bit weights, half precision',
  q8: '8-bit quantized',
  bnb4: '4-bit NF4 (bitsandbytes)',
  q4: '4-bit weights',
  fp16: 'half precision (fp16)',
  fp32: 'full precision (fp32)',
};

/**
 * One line per variant: what it costs and what it changes in the attention you see. The error figures are this
 * project's measurements on generated models of each export style against float32 references (tests/unit/hub-fixtures.test.ts,
 * tests/e2e/hub-fidelity.e2e.test.ts): the quantized variants' attention equals a float computation with their
 * own (rounded) weights, so they differ from fp32 by what rounding the weights changes.
 */
export const VARIANT_TRADEOFFS: Record<ModelVariant, string> = {
  q4f16: 'Smallest (≈ 22% of fp32). 4-bit weights and float16 math: fastest on a GPU with shader-f16; on WebAssembly the float16 ops are emulated and slower.',
  q8: 'A quarter of fp32. 8-bit weights and activations (MatMulInteger): the fastest on WebAssembly; patterns stay close to fp32.',
  bnb4: 'A third of fp32. NF4 4-bit weights (MatMulBnb4), float32 math; the weights are unpacked to float32 for every run, so it is slow.',
  q4: 'A third of fp32. 4-bit weights (MatMulNBits), float32 math; attention shifts more than with 8-bit.',
  fp16: 'Half of fp32. Float16 math throughout (float32 in and out): attention within about 1e-3 of fp32; GPU-friendly.',
  fp32: 'The reference: exactly the exported weights and float32 math; the largest download.',
};

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
    const mb = listedMB[v] ?? Math.round((listedMB.fp32 * BERT_BASE_UNCASED_MB[v]) / BERT_BASE_UNCASED_MB.fp32 * 10) / 10;
    out[v] = mb * MB;
  }
  return out;
}

/** A catalog entry whose geometry comes from the repository's config.json fields (as published). */
function entry(e: Omit<CatalogEntry, 'layers' | 'heads' | 'maxTokens'> & { config: RawConfig }): CatalogEntry {
  const { config, ...rest } = e;
  const c = normalizeConfig(config);
  return { ...rest, layers: c.numLayers ?? 0, heads: c.numHeads ?? 0, maxTokens: c.maxTokens };
}

const BERT_BASE: RawConfig = { model_type: 'bert', num_hidden_layers: 12, num_attention_heads: 12, hidden_size: 768, max_position_embeddings: 512 };

export const CATALOG: readonly CatalogEntry[] = [
  entry({
    id: BUNDLED_MODEL_ID,
    source: 'bundled',
    name: 'Attention Lens mini (built in)',
    description: 'Small 4-layer BERT shipped inside the extension. Works offline, nothing to download.',
    config: { model_type: 'bert', num_hidden_layers: 4, num_attention_heads: 4, hidden_size: 128, max_position_embeddings: 512 },
    sizes: { fp32: 19.1 * MB },
    sharedBytes: 0.5 * MB,
  }),
  entry({
    id: 'Xenova/bert-base-uncased',
    source: 'hub',
    name: 'BERT base, uncased',
    description: 'The classic BERT (Devlin et al. 2018), lower-cased English. The model most attention papers study.',
    config: BERT_BASE,
    sizes: withEstimates(BERT_BASE_UNCASED_MB),
    sharedBytes: 0.72 * MB,
    recommended: true,
  }),
  entry({
    id: 'Xenova/bert-base-cased',
    source: 'hub',
    name: 'BERT base, cased',
    description: 'BERT base keeping upper/lower case: "Apple" and "apple" are different tokens.',
    config: BERT_BASE,
    sizes: withEstimates({ q8: 110, fp16: 217, fp32: 434 }),
    sharedBytes: 0.44 * MB,
  }),
  entry({
    id: 'Xenova/distilbert-base-uncased',
    source: 'hub',
    name: 'DistilBERT base, uncased',
    description: 'Distilled BERT: 6 layers instead of 12, about 60% of the size, similar behaviour.',
    config: { model_type: 'distilbert', n_layers: 6, n_heads: 12, dim: 768, max_position_embeddings: 512 },
    sizes: withEstimates({ q8: 67.7, fp16: 134, fp32: 268 }),
    sharedBytes: 0.72 * MB,
  }),
  entry({
    id: 'Xenova/roberta-base',
    source: 'hub',
    name: 'RoBERTa base',
    description: 'BERT retrained longer on more data with byte-level BPE tokens (Liu et al. 2019).',
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

