// Progress of a running download: bar, bytes of total, percent, rate, current file, and Cancel.
import { choiceLabel } from '../shared/model-choice';
import { downloadRate, formatPercent, progressBytesText } from './format';
import type { DownloadingOp } from './op';
import { t } from '../shared/i18n';

export function DownloadProgressView(props: { op: DownloadingOp; onCancel: () => void }) {
  const p = props.op.progress;
  const percent = p?.percent ?? null;
  const rate = downloadRate(p, (performance.now() - props.op.startedAt) / 1000);
  return (
    <div class="opt-progress-wrap">
      <div
        class={`opt-progress${percent === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={t('opt_downloading', choiceLabel(props.op.choice))}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        data-testid="progress"
        data-percent={percent ?? ''}
      >
        <div class="opt-progress-bar" style={{ width: `${percent ?? 30}%` }} />
      </div>
      <div class="opt-progress-text" data-testid="progress-text" aria-live="off">
        <span>
          {progressBytesText(p)}
          {percent !== null && <strong> · {formatPercent(percent)}%</strong>}
          {rate !== null && <span class="opt-muted"> · {rate.toFixed(1)} MB/s</span>}
        </span>
        {p && <span class="opt-muted opt-file">{p.file}</span>}
      </div>
      <button type="button" class="lens-button" data-testid="cancel" onClick={props.onCancel}>
        {t('opt_cancel')}
      </button>
    </div>
  );
}
