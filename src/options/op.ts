// The Options page's operation state (download, check, delete) and the pure helpers that build its messages.
import { formatBytes } from '../hub/catalog';
import { shortSha } from '../hub/revision';
import { HubError } from '../hub/errors';
import type { DownloadProgress, DownloadedModel } from '../hub/download';
import type { StoredModel } from '../hub/store';
import type { VerifiedModel } from '../hub/verify';
import type { ModelChoice } from '../shared/model-choice';
import { formatMs } from './format';
import { t } from '../shared/i18n';

/** Figures a finished operation exposes as data-* attributes of its status line. */
export type OpData = Record<string, string | number>;

export type Op =
  | { kind: 'idle' }
  | { kind: 'downloading'; choice: ModelChoice; progress: DownloadProgress | null; startedAt: number }
  | { kind: 'checking'; choice: ModelChoice }
  | { kind: 'done'; choice: ModelChoice; message: string; data?: OpData }
  | { kind: 'cancelled'; choice: ModelChoice; message: string }
  | { kind: 'error'; choice: ModelChoice | null; message: string; reason: string };

export type DownloadingOp = Extract<Op, { kind: 'downloading' }>;

export const IDLE: Op = { kind: 'idle' };

/** A download or a check is running: the controls that would interfere are disabled. */
export function isBusy(op: Op): boolean {
  return op.kind === 'downloading' || op.kind === 'checking';
}

export function errorMessage(err: unknown): { message: string; reason: string } {
  if (err instanceof HubError) return { message: err.message, reason: err.reason };
  return { message: err instanceof Error ? err.message : String(err), reason: 'internal' };
}

/** The op after a failed download: 'cancelled' when the user cancelled it, else 'error'. */
export function failedDownloadOp(choice: ModelChoice, err: unknown): Op {
  const e = errorMessage(err);
  return e.reason === 'cancelled' ? { kind: 'cancelled', choice, message: e.message } : { kind: 'error', choice, ...e };
}

/** The op after a successful check from the cache; `prefix` and `data` carry what came before it (a download). */
export function verifiedOp(choice: ModelChoice, v: VerifiedModel, prefix: string, data: OpData): Op {
  return {
    kind: 'done',
    choice,
    message: t('opt_verified', prefix, v.layers, v.heads, v.tokens.slice(1, 4).join(' '), v.tokens.length, formatMs(v.readMs)),
    data: { ...data, layers: v.layers, heads: v.heads, tokens: v.tokens.length, readMs: Math.round(v.readMs) },
  };
}

/** What a finished download says before its check: size, time, rate, a resume, the commit; and its figures as data. */
export function downloadedSummary(
  got: Pick<DownloadedModel, 'bytes' | 'timings'> & Partial<Pick<DownloadedModel, 'received' | 'resumedFrom' | 'commit'>>,
  nowInUse = true,
): { prefix: string; data: OpData } {
  const { downloadMs } = got.timings;
  const received = got.received ?? got.bytes;
  const rate = received / 1e6 / (downloadMs / 1000);
  const details = [`${rate.toFixed(1)} MB/s`];
  if (got.resumedFrom) details.push(t('opt_resumed_this_time', formatBytes(received)));
  if (got.commit) details.push(t('opt_commit', shortSha(got.commit)));
  return {
    prefix: t(nowInUse ? 'opt_downloaded_in_use' : 'opt_downloaded_in', formatBytes(got.bytes), formatMs(downloadMs), details.join(t('list_separator'))),
    data: {
      bytes: got.bytes,
      received,
      resumedFrom: got.resumedFrom ?? 0,
      commit: got.commit ?? '',
      downloadMs: Math.round(downloadMs),
      validateMs: Math.round(got.timings.validateMs),
      storeMs: Math.round(got.timings.storeMs),
    },
  };
}

/** The op after deleting a stored model that freed `freedBytes`. */
export function deletedOp(m: StoredModel, freedBytes: number, wasActive: boolean): Op {
  return {
    kind: 'done',
    choice: { id: m.id, source: 'hub', variant: m.variant, revision: 'main' },
    message: t(wasActive ? 'opt_deleted_builtin' : 'opt_deleted', m.id, m.variant, formatBytes(freedBytes)),
  };
}

/** A done op's data as attributes: { readMs: 12 } → { 'data-readms': '12' }. */
export function statusDataAttrs(op: Op): Record<string, string> {
  if (op.kind !== 'done' || !op.data) return {};
  return Object.fromEntries(Object.entries(op.data).map(([k, v]) => [`data-${k.toLowerCase()}`, String(v)]));
}
