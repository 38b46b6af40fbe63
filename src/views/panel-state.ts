// The state AttentionPanel shares between its views: the view state (tab, layer, heads, score source, display
// transforms, edge mass, theme), either controlled by the surface (props state + onStateChange) or kept by the panel
// itself; clamped to the result with notes; plus the heatmap's chosen token, the display view of the result and the
// heatmap scores (reported to the page).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { computeHeatScores } from './heatmap/scores';
import { loadThemePref, saveThemePref } from './lib/hooks';
import { buildView } from './lib/view-model';
import { HEAD_TAB, VIEWS, type TabId, type ViewEntry } from './registry';
import type { HeatSettings, ThemePref } from './types';
import type { PagePaint } from '../shared/protocol';
import { clampViewState, DEFAULT_VIEW_STATE, soloHead, type ViewState } from './view-state';

/** What the panel reports to the page heat: scores per original token and the top of the colour scale. */
export interface HeatReport {
  scores: Float32Array;
  max: number;
  /** The heat settings the scores follow, and whether a token is chosen (a long text's whole-text page heat). */
  choice?: HeatSettings;
  focused?: boolean;
  /** What to paint over the page, when the surface's result alone cannot say it (a long text: src/app/LensResult.tsx). */
  paint?: PagePaint;
}

export interface PanelStateOptions {
  /** Controlled view state (the surface keeps it); without it the panel keeps its own. */
  state?: ViewState;
  onStateChange?: (patch: Partial<ViewState>) => void;
  /** Uncontrolled only: the first tab and theme (default: the first registry entry; the saved theme, else auto). */
  initialTab?: TabId;
  initialTheme?: ThemePref;
  onHeat?: (heat: HeatReport | null) => void;
}

const TAB_IDS: readonly string[] = VIEWS.map((v) => v.id);

/** The registry id a stored tab stands for (an unknown id shows the first view). */
export function tabOf(tab: string): TabId {
  return (TAB_IDS.includes(tab) ? tab : VIEWS[0].id) as TabId;
}

export function usePanelState(result: AttentionResult, o: PanelStateOptions) {
  const controlled = o.state !== undefined;
  const [own, setOwn] = useState<ViewState>(() => ({ ...DEFAULT_VIEW_STATE, tab: o.initialTab ?? VIEWS[0].id, theme: o.initialTheme ?? loadThemePref() }));
  const raw = controlled ? (o.state as ViewState) : own;
  const hasCls = useMemo(() => result.tokens.some((t) => t.special), [result]);
  const clamped = useMemo(() => clampViewState(raw, result.numLayers, result.numHeads, hasCls), [raw, result.numLayers, result.numHeads, hasCls]);
  const state = clamped.state;
  const live = useRef(o);
  live.current = o;
  /** Report a user change: to the surface when controlled, else into the panel's own state. */
  const update = useMemo(
    () => (patch: Partial<ViewState>) => {
      const cur = live.current;
      if (cur.state !== undefined) cur.onStateChange?.(patch);
      else {
        setOwn((s) => ({ ...s, ...patch }));
        if (patch.theme) saveThemePref(patch.theme);
      }
    },
    [],
  );

  /** Chosen heatmap token, kept as an original token index so it survives the display transforms. */
  const [focusOrig, setFocusOrig] = useState<number | null>(null);
  // A new result forgets the chosen token (it indexes into the old one) — unless it is the same input again (the
  // masked input of a probe and its original: same text, same number of tokens); the view state is kept as it is.
  const firstResult = useRef(result);
  useEffect(() => {
    const prev = firstResult.current;
    if (prev === result) return;
    firstResult.current = result;
    if (prev.text !== result.text || prev.seqLen !== result.seqLen) setFocusOrig(null);
  }, [result]);

  const view = useMemo(() => buildView(result, { hideSpecial: state.hideSpecial, wordMode: state.wordMode }), [result, state.hideSpecial, state.wordMode]);
  const focus = focusOrig !== null && focusOrig < view.viewIndexOf.length && view.viewIndexOf[focusOrig] >= 0 ? view.viewIndexOf[focusOrig] : null;
  const heat = useMemo(
    () => computeHeatScores(view, { layer: state.layer, heads: state.heads, source: state.source }, focus),
    [view, state.layer, state.heads, state.source, focus],
  );

  // Idle-time work of the views (e.g. pooling the model view's thumbnails for long inputs), whatever tab is shown.
  useEffect(() => {
    const cancels = (VIEWS as readonly ViewEntry[]).map((v) => v.prefetch?.(view));
    return () => cancels.forEach((cancel) => cancel?.());
  }, [view]);

  // Report the heatmap's scores (one per original token) whenever they change; null once on unmount.
  // (`heat` is memoised on everything else the report reads, so those extra dependencies add no runs.)
  const onHeat = o.onHeat;
  const highlightRef = useRef(onHeat);
  highlightRef.current = onHeat;
  const focused = focus !== null;
  useEffect(() => {
    onHeat?.({ scores: view.toOriginal(heat.scores), max: heat.max, choice: { layer: state.layer, heads: state.heads, source: state.source }, focused });
  }, [heat, view, onHeat, state.layer, state.heads, state.source, focused]);
  useEffect(() => () => highlightRef.current?.(null), []);

  return {
    /** The view state as it applies to this result (clamped), with the tab resolved to a registry id. */
    state: { ...state, tab: tabOf(state.tab) },
    /** What clamping changed, in words (shown as a dismissible note). */
    notes: clamped.notes,
    update,
    view,
    heat,
    focus,
    setFocus: (k: number | null) => setFocusOrig(k === null ? null : view.tokens[k].members[0]),
    /** Show only head `head` of layer `layer` in the head view. */
    showHead: (l: number, h: number) => update({ layer: l, heads: soloHead(h), ...(HEAD_TAB ? { tab: HEAD_TAB } : {}) }),
  };
}
