// One head's full n×n attention map on a canvas, with token labels on the axes when they fit.
// Hover (or arrow keys) shows the exact weight and the token pair; Escape clears that, or goes back to the grid.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { Tooltip, type TipState } from '../components/Tooltip';
import { heatInterpolator, heatLut, type ResolvedTheme } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { useHoverLock } from '../lib/hover-lock';
import { exportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { ExportRef } from '../types';
import { useLargeLayout, usePaintMatrix } from './large-layout';
import { LargeAxisLabels, LargeBar } from './LargeParts';
import { buildLargeSvg } from './model-svg';

export interface LargeHeatmapProps {
  view: AttentionView;
  layer: number;
  head: number;
  theme: ResolvedTheme;
  compact?: boolean;
  exportRef: ExportRef;
  onClose: () => void;
  onNavigate: (layer: number, head: number) => void;
  onOpenHead?: (layer: number, head: number) => void;
}

export function LargeHeatmap(props: LargeHeatmapProps) {
  const { view, layer, head, theme } = props;
  const n = view.n;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useViewWidth(wrapRef, 560);
  const hovered = useHoverLock<{ i: number; j: number }>();
  const cell = hovered.hover;
  const [tip, setTip] = useState<TipState | null>(null);
  const matrix = view.head(layer, head);
  const max = useMemo(() => {
    let m = 0;
    for (let k = 0; k < matrix.length; k++) if (matrix[k] > m) m = matrix[k];
    return m;
  }, [matrix]);
  const interp = useMemo(() => heatInterpolator(theme), [theme]);
  const lut = useMemo(() => heatLut(theme), [theme]);
  const layout = useLargeLayout(width, view.tokens);
  usePaintMatrix(canvasRef, matrix, n, max, lut, layout.side);

  useEffect(() => {
    props.exportRef.current = {
      name: `layer-${layer + 1}-head-${head + 1}`,
      svg: () => buildLargeSvg(canvasRef.current, view, layer, head, layout, max, interp, exportColors(wrapRef.current)),
    };
  });

  const show = (i: number, j: number, x: number, y: number) => {
    hovered.setHover({ i, j });
    setTip({
      x,
      y,
      content: (
        <>
          <div class="al-tip-title">{`${view.tokens[i].vocab} → ${view.tokens[j].vocab}`}</div>
          <div class="al-tip-value">{fmtWeight(matrix[i * n + j])}</div>
          <div class="al-tip-sub">{`row ${i + 1} attends to column ${j + 1}`}</div>
        </>
      ),
    });
  };
  const hide = () => {
    hovered.setHover(null);
    setTip(null);
  };
  const onMove = (e: MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const j = Math.floor(((e.clientX - r.left) / r.width) * n);
    const i = Math.floor(((e.clientY - r.top) / r.height) * n);
    if (i >= 0 && j >= 0 && i < n && j < n) show(i, j, e.clientX, e.clientY);
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
    let { i, j } = cell ?? { i: 0, j: 0 };
    if (e.key === 'ArrowRight') j = Math.min(n - 1, j + 1);
    else if (e.key === 'ArrowLeft') j = Math.max(0, j - 1);
    else if (e.key === 'ArrowDown') i = Math.min(n - 1, i + 1);
    else if (e.key === 'ArrowUp') i = Math.max(0, i - 1);
    else return;
    e.preventDefault();
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    show(i, j, r.left + (j + 0.5) * layout.cellPx, r.top + (i + 0.5) * layout.cellPx);
  };

  const { side, cellPx, labelW, topH } = layout;
  return (
    <div class="al-large" data-testid="model-large" ref={wrapRef}>
      <LargeBar layer={layer} head={head} numLayers={view.result.numLayers} numHeads={view.result.numHeads} onClose={props.onClose} onNavigate={props.onNavigate} onOpenHead={props.onOpenHead} />
      <div class="al-large-legend">
        <Legend max={max} interpolate={interp} width={props.compact ? 180 : 220} label="Attention weight" />
        <span class="al-caption-sub">Rows attend (from) · columns are attended (to)</span>
      </div>
      <div class="al-large-body" style={{ gridTemplateColumns: `${labelW}px ${side}px`, gridTemplateRows: `${topH}px ${side}px` }}>
        <LargeAxisLabels tokens={view.tokens} layout={layout} cell={cell} />
        <div
          class="al-large-canvas"
          tabIndex={0}
          role="img"
          aria-label={
            cell
              ? `“${view.tokens[cell.i].vocab}” → “${view.tokens[cell.j].vocab}”: ${fmtWeight(matrix[cell.i * n + cell.j])}`
              : `Attention map of layer ${layer + 1}, head ${head + 1}, ${n} by ${n}. Arrow keys read cells.`
          }
          onMouseMove={onMove}
          onMouseLeave={hide}
          onKeyDown={onKey}
          onBlur={() => setTip(null)}
          style={{ width: `${side}px`, height: `${side}px` }}
        >
          <canvas ref={canvasRef} data-testid="model-large-canvas" style={{ width: `${side}px`, height: `${side}px` }} />
          {cell && (
            <div
              class="al-large-cursor"
              style={{ left: `${cell.j * cellPx}px`, top: `${cell.i * cellPx}px`, width: `${Math.max(2, cellPx)}px`, height: `${Math.max(2, cellPx)}px` }}
            />
          )}
        </div>
      </div>
      <Tooltip tip={tip} />
    </div>
  );
}
