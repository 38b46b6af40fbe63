// Head roles on constructed matrices, and the comparison maths by hand.
import { describe, expect, it } from 'vitest';
import { headRoles, offsetProfile, similarHeads, type RoleInputs } from '../../src/core/attention/head-roles';
import { headDifference, jsDivergence, rankHeadChanges } from '../../src/core/attention/compare';
import { matrixStats } from '../../src/core/attention/head-stats';

/** An n×n matrix whose row i puts `w` on key i+k (when it exists) and spreads the rest evenly. */
function shifted(n: number, k: number, w: number): Float32Array {
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const j = i + k;
    const has = j >= 0 && j < n;
    for (let c = 0; c < n; c++) m[i * n + c] = has ? (1 - w) / (n - 1) : 1 / n;
    if (has) m[i * n + j] = w;
  }
  return m;
}

function inputs(m: Float32Array, n: number, cls: number[] = [], sep: number[] = [], words: number[] = []): RoleInputs {
  const rows = new Array<boolean>(n).fill(true);
  const s = matrixStats(m, n, rows, cls, sep, words);
  const split = words.some((w, i) => w >= 0 && words.indexOf(w) !== i);
  return { ...s, hasSplitWords: split, n, offsets: offsetProfile(m, n, rows) };
}

describe('head roles', () => {
  const n = 12;
  it('names previous-token, next-token and distance heads with their evidence', () => {
    expect(headRoles(inputs(shifted(n, -1, 0.8), n))[0]).toMatchObject({ kind: 'previous', label: 'previous token' });
    expect(headRoles(inputs(shifted(n, -1, 0.8), n))[0].evidence).toMatch(/^80\.0 % of each row on the previous token$/);
    expect(headRoles(inputs(shifted(n, 1, 0.7), n))[0]).toMatchObject({ kind: 'next' });
    const d3 = headRoles(inputs(shifted(n, 3, 0.9), n))[0];
    expect(d3).toMatchObject({ kind: 'distance', offset: 3, label: 'distance +3' });
    expect(headRoles(inputs(shifted(n, -2, 0.9), n))[0]).toMatchObject({ kind: 'distance', offset: -2, label: 'distance −2' });
    expect(headRoles(inputs(shifted(n, 0, 0.95), n))[0]).toMatchObject({ kind: 'self' });
  });

  it('is exact at the threshold: 0.50 is a role, 0.49 is not', () => {
    expect(headRoles(inputs(shifted(n, -1, 0.5), n))[0].kind).toBe('previous');
    expect(headRoles(inputs(shifted(n, -1, 0.49), n)).some((r) => r.kind === 'previous')).toBe(false);
  });

  it('calls [CLS]+[SEP] heads sinks and says which token takes it', () => {
    const m = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      m[i * n] = 0.3;
      m[i * n + n - 1] = 0.3;
      for (let j = 1; j < n - 1; j++) m[i * n + j] = 0.4 / (n - 2);
    }
    const r = headRoles(inputs(m, n, [0], [n - 1]))[0];
    expect(r).toMatchObject({ kind: 'sink', label: '[CLS]/[SEP] sink' });
    expect(r.strength).toBeCloseTo(0.6, 6);
    expect(r.evidence).toMatch(/\[CLS\] and \[SEP\]/);
  });

  it('finds same-word heads only where words are split', () => {
    // tokens 2,3,4 are one word; each of their rows looks at the other two pieces
    const words = [-1, 0, 1, 1, 1, 2, -1, 3, 4, 5, 6, -1];
    const m = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      const own = words[i] === 1 ? [2, 3, 4].filter((k) => k !== i) : [];
      if (own.length) for (const k of own) m[i * n + k] = 0.45;
      const rest = 1 - own.length * 0.45;
      for (let j = 0; j < n; j++) if (!own.includes(j)) m[i * n + j] += rest / (n - own.length);
    }
    const rows = words.map((w) => w === 1);
    const s = matrixStats(m, n, rows, [], [], words);
    const r = headRoles({ ...s, hasSplitWords: true, n, offsets: offsetProfile(m, n, rows) });
    expect(r[0]).toMatchObject({ kind: 'same-word' });
    expect(headRoles({ ...s, hasSplitWords: false, n, offsets: offsetProfile(m, n, rows) }).some((x) => x.kind === 'same-word')).toBe(false);
  });

  it('calls an even spread broad, and a content-dependent head mixed', () => {
    const uniform = new Float32Array(n * n).fill(1 / n);
    expect(headRoles(inputs(uniform, n))[0]).toMatchObject({ kind: 'broad', strength: expect.closeTo(1, 6) });
    const mixed = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      mixed[i * n + ((i * 5) % n)] = 0.4; // a different, non-positional key per row
      mixed[i * n + ((i * 7 + 3) % n)] += 0.35;
      for (let j = 0; j < n; j++) mixed[i * n + j] += 0.25 / n;
    }
    const roles = headRoles(inputs(mixed, n));
    expect(roles).toHaveLength(1);
    expect(roles[0].kind).toBe('mixed');
  });

  it('lists every role met, strongest first', () => {
    // rows i ≥ 1: 0.55 on the previous token, 0.45 on [CLS] (key 0); row 0 all on itself ([CLS])
    const m = new Float32Array(n * n);
    m[0] = 1;
    for (let i = 1; i < n; i++) {
      m[i * n + i - 1] += 0.55;
      m[i * n] += 0.45;
    }
    const r = headRoles(inputs(m, n, [0], []));
    expect(r.map((x) => x.kind)).toEqual(['previous', 'sink']);
    expect(r[0].strength).toBeCloseTo((1 + 10 * 0.55) / 11, 6); // row 1's previous token is [CLS] itself
    expect(r[1].strength).toBeCloseTo((1 + 1 + 10 * 0.45) / 12, 6);
  });

  it('orders heads by likeness', () => {
    const a = inputs(shifted(n, -1, 0.8), n);
    const b = inputs(shifted(n, -1, 0.7), n);
    const c = inputs(shifted(n, 1, 0.8), n);
    expect(similarHeads(a, [c, b, a])).toEqual([2, 1, 0]);
  });
});

describe('comparison', () => {
  it('JS divergence by hand', () => {
    expect(jsDivergence([1, 0], [1, 0])).toBe(0);
    expect(jsDivergence([1, 0], [0, 1])).toBeCloseTo(1, 12);
    // p = (1/2, 1/2), q = (1, 0): m = (3/4, 1/4); JSD = ½[½log2(2/3) + ½log2(2) ] + ½[log2(4/3)]
    const expected = 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25)) + 0.5 * Math.log2(1 / 0.75);
    expect(jsDivergence([0.5, 0.5], [1, 0])).toBeCloseTo(expected, 12);
    expect(jsDivergence([0.5, 0.5], [1, 0])).toBeCloseTo(jsDivergence([1, 0], [0.5, 0.5]), 12); // symmetric
  });

  it('ranks first the head constructed to differ', () => {
    const L = 2;
    const H = 3;
    const n = 5;
    const a = new Float32Array(L * H * n * n).fill(1 / n);
    const b = Float32Array.from(a);
    // layer 1, head 2: B looks only at the previous token
    const base = (1 * H + 2) * n * n;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[base + i * n + j] = j === Math.max(0, i - 1) ? 1 : 0;
    // layer 0, head 1: a small change
    b[(0 * H + 1) * n * n] = 0.25;
    b[(0 * H + 1) * n * n + 1] = 0.15;
    const ranked = rankHeadChanges(a, b, L, H, n);
    expect(ranked[0]).toMatchObject({ layer: 1, head: 2 });
    expect(ranked[0].maxAbsDiff).toBeCloseTo(0.8, 6);
    expect(ranked[1]).toMatchObject({ layer: 0, head: 1 });
    expect(ranked.at(-1)!.divergence).toBe(0);
    const d = headDifference(a, b, base, n);
    expect(d[0]).toBeCloseTo(0.2 - 1, 6);
    expect(() => rankHeadChanges(a, b.subarray(1), L, H, n)).toThrow(/same shape/);
  });
});
