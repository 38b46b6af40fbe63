// Creates the onnxruntime-web session: WebGPU when the browser offers an adapter, WASM otherwise,
// and reports which one actually ran (and why WebGPU was not used). Each backend loads its own ORT
// build on demand: the CPU-only build's wasm is half the size and compiles much faster.
import type * as OrtTypes from 'onnxruntime-web';
// The wasm binaries ship inside the extension (no remote code); Vite emits them as assets.
import wasmCpuUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm?url';
import wasmGpuUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { Backend } from '../shared/attention-result';
import type { BackendPreference } from '../shared/protocol';

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
  ort.env.wasm.wasmPaths = { wasm: new URL(backend === 'webgpu' ? wasmGpuUrl : wasmCpuUrl, location.href).href };
  // ORT would start worker threads from our own bundled chunk; one thread keeps that out of the picture.
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return ort;
}

async function webgpuUnavailable(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter is available';
  } catch (err) {
    return `WebGPU adapter request failed (${String(err)})`;
  }
}

export interface SessionDeps {
  loadOrt: (backend: Backend) => Promise<Ort>;
  webgpuUnavailable: () => Promise<string | null>;
}

const browserDeps: SessionDeps = { loadOrt, webgpuUnavailable };

export async function createSession(model: Uint8Array, preference: BackendPreference = 'auto', deps: SessionDeps = browserDeps): Promise<CreatedSession> {
  const { loadOrt, webgpuUnavailable } = deps;
  let backendNote: string | null;
  if (preference !== 'wasm') {
    // Asked for WebGPU explicitly or automatically: use it when the browser offers an adapter.
    const unavailable = await webgpuUnavailable();
    if (!unavailable) {
      try {
        const ort = await loadOrt('webgpu');
        const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' });
        return { ort, session, backend: 'webgpu', backendNote: null };
      } catch (err) {
        backendNote = `WebGPU failed (${err instanceof Error ? err.message : String(err)}); using WebAssembly`;
      }
    } else {
      backendNote = `WebAssembly: ${unavailable}`;
    }
  } else {
    backendNote = 'WebAssembly (chosen in settings)';
  }
  const ort = await loadOrt('wasm');
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return { ort, session, backend: 'wasm', backendNote };
}
