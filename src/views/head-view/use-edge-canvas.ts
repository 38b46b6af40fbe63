// Canvas mode of the head view (long inputs): the canvas is sticky inside the scroller and only paints the rows
// in view, again on every render and, throttled to frames, on scroll.
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ResolvedTheme } from '../lib/colors';
import { drawEdgesCanvas } from './draw-canvas';
import type { HeadGeometry } from './geometry';
import type { Edge } from './lines';

export function useEdgeCanvas(
  rootRef: RefObject<HTMLElement | null>,
  g: HeadGeometry,
  edges: Edge[],
  colors: string[],
  theme: ResolvedTheme,
  compact?: boolean,
) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrollTop = useRef(0);
  const [viewportH, setViewportH] = useState(compact ? 440 : 560);
  const canvasH = Math.min(g.height, viewportH);
  const edgesRef = useRef(edges);
  edgesRef.current = edges;
  const paint = () => {
    if (g.canvas && canvasRef.current)
      drawEdgesCanvas(
        canvasRef.current,
        g,
        edgesRef.current,
        colors,
        theme === 'dark' ? 'lighter' : 'source-over',
        Math.min(scrollTop.current, Math.max(0, g.height - canvasH)),
        canvasH,
      );
    rootRef.current?.setAttribute('data-drawn-at', performance.now().toFixed(2));
  };
  useLayoutEffect(paint);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewportH((v) => (el.clientHeight > 0 && el.clientHeight !== v ? el.clientHeight : v)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [g.canvas]);
  const frame = useRef(0);
  const onScroll = (e: Event) => {
    scrollTop.current = (e.currentTarget as HTMLElement).scrollTop;
    if (!g.canvas || frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      paint();
    });
  };
  return { canvasRef, scrollRef, onScroll, canvasH };
}
