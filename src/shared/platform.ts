// Which browser this build is for. Vite's `define` sets __AL_FIREFOX__ in the Firefox build (AL_BROWSER=firefox);
// the Chrome build and the Node tests see false.
declare const __AL_FIREFOX__: boolean | undefined;

export const IS_FIREFOX: boolean = typeof __AL_FIREFOX__ !== 'undefined' && __AL_FIREFOX__ === true;
