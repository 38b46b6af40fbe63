// The harness has no extension: views that reach src/platform (which imports webextension-polyfill, which throws
// outside an extension) still load, and any browser.* call answers undefined. The research tools' engine calls are
// replaced by synthetic runners in main.tsx; nothing here pretends to be an engine.
const inert: unknown = new Proxy(() => undefined, { get: () => inert, apply: () => undefined });
export default inert;
