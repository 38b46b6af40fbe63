// The engine's window cache (src/core/cache/byte-lru.ts): bounded by bytes, oldest first out. What a user would
// notice if it were wrong: a cache that outgrows its setting (memory), or one that drops the window just viewed.
import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../src/core/cache/byte-lru';

const bytesOf = (v: Uint8Array) => v.byteLength;
const keys = (c: ByteLru<string, Uint8Array>, all: string[]) => all.filter((k) => c.has(k));

describe('ByteLru limits', () => {
  it('keeps a value exactly as large as the limit, and the total may reach the limit exactly', () => {
    const c = new ByteLru<string, Uint8Array>(8, bytesOf);
    expect(c.maxBytes).toBe(8);
    expect(c.set('whole', new Uint8Array(8))).toBe(true);
    expect(c.has('whole')).toBe(true);
    expect(c.bytes).toBe(8);
    c.clear();
    expect(c.set('a', new Uint8Array(5))).toBe(true);
    expect(c.set('b', new Uint8Array(3))).toBe(true); // 5 + 3 = 8: both fit
    expect(keys(c, ['a', 'b'])).toEqual(['a', 'b']);
    expect(c.bytes).toBe(8);
    expect(c.size).toBe(2);
  });

  it('refuses a value one byte over the limit and leaves what it held untouched', () => {
    const c = new ByteLru<string, Uint8Array>(8, bytesOf);
    c.set('a', new Uint8Array(3));
    expect(c.set('big', new Uint8Array(9))).toBe(false);
    expect(keys(c, ['a', 'big'])).toEqual(['a']);
    expect(c.bytes).toBe(3);
    expect(c.size).toBe(1);
  });

  it('evicts only as many of the oldest entries as needed, in order of last use', () => {
    const c = new ByteLru<string, Uint8Array>(10, bytesOf);
    c.set('a', new Uint8Array(3));
    c.set('b', new Uint8Array(3));
    c.set('c', new Uint8Array(3));
    expect(c.get('a')).toHaveLength(3); // order of use now b, c, a
    c.set('d', new Uint8Array(4)); // 13 > 10: b goes (10 fits), c stays
    expect(keys(c, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    expect(c.bytes).toBe(10);
    c.set('e', new Uint8Array(7)); // 17: c (14), a (11), d (7) go in that order
    expect(keys(c, ['a', 'b', 'c', 'd', 'e'])).toEqual(['e']);
    expect(c.bytes).toBe(7);
  });

  it('a miss returns undefined and does not change which entry is oldest', () => {
    const c = new ByteLru<string, Uint8Array>(6, bytesOf);
    c.set('a', new Uint8Array(3));
    c.set('b', new Uint8Array(3));
    expect(c.get('zzz')).toBeUndefined();
    c.set('c', new Uint8Array(3)); // a is still the oldest
    expect(keys(c, ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('returns the stored value itself on a hit', () => {
    const c = new ByteLru<string, Uint8Array>(6, bytesOf);
    const v = Uint8Array.of(1, 2, 3);
    c.set('a', v);
    expect(c.get('a')).toBe(v);
  });
});

describe('ByteLru bookkeeping', () => {
  it('delete subtracts that entry’s bytes; deleting a missing key changes nothing', () => {
    const c = new ByteLru<string, Uint8Array>(20, bytesOf);
    c.set('a', new Uint8Array(5));
    c.set('b', new Uint8Array(7));
    c.delete('a');
    expect(c.bytes).toBe(7);
    expect(c.size).toBe(1);
    expect(c.has('a')).toBe(false);
    c.delete('a');
    c.delete('never');
    expect(c.bytes).toBe(7);
    expect(c.size).toBe(1);
  });

  it('replacing a key counts only its new size and makes it the most recent', () => {
    const c = new ByteLru<string, Uint8Array>(10, bytesOf);
    c.set('a', new Uint8Array(4));
    c.set('b', new Uint8Array(4));
    c.set('a', new Uint8Array(2)); // order b, a; 6 bytes
    expect(c.bytes).toBe(6);
    expect(c.size).toBe(2);
    c.set('c', new Uint8Array(6)); // 12: b goes, a stays
    expect(keys(c, ['a', 'b', 'c'])).toEqual(['a', 'c']);
    expect(c.bytes).toBe(8);
  });

  it('a size below zero counts as zero', () => {
    const c = new ByteLru<string, Uint8Array>(4, (v) => v.byteLength - 100);
    expect(c.set('a', new Uint8Array(1))).toBe(true);
    expect(c.bytes).toBe(0);
    c.delete('a');
    expect(c.bytes).toBe(0);
  });

  it('resize: a lower limit evicts at once, a negative one empties the cache, a higher one keeps everything', () => {
    const c = new ByteLru<string, Uint8Array>(12, bytesOf);
    c.set('a', new Uint8Array(4));
    c.set('b', new Uint8Array(4));
    c.set('c', new Uint8Array(4));
    c.resize(20);
    expect(c.maxBytes).toBe(20);
    expect(c.size).toBe(3);
    c.resize(8);
    expect(keys(c, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    expect(c.bytes).toBe(8);
    c.resize(-5);
    expect(c.maxBytes).toBe(0);
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
    expect(c.set('d', new Uint8Array(1))).toBe(false);
  });

  it('clear empties it and the full limit is available again', () => {
    const c = new ByteLru<string, Uint8Array>(8, bytesOf);
    c.set('a', new Uint8Array(8));
    c.clear();
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
    expect(c.has('a')).toBe(false);
    expect(c.set('b', new Uint8Array(8))).toBe(true);
    expect(c.bytes).toBe(8);
  });
});
