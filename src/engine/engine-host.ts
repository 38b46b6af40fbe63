// Hosts the engine for whichever document runs it — Chrome's offscreen document, Firefox's background page —
// and answers 'engine/*' requests. The model loads once, on the first request, and stays loaded while the
// document lives; asking for another model or backend reloads it, and so does a model that produced NaN.
import { Engine, type LoadProgress, type RunHooks } from './engine';
import type { AttentionResult, PageProfile } from '../shared/attention-result';
import { DEFAULT_ENGINE_SPEC, engineSpecKey, type BackendPreference, type EngineModelSpec } from '../shared/model-choice';
import {
  buffersOfValue,
  ok,
  toErrorInfo,
  transferablesOf,
  type EngineMemory,
  type EnginePortCommand,
  type EnginePortReply,
  type OffscreenMessage,
  type Result,
} from '../shared/protocol';

let engine: Promise<Engine> | null = null;
let engineBackend: BackendPreference = 'auto';
let engineModel: EngineModelSpec = DEFAULT_ENGINE_SPEC;
/** Who wants to hear about the load in progress (every request waiting for it). */
const loadListeners = new Set<(p: LoadProgress) => void>();

/** An idle model is unloaded (its session released) so the document's memory returns to the browser. */
export const DEFAULT_IDLE_UNLOAD_MS = 5 * 60_000;
let idleUnloadMs = DEFAULT_IDLE_UNLOAD_MS;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let busy = 0;
/** Runs after an idle unload: Chrome's offscreen document asks to be closed (WebAssembly memory never shrinks). */
let afterIdleUnload: () => void = () => undefined;

export function onIdleUnload(hook: () => void): void {
  afterIdleUnload = hook;
}

function touch(): void {
  clearTimeout(idleTimer);
  if (idleUnloadMs > 0 && busy === 0) {
    idleTimer = setTimeout(() => {
      if (busy !== 0 || !engine) return;
      dropEngine();
      afterIdleUnload();
    }, idleUnloadMs);
  }
}

function dropEngine(): void {
  void engine?.then((e) => e.dispose()).catch(() => undefined);
  engine = null;
}

function getEngine(backend: BackendPreference = engineBackend, model: EngineModelSpec = engineModel): Promise<Engine> {
  if (engine && (backend !== engineBackend || engineSpecKey(model) !== engineSpecKey(engineModel))) dropEngine();
  if (!engine) {
    engineBackend = backend;
    engineModel = model;
    const loading = Engine.load(model, backend, (p) => loadListeners.forEach((l) => l(p)));
    engine = loading;
    // A failed load must not stick: the next request tries again (e.g. after the model is fixed).
    loading.catch(() => {
      if (engine === loading) engine = null;
    });
  }
  return engine;
}

/**
 * The engine document's memory now (performance.memory; measureUserAgentSpecificMemory when it answers in time, unless
 * `quick`).
 */
async function memory(quick = false): Promise<EngineMemory> {
  const perf = performance as Performance & {
    memory?: { usedJSHeapSize: number; totalJSHeapSize: number };
    measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
  };
  const out: EngineMemory = { loaded: engine !== null, cacheBytes: 0 };
  if (engine) out.cacheBytes = await engine.then((e) => e.cache.bytes).catch(() => 0);
  if (perf.memory) {
    out.usedJSHeapSize = perf.memory.usedJSHeapSize;
    out.totalJSHeapSize = perf.memory.totalJSHeapSize;
  }
  if (!quick && perf.measureUserAgentSpecificMemory && globalThis.crossOriginIsolated) {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
    const measured = await Promise.race([perf.measureUserAgentSpecificMemory().catch(() => null), timeout]);
    if (measured) out.uaSpecificBytes = measured.bytes;
  }
  return out;
}

async function run(msg: OffscreenMessage, onProgress?: (p: LoadProgress) => void, hooks: RunHooks = {}): Promise<Result<unknown>> {
  if (onProgress) loadListeners.add(onProgress);
  busy++;
  clearTimeout(idleTimer);
  try {
    switch (msg.type) {
      case 'engine/keepalive':
        return ok(null);
      case 'engine/profile': {
        if (msg.options?.idleUnloadMs !== undefined) idleUnloadMs = Math.max(0, msg.options.idleUnloadMs);
        const e = await getEngine(msg.options?.backend, msg.options?.model);
        if (onProgress) loadListeners.delete(onProgress);
        try {
          return ok(await e.profile(msg.text, { paragraphs: msg.paragraphs, source: msg.source, title: msg.title, options: msg.options }, hooks));
        } catch (err) {
          if (e.broken) dropEngine();
          throw err;
        }
      }
      case 'engine/status':
        return ok((await getEngine(msg.backend, msg.model)).status);
      case 'engine/analyze': {
        if (msg.options?.idleUnloadMs !== undefined) idleUnloadMs = Math.max(0, msg.options.idleUnloadMs);
        const e = await getEngine(msg.options?.backend, msg.options?.model);
        if (onProgress) loadListeners.delete(onProgress);
        try {
          const result = await e.analyze(msg.text, msg.options, hooks);
          result.timings.sentAt = performance.timeOrigin + performance.now();
          return ok(result);
        } catch (err) {
          // Broken numbers (NaN weights): drop the session, so a fixed file is read again on the next request.
          if (e.broken) dropEngine();
          throw err;
        }
      }
      default:
        throw new Error(`unknown engine request ${(msg as { type?: string }).type}`);
    }
  } finally {
    if (onProgress) loadListeners.delete(onProgress);
    busy--;
    touch();
  }
}

/** Whether a model is loaded now (for the memory benchmark and tests). */
export function engineLoaded(): boolean {
  return engine !== null;
}

/** Whether a request is being answered now (a model load, an analysis, a profile). */
export function engineBusy(): boolean {
  return busy > 0;
}

/** Answers one request; failures become `{ ok: false }` results. */
export function handleEngineMessage(msg: OffscreenMessage): Promise<Result<unknown>> {
  // Asking how much memory the engine holds is not activity: it must not postpone the idle unload it measures.
  if (msg.type === 'engine/memory') return memory(msg.quick === true).then(ok, (err) => ({ ok: false, error: toErrorInfo(err, 'engine') }));
  return run(msg).catch((err) => ({ ok: false, error: toErrorInfo(err, 'engine') }));
}

/**
 * Answers a request that came with a view's MessagePort: an ack at once, load progress while the model loads,
 * then the result with the tensors' buffers transferred (zero-copy).
 */
export function answerOnPort(msg: OffscreenMessage, port: MessagePort): void {
  const post = (reply: EnginePortReply, transfer: Transferable[] = []) => {
    try {
      port.postMessage(reply, transfer);
    } catch {
      /* the view is gone */
    }
  };
  // The view may stop a long request (a profile, a long text's summaries): it posts {kind: 'cancel'} on the port.
  let cancelled = false;
  port.onmessage = (e: MessageEvent<EnginePortCommand>) => {
    if (e.data?.kind === 'cancel') cancelled = true;
  };
  post({ kind: 'ack' });
  const onProgress = (p: LoadProgress) => post({ kind: 'progress', ...p });
  const hooks: RunHooks = {
    cancelled: () => cancelled,
    onWindows: (windowsDone, windowsTotal, etaMs) => post({ kind: 'progress', stage: 'running', windowsDone, windowsTotal, etaMs }),
    onPartial: (profile: PageProfile) => post({ kind: 'partial', profile }, buffersOfValue(profile)),
  };
  void run(msg, onProgress, hooks)
    .catch((err) => ({ ok: false as const, error: toErrorInfo(err, 'engine') }))
    .then((res) => {
      post({ kind: 'done', result: res as Result<AttentionResult> | Result<PageProfile> }, transferablesOf(res));
      port.onmessage = null;
    });
}
