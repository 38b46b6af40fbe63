// A paragraph of a page profile, opened: its window of the profiled text analysed in full (every view, nested
// below the profile); the panel's window strip steps to the neighbouring windows. Only this one window's tensors
// are held here; the engine caches recent windows (bounded) and recomputes others on demand.
import { createContext, type ComponentChildren, type ComponentType } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { analyze } from '../../app/engine-client';
import type { AttentionResult } from '../../shared/attention-result';
import { toErrorInfo, type ErrorInfo } from '../../shared/protocol';
import { WindowStrip } from '../window-strip/WindowStrip';
import { t } from '../../shared/i18n';

/** True inside a drill-down: the nested panel's own Profile tab does not start another profile there. */
export const ProfileNesting = createContext(false);

export function useNested(): boolean {
  return useContext(ProfileNesting);
}

type PanelComponent = ComponentType<{ result: AttentionResult; compact?: boolean; initialTab?: 'tokens'; strip?: ComponentChildren }>;
// AttentionPanel imports the registry, which imports this view: loaded when first needed, not at module load.
let panel: Promise<PanelComponent> | null = null;
const loadPanel = () => (panel ??= import('../AttentionPanel').then((m) => m.AttentionPanel as PanelComponent));

export function DrillDown(props: {
  text: string;
  paragraph: { start: number; end: number };
  index: number;
  window: number;
  count: number;
  overlap: number;
  compact?: boolean;
  onClose: () => void;
}) {
  const [k, setK] = useState(props.window);
  const [state, setState] = useState<{ result: AttentionResult | null; error: ErrorInfo | null; pending: number | null }>({
    result: null,
    error: null,
    pending: props.window,
  });
  const [Panel, setPanel] = useState<PanelComponent | null>(null);
  useEffect(() => {
    void loadPanel().then((P) => setPanel(() => P));
  }, []);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, pending: k, error: null }));
    // The summaries of the other windows are for the page heat of a selection: not needed here. The profile's own
    // windows (its overlap), so window k is the one the profile ran and the strip steps through the same windows.
    analyze(props.text, { window: k, summaries: false, withQK: false, windowOverlap: props.overlap }).then(
      ({ value }) => live && setState({ result: value, error: null, pending: null }),
      (err: unknown) => live && setState((s) => ({ ...s, error: toErrorInfo(err, 'engine'), pending: null })),
    );
    return () => {
      live = false;
    };
  }, [props.text, props.overlap, k]);
  const r = state.result;
  return (
    <section
      class="al-profile-drill"
      data-testid="profile-drilldown"
      data-paragraph={props.index}
      data-window={r?.windows?.index ?? (r ? 0 : -1)}
      aria-label={t('prof_drill_label', props.index + 1, k + 1)}
    >
      <div class="al-profile-drill-head">
        <p class="al-caption-sub">{t('prof_drill_title', props.index + 1, k + 1, props.count)}</p>
        <button type="button" class="al-btn al-btn-small" data-testid="profile-drill-close" onClick={props.onClose}>
          {t('prof_back')}
        </button>
      </div>
      {state.error && (
        <p class="al-notice" role="alert">
          {state.error.message}
        </p>
      )}
      {!r && !state.error && (
        <p class="al-caption-sub" role="status">
          {t('prof_analysing_window', k + 1)}
        </p>
      )}
      {/* the window strip under the nested panel's header steps through the profiled text's windows */}
      {r && Panel && (
        <Panel
          result={r}
          compact={props.compact}
          initialTab="tokens"
          strip={r.windows && <WindowStrip windows={r.windows} onWindow={setK} pending={state.pending} />}
        />
      )}
    </section>
  );
}
