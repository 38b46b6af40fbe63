// Chrome's service worker: the router, with the engine in an offscreen document (service workers cannot host
// onnxruntime-web). It holds no model and no tensors itself; analysis results go view ↔ offscreen on a port.
import { ensureOffscreenDocument } from '../platform/offscreen-document';
import { sendMessage } from '../platform/messaging';
import { registerEnginePortBroker } from './engine-port-broker';
import { registerRouter } from './router';

registerRouter({
  async status(msg) {
    await ensureOffscreenDocument();
    return (await sendMessage(msg)) ?? { ok: false, error: { code: 'offscreen-lost', message: 'The model engine did not answer.' } };
  },
});
registerEnginePortBroker();
