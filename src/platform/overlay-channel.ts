// How new selections of a tab reach its overlay frame (pinned mode). Chrome delivers the background's runtime
// broadcast to extension frames inside pages; Firefox does not, so there the frame holds a runtime Port to the
// background page. (Chrome does not use the port: an idle service worker would drop it every 30 s and the
// reconnects would keep waking it.)
// Firefox suspends an idle background page (an MV3 event page), which drops the port. The frame does not reconnect
// at once (that would start the page again right away, and again after every suspension): it reconnects when the
// page says its selection changed (the content script tells the frame over their private link, after the
// background took the selection) and then asks the background for the tab's selection, which a page that was
// suspended could not push. While a pinned overlay is open the background keeps itself awake as long as its model
// stays loaded (src/background/background-page.ts), so the port normally stays up while you read.
import { OVERLAY_PORT, type OverlayMessage } from '../shared/protocol';
import { IS_FIREFOX } from './build';
import { connect, onMessage, sendMessage, type Port } from './messaging';

export interface OverlayChannel {
  /** Stops listening. */
  stop(): void;
  /**
   * The page says its selection changed. Firefox: reconnect the port if the background page was suspended, and
   * fetch the tab's selection (delivered to the listener like a push). Chrome: nothing (the broadcast arrives).
   */
  selectionChanged(): void;
}

/** Calls `listener` with every overlay message of the frame's tab. */
export function listenAsOverlay(listener: (msg: OverlayMessage) => void): OverlayChannel {
  if (!IS_FIREFOX) {
    const stop = onMessage('overlay', (msg) => void listener(msg));
    return { stop, selectionChanged: () => undefined };
  }
  let port: Port | null = null;
  let closed = false;
  const open = () => {
    try {
      const p = connect(OVERLAY_PORT);
      p.onMessage.addListener((msg: unknown) => {
        if (typeof msg === 'object' && msg !== null && (msg as { target?: unknown }).target === 'overlay') listener(msg as OverlayMessage);
      });
      p.onDisconnect.addListener(() => {
        if (port === p) port = null; // reconnected on the next selection, not now: see above
      });
      port = p;
    } catch {
      port = null; // the extension was reloaded: the content script shows that
    }
  };
  open();
  return {
    stop() {
      closed = true;
      port?.disconnect();
      port = null;
    },
    selectionChanged() {
      if (closed) return;
      if (!port) open();
      sendMessage({ target: 'background', type: 'overlay/sync' }).then(
        (res) => {
          if (!closed && res?.ok && res.value.selection)
            listener({ target: 'overlay', type: 'overlay/selection', tabId: res.value.tabId, selection: res.value.selection });
        },
        () => undefined,
      );
    },
  };
}
