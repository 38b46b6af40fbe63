// One head's full n×n attention map on a canvas, with token labels on the axes when they fit.
// Hover (or arrow keys) shows the exact weight and the token pair.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { Tooltip, type TipState } from '../components/Tooltip';
import { heatInterpolator, heatLut, type ResolvedTheme } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { EXPORT_FONT, exportColors, measureText } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { ExportRef } from '../types';
import { buildLargeSvg } from './model-svg';

export interface LargeHeatmapProps {
  view: AttentionView;
  layer: number;
  head: number;
  theme: ResolvedTheme;
  compact?: boolean;
  exportRef?: ExportRef;
  onClose: () => void;
  onNavigate: (layer: number, head: number) => void;
  onOpenHead?: (layer: number, head: number) => void;
}

export function LargeHeatmap(props: LargeHeatmapProps) {
  const { view, layer, head, theme } = props;
  const n = view.n;
  const { numLayers, numHeads } = view.result;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useViewWidth(wrapRef, 560);
  const [cell, setCell] = useState<{ i: number; j: number } | null>(null);
  const [tip, setTip] = useState<TipState | null>(null);
  const matrix = view.head(layer, head);
  const max = useMemo(() => {
    let m = 0;
    for (let k = 0; k < matrix.length; k++) if (matrix[k] > m) m = matrix[k];
    return m;
  }, [matrix]);
  const interp = useMemo(() => heatInterpolator(theme), [theme]);
  const lut = useMemo(() => heatLut(theme), [theme]);

  const layout = useMemo(() => {
    const avail = Math.max(160, width - 4);
    const fits = n <= 64;
    const font = (fs: number) => `${fs}px ${EXPORT_FONT}`;
    let labelW = 0;
    let fs = 12;
    if (fits) {
      const trial = Math.min(560, avail - 90, n * 30) / n;
      fs = Math.max(9, Math.min(12, Math.floor(trial * 0.7)));
      for (const t of view.tokens) labelW = Math.max(labelW, measureText(t.vocab, font(fs)));
      labelW = Math.min(110, Math.ceil(labelW) + 10);
    }
    const side = Math.floor(Math.min(560, avail - labelW - 8, n * 30));
    const cellPx = side / n;
    const showLabels = fits && cellPx >= 9;
    return { side, cellPx, showLabels, labelW: showLabels ? labelW : 0, topH: showLabels ? labelW : 0, fs };
  }, [width, n, view]);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    const px = Math.round(layout.side * dpr);
    canvas.width = px;
    canvas.height = px;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const scale = max > 0 ? 255 / max : 0;
    const img = new ImageData(n, n);
    for (let k = 0; k < n * n; k++) {
      const c = Math.min(255, (matrix[k] * scale) | 0) * 4;
      img.data[k * 4] = lut[c];
      img.data[k * 4 + 1] = lut[c + 1];
      img.data[k * 4 + 2] = lut[c + 2];
      img.data[k * 4 + 3] = 255;
    }
    const src = document.createElement('canvas');
    src.width = n;
    src.height = n;
    src.getContext('2d')?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = n > px;
    ctx.drawImage(src, 0, 0, px, px);
  }, [matrix, n, max, lut, layout.side]);

  useEffect(() => {
    if (!props.exportRef) return;
    props.exportRef.current = {
      name: `layer-${layer + 1}-head-${head + 1}`,
      svg: () => buildLargeSvg(canvasRef.current, view, layer, head, layout, max, interp, exportColors(wrapRef.current)),
    };
  });

  const describe = (i: number, j: number) => `“${view.tokens[i].vocab}” → “${view.tokens[j].vocab}”: ${fmtWeight(matrix[i * n + j])}`;
  const tipAt = (i: number, j: number, x: number, y: number): TipState => ({
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
  const onMove = (e: MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const j = Math.floor(((e.clientX - r.left) / r.width) * n);
    const i = Math.floor(((e.clientY - r.top) / r.height) * n);
    if (i < 0 || j < 0 || i >= n || j >= n) return;
    setCell({ i, j });
    setTip(tipAt(i, j, e.clientX, e.clientY));
  };
  const onKey = (e: KeyboardEvent) => {
    const c = cell ?? { i: 0, j: 0 };
    let { i, j } = c;
    if (e.key === 'ArrowRight') j = Math.min(n - 1, j + 1);
    else if (e.key === 'ArrowLeft') j = Math.max(0, j - 1);
    else if (e.key === 'ArrowDown') i = Math.min(n - 1, i + 1);
    else if (e.key === 'ArrowUp') i = Math.max(0, i - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (cell) {
        setCell(null);
        setTip(null);
      } else props.onClose();
      return;
    } else return;
    e.preventDefault();
    setCell({ i, j });
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    setTip(tipAt(i, j, r.left + (j + 0.5) * layout.cellPx, r.top + (i + 0.5) * layout.cellPx));
  };

  const prev = head > 0 ? { layer, head: head - 1 } : layer > 0 ? { layer: layer - 1, head: numHeads - 1 } : null;
  const next = head < numHeads - 1 ? { layer, head: head + 1 } : layer < numLayers - 1 ? { layer: layer + 1, head: 0 } : null;
  const { side, cellPx, showLabels, labelW, topH, fs } = layout;

  return (
    <div class="al-large" data-testid="model-large" ref={wrapRef}>
      <div class="al-large-bar">
        <button type="button" class="al-btn" data-testid="model-back" onClick={props.onClose}>
          ← All heads
        </button>
        <h3 class="al-large-title">{`Layer ${layer + 1} · Head ${head + 1}`}</h3>
        <div class="al-large-nav">
          <button type="button" class="al-btn al-btn-icon" aria-label="Previous head" disabled={!prev} onClick={() => prev && props.onNavigate(prev.layer, prev.head)}>
            ‹
          </button>
          <button type="button" class="al-btn al-btn-icon" aria-label="Next head" disabled={!next} onClick={() => next && props.onNavigate(next.layer, next.head)}>
            ›
          </button>
          {props.onOpenHead && (
            <button type="button" class="al-btn" onClick={() => props.onOpenHead!(layer, head)}>
              Head view
            </button>
          )}
        </div>
      </div>
      <div class="al-large-legend">
        <Legend max={max} interpolate={interp} width={props.compact ? 180 : 220} label="Attention weight" />
        <span class="al-caption-sub">Rows attend (from) · columns are attended (to)</span>
      </div>
      <div class="al-large-body" style={{ gridTemplateColumns: `${labelW}px ${side}px`, gridTemplateRows: `${topH}px ${side}px` }}>
        <div />
        <div class="al-large-top" aria-hidden="true">
          {showLabels &&
            view.tokens.map((t, k) => (
              <span
                key={k}
                class={`al-large-collabel${cell?.j === k ? ' is-on' : ''}${t.special ? ' is-special' : ''}`}
                style={{ left: `${(k + 0.5) * cellPx}px`, fontSize: `${fs}px`, width: `${topH}px` }}
              >
                {t.vocab}
              </span>
            ))}
        </div>
        <div class="al-large-left" aria-hidden="true">
          {showLabels &&
            view.tokens.map((t, k) => (
              <span key={k} class={`al-large-rowlabel${cell?.i === k ? ' is-on' : ''}${t.special ? ' is-special' : ''}`} style={{ height: `${cellPx}px`, lineHeight: `${cellPx}px`, fontSize: `${fs}px` }}>
                {t.vocab}
              </span>
            ))}
        </div>
        <div
          class="al-large-canvas"
          tabIndex={0}
          role="img"
          aria-label={cell ? describe(cell.i, cell.j) : `Attention map of layer ${layer + 1}, head ${head + 1}, ${n} by ${n}. Arrow keys read cells.`}
          onMouseMove={onMove}
          onMouseLeave={() => {
            setCell(null);
            setTip(null);
          }}
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
