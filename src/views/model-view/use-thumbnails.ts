// Paints the model view's thumbnails onto one canvas: every cached thumbnail at once; missing ones are pooled
// within a frame budget and the rest streamed in over the next frames, so the grid never blocks the page for long
// (the panel also pre-pools them in idle time: the registry entry's prefetch, prefetchModelView). Records timings on the root element
// (data-draw-ms, data-painted-at, data-complete-at) for the views benchmark.
import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import type { AttentionView } from '../lib/view-model';
import { cachedHead, paintTiles, pooledHead, type Tile } from './thumbnail';

/** Pooling work allowed before the first paint, and per later frame while thumbnails stream in. */
const FIRST_FRAME_BUDGET_MS = 70;
const FRAME_BUDGET_MS = 24;

export function useThumbnails(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  rootRef: RefObject<HTMLElement | null>,
  grid: { view: AttentionView; lut: Uint8ClampedArray; size: number; gap: number; layers: number[]; heads: number[]; hidden: boolean },
): { areaW: number; areaH: number } {
  const { view, lut, size, gap, layers, heads, hidden } = grid;
  const areaW = heads.length * size + (heads.length - 1) * gap;
  const areaH = layers.length * size + (layers.length - 1) * gap;
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const root = rootRef.current;
    if (!canvas || hidden) return;
    const t0 = performance.now();
    const tiles: Tile[] = [];
    const keys: [number, number][] = [];
    layers.forEach((l, r) =>
      heads.forEach((h, c) => {
        tiles.push({ pooled: cachedHead(view, l, h), x: c * (size + gap), y: r * (size + gap), size });
        keys.push([l, h]);
      }),
    );
    const fill = (budgetMs: number): Tile[] => {
      const start = performance.now();
      const done: Tile[] = [];
      for (let k = 0; k < tiles.length && performance.now() - start < budgetMs; k++) {
        if (tiles[k].pooled) continue;
        tiles[k].pooled = pooledHead(view, keys[k][0], keys[k][1]);
        done.push(tiles[k]);
      }
      return done;
    };
    fill(FIRST_FRAME_BUDGET_MS);
    paintTiles(canvas, areaW, areaH, tiles, lut);
    root?.setAttribute('data-draw-ms', (performance.now() - t0).toFixed(1));
    root?.removeAttribute('data-complete-at');
    let first = true;
    let raf = requestAnimationFrame(function next() {
      if (first) root?.setAttribute('data-painted-at', performance.now().toFixed(2));
      first = false;
      if (tiles.every((t) => t.pooled)) {
        root?.setAttribute('data-complete-at', performance.now().toFixed(2));
        return;
      }
      const done = fill(FRAME_BUDGET_MS);
      paintTiles(canvas, areaW, areaH, done, lut, false);
      raf = requestAnimationFrame(next);
    });
    return () => cancelAnimationFrame(raf);
  }, [canvasRef, rootRef, view, lut, size, gap, layers, heads, hidden, areaW, areaH]);
  return { areaW, areaH };
}
