// Hosts the engine for whichever document runs it — Chrome's offscreen document, Firefox's background page —
// and answers 'engine/*' requests. The model loads once, on the first request, and stays loaded while the
// document lives; asking for another model or backend reloads it.
import { Engine } from './engine';
import { DEFAULT_ENGINE_SPEC, engineSpecKey, type BackendPreference, type EngineModelSpec } from '../shared/model-choice';
import { ok, toErrorInfo, transferablesOf, type OffscreenMessage, type Result } from '../shared/protocol';

let engine: Promise<Engine> | null = null;
let engineBackend: BackendPreference = 'auto';
let engineModel: EngineModelSpec = DEFAULT_ENGINE_SPEC;

function getEngine(backend: BackendPreference = engineBackend, model: EngineModelSpec = engineModel): Promise<Engine> {
  if (engine && (backend !== engineBackend || engineSpecKey(model) !== engineSpecKey(engineModel))) {
    void engine.then((e) => e.dispose()).catch(() => undefined);
    engine = null;
  }
  if (!engine) {
    engineBackend = backend;
    engineModel = model;
    engine = Engine.load(model, backend);
    // A failed load must not stick: the next request tries again (e.g. after the model is fixed).
    engine.catch(() => {
      engine = null;
    });
  }
  return engine;
}

async function run(msg: OffscreenMessage): Promise<Result<unknown>> {
  switch (msg.type) {
    case 'engine/status':
      return ok((await getEngine(msg.backend, msg.model)).status);
    case 'engine/analyze': {
      const result = await (await getEngine(msg.options?.backend, msg.options?.model)).analyze(msg.text, msg.options);
      result.timings.sentAt = performance.timeOrigin + performance.now();
      return ok(result);
    }
  }
}

/** Answers one request; failures become `{ ok: false }` results. */
export function handleEngineMessage(msg: OffscreenMessage): Promise<Result<unknown>> {
  return run(msg).catch((err) => ({ ok: false, error: toErrorInfo(err, 'engine') }));
}

/** Answers a request that came with a view's MessagePort, transferring the tensors' buffers (zero-copy). */
export function answerOnPort(msg: OffscreenMessage, port: MessagePort): void {
  void handleEngineMessage(msg).then((res) => port.postMessage(res, transferablesOf(res)));
}
