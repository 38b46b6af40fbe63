// One head's full n×n attention map on a canvas, with token labels (text·position) on both axes whenever a row is
// at least LABEL_MIN_PX tall. From ZOOM_MIN_TOKENS tokens on it zooms and pans: Ctrl/⌘ + wheel (and a trackpad
// pinch, which browsers send as Ctrl + wheel) or a two-finger pinch zooms about the pointer; the wheel or a drag
// pans while zoomed in; with the map focused, + / − zoom, 0 resets, arrow keys move the cell cursor (the window
// follows), Shift + arrows pan. From MINIMAP_MIN tokens a minimap shows the window (click or drag moves it).
// Hover or arrow keys show the exact weight and the token pair (the keyboard cell is announced in a polite live
// region); Escape clears that, or goes back to the grid.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { AttentionTable } from '../components/MatrixTable';
import { Tooltip, type TipState } from '../components/Tooltip';
import { heatInterpolator, heatLut, type ResolvedTheme } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { useHoverLock } from '../lib/hover-lock';
import { exportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { ExportRef } from '../types';
import {
  cellAt,
  FULL_VIEW,
  matrixCanvas,
  MINIMAP_MIN,
  panBy,
  revealCell,
  span,
  usePaintWindow,
  useLargeLayout,
  zoomAt,
  clampViewport,
  type Viewport,
} from './large-layout';
import { LargeAxisLabels, LargeBar, Minimap } from './LargeParts';
import { capture } from './pointer';
import { pooledHead } from './thumbnail';
import { buildLargeSvg } from './model-svg';
import { t } from '../../shared/i18n';

export interface LargeHeatmapProps {
  view: AttentionView;
  layer: number;
  head: number;
  theme: ResolvedTheme;
  compact?: boolean;
  table?: boolean;
  exportRef: ExportRef;
  onClose: () => void;
  onNavigate: (layer: number, head: number) => void;
  onOpenHead?: (layer: number, head: number) => void;
  onHoverToken?: (index: number | null) => void;
}

const ZOOM_STEP = 1.5;

export function LargeHeatmap(props: LargeHeatmapProps) {
  const { view, layer, head, theme } = props;
  const n = view.n;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const mapRef = useRef<HTMLDivElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const width = useViewWidth(wrapRef, 560);
  const hovered = useHoverLock<{ i: number; j: number }>();
  const cell = hovered.hover;
  const [tip, setTip] = useState<TipState | null>(null);
  const [said, setSaid] = useState('');
  const [vp, setVp] = useState<Viewport>(FULL_VIEW);
  const matrix = view.head(layer, head);
  const max = useMemo(() => {
    let m = 0;
    for (let k = 0; k < matrix.length; k++) if (matrix[k] > m) m = matrix[k];
    return m;
  }, [matrix]);
  const interp = useMemo(() => heatInterpolator(theme), [theme]);
  const lut = useMemo(() => heatLut(theme), [theme]);
  const layout = useLargeLayout(width, view.tokens, props.compact);
  const { side, labelW, topH, zoomable } = layout;
  const v = zoomable ? clampViewport(vp, n) : FULL_VIEW;
  const src = useMemo(() => matrixCanvas(matrix, n, max, lut), [matrix, n, max, lut]);
  usePaintWindow(canvasRef, src, side, v, n);
  const cellPx = side / span(v, n);
  const names = useMemo(() => view.tokens.map((t) => t.name), [view]);
  // The opened map takes focus (it is what the click or Enter asked for).
  useEffect(() => (mapRef.current ?? backRef.current)?.focus({ preventScroll: true }), []);

  useEffect(() => {
    props.exportRef.current = {
      name: `layer-${layer + 1}-head-${head + 1}`,
      svg: () => buildLargeSvg(canvasRef.current, view, layer, head, layout, v, max, interp, exportColors(wrapRef.current)),
    };
  });

  const pairText = (i: number, j: number) => t('mv_pair_value', names[i], names[j], fmtWeight(matrix[i * n + j]));
  const show = (i: number, j: number, x: number, y: number) => {
    hovered.setHover({ i, j });
    props.onHoverToken?.(i);
    setTip({
      x,
      y,
      content: (
        <>
          <div class="al-tip-title">{`${names[i]} → ${names[j]}`}</div>
          <div class="al-tip-value">{fmtWeight(matrix[i * n + j])}</div>
          <div class="al-tip-sub">{t('mv_tip_attends', names[i], names[j])}</div>
        </>
      ),
    });
  };
  const hide = () => {
    hovered.setHover(null);
    props.onHoverToken?.(null);
    setTip(null);
  };
  const setView = (next: Viewport) => {
    setVp(next);
    if (next.zoom !== v.zoom) setSaid(t('mv_zoom_said', Math.round(next.zoom * 100)));
  };

  // Pointers: one drags (pans while zoomed), two pinch.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ dist: number; vp: Viewport } | null>(null);
  const local = (x: number, y: number) => {
    const r = mapRef.current?.getBoundingClientRect();
    return r ? { x: x - r.left, y: y - r.top } : { x: 0, y: 0 };
  };
  const onPointerDown = (e: PointerEvent) => {
    if (!zoomable || (e.pointerType === 'mouse' && e.button !== 0)) return;
    capture(e);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      gesture.current = { dist: Math.hypot(a.x - b.x, a.y - b.y), vp: v };
    }
  };
  const onPointerMove = (e: PointerEvent) => {
    const prev = pointers.current.get(e.pointerId);
    if (prev && zoomable) {
      pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.current.size === 2 && gesture.current) {
        const [a, b] = [...pointers.current.values()];
        const mid = local((a.x + b.x) / 2, (a.y + b.y) / 2);
        const g = gesture.current;
        const factor = Math.hypot(a.x - b.x, a.y - b.y) / Math.max(1, g.dist);
        const c = side / span(g.vp, n);
        setView(zoomAt(g.vp, n, factor, g.vp.x0 + mid.x / c, g.vp.y0 + mid.y / c));
        return;
      }
      if (pointers.current.size === 1 && v.zoom > 1) {
        setView(panBy(v, n, -(e.clientX - prev.x) / cellPx, -(e.clientY - prev.y) / cellPx));
        setTip(null);
        return;
      }
    }
    const p = local(e.clientX, e.clientY);
    const at = cellAt(v, n, side, p.x, p.y);
    if (at) show(at.i, at.j, e.clientX, e.clientY);
  };
  const onPointerUp = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) gesture.current = null;
  };
  const onWheel = (e: WheelEvent) => {
    if (!zoomable) return;
    const p = local(e.clientX, e.clientY);
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      setView(zoomAt(v, n, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)), v.x0 + p.x / cellPx, v.y0 + p.y / cellPx));
      return;
    }
    if (v.zoom <= 1) return; // let the page scroll
    const unit = e.deltaMode === 1 ? 16 : 1;
    const next = panBy(v, n, ((e.shiftKey ? e.deltaY : e.deltaX) * unit) / cellPx, ((e.shiftKey ? 0 : e.deltaY) * unit) / cellPx);
    if (next.x0 !== v.x0 || next.y0 !== v.y0) {
      e.preventDefault();
      setView(next);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      if (hovered.escape(e)) setTip(null);
      else {
        e.preventDefault();
        e.stopPropagation();
        props.onClose();
      }
      return;
    }
    const focusCell = cell ?? { i: Math.floor(v.y0 + span(v, n) / 2), j: Math.floor(v.x0 + span(v, n) / 2) };
    if (zoomable && (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '_' || e.key === '0')) {
      e.preventDefault();
      setView(e.key === '0' ? FULL_VIEW : zoomAt(v, n, e.key === '-' || e.key === '_' ? 1 / ZOOM_STEP : ZOOM_STEP, focusCell.j + 0.5, focusCell.i + 0.5));
      return;
    }
    const dir = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[e.key];
    if (!dir) return;
    e.preventDefault();
    if (e.shiftKey && zoomable) {
      const step = span(v, n) / 4;
      setView(panBy(v, n, dir[1] * step, dir[0] * step));
      return;
    }
    const start = cell ?? focusCell;
    const i = Math.min(n - 1, Math.max(0, start.i + (cell ? dir[0] : 0)));
    const j = Math.min(n - 1, Math.max(0, start.j + (cell ? dir[1] : 0)));
    const next = zoomable ? revealCell(v, n, i, j) : v;
    if (next !== v) setView(next);
    const c = side / span(next, n);
    const r = mapRef.current?.getBoundingClientRect();
    show(i, j, (r?.left ?? 0) + (j + 0.5 - next.x0) * c, (r?.top ?? 0) + (i + 0.5 - next.y0) * c);
    setSaid(pairText(i, j));
  };

  const cursorVisible = cell && cell.i >= v.y0 - 1 && cell.j >= v.x0 - 1;
  const minimap = zoomable && n >= MINIMAP_MIN;
  return (
    <div class="al-large" data-testid="model-large" data-zoom={v.zoom.toFixed(3)} data-x0={v.x0.toFixed(2)} data-y0={v.y0.toFixed(2)} ref={wrapRef}>
      <LargeBar
        layer={layer}
        head={head}
        numLayers={view.result.numLayers}
        numHeads={view.result.numHeads}
        onClose={props.onClose}
        onNavigate={props.onNavigate}
        onOpenHead={props.onOpenHead}
        backRef={backRef}
      />
      {props.table ? (
        <AttentionTable
          caption={t('mv_large_caption', layer + 1, head + 1)}
          matrix={matrix}
          names={names}
          interp={interp}
          onHoverRow={props.onHoverToken}
          testid="model-table"
        />
      ) : (
        <>
          <div class="al-large-legend">
            <Legend max={max} interpolate={interp} width={props.compact ? 180 : 220} label={t('attention_weight')} />
            <span class="al-caption-sub">
              {t('mv_rows_cols')}
              {zoomable && (
                <span class="al-large-zoomtext" data-testid="model-zoom">
                  {t('mv_zoom_value', Math.round(v.zoom * 100))}
                </span>
              )}
            </span>
            {zoomable && (
              <span class="al-large-zoom" role="group" aria-label={t('mv_zoom')}>
                <button
                  type="button"
                  class="al-btn al-btn-icon al-btn-small"
                  data-testid="zoom-out"
                  aria-label={t('mv_zoom_out')}
                  onClick={() => setView(zoomAt(v, n, 1 / ZOOM_STEP, v.x0 + span(v, n) / 2, v.y0 + span(v, n) / 2))}
                >
                  −
                </button>
                <button
                  type="button"
                  class="al-btn al-btn-icon al-btn-small"
                  data-testid="zoom-in"
                  aria-label={t('mv_zoom_in')}
                  onClick={() => setView(zoomAt(v, n, ZOOM_STEP, v.x0 + span(v, n) / 2, v.y0 + span(v, n) / 2))}
                >
                  +
                </button>
                <button type="button" class="al-btn al-btn-small" data-testid="zoom-reset" onClick={() => setView(FULL_VIEW)}>
                  {t('mv_zoom_reset')}
                </button>
              </span>
            )}
            {minimap && <Minimap pooled={pooledHead(view, layer, head)} lut={lut} size={props.compact ? 72 : 96} n={n} viewport={v} onViewport={setView} />}
          </div>
          <div class="al-large-body" style={{ gridTemplateColumns: `${labelW}px ${side}px`, gridTemplateRows: `${topH}px ${side}px` }}>
            <LargeAxisLabels tokens={view.tokens} layout={layout} viewport={v} cell={cell} />
            <div
              class={`al-large-canvas${zoomable ? ' is-zoomable' : ''}`}
              ref={mapRef}
              tabIndex={0}
              role="application"
              aria-roledescription={t('mv_map_role')}
              aria-label={t(zoomable ? 'mv_map_label_zoom' : 'mv_map_label', layer + 1, head + 1, n)}
              data-testid="model-large-map"
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onPointerLeave={hide}
              onWheel={onWheel}
              onKeyDown={onKey}
              onBlur={() => setTip(null)}
              style={{ width: `${side}px`, height: `${side}px` }}
            >
              <canvas ref={canvasRef} data-testid="model-large-canvas" style={{ width: `${side}px`, height: `${side}px` }} />
              {cursorVisible && (
                <div
                  class="al-large-cursor"
                  style={{
                    left: `${(cell.j - v.x0) * cellPx}px`,
                    top: `${(cell.i - v.y0) * cellPx}px`,
                    width: `${Math.max(2, cellPx)}px`,
                    height: `${Math.max(2, cellPx)}px`,
                  }}
                />
              )}
            </div>
          </div>
          <p class="al-sr" aria-live="polite" data-testid="model-large-live">
            {said}
          </p>
          {zoomable && <p class="al-hint">{t('mv_zoom_hint')}</p>}
        </>
      )}
      <Tooltip tip={tip} />
    </div>
  );
}
