// One head of compare mode, enlarged: A − B with token labels (orange: more attention in A, blue: more in B), and A
// and B themselves side by side under it. Hovering a cell reads A, B and their difference; the table alternative
// lists A − B with rows and columns named text·position.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { MatrixTable } from '../components/MatrixTable';
import { Tooltip, type TipState } from '../components/Tooltip';
import { divergingInterpolator, heatLut, lutFrom, type ResolvedTheme } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { exportColors } from '../lib/svg';
import { cellAt, FULL_VIEW, matrixCanvas, paintWindow, usePaintWindow, useLargeLayout } from '../model-view/large-layout';
import { LargeAxisLabels, LargeBar } from '../model-view/LargeParts';
import { buildLargeSvg } from '../model-view/model-svg';
import type { ExportRef } from '../types';
import { fmtBits, type ComparePair, type PairDiff } from './compare-model';
import { t } from '../../shared/i18n';

/** Signed values as 0..1 for a diverging lookup table (−max → 0, 0 → ½, +max → 1). */
export function unitSigned(m: Float32Array, max: number): Float32Array {
  const out = new Float32Array(m.length);
  const s = max > 0 ? 1 / max : 0;
  for (let k = 0; k < m.length; k++) out[k] = Math.max(0, Math.min(1, (m[k] * s + 1) / 2));
  return out;
}

export function useDivergingLut(theme: ResolvedTheme): { lut: Uint8ClampedArray; interp: (t: number) => string } {
  return useMemo(() => {
    const d = divergingInterpolator(theme);
    const interp = (t: number) => d(2 * t - 1);
    return { lut: lutFrom(interp), interp };
  }, [theme]);
}

const fmtSigned = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${fmtWeight(Math.abs(v))}`;

function maxOf(m: Float32Array): number {
  let mx = 0;
  for (let k = 0; k < m.length; k++) if (m[k] > mx) mx = m[k];
  return mx;
}

/** A small heat map of one side (A or B), no labels. */
function SideMap(props: { matrix: Float32Array; m: number; side: number; theme: ResolvedTheme; label: string; testid: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const src = useMemo(() => matrixCanvas(props.matrix, props.m, maxOf(props.matrix), heatLut(props.theme)), [props.matrix, props.m, props.theme]);
  useEffect(() => {
    if (ref.current) paintWindow(ref.current, src, props.side, FULL_VIEW, props.m);
  }, [src, props.side, props.m]);
  return (
    <figure class="al-cmp-side" data-testid={props.testid}>
      <canvas ref={ref} style={{ width: `${props.side}px`, height: `${props.side}px` }} aria-hidden="true" />
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}

export function DiffLarge(props: {
  diff: PairDiff;
  pair: ComparePair;
  layer: number;
  head: number;
  theme: ResolvedTheme;
  compact?: boolean;
  table: boolean;
  exportRef: ExportRef;
  onClose: () => void;
  onNavigate: (layer: number, head: number) => void;
  onOpenHead?: (layer: number, head: number) => void;
}) {
  const { diff, pair, layer, head, theme } = props;
  const m = diff.m;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const width = useViewWidth(wrapRef, 560);
  const [tip, setTip] = useState<TipState | null>(null);
  const [cell, setCell] = useState<{ i: number; j: number } | null>(null);
  const d = diff.diff(layer, head);
  const a = diff.headA(layer, head);
  const b = diff.headB(layer, head);
  const max = diff.maxAbs || 1;
  const { lut, interp } = useDivergingLut(theme);
  const tokens = useMemo(() => diff.names.map((name, k) => ({ name, special: false, changed: diff.changedRows.includes(k) })), [diff]);
  const layout = useLargeLayout(Math.min(width, 620), tokens, props.compact);
  const src = useMemo(() => matrixCanvas(unitSigned(d, max), m, 1, lut), [d, m, max, lut]);
  usePaintWindow(canvasRef, src, layout.side, FULL_VIEW, m);
  const change = diff.changes.find((c) => c.layer === layer && c.head === head);
  const rank = diff.changes.indexOf(change!) + 1;
  const sideW = Math.max(90, Math.min(200, Math.floor((Math.min(width, 620) - 24) / 2)));
  useEffect(() => backRef.current?.focus({ preventScroll: true }), []);
  useEffect(() => {
    props.exportRef.current = {
      name: `compare-layer-${layer + 1}-head-${head + 1}`,
      svg: () =>
        buildLargeSvg(canvasRef.current, { n: m, tokens }, layer, head, layout, FULL_VIEW, max, interp, exportColors(wrapRef.current), {
          suffix: ' · A − B',
          label: 'A − B',
          min: -max,
        }),
    };
  });

  const show = (i: number, j: number, x: number, y: number) => {
    setCell({ i, j });
    setTip({
      x,
      y,
      content: (
        <>
          <div class="al-tip-title">{`${diff.names[i]} → ${diff.names[j]}`}</div>
          <div class="al-tip-value">{`A − B ${fmtSigned(d[i * m + j])}`}</div>
          <div class="al-tip-sub">{`A ${fmtWeight(a[i * m + j])} · B ${fmtWeight(b[i * m + j])}`}</div>
        </>
      ),
    });
  };
  return (
    <div class="al-large al-cmp-large" data-testid="compare-large" data-layer={layer} data-head={head} ref={wrapRef}>
      <LargeBar
        layer={layer}
        head={head}
        numLayers={pair.a.numLayers}
        numHeads={pair.a.numHeads}
        onClose={props.onClose}
        onNavigate={props.onNavigate}
        onOpenHead={props.onOpenHead}
        backRef={backRef}
      />
      <p class="al-caption-sub al-cmp-stat" data-testid="compare-large-stat">
        {change
          ? t(
              diff.changedRows.length ? 'cmp_large_stat_edited' : 'cmp_large_stat',
              rank,
              diff.changes.length,
              fmtBits(change.divergence),
              fmtWeight(change.maxAbsDiff),
            )
          : ''}
      </p>
      <div class="al-large-legend">
        <Legend min={-max} max={max} interpolate={interp} width={props.compact ? 190 : 230} label={t('cmp_legend')} />
      </div>
      {props.table ? (
        <MatrixTable
          caption={t('cmp_large_caption', layer + 1, head + 1)}
          corner={t('table_corner')}
          rows={diff.names}
          cols={diff.names}
          cell={(i, j) => {
            const v = d[i * m + j];
            const bg = interp((v / max + 1) / 2);
            return { text: fmtSigned(v), bg };
          }}
          testid="compare-table"
        />
      ) : (
        <>
          <div
            class="al-large-body"
            style={{ gridTemplateColumns: `${layout.labelW}px ${layout.side}px`, gridTemplateRows: `${layout.topH}px ${layout.side}px` }}
          >
            <LargeAxisLabels tokens={tokens} layout={layout} viewport={FULL_VIEW} cell={cell} />
            <div
              class="al-large-canvas"
              role="img"
              aria-label={t(
                diff.mode === 'words' ? 'cmp_large_label_words' : 'cmp_large_label_tokens',
                layer + 1,
                head + 1,
                m,
                change ? fmtWeight(change.maxAbsDiff) : '0',
              )}
              data-testid="compare-large-map"
              onPointerMove={(e) => {
                const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                const at = cellAt(FULL_VIEW, m, layout.side, e.clientX - r.left, e.clientY - r.top);
                if (at) show(at.i, at.j, e.clientX, e.clientY);
              }}
              onPointerLeave={() => {
                setCell(null);
                setTip(null);
              }}
              style={{ width: `${layout.side}px`, height: `${layout.side}px` }}
            >
              <canvas ref={canvasRef} style={{ width: `${layout.side}px`, height: `${layout.side}px` }} />
            </div>
          </div>
          <div class="al-cmp-sides">
            <SideMap matrix={a} m={m} side={sideW} theme={theme} label={`A · ${pair.labelA}`} testid="compare-side-a" />
            <SideMap matrix={b} m={m} side={sideW} theme={theme} label={`B · ${pair.labelB}`} testid="compare-side-b" />
          </div>
        </>
      )}
      <Tooltip tip={tip} />
    </div>
  );
}
