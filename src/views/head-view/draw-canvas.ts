// Canvas renderer for head-view edges (used for long inputs): edges batched by head and opacity bucket.
// The canvas only covers the visible slice of the (scrolling) token columns: rows [top, top + height).
import { linkHorizontal } from 'd3';
import { edgeEnds, type HeadGeometry } from './geometry';
import { edgeOpacity, type Edge } from './lines';

const BUCKETS = 24;

export function drawEdgesCanvas(
  canvas: HTMLCanvasElement,
  g: HeadGeometry,
  edges: Edge[],
  colors: string[],
  blend: GlobalCompositeOperation,
  top: number,
  height: number,
): void {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const w = Math.round(g.midW * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(dpr, 0, 0, dpr, 0, -top * dpr);
  ctx.lineWidth = g.stroke;
  ctx.globalCompositeOperation = blend;
  const buckets = new Map<number, Edge[]>();
  const bottom = top + height;
  for (const e of edges) {
    const yi = e.i * g.rowH;
    const yj = e.j * g.rowH;
    if ((yi < top - g.rowH && yj < top - g.rowH) || (yi > bottom && yj > bottom)) continue;
    const b = Math.min(BUCKETS - 1, Math.floor(edgeOpacity(e.w) * BUCKETS));
    const key = e.head * BUCKETS + b;
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push(e);
  }
  const link = linkHorizontal<[[number, number], [number, number]], [number, number]>()
    .source((d) => d[0])
    .target((d) => d[1])
    .context(ctx);
  // Faint first so strong edges end up on top.
  const keys = [...buckets.keys()].sort((a, b) => (a % BUCKETS) - (b % BUCKETS));
  for (const key of keys) {
    const head = Math.floor(key / BUCKETS);
    const b = key % BUCKETS;
    ctx.globalAlpha = (b + 0.5) / BUCKETS;
    ctx.strokeStyle = colors[head];
    ctx.beginPath();
    for (const e of buckets.get(key)!) {
      const [x0, y0, x1, y1] = edgeEnds(g, e.i, e.j);
      link([
        [x0, y0],
        [x1, y1],
      ]);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
}
