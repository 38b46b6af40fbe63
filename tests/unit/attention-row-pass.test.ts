// The single-pass statistics (src/core/attention/row-pass.ts, used by matrixStats, headStats, roleInputs and
// RunningHeadStats) against a plain reference written here: every statistic of every row with Math.log, Math.abs and
// a word map, the pooled grid as block means — on random row-stochastic matrices with zeros, subnormals, ones and
// peaked rows, for several n (below and above the grid), several windows and words of several pieces.
import { describe, expect, it } from 'vitest';
import { headStats, matrixStats } from '../../src/core/attention/head-stats';
import { MAX_OFFSET } from '../../src/core/attention/head-roles';
import { RunningPooledMaps } from '../../src/core/attention/pooled-maps';
import { roleInputs } from '../../src/core/attention/role-inputs';
import { lnOfBits, rowScanKind, useWasmScan } from '../../src/core/attention/row-pass';
import { RunningHeadStats } from '../../src/core/attention/running-stats';
import type { AttentionResult, TokenInfo } from '../../src/shared/attention-result';
import { perLayer } from '../support/layers';
import { packLayers } from '../../src/core/attention/pack';

// ------------------------------------------------------------------ the reference (straightforward, one number at a time)
type Sums = { ent: number; dist: number; cls: number; sep: number; self: number; prev: number; next: number; word: number; offsets: number[] };
type Counts = { rows: number; prev: number; next: number; word: number; offsets: number[] };
const KEYS = ['entropy', 'meanDistance', 'clsMass', 'sepMass', 'selfMass', 'prevMass', 'nextMass', 'wordMass'] as const;

function refSums(
  m: ArrayLike<number>,
  base: number,
  n: number,
  rows: readonly boolean[],
  cls: number[],
  sep: number[],
  words: readonly number[],
  s: Sums,
  c: Counts,
): void {
  for (let i = 0; i < n; i++) {
    if (!rows[i]) continue;
    const at = (j: number) => m[base + i * n + j];
    c.rows++;
    for (let j = 0; j < n; j++) {
      const v = at(j);
      if (v > 0) s.ent -= v * Math.log(v);
      s.dist += v * Math.abs(i - j);
    }
    for (const j of cls) if (j >= 0 && j < n) s.cls += at(j);
    for (const j of sep) if (j >= 0 && j < n) s.sep += at(j);
    s.self += at(i);
    if (i > 0) {
      s.prev += at(i - 1);
      c.prev++;
    }
    if (i < n - 1) {
      s.next += at(i + 1);
      c.next++;
    }
    const same = words[i] >= 0 ? words.map((w, j) => (w === words[i] && j < n ? j : -1)).filter((j) => j >= 0) : [];
    if (same.length > 1) {
      c.word++;
      for (const j of same) if (j !== i) s.word += at(j);
    }
    for (let k = -MAX_OFFSET; k <= MAX_OFFSET; k++) {
      if (i + k < 0 || i + k >= n) continue;
      s.offsets[k + MAX_OFFSET] += at(i + k);
      c.offsets[k + MAX_OFFSET]++;
    }
  }
}

const emptySums = (): Sums => ({ ent: 0, dist: 0, cls: 0, sep: 0, self: 0, prev: 0, next: 0, word: 0, offsets: new Array(2 * MAX_OFFSET + 1).fill(0) });
const emptyCounts = (): Counts => ({ rows: 0, prev: 0, next: 0, word: 0, offsets: new Array(2 * MAX_OFFSET + 1).fill(0) });
const mean = (s: number, k: number) => (k > 0 ? s / k : 0);
const refStats = (s: Sums, c: Counts) => ({
  entropy: mean(s.ent, c.rows),
  meanDistance: mean(s.dist, c.rows),
  clsMass: mean(s.cls, c.rows),
  sepMass: mean(s.sep, c.rows),
  selfMass: mean(s.self, c.rows),
  prevMass: mean(s.prev, c.prev),
  nextMass: mean(s.next, c.next),
  wordMass: mean(s.word, c.word),
  offsets: s.offsets.map((v, t) => mean(v, c.offsets[t])),
});

/** Block means of one n×n map on grid × grid: bin b covers [⌊b·n/G⌋, ⌊(b+1)·n/G⌋), at least one token. */
function refPool(m: ArrayLike<number>, base: number, n: number, G: number): number[] {
  const from = (b: number) => Math.min(n - 1, Math.floor((b * n) / G));
  const to = (b: number) => Math.max(from(b) + 1, Math.floor(((b + 1) * n) / G));
  const out: number[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = 0; b < G; b++) {
      let s = 0;
      for (let i = from(a); i < to(a); i++) for (let j = from(b); j < to(b); j++) s += m[base + i * n + j];
      out.push(s / ((to(a) - from(a)) * (to(b) - from(b))));
    }
  }
  return out;
}

// ------------------------------------------------------------------ random attention
function rng(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** count rows of n values, each summing to 1: mixes of peaked, flat, zero-holding and subnormal-holding rows. */
function stochastic(count: number, n: number, rand: () => number): Float32Array {
  const a = new Float32Array(count * n);
  for (let r = 0; r < count; r++) {
    const kind = Math.floor(rand() * 5);
    const row = Array.from({ length: n }, () => Math.exp(8 * (rand() - 0.5) * (kind === 0 ? 4 : 1)));
    if (kind === 1) row.forEach((_, j) => rand() < 0.3 && (row[j] = 0)); // exact zeros
    if (kind === 2) row[Math.floor(rand() * n)] = 1e6; // one key takes (almost) everything
    const s = row.reduce((t, v) => t + v, 0);
    for (let j = 0; j < n; j++) a[r * n + j] = row[j] / s;
    if (kind === 3) a[r * n + Math.floor(rand() * n)] = 1e-40; // float32 subnormal
    if (kind === 4 && n > 1) {
      a.fill(0, r * n, (r + 1) * n);
      a[r * n + Math.floor(rand() * n)] = 1; // one-hot
    }
  }
  return a;
}

function windowOf(L: number, H: number, n: number, seed: number) {
  const rand = rng(seed);
  const layers = Array.from({ length: L }, () => stochastic(H * n, n, rand));
  // words of 1–3 pieces, [CLS]/[SEP] at the ends
  const words: number[] = [];
  let w = 0;
  for (let i = 1; i < n - 1;) {
    const len = Math.min(n - 1 - i, 1 + Math.floor(rand() * 3));
    for (let k = 0; k < len; k++) words[i + k] = w;
    i += len;
    w++;
  }
  words[0] = -1;
  words[n - 1] = -1;
  return { layers, n, rows: words.map((x) => x >= 0), cls: [0], sep: [n - 1], words };
}

/** The window as an analysis result: its layers packed, [CLS] … [SEP] tokens carrying its words. */
function resultOf(w: ReturnType<typeof windowOf>, L: number, H: number, n: number): AttentionResult {
  const attentions = new Float32Array(L * H * n * n);
  w.layers.forEach((l, k) => attentions.set(l, k * l.length));
  const tokens: TokenInfo[] = w.words.map((word, i) => ({
    text: i === 0 ? '[CLS]' : i === n - 1 ? '[SEP]' : `t${i}`,
    id: i,
    span: null,
    special: word < 0,
    word,
    segment: 0,
  }));
  return {
    modelId: 'm',
    backend: 'wasm',
    text: '',
    tokens,
    numLayers: L,
    numHeads: H,
    seqLen: n,
    attentions: perLayer(attentions, L),
    truncated: null,
    timings: { tokenizeMs: 0, inferenceMs: 0 },
  };
}

/** |a − b| within 1e-12 of max(1, |b|): far below float32 (≈ 6e-8), above the sums' reordering and the table ln's 2.3e-13. */
function expectClose(a: number, b: number, what: string) {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
}

describe('single-pass statistics equal the straightforward computation', () => {
  it('ln from float32 bits agrees with Math.log on every exponent and random mantissas', () => {
    const rand = rng(99);
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    let worst = 0;
    for (let e = 1; e < 255; e++) {
      for (let t = 0; t < 200; t++) {
        bits[0] = (e << 23) | Math.floor(rand() * 2 ** 23);
        worst = Math.max(worst, Math.abs(lnOfBits(bits[0]) - Math.log(f[0])));
      }
      bits[0] = e << 23; // an exact power of two
      expect(lnOfBits(bits[0])).toBeCloseTo(Math.log(f[0]), 12);
    }
    expect(worst).toBeLessThan(3e-13);
    bits[0] = 127 << 23; // 1.0
    expect(lnOfBits(bits[0])).toBe(0);
  });

  it('matrixStats and headStats: every statistic, random matrices, every row selection', () => {
    for (const n of [1, 2, 5, 17, 64, 131]) {
      const w = windowOf(2, 3, n, n * 31 + 7);
      const r = resultOf(w, 2, 3, n);
      const { tokens } = r;
      const attentions = packLayers(r.attentions, 3, n);
      for (const rows of [w.rows, w.rows.map(() => true), w.rows.map((_, i) => i % 3 === 1)]) {
        const got = headStats(r, { rows, clsIndices: [0], sepIndices: [n - 1] });
        for (let l = 0; l < 2; l++) {
          for (let h = 0; h < 3; h++) {
            const s = emptySums();
            const c = emptyCounts();
            refSums(
              attentions,
              (l * 3 + h) * n * n,
              n,
              rows,
              [0],
              [n - 1],
              w.words.map((x, i) => (tokens[i].special ? -1 : x)),
              s,
              c,
            );
            const want = refStats(s, c);
            const one = matrixStats(attentions.subarray((l * 3 + h) * n * n, (l * 3 + h + 1) * n * n), n, rows, [0], [n - 1], w.words);
            for (const key of KEYS) {
              expectClose(got[l * 3 + h][key], want[key], `headStats n=${n} ${l}/${h} ${key}`);
              expectClose(one[key], want[key], `matrixStats n=${n} ${l}/${h} ${key}`);
            }
          }
        }
      }
    }
  });

  it('words need not be consecutive pieces: every position of the word counts', () => {
    const n = 6;
    const m = stochastic(n, n, rng(5));
    const words = [-1, 0, 1, 0, 1, -1];
    const rows = [false, true, true, true, true, false];
    const s = emptySums();
    const c = emptyCounts();
    refSums(m, 0, n, rows, [0], [5], words, s, c);
    expectClose(matrixStats(m, n, rows, [0], [5], words).wordMass, refStats(s, c).wordMass, 'wordMass');
    expect(c.word).toBe(4);
  });

  it('RunningHeadStats with pooled maps: statistics, offsets and grids over windows of several lengths (per-layer and packed input)', () => {
    const L = 2;
    const H = 2;
    const G = 8;
    const wins = [windowOf(L, H, 40, 1), windowOf(L, H, 8, 2), windowOf(L, H, 5, 3), windowOf(L, H, 23, 4)]; // n ≥ G, = G, < G
    const run = new RunningHeadStats(L, H);
    const pooled = new RunningPooledMaps(L, H, G);
    const packedRun = new RunningHeadStats(L, H);
    const packedPool = new RunningPooledMaps(L, H, G);
    const sums = Array.from({ length: L * H }, emptySums);
    const counts = Array.from({ length: L * H }, emptyCounts);
    const grids = Array.from({ length: L * H }, () => new Array<number>(G * G).fill(0));
    for (const w of wins) {
      expect(run.add(w, pooled)).toBe(-1);
      const attentions = new Float32Array(L * H * w.n * w.n);
      w.layers.forEach((l, k) => attentions.set(l, k * l.length));
      packedRun.add({ ...w, layers: undefined, attentions }, packedPool);
      for (let l = 0; l < L; l++) {
        for (let h = 0; h < H; h++) {
          const k = l * H + h;
          // counts are per window and shared by heads: take them from the first head only
          const c = k === 0 ? counts[0] : emptyCounts();
          refSums(w.layers[l], h * w.n * w.n, w.n, w.rows, w.cls, w.sep, w.words, sums[k], c);
          refPool(w.layers[l], h * w.n * w.n, w.n, G).forEach((v, cell) => (grids[k][cell] += v / wins.length));
        }
      }
    }
    expect(packedRun.result()).toEqual(run.result());
    expect(packedPool.mean()).toEqual(pooled.mean());
    const got = run.result();
    const maps = pooled.mean();
    for (let k = 0; k < L * H; k++) {
      const want = refStats(sums[k], counts[0]);
      for (const key of KEYS) expectClose(got[k][key], want[key], `head ${k} ${key}`);
      want.offsets.forEach((v, t) => expectClose(got[k].offsets[t], v, `head ${k} offset ${t - MAX_OFFSET}`));
      expect(got[k].rows).toBe(counts[0].rows);
      // the grid is float32; the reference sums in float64
      grids[k].forEach((v, cell) => expect(Math.abs(maps[k * G * G + cell] - v)).toBeLessThan(1e-7 * Math.max(1, v)));
    }
  });

  it('roleInputs (one pass) equals headStats + offsetProfile', async () => {
    const { headStats: hs } = await import('../../src/core/attention/head-stats');
    const { offsetProfile } = await import('../../src/core/attention/head-roles');
    const w = windowOf(2, 2, 30, 11);
    const r = resultOf(w, 2, 2, 30);
    const { tokens } = r;
    const attentions = packLayers(r.attentions, 2, 30);
    const rows = tokens.map((t) => !t.special);
    const want = hs(r, { rows });
    roleInputs(r).forEach((got, k) => {
      for (const key of ['entropy', 'clsMass', 'sepMass', 'selfMass', 'prevMass', 'nextMass', 'wordMass'] as const)
        expectClose(got[key], want[k][key], `${k} ${key}`);
      const off = offsetProfile(attentions.subarray(k * 900, (k + 1) * 900), 30, rows);
      off.forEach((v, t) => expectClose(got.offsets[t], v, `${k} offset ${t}`));
      expect(got.hasSplitWords).toBe(true);
    });
  });

  it('the WebAssembly scan (used where it can be made) gives bit-identical results to the JavaScript scan', () => {
    expect(rowScanKind()).toBe('wasm'); // Node has WebAssembly: the tests above ran the WebAssembly scan
    const run = (wasm: boolean) => {
      useWasmScan(wasm);
      try {
        const stats = new RunningHeadStats(2, 3);
        const pooled = new RunningPooledMaps(2, 3, 16);
        for (const w of [windowOf(2, 3, 70, 21), windowOf(2, 3, 16, 22), windowOf(2, 3, 9, 23)]) stats.add(w, pooled);
        const w = windowOf(1, 1, 33, 24);
        return { stats: stats.result(), maps: pooled.mean(), one: matrixStats(w.layers[0], 33, w.rows, w.cls, w.sep, w.words), kind: rowScanKind() };
      } finally {
        useWasmScan(true);
      }
    };
    const js = run(false);
    const wasm = run(true);
    expect([js.kind, wasm.kind]).toEqual(['js', 'wasm']);
    expect(wasm.stats).toEqual(js.stats);
    expect(wasm.maps).toEqual(js.maps);
    expect(wasm.one).toEqual(js.one);
  });

  it('reports the first layer holding NaN or ±Infinity (every value is read when pooling)', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const n of [40, 5]) {
        const w = windowOf(3, 2, n, 8);
        w.layers[1][n * n + (n - 1) * n + 1] = bad; // layer 1, head 1, the [SEP] row (not a statistics row)
        expect(new RunningHeadStats(3, 2).add(w, new RunningPooledMaps(3, 2, 8))).toBe(1);
        expect(new RunningHeadStats(3, 2).add(w)).toBe(-1); // unpooled: the [SEP] row is not read
        w.layers[2][3] = bad; // layer 2, head 0, the [CLS] row… and row 0 of layer 2 is read when pooling
        expect(new RunningHeadStats(3, 2).add(w, new RunningPooledMaps(3, 2, 8))).toBe(1);
      }
    }
  });
});
