// Asks the engine for an analysis over a MessagePort of ours; the result comes back on that port with its
// buffers transferred (how the port reaches the engine is the platform's business: engine-link.ts).
// Nothing waits forever: the engine acknowledges a request at once (no ack = the request was lost on the way,
// e.g. the service worker stopped), its document is checked for life every second once it has the request,
// and a silent engine times out. A lost request is retried once; then the view gets a clear message.
import type { AttentionResult, PageProfile } from '../shared/attention-result';
import {
  ProtocolError,
  type AnalyzeOptions,
  type EnginePortCommand,
  type EnginePortReply,
  type EnginePortRequest,
  type LoadStage,
  type ProfileOptions,
  type ReadableText,
  type ReadableTextMessage,
  type Result,
} from '../shared/protocol';
import { engineDocumentAlive, enginePoster } from '../platform/engine-link';
import { sendMessage } from '../platform/messaging';
import { engineSpecOf } from './settings';
import { loadSettings } from './settings-store';
import { t } from '../shared/i18n';

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
  /** Long texts and profiles: windows done of windowsTotal, and the estimated time left (ms). */
  windowsDone?: number;
  windowsTotal?: number;
  etaMs?: number;
}

type PortRequest = EnginePortRequest['request'];

interface PortHandlers {
  onProgress?: (p: EngineProgress) => void;
  onPartial?: (p: PageProfile) => void;
  /** Aborting posts {kind: 'cancel'} on the port: the engine stops after the current window and answers. */
  signal?: AbortSignal;
}

/** One request over a fresh MessagePort; rejects with 'offscreen-lost' if the engine goes away or never answers. */
async function requestOverPort<T>(build: (defaults: AnalyzeOptions) => PortRequest, h: PortHandlers): Promise<Result<T>> {
  // The user's settings pick the model and backend, unless the caller says otherwise.
  const settings = await loadSettings();
  const defaults: AnalyzeOptions = { backend: settings.backend, model: engineSpecOf(settings), idleUnloadMs: settings.idleUnloadMinutes * 60_000 };
  let post;
  try {
    post = await enginePoster();
  } catch (err) {
    throw new ProtocolError('offscreen-lost', err instanceof Error ? err.message : String(err));
  }
  const { port1, port2 } = new MessageChannel();
  return new Promise<Result<T>>((resolve, reject) => {
    let acked = false;
    let silence: ReturnType<typeof setTimeout>;
    const lost = (message: string) => finish(() => reject(new ProtocolError('offscreen-lost', message)));
    const resetSilence = () => {
      clearTimeout(silence);
      silence = setTimeout(() => lost(t('app_engine_silent')), acked ? ENGINE_DEADLINES.silence : ENGINE_DEADLINES.ack);
    };
    const watchdog = setInterval(() => {
      if (!acked) return; // the engine's document may still be starting
      void engineDocumentAlive().then(
        (alive) => {
          if (!alive) lost(t('app_engine_stopped'));
        },
        () => lost(t('app_extension_reloaded')),
      );
    }, ENGINE_DEADLINES.livenessPoll);
    const cancel = () => {
      try {
        port1.postMessage({ kind: 'cancel' } satisfies EnginePortCommand);
      } catch {
        /* closed */
      }
    };
    h.signal?.addEventListener('abort', cancel, { once: true });
    const finish = (settle: () => void) => {
      clearInterval(watchdog);
      clearTimeout(silence);
      h.signal?.removeEventListener('abort', cancel);
      port1.onmessage = null;
      port1.close();
      settle();
    };
    port1.onmessage = (e: MessageEvent<EnginePortReply | Result<T>>) => {
      const reply = e.data;
      // The broker answers a request it could not deliver with a bare failed Result.
      if ('ok' in reply) return finish(() => resolve(reply));
      if (reply.kind === 'done') return finish(() => resolve(reply.result as Result<T>));
      acked = true;
      resetSilence();
      if (reply.kind === 'progress')
        h.onProgress?.({
          stage: reply.stage,
          fraction: reply.fraction,
          modelId: reply.modelId,
          windowsDone: reply.windowsDone,
          windowsTotal: reply.windowsTotal,
          etaMs: reply.etaMs,
        });
      else if (reply.kind === 'partial') h.onPartial?.(reply.profile);
    };
    resetSilence();
    const request: EnginePortRequest = { target: 'engine-port', request: build(defaults) };
    try {
      post(request, port2);
      if (h.signal?.aborted) cancel();
    } catch (err) {
      lost(err instanceof Error ? err.message : String(err));
    }
  });
}

/** Sends a request, retrying once when the engine's document was lost on the way. */
async function withRetry<T>(build: (defaults: AnalyzeOptions) => PortRequest, h: PortHandlers): Promise<Timed<T>> {
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await requestOverPort<T>(build, h);
      if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
      return { value: res.value, totalMs: performance.now() - t0 };
    } catch (err) {
      const lost = err instanceof ProtocolError && err.code === 'offscreen-lost';
      if (!lost || h.signal?.aborted) throw err;
      if (attempt >= 1) throw new ProtocolError('offscreen-lost', t('app_engine_no_recover', err.message));
      // The engine's document went away or the request was lost: the broker recreates the document on the retry.
    }
  }
}

/**
 * Analyses a text. A long single text comes back as one window (options.window, default 0) with `windows`
 * metadata; progress then reports the windows summarised. Aborting `signal` stops the summaries early.
 */
export async function analyze(
  text: string,
  options: AnalyzeOptions = {},
  onProgress?: (p: EngineProgress) => void,
  signal?: AbortSignal,
): Promise<Timed<AttentionResult>> {
  if (!text.trim()) throw new ProtocolError('empty-selection', t('app_nothing_selected'));
  return withRetry<AttentionResult>((defaults) => ({ target: 'offscreen', type: 'engine/analyze', text, options: { ...defaults, ...options } }), {
    onProgress,
    signal,
  });
}

export interface ProfileRequest {
  text: string;
  paragraphs?: Array<[number, number]>;
  source?: PageProfile['source'];
  title?: string;
}

/**
 * Profiles a long text window by window: `onPartial` gets the profile so far after every window, `onProgress` the
 * window counts and the time left. Aborting `signal` stops it after the current window; the promise then resolves
 * with the partial profile (complete: false, cancelled: true).
 */
export async function profile(req: ProfileRequest, options: ProfileOptions = {}, h: PortHandlers = {}): Promise<Timed<PageProfile>> {
  if (!req.text.trim()) throw new ProtocolError('empty-selection', t('app_nothing_to_profile'));
  return withRetry<PageProfile>(
    (d) => ({ target: 'offscreen', type: 'engine/profile', ...req, options: { backend: d.backend, model: d.model, idleUnloadMs: d.idleUnloadMs, ...options } }),
    h,
  );
}

/** The readable text of a tab (its main content, else its selection): the background injects readable.js there. */
export async function readablePageText(tabId?: number): Promise<ReadableText> {
  const msg: ReadableTextMessage = { target: 'background', type: 'page/readable', ...(tabId !== undefined ? { tabId } : {}) };
  const res = (await sendMessage(msg as never)) as Result<ReadableText> | undefined;
  if (!res) throw new ProtocolError('internal', t('app_extension_no_answer'));
  if (!res.ok) throw new ProtocolError(res.error.code, res.error.message);
  return res.value;
}

/** How often a surface that follows selections (pinned overlay, side panel, running profile) says it is still there. */
export const KEEPALIVE_MS = 30_000;

/**
 * Keeps the engine's model loaded while a surface needs it soon: sends engine/keepalive now and every KEEPALIVE_MS
 * (the engine unloads a model idle for the user's setting, at least a minute). Returns the function that stops it.
 */
export function startKeepalive(everyMs = KEEPALIVE_MS): () => void {
  const ping = () => void sendMessage({ target: 'offscreen', type: 'engine/keepalive' }).catch(() => undefined);
  ping();
  const timer = setInterval(ping, everyMs);
  return () => clearInterval(timer);
}
