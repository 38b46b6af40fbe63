// Byte accounting of a multi-file download: overall bytes, percent, throttling, completion.
import { describe, expect, it } from 'vitest';
import { ProgressTracker, type DownloadProgress } from '../../src/hub/progress';

function tracker(files: Array<{ file: string; total: number | null }>, intervalMs = 100) {
  const events: DownloadProgress[] = [];
  let t = 0;
  const tr = new ProgressTracker(files, (p) => events.push(p), { intervalMs, now: () => t });
  return { tr, events, tick: (ms: number) => (t += ms) };
}

describe('ProgressTracker', () => {
  it('sums every file into one total and percent', () => {
    const { tr, events, tick } = tracker([
      { file: 'config.json', total: 100 },
      { file: 'onnx/model.onnx', total: 900 },
    ]);
    tr.add('onnx/model.onnx', 450);
    expect(events.at(-1)).toMatchObject({ file: 'onnx/model.onnx', fileLoaded: 450, fileTotal: 900, loaded: 450, total: 1000, percent: 45, done: false });
    tick(100);
    tr.add('config.json', 100);
    tr.complete('config.json');
    expect(events.at(-1)).toMatchObject({ loaded: 550, total: 1000, percent: 55 });
    tick(100);
    tr.add('onnx/model.onnx', 450);
    // every byte arrived, but the file is not confirmed complete: never 100 before done
    expect(events.at(-1)!.percent).toBeLessThan(100);
    tr.complete('onnx/model.onnx');
    expect(events.at(-1)).toMatchObject({ loaded: 1000, total: 1000, percent: 100, done: true });
  });

  it('throttles chunk events but always reports completions', () => {
    const { tr, events, tick } = tracker([{ file: 'a', total: 1000 }], 100);
    for (let i = 0; i < 10; i++) {
      tr.add('a', 50);
      tick(10);
    }
    expect(events.length).toBe(1); // the first chunk, then nothing within 100 ms
    tick(100);
    tr.add('a', 50);
    expect(events.length).toBe(2);
    tr.complete('a');
    expect(events.length).toBe(3);
    const loaded = events.map((e) => e.loaded);
    expect([...loaded].sort((x, y) => x - y)).toEqual(loaded); // monotonic
  });

  it('has no percent while a size is unknown, and counts extra bytes of compressed transfers', () => {
    const { tr, events } = tracker(
      [
        { file: 'tokenizer.json', total: null },
        { file: 'onnx/model.onnx', total: 100 },
      ],
      0,
    );
    tr.add('tokenizer.json', 10);
    expect(events.at(-1)!.percent).toBeNull();
    tr.complete('tokenizer.json');
    expect(events.at(-1)).toMatchObject({ total: 110, percent: 9.1 });
    tr.add('onnx/model.onnx', 130); // gzip: more bytes than content-length
    expect(events.at(-1)!.total).toBe(140);
    expect(events.at(-1)!.percent).toBeLessThan(100);
    tr.complete('onnx/model.onnx');
    expect(events.at(-1)).toMatchObject({ loaded: 140, total: 140, percent: 100, done: true });
  });

  it('refuses bytes for a file it does not know', () => {
    const { tr } = tracker([{ file: 'a', total: 1 }]);
    expect(() => tr.add('b', 1)).toThrow(/unknown file b/);
  });
});
