// In-page overlay (extension page inside the closed-shadow-root iframe). Pinned, it follows each new
// selection on the page; its heatmap scores are painted over the page text by the content script.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { LensBody } from '../app/LensBody';
import { LensHeader } from '../app/LensHeader';
import { CloseIcon, PinIcon } from '../app/icons';
import { useAnalysis } from '../app/useAnalysis';
import { sendMessage as send } from '../platform/messaging';
import { listenAsOverlay } from '../platform/overlay-channel';
import type { ErrorInfo } from '../shared/protocol';
import type { HeatReport } from '../views/panel-state';
import { pagePaint } from './page-paint';

export function Overlay() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [pinned, setPinned] = useState(false);
  const [nonce, setNonce] = useState(0);
  const [pairSplit, setPairSplit] = useState<number | null>(null);
  const state = useAnalysis(text, error, nonce, pairSplit);

  useEffect(() => {
    // The one-time token the page's content script put in this frame's URL.
    const token = location.hash.slice(1);
    send({ target: 'background', type: 'overlay/ready', token }).then((res) => {
      if (!res?.ok) return setError(res?.error ?? { code: 'internal', message: 'The extension did not answer.' });
      setTabId(res.value.tabId);
      setPinned(res.value.pinned);
      const sel = res.value.selection;
      if (sel?.refused) setError({ code: 'protected-field', message: sel.refused });
      else if (!sel?.text.trim()) setError({ code: 'empty-selection', message: 'Nothing is selected on this page.' });
      else setText(sel.text);
    });
  }, []);

  // New selections of this tab arrive while pinned (the content script only reports them then).
  useEffect(() => {
    if (tabId === null) return;
    return listenAsOverlay((msg) => {
      if (msg.type === 'overlay/selection' && msg.tabId === tabId) {
        setPairSplit(null);
        if (msg.selection.refused) {
          setError({ code: 'protected-field', message: msg.selection.refused });
          return;
        }
        setError(null);
        setText(msg.selection.text);
      }
    });
  }, [tabId]);

  const close = useCallback(() => void send({ target: 'background', type: 'overlay/close' }), []);
  const togglePin = useCallback(() => {
    const next = !pinned;
    setPinned(next);
    void send({ target: 'background', type: 'overlay/pin', pinned: next });
  }, [pinned]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  const result = state.kind === 'done' ? state.result : null;
  const onHeat = useCallback(
    (heat: HeatReport | null) => {
      if (!result) return;
      void send({ target: 'background', type: 'overlay/highlight', paint: heat ? pagePaint(result, heat) : null });
    },
    [result],
  );

  return (
    <div class="lens-app lens-overlay">
      <LensHeader>
        <button
          type="button"
          class={`lens-icon-button${pinned ? ' is-on' : ''}`}
          aria-pressed={pinned}
          data-testid="pin"
          title={pinned ? 'Unpin (closes the overlay)' : 'Pin: keep open and follow new selections'}
          onClick={togglePin}
        >
          <PinIcon />
          <span class="lens-sr">{pinned ? 'Unpin' : 'Pin'}</span>
        </button>
        <button type="button" class="lens-icon-button" data-testid="close" title="Close (Esc)" onClick={close}>
          <CloseIcon />
          <span class="lens-sr">Close</span>
        </button>
      </LensHeader>
      {pinned && <div class="lens-pinned-note" data-testid="pinned-note">Pinned — select more text on the page to analyse it.</div>}
      <LensBody state={state} pairSplit={pairSplit} onPairSplit={setPairSplit} compact onRetry={() => setNonce((n) => n + 1)} onHeat={onHeat} />
    </div>
  );
}
