// The side panel (Chrome) / sidebar (Firefox) follows the active tab of its window like a pinned overlay: the panel
// says which tab it shows ('sidepanel/follow'), and the background makes that tab's content script report each new
// selection ('content/set-following'), which reaches the panel as the 'overlay/selection' broadcast. The panel
// drives this (it knows its window and when it closes); the background stops a tab whose reports nobody reads any
// more (stopIfNobodyFollows).
//
// Opening the panel needs a user gesture. Extension pages with a click (popup, overlay frame) call
// src/sidepanel/open-side-panel.ts openSidePanelFor() themselves, synchronously in the click handler; the context
// menu and the keyboard command call it first thing in their handlers. 'sidepanel/open' (a runtime message) is the
// fallback for a view that cannot: Chrome 156 accepts it when the message is sent from a click handler in an
// extension frame (the gesture travels with the message; measured from the overlay frame), Firefox refuses it
// ("may only be called from a user input handler") — and there the overlay frame has no sidebarAction either, so
// the overlay should point to the toolbar button's menu item instead (platform sidePanelAvailable()).
import { captureTabSelection, urlOf } from './frames';
import { paintPage } from './page-paint';
import { getTabState, rememberSelection } from './tab-state';
import { broadcast, sendToAllFrames } from '../platform/messaging';
import { restrictedPageReason } from '../platform/restricted-pages';
import { openSidePanel, sidePanelIsOpen } from '../platform/side-panel';
import { getTab, type Tab } from '../platform/tabs';
import { ok, toErrorInfo, type CapturedSelection, type PagePaint, type Result, type SidePanelFollow } from '../shared/protocol';
import { t } from '../shared/i18n';

async function setFollowing(tabId: number, following: boolean): Promise<void> {
  try {
    await sendToAllFrames(tabId, { target: 'content', type: 'content/set-following', following });
  } catch {
    /* the page has no content script (any more): nothing reports */
  }
}

/** Stops a tab's reports and clears the heat the panel painted there. */
export async function unfollowTab(tabId: number): Promise<Result<null>> {
  await setFollowing(tabId, false);
  await paintFromSidePanel(tabId, null).catch(() => undefined);
  return ok(null);
}

/** Makes `tabId` report its selections to the side panel; `previousTabId` stops. */
export async function followTab(tabId: number, previousTabId?: number | null): Promise<Result<SidePanelFollow>> {
  if (previousTabId !== undefined && previousTabId !== null && previousTabId !== tabId) void unfollowTab(previousTabId);
  let tab: Tab;
  try {
    tab = await getTab(tabId);
  } catch {
    return ok({ tabId, access: 'restricted', message: t('bg_tab_gone'), selection: null });
  }
  const url = urlOf(tab);
  const reason = restrictedPageReason(url);
  if (reason && url) return ok({ tabId, access: 'restricted', message: reason, selection: null });
  let selection: CapturedSelection | null = null;
  try {
    const captured = await captureTabSelection(tab);
    if (captured.ok) {
      if (captured.value.text.trim()) {
        selection = captured.value;
        await rememberSelection(tabId, selection);
      } else {
        // Nothing selected now (a painted heat collapses the selection it analysed): the panel shows what was last
        // analysed in this document, as a pinned overlay would.
        const remembered = (await getTabState(tabId)).selection;
        if (remembered?.text.trim()) selection = remembered;
      }
    } else if (captured.error.code === 'protected-field') {
      selection = { text: '', rect: null, source: 'field', refused: captured.error.message };
    } else {
      // The PDF viewer: the content script runs but there is no text to follow.
      return ok({ tabId, access: 'restricted', message: captured.error.message, selection: null });
    }
  } catch (err) {
    const info = toErrorInfo(err);
    return ok({ tabId, access: info.code === 'no-access' ? 'no-access' : 'restricted', message: info.message, selection: null });
  }
  await setFollowing(tabId, true);
  return ok({ tabId, access: 'following', selection });
}

/**
 * A tab reported a selection. When neither a pinned overlay nor an open side panel wants its reports (the panel
 * closed without saying so), the tab stops reporting.
 */
export async function stopIfNobodyFollows(tab: Tab): Promise<void> {
  if (tab.id === undefined) return;
  if ((await getTabState(tab.id)).pinned) return;
  if (await sidePanelIsOpen(tab.windowId)) return;
  await setFollowing(tab.id, false);
}

/** Tells open side panels that the user invoked the extension on this tab (access exists now): they follow it again. */
export function announceInvoked(tabId: number): Promise<void> {
  return broadcast({ target: 'sidepanel', type: 'sidepanel/invoked', tabId });
}

/** The side panel's heatmap over the page text of the tab it follows. */
export async function paintFromSidePanel(tabId: number, paint: PagePaint | null): Promise<Result<null>> {
  const { selection } = await getTabState(tabId);
  return paintPage(tabId, paint, selection?.frameId ?? 0);
}

/** 'sidepanel/open' from a view (see the note at the top). */
export function openSidePanelFor(tabId: number | undefined): Promise<Result<null>> {
  return openSidePanel({ tabId });
}
