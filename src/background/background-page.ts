// Firefox's background page: the router, and the engine in this same document (Firefox has no offscreen
// documents, and its background page is a document that can run onnxruntime-web). Views post their
// MessagePort to this window; results come back on it with the tensors' buffers transferred.
import { answerOnPort, engineBusy, engineLoaded, handleEngineMessage } from '../engine/engine-host';
import { releaseWasmWaiters, resumeWasmWaiters, trackWasmWaiters } from '../engine/wasm-waiters';
import { onSuspend, onSuspendCanceled, postponeSuspension } from '../platform/background-lifetime';
import { onConnect, onMessage } from '../platform/messaging';
import { ENGINE_PORT, isEnginePortRequest, type EnginePortCommand } from '../shared/protocol';
import { registerKeepAwake } from './keep-awake';
import { overlayTabs } from './overlay-ports';
import { registerRouter } from './router';
import { getTabState } from './tab-state';
import { installI18n } from '../platform/i18n';

void installI18n();

registerRouter({ status: (msg) => handleEngineMessage(msg) });

// Views that cannot reach this window (the overlay frame inside a web page) send engine requests as runtime
// messages; the answer is structured-cloned, typed arrays included.
onMessage('offscreen', (msg) => handleEngineMessage(msg));

addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  // Only this extension's own pages can reach this window (runtime.getBackgroundPage).
  if (event.origin !== location.origin || !port || !isEnginePortRequest(event.data)) return;
  // Not an extension event: without this, a request arriving late in Firefox's idle window could be cut off before
  // the keep-awake tick below sees it.
  postponeSuspension();
  answerOnPort(event.data.request, port);
});

// Views that cannot reach this window (the overlay frame) may also open a runtime Port per request: the request, then
// the same replies as on a MessagePort (ack, load progress, partial profiles, done; structured clones), and the
// view learns at once when this page goes away (the port disconnects).
onConnect(ENGINE_PORT, (port) => {
  const first = (msg: unknown) => {
    port.onMessage.removeListener(first);
    if (!isEnginePortRequest(msg)) return port.disconnect();
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (e: MessageEvent) => {
      try {
        port.postMessage(e.data);
      } catch {
        /* the view is gone */
      }
    };
    port.onMessage.addListener((command: unknown) => {
      if ((command as EnginePortCommand | null)?.kind === 'cancel') port1.postMessage(command);
    });
    // The view went away: a long request (a profile, a long text's summaries) stops after its current window.
    port.onDisconnect.addListener(() => port1.postMessage({ kind: 'cancel' } satisfies EnginePortCommand));
    answerOnPort(msg.request, port2);
  };
  port.onMessage.addListener(first);
});

// Firefox suspends this page when idle; it stays awake while it works and while a pinned overlay follows selections
// with the model loaded (src/background/keep-awake.ts says why and what it costs).
registerKeepAwake(async () => {
  let pinnedOverlay = false;
  for (const tabId of overlayTabs()) if ((await getTabState(tabId)).pinned) pinnedOverlay = true;
  return { busy: engineBusy(), modelLoaded: engineLoaded(), pinnedOverlay };
});

// onnxruntime's pending Atomics.waitAsync would keep this page's memory alive after Firefox suspends it
// (src/engine/wasm-waiters.ts): wake it right before the suspension.
trackWasmWaiters();
onSuspend(() => void releaseWasmWaiters());
onSuspendCanceled(() => resumeWasmWaiters());
