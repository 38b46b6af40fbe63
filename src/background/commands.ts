// Keyboard commands (manifest `commands`). `_execute_action` opens the popup (the browser does that itself);
// "show-overlay" shows attention for the selection in the in-page overlay, through the same production handler as
// the context menu; "open-side-panel" (no default key: the user may bind one) opens the side panel / sidebar.
import { showAttentionInOverlay } from './context-menu';
import { onCommand } from '../platform/commands';
import { openSidePanel } from '../platform/side-panel';
import { activeTab, type Tab } from '../platform/tabs';

export const COMMAND_SHOW_OVERLAY = 'show-overlay';
export const COMMAND_OPEN_SIDE_PANEL = 'open-side-panel';

/** The production handler of the extension's commands (browser tests dispatch commands.onCommand to reach it). */
export function onCommandTriggered(command: string, tab?: Tab): Promise<void> {
  if (command === COMMAND_OPEN_SIDE_PANEL) {
    // First, synchronously: the shortcut's user gesture ends at the first await.
    return openSidePanel({ tabId: tab?.id, windowId: tab?.windowId }).then((res) => {
      if (!res.ok) console.warn('Attention Lens:', res.error.message);
    });
  }
  if (command === COMMAND_SHOW_OVERLAY) {
    return (async () => {
      const target = tab?.id !== undefined ? tab : await activeTab();
      if (target?.id !== undefined) await showAttentionInOverlay(target, { frameId: undefined });
    })();
  }
  return Promise.resolve();
}

export function registerCommands(): void {
  onCommand((command, tab) => void onCommandTriggered(command, tab));
}
