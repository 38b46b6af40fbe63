// Per-tab overlay state: the selection to analyse and whether the overlay is pinned. Kept in session
// storage too, because the browser stops idle service workers and memory would be lost.
import { getItem, removeItem, setItem } from '../platform/storage';
import type { CapturedSelection } from '../shared/protocol';

interface TabState {
  selection: CapturedSelection | null;
  pinned: boolean;
}

const states = new Map<number, TabState>();
const key = (tabId: number) => `tab:${tabId}`;

export async function getTabState(tabId: number): Promise<TabState> {
  const cached = states.get(tabId);
  if (cached) return cached;
  const stored = await getItem<TabState>('session', key(tabId));
  const state = stored ?? { selection: null, pinned: false };
  states.set(tabId, state);
  return state;
}

async function save(tabId: number, state: TabState): Promise<void> {
  states.set(tabId, state);
  await setItem('session', key(tabId), state);
}

export async function rememberSelection(tabId: number, selection: CapturedSelection): Promise<void> {
  const state = await getTabState(tabId);
  await save(tabId, { ...state, selection });
}

export async function setPinned(tabId: number, pinned: boolean): Promise<void> {
  const state = await getTabState(tabId);
  await save(tabId, { ...state, pinned });
}

export async function forgetTab(tabId: number): Promise<void> {
  states.delete(tabId);
  await removeItem('session', key(tabId));
}
