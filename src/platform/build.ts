// Which browser this build is for. Vite's `define` sets __AL_FIREFOX__ in the Firefox build (AL_BROWSER=firefox);
// the Chrome build and the Node tests see false. Only src/platform reads it: everything else asks the platform
// for a behaviour, never for a browser name.
declare const __AL_FIREFOX__: boolean | undefined;

export const IS_FIREFOX: boolean = typeof __AL_FIREFOX__ !== 'undefined' && __AL_FIREFOX__ === true;

/** The browser's name, for user-facing messages ("Chrome does not let extensions read …"). */
export const BROWSER_NAME: 'Chrome' | 'Firefox' = IS_FIREFOX ? 'Firefox' : 'Chrome';
