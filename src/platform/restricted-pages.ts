// Pages where the browser does not let extensions run content scripts. Knowing the reason up front lets the
// popup say why instead of failing with the browser's raw "Cannot access contents of the page" error.
import { BROWSER_NAME, IS_FIREFOX } from './build';

const WEB_STORE_HOSTS = ['chromewebstore.google.com', 'chrome.google.com'];
/** Mozilla's add-on site (and the hosts Firefox protects with it). */
const AMO_HOSTS = ['addons.mozilla.org', 'accounts.firefox.com', 'support.mozilla.org'];
const BROWSER = BROWSER_NAME;

/** A user-facing reason why the extension cannot read this page, or null when it should be able to. */
export function restrictedPageReason(url: string | undefined): string | null {
  if (!url) return `This tab has no page the extension can read (or ${BROWSER} did not grant access to it).`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'This tab has no page the extension can read.';
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (['chrome', 'edge', 'brave', 'opera', 'vivaldi', 'about', 'chrome-search', 'devtools', 'view-source', 'chrome-untrusted', 'resource', 'jar'].includes(scheme)) {
    return `Browser pages (${scheme}://) are protected: ${BROWSER} does not let extensions read them. Select text on a normal web page instead.`;
  }
  if (scheme === 'chrome-extension' || scheme === 'moz-extension') {
    return `Other extensions' pages are protected: ${BROWSER} does not let extensions read them.`;
  }
  if (AMO_HOSTS.includes(parsed.hostname)) {
    return "Mozilla's add-on pages are protected: Firefox does not let extensions run on them.";
  }
  if (WEB_STORE_HOSTS.includes(parsed.hostname) && (parsed.hostname !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore'))) {
    return 'The Chrome Web Store is protected: Chrome does not let extensions run on it.';
  }
  if (/\.pdf$/i.test(parsed.pathname)) {
    return `${BROWSER}'s built-in PDF viewer does not let extensions read its text. Copy the text into a web page (or open the PDF with a viewer that renders HTML) and select it there.`;
  }
  if (scheme === 'file') {
    return null; // allowed only when the user enabled "Allow access to file URLs"; the injection error says so
  }
  if (scheme === 'data' || scheme === 'blob' || scheme === 'javascript') {
    return `Pages opened from a ${scheme}: address cannot be read by extensions.`;
  }
  return null;
}

/** Maps the browser's injection error to a user-facing sentence. */
export function injectionErrorMessage(url: string | undefined, error: string): string {
  const known = url ? restrictedPageReason(url) : null;
  if (known) return known;
  if (/file:/.test(url ?? '') || /file access/i.test(error)) {
    if (IS_FIREFOX) return 'Firefox does not let the extension read this local file. Serve it from a local web server, or copy the text into a web page.';
    return 'To read local files, enable "Allow access to file URLs" for Attention Lens in chrome://extensions.';
  }
  const scheme = /Cannot access an? ([a-z-]+):\/\/ URL/i.exec(error)?.[1];
  if (scheme) return restrictedPageReason(`${scheme}://x/`) ?? `Pages with ${scheme}:// addresses are protected: ${BROWSER} does not let extensions read them.`;
  if (/extensions gallery|web ?store/i.test(error)) return restrictedPageReason('https://chromewebstore.google.com/')!;
  if (/PDF|mimehandler/i.test(error)) {
    return `${BROWSER}'s built-in PDF viewer does not let extensions read its text.`;
  }
  return `${BROWSER} did not let the extension read this page (${error}). Reload the page and try again.`;
}
