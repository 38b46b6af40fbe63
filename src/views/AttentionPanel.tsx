// The attention explorer used by both the popup and the in-page overlay: header, tabs, shared controls
// and the five views (token heatmap, head view, model view, head summary, neuron view).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { Controls, hasControls, type ControlValues } from './components/Controls';
import { ExportButtons } from './components/ExportButtons';
import { panelId, tabId, Tabs } from './components/Tabs';
import { ThemeSwitch } from './components/ThemeSwitch';
import { computeHeatScores } from './heatmap/scores';
import { TokenHeatmap } from './heatmap/TokenHeatmap';
import { HeadView } from './head-view/HeadView';
import { loadThemePref, PanelWidth, saveThemePref, useElementWidth, useResolvedTheme } from './lib/hooks';
import { fmtInt } from './lib/format';
import { buildView } from './lib/view-model';
import { ModelView } from './model-view/ModelView';
import { prefetchThumbnails } from './model-view/thumbnail';
import { NeuronView } from './neuron/NeuronView';
import { hasQueryKeys } from './neuron/neuron-math';
import { HeadSummary } from './summary/HeadSummary';
import type { ExportRef, TabId, ThemePref } from './types';
import './styles.css';

export interface AttentionPanelProps {
  result: AttentionResult;
  /** Tighter spacing for the ~520 px overlay. */
  compact?: boolean;
  /** Per-token scores shown in the heatmap (one per result token, raw weights; null when cleared / unmounted). */
  onHighlightScores?: (scores: Float32Array | null) => void;
  /** Tab shown first (default "tokens"). */
  initialTab?: TabId;
  /** Theme preference to start with (default: the saved preference, else "auto"). */
  initialTheme?: ThemePref;
}

const TABS: TabId[] = ['tokens', 'head', 'model', 'heads', 'neuron'];
let panelCounter = 0;

export function AttentionPanel(props: AttentionPanelProps) {
  const { result, compact, onHighlightScores } = props;
  const [idPrefix] = useState(() => `al${++panelCounter}`);
  const [tab, setTab] = useState<TabId>(props.initialTab ?? 'tokens');
  const [themePref, setThemePref] = useState<ThemePref>(() => props.initialTheme ?? loadThemePref());
  const theme = useResolvedTheme(themePref);
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
  const exportRef: ExportRef = useRef(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelWidth = Math.max(200, useElementWidth(panelRef, compact ? 480 : 700) - (compact ? 20 : 28));

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

  const view = useMemo(() => buildView(result, { hideSpecial: controls.hideSpecial, wordMode: controls.wordMode }), [result, controls.hideSpecial, controls.wordMode]);
  const focus = focusOrig !== null && focusOrig < view.viewIndexOf.length && view.viewIndexOf[focusOrig] >= 0 ? view.viewIndexOf[focusOrig] : null;
  const layer = Math.min(controls.layer, result.numLayers - 1);
  const heat = useMemo(
    () => computeHeatScores(view, { layer, headSel, aggregate: controls.aggregate }, focus),
    [view, layer, headSel, controls.aggregate, focus],
  );
  const hasCls = result.tokens.some((t) => t.special);

  // Long inputs: pool the model-view thumbnails in idle time so opening that tab only has to paint.
  useEffect(() => (view.n > 128 ? prefetchThumbnails(view) : undefined), [view]);

  // Report the heatmap's scores (one per original token) whenever they change; null once on unmount.
  const highlightRef = useRef(onHighlightScores);
  highlightRef.current = onHighlightScores;
  useEffect(() => {
    onHighlightScores?.(view.toOriginal(heat.scores));
  }, [heat, view, onHighlightScores]);
  useEffect(() => () => highlightRef.current?.(null), []);

  const onTheme = (p: ThemePref) => {
    setThemePref(p);
    saveThemePref(p);
  };
  const openHead = (l: number, h: number) => {
    setControls((c) => ({ ...c, layer: l }));
    setSelectedHeads(Array.from({ length: result.numHeads }, (_, k) => k === h));
    setTab('head');
  };
  const changeTab = (t: TabId) => {
    exportRef.current = null;
    setTab(t);
  };

  const n = result.seqLen;
  return (
    <div class={`al-root${compact ? ' al-compact' : ''}`} data-theme={theme} data-testid="attention-panel" data-tab={tab}>
      <header class="al-header">
        <div class="al-title">
          <span class="al-model-id" title="Model">
            {result.modelId}
          </span>
          <span class="al-meta">
            <span class="al-badge" title="Execution backend">
              {result.backend.toUpperCase()}
            </span>
            <span>{`${fmtInt(n)} tokens`}</span>
            <span aria-hidden="true">·</span>
            <span>{`${result.numLayers} layers × ${result.numHeads} heads`}</span>
          </span>
        </div>
        <div class="al-header-tools">
          <ExportButtons result={result} exportRef={exportRef} />
          <ThemeSwitch value={themePref} onChange={onTheme} name={`${idPrefix}-theme`} />
        </div>
        {result.truncated && (
          <p class="al-notice" role="status" data-testid="truncation-notice">
            {`Showing the first ${fmtInt(result.truncated.shown)} of ${fmtInt(result.truncated.total)} tokens`}
          </p>
        )}
      </header>
      <Tabs tabs={TABS} active={tab} onChange={changeTab} idPrefix={idPrefix} />
      {hasControls(tab) && !(tab === 'neuron' && !hasQueryKeys(result)) && (
        <Controls
          tab={tab}
          numLayers={result.numLayers}
          numHeads={result.numHeads}
          hasCls={hasCls}
          values={{ ...controls, layer, headSel }}
          onChange={(patch) => setControls((c) => ({ ...c, ...patch }))}
          idPrefix={idPrefix}
        />
      )}
      <PanelWidth.Provider value={panelWidth}>
      <div class="al-panel" ref={panelRef} role="tabpanel" id={panelId(idPrefix, tab)} aria-labelledby={tabId(idPrefix, tab)} data-testid={`panel-${tab}`}>
        {tab === 'tokens' && (
          <TokenHeatmap
            view={view}
            heat={heat}
            focus={focus}
            onFocusToken={(k) => setFocusOrig(k === null ? null : view.tokens[k].members[0])}
            theme={theme}
            exportRef={exportRef}
            compact={compact}
          />
        )}
        {tab === 'head' && <HeadView view={view} layer={layer} selectedHeads={heads} onSelectedHeads={setSelectedHeads} theme={theme} compact={compact} exportRef={exportRef} />}
        {tab === 'model' && <ModelView view={view} theme={theme} compact={compact} exportRef={exportRef} onOpenHead={openHead} />}
        {tab === 'heads' && <HeadSummary result={result} onOpenHead={openHead} compact={compact} exportRef={exportRef} />}
        {tab === 'neuron' && (
          <NeuronView
            key={`${result.modelId}-${n}`}
            result={result}
            layer={layer}
            theme={theme}
            initialHead={typeof headSel === 'number' ? headSel : Math.max(0, heads.indexOf(true))}
            compact={compact}
            exportRef={exportRef}
          />
        )}
      </div>
      </PanelWidth.Provider>
    </div>
  );
}
