// Right-click → "Show BERT attention": opens the in-page overlay beside the selection.
import { ensureContentScript } from './content-injection';
import { registerSelectionMenu, type MenuClick } from '../platform/menus';
import { sendToTab } from '../platform/messaging';
import { openPopup } from '../platform/runtime';
import type { Tab } from '../platform/tabs';
import { rememberSelection, setPinned } from './tab-state';

export const MENU_ID = 'attention-lens-show';

export function registerContextMenu(): void {
  registerSelectionMenu(MENU_ID, 'Show BERT attention');
}

/** The production handler of the menu item (browser tests dispatch onClicked to reach it). */
export async function onContextMenuClicked(info: MenuClick, tab?: Tab): Promise<void> {
  if (info.menuItemId !== MENU_ID || !tab) return;
  try {
    const tabId = await ensureContentScript(tab);
    const captured = await sendToTab(tabId, { target: 'content', type: 'content/get-selection' });
    // The menu's selectionText is the fallback when the page's selection is gone (e.g. inside a frame).
    const selection = captured.ok && captured.value.text.trim()
      ? captured.value
      : { text: info.selectionText ?? '', rect: null, source: 'page' as const };
    await rememberSelection(tabId, selection);
    await setPinned(tabId, false); // a newly opened overlay starts unpinned
    await sendToTab(tabId, { target: 'content', type: 'content/open-overlay' });
  } catch (err) {
    // Pages where the overlay cannot open (browser pages, the PDF viewer, the store): the popup explains.
    console.warn('Attention Lens: cannot open the overlay here:', err);
    await openPopup();
  }
}
