// Injects the content script on demand (activeTab + scripting) instead of on every page: the extension
// needs no host permissions and touches only pages where the user asked for it.
import contentScript from '../content/content-script.ts?script';
import { injectionErrorMessage, restrictedPageReason } from '../platform/restricted-pages';
import { sendToTab } from '../platform/messaging';
import { injectScript, type Tab } from '../platform/tabs';
import { ProtocolError } from '../shared/protocol';

const READY_TIMEOUT_MS = 3000;

export async function ensureContentScript(tab: Tab): Promise<number> {
  const tabId = tab.id;
  if (tabId === undefined) throw new ProtocolError('restricted-page', 'This tab cannot be read by extensions.');
  const reason = restrictedPageReason(tab.url);
  if (reason && tab.url) throw new ProtocolError('restricted-page', reason);
  try {
    await injectScript(tabId, contentScript);
  } catch (err) {
    throw new ProtocolError('restricted-page', injectionErrorMessage(tab.url, err instanceof Error ? err.message : String(err)));
  }
  // The injected loader imports the module asynchronously: wait until its listener answers.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      const pong = await sendToTab(tabId, { target: 'content', type: 'content/ping' });
      if (pong?.ok) return tabId;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new ProtocolError('internal', 'The page did not answer. Reload it and try again.');
    await new Promise((r) => setTimeout(r, 30));
  }
}
