// The extension's own files and pages.
import { browser } from './browser';

/** Absolute URL of a file inside the extension ("models/…", "src/overlay/overlay.html"). */
export function extensionUrl(path: string): string {
  return browser.runtime.getURL(path);
}

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** Opens the toolbar popup where the browser allows it without a click; false where it does not. */
export async function openPopup(): Promise<boolean> {
  try {
    await browser.action.openPopup();
    return true;
  } catch {
    return false;
  }
}
