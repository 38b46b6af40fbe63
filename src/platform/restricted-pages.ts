// Pages where the browser does not let extensions run content scripts. Knowing the reason up front lets the
// popup say why instead of failing with the browser's raw "Cannot access contents of the page" error.
import { BROWSER_NAME, IS_FIREFOX } from './build';
import { t } from '../shared/i18n';

const WEB_STORE_HOSTS = ['chromewebstore.google.com', 'chrome.google.com'];
/** Mozilla's add-on site and the other hosts Firefox protects from extensions (its extensions.webextensions.restrictedDomains). */
const AMO_HOSTS = [
  'addons.mozilla.org',
  'discovery.addons.mozilla.org',
  'addons.cdn.mozilla.net',
  'accounts-static.cdn.mozilla.net',
  'accounts.firefox.com',
  'api.accounts.firefox.com',
  'oauth.accounts.firefox.com',
  'profile.accounts.firefox.com',
  'content.cdn.mozilla.net',
  'install.mozilla.org',
  'support.mozilla.org',
  'sync.services.mozilla.com',
];
const BROWSER = BROWSER_NAME;

/** A user-facing reason why the extension cannot read this page, or null when it should be able to. */
export function restrictedPageReason(url: string | undefined): string | null {
  if (!url) return t('page_no_readable_tab', BROWSER);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return t('page_no_readable');
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme === 'about' && /^about:blank\b/i.test(url)) {
    return t('page_about_blank');
  }
  if (scheme === 'about') {
    return t('page_about', BROWSER);
  }
  if (scheme === 'view-source') {
    return t('page_view_source', BROWSER);
  }
  if ((scheme === 'chrome-extension' || scheme === 'moz-extension') && `${parsed.protocol}//${parsed.host}` === ownOrigin()) {
    return t('page_own_extension');
  }
  if (
    ['chrome', 'edge', 'brave', 'opera', 'vivaldi', 'about', 'chrome-search', 'devtools', 'view-source', 'chrome-untrusted', 'resource', 'jar'].includes(scheme)
  ) {
    return t('page_browser_pages', scheme, BROWSER);
  }
  if (scheme === 'chrome-extension' || scheme === 'moz-extension') {
    return t('page_other_extensions', BROWSER);
  }
  if (AMO_HOSTS.includes(parsed.hostname)) {
    return t('page_amo');
  }
  if (WEB_STORE_HOSTS.includes(parsed.hostname) && (parsed.hostname !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore'))) {
    return t('page_web_store');
  }
  if (/\.pdf$/i.test(parsed.pathname)) {
    return t('page_pdf', BROWSER);
  }
  if (scheme === 'file') {
    return null; // allowed only when the user enabled "Allow access to file URLs"; the injection error says so
  }
  if (scheme === 'data' || scheme === 'blob' || scheme === 'javascript') {
    return t('page_scheme', scheme);
  }
  return null;
}

/** This extension's own origin (chrome-extension://id, moz-extension://uuid); null outside an extension (tests). */
function ownOrigin(): string | null {
  try {
    const url = (globalThis as { chrome?: { runtime?: { getURL?: (path: string) => string } } }).chrome?.runtime?.getURL?.('');
    if (!url) return null;
    const own = new URL(url); // (URL.origin is "null" for these schemes outside the browser)
    return `${own.protocol}//${own.host}`;
  } catch {
    return null;
  }
}

/**
 * Firefox refuses scripts ("Missing host permission for the tab") in documents its built-in viewers show even on
 * pages the extension may read: the PDF viewer (also for a PDF served without ".pdf" in its address) and the JSON
 * viewer. When the tab's address is visible the extension has access to it (host permission or the activeTab grant
 * of the user's click), so that refusal names the viewer (the JSON viewer titles the tab with the address; the PDF
 * viewer with the file's name or the PDF's title). Null otherwise (and always in Chrome, whose PDF viewer runs the
 * content script: src/content/page-kind.ts).
 */
export function builtInViewerReason(url: string | undefined, title: string | undefined, error: string): string | null {
  if (!IS_FIREFOX || !url || !/Missing host permission/i.test(error)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || restrictedPageReason(url)) return null;
  const addressTitle = `${parsed.host}${parsed.pathname}${parsed.search}`;
  if (/\.json$/i.test(parsed.pathname) || (title !== undefined && (title === addressTitle || title === url))) {
    return t('page_json_viewer');
  }
  return t('page_pdf_viewer_firefox');
}

/** Maps the browser's injection error to a user-facing sentence. */
export function injectionErrorMessage(url: string | undefined, error: string): string {
  const known = url ? restrictedPageReason(url) : null;
  if (known) return known;
  if (/file:/.test(url ?? '') || /file access/i.test(error)) {
    if (IS_FIREFOX) return t('page_file_firefox');
    return t('page_file_chrome');
  }
  const scheme = /Cannot access an? ([a-z-]+):\/\/ URL/i.exec(error)?.[1];
  if (scheme) return restrictedPageReason(`${scheme}://x/`) ?? t('page_scheme_protected', scheme, BROWSER);
  if (/extensions gallery|web ?store/i.test(error)) return restrictedPageReason('https://chromewebstore.google.com/')!;
  if (/PDF|mimehandler/i.test(error)) {
    return t('page_pdf_short', BROWSER);
  }
  return t('page_injection_refused', BROWSER, error);
}
