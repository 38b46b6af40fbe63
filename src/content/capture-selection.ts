// Captures what the user selected: page text (with its DOM pieces) or text selected in a form field.
import type { CapturedSelection } from '../shared/protocol';
import { protectedFieldReason } from './protected-fields';
import { readRange, type SelectedText } from './selection-text';

export interface Capture {
  selection: CapturedSelection;
  /** DOM pieces behind the text; null for form fields (their text is not in the DOM tree). */
  dom: SelectedText | null;
  /** Set when the focus is in a field that is never read (password, card, one-time code): nothing was read. */
  refused?: string;
}

function fieldSelection(): Capture | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) return null;
  const refused = protectedFieldReason(el);
  if (refused) return { selection: { text: '', rect: null, source: 'field' }, dom: null, refused };
  const { selectionStart: s, selectionEnd: e } = el;
  if (s === null || e === null || s === e) return null;
  const r = el.getBoundingClientRect();
  return {
    selection: { text: el.value.slice(s, e), rect: { left: r.left, top: r.top, width: r.width, height: r.height }, source: 'field' },
    dom: null,
  };
}

export function captureSelection(): Capture {
  const field = fieldSelection();
  if (field) return field;
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
    return { selection: { text: '', rect: null, source: 'page' }, dom: null };
  }
  const range = sel.getRangeAt(0);
  const dom = readRange(range);
  const r = range.getBoundingClientRect();
  const rect = r.width || r.height ? { left: r.left, top: r.top, width: r.width, height: r.height } : null;
  // Fall back to the browser's own text when the walk found nothing (e.g. selection in shadow DOM).
  const text = dom.text.trim() ? dom.text : sel.toString();
  return { selection: { text, rect, source: 'page' }, dom: dom.text.trim() ? dom : null };
}
