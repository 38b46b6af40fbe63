// The stitched heat of a long text (src/core/attention/window-heat.ts) at its edges: the summaries' offsets, windows
// summarised out of order (one window's summary must not spill into its neighbour's), the layer and heads choices out
// of range, results without summaries, and the page scores' spans.
import { describe, expect, it } from 'vitest';
import {
  emptySummaries,
  stitchedHeat,
  stitchedPageScores,
  summarizeWindow,
  summaryOffsets,
  windowScores,
  type HeatChoice,
} from '../../src/core/attention/window-heat';

function rng(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** L layers of [head][n][n] row-stochastic attention. */
function randomLayers(L: number, H: number, n: number, seed: number): Float32Array[] {
  const rand = rng(seed);
  return Array.from({ length: L }, () => {
    const a = new Float32Array(H * n * n);
    for (let r = 0; r < H * n; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[r * n + j] = 0.05 + rand() ** 3;
      for (let j = 0; j < n; j++) a[r * n + j] /= s;
    }
    return a;
  });
}

const L = 2;
const H = 3;
// 9 content tokens, two windows of 5 and 6 content tokens sharing two
const ranges = [
  { start: 0, end: 5, charStart: 0, charEnd: 10 },
  { start: 3, end: 9, charStart: 6, charEnd: 18 },
];
const layers0 = randomLayers(L, H, 7, 1);
const layers1 = randomLayers(L, H, 8, 2);

const choices: HeatChoice[] = [];
for (const source of ['received', 'cls'] as const)
  for (const heads of [
    { kind: 'mean' },
    { kind: 'max' },
    { kind: 'rollout' },
    { kind: 'single', head: 1 },
    { kind: 'several', heads: [0, 2] },
  ] as HeatChoice['heads'][])
    for (const layer of [0, 1]) choices.push({ layer, heads, source });

function summarised(order: number[]) {
  const s = emptySummaries(ranges, L, H);
  for (const k of order) summarizeWindow(s, ranges, k, k === 0 ? layers0 : layers1, H);
  return s;
}

describe('summaryOffsets', () => {
  it('places each window’s blocks after the previous window’s, by its number of content tokens', () => {
    const o = summaryOffsets(
      [
        { start: 2, end: 5 },
        { start: 4, end: 8 },
        { start: 7, end: 9 },
      ],
      2,
      3,
    );
    expect(o.perHead).toEqual([0, 3 * 6, 7 * 6]);
    expect(o.perLayer).toEqual([0, 3 * 2, 7 * 2]);
    expect(o.headTotal).toBe(9 * 6);
    expect(o.layerTotal).toBe(9 * 2);
    const s = emptySummaries([{ start: 2, end: 5 }], 2, 3);
    expect([s.received.length, s.cls.length, s.receivedMax.length, s.receivedRollout.length, s.clsRollout.length, s.have.length]).toEqual([18, 18, 6, 6, 6, 1]);
  });
});

describe('summarizeWindow', () => {
  it('a window summarised after its successor leaves the successor’s scores as they were (every choice)', () => {
    const inOrder = summarised([0, 1]);
    const reversed = summarised([1, 0]);
    expect(reversed).toEqual(inOrder);
    const alone = summarised([1]);
    for (const c of choices)
      expect(Array.from(windowScores(reversed, ranges, 1, L, H, c)), JSON.stringify(c)).toEqual(Array.from(windowScores(alone, ranges, 1, L, H, c)));
    expect(Array.from(alone.received.subarray(0, 5 * L * H)).every((v) => v === 0)).toBe(true);
  });

  it('received is the column mean over all rows, cls is row 0, and the max variant sums the per-row head maxima', () => {
    const s = summarised([0]);
    const n = 7;
    const w = 5;
    for (let l = 0; l < L; l++) {
      const data = layers0[l];
      for (let t = 0; t < w; t++) {
        let maxSum = 0;
        for (let i = 0; i < n; i++) maxSum += Math.max(...Array.from({ length: H }, (_, h) => data[h * n * n + i * n + t + 1]));
        expect(s.receivedMax[l * w + t]).toBeCloseTo(maxSum / n, 6);
        for (let h = 0; h < H; h++) {
          let col = 0;
          for (let i = 0; i < n; i++) col += data[h * n * n + i * n + t + 1];
          expect(s.received[(l * H + h) * w + t]).toBeCloseTo(col / n, 6);
          expect(s.cls[(l * H + h) * w + t]).toBe(data[h * n * n + t + 1]);
        }
      }
    }
    expect(Array.from(s.have)).toEqual([1, 0]);
  });

  it('refuses a layer of the wrong size, naming the layer and what it got', () => {
    const s = emptySummaries(ranges, L, H);
    const bad = [layers0[0], layers0[1].subarray(1)];
    expect(() => summarizeWindow(s, ranges, 0, bad, H)).toThrow('layer 1: expected 3 × 7 × 7 values, got 146');
    expect(() => summarizeWindow(s, ranges, 0, [layers0[0], new Float32Array(H * 49 + 1)], H)).toThrow('got 148');
  });
});

describe('windowScores', () => {
  // summarised inside each test (a value made while the block is collected is 'static' to Stryker)
  const scores = (k: number, c: HeatChoice) => Array.from(windowScores(summarised([0, 1]), ranges, k, L, H, c));

  it('a layer below 0 or past the last means the last layer', () => {
    for (const c of choices) {
      for (const k of [0, 1]) {
        const last = scores(k, { ...c, layer: L - 1 });
        expect(scores(k, { ...c, layer: -1 }), JSON.stringify(c)).toEqual(last);
        expect(scores(k, { ...c, layer: L }), JSON.stringify(c)).toEqual(last);
        expect(scores(k, { ...c, layer: L + 3 }), JSON.stringify(c)).toEqual(last);
      }
    }
    expect(scores(0, { layer: 0, heads: { kind: 'mean' }, source: 'received' })).not.toEqual(
      scores(0, { layer: 1, heads: { kind: 'mean' }, source: 'received' }),
    );
  });

  it('heads out of range (negative, not an integer, past the last) are ignored; none left means the mean of all heads', () => {
    for (const source of ['received', 'cls'] as const) {
      for (const layer of [0, 1]) {
        for (const k of [0, 1]) {
          const mean = scores(k, { layer, heads: { kind: 'mean' }, source });
          const head0 = scores(k, { layer, heads: { kind: 'single', head: 0 }, source });
          for (const head of [-1, 1.5, H, H + 1, Number.NaN]) {
            expect(scores(k, { layer, heads: { kind: 'single', head }, source }), `head ${head}`).toEqual(mean);
            expect(scores(k, { layer, heads: { kind: 'several', heads: [0, head] }, source }), `heads 0, ${head}`).toEqual(head0);
          }
          expect(scores(k, { layer, heads: { kind: 'several', heads: [] }, source })).toEqual(mean);
          expect(head0).not.toEqual(mean);
        }
      }
    }
  });

  it('the mean over chosen heads and the max over heads of the [CLS] row', () => {
    const s = summarised([0, 1]);
    const w = 5;
    const row = (src: Float32Array, l: number, h: number) => Array.from(src.subarray((l * H + h) * w, (l * H + h + 1) * w));
    for (const l of [0, 1]) {
      const cls = [0, 1, 2].map((h) => row(s.cls, l, h));
      scores(0, { layer: l, heads: { kind: 'max' }, source: 'cls' }).forEach((v, t) => expect(v).toBe(Math.max(cls[0][t], cls[1][t], cls[2][t])));
      const recv = [0, 1, 2].map((h) => row(s.received, l, h));
      scores(0, { layer: l, heads: { kind: 'several', heads: [0, 2] }, source: 'received' }).forEach((v, t) =>
        expect(v).toBeCloseTo((recv[0][t] + recv[2][t]) / 2, 6),
      );
      expect(scores(0, { layer: l, heads: { kind: 'max' }, source: 'received' })).toEqual(Array.from(s.receivedMax.subarray(l * w, (l + 1) * w)));
      expect(scores(0, { layer: l, heads: { kind: 'rollout' }, source: 'cls' })).toEqual(Array.from(s.clsRollout.subarray(l * w, (l + 1) * w)));
    }
  });
});

describe('stitchedHeat and stitchedPageScores', () => {
  const c: HeatChoice = { layer: 1, heads: { kind: 'mean' }, source: 'received' };
  const tokenSpans = new Int32Array(18);
  for (let t = 0; t < 9; t++) tokenSpans.set([2 * t, 2 * t + 1], 2 * t);
  tokenSpans.set([-1, -1], 2 * 4); // token 4 has no character span
  const info = (summaries?: ReturnType<typeof emptySummaries>) => ({
    numLayers: L,
    numHeads: H,
    windows: { index: 0, count: 2, overlap: 2, totalTokens: 9, ranges, tokenSpans, tokenTexts: Array.from({ length: 9 }, (_, t) => `w${t}`), summaries },
  });

  it('null without windows, without summaries, or when no window has been summarised yet', () => {
    expect(stitchedHeat({ numLayers: L, numHeads: H }, c)).toBeNull();
    expect(stitchedHeat(info(), c)).toBeNull();
    expect(stitchedHeat(info(emptySummaries(ranges, L, H)), c)).toBeNull();
    expect(stitchedPageScores({ numLayers: L, numHeads: H }, c)).toBeNull();
    expect(stitchedPageScores(info(), c)).toBeNull();
    expect(stitchedPageScores(info(emptySummaries(ranges, L, H)), c)).toBeNull();
  });

  it('page scores: one [start, end] span, score and label per placed token, and the largest score', () => {
    const r = info(summarised([0, 1]));
    const heat = stitchedHeat(r, c)!;
    expect(heat).toHaveLength(9);
    const page = stitchedPageScores(r, c)!;
    const placed = [0, 1, 2, 3, 5, 6, 7, 8];
    expect(page.spans).toEqual(placed.map((t) => [2 * t, 2 * t + 1]));
    expect(page.scores).toEqual(placed.map((t) => heat[t]));
    expect(page.labels).toEqual(placed.map((t) => `w${t}·${t + 1}`));
    expect(page.max).toBe(Math.max(...placed.map((t) => heat[t])));
  });
});
