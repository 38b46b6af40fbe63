// The i18n door: installs browser.i18n.getMessage as the lookup of src/shared/i18n.ts t(). Every extension context
// calls installI18n() once at start (pages, the service worker / background page, the content script, Chrome's
// offscreen document). Chrome's offscreen document has no i18n API (only runtime): it reads the messages.json the
// browser picked for the UI language itself (the service worker passes that language in the document's URL).
import { catalogLookup, messageLanguage, setMessageLookup, t, type Catalog, type MessageKey } from '../shared/i18n';
import { browser } from './browser';

/** The extension's default_locale (manifest.json). */
const DEFAULT_LOCALE = 'en';

/**
 * Installs the context's message lookup. Synchronous where the i18n API exists; in Chrome's offscreen document the
 * returned promise settles once the locale's messages are read (until then t() answers in English).
 */
export function installI18n(): Promise<void> {
  const i18n = browser.i18n;
  if (i18n?.getMessage) {
    setMessageLookup((key, subs) => i18n.getMessage(key, subs));
    return Promise.resolve();
  }
  const lang = new URLSearchParams(globalThis.location?.search ?? '').get('ui') ?? globalThis.navigator?.language ?? DEFAULT_LOCALE;
  return loadCatalogFor(lang).then(
    (catalog) => setMessageLookup(catalog ? catalogLookup(catalog) : null),
    () => setMessageLookup(null),
  );
}

/** The messages.json a browser picks for `lang`: zh-CN → zh_CN, then zh, then the default locale (whose t() is built in). */
async function loadCatalogFor(lang: string): Promise<Catalog | null> {
  const tag = lang.replace(/-/g, '_');
  const candidates = [tag, tag.split('_')[0]].filter((l, i, all) => l && all.indexOf(l) === i && l !== DEFAULT_LOCALE);
  for (const locale of candidates) {
    try {
      const res = await fetch(browser.runtime.getURL(`_locales/${locale}/messages.json`));
      if (res.ok) return (await res.json()) as Catalog;
    } catch {
      /* not shipped: the next candidate */
    }
  }
  return null;
}

/** An extension page: installs the lookup, then names the document in its language (lang, title). */
export function localizePage(title: MessageKey): void {
  void installI18n();
  document.documentElement.lang = messageLanguage();
  document.title = t(title);
}
