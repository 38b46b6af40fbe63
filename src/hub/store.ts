// Downloaded Hub models in Cache Storage. Files live in transformers.js' own cache
// ('transformers-cache') under the exact URLs transformers.js requests, so its AutoTokenizer finds
// tokenizer.json / tokenizer_config.json there without a network request. A small record per
// stored variant (size, layers, heads, date) lives in a second cache, 'attention-lens-models'.
// Extension pages and the offscreen document share the extension origin's Cache Storage: the
// options page downloads, the engine reads.
import { MODEL_HEADROOM, progressOf, readBodyWithHeadroom } from './read-body';
import {
  SHARED_FILES,
  VARIANT_FILES,
  filesOf,
  hubFileUrl,
  normalizeHubHost,
} from './catalog';
import type { ModelChoice, ModelVariant } from '../shared/model-choice';
import { HubError, notDownloadedError } from './errors';
import type { RawConfig } from '../core/model/config';

/** transformers.js' env.cacheKey default: the cache it reads and writes. */
export const HUB_CACHE = 'transformers-cache';
/** Our records of what was downloaded (one JSON Response per model variant). */
export const INDEX_CACHE = 'attention-lens-models';
const INDEX_ORIGIN = 'https://attention-lens.invalid/stored/';

export interface StoredModel {
  id: string;
  variant: ModelVariant;
  revision: string;
  hubHost: string;
  /** Bytes of the ONNX file plus config and tokenizer files. */
  bytes: number;
  /** Bytes per file, by repository path. */
  files: Record<string, number>;
  layers: number;
  heads: number;
  maxTokens: number;
  modelType: string;
  /** ISO time of the download. */
  downloadedAt: string;
  /** Every file is still in Cache Storage (false if something evicted or cleared part of it). */
  complete: boolean;
}

export interface StoreDeps {
  /** Defaults to the global CacheStorage. */
  caches?: CacheStorage;
}

function storage(deps: StoreDeps): CacheStorage {
  const c = deps.caches ?? (globalThis as { caches?: CacheStorage }).caches;
  if (!c) throw new HubError('http', 'Cache Storage is not available in this context, so models cannot be stored.');
  return c;
}

export function indexKey(hubHost: string, id: string, revision: string, variant: ModelVariant): string {
  return `${INDEX_ORIGIN}${encodeURIComponent(hubHost)}/${id}/${encodeURIComponent(revision)}/${variant}.json`;
}

function hostOrThrow(hubHost: string): string {
  const host = normalizeHubHost(hubHost);
  if (!host) throw new HubError('invalid', `"${hubHost}" is not an http(s) URL; set the Hub host to e.g. https://huggingface.co.`);
  return host;
}

/** Writes the index record of a stored model. */
export async function writeRecord(record: Omit<StoredModel, 'complete'>, deps: StoreDeps = {}): Promise<void> {
  const index = await storage(deps).open(INDEX_CACHE);
  const body = JSON.stringify(record);
  await index.put(
    indexKey(record.hubHost, record.id, record.revision, record.variant),
    new Response(body, { headers: { 'content-type': 'application/json' } }),
  );
}

/** Every model variant downloaded through Attention Lens, oldest first. */
export async function listStoredModels(deps: StoreDeps = {}): Promise<StoredModel[]> {
  const cs = storage(deps);
  const index = await cs.open(INDEX_CACHE);
  const files = await cs.open(HUB_CACHE);
  const out: StoredModel[] = [];
  for (const req of await index.keys()) {
    const res = await index.match(req);
    if (!res) continue;
    let rec: Omit<StoredModel, 'complete'>;
    try {
      rec = (await res.json()) as Omit<StoredModel, 'complete'>;
    } catch {
      await index.delete(req); // an unreadable record is worthless
      continue;
    }
    const present = await Promise.all(filesOf(rec.variant).map((f) => files.match(hubFileUrl(rec.hubHost, rec.id, rec.revision, f))));
    out.push({ ...rec, complete: present.every(Boolean) });
  }
  return out.sort((a, b) => a.downloadedAt.localeCompare(b.downloadedAt) || a.id.localeCompare(b.id));
}

/** Whether every file of `choice` is in the cache (what the engine needs to load it offline). */
export async function isStored(choice: ModelChoice, hubHost: string, deps: StoreDeps = {}): Promise<boolean> {
  if (choice.source !== 'hub') return true;
  const host = hostOrThrow(hubHost);
  const files = await storage(deps).open(HUB_CACHE);
  const present = await Promise.all(filesOf(choice.variant).map((f) => files.match(hubFileUrl(host, choice.id, choice.revision, f))));
  return present.every(Boolean);
}

export interface DeleteOptions extends StoreDeps {
  /** Only this variant (default: every variant of the model). */
  variant?: ModelVariant;
  /** Only models from this host (default: any host). */
  hubHost?: string;
}

/**
 * Removes a stored model (every variant, or one) from Cache Storage. The config and tokenizer
 * files go with the last variant of a model. Returns the bytes freed.
 */
export async function deleteStoredModel(id: string, options: DeleteOptions = {}): Promise<{ deleted: number; bytes: number }> {
  const cs = storage(options);
  const index = await cs.open(INDEX_CACHE);
  const files = await cs.open(HUB_CACHE);
  const host = options.hubHost ? hostOrThrow(options.hubHost) : null;
  const all = await listStoredModels(options);
  const doomed = all.filter((m) => m.id === id && (!options.variant || m.variant === options.variant) && (!host || m.hubHost === host));
  let bytes = 0;
  for (const m of doomed) {
    if (await files.delete(hubFileUrl(m.hubHost, m.id, m.revision, VARIANT_FILES[m.variant]))) bytes += m.files[VARIANT_FILES[m.variant]] ?? 0;
    await index.delete(indexKey(m.hubHost, m.id, m.revision, m.variant));
    const siblings = all.filter((o) => o !== m && !doomed.includes(o) && o.id === m.id && o.hubHost === m.hubHost && o.revision === m.revision);
    if (siblings.length === 0) {
      for (const f of SHARED_FILES) if (await files.delete(hubFileUrl(m.hubHost, m.id, m.revision, f))) bytes += m.files[f] ?? 0;
    }
  }
  return { deleted: doomed.length, bytes };
}

/** The four files a model is made of, parsed. */
export interface ModelFiles {
  modelBytes: Uint8Array;
  config: RawConfig;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

export interface LoadedModelFiles extends ModelFiles {
  /** URL (cache key) of the ONNX file, for messages. */
  modelUrl: string;
  /** Milliseconds spent reading the cache. */
  readMs: number;
}

/**
 * Reads a downloaded model from Cache Storage only (never the network) — what the engine calls.
 * Throws HubError 'not-downloaded' (code 'model-file') naming the model when a file is missing.
 */
export async function loadStoredModel(
  choice: ModelChoice,
  options: { hubHost: string; onModelBytes?: (fraction: number) => void } & StoreDeps,
): Promise<LoadedModelFiles> {
  const t0 = performance.now();
  const host = hostOrThrow(options.hubHost);
  const files = await storage(options).open(HUB_CACHE);
  const urls = filesOf(choice.variant).map((f) => hubFileUrl(host, choice.id, choice.revision, f));
  const responses = await Promise.all(urls.map((u) => files.match(u)));
  if (responses.some((r) => !r)) throw notDownloadedError(choice.id, choice.variant);
  const [configRes, tokRes, tokConfigRes, modelRes] = responses as Response[];
  const json = async (res: Response, file: string) => {
    try {
      return (await res.json()) as Record<string, unknown>;
    } catch {
      throw new HubError('corrupt', `The stored ${file} of ${choice.id} is corrupt. Delete the model in the options and download it again.`);
    }
  };
  const [config, tokenizerJson, tokenizerConfig, modelBuffer] = await Promise.all([
    json(configRes, 'config.json'),
    json(tokRes, 'tokenizer.json'),
    json(tokConfigRes, 'tokenizer_config.json'),
    readBodyWithHeadroom(modelRes, MODEL_HEADROOM, progressOf(modelRes, options.onModelBytes)),
  ]);
  return {
    modelBytes: modelBuffer,
    config: config as RawConfig,
    tokenizerJson,
    tokenizerConfig,
    modelUrl: urls[3],
    readMs: performance.now() - t0,
  };
}
