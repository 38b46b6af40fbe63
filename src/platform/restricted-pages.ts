// Pages where the browser does not let extensions run content scripts. Knowing the reason up front lets the
// popup say why instead of failing with the browser's raw "Cannot access contents of the page" error.
import { BROWSER_NAME, IS_FIREFOX } from './build';
import { t } from '../shared/i18n';

const WEB_STORE_HOSTS = ['chromewebstore.google.com', 'chrome.google.com'];
/** Mozilla's add-on site (and the hosts Firefox protects with it). */
const AMO_HOSTS = ['addons.mozilla.org', 'accounts.firefox.com', 'support.mozilla.org'];
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
  if (['chrome', 'edge', 'brave', 'opera', 'vivaldi', 'about', 'chrome-search', 'devtools', 'view-source', 'chrome-untrusted', 'resource', 'jar'].includes(scheme)) {
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
