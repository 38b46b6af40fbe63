// "Copy": what the view shows as tab-separated values (the view says what through its CopyRef: the chosen token's
// row, the matrix, the heads table …), for a spreadsheet paste. The panel also copies on Ctrl/⌘+C inside a chart.
// The confirmation (or why nothing was copied) is announced in a polite live region next to the button.
import { useRef, useState } from 'preact/hooks';
import { copyText } from '../lib/clipboard';
import type { CopyRef } from '../types';
import { t } from '../../shared/i18n';

export interface CopyState {
  copy: () => void;
  message: string | null;
  failed: boolean;
}

/** The copy action of a panel and its last message. */
export function useCopy(copyRef: CopyRef): CopyState {
  const [msg, setMsg] = useState<{ text: string; failed: boolean } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const say = (text: string, failed = false) => {
    setMsg({ text, failed });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMsg(null), 4000);
  };
  const copy = () => {
    const c = copyRef.current;
    if (!c) return say(t('copy_nothing'), true);
    let text: string;
    try {
      text = c.tsv();
    } catch (e) {
      return say(e instanceof Error ? e.message : String(e), true);
    }
    copyText(text).then(
      () => say(t('copy_done', c.what)),
      (e: unknown) => say(t('copy_failed', e instanceof Error ? e.message : String(e)), true),
    );
  };
  return { copy, message: msg?.text ?? null, failed: msg?.failed ?? false };
}

export function CopyButton(props: { state: CopyState }) {
  return (
    <button type="button" class="al-btn al-btn-small" data-testid="copy-tsv" onClick={props.state.copy} title={t('copy_title')}>
      {t('copy_button')}
    </button>
  );
}

/** The last copy's confirmation, under the panel header (a live region that is always there, empty when idle). */
export function CopyStatus(props: { state: CopyState }) {
  const { state } = props;
  return (
    <p class={`al-copy-status${state.failed ? ' is-failed' : ''}${state.message ? ' is-shown' : ''}`} role="status" data-testid="copy-status">
      {state.message ?? ''}
    </p>
  );
}
