// Service worker: routes requests between the page (content script), the views (popup, overlay
// iframe) and the engine (offscreen document). It holds no model and no tensors itself.
import { registerContextMenu, onContextMenuClicked } from './context-menu';
import { ensureContentScript } from './content-injection';
import { ensureOffscreenDocument } from './offscreen-document';
import { registerEnginePortBroker } from './engine-port-broker';
import { broadcast, sendToOffscreen, sendToTab } from './messaging';
import { forgetTab, getTabState, rememberSelection, setPinned } from './tab-state';
import { fail, isMessageFor, ok, toErrorInfo, type BackgroundMessage, type Result } from '../shared/protocol';

chrome.runtime.onInstalled.addListener(registerContextMenu);
registerEnginePortBroker();
chrome.contextMenus.onClicked.addListener((info, tab) => void onContextMenuClicked(info, tab));
chrome.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

chrome.runtime.onMessage.addListener((msg: unknown, sender, sendResponse) => {
  if (!isMessageFor(msg, 'background')) return false;
  handle(msg, sender).then(sendResponse, (err) => sendResponse({ ok: false, error: toErrorInfo(err) }));
  return true; // async response
});

async function handle(msg: BackgroundMessage, sender: chrome.runtime.MessageSender): Promise<Result<unknown>> {
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'engine/ensure': {
      await ensureOffscreenDocument();
      return sendToOffscreen({ target: 'offscreen', type: 'engine/status', backend: msg.backend, model: msg.model });
    }
    case 'page/capture': {
      const tab = await chrome.tabs.get(msg.tabId);
      const id = await ensureContentScript(tab);
      const captured = await sendToTab(id, { target: 'content', type: 'content/get-selection' });
      if (captured.ok) await rememberSelection(id, captured.value);
      return captured;
    }
    case 'page/open-overlay': {
      await setPinned(msg.tabId, false); // a newly opened overlay starts unpinned
      await sendToTab(msg.tabId, { target: 'content', type: 'content/open-overlay' });
      return ok(null);
    }
    case 'overlay/ready': {
      if (tabId === undefined) return fail('internal', 'The overlay is not inside a tab.');
      const state = await getTabState(tabId);
      return ok({ tabId, selection: state.selection, pinned: state.pinned });
    }
    case 'overlay/pin': {
      if (tabId === undefined) return fail('internal', 'The overlay is not inside a tab.');
      await setPinned(tabId, msg.pinned);
      return sendToTab(tabId, { target: 'content', type: 'content/set-pinned', pinned: msg.pinned });
    }
    case 'overlay/close': {
      if (tabId === undefined) return fail('internal', 'The overlay is not inside a tab.');
      await setPinned(tabId, false);
      return sendToTab(tabId, { target: 'content', type: 'content/close-overlay' });
    }
    case 'overlay/highlight': {
      if (tabId === undefined) return fail('internal', 'The overlay is not inside a tab.');
      return sendToTab(tabId, { target: 'content', type: 'content/highlight', spans: msg.spans, scores: msg.scores });
    }
    case 'selection/changed': {
      if (tabId === undefined) return fail('internal', 'Selections come from tabs.');
      await rememberSelection(tabId, msg.selection);
      await broadcast({ target: 'overlay', type: 'overlay/selection', tabId, selection: msg.selection });
      return ok(null);
    }
  }
}
