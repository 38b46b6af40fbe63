// The overlay frame's end of the private channel to the content script that hosts it (see
// src/content/overlay-link.ts): the first port that arrives from the parent window with this frame's own one-time
// token is kept, everything else is ignored. Messages sent before it arrives wait (the latest of each kind).
import { isLinkOffer, parseHostMessage, type FrameToHost, type HostToFrame } from '../content/overlay-link';

let port: MessagePort | null = null;
const waiting = new Map<FrameToHost['type'], FrameToHost>();
const listeners = new Set<(msg: HostToFrame) => void>();
/** The host's latest word on the layout, for listeners that subscribe after it came. */
let lastLayout: HostToFrame | null = null;

/** Starts listening for the host's port (call before the frame has loaded: the port comes right after). */
export function startHostLink(token: string): void {
  const onOffer = (e: MessageEvent) => {
    if (port || e.source !== window.parent || e.ports.length !== 1 || !isLinkOffer(e.data, token)) return;
    removeEventListener('message', onOffer);
    port = e.ports[0];
    port.onmessage = (m: MessageEvent) => {
      const msg = parseHostMessage(m.data);
      if (!msg) return;
      if (msg.type === 'layout') lastLayout = msg;
      for (const l of listeners) l(msg);
    };
    port.postMessage({ type: 'hello' } satisfies FrameToHost);
    for (const msg of waiting.values()) port.postMessage(msg);
    waiting.clear();
  };
  addEventListener('message', onOffer);
}

/** Sends to the host (before the channel exists, the latest message of each kind waits for it). */
export function sendToHost(msg: FrameToHost): void {
  if (port) port.postMessage(msg);
  else waiting.set(msg.type, msg);
}

/** Calls `listener` with every message of the host (first with the latest layout); returns the function that stops it. */
export function onHostMessage(listener: (msg: HostToFrame) => void): () => void {
  listeners.add(listener);
  if (lastLayout) listener(lastLayout);
  return () => listeners.delete(listener);
}
