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

/** Injects the extension's script file into the top frame, the given frames, or every frame it may access. */
export async function injectScript(tabId: number, file: string, frames: number[] | 'all' = [0]): Promise<void> {
  const target = frames === 'all' ? { tabId, allFrames: true } : { tabId, frameIds: frames };
  await browser.scripting.executeScript({ target, files: [file] });
}

/** Runs `func` in the extension's isolated world of every frame it may access; one result per frame. */
export async function runInFrames<T>(tabId: number, func: () => T, allFrames = true, frameIds?: number[]): Promise<Array<{ frameId: number; result: T | undefined }>> {
  const target = frameIds ? { tabId, frameIds } : { tabId, allFrames };
  const results = await browser.scripting.executeScript({ target, func });
  return results.map((r) => ({ frameId: r.frameId, result: r.result as T | undefined }));
}

/** Calls `listener` when a tab starts loading a new document (the old page and its content script are gone). */
export function onTabLoading(listener: (tabId: number) => void): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') listener(tabId);
  });
}
