// How a view reaches the engine, per browser. Chrome: the engine runs in the offscreen document; the view posts
// its MessagePort to the service worker, which hands it on. Firefox: the engine runs in the background page;
// pages that can reach that window post the port to it, the overlay (an extension frame inside a web page, which
// cannot) sends a runtime message and gets a structured clone back (binary, one copy).
import { toErrorInfo, transferablesOf, type EnginePortRequest, type Result } from '../shared/protocol';
import { browser } from './browser';
import { IS_FIREFOX } from './build';

export type EnginePoster = (request: EnginePortRequest, port: MessagePort) => void;

export async function enginePoster(): Promise<EnginePoster> {
  if (IS_FIREFOX) {
    const page = typeof browser.runtime.getBackgroundPage === 'function' ? await browser.runtime.getBackgroundPage().catch(() => null) : null;
    if (page) return (request, port) => page.postMessage(request, location.origin, [port]);
    return (request, port) =>
      void (browser.runtime.sendMessage(request.request) as Promise<Result<unknown> | undefined>).then(
        (res) => port.postMessage(res ?? { ok: false, error: { code: 'offscreen-lost', message: 'The model engine did not answer.' } }, res ? transferablesOf(res) : []),
        (err) => port.postMessage({ ok: false, error: toErrorInfo(err, 'offscreen-lost') }),
      );
  }
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error('The extension service worker is not running.');
  return (request, port) => worker.postMessage(request, [port]);
}

/**
 * Whether the document that runs the engine exists. Chrome: the offscreen document (it can be closed or crash
 * on its own). Firefox: the background page, which answers for itself (always true here).
 */
export async function engineDocumentAlive(): Promise<boolean> {
  if (IS_FIREFOX) return true;
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  return contexts.length > 0;
}
