// Word alignment (src/core/attention/word-alignment.ts) beyond the basic cases in research-tools.test.ts: which
// words anchor when several longest common subsequences exist, gaps at either end, what counts as the same word, and
// the restricted matrix's rows without mass.
import { describe, expect, it } from 'vitest';
import { alignedMatrix, alignWords, type WordLink } from '../../src/core/attention/word-alignment';

const same = (a: number, b: number): WordLink => ({ kind: 'same', a, b });
const changed = (a: number, b: number): WordLink => ({ kind: 'changed', a, b });
const onlyA = (a: number): WordLink => ({ kind: 'only-a', a, b: null });
const onlyB = (b: number): WordLink => ({ kind: 'only-b', a: null, b });

/** Every word of A and of B in exactly one link, both in reading order. */
function expectCovers(links: WordLink[], m: number, n: number) {
  expect(links.filter((l) => l.a !== null).map((l) => l.a)).toEqual(Array.from({ length: m }, (_, i) => i));
  expect(links.filter((l) => l.b !== null).map((l) => l.b)).toEqual(Array.from({ length: n }, (_, j) => j));
}

describe('alignWords', () => {
  it('aligns identical texts word for word, and empty texts to nothing', () => {
    expect(alignWords(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([same(0, 0), same(1, 1), same(2, 2)]);
    expect(alignWords([], [])).toEqual([]);
    expect(alignWords(['x', 'y'], [])).toEqual([onlyA(0), onlyA(1)]);
    expect(alignWords([], ['x', 'y'])).toEqual([onlyB(0), onlyB(1)]);
  });

  it('finds the longest common run when B starts with an extra word', () => {
    expect(alignWords(['p', 'q'], ['z', 'p', 'q'])).toEqual([onlyB(0), same(0, 1), same(1, 2)]);
  });

  it('finds the longest common run when A starts with an extra word', () => {
    expect(alignWords(['z', 'p', 'q'], ['p', 'q'])).toEqual([onlyA(0), same(1, 0), same(2, 1)]);
  });

  it('anchors on the longest common subsequence, not on the first match', () => {
    // matching a's "x" with b's last word would anchor one word; the LCS "y w" anchors two
    expect(alignWords(['y', 'w', 'x'], ['x', 'y', 'w'])).toEqual([onlyB(0), same(0, 1), same(1, 2), onlyA(2)]);
    expect(alignWords(['x', 'y'], ['y', 'w', 'w'])).toEqual([onlyA(0), same(1, 0), onlyB(1), onlyB(2)]);
    const a = ['a', 'b', 'c', 'd', 'e', 'f'];
    const b = ['b', 'x', 'd', 'e', 'y', 'a'];
    const links = alignWords(a, b);
    expect(links.filter((l) => l.kind === 'same')).toEqual([same(1, 0), same(3, 2), same(4, 3)]);
    expectCovers(links, a.length, b.length);
  });

  it('between equally long choices, A’s word is left out first (the later alignment is kept)', () => {
    expect(alignWords(['x', 'y'], ['y', 'x'])).toEqual([onlyA(0), same(1, 0), onlyB(1)]);
  });

  it('pairs the words between anchors in order as changed, the surplus of the longer side is one-sided', () => {
    expect(alignWords(['a', 'p', 'q', 'r', 'b'], ['a', 's', 'b'])).toEqual([same(0, 0), changed(1, 1), onlyA(2), onlyA(3), same(4, 2)]);
    expect(alignWords(['a', 'b'], ['a', 's', 't', 'b', 'u'])).toEqual([same(0, 0), onlyB(1), onlyB(2), same(1, 3), onlyB(4)]);
    expect(alignWords(['k', 'l'], ['m', 'n'])).toEqual([changed(0, 0), changed(1, 1)]);
  });

  it('compares words case-insensitively after NFKC normalisation, but keeps different letters apart', () => {
    expect(alignWords(['The', 'ＦＯＸ'], ['the', 'fox'])).toEqual([same(0, 0), same(1, 1)]);
    // Turkish dotless ı is its own letter (only upper-casing would merge it with i)
    expect(alignWords(['ı'], ['i'])).toEqual([changed(0, 0)]);
    expect(alignWords(['sıcak', 'su'], ['sicak', 'su'])).toEqual([changed(0, 0), same(1, 1)]);
  });

  it('covers every word exactly once on random word lists', () => {
    let x = 17;
    const rand = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let t = 0; t < 40; t++) {
      const a = Array.from({ length: Math.floor(rand() * 9) }, () => 'abcd'[Math.floor(rand() * 4)]);
      const b = Array.from({ length: Math.floor(rand() * 9) }, () => 'abcd'[Math.floor(rand() * 4)]);
      const links = alignWords(a, b);
      expectCovers(links, a.length, b.length);
      for (const l of links) if (l.kind === 'same') expect(a[l.a]).toBe(b[l.b]);
      // the same links are a longest common subsequence: no longer one exists
      const lcs = (i: number, j: number): number =>
        i === a.length || j === b.length ? 0 : a[i] === b[j] ? 1 + lcs(i + 1, j + 1) : Math.max(lcs(i + 1, j), lcs(i, j + 1));
      expect(links.filter((l) => l.kind === 'same')).toHaveLength(lcs(0, 0));
    }
  });
});

describe('alignedMatrix', () => {
  it('a row with no mass on the kept columns stays 0, and does not disturb its neighbours', () => {
    // rows 0 and 2 kept: row 0 has mass there, row 2 only on column 1 (not kept)
    const m = Float32Array.from([0.2, 0.6, 0.2, 0.3, 0.3, 0.4, 0, 1, 0]);
    expect(Array.from(alignedMatrix(m, 3, [0, 2]))).toEqual([0.5, 0.5, 0, 0]);
    // the empty row first
    expect(Array.from(alignedMatrix(m, 3, [2, 0]))).toEqual([0, 0, 0.5, 0.5]);
  });

  it('keeps rows and columns in the order given and renormalises each row', () => {
    const m = Float32Array.from([0.1, 0.2, 0.7, 0.5, 0.25, 0.25, 0.4, 0.4, 0.2]);
    const out = Array.from(alignedMatrix(m, 3, [2, 0]));
    [0.2 / 0.6, 0.4 / 0.6, 0.7 / 0.8, 0.1 / 0.8].forEach((v, k) => expect(out[k]).toBeCloseTo(v, 6));
    expect(Array.from(alignedMatrix(m, 3, []))).toEqual([]);
  });
});
