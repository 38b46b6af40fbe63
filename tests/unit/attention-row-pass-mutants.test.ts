// Edge cases of the single-pass statistics (src/core/attention/row-pass.ts) that the random comparisons in
// attention-row-pass.test.ts do not reach: word lists longer than the matrix, values the float32-bits logarithm
// must leave to Math.log (subnormals, negatives, NaN), non-finite values in statistics rows, grids wider than the
// WebAssembly scan's block limit, one pooling pass after another of a different grid, and headPass called with
// only half of the pooling arguments. Both scans (WebAssembly and JavaScript) are run where the path differs.
import { describe, expect, it } from 'vitest';
import { matrixStats } from '../../src/core/attention/head-stats';
import { meanPool, poolBins, RunningPooledMaps } from '../../src/core/attention/pooled-maps';
import { bitsOf, headPass, rowContext, rowScanKind, SLOT, useWasmScan, ENT, DIST, SELF } from '../../src/core/attention/row-pass';
import { MAX_BLOCKS } from '../../src/core/attention/row-scan-wasm';
import { RunningHeadStats } from '../../src/core/attention/running-stats';
import { stochasticRows } from '../support/stochastic-rows';

const stochastic = stochasticRows;

/** Runs f with the JavaScript scan, then restores the WebAssembly one. */
function withJsScan<T>(f: () => T): T {
  useWasmScan(false);
  try {
    return f();
  } finally {
    useWasmScan(true);
  }
}

/** Both scans, labelled. */
function eachScan(f: (scan: string) => void): void {
  f('wasm');
  withJsScan(() => f('js'));
}

function expectRelClose(got: number, want: number, what: string) {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.abs(want));
}

describe('row-pass: the scan in use', () => {
  it('the WebAssembly scan is made with its tables on first use (Node has WebAssembly)', () => {
    // the very first statistics of this file: the kernel is created here
    expect(rowScanKind()).toBe('wasm');
    const m = stochastic(4, 4, 1);
    const wasm = matrixStats(m, 4, [true, true, true, true], [0], [3]);
    const js = withJsScan(() => matrixStats(m, 4, [true, true, true, true], [0], [3]));
    expect(wasm).toEqual(js);
    expect(rowScanKind()).toBe('wasm');
  });
});

describe('rowContext', () => {
  it('word indices past the matrix size are ignored: a word only split outside the matrix is not a split word', () => {
    // token 2 is the only piece of word 2 inside the 3 × 3 matrix; words[3] lies outside it
    const ctx = rowContext(3, [true, true, true], [], [], [0, 1, 2, 2, 2]);
    expect(ctx.counts.word).toBe(0);
    expect(ctx.counts.rows).toBe(3);
    expect(Array.from(ctx.pieces)).toEqual([0, 1, 2]);
    const m = stochastic(3, 3, 2);
    expect(matrixStats(m, 3, [true, true, true], [], [], [0, 1, 2, 2, 2]).wordMass).toBe(0);
  });

  it('groups the pieces of each word by word, then position, and counts the averaging rows of each statistic', () => {
    const ctx = rowContext(6, [false, true, true, true, true, false], [0, -1, 9], [5, 6], [-1, 1, 0, 1, 0, -1]);
    expect(Array.from(ctx.pieces)).toEqual([2, 4, 1, 3]);
    expect(Array.from(ctx.pieces.subarray(ctx.pieceFrom[3], ctx.pieceTo[3]))).toEqual([1, 3]);
    expect(Array.from(ctx.pieces.subarray(ctx.pieceFrom[4], ctx.pieceTo[4]))).toEqual([2, 4]);
    expect(ctx.pieceTo[0] - ctx.pieceFrom[0]).toBe(0);
    expect(Array.from(ctx.cls)).toEqual([0]);
    expect(Array.from(ctx.sep)).toEqual([5]);
    expect(Array.from(ctx.rows)).toEqual([0, 1, 1, 1, 1, 0]);
    expect([ctx.counts.rows, ctx.counts.prev, ctx.counts.next, ctx.counts.word]).toEqual([4, 4, 4, 4]);
  });
});

describe('the entropy of values the bits logarithm does not take (JavaScript scan)', () => {
  const subnormal = new Float32Array([1e-40])[0];
  const ent = (v: number) => -v * Math.log(v);

  it('subnormal values count with their exact logarithm, left of the query and from it on', () => {
    // row 1 of a 2 × 2 matrix: key 0 lies left of the query, key 1 is the query itself
    const m = new Float32Array([0.5, 0.5, subnormal, subnormal]);
    expect(m[2]).toBeGreaterThan(0);
    expect(m[2]).toBeLessThan(2 ** -126);
    const want = 2 * ent(m[2]);
    for (const scan of ['js', 'wasm']) {
      const got = scan === 'js' ? withJsScan(() => matrixStats(m, 2, [false, true], [], [])) : matrixStats(m, 2, [false, true], [], []);
      expectRelClose(got.entropy, want, `${scan} entropy of a subnormal row`);
    }
    // one subnormal on each side, separately
    const left = new Float32Array([0.5, 0.5, subnormal, 0]);
    const right = new Float32Array([0.5, 0.5, 0, subnormal]);
    withJsScan(() => {
      expectRelClose(matrixStats(left, 2, [false, true], [], []).entropy, ent(left[2]), 'left of the query');
      expectRelClose(matrixStats(right, 2, [false, true], [], []).entropy, ent(right[3]), 'the query itself');
    });
  });

  it('negative values and NaN add nothing to the entropy (only v > 0 does)', () => {
    for (const odd of [-0.25, Number.NaN]) {
      // row 1 of 3 × 3: keys 0 (left of the query) and 2 (right of it) hold the odd value in turn
      for (const at of [0, 2]) {
        const m = new Float32Array(9).fill(1 / 3);
        m[3 + at] = odd;
        const want = 2 * ent(m[4]);
        eachScan((scan) => {
          const got = matrixStats(m, 3, [false, true, false], [], []).entropy;
          expectRelClose(got, want, `${scan} ${odd} at key ${at}`);
        });
      }
    }
  });

  it('+Infinity makes the entropy non-finite in both scans', () => {
    const m = new Float32Array([0.5, 0.5, Number.POSITIVE_INFINITY, 0]);
    eachScan((scan) => expect(matrixStats(m, 2, [false, true], [], []).entropy, scan).toBe(Number.NEGATIVE_INFINITY));
  });
});

describe('non-finite values in the statistics rows', () => {
  it('a NaN or ±Infinity in a statistics row is reported without pooling, by either scan', () => {
    const n = 4;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      eachScan((scan) => {
        const layers = [stochastic(2 * n, n, 3), stochastic(2 * n, n, 4)];
        layers[1][n * n + 2 * n + 1] = bad; // layer 1, head 1, row 2 (a statistics row), key 1
        const w = { layers, n, rows: [false, true, true, false], cls: [0], sep: [3], words: [-1, 0, 1, -1] };
        expect(new RunningHeadStats(2, 2).add(w), `${scan} ${bad}`).toBe(1);
      });
    }
  });

  it('finite windows are reported finite when pooled in one pass (n ≥ grid), by either scan', () => {
    eachScan((scan) => {
      for (const n of [8, 12]) {
        const w = {
          layers: [stochastic(2 * n, n, n), stochastic(2 * n, n, n + 1)],
          n,
          rows: new Array<boolean>(n).fill(true),
          cls: [0],
          sep: [n - 1],
          words: [],
        };
        w.rows[0] = false; // the [CLS] row only pools
        expect(new RunningHeadStats(2, 2).add(w, new RunningPooledMaps(2, 2, 8)), `${scan} n=${n}`).toBe(-1);
      }
    });
  });
});

describe('pooling inside the pass', () => {
  const expectMapsClose = (got: ArrayLike<number>, want: ArrayLike<number>, what: string) => {
    expect(got.length).toBe(want.length);
    for (let k = 0; k < want.length; k++) expect(Math.abs(got[k] - want[k]), `${what} cell ${k}: ${got[k]} vs ${want[k]}`).toBeLessThan(1e-6);
  };

  it('a grid wider than the WebAssembly block limit still pools every cell (JavaScript blocks)', () => {
    const G = MAX_BLOCKS + 2;
    const n = G + 3;
    const m = stochastic(n, n, 7);
    const want = meanPool(m, n, G);
    eachScan((scan) => {
      const stats = new RunningHeadStats(1, 1);
      const pooled = new RunningPooledMaps(1, 1, G);
      const rows = Array.from({ length: n }, (_, i) => i > 0 && i < n - 1);
      expect(stats.add({ layers: [m], n, rows, cls: [0], sep: [n - 1], words: [] }, pooled)).toBe(-1);
      const got = pooled.mean();
      expect(got.every(Number.isFinite), scan).toBe(true);
      expectMapsClose(got, want, `${scan} grid ${G}`);
    });
  });

  it('a pass on a smaller grid after one on a larger grid pools only its own blocks', () => {
    eachScan((scan) => {
      const big = stochastic(64, 64, 8);
      new RunningHeadStats(1, 1).add(
        { layers: [big], n: 64, rows: new Array<boolean>(64).fill(true), cls: [], sep: [], words: [] },
        new RunningPooledMaps(1, 1, 32),
      );
      const n = 9;
      const m = stochastic(n, n, 9);
      const pooled = new RunningPooledMaps(1, 1, 4);
      new RunningHeadStats(1, 1).add({ layers: [m], n, rows: new Array<boolean>(n).fill(true), cls: [], sep: [], words: [] }, pooled);
      expectMapsClose(pooled.mean(), meanPool(m, n, 4), `${scan} grid 4 after grid 32`);
    });
  });

  const direct = (n: number, m: Float32Array, cells: Float64Array | null, bins: ReturnType<typeof poolBins> | null) => {
    const rows = Array.from({ length: n }, (_, i) => i % 2 === 1);
    const ctx = rowContext(n, rows, [0], [n - 1], []);
    const sums = new Float64Array(SLOT);
    const finite = headPass(m, bitsOf(m), 0, ctx, sums, 0, cells, bins);
    return { sums, finite };
  };

  it('headPass pools only when given both the cells and the bins; the statistics are the same either way', () => {
    const n = 12;
    const G = 4;
    const m = stochastic(n, n, 10);
    eachScan((scan) => {
      const plain = direct(n, m, null, null);
      expect(plain.finite).toBe(true);
      const cellsOnly = new Float64Array(G * G);
      const a = direct(n, m, cellsOnly, null);
      expect(Array.from(cellsOnly), scan).toEqual(new Array(G * G).fill(0));
      expect(a.sums).toEqual(plain.sums);
      const b = direct(n, m, null, poolBins(n, G));
      expect(b.sums).toEqual(plain.sums);
      const cells = new Float64Array(G * G);
      const c = direct(n, m, cells, poolBins(n, G));
      expect(c.finite).toBe(true);
      for (const k of [ENT, DIST, SELF]) expect(c.sums[k]).toBeCloseTo(plain.sums[k], 12);
      expectMapsClose(cells, meanPool(m, n, G), `${scan} headPass cells`);
    });
  });

  it('headPass pools any bins row by row when they are not marked as a partition (block means, not sums)', () => {
    const n = 20;
    const G = 4; // blocks of 5 × 5 tokens
    const m = stochastic(n, n, 11);
    eachScan((scan) => {
      const cells = new Float64Array(G * G);
      const r = direct(n, m, cells, { ...poolBins(n, G), partition: false });
      expect(r.finite).toBe(true);
      expectMapsClose(cells, meanPool(m, n, G), `${scan} row-by-row pooling`);
      const partitioned = new Float64Array(G * G);
      direct(n, m, partitioned, poolBins(n, G));
      expectMapsClose(cells, partitioned, `${scan} both ways`);
    });
  });

  it('headPass reports NaN in a row that only pools, for any bins', () => {
    const n = 20;
    const m = stochastic(n, n, 12);
    m[0 * n + 7] = Number.NaN; // row 0 is not a statistics row
    eachScan((scan) => {
      expect(direct(n, m, null, null).finite, scan).toBe(true);
      expect(direct(n, m, new Float64Array(16), poolBins(n, 4)).finite, scan).toBe(false);
      expect(direct(n, m, new Float64Array(16), { ...poolBins(n, 4), partition: false }).finite, scan).toBe(false);
      expect(direct(n, m, new Float64Array(16 * 16), poolBins(n, 32)).finite, scan).toBe(false);
    });
  });
});
