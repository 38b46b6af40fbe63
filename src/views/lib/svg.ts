// Tiny helpers for building standalone SVG documents with the DOM API (text only via text nodes).
export const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | undefined | null>;

export function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, children: (Node | null)[] = []): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

export function svgText(content: string, attrs: Attrs = {}): SVGTextElement {
  const t = svgEl('text', attrs);
  t.appendChild(document.createTextNode(content));
  return t;
}

/** Root <svg> with a background rect, font and size. */
export function svgRoot(width: number, height: number, colors: ExportColors): SVGSVGElement {
  const root = svgEl('svg', {
    xmlns: SVG_NS,
    width: Math.ceil(width),
    height: Math.ceil(height),
    viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
    'font-family': EXPORT_FONT,
    'font-size': 12,
  });
  root.appendChild(svgEl('rect', { x: 0, y: 0, width: Math.ceil(width), height: Math.ceil(height), fill: colors.bg }));
  return root;
}

export const EXPORT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export interface ExportColors {
  bg: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
}

/** Read the live theme colours from the panel's CSS custom properties. */
export function exportColors(el: Element | null): ExportColors {
  const cs = el ? getComputedStyle(el) : null;
  const v = (name: string, fallback: string) => cs?.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--al-surface', '#ffffff'),
    text: v('--al-text', '#1b1e24'),
    muted: v('--al-text-muted', '#5b6270'),
    border: v('--al-border', '#d9dde5'),
    accent: v('--al-accent', '#2f6fde'),
  };
}

let measureCtx: CanvasRenderingContext2D | null = null;
/** Text width in px for a CSS font shorthand. */
export function measureText(text: string, font: string): number {
  if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 7;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** A horizontal legend (gradient + end labels) as an SVG group. */
export function svgLegend(
  x: number,
  y: number,
  width: number,
  max: number,
  interp: (t: number) => string,
  label: string,
  colors: ExportColors,
  fmt: (v: number) => string,
  min = 0,
): SVGGElement {
  const id = `lg${Math.round(Math.random() * 1e9)}`;
  const grad = svgEl('linearGradient', { id, x1: 0, x2: 1, y1: 0, y2: 0 });
  for (let k = 0; k <= 10; k++) grad.appendChild(svgEl('stop', { offset: `${k * 10}%`, 'stop-color': interp(k / 10) }));
  const g = svgEl('g', { transform: `translate(${x},${y})` }, [
    svgEl('defs', {}, [grad]),
    svgText(label, { x: 0, y: 0, fill: colors.muted, 'font-size': 11 }),
    svgEl('rect', { x: 0, y: 6, width, height: 10, rx: 3, fill: `url(#${id})` }),
    svgText(fmt(min), { x: 0, y: 30, fill: colors.muted, 'font-size': 10 }),
    svgText(fmt(max), { x: width, y: 30, fill: colors.muted, 'font-size': 10, 'text-anchor': 'end' }),
  ]);
  return g;
}
