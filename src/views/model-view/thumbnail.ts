// Thumbnail maps: max-pool an n×n attention matrix to p×p (exact peaks, so one-token-wide diagonals survive),
// cache the result per view, and paint it through a 256-entry colour LUT.
import type { AttentionView } from '../lib/view-model';

export interface Pooled {
  p: number;
  values: Float32Array;
  max: number;
}

/** Pooled resolution for n tokens: exact up to 128, else 96×96 (≥ 5 tokens per pixel). */
export function poolSize(n: number): number {
  return Math.max(1, n <= 128 ? n : 96);
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
    (globalThis as unknown as { requestIdleCallback?: IdleFn }).requestIdleCallback ?? ((cb) => setTimeout(() => cb({ timeRemaining: () => 8 }), 16) as unknown as number);
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

/** Paint pooled values into the canvas (backing size p×p), scaled by 1/max. */
export function paintPooled(canvas: HTMLCanvasElement, pooled: Pooled, lut: Uint8ClampedArray): void {
  const { p, values, max } = pooled;
  if (canvas.width !== p || canvas.height !== p) {
    canvas.width = p;
    canvas.height = p;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(p, p);
  const data = img.data;
  const scale = max > 0 ? 255 / max : 0;
  for (let k = 0; k < p * p; k++) {
    const c = Math.min(255, (values[k] * scale) | 0) * 4;
    const d = k * 4;
    data[d] = lut[c];
    data[d + 1] = lut[c + 1];
    data[d + 2] = lut[c + 2];
    data[d + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
