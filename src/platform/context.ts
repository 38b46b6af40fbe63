// Whether this script's extension context still exists: after the extension is reloaded, updated or crashes,
// content scripts keep running but every extension API call throws "Extension context invalidated".
import { browser } from './browser';

export function extensionContextAlive(): boolean {
  try {
    return typeof browser.runtime?.id === 'string';
  } catch {
    return false;
  }
}

export function isContextInvalidated(err: unknown): boolean {
  return (
    /context invalidated|extension context|Receiving end does not exist/i.test(err instanceof Error ? err.message : String(err)) && !extensionContextAlive()
  );
}
