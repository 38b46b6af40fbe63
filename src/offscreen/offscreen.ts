// Offscreen document: hosts the engine and answers 'engine/*' requests. The model loads once, on the
// first request, and stays loaded while the document lives; asking for another backend reloads it.
import { Engine } from './engine';
import type { BackendPreference } from '../shared/protocol';
import { DEFAULT_ENGINE_SPEC, engineSpecKey, type EngineModelSpec } from '../shared/model-catalog';
import { isEnginePortRequest, isMessageFor, ok, toErrorInfo, transferablesOf, type OffscreenMessage, type Result } from '../shared/protocol';

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

async function handle(msg: OffscreenMessage): Promise<Result<unknown>> {
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

chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
  if (!isMessageFor(msg, 'offscreen')) return false;
  handle(msg).then(sendResponse, (err) => sendResponse({ ok: false, error: toErrorInfo(err, 'engine') }));
  return true;
});

// Analysis requests brokered by the service worker arrive with a MessagePort; answer on it and
// transfer the tensors' buffers (zero-copy) to the view.
navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (!port || !isEnginePortRequest(event.data)) return;
  handle(event.data.request).then(
    (res) => port.postMessage(res, transferablesOf(res)),
    (err) => port.postMessage({ ok: false, error: toErrorInfo(err, 'engine') }),
  );
});
navigator.serviceWorker.startMessages();
