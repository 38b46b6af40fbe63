// Right-click → "Show BERT attention": opens the in-page overlay beside the selection. A second item, "Open
// Attention Lens side panel" (on selections and on the toolbar icon's menu), opens the side panel / sidebar.
import { captureTabSelection } from './frames';
import { announceInvoked } from './side-panel';
import { registerMenus, type MenuClick } from '../platform/menus';
import { sendToTab } from '../platform/messaging';
import { openPopup } from '../platform/runtime';
import { openSidePanel, sidePanelName } from '../platform/side-panel';
import type { Tab } from '../platform/tabs';
import { rememberSelection, setPinned } from './tab-state';
import { t } from '../shared/i18n';

export const MENU_ID = 'attention-lens-show';
export const SIDE_PANEL_MENU_ID = 'attention-lens-side-panel';

export function registerContextMenu(): void {
  registerMenus([
    { id: MENU_ID, title: t('menu_show_attention'), contexts: ['selection'] },
    { id: SIDE_PANEL_MENU_ID, title: t('menu_open_side_panel', sidePanelName()), contexts: ['selection', 'action'] },
  ]);
}

/**
 * The production handler of the menu items (browser tests dispatch onClicked to reach it). Not async on purpose:
 * the side panel must be opened synchronously, inside the click's user gesture.
 */
export function onContextMenuClicked(info: MenuClick, tab?: Tab): Promise<void> {
  if (info.menuItemId === SIDE_PANEL_MENU_ID) {
    const opening = openSidePanel({ tabId: tab?.id, windowId: tab?.windowId }); // first, before any await
    return opening.then((res) => {
      if (!res.ok) console.warn('Attention Lens:', res.error.message);
      // The click granted access to the page (activeTab): the panel follows it from now on.
      if (tab?.id !== undefined) void announceInvoked(tab.id);
    });
  }
  if (info.menuItemId !== MENU_ID || !tab?.id) return Promise.resolve();
  // The menu says which frame holds the selection.
  return showAttentionInOverlay(tab, { frameId: info.frameId ?? 0, selectionText: info.selectionText });
}

/**
 * Captures the tab's selection and opens the overlay beside it: the menu item's and the "show-overlay" keyboard
 * command's handler. `frameId`: the frame that holds the selection when known (else every frame, newest wins);
 * `selectionText`: the browser's copy of the selection, used when the page's selection is gone.
 */
export async function showAttentionInOverlay(tab: Tab, from: { frameId?: number; selectionText?: string } = {}): Promise<void> {
  if (tab.id === undefined) return;
  const tabId = tab.id;
  try {
    const captured = await captureTabSelection(tab, from.frameId);
    if (!captured.ok && captured.error.code === 'protected-field') {
      await rememberSelection(tabId, { text: '', rect: null, source: 'field', refused: captured.error.message });
    } else {
      // The menu's selectionText is the fallback when the page's selection is gone.
      const selection =
        captured.ok && captured.value.text.trim()
          ? captured.value
          : { text: from.selectionText ?? '', rect: null, source: 'page' as const, frameId: from.frameId ?? 0 };
      await rememberSelection(tabId, selection);
    }
    void announceInvoked(tabId); // a side panel waiting for access to this page follows it now
    await setPinned(tabId, false); // a newly opened overlay starts unpinned
    const opened = await sendToTab(tabId, { target: 'content', type: 'content/open-overlay' });
    if (!opened.ok) await openPopup(); // sandboxed page or PDF: the page shows why; the popup offers the rest
  } catch (err) {
    // Pages where the overlay cannot open (browser pages, the PDF viewer, the store): the popup explains.
    console.warn('Attention Lens: cannot open the overlay here:', err);
    await openPopup();
  }
}
