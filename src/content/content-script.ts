// Content script, injected on demand into the frames of a tab. Captures the selection, hosts the overlay (top
// frame), follows new selections while pinned, and paints the inline heatmap. Injection is a classic script: a
// second injection into the same document finds the first instance (in the extension's isolated world, which
// page scripts cannot see) and does nothing.
import { captureSelection, type Capture } from './capture-selection';
import { OverlayHost } from './overlay-host';
import { pageKind, pageKindMessage } from './page-kind';
import { clearHeat, paintHeat, paintedTextRect } from './page-heat';
import type { SelectedText } from './selection-text';
import { showScoresOnHover, stopScoresOnHover } from './page-score-tooltip';
import { extensionContextAlive } from '../platform/context';
import { onMessage, sendMessage } from '../platform/messaging';
import { fail, ok, type CapturedSelection, type ContentMessage, type Result } from '../shared/protocol';
import { t } from '../shared/i18n';
import { installI18n } from '../platform/i18n';
import { removeLeftoverHosts } from './leftover-hosts';

const FOLLOW_DEBOUNCE_MS = 450;
/** Waits before sending a selection again when the background did not take it (Firefox restarting its page). */
const REPORT_RETRY_MS = [250, 1000];
/** How long the overlay page has to report that it runs (else the page forbids it: sandbox, CSP, a reload). */
const OVERLAY_READY_MS = 4000;
/** A loaded overlay document that has not said hello after this long shows something else (an error page). */
const OVERLAY_HELLO_MS = 2000;
/** Longest wait for a frame that is still loading. */
const OVERLAY_LOAD_LIMIT_MS = 30000;
const ORPHAN_CHECK_MS = 1000;

/** What executeScript-driven frame queries call (see background/frames.ts). */
export interface ContentApi {
  capture(): CapturedSelection;
}

declare global {
  var __attentionLens: ContentApi | undefined;
}

function start(): ContentApi {
  void installI18n();
  // An earlier version's overlay and heat, left dead in the page by a reload or update: this instance replaces them
  removeLeftoverHosts();
  const overlay = new OverlayHost({ onMessageClosed: () => closeOverlay(), anchor: () => paintedTextRect() });
  let last: Capture | null = null;
  /** The capture whose page selection was collapsed once its heat was painted (only once per capture). */
  let collapsedFor: Capture | null = null;
  let pinned = false;
  /** A side panel follows this tab's selections (independent of the overlay). */
  let following = false;
  let followTimer: ReturnType<typeof setTimeout> | undefined;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let orphanTimer: ReturnType<typeof setInterval> | undefined;
  let selectionChangedAt = 0;
  /** Counts reported selections, so that a retry never resends one that a newer selection replaced. */
  let reportSeq = 0;

  /** The page selection is the analysed text that we collapsed ourselves (and the user has not selected since). */
  let collapsedByUs = false;
  /** The selectionchange that our own collapse fires is not the user's. */
  let ownChangePending = false;

  const capture = (): Capture => {
    // Collapsed by us once its heat was painted: the analysed text is still this page's selection for the popup.
    if (collapsedByUs && last && !last.refused) {
      const now = captureSelection();
      if (!now.selection.text.trim() && !now.refused) return last;
    }
    const c = captureSelection();
    c.selection.changedAt = selectionChangedAt;
    const active = document.activeElement;
    if (active instanceof HTMLIFrameElement || active?.tagName === 'FRAME') c.selection.focusInChildFrame = true;
    return c;
  };

  function toSelection(c: Capture): CapturedSelection {
    return c.refused ? { ...c.selection, text: '', refused: c.refused } : c.selection;
  }

  function onSelectionChange(): void {
    if (ownChangePending) {
      ownChangePending = false;
      // Our own collapse leaves a caret. A selection there now is the user's, made right after it: the browser may
      // have fired one event for both.
      if (window.getSelection()?.isCollapsed !== false) return;
    }
    collapsedByUs = false;
    selectionChangedAt = Date.now();
    if (!pinned && !following) return;
    clearTimeout(followTimer);
    followTimer = setTimeout(() => {
      const c = capture();
      if (c.refused) {
        void reportSelection(toSelection(c));
        return;
      }
      if (!c.selection.text.trim() || c.selection.text === last?.selection.text) return;
      last = c;
      clearPageHeat();
      void reportSelection(c.selection);
    }, FOLLOW_DEBOUNCE_MS);
  }

  /**
   * Hands a new selection to the background, then tells the overlay frame (which asks the background for it: see
   * src/platform/overlay-channel.ts). Firefox may be suspending or restarting its background page right now: the
   * message wakes it, but one sent while it shuts down can fail, so it is sent again (the newest selection only).
   */
  async function reportSelection(selection: CapturedSelection): Promise<void> {
    const seq = ++reportSeq;
    for (let attempt = 0; ; attempt++) {
      try {
        await sendMessage({ target: 'background', type: 'selection/changed', selection });
        break;
      } catch {
        if (attempt >= REPORT_RETRY_MS.length || !extensionContextAlive()) return;
        await new Promise((r) => setTimeout(r, REPORT_RETRY_MS[attempt]));
        if (seq !== reportSeq) return; // a newer selection is on its way
      }
    }
    if (seq === reportSeq) overlay.selectionChanged();
  }

  // Page scripts can dispatch synthetic events; only the user's own key presses and clicks count.
  function onKeyDown(e: KeyboardEvent): void {
    if (e.isTrusted && e.key === 'Escape' && overlay.isOpen) closeOverlay();
  }

  function onPointerDown(e: PointerEvent): void {
    // An unpinned overlay is transient: a click elsewhere on the page dismisses it.
    if (e.isTrusted && !pinned && overlay.isOpen && !overlay.contains(e.target) && !overlay.containsPoint(e.clientX, e.clientY)) closeOverlay();
  }

  function clearPageHeat(): void {
    clearHeat();
    stopScoresOnHover();
  }

  function watchForOrphaning(): void {
    clearInterval(orphanTimer);
    orphanTimer = setInterval(() => {
      if (extensionContextAlive()) return;
      clearInterval(orphanTimer);
      clearTimeout(readyTimer);
      clearPageHeat();
      if (overlay.isOpen) overlay.showMessage(t('content_reloaded_title'), t('content_reloaded_hint'));
    }, ORPHAN_CHECK_MS);
  }

  async function openOverlay(): Promise<Result<null>> {
    const kind = pageKind();
    if (kind !== 'normal') {
      overlay.showMessage(t('content_cannot_open'), pageKindMessage(kind), last?.selection.rect ?? null);
      return fail(kind === 'pdf' ? 'restricted-page' : 'sandboxed-page', pageKindMessage(kind));
    }
    const token = crypto.randomUUID();
    const registered = await sendMessage({ target: 'background', type: 'overlay/register', token });
    if (!registered?.ok) return registered ?? fail('internal', t('app_extension_no_answer'));
    await overlay.open(last?.selection.rect ?? null, token);
    window.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('pointerdown', onPointerDown, true);
    clearTimeout(readyTimer);
    const openedAt = Date.now();
    // A frame that said hello over its private channel runs (it reports its own errors). One whose document loaded
    // but stays silent was replaced by an error page (the page blocks extension frames); one still loading is only
    // slow (a cold start on a busy machine), up to a limit.
    const watch = () => {
      if (!overlay.isOpen || overlay.frameAlive) return;
      const loadedFor = overlay.frameLoadedFor;
      const silent = loadedFor !== null && loadedFor >= OVERLAY_HELLO_MS;
      if (!silent && Date.now() - openedAt < OVERLAY_LOAD_LIMIT_MS) {
        readyTimer = setTimeout(watch, 500);
        return;
      }
      overlay.showMessage(t('content_not_started'), extensionContextAlive() ? t('content_frames_blocked') : t('content_reloaded'));
    };
    readyTimer = setTimeout(watch, OVERLAY_READY_MS);
    watchForOrphaning();
    return ok(null);
  }

  function closeOverlay(): void {
    clearTimeout(readyTimer);
    clearInterval(orphanTimer);
    overlay.close();
    clearPageHeat();
    pinned = false;
    clearTimeout(followTimer);
    window.removeEventListener('keydown', onKeyDown, true);
    document.removeEventListener('pointerdown', onPointerDown, true);
  }

  function handle(msg: ContentMessage): Result<unknown> | Promise<Result<unknown>> {
    switch (msg.type) {
      case 'content/ping':
        return ok(null);
      case 'content/get-selection': {
        const kind = pageKind();
        if (kind === 'pdf') return fail('restricted-page', pageKindMessage('pdf'));
        last = capture();
        if (last.refused) return fail('protected-field', last.refused);
        return ok(last.selection);
      }
      case 'content/open-overlay':
        return openOverlay();
      case 'content/overlay-ready':
        clearTimeout(readyTimer);
        return ok(null);
      case 'content/close-overlay':
        closeOverlay();
        return ok(null);
      case 'content/set-pinned':
        // Unpinning closes the overlay: a pinned overlay is the reading mode, unpin ends it.
        if (msg.pinned) pinned = true;
        else closeOverlay();
        return ok(null);
      case 'content/set-following':
        following = msg.following;
        return ok(null);
      case 'content/highlight':
        if (!msg.paint) {
          clearPageHeat();
          return ok(null);
        }
        if (!last?.dom) return fail('internal', t('content_field_no_paint'));
        paintHeat(last.dom, msg.paint, msg.paint.endAt);
        showScoresOnHover(last.dom, msg.paint);
        if (collapsedFor !== last) {
          collapsedFor = last;
          if (collapseAnalysedSelection(last.dom)) {
            collapsedByUs = true;
            ownChangePending = true;
          }
        }
        return ok(null);
    }
  }

  document.addEventListener('selectionchange', onSelectionChange);
  onMessage('content', (msg) => handle(msg));
  return {
    capture: () => {
      const c = capture();
      last = c;
      return toSelection(c);
    },
  };
}

/**
 * The page's selection paint would hide the heat under it: once the analysed text is coloured, the selection is
 * collapsed to its end (the heat layer underlines the analysed text instead). A newer selection elsewhere is left
 * alone.
 */
function collapseAnalysedSelection(dom: SelectedText): boolean {
  const sel = window.getSelection();
  const first = dom.pieces[0];
  const lastPiece = dom.pieces[dom.pieces.length - 1];
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !first || !lastPiece) return false;
  const range = sel.getRangeAt(0);
  if (!range.intersectsNode(first.node) || !range.intersectsNode(lastPiece.node)) return false;
  sel.collapseToEnd();
  return true;
}

globalThis.__attentionLens ??= start();
