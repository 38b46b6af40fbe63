// What popup and overlay show below their headers: progress, a clear message, or the views.
import { AttentionPanel } from '../views/AttentionPanel';
import { openOptionsPage } from '../platform/runtime';
import { PairControl } from './PairControl';
import type { AnalysisState } from './useAnalysis';

const HINTS: Record<string, string> = {
  'empty-selection': 'Highlight a sentence or a paragraph, then click the Attention Lens icon (or right-click → “Show BERT attention”).',
  'model-file': 'The model could not be loaded. Open the settings to download it (again) or choose another model.',
  'offscreen-lost': 'The engine was restarted. Try again.',
};

export function LensBody(props: {
  state: AnalysisState;
  compact?: boolean;
  onRetry?: () => void;
  onHighlightScores?: (scores: Float32Array | null) => void;
  pairSplit?: number | null;
  onPairSplit?: (at: number | null) => void;
}) {
  const { state } = props;
  if (state.kind === 'idle' || state.kind === 'working') {
    return (
      <div class="lens-status" role="status" aria-live="polite" data-testid="lens-working">
        <div class="lens-spinner" aria-hidden="true" />
        <p>{state.kind === 'idle' ? 'Reading the selection…' : 'Running the model on your selection…'}</p>
        {state.kind === 'working' && <blockquote class="lens-quote">{excerpt(state.text)}</blockquote>}
      </div>
    );
  }
  if (state.kind === 'error') {
    return (
      <div class="lens-status lens-error" role="alert" data-testid="lens-error" data-code={state.error.code}>
        <p class="lens-error-title">{state.error.message}</p>
        {HINTS[state.error.code] && <p class="lens-hint">{HINTS[state.error.code]}</p>}
        {(state.error.code === 'model-file' || state.error.code === 'model-graph') && (
          <button type="button" class="lens-button" data-testid="open-settings" onClick={() => void openOptionsPage()}>Open settings</button>
        )}
        {props.onRetry && state.error.code !== 'restricted-page' && state.error.code !== 'empty-selection' && (
          <button type="button" class="lens-button" onClick={props.onRetry}>Try again</button>
        )}
      </div>
    );
  }
  return (
    <div class="lens-result" data-testid="lens-result" data-total-ms={Math.round(state.totalMs)}>
      <div class="lens-toolbar">
        {props.onPairSplit && <PairControl text={state.text} split={props.pairSplit ?? null} onSplit={props.onPairSplit} />}
        {state.result.backendNote && (
          <p class="lens-backend-note" data-testid="backend-note" title={state.result.backendNote}>
            {state.result.backendNote}
          </p>
        )}
      </div>
      <AttentionPanel result={state.result} compact={props.compact} onHighlightScores={props.onHighlightScores} />
    </div>
  );
}

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}
