// Toolbar popup: analyses the active tab's selection. Tests open popup.html?tab=<id> as a page.
import { useEffect, useState } from 'preact/hooks';
import { LensBody } from '../app/LensBody';
import { LensHeader } from '../app/LensHeader';
import { useAnalysis } from '../app/useAnalysis';
import { sendMessage as send } from '../platform/messaging';
import { restrictedPageReason } from '../platform/restricted-pages';
import { activeTab, getTab, type Tab } from '../platform/tabs';
import type { ErrorInfo } from '../shared/protocol';

async function targetTab(): Promise<Tab | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return getTab(Number(param));
  return activeTab();
}

export function Popup() {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const [nonce, setNonce] = useState(0);
  const [pairSplit, setPairSplit] = useState<number | null>(null);
  const state = useAnalysis(text, error, nonce, pairSplit);

  useEffect(() => {
    (async () => {
      const tab = await targetTab();
      const reason = restrictedPageReason(tab?.url);
      // Without a visible URL (no host access yet) injection itself tells whether the page is readable.
      if (tab?.id === undefined || (reason && tab.url)) {
        setError({ code: 'restricted-page', message: reason ?? 'This tab cannot be read by extensions.' });
        return;
      }
      setTabId(tab.id);
      const res = await send({ target: 'background', type: 'page/capture', tabId: tab.id });
      if (!res?.ok) {
        setError(res?.error ?? { code: 'internal', message: 'The page did not answer.' });
      } else if (!res.value.text.trim()) {
        setError({ code: 'empty-selection', message: 'Nothing is selected on this page.' });
      } else {
        setText(res.value.text);
      }
    })().catch((err: unknown) => setError({ code: 'internal', message: String(err) }));
  }, []);

  const openInPage = tabId !== null && state.kind === 'done'
    ? () => void send({ target: 'background', type: 'page/open-overlay', tabId }).then(() => window.close())
    : undefined;

  return (
    <div class="lens-app lens-popup">
      <LensHeader>
        {openInPage && (
          <button type="button" class="lens-button" onClick={openInPage} title="Open the overlay beside the selection in the page">
            Show in page
          </button>
        )}
      </LensHeader>
      <LensBody state={state} pairSplit={pairSplit} onPairSplit={setPairSplit} onRetry={() => setNonce((n) => n + 1)} />
    </div>
  );
}
