// The action for the picked model: use it, check it offline, download (or resume) it, or the running download's progress.
import type { PartialDownload } from '../hub/chunks';
import { formatBytes } from '../hub/catalog';
import type { StoredModel } from '../hub/store';
import { DEFAULT_MODEL, type ModelChoice } from '../shared/model-choice';
import { DownloadProgressView } from './DownloadProgress';
import type { Op } from './op';
import { sameChoice } from './pick';
import { t } from '../shared/i18n';

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
  return t('opt_resume', formatBytes(Math.max(0, p.size - kept)), pct);
}

export function ModelAction({ pending, inUse, pendingStored, expectedBytes, partial, op, busy, actions }: ModelActionProps) {
  return (
    <div class="opt-action" data-testid="model-action">
      {pending === null ? (
        <button type="button" class="lens-button opt-primary" disabled>
          {t('opt_download')}
        </button>
      ) : pending.source === 'bundled' ? (
        sameChoice(pending, inUse) ? (
          <span class="opt-state">{t('opt_builtin_in_use')}</span>
        ) : (
          <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="use" onClick={() => actions.use(DEFAULT_MODEL)}>
            {t('opt_use_builtin')}
          </button>
        )
      ) : op.kind === 'downloading' ? (
        <DownloadProgressView op={op} onCancel={actions.cancel} />
      ) : pendingStored ? (
        <>
          {sameChoice(pending, inUse) ? (
            <span class="opt-state">{t('opt_in_use_stored', formatBytes(pendingStored.bytes))}</span>
          ) : (
            <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="use" onClick={() => actions.use(pending)}>
              {t('opt_use_model')}
            </button>
          )}
          <button type="button" class="lens-button" disabled={busy} data-testid="verify" onClick={() => actions.check(pending)}>
            {t('opt_check_offline')}
          </button>
        </>
      ) : partial ? (
        <>
          <button
            type="button"
            class="lens-button opt-primary"
            disabled={busy}
            data-testid="download"
            data-resume="true"
            onClick={() => actions.download(pending)}
          >
            {resumeLabel(partial)}
          </button>
          <button type="button" class="lens-button" disabled={busy} data-testid="discard-partial" onClick={() => actions.discardPartial(pending)}>
            {t('opt_discard')}
          </button>
        </>
      ) : (
        <button type="button" class="lens-button opt-primary" disabled={busy} data-testid="download" onClick={() => actions.download(pending)}>
          {expectedBytes ? t('opt_download_size', formatBytes(expectedBytes)) : t('opt_download')}
        </button>
      )}
    </div>
  );
}
