// alignTokens for byte-level BPE ('Ġ') and SentencePiece ('▁') token spellings, and options from tokenizer.json.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { alignTokens, type AlignOptions } from '../../src/core/tokens/align';
import { alignOptionsFromTokenizerJson } from '../../src/core/tokens/options';

/** GPT-2 bytes_to_unicode, written out independently of the source. */
function byteChar(b: number): string {
  const direct: number[] = [];
  for (let x = 0x21; x <= 0x7e; x++) direct.push(x);
  for (let x = 0xa1; x <= 0xac; x++) direct.push(x);
  for (let x = 0xae; x <= 0xff; x++) direct.push(x);
  if (direct.includes(b)) return String.fromCharCode(b);
  let extra = 0;
  for (let x = 0; x < b; x++) if (!direct.includes(x)) extra++;
  return String.fromCharCode(256 + extra);
}
const bl = (bytes: number[]) => bytes.map(byteChar).join('');
const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));

const BPE: AlignOptions = { lowercase: false, stripAccents: false, specialTokens: new Set(['<s>', '</s>', '<|endoftext|>']), scheme: 'bpe' };
const SP: AlignOptions = { lowercase: false, stripAccents: false, specialTokens: new Set(['<s>', '</s>', '<pad>']), scheme: 'sentencepiece' };

describe('byte-level BPE', () => {
  it('spells bytes; spans skip the leading space; split UTF-8 shares the character span', () => {
    const text = 'Hello world, café 😀\n\nok';
    const emoji = utf8(' 😀');
    const tokens = [
      '<s>',
      'Hello',
      bl(utf8(' world')),
      ',',
      bl(utf8(' caf')),
      bl(utf8('é')),
      bl(emoji.slice(0, 4)),
      bl(emoji.slice(4)),
      bl(utf8('\n\n')),
      'ok',
      '</s>',
    ];
    expect(tokens.slice(1, 4)).toEqual(['Hello', 'Ġworld', ',']);
    expect(tokens[5]).toBe('Ã©');
    expect(alignTokens(text, tokens, BPE)).toEqual([null, [0, 5], [6, 11], [11, 12], [13, 16], [16, 17], [18, 20], [18, 20], [20, 22], [22, 24], null]);
  });

  it('a lone space token covers one space', () => {
    expect(alignTokens('a  b', ['a', 'Ġ', 'Ġb'], BPE)).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
    ]);
  });

  it('no lowercasing: case must match', () => {
    expect(alignTokens('Apple apple', ['apple'], BPE)).toEqual([[6, 11]]);
  });
});

describe('SentencePiece', () => {
  it('▁ marks spaces; a bare ▁ covers the space; <unk> covers the unknown character', () => {
    const text = 'Hello world 19 ⟁x';
    const tokens = ['▁Hello', '▁world', '▁', '1', '9', '▁', '<unk>', 'x', '</s>'];
    expect(alignTokens(text, tokens, SP)).toEqual([[0, 5], [6, 11], [11, 12], [12, 13], [13, 14], [14, 15], [15, 16], [16, 17], null]);
  });

  it('byte fallback pieces share the character span', () => {
    expect(alignTokens('Hello ⟁', ['▁Hello', '▁', '<0xE2>', '<0x9F>', '<0x81>'], SP)).toEqual([
      [0, 5],
      [5, 6],
      [6, 7],
      [6, 7],
      [6, 7],
    ]);
  });

  it('NFKC normalisation maps expanded characters back', () => {
    const o: AlignOptions = { ...SP, unicodeNormalization: 'NFKC' };
    expect(alignTokens('ﬁne ＡＢ', ['▁fine', '▁AB'], o)).toEqual([
      [0, 3],
      [4, 6],
    ]);
  });

  it('several <unk> in one word split by character', () => {
    expect(alignTokens('a⟁⟁b', ['▁a', '<unk>', '<unk>', 'b'], SP)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });
});

describe('alignOptionsFromTokenizerJson', () => {
  it('reads the bundled bert-base-uncased tokenizer.json', () => {
    const json = JSON.parse(readFileSync(new URL('../../models/attention-lens-mini/tokenizer.json', import.meta.url), 'utf8'));
    const o = alignOptionsFromTokenizerJson(json);
    expect(o.scheme).toBe('wordpiece');
    expect(o.lowercase).toBe(true);
    expect(o.stripAccents).toBe(true); // strip_accents: null follows lowercase
    expect(o.continuationPrefix).toBe('##');
    expect(o.unkToken).toBe('[UNK]');
    expect(o.cleanText).toBe(true);
    for (const s of ['[CLS]', '[SEP]', '[PAD]', '[MASK]']) expect(o.specialTokens.has(s)).toBe(true);
  });

  it('cased BERT, byte-level BPE and SentencePiece', () => {
    const cased = alignOptionsFromTokenizerJson({
      normalizer: { type: 'BertNormalizer', lowercase: false, strip_accents: null, clean_text: true },
      model: { type: 'WordPiece', unk_token: '[UNK]' },
    });
    expect([cased.lowercase, cased.stripAccents, cased.scheme]).toEqual([false, false, 'wordpiece']);
    const roberta = alignOptionsFromTokenizerJson({
      pre_tokenizer: { type: 'ByteLevel' },
      model: { type: 'BPE' },
      added_tokens: [
        { content: '<s>', special: true },
        { content: '</s>', special: true },
        { content: 'foo', special: false },
      ],
    });
    expect([roberta.scheme, roberta.byteLevel, roberta.unkToken, roberta.lowercase]).toEqual(['bpe', true, null, false]);
    expect([...roberta.specialTokens]).toEqual(['<s>', '</s>']);
    const t5 = alignOptionsFromTokenizerJson({
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace' }] },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: '▁' }] },
      model: { type: 'Unigram', unk_id: 2 },
    });
    expect([t5.scheme, t5.unicodeNormalization, t5.spaceMarker, t5.unkToken]).toEqual(['sentencepiece', 'NFKC', '▁', '<unk>']);
  });

  it('never throws on junk', () => {
    // no tokenizer.json: plain WordPiece without lowercasing, nothing special
    expect(alignOptionsFromTokenizerJson(null)).toEqual({
      lowercase: false,
      stripAccents: false,
      specialTokens: new Set(),
      scheme: 'wordpiece',
      unkToken: '[UNK]',
      cleanText: false,
      continuationPrefix: '##',
    });
    expect(alignOptionsFromTokenizerJson(42).scheme).toBe('wordpiece');
  });
});
