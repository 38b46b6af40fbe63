// alignTokens / buildTokenInfos against the REAL bert-base-uncased tokenizer (transformers.js).
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { alignTokens, type AlignOptions } from '../../src/core/tokens/align';
import { buildTokenInfos } from '../../src/core/tokens/build-tokens';

env.localModelPath = fileURLToPath(new URL('../../models/', import.meta.url));
env.allowRemoteModels = false;
env.allowLocalModels = true;

let tok: PreTrainedTokenizer;
let idToToken: string[] = [];
beforeAll(async () => {
  tok = await AutoTokenizer.from_pretrained('attention-lens-mini');
  idToToken = [];
  for (const [t, id] of tok.get_vocab() as Map<string, number>) idToToken[id] = t;
}, 60_000);

const SPECIAL = new Set(['[CLS]', '[SEP]', '[PAD]', '[MASK]', '[UNK]']);
const BERT: AlignOptions = { lowercase: true, stripAccents: true, continuationPrefix: '##', specialTokens: SPECIAL };

function encode(text: string) {
  const enc = tok(text, { return_token_type_ids: true });
  const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
  return { ids, tokens: ids.map((id) => idToToken[id]), typeIds: Array.from(enc.token_type_ids!.data as BigInt64Array, Number) };
}

/** Independent reference of BERT's normaliser (clean_text, lowercase, strip accents); σ/ς folded. */
function norm(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch !== '\t' && ch !== '\n' && ch !== '\r' && (cp === 0 || cp === 0xfffd || /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u.test(ch))) continue;
    out += /\s/u.test(ch) ? ' ' : ch;
  }
  return out
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/ς/g, 'σ');
}
const piece = (t: string) => (t.startsWith('##') && t.length > 2 ? t.slice(2) : t).replace(/ς/g, 'σ');

/** Checks every invariant of an alignment of `text` produced by the real tokenizer. */
function checkAlignment(text: string) {
  const { ids, tokens, typeIds } = encode(text);
  const spans = alignTokens(text, tokens, BERT);
  expect(spans).toHaveLength(tokens.length);
  // The [CLS]/[SEP] the tokenizer adds: null. A special token typed in the text ("[MASK]"): exactly its characters
  // (Hugging Face's offsets; issue 12 item 4). Everything else placed.
  tokens.forEach((t, k) => {
    if (SPECIAL.has(t) && t !== '[UNK]') {
      if (k === 0 || k === tokens.length - 1) expect(spans[k]).toBeNull();
      else expect(spans[k] && text.slice(...spans[k]!), `typed ${t} at token ${k} in ${JSON.stringify(text)}`).toBe(t);
    } else expect(spans[k], `token ${k} ${JSON.stringify(t)} in ${JSON.stringify(text)}`).not.toBeNull();
  });
  // Monotonic, inside the text.
  let ls = 0;
  let le = 0;
  for (const s of spans) {
    if (!s) continue;
    expect(s[0]).toBeGreaterThanOrEqual(ls);
    expect(s[1]).toBeGreaterThanOrEqual(le);
    expect(s[0]).toBeLessThan(s[1]);
    expect(s[1]).toBeLessThanOrEqual(text.length);
    [ls, le] = s;
  }
  // Tokens that share one original character (Korean jamo) form a group; the normalised slice of the
  // group equals the group's tokens without '##'; an [UNK] slice re-tokenises to exactly [UNK].
  const placed = tokens.map((t, k) => ({ t, s: spans[k] })).filter((x) => x.s !== null) as { t: string; s: [number, number] }[];
  const groups: (typeof placed)[] = [];
  for (const x of placed) {
    const g = groups[groups.length - 1];
    if (g && x.s[0] < g[g.length - 1].s[1]) g.push(x);
    else groups.push([x]);
  }
  for (const g of groups) {
    const a = g[0].s[0];
    const b = Math.max(...g.map((x) => x.s[1]));
    const slice = text.slice(a, b);
    if (g.length === 1 && SPECIAL.has(g[0].t) && g[0].t !== '[UNK]') {
      expect(slice).toBe(g[0].t); // typed special token
    } else if (g.length === 1 && g[0].t === '[UNK]') {
      expect(tok.tokenize(slice), `[UNK] slice ${JSON.stringify(slice)}`).toEqual(['[UNK]']);
    } else {
      expect(norm(slice), `slice ${JSON.stringify(slice)}`).toBe(g.map((x) => piece(x.t)).join(''));
    }
  }
  // Nothing visible left out: text between groups normalises to whitespace only.
  const gap = (a: number, b?: number) =>
    norm(text.slice(a, b))
      .replace(/\[(mask|pad|cls|sep)\]/g, '')
      .trim();
  let prev = 0;
  for (const g of groups) {
    expect(gap(prev, g[0].s[0])).toBe('');
    prev = Math.max(...g.map((x) => x.s[1]));
  }
  expect(gap(prev)).toBe('');
  // Round trip per word: re-tokenising a word's text gives the same tokens.
  const infos = buildTokenInfos(text, ids, tokens, { tokenTypeIds: typeIds, specialTokens: SPECIAL });
  const byWord = new Map<number, typeof infos>();
  for (const ti of infos) if (ti.word >= 0) byWord.set(ti.word, [...(byWord.get(ti.word) ?? []), ti]);
  for (const [, ws] of byWord) {
    const a = ws[0].span![0];
    const b = Math.max(...ws.map((w) => w.span![1]));
    expect(tok.tokenize(text.slice(a, b)), `word ${JSON.stringify(text.slice(a, b))}`).toEqual(ws.map((w) => w.text));
  }
  return { tokens, spans, infos };
}

const slices = (text: string, spans: ([number, number] | null)[]) => spans.map((s) => (s ? text.slice(s[0], s[1]) : null));

describe('alignTokens with the real BERT tokenizer', () => {
  const cases: [string, string][] = [
    ['English', "The quick brown fox jumps over the lazy dog, doesn't it? U.S.A. 3.14 $5"],
    ['accents', 'Héllo wörld, ça va? Ångström naïve résumé'],
    ['Turkish İ', 'İstanbul İİ IĞDIR ışık'],
    ['German ß', 'Straße groß ẞ Fußball'],
    ['CJK', '東京は日本の首都です。東京タワー'],
    ['Japanese kana', 'ひらがなカタカナ と ﾊﾝｶｸ'],
    ['Korean', '안녕하세요 세계 한국어'],
    ['emoji', 'I ❤️ pizza 😀😀 and 🇺🇸🇫🇷 flags 👨‍👩‍👧 👍🏽!'],
    ['combining marks', 'cafe\u0301 e\u0301 a\u0308\u0301b n\u0303o'],
    ['Arabic', 'مرحبا بالعالم، كيف حالك؟'],
    ['Hebrew', 'שָׁלוֹם עולם! hello'],
    ['mixed RTL/LTR', 'abc مرحبا 123 שלום def'],
    ['control characters', 'a\u0000b\u0007c\td\u200be\u200d f\ufeffg \u0085h\u00adi'],
    ['spaces and newlines', '  a   b\n\n c\r\n\td \u00a0e\u3000f\u2028g  '],
    ['[UNK] words', 'xyzzy ⟁⟁⟁ foo ǅ bar ﬀ ✓✓ baz 𝐀𝐁 qux'],
    ['literal [UNK]', 'hello [UNK] world [MASK] end'],
    ['long word → [UNK]', `${'x'.repeat(120)} y z`],
    ['Greek final sigma', 'ΣΑΣ ΟΔΥΣΣΕΥΣ λόγος'],
    ['punctuation runs', '...!!! (a)[b]{c} "quoted" — dash – «guillemets»'],
    ['astral CJK', '𠀀a 𠀀 東京'],
  ];
  for (const [name, text] of cases) it(name, () => void checkAlignment(text));

  it('English spans', () => {
    const text = 'Hello, world!';
    const { spans } = checkAlignment(text);
    expect(spans).toEqual([null, [0, 5], [5, 6], [7, 12], [12, 13], null]);
  });

  it('Héllo wörld maps to the accented originals', () => {
    const { tokens, spans } = checkAlignment('Héllo wörld');
    expect(tokens).toEqual(['[CLS]', 'hello', 'world', '[SEP]']);
    expect(spans).toEqual([null, [0, 5], [6, 11], null]);
  });

  it('Turkish İ lowercases to two characters but keeps one-character spans', () => {
    const text = 'İstanbul İİ';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['istanbul', 'ii']);
    expect(slices(text, spans).slice(1, -1)).toEqual(['İstanbul', 'İİ']);
  });

  it('German ß word pieces', () => {
    const text = 'Straße groß';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['st', '##raße', 'gr', '##o', '##ß']);
    expect(slices(text, spans).slice(1, -1)).toEqual(['St', 'raße', 'gr', 'o', 'ß']);
  });

  it('CJK ideographs are single tokens, kana continue', () => {
    const text = '東京タワー';
    const { spans } = checkAlignment(text);
    expect(slices(text, spans).slice(1, -1)).toEqual(['東', '京', 'タ', 'ワ', 'ー']);
  });

  it('Korean syllables: jamo tokens share the syllable span', () => {
    const text = '안녕';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['ᄋ', '##ᅡ', '##ᆫ', '##ᄂ', '##ᅧ', '##ᆼ']);
    expect(spans.slice(1, -1)).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  // Spans as Hugging Face's offsets (checked against the Rust tokenizer in tokens-oracle.test.ts): characters the
  // normaliser drops (U+FE0F, stripped accents, niqqud/harakat) belong to no token (issue 12, item 3).
  it('emoji [UNK]s cover their surrogate pairs and flag pairs, not the dropped variation selector', () => {
    const text = 'I ❤️ 😀 🇺🇸🇫🇷 pizza';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['i', '[UNK]', '[UNK]', '[UNK]', 'pizza']);
    expect(slices(text, spans).slice(1, -1)).toEqual(['I', '❤', '😀', '🇺🇸🇫🇷', 'pizza']);
  });

  it('stripped combining marks belong to no token', () => {
    const text = 'cafe\u0301 e\u0301';
    const { spans } = checkAlignment(text);
    expect(spans).toEqual([null, [0, 4], [6, 7], null]);
  });

  it('Hebrew with niqqud and Arabic keep logical order; the dropped points are outside the spans', () => {
    const text = 'שָׁלוֹם مرحبا';
    const { spans } = checkAlignment(text);
    const s = slices(text, spans).slice(1, -1);
    expect(s.join('')).toBe('שלוםمرحبا');
    expect(s[0]).toBe('ש');
  });

  it('control characters inside a word are spanned over, not matched', () => {
    const text = 'a\u0000b\u0007c d';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['abc', 'd']);
    expect(spans.slice(1, -1)).toEqual([
      [0, 5],
      [6, 7],
    ]);
  });

  it('multiple spaces and newlines', () => {
    const text = '  a   b\n\n c ';
    const { spans } = checkAlignment(text);
    expect(spans.slice(1, -1)).toEqual([
      [2, 3],
      [6, 7],
      [10, 11],
    ]);
  });

  it('[UNK] covers the unknown word; consecutive [UNK]s one word each', () => {
    const text = 'xyzzyq ⟁⟁⟁ ǅ foo';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['x', '##y', '##zzy', '##q', '[UNK]', '[UNK]', 'foo']);
    expect(slices(text, spans).slice(1, -1)).toEqual(['x', 'y', 'zzy', 'q', '⟁⟁⟁', 'ǅ', 'foo']);
  });

  it('trailing [UNK] takes one word, not the rest of the text', () => {
    const text = 'foo ⟁ ';
    const spans = alignTokens(text, ['[CLS]', 'foo', '[UNK]', '[SEP]'], BERT);
    expect(spans).toEqual([null, [0, 3], [4, 5], null]);
  });

  it('literal special tokens in the text span their characters', () => {
    const text = 'hello [UNK] world [MASK] end';
    const { tokens, spans, infos } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['hello', '[UNK]', 'world', '[MASK]', 'end']);
    expect(slices(text, spans).slice(1, -1)).toEqual(['hello', '[UNK]', 'world', '[MASK]', 'end']);
    // still special for the model, marked typed, with a word of its own; the added [CLS]/[SEP] are not typed
    expect(infos.map((t) => [t.special, t.typed ?? false, t.word])).toEqual([
      [true, false, -1],
      [false, false, 0],
      [false, false, 1],
      [false, false, 2],
      [true, true, 3],
      [false, false, 4],
      [true, false, -1],
    ]);
  });
});

describe('typed added tokens next to unknown words (found by tokens-fuzz.test.ts)', () => {
  it('an [UNK] word right before a typed [CLS]/[MASK] does not swallow it', () => {
    const text = 'x ✓[CLS] y ⟁[MASK][MASK] ok';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['x', '[UNK]', '[CLS]', 'y', '[UNK]', '[MASK]', '[MASK]', 'ok']);
    expect(slices(text, spans).slice(1, -1)).toEqual(['x', '✓', '[CLS]', 'y', '⟁', '[MASK]', '[MASK]', 'ok']);
  });

  it('a typed [UNK] spans its own five characters, even before letters it contains', () => {
    const text = '[UNK]َU.S.A. ⟁ [UNK]';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens.slice(1, -1)).toEqual(['[UNK]', 'u', '.', 's', '.', 'a', '.', '[UNK]', '[UNK]']);
    expect(spans.slice(1, -1)).toEqual([
      [0, 5],
      [6, 7],
      [7, 8],
      [8, 9],
      [9, 10],
      [10, 11],
      [11, 12],
      [13, 14],
      [15, 20],
    ]);
  });

  it('an added token is only recognised where the raw text spells it exactly', () => {
    // the tokenizer finds "[CLS]" before normalising: with a deleted control inside, or in lower case,
    // it is ordinary punctuation and letters, which the leading template [CLS] must not step over
    for (const [text, want] of [
      ['[\u007fCLS] attention', ['[', 'CL', 'S', ']', 'attention']],
      ['[cls] attention', ['[', 'cl', 's', ']', 'attention']],
    ] as const) {
      const { tokens, spans } = checkAlignment(text);
      expect(tokens).toEqual(['[CLS]', '[', 'cl', '##s', ']', 'attention', '[SEP]']);
      expect(slices(text, spans).slice(1, -1)).toEqual(want);
    }
  });

  it('a spacing mark after a typed added token spans only the mark, the typed tokens their own characters', () => {
    // BERT reads "[MASK]" in the raw text, then the Devanagari vowel sign (Mc, kept) as a word of its own
    const text = '[MASK]\u093e [SEP]\u20e3';
    const { tokens, spans } = checkAlignment(text);
    expect(tokens).toEqual(['[CLS]', '[MASK]', 'ा', '[SEP]', '[UNK]', '[SEP]']);
    expect(spans).toEqual([null, [0, 6], [6, 7], [8, 13], [13, 14], null]);
  });
});

describe('alignTokens robustness', () => {
  it('never throws and returns nulls for junk', () => {
    expect(alignTokens('', ['[CLS]', 'a'], BERT)).toEqual([null, null]);
    expect(alignTokens('abc', [], BERT)).toEqual([]);
    expect(alignTokens('abc', ['zzz', 'abc'], BERT)).toEqual([null, [0, 3]]);
    expect(alignTokens('abc', [undefined as unknown as string, 'b'], BERT)).toEqual([null, [1, 2]]);
    // missing options: plain WordPiece defaults (no lowercasing), not an exception
    expect(alignTokens('abc', ['a'], undefined as unknown as AlignOptions)).toEqual([[0, 1]]);
    expect(alignTokens('Abc', ['abc'], undefined as unknown as AlignOptions)).toEqual([null]);
    expect(alignTokens('\ud800x', ['x'], BERT)).toEqual([[1, 2]]);
  });

  it('an internal failure keeps the spans aligned before it, the rest null', () => {
    // a specialTokens set that throws on one token stands for any unexpected error inside the aligner
    class Throwing extends Set<string> {
      override has(t: string): boolean {
        if (t === 'boom') throw new Error('boom');
        return super.has(t);
      }
    }
    const o: AlignOptions = { ...BERT, specialTokens: new Throwing(['[CLS]']) };
    expect(alignTokens('ab boom cd', ['[CLS]', 'ab', 'boom', 'cd'], o)).toEqual([null, [0, 2], null, null]);
  });

  it('skips text the tokens do not mention', () => {
    expect(alignTokens('foo bar baz', ['foo', 'baz'], BERT)).toEqual([
      [0, 3],
      [8, 11],
    ]);
  });

  it('cased tokenizer (no lowercasing, no accent stripping)', () => {
    const o: AlignOptions = { lowercase: false, stripAccents: false, specialTokens: SPECIAL };
    expect(alignTokens('Héllo Wörld', ['H', '##él', '##lo', 'W', '##ör', '##ld'], o)).toEqual([
      [0, 1],
      [1, 3],
      [3, 5],
      [6, 7],
      [7, 9],
      [9, 11],
    ]);
  });

  it('aligns 512 tokens of real text (speed is measured by the benchmarks, not here)', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(60);
    const { tokens } = encode(text);
    expect(tokens.length).toBeGreaterThan(512);
    const spans = alignTokens(text, tokens, BERT);
    expect(spans.filter((s) => s === null)).toHaveLength(2);
    // the last sentence's words land on the last sentence of the text
    const last = text.lastIndexOf('dog');
    expect(spans.at(-3)).toEqual([last, last + 3]);
    expect(spans.at(-2)).toEqual([last + 3, last + 4]);
  });
});

describe('buildTokenInfos', () => {
  it('fills span, special, word and segment', () => {
    const text = 'Héllo, playing!';
    const { ids, tokens, typeIds } = encode(text);
    expect(tokens).toEqual(['[CLS]', 'hello', ',', 'playing', '!', '[SEP]']);
    const infos = buildTokenInfos(text, ids, tokens, { tokenTypeIds: typeIds, specialTokens: SPECIAL });
    expect(infos.map((t) => t.span)).toEqual([null, [0, 5], [5, 6], [7, 14], [14, 15], null]);
    expect(infos.map((t) => t.special)).toEqual([true, false, false, false, false, true]);
    expect(infos.map((t) => t.word)).toEqual([-1, 0, 1, 2, 3, -1]);
    expect(infos.map((t) => t.id)).toEqual(ids);
    expect(infos.every((t) => t.segment === 0)).toBe(true);
  });

  it('word pieces share a word; [UNK] is not special', () => {
    const text = 'unbelievably ⟁ ok';
    const { ids, tokens } = encode(text);
    const infos = buildTokenInfos(text, ids, tokens, { specialTokens: SPECIAL });
    const unk = infos.find((t) => t.text === '[UNK]')!;
    expect(unk.special).toBe(false);
    expect(unk.span).toEqual([13, 14]);
    const pieces = infos.filter((t) => t.word === 0);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((t) => t.text.replace(/^##/, '')).join('')).toBe('unbelievably');
  });

  it('segments from token_type_ids (BigInt64Array accepted), positional call form', () => {
    const enc = tok('hello there', { text_pair: 'general kenobi', return_token_type_ids: true });
    const ids = enc.input_ids.data as BigInt64Array;
    const tokens = Array.from(ids, (id) => idToToken[Number(id)]);
    const text = 'hello there general kenobi';
    const infos = buildTokenInfos(text, ids, tokens, enc.token_type_ids!.data as BigInt64Array, SPECIAL);
    expect(infos.map((t) => t.segment)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(infos.map((t) => t.id)).toEqual(Array.from(ids, Number));
    expect(infos.filter((t) => !t.special).map((t) => (t.span ? text.slice(...t.span) : null))).toEqual(['hello', 'there', 'general', 'ken', 'ob', 'i']);
  });
});

describe('alignTokens fuzz (real tokenizer, seeded)', () => {
  const pool = [
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ' ',
    ' ',
    ' ',
    ' ',
    '\n',
    '\t',
    '\u00a0',
    '\u3000',
    ...'.,;:!?\'"()[]{}-–—…«»¿¡#$%&*+/<=>@\\^_`|~',
    ...'éèêëàâäîïôöûüçñøåæœßẞİıĞğŞşΣσςλόΑ',
    'e\u0301',
    'a\u0308',
    'n\u0303',
    '\u0301',
    ...'東京日本語中文字𠀀𠀁',
    ...'ひらがなカタカナーｱｲ',
    ...'안녕하세요한국어',
    '😀',
    '❤️',
    '👍🏽',
    '🇺🇸',
    '👨‍👩‍👧',
    '✓',
    '⟁',
    'ǅ',
    'ﬀ',
    '𝐀',
    ...'مرحبابالعالم',
    ...'שָׁלוֹםעולם',
    '\u0000',
    '\u0007',
    '\u200b',
    '\u200d',
    '\ufeff',
    '\u00ad',
    '\ufffd',
    '\u0085',
    '\ud800',
  ];
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  // fewer under mutation testing (vitest.stryker.config.ts sets AL_MUTATION), which re-runs it per mutant
  const count = process.env.AL_MUTATION ? 60 : 300;
  it(`${count} random strings satisfy every invariant`, () => {
    for (let k = 0; k < count; k++) {
      const len = 1 + Math.floor(rand() * 40);
      let text = '';
      for (let c = 0; c < len; c++) text += pool[Math.floor(rand() * pool.length)];
      checkAlignment(text);
    }
  });
});
