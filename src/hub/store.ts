// Downloaded Hub models in Cache Storage. config.json, tokenizer.json and tokenizer_config.json live in
// transformers.js' own cache ('transformers-cache') under the exact URLs transformers.js requests, so its
// AutoTokenizer finds them there without a network request. The ONNX file lives as numbered chunk entries in
// 'attention-lens-chunks' (chunks.ts; older versions stored it whole under its URL, which is still read). A small
// record per stored variant (size, layers, heads, date, the commit it came from, its chunks) lives in a third
// cache, 'attention-lens-models', next to the manifests of partial downloads.
// Extension pages and the offscreen document share the extension origin's Cache Storage: the
// options page downloads, the engine reads.
import { CHUNK_CACHE, chunkedBytes, deleteChunks, hasChunks, readChunkedInto, type ChunkedFile } from './chunks';
import { MODEL_HEADROOM, progressOf, readBodyWithHeadroom } from './read-body';
import { SHARED_FILES, VARIANT_FILES, filesOf, hubFileUrl, normalizeHubHost } from './catalog';
import type { ModelChoice, ModelVariant } from '../shared/model-choice';
import { HubError, notDownloadedError } from './errors';
import type { RawConfig } from '../core/model/config';
import { t } from '../shared/i18n';

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
  /** The commit the files came from (x-repo-commit / the Hub API); null when stored without one. */
  commit: string | null;
  /** ETag of the ONNX file as the host sent it. */
  etag?: string | null;
  /** The ONNX file's chunk entries; absent for models stored whole under their URL (older versions). */
  modelChunks?: ChunkedFile;
  /** A newer commit the user chose not to update to ("Keep this version"). */
  keptRemote?: string | null;
}

/** A record as written (completeness is computed when listing). */
export type StoredRecord = Omit<StoredModel, 'complete'>;

export interface StoreDeps {
  /** Defaults to the global CacheStorage. */
  caches?: CacheStorage;
}

function storage(deps: StoreDeps): CacheStorage {
  const c = deps.caches ?? (globalThis as { caches?: CacheStorage }).caches;
  if (!c) throw new HubError('http', t('hub_no_cache_storage_context'));
  return c;
}

export function indexKey(hubHost: string, id: string, revision: string, variant: ModelVariant): string {
  return `${INDEX_ORIGIN}${encodeURIComponent(hubHost)}/${id}/${encodeURIComponent(revision)}/${variant}.json`;
}

function hostOrThrow(hubHost: string): string {
  const host = normalizeHubHost(hubHost);
  if (!host) throw new HubError('invalid', t('hub_bad_host', hubHost));
  return host;
}

/** Writes the index record of a stored model. */
export async function writeRecord(record: StoredRecord, deps: StoreDeps = {}): Promise<void> {
  const index = await storage(deps).open(INDEX_CACHE);
  const body = JSON.stringify(record);
  await index.put(
    indexKey(record.hubHost, record.id, record.revision, record.variant),
    new Response(body, { headers: { 'content-type': 'application/json' } }),
  );
}

function normalizeRecord(raw: StoredRecord): StoredRecord {
  return { ...raw, commit: typeof raw.commit === 'string' ? raw.commit : null };
}

/** The record of one stored variant, if any. */
export async function readRecord(hubHost: string, id: string, revision: string, variant: ModelVariant, deps: StoreDeps = {}): Promise<StoredRecord | null> {
  const index = await storage(deps).open(INDEX_CACHE);
  const res = await index.match(indexKey(hubHost, id, revision, variant));
  if (!res) return null;
  try {
    return normalizeRecord((await res.json()) as StoredRecord);
  } catch {
    return null;
  }
}

/** Every file of a record is in the caches. */
async function recordComplete(rec: StoredRecord, cs: CacheStorage): Promise<boolean> {
  const files = await cs.open(HUB_CACHE);
  const shared = await Promise.all(SHARED_FILES.map((f) => files.match(hubFileUrl(rec.hubHost, rec.id, rec.revision, f))));
  if (!shared.every(Boolean)) return false;
  const modelFile = VARIANT_FILES[rec.variant];
  if (rec.modelChunks) return hasChunks(await cs.open(CHUNK_CACHE), rec.hubHost, rec.id, modelFile, rec.modelChunks);
  return (await files.match(hubFileUrl(rec.hubHost, rec.id, rec.revision, modelFile))) !== undefined;
}

/** Every model variant downloaded through Attention Lens, oldest first. */
export async function listStoredModels(deps: StoreDeps = {}): Promise<StoredModel[]> {
  const cs = storage(deps);
  const index = await cs.open(INDEX_CACHE);
  const out: StoredModel[] = [];
  for (const req of await index.keys()) {
    if (!req.url.startsWith(INDEX_ORIGIN)) continue; // partial-download manifests live here too
    const res = await index.match(req);
    if (!res) continue;
    let rec: StoredRecord;
    try {
      rec = normalizeRecord((await res.json()) as StoredRecord);
    } catch {
      await index.delete(req); // an unreadable record is worthless
      continue;
    }
    out.push({ ...rec, complete: await recordComplete(rec, cs) });
  }
  return out.sort((a, b) => a.downloadedAt.localeCompare(b.downloadedAt) || a.id.localeCompare(b.id));
}

/** Whether every file of `choice` is in the cache (what the engine needs to load it offline). */
export async function isStored(choice: ModelChoice, hubHost: string, deps: StoreDeps = {}): Promise<boolean> {
  if (choice.source !== 'hub') return true;
  const host = hostOrThrow(hubHost);
  const cs = storage(deps);
  const rec = await readRecord(host, choice.id, choice.revision, choice.variant, deps);
  if (rec) return recordComplete(rec, cs);
  const files = await cs.open(HUB_CACHE);
  const present = await Promise.all(filesOf(choice.variant).map((f) => files.match(hubFileUrl(host, choice.id, choice.revision, f))));
  return present.every(Boolean);
}

/** "Keep this version": remember that the user stays on the stored commit while `remote` is newer. */
export async function keepStoredVersion(m: StoredRecord, remote: string, deps: StoreDeps = {}): Promise<void> {
  const { complete: _complete, ...rec } = m as StoredModel;
  await writeRecord({ ...rec, keptRemote: remote }, deps);
}

/** Deletes the stored ONNX file of a record (its chunks, or the whole entry of older versions); returns bytes freed. */
export async function deleteModelFile(rec: StoredRecord, cs: CacheStorage): Promise<number> {
  const modelFile = VARIANT_FILES[rec.variant];
  let bytes = 0;
  if (rec.modelChunks) bytes += await deleteChunks(await cs.open(CHUNK_CACHE), rec.hubHost, rec.id, modelFile, rec.modelChunks);
  const files = await cs.open(HUB_CACHE);
  if (await files.delete(hubFileUrl(rec.hubHost, rec.id, rec.revision, modelFile))) bytes += rec.modelChunks ? 0 : (rec.files[modelFile] ?? 0);
  return bytes;
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
    bytes += await deleteModelFile(m, cs);
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
  const cs = storage(options);
  const files = await cs.open(HUB_CACHE);
  const modelFile = VARIANT_FILES[choice.variant];
  const urls = filesOf(choice.variant).map((f) => hubFileUrl(host, choice.id, choice.revision, f));
  const rec = await readRecord(host, choice.id, choice.revision, choice.variant, options);
  const chunked = rec?.modelChunks;
  const [configRes, tokRes, tokConfigRes, wholeModel] = await Promise.all([
    ...urls.slice(0, 3).map((u) => files.match(u)),
    chunked ? Promise.resolve(undefined) : files.match(urls[3]),
  ]);
  if (!configRes || !tokRes || !tokConfigRes || (!chunked && !wholeModel)) throw notDownloadedError(choice.id, choice.variant);
  const json = async (res: Response, file: string) => {
    try {
      return (await res.json()) as Record<string, unknown>;
    } catch {
      throw new HubError('corrupt', t('hub_stored_corrupt', file, choice.id));
    }
  };
  const readModel = async (): Promise<Uint8Array> => {
    if (!chunked) return readBodyWithHeadroom(wholeModel!, MODEL_HEADROOM, progressOf(wholeModel!, options.onModelBytes));
    const total = chunkedBytes(chunked);
    const chunks = await cs.open(CHUNK_CACHE);
    let seen = 0;
    let last = -1;
    const report = options.onModelBytes;
    try {
      return await readChunkedInto(chunks, host, choice.id, modelFile, chunked, MODEL_HEADROOM, (n) => {
        seen += n;
        const f = total ? seen / total : 1;
        if (report && (f - last >= 0.02 || f === 1)) {
          last = f;
          report(f);
        }
      });
    } catch (err) {
      if (err instanceof HubError && err.reason === 'corrupt') throw notDownloadedError(choice.id, choice.variant, err.message);
      throw err;
    }
  };
  const [config, tokenizerJson, tokenizerConfig, modelBytes] = await Promise.all([
    json(configRes, 'config.json'),
    json(tokRes, 'tokenizer.json'),
    json(tokConfigRes, 'tokenizer_config.json'),
    readModel(),
  ]);
  return {
    modelBytes,
    config: config as RawConfig,
    tokenizerJson,
    tokenizerConfig,
    modelUrl: urls[3],
    readMs: performance.now() - t0,
  };
}
