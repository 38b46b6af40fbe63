// How a view reaches the engine, per browser. Chrome: the engine runs in the offscreen document; the view posts
// its MessagePort to the service worker, which hands it on. Firefox: the engine runs in the background page;
// pages that can reach that window post the port to it, the overlay (an extension frame inside a web page, which
// cannot) sends a runtime message and gets a structured clone back (binary, one copy).
import type { AttentionResult } from '../shared/attention-result';
import { toErrorInfo, transferablesOf, type EnginePortReply, type EnginePortRequest, type Result } from '../shared/protocol';
import { browser } from './browser';
import { IS_FIREFOX } from './build';
import { t } from '../shared/i18n';

export type EnginePoster = (request: EnginePortRequest, port: MessagePort) => void;

export async function enginePoster(): Promise<EnginePoster> {
  if (IS_FIREFOX) {
    const page = typeof browser.runtime.getBackgroundPage === 'function' ? await browser.runtime.getBackgroundPage().catch(() => null) : null;
    if (page) return (request, port) => page.postMessage(request, location.origin, [port]);
    return (request, port) => {
      const reply = (msg: EnginePortReply, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
      const sent = browser.runtime.sendMessage(request.request) as Promise<Result<AttentionResult> | undefined>;
      reply({ kind: 'ack' }); // runtime messaging fails loudly (rejects) when the background page is gone
      void sent.then(
        (res) => reply({ kind: 'done', result: res ?? { ok: false, error: { code: 'offscreen-lost', message: t('bg_engine_no_answer') } } }, res ? transferablesOf(res) : []),
        (err) => reply({ kind: 'done', result: { ok: false, error: toErrorInfo(err, 'offscreen-lost') } }),
      );
    };
  }
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error(t('bg_worker_not_running'));
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
