// alignTokens on small hand-made token lists: each expected [start, end) was worked out by hand from the text, so a wrong
// span here is a highlight over the wrong characters. '⟁' (U+27C1, a math symbol: neither punctuation nor CJK) stands for a
// character no vocabulary has; '⁂' (U+2042) is an unknown punctuation mark, '㐀' / '㐁' unknown CJK ideographs.
import { describe, expect, it } from 'vitest';
import { alignTokens, type AlignOptions } from '../../src/core/tokens/align';
import { buildTokenInfos } from '../../src/core/tokens/build-tokens';
import { pipelineFromTokenizerJson, type TokenizerPipeline } from '../../src/core/tokens/pipeline';

/** Cased WordPiece, nothing special: the options change nothing the test does not name. */
const CASED: AlignOptions = { lowercase: false, stripAccents: false, specialTokens: new Set() };
/** bert-base-uncased. */
const UNCASED: AlignOptions = { lowercase: true, stripAccents: true, specialTokens: new Set(['[CLS]', '[SEP]', '[MASK]']) };
const SP: AlignOptions = { lowercase: false, stripAccents: false, specialTokens: new Set(['<s>', '</s>', '<mask>']), scheme: 'sentencepiece' };
const BPE: AlignOptions = { lowercase: false, stripAccents: false, specialTokens: new Set(['<s>', '</s>']), scheme: 'bpe' };
/** BPE that writes a space as 'Ġ' without GPT-2's byte table. */
const BPE_CHARS: AlignOptions = { ...BPE, byteLevel: false };

describe('defaults that follow from the scheme', () => {
  it('WordPiece strips "##" by default, or the prefix it is given', () => {
    expect(alignTokens('playing', ['play', '##ing'], CASED)).toEqual([
      [0, 4],
      [4, 7],
    ]);
    expect(alignTokens('playing', ['play', '@@ing'], { ...CASED, continuationPrefix: '@@' })).toEqual([
      [0, 4],
      [4, 7],
    ]);
  });

  it('a bare "##" is the text "##", not an empty continuation', () => {
    expect(alignTokens('a ## b', ['a', '##', 'b'], CASED)).toEqual([
      [0, 1],
      [2, 4],
      [5, 6],
    ]);
  });

  it('SentencePiece has no continuation prefix: "##b" is three characters of text', () => {
    expect(alignTokens('a##b', ['▁a', '##b'], SP)).toEqual([
      [0, 1],
      [1, 4],
    ]);
  });

  it('the unknown token is [UNK] for WordPiece and <unk> for SentencePiece: it covers the unknown character', () => {
    expect(alignTokens('foo ⟁ bar', ['foo', '[UNK]', 'bar'], CASED)).toEqual([
      [0, 3],
      [4, 5],
      [6, 9],
    ]);
    expect(alignTokens('a ⟁ b', ['▁a', '<unk>', '▁b'], SP)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('byte-level BPE has no unknown token: "<unk>" and "[UNK]" are spelled in the text', () => {
    expect(alignTokens('zz <unk>', ['<unk>'], BPE)).toEqual([[3, 8]]);
    expect(alignTokens('zz [UNK]', ['[UNK]'], BPE)).toEqual([[3, 8]]);
  });

  it('unkToken null: "[UNK]" is ordinary text; another unkToken covers the unknown word', () => {
    expect(alignTokens('zz [UNK]', ['[UNK]'], { ...CASED, unkToken: null })).toEqual([[3, 8]]);
    expect(alignTokens('foo ⟁ bar', ['foo', '<oov>', 'bar'], { ...CASED, unkToken: '<oov>' })).toEqual([
      [0, 3],
      [4, 5],
      [6, 9],
    ]);
  });

  it('specialTokens that is not a Set: nothing is special, "[CLS]" is matched as text', () => {
    const o = { ...CASED, specialTokens: ['[CLS]'] as unknown as Set<string> };
    expect(alignTokens('[CLS] a', ['[CLS]', 'a'], o)).toEqual([
      [0, 5],
      [6, 7],
    ]);
  });

  it('byte-level BPE reads "Ã©" as the two bytes of "é"; without the byte table it is the text "Ã©"', () => {
    expect(alignTokens('é Ã©', ['Ã©'], BPE)).toEqual([[0, 1]]);
    expect(alignTokens('é Ã©', ['Ã©'], BPE_CHARS)).toEqual([[2, 4]]);
  });

  it('byte-level BPE: a character outside the byte table stands for itself; a leading Ġ need not be in the text', () => {
    expect(alignTokens('東x', ['東', 'x'], BPE)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    // add_prefix_space: the first word is spelled with a space the text does not have
    expect(alignTokens('Hello', ['ĠHello'], BPE)).toEqual([[0, 5]]);
  });

  it('a space token covers one space per byte in byte-level BPE, the whole run of spaces otherwise', () => {
    expect(alignTokens('a   b', ['a', 'ĠĠ', 'Ġb'], BPE)).toEqual([
      [0, 1],
      [1, 3],
      [4, 5],
    ]);
    expect(alignTokens('a  b', ['a', 'Ġ', 'Ġb'], BPE_CHARS)).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
    ]);
    expect(alignTokens('a   b', ['▁a', '▁', 'b'], SP)).toEqual([
      [0, 1],
      [1, 4],
      [4, 5],
    ]);
  });

  it('a space marker of its own; WordPiece has none, so "Ġ" is a letter there', () => {
    expect(alignTokens('a b', ['_a', '_b'], { ...SP, spaceMarker: '_' })).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(alignTokens('Ġx', ['Ġx'], CASED)).toEqual([[0, 2]]);
  });

  it('control characters are deleted (tokens span over them) for WordPiece, kept for SentencePiece, unless cleanText says otherwise', () => {
    expect(alignTokens('a\u0007b', ['ab'], CASED)).toEqual([[0, 3]]);
    expect(alignTokens('a\u0007b', ['ab'], { ...CASED, cleanText: false })).toEqual([null]);
    expect(alignTokens('a\u0007b', ['▁ab'], SP)).toEqual([null]);
    expect(alignTokens('a\u0007b', ['▁ab'], { ...SP, cleanText: true })).toEqual([[0, 3]]);
  });

  it('precompiled: a zero-width space is a space a ▁ token covers', () => {
    expect(alignTokens('a\u200bb', ['▁a', '▁', 'b'], { ...SP, precompiled: true })).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(alignTokens('a\u200bb', ['▁a', '▁', 'b'], SP)).toEqual([[0, 1], null, [2, 3]]);
  });

  it('a token keeps a control character the text keeps (SentencePiece without clean_text)', () => {
    expect(alignTokens('a\u0007b', ['▁a\u0007b'], SP)).toEqual([[0, 3]]);
  });

  it('spaces at the end of a token are not looked for in the text', () => {
    expect(alignTokens('a  b', ['a▁', 'b'], SP)).toEqual([
      [0, 1],
      [3, 4],
    ]);
    expect(alignTokens('a b', ['aĠ', 'b'], BPE)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('tokens are normalised like the text: an added token in capitals or with accents still matches', () => {
    expect(alignTokens('Hello Café', ['Hello', 'Café'], UNCASED)).toEqual([
      [0, 5],
      [6, 10],
    ]);
  });
});

describe('SentencePiece byte fallback', () => {
  it('<0xNN> is one byte (hex in either case); the pieces of one character share its span', () => {
    expect(alignTokens('A é', ['<0x41>', '▁', '<0xC3>', '<0xa9>'], SP)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [2, 3],
    ]);
  });

  it('only a whole "<0xNN>" token is a byte, and only in SentencePiece', () => {
    expect(alignTokens('A <0x41>z', ['<0x41>z'], SP)).toEqual([[2, 9]]);
    expect(alignTokens('A z<0x41>', ['z<0x41>'], SP)).toEqual([[2, 9]]);
    expect(alignTokens('A <0x4>', ['<0x4>'], SP)).toEqual([[2, 7]]);
    expect(alignTokens('A <0x41>', ['<0x41>'], CASED)).toEqual([[2, 8]]);
  });

  it('<0x20> is a space: it covers the run of spaces', () => {
    expect(alignTokens('a  b', ['▁a', '<0x20>', 'b'], SP)).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
    ]);
  });
});

describe('spaces inside a token', () => {
  it('a ▁ inside a token matches any run of spaces, a run of ▁ one space', () => {
    expect(alignTokens('New   York', ['▁New▁York'], SP)).toEqual([[0, 10]]);
    expect(alignTokens('a b', ['▁a▁▁b'], SP)).toEqual([[0, 3]]);
  });

  it('a ▁ inside a token needs a space in the text', () => {
    expect(alignTokens('ab', ['▁a▁b'], SP)).toEqual([null]);
    expect(alignTokens('a', ['▁a▁b'], SP)).toEqual([null]);
  });
});

describe('unknown tokens', () => {
  it('consecutive [UNK]s take one word each', () => {
    expect(alignTokens('foo ⟁⟁ ⟁ bar', ['foo', '[UNK]', '[UNK]', 'bar'], CASED)).toEqual([
      [0, 3],
      [4, 6],
      [7, 8],
      [9, 12],
    ]);
  });

  it('a punctuation mark or CJK ideograph is a word of its own', () => {
    for (const text of ['foo ⁂⁂ bar', 'foo 㐀㐁 bar', 'foo ⟁⁂ bar']) {
      expect(alignTokens(text, ['foo', '[UNK]', '[UNK]', 'bar'], CASED), text).toEqual([
        [0, 3],
        [4, 5],
        [5, 6],
        [7, 10],
      ]);
    }
  });

  it('the last [UNK] before a known token takes all the words up to it', () => {
    expect(alignTokens('foo ⟁ ⟁ bar', ['foo', '[UNK]', 'bar'], CASED)).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
  });

  it('more [UNK]s than words: one character each', () => {
    expect(alignTokens('foo ⟁⟁ bar', ['foo', '[UNK]', '[UNK]', 'bar'], CASED)).toEqual([
      [0, 3],
      [4, 5],
      [5, 6],
      [7, 10],
    ]);
  });

  it('more [UNK]s than characters: the extra ones get no span', () => {
    expect(alignTokens('foo ⟁ bar', ['foo', '[UNK]', '[UNK]', 'bar'], CASED)).toEqual([[0, 3], [4, 5], null, [6, 9]]);
  });

  it('an unknown word holding the letters of the next token: that token is looked for after the word', () => {
    expect(alignTokens('xb⟁ b', ['[UNK]', 'b'], CASED)).toEqual([
      [0, 3],
      [4, 5],
    ]);
    // SentencePiece: an <unk> is one character, so the next piece can follow it inside the word
    expect(alignTokens('a ⟁x x', ['▁a', '▁', '<unk>', 'x', '▁x'], SP)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [5, 6],
    ]);
  });

  it('trailing [UNK]s take one word each, not the rest of the text', () => {
    expect(alignTokens('foo ⟁ ⟁⟁ baz', ['foo', '[UNK]', '[UNK]'], CASED)).toEqual([
      [0, 3],
      [4, 5],
      [6, 8],
    ]);
  });

  it('a trailing [UNK] takes one word, not the punctuation after it', () => {
    // the token list stops there, as when it was cut to the model's length
    expect(alignTokens('foo ⟁⁂', ['foo', '[UNK]'], CASED)).toEqual([
      [0, 3],
      [4, 5],
    ]);
  });

  it('SentencePiece: a trailing <unk> takes its whole space-delimited run, up to the end of the text', () => {
    expect(alignTokens('a ⟁⟁ b', ['▁a', '<unk>'], SP)).toEqual([
      [0, 1],
      [2, 4],
    ]);
    expect(alignTokens('a ⟁⟁', ['▁a', '<unk>'], SP)).toEqual([
      [0, 1],
      [2, 4],
    ]);
  });

  it('SentencePiece: trailing <unk>s, one per character, stay in the first word', () => {
    expect(alignTokens('a ⟁⟁ ⟁⟁', ['▁a', '▁', '<unk>', '<unk>'], SP)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('SentencePiece: <unk>s, one per character, before a ▁ stop at the first space', () => {
    expect(alignTokens('a ⟁⟁ ⟁ b', ['▁a', '▁', '<unk>', '<unk>', '▁', '<unk>', '▁b'], SP)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [7, 8],
    ]);
  });

  it('SentencePiece: an <unk> before a ▁ token ends at the space', () => {
    expect(alignTokens('a ⟁⟁ b', ['▁a', '<unk>', '▁', 'b'], SP)).toEqual([
      [0, 1],
      [2, 4],
      [4, 5],
      [5, 6],
    ]);
  });
});

describe('added tokens typed in the text', () => {
  it('the first token is the template’s [CLS], even when the text starts with "[CLS]"', () => {
    expect(alignTokens('[CLS] a', ['[CLS]', '[CLS]', 'a', '[SEP]'], UNCASED)).toEqual([null, [0, 5], [6, 7], null]);
  });

  it('a typed [MASK] spans its characters; a [MASK] the text does not have at that point gets none', () => {
    expect(alignTokens('a [MASK] b', ['[CLS]', 'a', '[MASK]', 'b', '[SEP]'], UNCASED)).toEqual([null, [0, 1], [2, 8], [9, 10], null]);
    expect(alignTokens('a b [MASK]', ['[CLS]', 'a', '[MASK]', 'b', '[SEP]'], UNCASED)).toEqual([null, [0, 1], null, [2, 3], null]);
    // the tokenizer finds added tokens in the raw text: "[mask]" is no [MASK], even for an uncased model
    expect(alignTokens('a [mask]', ['[CLS]', 'a', '[MASK]', '[SEP]'], UNCASED)).toEqual([null, [0, 1], null, null]);
  });

  it('a typed [MASK] after an [UNK] word: the [UNK] ends where the [MASK] begins', () => {
    expect(alignTokens('x ⟁⟁[MASK]', ['[CLS]', 'x', '[UNK]', '[MASK]', '[SEP]'], UNCASED)).toEqual([null, [0, 1], [2, 4], [4, 10], null]);
  });

  it('SentencePiece: <unk>s before a typed <mask> take one character each', () => {
    expect(alignTokens('a ⟁⟁<mask>', ['▁a', '<unk>', '<unk>', '<mask>'], SP)).toEqual([
      [0, 1],
      [2, 3],
      [3, 4],
      [4, 10],
    ]);
  });

  it('a typed [UNK] spans its own five characters, after an unknown word', () => {
    expect(alignTokens('a [UNK] b', ['a', '[UNK]', 'b'], CASED)).toEqual([
      [0, 1],
      [2, 7],
      [8, 9],
    ]);
    expect(alignTokens('a ⟁ [UNK]', ['a', '[UNK]', '[UNK]'], CASED)).toEqual([
      [0, 1],
      [2, 3],
      [4, 9],
    ]);
    // the next token comes after it, not from the letters inside it
    expect(alignTokens('[UNK]k', ['[CLS]', '[UNK]', 'k', '[SEP]'], UNCASED)).toEqual([null, [0, 5], [5, 6], null]);
  });

  it('a spacing mark right after a typed token spans only the mark, not the "]" it attaches to', () => {
    // U+093E (a Devanagari vowel sign) joins the cluster of the ']' before it
    expect(alignTokens('[MASK]\u093e', ['[CLS]', '[MASK]', '\u093e', '[SEP]'], UNCASED)).toEqual([null, [0, 6], [6, 7], null]);
    expect(alignTokens('[UNK]\u093e', ['[CLS]', '[UNK]', '\u093e', '[SEP]'], UNCASED)).toEqual([null, [0, 5], [5, 6], null]);
  });

  it('marks that compose with the typed token’s last character: the mark token still starts after it', () => {
    // NFD puts U+0323 before U+0301, so the cluster of '>' (or ']') with its two marks is normalised as a whole and spans
    // all three characters; the token of the two marks must not take the '>' of the typed token
    const nfd: AlignOptions = { ...SP, unicodeNormalization: 'NFD' };
    expect(alignTokens('a <mask>\u0301\u0323', ['▁a', '<mask>', '\u0323\u0301'], nfd)).toEqual([
      [0, 1],
      [2, 8],
      [8, 10],
    ]);
    expect(alignTokens('[UNK]\u0301\u0323', ['[UNK]', '\u0323\u0301'], { ...CASED, unicodeNormalization: 'NFD' })).toEqual([
      [0, 5],
      [5, 7],
    ]);
  });

  it('a typed added token keeps its word; the template’s get none', () => {
    const text = 'a [MASK] b';
    const infos = buildTokenInfos(text, [101, 1037, 103, 1038, 102], ['[CLS]', 'a', '[MASK]', 'b', '[SEP]'], UNCASED);
    expect(infos.map((t) => t.span)).toEqual([null, [0, 1], [2, 8], [9, 10], null]);
    expect(infos.map((t) => t.word)).toEqual([-1, 0, 1, 2, -1]);
  });
});

describe('tokens that cannot be placed', () => {
  it('a token the text does not have gets no span; the next one is still found', () => {
    expect(alignTokens('foo bar', ['foo', 'zzz', 'bar'], CASED)).toEqual([[0, 3], null, [4, 7]]);
  });

  it('a token that normalises to nothing gets no span (not the space after it)', () => {
    expect(alignTokens('a b', ['a', '\u0301', 'b'], UNCASED)).toEqual([[0, 1], null, [2, 3]]);
  });

  it('a ▁ token where the text has no space gets no span (not the next space further on)', () => {
    expect(alignTokens('ab c', ['▁a', '▁', 'b', '▁c'], SP)).toEqual([[0, 1], null, [1, 2], [3, 4]]);
  });

  it('a ▁ token after unknown characters at the very end of the text: no span, and no hang', () => {
    expect(alignTokens('a ⟁', ['▁a', '<unk>', '▁'], SP)).toEqual([[0, 1], [2, 3], null]);
  });

  it('a ▁ token after an <unk> with no space left in the text: no span, and the tokens after it are still found', () => {
    expect(alignTokens('a ⟁x', ['▁a', '<unk>', '▁', 'x'], SP)).toEqual([[0, 1], [2, 3], null, [3, 4]]);
  });

  it('a token that is not found leaves the search where it was: the next token is not looked for before it', () => {
    expect(alignTokens('ab ab', ['ab', 'zzz', 'ab'], CASED)).toEqual([[0, 2], null, [3, 5]]);
  });

  it('tokens that are not a list, or text that is not a string: no spans, no exception', () => {
    expect(alignTokens('abc', 'abc' as unknown as string[], CASED)).toEqual([]);
    expect(alignTokens(null as unknown as string, ['a'], CASED)).toEqual([null]);
  });
});

describe('with the tokenizer’s pipeline', () => {
  /** A lowercasing WordLevel tokenizer; the aligner options below do not lowercase, so the two disagree on capitals. */
  const pipeline = (): TokenizerPipeline =>
    pipelineFromTokenizerJson({
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'WhitespaceSplit' },
      model: { type: 'WordLevel', vocab: { hello: 0, world: 1, ab: 2, x: 3, '[UNK]': 4 }, unk_token: '[UNK]' },
    })!;
  const opts = (): AlignOptions => ({ lowercase: false, stripAccents: false, specialTokens: new Set(), scheme: 'bpe', byteLevel: false, pipeline: pipeline() });

  it('the pipeline’s offsets win, also from the first to the last character of the text', () => {
    expect(alignTokens('Hello', ['hello'], opts())).toEqual([[0, 5]]);
    expect(alignTokens('Hello World', ['hello', 'world'], opts())).toEqual([
      [0, 5],
      [6, 11],
    ]);
  });

  it('a token the pipeline cannot place gets the aligner’s span when it lies between its neighbours', () => {
    expect(alignTokens('Hello AB world', ['hello', 'AB', 'world'], opts())).toEqual([
      [0, 5],
      [6, 8],
      [9, 14],
    ]);
  });

  it('also from the start or up to the end of the text', () => {
    expect(alignTokens('AB world', ['AB', 'world'], opts())).toEqual([
      [0, 2],
      [3, 8],
    ]);
    expect(alignTokens('world AB', ['world', 'AB'], opts())).toEqual([
      [0, 5],
      [6, 8],
    ]);
  });

  it('the neighbours are the nearest tokens with a span, past those without', () => {
    expect(alignTokens('Hello AB world', ['hello', 'qq', 'AB', 'world'], opts())).toEqual([[0, 5], null, [6, 8], [9, 14]]);
    expect(alignTokens('Hello AB world', ['hello', 'AB', 'qq', 'world'], opts())).toEqual([[0, 5], [6, 8], null, [9, 14]]);
  });

  it('not when it starts before the previous token or ends after the next one', () => {
    expect(alignTokens('AB World ab', ['world', 'AB'], opts())).toEqual([[3, 8], null]);
    expect(alignTokens('x AB World ab', ['x', 'world', 'AB'], opts())).toEqual([[0, 1], [5, 10], null]);
    expect(alignTokens('world AB x', ['AB', 'world', 'x'], opts())).toEqual([null, [0, 5], [9, 10]]);
  });

  it('a token neither can place keeps no span, and the pipeline’s spans stay', () => {
    expect(alignTokens('Hello', ['hello', 'zzz'], opts())).toEqual([[0, 5], null]);
  });

  it('a pipeline that fails: the aligner places every token', () => {
    expect(alignTokens('ab cd', ['ab', 'cd'], { ...opts(), pipeline: {} as TokenizerPipeline })).toEqual([
      [0, 2],
      [3, 5],
    ]);
  });
});
