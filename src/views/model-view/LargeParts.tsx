// Pieces of the large attention map: the top bar (back, title, previous / next head, open in the head view), the
// token labels along the top and left edges (only the rows and columns in view, whenever a row is at least
// LABEL_MIN_PX tall) and the minimap of long inputs.
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ViewToken } from '../lib/view-model';
import { capture } from './pointer';
import { paintTiles, type Pooled } from './thumbnail';
import { centreOn, LABEL_MIN_PX, span, visibleRange, type LargeLayout, type Viewport } from './large-layout';
import { t } from '../../shared/i18n';

export function LargeBar(props: {
  layer: number;
  head: number;
  numLayers: number;
  numHeads: number;
  onClose: () => void;
  onNavigate: (layer: number, head: number) => void;
  onOpenHead?: (layer: number, head: number) => void;
  backRef?: RefObject<HTMLButtonElement | null>;
}) {
  const { layer, head, numLayers, numHeads, onNavigate, onOpenHead } = props;
  const prev = head > 0 ? { layer, head: head - 1 } : layer > 0 ? { layer: layer - 1, head: numHeads - 1 } : null;
  const next = head < numHeads - 1 ? { layer, head: head + 1 } : layer < numLayers - 1 ? { layer: layer + 1, head: 0 } : null;
  // aria-disabled rather than disabled: a button pressed to the last head keeps focus.
  return (
    <div class="al-large-bar">
      <button type="button" class="al-btn" data-testid="model-back" ref={props.backRef} onClick={props.onClose}>
        {t('mv_back')}
      </button>
      <h3 class="al-large-title">{t('mv_large_title', layer + 1, head + 1)}</h3>
      <div class="al-large-nav">
        <button
          type="button"
          class="al-btn al-btn-icon"
          aria-label={t('mv_prev_head')}
          aria-disabled={prev ? undefined : 'true'}
          onClick={() => prev && onNavigate(prev.layer, prev.head)}
        >
          ‹
        </button>
        <button
          type="button"
          class="al-btn al-btn-icon"
          aria-label={t('mv_next_head')}
          aria-disabled={next ? undefined : 'true'}
          onClick={() => next && onNavigate(next.layer, next.head)}
        >
          ›
        </button>
        {onOpenHead && (
          <button type="button" class="al-btn" data-testid="model-open-head" onClick={() => onOpenHead(layer, head)}>
            {t('mv_open_head_view')}
          </button>
        )}
      </div>
    </div>
  );
}

/** The grid's first three cells: an empty corner, the column labels (rotated) and the row labels of the cells in view. */
export function LargeAxisLabels(props: {
  tokens: readonly Pick<ViewToken, 'name' | 'special'>[];
  layout: LargeLayout;
  viewport: Viewport;
  cell: { i: number; j: number } | null;
}) {
  const { tokens, cell, viewport: v, layout } = props;
  const n = tokens.length;
  const s = span(v, n);
  const cellPx = layout.side / s;
  const show = layout.labelW > 0 && cellPx >= LABEL_MIN_PX;
  const fs = Math.min(layout.fs, Math.max(9, Math.floor(cellPx * 0.75)));
  const [c0, c1] = visibleRange(v.x0, s, n);
  const [r0, r1] = visibleRange(v.y0, s, n);
  const cols = show ? Array.from({ length: c1 - c0 }, (_, k) => c0 + k) : [];
  const rows = show ? Array.from({ length: r1 - r0 }, (_, k) => r0 + k) : [];
  // Too many tokens for labels: the label bands carry a position ruler instead of staying empty.
  const inside = (from: number) => (k: number) => {
    const px = (k + 0.5 - from) * cellPx;
    return px >= 8 && px <= layout.side - 14; // a number half outside the map would be cut
  };
  const ticks = layout.labelW > 0 && !show ? rulerTicks(v.x0, s, n, cellPx).filter(inside(v.x0)) : [];
  const rowTicks = layout.labelW > 0 && !show ? rulerTicks(v.y0, s, n, cellPx).filter(inside(v.y0)) : [];
  return (
    <>
      <div class="al-large-corner" aria-hidden="true">
        {layout.labelW > 0 && !show && <span>{t('mv_zoom_for_labels')}</span>}
      </div>
      <div class="al-large-top" aria-hidden="true" data-testid="model-large-collabels">
        {cols.map((k) => (
          <span
            key={k}
            class={`al-large-collabel${cell?.j === k ? ' is-on' : ''}${tokens[k].special ? ' is-special' : ''}`}
            style={{ left: `${(k + 0.5 - v.x0) * cellPx}px`, fontSize: `${fs}px`, width: `${layout.topH}px` }}
          >
            {tokens[k].name}
          </span>
        ))}
        {ticks.map((k) => (
          <span key={`t${k}`} class="al-large-tick is-col" data-testid="model-large-tick" style={{ left: `${(k + 0.5 - v.x0) * cellPx}px` }}>
            {k}
          </span>
        ))}
      </div>
      <div class="al-large-left" aria-hidden="true" data-testid="model-large-rowlabels">
        {rowTicks.map((k) => (
          <span key={`t${k}`} class="al-large-tick is-row" style={{ top: `${(k + 0.5 - v.y0) * cellPx}px` }}>
            {k}
          </span>
        ))}
        {rows.map((k) => (
          <span
            key={k}
            class={`al-large-rowlabel${cell?.i === k ? ' is-on' : ''}${tokens[k].special ? ' is-special' : ''}`}
            style={{ top: `${(k - v.y0) * cellPx}px`, height: `${cellPx}px`, lineHeight: `${cellPx}px`, fontSize: `${fs}px` }}
          >
            {tokens[k].name}
          </span>
        ))}
      </div>
    </>
  );
}

/** Token positions for a ruler: multiples of a 1-2-5 step at least 36 px apart, inside the window in view. */
export function rulerTicks(from: number, span: number, n: number, cellPx: number): number[] {
  const want = 36 / Math.max(cellPx, 1e-9);
  const pow = 10 ** Math.floor(Math.log10(Math.max(1, want)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((x) => x >= want) ?? 10 * pow;
  const out: number[] = [];
  for (let k = Math.ceil(from / step) * step; k < Math.min(n, from + span); k += step) out.push(k);
  return out;
}

/**
 * The whole map in small (max-pooled like the grid's thumbnails, so one-token-wide lines stay visible) with the window
 * in view outlined; click or drag moves the window there.
 */
export function Minimap(props: { pooled: Pooled; lut: Uint8ClampedArray; size: number; n: number; viewport: Viewport; onViewport: (v: Viewport) => void }) {
  const { pooled, lut, size, n, viewport: v } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    if (ref.current) paintTiles(ref.current, size, size, [{ pooled, x: 0, y: 0, size }], lut);
  }, [pooled, lut, size]);
  const move = (e: PointerEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    props.onViewport(centreOn(v, n, ((e.clientX - r.left) / r.width) * n, ((e.clientY - r.top) / r.height) * n));
  };
  const s = span(v, n);
  const k = size / n;
  return (
    <div
      class="al-minimap"
      data-testid="model-minimap"
      aria-hidden="true"
      style={{ width: `${size}px`, height: `${size}px` }}
      onPointerDown={(e) => {
        capture(e);
        move(e);
      }}
      onPointerMove={(e) => e.buttons & 1 && move(e)}
    >
      <canvas ref={ref} style={{ width: `${size}px`, height: `${size}px` }} />
      <div
        class="al-minimap-window"
        data-testid="model-minimap-window"
        style={{ left: `${v.x0 * k}px`, top: `${v.y0 * k}px`, width: `${Math.max(3, s * k)}px`, height: `${Math.max(3, s * k)}px` }}
      />
    </div>
  );
}
