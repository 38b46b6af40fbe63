// What every surface (popup, overlay, side panel, scratchpad) shows below its header: progress, a clear message, or
// the views with the research tools (LensResult: masked-token probing, compare mode).
import type { HeatReport } from '../views/panel-state';
import type { ViewState } from '../views/view-state';
import { openOptionsPage } from '../platform/runtime';
import { LensResult } from './LensResult';
import { PairControl } from './PairControl';
import { stageText } from './stage-text';
import type { AnalysisState } from './useAnalysis';
import { t, type MessageKey } from '../shared/i18n';

export { stageText };

const HINTS: Record<string, MessageKey> = {
  'empty-selection': 'app_hint_empty_selection',
  'model-file': 'app_hint_model_file',
  'offscreen-lost': 'app_hint_offscreen_lost',
  'model-numerics': 'app_hint_model_numerics',
  'sandboxed-page': 'app_hint_sandboxed_page',
};

/** Errors a retry cannot fix (the user must select something else or go elsewhere). */
const NO_RETRY = new Set(['restricted-page', 'empty-selection', 'protected-field', 'sandboxed-page', 'extension-reloaded']);

export function LensBody(props: {
  state: AnalysisState;
  compact?: boolean;
  onRetry?: () => void;
  onHeat?: (heat: HeatReport | null) => void;
  pairSplit?: number | null;
  onPairSplit?: (at: number | null) => void;
  /** The shared view state (src/app/view-state-store.ts): the panel is then controlled by it. */
  viewState?: ViewState;
  onViewState?: (patch: Partial<ViewState>) => void;
  /** Show the pair selector and backend note above the views (default); a surface with its own place for them (the overlay's menu) turns this off. */
  toolbar?: boolean;
}) {
  const { state } = props;
  if (state.kind === 'idle' || state.kind === 'working') {
    return (
      <div class="lens-status" role="status" aria-live="polite" data-testid="lens-working">
        <div class="lens-spinner" aria-hidden="true" />
        <p data-testid="lens-stage" data-stage={state.kind === 'working' ? (state.progress?.stage ?? 'running') : 'reading-selection'}>
          {state.kind === 'idle' ? t('app_reading_selection') : stageText(state.progress)}
        </p>
        {state.kind === 'working' && <blockquote class="lens-quote">{excerpt(state.text)}</blockquote>}
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div class="lens-status lens-error" role="alert" data-testid="lens-error" data-code={state.error.code}>
        <p class="lens-error-title">{state.error.message}</p>
        {HINTS[state.error.code] && <p class="lens-hint">{t(HINTS[state.error.code])}</p>}
        {(state.error.code === 'model-file' || state.error.code === 'model-graph' || state.error.code === 'model-numerics') && (
          <button type="button" class="lens-button" data-testid="open-settings" onClick={() => void openOptionsPage()}>
            {t('app_open_settings')}
          </button>
        )}
        {props.onRetry && !NO_RETRY.has(state.error.code) && (
          <button type="button" class="lens-button" onClick={props.onRetry}>
            {t('app_try_again')}
          </button>
        )}
      </div>
    );
  }
  return (
    <div class="lens-result" data-testid="lens-result" data-total-ms={Math.round(state.totalMs)}>
      {props.toolbar !== false && (
        <div class="lens-toolbar">
          {props.onPairSplit && <PairControl text={state.text} split={props.pairSplit ?? null} onSplit={props.onPairSplit} />}
          {state.result.backendNote && (
            <p class="lens-backend-note" data-testid="backend-note" title={state.result.backendNote}>
              {state.result.backendNote}
            </p>
          )}
        </div>
      )}
      <LensResult
        result={state.result}
        compact={props.compact}
        onHeat={props.onHeat}
        {...(props.viewState && props.onViewState ? { state: props.viewState, onStateChange: props.onViewState } : {})}
      />
    </div>
  );
}

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}
