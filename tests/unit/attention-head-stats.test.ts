import { describe, expect, it } from 'vitest';
import type { AttentionResult, TokenInfo } from '../../src/shared/attention-result';
import { headStats, matrixStats } from '../../src/core/attention/head-stats';
import { perLayer } from '../support/layers';

const tok = (text: string, special: boolean): TokenInfo => ({ text, id: 0, span: null, special, word: special ? -1 : 0, segment: 0 });
const LN2 = Math.log(2);

// tokens [CLS] a [SEP]
const M = [
  [1, 0, 0],
  [0.5, 0.25, 0.25],
  [0, 0.5, 0.5],
];
const UNIFORM = [
  [1 / 3, 1 / 3, 1 / 3],
  [1 / 3, 1 / 3, 1 / 3],
  [1 / 3, 1 / 3, 1 / 3],
];

function makeResult(m: number[][][][]): AttentionResult {
  const tokens = [tok('[CLS]', true), tok('a', false), tok('[SEP]', true)];
  return {
    modelId: 'test',
    backend: 'wasm',
    text: 'a',
    tokens,
    numLayers: m.length,
    numHeads: m[0].length,
    seqLen: 3,
    attentions: perLayer(Float32Array.from(m.flat(3)), m.length),
    truncated: null,
    timings: { tokenizeMs: 0, inferenceMs: 0 },
  };
}

describe('head stats', () => {
  // Per row of M:
  //   entropy:  row0 0;  row1 −(.5ln.5 + 2·.25ln.25) = 1.5·ln2;  row2 ln2
  //   distance: row0 0;  row1 .5·1 + .25·0 + .25·1 = .75;        row2 .5·1 + .5·0 = .5
  //   CLS (col 0): 1, .5, 0     SEP (col 2): 0, .25, .5     self: 1, .25, .5
  //   prev a_{i,i−1} (rows 1,2): .5, .5      next a_{i,i+1} (rows 0,1): 0, .25
  it('all rows', () => {
    const s = matrixStats(Float32Array.from(M.flat()), 3, [true, true, true], [0], [2]);
    expect(s.entropy).toBeCloseTo((0 + 1.5 * LN2 + LN2) / 3, 6);
    expect(s.meanDistance).toBeCloseTo(1.25 / 3, 6);
    expect(s.clsMass).toBeCloseTo(0.5, 6);
    expect(s.sepMass).toBeCloseTo(0.25, 6);
    expect(s.prevMass).toBeCloseTo(0.5, 6);
    expect(s.nextMass).toBeCloseTo(0.125, 6);
    expect(s.selfMass).toBeCloseTo(1.75 / 3, 6);
  });

  it('headStats on an AttentionResult: layer-major order, default CLS/SEP from tokens', () => {
    const r = makeResult([[M, UNIFORM]]);
    const stats = headStats(r);
    expect(stats.map((s) => [s.layer, s.head])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(stats[0].clsMass).toBeCloseTo(0.5, 6);
    expect(stats[0].sepMass).toBeCloseTo(0.25, 6);
    // uniform head: entropy ln 3 per row; distance row0 (0+1+2)/3=1, row1 (1+0+1)/3=2/3, row2 1 → mean 8/9
    expect(stats[1].entropy).toBeCloseTo(Math.log(3), 6);
    expect(stats[1].meanDistance).toBeCloseTo(8 / 9, 6);
    for (const k of ['clsMass', 'sepMass', 'prevMass', 'nextMass', 'selfMass'] as const) expect(stats[1][k]).toBeCloseTo(1 / 3, 6);
  });

  it("rows: 'non-special' averages only query rows of non-special tokens (keys unrestricted)", () => {
    const [s] = headStats(makeResult([[M]]), { rows: 'non-special' });
    // only row 1: [.5,.25,.25]
    expect(s.entropy).toBeCloseTo(1.5 * LN2, 6);
    expect(s.meanDistance).toBeCloseTo(0.75, 6);
    expect(s.clsMass).toBeCloseTo(0.5, 6);
    expect(s.sepMass).toBeCloseTo(0.25, 6);
    expect(s.prevMass).toBeCloseTo(0.5, 6);
    expect(s.nextMass).toBeCloseTo(0.25, 6);
    expect(s.selfMass).toBeCloseTo(0.25, 6);
  });

  it('rows as a mask; prev/next only count rows that have a neighbour; empty selection gives 0', () => {
    const [s] = headStats(makeResult([[M]]), { rows: [true, false, false] });
    expect(s.prevMass).toBe(0); // row 0 has no previous token
    expect(s.nextMass).toBeCloseTo(0, 6);
    expect(s.selfMass).toBeCloseTo(1, 6);
    const [e] = headStats(makeResult([[M]]), { rows: [false, false, false] });
    expect(
      Object.values(e)
        .slice(2)
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('explicit CLS/SEP indices', () => {
    const [s] = headStats(makeResult([[M]]), { clsIndices: [1], sepIndices: [] });
    expect(s.clsMass).toBeCloseTo((0 + 0.25 + 0.5) / 3, 6);
    expect(s.sepMass).toBe(0);
  });

  // tokens: [CLS] play ##ing ball [SEP]; words -1, 0, 0, 1, -1. Only rows 1 and 2 are in a multi-piece word.
  it('word mass: attention to the other pieces of the own word, over tokens of split words', () => {
    const W = [
      [1, 0, 0, 0, 0],
      [0.1, 0.2, 0.6, 0.1, 0], // play → ##ing 0.6
      [0, 0.3, 0.5, 0.2, 0], // ##ing → play 0.3
      [0, 0.5, 0.5, 0, 0], // ball: a one-piece word, not averaged
      [0, 0, 0, 0, 1],
    ];
    const s = matrixStats(Float32Array.from(W.flat()), 5, [true, true, true, true, true], [0], [4], [-1, 0, 0, 1, -1]);
    expect(s.wordMass).toBeCloseTo((0.6 + 0.3) / 2, 6);
    expect(matrixStats(Float32Array.from(W.flat()), 5, [true, true, true, true, true], [0], [4], [-1, 0, 1, 2, -1]).wordMass).toBe(0);
  });
});

describe('head stats: other tokenizers and bad indices', () => {
  const m3 = Float32Array.from(M.flat());
  it('RoBERTa <s>/</s> and <cls>/<sep> count as CLS/SEP, only when special', () => {
    for (const [c, s] of [
      ['<s>', '</s>'],
      ['<cls>', '<sep>'],
      ['[CLS]', '[SEP]'],
    ]) {
      const r = { ...makeResult([[M]]), tokens: [tok(c, true), tok('a', false), tok(s, true)] };
      const [st] = headStats(r);
      expect(st.clsMass, c).toBeCloseTo(0.5, 6); // (1 + .5 + 0) / 3
      expect(st.sepMass, s).toBeCloseTo(0.25, 6); // (0 + .25 + .5) / 3
    }
    // the same spellings typed as text (not special) are ordinary tokens
    const typed = { ...makeResult([[M]]), tokens: [tok('<s>', false), tok('a', false), tok('</s>', false)] };
    expect(headStats(typed)[0].clsMass).toBe(0);
    expect(headStats(typed)[0].sepMass).toBe(0);
  });

  it('CLS/SEP indices outside 0..n−1 are ignored, not read from the next row', () => {
    const all = [true, true, true];
    const ok = matrixStats(m3, 3, all, [0], [2]);
    const bad = matrixStats(m3, 3, all, [0, 3, -1, 7], [2, 3, -3]);
    expect(bad.clsMass).toBeCloseTo(ok.clsMass, 6);
    expect(bad.sepMass).toBeCloseTo(ok.sepMass, 6);
    expect(Number.isFinite(bad.clsMass) && Number.isFinite(bad.sepMass)).toBe(true);
  });

  it("rows: 'non-special' with fewer token records than n treats the missing ones as ordinary", () => {
    const r = { ...makeResult([[UNIFORM]]), tokens: [tok('[CLS]', true)] };
    const [st] = headStats(r, { rows: 'non-special' });
    expect(st.selfMass).toBeCloseTo(1 / 3, 6);
    expect(st.prevMass).toBeCloseTo(1 / 3, 6);
  });
});
