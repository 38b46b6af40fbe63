// Attention maps of a whole page on one fixed grid: each window's n×n map of every head is mean-pooled onto
// grid × grid cells (cell (a, b) = the mean of the block of rows in bin a and columns in bin b), and the grids are
// averaged over the windows. Memory: L·H·grid² numbers whatever the page's length. The pooling itself runs inside
// RunningHeadStats.add's pass over each matrix (row-pass.ts headPass), so the matrix is read once.
import type { PoolBins } from './row-pass';

/**
 * Bin b of `grid` over n tokens covers [⌊b·n/grid⌋, ⌊(b+1)·n/grid⌋) — at least one token: with fewer tokens than
 * cells, a token covers several neighbouring cells (the map is stretched, not padded).
 */
export function poolBins(n: number, grid: number): PoolBins {
  const from = new Int32Array(grid);
  const to = new Int32Array(grid);
  for (let b = 0; b < grid; b++) {
    from[b] = Math.min(n - 1, Math.floor((b * n) / grid));
    to[b] = Math.max(from[b] + 1, Math.floor(((b + 1) * n) / grid));
  }
  const rowFrom = new Int32Array(n).fill(grid);
  const rowTo = new Int32Array(n);
  for (let b = 0; b < grid; b++) {
    for (let i = from[b]; i < to[b]; i++) {
      rowFrom[i] = Math.min(rowFrom[i], b);
      rowTo[i] = Math.max(rowTo[i], b + 1);
    }
  }
  const cellWeight = new Float64Array(grid * grid);
  for (let a = 0; a < grid; a++) for (let b = 0; b < grid; b++) cellWeight[a * grid + b] = 1 / ((to[a] - from[a]) * (to[b] - from[b]));
  return { grid, rowFrom, rowTo, colFrom: from, colTo: to, cellWeight, partition: n >= grid };
}

/** Mean-pool one n×n matrix onto grid × grid (the same rule as the running maps; for tests and single maps). */
export function meanPool(m: ArrayLike<number>, n: number, grid: number): Float32Array {
  const bins = poolBins(n, grid);
  const out = new Float32Array(grid * grid);
  for (let a = 0; a < grid; a++) {
    for (let b = 0; b < grid; b++) {
      let s = 0;
      for (let i = bins.colFrom[a]; i < bins.colTo[a]; i++) for (let j = bins.colFrom[b]; j < bins.colTo[b]; j++) s += m[i * n + j];
      out[a * grid + b] = s * bins.cellWeight[a * grid + b];
    }
  }
  return out;
}

export class RunningPooledMaps {
  private readonly sums: Float64Array;
  private readonly bins = new Map<number, PoolBins>();
  windows = 0;

  constructor(
    readonly numLayers: number,
    readonly numHeads: number,
    readonly grid = 32,
  ) {
    this.sums = new Float64Array(numLayers * numHeads * grid * grid);
  }

  /** The running sums of head (l, h)'s cells (RunningHeadStats adds into them). */
  cellSums(l: number, h: number): Float64Array {
    const g2 = this.grid * this.grid;
    const k = l * this.numHeads + h;
    return this.sums.subarray(k * g2, (k + 1) * g2);
  }

  /** Bins for windows of n tokens (cached: windows mostly share one length). */
  binsFor(n: number): PoolBins {
    let b = this.bins.get(n);
    if (!b) {
      if (this.bins.size > 8) this.bins.clear();
      this.bins.set(n, (b = poolBins(n, this.grid)));
    }
    return b;
  }

  windowAdded(): void {
    this.windows++;
  }

  /** The maps averaged over the windows so far: [layer][head][grid][grid]. */
  mean(): Float32Array {
    const out = new Float32Array(this.sums.length);
    if (this.windows === 0) return out;
    for (let k = 0; k < out.length; k++) out[k] = this.sums[k] / this.windows;
    return out;
  }
}
