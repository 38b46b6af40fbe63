// Pure logic behind the attention views (no DOM): display transforms, heatmap scores, head-view edges,
// thumbnail pooling, neuron maths and the harness's synthetic data.
import { describe, expect, it } from 'vitest';
import { headMatrix } from '../../src/shared/attention-result';
import { colourScale, computeHeatScores } from '../../src/views/heatmap/scores';
import { pruneByMass } from '../../src/core/attention/prune';
import { hideSpecial } from '../../src/core/attention/special';
import { selectKth, visibleEdges } from '../../src/views/head-view/lines';
import { cachedLayers, cachedPruneIndex, indexBytes, layersByDistance, prefetchPruneIndexes } from '../../src/views/head-view/prune-cache';
import { buildPruneIndex, defaultMass, thresholdsFor } from '../../src/views/head-view/prune-index';
import { makeCase } from '../views-harness/synthetic';
import { buildView } from '../../src/views/lib/view-model';
import { maxPool } from '../../src/views/model-view/thumbnail';
import { neuronData } from '../../src/views/neuron/neuron-math';

const short = makeCase('short');
const pair = makeCase('pair');

function rowSums(m: Float32Array, n: number): number[] {
  return Array.from({ length: n }, (_, i) => m.subarray(i * n, i * n + n).reduce((a, b) => a + b, 0));
}

describe('synthetic harness data', () => {
  it('has [CLS]/[SEP], word pieces and rows that sum to 1', () => {
    expect(short.tokens[0].text).toBe('[CLS]');
    expect(short.tokens[short.seqLen - 1].text).toBe('[SEP]');
    expect(short.tokens.some((t) => t.text.startsWith('##'))).toBe(true);
    for (const s of rowSums(headMatrix(short, 2, 1), short.seqLen)) expect(s).toBeCloseTo(1, 5);
  });
  it('queries/keys reproduce the attention through softmax(q·k/√d)', () => {
    const d = neuronData(short, 1, 2, 5)!;
    const row = headMatrix(short, 1, 2).subarray(5 * short.seqLen, 6 * short.seqLen);
    d.softmax.forEach((v, j) => expect(v).toBeCloseTo(row[j], 4));
  });
  it('pair case marks sentence B with segment 1', () => {
    expect(pair.tokens.filter((t) => t.segment === 1).length).toBeGreaterThan(2);
  });
});

describe('view model (word mode, hide specials)', () => {
  it('is zero-copy when nothing is transformed', () => {
    const v = buildView(short, { hideSpecial: false, wordMode: false });
    expect(v.identity).toBe(true);
    expect(v.n).toBe(short.seqLen);
    expect(v.tokens.find((t) => t.vocab === '##s')?.piece).toBe(true);
  });
  it('merges pieces into words and keeps rows stochastic', () => {
    const v = buildView(short, { hideSpecial: false, wordMode: true });
    expect(v.tokens.map((t) => t.label)).toContain('jumps');
    expect(v.n).toBe(short.seqLen - 3);
    for (const s of rowSums(v.head(0, 0), v.n)) expect(s).toBeCloseTo(1, 5);
  });
  it('hides [CLS]/[SEP] and renormalises rows', () => {
    const v = buildView(short, { hideSpecial: true, wordMode: false });
    expect(v.tokens.some((t) => t.special)).toBe(false);
    for (const s of rowSums(v.layerMatrix(1, 'mean'), v.n)) expect(s).toBeCloseTo(1, 5);
    const scores = v.toOriginal(new Float32Array(v.n).fill(0.5));
    expect(scores.length).toBe(short.seqLen);
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBe(0.5);
  });
  it('keeps a [CLS] row for the "from [CLS]" aggregate even when specials are hidden', () => {
    const v = buildView(short, { hideSpecial: true, wordMode: true });
    const row = v.clsRow(0, 'mean')!;
    expect(row.length).toBe(v.n);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

describe('heatmap scores', () => {
  const v = buildView(short, { hideSpecial: false, wordMode: false });
  it('defaults to attention received (column means, summing to 1)', () => {
    const h = computeHeatScores(v, { layer: 3, heads: { kind: 'mean' }, source: 'received' }, null);
    expect(h.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(h.source).toMatch(/received/);
  });
  it('uses the chosen token row', () => {
    const fox = short.tokens.findIndex((t) => t.text === 'fox');
    const h = computeHeatScores(v, { layer: 0, heads: { kind: 'single', head: 0 }, source: 'received' }, fox);
    const row = headMatrix(short, 0, 0).subarray(fox * short.seqLen, (fox + 1) * short.seqLen);
    expect(Array.from(h.scores)).toEqual(Array.from(row));
    expect(h.source).toBe(`Attention from “fox·${fox}”`);
  });
  it('rollout rows sum to 1', () => {
    const h = computeHeatScores(v, { layer: 3, heads: { kind: 'rollout' }, source: 'received' }, 4);
    expect(h.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });
});

describe("head selection 'max' (max over heads)", () => {
  const L = 2;
  const n = short.seqLen;
  /** Element-wise maximum over the heads of layer L, by hand. */
  const want = Float32Array.from({ length: n * n }, (_, k) => Math.max(...Array.from({ length: short.numHeads }, (_, h) => headMatrix(short, L, h)[k])));
  const row = (m: Float32Array, i: number, w = n) => Array.from(m.subarray(i * w, i * w + w));

  it('is the element-wise maximum over heads, not the mean or one head', () => {
    const v = buildView(short, { hideSpecial: false, wordMode: false });
    const mean = v.layerMatrix(L, 'mean'); // asked first: the cached mean must not be served for 'max'
    const max = v.layerMatrix(L, 'max');
    expect(Array.from(max)).toEqual(Array.from(want));
    // the synthetic heads disagree, so max ≠ mean and max ≠ any single head; max rows sum to more than 1
    expect(Array.from(max)).not.toEqual(Array.from(mean));
    for (let h = 0; h < short.numHeads; h++) expect(Array.from(max)).not.toEqual(Array.from(headMatrix(short, L, h)));
    for (const s of rowSums(max, n)) expect(s).toBeGreaterThan(1 + 1e-3);
    for (let k = 0; k < n * n; k++) expect(max[k]).toBeGreaterThanOrEqual(mean[k]);
  });

  it('drives the heatmap: a token row, the [CLS] row and the caption', () => {
    const v = buildView(short, { hideSpecial: false, wordMode: false });
    const fox = short.tokens.findIndex((t) => t.text === 'fox');
    const h = computeHeatScores(v, { layer: L, heads: { kind: 'max' }, source: 'received' }, fox);
    expect(Array.from(h.scores)).toEqual(row(want, fox));
    expect(h.matrix).toBe(`Layer ${L + 1} · max over heads`);
    const cls = computeHeatScores(v, { layer: L, heads: { kind: 'max' }, source: 'cls' }, null);
    expect(cls.source).toBe('Attention from [CLS]');
    expect(Array.from(cls.scores)).toEqual(row(want, 0));
  });

  it('goes through the display transforms (hidden specials: rows renormalised over kept tokens)', () => {
    const v = buildView(short, { hideSpecial: true, wordMode: false });
    const keep = short.tokens.map((t) => !t.special);
    const expected = hideSpecial(want, n, keep).matrix;
    const got = v.layerMatrix(L, 'max');
    expect(got.length).toBe(v.n * v.n);
    got.forEach((x, k) => expect(x).toBeCloseTo(expected[k], 6));
  });
});

describe('heatmap colour scale', () => {
  const tok = (name: string, special = false) => ({ name, special });
  it('scales to the word tokens when [CLS]/[SEP] sink the attention, and names them', () => {
    const s = colourScale(Float32Array.from([0.6, 0.1, 0.05, 0.25]), [tok('[CLS]', true), tok('a'), tok('b'), tok('[SEP]', true)]);
    expect(s.max).toBeCloseTo(0.1, 6);
    expect(s.beyondScale).toEqual(['[CLS] 0.600', '[SEP] 0.250']);
  });
  it('keeps the overall maximum when a word holds it, or there are no words', () => {
    expect(colourScale(Float32Array.from([0.2, 0.7, 0.1]), [tok('[CLS]', true), tok('a'), tok('[SEP]', true)])).toEqual({
      max: Float32Array.from([0.7])[0],
      beyondScale: [],
    });
    expect(colourScale(Float32Array.from([0.6, 0.4]), [tok('[CLS]', true), tok('[SEP]', true)]).max).toBeCloseTo(0.6, 6);
  });
});

describe('head view edges', () => {
  const v = buildView(short, { hideSpecial: false, wordMode: false });
  const idx = buildPruneIndex(v, 0);
  const th = thresholdsFor(idx, 0.9);
  it('keeps per row the strongest edges covering the mass', () => {
    const { edges } = visibleEdges(v, idx, th, [0], 'all', null);
    const n = v.n;
    for (let i = 0; i < n; i++) {
      const kept = edges.filter((e) => e.i === i).reduce((a, e) => a + e.w, 0);
      expect(kept).toBeGreaterThanOrEqual(0.9 - 1e-6);
    }
  });
  it('focus shows only lines from (or to) the token', () => {
    const from = visibleEdges(v, idx, th, [0, 1, 2, 3], 'all', { side: 'from', index: 5 }).edges;
    expect(from.length).toBeGreaterThan(0);
    expect(from.every((e) => e.i === 5)).toBe(true);
    const to = visibleEdges(v, idx, th, [0, 1, 2, 3], 'all', { side: 'to', index: 4 }).edges;
    expect(to.every((e) => e.j === 4)).toBe(true);
  });
  it('caps unfocused lines at the strongest ones', () => {
    const all = visibleEdges(v, idx, thresholdsFor(idx, 1), [0, 1, 2, 3], 'all', null, 50);
    expect(all.edges.length).toBe(50);
    expect(all.total).toBeGreaterThan(50);
    const minKept = Math.min(...all.edges.map((e) => e.w));
    const full = visibleEdges(v, idx, thresholdsFor(idx, 1), [0, 1, 2, 3], 'all', null).edges;
    expect(full.filter((e) => e.w > minKept).length).toBeLessThanOrEqual(50);
  });
  it('filters sentence pairs', () => {
    const pv = buildView(pair, { hideSpecial: false, wordMode: false });
    const pidx = buildPruneIndex(pv, 2);
    const edges = visibleEdges(pv, pidx, thresholdsFor(pidx, 1), [0, 1, 2, 3], 'AB', null).edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.every((e) => pv.tokens[e.i].segment === 0 && pv.tokens[e.j].segment === 1)).toBe(true);
  });
  // The head view answers from a sorted-candidate index with a bisection for the line cap; it must draw exactly
  // the edges that the plain rule gives (core pruneByMass per row, then the strongest `cap` in head/row order).
  it('draws the same edges as per-row pruning + strongest-cap, for any mass and cap', () => {
    const mv = buildView(makeCase('medium'), { hideSpecial: false, wordMode: false });
    const heads = [0, 2, 3, 5, 7];
    for (const layer of [0, 3, 5]) {
      const pidx = buildPruneIndex(mv, layer);
      for (const mass of [0.3, 0.5, 0.8, 0.95, 0.97, 1]) {
        const kept: Array<{ i: number; j: number; head: number; w: number }> = [];
        for (const h of heads) {
          const { mask } = pruneByMass(mv.head(layer, h), mv.n, mass);
          for (let i = 0; i < mv.n; i++)
            for (let j = 0; j < mv.n; j++) if (mask[i * mv.n + j]) kept.push({ i, j, head: h, w: mv.head(layer, h)[i * mv.n + j] });
        }
        for (const cap of [1, 37, 400, Infinity]) {
          const got = visibleEdges(mv, pidx, thresholdsFor(pidx, mass), heads, 'all', null, cap);
          expect(got.total).toBe(kept.length);
          const minW = kept.length > cap ? [...kept.map((e) => e.w)].sort((a, b) => b - a)[cap - 1] : 0;
          const want = kept.filter((e) => e.w >= minW).slice(0, cap);
          expect(got.edges.map((e) => `${e.head}/${e.i}/${e.j}`)).toEqual(want.map((e) => `${e.head}/${e.i}/${e.j}`));
        }
      }
    }
  });
  it('serves a revisited layer from the cache, within a memory budget that keeps at least three layers', () => {
    const mv = buildView(makeCase('medium'), { hideSpecial: false, wordMode: false });
    const first = cachedPruneIndex(mv, 1);
    for (const l of [2, 3, 4, 5, 0]) cachedPruneIndex(mv, l);
    expect(cachedPruneIndex(mv, 1)).toBe(first); // small inputs: every layer stays
    // With a budget of about two layers, the oldest go first but the last three always stay.
    const tight = buildView(makeCase('medium'), { hideSpecial: false, wordMode: false });
    const budget = 2 * indexBytes(buildPruneIndex(tight, 0));
    const l0 = cachedPruneIndex(tight, 0, budget);
    const l1 = cachedPruneIndex(tight, 1, budget);
    const l2 = cachedPruneIndex(tight, 2, budget);
    expect(cachedPruneIndex(tight, 0, budget)).toBe(l0); // three layers are always kept
    cachedPruneIndex(tight, 3, budget); // evicts the least recently used: layer 1
    expect(cachedPruneIndex(tight, 2, budget)).toBe(l2);
    expect(cachedPruneIndex(tight, 1, budget)).not.toBe(l1);
  });
  it('prefetches other layers in idle time, neighbours first, until the cache budget is used', async () => {
    expect(layersByDistance(2, 6)).toEqual([3, 1, 4, 0, 5]);
    const mv = buildView(makeCase('medium'), { hideSpecial: false, wordMode: false });
    const budget = 2.5 * indexBytes(buildPruneIndex(mv, 0));
    const stop = prefetchPruneIndexes(mv, layersByDistance(0, 6), 1, budget);
    for (let k = 0; k < 200 && cachedLayers(mv).length < 2; k++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // time for more, which the budget refuses
    stop();
    expect(cachedLayers(mv)).toEqual([1, 2]);
  });
  it('selectKth finds order statistics', () => {
    const xs = Float32Array.from({ length: 1001 }, (_, k) => ((k * 7919) % 1001) / 1001);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const k of [0, 1, 500, 999, 1000]) expect(selectKth(xs.slice(), k)).toBe(sorted[k]);
  });
  it('chooses a default mass that keeps short inputs readable', () => {
    expect(defaultMass(idx)).toBeGreaterThanOrEqual(0.5);
  });
});

describe('thumbnail pooling', () => {
  it('max-pools exactly so one-token diagonals survive', () => {
    const n = 100;
    const m = new Float32Array(n * n);
    for (let i = 0; i < n; i++) m[i * n + i] = 1;
    const p = maxPool(m, n, 10);
    expect(p.max).toBe(1);
    for (let b = 0; b < 10; b++) expect(p.values[b * 10 + b]).toBe(1);
    expect(p.values[1]).toBe(0);
  });
});

describe('rollout fast paths', () => {
  it('match the full rollout matrix', async () => {
    const { rollout } = await import('../../src/core/attention/rollout');
    const { attentionReceived, rolloutReceived } = await import('../../src/views/lib/attention-math');
    const n = short.seqLen;
    const full = rollout(short, 2);
    const fast = rolloutReceived(short, 2);
    const slow = attentionReceived(full, n);
    fast.forEach((v, j) => expect(v).toBeCloseTo(slow[j], 5));
    const v = buildView(short, { hideSpecial: false, wordMode: false });
    const h = computeHeatScores(v, { layer: 2, heads: { kind: 'rollout' }, source: 'received' }, 6);
    h.scores.forEach((x, j) => expect(x).toBeCloseTo(full[6 * n + j], 5));
  });
});
