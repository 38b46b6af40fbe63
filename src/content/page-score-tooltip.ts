// Hovering page text that carries the heat shows that token's label and score, in a small closed-shadow-root
// tooltip (page CSS cannot restyle it, page scripts cannot read it). A new paint (the view changed) refreshes
// the label under the pointer at once; a cleared paint hides it.
import type { PagePaint } from '../shared/protocol';
import type { SelectedText } from './selection-text';
import { t } from '../shared/i18n';
import { SCORE_TAG } from './leftover-hosts';

let state: { dom: SelectedText; paint: PagePaint } | null = null;
let host: HTMLElement | null = null;
let label: HTMLElement | null = null;
let lastPointer: { x: number; y: number } | null = null;

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
  host = document.createElement(SCORE_TAG);
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

function hide(): void {
  if (host) host.style.setProperty('display', 'none', 'important');
}

function show(x: number, y: number): void {
  if (!state) return hide();
  const offset = textOffsetAt(state.dom, x, y);
  const k = offset < 0 ? -1 : state.paint.spans.findIndex(([s, t]) => offset >= s && offset < t);
  if (k < 0) return hide();
  ensureTooltip();
  label!.textContent = t('content_score_tooltip', state.paint.labels[k], state.paint.scores[k].toFixed(3));
  host!.style.setProperty('display', 'block', 'important');
  host!.style.setProperty('left', `${x + 12}px`, 'important');
  host!.style.setProperty('top', `${y + 14}px`, 'important');
}

function onMove(e: MouseEvent): void {
  lastPointer = { x: e.clientX, y: e.clientY };
  show(e.clientX, e.clientY);
}

export function showScoresOnHover(dom: SelectedText, paint: PagePaint): void {
  if (!state) document.addEventListener('mousemove', onMove, { passive: true });
  state = { dom, paint };
  // the value under the pointer changed with the view: say so now, not on the next mouse move
  if (lastPointer && host?.style.display !== 'none') show(lastPointer.x, lastPointer.y);
}

export function stopScoresOnHover(): void {
  state = null;
  lastPointer = null;
  document.removeEventListener('mousemove', onMove);
  host?.remove();
  host = null;
  label = null;
}
