// Layout of the large attention map, its zoom/pan viewport (pure maths, unit-tested) and its painting: the n×n
// matrix is drawn once into an n×n source canvas; every zoom or pan step only copies the visible window of it
// onto the on-screen canvas (one drawImage).
import type { RefObject } from 'preact';
import { useLayoutEffect, useMemo } from 'preact/hooks';
import { EXPORT_FONT, measureText } from '../lib/svg';
import type { ViewToken } from '../lib/view-model';

/** Token labels are drawn on both axes whenever a row is at least this tall (CSS px). */
export const LABEL_MIN_PX = 9;
/** Zoom and pan exist from this many tokens on; the minimap from MINIMAP_MIN. */
export const ZOOM_MIN_TOKENS = 64;
export const MINIMAP_MIN = 200;

export interface LargeLayout {
  /** Canvas side in CSS px. */
  side: number;
  /** Width of the row labels and height of the (rotated) column labels; 0 when no zoom can make labels fit. */
  labelW: number;
  topH: number;
  /** Largest label font size in px. */
  fs: number;
  /** Zoom and pan are offered (n ≥ ZOOM_MIN_TOKENS). */
  zoomable: boolean;
}

export function useLargeLayout(width: number, tokens: readonly Pick<ViewToken, 'name'>[], compact?: boolean): LargeLayout {
  const n = tokens.length;
  return useMemo(() => {
    const avail = Math.max(160, width - 4);
    const zoomable = n >= ZOOM_MIN_TOKENS;
    const font = (fs: number) => `${fs}px ${EXPORT_FONT}`;
    // Label space is kept whenever some zoom level can show labels, so zooming never moves the canvas.
    const trial = Math.min(560, avail - 90, n * 30) / Math.max(1, n);
    const fs = zoomable ? 11 : Math.max(9, Math.min(12, Math.floor(trial * 0.7)));
    let labelW = 0;
    if (zoomable || trial >= LABEL_MIN_PX) {
      for (const t of tokens) labelW = Math.max(labelW, measureText(t.name, font(fs)));
      labelW = Math.min(compact || avail < 400 ? 76 : 110, Math.ceil(labelW) + 10);
    }
    const side = Math.max(80, Math.floor(Math.min(560, avail - labelW - 8, n * 30)));
    if (!zoomable && side / Math.max(1, n) < LABEL_MIN_PX) labelW = 0;
    return { side, labelW, topH: labelW, fs, zoomable };
  }, [width, n, tokens, compact]);
}

/** The visible window: `zoom` ≥ 1, top-left cell (x0 = column, y0 = row, fractional) of a square window of n/zoom cells. */
export interface Viewport {
  zoom: number;
  x0: number;
  y0: number;
}

export const FULL_VIEW: Viewport = { zoom: 1, x0: 0, y0: 0 };

/** Most zoom: about four rows in view (never less than 1). */
export function maxZoom(n: number): number {
  return Math.max(1, n / 4);
}

/** Rows (= columns) in view. */
export function span(v: Viewport, n: number): number {
  return n / v.zoom;
}

/** Zoom within [1, maxZoom], the window inside the matrix. */
export function clampViewport(v: Viewport, n: number): Viewport {
  const zoom = Math.min(maxZoom(n), Math.max(1, Number.isFinite(v.zoom) ? v.zoom : 1));
  const s = n / zoom;
  const c = (x: number) => Math.min(n - s, Math.max(0, Number.isFinite(x) ? x : 0));
  return { zoom, x0: c(v.x0), y0: c(v.y0) };
}

/** Zoom by `factor` keeping the matrix point (fx, fy) (in cells) where it is on screen. */
export function zoomAt(v: Viewport, n: number, factor: number, fx: number, fy: number): Viewport {
  const zoom = Math.min(maxZoom(n), Math.max(1, v.zoom * factor));
  const k = v.zoom / zoom; // new span / old span
  return clampViewport({ zoom, x0: fx - (fx - v.x0) * k, y0: fy - (fy - v.y0) * k }, n);
}

/** Move the window by (dx, dy) cells. */
export function panBy(v: Viewport, n: number, dx: number, dy: number): Viewport {
  return clampViewport({ ...v, x0: v.x0 + dx, y0: v.y0 + dy }, n);
}

/** Centre the window on (cx, cy) (cells), e.g. from a minimap click. */
export function centreOn(v: Viewport, n: number, cx: number, cy: number): Viewport {
  const s = span(v, n);
  return clampViewport({ ...v, x0: cx - s / 2, y0: cy - s / 2 }, n);
}

/** The smallest move that brings cell (i, j) (row, column) fully into view. */
export function revealCell(v: Viewport, n: number, i: number, j: number): Viewport {
  const s = span(v, n);
  const fit = (at: number, k: number) => (k < at ? k : k + 1 > at + s ? k + 1 - s : at);
  return clampViewport({ ...v, x0: fit(v.x0, j), y0: fit(v.y0, i) }, n);
}

/** Cells [first, last) at least partly in view along one axis. */
export function visibleRange(start: number, s: number, n: number): [number, number] {
  return [Math.max(0, Math.floor(start)), Math.min(n, Math.ceil(start + s - 1e-9))];
}

/** The matrix cell under a point of the canvas (px from its top-left), or null outside. */
export function cellAt(v: Viewport, n: number, side: number, px: number, py: number): { i: number; j: number } | null {
  const cell = side / span(v, n);
  const j = Math.floor(v.x0 + px / cell);
  const i = Math.floor(v.y0 + py / cell);
  return i >= 0 && j >= 0 && i < n && j < n ? { i, j } : null;
}

/** `matrix` ([query][key], n·n) as an n×n canvas through the heat lookup table, `max` the top colour. */
export function matrixCanvas(matrix: Float32Array, n: number, max: number, lut: Uint8ClampedArray): HTMLCanvasElement {
  const src = document.createElement('canvas');
  src.width = Math.max(1, n);
  src.height = Math.max(1, n);
  const ctx = src.getContext('2d');
  if (!ctx || n === 0) return src;
  const img = ctx.createImageData(n, n);
  const px = new Uint32Array(img.data.buffer);
  const lut4 = new Uint32Array(lut.buffer.slice(lut.byteOffset, lut.byteOffset + 1024));
  const scale = max > 0 ? 255 / max : 0;
  for (let k = 0; k < n * n; k++) {
    const c = (matrix[k] * scale) | 0;
    px[k] = lut4[c > 255 ? 255 : c < 0 ? 0 : c];
  }
  ctx.putImageData(img, 0, 0);
  return src;
}

/** Copy the viewport's window of `src` onto `canvas` (side × side CSS px, device-pixel sharp). */
export function paintWindow(canvas: HTMLCanvasElement, src: HTMLCanvasElement, side: number, v: Viewport, n: number): void {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const px = Math.round(side * dpr);
  if (canvas.width !== px || canvas.height !== px) {
    canvas.width = px;
    canvas.height = px;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const s = span(v, n);
  ctx.imageSmoothingEnabled = s > px;
  ctx.clearRect(0, 0, px, px);
  ctx.drawImage(src, v.x0, v.y0, s, s, 0, 0, px, px);
}

/** Paint the window on every change of matrix, colours, size or viewport. */
export function usePaintWindow(canvasRef: RefObject<HTMLCanvasElement | null>, src: HTMLCanvasElement, side: number, v: Viewport, n: number): void {
  // Keyed on the viewport's numbers, not its object: an equal viewport in a new object does not repaint.
  const { zoom, x0, y0 } = v;
  useLayoutEffect(() => {
    if (canvasRef.current) paintWindow(canvasRef.current, src, side, { zoom, x0, y0 }, n);
  }, [canvasRef, src, side, zoom, x0, y0, n]);
}
