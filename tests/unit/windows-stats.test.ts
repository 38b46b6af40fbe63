// Long text: window boundaries, stitching, and running statistics equal to statistics over everything at once.
import { describe, expect, it } from 'vitest';
import { centralWindow, planWindows, stitchScores } from '../../src/core/tokens/windows';
import { RunningHeadStats } from '../../src/core/attention/running-stats';

describe('planWindows', () => {
  it('one window when everything fits', () => {
    expect(planWindows(510, { size: 510 })).toEqual([{ start: 0, end: 510 }]);
    expect(planWindows(3, { size: 510 })).toEqual([{ start: 0, end: 3 }]);
  });

  it('covers everything with the requested overlap when there are no sentence ends', () => {
    const w = planWindows(1000, { size: 510, overlap: 128 });
    expect(w).toEqual([
      { start: 0, end: 510 },
      { start: 382, end: 892 },
      { start: 764, end: 1000 },
    ]);
    for (let k = 1; k < w.length; k++) expect(w[k - 1].end - w[k].start).toBe(128);
  });

  it('ends windows at sentence ends in their tail and starts the next at a sentence start', () => {
    // sentences end after tokens 99, 199, …, 999
    const ends = Array.from({ length: 10 }, (_, k) => (k + 1) * 100);
    const w = planWindows(1000, { size: 510, overlap: 128, sentenceEnds: ends });
    expect(w[0]).toEqual({ start: 0, end: 500 }); // 500 is the last sentence end in [382, 510]
    expect(w[1].start).toBe(400); // 500 − 128 = 372 → the next sentence start, 400
    expect(w.at(-1)!.end).toBe(1000);
    for (const x of w) expect(x.end - x.start).toBeLessThanOrEqual(510);
    for (let k = 1; k < w.length; k++) expect(w[k].start).toBeLessThan(w[k - 1].end); // overlapping
  });

  it('caps the overlap at half a window and always moves forward', () => {
    const w = planWindows(100, { size: 10, overlap: 50 });
    for (let k = 1; k < w.length; k++) {
      expect(w[k].start).toBeGreaterThan(w[k - 1].start);
      expect(w[k - 1].end - w[k].start).toBeLessThanOrEqual(5);
    }
    expect(w.at(-1)!.end).toBe(100);
  });
});

describe('stitching', () => {
  it('takes each token from the window where it is most central', () => {
    const windows = [
      { start: 0, end: 6 },
      { start: 4, end: 10 },
    ];
    // token 4: margin 1 in w0 (5 − 4), 0 in w1 → w0; token 5: margin 0 in w0, 1 in w1 → w1
    expect(Array.from(centralWindow(10, windows))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const s = stitchScores(10, windows, [Float32Array.from([0, 1, 2, 3, 4, 5]), Float32Array.from([40, 50, 60, 70, 80, 90])]);
    expect(Array.from(s)).toEqual([0, 1, 2, 3, 4, 50, 60, 70, 80, 90]);
  });
});

describe('RunningHeadStats', () => {
  it('equals the statistics over all rows of the windows taken together', () => {
    // two "windows" of a 1-layer, 2-head model with different n; random rows normalised
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const make = (n: number) => {
      const a = new Float32Array(2 * n * n);
      for (let r = 0; r < 2 * n; r++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[r * n + j] = rand();
        for (let j = 0; j < n; j++) a[r * n + j] /= s;
      }
      return a;
    };
    const wins = [6, 9].map((n) => ({
      attentions: make(n),
      n,
      rows: Array.from({ length: n }, (_, i) => i > 0 && i < n - 1),
      cls: [0],
      sep: [n - 1],
      words: Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? -1 : Math.floor(i / 2))),
    }));
    const run = new RunningHeadStats(1, 2);
    for (const w of wins) run.add(w);
    const got = run.result();
    // by hand, row by row over both windows together (no use of matrixStats)
    for (let h = 0; h < 2; h++) {
      let ent = 0;
      let cls = 0;
      let prev = 0;
      let rows = 0;
      let prevRows = 0;
      for (const w of wins) {
        const n = w.n;
        for (let i = 0; i < n; i++) {
          if (!w.rows[i]) continue;
          const row = w.attentions.subarray((h * n + i) * n, (h * n + i + 1) * n);
          ent -= Array.from(row).reduce((t, v) => t + (v > 0 ? v * Math.log(v) : 0), 0);
          cls += row[0];
          rows++;
          if (i >= 1) {
            prev += row[i - 1];
            prevRows++;
          }
        }
      }
      expect(got[h].entropy).toBeCloseTo(ent / rows, 6);
      expect(got[h].clsMass).toBeCloseTo(cls / rows, 6);
      expect(got[h].prevMass).toBeCloseTo(prev / prevRows, 6);
      expect(got[h].rows).toBe(rows);
    }
    expect(run.windows).toBe(2);
    expect(run.tokens).toBe(15);
  });
});
