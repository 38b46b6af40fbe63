// How a view reaches the engine, per browser. Chrome: the engine runs in the offscreen document; the view posts
// its MessagePort to the service worker, which hands it on. Firefox: the engine runs in the background page, which
// Firefox suspends when idle (and which can end at any moment); pages that can reach that window post a port to it,
// the overlay (an extension frame inside a web page, which cannot) opens a runtime Port per request (ENGINE_PORT:
// the same replies, load progress included, as structured clones: binary, one copy). Either way the view's port is
// relayed here, so that a background page that goes away mid-request ends the request at once ('offscreen-lost',
// which the engine client retries once: the retry wakes a fresh page) instead of after the silence deadline.
import { ENGINE_PORT, buffersOfValue, transferablesOf, type EnginePortReply, type EnginePortRequest } from '../shared/protocol';
import { browser } from './browser';
import { IS_FIREFOX } from './build';
import type { Port } from './messaging';
import { t } from '../shared/i18n';

export type EnginePoster = (request: EnginePortRequest, port: MessagePort) => void;

export async function enginePoster(): Promise<EnginePoster> {
  if (IS_FIREFOX) {
    // getBackgroundPage() starts the page if Firefox had suspended it.
    const page = typeof browser.runtime.getBackgroundPage === 'function' ? await browser.runtime.getBackgroundPage().catch(() => null) : null;
    if (page) return (request, port) => postToBackgroundWindow(page, request, port);
    return (request, port) => postOverRuntimePort(request, port);
  }
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error(t('bg_worker_not_running'));
  return (request, port) => worker.postMessage(request, [port]);
}

/**
 * Whether the document that runs the engine exists. Chrome: the offscreen document (it can be closed or crash
 * on its own). Firefox: always true here; each request's relay watches the background page itself.
 */
export async function engineDocumentAlive(): Promise<boolean> {
  if (IS_FIREFOX) return true;
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  return contexts.length > 0;
}

/** How often a relay checks that the background page it posted to still exists (Firefox). */
const PAGE_CHECK_MS = 400;
function lost(message = t('app_engine_suspended')): EnginePortReply {
  return { kind: 'done', result: { ok: false, error: { code: 'offscreen-lost', message } } };
}

/** A reply's buffers, transferred on (not copied) when the relay passes it on. */
function transfersOf(reply: EnginePortReply): ArrayBuffer[] {
  if (reply.kind === 'done') return transferablesOf(reply.result);
  return reply.kind === 'partial' ? buffersOfValue(reply.profile) : [];
}

/** A suspended or ended background page: its window throws ("can't access dead object") or says it is closed. */
function windowGone(page: Window): boolean {
  try {
    return page.closed;
  } catch {
    return true;
  }
}

/**
 * Posts the request to the background page's window on a port of our own and relays the replies to the view's
 * port (buffers transferred on). A MessagePort gives no sign when the page at its other end is gone, so the relay
 * checks the window, and answers 'offscreen-lost' once it is.
 */
function postToBackgroundWindow(page: Window, request: EnginePortRequest, port: MessagePort): void {
  const { port1, port2 } = new MessageChannel();
  let finished = false;
  const finish = (last: EnginePortReply) => {
    if (finished) return;
    finished = true;
    clearInterval(watch);
    port.postMessage(last, transfersOf(last));
    port.onmessage = null;
    port1.onmessage = null;
    port1.close();
  };
  const watch = setInterval(() => {
    if (windowGone(page)) finish(lost());
  }, PAGE_CHECK_MS);
  port1.onmessage = (e: MessageEvent<EnginePortReply>) => {
    if (e.data.kind === 'done') finish(e.data);
    else port.postMessage(e.data, transfersOf(e.data));
  };
  port.onmessage = (e: MessageEvent) => port1.postMessage(e.data); // {kind: 'cancel'}
  try {
    page.postMessage(request, location.origin, [port2]);
  } catch (err) {
    finish(lost(err instanceof Error ? err.message : String(err)));
  }
}

/** The overlay's way: one runtime Port per request; its disconnect before 'done' means the page went away. */
function postOverRuntimePort(request: EnginePortRequest, port: MessagePort): void {
  let runtimePort: Port;
  try {
    runtimePort = browser.runtime.connect({ name: ENGINE_PORT });
  } catch (err) {
    port.postMessage(lost(err instanceof Error ? err.message : String(err))); // the extension was reloaded
    return;
  }
  let finished = false;
  const finish = (last: EnginePortReply) => {
    if (finished) return;
    finished = true;
    port.postMessage(last, transfersOf(last));
    port.onmessage = null;
    try {
      runtimePort.disconnect();
    } catch {
      /* already gone */
    }
  };
  runtimePort.onMessage.addListener((reply: unknown) => {
    const r = reply as EnginePortReply;
    if (r.kind === 'done') finish(r);
    else if (!finished) port.postMessage(r, transfersOf(r));
  });
  runtimePort.onDisconnect.addListener(() => finish(lost()));
  port.onmessage = (e: MessageEvent) => {
    if (!finished) runtimePort.postMessage(e.data); // {kind: 'cancel'}
  };
  runtimePort.postMessage(request);
}
