// How new selections of a tab reach its overlay frame (pinned mode). Chrome delivers the background's runtime
// broadcast to extension frames inside pages; Firefox does not, so there the frame holds a runtime Port to the
// background page and reconnects when Firefox unloads it. (Chrome does not use the port: an idle service worker
// would drop it every 30 s and the reconnects would keep waking it.)
import { OVERLAY_PORT, type OverlayMessage } from '../shared/protocol';
import { IS_FIREFOX } from './build';
import { connect, onMessage, type Port } from './messaging';

/** Calls `listener` with every overlay message; returns the function that stops listening. */
export function listenAsOverlay(listener: (msg: OverlayMessage) => void): () => void {
  if (!IS_FIREFOX) return onMessage('overlay', (msg) => void listener(msg));
  let port: Port | null = null;
  let closed = false;
  const open = () => {
    port = connect(OVERLAY_PORT);
    port.onMessage.addListener((msg: unknown) => {
      if (typeof msg === 'object' && msg !== null && (msg as { target?: unknown }).target === 'overlay') listener(msg as OverlayMessage);
    });
    port.onDisconnect.addListener(() => {
      if (!closed) setTimeout(open, 250);
    });
  };
  open();
  return () => {
    closed = true;
    port?.disconnect();
  };
}
