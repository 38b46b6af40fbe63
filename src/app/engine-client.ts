// Asks the engine for an analysis over a MessagePort of ours; the result comes back on that port with its
// buffers transferred. Chrome: the service worker makes sure the offscreen document exists and hands it the
// port. Firefox: the engine runs in the background page, and the port is posted to it directly.
// If the offscreen document dies mid-request (closed, crashed), the request is retried once.
import type { AttentionResult } from '../shared/attention-result';
import { ProtocolError, toErrorInfo, transferablesOf, type AnalyzeOptions, type EnginePortRequest, type EngineStatus, type Result } from '../shared/protocol';
import { send } from './messaging';
import { engineSpecOf } from '../shared/model-catalog';
import { loadSettings } from '../shared/settings';
import { IS_FIREFOX } from '../shared/platform';

const LIVENESS_POLL_MS = 1000;

export interface Timed<T> {
  value: T;
  /** Wall time of the request as the view saw it (ms). */
  totalMs: number;
}

export async function ensureEngine(): Promise<EngineStatus> {
  const settings = await loadSettings();
  const res = await send({ target: 'background', type: 'engine/ensure', backend: settings.backend, model: engineSpecOf(settings) });
  if (!res) throw new ProtocolError('offscreen-lost', 'The model engine did not answer.');
  if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
  return res.value;
}

async function offscreenAlive(): Promise<boolean> {
  if (IS_FIREFOX) return true; // the engine lives in the background page, not an offscreen document
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  return contexts.length > 0;
}

/** How a request with a port reaches the engine in this browser. */
async function enginePoster(): Promise<(request: EnginePortRequest, port: MessagePort) => void> {
  if (IS_FIREFOX) {
    // Pages that can reach the background window post the port to it (buffers transferred). The overlay, an
    // extension frame inside a web page, cannot: it uses runtime messaging, which Firefox structured-clones
    // (binary, one copy), and hands the answer to its own port.
    const page = typeof chrome.runtime.getBackgroundPage === 'function' ? await new Promise<Window | null>((resolve) => chrome.runtime.getBackgroundPage((w) => resolve(w ?? null))) : null;
    if (page) return (request, port) => page.postMessage(request, location.origin, [port]);
    return (request, port) =>
      void (chrome.runtime.sendMessage(request.request) as Promise<Result<AttentionResult> | undefined>).then(
        (res) => port.postMessage(res ?? { ok: false, error: { code: 'offscreen-lost', message: 'The model engine did not answer.' } }, res ? transferablesOf(res) : []),
        (err) => port.postMessage({ ok: false, error: toErrorInfo(err, 'offscreen-lost') }),
      );
  }
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new ProtocolError('offscreen-lost', 'The extension service worker is not running.');
  return (request, port) => worker.postMessage(request, [port]);
}

/** One request over a fresh MessagePort; rejects with 'offscreen-lost' if the engine goes away. */
async function requestOverPort(text: string, options: AnalyzeOptions): Promise<Result<AttentionResult>> {
  // The user's settings pick the model and backend, unless the caller says otherwise.
  const settings = await loadSettings();
  options = { backend: settings.backend, model: engineSpecOf(settings), ...options };
  const post = await enginePoster();
  const { port1, port2 } = new MessageChannel();
  return new Promise<Result<AttentionResult>>((resolve, reject) => {
    let sawEngine = false;
    const watchdog = setInterval(() => {
      void offscreenAlive().then((alive) => {
        if (alive) sawEngine = true;
        else if (sawEngine) finish(() => reject(new ProtocolError('offscreen-lost', 'The model engine stopped while working.')));
      });
    }, LIVENESS_POLL_MS);
    const finish = (settle: () => void) => {
      clearInterval(watchdog);
      port1.close();
      settle();
    };
    port1.onmessage = (e: MessageEvent<Result<AttentionResult>>) => finish(() => resolve(e.data));
    const request: EnginePortRequest = { target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text, options } };
    post(request, port2);
  });
}

export async function analyze(text: string, options: AnalyzeOptions = {}): Promise<Timed<AttentionResult>> {
  if (!text.trim()) throw new ProtocolError('empty-selection', 'Nothing is selected. Highlight some text on the page, then try again.');
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await requestOverPort(text, options);
      if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
      return { value: res.value, totalMs: performance.now() - t0 };
    } catch (err) {
      const lost = err instanceof ProtocolError && err.code === 'offscreen-lost';
      if (!lost || attempt >= 1) throw err;
      // The offscreen document went away: the broker recreates it on the retry.
    }
  }
}
