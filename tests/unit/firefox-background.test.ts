// Firefox's background page (an MV3 event page that Firefox suspends when idle): when it keeps itself awake
// (src/background/keep-awake.ts) and how it lets Firefox free onnxruntime's memory on suspension
// (src/engine/wasm-waiters.ts: a pending Atomics.waitAsync would keep the suspended page alive).
import { afterEach, describe, expect, it, vi } from 'vitest';

const getPlatformInfo = vi.fn(() => Promise.resolve({ os: 'linux' }));
vi.mock('webextension-polyfill', () => ({ default: { runtime: { getPlatformInfo } } }));
const { registerKeepAwake, shouldStayAwake } = await import('../../src/background/keep-awake');
const { releaseWasmWaiters, resumeWasmWaiters, trackWasmWaiters, wasmWaiterCounts } = await import('../../src/engine/wasm-waiters');

describe('keep awake', () => {
  afterEach(() => vi.useRealTimers());

  it('stays awake while it works, and while a pinned overlay follows with the model loaded', () => {
    expect(shouldStayAwake({ busy: true, modelLoaded: false, pinnedOverlay: false })).toBe(true);
    expect(shouldStayAwake({ busy: false, modelLoaded: true, pinnedOverlay: true })).toBe(true);
    // the model unloaded (the user's idle setting): the page is let go even with the overlay pinned
    expect(shouldStayAwake({ busy: false, modelLoaded: false, pinnedOverlay: true })).toBe(false);
    // a loaded model alone (popup closed, no pinned overlay): Firefox's normal idle suspension
    expect(shouldStayAwake({ busy: false, modelLoaded: true, pinnedOverlay: false })).toBe(false);
  });

  it('tells Firefox it is active on each tick it should stay awake, and only then', async () => {
    vi.useFakeTimers();
    let inputs = { busy: false, modelLoaded: true, pinnedOverlay: true };
    const stop = registerKeepAwake(() => Promise.resolve(inputs), 1000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(getPlatformInfo).toHaveBeenCalledTimes(3);
    inputs = { busy: false, modelLoaded: false, pinnedOverlay: true };
    await vi.advanceTimersByTimeAsync(3000);
    expect(getPlatformInfo).toHaveBeenCalledTimes(3);
    stop();
  });
});

describe('wasm waiters', () => {
  it('wakes the pending waits before a suspension, holds new ones back, and starts them again if it is cancelled', async () => {
    const atomics = {
      waitAsync: (Atomics as unknown as { waitAsync: (...a: unknown[]) => { async: boolean; value: unknown } }).waitAsync,
      notify: Atomics.notify,
    };
    expect(trackWasmWaiters(atomics as never)).toBe(true);
    const cell = new Int32Array(new SharedArrayBuffer(8));
    const first = atomics.waitAsync(cell, 0, 0) as { async: boolean; value: Promise<string> };
    expect(first.async).toBe(true);
    expect(wasmWaiterCounts()).toEqual({ waiting: 1, held: 0 });

    expect(releaseWasmWaiters()).toBe(1);
    expect(await first.value).toBe('ok');
    // Emscripten waits again at once: that wait must not register on the memory while the page is going away.
    const again = atomics.waitAsync(cell, 0, 0) as { async: boolean; value: Promise<string> };
    expect(wasmWaiterCounts()).toEqual({ waiting: 0, held: 1 });
    expect(Atomics.notify(cell, 0)).toBe(0);

    resumeWasmWaiters(); // the suspension was cancelled
    expect(wasmWaiterCounts()).toEqual({ waiting: 1, held: 0 });
    expect(Atomics.notify(cell, 0)).toBe(1);
    expect(await again.value).toBe('ok');
  });
});
