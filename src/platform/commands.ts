// Keyboard commands (manifest `commands`): the handler for the extension's own commands, and the shortcuts the user
// has actually bound (they can change them: chrome://extensions/shortcuts, or about:addons → Manage Extension
// Shortcuts in Firefox). `_execute_action` is handled by the browser itself (it opens the popup).
import { browser, type Tabs } from './browser';

/** Calls `handler` with the command's name and the tab that was active when the shortcut was pressed. */
export function onCommand(handler: (command: string, tab?: Tabs.Tab) => void): void {
  browser.commands.onCommand.addListener((command, tab) => handler(command, tab));
}

/** name → bound shortcut ("Alt+Shift+L"); '' when the user left a command without one. */
export async function commandShortcuts(): Promise<Record<string, string>> {
  try {
    const all = await browser.commands.getAll();
    return Object.fromEntries(all.filter((c) => c.name).map((c) => [c.name!, c.shortcut ?? '']));
  } catch {
    return {};
  }
}
