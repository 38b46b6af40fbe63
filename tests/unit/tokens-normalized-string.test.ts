// NormStr (src/core/tokens/normalized-string.ts), the code-point port of Hugging Face's NormalizedString that gives
// BPE and Unigram tokens their page ranges: each operation's ranges worked out by hand from the Rust library's rules
// (a replacing character takes the range of the one it replaces, an inserted one the range of the one before, a
// replacement's inserted text the range of the match's last character).
import { describe, expect, it } from 'vitest';
import {
  charIndexOfUnits,
  filter,
  fromOriginal,
  mapChars,
  prepend,
  replace,
  slice,
  toText,
  transform,
  unicodeNormalize,
  type NormStr,
} from '../../src/core/tokens/normalized-string';

const cps = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
const ranges = (ns: NormStr) => ns.cp.map((_, k) => [ns.s[k], ns.e[k]]);

describe('fromOriginal / toText / charIndexOfUnits / slice', () => {
  it('one entry per code point with its UTF-16 range; the base is where it starts', () => {
    const ns = fromOriginal('a😀b', 0, 4);
    expect(ns.cp).toEqual([0x61, 0x1f600, 0x62]);
    expect(ranges(ns)).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
    ]);
    expect(ns.base).toBe(0);
    const mid = fromOriginal('a😀b', 1, 3);
    expect([mid.cp, mid.s, mid.e, mid.base]).toEqual([[0x1f600], [1], [3], 1]);
  });
  it('a surrogate pair cut by the end of the range counts as its first unit alone', () => {
    const ns = fromOriginal('😀', 0, 1);
    expect([ns.cp, ns.s, ns.e]).toEqual([[0xd83d], [0], [1]]);
  });
  it('toText spells code points back, in any range and past its 4,096-character chunks', () => {
    expect(toText([0x61, 0x1f600, 0x62])).toBe('a😀b');
    expect(toText([0x61, 0x1f600, 0x62], 1, 2)).toBe('😀');
    expect(toText(new Array(5000).fill(0x61).concat([0x62]))).toBe('a'.repeat(5000) + 'b');
    expect(toText([])).toBe('');
  });
  it('charIndexOfUnits: the code point of every UTF-16 offset, and the length at the end', () => {
    expect(Array.from(charIndexOfUnits([0x61, 0x1f600, 0x62]))).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(charIndexOfUnits([]))).toEqual([0]);
  });
  it('slice keeps ranges; its base is the first kept character’s start (or the old base when empty)', () => {
    const ns = fromOriginal('xa😀b', 1, 5);
    const s = slice(ns, 1, 3);
    expect([s.cp, s.s, s.e, s.base]).toEqual([[0x1f600, 0x62], [2, 4], [4, 5], 2]);
    expect(slice(ns, 3, 3).base).toBe(1);
  });
});

describe('transform (NormalizedString::transform)', () => {
  const abc = () => fromOriginal('abc', 0, 3);
  it('replacing each character keeps each range', () => {
    expect(ranges(transform(abc(), cps('xyz'), [0, 0, 0]))).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
  it('an inserted character takes the range of the one before it; at the start, the empty range at the base', () => {
    const mid = transform(abc(), cps('aXbc'), [0, 1, 0, 0]);
    expect(mid.cp).toEqual(cps('aXbc'));
    expect(ranges(mid)).toEqual([
      [0, 1],
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const b = fromOriginal('zabc', 1, 4);
    expect(ranges(transform(b, cps('Xabc'), [1, 0, 0, 0]))).toEqual([
      [1, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });
  it('a character that removes the next ones takes its own range, or all of theirs with widen', () => {
    expect(ranges(transform(abc(), cps('Ac'), [-1, 0]))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(ranges(transform(abc(), cps('Ac'), [-1, 0], 0, true))).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(ranges(transform(abc(), cps('A'), [-2], 0, true))).toEqual([[0, 3]]);
  });
  it('initial skips old characters first', () => {
    expect(ranges(transform(abc(), cps('bc'), [0, 0], 1))).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(ranges(transform(abc(), cps('X'), [1], 4))).toEqual([[2, 3]]);
  });
  it('more output than input keeps the last range; an empty string gives its base', () => {
    expect(ranges(transform(abc(), cps('abcd'), [0, 0, 0, 0]))[3]).toEqual([2, 3]);
    expect(ranges(transform(fromOriginal('xyz', 2, 2), cps('A'), [0]))).toEqual([[2, 2]]);
    expect(transform(abc(), [], []).cp).toEqual([]);
  });
});

describe('mapChars / filter', () => {
  it('mapChars: every produced character takes the range of the one it came from', () => {
    const m = mapChars(fromOriginal('zab', 1, 3), (c) => (c === 0x61 ? [0x41, 0x42] : c + 1));
    expect(m.cp).toEqual([0x41, 0x42, 0x63]);
    expect(ranges(m)).toEqual([
      [1, 2],
      [1, 2],
      [2, 3],
    ]);
    expect(m.base).toBe(1);
    expect(mapChars(fromOriginal('ab', 0, 2), () => []).cp).toEqual([]);
  });
  it('filter keeps the accepted characters with their own ranges', () => {
    const f = filter(fromOriginal('a1b', 0, 3), (c) => c !== 0x31);
    expect(f.cp).toEqual(cps('ab'));
    expect(ranges(f)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});

describe('unicodeNormalize', () => {
  it('text below U+00A0 is returned as it is', () => {
    const ns = fromOriginal('plain ascii ~\u009f', 0, 14);
    expect(unicodeNormalize(ns, 'NFKC')).toBe(ns);
  });
  it('U+00A0 itself is normalised (NFKC: a space)', () => {
    const r = unicodeNormalize(fromOriginal('a\u00a0', 0, 2), 'NFKC');
    expect(r.cp).toEqual([0x61, 0x20]);
    expect(ranges(r)[1]).toEqual([1, 2]);
  });
  it('NFD: the mark a character decomposes into shares its range', () => {
    const r = unicodeNormalize(fromOriginal('xé', 0, 2), 'NFD');
    expect(r.cp).toEqual([0x78, 0x65, 0x301]);
    expect(ranges(r)).toEqual([
      [0, 1],
      [1, 2],
      [1, 2],
    ]);
  });
  it('NFC: a composed character covers everything it was composed from', () => {
    const r = unicodeNormalize(fromOriginal('e\u0301x', 0, 3), 'NFC');
    expect(r.cp).toEqual([0xe9, 0x78]);
    expect(ranges(r)).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });
});

describe('replace (NormalizedString::replace)', () => {
  it('each match becomes the content, with the range of the match’s last character', () => {
    const r = replace(fromOriginal('a  b c', 0, 6), / +/g, '▁');
    expect(toText(r.cp)).toBe('a▁b▁c');
    expect(ranges(r)).toEqual([
      [0, 1],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
  });
  it('content of several characters: each gets that range', () => {
    const r = replace(fromOriginal('a-b', 0, 3), /-/g, '<>');
    expect(toText(r.cp)).toBe('a<>b');
    expect(ranges(r)).toEqual([
      [0, 1],
      [1, 2],
      [1, 2],
      [2, 3],
    ]);
  });
  it('matches after an astral character are found at the right code point', () => {
    const r = replace(fromOriginal('a😀-b', 0, 5), /-/g, '+');
    expect(toText(r.cp)).toBe('a😀+b');
    expect(ranges(r)).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
      [4, 5],
    ]);
  });
  it('no match: the same string; empty matches change nothing; removal with empty content', () => {
    const ns = fromOriginal('ab', 0, 2);
    expect(replace(ns, /x/g, '-')).toBe(ns);
    const empty = replace(ns, /x*/g, '-');
    expect([empty.cp, empty.s, empty.e]).toEqual([ns.cp, ns.s, ns.e]);
    const gone = replace(fromOriginal('a_b_', 0, 4), /_/g, '');
    expect(toText(gone.cp)).toBe('ab');
    expect(ranges(gone)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
  it('a regular expression used before (lastIndex not 0) still finds every match', () => {
    const re = /-/g;
    re.lastIndex = 2;
    expect(toText(replace(fromOriginal('-a-', 0, 3), re, '+').cp)).toBe('+a+');
  });
});

describe('prepend', () => {
  it('inserts before everything with the first character’s range', () => {
    const r = prepend(fromOriginal('xab', 1, 3), '▁');
    expect(toText(r.cp)).toBe('▁ab');
    expect(ranges(r)).toEqual([
      [1, 2],
      [1, 2],
      [2, 3],
    ]);
    expect(r.base).toBe(1);
  });
  it('nothing to prepend to, or nothing to prepend: the same string', () => {
    const empty = fromOriginal('', 0, 0);
    expect(prepend(empty, '▁')).toBe(empty);
    const ns = fromOriginal('a', 0, 1);
    expect(prepend(ns, '')).toBe(ns);
  });
});
