// Firefox only (the background page runs the engine there, and Firefox suspends it when idle: see
// src/platform/background-lifetime.ts). The page keeps itself awake
//  - while it answers an engine request: requests on a MessagePort are not extension events, so a model load or a
//    long profile would otherwise be cut off when the idle timeout runs out in the middle of it;
//  - while an overlay is pinned on a tab and the model is loaded: a pinned overlay follows every new selection, and
//    after a suspension each one waits for the page to start and the model to load again. Measured in firefox-esr 153
//    with the bundled model (scripts/bench/firefox-keepalive.mjs, selection to result incl. the 450 ms selection
//    debounce): 0.56 s with the page awake, 1.76 s right after a suspension.
// What staying awake costs: the loaded model's memory, +177 MB in the extension process, and 0.17 % of a core while
// idle (one extension API call per tick). The model still unloads after the user's idle setting (src/engine/engine-host.ts,
// 5 minutes by default); from then on the page is let go, because an awake page keeps onnxruntime's memory even without
// a model (239 MB measured) and only a suspension gives it back (54 MB after it; src/engine/wasm-waiters.ts).
import { postponeSuspension } from '../platform/background-lifetime';

/** Well inside Firefox's default idle timeout (30 s). */
export const KEEP_AWAKE_TICK_MS = 5000;

export interface AwakeInputs {
  /** An engine request is being answered. */
  busy: boolean;
  /** A model is loaded (it unloads by itself after the user's idle setting). */
  modelLoaded: boolean;
  /** An overlay frame is connected on a tab whose overlay is pinned. */
  pinnedOverlay: boolean;
}

export function shouldStayAwake(s: AwakeInputs): boolean {
  return s.busy || (s.modelLoaded && s.pinnedOverlay);
}

/** Checks every tick whether the page should stay awake, and if so tells Firefox it is active. */
export function registerKeepAwake(inputs: () => Promise<AwakeInputs>, tickMs = KEEP_AWAKE_TICK_MS): () => void {
  const timer = setInterval(() => {
    void inputs().then(
      (s) => {
        if (shouldStayAwake(s)) postponeSuspension();
      },
      () => undefined,
    );
  }, tickMs);
  return () => clearInterval(timer);
}
