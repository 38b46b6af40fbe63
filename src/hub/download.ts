// Downloads one variant of a Hub model (config, tokenizer, ONNX file) with byte progress, pinned to one commit,
// streaming the ONNX file into Cache Storage chunk by chunk (chunks.ts) so a 438 MB file never sits in memory.
//
//  1. Which commit: the Hub API (/api/models/{id}/revision/{rev}), else x-repo-commit; every file is then fetched
//     from resolve/{commit}/…, so the files belong together even if the branch moves meanwhile.
//  2. The storage check: navigator.storage.estimate() against the bytes still to store, before the body is read.
//  3. The ONNX body goes to chunk entries as it arrives. A cut connection keeps every byte that arrived (the last,
//     short chunk included) with a manifest; the next download of the same commit asks for the rest with
//     `Range: bytes=N-` (a CORS-safelisted header: no preflight on the CDN) and continues from there.
//     Cancel discards them.
//  4. Validation reads the file as it arrives (after the chunks a resumed download kept) and checks the graph's
//     structure without its weights (onnx-skeleton.ts): a model that is stored is a model the engine can expose
//     attention for; a file that is not ONNX at all stops the download early.
//  5. Only then are config/tokenizer written (transformers.js' cache, its URLs) and the record (with the commit)
//     written; a previous copy of the same variant (another commit) is removed after that.
//
// Why our own fetch and not transformers.js for the bytes: its public API has no call that returns one file's
// raw bytes with byte progress, an AbortSignal and a content-length check, and it caches each file whole as soon
// as it arrives. We write the same cache ('transformers-cache') under the same URLs for the tokenizer files, so its
// AutoTokenizer reads what we stored.
import { SHARED_FILES, VARIANT_FILES, hubFileUrl, hubIdProblem, normalizeHubHost } from './catalog';
import { DEFAULT_HUB_HOST, type ModelChoice } from '../shared/model-choice';
import {
  HubError,
  cancelledError,
  httpStatusError,
  interruptedError,
  isAbortError,
  revisionNotFoundError,
  storageShortError,
  toHubError,
  type FileContext,
} from './errors';
import { ProgressTracker, type DownloadProgress } from './progress';
import { HUB_CACHE, INDEX_CACHE, deleteModelFile, readRecord, writeRecord, type StoredModel, type StoredRecord } from './store';
import { parseJsonFile, validateModel, type ModelSummary } from './validate';
import type { RawConfig } from '../core/model/config';
import { readBodyWithHeadroom } from './read-body';
import {
  ByteQueue,
  CHUNK_CACHE,
  ChunkWriter,
  DEFAULT_STREAM_CHUNK_BYTES,
  StreamingChunkWriter,
  concatSources,
  DEFAULT_CHUNK_BYTES,
  DEFAULT_PARALLEL_WRITES,
  chunkKey,
  chunkSource,
  chunkedBytes,
  deleteChunks,
  partialKey,
  readPartial,
  writePartial,
  type PartialDownload,
} from './chunks';
import { commitOfResponse, lookupCommit } from './revision';
import { onnxSkeleton, SkeletonError } from './onnx-skeleton';
import { t } from '../shared/i18n';

export type { DownloadProgress } from './progress';

export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

export interface DownloadOptions {
  /** Hub host (default https://huggingface.co); files come from `${hubHost}/${id}/resolve/${commit}/${file}`. */
  hubHost?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Minimum milliseconds between progress events (default 100; file completions always emit). */
  progressIntervalMs?: number;
  /** Injected for tests; default the globals. */
  fetch?: typeof fetch;
  caches?: CacheStorage;
  /** navigator.storage.estimate (default); null skips the storage check. */
  estimate?: (() => Promise<StorageEstimateLike>) | null;
  /** Bytes per stored chunk of the ONNX file (default 8 MiB). */
  chunkBytes?: number;
  /** Chunk writes that may run at once while the next chunk fills (default 2). */
  parallelWrites?: number;
  /**
   * Write each chunk as a stream while it arrives (default) instead of collecting it in memory first; chunkBytes then
   * defaults to 64 MiB (fewer cache entries, no more memory).
   */
  streamChunks?: boolean;
}

export interface DownloadedModel {
  config: RawConfig;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  summary: ModelSummary;
  stored: StoredModel;
  /** Bytes of all files of the model (what is stored). */
  bytes: number;
  /** Bytes that came over the network in this call (less than `bytes` after a resume). */
  received: number;
  /** Bytes of the ONNX file that an interrupted download had already stored (0 = a fresh download). */
  resumedFrom: number;
  /** The commit the files come from (null when the host names none). */
  commit: string | null;
  timings: { downloadMs: number; validateMs: number; storeMs: number };
}

function contentLength(res: Response): number | null {
  const v = res.headers.get('content-length');
  if (v === null) return null;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** "bytes 100-199/1000" → { start, end, size } (size null for "*"). */
export function parseContentRange(v: string | null): { start: number; end: number; size: number | null } | null {
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/.exec(v ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), size: m[3] === '*' ? null : Number(m[3]) };
}

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json; charset=utf-8', '.onnx': 'application/octet-stream' };

function contentTypeOf(file: string, res: Response): string {
  return res.headers.get('content-type') ?? CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
}

function defaultEstimate(): (() => Promise<StorageEstimateLike>) | null {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimateLike> } } }).navigator?.storage;
  return storage?.estimate ? () => storage.estimate!() : null;
}

/**
 * Downloads `choice` from the Hub, validates it and stores it in Cache Storage. Rejects with HubError (a
 * ProtocolError, code 'model-file' — 'model-graph' for graphs whose attention cannot be exposed).
 */
export async function downloadModel(choice: ModelChoice, options: DownloadOptions = {}): Promise<DownloadedModel> {
  const { signal } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cs = options.caches ?? (globalThis as { caches?: CacheStorage }).caches;
  if (choice.source !== 'hub') throw new HubError('invalid', t('hub_builtin', choice.id));
  const idProblem = hubIdProblem(choice.id);
  if (idProblem) throw new HubError('invalid', idProblem);
  const hubHost = normalizeHubHost(options.hubHost ?? DEFAULT_HUB_HOST);
  if (!hubHost) throw new HubError('invalid', t('hub_bad_host', options.hubHost ?? ''));
  if (!cs) throw new HubError('http', t('hub_no_cache_storage'));
  if (signal?.aborted) throw cancelledError(choice.id);

  const id = choice.id;
  const modelFile = VARIANT_FILES[choice.variant];
  const files = [...SHARED_FILES, modelFile];
  const ctxOf = (file: string): FileContext => ({ id, file, hubHost });
  const chunkBytes = Math.max(64 * 1024, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const estimate = options.estimate === undefined ? defaultEstimate() : options.estimate;
  // One controller for every request: the user's cancel, or the first failure, stops them all.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const userCancelled = () => signal?.aborted === true;
  const t0 = performance.now();
  const [index, chunks, hubCache] = await Promise.all([cs.open(INDEX_CACHE), cs.open(CHUNK_CACHE), cs.open(HUB_CACHE)]);
  /** The chunks of this download (stored or partial), dropped on cancel or a failed check. */
  let manifest: PartialDownload | null = null;
  /** Keys written by this download (a cleanup deletes them even when no manifest lists them yet). */
  let writtenKeys = 0;
  let discarded = false;
  const discard = async (m: PartialDownload | null) => {
    if (!m) return;
    discarded = true;
    await deleteChunks(chunks, hubHost, id, m.file, m, writtenKeys).catch(() => 0);
    await index.delete(partialKey(hubHost, id, m.revision, m.variant)).catch(() => false);
  };

  /** The first failure (in time) of the parallel requests: the cause, where the others only saw the abort. */
  let firstError: unknown;
  let failed = false;
  try {
    const failFast = <T>(p: Promise<T>): Promise<T> =>
      p.catch((err: unknown) => {
        if (!failed) {
          failed = true;
          firstError = err;
        }
        controller.abort();
        throw err;
      });

    // 1. The commit this download is pinned to.
    let commit: string | null;
    try {
      const found = await lookupCommit(hubHost, id, choice.revision, { fetch: doFetch, signal: controller.signal });
      if (found.kind === 'revision-not-found') throw revisionNotFoundError(id, choice.revision, hubHost);
      commit = found.kind === 'commit' ? found.sha : null; // repo-not-found: config.json's 404 says it below
    } catch (err) {
      throw toHubError(err, { ...ctxOf('config.json'), stage: 'connect', aborted: userCancelled() });
    }

    const request = async (file: string, headers?: Record<string, string>): Promise<Response> => {
      const url = hubFileUrl(hubHost, id, commit ?? choice.revision, file);
      let res: Response;
      try {
        // no-store: the bytes go to Cache Storage once, not also to the HTTP cache.
        res = await doFetch(url, { signal: controller.signal, cache: 'no-store', credentials: 'omit', headers });
      } catch (err) {
        throw toHubError(err, { ...ctxOf(file), stage: 'connect', aborted: userCancelled() });
      }
      if (!res.ok) {
        void res.body?.cancel().catch(() => undefined);
        throw httpStatusError(res.status, ctxOf(file));
      }
      return res;
    };

    // 2. A partial download of the same commit to resume?
    let partial = await readPartial(index, hubHost, id, choice.revision, choice.variant);
    if (partial && (partial.file !== modelFile || partial.commit !== commit || !(partial.size > 0))) {
      await discard(partial);
      partial = null;
    }
    let resumeFrom = partial ? chunkedBytes(partial) : 0;
    const previous = await readRecord(hubHost, id, choice.revision, choice.variant, { caches: cs });

    // 3. Ask for every file at once; the answers' headers give the sizes.
    const modelResponse = async (): Promise<Response | null> => {
      if (partial && resumeFrom >= partial.size) return null; // every byte is already stored
      let res = await request(modelFile, resumeFrom > 0 ? { Range: `bytes=${resumeFrom}-` } : undefined);
      if (partial && resumeFrom > 0) {
        const range = res.status === 206 ? parseContentRange(res.headers.get('content-range')) : null;
        const etag = res.headers.get('etag');
        const same = range && range.start === resumeFrom && range.size === partial.size && !(partial.etag && etag && etag !== partial.etag);
        if (!same) {
          // The host ignored the Range (a 200 with the whole file: use it), or it is another file: start over.
          await discard(partial);
          partial = null;
          resumeFrom = 0;
          if (res.status !== 200) {
            void res.body?.cancel().catch(() => undefined);
            res = await request(modelFile);
          }
        }
      }
      return res;
    };
    const responses = await Promise.all([...SHARED_FILES.map((f) => failFast(request(f))), failFast(modelResponse())]);
    const small = responses.slice(0, SHARED_FILES.length) as Response[];
    const modelRes = responses[SHARED_FILES.length];
    commit ??= commitOfResponse(small[0]);
    const modelSize = partial?.size ?? (modelRes ? contentLength(modelRes) : null);
    const etag = modelRes?.headers.get('etag') ?? partial?.etag ?? null;

    // 4. Storage: what is still to come must fit.
    const smallBytes = small.reduce((s, r) => s + (contentLength(r) ?? 0), 0);
    if (estimate && modelSize !== null) {
      const est = await estimate().catch(() => null);
      const needed = modelSize - resumeFrom + smallBytes;
      if (est && typeof est.quota === 'number' && typeof est.usage === 'number' && needed > est.quota - est.usage) {
        throw storageShortError({ id, variant: choice.variant, needed, usage: est.usage, quota: est.quota });
      }
    }

    // 5. Read: the small files into memory, the ONNX file into chunk entries as it arrives.
    const tracker = new ProgressTracker(
      files.map((file, i) => ({ file, total: i < small.length ? contentLength(small[i]) : modelSize })),
      (p) => options.onProgress?.(p),
      { intervalMs: options.progressIntervalMs },
    );
    if (resumeFrom > 0) tracker.resume(modelFile, resumeFrom);
    options.onProgress?.(tracker.snapshot(modelFile));

    const readSmall = async (res: Response, file: string): Promise<Uint8Array> => {
      const total = contentLength(res);
      let loaded = 0;
      let body: Uint8Array;
      try {
        body = await readBodyWithHeadroom(res, 0, (n) => {
          loaded += n;
          tracker.add(file, n);
        });
      } catch (err) {
        throw toHubError(err, { ...ctxOf(file), stage: 'read', loaded, total, aborted: userCancelled() });
      }
      // A body shorter than its content-length is a cut connection (a longer one is a compressed transfer).
      if (total !== null && loaded < total) throw interruptedError(ctxOf(file), loaded, total);
      tracker.complete(file);
      return body;
    };

    // Chunk keys are per commit; never write over the chunks of the copy already stored (same commit again).
    const stamp = `t${Date.now().toString(36)}`;
    const set = partial?.set ?? (commit && previous?.modelChunks?.set !== commit ? commit : commit ? `${commit}.${stamp}` : stamp);
    manifest = partial ?? {
      id,
      variant: choice.variant,
      revision: choice.revision,
      hubHost,
      file: modelFile,
      commit,
      etag,
      size: modelSize ?? 0,
      set,
      sizes: [],
      updatedAt: new Date().toISOString(),
    };
    const m = manifest;
    const putChunk = async (i: number, body: BodyInit, length?: number) => {
      writtenKeys = Math.max(writtenKeys, i + 1);
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      if (length !== undefined) headers['content-length'] = String(length);
      try {
        await chunks.put(chunkKey(hubHost, id, modelFile, set, i), new Response(body, { headers }));
      } catch (err) {
        if (isAbortError(err)) throw err; // the chunk's stream was stopped (cancel)
        throw toHubError(err, { ...ctxOf(modelFile), stage: 'store', bytes: modelSize ?? undefined });
      }
    };
    const onStored = async (sizes: readonly number[]) => {
      m.sizes = [...sizes];
      if (discarded || userCancelled()) return;
      // The manifest follows the chunks at most every 2 s; an interruption writes it at once, and chunks past a
      // stale manifest are simply written again on resume.
      if (m.size > 0 && (sizes.length === 1 || performance.now() - manifestAt > 2000)) await saveManifest();
    };
    const parallel = options.parallelWrites ?? DEFAULT_PARALLEL_WRITES;
    const writer =
      (options.streamChunks ?? true)
        ? new StreamingChunkWriter((i, body) => putChunk(i, body), options.chunkBytes ?? DEFAULT_STREAM_CHUNK_BYTES, m.sizes, onStored, parallel)
        : new ChunkWriter((i, bytes) => putChunk(i, bytes, bytes.length), chunkBytes, m.sizes, onStored, parallel);
    let manifestAt = -Infinity;
    const saveManifest = async () => {
      manifestAt = performance.now();
      m.updatedAt = new Date().toISOString();
      await writePartial(index, m);
    };

    // The graph check reads the file as it arrives (after the bytes a resumed download already stored), so no second
    // pass over 438 MB is needed; a file that is not ONNX stops the download at once.
    const queue = new ByteQueue();
    const storedPart =
      partial && resumeFrom > 0 ? chunkSource(chunks, hubHost, id, modelFile, { set: partial.set, sizes: [...partial.sizes] }) : async () => null;
    let badFile: HubError | null = null;
    const skeletonP = onnxSkeleton(concatSources(storedPart, modelRes ? queue.next : async () => null))
      .catch((err: unknown) => {
        if (err instanceof SkeletonError) {
          badFile = new HubError('corrupt', t('hub_not_onnx', modelFile, id, err.message));
          controller.abort();
        }
        throw err;
      })
      .finally(() => queue.close());
    skeletonP.catch(() => undefined); // awaited below; a cut download abandons it

    const readModel = async (): Promise<void> => {
      if (!modelRes) {
        tracker.complete(modelFile);
        return;
      }
      let received = 0;
      const fail = async (err: unknown): Promise<never> => {
        queue.error(err);
        if ((err instanceof HubError && err.reason === 'quota') || userCancelled() || (isAbortError(err) && !controller.signal.aborted)) {
          await writer.drain(); // no write may land after the cleanup
          if (err instanceof HubError && err.reason === 'quota') throw err;
          throw cancelledError(id);
        }
        // Cut connection (or another file failed): keep what arrived, including the short last chunk.
        await writer.flush().catch(() => undefined);
        if (m.size > 0 && m.sizes.length > 0) await saveManifest().catch(() => undefined);
        throw interruptedError(ctxOf(modelFile), resumeFrom + received, modelSize, m.size > 0 ? writer.stored : 0);
      };
      if (!modelRes.body) return fail(new TypeError('no body'));
      const reader = modelRes.body.getReader();
      try {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (err) {
            return await fail(err);
          }
          if (chunk.done) break;
          received += chunk.value.length;
          tracker.add(modelFile, chunk.value.length);
          try {
            await writer.write(chunk.value);
          } catch (err) {
            return await fail(err);
          }
          await queue.push(chunk.value);
          if (controller.signal.aborted) return await fail(new DOMException('aborted', 'AbortError'));
        }
      } finally {
        reader.releaseLock();
      }
      try {
        await writer.flush();
      } catch (err) {
        return fail(err);
      }
      if (modelSize !== null && writer.stored < modelSize) return fail(new TypeError('the body ended early'));
      if (modelSize === null) m.size = writer.stored;
      queue.end();
      tracker.complete(modelFile);
    };

    // Every branch settles before anything else happens (a chunk write in flight must not outlive a cleanup).
    const settled = await Promise.allSettled([Promise.all(SHARED_FILES.map((f, i) => failFast(readSmall(small[i], f)))), failFast(readModel())]);
    if (badFile) {
      await discard(m);
      manifest = null;
      throw badFile;
    }
    if (failed) throw firstError;
    const bodies = (settled[0] as PromiseFulfilledResult<Uint8Array[]>).value;
    const downloadMs = performance.now() - t0;
    const byFile = new Map<string, Uint8Array>(SHARED_FILES.map((f, i) => [f, bodies[i]]));

    // 6. Validate before anything but the chunks is written.
    const tv = performance.now();
    let summary: ModelSummary;
    let config: RawConfig;
    let tokenizerJson: Record<string, unknown>;
    let tokenizerConfig: Record<string, unknown>;
    try {
      config = parseJsonFile<RawConfig>(byFile.get('config.json')!, id, 'config.json');
      tokenizerJson = parseJsonFile<Record<string, unknown>>(byFile.get('tokenizer.json')!, id, 'tokenizer.json');
      tokenizerConfig = parseJsonFile<Record<string, unknown>>(byFile.get('tokenizer_config.json')!, id, 'tokenizer_config.json');
      if (typeof tokenizerJson.model !== 'object' || tokenizerJson.model === null) {
        throw new HubError('corrupt', t('hub_no_model_section', id));
      }
      let skeleton: Uint8Array;
      try {
        skeleton = (await skeletonP).bytes;
      } catch (err) {
        if (!(err instanceof SkeletonError)) throw err;
        throw new HubError('corrupt', t('hub_not_onnx', modelFile, id, err.message));
      }
      summary = validateModel(skeleton, config, id, modelFile);
    } catch (err) {
      await discard(m);
      manifest = null;
      throw err;
    }
    const validateMs = performance.now() - tv;
    if (userCancelled()) throw cancelledError(id);

    // 7. Store the small files and the record; then drop the manifest and any older copy of this variant.
    const ts = performance.now();
    const modelBytes = chunkedBytes(m);
    const total = modelBytes + [...byFile.values()].reduce((s, b) => s + b.byteLength, 0);
    try {
      for (const [i, file] of SHARED_FILES.entries()) {
        const body = byFile.get(file)!;
        const res = new Response(body as Uint8Array<ArrayBuffer>, {
          headers: { 'content-type': contentTypeOf(file, small[i]), 'content-length': String(body.byteLength) },
        });
        try {
          await hubCache.put(hubFileUrl(hubHost, id, choice.revision, file), res);
        } catch (err) {
          throw toHubError(err, { ...ctxOf(file), stage: 'store', bytes: total });
        }
      }
    } catch (err) {
      await discard(m);
      manifest = null;
      throw err;
    }
    const record: StoredRecord = {
      id,
      variant: choice.variant,
      revision: choice.revision,
      hubHost,
      bytes: total,
      files: Object.fromEntries([...SHARED_FILES.map((f) => [f, byFile.get(f)!.byteLength] as const), [modelFile, modelBytes]]),
      layers: summary.layers,
      heads: summary.heads,
      maxTokens: summary.maxTokens,
      modelType: summary.modelType,
      downloadedAt: new Date().toISOString(),
      commit,
      etag,
      modelChunks: { set: m.set, sizes: [...m.sizes] },
    };
    await writeRecord(record, { caches: cs });
    await index.delete(partialKey(hubHost, id, choice.revision, choice.variant));
    manifest = null;
    if (previous && !(previous.modelChunks && previous.modelChunks.set === m.set)) await deleteModelFile(previous, cs).catch(() => 0);
    const storeMs = performance.now() - ts;
    return {
      config,
      tokenizerJson,
      tokenizerConfig,
      summary,
      stored: { ...record, complete: true },
      bytes: total,
      received: total - resumeFrom,
      resumedFrom: resumeFrom,
      commit,
      timings: { downloadMs, validateMs, storeMs },
    };
  } catch (err) {
    const cancelled = userCancelled() || (isAbortError(err) && !(err instanceof HubError));
    if (cancelled || (err instanceof HubError && err.reason === 'cancelled')) {
      await discard(manifest);
      throw cancelledError(id);
    }
    // Out of space, or a cut answer of unknown length (nothing to resume against): drop what was stored.
    if (err instanceof HubError && (err.reason === 'quota' || (err.reason === 'interrupted' && manifest && !(manifest.size > 0)))) await discard(manifest);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Drops a partial download (its chunks and manifest) of one variant. */
export async function discardPartialDownload(choice: ModelChoice, hubHost: string, deps: { caches?: CacheStorage } = {}): Promise<boolean> {
  const cs = deps.caches ?? (globalThis as { caches?: CacheStorage }).caches;
  const host = normalizeHubHost(hubHost);
  if (!cs || !host || choice.source !== 'hub') return false;
  const index = await cs.open(INDEX_CACHE);
  const p = await readPartial(index, host, choice.id, choice.revision, choice.variant);
  if (!p) return false;
  await deleteChunks(await cs.open(CHUNK_CACHE), host, choice.id, p.file, p);
  await index.delete(partialKey(host, choice.id, choice.revision, choice.variant));
  return true;
}

/** The partial download of `choice` that a Download would resume, if any. */
export async function partialDownloadOf(choice: ModelChoice, hubHost: string, deps: { caches?: CacheStorage } = {}): Promise<PartialDownload | null> {
  const cs = deps.caches ?? (globalThis as { caches?: CacheStorage }).caches;
  const host = normalizeHubHost(hubHost);
  if (!cs || !host || choice.source !== 'hub') return null;
  return readPartial(await cs.open(INDEX_CACHE), host, choice.id, choice.revision, choice.variant);
}
