// 'page/readable': the readable text of a tab for "Profile this page". Injects readable.js (src/content/readable-text.ts,
// Mozilla's Readability on a clone of the document) into the tab's top frame only, with a deadline, and checks the
// shape of what comes back (a page's own scripts cannot reach the isolated world, but nothing from a page is trusted
// blindly). Pages the browser protects get a clear sentence instead of the browser's raw error.
import { withDeadline } from '../platform/deadline';
import { injectionErrorMessage, restrictedPageReason } from '../platform/restricted-pages';
import type { Sender } from '../platform/messaging';
import { activeTab, getTab, isOwnPage, runScriptFile, type Tab } from '../platform/tabs';
import { READABLE_SCRIPT_FILE, ProtocolError, fail, ok, type ReadableText, type Result } from '../shared/protocol';
import { noAccessMessage, urlOf } from './frames';
import { t } from '../shared/i18n';

/** Readability on a very large page takes a while; a page that never answers must not hang the profile. */
export const READABLE_TIMEOUT_MS = 15_000;
const NO_ACCESS = /must request permission|Missing host permission|Cannot access contents of (the page|url)/i;

/** The tab meant: the one asked for, else the sender's own web page (the overlay), else the active tab. */
async function tabFor(tabId: number | undefined, sender: Sender): Promise<Tab | undefined> {
  if (tabId !== undefined) return getTab(tabId);
  if (sender.tab && !isOwnPage(sender.tab)) return sender.tab;
  return activeTab();
}

/** What readable.js returned, if it has the expected shape (paragraph ranges inside the text, in order). */
export function checkReadable(value: unknown): ReadableText | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<ReadableText>;
  if (typeof v.text !== 'string' || !Array.isArray(v.paragraphs)) return null;
  if (v.source !== 'article' && v.source !== 'selection') return null;
  const n = v.text.length;
  let at = 0;
  const paragraphs: Array<[number, number]> = [];
  for (const p of v.paragraphs) {
    if (!Array.isArray(p) || p.length !== 2) return null;
    const [s, e] = p;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < at || e < s || e > n) return null;
    paragraphs.push([s, e]);
    at = e;
  }
  return { text: v.text, paragraphs, source: v.source, ...(typeof v.title === 'string' && v.title ? { title: v.title.slice(0, 300) } : {}) };
}

export async function readablePage(tabId: number | undefined, sender: Sender): Promise<Result<ReadableText>> {
  const tab = await tabFor(tabId, sender);
  if (!tab || tab.id === undefined) return fail('restricted-page', t('bg_no_page_to_profile'));
  const url = urlOf(tab);
  const reason = restrictedPageReason(url);
  if (reason && url) return fail('restricted-page', t('bg_profile_pasted_instead', reason));
  let raw: unknown;
  try {
    raw = await withDeadline(
      runScriptFile<unknown>(tab.id, READABLE_SCRIPT_FILE, 0),
      READABLE_TIMEOUT_MS,
      t('bg_readable_timeout', READABLE_TIMEOUT_MS / 1000),
    );
  } catch (err) {
    if (err instanceof ProtocolError) return fail(err.code, err.message);
    const message = err instanceof Error ? err.message : String(err);
    if (NO_ACCESS.test(message) && !(url && restrictedPageReason(url))) return fail('no-access', noAccessMessage());
    return fail('restricted-page', injectionErrorMessage(url, message));
  }
  const found = checkReadable(raw);
  if (!found) return fail('internal', t('bg_readable_failed'));
  if (!found.text.trim()) return fail('empty-selection', t('bg_readable_empty'));
  return ok(found);
}
