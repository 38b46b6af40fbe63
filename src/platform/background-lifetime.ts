// The background page's lifetime in Firefox, where it is an MV3 event page: Firefox suspends it after
// extensions.background.idle.timeout (30 s by default) without extension events, and starts it again on the next
// event (a message, a port, a menu click). Nothing of this applies to Chrome's service worker build.
import { browser } from './browser';

/**
 * Counts as activity for Firefox's idle timer: an extension API call made by the background page itself resets it
 * (any call that goes to the parent process; this one is about the cheapest). Call it more often than the timeout.
 */
export function postponeSuspension(): void {
  void browser.runtime.getPlatformInfo().catch(() => undefined);
}

/** Firefox is about to suspend the page (runtime.onSuspend; it waits for the listener, up to 5 s). */
export function onSuspend(listener: () => void): void {
  browser.runtime.onSuspend?.addListener(listener);
}

/** An event arrived while the page was being suspended: it stays (runtime.onSuspendCanceled). */
export function onSuspendCanceled(listener: () => void): void {
  browser.runtime.onSuspendCanceled?.addListener(listener);
}
