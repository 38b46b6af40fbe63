// Typed wrappers over chrome.runtime / chrome.tabs messaging, shared by the service worker's features.
import type { AnyMessage, ContentMessage, OffscreenMessage, ResponseOf } from '../shared/protocol';

export function sendToOffscreen<M extends OffscreenMessage>(msg: M): Promise<ResponseOf<M>> {
  return chrome.runtime.sendMessage(msg) as Promise<ResponseOf<M>>;
}

export function sendToTab<M extends ContentMessage>(tabId: number, msg: M): Promise<ResponseOf<M>> {
  return chrome.tabs.sendMessage(tabId, msg, { frameId: 0 }) as Promise<ResponseOf<M>>;
}

/** Broadcast to extension pages (overlay iframes filter by tab id); nobody listening is not an error. */
export async function broadcast(msg: AnyMessage): Promise<void> {
  try {
    await chrome.runtime.sendMessage(msg);
  } catch {
    /* no receiver */
  }
}
