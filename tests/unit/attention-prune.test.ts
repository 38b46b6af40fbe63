import { describe, expect, it } from 'vitest';
import { pruneByMass } from '../../src/core/attention/prune';

// Rows (4 keys):
//   row0 [.6, .25, .1, .05]
//   row1 [.25, .25, .25, .25]   (ties: smaller j first)
//   row2 [0, 0, 0, 0]           (nothing to keep)
//   row3 [0, .5, .5, 0]         (zeros are never kept)
const M = Float32Array.from([0.6, 0.25, 0.1, 0.05, 0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0, 0, 0.5, 0.5, 0]);
const kept = (t: number) => pruneByMass(M, 4, t).edges.map(([i, j]) => [i, j]);

describe('pruneByMass', () => {
  it('threshold 0.5', () => {
    // row0: .6 ≥ .5 → {0};  row1: .25 < .5, .5 ≥ .5 → {0,1};  row3: .5 ≥ .5 → {1}
    expect(kept(0.5)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [3, 1],
    ]);
  });
  it('threshold 0.9', () => {
    // row0: .6, .85 < .9, .95 ≥ .9 → {0,1,2};  row1: .75 < .9 → all four;  row3: 1 ≥ .9 → {1,2}
    expect(kept(0.9)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [3, 1],
      [3, 2],
    ]);
  });
  it('threshold 1.0 keeps every positive weight', () => {
    expect(kept(1)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [3, 1],
      [3, 2],
    ]);
  });
  it('threshold 0 keeps nothing; out-of-range thresholds are clamped', () => {
    expect(kept(0)).toEqual([]);
    expect(kept(-1)).toEqual([]);
    expect(kept(2)).toEqual(kept(1));
    expect(kept(NaN)).toEqual([]);
  });
  it('mask agrees with edges; edges carry weights in decreasing order per row', () => {
    const { mask, edges } = pruneByMass(M, 4, 0.9);
    expect(Array.from(mask)).toEqual([1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0]);
    expect(edges.slice(0, 3).map((e) => e[2])).toEqual([M[0], M[1], M[2]]);
  });
  it('is relative to the row total when rows do not sum to 1', () => {
    // [.3, .1] total .4; threshold .5 → target .2 → {0}; threshold .8 → target .32 → {0,1}
    const a = Float32Array.from([0.3, 0.1, 0, 0]);
    expect(pruneByMass(a, 2, 0.5).edges.map((e) => e[1])).toEqual([0]);
    expect(pruneByMass(a, 2, 0.8).edges.map((e) => e[1])).toEqual([0, 1]);
  });
  it('float32 rounding does not add an edge at an exact boundary', () => {
    // .5 + .3 + .2 in float32 sums to slightly above 1; threshold .5 must still keep only the .5
    expect(pruneByMass(Float32Array.from([0.5, 0.3, 0.2, 0, 0, 0, 0, 0, 0]), 3, 0.5).edges.map((e) => e[1])).toEqual([0]);
  });
});
