// softmaxTopK: the k most probable ids of a softmax over one row of a logits buffer, most probable first.
import { describe, expect, it } from 'vitest';
import { softmaxTopK } from '../../src/core/attention/top-k';

/** The full softmax of a row, computed the plain way (for comparing probabilities). */
function softmax(row: number[]): number[] {
  const e = row.map((x) => Math.exp(x));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

describe('softmaxTopK', () => {
  it('returns the k most probable ids, most probable first, with their softmax probabilities', () => {
    const row = [0.5, 2, -1, 3, 1];
    const p = softmax(row);
    const top = softmaxTopK(row, 0, row.length, 3);
    expect(top.map((e) => e.id)).toEqual([3, 1, 4]);
    expect(top[0].prob).toBeCloseTo(p[3], 12);
    expect(top[1].prob).toBeCloseTo(p[1], 12);
    expect(top[2].prob).toBeCloseTo(p[4], 12);
    expect(Object.keys(top[0]).sort()).toEqual(['id', 'prob']);
  });

  it('sorts logits that arrive in increasing order', () => {
    const row = [1, 2, 3, 4, 5, 6];
    expect(softmaxTopK(row, 0, 6, 4).map((e) => e.id)).toEqual([5, 4, 3, 2]);
  });

  it('keeps logits that arrive in decreasing order as they are', () => {
    const row = [6, 5, 4, 3, 2, 1];
    expect(softmaxTopK(row, 0, 6, 4).map((e) => e.id)).toEqual([0, 1, 2, 3]);
  });

  it('finds the best ids wherever they sit in the row (interleaved order)', () => {
    const row = [2, 9, 1, 7, 3, 8, 0, 5];
    const top = softmaxTopK(row, 0, row.length, 3);
    expect(top.map((e) => e.id)).toEqual([1, 5, 3]);
    const p = softmax(row);
    top.forEach((e) => expect(e.prob).toBeCloseTo(p[e.id], 12));
  });

  it('with k = vocab returns every id, probabilities summing to 1', () => {
    const row = [0.3, -2, 1.7, 0.9];
    const top = softmaxTopK(row, 0, 4, 4);
    expect(top.map((e) => e.id)).toEqual([2, 3, 0, 1]);
    expect(top.reduce((s, e) => s + e.prob, 0)).toBeCloseTo(1, 12);
  });

  it('with k = 1 returns only the arg max', () => {
    const row = [0.1, 0.4, 0.2, 0.3];
    const top = softmaxTopK(row, 0, 4, 1);
    expect(top).toHaveLength(1);
    expect(top[0].id).toBe(1);
    expect(top[0].prob).toBeCloseTo(softmax(row)[1], 12);
  });

  it('returns at most vocab entries when k is larger than the vocabulary', () => {
    const row = [1, 3, 2];
    const top = softmaxTopK(row, 0, 3, 5);
    expect(top.map((e) => e.id)).toEqual([1, 2, 0]);
    top.forEach((e) => expect(Number.isFinite(e.prob)).toBe(true));
  });

  it('keeps the earlier id first among equal logits, also at the cut-off', () => {
    expect(softmaxTopK([1, 1, 1], 0, 3, 3).map((e) => e.id)).toEqual([0, 1, 2]);
    expect(softmaxTopK([0, 2, 5, 2, 2], 0, 5, 2).map((e) => e.id)).toEqual([2, 1]);
    const tied = softmaxTopK([1, 1, 1, 1], 0, 4, 2);
    expect(tied.map((e) => e.id)).toEqual([0, 1]);
    tied.forEach((e) => expect(e.prob).toBeCloseTo(0.25, 12));
  });

  it('reads only row [from, from + vocab) of a larger buffer; ids are relative to the row', () => {
    // three rows of vocab 4; the neighbouring rows hold much larger (and smaller) logits
    const buf = [900, 800, 700, 600, 1, 4, 2, 3, 1000, -1000, 950, 990];
    const row = [1, 4, 2, 3];
    const p = softmax(row);
    const top = softmaxTopK(buf, 4, 4, 2);
    expect(top.map((e) => e.id)).toEqual([1, 3]);
    expect(top[0].prob).toBeCloseTo(p[1], 12);
    expect(top[1].prob).toBeCloseTo(p[3], 12);
    const all = softmaxTopK(buf, 4, 4, 4);
    expect(all.map((e) => e.id)).toEqual([1, 3, 2, 0]);
    expect(all.reduce((s, e) => s + e.prob, 0)).toBeCloseTo(1, 12);
  });

  it('the last row of a buffer is read up to its end and no further', () => {
    const buf = Float32Array.from([5, 5, 5, 0.5, 2.5, 1.5]);
    const top = softmaxTopK(buf, 3, 3, 3);
    expect(top.map((e) => e.id)).toEqual([1, 2, 0]);
    const p = softmax([0.5, 2.5, 1.5]);
    top.forEach((e) => expect(e.prob).toBeCloseTo(p[e.id], 6));
  });

  it('is stable for large logits (no overflow) and unchanged by a shift of the row', () => {
    const row = [1000, 1001, 1003, 998];
    const top = softmaxTopK(row, 0, 4, 4);
    const p = softmax([2, 3, 5, 0]);
    expect(top.map((e) => e.id)).toEqual([2, 1, 0, 3]);
    top.forEach((e) => {
      expect(Number.isFinite(e.prob)).toBe(true);
      expect(e.prob).toBeCloseTo(p[e.id], 12);
    });
    const spread = softmaxTopK([0, 1000], 0, 2, 2);
    expect(spread[0]).toEqual({ id: 1, prob: 1 });
    expect(spread[1].id).toBe(0);
    expect(spread[1].prob).toBeCloseTo(0, 12);
  });

  it('gives the only id of a one-entry row a probability of 1', () => {
    expect(softmaxTopK([7], 0, 1, 1)).toEqual([{ id: 0, prob: 1 }]);
  });
});
