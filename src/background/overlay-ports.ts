// Open ports from overlay frames, by tab: how a new selection on a pinned page reaches its overlay.
import { OVERLAY_PORT, type OverlayMessage } from '../shared/protocol';

const byTab = new Map<number, Set<chrome.runtime.Port>>();

export function registerOverlayPorts(): void {
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== OVERLAY_PORT) return;
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined) return port.disconnect();
    const ports = byTab.get(tabId) ?? new Set();
    byTab.set(tabId, ports.add(port));
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      if (!ports.size) byTab.delete(tabId);
    });
  });
}

export function postToOverlays(tabId: number, msg: OverlayMessage): void {
  for (const port of byTab.get(tabId) ?? []) {
    try {
      port.postMessage(msg);
    } catch {
      /* disconnected meanwhile */
    }
  }
}
