// The one browser-API object: webextension-polyfill's promise-based, typed `browser.*` (Firefox's own object
// there, a wrapper over `chrome.*` in Chrome). Modules outside src/platform use the adapters next to this file.
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs } from 'webextension-polyfill';
