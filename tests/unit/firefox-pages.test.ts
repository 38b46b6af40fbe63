// The Firefox build's messages for pages it cannot read (src/platform/restricted-pages.ts as IS_FIREFOX sees it):
// built-in viewers recognised from Firefox's refusal on a page whose address the extension may see (a PDF served
// without ".pdf", the JSON viewer), about:, view-source:, Mozilla's protected hosts and this extension's own pages.
// The browser test of the same cases: tests/e2e/firefox-reliability.e2e.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/platform/build', () => ({ IS_FIREFOX: true, BROWSER_NAME: 'Firefox' }));
const { builtInViewerReason, restrictedPageReason } = await import('../../src/platform/restricted-pages');

const REFUSED = 'Missing host permission for the tab';

describe('Firefox page kinds', () => {
  afterEach(() => {
    delete (globalThis as { chrome?: unknown }).chrome;
  });

  it('a refused http(s) page that the extension may see is a PDF, unless the JSON viewer shows it', () => {
    expect(builtInViewerReason('http://127.0.0.1:8000/doc', 'doc', REFUSED)).toMatch(/PDF viewer/);
    expect(builtInViewerReason('https://example.com/download?id=3', 'Annual report 2025', REFUSED)).toMatch(/PDF viewer/);
    expect(builtInViewerReason('http://127.0.0.1:8000/data.json', '127.0.0.1:8000/data.json', REFUSED)).toMatch(/JSON viewer/);
    expect(builtInViewerReason('https://api.example.com/v1/items?page=2', 'api.example.com/v1/items?page=2', REFUSED)).toMatch(/JSON viewer/);
  });

  it('names no viewer without the address, for other errors, other schemes or pages protected for another reason', () => {
    expect(builtInViewerReason(undefined, undefined, REFUSED)).toBeNull();
    expect(builtInViewerReason('http://127.0.0.1:8000/doc', 'doc', 'Frame with ID 0 was removed.')).toBeNull();
    expect(builtInViewerReason('file:///tmp/doc', 'doc', REFUSED)).toBeNull();
    expect(builtInViewerReason('https://addons.mozilla.org/en-US/firefox/', 'Add-ons', REFUSED)).toBeNull();
  });

  it('about:, about:blank and view-source: pages get their own sentence, naming Firefox', () => {
    expect(restrictedPageReason('about:robots')).toBe(
      'Browser pages (about:) are protected: Firefox does not let extensions read them. Select text on a normal web page instead.',
    );
    expect(restrictedPageReason('about:blank')).toMatch(/^This tab is blank \(about:blank\)/);
    expect(restrictedPageReason('view-source:http://127.0.0.1:8000/text.html')).toMatch(/^Source views \(view-source:\) are protected: Firefox/);
    expect(restrictedPageReason('https://addons.mozilla.org/en-US/firefox/addon/x/')).toMatch(/Mozilla's add-on pages are protected/);
  });

  it("this extension's own pages are not called another extension's", () => {
    (globalThis as { chrome?: unknown }).chrome = { runtime: { getURL: (p: string) => `moz-extension://5b1c3a52/${p}` } };
    expect(restrictedPageReason('moz-extension://5b1c3a52/src/options/options.html')).toMatch(/Attention Lens's own pages/);
    expect(restrictedPageReason('moz-extension://0c2f0000/page.html')).toMatch(/Other extensions' pages are protected: Firefox/);
  });
});
