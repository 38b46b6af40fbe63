// Long text: window boundaries, stitching, and running statistics equal to statistics over everything at once.
import { describe, expect, it } from 'vitest';
import { centralWindow, planWindows, stitchScores } from '../../src/core/tokens/windows';
import { RunningHeadStats } from '../../src/core/attention/running-stats';
import { RunningPooledMaps } from '../../src/core/attention/pooled-maps';

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
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
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

describe('RunningHeadStats over per-layer outputs, with pooled maps', () => {
  // local imports keep the first part of this file as it was
  const make = (L: number, H: number, n: number, seed: number) => {
    let x = seed;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) ** 2;
    return Array.from({ length: L }, () => {
      const a = new Float32Array(H * n * n);
      for (let r = 0; r < H * n; r++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[r * n + j] = rand() + 1e-6;
        for (let j = 0; j < n; j++) a[r * n + j] /= s;
      }
      return a;
    });
  };
  const win = (n: number, seed: number) => {
    const words = Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? -1 : Math.floor((i - 1) / 3)));
    return { layers: make(2, 3, n, seed), n, rows: words.map((w) => w >= 0), cls: [0], sep: [n - 1], words };
  };

  it('addByLayer pauses after every layer but the last, counts the window only at its end, and equals add()', () => {
    const make4 = (n: number, seed: number) => ({ ...win(n, seed), layers: [...make(2, 3, n, seed), ...make(2, 3, n, seed + 1)] });
    const wins = [make4(12, 3), make4(20, 5)];
    const whole = new RunningHeadStats(4, 3);
    const stepped = new RunningHeadStats(4, 3);
    const pooledWhole = new RunningPooledMaps(4, 3, 8);
    const pooledStepped = new RunningPooledMaps(4, 3, 8);
    for (const w of wins) {
      whole.add(w, pooledWhole);
      const steps = stepped.addByLayer(w, pooledStepped);
      let pauses = 0;
      let step = steps.next();
      while (!step.done) {
        pauses++;
        expect(stepped.windows, 'the window is not counted before its last layer').toBe(wins.indexOf(w));
        step = steps.next();
      }
      expect(pauses).toBe(3); // 4 layers: a pause between each two
      expect(step.value).toBe(-1); // every value finite
      expect(stepped.windows).toBe(wins.indexOf(w) + 1);
    }
    expect(stepped.result()).toEqual(whole.result());
    expect(Array.from(pooledStepped.mean())).toEqual(Array.from(pooledWhole.mean()));
  });

  it('equals matrixStats / offsetProfile over all windows’ rows together (per-layer input = packed input)', async () => {
    const { matrixStats } = await import('../../src/core/attention/head-stats');
    const { offsetProfile, MAX_OFFSET } = await import('../../src/core/attention/head-roles');
    const wins = [win(12, 3), win(20, 5), win(7, 9)];
    const run = new RunningHeadStats(2, 3);
    const packed = new RunningHeadStats(2, 3);
    for (const w of wins) {
      run.add(w);
      const attentions = new Float32Array(2 * 3 * w.n * w.n);
      w.layers.forEach((l, k) => attentions.set(l, k * l.length));
      packed.add({ ...w, layers: undefined, attentions });
    }
    expect(packed.result()).toEqual(run.result());
    const got = run.result();
    for (let l = 0; l < 2; l++) {
      for (let h = 0; h < 3; h++) {
        // weighted means of the per-window statistics by their own row counts = the statistics of all rows together
        const parts = wins.map((w) => {
          const m = w.layers[l].subarray(h * w.n * w.n, (h + 1) * w.n * w.n);
          const rows = w.rows.filter(Boolean).length;
          const word = w.rows.filter((r, i) => r && w.words.filter((x) => x === w.words[i]).length > 1).length;
          return { s: matrixStats(m, w.n, w.rows, w.cls, w.sep, w.words), rows, prev: rows, next: rows, word, off: offsetProfile(m, w.n, w.rows) };
        });
        const mean = (key: 'entropy' | 'meanDistance' | 'clsMass' | 'sepMass' | 'selfMass' | 'prevMass' | 'nextMass' | 'wordMass', weight: 'rows' | 'word') =>
          parts.reduce((t, p) => t + p.s[key] * p[weight], 0) / parts.reduce((t, p) => t + p[weight], 0);
        const g = got[l * 3 + h];
        for (const key of ['entropy', 'meanDistance', 'clsMass', 'sepMass', 'selfMass', 'prevMass', 'nextMass'] as const)
          expect(g[key]).toBeCloseTo(mean(key, 'rows'), 6);
        expect(g.wordMass).toBeCloseTo(mean('wordMass', 'word'), 6);
        // offset k = −1 (every row here has a key i − 1): the plain mean over windows weighted by rows
        const k = MAX_OFFSET - 1;
        expect(g.offsets[k]).toBeCloseTo(parts.reduce((t, p) => t + p.off[k] * p.rows, 0) / parts.reduce((t, p) => t + p.rows, 0), 6);
      }
    }
    expect(run.splitWords).toBe(true);
  });

  it('pools every head onto the grid in the same pass: the mean over windows of each window’s block means', async () => {
    const { RunningPooledMaps, meanPool } = await import('../../src/core/attention/pooled-maps');
    const wins = [win(16, 2), win(9, 4), win(3, 6)]; // 3 < grid: tokens stretch over several cells
    const pooled = new RunningPooledMaps(2, 3, 4);
    const stats = new RunningHeadStats(2, 3);
    for (const w of wins) stats.add(w, pooled);
    const got = pooled.mean();
    for (let l = 0; l < 2; l++) {
      for (let h = 0; h < 3; h++) {
        const want = new Float64Array(16);
        for (const w of wins) meanPool(w.layers[l].subarray(h * w.n * w.n, (h + 1) * w.n * w.n), w.n, 4).forEach((v, c) => (want[c] += v / wins.length));
        const at = (l * 3 + h) * 16;
        want.forEach((v, c) => expect(got[at + c]).toBeCloseTo(v, 6));
      }
    }
    // block means of a row-stochastic matrix: each grid row of a window averages to 1/n·(n/G)… the total mass is kept
    const m = wins[0].layers[0].subarray(0, 256);
    const p = meanPool(m, 16, 4);
    expect(p.reduce((s, v) => s + v, 0) * 16).toBeCloseTo(16, 4); // every cell is 4×4: sum of means × 16 = sum of m
  });
});
