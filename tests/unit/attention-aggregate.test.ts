import { describe, expect, it } from 'vitest';
import type { AttentionResult, TokenInfo } from '../../src/shared/attention-result';
import { attentionFrom, attentionTo, maxOverHeads, meanOverHeads, meanOverLayersAndHeads } from '../../src/core/attention/aggregate';
import { perLayer } from '../support/layers';

/** AttentionResult from explicit matrices m[layer][head][i][j]. */
function makeResult(m: number[][][][]): AttentionResult {
  const L = m.length;
  const H = m[0].length;
  const n = m[0][0].length;
  const tokens: TokenInfo[] = Array.from({ length: n }, (_, k) => ({ text: `t${k}`, id: k, span: null, special: false, word: k, segment: 0 }));
  return {
    modelId: 'test',
    backend: 'wasm',
    text: '',
    tokens,
    numLayers: L,
    numHeads: H,
    seqLen: n,
    attentions: perLayer(Float32Array.from(m.flat(3)), L),
    truncated: null,
    timings: { tokenizeMs: 0, inferenceMs: 0 },
  };
}
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, k) => expect(v).toBeCloseTo(b[k], 6));
};

// 2 layers × 2 heads × 2 tokens.
const r = makeResult([
  [
    [
      [1, 0],
      [0.5, 0.5],
    ],
    [
      [0, 1],
      [0.25, 0.75],
    ],
  ],
  [
    [
      [0.5, 0.5],
      [1, 0],
    ],
    [
      [0.5, 0.5],
      [0, 1],
    ],
  ],
]);

describe('aggregate', () => {
  it("meanOverHeads: element-wise mean of the layer's heads", () => {
    // layer 0: ([1,0]+[0,1])/2 = [.5,.5]; ([.5,.5]+[.25,.75])/2 = [.375,.625]
    close(meanOverHeads(r, 0), [0.5, 0.5, 0.375, 0.625]);
    close(meanOverHeads(r, 1), [0.5, 0.5, 0.5, 0.5]);
  });

  it('maxOverHeads: element-wise max', () => {
    close(maxOverHeads(r, 0), [1, 1, 0.5, 0.75]);
    close(maxOverHeads(r, 1), [0.5, 0.5, 1, 1]);
  });

  it('meanOverLayersAndHeads: mean of all four matrices', () => {
    // [0][0]: (1+0+.5+.5)/4 = .5; [0][1]: (0+1+.5+.5)/4 = .5; [1][0]: (.5+.25+1+0)/4 = .4375; [1][1]: (.5+.75+0+1)/4 = .5625
    close(meanOverLayersAndHeads(r), [0.5, 0.5, 0.4375, 0.5625]);
  });

  it('rejects a layer out of range', () => {
    expect(() => meanOverHeads(r, 2)).toThrow(RangeError);
    expect(() => maxOverHeads(r, -1)).toThrow(RangeError);
  });

  it('attentionFrom is a row view, attentionTo a column copy', () => {
    const m = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const row = attentionFrom(m, 3, 1);
    close(row, [4, 5, 6]);
    expect(row.buffer).toBe(m.buffer); // no copy
    const col = attentionTo(m, 3, 2);
    close(col, [3, 6, 9]);
    col[0] = 100;
    expect(m[2]).toBe(3);
  });
});

describe('aggregate edge cases', () => {
  it('names the valid layer range when a layer is out of range', () => {
    expect(() => meanOverHeads(r, 2)).toThrow('layer 2 is outside 0..1');
    expect(() => maxOverHeads(r, -1)).toThrow('layer -1 is outside 0..1');
    expect(() => meanOverHeads(r, 0.5)).toThrow(RangeError);
  });

  it('no heads: all-zero matrices of size n×n, never NaN', () => {
    const none = { ...r, numHeads: 0, attentions: [new Float32Array(0), new Float32Array(0)] };
    expect(Array.from(meanOverHeads(none, 0))).toEqual([0, 0, 0, 0]);
    expect(Array.from(maxOverHeads(none, 1))).toEqual([0, 0, 0, 0]);
    expect(Array.from(meanOverLayersAndHeads(none))).toEqual([0, 0, 0, 0]);
    expect(Array.from(meanOverLayersAndHeads({ ...none, numLayers: 0 }))).toEqual([0, 0, 0, 0]);
  });

  it('max over heads keeps the larger value per cell, whichever head has it', () => {
    const two = makeResult([
      [
        [
          [0.9, 0.1],
          [0.2, 0.8],
        ],
        [
          [0.3, 0.7],
          [0.6, 0.4],
        ],
      ],
    ]);
    close(maxOverHeads(two, 0), [0.9, 0.7, 0.6, 0.8]);
  });

  it('attentionTo reads column j of every row', () => {
    expect(Array.from(attentionTo(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), 3, 2))).toEqual([3, 6, 9]);
  });
});
