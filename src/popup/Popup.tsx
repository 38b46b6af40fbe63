// Toolbar popup: analyses the active tab's selection; a Scratchpad tab analyses typed or pasted text, and is what
// the popup offers on pages the extension cannot read (browser pages, PDFs, sandboxed pages). Tests open
// popup.html?tab=<id> as a page.
import { useEffect, useState } from 'preact/hooks';
import { LensBody } from '../app/LensBody';
import { LensHeader } from '../app/LensHeader';
import { useAnalysis } from '../app/useAnalysis';
import { useViewState } from '../app/view-state-store';
import { sendMessage as send } from '../platform/messaging';
import { restrictedPageReason } from '../platform/restricted-pages';
import { sidePanelName } from '../platform/side-panel';
import { activeTab, getTab, type Tab } from '../platform/tabs';
import type { ErrorInfo } from '../shared/protocol';
import { ModeTabs, type Mode } from '../sidepanel/ModeTabs';
import { openSidePanelFor } from '../sidepanel/open-side-panel';
import { Scratchpad } from '../sidepanel/scratchpad/Scratchpad';
import { untilLoaded, useSurfaceTheme } from '../sidepanel/useSurfaceTheme';
import { setProfileTab } from '../views/profile/profile-store';
import { t } from '../shared/i18n';

async function targetTab(): Promise<Tab | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return getTab(Number(param));
  return activeTab();
}

/** Errors that mean "this page cannot be read at all": the popup offers the scratchpad instead. */
const UNREADABLE = new Set(['restricted-page', 'sandboxed-page']);

export function Popup() {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const [nonce, setNonce] = useState(0);
  const [pairSplit, setPairSplit] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>('page');
  const [visited, setVisited] = useState<Record<Mode, boolean>>({ page: true, scratchpad: false });
  const [panelError, setPanelError] = useState<string | null>(null);
  const state = useAnalysis(text, error, nonce, pairSplit);
  // Tab, layer, heads and theme: shared with the overlay and the side panel (carried over, restored on reopen).
  const [viewState, onViewState, viewLoaded] = useViewState();
  useSurfaceTheme(viewState.theme);
  const unreadable = error !== null && UNREADABLE.has(error.code);

  const choose = (m: Mode) => {
    setMode(m);
    setVisited((v) => ({ ...v, [m]: true }));
  };

  useEffect(() => {
    (async () => {
      const target = await targetTab();
      if (target) setTab(target);
      const url = target?.url || target?.pendingUrl; // a page still loading has only its pendingUrl
      const reason = restrictedPageReason(url);
      // Without a visible URL (no host access yet) injection itself tells whether the page is readable.
      if (target?.id === undefined || (reason && url)) {
        setError({ code: 'restricted-page', message: reason ?? t('popup_tab_unreadable') });
        return;
      }
      const res = await send({ target: 'background', type: 'page/capture', tabId: target.id });
      if (!res?.ok) {
        setError(res?.error ?? { code: 'internal', message: t('popup_page_no_answer') });
      } else if (!res.value.text.trim()) {
        setError({ code: 'empty-selection', message: t('popup_nothing_selected') });
      } else {
        setText(res.value.text);
      }
    })().catch((err: unknown) => setError({ code: 'internal', message: String(err) }));
  }, []);

  // A page the extension cannot read: the scratchpad is what the popup can do here.
  useEffect(() => {
    if (unreadable) choose('scratchpad');
  }, [unreadable]);

  const tabId = tab?.id ?? null;
  // "Profile this page" (the Profile tab) reads this tab, not the popup's own.
  useEffect(() => setProfileTab(tabId), [tabId]);
  const openInPage =
    tabId !== null && state.kind === 'done' && mode === 'page'
      ? () => void send({ target: 'background', type: 'page/open-overlay', tabId }).then(() => window.close())
      : undefined;
  const openPanel = () => {
    // Synchronously, inside the click: the browser opens the panel only within the user gesture.
    void openSidePanelFor({ id: tab?.id, windowId: tab?.windowId }).then((res) => (res.ok ? window.close() : setPanelError(res.error.message)));
  };

  return (
    <div class="lens-app lens-popup">
      <LensHeader>
        <button type="button" class="lens-button" data-testid="open-side-panel" onClick={openPanel} title={t('popup_open_panel_title', sidePanelName())}>
          {t('popup_open_panel', sidePanelName())}
        </button>
        {openInPage && (
          <button type="button" class="lens-button" onClick={openInPage} title={t('popup_show_in_page_title')}>
            {t('popup_show_in_page')}
          </button>
        )}
      </LensHeader>
      {panelError && (
        <p class="lens-inline-error" role="alert" data-testid="side-panel-error">
          {panelError}
        </p>
      )}
      <ModeTabs mode={mode} onMode={choose} pageLabel={t('mode_selection')} pageDisabled={unreadable} />
      {!unreadable && (
        <div id="lens-section-page" role="tabpanel" aria-labelledby="lens-mode-page" hidden={mode !== 'page'} class="lens-section">
          <LensBody
            state={untilLoaded(state, viewLoaded)}
            pairSplit={pairSplit}
            onPairSplit={setPairSplit}
            onRetry={() => setNonce((n) => n + 1)}
            viewState={viewState}
            onViewState={onViewState}
          />
          {error?.code === 'empty-selection' && (
            <p class="lens-status-action">
              <button type="button" class="lens-button" data-testid="use-scratchpad" onClick={() => choose('scratchpad')}>
                {t('popup_use_scratchpad')}
              </button>
            </p>
          )}
        </div>
      )}
      {visited.scratchpad && (
        <div id="lens-section-scratchpad" role="tabpanel" aria-labelledby="lens-mode-scratchpad" hidden={mode !== 'scratchpad'} class="lens-section">
          <Scratchpad
            autoFocus
            bodyProps={{ viewState, onViewState }}
            viewReady={viewLoaded}
            notice={
              unreadable && error ? (
                <div class="lens-scratch-notice" role="alert" data-testid="lens-error" data-code={error.code}>
                  <p class="lens-error-title">{error.message}</p>
                  <p class="lens-hint">{t('popup_scratchpad_instead')}</p>
                </div>
              ) : undefined
            }
          />
        </div>
      )}
    </div>
  );
}
