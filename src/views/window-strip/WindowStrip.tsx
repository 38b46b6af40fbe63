// Where a window of a long text sits in the whole text, under the surface's header: one segment per window (width by
// its tokens; overlaps show as the stripes where segments meet), the shown one highlighted, previous / next, and a
// click on a segment jumps there. Keyboard: Tab reaches the buttons and the current segment; on a segment ← / →
// step, Home / End jump to the first / last window. The surface re-requests the analysis with options.window = k
// (onWindow); without onWindow the strip only shows where the window is. While a window is being fetched the
// controls stay focusable (aria-disabled, not disabled: focus must not fall back to the page) and ignore presses.
import { useRef } from 'preact/hooks';
import type { WindowInfo } from '../../shared/attention-result';
import { windowLabel } from './label';
import './window-strip.css';
import { t } from '../../shared/i18n';

export { windowLabel };

export interface WindowStripProps {
  windows: WindowInfo;
  /** Show window k (the surface asks the engine for it); absent = the strip is read-only. */
  onWindow?: (k: number) => void;
  /** The window being fetched now, if any (its segment pulses; the buttons wait). */
  pending?: number | null;
  /** Why the last step failed, if it did (shown under the strip). */
  error?: string | null;
}

export function WindowStrip(props: WindowStripProps) {
  const { windows: w, onWindow, pending } = props;
  const track = useRef<HTMLDivElement>(null);
  const k = w.index;
  const busy = pending !== null && pending !== undefined;
  const at = busy ? pending : k;
  const go = (j: number) => {
    if (!onWindow || busy || j < 0 || j >= w.count || j === k) return;
    onWindow(j);
  };
  const focusSeg = (j: number) => track.current?.querySelector<HTMLButtonElement>(`[data-index="${j}"]`)?.focus();
  const onKey = (e: KeyboardEvent) => {
    const to =
      e.key === 'ArrowLeft' || e.key === 'ArrowUp'
        ? at - 1
        : e.key === 'ArrowRight' || e.key === 'ArrowDown'
          ? at + 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? w.count - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    const j = Math.max(0, Math.min(w.count - 1, to));
    if (busy || !onWindow) return;
    go(j);
    focusSeg(j);
  };
  const total = Math.max(1, w.totalTokens);
  const summarised = w.summaries ? w.summaries.have.reduce((s, v) => s + v, 0) : 0;
  const off = !onWindow || busy;
  return (
    <div
      class="al-window-strip"
      role="group"
      aria-label={t('win_label')}
      data-testid="window-strip"
      data-window={k}
      data-count={w.count}
      aria-busy={busy ? 'true' : undefined}
    >
      <button
        type="button"
        class="al-btn al-btn-small al-btn-icon"
        data-testid="window-prev"
        aria-label={t('win_prev')}
        aria-disabled={off || k === 0 ? 'true' : undefined}
        onClick={() => go(k - 1)}
      >
        ‹
      </button>
      <div class="al-window-track" ref={track} onKeyDown={onKey}>
        {w.ranges.map((r, j) => (
          <button
            type="button"
            key={j}
            class={`al-window-seg${j === k ? ' is-current' : ''}${j === pending ? ' is-pending' : ''}`}
            style={{ left: `${(r.start / total) * 100}%`, width: `${((r.end - r.start) / total) * 100}%`, top: `${(j % 2) * 50}%` }}
            data-testid="window-seg"
            data-index={j}
            tabIndex={j === at ? 0 : -1}
            aria-current={j === k ? 'true' : undefined}
            aria-label={windowLabel(w, j)}
            aria-disabled={off ? 'true' : undefined}
            title={windowLabel(w, j)}
            onClick={() => go(j)}
          />
        ))}
      </div>
      <button
        type="button"
        class="al-btn al-btn-small al-btn-icon"
        data-testid="window-next"
        aria-label={t('win_next')}
        aria-disabled={off || k === w.count - 1 ? 'true' : undefined}
        onClick={() => go(k + 1)}
      >
        ›
      </button>
      <span class="al-window-label" data-testid="window-label" aria-live="polite">
        {busy ? t('win_loading', pending + 1, w.count) : windowLabel(w)}
        {w.summaries && summarised < w.count ? t('win_heat_from', summarised, w.count) : ''}
      </span>
      {props.error && (
        <span class="al-window-error" role="alert" data-testid="window-error">
          {props.error}
        </span>
      )}
    </div>
  );
}
