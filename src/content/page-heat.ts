// The inline heatmap over the page's own text: one coloured box per token, drawn in a closed shadow root above
// the text (the layer is multiplied onto the page, so the text stays readable through it), and a thin underline
// that marks the whole analysed text (the page's own selection is collapsed once the heat is painted, so its
// paint does not hide the colours: the underline shows what was analysed instead). The page's DOM
// is not changed and no page-visible registry (such as CSS.highlights) holds the scores: page scripts see one
// empty host element, never which words are coloured or how strongly.
import { rangeForSpan, type SelectedText } from './selection-text';
import { t } from '../shared/i18n';
import { HEAT_TAG } from './leftover-hosts';

export interface HeatPaint {
  spans: Array<[number, number]>;
  /** CSS colour per span (the panel's palette and scale, so page and panel agree). */
  colors: string[];
}

const HOST_STYLE = [
  'all: initial',
  'position: absolute',
  'left: 0',
  'top: 0',
  'width: 0',
  'height: 0',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'pointer-events: none',
  'z-index: 2147483646',
  'display: block',
  'overflow: visible',
  'mix-blend-mode: multiply',
]
  .map((d) => `${d} !important`)
  .join(';');

const SHADOW_CSS = `
  :host { all: initial; }
  .box { position: absolute; border-radius: 2px; opacity: .9; pointer-events: none; }
  .end { position: absolute; width: 0; border-left: 2px dashed #d9600f; pointer-events: none; }
  .mark { position: absolute; height: 0; border-bottom: 2px solid rgba(59, 91, 219, .55); pointer-events: none; }
`;

let host: HTMLElement | null = null;
let layer: HTMLDivElement | null = null;
let current: { dom: SelectedText; paint: HeatPaint; endAt: number | null } | null = null;
let frame = 0;
/** Redraws when the page's layout changes without a scroll or a window resize (a docked overlay takes a column). */
let layoutObserver: ResizeObserver | null = null;

function ensureHost(): HTMLDivElement {
  if (host?.isConnected && layer) return layer;
  host = document.createElement(HEAT_TAG);
  host.style.cssText = HOST_STYLE;
  const shadow = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SHADOW_CSS);
  shadow.adoptedStyleSheets = [sheet];
  layer = document.createElement('div');
  shadow.append(layer);
  document.documentElement.append(host);
  return layer;
}

/**
 * The box painted over one token's rectangle. A one-character token ("." after "n", ",") is a sliver as tall as
 * the line, which reads as a text caret: such a box covers the lower part of the line (where the mark sits),
 * a little wider than the glyph.
 */
export function heatBox(r: { left: number; top: number; width: number; height: number }): { left: number; top: number; width: number; height: number } {
  if (r.width >= r.height * 0.4) return { left: r.left, top: r.top, width: r.width, height: r.height };
  const width = Math.max(r.width, Math.min(6, r.height * 0.3));
  const height = r.height * 0.55;
  return { left: r.left - (width - r.width) / 2, top: r.top + r.height - height, width, height };
}

function draw(): void {
  frame = 0;
  if (!current) return;
  const root = ensureHost();
  const { dom, paint, endAt } = current;
  // Document coordinates of the (possibly static) host's origin, so boxes line up however the page is scrolled.
  const origin = host!.getBoundingClientRect();
  const boxes: HTMLElement[] = [];
  for (const r of analysedRects(dom)) {
    const m = document.createElement('div');
    m.className = 'mark';
    m.style.cssText = `left:${r.left - origin.left}px;top:${r.bottom - origin.top}px;width:${r.width}px`;
    boxes.push(m);
  }
  paint.spans.forEach(([s, e], i) => {
    const range = rangeForSpan(dom, s, e);
    if (!range) return;
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      const b = document.createElement('div');
      b.className = 'box';
      const box = heatBox(r);
      b.style.cssText = `left:${box.left - origin.left}px;top:${box.top - origin.top}px;width:${box.width}px;height:${box.height}px;background:${paint.colors[i]}`;
      boxes.push(b);
    }
  });
  if (endAt !== null) {
    // A truncated analysis: mark where it stops.
    const range = rangeForSpan(dom, Math.max(0, endAt - 1), endAt);
    const r = range?.getClientRects()[0];
    if (r) {
      const m = document.createElement('div');
      m.className = 'end';
      m.title = t('content_analysis_stops');
      m.style.cssText = `left:${r.right - origin.left + 1}px;top:${r.top - origin.top - 2}px;height:${r.height + 4}px`;
      boxes.push(m);
    }
  }
  root.replaceChildren(...boxes);
}

/** The line boxes of the analysed text (its text only, not the boxes of the elements around it). */
function analysedRects(dom: SelectedText): DOMRect[] {
  const rects: DOMRect[] = [];
  for (const p of dom.pieces) {
    if (!p.node.isConnected) continue;
    const range = document.createRange();
    range.setStart(p.node, p.nodeOffset);
    range.setEnd(p.node, Math.min(p.node.data.length, p.nodeOffset + p.length));
    for (const r of range.getClientRects()) if (r.width >= 1 && r.height >= 1) rects.push(r);
  }
  return rects;
}

/** Where the painted text is now (viewport px, the bounding box of its lines); null when nothing is painted. */
export function paintedTextRect(): { left: number; top: number; width: number; height: number } | null {
  if (!current) return null;
  const rects = analysedRects(current.dom);
  if (!rects.length) return null;
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const right = Math.max(...rects.map((r) => r.right));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  return { left, top, width: right - left, height: bottom - top };
}

function schedule(): void {
  if (!frame) frame = requestAnimationFrame(draw);
}

/** Paints the heat over `dom`'s text; `endAt` marks where a truncated analysis stops (a text offset). */
export function paintHeat(dom: SelectedText, paint: HeatPaint, endAt: number | null = null): number {
  const first = !current;
  current = { dom, paint, endAt };
  if (first) {
    // Boxes follow the text when a scrolling container moves it or the layout changes.
    addEventListener('scroll', schedule, { capture: true, passive: true });
    addEventListener('resize', schedule, { passive: true });
    layoutObserver = new ResizeObserver(schedule);
    layoutObserver.observe(document.documentElement);
    if (document.body) layoutObserver.observe(document.body);
  }
  draw();
  return layer?.childElementCount ?? 0;
}

export function clearHeat(): void {
  current = null;
  if (frame) cancelAnimationFrame(frame);
  frame = 0;
  removeEventListener('scroll', schedule, { capture: true });
  removeEventListener('resize', schedule);
  layoutObserver?.disconnect();
  layoutObserver = null;
  host?.remove();
  host = null;
  layer = null;
}
