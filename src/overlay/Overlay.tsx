// In-page overlay (extension page inside the closed-shadow-root iframe). Pinned, it follows each new
// selection on the page; its heatmap scores are painted over the page text by the content script.
// The title bar is one slim row (name, status, More menu, pin, close) and drags the overlay (through the host, see
// src/content/overlay-host.ts); the views start right under it. The theme and what the views show come from the shared view state (every surface uses the same).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { LensBody } from '../app/LensBody';
import { LensHeader } from '../app/LensHeader';
import { CloseIcon, PinIcon } from '../app/icons';
import { useAnalysis } from '../app/useAnalysis';
import { useViewState } from '../app/view-state-store';
import type { LinkDock } from '../content/overlay-link';
import { sendMessage as send } from '../platform/messaging';
import { listenAsOverlay } from '../platform/overlay-channel';
import type { ErrorInfo } from '../shared/protocol';
import { useResolvedTheme } from '../views/lib/hooks';
import type { HeatReport } from '../views/panel-state';
import { onHostMessage, sendToHost } from './host-link';
import { OverlayMenu } from './OverlayMenu';
import { pagePaint } from './page-paint';
import { t } from '../shared/i18n';

/** How much of the first chart must be in sight without scrolling inside the overlay (its first rows). */
const FIRST_CHART_PX = 64;

/** The first chart of the shown view: the heatmap's first cell, else its first sizeable drawing. */
function firstChart(panel: Element): Element | null {
  const cell = panel.querySelector('[data-testid="heat-cell"]');
  if (cell) return cell;
  for (const el of panel.querySelectorAll('svg, canvas, table')) if (el.getBoundingClientRect().height >= 48) return el;
  return null;
}

export function Overlay() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [pinned, setPinned] = useState(false);
  const [nonce, setNonce] = useState(0);
  const [pairSplit, setPairSplit] = useState<number | null>(null);
  const [layout, setLayout] = useState<{ dock: LinkDock; custom: boolean }>({ dock: null, custom: false });
  const [viewState, updateViewState] = useViewState();
  const theme = useResolvedTheme(viewState.theme);
  const state = useAnalysis(text, error, nonce, pairSplit);
  const main = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // The one-time token the page's content script put in this frame's URL.
    const token = location.hash.slice(1);
    send({ target: 'background', type: 'overlay/ready', token }).then((res) => {
      if (!res?.ok) return setError(res?.error ?? { code: 'internal', message: t('app_extension_no_answer') });
      setTabId(res.value.tabId);
      setPinned(res.value.pinned);
      const sel = res.value.selection;
      if (sel?.refused) setError({ code: 'protected-field', message: sel.refused });
      else if (!sel?.text.trim()) setError({ code: 'empty-selection', message: t('popup_nothing_selected') });
      else setText(sel.text);
    });
  }, []);

  // The host (content script) says how the overlay sits (docked, moved by the user).
  useEffect(
    () =>
      onHostMessage((msg) => {
        if (msg.type === 'layout') setLayout({ dock: msg.dock, custom: msg.custom });
      }),
    [],
  );

  // Every pixel of the overlay follows the one theme: this document (title bar, notes, menu), the views (same
  // state) and the frame around it in the page (told through the host).
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
    sendToHost({ type: 'theme', theme });
  }, [theme]);

  // New selections of this tab arrive while pinned (the content script only reports them then). The same selection
  // can come twice (pushed on the port and fetched after the page's notice, see platform/overlay-channel.ts): a text
  // already shown is not analysed again.
  const shown = useRef<{ text: string | null; error: ErrorInfo | null }>({ text: null, error: null });
  shown.current = { text, error };
  useEffect(() => {
    if (tabId === null) return;
    const channel = listenAsOverlay((msg) => {
      if (msg.type === 'overlay/selection' && msg.tabId === tabId) {
        if (!msg.selection.refused && msg.selection.text === shown.current.text && !shown.current.error) return;
        setPairSplit(null);
        if (msg.selection.refused) {
          setError({ code: 'protected-field', message: msg.selection.refused });
          return;
        }
        setError(null);
        setText(msg.selection.text);
      }
    });
    const stopHost = onHostMessage((msg) => {
      if (msg.type === 'selection') channel.selectionChanged();
    });
    return () => {
      stopHost();
      channel.stop();
    };
  }, [tabId]);

  const close = useCallback(() => void send({ target: 'background', type: 'overlay/close' }), []);
  const togglePin = useCallback(() => {
    const next = !pinned;
    setPinned(next);
    void send({ target: 'background', type: 'overlay/pin', pinned: next });
  }, [pinned]);

  // Esc closes the overlay (unless something inside used it: the menu closes first). On the key's release: the
  // frame is removed while the key is still being handled otherwise, and the browser never hears the key go up.
  useEffect(() => {
    let armed = false;
    const onDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') armed = e.isTrusted && !e.defaultPrevented;
    };
    const onUp = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !armed) return;
      armed = false;
      close();
    };
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
    };
  }, [close]);

  const result = state.kind === 'done' ? state.result : null;
  const onHeat = useCallback(
    (heat: HeatReport | null) => {
      if (!result) return;
      void send({ target: 'background', type: 'overlay/highlight', paint: heat ? pagePaint(result, heat) : null });
    },
    [result],
  );

  // The first chart must be in sight: when the views' header, tabs and controls push it below the bottom edge,
  // ask the host for the height that shows it (the host grows the overlay if it was placed automatically).
  useEffect(() => {
    if (!result) return;
    const id = requestAnimationFrame(() => {
      const panel = main.current?.querySelector('.al-panel');
      if (!panel || !main.current) return;
      const chart = firstChart(panel);
      const need = (chart ?? panel).getBoundingClientRect().top + main.current.scrollTop + (chart ? FIRST_CHART_PX : 2 * FIRST_CHART_PX);
      if (need > innerHeight) sendToHost({ type: 'want-height', height: need });
    });
    return () => cancelAnimationFrame(id);
  }, [result]);

  // The host drags the overlay by a strip it lays over the free part of this title bar (in the page, where pointer
  // capture keeps the drag going wherever the pointer goes): tell it where that part is, whenever it changes.
  const header = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const bar = header.current?.querySelector('.lens-header');
    const actions = bar?.querySelector('.lens-actions');
    if (!bar || !actions) return;
    const report = () => {
      const b = bar.getBoundingClientRect();
      const a = actions.getBoundingClientRect();
      sendToHost({ type: 'grab-zone', left: b.left, top: b.top, width: Math.max(0, a.left - b.left - 6), height: b.height });
    };
    report();
    const ro = new ResizeObserver(report);
    ro.observe(bar);
    ro.observe(actions);
    return () => ro.disconnect();
  }, []);

  const status = (
    <>
      {pinned && (
        <span class="lens-pinned-note" data-testid="pinned-note" title={t('overlay_pinned_title')}>
          {t('overlay_pinned')}
        </span>
      )}
      {pairSplit !== null && (
        <span class="lens-chip lens-pair-chip" data-testid="pair-chip" title={t('overlay_pair_title')}>
          A | B
        </span>
      )}
    </>
  );

  return (
    <div class="lens-app lens-overlay" data-theme={theme}>
      <div class="lens-overlay-bar" ref={header}>
        <LensHeader compact status={status} draggable={!layout.dock}>
          <OverlayMenu
            text={state.kind === 'idle' ? null : state.text}
            pairSplit={pairSplit}
            onPairSplit={setPairSplit}
            backendNote={result?.backendNote ?? null}
            dock={layout.dock}
            custom={layout.custom}
            onDock={(side) => sendToHost({ type: 'dock', side })}
            onReset={() => sendToHost({ type: 'reset' })}
          />
          <button
            type="button"
            class={`lens-icon-button${pinned ? ' is-on' : ''}`}
            aria-pressed={pinned}
            data-testid="pin"
            title={pinned ? t('overlay_unpin_title') : t('overlay_pin_title')}
            onClick={togglePin}
          >
            <PinIcon />
            <span class="lens-sr">{pinned ? t('overlay_unpin') : t('overlay_pin')}</span>
          </button>
          <button type="button" class="lens-icon-button" data-testid="close" title={t('overlay_close_title')} onClick={close}>
            <CloseIcon />
            <span class="lens-sr">{t('overlay_close')}</span>
          </button>
        </LensHeader>
      </div>
      <div class="lens-overlay-main" ref={main}>
        <LensBody
          state={state}
          compact
          toolbar={false}
          onRetry={() => setNonce((n) => n + 1)}
          onHeat={onHeat}
          viewState={viewState}
          onViewState={updateViewState}
        />
      </div>
    </div>
  );
}
