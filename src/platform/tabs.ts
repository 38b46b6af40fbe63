// Tabs and on-demand script injection (activeTab + scripting: nothing runs on pages the user did not ask about).
import { browser, type Tabs } from './browser';

export type Tab = Tabs.Tab;

export function getTab(tabId: number): Promise<Tab> {
  return browser.tabs.get(tabId);
}

export async function activeTab(): Promise<Tab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

export function onTabRemoved(listener: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener(listener);
}

/** Injects the extension's script file into frames of a tab (the top frame by default). */
export async function injectScript(tabId: number, file: string, frameIds: number[] = [0]): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds }, files: [file] });
}
