// Offscreen document: hosts the engine and answers 'engine/*' requests. The model loads once, on the
// first request, and stays loaded while the document lives.
import { Engine } from './engine';
import { isMessageFor, ok, toErrorInfo, type OffscreenMessage, type Result } from '../shared/protocol';

let engine: Promise<Engine> | null = null;

function getEngine(): Promise<Engine> {
  if (!engine) {
    engine = Engine.load();
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
      return ok((await getEngine()).status);
    case 'engine/analyze':
      return ok(await (await getEngine()).analyze(msg.text, msg.options));
  }
}

chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
  if (!isMessageFor(msg, 'offscreen')) return false;
  handle(msg).then(sendResponse, (err) => sendResponse({ ok: false, error: toErrorInfo(err, 'engine') }));
  return true;
});
