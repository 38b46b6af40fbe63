// The attention explorer used by every surface (popup, in-page overlay, side panel): header, tabs, shared controls
// and the active view, all drawn from the view registry (registry.ts); the views share one props type (view-props.ts).
// The view state (view-state.ts) is controlled by the surface when it passes `state` + `onStateChange`, else kept here.
// Research tools, when the surface provides them (research.ts): masked-token probing (`probe`: the probe bar, the
// heatmap's "Mask it") and compare mode (`compare`: the Compare tab). Copy (TSV) works in every view.
import './styles.css'; // the base stylesheet first: the components' and views' own stylesheets follow it
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { Controls } from './components/Controls';
import { CopyButton, CopyStatus, useCopy } from './components/CopyButton';
import { PanelHeader } from './components/PanelHeader';
import { ProbeBar } from './components/ProbeBar';
import { StateNote } from './components/StateNote';
import { panelId, tabId, Tabs } from './components/Tabs';
import { PanelWidth, useElementWidth, useResolvedTheme } from './lib/hooks';
import { controlsFor, HEAD_TAB, offeredViews, viewEntry, type TabId } from './registry';
import { usePanelState, type HeatReport } from './panel-state';
import type { CompareProps, MaskAction, ProbeProps } from './research';
import type { CopyRef, ExportRef, ThemePref } from './types';
import type { ViewProps } from './view-props';
import type { ViewState } from './view-state';
import { t } from '../shared/i18n';

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
  /**
   * Masked-token probing (src/app/useProbe.ts): `result` is the input the probe shows (original or masked); the
   * probe bar switches between them and lists the predictions.
   */
  probe?: ProbeProps;
  /** Compare mode (src/app/useCompare.ts): offers the Compare tab. */
  compare?: CompareProps;
  /** Shown under the panel's header, inside its theme: a long text's window strip (src/views/window-strip). */
  strip?: ComponentChildren;
}

/** Ctrl/⌘+C with no text selected and not in a text field: copy the view's TSV instead. */
function isCopyKey(e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'c') return false;
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return false;
  const sel = globalThis.getSelection?.();
  return !sel || sel.isCollapsed || !sel.toString();
}

let panelCounter = 0;

export function AttentionPanel(props: AttentionPanelProps) {
  const { result, compact } = props;
  const [idPrefix] = useState(() => `al${++panelCounter}`);
  const { probe, compare } = props;
  const s = usePanelState(result, props);
  const views = offeredViews(!!compare);
  const tab = (views.some((v) => v.id === s.state.tab) ? s.state.tab : views[0].id) as TabId;
  const theme = useResolvedTheme(s.state.theme);
  const [table, setTable] = useState(false);
  const exportRef: ExportRef = useRef(null);
  const copyRef: CopyRef = useRef(null);
  const copy = useCopy(copyRef);
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
    copyRef.current = null;
    s.update({ tab: t });
  };
  const entry = viewEntry(tab);
  const view = s.view;
  const mask = probe && maskAction(probe, result, view.tokens);
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
        copyRef.current = null;
        focusPanel.current = true;
      }
      s.showHead(l, h);
    },
    onHoverToken: (k) => hoverRef.current?.(k === null ? null : (view.tokens[k]?.members[0] ?? null)),
    table,
    theme,
    compact,
    exportRef,
    copyRef,
    mask,
    compare,
  };
  const View = entry.component;
  // On the Compare tab with B at hand, JSON and NPZ export both results.
  const pair = tab === 'compare' && compare?.pair ? compare.pair : null;
  return (
    <div class={`al-root${compact ? ' al-compact' : ''}`} data-theme={theme} data-testid="attention-panel" data-tab={tab}>
      <PanelHeader
        result={result}
        pair={pair}
        exportRef={exportRef}
        copy={<CopyButton state={copy} />}
        themePref={s.state.theme}
        onTheme={(theme) => s.update({ theme })}
        themeName={`${idPrefix}-theme`}
      />
      {props.strip}
      <CopyStatus state={copy} />
      {probe && probe.run.kind !== 'none' && (
        <ProbeBar
          probe={probe}
          original={compare?.a ?? result}
          idPrefix={idPrefix}
          onCompare={
            compare
              ? () => {
                  compare.onSource('masked');
                  changeTab('compare' as TabId);
                }
              : undefined
          }
        />
      )}
      {s.notes.length > 0 && <StateNote notes={s.notes} />}
      <Tabs tabs={views.map((v) => ({ id: v.id as TabId, label: t(v.label) }))} active={tab} onChange={changeTab} idPrefix={idPrefix} />
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
        <div
          class="al-panel"
          ref={panelRef}
          role="tabpanel"
          tabIndex={-1}
          id={panelId(idPrefix, tab)}
          aria-labelledby={tabId(idPrefix, tab)}
          data-testid={`panel-${tab}`}
          onKeyDown={(e) => {
            if (!isCopyKey(e) || !copyRef.current) return;
            e.preventDefault();
            copy.copy();
          }}
        >
          <View key={entry.id} {...viewProps} />
        </div>
      </PanelWidth.Provider>
    </div>
  );
}

/** The heatmap's "Mask it" for the chosen view token: all its pieces; added to the masked positions when the
 * result shown is the masked input. */
function maskAction(probe: ProbeProps, result: AttentionResult, tokens: readonly { members: number[] }[]): MaskAction {
  const masked = probe.showing === 'masked' && probe.run.kind === 'done' ? probe.run.positions : [];
  const pieces = (k: number) => (tokens[k]?.members ?? []).filter((i) => !result.tokens[i]?.special);
  return {
    canMask: probe.canMask,
    reason: probe.reason,
    busy: probe.run.kind === 'working',
    adding: masked.length > 0,
    isMasked: (k) => pieces(k).every((i) => masked.includes(i)),
    mask: (k) => probe.onMask([...new Set([...masked, ...pieces(k)])].sort((a, b) => a - b)),
    onOffer: probe.onOffer,
  };
}
