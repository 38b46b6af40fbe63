// Creates the onnxruntime-web session: WebGPU when the browser offers an adapter, WASM otherwise,
// and reports which one actually ran (and why WebGPU was not used). Each backend loads its own ORT
// build on demand: the CPU-only build's wasm is half the size and compiles much faster.
import type * as OrtTypes from 'onnxruntime-web';
// The wasm binaries ship inside the extension (no remote code); Vite emits them as assets.
import wasmCpuUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm?url';
import wasmGpuUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';
// ORT's Emscripten glue as a separate file: its pthread workers start from this file's own URL (not from our
// bundled chunk), so WebAssembly threads work inside the extension.
import mjsCpuUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs?url';
import mjsGpuUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs?url';
import { graphUsesFloat16 } from '../core/onnx/float16-graph';
import { scanModel } from '../core/onnx/scan-model';
import type { Backend } from '../shared/attention-result';
import type { BackendPreference } from '../shared/model-choice';
import { t } from '../shared/i18n';

export type Ort = typeof OrtTypes;

export interface CreatedSession {
  ort: Ort;
  session: OrtTypes.InferenceSession;
  backend: Backend;
  backendNote: string | null;
}

async function loadOrt(backend: Backend): Promise<Ort> {
  const ort: Ort = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  // Set at load time, after every import ran: transformers.js points wasmPaths at a CDN when it finds none.
  const gpu = backend === 'webgpu';
  ort.env.wasm.wasmPaths = {
    wasm: new URL(gpu ? wasmGpuUrl : wasmCpuUrl, location.href).href,
    mjs: new URL(gpu ? mjsGpuUrl : mjsCpuUrl, location.href).href,
  };
  ort.env.wasm.numThreads = wasmThreads();
  // WebAssembly runs in onnxruntime's own worker: the engine's document shares its main thread with every page of the
  // extension (the popup, the side panel, overlay frames), which froze for the whole of each session.run otherwise.
  if (!gpu) ort.env.wasm.proxy = true;
  ort.env.logLevel = 'error';
  return ort;
}

/**
 * WebAssembly threads need SharedArrayBuffer, i.e. a cross-origin-isolated page (the manifest's COOP/COEP).
 * Up to 4: attention models of this size stop scaling beyond that, and the page keeps a core for the views.
 */
export function wasmThreads(isolated = globalThis.crossOriginIsolated === true, cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return isolated ? Math.max(1, Math.min(4, cores)) : 1;
}

/**
 * Why WebGPU cannot run this model here, or null. A float16 graph (model_fp16 / model_q4f16) needs the adapter
 * feature shader-f16: onnxruntime-web 1.30 creates the session without it and fails at the first run
 * ("Program Gather requires f16 but the device does not support it"), so such a graph goes to WebAssembly.
 */
async function webgpuUnavailable(needsF16 = false): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: ReadonlySet<string> } | null> } }).gpu;
  if (!gpu) return t('backend_no_webgpu');
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return t('backend_no_adapter');
    if (needsF16 && !adapter.features.has('shader-f16')) return t('backend_no_f16');
    return null;
  } catch (err) {
    return t('backend_adapter_failed', String(err));
  }
}

/** Whether the (prepared) model computes in float16; bytes that do not scan count as float32. */
export function modelUsesFloat16(model: Uint8Array): boolean {
  try {
    return graphUsesFloat16(scanModel(model));
  } catch {
    return false;
  }
}

export interface SessionDeps {
  loadOrt: (backend: Backend) => Promise<Ort>;
  /** needsF16: the model computes in float16 (see modelUsesFloat16). */
  webgpuUnavailable: (needsF16: boolean) => Promise<string | null>;
}

const browserDeps: SessionDeps = { loadOrt, webgpuUnavailable };

/** A one-node ONNX model (Identity on float[1], opset 17), 70 bytes. */
export const WARM_MODEL = Uint8Array.of(
  8,
  8,
  18,
  0,
  58,
  58,
  10,
  16,
  10,
  1,
  120,
  18,
  1,
  121,
  34,
  8,
  73,
  100,
  101,
  110,
  116,
  105,
  116,
  121,
  18,
  4,
  119,
  97,
  114,
  109,
  90,
  15,
  10,
  1,
  120,
  18,
  10,
  10,
  8,
  8,
  1,
  18,
  4,
  10,
  2,
  8,
  1,
  98,
  15,
  10,
  1,
  121,
  18,
  10,
  10,
  8,
  8,
  1,
  18,
  4,
  10,
  2,
  8,
  1,
  66,
  4,
  10,
  0,
  16,
  17,
);

/**
 * Starts onnxruntime's WebAssembly runtime (fetch and compile of its wasm, instantiation, the thread pool) while the
 * model is still being read and prepared, by creating a session of a one-node model: on a cold start that work
 * otherwise waits for them. Only when WebAssembly will surely run (asked for, or no WebGPU adapter); never throws.
 */
export async function prewarmRuntime(preference: BackendPreference = 'auto', deps: SessionDeps = browserDeps): Promise<void> {
  try {
    if (preference !== 'wasm' && !(await deps.webgpuUnavailable(false))) return;
    const ort = await deps.loadOrt('wasm');
    const session = await ort.InferenceSession.create(WARM_MODEL.slice(), { executionProviders: ['wasm'] }); // a copy: the proxy transfers the bytes to its worker
    await session.release();
  } catch {
    // the real session reports any problem with the runtime
  }
}

export async function createSession(model: Uint8Array, preference: BackendPreference = 'auto', deps: SessionDeps = browserDeps): Promise<CreatedSession> {
  const { loadOrt, webgpuUnavailable } = deps;
  let backendNote: string | null;
  if (preference !== 'wasm') {
    // Asked for WebGPU explicitly or automatically: use it when the browser offers an adapter.
    const unavailable = await webgpuUnavailable(modelUsesFloat16(model));
    if (!unavailable) {
      try {
        const ort = await loadOrt('webgpu');
        const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' });
        return { ort, session, backend: 'webgpu', backendNote: null };
      } catch (err) {
        backendNote = t('backend_webgpu_failed', err instanceof Error ? err.message : String(err));
      }
    } else {
      backendNote = t('backend_wasm_because', unavailable);
    }
  } else {
    backendNote = t('backend_wasm_chosen');
  }
  const ort = await loadOrt('wasm');
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const threads = Number(ort.env?.wasm?.numThreads ?? 1);
  return { ort, session, backend: 'wasm', backendNote: threads > 1 ? t('backend_threads', backendNote, threads) : backendNote };
}
