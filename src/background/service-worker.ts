// Chrome's service worker: the router, with the engine in an offscreen document (service workers cannot host
// onnxruntime-web). It holds no model and no tensors itself; analysis results go view ↔ offscreen on a port.
import { closeOffscreenDocument, ensureOffscreenDocument } from '../platform/offscreen-document';
import { sendMessage } from '../platform/messaging';
import { registerEnginePortBroker } from './engine-port-broker';
import { registerRouter } from './router';
import { installI18n } from '../platform/i18n';
import { t } from '../shared/i18n';

void installI18n();

registerRouter({
  async status(msg) {
    await ensureOffscreenDocument();
    return (await sendMessage(msg)) ?? { ok: false, error: { code: 'offscreen-lost', message: t('bg_engine_no_answer') } };
  },
  idle: closeOffscreenDocument,
});
registerEnginePortBroker();
