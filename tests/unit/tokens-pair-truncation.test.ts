// Sentence pairs longer than the model takes are cut as Hugging Face cuts them (`truncation: 'longest_first'`,
// what `tokenizer(a, b, truncation=True)` does in Python): ids and token types of the truncated pair equal those
// of Hugging Face's Rust tokenizer (npm `tokenizers`, the "fast" tokenizer) for every tokenizer style, and the
// counts the notice shows are each sentence's own. (Token types are the JavaScript tokenizer's, checked against
// transformers.js in tokens-hf-tokenizer.test.ts; the Rust RoBERTa processor numbers the second part 1 where
// transformers gives 0 — the model has one token type, so both read the same row.)
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { longestFirst } from '../../src/core/tokens/truncate-ids';

import { RustTokenizer, rustJson } from '../support/rust-tokenizer';
import { loadTokenizer, readTokenizerJson } from '../support/tokenizer-files';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const STYLES = [
  ['wordpiece-uncased', 'models/attention-lens-mini'],
  ['wordpiece-cased', 'tests/fixtures/tokenizers/bert-cased'],
  ['bpe (roberta)', 'tests/fixtures/tokenizers/roberta-bpe'],
  ['unigram (albert)', 'tests/fixtures/tokenizers/albert-unigram'],
  ['unigram (xlm-r)', 'tests/fixtures/tokenizers/xlmr-unigram'],
] as const;

const SENTENCES = [
  'The quick brown fox jumps over the lazy dog.',
  'Attention is all you need, or so they say!',
  'Москва — столица России, а Київ — столиця України.',
  '東京は日本の首都です。中文漢字',
  'I ❤️ Paris ✈️ and 😀 👍🏽 👨‍👩‍👧 🇫🇷',
  'The word [MASK] was typed in the page, and so was [SEP] here.',
  'Café, naïve, Zürich, façade, Ångström, résumé, señor.',
  'مَرْحَبًا بِكُمْ فِي السَّلَامُ عَلَيْكُمْ',
  'a b c d e f g h i j k l m n o p q r s t u v w x y z',
  'x',
];

/** Pairs of every length mix: short/short, short/long, long/short, long/long, equal lengths. */
function pairs(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < SENTENCES.length; i++) {
    for (let j = 0; j < SENTENCES.length; j += 3) {
      const reps = 1 + ((i * 7 + j) % 4);
      out.push([Array(reps).fill(SENTENCES[i]).join(' '), SENTENCES[j]]);
      out.push([
        SENTENCES[j],
        Array(reps + 1)
          .fill(SENTENCES[i])
          .join(' '),
      ]);
    }
  }
  out.push([SENTENCES[0], SENTENCES[0]]);
  // paragraphs past a real model's limit
  out.push([Array(6).fill(SENTENCES.join(' ')).join(' '), Array(12).fill(SENTENCES[1]).join(' ')]);
  out.push([Array(3).fill(SENTENCES[2]).join(' '), Array(9).fill(SENTENCES.join(' ')).join(' ')]);
  // mutation testing (vitest.stryker.config.ts sets AL_MUTATION) re-runs this per mutant: every third short pair there
  return process.env.AL_MUTATION ? out.filter((_, i) => i % 3 === 0 || i >= out.length - 3) : out;
}

describe('longestFirst (the lengths each part keeps)', () => {
  it('keeps a short part whole and gives the rest to the long one', () => {
    expect(longestFirst(4, 11, 9)).toEqual([4, 5]);
    expect(longestFirst(11, 4, 9)).toEqual([5, 4]);
  });
  it('halves when the short part takes more than half; the longer part gets the odd token, a tie the second', () => {
    expect(longestFirst(11, 4, 7)).toEqual([4, 3]);
    expect(longestFirst(4, 11, 7)).toEqual([3, 4]);
    expect(longestFirst(4, 4, 5)).toEqual([2, 3]);
    expect(longestFirst(300, 400, 509)).toEqual([254, 255]);
  });
  it('changes nothing when both fit', () => {
    expect(longestFirst(3, 4, 7)).toEqual([3, 4]);
  });
});

describe.each(STYLES)('pair truncation equals Hugging Face longest_first: %s', (_name, dir) => {
  const ours = loadTokenizer(`${ROOT}${dir}`);
  const rust = RustTokenizer.fromString(rustJson(readTokenizerJson(`${ROOT}${dir}`)));

  it('ids and token types of every truncated pair, at every limit', async () => {
    let cut = 0;
    const differences: string[] = [];
    for (const [a, b] of pairs()) {
      const full = ours.encode(a, b);
      const partA = ours.contentIds(a);
      const partB = ours.contentIds(b);
      const added = full.ids.length - partA.length - partB.length;
      for (const max of [added + 1, added + 2, added + 5, 16, 23, 40, 64, 128, 512]) {
        if (max <= added) continue;
        rust.setTruncation(max, { strategy: 'LongestFirst' as never });
        const expected = await rust.encode(a, b);
        const got = ours.truncatePair(full, a, b, max);
        if (got.truncated) cut++;
        if (got.ids.join(' ') !== expected.getIds().join(' ')) {
          differences.push(`max ${max} ${JSON.stringify([a.slice(0, 30), b.slice(0, 30)])}: ours ${got.ids.join(' ')} | rust ${expected.getIds().join(' ')}`);
        }
        // the notice's counts: per part, and what was really kept
        if (got.truncated?.pair) {
          const { a: sa, b: sb } = got.truncated.pair;
          expect([sa.total, sb.total]).toEqual([partA.length, partB.length]);
          expect(sa.shown + sb.shown + added).toBe(got.ids.length);
          expect(got.ids.length).toBeLessThanOrEqual(max);
          // token types: the untruncated pair's, for the tokens kept
          expect(got.typeIds).toEqual(got.kept!.map((i) => full.typeIds[i]));
        }
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(cut).toBeGreaterThan(100); // the limits really cut most pairs
  });

  it('keeps the indices of the tokens it keeps (so their spans come from the whole pair)', () => {
    const [a, b] = [SENTENCES[0].repeat(3), SENTENCES[1]];
    const full = ours.encode(a, b);
    const got = ours.truncatePair(full, a, b, 20);
    expect(got.kept).not.toBeNull();
    expect(got.kept!.map((i) => full.ids[i])).toEqual(got.ids);
    // the second sentence's first tokens are kept right after the template's separator(s)
    const firstB = ours.contentIds(b)[0];
    expect(got.ids).toContain(firstB);
  });
});
