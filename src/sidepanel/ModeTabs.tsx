// The two modes of popup and side panel: the page's selection, or the scratchpad.
import { t } from '../shared/i18n';
export type Mode = 'page' | 'scratchpad';

export function ModeTabs(props: {
  mode: Mode;
  onMode: (m: Mode) => void;
  pageLabel: string;
  pageDisabled?: boolean;
  /** Inside the title bar (the narrow side panel) instead of a row of its own. */
  inline?: boolean;
}) {
  const tab = (m: Mode, label: string, disabled = false) => (
    <button
      type="button"
      role="tab"
      class="lens-mode"
      id={`lens-mode-${m}`}
      aria-selected={props.mode === m}
      aria-controls={`lens-section-${m}`}
      data-testid={`mode-${m}`}
      disabled={disabled}
      tabIndex={props.mode === m ? 0 : -1}
      onClick={() => props.onMode(m)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          const next = props.mode === 'page' ? 'scratchpad' : 'page';
          if (next === 'page' && props.pageDisabled) return;
          props.onMode(next);
          document.getElementById(`lens-mode-${next}`)?.focus();
        }
      }}
    >
      {label}
    </button>
  );
  return (
    <div class={`lens-modes${props.inline ? ' lens-modes-inline' : ''}`} role="tablist" aria-label={t('mode_tabs_label')}>
      {tab('page', props.pageLabel, props.pageDisabled)}
      {tab('scratchpad', t('mode_scratchpad'))}
    </div>
  );
}
