// Asks the engine for an analysis: makes sure the offscreen document exists (service worker), then
// talks to it directly so the tensors cross one hop only. If the offscreen document was killed
// mid-request, it is recreated and the request retried once.
import type { AttentionResult } from '../shared/attention-result';
import { ProtocolError, type AnalyzeOptions, type EngineStatus } from '../shared/protocol';
import { send } from './messaging';

export interface Timed<T> {
  value: T;
  /** Wall time of the request as the view saw it (ms). */
  totalMs: number;
}

export async function ensureEngine(): Promise<EngineStatus> {
  const res = await send({ target: 'background', type: 'engine/ensure' });
  if (!res) throw new ProtocolError('offscreen-lost', 'The model engine did not answer.');
  if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
  return res.value;
}

export async function analyze(text: string, options: AnalyzeOptions = {}): Promise<Timed<AttentionResult>> {
  if (!text.trim()) throw new ProtocolError('empty-selection', 'Nothing is selected. Highlight some text on the page, then try again.');
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    await ensureEngine();
    try {
      const res = await send({ target: 'offscreen', type: 'engine/analyze', text, options });
      if (!res) throw new Error('no response');
      if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
      return { value: res.value, totalMs: performance.now() - t0 };
    } catch (err) {
      if (err instanceof ProtocolError || attempt >= 1) {
        if (err instanceof ProtocolError) throw err;
        throw new ProtocolError('offscreen-lost', 'The model engine stopped while working. Try again.');
      }
      // The offscreen document went away (closed, crashed): recreate it and retry once.
    }
  }
}
