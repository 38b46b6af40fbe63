// The running page statistics and pooled maps (src/core/attention/running-stats.ts, pooled-maps.ts) at their
// edges: the grid bins' partition flag, the bins cache, averages over no windows or no rows, the (layer, head) of each
// result, split-word tracking, the first non-finite layer, and the error for a window whose arrays are too short.
import { describe, expect, it } from 'vitest';
import { meanPool, poolBins, RunningPooledMaps } from '../../src/core/attention/pooled-maps';
import { RunningHeadStats } from '../../src/core/attention/running-stats';
import { stochasticRows } from '../support/stochastic-rows';

const stochastic = stochasticRows;

describe('poolBins', () => {
  it('marks the bins a partition exactly when the window has at least as many tokens as the grid has cells a side', () => {
    expect(poolBins(40, 8).partition).toBe(true);
    expect(poolBins(8, 8).partition).toBe(true);
    expect(poolBins(7, 8).partition).toBe(false);
    expect(poolBins(1, 4).partition).toBe(false);
  });

  it('splits n tokens into consecutive column ranges; with fewer tokens than cells each token covers neighbouring cells', () => {
    const even = poolBins(8, 4);
    expect(Array.from(even.colFrom)).toEqual([0, 2, 4, 6]);
    expect(Array.from(even.colTo)).toEqual([2, 4, 6, 8]);
    expect(Array.from(even.rowFrom)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(Array.from(even.rowTo)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(Array.from(even.cellWeight)).toEqual(new Array(16).fill(1 / 4));
    const stretched = poolBins(2, 4);
    expect(Array.from(stretched.colFrom)).toEqual([0, 0, 1, 1]);
    expect(Array.from(stretched.colTo)).toEqual([1, 1, 2, 2]);
    expect(Array.from(stretched.rowFrom)).toEqual([0, 2]);
    expect(Array.from(stretched.rowTo)).toEqual([2, 4]);
    expect(Array.from(stretched.cellWeight)).toEqual(new Array(16).fill(1));
    const uneven = poolBins(5, 2);
    expect(Array.from(uneven.colFrom)).toEqual([0, 2]);
    expect(Array.from(uneven.colTo)).toEqual([2, 5]);
    expect(Array.from(uneven.cellWeight)).toEqual([1 / 4, 1 / 6, 1 / 6, 1 / 9]);
  });
});

describe('meanPool', () => {
  it('each cell is the mean of its block; a single token fills the whole grid', () => {
    const m = Float32Array.from({ length: 16 }, (_, k) => k);
    expect(Array.from(meanPool(m, 4, 2))).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(Array.from(meanPool(Float32Array.of(0.75), 1, 3))).toEqual(new Array(9).fill(0.75));
    // 5 tokens on 2 bins: rows/columns [0, 2) and [2, 5)
    const five = Float32Array.from({ length: 25 }, (_, k) => k % 7);
    const want = [0, 0, 0, 0];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) want[(i < 2 ? 0 : 2) + (j < 2 ? 0 : 1)] += five[i * 5 + j];
    [4, 6, 6, 9].forEach((size, c) => (want[c] /= size));
    Array.from(meanPool(five, 5, 2)).forEach((v, c) => expect(v).toBeCloseTo(want[c], 5));
  });
});

describe('RunningPooledMaps', () => {
  it('the mean of no windows is all zeros', () => {
    const p = new RunningPooledMaps(2, 3, 4);
    const mean = p.mean();
    expect(mean).toHaveLength(2 * 3 * 16);
    expect(Array.from(mean).every((v) => v === 0)).toBe(true);
  });

  it('averages the pooled maps over the windows added', () => {
    const n = 6;
    const a = stochastic(n, n, 1);
    const b = stochastic(n, n, 2);
    const p = new RunningPooledMaps(1, 1, 3);
    const stats = new RunningHeadStats(1, 1);
    const rows = new Array<boolean>(n).fill(true);
    stats.add({ layers: [a], n, rows, cls: [], sep: [], words: [] }, p);
    stats.add({ layers: [b], n, rows, cls: [], sep: [], words: [] }, p);
    expect(p.windows).toBe(2);
    const pa = meanPool(a, n, 3);
    const pb = meanPool(b, n, 3);
    Array.from(p.mean()).forEach((v, c) => expect(v).toBeCloseTo((pa[c] + pb[c]) / 2, 6));
  });

  it('caches the bins of each window length', () => {
    const p = new RunningPooledMaps(1, 1, 8);
    const b10 = p.binsFor(10);
    expect(p.binsFor(10)).toBe(b10);
    const b11 = p.binsFor(11);
    expect(p.binsFor(10)).toBe(b10);
    expect(p.binsFor(11)).toBe(b11);
    expect(b10).toEqual(poolBins(10, 8));
  });

  it('keeps nine window lengths cached, and starts over beyond that', () => {
    const p = new RunningPooledMaps(1, 1, 4);
    const first = p.binsFor(1);
    for (let n = 2; n <= 9; n++) p.binsFor(n);
    expect(p.binsFor(1)).toBe(first); // nine lengths: all kept
    p.binsFor(10); // a tenth: the cache is cleared first
    const again = p.binsFor(1);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe('RunningHeadStats', () => {
  const window = (n: number, layers: Float32Array[], words: number[] = []) => ({
    layers,
    n,
    rows: Array.from({ length: n }, (_, i) => i > 0 && i < n - 1),
    cls: [0],
    sep: [n - 1],
    words,
  });

  it('labels each result with its layer and head, layer-major', () => {
    const s = new RunningHeadStats(2, 3);
    s.add(window(4, [stochastic(12, 4, 1), stochastic(12, 4, 2)]));
    expect(s.result().map((r) => [r.layer, r.head])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });

  it('statistics with nothing to average over are 0, not NaN', () => {
    const s = new RunningHeadStats(1, 2);
    for (const r of s.result()) {
      for (const v of [r.entropy, r.meanDistance, r.clsMass, r.sepMass, r.selfMass, r.prevMass, r.nextMass, r.wordMass, ...r.offsets]) expect(v).toBe(0);
      expect(r.rows).toBe(0);
    }
    // only row 0 averaged: no previous token, no split word, no keys left of the query
    s.add({ layers: [stochastic(6, 3, 3)], n: 3, rows: [true, false, false], cls: [], sep: [], words: [] });
    for (const r of s.result()) {
      expect(r.rows).toBe(1);
      expect(r.prevMass).toBe(0);
      expect(r.wordMass).toBe(0);
      expect(r.nextMass).toBeGreaterThan(0);
      expect(r.offsets.slice(0, r.offsets.length >> 1).every((v) => v === 0)).toBe(true);
      expect(Number.isFinite(r.entropy)).toBe(true);
    }
  });

  it('tracks whether any averaged row belongs to a word of several pieces', () => {
    const s = new RunningHeadStats(1, 1);
    expect(s.splitWords).toBe(false);
    s.add(window(5, [stochastic(5, 5, 4)], [-1, 0, 1, 2, -1]));
    expect(s.splitWords).toBe(false);
    s.add(window(5, [stochastic(5, 5, 5)], [-1, 0, 0, 1, -1]));
    expect(s.splitWords).toBe(true);
    s.add(window(5, [stochastic(5, 5, 6)], [-1, 0, 1, 2, -1]));
    expect(s.splitWords).toBe(true);
  });

  it('returns the first layer holding a non-finite value, even when a later layer holds one too', () => {
    const n = 4;
    const layers = [stochastic(2 * n, n, 7), stochastic(2 * n, n, 8), stochastic(2 * n, n, 9)];
    layers[0][n + 1] = Number.NaN; // layer 0, row 1
    layers[2][n * n + 2 * n] = Number.POSITIVE_INFINITY; // layer 2, head 1, row 2
    expect(new RunningHeadStats(3, 2).add(window(n, layers))).toBe(0);
    layers[0][n + 1] = 0.25;
    expect(new RunningHeadStats(3, 2).add(window(n, layers))).toBe(2);
  });

  it('refuses a window whose arrays are shorter than heads × n × n, naming the layer and what it got', () => {
    const n = 3;
    const H = 2;
    const ok = stochastic(H * n, n, 10);
    const s = new RunningHeadStats(2, H);
    expect(() => s.add(window(n, [ok, ok.subarray(0, 17)]))).toThrow('layer 1: expected 2 × 3 × 3 values, got 17');
    // packed: layer 1 starts at 18 of 30 values
    const packed = new Float32Array(30).fill(1 / 3);
    const w = { attentions: packed, n, rows: [false, true, false], cls: [0], sep: [2], words: [] };
    expect(() => new RunningHeadStats(2, H).add(w)).toThrow('layer 1: expected 2 × 3 × 3 values, got 12');
    // exactly enough values: accepted
    expect(new RunningHeadStats(2, H).add({ ...w, attentions: new Float32Array(36).fill(1 / 3) })).toBe(-1);
  });
});
