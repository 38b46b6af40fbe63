// Backend choice: WebGPU when an adapter exists; a failing WebGPU provider falls back to WASM and
// says why (the popup/overlay show that note next to the backend).
import { describe, expect, it } from 'vitest';
import { WARM_MODEL, createSession, modelUsesFloat16, prewarmRuntime, wasmThreads, type Ort } from '../../src/engine/session';
import { hubFixtureFile, hubFixtureRef } from '../fixtures/hub/helpers';

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

describe('float16 graphs on WebGPU', () => {
  const ref = hubFixtureRef('tiny-bert-mlm');
  const fp16 = hubFixtureFile(ref.id, ref.variantFiles.fp16);
  const fp32 = hubFixtureFile(ref.id, ref.variantFiles.fp32);

  it('asks the adapter for shader-f16 only for a float16 graph', async () => {
    const asked: boolean[] = [];
    const deps = { webgpuUnavailable: async (f16: boolean) => (asked.push(f16), null), loadOrt: async (b: string) => fakeOrt(b) };
    expect((await createSession(fp16, 'auto', deps)).backend).toBe('webgpu');
    expect((await createSession(fp32, 'auto', deps)).backend).toBe('webgpu');
    expect((await createSession(model, 'auto', deps)).backend).toBe('webgpu'); // not ONNX: counts as float32
    expect(asked).toEqual([true, false, false]);
    expect([modelUsesFloat16(fp16), modelUsesFloat16(fp32)]).toEqual([true, false]);
  });

  it('a float16 graph on an adapter without shader-f16 runs on WebAssembly and says why', async () => {
    const tried: string[] = [];
    const s = await createSession(fp16, 'webgpu', {
      webgpuUnavailable: async (f16) => (f16 ? 'this float16 model needs shader-f16, which the WebGPU adapter lacks' : null),
      loadOrt: async (b) => (tried.push(b), fakeOrt(b)),
    });
    expect(tried).toEqual(['wasm']);
    expect(s.backend).toBe('wasm');
    expect(s.backendNote).toMatch(/^WebAssembly: this float16 model needs shader-f16/);
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

describe('prewarmRuntime (cold start: the WebAssembly runtime starts while the model is read)', () => {
  /** Records which backend builds were loaded and what sessions were created. */
  function recording(opts: { adapter: boolean; fail?: string }) {
    const loaded: string[] = [];
    const created: number[] = [];
    let released = 0;
    const deps = {
      webgpuUnavailable: async () => (opts.adapter ? null : 'no WebGPU adapter is available'),
      loadOrt: async (b: string) => {
        loaded.push(b);
        if (opts.fail) throw new Error(opts.fail);
        return {
          env: { wasm: {} },
          InferenceSession: { create: async (bytes: Uint8Array) => (created.push(bytes.length), { release: async () => void released++ }) },
        } as unknown as Ort;
      },
    };
    return { deps, loaded, created, released: () => released };
  }

  it('starts the WebAssembly runtime with a one-node model, and releases it, when WebAssembly will run', async () => {
    for (const [pref, adapter] of [
      ['wasm', true],
      ['auto', false],
    ] as const) {
      const r = recording({ adapter });
      await prewarmRuntime(pref, r.deps);
      expect(r.loaded).toEqual(['wasm']);
      expect(r.created).toEqual([70]);
      expect(r.released()).toBe(1);
    }
  });

  it('loads nothing when WebGPU may run (its build loads only when chosen)', async () => {
    const r = recording({ adapter: true });
    await prewarmRuntime('auto', r.deps);
    expect(r.loaded).toEqual([]);
  });

  it('never throws: the real session reports a broken runtime', async () => {
    const r = recording({ adapter: false, fail: 'wasm fetch failed' });
    await expect(prewarmRuntime('auto', r.deps)).resolves.toBeUndefined();
  });
});

it('the warm-up model is a valid ONNX model onnxruntime runs (an Identity)', async () => {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(WARM_MODEL);
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(0.25), [1]) });
  expect(Array.from(out.y.data as Float32Array)).toEqual([0.25]);
  await session.release();
});
