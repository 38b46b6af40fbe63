// Thumbnail maps: max-pool an n×n attention matrix to p×p (exact peaks, so one-token-wide diagonals survive),
// cache the result per view, and paint it through a 256-entry colour LUT.
import type { AttentionView } from '../lib/view-model';

export interface Pooled {
  p: number;
  values: Float32Array;
  max: number;
}

/** Pooled resolution for n tokens: exact up to 128, else 64×64 (thumbnails are drawn at ~30–120 px). */
export function poolSize(n: number): number {
  return Math.max(1, n <= 128 ? n : 64);
}

/** Max-pool an n×n matrix into p×p (p ≤ n). Rows are scanned in contiguous column runs. */
export function maxPool(m: Float32Array, n: number, p: number): Pooled {
  const values = new Float32Array(p * p);
  const starts = new Int32Array(p + 1);
  for (let b = 0; b <= p; b++) starts[b] = Math.round((b * n) / p);
  let max = 0;
  for (let bi = 0; bi < p; bi++) {
    const ro = bi * p;
    for (let i = starts[bi]; i < starts[bi + 1]; i++) {
      const o = i * n;
      for (let bj = 0; bj < p; bj++) {
        let mx = values[ro + bj];
        const end = o + starts[bj + 1];
        for (let k = o + starts[bj]; k < end; k++) {
          const v = m[k];
          if (v > mx) mx = v;
        }
        values[ro + bj] = mx;
      }
    }
  }
  for (let k = 0; k < values.length; k++) if (values[k] > max) max = values[k];
  return { p, values, max };
}

let cache = new WeakMap<AttentionView, Map<number, Pooled>>();

/** Cached pooled thumbnail, or undefined when it has not been computed yet. */
export function cachedHead(view: AttentionView, layer: number, head: number): Pooled | undefined {
  return cache.get(view)?.get(layer * view.result.numHeads + head);
}

/** Pooled thumbnail of one head, computed once per view. */
export function pooledHead(view: AttentionView, layer: number, head: number): Pooled {
  let m = cache.get(view);
  if (!m) cache.set(view, (m = new Map()));
  const key = layer * view.result.numHeads + head;
  let hit = m.get(key);
  if (!hit) {
    hit = maxPool(view.head(layer, head), view.n, poolSize(view.n));
    m.set(key, hit);
  }
  return hit;
}

/** Forget every cached thumbnail (used by the harness to time cold paints). */
export function resetThumbnailCache(): void {
  cache = new WeakMap();
}

type IdleFn = (cb: (d: { timeRemaining(): number }) => void) => number;

/**
 * Warm the thumbnail cache in idle time so opening the model view only paints. Returns a cancel function.
 */
export function prefetchThumbnails(view: AttentionView): () => void {
  const { numLayers, numHeads } = view.result;
  const total = numLayers * numHeads;
  let k = 0;
  let cancelled = false;
  const idle: IdleFn =
    (globalThis as unknown as { requestIdleCallback?: IdleFn }).requestIdleCallback ??
    ((cb) => setTimeout(() => cb({ timeRemaining: () => 8 }), 16) as unknown as number);
  const step = (d: { timeRemaining(): number }) => {
    if (cancelled) return;
    while (k < total && d.timeRemaining() > 2) {
      pooledHead(view, Math.floor(k / numHeads), k % numHeads);
      k++;
    }
    if (k < total) idle(step);
  };
  idle(step);
  return () => {
    cancelled = true;
  };
}

/** 32-bit RGBA LUT (little-endian ABGR words) from a 256×4 byte LUT, for one store per pixel. */
export function lut32(lut: Uint8ClampedArray): Uint32Array {
  return new Uint32Array(lut.buffer.slice(lut.byteOffset, lut.byteOffset + 1024));
}

export interface Tile {
  pooled: Pooled | undefined;
  /** Destination rectangle in CSS px inside the grid canvas. */
  x: number;
  y: number;
  size: number;
}

/** Source [start, end) ranges for resampling p pooled cells onto S device pixels (max over each range). */
function ranges(p: number, S: number): { a: Int32Array; b: Int32Array } {
  const a = new Int32Array(S);
  const b = new Int32Array(S);
  for (let x = 0; x < S; x++) {
    a[x] = Math.min(p - 1, Math.floor((x * p) / S));
    b[x] = Math.max(a[x] + 1, Math.min(p, Math.floor(((x + 1) * p) / S)));
  }
  return { a, b };
}

/** Write one tile (S×S device px) into a 32-bit pixel buffer at (dx, dy). */
function writeTile(
  px: Uint32Array,
  stride: number,
  dx: number,
  dy: number,
  S: number,
  pooled: Pooled,
  lut4: Uint32Array,
  rg: { a: Int32Array; b: Int32Array },
): void {
  const { p, values, max } = pooled;
  const scale = max > 0 ? 255 / max : 0;
  const { a, b } = rg;
  for (let y = 0; y < S; y++) {
    const dst = (dy + y) * stride + dx;
    const r0 = a[y];
    const r1 = b[y];
    for (let x = 0; x < S; x++) {
      const c0 = a[x];
      const c1 = b[x];
      let m = 0;
      for (let r = r0; r < r1; r++) {
        const ro = r * p;
        for (let c = c0; c < c1; c++) if (values[ro + c] > m) m = values[ro + c];
      }
      const v = (m * scale) | 0;
      px[dst + x] = lut4[v > 255 ? 255 : v];
    }
  }
}

/**
 * Paint thumbnails straight into the grid canvas at device resolution: each tile is resampled from its pooled
 * map (max over covered cells, so thin diagonals survive) into one ImageData, then a single putImageData.
 * With clear = false only the given tiles are written (used while thumbnails stream in).
 */
export function paintTiles(canvas: HTMLCanvasElement, width: number, height: number, allTiles: Tile[], lut: Uint8ClampedArray, clear = true): void {
  const tiles = allTiles.filter((t): t is Tile & { pooled: Pooled } => !!t.pooled);
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (clear) ctx.clearRect(0, 0, w, h);
  if (!tiles.length) return;
  const lut4 = lut32(lut);
  const S = Math.max(1, Math.round(tiles[0].size * dpr));
  const rg = ranges(tiles[0].pooled.p, S);
  if (clear) {
    const img = ctx.createImageData(w, h);
    const px = new Uint32Array(img.data.buffer);
    for (const t of tiles)
      writeTile(px, w, Math.round(t.x * dpr), Math.round(t.y * dpr), Math.min(S, w - Math.round(t.x * dpr), h - Math.round(t.y * dpr)), t.pooled, lut4, rg);
    ctx.putImageData(img, 0, 0);
    return;
  }
  for (const t of tiles) {
    const img = ctx.createImageData(S, S);
    writeTile(new Uint32Array(img.data.buffer), S, 0, 0, S, t.pooled, lut4, rg);
    ctx.putImageData(img, Math.round(t.x * dpr), Math.round(t.y * dpr));
  }
}
