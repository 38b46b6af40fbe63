// Name of the content script file in the built extension (vite.config.ts bundles src/content/content-script.ts
// into it as one classic script; the background injects it on demand).
export const CONTENT_SCRIPT_FILE = 'content.js';
