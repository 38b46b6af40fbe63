// The side panel (Chrome) / sidebar (Firefox): the third surface, beside popup and overlay. In "Page" mode it
// follows the active tab of its window like a pinned overlay (each new selection there is analysed; switching
// tabs switches with it); "Scratchpad" analyses text typed or pasted into it. Same views (LensBody →
// AttentionPanel) and the same loading feedback as the other surfaces.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { LensBody } from '../app/LensBody';
import { LensHeader } from '../app/LensHeader';
import { useAnalysis } from '../app/useAnalysis';
import { useViewState } from '../app/view-state-store';
import { pagePaint } from '../overlay/page-paint';
import { commandShortcuts } from '../platform/commands';
import { sendMessage as send } from '../platform/messaging';
import { sidePanelName } from '../platform/side-panel';
import type { ErrorInfo } from '../shared/protocol';
import type { HeatReport } from '../views/panel-state';
import { ModeTabs, type Mode } from './ModeTabs';
import { Scratchpad } from './scratchpad/Scratchpad';
import { useFollowedTab, type Follow } from './useFollowedTab';
import { untilLoaded, useSurfaceTheme } from './useSurfaceTheme';
import { setProfileTab } from '../views/profile/profile-store';
import { t, tParts } from '../shared/i18n';
import type { ComponentChildren } from 'preact';

export function SidePanel() {
  const [mode, setMode] = useState<Mode>('page');
  const [visited, setVisited] = useState<Record<Mode, boolean>>({ page: true, scratchpad: false });
  const { follow, selection, selectionSeq } = useFollowedTab();
  const [nonce, setNonce] = useState(0);
  const [pairSplit, setPairSplit] = useState<number | null>(null);
  const [shortcut, setShortcut] = useState('');
  // Tab, layer, heads and theme: shared with popup and overlay (a change in one shows in the others).
  const [viewState, onViewState, viewLoaded] = useViewState();
  useSurfaceTheme(viewState.theme);

  useEffect(() => {
    void commandShortcuts().then((all) => setShortcut(all['show-overlay'] ?? ''));
  }, []);
  useEffect(() => setPairSplit(null), [selectionSeq]);

  const following = follow.kind === 'following';
  const text = following && selection && !selection.refused ? selection.text : null;
  const error: ErrorInfo | null = following && selection?.refused ? { code: 'protected-field', message: selection.refused } : null;
  const state = useAnalysis(text, error, nonce, pairSplit);

  const result = state.kind === 'done' && text !== null ? state.result : null;
  const tabId = following ? follow.tabId : null;
  // "Profile this page" (the Profile tab) reads the tab the panel follows.
  useEffect(() => setProfileTab(tabId), [tabId]);
  const onHeat = useCallback(
    (heat: HeatReport | null) => {
      if (tabId === null || !result) return;
      void send({ target: 'background', type: 'sidepanel/highlight', tabId, paint: heat ? pagePaint(result, heat) : null }).catch(() => undefined);
    },
    [tabId, result],
  );

  const choose = (m: Mode) => {
    setMode(m);
    setVisited((v) => ({ ...v, [m]: true }));
  };

  return (
    <div class="lens-app lens-sidepanel" data-testid="sidepanel">
      <LensHeader>
        <ModeTabs mode={mode} onMode={choose} pageLabel={t('mode_page')} inline />
      </LensHeader>
      <div id="lens-section-page" role="tabpanel" aria-labelledby="lens-mode-page" hidden={mode !== 'page'} class="lens-section">
        <FollowLine follow={follow} />
        {following && (text !== null || error) ? (
          <LensBody
            state={untilLoaded(state, viewLoaded)}
            compact
            pairSplit={pairSplit}
            onPairSplit={setPairSplit}
            onRetry={() => setNonce((n) => n + 1)}
            onHeat={onHeat}
            viewState={viewState}
            onViewState={onViewState}
          />
        ) : (
          <FollowNotice follow={follow} shortcut={shortcut} />
        )}
      </div>
      {visited.scratchpad && (
        <div id="lens-section-scratchpad" role="tabpanel" aria-labelledby="lens-mode-scratchpad" hidden={mode !== 'scratchpad'} class="lens-section">
          <Scratchpad compact autoFocus bodyProps={{ viewState, onViewState }} viewReady={viewLoaded} />
        </div>
      )}
    </div>
  );
}

function FollowLine(props: { follow: Follow }) {
  const f = props.follow;
  if (f.kind !== 'following') return null;
  return (
    <p class="lens-follow-line" data-testid="follow-line" data-tab={f.tabId}>
      <span class="lens-follow-dot" aria-hidden="true" />
      <span class="lens-follow-label">{f.title ? t('side_following_in') : t('side_following')}</span>
      {f.title && (
        <span class="lens-follow-title" title={f.title}>
          {f.title}
        </span>
      )}
    </p>
  );
}

function FollowNotice(props: { follow: Follow; shortcut: string }) {
  const f = props.follow;
  const menu = <span class="lens-nowrap">{tParts('side_right_click', <strong>{t('menu_show_attention')}</strong>)}</span>;
  const how = props.shortcut ? <>{tParts('side_press_or', <kbd>{props.shortcut}</kbd>, menu)}</> : menu;
  const panel = sidePanelName();
  switch (f.kind) {
    case 'starting':
      return (
        <div class="lens-status" role="status" data-testid="follow-starting">
          <div class="lens-spinner" aria-hidden="true" />
          <p>{t('side_starting')}</p>
        </div>
      );
    case 'following':
      return (
        <div class="lens-status lens-follow-empty" role="status" data-testid="follow-empty">
          <p class="lens-follow-big">{t('side_select_text')}</p>
          <p class="lens-hint">{t('side_follows_hint', panel)}</p>
        </div>
      );
    case 'no-access':
      return (
        <div class="lens-status lens-follow-blocked" role="status" data-testid="follow-no-access" data-code="no-access">
          <p class="lens-follow-big">{t('side_not_invoked')}</p>
          <p class="lens-hint">{tParts<ComponentChildren>('side_not_invoked_hint', how, panel)}</p>
        </div>
      );
    case 'restricted':
      return (
        <div class="lens-status lens-follow-blocked" role="status" data-testid="follow-restricted" data-code="restricted-page">
          <p class="lens-follow-big">{t('side_cannot_follow', panel)}</p>
          <p class="lens-hint">{f.message}</p>
          <p class="lens-hint">{t('side_use_scratchpad')}</p>
        </div>
      );
    case 'own-page':
      return (
        <div class="lens-status" role="status" data-testid="follow-own-page">
          <p class="lens-follow-big">{t('side_switch_to_web')}</p>
          <p class="lens-hint">{t('side_own_page_hint', panel)}</p>
        </div>
      );
  }
}
