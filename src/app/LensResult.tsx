// The views for a finished analysis, with the research tools wired to the engine: masked-token probing (useProbe:
// the original and the masked result, which one the views show) and compare mode (useCompare: B and the pair).
// A text longer than the model takes comes back as windows: the window strip under the panel's header steps through
// them (useWindowStep) and the page heat covers the whole selection (stitched from every window's summary).
// Every surface gets them through LensBody; nothing here is surface-specific.
import { useCallback, useMemo } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { AttentionPanel, type AttentionPanelProps } from '../views/AttentionPanel';
import { tabOf, type HeatReport } from '../views/panel-state';
import { viewEntry } from '../views/registry';
import { longTextPaint } from '../views/window-strip/page-paint';
import { WindowStrip } from '../views/window-strip/WindowStrip';
import { engineCompareRunner, engineProbeRunner } from './research-runners';
import { useCompare } from './useCompare';
import { useProbe } from './useProbe';
import { useQueryKeys } from './useQueryKeys';
import { useWindowStep } from './useWindowStep';

export function LensResult(props: Omit<AttentionPanelProps, 'probe' | 'compare'> & { result: AttentionResult }) {
  // Q/K only while a view that draws them is shown (controlled surfaces say which tab; an uncontrolled panel asks).
  const wantQK = props.state ? viewEntry(tabOf(props.state.tab)).needsQK === true : true;
  const win = useWindowStep(props.result, wantQK);
  const result = win.shown;
  const probeRunner = useMemo(() => engineProbeRunner(result), [result]);
  const compareRunner = useMemo(() => engineCompareRunner(result), [result]);
  const probe = useProbe(result, probeRunner);
  const compare = useCompare(result, compareRunner, probe.masked);
  const shown = useQueryKeys(probe.shown, wantQK);
  const { onHeat } = props;
  // A long text: the page heat is the whole selection's (or the shown window's when a token is chosen).
  const heat = useCallback((h: HeatReport | null) => onHeat?.(h && shown.windows ? { ...h, paint: longTextPaint(shown, h) } : h), [onHeat, shown]);
  const strip = result.windows && <WindowStrip windows={result.windows} onWindow={win.step} pending={win.pending} error={win.error} />;
  return <AttentionPanel {...props} onHeat={onHeat ? heat : undefined} result={shown} probe={probe.props} compare={compare} strip={strip} />;
}
