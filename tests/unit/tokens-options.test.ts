// AlignOptions read from a tokenizer.json (src/core/tokens/options.ts) — how a Hub model nobody wrote code for gets its
// token spans — and the Σ lowercasing fix (fast-lowercase.ts), on hand-written tokenizer.json fragments in the
// format Hugging Face writes. A wrong option shows as highlights over the wrong characters for that model.
import { describe, expect, it } from 'vitest';
import { alignOptionsFromTokenizerJson } from '../../src/core/tokens/options';
import { lowercaseLikeFastTokenizer, matchFastTokenizerLowercase } from '../../src/core/tokens/fast-lowercase';

const bertNormalizer = (extra: Record<string, unknown> = {}) => ({
  type: 'BertNormalizer',
  clean_text: true,
  handle_chinese_chars: true,
  lowercase: true,
  ...extra,
});
const wordPiece = (extra: Record<string, unknown> = {}) => ({ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', vocab: {}, ...extra });

describe('BertNormalizer → lowercase, strip accents, clean text', () => {
  it('uncased BERT: lowercase, accents stripped (strip_accents null follows lowercase), clean text', () => {
    const o = alignOptionsFromTokenizerJson({ normalizer: bertNormalizer({ strip_accents: null }), model: wordPiece() });
    expect(o).toMatchObject({ lowercase: true, stripAccents: true, cleanText: true, scheme: 'wordpiece', continuationPrefix: '##', unkToken: '[UNK]' });
    expect(o.pipeline).toBeUndefined();
  });
  it('cased BERT: lowercase false, so accents are kept; strip_accents missing behaves as null', () => {
    const o = alignOptionsFromTokenizerJson({ normalizer: { type: 'BertNormalizer', lowercase: false, clean_text: false }, model: wordPiece() });
    expect(o).toMatchObject({ lowercase: false, stripAccents: false, cleanText: false });
  });
  it('an explicit strip_accents wins over lowercase, both ways', () => {
    expect(alignOptionsFromTokenizerJson({ normalizer: bertNormalizer({ strip_accents: false }), model: wordPiece() }).stripAccents).toBe(false);
    const cased = alignOptionsFromTokenizerJson({ normalizer: bertNormalizer({ lowercase: false, strip_accents: true }), model: wordPiece() });
    expect([cased.lowercase, cased.stripAccents]).toEqual([false, true]);
  });
  it('lowercase missing from a BertNormalizer means lowercase (its default)', () => {
    const o = alignOptionsFromTokenizerJson({ normalizer: { type: 'BertNormalizer' }, model: wordPiece() });
    expect([o.lowercase, o.stripAccents, o.cleanText]).toEqual([true, true, true]);
  });
});

describe('separate normalisers, inside a Sequence', () => {
  it('Lowercase and StripAccents steps; no BertNormalizer: no clean text', () => {
    const o = alignOptionsFromTokenizerJson({
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'Lowercase' }, { type: 'StripAccents' }] },
      model: wordPiece(),
    });
    expect(o).toMatchObject({ lowercase: true, stripAccents: true, cleanText: false, unicodeNormalization: 'NFD' });
  });
  it('none of them: nothing lowercased, stripped or normalised', () => {
    const o = alignOptionsFromTokenizerJson({ normalizer: { type: 'Sequence', normalizers: [{ type: 'Replace' }] }, model: wordPiece() });
    expect(o).toMatchObject({ lowercase: false, stripAccents: false, cleanText: false });
    expect(o.unicodeNormalization).toBeUndefined();
    expect(o.precompiled).toBeUndefined();
  });
  it('the first Unicode form is the one used; Precompiled counts as NFKC and marks precompiled', () => {
    const two = alignOptionsFromTokenizerJson({ normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKD' }, { type: 'NFC' }] }, model: wordPiece() });
    expect(two.unicodeNormalization).toBe('NFKD');
    const pre = alignOptionsFromTokenizerJson({
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Precompiled', precompiled_charsmap: '' }] },
      model: { type: 'Unigram', vocab: [] },
    });
    expect(pre).toMatchObject({ unicodeNormalization: 'NFKC', precompiled: true });
    expect(alignOptionsFromTokenizerJson({ normalizer: { type: 'NFC' }, model: wordPiece() }).unicodeNormalization).toBe('NFC');
  });
  it('a normaliser that is not an object, or null, counts as none', () => {
    for (const normalizer of [null, 'NFC', ['NFC'], 3]) expect(alignOptionsFromTokenizerJson({ normalizer, model: wordPiece() }).lowercase).toBe(false);
  });
});

describe('model and pre-tokenizer → scheme', () => {
  it('WordPiece: its own prefix and unknown token, ## and [UNK] when absent', () => {
    const own = alignOptionsFromTokenizerJson({ model: wordPiece({ continuing_subword_prefix: '@@', unk_token: '<oov>' }) });
    expect(own).toMatchObject({ scheme: 'wordpiece', continuationPrefix: '@@', unkToken: '<oov>' });
    const bare = alignOptionsFromTokenizerJson({ model: { type: 'WordPiece' } });
    expect(bare).toMatchObject({ scheme: 'wordpiece', continuationPrefix: '##', unkToken: '[UNK]' });
    expect(alignOptionsFromTokenizerJson({}).scheme).toBe('wordpiece');
  });
  it('byte-level BPE (RoBERTa, GPT-2): no unknown token, byte-level spelling, the pipeline', () => {
    const o = alignOptionsFromTokenizerJson({
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      model: { type: 'BPE', vocab: {}, merges: [] },
      decoder: { type: 'ByteLevel' },
    });
    expect(o).toMatchObject({ scheme: 'bpe', unkToken: null, byteLevel: true });
    expect(o.continuationPrefix).toBeUndefined();
    expect(o.pipeline).toBeDefined();
  });
  it('BPE with a ByteLevel decoder only still spells bytes; with neither it does not; its own unk token is kept', () => {
    expect(alignOptionsFromTokenizerJson({ model: { type: 'BPE', vocab: {}, merges: [] }, decoder: { type: 'ByteLevel' } }).byteLevel).toBe(true);
    const plain = alignOptionsFromTokenizerJson({ pre_tokenizer: { type: 'Whitespace' }, model: { type: 'BPE', vocab: {}, merges: [], unk_token: '<unk>' } });
    expect(plain).toMatchObject({ scheme: 'bpe', byteLevel: false, unkToken: '<unk>' });
  });
  it('BPE under Metaspace is SentencePiece (Llama-style), with its replacement character', () => {
    const o = alignOptionsFromTokenizerJson({
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always' }] },
      model: { type: 'BPE', vocab: {}, merges: [] },
    });
    expect(o).toMatchObject({ scheme: 'sentencepiece', unkToken: '<unk>', spaceMarker: '▁' });
    expect(o.byteLevel).toBeUndefined();
  });
  it('Unigram is SentencePiece; a Metaspace without a string replacement sets no marker', () => {
    const o = alignOptionsFromTokenizerJson({ pre_tokenizer: { type: 'Metaspace' }, model: { type: 'Unigram', vocab: [], unk_id: 0 } });
    expect(o).toMatchObject({ scheme: 'sentencepiece', unkToken: '<unk>' });
    expect(o.spaceMarker).toBeUndefined();
    const own = alignOptionsFromTokenizerJson({
      pre_tokenizer: { type: 'Metaspace', replacement: '_' },
      model: { type: 'Unigram', vocab: [], unk_token: '<u>' },
    });
    expect(own).toMatchObject({ spaceMarker: '_', unkToken: '<u>' });
  });
  it('a Unigram model without a Metaspace pre-tokenizer is SentencePiece too', () => {
    expect(alignOptionsFromTokenizerJson({ pre_tokenizer: { type: 'WhitespaceSplit' }, model: { type: 'Unigram', vocab: [] } })).toMatchObject({
      scheme: 'sentencepiece',
      unkToken: '<unk>',
    });
  });
  it('byte-level when any pre-tokenizer of a Sequence is ByteLevel; another decoder does not make it so', () => {
    const seq = alignOptionsFromTokenizerJson({
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Digits' }, { type: 'ByteLevel' }] },
      model: { type: 'BPE', vocab: {}, merges: [] },
    });
    expect(seq.byteLevel).toBe(true);
    const other = alignOptionsFromTokenizerJson({
      pre_tokenizer: { type: 'Whitespace' },
      model: { type: 'BPE', vocab: {}, merges: [] },
      decoder: { type: 'BPEDecoder' },
    });
    expect(other.byteLevel).toBe(false);
  });
  it('an unknown token that is not a string is ignored (the scheme’s default is used)', () => {
    expect(alignOptionsFromTokenizerJson({ model: wordPiece({ unk_token: 7 }) }).unkToken).toBe('[UNK]');
    expect(alignOptionsFromTokenizerJson({ model: { type: 'BPE', vocab: {}, merges: [], unk_token: 7 } }).unkToken).toBeNull();
  });
  it('a Metaspace replacement that is not a string sets no marker', () => {
    expect(
      alignOptionsFromTokenizerJson({ pre_tokenizer: { type: 'Metaspace', replacement: 5 }, model: { type: 'Unigram', vocab: [] } }).spaceMarker,
    ).toBeUndefined();
  });
  it('a Metaspace with a WordPiece model is still SentencePiece', () => {
    expect(alignOptionsFromTokenizerJson({ pre_tokenizer: { type: 'Metaspace', replacement: '▁' }, model: wordPiece() }).scheme).toBe('sentencepiece');
  });
});

describe('special tokens', () => {
  it('added tokens marked special, plus the extra ones; unmarked or malformed entries are not', () => {
    const o = alignOptionsFromTokenizerJson(
      {
        added_tokens: [
          { id: 0, content: '[PAD]', special: true },
          { id: 1, content: '[CLS]', special: true },
          { id: 2, content: 'hello', special: false },
          { id: 3, content: 7, special: true },
          'junk',
          null,
        ],
        model: wordPiece(),
      },
      ['<extra>'],
    );
    expect([...o.specialTokens].sort()).toEqual(['<extra>', '[CLS]', '[PAD]']);
  });
  it('no added_tokens list: only the extra ones', () => {
    expect([...alignOptionsFromTokenizerJson({ added_tokens: 'none', model: wordPiece() }, ['[X]']).specialTokens]).toEqual(['[X]']);
  });
});

describe('Σ lowercased as the fast tokenizer does', () => {
  it('every capital sigma becomes σ, word-final too; text without Σ is returned as it is', () => {
    expect(lowercaseLikeFastTokenizer('ΟΔΟΣ ΣΑΣ')).toBe('ΟΔΟσ σΑσ');
    expect(lowercaseLikeFastTokenizer('plain ς σ')).toBe('plain ς σ');
  });
  it('wraps a lowercasing tokenizer’s normaliser (Σ → σ first) and says so', () => {
    const seen: string[] = [];
    const tok = { _tokenizer: { normalizer: (t: string) => (seen.push(t), t.toLowerCase()) } };
    expect(matchFastTokenizerLowercase(tok, true)).toBe(true);
    expect(tok._tokenizer.normalizer('ΟΔΟΣ')).toBe('οδοσ'); // toLowerCase alone would give the final ς
    expect(seen).toEqual(['ΟΔΟσ']);
  });
  it('leaves a cased tokenizer, one without a normaliser, or without an inner tokenizer alone', () => {
    const f = (t: string) => t.toLowerCase();
    const cased = { _tokenizer: { normalizer: f } };
    expect(matchFastTokenizerLowercase(cased, false)).toBe(false);
    expect(cased._tokenizer.normalizer).toBe(f);
    expect(matchFastTokenizerLowercase({ _tokenizer: { normalizer: null } }, true)).toBe(false);
    expect(matchFastTokenizerLowercase({}, true)).toBe(false);
    expect(matchFastTokenizerLowercase({ _tokenizer: { normalizer: 'NFC' } }, true)).toBe(false);
  });
});
