// BertViz-style head view: tokens on the left attend to tokens on the right; one colour per head,
// line opacity ~ weight. Hover a token for its lines, click to lock and read the weights, Escape unlocks.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { headColors } from '../lib/colors';
import { useViewWidth } from '../lib/hooks';
import { exportColors } from '../lib/svg';
import type { ViewProps } from '../view-props';
import { EdgeLines } from './EdgeLines';
import { headGeometry } from './geometry';
import { HeadToolbar } from './HeadToolbar';
import { buildHeadSvg } from './head-svg';
import type { PairFilter } from './lines';
import { TokenColumn } from './TokenColumn';
import { useEdgeCanvas } from './use-edge-canvas';
import { useHeadEdges, useLockedWeights, usePruning } from './use-edges';
import { useTokenColumns, useTokenMarks } from './use-token-columns';
import { WeightColumn } from './WeightColumn';
import './head-view.css';

export function HeadView(props: ViewProps) {
  const { view, layer, selectedHeads, theme } = props;
  const n = view.n;
  const rootRef = useRef<HTMLElement>(null);
  const width = useViewWidth(rootRef, 560);
  const [filter, setFilter] = useState<PairFilter>('all');
  const colors = useMemo(() => headColors(view.result.numHeads, theme), [view.result.numHeads, theme]);
  const labels = useMemo(() => view.tokens.map((t) => t.vocab), [view]);
  const g = useMemo(() => headGeometry(labels, width - 8, !!props.compact), [labels, width, props.compact]);
  const { idx, thresholds, mass, massOverride, setMassOverride } = usePruning(view, layer);
  const heads = useMemo(() => selectedHeads.map((on, h) => (on ? h : -1)).filter((h) => h >= 0), [selectedHeads]);
  const isPair = useMemo(() => view.tokens.some((t) => t.segment === 1), [view]);
  const pairFilter = isPair ? filter : 'all';
  const cols = useTokenColumns(n);
  const { active: focus, locked } = cols.focus;
  const { edges, total, touched } = useHeadEdges(view, idx, thresholds, heads, pairFilter, focus);
  const weights = useLockedWeights(locked, heads, idx, n);
  const { canvasRef, scrollRef, onScroll, canvasH } = useEdgeCanvas(rootRef, g, edges, colors, theme, props.compact);
  useTokenMarks(cols, focus, touched, n);

  // Reset focus when the token set changes.
  useEffect(cols.reset, [view]);
  useEffect(() => {
    props.exportRef.current = {
      name: `head-view-layer-${layer + 1}`,
      svg: () => buildHeadSvg({ view, layer, g, edges, colors, heads, weights, focus, colorsTheme: exportColors(rootRef.current) }),
    };
  });

  const tokenColumn = (side: 'from' | 'to') => (
    <TokenColumn
      tokens={view.tokens}
      side={side}
      rowH={g.rowH}
      fontSize={g.fontSize}
      cursor={cols.cursor[side]}
      locked={locked?.side === side ? locked.index : -1}
      colRef={side === 'from' ? cols.leftCol : cols.rightCol}
      {...cols.handlers}
    />
  );
  return (
    <section
      class="al-headview"
      data-testid="head-view"
      data-layer={layer}
      data-render={g.canvas ? 'canvas' : 'svg'}
      data-line-count={edges.length}
      ref={rootRef}
      onKeyDown={cols.focus.escape}
    >
      <HeadToolbar
        layer={layer}
        colors={colors}
        selectedHeads={selectedHeads}
        onSelectedHeads={props.onSelectedHeads}
        isPair={isPair}
        pairFilter={pairFilter}
        onPairFilter={setFilter}
        mass={mass}
        massIsManual={massOverride !== null}
        onMass={setMassOverride}
        lineCount={total}
      />
      <div class="al-hv-axis" style={{ width: `${g.totalW}px` }} aria-hidden="true">
        <span style={{ width: `${g.gutter + g.colW}px` }}>from</span>
        <span style={{ width: `${g.midW}px` }} />
        <span style={{ width: `${g.gutter + g.colW}px` }}>to</span>
      </div>
      <div class={`al-hv-scroll${n > 40 ? ' is-tall' : ''}`} ref={scrollRef} onScroll={onScroll} onMouseLeave={() => cols.focus.setHover(null)}>
        <div class={`al-hv-body${focus ? ' has-focus' : ''}`} style={{ width: `${g.totalW}px`, gridTemplateColumns: `${g.gutter}px ${g.colW}px ${g.midW}px ${g.colW}px ${g.gutter}px`, height: `${g.height}px` }}>
          <WeightColumn side="from" weights={weights} tokens={view.tokens} heads={heads} g={g} />
          {tokenColumn('from')}
          <EdgeLines g={g} edges={edges} colors={colors} layer={layer} dark={theme === 'dark'} canvasRef={canvasRef} canvasH={canvasH} />
          {tokenColumn('to')}
          <WeightColumn side="to" weights={weights} tokens={view.tokens} heads={heads} g={g} />
        </div>
      </div>
      <p class="al-hint">
        {locked
          ? `Locked on “${view.tokens[locked.index]?.label ?? ''}” (${locked.side === 'from' ? 'attending' : 'attended'}) — numbers are the mean weight over the ${heads.length === 1 ? 'shown head' : `${heads.length} shown heads`}. Press Escape or click it again to unlock.`
          : 'Hover a token to see its lines; click to lock it and show the weights.'}
      </p>
    </section>
  );
}
