// Chrome's offscreen document: runs the engine (engine-host.ts). Status requests arrive as runtime messages;
// analysis requests arrive from the service worker with a view's MessagePort, and are answered on it.
import { answerOnPort, handleEngineMessage } from '../engine/engine-host';
import { onMessage } from '../platform/messaging';
import { isEnginePortRequest } from '../shared/protocol';

onMessage('offscreen', (msg) => handleEngineMessage(msg));

navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (!port || !isEnginePortRequest(event.data)) return;
  answerOnPort(event.data.request, port);
});
navigator.serviceWorker.startMessages();
