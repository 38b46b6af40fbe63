// Asks the engine for an analysis over a MessagePort of ours; the result comes back on that port with its
// buffers transferred (how the port reaches the engine is the platform's business: engine-link.ts).
// Nothing waits forever: the engine acknowledges a request at once (no ack = the request was lost on the way,
// e.g. the service worker stopped), its document is checked for life every second once it has the request,
// and a silent engine times out. A lost request is retried once; then the view gets a clear message.
import type { AttentionResult } from '../shared/attention-result';
import { ProtocolError, type AnalyzeOptions, type EnginePortReply, type EnginePortRequest, type LoadStage, type Result } from '../shared/protocol';
import { engineDocumentAlive, enginePoster } from '../platform/engine-link';
import { engineSpecOf } from './settings';
import { loadSettings } from './settings-store';

/** Deadlines (ms). A load of a big Hub model reports progress, so silence means trouble. */
export const ENGINE_DEADLINES = { ack: 5000, livenessPoll: 1000, silence: 90_000 };

export interface Timed<T> {
  value: T;
  /** Wall time of the request as the view saw it (ms). */
  totalMs: number;
}

export interface EngineProgress {
  stage: LoadStage;
  fraction?: number;
  modelId?: string;
}

/** One request over a fresh MessagePort; rejects with 'offscreen-lost' if the engine goes away or never answers. */
async function requestOverPort(text: string, options: AnalyzeOptions, onProgress?: (p: EngineProgress) => void): Promise<Result<AttentionResult>> {
  // The user's settings pick the model and backend, unless the caller says otherwise.
  const settings = await loadSettings();
  options = { backend: settings.backend, model: engineSpecOf(settings), idleUnloadMs: settings.idleUnloadMinutes * 60_000, ...options };
  let post;
  try {
    post = await enginePoster();
  } catch (err) {
    throw new ProtocolError('offscreen-lost', err instanceof Error ? err.message : String(err));
  }
  const { port1, port2 } = new MessageChannel();
  return new Promise<Result<AttentionResult>>((resolve, reject) => {
    let acked = false;
    let silence: ReturnType<typeof setTimeout>;
    const lost = (message: string) => finish(() => reject(new ProtocolError('offscreen-lost', message)));
    const resetSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(() => lost('The model engine stopped answering.'), acked ? ENGINE_DEADLINES.silence : ENGINE_DEADLINES.ack);
    };
    const watchdog = setInterval(() => {
      if (!acked) return; // the engine's document may still be starting
      void engineDocumentAlive().then((alive) => {
        if (!alive) lost('The model engine stopped while working.');
      }, () => lost('The extension was reloaded.'));
    }, ENGINE_DEADLINES.livenessPoll);
    const finish = (settle: () => void) => {
      clearInterval(watchdog);
      clearTimeout(silence);
      port1.onmessage = null;
      port1.close();
      settle();
    };
    port1.onmessage = (e: MessageEvent<EnginePortReply>) => {
      const reply = e.data;
      if (reply.kind === 'done') return finish(() => resolve(reply.result));
      acked = true;
      resetSilence();
      if (reply.kind === 'progress') onProgress?.({ stage: reply.stage, fraction: reply.fraction, modelId: reply.modelId });
    };
    resetSilence();
    const request: EnginePortRequest = { target: 'engine-port', request: { target: 'offscreen', type: 'engine/analyze', text, options } };
    try {
      post(request, port2);
    } catch (err) {
      lost(err instanceof Error ? err.message : String(err));
    }
  });
}

export async function analyze(text: string, options: AnalyzeOptions = {}, onProgress?: (p: EngineProgress) => void): Promise<Timed<AttentionResult>> {
  if (!text.trim()) throw new ProtocolError('empty-selection', 'Nothing is selected. Highlight some text on the page, then try again.');
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await requestOverPort(text, options, onProgress);
      if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
      return { value: res.value, totalMs: performance.now() - t0 };
    } catch (err) {
      const lost = err instanceof ProtocolError && err.code === 'offscreen-lost';
      if (!lost) throw err;
      if (attempt >= 1) throw new ProtocolError('offscreen-lost', `${err.message} It did not recover after a retry — try again.`);
      // The engine's document went away or the request was lost: the broker recreates the document on the retry.
    }
  }
}
