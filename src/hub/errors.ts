// Every way a Hub download or a cached-model read can fail, as one typed error with a message a
// user can act on. Pure (no browser API) so each mapping is unit-tested.
import { ProtocolError, type ErrorCode } from '../shared/protocol';
import { VARIANT_LABELS, formatBytes, variantOfFile } from './catalog';
import { t } from '../shared/i18n';

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
    return u.host === 'huggingface.co' ? t('hub_hf') : u.host;
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
      return new HubError('not-found', t('hub_variant_missing', ctx.id, ctx.file, where, VARIANT_LABELS[variant]));
    }
    if (ctx.file === 'config.json') {
      return new HubError('not-found', t('hub_model_not_found', ctx.id, where));
    }
    return new HubError('not-found', t('hub_no_tokenizer', ctx.id, ctx.file, where));
  }
  if (status === 401 || status === 403) {
    return new HubError('unauthorized', t('hub_unauthorized', ctx.id, where, status, ctx.file));
  }
  return new HubError('http', t('hub_http', where, status, ctx.file, ctx.id));
}

export function cancelledError(id: string): HubError {
  return new HubError('cancelled', t('hub_cancelled', id));
}

/**
 * The connection stopped before the whole file arrived. `kept` bytes of it are stored (chunked downloads keep what
 * arrived, to resume from there); 0 = nothing was saved.
 */
export function interruptedError(ctx: FileContext, loaded: number, total: number | null, kept = 0): HubError {
  const of = total ? t('hub_interrupted_after', formatBytes(loaded), formatBytes(total)) : '';
  const next = kept > 0 ? t('hub_kept_resume', formatBytes(kept)) : t('hub_nothing_saved_retry');
  return new HubError('interrupted', t('hub_interrupted', ctx.file, ctx.id, of, next));
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
  return new HubError('quota', t('hub_quota', s.id, s.variant, formatBytes(s.needed), formatBytes(free), formatBytes(s.usage), formatBytes(s.quota)));
}

export function revisionNotFoundError(id: string, revision: string, hubHost: string): HubError {
  return new HubError('not-found', t('hub_revision_not_found', id, revision, hostLabel(hubHost)));
}

export function notDownloadedError(id: string, variant: string, detail?: string): HubError {
  return new HubError('not-downloaded', detail ? t('hub_incomplete', id, variant, detail.replace(/[.。]$/, '')) : t('hub_not_downloaded', id, variant));
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
      return new HubError('quota', t('hub_quota_save', ctx.id, size));
    }
    return new HubError('http', t('hub_save_failed', ctx.file, ctx.id, detail));
  }
  if (ctx.stage === 'read') return interruptedError(ctx, ctx.loaded ?? 0, ctx.total ?? null);
  return new HubError('offline', t('hub_offline', hostLabel(ctx.hubHost), ctx.id, detail));
}
