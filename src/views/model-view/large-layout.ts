// Layout of the large attention map and its painting: one canvas, n×n cells scaled to `side` px.
import type { RefObject } from 'preact';
import { useLayoutEffect, useMemo } from 'preact/hooks';
import { EXPORT_FONT, measureText } from '../lib/svg';
import type { ViewToken } from '../lib/view-model';

export interface LargeLayout {
  /** Canvas side in CSS px. */
  side: number;
  cellPx: number;
  /** Token labels on the axes (short inputs with cells of at least 9 px). */
  showLabels: boolean;
  /** Width of the row labels and height of the (rotated) column labels; 0 without labels. */
  labelW: number;
  topH: number;
  /** Label font size in px. */
  fs: number;
}

export function useLargeLayout(width: number, tokens: ViewToken[]): LargeLayout {
  const n = tokens.length;
  return useMemo(() => {
    const avail = Math.max(160, width - 4);
    const fits = n <= 64;
    const font = (fs: number) => `${fs}px ${EXPORT_FONT}`;
    let labelW = 0;
    let fs = 12;
    if (fits) {
      const trial = Math.min(560, avail - 90, n * 30) / n;
      fs = Math.max(9, Math.min(12, Math.floor(trial * 0.7)));
      for (const t of tokens) labelW = Math.max(labelW, measureText(t.vocab, font(fs)));
      labelW = Math.min(110, Math.ceil(labelW) + 10);
    }
    const side = Math.floor(Math.min(560, avail - labelW - 8, n * 30));
    const cellPx = side / n;
    const showLabels = fits && cellPx >= 9;
    return { side, cellPx, showLabels, labelW: showLabels ? labelW : 0, topH: showLabels ? labelW : 0, fs };
  }, [width, n, tokens]);
}

/** Paint `matrix` ([query][key], n·n) with the heat lookup table, scaled so that `max` is the top colour. */
export function usePaintMatrix(canvasRef: RefObject<HTMLCanvasElement | null>, matrix: Float32Array, n: number, max: number, lut: Uint8ClampedArray, side: number): void {
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    const px = Math.round(side * dpr);
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
  }, [matrix, n, max, lut, side]);
}
