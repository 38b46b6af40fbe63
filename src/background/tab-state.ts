// Per-tab state: the selection to analyse, whether the overlay is pinned, and the one-time token of the overlay
// frame the content script created. Kept in session storage too (the browser stops idle service workers), and
// dropped when the tab loads another document or closes, so no later page of the tab can see it.
import { getItem, removeItem, setItem } from '../platform/storage';
import type { CapturedSelection } from '../shared/protocol';

export interface TabState {
  selection: CapturedSelection | null;
  pinned: boolean;
  /** Token of the overlay frame the page's content script opened; null once that frame has claimed it. */
  overlayToken: string | null;
}

const EMPTY: TabState = { selection: null, pinned: false, overlayToken: null };
const states = new Map<number, TabState>();
const key = (tabId: number) => `tab:${tabId}`;

export async function getTabState(tabId: number): Promise<TabState> {
  const cached = states.get(tabId);
  if (cached) return cached;
  const stored = await getItem<TabState>('session', key(tabId));
  const state = { ...EMPTY, ...stored };
  states.set(tabId, state);
  return state;
}

async function update(tabId: number, patch: Partial<TabState>): Promise<TabState> {
  const next = { ...(await getTabState(tabId)), ...patch };
  states.set(tabId, next);
  await setItem('session', key(tabId), next);
  return next;
}

export function rememberSelection(tabId: number, selection: CapturedSelection): Promise<TabState> {
  return update(tabId, { selection });
}

export function setPinned(tabId: number, pinned: boolean): Promise<TabState> {
  return update(tabId, { pinned });
}

export function setOverlayToken(tabId: number, overlayToken: string | null): Promise<TabState> {
  return update(tabId, { overlayToken });
}

export async function forgetTab(tabId: number): Promise<void> {
  states.delete(tabId);
  await removeItem('session', key(tabId));
}
