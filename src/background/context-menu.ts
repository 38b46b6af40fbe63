// Right-click → "Show BERT attention": opens the in-page overlay beside the selection.
import { ensureContentScript } from './content-injection';
import { sendToTab } from './messaging';
import { rememberSelection, setPinned } from './tab-state';

export const MENU_ID = 'attention-lens-show';

export function registerContextMenu(): void {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: MENU_ID, title: 'Show BERT attention', contexts: ['selection'] });
  });
}

/** The production handler of the menu item (browser tests dispatch onClicked to reach it). */
export async function onContextMenuClicked(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): Promise<void> {
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
    // Pages where the overlay cannot open (chrome://, the PDF viewer, the Web Store): the popup explains.
    console.warn('Attention Lens: cannot open the overlay here:', err);
    await chrome.action.openPopup().catch(() => undefined);
  }
}
