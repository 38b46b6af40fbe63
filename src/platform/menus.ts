// The selection context menu item ("Show BERT attention").
import { browser, type Tabs } from './browser';

export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  frameId?: number;
}

export function registerSelectionMenu(id: string, title: string): void {
  void browser.contextMenus.removeAll().then(() => browser.contextMenus.create({ id, title, contexts: ['selection'] }));
}

export function onMenuClicked(handler: (info: MenuClick, tab?: Tabs.Tab) => void): void {
  browser.contextMenus.onClicked.addListener(handler);
}

export function onInstalled(handler: () => void): void {
  browser.runtime.onInstalled.addListener(handler);
}
