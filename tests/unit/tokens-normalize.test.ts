// The aligner's normaliser (src/core/tokens/normalize.ts): each option on its own, the order the tokenizer applies
// them in, and the byte stream with the original range, character and class of every byte — worked out by hand.
// A wrong range shows as a highlight over the wrong characters of the page.
import { describe, expect, it } from 'vitest';
import { CharClass, normalizeCluster, normalizeWithOffsets, type NormalizeOptions } from '../../src/core/tokens/normalize';

const NONE: NormalizeOptions = { lowercase: false, stripAccents: false, cleanText: false };
const BERT: NormalizeOptions = { lowercase: true, stripAccents: true, cleanText: true };

describe('normalizeCluster, one option at a time', () => {
  it('no option: the text unchanged (a decomposed accent is not composed either)', () => {
    expect(normalizeCluster('Ab\u200b\u0000É', NONE)).toBe('Ab\u200b\u0000É');
    expect(normalizeCluster('e\u0301', NONE)).toBe('e\u0301');
  });
  it('precompiled: deletes C0 controls, turns zero-width and format spaces into a space', () => {
    expect(normalizeCluster('a\u200bb', { ...NONE, precompiled: true })).toBe('a b');
    expect(normalizeCluster('\u0001x\u007f', { ...NONE, precompiled: true })).toBe('x');
    expect(normalizeCluster('a\u00a0b', { ...NONE, precompiled: true })).toBe('a b');
  });
  it('unicode normalisation: NFKC folds compatibility forms, NFD decomposes', () => {
    expect(normalizeCluster('ﬁ', { ...NONE, unicodeNormalization: 'NFKC' })).toBe('fi');
    expect(normalizeCluster('é', { ...NONE, unicodeNormalization: 'NFD' })).toBe('e\u0301');
  });
  it('cleanText: deletes NUL / controls / format characters, maps every whitespace to one space', () => {
    expect(normalizeCluster('a\tb\u0000c\u00adD\n', { ...NONE, cleanText: true })).toBe('a bcD ');
    expect(normalizeCluster('\u3000', { ...NONE, cleanText: true })).toBe(' ');
  });
  it('lowercase, which may lengthen the text', () => {
    expect(normalizeCluster('ÀB', { ...NONE, lowercase: true })).toBe('àb');
    expect(normalizeCluster('İ', { ...NONE, lowercase: true })).toBe('i\u0307');
  });
  it('stripAccents', () => {
    expect(normalizeCluster('é', { ...NONE, stripAccents: true })).toBe('e');
    expect(normalizeCluster('É', { ...NONE, stripAccents: true })).toBe('E');
  });
  it('order: precompiled before cleanText (a BOM becomes a space, not deleted); lowercase before stripAccents', () => {
    expect(normalizeCluster('a\ufeffb', { ...NONE, precompiled: true, cleanText: true })).toBe('a b');
    expect(normalizeCluster('a\ufeffb', { ...NONE, cleanText: true })).toBe('ab');
    expect(normalizeCluster('İ', { ...NONE, lowercase: true, stripAccents: true })).toBe('i');
    expect(normalizeCluster('ﬁ\u0000', { ...NONE, unicodeNormalization: 'NFKC', cleanText: true })).toBe('fi');
  });
});

describe('normalizeWithOffsets', () => {
  it('BERT uncased: bytes, original ranges, characters and classes', () => {
    const t = normalizeWithOffsets('Ab, 中é', BERT);
    expect(t.length).toBe(8);
    expect(Array.from(t.bytes)).toEqual([0x61, 0x62, 0x2c, 0x20, 0xe4, 0xb8, 0xad, 0x65]);
    expect(Array.from(t.start)).toEqual([0, 1, 2, 3, 4, 4, 4, 5]);
    expect(Array.from(t.end)).toEqual([1, 2, 3, 4, 5, 5, 5, 6]);
    expect(Array.from(t.charOf)).toEqual([0, 1, 2, 3, 4, 4, 4, 5]);
    const { Other, Punct, Space, Cjk } = CharClass;
    expect(Array.from(t.charClass)).toEqual([Other, Other, Punct, Space, Cjk, Other]);
  });

  it('a stripped accent belongs to no byte; the base keeps its own range', () => {
    const t = normalizeWithOffsets('e\u0301x', BERT);
    expect(Array.from(t.bytes)).toEqual([0x65, 0x78]);
    expect(Array.from(t.start)).toEqual([0, 2]);
    expect(Array.from(t.end)).toEqual([1, 3]);
  });

  it('a composed character (NFC) spans the whole cluster', () => {
    const t = normalizeWithOffsets('e\u0301x', { ...NONE, unicodeNormalization: 'NFC' });
    expect(Array.from(t.bytes)).toEqual([0xc3, 0xa9, 0x78]);
    expect(Array.from(t.start)).toEqual([0, 0, 2]);
    expect(Array.from(t.end)).toEqual([2, 2, 3]);
    expect(Array.from(t.charOf)).toEqual([0, 0, 1]);
  });

  it('a spacing mark the normaliser keeps spans itself', () => {
    const t = normalizeWithOffsets('\u0915\u093f', BERT); // कि: KA + vowel sign I (Mc)
    expect(Array.from(t.start)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(t.end)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(Array.from(t.charOf)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('astral characters: four bytes over both UTF-16 units; an astral ideograph is not split off (transformers.js)', () => {
    const t = normalizeWithOffsets('😀a𠀀', NONE);
    expect(Array.from(t.bytes)).toEqual([0xf0, 0x9f, 0x98, 0x80, 0x61, 0xf0, 0xa0, 0x80, 0x80]);
    expect(Array.from(t.start)).toEqual([0, 0, 0, 0, 2, 3, 3, 3, 3]);
    expect(Array.from(t.end)).toEqual([2, 2, 2, 2, 3, 5, 5, 5, 5]);
    expect(Array.from(t.charClass)).toEqual([CharClass.Other, CharClass.Other, CharClass.Other]);
  });

  it('deleted characters leave no byte, and what follows keeps its own offset', () => {
    const t = normalizeWithOffsets('a\u0000\u200bb\tc', BERT);
    expect(String.fromCharCode(...t.bytes)).toBe('ab c');
    expect(Array.from(t.start)).toEqual([0, 3, 4, 5]);
    expect(Array.from(t.charClass)).toEqual([CharClass.Other, CharClass.Other, CharClass.Space, CharClass.Other]);
  });

  it('one character that lowercases to two: both bytes-runs map to it', () => {
    const t = normalizeWithOffsets('İx', { ...NONE, lowercase: true });
    expect(Array.from(t.bytes)).toEqual([0x69, 0xcc, 0x87, 0x78]);
    expect(Array.from(t.start)).toEqual([0, 0, 0, 1]);
    expect(Array.from(t.charOf)).toEqual([0, 1, 1, 2]);
  });

  it('final sigma is folded to σ (lowercasing one character at a time cannot know it is final)', () => {
    const t = normalizeWithOffsets('ς', NONE);
    expect(Array.from(t.bytes)).toEqual([0xcf, 0x83]);
  });

  it('an astral mark joins its base’s cluster: NFC composes across it (Kaithi 𑂙 + 𑂺 → 𑂚)', () => {
    const t = normalizeWithOffsets('\u{11099}\u{110BA}', { ...NONE, unicodeNormalization: 'NFC' });
    expect(Array.from(t.bytes)).toEqual([0xf0, 0x91, 0x82, 0x9a]);
    expect(Array.from(t.start)).toEqual([0, 0, 0, 0]);
    expect(Array.from(t.end)).toEqual([4, 4, 4, 4]);
  });

  it('an astral base with an astral mark: each keeps its own two-unit range', () => {
    const t = normalizeWithOffsets('\u{1F600}\u{1D167}', NONE);
    expect(Array.from(t.bytes)).toEqual([0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9d, 0x85, 0xa7]);
    expect(Array.from(t.start)).toEqual([0, 0, 0, 0, 2, 2, 2, 2]);
    expect(Array.from(t.end)).toEqual([2, 2, 2, 2, 4, 4, 4, 4]);
    expect(Array.from(t.charOf)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('U+FFFF is one unit wide (the character after it is not skipped)', () => {
    const t = normalizeWithOffsets('\uffffa', NONE);
    expect(Array.from(t.bytes)).toEqual([0xef, 0xbf, 0xbf, 0x61]);
    expect(Array.from(t.start)).toEqual([0, 0, 0, 1]);
    expect(Array.from(t.end)).toEqual([1, 1, 1, 2]);
  });

  it('empty text gives empty arrays', () => {
    const t = normalizeWithOffsets('', BERT);
    expect([t.length, t.bytes.length, t.start.length, t.charClass.length]).toEqual([0, 0, 0, 0]);
  });
});
