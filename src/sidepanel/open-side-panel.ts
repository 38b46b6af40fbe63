// Opening the side panel from a view (popup button, overlay button). Call openSidePanelFor() synchronously in the
// click handler, before any await: the browser opens the panel only inside the user gesture. The tab is remembered
// for a few seconds so the panel starts on it (the popup's tab), not on whatever tab is active when it loads.
import { openSidePanel } from '../platform/side-panel';
import { getItem, removeItem, setItem } from '../platform/storage';
import type { Result } from '../shared/protocol';

const OPEN_HINT_KEY = 'sidepanel:open-for';
const HINT_FRESH_MS = 10_000;

interface OpenHint {
  tabId: number;
  windowId?: number;
  at: number;
}

/** Opens the side panel (Chrome) / sidebar (Firefox) showing `tab`. Resolves to a failure when the browser refused. */
export function openSidePanelFor(tab: { id?: number; windowId?: number }): Promise<Result<null>> {
  if (tab.id !== undefined) {
    const hint: OpenHint = { tabId: tab.id, windowId: tab.windowId, at: Date.now() };
    void setItem('session', OPEN_HINT_KEY, hint).catch(() => undefined);
  }
  return openSidePanel({ tabId: tab.id, windowId: tab.windowId });
}

/** The tab a view just opened the panel for (in this window), once; null when none or stale. */
export async function takeOpenHint(windowId: number | undefined): Promise<number | null> {
  const hint = await getItem<OpenHint>('session', OPEN_HINT_KEY).catch(() => undefined);
  if (!hint || typeof hint.tabId !== 'number') return null;
  await removeItem('session', OPEN_HINT_KEY).catch(() => undefined);
  if (Date.now() - hint.at > HINT_FRESH_MS) return null;
  if (hint.windowId !== undefined && windowId !== undefined && hint.windowId !== windowId) return null;
  return hint.tabId;
}
