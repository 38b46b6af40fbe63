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

/** The active tab of a window. */
export async function activeTabOf(windowId: number): Promise<Tab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, windowId });
  return tab;
}

/** The window this extension page lives in (a side panel's or sidebar's own window). */
export async function currentWindowId(): Promise<number | undefined> {
  return (await browser.windows.getCurrent()).id;
}

/** Whether a tab shows one of this extension's own pages (its popup or options opened as a tab). */
export function isOwnPage(tab: Tab | undefined): boolean {
  const url = tab?.url ?? tab?.pendingUrl;
  return !!url && url.startsWith(browser.runtime.getURL(''));
}

export function onTabRemoved(listener: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener(listener);
}

/** Calls `listener` when another tab becomes the active one of a window. Returns the function that stops it. */
export function onTabActivated(listener: (tabId: number, windowId: number) => void): () => void {
  const handler = (info: Tabs.OnActivatedActiveInfoType) => listener(info.tabId, info.windowId);
  browser.tabs.onActivated.addListener(handler);
  return () => browser.tabs.onActivated.removeListener(handler);
}

/** Calls `listener` when a tab has finished loading a new document. Returns the function that stops it. */
export function onTabLoaded(listener: (tabId: number) => void): () => void {
  const handler = (tabId: number, change: Tabs.OnUpdatedChangeInfoType) => {
    if (change.status === 'complete') listener(tabId);
  };
  browser.tabs.onUpdated.addListener(handler);
  return () => browser.tabs.onUpdated.removeListener(handler);
}

/** Injects the extension's script file into the top frame, the given frames, or every frame it may access. */
export async function injectScript(tabId: number, file: string, frames: number[] | 'all' = [0]): Promise<void> {
  const target = frames === 'all' ? { tabId, allFrames: true } : { tabId, frameIds: frames };
  await browser.scripting.executeScript({ target, files: [file] });
}

/**
 * Runs the extension's script file in one frame (default: the top frame) and returns the value of its last
 * statement (what scripting.executeScript reports for that frame), or undefined.
 */
export async function runScriptFile<T>(tabId: number, file: string, frameId = 0): Promise<T | undefined> {
  const results = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [file] });
  return results.find((r) => r.frameId === frameId)?.result as T | undefined;
}

/** Runs `func` in the extension's isolated world of every frame it may access; one result per frame. */
export async function runInFrames<T>(
  tabId: number,
  func: () => T,
  allFrames = true,
  frameIds?: number[],
): Promise<Array<{ frameId: number; result: T | undefined }>> {
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
