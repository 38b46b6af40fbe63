// Firefox's background page: the router, and the engine in this same document (Firefox has no offscreen
// documents, and its background page is a document that can run onnxruntime-web). Views post their
// MessagePort to this window; results come back on it with the tensors' buffers transferred.
import { answerOnPort, handleEngineMessage } from '../engine/engine-host';
import { onMessage } from '../platform/messaging';
import { isEnginePortRequest } from '../shared/protocol';
import { registerRouter } from './router';
import { installI18n } from '../platform/i18n';

void installI18n();

registerRouter({ status: (msg) => handleEngineMessage(msg) });

// Views that cannot reach this window (the overlay frame inside a web page) send engine requests as runtime
// messages; the answer is structured-cloned, typed arrays included.
onMessage('offscreen', (msg) => handleEngineMessage(msg));

addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  // Only this extension's own pages can reach this window (runtime.getBackgroundPage).
  if (event.origin !== location.origin || !port || !isEnginePortRequest(event.data)) return;
  answerOnPort(event.data.request, port);
});
