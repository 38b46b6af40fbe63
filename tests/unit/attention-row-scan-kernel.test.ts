// The WebAssembly row scan made afresh in each test (row-pass.ts caches one kernel per process, so a broken emitter
// would otherwise fall back to the JavaScript scan unnoticed): it compiles here, and one scan gives −Σ v·ln v,
// Σ v·|j − i|, Σ v and the block sums of a row, against a plain computation of the same numbers.
import { describe, expect, it } from 'vitest';
import { LAYOUT, MAX_BLOCKS, RowScanKernel } from '../../src/core/attention/row-scan-wasm';

// the tables row-pass.ts gives the kernel (ln(1 + k/1024), 1 / (1 + k/1024), (e − 127)·ln 2)
const TABLES = {
  ln: Float64Array.from({ length: 1024 }, (_, k) => Math.log(1 + k / 1024)),
  inv: Float64Array.from({ length: 1024 }, (_, k) => 1 / (1 + k / 1024)),
  exp: Float64Array.from({ length: 256 }, (_, e) => (e - 127) * Math.LN2),
};

function kernel(): RowScanKernel {
  const k = RowScanKernel.create(TABLES);
  expect(k, 'the WebAssembly scan compiles in Node').not.toBeNull();
  return k!;
}

/** A softmax-like n × n matrix with a few zeros, subnormals and exact powers of two. */
function matrix(n: number, seed: number): Float32Array {
  const m = new Float32Array(n * n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const v = (s % 97 === 0 ? 0 : ((s >>> 8) % 1000) + 1) ** 2;
      m[i * n + j] = v;
      sum += v;
    }
    for (let j = 0; j < n; j++) m[i * n + j] = Math.fround(m[i * n + j] / sum);
  }
  if (n > 3) {
    m[1] = 0.5; // 2^-1
    m[2] = 1e-40; // subnormal: Math.log's path
  }
  return m;
}

/** The numbers scan() returns and writes for row i, computed straightforwardly. */
function plain(m: Float32Array, n: number, i: number, ends: number[]) {
  let ent = 0;
  let dist = 0;
  let sum = 0;
  const bins = ends.map(() => 0);
  for (let j = 0, b = 0; j < n; j++) {
    const v = m[i * n + j];
    while (j >= ends[b]) b++;
    if (v > 0) ent -= v * Math.log(v);
    dist += v * Math.abs(j - i);
    sum += v;
    bins[b] += v;
  }
  return { ent, dist, sum, bins };
}

function scanRow(k: RowScanKernel, m: Float32Array, n: number, i: number, ends: number[]) {
  k.reserve(n);
  k.f32.set(m, LAYOUT.data / 4);
  k.i32.set(ends, LAYOUT.colTo / 4);
  const ent = k.scan(LAYOUT.data + i * n * 4, n, i, ends.length);
  const out = LAYOUT.out / 8;
  const bins = Array.from(k.f64.subarray(LAYOUT.bins / 8, LAYOUT.bins / 8 + ends.length));
  return { ent, dist: k.f64[out], sum: k.f64[out + 1], bins };
}

describe('the WebAssembly row scan', () => {
  it.each([
    [5, [5]],
    [9, [3, 6, 9]],
    [40, [10, 20, 30, 40]],
    [130, Array.from({ length: MAX_BLOCKS }, (_, b) => Math.min(130, Math.ceil(((b + 1) * 130) / MAX_BLOCKS)))],
  ])('n = %i: entropy, distance, sum and block sums of every row equal the plain computation', (n, ends) => {
    const k = kernel();
    const m = matrix(n, n * 7 + 1);
    for (let i = 0; i < n; i++) {
      const got = scanRow(k, m, n, i, ends);
      const want = plain(m, n, i, ends);
      expect(got.ent).toBeCloseTo(want.ent, 11);
      expect(got.dist).toBeCloseTo(want.dist, 11);
      expect(got.sum).toBeCloseTo(want.sum, 12);
      got.bins.forEach((v, b) => expect(v).toBeCloseTo(want.bins[b], 12));
    }
  });

  it('grows its memory for a 512-token matrix and still reads the last row', () => {
    const k = kernel();
    const before = k.f32.length;
    const n = 512;
    const m = matrix(n, 3);
    const got = scanRow(k, m, n, n - 1, [n]);
    expect(k.f32.length).toBeGreaterThan(before);
    const want = plain(m, n, n - 1, [n]);
    expect(got.ent).toBeCloseTo(want.ent, 10);
    expect(got.dist).toBeCloseTo(want.dist, 9);
    expect(got.sum).toBeCloseTo(1, 6);
  });

  it('reports a NaN or an infinity through the row sum', () => {
    const k = kernel();
    const m = matrix(6, 5);
    m[2 * 6 + 3] = NaN;
    m[4 * 6 + 1] = Infinity;
    expect(Number.isNaN(scanRow(k, m, 6, 2, [6]).sum)).toBe(true);
    expect(scanRow(k, m, 6, 4, [6]).sum).toBe(Infinity);
    expect(Number.isFinite(scanRow(k, m, 6, 0, [6]).sum)).toBe(true);
  });

  it('is null (the JavaScript scan runs) where the module is refused, as under a CSP without wasm-unsafe-eval', () => {
    const api = globalThis.WebAssembly;
    try {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = {
        ...api,
        Module: function refused() {
          throw new Error('WebAssembly.Module(): Refused to compile');
        },
      };
      expect(RowScanKernel.create(TABLES)).toBeNull();
    } finally {
      globalThis.WebAssembly = api;
    }
  });

  it('is missing (null, the JavaScript scan runs) where WebAssembly is', () => {
    const api = globalThis.WebAssembly;
    try {
      (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
      expect(RowScanKernel.create(TABLES)).toBeNull();
    } finally {
      globalThis.WebAssembly = api;
    }
  });
});
