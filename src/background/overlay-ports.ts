// Open ports from overlay frames, by tab: how a new selection on a pinned page reaches its overlay where
// runtime broadcasts do not (see platform/overlay-channel.ts).
import { onConnect, type Port } from '../platform/messaging';
import { OVERLAY_PORT, type OverlayMessage } from '../shared/protocol';

const byTab = new Map<number, Set<Port>>();

export function registerOverlayPorts(): void {
  onConnect(OVERLAY_PORT, (port) => {
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

/** Tabs with an overlay frame connected now. */
export function overlayTabs(): number[] {
  return [...byTab.keys()];
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
