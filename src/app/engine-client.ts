// Asks the engine for an analysis over a MessagePort of ours; the result comes back on that port with its
// buffers transferred (how the port reaches the engine is the platform's business: engine-link.ts).
// If the engine's document dies mid-request (closed, crashed), the request is retried once.
import type { AttentionResult } from '../shared/attention-result';
import { ProtocolError, type AnalyzeOptions, type EnginePortRequest, type Result } from '../shared/protocol';
import { engineDocumentAlive, enginePoster } from '../platform/engine-link';
import { engineSpecOf } from './settings';
import { loadSettings } from './settings-store';

const LIVENESS_POLL_MS = 1000;

export interface Timed<T> {
  value: T;
  /** Wall time of the request as the view saw it (ms). */
  totalMs: number;
}

/** One request over a fresh MessagePort; rejects with 'offscreen-lost' if the engine goes away. */
async function requestOverPort(text: string, options: AnalyzeOptions): Promise<Result<AttentionResult>> {
  // The user's settings pick the model and backend, unless the caller says otherwise.
  const settings = await loadSettings();
  options = { backend: settings.backend, model: engineSpecOf(settings), ...options };
  let post;
  try {
    post = await enginePoster();
  } catch (err) {
    throw new ProtocolError('offscreen-lost', err instanceof Error ? err.message : String(err));
  }
  const { port1, port2 } = new MessageChannel();
  return new Promise<Result<AttentionResult>>((resolve, reject) => {
    let sawEngine = false;
    const watchdog = setInterval(() => {
      void engineDocumentAlive().then((alive) => {
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
      // The engine's document went away: the broker recreates it on the retry.
    }
  }
}
