// Every way a Hub download or a cached-model read can fail, as one typed error with a message a
// user can act on. Pure (no browser API) so each mapping is unit-tested.
import { ProtocolError, type ErrorCode } from '../shared/protocol';
import { VARIANT_LABELS, formatBytes, variantOfFile } from './catalog';

export type HubErrorReason =
  | 'invalid' // bad model id or host
  | 'not-found' // 404 for a file
  | 'unauthorized' // 401/403: private, gated or nonexistent repository
  | 'http' // any other HTTP failure
  | 'offline' // the request never got an answer
  | 'interrupted' // the answer stopped before content-length bytes
  | 'quota' // Cache Storage is full
  | 'corrupt' // bytes arrived but are not a usable model / JSON
  | 'unsupported' // a valid ONNX model whose attention cannot be exposed (fused attention, not an encoder)
  | 'cancelled' // AbortSignal
  | 'not-downloaded'; // the engine asked for a model that is not in the cache

export class HubError extends ProtocolError {
  constructor(
    readonly reason: HubErrorReason,
    message: string,
    code: ErrorCode = 'model-file',
  ) {
    super(code, message);
    this.name = 'HubError';
  }
}

export interface FileContext {
  /** Hub model id. */
  id: string;
  /** File inside the repository ("onnx/model_quantized.onnx"). */
  file: string;
  /** Normalised host, for messages ("https://huggingface.co"). */
  hubHost: string;
}

function hostLabel(hubHost: string): string {
  try {
    const u = new URL(hubHost);
    return u.host === 'huggingface.co' ? 'the Hugging Face Hub' : u.host;
  } catch {
    return hubHost;
  }
}

/** The error for a non-2xx answer to a file request. */
export function httpStatusError(status: number, ctx: FileContext): HubError {
  const where = hostLabel(ctx.hubHost);
  if (status === 404) {
    const variant = variantOfFile(ctx.file);
    if (variant) {
      return new HubError(
        'not-found',
        `Model ${ctx.id} has no ${ctx.file} on ${where}: that export does not publish the ${VARIANT_LABELS[variant]} variant. Pick another variant.`,
      );
    }
    if (ctx.file === 'config.json') {
      return new HubError(
        'not-found',
        `Model ${ctx.id} was not found on ${where} (no config.json). Check the id; it must be a transformers.js export with an onnx/ folder, e.g. Xenova/bert-base-uncased.`,
      );
    }
    return new HubError(
      'not-found',
      `Model ${ctx.id} has no ${ctx.file} on ${where}, so it cannot be tokenized in the browser. Use a transformers.js export (e.g. Xenova/…).`,
    );
  }
  if (status === 401 || status === 403) {
    return new HubError(
      'unauthorized',
      `Model ${ctx.id} is private, gated or does not exist (${where} answered HTTP ${status} for ${ctx.file}). Only public models can be downloaded.`,
    );
  }
  return new HubError('http', `${where} answered HTTP ${status} for ${ctx.file} of ${ctx.id}. Try again later.`);
}

export function cancelledError(id: string): HubError {
  return new HubError('cancelled', `Download of ${id} cancelled. Nothing was saved.`);
}

/**
 * The connection stopped before the whole file arrived. `kept` bytes of it are stored (chunked downloads keep what
 * arrived, to resume from there); 0 = nothing was saved.
 */
export function interruptedError(ctx: FileContext, loaded: number, total: number | null, kept = 0): HubError {
  const of = total ? ` after ${formatBytes(loaded)} of ${formatBytes(total)}` : '';
  const next = kept > 0 ? `The ${formatBytes(kept)} received are kept: click Download to resume from there.` : 'Nothing was saved; click Download to try again.';
  return new HubError('interrupted', `The download of ${ctx.file} (${ctx.id}) was interrupted${of}. ${next}`);
}

/** What navigator.storage.estimate() said, and what the download needs. */
export interface StorageShortfall {
  id: string;
  variant: string;
  /** Bytes still to store. */
  needed: number;
  usage: number;
  quota: number;
}

export function storageShortError(s: StorageShortfall): HubError {
  const free = Math.max(0, s.quota - s.usage);
  return new HubError(
    'quota',
    `Not enough storage for ${s.id} (${s.variant}): the download needs ${formatBytes(s.needed)}, but the browser lets this extension store only ${formatBytes(free)} more (${formatBytes(s.usage)} of its ${formatBytes(s.quota)} are used). Delete a stored model or free disk space, then try again. Nothing was downloaded.`,
  );
}

export function revisionNotFoundError(id: string, revision: string, hubHost: string): HubError {
  return new HubError('not-found', `Model ${id} has no revision "${revision}" on ${hostLabel(hubHost)}. Nothing was downloaded.`);
}

export function notDownloadedError(id: string, variant: string, detail?: string): HubError {
  return new HubError(
    'not-downloaded',
    detail
      ? `Model ${id} (${variant}) is not completely in the browser's cache (${detail.replace(/\.$/, '')}). Open the Attention Lens options (right-click the toolbar icon → Options), delete it and download it again, or choose the built-in model.`
      : `Model ${id} (${variant}) is not downloaded yet. Open the Attention Lens options (right-click the toolbar icon → Options) and click Download, or choose the built-in model.`,
  );
}

function isNamed(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}

export function isAbortError(err: unknown): boolean {
  return isNamed(err, 'AbortError') || (err instanceof HubError && err.reason === 'cancelled');
}

export function isQuotaError(err: unknown): boolean {
  return isNamed(err, 'QuotaExceededError') || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 22);
}

/**
 * Maps anything thrown while talking to the host or the cache to a HubError.
 * stage: 'connect' (no answer yet), 'read' (reading the body), 'store' (writing Cache Storage).
 */
export function toHubError(
  err: unknown,
  ctx: FileContext & { stage: 'connect' | 'read' | 'store'; loaded?: number; total?: number | null; bytes?: number; aborted?: boolean },
): HubError {
  if (err instanceof HubError) return err;
  if (ctx.aborted || isAbortError(err)) return cancelledError(ctx.id);
  const detail = err instanceof Error ? err.message : String(err);
  if (ctx.stage === 'store') {
    if (isQuotaError(err)) {
      const size = ctx.bytes ? ` (${formatBytes(ctx.bytes)})` : '';
      return new HubError(
        'quota',
        `Not enough storage to save ${ctx.id}${size}. Delete a stored model or free disk space, then try again. Nothing was saved.`,
      );
    }
    return new HubError('http', `Could not save ${ctx.file} of ${ctx.id} in the browser's cache (${detail}). Nothing was saved.`);
  }
  if (ctx.stage === 'read') return interruptedError(ctx, ctx.loaded ?? 0, ctx.total ?? null);
  return new HubError(
    'offline',
    `Could not reach ${hostLabel(ctx.hubHost)} to download ${ctx.id} (${detail}). You seem to be offline or the host is unreachable. Models you already downloaded keep working.`,
  );
}
