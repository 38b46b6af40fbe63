// UTF-8 without host APIs (src/core/text/utf8.ts), checked against the host's TextEncoder/TextDecoder:
// ONNX tensor and node names, tokenizer bytes and .npz entry names all go through it.
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, utf8Bytes } from '../../src/core/text/utf8';

const enc = new TextEncoder();
const dec = new TextDecoder();

// every encoding length and both sides of each boundary
const BOUNDARIES = [0x00, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff];

describe('UTF-8 encoding', () => {
  it('encodes each code point like TextEncoder, at every length boundary', () => {
    for (const cp of BOUNDARIES) {
      const out: number[] = [];
      utf8Bytes(cp, out);
      expect(out, `U+${cp.toString(16)}`).toEqual(Array.from(enc.encode(String.fromCodePoint(cp))));
    }
  });

  it('encodes strings, lone surrogates as WTF-8 (never throws)', () => {
    const s = 'a é € 😀 東京 \u0000';
    expect(encodeUtf8(s)).toEqual(enc.encode(s));
    expect(Array.from(encodeUtf8('\ud800'))).toEqual([0xed, 0xa0, 0x80]);
  });
});

describe('UTF-8 decoding', () => {
  it('decodes every boundary code point and round-trips mixed text', () => {
    for (const cp of BOUNDARIES) {
      const s = String.fromCodePoint(cp);
      expect(decodeUtf8(enc.encode(s)), `U+${cp.toString(16)}`).toBe(s);
    }
    const mixed = 'onnx::MatMul_123 /encoder/layer.0/attention — naïve 東京 😀👍🏽';
    expect(decodeUtf8(enc.encode(mixed))).toBe(mixed);
  });

  it('decodes a sub-range [start, end) only', () => {
    const b = enc.encode('xx€😀yy');
    expect(decodeUtf8(b, 2, 9)).toBe('€😀');
    expect(decodeUtf8(b, 0, 2)).toBe('xx');
    expect(decodeUtf8(b, 3, 3)).toBe('');
  });

  it('turns truncated and stray bytes into U+FFFD instead of reading past the end', () => {
    const euro = enc.encode('€'); // e2 82 ac
    const grin = enc.encode('😀'); // f0 9f 98 80
    expect(decodeUtf8(Uint8Array.of(0xc3))).toBe('\ufffd'); // 2-byte lead at the end
    expect(decodeUtf8(euro, 0, 2)).toBe('\ufffd\ufffd'); // 3-byte sequence cut after 2 bytes
    expect(decodeUtf8(grin, 0, 3)).toBe('\ufffd\ufffd\ufffd'); // 4-byte sequence cut after 3 bytes
    expect(decodeUtf8(Uint8Array.of(0x61, 0x80, 0x62))).toBe('a\ufffdb'); // continuation byte as a lead
    expect(decodeUtf8(Uint8Array.of(0xbf))).toBe('\ufffd');
    // a stray continuation byte is one U+FFFD: it does not swallow the text after it as if it led a sequence
    for (const stray of [0x80, 0xbf]) {
      const b = Uint8Array.of(stray, 0x61, 0x62, 0x63, 0x64);
      expect(decodeUtf8(b)).toBe('\ufffdabcd');
      expect(decodeUtf8(b)).toBe(dec.decode(b));
    }
    // a truncated sequence inside a longer buffer stops at `end`, it does not borrow the next bytes
    expect(decodeUtf8(Uint8Array.of(0xe2, 0x82, 0x41, 0x42), 0, 2)).toBe('\ufffd\ufffd');
  });

  it('long strings (over 4096 units) are decoded whole, ASCII and not', () => {
    const ascii = 'abcdefghij'.repeat(1000);
    expect(decodeUtf8(enc.encode(ascii))).toBe(ascii);
    const wide = 'é😀'.repeat(3000); // 9000 UTF-16 units
    expect(decodeUtf8(enc.encode(wide))).toBe(wide);
    expect(decodeUtf8(enc.encode(ascii + 'é'))).toBe(dec.decode(enc.encode(ascii + 'é')));
  });
});
