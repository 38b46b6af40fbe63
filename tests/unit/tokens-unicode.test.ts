// The character classes the token aligner uses (src/core/tokens/unicode.ts), checked one by one against their
// definitions: BERT's basic tokenizer (clean_text, _is_punctuation, _is_chinese_char, strip_accents), the
// Precompiled (nmt_nfkc) normaliser's removed / space sets, and GPT-2's bytes_to_unicode table. A wrong class shows
// to the reader as a token whose highlight covers the wrong characters (or none).
import { describe, expect, it } from 'vitest';
import {
  buildByteDecoder,
  byteLevelByte,
  foldChar,
  isCjkIdeograph,
  isMark,
  isPrecompiledRemoved,
  isPrecompiledSpace,
  isPunctuation,
  isRemovedControl,
  isWhitespace,
  isWhitespaceByte,
  stripAccents,
} from '../../src/core/tokens/unicode';

const ch = (cp: number) => String.fromCodePoint(cp);

describe('isWhitespace (JavaScript \\s, one character)', () => {
  it('spaces, tabs, line breaks and Unicode spaces', () => {
    for (const c of [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff']) {
      expect(isWhitespace(c), JSON.stringify(c)).toBe(true);
    }
  });
  it('not letters, zero-width space, the empty string or two spaces', () => {
    for (const c of ['a', '\u200b', '\u180e', '', '  ', ' a', '_']) expect(isWhitespace(c), JSON.stringify(c)).toBe(false);
  });
});

describe('isRemovedControl (BERT clean_text)', () => {
  it('keeps tab, newline and carriage return', () => {
    expect(['\t', '\n', '\r'].map(isRemovedControl)).toEqual([false, false, false]);
  });
  it('removes NUL, U+FFFD and every Cc / Cf / Co / Cs code point', () => {
    const removed = [
      '\u0000',
      '\ufffd',
      '\u0007',
      '\u000b',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u00ad',
      '\u200b',
      '\u200d',
      '\u2066',
      '\ufeff',
      '\ue000',
      '\udb80',
      '\ud800',
    ];
    for (const c of removed) expect(isRemovedControl(c), c.codePointAt(0)!.toString(16)).toBe(true);
  });
  it('keeps letters, spaces, marks, punctuation and emoji', () => {
    for (const c of ['a', ' ', '\u00a0', '\u0301', '.', 'ж', '中', '😀', '\ufffc']) expect(isRemovedControl(c), JSON.stringify(c)).toBe(false);
  });
});

describe('Precompiled (nmt_nfkc) normaliser sets', () => {
  it('removed: U+0001–0008, 000B, 000E–001F, 007F, 008F, 009F and nothing next to them', () => {
    const yes = [0x01, 0x05, 0x08, 0x0b, 0x0e, 0x10, 0x1f, 0x7f, 0x8f, 0x9f];
    const no = [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x41, 0x7e, 0x80, 0x8e, 0x90, 0x9e, 0xa0];
    for (const cp of yes) expect(isPrecompiledRemoved(ch(cp)), cp.toString(16)).toBe(true);
    for (const cp of no) expect(isPrecompiledRemoved(ch(cp)), cp.toString(16)).toBe(false);
    expect(isPrecompiledRemoved('\u0001\u0001')).toBe(false);
  });
  it('space: tab, LF, FF, CR, NBSP, U+1680, U+2000–200F, 2028, 2029, 202F, 205F, 2581, 3000, FEFF, FFFD only', () => {
    const yes = [0x09, 0x0a, 0x0c, 0x0d, 0xa0, 0x1680, 0x2000, 0x2007, 0x200f, 0x2028, 0x2029, 0x202f, 0x205f, 0x2581, 0x3000, 0xfeff, 0xfffd];
    const no = [
      0x08, 0x0b, 0x0e, 0x20, 0x9f, 0xa1, 0x167f, 0x1fff, 0x2010, 0x2027, 0x202a, 0x202e, 0x2030, 0x205e, 0x2060, 0x2580, 0x2582, 0x2fff, 0x3001, 0xfefe,
      0xfffc, 0xfffe,
    ];
    for (const cp of yes) expect(isPrecompiledSpace(ch(cp)), cp.toString(16)).toBe(true);
    for (const cp of no) expect(isPrecompiledSpace(ch(cp)), cp.toString(16)).toBe(false);
    expect(isPrecompiledSpace('\t\t')).toBe(false);
  });
});

describe('isMark (Mn, Mc, Me)', () => {
  it('combining marks of every kind', () => {
    for (const cp of [0x0301, 0x0308, 0x093f, 0x0903, 0x20dd, 0x0e31, 0xfe0f, 0x036f]) expect(isMark(ch(cp)), cp.toString(16)).toBe(true);
  });
  it('not spacing accents, letters, or a base with its mark', () => {
    for (const c of ['\u00b4', '^', 'a', 'é', 'e\u0301', '', '\u02c6']) expect(isMark(c), JSON.stringify(c)).toBe(false);
  });
});

describe('isPunctuation (BERT _is_punctuation)', () => {
  it('every non-alphanumeric printable ASCII character, at the edges of each range', () => {
    const yes = [33, 40, 47, 58, 61, 64, 91, 94, 96, 123, 124, 126];
    const no = [32, 48, 57, 65, 90, 97, 122, 127, 10];
    for (const cp of yes) expect(isPunctuation(ch(cp)), String.fromCharCode(cp)).toBe(true);
    for (const cp of no) expect(isPunctuation(ch(cp)), `U+${cp.toString(16)}`).toBe(false);
  });
  it('ASCII symbols that are not category P ($ + < = > ^ ` | ~) still count; non-ASCII symbols do not', () => {
    expect([...'$+<=>^`|~'].every(isPunctuation)).toBe(true);
    for (const c of ['€', '×', '©', '°', '±', '😀']) expect(isPunctuation(c), c).toBe(false);
  });
  it('Unicode punctuation of every P category', () => {
    for (const c of ['¿', '¡', '«', '»', '—', '–', '‘', '’', '“', '”', '·', '。', '、', '「', '」', '؟', '،', '।', '‽', '⁂'])
      expect(isPunctuation(c), c).toBe(true);
  });
});

describe('isCjkIdeograph (BERT _is_chinese_char)', () => {
  const ranges: Array<[number, number]> = [
    [0x4e00, 0x9fff],
    [0x3400, 0x4dbf],
    [0x20000, 0x2a6df],
    [0x2a700, 0x2b73f],
    [0x2b740, 0x2b81f],
    [0x2b820, 0x2ceaf],
    [0xf900, 0xfaff],
    [0x2f800, 0x2fa1f],
  ];
  it('both ends of every range are in, the code points just outside are out (unless another range starts there)', () => {
    const inside = (cp: number) => ranges.some(([a, b]) => cp >= a && cp <= b);
    for (const [a, b] of ranges) {
      expect(isCjkIdeograph(a), a.toString(16)).toBe(true);
      expect(isCjkIdeograph(b), b.toString(16)).toBe(true);
      expect(isCjkIdeograph(a - 1), (a - 1).toString(16)).toBe(inside(a - 1));
      expect(isCjkIdeograph(b + 1), (b + 1).toString(16)).toBe(inside(b + 1));
    }
    expect([0x3400 - 1, 0x4dbf + 1, 0x9fff + 1, 0xf900 - 1, 0xfaff + 1, 0x20000 - 1, 0x2ceaf + 1].some((cp) => isCjkIdeograph(cp))).toBe(false);
  });
  it('kana, hangul, fullwidth letters and CJK punctuation are not ideographs', () => {
    for (const c of ['あ', 'ア', '한', 'Ａ', '。', 'a']) expect(isCjkIdeograph(c.codePointAt(0)!), c).toBe(false);
  });
  it('astral = false (what transformers.js splits): Extension B and beyond are not split, the BMP ranges still are', () => {
    expect(isCjkIdeograph(0x20000, false)).toBe(false);
    expect(isCjkIdeograph(0x2f800, false)).toBe(false);
    expect(isCjkIdeograph(0x2fa1f, false)).toBe(false);
    expect(isCjkIdeograph(0x4e00, false)).toBe(true);
    expect(isCjkIdeograph(0xfaff, false)).toBe(true);
    expect(isCjkIdeograph(0x9fff, false)).toBe(true);
  });
});

describe('stripAccents (NFD, drop Mn)', () => {
  it('removes every non-spacing mark, composed or not', () => {
    expect(stripAccents('Café naïve résumé')).toBe('Cafe naive resume');
    expect(stripAccents('e\u0301')).toBe('e');
    expect(stripAccents('ệ')).toBe('e'); // two marks after NFD
    expect(stripAccents('Ångström')).toBe('Angstrom');
  });
  it('keeps spacing (Mc) and enclosing (Me) marks and unaccented text', () => {
    expect(stripAccents('\u0915\u093f')).toBe('\u0915\u093f');
    expect(stripAccents('1\u20dd')).toBe('1\u20dd');
    expect(stripAccents('plain text')).toBe('plain text');
  });
});

describe('foldChar', () => {
  it('final sigma folds to sigma; nothing else changes', () => {
    expect(foldChar('ς')).toBe('σ');
    expect(['σ', 'Σ', 's', 'a', 'ß'].map(foldChar)).toEqual(['σ', 'Σ', 's', 'a', 'ß']);
  });
});

describe('byteLevelByte (inverse of GPT-2 bytes_to_unicode)', () => {
  it('printable bytes stand for themselves', () => {
    expect(byteLevelByte('!')).toBe(0x21);
    expect(byteLevelByte('a')).toBe(0x61);
    expect(byteLevelByte('~')).toBe(0x7e);
    expect(byteLevelByte('¡')).toBe(0xa1);
    expect(byteLevelByte('¬')).toBe(0xac);
    expect(byteLevelByte('®')).toBe(0xae);
    expect(byteLevelByte('ÿ')).toBe(0xff);
  });
  it('the others are spelled from U+0100 on, in byte order: 0x00–0x20, 0x7F–0xA0, then 0xAD', () => {
    expect(byteLevelByte('Ā')).toBe(0x00); // U+0100
    expect(byteLevelByte('Ċ')).toBe(0x0a); // U+010A, the newline
    expect(byteLevelByte('Ġ')).toBe(0x20); // U+0120, the space
    expect(byteLevelByte('ġ')).toBe(0x7f); // U+0121
    expect(byteLevelByte('ł')).toBe(0xa0); // U+0142
    expect(byteLevelByte('Ń')).toBe(0xad); // U+0143
  });
  it('characters outside the table have no byte', () => {
    for (const c of [' ', '\n', '\u00ad', '\u007f', 'ń', '€', '😀', '']) expect(byteLevelByte(c), JSON.stringify(c)).toBeUndefined();
  });
  it('the table is one-to-one over all 256 bytes', () => {
    const bytes = new Set<number>();
    for (let cp = 0; cp < 0x200; cp++) {
      const b = byteLevelByte(String.fromCharCode(cp));
      if (b !== undefined) bytes.add(b);
    }
    expect(bytes.size).toBe(256);
  });
});

describe('buildByteDecoder (built fresh here: byteLevelByte keeps the first one it builds)', () => {
  it('256 characters, one per byte: 188 printable bytes as themselves, 68 from U+0100 to U+0143 in byte order', () => {
    const m = buildByteDecoder();
    expect(m.size).toBe(256);
    expect(new Set(m.values()).size).toBe(256);
    const own = [...m].filter(([c, b]) => c.charCodeAt(0) === b);
    expect(own).toHaveLength(188);
    const shifted = [...m].filter(([c]) => c.charCodeAt(0) >= 0x100).sort((x, y) => x[0].charCodeAt(0) - y[0].charCodeAt(0));
    expect(shifted.map(([c]) => c.charCodeAt(0))).toEqual(Array.from({ length: 68 }, (_, k) => 0x100 + k));
    expect(shifted.map(([, b]) => b)).toEqual([...Array.from({ length: 33 }, (_, b) => b), ...Array.from({ length: 34 }, (_, k) => 0x7f + k), 0xad]);
    expect([m.get('!'), m.get('~'), m.get('¡'), m.get('¬'), m.get('®'), m.get('ÿ')]).toEqual([0x21, 0x7e, 0xa1, 0xac, 0xae, 0xff]);
    expect([m.has(' '), m.has('\u00ad'), m.has('\u0144')]).toEqual([false, false, false]);
  });
});

describe('isWhitespaceByte', () => {
  it('space and \\t \\n \\v \\f \\r only', () => {
    expect([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d].every(isWhitespaceByte)).toBe(true);
    expect([0x00, 0x08, 0x0e, 0x1f, 0x21, 0x85, 0xa0].some(isWhitespaceByte)).toBe(false);
  });
});
