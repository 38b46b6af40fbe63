// Hovering page text that carries the inline heatmap shows that token's score, in a small
// closed-shadow-root tooltip (page CSS cannot restyle it, page scripts cannot read it).
import type { SelectedText } from './selection-text';

interface Scored {
  dom: SelectedText;
  spans: Array<[number, number]>;
  scores: number[];
}

let state: Scored | null = null;
let host: HTMLElement | null = null;
let label: HTMLElement | null = null;

/** Captured-text offset under the pointer, or -1. */
function textOffsetAt(dom: SelectedText, x: number, y: number): number {
  const pos = document.caretPositionFromPoint?.(x, y);
  if (!pos) return -1;
  for (const p of dom.pieces) {
    if (p.node === pos.offsetNode && pos.offset >= p.nodeOffset && pos.offset <= p.nodeOffset + p.length) {
      return p.textOffset + pos.offset - p.nodeOffset;
    }
  }
  return -1;
}

function ensureTooltip(): void {
  if (host?.isConnected) return;
  host = document.createElement('attention-lens-score');
  host.style.cssText = 'all: initial !important; position: fixed !important; z-index: 2147483647 !important; pointer-events: none !important; display: none;';
  const shadow = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`div { font: 12px/1.3 system-ui, "DejaVu Sans", sans-serif; color: #fff; background: rgba(20, 24, 33, .92);
    padding: 4px 8px; border-radius: 6px; white-space: nowrap; box-shadow: 0 2px 8px rgba(0,0,0,.25); }`);
  shadow.adoptedStyleSheets = [sheet];
  label = document.createElement('div');
  shadow.append(label);
  document.documentElement.append(host);
}

function onMove(e: MouseEvent): void {
  if (!state) return;
  const offset = textOffsetAt(state.dom, e.clientX, e.clientY);
  const k = offset < 0 ? -1 : state.spans.findIndex(([s, t]) => offset >= s && offset < t);
  if (k < 0) {
    if (host) host.style.display = 'none';
    return;
  }
  ensureTooltip();
  const [s, t] = state.spans[k];
  label!.textContent = `“${state.dom.text.slice(s, t)}”  ${state.scores[k].toFixed(3)}`;
  host!.style.setProperty('display', 'block', 'important');
  host!.style.setProperty('left', `${e.clientX + 12}px`, 'important');
  host!.style.setProperty('top', `${e.clientY + 14}px`, 'important');
}

export function showScoresOnHover(dom: SelectedText, spans: Array<[number, number]>, scores: number[]): void {
  if (!state) document.addEventListener('mousemove', onMove, { passive: true });
  state = { dom, spans, scores };
}

export function stopScoresOnHover(): void {
  state = null;
  document.removeEventListener('mousemove', onMove);
  host?.remove();
  host = null;
  label = null;
}
