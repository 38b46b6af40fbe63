// BertViz-style head view: tokens on the left attend to tokens on the right; one colour per head,
// line opacity ~ weight. Hover a token for its lines, click to lock and read the weights, Escape unlocks.
// Which heads are drawn is the shared HeadChoice (one head, several, or all of them for mean / max / rollout);
// the table alternative shows the layer's matrix for that choice.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AttentionTable } from '../components/MatrixTable';
import { headColors, heatInterpolator } from '../lib/colors';
import { useViewWidth } from '../lib/hooks';
import { useHeadRoles } from '../lib/roles';
import { exportColors } from '../lib/svg';
import { matrixTsv } from '../lib/tsv';
import { choiceMatrix } from '../lib/view-model';
import type { ViewProps } from '../view-props';
import { headChoiceLabel, headMask } from '../view-state';
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
import { t } from '../../shared/i18n';

export function HeadView(props: ViewProps) {
  const { view, layer, theme } = props;
  const n = view.n;
  const numHeads = view.result.numHeads;
  const rootRef = useRef<HTMLElement>(null);
  const width = useViewWidth(rootRef, 560);
  const [filter, setFilter] = useState<PairFilter>('all');
  const colors = useMemo(() => headColors(numHeads, theme), [numHeads, theme]);
  const names = useMemo(() => view.tokens.map((t) => t.name), [view]);
  const g = useMemo(() => headGeometry(names, width - 8, !!props.compact), [names, width, props.compact]);
  const { idx, thresholds, mass } = usePruning(view, layer, props.edgeMass);
  // Keyed on the mask's value ('1' / '0' per head): an equal head choice in a new object keeps `selected`, `heads`
  // and the edges built from them.
  const maskKey = headMask(props.heads, numHeads)
    .map((on) => (on ? '1' : '0'))
    .join('');
  const selected = useMemo(() => Array.from(maskKey, (c) => c === '1'), [maskKey]);
  const heads = useMemo(() => selected.map((on, h) => (on ? h : -1)).filter((h) => h >= 0), [selected]);
  const isPair = useMemo(() => view.tokens.some((t) => t.segment === 1), [view]);
  const pairFilter = isPair ? filter : 'all';
  const cols = useTokenColumns(n, props.onHoverToken);
  const { active: focus, locked } = cols.focus;
  const { edges, total, touched } = useHeadEdges(view, idx, thresholds, heads, pairFilter, focus);
  const weights = useLockedWeights(locked, heads, idx, n, props.heads.kind === 'max' ? 'max' : 'mean');
  const { canvasRef, scrollRef, onScroll, canvasH } = useEdgeCanvas(rootRef, g, edges, colors, theme, props.compact);
  useTokenMarks(cols, focus, touched, n);
  const roleData = useHeadRoles(view.result);
  const roles = useMemo(
    () => roleData && Array.from({ length: numHeads }, (_, h) => roleData.roles[layer * numHeads + h]?.[0] ?? null),
    [roleData, layer, numHeads],
  );

  // Reset focus when the token set changes (`reset` keeps its identity).
  const resetColumns = cols.reset;
  useEffect(() => resetColumns(), [view, resetColumns]);
  useEffect(() => {
    props.exportRef.current = {
      name: `head-view-layer-${layer + 1}`,
      svg: () => buildHeadSvg({ view, layer, g, edges, colors, heads, weights, focus, colorsTheme: exportColors(rootRef.current) }),
    };
    props.copyRef.current = {
      what: t('hv_copy_matrix', layer + 1, headChoiceLabel(props.heads, layer)),
      tsv: () => matrixTsv(names, names, choiceMatrix(view, layer, props.heads)),
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
  const combined = props.heads.kind === 'mean' || props.heads.kind === 'max' || props.heads.kind === 'rollout';
  const lockedName = locked ? (view.tokens[locked.index]?.name ?? '') : '';
  const shownHeads = heads.length === 1 ? t('hv_shown_head') : t('hv_shown_heads', heads.length);
  return (
    <section
      class="al-headview"
      data-testid="head-view"
      data-layer={layer}
      data-render={g.canvas ? 'canvas' : 'svg'}
      data-line-count={edges.length}
      aria-label={t('hv_label', layer + 1)}
      ref={rootRef}
      onKeyDown={cols.focus.escape}
    >
      <HeadToolbar
        layer={layer}
        colors={colors}
        choice={props.heads}
        selected={selected}
        onHeads={props.onHeads}
        isPair={isPair}
        pairFilter={pairFilter}
        onPairFilter={setFilter}
        mass={mass}
        massIsManual={props.edgeMass !== null}
        onMass={props.onEdgeMass}
        lineCount={total}
        roles={roles ?? undefined}
      />
      {combined && (
        <p class="al-hint al-hv-combined" data-testid="head-combined-note">
          {t('hv_combined', numHeads, layer + 1, headChoiceLabel(props.heads, layer))}
        </p>
      )}
      {props.table ? (
        <AttentionTable
          caption={t('hv_table_caption', layer + 1, headChoiceLabel(props.heads, layer))}
          matrix={choiceMatrix(view, layer, props.heads)}
          names={names}
          interp={heatInterpolator(theme)}
          onHoverRow={props.onHoverToken}
          testid="head-table"
        />
      ) : (
        <>
          <div class="al-hv-axis" style={{ width: `${g.totalW}px` }} aria-hidden="true">
            <span style={{ width: `${g.gutter + g.colW}px` }}>{t('hv_from')}</span>
            <span style={{ width: `${g.midW}px` }} />
            <span style={{ width: `${g.gutter + g.colW}px` }}>{t('hv_to')}</span>
          </div>
          <div class={`al-hv-scroll${n > 40 ? ' is-tall' : ''}`} ref={scrollRef} onScroll={onScroll} onMouseLeave={() => cols.focus.setHover(null)}>
            <div
              class={`al-hv-body${focus ? ' has-focus' : ''}`}
              style={{
                width: `${g.totalW}px`,
                gridTemplateColumns: `${g.gutter}px ${g.colW}px ${g.midW}px ${g.colW}px ${g.gutter}px`,
                height: `${g.height}px`,
              }}
            >
              <WeightColumn side="from" weights={weights} tokens={view.tokens} lockedName={lockedName} g={g} />
              {tokenColumn('from')}
              <EdgeLines g={g} edges={edges} colors={colors} layer={layer} dark={theme === 'dark'} canvasRef={canvasRef} canvasH={canvasH} />
              {tokenColumn('to')}
              <WeightColumn side="to" weights={weights} tokens={view.tokens} lockedName={lockedName} g={g} />
            </div>
          </div>
          <p class="al-hint" aria-live="polite">
            {locked
              ? t(
                  locked.side === 'from' ? 'hv_locked_from' : 'hv_locked_to',
                  lockedName,
                  weights?.combine === 'max' ? t('hv_combine_max') : t('hv_combine_mean'),
                  shownHeads,
                )
              : t('hv_hover_hint')}
          </p>
        </>
      )}
    </section>
  );
}
