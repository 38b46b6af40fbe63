// Token spans for Hub tokenizer families, tokenised by the real transformers.js pipeline from small
// tokenizer.json fixtures (tests/fixtures/tokenizers/, made by make_tokenizers.mjs): RoBERTa byte-level
// BPE, XLM-R SentencePiece Unigram (Precompiled/NFKC), ALBERT Unigram (lowercase + strip accents) and
// cased BERT WordPiece. AlignOptions come from alignOptionsFromTokenizerJson, as in the extension
// (src/engine/tokenizer.ts), and spans from buildTokenInfos.
//
// Checked for every text:
//   • spans are monotonic, non-empty and inside the text; special tokens have none;
//   • every other token has a span, except (documented) a bare '▁' that SentencePiece prepends to
//     text starting with no whitespace: it stands for no character of the text, so it gets null;
//   • every visible character of the text is covered by some span;
//   • tokens are grouped where spans overlap (byte-level pieces of one character, a base letter and its
//     combining mark): the tokenizer's own decode of the group equals the group's text, normalised by
//     the tokenizer's own normaliser (whitespace canonicalised, '▁' read as a space, '##' dropped).
//     [UNK]/<unk> groups are only checked to cover non-whitespace text.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { AlignOptions } from '../../src/core/tokens/align';
import { buildTokenInfos } from '../../src/core/tokens/build-tokens';
import { alignOptionsFromTokenizerJson } from '../../src/core/tokens/options';
import type { TokenInfo } from '../../src/shared/attention-result';
import { spanGroups } from '../support/span-groups';
import { readTokenizerJson } from '../support/tokenizer-files';

const DIR = fileURLToPath(new URL('../fixtures/tokenizers/', import.meta.url));
env.localModelPath = DIR;
env.allowRemoteModels = false;
env.allowLocalModels = true;

const FIXTURES = ['roberta-bpe', 'xlmr-unigram', 'albert-unigram', 'bert-cased'] as const;
type Fixture = (typeof FIXTURES)[number];

const TEXTS: Record<string, string | [string, string]> = {
  english: 'Hello world, this is a tokenization test.',
  accents: 'Café naïve Zürich',
  combining: 'cafe\u0301 and nai\u0308ve', // e + U+0301, i + U+0308
  cjk: '東京 is Tokyo; 東京都',
  emoji: 'Emoji 😀 and 👍🏽 thumbs', // 👍🏽 = thumbs up + skin-tone modifier (two code points)
  rtl: 'سلام means peace, שלום too',
  'mixed case': 'MiXeD CaSe WORDS',
  'multiple spaces': 'multiple   spaces\tand\n\nnewlines  here',
  'leading/trailing spaces': '  padded  text  ',
  'starts with CJK': '東京',
  hangul: '서울 Seoul',
  'ends with an unknown run': 'Tokyo is 東京都',
  // ZWJ sequence (man, ZWJ, woman, ZWJ, girl) and a right-to-left mark after Hebrew: format characters
  'zero-width characters': 'family 👨\u200d👩\u200d👧 and שלום\u200f!',
  'everything at once': 'Zürich 東京 😀 سلام cafe\u0301 ÉCOLE',
  'sentence pair': ['Café naïve.', ' Zürich 東京 👍🏽'],
};

interface Loaded {
  tok: PreTrainedTokenizer;
  idToToken: string[];
  opts: AlignOptions;
  normalize: (s: string) => string;
}
const loaded = new Map<Fixture, Loaded>();

beforeAll(async () => {
  for (const name of FIXTURES) {
    const tok = await AutoTokenizer.from_pretrained(name);
    const json = readTokenizerJson(`${DIR}${name}`);
    const idToToken: string[] = [];
    for (const [t, id] of tok.get_vocab() as Map<string, number>) idToToken[id] = t;
    // exactly what src/engine/tokenizer.ts passes
    const opts = alignOptionsFromTokenizerJson(json, tok.all_special_tokens);
    const inner = (tok as unknown as { _tokenizer: { normalizer: ((s: string) => string) | null } })._tokenizer;
    const normalize = (s: string) => (inner.normalizer ? inner.normalizer(s) : s);
    loaded.set(name, { tok, idToToken, opts, normalize });
  }
}, 60_000);

function encode(l: Loaded, text: string | [string, string]) {
  const [a, b] = typeof text === 'string' ? [text, null] : text;
  const enc = l.tok(a, { text_pair: b, return_token_type_ids: true, add_special_tokens: true });
  const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
  const typeIds = enc.token_type_ids ? Array.from(enc.token_type_ids.data as BigInt64Array, Number) : ids.map(() => 0);
  return { full: b === null ? a : a + b, ids, typeIds, tokens: ids.map((id) => l.idToToken[id]) };
}

const canon = (s: string) => s.replace(/▁/g, ' ').replace(/\s+/gu, ' ').trim();
const isSpaceOnly = (l: Loaded, token: string) =>
  canon(l.tok.decode([l.tok.convert_tokens_to_ids(token) as number], { clean_up_tokenization_spaces: false })) === '' && !l.opts.specialTokens.has(token);

/** Problems with the spans of one encoded text (empty = all invariants hold). */
function check(l: Loaded, name: Fixture, text: string, infos: TokenInfo[]): string[] {
  const problems: string[] = [];
  const unk = l.opts.unkToken;
  const show = (k: number) => `#${k} ${JSON.stringify(infos[k].text)}`;

  // monotonic, non-empty, inside the text; special tokens have no span
  let ls = 0;
  let le = 0;
  infos.forEach((t, k) => {
    if (t.special) {
      if (t.span) problems.push(`${show(k)} special token has span ${t.span}`);
      return;
    }
    if (!t.span) return;
    const [s, e] = t.span;
    if (!(s >= ls && e >= le && s < e && e <= text.length)) problems.push(`${show(k)} span ${t.span} breaks order after [${ls},${le}]`);
    [ls, le] = [s, e];
  });

  // every non-special token placed, except a bare '▁' / 'Ġ' standing for whitespace the text lacks there
  infos.forEach((t, k) => {
    if (t.special || t.span) return;
    if (isSpaceOnly(l, t.text)) {
      const prevEnd = Math.max(0, ...infos.slice(0, k).map((x) => x.span?.[1] ?? 0));
      const next = infos.slice(k + 1).find((x) => x.span)?.span?.[0] ?? text.length;
      if (/\s/u.test(text.slice(prevEnd, next)))
        problems.push(`${show(k)} whitespace token unplaced although ${JSON.stringify(text.slice(prevEnd, next))} has whitespace`);
      return;
    }
    problems.push(`${show(k)} has no span`);
  });

  // every character the tokenizer keeps (not deleted or turned into whitespace by its normaliser) is covered
  const covered = new Uint8Array(text.length);
  for (const t of infos) if (t.span) covered.fill(1, t.span[0], t.span[1]);
  for (const { 0: ch, index: i } of text.matchAll(/[\s\S]/gu)) {
    if (!covered[i] && canon(l.normalize(ch)) !== '') problems.push(`text[${i}] ${JSON.stringify(ch)} is covered by no token`);
  }

  // groups of overlapping spans: decode(group) == normalise(text.slice(group))
  for (const { group, start, end } of spanGroups(infos)) {
    const slice = text.slice(start, end);
    if (group.some(({ t }) => t.text === unk)) {
      if (!canon(slice)) problems.push(`unknown token ${show(group[0].k)} covers only whitespace`);
    } else {
      let surface = l.tok.decode(
        group.map(({ t }) => t.id),
        { clean_up_tokenization_spaces: false },
      );
      if (name === 'bert-cased') surface = surface.replace(/^##/, '').replace(/ ##/g, '');
      const want = canon(l.normalize(slice));
      if (canon(surface) !== want) {
        problems.push(
          `tokens ${group.map(({ k }) => show(k)).join(' ')} decode to ${JSON.stringify(canon(surface))} but span [${start},${end}] is ${JSON.stringify(slice)} → ${JSON.stringify(want)}`,
        );
      }
    }
  }
  return problems;
}

const CASES = FIXTURES.flatMap((fixture) => Object.entries(TEXTS).map(([label, text]) => ({ fixture, label, text })));

describe('spans for Hub tokenizers (transformers.js + alignOptionsFromTokenizerJson + buildTokenInfos)', () => {
  it.each(CASES)('$fixture: $label', ({ fixture, text }) => {
    const l = loaded.get(fixture)!;
    const { full, ids, typeIds, tokens } = encode(l, text);
    const infos = buildTokenInfos(full, ids, tokens, { ...l.opts, tokenTypeIds: typeIds });
    expect(infos).toHaveLength(ids.length);
    const problems = check(l, fixture, full, infos);
    expect(problems, `${JSON.stringify(full)} → ${tokens.join(' | ')}`).toEqual([]);
    if (Array.isArray(text)) {
      // segment from token_type_ids: B is segment 1 except for XLM-R, whose template has no type ids
      const b = infos.filter((t) => t.span && t.span[0] >= text[0].length);
      expect(b.length).toBeGreaterThan(0);
      for (const t of b) expect(t.segment).toBe(fixture === 'xlmr-unigram' ? 0 : 1);
    }
  });
});

describe('fixtures behave like the Hub tokenizers they stand for', () => {
  const tokens = (name: Fixture, text: string) => encode(loaded.get(name)!, text).tokens;

  it('options derived from each tokenizer.json', () => {
    const o = (name: Fixture) => loaded.get(name)!.opts;
    expect([o('roberta-bpe').scheme, o('roberta-bpe').byteLevel, o('roberta-bpe').lowercase, o('roberta-bpe').unkToken]).toEqual(['bpe', true, false, null]);
    expect([o('xlmr-unigram').scheme, o('xlmr-unigram').spaceMarker, o('xlmr-unigram').lowercase, o('xlmr-unigram').unkToken]).toEqual([
      'sentencepiece',
      '▁',
      false,
      '<unk>',
    ]);
    // the Precompiled normaliser (SentencePiece's nmt_nfkc) is NFKC
    expect(o('xlmr-unigram').unicodeNormalization).toBe('NFKC');
    expect([o('albert-unigram').scheme, o('albert-unigram').lowercase, o('albert-unigram').stripAccents, o('albert-unigram').unkToken]).toEqual([
      'sentencepiece',
      true,
      true,
      '<unk>',
    ]);
    expect([o('bert-cased').scheme, o('bert-cased').lowercase, o('bert-cased').stripAccents, o('bert-cased').unkToken]).toEqual([
      'wordpiece',
      false,
      false,
      '[UNK]',
    ]);
    for (const name of FIXTURES) expect(o(name).specialTokens.size).toBe(5);
  });

  it('English words split into several pieces', () => {
    expect(tokens('roberta-bpe', 'tokenization')).toEqual(['<s>', 't', 'ok', 'en', 'iz', 'ation', '</s>']);
    expect(tokens('roberta-bpe', 'a tokenization')).toEqual(['<s>', 'a', 'Ġto', 'k', 'en', 'iz', 'ation', '</s>']);
    expect(tokens('xlmr-unigram', 'tokenization').length).toBeGreaterThan(4);
    expect(tokens('albert-unigram', 'Tokenization').slice(1, 3)).toEqual(['▁to', 'ke']);
    expect(tokens('bert-cased', 'tokenization')).toEqual(['[CLS]', 'token', '##ization', '[SEP]']);
  });

  it('unknown characters: byte pieces (BPE), <unk> (Unigram), [UNK] words (WordPiece)', () => {
    expect(tokens('roberta-bpe', '😀')).toEqual(['<s>', 'ð', 'Ł', 'ĺ', 'Ģ', '</s>']);
    expect(tokens('xlmr-unigram', '👍🏽')).toEqual(['<s>', '▁', '👍', '<unk>', '</s>']);
    // transformers.js fuses a run of unknown characters into one <unk> (like sentencepiece)
    expect(tokens('albert-unigram', '東京')).toEqual(['[CLS]', '▁', '<unk>', '[SEP]']);
    expect(tokens('bert-cased', 'cafe\u0301 😀')).toEqual(['[CLS]', '[UNK]', '[UNK]', '[SEP]']);
  });

  it('case and accents: kept by RoBERTa / XLM-R / cased BERT, folded by ALBERT', () => {
    expect(tokens('bert-cased', 'Café')).toEqual(['[CLS]', 'Café', '[SEP]']);
    expect(tokens('xlmr-unigram', 'naïve')).toContain('ï');
    expect(tokens('albert-unigram', 'Café NAÏVE')).toEqual(['[CLS]', '▁ca', 'fe', '▁', 'na', 'ive', '[SEP]']);
  });
});
