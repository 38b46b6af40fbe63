// Downloads one variant of a Hub model (config, tokenizer, ONNX file) with byte progress,
// validates it, and only then stores it in Cache Storage. Nothing is written until every file
// arrived complete and the graph checked out, so a failed, cancelled or corrupt download never
// touches a model stored before.
//
// Why our own fetch and not transformers.js for the bytes: its public API has no call that
// returns one file's raw bytes with byte progress, an AbortSignal and a content-length check
// (getModelFile is internal; from_pretrained builds its own ORT session), and it caches each file
// as soon as it arrives — before we could refuse a truncated or fused-attention ONNX file — and
// logs a QuotaExceededError as a warning instead of failing. We write the same cache
// ('transformers-cache') under the same URLs, so its AutoTokenizer reads what we stored.
import { DEFAULT_HUB_HOST, VARIANT_FILES, filesOf, hubFileUrl, hubIdProblem, normalizeHubHost } from './catalog';
import type { ModelChoice } from '../shared/model-choice';
import { HubError, cancelledError, httpStatusError, interruptedError, isAbortError, toHubError, type FileContext } from './errors';
import { ProgressTracker, type DownloadProgress } from './progress';
import { HUB_CACHE, writeRecord, type ModelFiles, type StoredModel } from './store';
import { parseJsonFile, validateModel, type ModelSummary } from './validate';
import type { RawConfig } from '../core/model/config';
import { MODEL_HEADROOM, readBodyWithHeadroom } from './read-body';

export type { DownloadProgress } from './progress';

export interface DownloadOptions {
  /** Hub host (default https://huggingface.co); files come from `${hubHost}/${id}/resolve/${revision}/${file}`. */
  hubHost?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Minimum milliseconds between progress events (default 100; file completions always emit). */
  progressIntervalMs?: number;
  /** Injected for tests; default the globals. */
  fetch?: typeof fetch;
  caches?: CacheStorage;
}

export interface DownloadedModel extends ModelFiles {
  summary: ModelSummary;
  stored: StoredModel;
  /** Bytes received (all files) and milliseconds per phase. */
  bytes: number;
  timings: { downloadMs: number; validateMs: number; storeMs: number };
}

function contentLength(res: Response): number | null {
  const v = res.headers.get('content-length');
  if (v === null) return null;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

async function readBody(res: Response, ctx: FileContext, tracker: ProgressTracker, headroom: number, userSignal: AbortSignal | undefined): Promise<Uint8Array<ArrayBuffer>> {
  const total = contentLength(res);
  let loaded = 0;
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyWithHeadroom(res, headroom, (n) => {
      loaded += n;
      tracker.add(ctx.file, n);
    });
  } catch (err) {
    throw toHubError(err, { ...ctx, stage: 'read', loaded, total, aborted: userSignal?.aborted });
  }
  // A body shorter than its content-length is a cut connection (a longer one is a compressed transfer).
  if (total !== null && loaded < total) throw interruptedError(ctx, loaded, total);
  tracker.complete(ctx.file);
  return body;
}

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json; charset=utf-8', '.onnx': 'application/octet-stream' };

function contentTypeOf(file: string, res: Response): string {
  return res.headers.get('content-type') ?? CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/**
 * Downloads `choice` from the Hub, validates it and stores it in Cache Storage
 * ('transformers-cache', transformers.js' keys). Rejects with HubError (a ProtocolError, code
 * 'model-file' — 'model-graph' for graphs whose attention cannot be exposed).
 */
export async function downloadModel(choice: ModelChoice, options: DownloadOptions = {}): Promise<DownloadedModel> {
  const { signal } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cs = options.caches ?? (globalThis as { caches?: CacheStorage }).caches;
  if (choice.source !== 'hub') throw new HubError('invalid', `${choice.id} is built into the extension; there is nothing to download.`);
  const idProblem = hubIdProblem(choice.id);
  if (idProblem) throw new HubError('invalid', idProblem);
  const hubHost = normalizeHubHost(options.hubHost ?? DEFAULT_HUB_HOST);
  if (!hubHost) throw new HubError('invalid', `"${options.hubHost}" is not an http(s) URL; set the Hub host to e.g. https://huggingface.co.`);
  if (!cs) throw new HubError('http', 'Cache Storage is not available here, so the model could not be stored.');
  if (signal?.aborted) throw cancelledError(choice.id);

  const id = choice.id;
  const modelFile = VARIANT_FILES[choice.variant];
  const files = filesOf(choice.variant);
  const ctxOf = (file: string): FileContext => ({ id, file, hubHost });
  // One controller for every request: the user's cancel, or the first failure, stops them all.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const t0 = performance.now();
  try {
    const failFast = <T,>(p: Promise<T>): Promise<T> =>
      p.catch((err: unknown) => {
        controller.abort();
        throw err;
      });

    // 1. Ask for every file at once: the answers' headers give the total size for the progress bar.
    const responses = await Promise.all(
      files.map((file) =>
        failFast(
          (async () => {
            const url = hubFileUrl(hubHost, id, choice.revision, file);
            let res: Response;
            try {
              // no-store: the bytes go to Cache Storage once, not also to the HTTP cache.
              res = await doFetch(url, { signal: controller.signal, cache: 'no-store', credentials: 'omit' });
            } catch (err) {
              throw toHubError(err, { ...ctxOf(file), stage: 'connect', aborted: signal?.aborted });
            }
            if (!res.ok) {
              void res.body?.cancel().catch(() => undefined);
              throw httpStatusError(res.status, ctxOf(file));
            }
            return res;
          })(),
        ),
      ),
    );

    // 2. Read the bodies with progress.
    const tracker = new ProgressTracker(
      files.map((file, i) => ({ file, total: contentLength(responses[i]) })),
      (p) => options.onProgress?.(p),
      { intervalMs: options.progressIntervalMs },
    );
    options.onProgress?.(tracker.snapshot(modelFile));
    const bodies = await Promise.all(
      files.map((file, i) => failFast(readBody(responses[i], ctxOf(file), tracker, file === modelFile ? MODEL_HEADROOM : 0, signal))),
    );
    const downloadMs = performance.now() - t0;
    const byFile = new Map(files.map((f, i) => [f, bodies[i]]));

    // 3. Validate before anything is written.
    const tv = performance.now();
    const config = parseJsonFile<RawConfig>(byFile.get('config.json')!, id, 'config.json');
    const tokenizerJson = parseJsonFile<Record<string, unknown>>(byFile.get('tokenizer.json')!, id, 'tokenizer.json');
    const tokenizerConfig = parseJsonFile<Record<string, unknown>>(byFile.get('tokenizer_config.json')!, id, 'tokenizer_config.json');
    if (typeof tokenizerJson.model !== 'object' || tokenizerJson.model === null) {
      throw new HubError('corrupt', `The downloaded tokenizer.json of ${id} has no "model" section; it is not a tokenizers-format file. Nothing was saved.`);
    }
    const modelBytes = byFile.get(modelFile)!;
    const summary = validateModel(modelBytes, config, id, modelFile);
    const validateMs = performance.now() - tv;
    if (signal?.aborted) throw cancelledError(id);

    // 4. Store: the ONNX file first (the write most likely to hit the quota), then the small files.
    const ts = performance.now();
    const total = bodies.reduce((s, b) => s + b.byteLength, 0);
    const cache = await cs.open(HUB_CACHE);
    const modelUrl = hubFileUrl(hubHost, id, choice.revision, modelFile);
    const hadModel = (await cache.match(modelUrl)) !== undefined;
    const order = [modelFile, ...files.filter((f) => f !== modelFile)];
    try {
      for (const file of order) {
        const body = byFile.get(file)!;
        const res = new Response(body, {
          headers: { 'content-type': contentTypeOf(file, responses[files.indexOf(file)]), 'content-length': String(body.byteLength) },
        });
        try {
          await cache.put(hubFileUrl(hubHost, id, choice.revision, file), res);
        } catch (err) {
          throw toHubError(err, { ...ctxOf(file), stage: 'store', bytes: total });
        }
      }
    } catch (err) {
      // A model that was not there before must not stay half-written.
      if (!hadModel) await cache.delete(modelUrl).catch(() => false);
      throw err;
    }
    const record: Omit<StoredModel, 'complete'> = {
      id,
      variant: choice.variant,
      revision: choice.revision,
      hubHost,
      bytes: total,
      files: Object.fromEntries(files.map((f) => [f, byFile.get(f)!.byteLength])),
      layers: summary.layers,
      heads: summary.heads,
      maxTokens: summary.maxTokens,
      modelType: summary.modelType,
      downloadedAt: new Date().toISOString(),
    };
    await writeRecord(record, { caches: cs });
    const storeMs = performance.now() - ts;
    return {
      modelBytes,
      config,
      tokenizerJson,
      tokenizerConfig,
      summary,
      stored: { ...record, complete: true },
      bytes: total,
      timings: { downloadMs, validateMs, storeMs },
    };
  } catch (err) {
    if (signal?.aborted || (isAbortError(err) && !(err instanceof HubError))) throw cancelledError(id);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
