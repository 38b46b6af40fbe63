import { describe, expect, it } from 'vitest';
import type { AttentionResult, TokenInfo } from '../../src/shared/attention-result';
import { residualStep, rollout, rolloutLayers, rolloutRow } from '../../src/core/attention/rollout';
import { perLayer } from '../support/layers';

function makeResult(m: number[][][][]): AttentionResult {
  const n = m[0][0].length;
  const tokens: TokenInfo[] = Array.from({ length: n }, (_, k) => ({ text: `t${k}`, id: k, span: null, special: false, word: k, segment: 0 }));
  return {
    modelId: 'test',
    backend: 'wasm',
    text: '',
    tokens,
    numLayers: m.length,
    numHeads: m[0].length,
    seqLen: n,
    attentions: perLayer(Float32Array.from(m.flat(3)), m.length),
    truncated: null,
    timings: { tokenizeMs: 0, inferenceMs: 0 },
  };
}
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, k) => expect(v).toBeCloseTo(b[k], 6));
};

const I = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const SHIFT = [
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
];
const ALL_CLS = [
  [1, 0, 0],
  [1, 0, 0],
  [1, 0, 0],
];
// 3 tokens × 2 layers × 2 heads.
const r = makeResult([
  [I, SHIFT],
  [ALL_CLS, ALL_CLS],
]);

describe('rollout', () => {
  // Layer 0: Ā0 = (I + SHIFT)/2 = [[.5,.5,0],[0,.5,.5],[.5,0,.5]]
  //          Ã0 = .5·Ā0 + .5·I  = [[.75,.25,0],[0,.75,.25],[.25,0,.75]]   (rows already sum to 1)
  // Layer 1: Ā1 = ALL_CLS;  Ã1 = .5·Ā1 + .5·I = [[1,0,0],[.5,.5,0],[.5,0,.5]]
  // R = Ã1 · Ã0:
  //   row0 = 1·[.75,.25,0]                       = [.75, .25, 0]
  //   row1 = .5·[.75,.25,0] + .5·[0,.75,.25]     = [.375, .5, .125]
  //   row2 = .5·[.75,.25,0] + .5·[.25,0,.75]     = [.5, .125, .375]
  const A0 = [0.75, 0.25, 0, 0, 0.75, 0.25, 0.25, 0, 0.75];
  const R = [0.75, 0.25, 0, 0.375, 0.5, 0.125, 0.5, 0.125, 0.375];

  it('layer 0 only: Ã0', () => close(rollout(r, 0), A0));
  it('all layers: Ã1 · Ã0 (not Ã0 · Ã1, whose row 0 would be [.875,.125,0])', () => close(rollout(r), R));
  it('upToLayer defaults to the last layer and is clamped', () => {
    close(rollout(r, 1), R);
    close(rollout(r, 99), R);
    close(rollout(r, -3), A0);
  });
  it('rolloutLayers gives every prefix', () => {
    const all = rolloutLayers(r);
    expect(all).toHaveLength(2);
    close(all[0], A0);
    close(all[1], R);
  });
  it('rolloutRow(i) equals row i of the full rollout', () => {
    close(rolloutRow(r, 1), [0.375, 0.5, 0.125]);
    close(rolloutRow(r, 2, 0), [0.25, 0, 0.75]);
    close(rolloutRow(r, 7), [0, 0, 0]);
  });
  it('rows of R sum to 1', () => {
    const m = rollout(r);
    for (let i = 0; i < 3; i++) expect(m[i * 3] + m[i * 3 + 1] + m[i * 3 + 2]).toBeCloseTo(1, 6);
  });

  it('residualStep renormalises rows that did not sum to 1; zero rows of A get the identity', () => {
    // row0 [.2,.2,0] → .5·row + .5·e0 = [.6,.1,0], sum .7 → [6/7, 1/7, 0]
    // row1 [0,0,0]   → [0,.5,0] → [0,1,0]
    const step = residualStep(Float32Array.from([0.2, 0.2, 0, 0, 0, 0, 0, 0, 1]), 3);
    close(step, [6 / 7, 1 / 7, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('residual option: 0 = plain product of head means, 1 = identity', () => {
    // residual 0: R = Ā1 · Ā0 = ALL_CLS · Ā0: every row = row0 of Ā0 = [.5,.5,0]
    close(rollout(r, 1, { residual: 0 }), [0.5, 0.5, 0, 0.5, 0.5, 0, 0.5, 0.5, 0]);
    close(rollout(r, 1, { residual: 1 }), I.flat());
  });
});

describe('rollout on longer inputs (n ≥ 4: the blocked product) against the rule written out naively', () => {
  // 3 layers × 2 heads × n = 7, rows softmax-like with exact zeros (a causal-ish mask), deterministic values
  const n = 7;
  const L = 3;
  const H = 2;
  const mat = (l: number, h: number) =>
    Array.from({ length: n }, (_, i) => {
      const row = Array.from({ length: n }, (_, j) => ((i + 2 * j + 3 * l + 5 * h) % 4 === 0 || j > i + 1 ? 0 : 1 + ((i * 7 + j * 3 + l + h) % 5)));
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => v / s);
    });
  const rr = makeResult(Array.from({ length: L }, (_, l) => Array.from({ length: H }, (_, h) => mat(l, h))));
  /** The file comment's rule with plain loops: Ã_l = rownorm(α·I + (1−α)·mean_h A), R = Ã_last · … · Ã_0. */
  const naive = (last: number, alpha = 0.5) => {
    let R: number[][] | null = null;
    for (let l = 0; l <= last; l++) {
      const A = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => ((1 - alpha) * (mat(l, 0)[i][j] + mat(l, 1)[i][j])) / 2 + (i === j ? alpha : 0)),
      ).map((row) => {
        const s = row.reduce((a, b) => a + b, 0);
        return s > 0 ? row.map((v) => v / s) : row;
      });
      R = R === null ? A : A.map((row) => Array.from({ length: n }, (_, j) => row.reduce((acc, v, k) => acc + v * R![k][j], 0)));
    }
    return R!.flat();
  };

  it('full rollout, every prefix, and the residual option', () => {
    close(rollout(rr), naive(L - 1));
    rolloutLayers(rr).forEach((m, l) => close(m, naive(l)));
    close(rollout(rr, 1, { residual: 0.2 }), naive(1, 0.2));
    close(rollout(rr, 2, { residual: 0 }), naive(2, 0));
  });

  it('rolloutRow equals the rows of the full rollout; out-of-range layers clamp, out-of-range rows are zero', () => {
    const full = naive(L - 1);
    for (let i = 0; i < n; i++) {
      close(rolloutRow(rr, i), full.slice(i * n, i * n + n));
      close(rolloutRow(rr, i, 99), full.slice(i * n, i * n + n));
    }
    close(rolloutRow(rr, 3, 0), naive(0).slice(3 * n, 4 * n));
    close(rolloutRow(rr, 3, -4), naive(0).slice(3 * n, 4 * n));
    close(rollout(rr, 99), full);
    close(rollout(rr, -4), naive(0));
    expect(Array.from(rolloutRow(rr, -1))).toEqual(Array(n).fill(0));
    expect(Array.from(rolloutRow(rr, n))).toEqual(Array(n).fill(0));
  });

  it('a layer whose heads attend only to the token itself passes the rollout through unchanged', () => {
    // Ã of a self-only layer is I (its rows are one-hot, so each row of the product copies one row of R)
    const self = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const before = makeResult([[mat(0, 0), mat(0, 1)]]);
    const withSelf = makeResult([
      [mat(0, 0), mat(0, 1)],
      [self, self],
      [mat(2, 0), mat(2, 1)],
      [self, self],
    ]);
    const R0 = Array.from(rollout(before));
    close(rollout(withSelf, 1), R0);
    close(
      rollout(withSelf),
      Array.from(
        rollout(
          makeResult([
            [mat(0, 0), mat(0, 1)],
            [mat(2, 0), mat(2, 1)],
          ]),
        ),
      ),
    );
    for (let i = 0; i < n; i++) close(rolloutRow(withSelf, i, 1), R0.slice(i * n, i * n + n));
  });

  it('a model without layers has a zero rollout of the right size', () => {
    const empty = { ...rr, numLayers: 0, attentions: [] };
    expect(Array.from(rollout(empty))).toEqual(Array(n * n).fill(0));
    expect(rolloutLayers(empty)).toEqual([]);
    expect(Array.from(rolloutRow(empty, 0))).toEqual(Array(n).fill(0));
  });

  it('residualStep keeps an all-zero row at zero with residual 0 (no division by zero)', () => {
    const step = residualStep(Float32Array.from([0, 0, 0, 0.5, 0.5, 0, 0, 0, 1]), 3, 0);
    expect(Array.from(step)).toEqual([0, 0, 0, 0.5, 0.5, 0, 0, 0, 1]);
  });
});
