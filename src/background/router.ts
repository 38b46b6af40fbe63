// Routes requests between the page (content script), the views (popup, overlay iframe) and the engine. The
// same router runs in Chrome's service worker and in Firefox's background page; only how the engine is
// reached differs (EngineAccess).
import { registerCommands } from './commands';
import { registerContextMenu, onContextMenuClicked } from './context-menu';
import { captureTabSelection } from './frames';
import { paintPage } from './page-paint';
import { readablePage } from './readable-page';
import { postToOverlays, registerOverlayPorts } from './overlay-ports';
import { announceInvoked, followTab, openSidePanelFor, paintFromSidePanel, stopIfNobodyFollows, unfollowTab } from './side-panel';
import { forgetTab, getTabState, rememberSelection, setOverlayToken, setPinned } from './tab-state';
import { onInstalled, onMenuClicked } from '../platform/menus';
import { broadcast, onMessage, sendToTab, type Sender } from '../platform/messaging';
import { getTab, onTabLoading, onTabRemoved } from '../platform/tabs';
import { fail, ok, toErrorInfo, type BackgroundMessage, type OffscreenMessage, type Result } from '../shared/protocol';
import { t } from '../shared/i18n';

export interface EngineAccess {
  /** Starts the engine if needed and returns its answer to a status request. */
  status(msg: Extract<OffscreenMessage, { type: 'engine/status' }>): Promise<Result<unknown>>;
  /** The engine unloaded its idle model: release its document if the platform has one to release (Chrome). */
  idle?(): Promise<void>;
}

export function registerRouter(engine: EngineAccess): void {
  onInstalled(registerContextMenu);
  registerOverlayPorts();
  onMenuClicked((info, tab) => void onContextMenuClicked(info, tab));
  registerCommands();
  onTabRemoved((tabId) => void forgetTab(tabId));
  // A new document in the tab: the old page's selection and overlay state must not reach it.
  onTabLoading((tabId) => void forgetTab(tabId));
  onMessage('background', (msg, sender) => handle(msg, sender, engine).catch((err) => ({ ok: false, error: toErrorInfo(err) })));
}

async function handle(msg: BackgroundMessage, sender: Sender, engine: EngineAccess): Promise<Result<unknown>> {
  const tabId = sender.tab?.id;
  switch (msg.type) {
    case 'engine/ensure':
      return engine.status({ target: 'offscreen', type: 'engine/status', backend: msg.backend, model: msg.model });
    case 'engine/idle':
      await engine.idle?.();
      return ok(null);
    case 'page/capture': {
      const captured = await captureTabSelection(await getTab(msg.tabId));
      if (captured.ok) {
        await rememberSelection(msg.tabId, captured.value);
        void announceInvoked(msg.tabId); // the popup's click granted access: a side panel may follow this tab now
      }
      return captured;
    }
    case 'page/open-overlay': {
      await setPinned(msg.tabId, false); // a newly opened overlay starts unpinned
      await sendToTab(msg.tabId, { target: 'content', type: 'content/open-overlay' });
      return ok(null);
    }
    case 'overlay/register': {
      // Only the content script of the tab's top frame opens overlays.
      if (tabId === undefined || sender.frameId !== 0) return fail('internal', t('bg_overlay_top_frame'));
      await setOverlayToken(tabId, msg.token);
      return ok(null);
    }
    case 'overlay/ready': {
      if (tabId === undefined) return fail('internal', t('bg_overlay_not_in_tab'));
      const state = await getTabState(tabId);
      // The frame must present the one-time token its page's content script registered: a page that frames the
      // overlay by itself gets nothing.
      if (!state.overlayToken || msg.token !== state.overlayToken) {
        return fail('internal', t('bg_overlay_not_ours'));
      }
      await setOverlayToken(tabId, null);
      void sendToTab(tabId, { target: 'content', type: 'content/overlay-ready' }).catch(() => undefined);
      return ok({ tabId, selection: state.selection, pinned: state.pinned });
    }
    case 'overlay/pin': {
      if (tabId === undefined) return fail('internal', t('bg_overlay_not_in_tab'));
      await setPinned(tabId, msg.pinned);
      return sendToTab(tabId, { target: 'content', type: 'content/set-pinned', pinned: msg.pinned });
    }
    case 'overlay/close': {
      if (tabId === undefined) return fail('internal', t('bg_overlay_not_in_tab'));
      await setPinned(tabId, false);
      return sendToTab(tabId, { target: 'content', type: 'content/close-overlay' });
    }
    case 'overlay/sync': {
      if (tabId === undefined) return fail('internal', t('bg_overlay_not_in_tab'));
      return ok({ tabId, selection: (await getTabState(tabId)).selection });
    }
    case 'overlay/highlight': {
      if (tabId === undefined) return fail('internal', t('bg_overlay_not_in_tab'));
      const { selection } = await getTabState(tabId);
      return paintPage(tabId, msg.paint, selection?.frameId ?? 0);
    }
    case 'selection/changed': {
      if (tabId === undefined) return fail('internal', t('bg_selection_from_tabs'));
      await rememberSelection(tabId, msg.selection);
      // Chrome's overlay frames receive runtime messages; Firefox's hold a port (see Overlay.tsx).
      const update = { target: 'overlay', type: 'overlay/selection', tabId, selection: msg.selection } as const;
      postToOverlays(tabId, update);
      await broadcast(update);
      if (sender.tab) void stopIfNobodyFollows(sender.tab);
      return ok(null);
    }
    case 'sidepanel/follow':
      return followTab(msg.tabId, msg.previousTabId);
    case 'sidepanel/unfollow':
      return unfollowTab(msg.tabId);
    case 'sidepanel/open':
      return openSidePanelFor(msg.tabId ?? tabId);
    case 'sidepanel/highlight':
      return paintFromSidePanel(msg.tabId, msg.paint);
    case 'page/readable':
      return readablePage(msg.tabId, sender);
  }
}
