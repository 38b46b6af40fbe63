// Firefox keeps a page's window alive after the page is gone while a promise from Atomics.waitAsync is still
// waiting on a shared WebAssembly memory. onnxruntime-web's Emscripten runtime leaves one such wait (its thread
// mailbox) on its memory for the page's whole life, so each time Firefox suspended the background page that had
// run the model, the old page stayed behind with the runtime's memory: ~170 MB more in the extension process per
// suspension (measured in firefox-esr 153: scripts/bench/firefox-keepalive.mjs). Recording those waits and waking
// them right before the page is suspended (releaseWasmWaiters) lets Firefox free the page; while released, new waits
// are held back (they never register on the memory), and resumeWasmWaiters() starts them when the suspension is
// cancelled. Pure JavaScript, no browser API: the background page calls these from Firefox's suspend events.

type WaitArray = Int32Array | BigInt64Array;
type WaitAsync = (array: WaitArray, index: number, value: number | bigint, timeout?: number) => { async: boolean; value: unknown };
interface AtomicsWithWaitAsync {
  waitAsync?: WaitAsync;
  notify(array: WaitArray, index: number, count?: number): number;
}

interface Held {
  args: [WaitArray, number, number | bigint, number | undefined];
  resolve: (value: unknown) => void;
}

let target: AtomicsWithWaitAsync | null = null;
const waiting = new Set<{ array: WaitArray; index: number }>();
const held: Held[] = [];
let released = false;

/** Starts recording Atomics.waitAsync calls (before onnxruntime loads). Returns false where there is no waitAsync. */
export function trackWasmWaiters(atomics: AtomicsWithWaitAsync = Atomics as unknown as AtomicsWithWaitAsync): boolean {
  if (target === atomics) return true;
  const wait = atomics.waitAsync;
  if (typeof wait !== 'function') return false;
  target = atomics;
  atomics.waitAsync = function waitAsync(array, index, value, timeout) {
    if (released) {
      // The page is being suspended: a wait that does not register on the memory, started if that is cancelled.
      let resolve!: (value: unknown) => void;
      const promise = new Promise((r) => (resolve = r));
      held.push({ args: [array, index, value, timeout], resolve });
      return { async: true, value: promise };
    }
    const res = wait.call(atomics, array, index, value, timeout);
    if (res.async && res.value instanceof Promise) {
      const entry = { array, index };
      waiting.add(entry);
      const done = () => waiting.delete(entry);
      res.value.then(done, done);
    }
    return res;
  };
  return true;
}

/** Wakes every recorded wait and holds back new ones; returns how many waiters were woken. */
export function releaseWasmWaiters(): number {
  released = true;
  let woken = 0;
  for (const { array, index } of [...waiting]) {
    try {
      woken += target?.notify(array, index) ?? 0;
    } catch {
      /* not a shared array any more */
    }
  }
  waiting.clear();
  return woken;
}

/** The suspension was cancelled: starts the waits held back meanwhile. */
export function resumeWasmWaiters(): void {
  released = false;
  for (const h of held.splice(0)) {
    const res = target?.waitAsync?.(...h.args);
    if (!res) continue;
    if (res.value instanceof Promise) res.value.then(h.resolve, h.resolve);
    else h.resolve(res.value);
  }
}

/** For tests: the number of waits recorded now and held back now. */
export function wasmWaiterCounts(): { waiting: number; held: number } {
  return { waiting: waiting.size, held: held.length };
}
