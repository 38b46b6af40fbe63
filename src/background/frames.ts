// The selection of a tab, wherever it is: the content script runs in every frame the extension may access, and
// the frame whose selection changed last wins (a selection in an embedded frame beats an older one on the page).
import { CONTENT_SCRIPT_FILE } from '../platform/content-script-file';
import { withDeadline } from '../platform/deadline';
import { builtInViewerReason, injectionErrorMessage, restrictedPageReason } from '../platform/restricted-pages';
import { sendToTab } from '../platform/messaging';
import { injectScript, runInFrames, type Tab } from '../platform/tabs';
import { ProtocolError, fail, ok, type CapturedSelection, type Result } from '../shared/protocol';
import { t } from '../shared/i18n';

/** Injection into a page that never answers (seen on view-source: pages) must not hang the popup. */
export const INJECTION_TIMEOUT_MS = 3000;
const READY_TIMEOUT_MS = 3000;
/** The browser's words for "no host permission and no activeTab grant for this page" (Chrome, Firefox). */
const NO_ACCESS = /must request permission|Missing host permission|Cannot access contents of (the page|url)/i;
export const noAccessMessage = (): string => t('bg_no_access');

/** The tab's address as far as the extension may see it: a page still loading has only its pendingUrl. */
export function urlOf(tab: Tab): string | undefined {
  return tab.url || tab.pendingUrl || undefined;
}

function tabIdOf(tab: Tab): number {
  if (tab.id === undefined) throw new ProtocolError('restricted-page', t('bg_tab_unreadable'));
  const url = urlOf(tab);
  const reason = restrictedPageReason(url);
  if (reason && url) throw new ProtocolError('restricted-page', reason);
  return tab.id;
}

async function inject(tab: Tab, tabId: number, frames: number[] | 'all'): Promise<void> {
  const url = urlOf(tab);
  try {
    await withDeadline(
      injectScript(tabId, CONTENT_SCRIPT_FILE, frames),
      INJECTION_TIMEOUT_MS,
      (url && restrictedPageReason(url)) || // Without a URL (no grant for this tab) the page's kind is unknown: name the kinds that never answer.
        t('bg_injection_timeout'),
      'restricted-page',
    );
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    const raw = err instanceof Error ? err.message : String(err);
    // Firefox: a page the extension may read, shown by one of its built-in viewers (PDF, JSON).
    const viewer = builtInViewerReason(url, tab.title, raw);
    if (viewer) throw new ProtocolError('restricted-page', viewer);
    // Not a protected page, just one the user has not invoked the extension on (no activeTab grant yet).
    if (NO_ACCESS.test(raw) && !(url && restrictedPageReason(url))) throw new ProtocolError('no-access', noAccessMessage());
    throw new ProtocolError('restricted-page', injectionErrorMessage(url, raw));
  }
}

/** Makes sure the content script runs in the tab's top frame (for the overlay) and answers. */
export async function ensureContentScript(tab: Tab, frames: number[] | 'all' = [0]): Promise<number> {
  const tabId = tabIdOf(tab);
  await inject(tab, tabId, frames);
  // The top frame's listener must answer before the overlay can open there.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      const pong = await sendToTab(tabId, { target: 'content', type: 'content/ping' });
      if (pong?.ok) return tabId;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      // Without the tab's address (no grant) a page that took the script but never runs it is a protected one
      // (Firefox's about: pages): say which kinds never answer, as for an injection that does not return.
      if (!urlOf(tab)) throw new ProtocolError('restricted-page', t('bg_injection_timeout'));
      throw new ProtocolError('internal', t('bg_page_no_answer'));
    }
    await new Promise((r) => setTimeout(r, 30));
  }
}

/**
 * Which frame's selection the user made last. Times are known only for changes the content script saw (it may have
 * been injected just now, after both selections); otherwise a frame whose focus moved on into a child frame holds
 * the older one; otherwise the top frame (answers come top first) wins.
 */
export function newestSelectionFirst(a: CapturedSelection, b: CapturedSelection): number {
  if (a.changedAt && b.changedAt && a.changedAt !== b.changedAt) return b.changedAt - a.changedAt;
  return Number(!!a.focusInChildFrame) - Number(!!b.focusInChildFrame);
}

/**
 * The tab's current selection: from `frameId` when the caller knows it (the context menu does), else from
 * every frame, newest first. Fields that are never read (passwords …) come back as a 'protected-field' failure.
 */
export async function captureTabSelection(tab: Tab, frameId?: number): Promise<Result<CapturedSelection>> {
  const tabId = await ensureContentScript(tab, frameId !== undefined && frameId !== 0 ? [0, frameId] : 'all');
  const answers = await withDeadline(
    runInFrames(tabId, () => globalThis.__attentionLens?.capture() ?? null, true, frameId !== undefined ? [frameId] : undefined),
    INJECTION_TIMEOUT_MS,
    t('bg_page_no_answer'),
  );
  const found = answers
    .filter((a): a is { frameId: number; result: CapturedSelection } => !!a.result && (!!a.result.text.trim() || !!a.result.refused))
    .map((a) => ({ ...a.result, frameId: a.frameId }))
    .sort(newestSelectionFirst);
  const newest = found[0];
  if (!newest) {
    // The top frame may hold a PDF or another page kind the script reports itself.
    const top = await sendToTab(tabId, { target: 'content', type: 'content/get-selection' }).catch(() => null);
    if (top && !top.ok) return top;
    return ok({ text: '', rect: null, source: 'page', frameId: 0 });
  }
  if (newest.refused) return fail('protected-field', newest.refused);
  // A selection inside a frame has a rectangle in that frame's viewport, not the page's: let the overlay choose.
  return ok(newest.frameId === 0 ? newest : { ...newest, rect: null });
}
