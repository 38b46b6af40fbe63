// The engine's tokenizer (src/core/tokens/hf-tokenizer.ts: @huggingface/tokenizers on the parsed tokenizer files)
// against what the engine ran before, transformers.js' AutoTokenizer (the same library inside a wrapper), called the
// way src/engine/tokenizer.ts called it: ids, token types, special and mask tokens, the vocabulary and AlignOptions
// must be identical for the bundled model and every Hub tokenizer family of tests/fixtures/tokenizers, on fixed
// and seeded random texts, single and paired.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { HfTokenizer } from '../../src/core/tokens/hf-tokenizer';
import { alignOptionsFromTokenizerJson } from '../../src/core/tokens/options';
import { matchFastTokenizerLowercase } from '../../src/core/tokens/fast-lowercase';
import { prng } from '../support/prng';
import { loadTokenizer, readTokenizerJson } from '../support/tokenizer-files';

const MODELS = fileURLToPath(new URL('../../models/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/tokenizers/', import.meta.url));
const TOKENIZERS: Array<[string, string]> = [
  ['attention-lens-mini', MODELS],
  ['roberta-bpe', FIXTURES],
  ['xlmr-unigram', FIXTURES],
  ['albert-unigram', FIXTURES],
  ['bert-cased', FIXTURES],
];

const FIXED = [
  '',
  ' ',
  'Hello world.',
  'The quick brown fox jumps over the lazy dog because it was tired of running all day.',
  'Café owners in Zürich say naïve tourists rarely tip; 東京 and Москва are far away. 😀',
  'ΟΔΟΣ Σίσυφος ΣΊΣΥΦΟΣ ὈΔΥΣΣΕΎΣ ΑΣ.',
  'cafe\u0301 and nai\u0308ve, ﬁnance, straße, İstanbul',
  'family 👨\u200d👩\u200d👧 and שלום\u200f! سلام 서울 Seoul',
  'multiple   spaces\tand\n\nnewlines  here',
  '[CLS] [MASK] [SEP] <s> <mask> </s> <unk> [UNK]',
  'unbelievably tokenization playing transformers attention heads',
  'x'.repeat(300),
];

const WORDS = [
  'the',
  'Attention',
  'LENS',
  'unbelievably',
  "don't",
  'U.S.A.',
  '3.14',
  'café',
  'ÉCOLE',
  'ΟΔΟΣ',
  'ς',
  'Москва',
  'مَرْحَبًا',
  'שָׁלוֹם',
  '東京都',
  'ｶﾀｶﾅ',
  '😀',
  '👍🏽',
  '\u200d',
  '\u00a0',
  '\t',
  '  ',
  'e\u0301',
  '[MASK]',
  '<mask>',
  '##ing',
  '▁x',
  'Ġ',
];
const random = (() => {
  const r = prng(0x70c3);
  return Array.from({ length: 150 }, () =>
    Array.from({ length: 1 + Math.floor(r() * 12) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(r() < 0.7 ? ' ' : ''),
  );
})();
const TEXTS = [...FIXED, ...random];

describe.each(TOKENIZERS)('%s: @huggingface/tokenizers equals transformers.js', (id, root) => {
  let ref: PreTrainedTokenizer;
  let ours: HfTokenizer;

  beforeAll(async () => {
    env.localModelPath = root;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useBrowserCache = false;
    ref = await AutoTokenizer.from_pretrained(id);
    const json = readTokenizerJson(`${root}${id}`);
    matchFastTokenizerLowercase(ref, alignOptionsFromTokenizerJson(json, ref.all_special_tokens).lowercase);
  }, 60_000);
  // ours is built before each test (the reference above once): code run in beforeAll is never re-run per mutant
  beforeEach(() => {
    ours = loadTokenizer(`${root}${id}`, readTokenizerJson(`${root}${id}`));
  });

  it('special tokens, mask, [SEP], vocabulary and AlignOptions', () => {
    expect(ours.maskId).toBe(ref.mask_token_id ?? null);
    expect(ours.maskToken).toBe(ref.mask_token ?? null);
    expect(ours.sepId).toBe(ref.sep_token_id ?? 102);
    expect(ours.specialIds).toEqual(ref.all_special_ids);
    expect([...ours.specialTokens]).toEqual([...new Set(ref.all_special_tokens)]);
    const vocab = ref.get_vocab() as Map<string, number>;
    const idToToken: string[] = [];
    for (const [t, i] of vocab) idToToken[i] = t;
    for (let i = 0; i < idToToken.length + 2; i++) expect(ours.tokenOf(i)).toBe(idToToken[i] ?? '[UNK]');
    const json = (ref as unknown as { _tokenizerJSON: unknown })._tokenizerJSON;
    expect(ours.alignOptions).toEqual(alignOptionsFromTokenizerJson(json, ref.all_special_tokens));
  });

  it(`ids and token types of ${TEXTS.length} texts, and of pairs`, () => {
    const old = (text: string, pair?: string) => {
      const enc = ref(text, { text_pair: pair ?? null, return_token_type_ids: true, add_special_tokens: true, return_tensor: false }) as unknown as {
        input_ids: number[];
        token_type_ids?: number[];
      };
      return { ids: enc.input_ids, typeIds: enc.token_type_ids ?? enc.input_ids.map(() => 0) };
    };
    for (const text of TEXTS) expect(ours.encode(text), text).toEqual(old(text));
    for (let k = 0; k + 1 < TEXTS.length; k += 7)
      expect(ours.encode(TEXTS[k], TEXTS[k + 1]), `${TEXTS[k]} | ${TEXTS[k + 1]}`).toEqual(old(TEXTS[k], TEXTS[k + 1]));
  });
});
