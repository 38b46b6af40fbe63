// Right-click → "Show BERT attention": opens the in-page overlay beside the selection.
import { captureTabSelection } from './frames';
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
  if (info.menuItemId !== MENU_ID || !tab?.id) return;
  const tabId = tab.id;
  try {
    // The menu says which frame holds the selection.
    const captured = await captureTabSelection(tab, info.frameId ?? 0);
    if (!captured.ok && captured.error.code === 'protected-field') {
      await rememberSelection(tabId, { text: '', rect: null, source: 'field', refused: captured.error.message });
    } else {
      // The menu's selectionText is the fallback when the page's selection is gone.
      const selection = captured.ok && captured.value.text.trim()
        ? captured.value
        : { text: info.selectionText ?? '', rect: null, source: 'page' as const, frameId: info.frameId ?? 0 };
      await rememberSelection(tabId, selection);
    }
    await setPinned(tabId, false); // a newly opened overlay starts unpinned
    const opened = await sendToTab(tabId, { target: 'content', type: 'content/open-overlay' });
    if (!opened.ok) await openPopup(); // sandboxed page or PDF: the page shows why; the popup offers the rest
  } catch (err) {
    // Pages where the overlay cannot open (browser pages, the PDF viewer, the store): the popup explains.
    console.warn('Attention Lens: cannot open the overlay here:', err);
    await openPopup();
  }
}
