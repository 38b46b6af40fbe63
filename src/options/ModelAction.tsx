// The action for the picked model: use it, check it offline, download (or resume) it, or the running download's progress.
import type { PartialDownload } from '../hub/chunks';
import { formatBytes } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import { DEFAULT_MODEL, type ModelChoice } from '../shared/model-choice';
import { DownloadProgressView } from './DownloadProgress';
import type { Op } from './op';
import { sameChoice } from './pick';

export interface ModelActions {
  use: (choice: ModelChoice) => void;
  check: (choice: ModelChoice) => void;
  download: (choice: ModelChoice) => void;
  cancel: () => void;
  /** Drop the bytes an interrupted download kept. */
  discardPartial: (choice: ModelChoice) => void;
}

export interface ModelActionProps {
  /** The picked model's choice; null while the typed id is invalid. */
  pending: ModelChoice | null;
  inUse: ModelChoice;
  /** The complete stored copy of `pending`, if any. */
  pendingStored: StoredModel | undefined;
  /** Expected download size of `pending`, when known. */
  expectedBytes: number | null;
  /** What an interrupted download of `pending` kept (Download resumes from there). */
  partial: PartialDownload | null;
  op: Op;
  busy: boolean;
  actions: ModelActions;
}

/** "Resume · 9.6 MB left (50% stored)" */
export function resumeLabel(p: PartialDownload): string {
  const kept = p.sizes.reduce((a, b) => a + b, 0);
  const pct = p.size > 0 ? Math.floor((kept / p.size) * 100) : 0;
  return `Resume · ${formatBytes(Math.max(0, p.size - kept))} left (${pct}% stored)`;
}

export function ModelAction({ pending, inUse, pendingStored, expectedBytes, partial, op, busy, actions }: ModelActionProps) {
  return (
    <div class="opt-action" data-testid="model-action">
      {pending === null ? (
        <button type="button" class="lens-button opt-primary" disabled>
          Download
        </button>
      ) : pending.source === 'bundled' ? (
        sameChoice(pending, inUse) ? (
          <span class="opt-state">The built-in model is in use.</span>
        ) : (
          <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="use" onClick={() => actions.use(DEFAULT_MODEL)}>
            Use the built-in model
          </button>
        )
      ) : op.kind === 'downloading' ? (
        <DownloadProgressView op={op} onCancel={actions.cancel} />
      ) : pendingStored ? (
        <>
          {sameChoice(pending, inUse) ? (
            <span class="opt-state">In use · {formatBytes(pendingStored.bytes)} stored</span>
          ) : (
            <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="use" onClick={() => actions.use(pending)}>
              Use this model
            </button>
          )}
          <button type="button" class="lens-button" disabled={busy} data-testid="verify" onClick={() => actions.check(pending)}>
            Check offline
          </button>
        </>
      ) : partial ? (
        <>
          <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="download" data-resume="true" onClick={() => actions.download(pending)}>
            {resumeLabel(partial)}
          </button>
          <button type="button" class="lens-button" disabled={busy} data-testid="discard-partial" onClick={() => actions.discardPartial(pending)}>
            Discard
          </button>
        </>
      ) : (
        <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="download" onClick={() => actions.download(pending)}>
          Download{expectedBytes ? ` · ${formatBytes(expectedBytes)}` : ''}
        </button>
      )}
    </div>
  );
}
