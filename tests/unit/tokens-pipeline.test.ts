// Token offsets from the tokenizer's own pipeline (src/core/tokens/pipeline.ts, normalized-string.ts, nf-changes.ts):
//   • Unicode normalisation with the Rust library's (char, change) bookkeeping gives exactly String.prototype.normalize's
//     text and consumes exactly its input;
//   • NormalizedString's offset rules (Replace, prepend, composition);
//   • tokenizer.json pipelines the fixtures do not have — Llama-style byte-fallback BPE (Prepend + Replace), WordLevel
//     (Whitespace, NFD + StripAccents + Lowercase), GPT-2 ByteLevel with add_prefix_space and trim_offsets, BPE with
//     WhitespaceSplit/Punctuation/Digits, NFKC and one [UNK] per unknown character — give Hugging Face's Rust offsets;
//   • seeded fuzz of the fixtures' tokenizers with hostile text (controls, zero-width and odd spaces, lone marks,
//     typed special tokens, lone surrogates): Rust's offsets wherever both libraries give the same ids, and a span for
//     every token of the text always;
//   • text the JS tokenizer read differently from this pipeline still gets every token placed.
// tests/unit/tokens-oracle.test.ts compares the fixtures on the multilingual corpus, single texts and pairs.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { normalizeWithChanges, type NormalForm } from '../../src/core/tokens/nf-changes';
import { fromOriginal, prepend, replace, unicodeNormalize } from '../../src/core/tokens/normalized-string';
import { pipelineFromTokenizerJson } from '../../src/core/tokens/pipeline';
import { HfTokenizer } from '../../src/core/tokens/hf-tokenizer';
import { buildTokenInfos } from '../../src/core/tokens/build-tokens';
import { prng } from '../support/prng';
import { RustTokenizer, rustJson, utf16Index } from '../support/rust-tokenizer';
import { loadTokenizer, readTokenizerJson } from '../support/tokenizer-files';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const cps = (s: string) => [...s].map((c) => c.codePointAt(0) ?? 0);

describe('normalisation with the Rust library’s change bookkeeping', () => {
  it('gives String.prototype.normalize’s text and consumes exactly the input, in all four forms', () => {
    const samples = [
      'cafe\u0301',
      'a\u0308\u0304',
      'ệ',
      'e\u0302\u0323',
      'ê\u0323',
      '한국어',
      '\u1100\u1161\u11a8',
      'ﬁnance ½ ①',
      'السَّلَامُ',
      'שָׁלוֹם',
      'בְּרֵאשִׁית',
      'क्षत्रिय ग्रंथ',
      'Z\u0335a\u0336l\u0337g\u0338o',
      '\u0344x\u0f73',
      'ǅemal',
      'İstanbul',
      'ﷺ',
      'ｶﾀｶﾅ',
      'か\u3099',
      'ὈΔΥΣΣΕΎΣ',
      '\u0301abc',
      'ோ ொ',
      '～',
    ];
    const rand = prng(7);
    const ranges: Array<[number, number]> = [
      [0x300, 0x370],
      [0x61, 0x7b],
      [0x1100, 0x1200],
      [0xc0, 0x250],
      [0x590, 0x700],
      [0x900, 0x980],
      [0x1e00, 0x1f00],
      [0xac00, 0xac40],
    ];
    for (let i = 0; i < 1500; i++) {
      let s = '';
      for (let k = 0; k < 24; k++) {
        const [a, b] = ranges[Math.floor(rand() * ranges.length)];
        s += String.fromCodePoint(a + Math.floor(rand() * (b - a)));
      }
      samples.push(s);
    }
    const bad: string[] = [];
    for (const s of samples) {
      for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as NormalForm[]) {
        const r = normalizeWithChanges(cps(s), form);
        const consumed = r.change.reduce((sum, c) => sum + (c > 0 ? 0 : 1 - c), 0);
        if (String.fromCodePoint(...r.cp) !== s.normalize(form) || consumed !== cps(s).length) bad.push(`${form} ${JSON.stringify(s)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('offsets: a composed character covers its cluster, a decomposed one’s pieces its character, a replacement the match’s last character, a prepended one the first', () => {
    const text = 'cafe\u0301 é  x';
    const ns = fromOriginal(text, 0, text.length);
    const nfc = unicodeNormalize(ns, 'NFC');
    expect(String.fromCodePoint(...nfc.cp)).toBe('café é  x');
    expect([nfc.s[3], nfc.e[3]]).toEqual([3, 5]);
    const nfd = unicodeNormalize(ns, 'NFD');
    const at = nfd.cp.indexOf(0x301, 5);
    expect([nfd.s[at - 1], nfd.e[at - 1], nfd.s[at], nfd.e[at]]).toEqual([6, 7, 6, 7]);
    const r = replace(ns, / {2,}/gu, '▁');
    const k = r.cp.indexOf(0x2581);
    expect([r.s[k], r.e[k]]).toEqual([8, 9]);
    const p = prepend(fromOriginal('xy', 0, 2), '▁');
    expect([p.s[0], p.e[0], p.s[1], p.e[1]]).toEqual([0, 1, 0, 1]);
  });
});

// ----------------------------------------------------------------------------- pipelines the fixtures lack

const WORDS = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'hello', 'world', 'attention', 'token', 'ing', 'er', 'café', 'naïve'];
const ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i));

/** A BPE vocabulary with every character of `chars` and the merges spelling each of `words` left to right. */
function bpeVocab(chars: string[], words: string[]) {
  const vocab: Record<string, number> = {};
  const add = (t: string) => {
    if (!(t in vocab)) vocab[t] = Object.keys(vocab).length;
  };
  const merges: string[] = [];
  for (const c of chars) add(c);
  for (const word of words) {
    const w = [...word];
    let cur = w[0];
    add(cur);
    for (let i = 1; i < w.length; i++) {
      add(w[i]);
      if (!merges.includes(`${cur} ${w[i]}`)) merges.push(`${cur} ${w[i]}`);
      cur += w[i];
      add(cur);
    }
  }
  return { vocab, merges };
}

const base = (over: object) => ({
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [],
  normalizer: null,
  pre_tokenizer: null,
  post_processor: null,
  decoder: null,
  ...over,
});
const added = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
const bpe = (vocab: object, merges: string[], unk: string | null, extra: object = {}) => ({
  type: 'BPE',
  dropout: null,
  unk_token: unk,
  continuing_subword_prefix: null,
  end_of_word_suffix: null,
  fuse_unk: false,
  byte_fallback: false,
  ignore_merges: false,
  vocab,
  merges,
  ...extra,
});

const BYTE_CHARS = (() => {
  const out: string[] = [];
  const direct = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let n = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCharCode(direct(b) ? b : 256 + n++));
  return out;
})();

const SYNTHETIC: Record<string, object> = {
  'llama-style byte-fallback BPE': (() => {
    const specials = ['<unk>', '<s>', '</s>'];
    const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    const { vocab, merges } = bpeVocab(
      [...specials, ...bytes, '▁', ...ASCII, 'é', 'ï'],
      WORDS.map((w) => `▁${w}`),
    );
    return base({
      added_tokens: specials.map((t, i) => added(i, t)),
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'Prepend', prepend: '▁' },
          { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
        ],
      },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
        pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
        special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
      },
      model: bpe(vocab, merges, '<unk>', { fuse_unk: true, byte_fallback: true }),
    });
  })(),
  'WordLevel, Whitespace, NFD + StripAccents + Lowercase': (() => {
    const vocab: Record<string, number> = { '[UNK]': 0 };
    for (const w of [...WORDS, 'cafe', 'naive', '.', ',', '!', 'a', 'is']) vocab[w] = Object.keys(vocab).length;
    return base({
      added_tokens: [added(0, '[UNK]')],
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }, { type: 'Lowercase' }] },
      pre_tokenizer: { type: 'Whitespace' },
      model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
    });
  })(),
  'GPT-2 ByteLevel with add_prefix_space and trim_offsets': (() => {
    const { vocab, merges } = bpeVocab(['<|endoftext|>', ...BYTE_CHARS], [...WORDS.map((w) => `Ġ${w}`), ...WORDS, 'ĠĠ', 'ĠĠĠ']);
    const byteLevel = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
    return base({
      added_tokens: [added(0, '<|endoftext|>')],
      pre_tokenizer: byteLevel,
      post_processor: byteLevel,
      decoder: byteLevel,
      model: bpe(vocab, merges, null),
    });
  })(),
  'BPE, WhitespaceSplit + Punctuation + Digits, NFKC, an [UNK] per character': (() => {
    const { vocab, merges } = bpeVocab(['[UNK]', '[CLS]', '[SEP]', ...ASCII], WORDS);
    return base({
      added_tokens: [added(0, '[UNK]'), added(1, '[CLS]'), added(2, '[SEP]')],
      normalizer: { type: 'NFKC' },
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Punctuation', behavior: 'Isolated' }, { type: 'Digits', individual_digits: true }],
      },
      post_processor: { type: 'BertProcessing', sep: ['[SEP]', 2], cls: ['[CLS]', 1] },
      model: bpe(vocab, merges, '[UNK]'),
    });
  })(),
};

const TEXTS = [
  'The quick brown fox jumps over the lazy dog.',
  'hello world, attention token 123!',
  'café naïve cafe\u0301 Zürich 東京 😀',
  '  leading and trailing  ',
  'a  b\tc\nd',
  'tokening the erer',
  'x',
  'Hello<s>world</s> <unk>',
  '<|endoftext|> the end<|endoftext|>',
  '[CLS] hello [SEP] world [MASK]',
];

/** Rust's offsets (UTF-16), null for the post-processor's tokens. */
async function rustSpans(rust: InstanceType<typeof RustTokenizer>, text: string) {
  const r = await rust.encode(text, null, { addSpecialTokens: true });
  const at = utf16Index(text);
  const seq = r.getSequenceIds();
  const mask = r.getSpecialTokensMask();
  return {
    ids: r.getIds(),
    spans: r.getOffsets().map(([s, e], i): [number, number] | null => (seq[i] !== 0 || (mask[i] && s === e) ? null : [at[s], at[e]])),
  };
}

/** The two kept differences (tokens-oracle.test.ts): a whitespace-only token keeps its whitespace; a composed cluster. */
function kept(text: string, ours: [number, number], rust: [number, number]): boolean {
  if (rust[0] === rust[1] && ours[0] <= rust[0] && rust[0] <= ours[1] && /^\s+$/u.test(text.slice(...ours))) return true;
  return ours[0] === rust[0] && ours[1] > rust[1] && /^[\p{M}\u1160-\u11ff]+$/u.test(text.slice(rust[1], ours[1]));
}

describe('pipelines the fixtures lack give the Rust offsets', () => {
  it.each(Object.keys(SYNTHETIC))('%s', async (name) => {
    const json = SYNTHETIC[name];
    const ours = HfTokenizer.fromJson(json, { unk_token: '[UNK]' });
    expect(ours.alignOptions.pipeline).toBeDefined();
    const rust = RustTokenizer.fromString(JSON.stringify(json));
    const diffs: string[] = [];
    let compared = 0;
    for (const text of TEXTS) {
      const { ids } = ours.encode(text);
      const r = await rustSpans(rust, text);
      if (r.ids.join() !== ids.join()) continue;
      compared++;
      const tokens = ids.map((id) => ours.tokenOf(id));
      const infos = buildTokenInfos(text, ids, tokens, ours.alignOptions);
      infos.forEach((t, i) => {
        const want = r.spans[i];
        if (JSON.stringify(t.span) === JSON.stringify(want)) return;
        if (t.span && want && kept(text, t.span, want)) return;
        diffs.push(`${JSON.stringify(text)} #${i} ${tokens[i]}: ours ${JSON.stringify(t.span)}, rust ${JSON.stringify(want)}`);
      });
    }
    expect(compared).toBeGreaterThanOrEqual(TEXTS.length - 1);
    expect(diffs).toEqual([]);
  });
});

// ----------------------------------------------------------------------------- hostile text on the fixtures

const FIXTURES = ['roberta-bpe', 'albert-unigram', 'xlmr-unigram'] as const;
const PIECES = [
  'the',
  'Hello',
  'ÉCOLE',
  'cafe\u0301',
  'a\u0308\u0304',
  'q\u0323\u0307',
  'ệ',
  'ǅ',
  'ﬁ',
  '½',
  '①',
  'ｶﾀｶﾅ',
  'か\u3099',
  '한국',
  '\u1100\u1161\u11a8',
  'ΣΊΣΥΦΟΣ',
  'İ',
  'ß',
  'ẞ',
  'שָׁלוֹם',
  'بِكُمْ',
  'क्षत्रिय',
  'สวัสดี',
  '😀',
  '👍🏽',
  '👨\u200d👩\u200d👧',
  '🇫🇷',
  '1\ufe0f\u20e3',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00ad',
  '\u0001',
  '\u007f',
  '\u00a0',
  '\u3000',
  '\u2581',
  '～',
  '``',
  "''",
  '<mask>',
  '[MASK]',
  '<s>',
  '</s>',
  '<unk>',
  '[CLS]',
  '[SEP]',
  ' <mask> ',
  '\t',
  '\n',
  '\r\n',
  '  ',
  '.',
  '!?',
  "'s",
  '123',
  '3.14',
  '\u0301',
  '\u0345',
  'x\u20dd',
  'Ⅻ',
  'ﷺ',
  '𠀋',
];
/** Pieces where the two libraries themselves disagree (so ids or offsets may differ): only "every token placed". */
const ODD = ['\ud800', 'a\udc00b', '\u0085'];

describe('hostile text on the fixtures’ tokenizers', () => {
  const rusts = new Map<string, InstanceType<typeof RustTokenizer>>();
  beforeAll(() => {
    for (const name of FIXTURES) rusts.set(name, RustTokenizer.fromString(rustJson(readTokenizerJson(`${ROOT}tests/fixtures/tokenizers/${name}`))));
  });

  it.each(FIXTURES)('%s: Rust’s offsets where the ids agree, and every token of the text placed', async (name) => {
    // ours is loaded inside the test (the Rust reference once, above): beforeAll code is never re-run per mutant
    const dir = `${ROOT}tests/fixtures/tokenizers/${name}`;
    const ours: HfTokenizer = loadTokenizer(dir, readTokenizerJson(dir));
    const rust = rusts.get(name)!;
    const rand = prng(0xfa11 + name.length);
    const diffs: string[] = [];
    const unplaced: string[] = [];
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const odd = i % 4 === 3;
      let text = '';
      const k = 1 + Math.floor(rand() * 10);
      for (let j = 0; j < k; j++) {
        const pool = odd && rand() < 0.3 ? ODD : PIECES;
        text += pool[Math.floor(rand() * pool.length)] + (rand() < 0.6 ? ' ' : '');
      }
      const { ids, typeIds } = ours.encode(text);
      const tokens = ids.map((id) => ours.tokenOf(id));
      const infos = buildTokenInfos(text, ids, tokens, { ...ours.alignOptions, tokenTypeIds: typeIds });
      infos.forEach((t, q) => {
        if (!t.special && !t.span) unplaced.push(`${JSON.stringify(text)} #${q} ${tokens[q]}`);
      });
      if (odd) continue;
      const r = await rustSpans(rust, text);
      if (r.ids.join() !== ids.join()) continue;
      compared++;
      infos.forEach((t, q) => {
        const want = r.spans[q];
        if (JSON.stringify(t.span) === JSON.stringify(want) || (t.span && want && kept(text, t.span, want))) return;
        diffs.push(`${JSON.stringify(text)} #${q} ${tokens[q]}: ours ${JSON.stringify(t.span)}, rust ${JSON.stringify(want)}`);
      });
    }
    expect(compared).toBeGreaterThan(200);
    expect(diffs).toEqual([]);
    expect(unplaced).toEqual([]);
  });

  it('text the JS tokenizer read differently: every token still placed, typed tokens found after it', () => {
    const xlmr = `${ROOT}tests/fixtures/tokenizers/xlmr-unigram`;
    const ours = loadTokenizer(xlmr, readTokenizerJson(xlmr));
    const { ids } = ours.encode('hello <mask> world');
    const tokens = ids.map((id) => ours.tokenOf(id));
    // the same tokens over a text with characters no token stands for
    const text = 'hello ⟦⟧<mask> wor¤ld';
    const infos = buildTokenInfos(text, ids, tokens, ours.alignOptions);
    const mask = infos.find((t) => t.text === '<mask>')!;
    expect(mask.span && text.slice(...mask.span).trim()).toBe('<mask>');
    for (const t of infos) if (!t.special) expect(t.span, t.text).not.toBeNull();
    // and tokens of another text entirely: no throw, spans inside the text
    const other = buildTokenInfos('abc', ids, tokens, ours.alignOptions);
    for (const t of other) if (t.span) expect(t.span[1]).toBeLessThanOrEqual(3);
  });
});

describe('pipelineFromTokenizerJson', () => {
  it('BPE, Unigram and WordLevel models with known steps; not WordPiece or an unknown step', () => {
    expect(pipelineFromTokenizerJson(null)).toBeNull();
    expect(pipelineFromTokenizerJson({ model: { type: 'WordPiece', vocab: {} } })).toBeNull();
    expect(pipelineFromTokenizerJson({ model: { type: 'BPE', vocab: {}, merges: [] }, normalizer: { type: 'SomethingNew' } })).toBeNull();
    const roberta = pipelineFromTokenizerJson(readTokenizerJson(`${ROOT}tests/fixtures/tokenizers/roberta-bpe`))!;
    expect(roberta.model).toMatchObject({ type: 'BPE', unk: null, byteFallback: false });
    expect(roberta.post).toEqual({ prefix: ['<s>'], trimOffsets: true, addPrefixSpace: false });
    expect(roberta.added.find((t) => t.content === '<mask>')).toMatchObject({ lstrip: true, normalized: false });
    const xlmr = pipelineFromTokenizerJson(readTokenizerJson(`${ROOT}tests/fixtures/tokenizers/xlmr-unigram`))!;
    expect(xlmr.model).toMatchObject({ type: 'Unigram', unk: '<unk>', fuseUnk: true });
    expect(xlmr.normalizer.map((n) => n.type)).toEqual(['Precompiled', 'Strip', 'Replace']);
    expect(xlmr.normalizer[0]).toEqual({ type: 'Precompiled' }); // the charsmap is not carried
    expect(xlmr.post.prefix).toEqual(['<s>']);
  });
});
