// The state AttentionPanel shares between its views: the shared control values, the heads shown by the head
// view, the heatmap's chosen token, the display view of the result and the heatmap scores (reported to the page).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import type { ControlValues } from './components/Controls';
import { computeHeatScores } from './heatmap/scores';
import { buildView } from './lib/view-model';
import { VIEWS, type ViewEntry } from './registry';

/** What the panel reports to the page heat: scores per original token and the top of the colour scale. */
export interface HeatReport {
  scores: Float32Array;
  max: number;
}

export function usePanelState(result: AttentionResult, onHeat?: (heat: HeatReport | null) => void) {
  const [controls, setControls] = useState<ControlValues>(() => ({
    layer: Math.max(0, result.numLayers - 1),
    headSel: 'mean',
    aggregate: 'layer',
    hideSpecial: false,
    wordMode: false,
  }));
  const [selectedHeads, setSelectedHeads] = useState<boolean[]>(() => Array(result.numHeads).fill(true));
  /** Chosen heatmap token, kept as an original token index so it survives the display transforms. */
  const [focusOrig, setFocusOrig] = useState<number | null>(null);

  // A new result resets everything that indexes into it.
  const firstResult = useRef(result);
  useEffect(() => {
    if (firstResult.current === result) return;
    firstResult.current = result;
    setFocusOrig(null);
    setSelectedHeads(Array(result.numHeads).fill(true));
    setControls((c) => ({ ...c, layer: Math.min(c.layer, result.numLayers - 1), headSel: typeof c.headSel === 'number' && c.headSel >= result.numHeads ? 'mean' : c.headSel }));
  }, [result]);
  const heads = selectedHeads.length === result.numHeads ? selectedHeads : Array<boolean>(result.numHeads).fill(true);
  const headSel = typeof controls.headSel === 'number' && controls.headSel >= result.numHeads ? 'mean' : controls.headSel;
  const layer = Math.min(controls.layer, result.numLayers - 1);

  const view = useMemo(() => buildView(result, { hideSpecial: controls.hideSpecial, wordMode: controls.wordMode }), [result, controls.hideSpecial, controls.wordMode]);
  const focus = focusOrig !== null && focusOrig < view.viewIndexOf.length && view.viewIndexOf[focusOrig] >= 0 ? view.viewIndexOf[focusOrig] : null;
  const heat = useMemo(
    () => computeHeatScores(view, { layer, headSel, aggregate: controls.aggregate }, focus),
    [view, layer, headSel, controls.aggregate, focus],
  );

  // Idle-time work of the views (e.g. pooling the model view's thumbnails for long inputs), whatever tab is shown.
  useEffect(() => {
    const cancels = (VIEWS as readonly ViewEntry[]).map((v) => v.prefetch?.(view));
    return () => cancels.forEach((cancel) => cancel?.());
  }, [view]);

  // Report the heatmap's scores (one per original token) whenever they change; null once on unmount.
  const highlightRef = useRef(onHeat);
  highlightRef.current = onHeat;
  useEffect(() => {
    onHeat?.({ scores: view.toOriginal(heat.scores), max: heat.max });
  }, [heat, view, onHeat]);
  useEffect(() => () => highlightRef.current?.(null), []);

  return {
    /** Control values clamped to the result. */
    values: { ...controls, layer, headSel },
    setControls: (patch: Partial<ControlValues>) => setControls((c) => ({ ...c, ...patch })),
    heads,
    setSelectedHeads,
    view,
    heat,
    focus,
    setFocus: (k: number | null) => setFocusOrig(k === null ? null : view.tokens[k].members[0]),
    /** Show only head `head` of layer `layer` (the head view then draws just that head). */
    showHead: (l: number, h: number) => {
      setControls((c) => ({ ...c, layer: l }));
      setSelectedHeads(Array.from({ length: result.numHeads }, (_, k) => k === h));
    },
  };
}
