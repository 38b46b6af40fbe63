// Creates the onnxruntime-web session: WebGPU when the browser offers an adapter, WASM otherwise,
// and reports which one actually ran (and why WebGPU was not used).
import * as ort from 'onnxruntime-web/webgpu';
// The wasm binary ships inside the extension (no remote code); Vite emits it as an asset.
import ortWasmUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { Backend } from '../shared/attention-result';

// The bundled ORT would spawn its worker threads from our own chunk; one thread keeps it simple and safe.
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export type BackendPreference = 'auto' | Backend;

export interface CreatedSession {
  session: ort.InferenceSession;
  backend: Backend;
  backendNote: string | null;
}

async function webgpuAvailable(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'this browser has no WebGPU';
  try {
    return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter is available';
  } catch (err) {
    return `WebGPU adapter request failed (${String(err)})`;
  }
}

export async function createSession(model: Uint8Array, preference: BackendPreference = 'auto'): Promise<CreatedSession> {
  // Set here, after every import ran: transformers.js points wasmPaths at a CDN when it finds none.
  ort.env.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, location.href).href };
  let backendNote: string | null = null;
  if (preference !== 'wasm') {
    const unavailable = await webgpuAvailable();
    if (!unavailable) {
      try {
        const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'], graphOptimizationLevel: 'all' });
        return { session, backend: 'webgpu', backendNote: null };
      } catch (err) {
        backendNote = `WebGPU failed (${err instanceof Error ? err.message : String(err)}); using WebAssembly`;
      }
    } else {
      backendNote = `WebAssembly: ${unavailable}`;
    }
  } else {
    backendNote = 'WebAssembly (chosen in settings)';
  }
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return { session, backend: 'wasm', backendNote };
}

export { ort };
