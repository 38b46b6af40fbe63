// The extension's context-menu items ("Show BERT attention" on selections, "Open … side panel").
import { browser, type Tabs } from './browser';

export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  frameId?: number;
}

/** Where an item appears: on a text selection, or in the toolbar icon's own menu. */
export type MenuContext = 'selection' | 'action';

export interface MenuItem {
  id: string;
  title: string;
  contexts: MenuContext[];
}

/** Replaces the extension's menu items with these (in this order). */
export function registerMenus(items: MenuItem[]): void {
  void browser.contextMenus.removeAll().then(() => {
    for (const item of items) browser.contextMenus.create({ id: item.id, title: item.title, contexts: item.contexts });
  });
}

/** The selection context menu item ("Show BERT attention"). */
export function registerSelectionMenu(id: string, title: string): void {
  registerMenus([{ id, title, contexts: ['selection'] }]);
}

/**
 * Calls `handler` for each click on one of the extension's items. The handler runs inside the click's user gesture
 * until its first await: APIs that need a gesture (openSidePanel) must be called before any.
 */
export function onMenuClicked(handler: (info: MenuClick, tab?: Tabs.Tab) => void): void {
  browser.contextMenus.onClicked.addListener(handler);
}

export function onInstalled(handler: () => void): void {
  browser.runtime.onInstalled.addListener(handler);
}
