// The scratchpad (popup and side panel): type or paste probe text, analysed as you type (debounced), with the last
// 20 probes in a history list (click to reuse, delete one, clear all). The analysis shows the same views as the
// selection, and the same loading feedback (LensBody: engine stages while a model loads).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { LensBody, stageText } from '../../app/LensBody';
import { useAnalysis, type AnalysisState } from '../../app/useAnalysis';
import { CloseIcon } from '../../app/icons';
import { MAX_PROBES } from './history';
import { useProbeHistory } from './useProbeHistory';
import { untilLoaded } from '../useSurfaceTheme';
import { t } from '../../shared/i18n';

type LensBodyProps = Parameters<typeof LensBody>[0];

/** Quiet time after the last keystroke before the text is analysed. */
export const SCRATCHPAD_DEBOUNCE_MS = 400;

export function Scratchpad(props: {
  /** Shown above the text box (e.g. why the page itself cannot be read). */
  notice?: ComponentChildren;
  compact?: boolean;
  autoFocus?: boolean;
  /** What LensBody takes besides the analysis (the shared view state), passed through. */
  bodyProps?: Partial<LensBodyProps>;
  /** False until the shared view state is read: the views wait for it (no flash of the default view). */
  viewReady?: boolean;
}) {
  const [input, setInput] = useState('');
  const [probe, setProbe] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const [pairSplit, setPairSplit] = useState<number | null>(null);
  const history = useProbeHistory();
  /** Stable (useProbeHistory's callbacks keep their identity), unlike the `history` object itself. */
  const addToHistory = history.add;
  const probesRef = useRef(history.probes);
  probesRef.current = history.probes;
  /** The newest probe when this scratchpad's own typing recorded it (typing on replaces it instead of adding one). */
  const typedProbe = useRef<string | null>(null);
  /** A text put in the box by a click (reuse): analysed at once, not again by the debounce. */
  const placed = useRef<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const state = useAnalysis(probe, null, nonce, pairSplit);
  const lastDone = useRef<Extract<AnalysisState, { kind: 'done' }> | null>(null);
  if (state.kind === 'done') lastDone.current = state;

  useEffect(() => {
    if (props.autoFocus) box.current?.focus();
  }, [props.autoFocus]);

  useEffect(() => {
    if (placed.current === input) return;
    placed.current = null;
    const timer = setTimeout(() => {
      const text = input.trim();
      if (!text) {
        setProbe(null);
        return;
      }
      setPairSplit(null);
      setProbe(input);
      const editing = typedProbe.current !== null && probesRef.current[0]?.text === typedProbe.current;
      addToHistory(text, editing);
      typedProbe.current = text;
    }, SCRATCHPAD_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input, addToHistory]);

  const reuse = (text: string) => {
    placed.current = text;
    typedProbe.current = null;
    setInput(text);
    setPairSplit(null);
    setProbe(text);
    history.add(text);
    box.current?.focus();
  };

  // While a new text is analysed, the previous result stays on screen under a status line (no flashing spinner);
  // the first analysis (and a model load) shows LensBody's own stages.
  const working = state.kind === 'working' || state.kind === 'idle';
  const shown: AnalysisState = working && lastDone.current && probe !== null ? lastDone.current : state;
  const status =
    probe === null
      ? ''
      : state.kind === 'working'
        ? stageText(state.progress)
        : state.kind === 'done'
          ? t('scratch_analysed_in', Math.round(state.totalMs))
          : '';

  return (
    <section class="lens-scratch" data-testid="scratchpad">
      {props.notice}
      <div class="lens-scratch-editor">
        <label class="lens-scratch-label" for="lens-scratch-input">
          {t('scratch_label')}
        </label>
        <textarea
          id="lens-scratch-input"
          ref={box}
          class="lens-scratch-input"
          data-testid="scratchpad-input"
          rows={3}
          spellcheck={false}
          placeholder={t('scratch_placeholder')}
          value={input}
          onInput={(e) => setInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <div class="lens-scratch-row">
          <span class="lens-scratch-status" data-testid="scratchpad-status" role="status" aria-live="polite">
            {status}
          </span>
          {input && (
            <button type="button" class="lens-link-button" data-testid="scratchpad-clear-input" onClick={() => setInput('')}>
              {t('scratch_clear_text')}
            </button>
          )}
        </div>
      </div>
      <details class="lens-scratch-history" data-testid="scratchpad-history">
        <summary>
          {t('scratch_recent')}{' '}
          <span class="lens-count" data-testid="history-count">
            {history.probes.length}
          </span>
          <span class="lens-scratch-hint"> {t('scratch_recent_hint', MAX_PROBES)}</span>
        </summary>
        {history.probes.length === 0 ? (
          <p class="lens-scratch-empty">{t('scratch_empty')}</p>
        ) : (
          <>
            <ol class="lens-history-list">
              {history.probes.map((p) => (
                <li key={p.text} class="lens-history-item" data-testid="history-item">
                  <button type="button" class="lens-history-text" data-testid="history-reuse" title={t('scratch_reuse_title')} onClick={() => reuse(p.text)}>
                    {p.text}
                  </button>
                  <button
                    type="button"
                    class="lens-history-delete"
                    data-testid="history-delete"
                    title={t('scratch_delete_title')}
                    aria-label={t('scratch_delete_label', p.text.slice(0, 40))}
                    onClick={() => history.remove(p.text)}
                  >
                    <CloseIcon />
                  </button>
                </li>
              ))}
            </ol>
            <button type="button" class="lens-link-button" data-testid="history-clear" onClick={() => history.clear()}>
              {t('scratch_clear_all')}
            </button>
          </>
        )}
      </details>
      {probe === null ? (
        <p class="lens-scratch-placeholder" data-testid="scratchpad-placeholder">
          {t('scratch_result_placeholder')}
        </p>
      ) : (
        <div class={`lens-scratch-result${working && shown.kind === 'done' ? ' is-stale' : ''}`} data-testid="scratchpad-result">
          <LensBody
            state={untilLoaded(shown, props.viewReady ?? true)}
            compact={props.compact}
            pairSplit={pairSplit}
            onPairSplit={setPairSplit}
            onRetry={() => setNonce((n) => n + 1)}
            {...props.bodyProps}
          />
        </div>
      )}
    </section>
  );
}
