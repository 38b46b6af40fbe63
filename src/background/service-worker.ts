// Chrome service worker: the router, with the engine in an offscreen document (service workers cannot host
// onnxruntime-web). It holds no model and no tensors itself; analysis results go view ↔ offscreen on a port.
import { ensureOffscreenDocument } from './offscreen-document';
import { registerEnginePortBroker } from './engine-port-broker';
import { sendToOffscreen } from './messaging';
import { registerRouter } from './router';

registerRouter({
  async status(msg) {
    await ensureOffscreenDocument();
    return sendToOffscreen(msg);
  },
});
registerEnginePortBroker();
