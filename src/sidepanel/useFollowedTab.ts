// The side panel follows the active tab of its window: on start (or the tab a view just opened it for), on each
// tab switch and each page load there, it asks the background to make that tab report its selections, and takes
// the tab's 'overlay/selection' broadcasts (only that tab's).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { onMessage, sendMessage as send } from '../platform/messaging';
import { activeTab, activeTabOf, currentWindowId, getTab, isOwnPage, onTabActivated, onTabLoaded } from '../platform/tabs';
import type { CapturedSelection } from '../shared/protocol';
import { takeOpenHint } from './open-side-panel';
import { t } from '../shared/i18n';

export type Follow =
  | { kind: 'starting' }
  | { kind: 'following'; tabId: number; title?: string }
  /** The extension may not read this tab until the user invokes it there once. */
  | { kind: 'no-access'; tabId: number }
  /** The browser never lets extensions read it; `message` says why. */
  | { kind: 'restricted'; tabId: number; message: string }
  /** One of this extension's own pages (its options, a popup opened as a tab). */
  | { kind: 'own-page'; tabId: number };

export interface FollowedTab {
  follow: Follow;
  /** The followed tab's selection (null: nothing selected yet); changes with each new selection there. */
  selection: CapturedSelection | null;
  /** Bumps with every new selection, even an identical text (so a re-selection is analysed again after an error). */
  selectionSeq: number;
}

export function useFollowedTab(): FollowedTab {
  const [follow, setFollow] = useState<Follow>({ kind: 'starting' });
  const [selection, setSelection] = useState<CapturedSelection | null>(null);
  const [selectionSeq, setSeq] = useState(0);
  const tabRef = useRef<number | null>(null);

  const take = useCallback((sel: CapturedSelection | null) => {
    setSelection(sel && (sel.text.trim() || sel.refused) ? sel : null);
    setSeq((n) => n + 1);
  }, []);

  const show = useCallback(
    async (tabId: number) => {
      const previous = tabRef.current;
      tabRef.current = tabId;
      const tab = await getTab(tabId).catch(() => undefined);
      if (tabRef.current !== tabId) return;
      if (isOwnPage(tab)) {
        if (previous !== null && previous !== tabId) void send({ target: 'background', type: 'sidepanel/unfollow', tabId: previous });
        setFollow({ kind: 'own-page', tabId });
        take(null);
        return;
      }
      const res = await send({ target: 'background', type: 'sidepanel/follow', tabId, previousTabId: previous }).catch(() => undefined);
      if (tabRef.current !== tabId) return; // the user switched again meanwhile
      if (!res?.ok) {
        setFollow({ kind: 'restricted', tabId, message: res?.error.message ?? t('side_no_answer') });
        take(null);
        return;
      }
      const f = res.value;
      if (f.access === 'following') setFollow({ kind: 'following', tabId, title: tab?.title });
      else if (f.access === 'no-access') setFollow({ kind: 'no-access', tabId });
      else setFollow({ kind: 'restricted', tabId, message: f.message ?? t('side_page_unreadable') });
      take(f.selection);
    },
    [take],
  );

  useEffect(() => {
    let live = true;
    let stopActivated = () => {};
    void (async () => {
      const windowId = await currentWindowId().catch(() => undefined);
      const hinted = await takeOpenHint(windowId);
      const first = hinted ?? (windowId !== undefined ? await activeTabOf(windowId) : await activeTab())?.id;
      if (!live) return;
      if (first !== undefined) void show(first);
      stopActivated = onTabActivated((tabId, win) => {
        if (windowId === undefined || win === windowId) void show(tabId);
      });
    })();
    // A new document in the followed tab: its content script is gone; follow the new page (if the panel may).
    const stopLoaded = onTabLoaded((tabId) => {
      if (tabId === tabRef.current) void show(tabId);
    });
    const stopSelections = onMessage('overlay', (msg) => {
      if (msg.type === 'overlay/selection' && msg.tabId === tabRef.current) take(msg.selection);
    });
    // The user invoked the extension on the shown tab (menu, shortcut, popup): access exists now.
    const stopInvoked = onMessage('sidepanel', (msg) => {
      if (msg.type === 'sidepanel/invoked' && msg.tabId === tabRef.current) void show(msg.tabId);
    });
    const onHide = () => {
      if (tabRef.current !== null) void send({ target: 'background', type: 'sidepanel/unfollow', tabId: tabRef.current }).catch(() => undefined);
    };
    addEventListener('pagehide', onHide);
    return () => {
      live = false;
      stopActivated();
      stopLoaded();
      stopSelections();
      stopInvoked();
      removeEventListener('pagehide', onHide);
    };
  }, [show, take]);

  return { follow, selection, selectionSeq };
}
