// The tokenizer.json pipeline (src/core/tokens/pipeline.ts) step by step, on small hand-written tokenizer.json
// fragments: what pipelineFromTokenizerJson reads of each component (and which it refuses), the normalised text every
// normaliser and pre-tokenizer produces (observed as the page ranges of tokens spelled in that text), added tokens
// split off the raw or the normalised text with lstrip/rstrip, unknown and byte-fallback tokens, suffixes, the
// resynchronisation window, pairs and RoBERTa's trim_offsets. Every expected range is worked out by hand from Hugging
// Face's rules (a replacing character takes the range of the one it replaces, an inserted one that of the character
// it is put before, a replacement that of the match's last character); the vocabulary never matters, since the
// tokens to place are given. A text token that does not fit at the cursor is looked for further on, so characters a
// step wrongly kept would be skipped unseen between tokens: the tests spell the whole normalised text in one token, or
// check the character at the cursor with a byte-fallback token (<0x61>), which is never looked for elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pipelineFromTokenizerJson, pipelineSpans, type TokenizerPipeline } from '../../src/core/tokens/pipeline';

type Json = Record<string, unknown>;
type Spans = Array<[number, number] | null>;

/** A BPE tokenizer.json with the given parts (model fields override the BPE defaults). */
function bpeJson(parts: Json = {}, model: Json = {}): Json {
  return {
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    ...parts,
    model: { type: 'BPE', dropout: null, unk_token: '[UNK]', fuse_unk: false, byte_fallback: false, vocab: {}, merges: [], ...model },
  };
}

/** An added_tokens entry as Hugging Face writes it (special, matched on the raw text unless told otherwise). */
function addedToken(content: string, over: Json = {}): Json {
  return { id: 0, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...over };
}

function pipelineOf(json: unknown): TokenizerPipeline {
  const p = pipelineFromTokenizerJson(json);
  if (!p) throw new Error('pipelineFromTokenizerJson refused the tokenizer.json');
  return p;
}

function place(json: unknown, text: string, tokens: string[], special: string[] = [], pairStart?: number) {
  return pipelineSpans(text, tokens, pipelineOf(json), new Set(special), pairStart);
}

/** Spans when every token is placed. */
function placed(spans: Spans) {
  return { spans, unplaced: [] };
}

const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
/** A pre-tokenizer followed by Metaspace, so that every pre-token shows as a '▁' before its first character. */
const marked = (pre: Json) => ({ type: 'Sequence', pretokenizers: [pre, metaspace] });

afterEach(() => {
  vi.restoreAllMocks();
});

// ----------------------------------------------------------------------------- reading tokenizer.json

describe('pipelineFromTokenizerJson reads what the offsets depend on', () => {
  it('a byte-level BPE: flattened nested Sequences, Precompiled without its charsmap, suffixes, added tokens, RoBERTa post-processor', () => {
    const json = {
      normalizer: {
        type: 'Sequence',
        normalizers: [{ type: 'NFC' }, { type: 'Sequence', normalizers: [{ type: 'Lowercase' }] }, { type: 'Precompiled', precompiled_charsmap: 'AAEC' }],
      },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true }] },
      added_tokens: [
        addedToken('<s>'),
        addedToken('<mask>', { lstrip: true }),
        { id: 5, content: 'foo', single_word: false, lstrip: false, rstrip: false, special: false },
        { id: 6, content: '', special: true },
        { id: 7, content: 5, special: true },
        { id: 8, content: 'bar', special: true, normalized: true, rstrip: true },
        { id: 9, content: '<pad>', special: true },
      ],
      post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
      model: {
        type: 'BPE',
        unk_token: '<unk>',
        end_of_word_suffix: '</w>',
        continuing_subword_suffix: '',
        fuse_unk: true,
        byte_fallback: true,
        vocab: {},
        merges: [],
      },
    };
    expect(pipelineFromTokenizerJson(json)).toEqual({
      normalizer: [{ type: 'NFC' }, { type: 'Lowercase' }, { type: 'Precompiled' }],
      preTokenizer: [{ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true }],
      model: { type: 'BPE', unk: '<unk>', byteFallback: true, suffixes: ['</w>'], fuseUnk: true },
      added: [
        { content: '<s>', lstrip: false, rstrip: false, normalized: false },
        { content: '<mask>', lstrip: true, rstrip: false, normalized: false },
        { content: 'foo', lstrip: false, rstrip: false, normalized: true },
        { content: 'bar', lstrip: false, rstrip: true, normalized: true },
        { content: '<pad>', lstrip: false, rstrip: false, normalized: false },
      ],
      post: { prefix: ['<s>'], trimOffsets: true, addPrefixSpace: false },
    });
  });

  it('a Unigram without a normaliser: its unknown piece by unk_id, added tokens on the raw text, TemplateProcessing’s leading specials', () => {
    const json = {
      normalizer: null,
      pre_tokenizer: metaspace,
      added_tokens: [addedToken('<unk>'), { id: 3, content: 'hi', lstrip: false, rstrip: false, special: false }],
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [],
        special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
      },
      model: {
        type: 'Unigram',
        unk_id: 1,
        vocab: [
          ['<pad>', 0],
          ['<unk>', 0],
          ['▁a', -1],
        ],
        byte_fallback: false,
      },
    };
    expect(pipelineFromTokenizerJson(json)).toEqual({
      normalizer: [],
      preTokenizer: [metaspace],
      model: { type: 'Unigram', unk: '<unk>', byteFallback: false, suffixes: [], fuseUnk: true },
      added: [
        { content: '<unk>', lstrip: false, rstrip: false, normalized: false },
        { content: 'hi', lstrip: false, rstrip: false, normalized: false },
      ],
      post: { prefix: ['[CLS]'], trimOffsets: false, addPrefixSpace: false },
    });
    // no normalizer key at all reads the same as null
    expect(pipelineOf({ ...json, normalizer: undefined }).added[1]).toEqual({ content: 'hi', lstrip: false, rstrip: false, normalized: false });
  });

  it('the model: WordLevel, a Unigram without a type, the unknown token when there is none, both suffixes', () => {
    const model = (m: Json) => pipelineOf({ model: m }).model;
    expect(model({ type: 'WordLevel', vocab: {}, unk_token: '[UNK]' })).toEqual({
      type: 'WordLevel',
      unk: '[UNK]',
      byteFallback: false,
      suffixes: [],
      fuseUnk: false,
    });
    expect(model({ vocab: [['a', 0]] })).toEqual({ type: 'Unigram', unk: null, byteFallback: false, suffixes: [], fuseUnk: true });
    expect(model({ type: 'BPE', vocab: {}, merges: [], unk_token: null })).toEqual({
      type: 'BPE',
      unk: null,
      byteFallback: false,
      suffixes: [],
      fuseUnk: false,
    });
    expect(model({ type: 'BPE', vocab: {}, merges: [], end_of_word_suffix: '</w>', continuing_subword_suffix: '@@' }).suffixes).toEqual(['</w>', '@@']);
    expect(model({ type: 'BPE', vocab: {}, merges: [], end_of_word_suffix: null, continuing_subword_suffix: '@@' }).suffixes).toEqual(['@@']);
    expect(model({ type: 'BPE', vocab: {}, merges: [] }).unk).toBeNull();
    expect(model({ type: 'BPE', vocab: {}, merges: [], unk_token: 5 }).unk).toBeNull();
    // unk_id out of range, not a number, or an entry that is not [piece, score]
    expect(model({ type: 'Unigram', unk_id: 5, vocab: [['a', 0]] }).unk).toBeNull();
    expect(model({ type: 'Unigram', unk_id: '0', vocab: [['a', 0]] }).unk).toBeNull();
    expect(model({ type: 'Unigram', unk_id: 0, vocab: ['a'] }).unk).toBeNull();
    expect(model({ type: 'Unigram', unk_id: 0, vocab: [[3, 0]] }).unk).toBeNull();
    expect(model({ type: 'Unigram', unk_id: 0, vocab: { a: 0 } }).unk).toBeNull();
  });

  it('refuses WordPiece, a model without a type or vocabulary list, and any normaliser or pre-tokenizer it does not know', () => {
    expect(pipelineFromTokenizerJson(bpeJson({}, { type: 'WordPiece', unk_token: '[UNK]', vocab: {} }))).toBeNull();
    expect(pipelineFromTokenizerJson({ model: { vocab: { a: 0 } } })).toBeNull();
    expect(pipelineFromTokenizerJson({ model: { type: 'Mystery', vocab: [['a', 0]] } })).toBeNull();
    expect(pipelineFromTokenizerJson({})).toBeNull();
    expect(pipelineFromTokenizerJson(null)).toBeNull();
    expect(pipelineFromTokenizerJson(bpeJson({ normalizer: { type: 'BertNormalizer', lowercase: true } }))).toBeNull();
    expect(pipelineFromTokenizerJson(bpeJson({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Nmt' }] } }))).toBeNull();
    expect(pipelineFromTokenizerJson(bpeJson({ pre_tokenizer: { type: 'UnicodeScripts' } }))).toBeNull();
    expect(
      pipelineFromTokenizerJson(bpeJson({ pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'CharDelimiterSplit', delimiter: ' ' }] } })),
    ).toBeNull();
    // a Sequence without its list, or a component without a type, is no step at all
    expect(pipelineOf(bpeJson({ normalizer: { type: 'Sequence' }, pre_tokenizer: { type: 'Sequence', pretokenizers: 'x' } }))).toMatchObject({
      normalizer: [],
      preTokenizer: [],
    });
    expect(pipelineOf(bpeJson({ normalizer: { type: 3 }, pre_tokenizer: [{ type: 'Whitespace' }] }))).toMatchObject({ normalizer: [], preTokenizer: [] });
  });

  it('every supported step is accepted', () => {
    const normalizers = ['NFC', 'NFD', 'NFKC', 'NFKD', 'Lowercase', 'StripAccents', 'Replace', 'Strip', 'Prepend', 'Precompiled'];
    const pres = ['ByteLevel', 'Metaspace', 'WhitespaceSplit', 'Whitespace', 'BertPreTokenizer', 'Punctuation', 'Digits', 'Split', 'Replace', 'FixedLength'];
    for (const type of normalizers) expect(pipelineFromTokenizerJson(bpeJson({ normalizer: { type } })), type).not.toBeNull();
    for (const type of pres) expect(pipelineFromTokenizerJson(bpeJson({ pre_tokenizer: { type } })), type).not.toBeNull();
  });

  it('the post-processor: tokens before the text and byte-level trim_offsets / add_prefix_space', () => {
    const post = (pp: unknown) => pipelineOf(bpeJson({ post_processor: pp })).post;
    expect(post(null)).toEqual({ prefix: [], trimOffsets: false, addPrefixSpace: false });
    expect(post({ type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0] })).toEqual({ prefix: ['<s>'], trimOffsets: true, addPrefixSpace: true });
    expect(post({ type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: false, add_prefix_space: true })).toEqual({
      prefix: ['<s>'],
      trimOffsets: false,
      addPrefixSpace: false,
    });
    expect(post({ type: 'RobertaProcessing', cls: '<s>' }).prefix).toEqual([]);
    expect(post({ type: 'RobertaProcessing', cls: [0, '<s>'] }).prefix).toEqual([]);
    expect(post({ type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101], trim_offsets: true })).toEqual({
      prefix: ['[CLS]'],
      trimOffsets: false,
      addPrefixSpace: false,
    });
    expect(post({ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true })).toEqual({ prefix: [], trimOffsets: true, addPrefixSpace: false });
    expect(post({ type: 'ByteLevel', add_prefix_space: true, trim_offsets: false })).toEqual({ prefix: [], trimOffsets: false, addPrefixSpace: false });
    expect(
      post({
        type: 'Sequence',
        processors: [
          { type: 'ByteLevel', trim_offsets: true },
          { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] },
        ],
      }),
    ).toEqual({ prefix: ['[CLS]'], trimOffsets: true, addPrefixSpace: true });
    expect(post({ type: 'Sequence' })).toEqual({ prefix: [], trimOffsets: false, addPrefixSpace: false });
    expect(post({ type: 'TemplateProcessing' }).prefix).toEqual([]);
    expect(post({ type: 'Mystery', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }], cls: ['<s>', 0], trim_offsets: true })).toEqual({
      prefix: [],
      trimOffsets: false,
      addPrefixSpace: false,
    });
    // leading specials up to the sequence; one without a tokens list stands for itself
    expect(
      post({
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { SpecialToken: { id: '<lang>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
        special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>', 7] } },
      }).prefix,
    ).toEqual(['<s>', '<lang>']);
  });
});

// ----------------------------------------------------------------------------- normalisers

describe('normalisers: the text each produces, and the original range of every character', () => {
  it('NFC composes (the composed letter covers its mark), NFD decomposes, NFKC and NFKD fold compatibility characters', () => {
    expect(place(bpeJson({ normalizer: { type: 'NFC' } }), 'cafe\u0301!', ['café', '!'])).toEqual(
      placed([
        [0, 5],
        [5, 6],
      ]),
    );
    expect(place(bpeJson({ normalizer: { type: 'NFD' } }), 'é', ['e', '\u0301'])).toEqual(
      placed([
        [0, 1],
        [0, 1],
      ]),
    );
    expect(place(bpeJson({ normalizer: { type: 'NFKC' } }), 'ﬁ²', ['f', 'i', '2'])).toEqual(
      placed([
        [0, 1],
        [0, 1],
        [1, 2],
      ]),
    );
    expect(place(bpeJson({ normalizer: { type: 'NFKD' } }), 'ǅ', ['D', 'z', '\u030c'])).toEqual(
      placed([
        [0, 1],
        [0, 1],
        [0, 1],
      ]),
    );
  });

  it('Lowercase: ASCII capitals only among ASCII, each other character on its own (İ → i + U+0307, Σ → σ)', () => {
    const json = bpeJson({ normalizer: { type: 'Lowercase' } });
    expect(place(json, '@AZ[À', ['@az[', 'à'])).toEqual(
      placed([
        [0, 4],
        [4, 5],
      ]),
    );
    expect(place(json, 'İΟΣ', ['i', '\u0307', 'οσ'])).toEqual(
      placed([
        [0, 1],
        [0, 1],
        [1, 3],
      ]),
    );
  });

  it('StripAccents removes combining marks from U+0300 on, and nothing else', () => {
    expect(place(bpeJson({ normalizer: { type: 'StripAccents' } }), 'e\u0300\u0301αé', ['eαé'])).toEqual(placed([[0, 5]]));
  });

  it('Replace: a string or regex match becomes the content, which takes the range of the match’s last character', () => {
    expect(place(bpeJson({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } }), 'a b', ['a', '▁', 'b'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
    );
    expect(place(bpeJson({ normalizer: { type: 'Replace', pattern: { Regex: ' {2,}' }, content: '_' } }), 'a  b', ['a', '_', 'b'])).toEqual(
      placed([
        [0, 1],
        [2, 3],
        [3, 4],
      ]),
    );
    // no content: the match is removed
    expect(place(bpeJson({ normalizer: { type: 'Replace', pattern: { String: '-' } } }), 'a-b', ['ab'])).toEqual(placed([[0, 3]]));
  });

  it('Replace with a pattern of unknown kind leaves the text as it is', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(place(bpeJson({ normalizer: { type: 'Replace', pattern: {}, content: 'x' } }), 'a-b', ['a-b'])).toEqual(placed([[0, 3]]));
  });

  it('Strip: JavaScript whitespace (tab to CR, NBSP) off the side(s) asked for, each text of a pair on its own', () => {
    // ' \t\u00a0a b\r\n' and ' c ', read as a pair: one token over both shows all that is left of them
    const text = ' \t\u00a0a b\r\n c ';
    const strip = (left: boolean, right: boolean) => bpeJson({ normalizer: { type: 'Strip', strip_left: left, strip_right: right } });
    expect(place(strip(true, true), text, ['a bc'], [], 8)).toEqual(placed([[3, 10]]));
    expect(place(strip(true, false), text, ['a b\r\nc '], [], 8)).toEqual(placed([[3, 11]]));
    expect(place(strip(false, true), text, [' \t\u00a0a b c'], [], 8)).toEqual(placed([[0, 10]]));
    expect(place(strip(false, false), text, [text], [], 8)).toEqual(placed([[0, 11]]));
    // U+0008, U+000E and NEL (U+0085) are not JavaScript whitespace
    expect(place(strip(true, true), '\u0008a\u000e', ['\u0008a\u000e'])).toEqual(placed([[0, 3]]));
    expect(place(strip(true, true), '\u0085a\u0085', ['\u0085a\u0085'])).toEqual(placed([[0, 3]]));
  });

  it('Prepend puts its text before the first character, with that character’s range; none given, nothing', () => {
    expect(place(bpeJson({ normalizer: { type: 'Prepend', prepend: '▁' } }), 'ab', ['▁', 'ab'])).toEqual(
      placed([
        [0, 1],
        [0, 2],
      ]),
    );
    // a pair: each text gets its own
    expect(place(bpeJson({ normalizer: { type: 'Prepend', prepend: '▁' } }), 'abcd', ['▁ab▁cd'], [], 2)).toEqual(placed([[0, 4]]));
    expect(place(bpeJson({ normalizer: { type: 'Prepend' } }), 'abcd', ['abcd'], [], 2)).toEqual(placed([[0, 4]]));
  });

  it('a step after the text became empty does nothing (Strip, then Prepend: no lone ▁)', () => {
    const json = bpeJson({
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'Strip', strip_left: true, strip_right: true },
          { type: 'Prepend', prepend: '▁' },
        ],
      },
    });
    expect(place(json, '   ', ['▁'])).toEqual({ spans: [null], unplaced: [0] });
    expect(place(json, ' x ', ['▁x'])).toEqual(placed([[1, 2]]));
  });

  it('Precompiled as transformers.js runs it: controls removed, odd spaces → space, NFKC except the fullwidth tilde', () => {
    const json = bpeJson({ normalizer: { type: 'Precompiled', precompiled_charsmap: 'AAEC' } });
    expect(place(json, 'a\u0001b\u00a0c\u2581ｄ～', ['ab', ' ', 'c', ' ', 'd', '～'])).toEqual(
      placed([
        [0, 3],
        [3, 4],
        [4, 5],
        [5, 6],
        [6, 7],
        [7, 8],
      ]),
    );
    expect(place(json, 'x\u007f\u009f\u000by\t\ufeffz', ['xy', ' ', ' ', 'z'])).toEqual(
      placed([
        [0, 5],
        [5, 6],
        [6, 7],
        [7, 8],
      ]),
    );
  });

  it('Precompiled: every control character it removes, every odd space it makes a space', () => {
    const json = bpeJson({ normalizer: { type: 'Precompiled', precompiled_charsmap: 'AAEC' } });
    const removed = '\u0001\u0008\u000b\u000e\u001f\u007f\u008f\u009f';
    expect(place(json, `x${removed}y`, ['xy'])).toEqual(placed([[0, 10]]));
    // (U+00A0, U+2000 to U+200A, U+202F, U+205F and U+3000 would be a space after NFKC anyway)
    const spaces = '\t\n\u000c\r\u1680\u200b\u200f\u2028\u2029\u2581\ufeff\ufffd';
    expect(place(json, `x${spaces}y`, ['x', ' '.repeat(12), 'y'])).toEqual(
      placed([
        [0, 1],
        [1, 13],
        [13, 14],
      ]),
    );
  });

  it('a pipeline built by hand with steps it does not know leaves the text as it is', () => {
    const p: TokenizerPipeline = {
      normalizer: [{ type: 'Mystery' }],
      preTokenizer: [{ type: 'Mystery' }],
      model: { type: 'BPE', unk: null, byteFallback: false, suffixes: [], fuseUnk: false },
      added: [],
      post: { prefix: [], trimOffsets: false, addPrefixSpace: false },
    };
    expect(pipelineSpans('a b', ['a b'], p, new Set())).toEqual(placed([[0, 3]]));
  });
});

// ----------------------------------------------------------------------------- pre-tokenizers

describe('pre-tokenizers: the pieces and the characters they write', () => {
  it('ByteLevel: GPT-2’s character for every UTF-8 byte, 1 to 4 bytes a character', () => {
    const json = bpeJson({ pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true } });
    const text = '!~\u007f\u0080\u00a0\u00a1\u00ac\u00ad\u00ae\u07ff\u0800\uffff😀\u{10000}\u0000 \n';
    const tokens = ['!', '~', 'ġ', 'ÂĢ', 'Âł', 'Â¡', 'Â¬', 'ÂŃ', 'Â®', 'ß¿', 'àłĢ', 'ï¿¿', 'ðŁĺĢ', 'ðĲĢĢ', 'Ā', 'Ġ', 'Ċ'];
    const want: Spans = [];
    for (let i = 0; i < 12; i++) want.push([i, i + 1]);
    want.push([12, 14], [14, 16], [16, 17], [17, 18], [18, 19]);
    expect(place(json, text, tokens)).toEqual(placed(want));
  });

  it('ByteLevel: a lone surrogate is U+FFFD’s bytes', () => {
    const json = bpeJson({ pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false } });
    expect(place(json, 'a\ud800b\udfff', ['a', 'ï¿½', 'b', 'ï¿½'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
      ]),
    );
  });

  it('ByteLevel add_prefix_space: a space before the text (with its first character’s range), unless it starts with one', () => {
    const json = bpeJson({ pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true } });
    expect(place(json, 'hi', ['Ġ', 'hi'])).toEqual(
      placed([
        [0, 1],
        [0, 2],
      ]),
    );
    // ' hi' is 'Ġhi': a second 'Ġ' finds no place
    expect(place(json, ' hi', ['Ġ', 'Ġhi'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    expect(place(bpeJson({ pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false } }), 'hi', ['Ġhi'])).toEqual({ spans: [null], unplaced: [0] });
  });

  it('Metaspace: spaces → ▁ and a ▁ before the text (defaults: ▁, always)', () => {
    expect(place(bpeJson({ pre_tokenizer: { type: 'Metaspace' } }), 'a b', ['▁a', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: { type: 'Metaspace', replacement: '_', prepend_scheme: 'always' } }), 'a b', ['_a', '_b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: { type: 'Metaspace', replacement: '▁', str_rep: '▁', add_prefix_space: true } }), 'a b', ['▁a', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: { ...metaspace, prepend_scheme: 'never' } }, { byte_fallback: true }), 'a b', ['<0x61>', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
      ]),
    );
    // ' a' is '▁a': no second ▁
    expect(place(bpeJson({ pre_tokenizer: metaspace }), ' a', ['▁', '▁a'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
  });

  it('Metaspace prepend_scheme first: only the text before the first added token gets the ▁', () => {
    const json = (scheme: string) =>
      bpeJson({ added_tokens: [addedToken('<s>')], pre_tokenizer: { ...metaspace, prepend_scheme: scheme } }, { byte_fallback: true });
    expect(place(json('first'), 'a<s>b', ['▁a', '<s>', '<0x62>'], ['<s>'])).toEqual(
      placed([
        [0, 1],
        [1, 4],
        [4, 5],
      ]),
    );
    expect(place(json('always'), 'a<s>b', ['▁a', '<s>', '▁b'], ['<s>'])).toEqual(
      placed([
        [0, 1],
        [1, 4],
        [4, 5],
      ]),
    );
    expect(place(json('first'), '<s>b', ['<s>', '<0x62>'], ['<s>'])).toEqual(
      placed([
        [0, 3],
        [3, 4],
      ]),
    );
  });

  it('WhitespaceSplit: runs of non-whitespace', () => {
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'WhitespaceSplit' }) }), 'ab  c\tde ', ['▁ab', '▁c', '▁de'])).toEqual(
      placed([
        [0, 2],
        [4, 5],
        [6, 8],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'WhitespaceSplit' }) }), 'ab  c\tde ', ['▁ab▁c▁de'])).toEqual(placed([[0, 8]]));
    // punctuation stays with its word
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'WhitespaceSplit' }) }), 'ab,c  d', ['▁ab,c▁d'])).toEqual(placed([[0, 7]]));
  });

  it('Whitespace: runs of word characters, and runs of other non-space characters', () => {
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'Whitespace' }) }), 'ab, c!? d_1', ['▁ab', '▁,', '▁c', '▁!?', '▁d_1'])).toEqual(
      placed([
        [0, 2],
        [2, 3],
        [4, 5],
        [5, 7],
        [8, 11],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'Whitespace' }) }), 'ab, c!? d_1', ['▁ab▁,▁c▁!?▁d_1'])).toEqual(placed([[0, 11]]));
  });

  it('BertPreTokenizer: every punctuation character (Unicode P, and the ASCII symbols) on its own, whitespace dropped', () => {
    const text = ' a.,b$=^`|~«c€ ';
    const tokens = ['▁a', '▁.', '▁,', '▁b', '▁$', '▁=', '▁^', '▁`', '▁|', '▁~', '▁«', '▁c€'];
    const want: Spans = [];
    for (let i = 1; i < 12; i++) want.push([i, i + 1]);
    want.push([12, 14]);
    const json = bpeJson({ pre_tokenizer: marked({ type: 'BertPreTokenizer' }) });
    expect(place(json, text, tokens)).toEqual(placed(want));
    expect(place(json, text, [tokens.join('')])).toEqual(placed([[1, 14]]));
  });

  it('Punctuation: runs of punctuation apart from the rest', () => {
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'Punctuation', behavior: 'Isolated' }) }), 'a.,b', ['▁a', '▁.,', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
        [3, 4],
      ]),
    );
  });

  it('Digits: each digit alone with individual_digits, else runs of digits', () => {
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'Digits', individual_digits: true }) }), 'a12b', ['▁a', '▁1', '▁2', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: marked({ type: 'Digits', individual_digits: false }) }), 'a12b', ['▁a', '▁12', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
        [3, 4],
      ]),
    );
  });

  it('Split: Removed drops the matches, other behaviours keep them as pieces, invert keeps only the matches', () => {
    const split = (o: Json) => bpeJson({ pre_tokenizer: marked({ type: 'Split', invert: false, ...o }) });
    expect(place(split({ pattern: { String: '-' }, behavior: 'Removed' }), 'a-b', ['▁a▁b'])).toEqual(placed([[0, 3]]));
    expect(place(split({ pattern: { String: '-' } }), 'a-b', ['▁a▁-▁b'])).toEqual(placed([[0, 3]]));
    expect(place(split({ pattern: { String: '-' }, behavior: 'Isolated' }), 'a-b', ['▁a', '▁-', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
    );
    expect(place(split({ pattern: { Regex: '\\w+' }, behavior: 'Isolated', invert: true }), 'ab-c', ['▁ab▁c'])).toEqual(placed([[0, 4]]));
  });

  it('Split with a pattern of unknown kind keeps no text', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(place(bpeJson({ pre_tokenizer: { type: 'Split', pattern: {}, behavior: 'Isolated', invert: false } }), 'a', ['a'])).toEqual({
      spans: [null],
      unplaced: [0],
    });
  });

  it('Replace (pre-tokenizer): like the normaliser, after the split', () => {
    expect(place(bpeJson({ pre_tokenizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } }), 'a b', ['a', '▁b'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
      ]),
    );
    expect(place(bpeJson({ pre_tokenizer: { type: 'Replace', pattern: { String: ' ' } } }), 'a b', ['ab'])).toEqual(placed([[0, 3]]));
  });

  it('Replace (pre-tokenizer) with a pattern of unknown kind leaves the text as it is', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(place(bpeJson({ pre_tokenizer: { type: 'Replace', pattern: {}, content: '▁' } }), 'a b', ['a b'])).toEqual(placed([[0, 3]]));
  });

  it('FixedLength: pieces of `length` characters (5 when not given or not positive)', () => {
    const fixed = (o: Json) => bpeJson({ pre_tokenizer: marked({ type: 'FixedLength', ...o }) });
    expect(place(fixed({ length: 3 }), 'abcdefg', ['▁abc', '▁def', '▁g'])).toEqual(
      placed([
        [0, 3],
        [3, 6],
        [6, 7],
      ]),
    );
    expect(place(fixed({ length: 3 }), 'abcdefg', ['▁abc▁def▁g'])).toEqual(placed([[0, 7]]));
    expect(place(fixed({ length: '3' }), 'abcdefg', ['▁abcde▁fg'])).toEqual(placed([[0, 7]]));
    expect(place(fixed({}), 'abcdefg', ['▁abcde', '▁fg'])).toEqual(
      placed([
        [0, 5],
        [5, 7],
      ]),
    );
    expect(place(fixed({ length: 0 }), 'abcdefg', ['▁abcde', '▁fg'])).toEqual(
      placed([
        [0, 5],
        [5, 7],
      ]),
    );
  });
});

// ----------------------------------------------------------------------------- added tokens

describe('added tokens typed in the text', () => {
  it('split off the raw text, the longest one starting at each place', () => {
    expect(place(bpeJson({ added_tokens: [addedToken('<mask>')] }), 'a<mask>b', ['a', '<mask>', 'b'], ['<mask>'])).toEqual(
      placed([
        [0, 1],
        [1, 7],
        [7, 8],
      ]),
    );
    const json = bpeJson({ added_tokens: [addedToken('ab', { special: false }), addedToken('abcd', { special: false })] });
    expect(place(json, 'abcdx abc', ['abcd', 'x ', 'ab', 'c'])).toEqual(
      placed([
        [0, 4],
        [4, 6],
        [6, 8],
        [8, 9],
      ]),
    );
  });

  it('lstrip: the whitespace before it (JavaScript’s and Rust’s alike) leaves the text and joins the token', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>', { lstrip: true })] });
    expect(place(json, 'a\t\r\u2000\u200a\u00a0<mask>b', ['a', '<mask>', 'b'], ['<mask>'])).toEqual(
      placed([
        [0, 1],
        [1, 12],
        [12, 13],
      ]),
    );
    expect(place(json, ' <mask>', ['<mask>'], ['<mask>'])).toEqual(placed([[0, 7]]));
    // U+FEFF is JavaScript whitespace only (the text loses it, the token does not take it); NEL is Rust's only (kept)
    expect(place(json, 'a\ufeff<mask>', ['a', '<mask>'], ['<mask>'])).toEqual(
      placed([
        [0, 1],
        [2, 8],
      ]),
    );
    expect(place(json, 'a\u0085<mask>', ['a\u0085', '<mask>'], ['<mask>'])).toEqual(
      placed([
        [0, 2],
        [2, 8],
      ]),
    );
  });

  it('rstrip: the whitespace after it leaves the text and joins the token', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>', { rstrip: true })] });
    expect(place(json, 'a<mask>\t\r\u2000\u200a\u00a0b', ['a', '<mask>', 'b'], ['<mask>'])).toEqual(
      placed([
        [0, 1],
        [1, 12],
        [12, 13],
      ]),
    );
    expect(place(json, '<mask>\ufeffb', ['<mask>', 'b'], ['<mask>'])).toEqual(
      placed([
        [0, 6],
        [7, 8],
      ]),
    );
    expect(place(json, '<mask>\u0085b', ['<mask>', '\u0085b'], ['<mask>'])).toEqual(
      placed([
        [0, 6],
        [6, 8],
      ]),
    );
    // without lstrip/rstrip the spaces stay text
    expect(place(bpeJson({ added_tokens: [addedToken('<mask>')] }), 'a <mask> b', ['a ', '<mask>', ' b'], ['<mask>'])).toEqual(
      placed([
        [0, 2],
        [2, 8],
        [8, 10],
      ]),
    );
  });

  it('normalized added tokens are found in the normalised text and given back as their own content', () => {
    const json = bpeJson({ normalizer: { type: 'Lowercase' }, added_tokens: [{ id: 9, content: 'FOO', lstrip: false, rstrip: false, special: false }] });
    expect(place(json, 'a Foo b', ['a ', 'FOO', ' b'])).toEqual(
      placed([
        [0, 2],
        [2, 5],
        [5, 7],
      ]),
    );
    expect(place(json, '😀 FOO', ['😀 ', 'FOO'])).toEqual(
      placed([
        [0, 3],
        [3, 6],
      ]),
    );
    // the same token matched on the raw text: 'Foo' is not 'FOO'
    const raw = bpeJson({ normalizer: { type: 'Lowercase' }, added_tokens: [addedToken('FOO', { special: false, normalized: false })] });
    expect(place(raw, 'a Foo b', ['a ', 'FOO', ' b'])).toEqual({
      spans: [[0, 2], null, [5, 7]],
      unplaced: [1],
    });
  });

  it('a typed token found further on, after text the tokens skipped; a post-processor token between is not it', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>'), addedToken('</s>')] });
    expect(place(json, 'ab<mask>', ['a', '<mask>'], ['<mask>', '</s>'])).toEqual(
      placed([
        [0, 1],
        [2, 8],
      ]),
    );
    expect(place(json, 'ab</s>', ['a', '</s>', '</s>', 'b', '</s>'], ['<mask>', '</s>'])).toEqual(placed([[0, 1], null, null, [1, 2], [2, 6]]));
    expect(place(json, 'ab<mask>', ['a', '<mask>', ''], ['<mask>', '</s>'])).toEqual(placed([[0, 1], [2, 8], null]));
    // a non-special added token that is not in the text is unplaced
    const foo = bpeJson({ added_tokens: [addedToken('foo', { special: false })] });
    expect(place(foo, 'bar', ['foo'])).toEqual({ spans: [null], unplaced: [0] });
  });

  it('the post-processor’s leading token gets no range, the same token typed in the text does', () => {
    const json = bpeJson({
      added_tokens: [addedToken('[CLS]'), addedToken('[SEP]')],
      post_processor: { type: 'BertProcessing', sep: ['[SEP]', 2], cls: ['[CLS]', 1] },
    });
    expect(place(json, '[CLS]a', ['[CLS]', '[CLS]', 'a', '[SEP]'], ['[CLS]', '[SEP]'])).toEqual(placed([null, [0, 5], [5, 6], null]));
  });

  it('a text token never runs across a typed added token', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>')] });
    expect(place(json, 'ab<mask>b', ['a', 'bb'], ['<mask>'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    expect(place(json, 'ab<mask>b', ['a', 'b', '<mask>', 'b'], ['<mask>'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [2, 8],
        [8, 9],
      ]),
    );
  });
});

describe('added tokens: more cases', () => {
  it('an rstrip token and an lstrip one with spaces between: the first takes them, the second finds none left', () => {
    const json = bpeJson({ added_tokens: [addedToken('<s>', { rstrip: true }), addedToken('<mask>', { lstrip: true })] });
    expect(place(json, '<s>  <mask>', ['<s>', '<mask>'], ['<s>', '<mask>'])).toEqual(
      placed([
        [0, 5],
        [5, 11],
      ]),
    );
  });

  it('a pair: rstrip takes whitespace up to the end of its own text only; added tokens are found in each text', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>', { rstrip: true })] });
    expect(place(json, 'x<mask>  y', ['x', '<mask>', ' y'], ['<mask>'], 8)).toEqual(
      placed([
        [0, 1],
        [1, 8],
        [8, 10],
      ]),
    );
    expect(place(bpeJson({ added_tokens: [addedToken('<mask>')] }), 'x<mask>yz', ['x', '<mask>', 'yz'], ['<mask>'], 7)).toEqual(
      placed([
        [0, 1],
        [1, 7],
        [7, 9],
      ]),
    );
  });

  it('special tokens the tokenizer.json does not list as added get no range and are not unplaced', () => {
    expect(place(bpeJson(), 'a', ['<s>', 'a', '</s>'], ['<s>', '</s>'])).toEqual(placed([null, [0, 1], null]));
  });

  it('a token list without the post-processor’s leading token (no special tokens added): the first token is text', () => {
    const json = bpeJson({ post_processor: { type: 'BertProcessing', sep: ['[SEP]', 2], cls: ['[CLS]', 1] } });
    expect(place(json, 'ab', ['a', 'b'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
      ]),
    );
  });

  it('a post-processor token is not taken for a different typed token further on', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>'), addedToken('</s>')] });
    expect(place(json, 'ab<mask>', ['a', '</s>'], ['<mask>', '</s>'])).toEqual(placed([[0, 1], null]));
  });

  it('a typed token is not placed in the middle of a character given as bytes', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>')] }, { byte_fallback: true });
    expect(place(json, '<mask>☃', ['<0xE2>', '<mask>'], ['<mask>'])).toEqual(placed([[6, 7], null]));
  });

  it('a typed token the text’s tokens already went past (read as bytes) is not put back over them', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>')] }, { byte_fallback: true });
    expect(place(json, 'a<mask>b', ['a', '<0x62>', '<mask>'], ['<mask>'])).toEqual(placed([[0, 1], [7, 8], null]));
  });
});

// ----------------------------------------------------------------------------- unknown, byte-fallback and suffixed tokens

describe('unknown tokens', () => {
  it('BPE without fuse_unk: one unknown token a character', () => {
    const json = bpeJson({ pre_tokenizer: { type: 'WhitespaceSplit' } });
    expect(place(json, 'x ☃☃ y', ['x', '[UNK]', '[UNK]', 'y'])).toEqual(
      placed([
        [0, 1],
        [2, 3],
        [3, 4],
        [5, 6],
      ]),
    );
  });

  it('fuse_unk: one unknown token for the run, up to its pre-token’s end or where the next token fits', () => {
    const json = bpeJson({ pre_tokenizer: { type: 'WhitespaceSplit' } }, { fuse_unk: true });
    expect(place(json, 'x ☃☃ y', ['x', '[UNK]', 'y'])).toEqual(
      placed([
        [0, 1],
        [2, 4],
        [5, 6],
      ]),
    );
    expect(place(bpeJson({}, { fuse_unk: true }), '☃☃ab', ['[UNK]', 'ab'])).toEqual(
      placed([
        [0, 2],
        [2, 4],
      ]),
    );
  });

  it('an unknown token before a typed added token is placed before it; without fuse_unk, one followed by text covers up to that text', () => {
    const json = bpeJson({ added_tokens: [addedToken('<mask>')] }, { fuse_unk: true });
    expect(place(json, '☃<mask>', ['[UNK]', '<mask>'], ['<mask>'])).toEqual(
      placed([
        [0, 1],
        [1, 7],
      ]),
    );
    expect(place(bpeJson(), '☃☃b', ['[UNK]', 'b'])).toEqual(
      placed([
        [0, 2],
        [2, 3],
      ]),
    );
  });

  it('WordLevel: the unknown token is its whole pre-token', () => {
    const json = { pre_tokenizer: { type: 'WhitespaceSplit' }, model: { type: 'WordLevel', vocab: {}, unk_token: '[UNK]' } };
    expect(place(json, 'xb b', ['[UNK]', 'b'])).toEqual(
      placed([
        [0, 2],
        [3, 4],
      ]),
    );
  });

  it('an unknown token that is also an added special token is still the text’s', () => {
    const json = bpeJson({ added_tokens: [addedToken('[UNK]')] });
    expect(place(json, 'x☃', ['x', '[UNK]'], ['[UNK]'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
      ]),
    );
    expect(place(json, '[UNK]', ['[UNK]'], ['[UNK]'])).toEqual(placed([[0, 5]]));
  });

  it('is left unplaced past the text, at a typed added token, or in the middle of a byte-fallback character', () => {
    expect(place(bpeJson(), 'a', ['a', '[UNK]'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    expect(place(bpeJson({ added_tokens: [addedToken('<mask>')] }), 'a<mask>b', ['a', '[UNK]', '<mask>', 'b'], ['<mask>'])).toEqual({
      spans: [[0, 1], null, [1, 7], [7, 8]],
      unplaced: [1],
    });
    expect(place(bpeJson({}, { byte_fallback: true }), '☃', ['<0xE2>', '[UNK]'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
  });
});

describe('byte-fallback tokens', () => {
  it('each byte of the character’s UTF-8 gets the character’s range', () => {
    const json = bpeJson({}, { byte_fallback: true });
    expect(place(json, 'a☃b', ['a', '<0xE2>', '<0x98>', '<0x83>', '<0x62>'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [1, 2],
        [1, 2],
        [2, 3],
      ]),
    );
    expect(place(json, '☃', ['<0xe2>', '<0x98>', '<0x83>'])).toEqual(
      placed([
        [0, 1],
        [0, 1],
        [0, 1],
      ]),
    );
  });

  it('a wrong byte, or one past the text, is unplaced; a character half given as bytes is not given again whole', () => {
    const json = bpeJson({}, { byte_fallback: true });
    expect(place(json, '☃', ['<0xE3>'])).toEqual({ spans: [null], unplaced: [0] });
    expect(place(json, 'a', ['a', '<0x41>'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    expect(place(json, 'a', ['a', '<0xF0>'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    expect(place(json, '☃', ['<0xE2>', '☃'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    // after a text token the next byte is a new character's first
    expect(place(json, '☃bc', ['<0xE2>', 'b', '<0x63>'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
    );
  });

  it('any two hex digits, either case (А is D0 90, ¯ is C2 AF)', () => {
    const json = bpeJson({}, { byte_fallback: true });
    expect(place(json, 'А¯¯', ['<0xD0>', '<0x90>', '<0xC2>', '<0xAF>', '<0xc2>', '<0xaf>'])).toEqual(
      placed([
        [0, 1],
        [0, 1],
        [1, 2],
        [1, 2],
        [2, 3],
        [2, 3],
      ]),
    );
  });

  it('without byte_fallback, <0x41> is an ordinary token; with it, only a whole <0xHH> token is a byte', () => {
    expect(place(bpeJson(), '<0x41>', ['<0x41>'])).toEqual(placed([[0, 6]]));
    const json = bpeJson({}, { byte_fallback: true });
    expect(place(json, 'a<0x41>', ['a<0x41>'])).toEqual(placed([[0, 7]]));
    expect(place(json, '<0x41>b', ['<0x41>b'])).toEqual(placed([[0, 7]]));
    expect(place(json, '<0x411>', ['<0x411>'])).toEqual(placed([[0, 7]]));
  });
});

describe('tokens of the text', () => {
  it('BPE suffixes are written in tokens, not in the text (a token that is only the suffix is itself)', () => {
    const json = bpeJson({ pre_tokenizer: { type: 'WhitespaceSplit' } }, { end_of_word_suffix: '</w>' });
    expect(place(json, 'ab c', ['a', 'b</w>', 'c</w>'])).toEqual(
      placed([
        [0, 1],
        [1, 2],
        [3, 4],
      ]),
    );
    expect(place(json, '</w>', ['</w>'])).toEqual(placed([[0, 4]]));
    const both = bpeJson({}, { end_of_word_suffix: '</w>', continuing_subword_suffix: '@@' });
    expect(place(both, 'abc', ['a@@', 'bc</w>'])).toEqual(
      placed([
        [0, 1],
        [1, 3],
      ]),
    );
  });

  it('a token that does not fit at the cursor is looked for ahead, never behind, up to 256 characters on', () => {
    expect(place(bpeJson(), 'ab a', ['a', 'a'])).toEqual(
      placed([
        [0, 1],
        [3, 4],
      ]),
    );
    const near = 'x' + '.'.repeat(256) + 'z';
    expect(place(bpeJson(), near, ['x', 'z'])).toEqual(
      placed([
        [0, 1],
        [257, 258],
      ]),
    );
    const far = 'x' + '.'.repeat(257) + 'z';
    expect(place(bpeJson(), far, ['x', 'z'])).toEqual({ spans: [[0, 1], null], unplaced: [1] });
    const near2 = 'x' + '.'.repeat(256) + 'zz';
    expect(place(bpeJson(), near2, ['x', 'zz'])).toEqual(
      placed([
        [0, 1],
        [257, 259],
      ]),
    );
  });

  it('empty tokens are skipped', () => {
    expect(place(bpeJson(), 'ab', ['', 'ab', ''])).toEqual(placed([null, [0, 2], null]));
  });
});

// ----------------------------------------------------------------------------- RoBERTa: trim_offsets and pairs

const roberta = (trim = true) =>
  bpeJson({
    added_tokens: [addedToken('<s>'), addedToken('</s>'), addedToken('<mask>', { lstrip: true })],
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: trim, add_prefix_space: true },
  });
const ROBERTA_SPECIAL = ['<s>', '</s>', '<mask>'];

describe('byte-level trim_offsets (RoBERTa)', () => {
  it('a token’s leading Ġ leaves its range, except the prefix space of the text; a whitespace-only token keeps its whitespace', () => {
    expect(place(roberta(), 'hi  yo', ['<s>', 'Ġhi', 'Ġ', 'Ġyo', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 2], [2, 3], [4, 6], null]));
    expect(place(roberta(false), 'hi  yo', ['<s>', 'Ġhi', 'Ġ', 'Ġyo', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 2], [2, 3], [3, 6], null]));
  });

  it('a lone prefix Ġ stands for no character of the text: an empty range', () => {
    expect(place(roberta(), 'x', ['<s>', 'Ġ', 'x', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 0], [0, 1], null]));
  });

  it('trailing Ġ leave the range too', () => {
    const json = bpeJson({
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false },
      post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true },
    });
    expect(place(json, 'hi  x', ['hiĠĠ', 'x'])).toEqual(
      placed([
        [0, 2],
        [4, 5],
      ]),
    );
  });

  it('a typed <mask> takes the space before it (lstrip) and trim_offsets gives it back', () => {
    expect(place(roberta(), 'a <mask>', ['<s>', 'Ġa', '<mask>', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 1], [2, 8], null]));
    // found further on, after text the tokens skipped
    expect(place(roberta(), 'a b <mask>', ['<s>', 'Ġa', '<mask>', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 1], [4, 10], null]));
    expect(place(roberta(), 'a b <mask> x', ['<s>', 'Ġa', '<mask>', 'Ġx', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 1], [4, 10], [11, 12], null]));
  });

  it('after a typed token the prefix space is trimmed: a whole emoji steps past (an empty range at its end, as Rust gives)', () => {
    expect(place(roberta(), '<mask>😀', ['<s>', '<mask>', 'ĠðŁĺĢ', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [0, 6], [8, 8], null]));
  });

  it('without add_prefix_space every leading Ġ leaves the range, the first token’s too; whitespace-only tokens keep theirs', () => {
    const json = bpeJson({
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false },
      post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true },
    });
    expect(place(json, ' hi   x', ['Ġhi', 'ĠĠ', 'Ġx'])).toEqual(
      placed([
        [1, 3],
        [3, 5],
        [6, 7],
      ]),
    );
    // a trailing Ġ after a lone surrogate: one UTF-16 unit back
    expect(place(json, 'x\ud800 ', ['xï¿½Ġ'])).toEqual(placed([[0, 2]]));
  });

  it('two leading spaces of the text are not the prefix space: both leave the first token’s range', () => {
    expect(place(roberta(), '  hi', ['<s>', 'ĠĠhi', '</s>'], ROBERTA_SPECIAL)).toEqual(placed([null, [2, 4], null]));
  });

  it('the first token keeps its prefix space where the text starts after stripped whitespace', () => {
    const json = bpeJson({
      normalizer: { type: 'Strip', strip_left: true, strip_right: true },
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true },
      post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true },
    });
    expect(place(json, '  hi', ['Ġhi'])).toEqual(placed([[2, 4]]));
  });

  it('trim_offsets trims exactly Rust’s whitespace (char::is_whitespace) off a token’s ends', () => {
    const json = bpeJson({ post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true } });
    const tokens = [
      '\tx\r',
      '\u0085x\u00a0',
      '\u1680x\u2000',
      '\u200ax\u2028',
      '\u2029x\u202f',
      '\u205fx\u3000',
      ' x ',
      // not whitespace to Rust: kept
      '\u0008x\u000e',
      '\u200bx\ufeff',
    ];
    const want: Spans = [];
    for (let k = 0; k < 7; k++) want.push([3 * k + 1, 3 * k + 2]);
    want.push([21, 24], [24, 27]);
    expect(place(json, tokens.join(''), tokens)).toEqual(placed(want));
  });

  it('trim_offsets steps over whole characters: spaces that stand for astral characters (Replace) leave both UTF-16 units', () => {
    const json = bpeJson({
      normalizer: { type: 'Replace', pattern: { Regex: '[\u{10000}\u{10FFFF}]' }, content: ' ' },
      post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true },
    });
    // 'a', U+10000 (D800 DC00), U+10FFFF (DBFF DFFF), U+10000, U+10FFFF, 'b' → 'a    b'
    expect(place(json, 'a\u{10000}\u{10FFFF}\u{10000}\u{10FFFF}b', ['a  ', '  b'])).toEqual(
      placed([
        [0, 1],
        [9, 10],
      ]),
    );
  });

  it('a pair: the second text is read on its own, with its own prefix space kept after the separators', () => {
    const tokens = ['<s>', 'Ġhi', '</s>', '</s>', 'Ġyo', '</s>'];
    expect(place(roberta(), 'hiyo', tokens, ROBERTA_SPECIAL, 2)).toEqual(placed([null, [0, 2], null, null, [2, 4], null]));
    // pairStart at either end is a single text
    expect(place(roberta(), 'hiyo', ['<s>', 'Ġhiyo', '</s>'], ROBERTA_SPECIAL, 4)).toEqual(placed([null, [0, 4], null]));
    expect(place(roberta(), 'hiyo', ['<s>', 'Ġhiyo', '</s>'], ROBERTA_SPECIAL, 0)).toEqual(placed([null, [0, 4], null]));
  });
});
