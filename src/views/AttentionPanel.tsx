// The attention explorer used by every surface (popup, in-page overlay, side panel): header, tabs, shared controls
// and the active view, all drawn from the view registry (registry.ts); the views share one props type (view-props.ts).
// The view state (view-state.ts) is controlled by the surface when it passes `state` + `onStateChange`, else kept here.
import './styles.css'; // the base stylesheet first: the components' and views' own stylesheets follow it
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { Controls } from './components/Controls';
import { PanelHeader } from './components/PanelHeader';
import { StateNote } from './components/StateNote';
import { panelId, tabId, Tabs } from './components/Tabs';
import { PanelWidth, useElementWidth, useResolvedTheme } from './lib/hooks';
import { controlsFor, HEAD_TAB, viewEntry, VIEWS, type TabId } from './registry';
import { usePanelState, type HeatReport } from './panel-state';
import type { ExportRef, ThemePref } from './types';
import type { ViewProps } from './view-props';
import type { ViewState } from './view-state';

export interface AttentionPanelProps {
  result: AttentionResult;
  /** Tighter spacing for the ~520 px overlay. */
  compact?: boolean;
  /** The heatmap's scores whenever they change (one per result token, raw weights, and the scale's top); null on unmount. */
  onHeat?: (heat: HeatReport | null) => void;
  /**
   * Controlled view state: the panel shows exactly this (clamped to the result, with a visible note when clamping
   * changed something) and reports every user change through onStateChange; a new result keeps it. Without it the
   * panel keeps its own state (initialTab / initialTheme, the theme saved in localStorage).
   */
  state?: ViewState;
  onStateChange?: (patch: Partial<ViewState>) => void;
  /** The pointer or keyboard is on a token (its index in result.tokens; merged words: the first piece), or left it (null). */
  onHoverToken?: (originalTokenIndex: number | null) => void;
  /** Uncontrolled only: tab shown first (default: the first registry entry, "tokens"). */
  initialTab?: TabId;
  /** Uncontrolled only: theme preference to start with (default: the saved preference, else "auto"). */
  initialTheme?: ThemePref;
}

let panelCounter = 0;

export function AttentionPanel(props: AttentionPanelProps) {
  const { result, compact } = props;
  const [idPrefix] = useState(() => `al${++panelCounter}`);
  const s = usePanelState(result, props);
  const tab = s.state.tab;
  const theme = useResolvedTheme(s.state.theme);
  const [table, setTable] = useState(false);
  const exportRef: ExportRef = useRef(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelWidth = Math.max(200, useElementWidth(panelRef, compact ? 480 : 700) - (compact ? 20 : 28));
  const hoverRef = useRef(props.onHoverToken);
  hoverRef.current = props.onHoverToken;
  // After "open in the head view" (a Heads row, the model view's button) the control that had focus is gone: focus
  // moves to the new tab panel instead of falling back to <body>.
  const focusPanel = useRef(false);
  useEffect(() => {
    if (!focusPanel.current) return;
    focusPanel.current = false;
    panelRef.current?.focus({ preventScroll: true });
  }, [tab]);

  const changeTab = (t: TabId) => {
    exportRef.current = null;
    s.update({ tab: t });
  };
  const entry = viewEntry(tab);
  const view = s.view;
  const viewProps: ViewProps = {
    result,
    view,
    heat: s.heat,
    layer: s.state.layer,
    heads: s.state.heads,
    onHeads: (heads) => s.update({ heads }),
    source: s.state.source,
    edgeMass: s.state.edgeMass,
    onEdgeMass: (edgeMass) => s.update({ edgeMass }),
    focus: s.focus,
    onFocusToken: s.setFocus,
    onOpenHead: (l, h) => {
      if (HEAD_TAB && HEAD_TAB !== tab) {
        exportRef.current = null;
        focusPanel.current = true;
      }
      s.showHead(l, h);
    },
    onHoverToken: (k) => hoverRef.current?.(k === null ? null : (view.tokens[k]?.members[0] ?? null)),
    table,
    theme,
    compact,
    exportRef,
  };
  const View = entry.component;
  return (
    <div class={`al-root${compact ? ' al-compact' : ''}`} data-theme={theme} data-testid="attention-panel" data-tab={tab}>
      <PanelHeader result={result} exportRef={exportRef} themePref={s.state.theme} onTheme={(theme) => s.update({ theme })} themeName={`${idPrefix}-theme`} />
      {s.notes.length > 0 && <StateNote notes={s.notes} />}
      <Tabs tabs={VIEWS} active={tab} onChange={changeTab} idPrefix={idPrefix} />
      <Controls
        shown={controlsFor(entry, result)}
        numLayers={result.numLayers}
        numHeads={result.numHeads}
        hasCls={result.tokens.some((t) => t.special)}
        state={s.state}
        onChange={s.update}
        table={table}
        onTable={setTable}
        idPrefix={idPrefix}
      />
      <PanelWidth.Provider value={panelWidth}>
        <div class="al-panel" ref={panelRef} role="tabpanel" tabIndex={-1} id={panelId(idPrefix, tab)} aria-labelledby={tabId(idPrefix, tab)} data-testid={`panel-${tab}`}>
          <View key={entry.id} {...viewProps} />
        </div>
      </PanelWidth.Provider>
    </div>
  );
}
