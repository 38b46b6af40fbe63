// Chrome's offscreen document: runs the engine (engine-host.ts). Status requests arrive as runtime messages;
// analysis requests arrive from the service worker with a view's MessagePort, and are answered on it.
import { answerOnPort, handleEngineMessage, onIdleUnload } from '../engine/engine-host';
import { installI18n } from '../platform/i18n';
import { onMessage, sendMessage } from '../platform/messaging';
import { isEnginePortRequest } from '../shared/protocol';

// This document has no i18n API: the messages of the UI language are read first, so the engine's messages (errors,
// backend notes) are in the user's language. Requests that arrive meanwhile wait for them.
const localized = installI18n();

onMessage('offscreen', (msg) => localized.then(() => handleEngineMessage(msg)));

navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (!port || !isEnginePortRequest(event.data)) return;
  const request = event.data.request;
  void localized.then(() => answerOnPort(request, port));
});
navigator.serviceWorker.startMessages();

// The model was unloaded after the idle time: onnxruntime's WebAssembly memory (≈ 1.4 GB for bert-base) returns to the
// system only with the document, so the service worker closes it; the next request creates it again.
onIdleUnload(() => void sendMessage({ target: 'background', type: 'engine/idle' }).catch(() => undefined));
