// Chrome: owns the single offscreen document that runs the model (service workers cannot host onnxruntime-web).
// Chrome allows only one per extension, so creation is serialised through one in-flight promise and checked with
// runtime.getContexts first. Firefox has no offscreen documents: its background page runs the engine.
const OFFSCREEN_PATH = 'src/offscreen/offscreen.html';
/** URL path suffix of the offscreen document, to find it among the service worker's clients. */
export const OFFSCREEN_SUFFIX = `/${OFFSCREEN_PATH}`;

let creating: Promise<void> | null = null;

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
