// Backend choice: WebGPU when an adapter exists; a failing WebGPU provider falls back to WASM and
// says why (the popup/overlay show that note next to the backend).
import { describe, expect, it } from 'vitest';
import { createSession, wasmThreads, type Ort } from '../../src/engine/session';

function fakeOrt(name: string, fail?: string, numThreads?: number): Ort {
  return {
    env: { wasm: { numThreads } },
    InferenceSession: {
      create: async (_bytes: Uint8Array, opts: { executionProviders: string[] }) => {
        if (fail) throw new Error(fail);
        return { provider: opts.executionProviders[0], name };
      },
    },
  } as unknown as Ort;
}

const model = new Uint8Array([1, 2, 3]);

describe('createSession', () => {
  it('runs on WebGPU when an adapter exists', async () => {
    const s = await createSession(model, 'auto', { webgpuUnavailable: async () => null, loadOrt: async (b) => fakeOrt(b) });
    expect(s.backend).toBe('webgpu');
    expect(s.backendNote).toBeNull();
  });

  it('falls back to WASM when the WebGPU provider fails, and says why', async () => {
    const s = await createSession(model, 'auto', {
      webgpuUnavailable: async () => null,
      loadOrt: async (b) => (b === 'webgpu' ? fakeOrt(b, 'no available backend found: webgpu device lost') : fakeOrt(b)),
    });
    expect(s.backend).toBe('wasm');
    expect(s.backendNote).toMatch(/WebGPU failed \(no available backend found: webgpu device lost\); using WebAssembly/);
  });

  it('uses WASM without trying WebGPU when there is no adapter', async () => {
    const tried: string[] = [];
    const s = await createSession(model, 'auto', {
      webgpuUnavailable: async () => 'no WebGPU adapter is available',
      loadOrt: async (b) => (tried.push(b), fakeOrt(b)),
    });
    expect(tried).toEqual(['wasm']);
    expect(s.backendNote).toBe('WebAssembly: no WebGPU adapter is available');
  });

  it('honours an explicit WASM choice', async () => {
    const s = await createSession(model, 'wasm', { webgpuUnavailable: async () => null, loadOrt: async (b) => fakeOrt(b) });
    expect(s.backend).toBe('wasm');
    expect(s.backendNote).toMatch(/chosen in settings/);
  });

  it('says how many WebAssembly threads run', async () => {
    const s = await createSession(model, 'wasm', { webgpuUnavailable: async () => null, loadOrt: async (b) => fakeOrt(b, undefined, 2) });
    expect(s.backendNote).toBe('WebAssembly (chosen in settings) · 2 threads');
  });
});

describe('wasmThreads', () => {
  it('uses threads only in a cross-origin-isolated page (SharedArrayBuffer), at most 4', () => {
    expect(wasmThreads(false, 8)).toBe(1);
    expect(wasmThreads(true, 1)).toBe(1);
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 16)).toBe(4);
  });
});
