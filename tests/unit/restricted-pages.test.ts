import { describe, expect, it } from 'vitest';
import { injectionErrorMessage, restrictedPageReason } from '../../src/platform/restricted-pages';

describe('restrictedPageReason', () => {
  it.each([
    ['chrome://settings', /Browser pages \(chrome:\/\/\)/],
    ['edge://flags', /protected/],
    ['about:blank', /blank \(about:blank\)/],
    ['about:robots', /Browser pages \(about:\) are protected/],
    ['chrome-extension://abcdefgh/popup.html', /Other extensions/],
    ['https://chromewebstore.google.com/detail/x/abc', /Web Store/],
    ['https://chrome.google.com/webstore/detail/abc', /Web Store/],
    ['https://example.com/paper.pdf', /PDF viewer/],
    ['view-source:https://example.com', /Source views \(view-source:\) are protected/],
    ['about:addons', /protected/],
    ['moz-extension://0c2f/popup.html', /Other extensions/],
    ['resource://pdf.js/web/viewer.html', /protected/],
    ['https://addons.mozilla.org/en-US/firefox/addon/x/', /Mozilla's add-on pages/],
    ['https://accounts.firefox.com/signin', /Mozilla's add-on pages/],
    ['https://support.mozilla.org/kb/x', /Mozilla's add-on pages/],
  ])('%s cannot be read, and the reason says so', (url, reason) => {
    expect(restrictedPageReason(url)).toMatch(reason);
  });

  it.each(['https://example.com/article', 'http://127.0.0.1:8080/demo.html', 'https://chrome.google.com/search', 'file:///home/me/notes.html'])(
    '%s is a normal page',
    (url) => {
      expect(restrictedPageReason(url)).toBeNull();
    },
  );
});

describe('injectionErrorMessage', () => {
  it("turns Chrome's raw scheme error into a sentence even when the tab URL is hidden", () => {
    expect(injectionErrorMessage(undefined, 'Cannot access a chrome:// URL')).toMatch(/chrome:\/\/.*protected/);
  });
  it('recognises the Web Store and the PDF viewer from the error text', () => {
    expect(injectionErrorMessage(undefined, 'The extensions gallery cannot be scripted.')).toMatch(/Web Store/);
    expect(injectionErrorMessage(undefined, 'Cannot script the PDF viewer (mimehandler)')).toMatch(/PDF/);
  });
  it('explains file access for local files', () => {
    expect(injectionErrorMessage('file:///tmp/a.html', 'Cannot access contents of url')).toMatch(/Allow access to file URLs/);
  });
  it('falls back to the raw reason for anything else', () => {
    expect(injectionErrorMessage('https://example.com', 'Frame with ID 0 was removed.')).toMatch(/Frame with ID 0 was removed/);
  });
});
