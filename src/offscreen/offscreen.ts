// Chrome's offscreen document: runs the engine (engine-host.ts). Status requests arrive as runtime messages;
// analysis requests arrive from the service worker with a view's MessagePort, and are answered on it.
import { answerOnPort, handleEngineMessage } from './engine-host';
import { isEnginePortRequest, isMessageFor } from '../shared/protocol';

chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
  if (!isMessageFor(msg, 'offscreen')) return false;
  void handleEngineMessage(msg).then(sendResponse);
  return true;
});

navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (!port || !isEnginePortRequest(event.data)) return;
  answerOnPort(event.data.request, port);
});
navigator.serviceWorker.startMessages();
