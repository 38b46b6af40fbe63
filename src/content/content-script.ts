// Content script, injected on demand. Captures the selection, hosts the overlay, follows new
// selections while pinned, and paints the inline heatmap. Runs once per page: re-injection
// re-imports the same cached module.
import { captureSelection, type Capture } from './capture-selection';
import { OverlayHost } from './overlay-host';
import { clearHighlights, highlightSpans } from './page-highlight';
import { showScoresOnHover, stopScoresOnHover } from './page-score-tooltip';
import { onMessage, sendMessage } from '../platform/messaging';
import { fail, ok, type ContentMessage, type Result } from '../shared/protocol';

const FOLLOW_DEBOUNCE_MS = 450;

const overlay = new OverlayHost();
let last: Capture | null = null;
let pinned = false;
let followTimer: ReturnType<typeof setTimeout> | undefined;

function onSelectionChange(): void {
  clearTimeout(followTimer);
  followTimer = setTimeout(() => {
    const capture = captureSelection();
    if (!capture.selection.text.trim() || capture.selection.text === last?.selection.text) return;
    last = capture;
    clearPageHeat();
    void sendMessage({ target: 'background', type: 'selection/changed', selection: capture.selection });
  }, FOLLOW_DEBOUNCE_MS);
}

function onKeyDown(e: KeyboardEvent): void {
  if (e.key === 'Escape' && overlay.isOpen) closeOverlay();
}

function onPointerDown(e: PointerEvent): void {
  // An unpinned overlay is transient: a click elsewhere on the page dismisses it.
  if (!pinned && overlay.isOpen && !overlay.contains(e.target)) closeOverlay();
}

function clearPageHeat(): void {
  clearHighlights();
  stopScoresOnHover();
}

function openOverlay(): void {
  overlay.open(last?.selection.rect ?? null);
  window.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('pointerdown', onPointerDown, true);
}

function closeOverlay(): void {
  overlay.close();
  clearPageHeat();
  setPinned(false);
  window.removeEventListener('keydown', onKeyDown, true);
  document.removeEventListener('pointerdown', onPointerDown, true);
}

function setPinned(value: boolean): void {
  pinned = value;
  if (value) document.addEventListener('selectionchange', onSelectionChange);
  else {
    document.removeEventListener('selectionchange', onSelectionChange);
    clearTimeout(followTimer);
  }
}

function handle(msg: ContentMessage): Result<unknown> {
  switch (msg.type) {
    case 'content/ping':
      return ok(null);
    case 'content/get-selection':
      last = captureSelection();
      return ok(last.selection);
    case 'content/open-overlay':
      openOverlay();
      return ok(null);
    case 'content/close-overlay':
      closeOverlay();
      return ok(null);
    case 'content/set-pinned':
      // Unpinning closes the overlay: a pinned overlay is the reading mode, unpin ends it.
      if (msg.pinned) setPinned(true);
      else closeOverlay();
      return ok(null);
    case 'content/highlight':
      if (!msg.scores) {
        clearPageHeat();
        return ok(null);
      }
      if (!last?.dom) return fail('internal', 'This selection is in a form field; the page text cannot be coloured.');
      highlightSpans(last.dom, msg.spans, msg.scores);
      showScoresOnHover(last.dom, msg.spans, msg.scores);
      return ok(null);
  }
}

onMessage('content', (msg) => handle(msg));
