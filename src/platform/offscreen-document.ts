// Chrome: owns the single offscreen document that runs the model (service workers cannot host onnxruntime-web).
// Chrome allows only one per extension, so creation is serialised through one in-flight promise and checked with
// runtime.getContexts first. Firefox has no offscreen documents: its background page runs the engine.
const OFFSCREEN_PATH = 'src/offscreen/offscreen.html';
/** URL path suffix of the offscreen document, to find it among the service worker's clients. */
export const OFFSCREEN_SUFFIX = `/${OFFSCREEN_PATH}`;

let creating: Promise<void> | null = null;
let closing: Promise<void> | null = null;

/** The document's address: it carries the browser's UI language (the document has no i18n API to ask; platform/i18n.ts). */
function offscreenPath(): string {
  return `${OFFSCREEN_PATH}?ui=${encodeURIComponent(chrome.i18n.getUILanguage())}`;
}

async function offscreenExists(): Promise<boolean> {
  const url = chrome.runtime.getURL(offscreenPath());
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  return contexts.length > 0;
}

export async function ensureOffscreenDocument(): Promise<void> {
  if (closing) await closing.catch(() => undefined); // a request right after the idle close gets a new document
  if (await offscreenExists()) return;
  if (!creating) {
    creating = chrome.offscreen
      .createDocument({
        url: offscreenPath(),
        reasons: [chrome.offscreen.Reason.WORKERS],
        justification: 'Runs the BERT model (onnxruntime-web, WebAssembly/WebGPU) on the text you selected, locally.',
      })
      .finally(() => {
        creating = null;
      });
  }
  await creating;
}

/**
 * Closes the document after the engine unloaded its idle model: only then does onnxruntime's WebAssembly memory return
 * to the system. A request that raced with the close is lost on the way; views retry it once (app/engine-client.ts),
 * which creates the document again.
 */
export async function closeOffscreenDocument(): Promise<void> {
  if (creating) await creating.catch(() => undefined);
  closing ??= (async () => {
    if (await offscreenExists()) await chrome.offscreen.closeDocument();
  })().finally(() => {
    closing = null;
  });
  await closing;
}
