// Extension storage: `local` survives restarts (settings), `session` lasts until the browser closes (per-tab state).
import { browser } from './browser';

export type Area = 'local' | 'session';

export async function getItem<T>(area: Area, key: string): Promise<T | undefined> {
  const got = await browser.storage[area].get(key);
  return got[key] as T | undefined;
}

export function setItem(area: Area, key: string, value: unknown): Promise<void> {
  return browser.storage[area].set({ [key]: value });
}

export function removeItem(area: Area, key: string): Promise<void> {
  return browser.storage[area].remove(key);
}

/** Calls `listener` with the new value of `key` in `area` whenever any extension page changes it. */
export function onItemChanged(area: Area, key: string, listener: (value: unknown) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, changedArea: string) => {
    if (changedArea === area && key in changes) listener(changes[key].newValue);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
