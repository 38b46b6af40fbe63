// Hands a view's MessagePort to the offscreen document so analysis results flow directly between
// them, with their buffers transferred. The service worker only brokers; no tensor passes through it.
import { ensureOffscreenDocument, OFFSCREEN_SUFFIX } from '../platform/offscreen-document';
import { fail, isEnginePortRequest } from '../shared/protocol';
import { t } from '../shared/i18n';

declare const self: ServiceWorkerGlobalScope;

export function registerEnginePortBroker(): void {
  self.addEventListener('message', (event: ExtendableMessageEvent) => {
    if (!isEnginePortRequest(event.data)) return;
    const port = event.ports[0];
    if (!port) return;
    event.waitUntil(
      (async () => {
        try {
          await ensureOffscreenDocument();
          const clients = await self.clients.matchAll({ includeUncontrolled: true });
          const offscreen = clients.find((c) => new URL(c.url).pathname.endsWith(OFFSCREEN_SUFFIX));
          if (!offscreen) throw new Error(t('bg_engine_not_running'));
          offscreen.postMessage(event.data, [port]);
        } catch (err) {
          port.postMessage(fail('offscreen-lost', err instanceof Error ? err.message : String(err)));
        }
      })(),
    );
  });
}
