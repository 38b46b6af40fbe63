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
import { SIDE_PANEL_NAME } from '../platform/side-panel';
import type { ErrorInfo } from '../shared/protocol';
import type { HeatReport } from '../views/panel-state';
import { ModeTabs, type Mode } from './ModeTabs';
import { Scratchpad } from './scratchpad/Scratchpad';
import { useFollowedTab, type Follow } from './useFollowedTab';
import { untilLoaded, useSurfaceTheme } from './useSurfaceTheme';
import { setProfileTab } from '../views/profile/profile-store';

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
        <ModeTabs mode={mode} onMode={choose} pageLabel="Page" inline />
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
      <span class="lens-follow-label">Following the selection{f.title ? ' in' : ''}</span>
      {f.title && <span class="lens-follow-title" title={f.title}>{f.title}</span>}
    </p>
  );
}

function FollowNotice(props: { follow: Follow; shortcut: string }) {
  const f = props.follow;
  const how = props.shortcut ? (
    <>
      press <kbd>{props.shortcut}</kbd> or <span class="lens-nowrap">right-click → <strong>Show BERT attention</strong></span>
    </>
  ) : (
    <>
      <span class="lens-nowrap">right-click → <strong>Show BERT attention</strong></span>
    </>
  );
  switch (f.kind) {
    case 'starting':
      return (
        <div class="lens-status" role="status" data-testid="follow-starting">
          <div class="lens-spinner" aria-hidden="true" />
          <p>Looking at the current tab…</p>
        </div>
      );
    case 'following':
      return (
        <div class="lens-status lens-follow-empty" role="status" data-testid="follow-empty">
          <p class="lens-follow-big">Select text on the page.</p>
          <p class="lens-hint">The {SIDE_PANEL_NAME} follows your selection on this tab, and switches with you when you change tabs.</p>
        </div>
      );
    case 'no-access':
      return (
        <div class="lens-status lens-follow-blocked" role="status" data-testid="follow-no-access" data-code="no-access">
          <p class="lens-follow-big">Attention Lens has not been invoked on this page yet.</p>
          <p class="lens-hint">
            Select text and {how} once on this page to let the {SIDE_PANEL_NAME} follow it. (Attention Lens reads only the pages you ask it to.)
          </p>
        </div>
      );
    case 'restricted':
      return (
        <div class="lens-status lens-follow-blocked" role="status" data-testid="follow-restricted" data-code="restricted-page">
          <p class="lens-follow-big">The {SIDE_PANEL_NAME} cannot follow this tab.</p>
          <p class="lens-hint">{f.message}</p>
          <p class="lens-hint">Use the Scratchpad to analyse text typed or pasted here.</p>
        </div>
      );
    case 'own-page':
      return (
        <div class="lens-status" role="status" data-testid="follow-own-page">
          <p class="lens-follow-big">Switch to a web page.</p>
          <p class="lens-hint">This tab is one of Attention Lens's own pages; the {SIDE_PANEL_NAME} follows selections on web pages.</p>
        </div>
      );
  }
}
