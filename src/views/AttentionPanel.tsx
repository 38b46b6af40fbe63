// The attention explorer used by both the popup and the in-page overlay: header, tabs, shared controls and the
// active view, all drawn from the view registry (registry.ts); the views share one props type (view-props.ts).
import './styles.css'; // the base stylesheet first: the components' and views' own stylesheets follow it
import { useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { Controls } from './components/Controls';
import { PanelHeader } from './components/PanelHeader';
import { panelId, tabId, Tabs } from './components/Tabs';
import { loadThemePref, PanelWidth, saveThemePref, useElementWidth, useResolvedTheme } from './lib/hooks';
import { controlsFor, HEAD_TAB, viewEntry, VIEWS, type TabId } from './registry';
import { usePanelState, type HeatReport } from './panel-state';
import type { ExportRef, ThemePref } from './types';
import type { ViewProps } from './view-props';

export interface AttentionPanelProps {
  result: AttentionResult;
  /** Tighter spacing for the ~520 px overlay. */
  compact?: boolean;
  /** The heatmap's scores whenever they change (one per result token, raw weights, and the scale's top); null on unmount. */
  onHeat?: (heat: HeatReport | null) => void;
  /** Tab shown first (default: the first registry entry, "tokens"). */
  initialTab?: TabId;
  /** Theme preference to start with (default: the saved preference, else "auto"). */
  initialTheme?: ThemePref;
}

let panelCounter = 0;

export function AttentionPanel(props: AttentionPanelProps) {
  const { result, compact } = props;
  const [idPrefix] = useState(() => `al${++panelCounter}`);
  const [tab, setTab] = useState<TabId>(props.initialTab ?? VIEWS[0].id);
  const [themePref, setThemePref] = useState<ThemePref>(() => props.initialTheme ?? loadThemePref());
  const theme = useResolvedTheme(themePref);
  const s = usePanelState(result, props.onHeat);
  const exportRef: ExportRef = useRef(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelWidth = Math.max(200, useElementWidth(panelRef, compact ? 480 : 700) - (compact ? 20 : 28));

  const onTheme = (p: ThemePref) => {
    setThemePref(p);
    saveThemePref(p);
  };
  const changeTab = (t: TabId) => {
    exportRef.current = null;
    setTab(t);
  };
  const entry = viewEntry(tab);
  const viewProps: ViewProps = {
    result,
    view: s.view,
    heat: s.heat,
    layer: s.values.layer,
    headSel: s.values.headSel,
    aggregate: s.values.aggregate,
    selectedHeads: s.heads,
    onSelectedHeads: s.setSelectedHeads,
    focus: s.focus,
    onFocusToken: s.setFocus,
    onOpenHead: (l, h) => {
      s.showHead(l, h);
      if (HEAD_TAB) setTab(HEAD_TAB);
    },
    theme,
    compact,
    exportRef,
  };
  const View = entry.component;
  return (
    <div class={`al-root${compact ? ' al-compact' : ''}`} data-theme={theme} data-testid="attention-panel" data-tab={tab}>
      <PanelHeader result={result} exportRef={exportRef} themePref={themePref} onTheme={onTheme} themeName={`${idPrefix}-theme`} />
      <Tabs tabs={VIEWS} active={tab} onChange={changeTab} idPrefix={idPrefix} />
      <Controls
        shown={controlsFor(entry, result)}
        numLayers={result.numLayers}
        numHeads={result.numHeads}
        hasCls={result.tokens.some((t) => t.special)}
        values={s.values}
        onChange={s.setControls}
        idPrefix={idPrefix}
      />
      <PanelWidth.Provider value={panelWidth}>
        <div class="al-panel" ref={panelRef} role="tabpanel" id={panelId(idPrefix, tab)} aria-labelledby={tabId(idPrefix, tab)} data-testid={`panel-${tab}`}>
          <View key={entry.id} {...viewProps} />
        </div>
      </PanelWidth.Provider>
    </div>
  );
}
