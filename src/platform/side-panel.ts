// The side panel: Chrome's side panel (manifest `side_panel`, chrome.sidePanel) and Firefox's sidebar (manifest
// `sidebar_action`, browser.sidebarAction) show the same page, src/sidepanel/sidepanel.html. Both browsers open it
// only in response to a user action, and only when the call is made synchronously inside that action's handler:
// call openSidePanel() first, before any await (a click on an extension page, a context-menu click, a keyboard
// command). From a runtime-message handler there is no gesture and the browser refuses.
import { t } from '../shared/i18n';
import { fail, ok, type Result } from '../shared/protocol';
import { browser } from './browser';
import { IS_FIREFOX } from './build';

/** What the browser calls it, for menu titles and messages (in the user's language). */
export function sidePanelName(): string {
  return t(IS_FIREFOX ? 'sidebar_name' : 'side_panel_name');
}

/** Path of the panel page inside the extension (the manifest names the same file). */
export const SIDE_PANEL_PATH = 'src/sidepanel/sidepanel.html';

/**
 * Whether this context can open the panel itself. Chrome: every extension page, the overlay frame included.
 * Firefox: extension pages in tabs, the popup and the sidebar, but not an extension frame inside a web page
 * (browser.sidebarAction is undefined there, measured in Firefox ESR 140) — such a view should point the user to
 * the menu item or the shortcut instead.
 */
export function sidePanelAvailable(): boolean {
  try {
    return IS_FIREFOX ? typeof browser.sidebarAction?.open === 'function' : typeof chrome.sidePanel?.open === 'function';
  } catch {
    return false;
  }
}

function refused(err: unknown): Result<null> {
  const message = err instanceof Error ? err.message : String(err);
  return fail(
    'internal',
    /gesture|user action|user input/i.test(message) ? t('side_needs_gesture', sidePanelName(), message) : t('side_did_not_open', sidePanelName(), message),
  );
}

/**
 * Opens the side panel in the window of `tabId` (Chrome; or `windowId`), or the sidebar of the current window
 * (Firefox). The browser API is called synchronously, before this function returns: call it first in a user-action
 * handler. Resolves to a failure (never rejects) when the browser refused.
 */
export function openSidePanel(target: { tabId?: number; windowId?: number } = {}): Promise<Result<null>> {
  if (!sidePanelAvailable()) {
    return Promise.resolve(fail('internal', t('side_open_from_menu', sidePanelName())));
  }
  try {
    if (IS_FIREFOX) return browser.sidebarAction.open().then(() => ok(null), refused);
    const options: chrome.sidePanel.OpenOptions | null =
      target.tabId !== undefined ? { tabId: target.tabId } : target.windowId !== undefined ? { windowId: target.windowId } : null;
    if (!options) return Promise.resolve(fail('internal', t('side_no_window')));
    return chrome.sidePanel.open(options).then(() => ok(null), refused);
  } catch (err) {
    return Promise.resolve(refused(err));
  }
}

/** Whether a side panel / sidebar of this extension is open (Firefox: in `windowId`, when given; Chrome: in any window). */
export async function sidePanelIsOpen(windowId?: number): Promise<boolean> {
  try {
    if (IS_FIREFOX) return await browser.sidebarAction.isOpen(windowId !== undefined ? { windowId } : {});
    // Chrome 156 lists a global side panel with windowId -1: a window filter would never match it, so any counts.
    const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] });
    return contexts.length > 0;
  } catch {
    return true; // unknown: keep following rather than go silent
  }
}
