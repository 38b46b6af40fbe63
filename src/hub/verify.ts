// Checks that a downloaded model loads from the cache alone, the way the engine loads it: files
// read from Cache Storage, graph validated, tokenizer built by @huggingface/tokenizers (src/core/tokens/hf-tokenizer.ts)
// from its cache entries (no network). The options page runs it after a download and on "Check offline".
// A chunked ONNX file is read chunk by chunk and checked as a skeleton (onnx-skeleton.ts), so the options page
// never holds the whole model; every chunk is read, so a missing or short one is found.
import { SHARED_FILES, VARIANT_FILES, hubFileUrl, normalizeHubHost } from './catalog';
import type { ModelChoice } from '../shared/model-choice';
import { CHUNK_CACHE, chunkSource } from './chunks';
import { HubError, notDownloadedError } from './errors';
import { onnxSkeleton } from './onnx-skeleton';
import { HUB_CACHE, loadStoredModel, readRecord, type StoreDeps } from './store';
import { HfTokenizer } from '../core/tokens/hf-tokenizer';
import { parseJsonFile, validateModel } from './validate';
import type { RawConfig } from '../core/model/config';
import { t } from '../shared/i18n';

export const SAMPLE_TEXT = 'Attention Lens reads this model from the cache.';

export interface VerifiedModel {
  layers: number;
  heads: number;
  maxTokens: number;
  /** SAMPLE_TEXT as the model's tokenizer splits it (special tokens included). */
  tokens: string[];
  readMs: number;
  validateMs: number;
  tokenizerMs: number;
}

/** Reads the stored ONNX file (chunk by chunk) and checks its graph; the milliseconds of the read and of the check. */
async function checkStoredGraph(choice: ModelChoice, options: { hubHost: string } & StoreDeps) {
  const host = normalizeHubHost(options.hubHost) ?? options.hubHost;
  const cs = options.caches ?? (globalThis as { caches?: CacheStorage }).caches!;
  const file = VARIANT_FILES[choice.variant];
  const rec = await readRecord(host, choice.id, choice.revision, choice.variant, options);
  if (!rec?.modelChunks) {
    // stored whole by an older version: read it the way the engine does
    const files = await loadStoredModel(choice, options);
    const tv = performance.now();
    const summary = validateModel(files.modelBytes, files.config, choice.id, file);
    return { summary, readMs: files.readMs, validateMs: performance.now() - tv };
  }
  const t0 = performance.now();
  const hub = await cs.open(HUB_CACHE);
  const configRes = await hub.match(hubFileUrl(host, choice.id, choice.revision, SHARED_FILES[0]));
  if (!configRes) throw notDownloadedError(choice.id, choice.variant);
  const config = parseJsonFile<RawConfig>(new Uint8Array(await configRes.arrayBuffer()), choice.id, 'config.json');
  const skeleton = await onnxSkeleton(chunkSource(await cs.open(CHUNK_CACHE), host, choice.id, file, rec.modelChunks));
  const readMs = performance.now() - t0;
  const tv = performance.now();
  const summary = validateModel(skeleton.bytes, config, choice.id, file);
  return { summary, readMs, validateMs: performance.now() - tv };
}

export async function verifyStoredModel(choice: ModelChoice, options: { hubHost: string } & StoreDeps): Promise<VerifiedModel> {
  const { summary, readMs, validateMs } = await checkStoredGraph(choice, options);
  const tt = performance.now();
  let tokens: string[];
  try {
    const hub = await (options.caches ?? (globalThis as { caches?: CacheStorage }).caches!).open(HUB_CACHE);
    const json = async (file: string) => {
      const res = await hub.match(hubFileUrl(options.hubHost, choice.id, choice.revision, file));
      if (!res) throw new Error(`${file} is not in the cache`);
      return JSON.parse(await res.text()) as unknown;
    };
    const tok = HfTokenizer.fromJson(await json('tokenizer.json'), await json('tokenizer_config.json'));
    tokens = tok.tokens(SAMPLE_TEXT);
  } catch (err) {
    throw new HubError('corrupt', t('hub_tokenizer_unreadable', choice.id, err instanceof Error ? err.message : String(err)));
  }
  return { ...summary, tokens, readMs, validateMs, tokenizerMs: performance.now() - tt };
}
