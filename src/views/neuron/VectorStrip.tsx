// A block of vectors (rows × d) painted to one canvas with a diverging colour scale; hover reads a value.
import { useLayoutEffect, useRef } from 'preact/hooks';

export function VectorStrip(props: {
  values: Float32Array;
  rows: number[];
  d: number;
  cellW: number;
  rowH: number;
  maxAbs: number;
  color: (t: number) => string;
  label: string;
  testid?: string;
  onHover?: (row: number | null, dim: number, value: number, x: number, y: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { values, rows, d, cellW, rowH, maxAbs, color } = props;
  const w = d * cellW;
  const h = rows.length * rowH;
  useLayoutEffect(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const gapY = rowH > 10 ? 2 : 0;
    const gapX = cellW >= 5 ? 1 : 0;
    rows.forEach((row, r) => {
      for (let t = 0; t < d; t++) {
        ctx.fillStyle = color(values[row * d + t] / maxAbs);
        ctx.fillRect(t * cellW, r * rowH + gapY / 2, cellW - gapX, rowH - gapY);
      }
    });
  }, [values, rows, d, cellW, rowH, maxAbs, color, w, h]);
  return (
    <canvas
      ref={ref}
      class="al-vec"
      data-testid={props.testid}
      role="img"
      aria-label={props.label}
      style={{ width: `${w}px`, height: `${h}px` }}
      onMouseMove={(e) => {
        if (!props.onHover) return;
        const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
        const dim = Math.min(d - 1, Math.max(0, Math.floor((e.clientX - r.left) / cellW)));
        const ri = Math.min(rows.length - 1, Math.max(0, Math.floor((e.clientY - r.top) / rowH)));
        props.onHover(rows[ri], dim, values[rows[ri] * d + dim], e.clientX, e.clientY);
      }}
      onMouseLeave={() => props.onHover?.(null, 0, 0, 0, 0)}
    />
  );
}
