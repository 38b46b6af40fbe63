// Cutting an encoding to the model's maximum (src/core/tokens/truncate-ids.ts), on hand-built encodings: which
// tokens are kept, the token type of every kept token, and the counts the notice shows ("first N of M").
// (Equality with Hugging Face's Rust tokenizer on real tokenizers: tokens-pair-truncation.test.ts.)
import { describe, expect, it } from 'vitest';
import { truncateEncoding, truncatePairEncoding } from '../../src/core/tokens/truncate-ids';

const CLS = 101;
const SEP = 102;
const A = [11, 12, 13, 14, 15, 16];
const B2 = [21, 22];
const B6 = [21, 22, 23, 24, 25, 26];

/** BERT's pair template: [CLS] A [SEP] B [SEP], types 0 … 0 1 … 1. */
function bertPair(a: number[], b: number[]) {
  return { ids: [CLS, ...a, SEP, ...b, SEP], typeIds: [0, ...a.map(() => 0), 0, ...b.map(() => 1), 1] };
}

describe('truncateEncoding (one text)', () => {
  it('an encoding that fits is returned whole, with nothing to report', () => {
    const enc = { ids: [CLS, 1, 2, SEP], typeIds: [0, 0, 0, 0] };
    expect(truncateEncoding(enc, 4, SEP)).toEqual({ ...enc, truncated: null, kept: null });
  });
  it('keeps the first max − 1 tokens and a closing [SEP]; counts exclude [CLS]/[SEP]', () => {
    const r = truncateEncoding({ ids: [CLS, 1, 2, 3, 4, 5, SEP], typeIds: [0, 0, 0, 0, 0, 0, 0] }, 5, SEP);
    expect(r.ids).toEqual([CLS, 1, 2, 3, SEP]);
    expect(r.kept).toEqual([0, 1, 2, 3, 6]);
    expect(r.truncated).toEqual({ shown: 3, total: 5 });
    expect(r.typeIds).toEqual([0, 0, 0, 0, 0]);
  });
  it('the closing [SEP] takes the type of the last kept token (a cut inside sentence B stays type 1)', () => {
    const r = truncateEncoding({ ids: [CLS, 1, SEP, 2, 3, 4, SEP], typeIds: [0, 0, 0, 1, 1, 1, 1] }, 5, SEP);
    expect(r.ids).toEqual([CLS, 1, SEP, 2, SEP]);
    expect(r.typeIds).toEqual([0, 0, 0, 1, 1]);
    expect(truncateEncoding({ ids: [CLS, 1, 2, 3, SEP], typeIds: [] }, 3, SEP).typeIds).toEqual([0]);
  });
});

describe('truncatePairEncoding (longest_first)', () => {
  it('a pair that fits is returned whole', () => {
    const enc = bertPair(A, B2);
    expect(truncatePairEncoding(enc, A, B2, enc.ids.length, SEP)).toEqual({ ...enc, truncated: null, kept: null });
  });

  it('the short part stays whole, the long one gets the rest; template tokens and types are kept', () => {
    const r = truncatePairEncoding(bertPair(A, B2), A, B2, 8, SEP); // 5 content tokens fit
    expect(r.ids).toEqual([CLS, 11, 12, 13, SEP, 21, 22, SEP]);
    expect(r.kept).toEqual([0, 1, 2, 3, 7, 8, 9, 10]);
    expect(r.typeIds).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect(r.truncated).toEqual({ shown: 5, total: 8, pair: { a: { shown: 3, total: 6 }, b: { shown: 2, total: 2 } } });
  });

  it('the first part short, the second long: the second is cut', () => {
    const r = truncatePairEncoding(bertPair(B2, A), B2, A, 8, SEP);
    expect(r.ids).toEqual([CLS, 21, 22, SEP, 11, 12, 13, SEP]);
    expect(r.truncated?.pair).toEqual({ a: { shown: 2, total: 2 }, b: { shown: 3, total: 6 } });
  });

  it('both long: half each, the odd token to the second part', () => {
    const r = truncatePairEncoding(bertPair(A, B6), A, B6, 8, SEP);
    expect(r.ids).toEqual([CLS, 11, 12, SEP, 21, 22, 23, SEP]);
    expect(r.typeIds).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(r.truncated).toEqual({ shown: 5, total: 12, pair: { a: { shown: 2, total: 6 }, b: { shown: 3, total: 6 } } });
  });

  it('a RoBERTa template (<s> A </s></s> B </s>, four added tokens)', () => {
    const enc = { ids: [0, ...A, 2, 2, ...B6, 2], typeIds: new Array(16).fill(0) };
    const r = truncatePairEncoding(enc, A, B6, 10, 2); // 6 content tokens fit
    expect(r.ids).toEqual([0, 11, 12, 13, 2, 2, 21, 22, 23, 2]);
    expect(r.truncated?.shown).toBe(6);
  });

  it('the compared lengths (what the Rust library measured) decide which part is longer', () => {
    // actual lengths 6 and 6, but the first part counted as 2: it stays whole-as-counted (2), the second gets 3
    const r = truncatePairEncoding(bertPair(A, B6), A, B6, 8, SEP, { a: 2, b: 6 });
    expect(r.truncated?.pair).toEqual({ a: { shown: 2, total: 6 }, b: { shown: 3, total: 6 } });
    const s = truncatePairEncoding(bertPair(A, B6), A, B6, 8, SEP, { a: 6, b: 1 });
    expect(s.truncated?.pair).toEqual({ a: { shown: 4, total: 6 }, b: { shown: 1, total: 6 } });
  });

  it('no room for content at all keeps only the template', () => {
    const r = truncatePairEncoding(bertPair(A, B2), A, B2, 3, SEP);
    expect(r.ids).toEqual([CLS, SEP, SEP]);
    expect(r.truncated).toEqual({ shown: 0, total: 8, pair: { a: { shown: 0, total: 6 }, b: { shown: 0, total: 2 } } });
  });

  it('parts that cannot be found in the encoding: the first tokens, as for one text', () => {
    const enc = bertPair(A, B2);
    const r = truncatePairEncoding(enc, [99, 98], B2, 8, SEP);
    expect(r).toEqual(truncateEncoding(enc, 8, SEP));
    expect(r.truncated?.pair).toBeUndefined();
  });

  it('a template of more than 8 tokens before the first part is not searched past', () => {
    const lead = new Array(9).fill(7);
    const enc = { ids: [...lead, ...A, SEP, ...B2, SEP], typeIds: new Array(19).fill(0) };
    expect(truncatePairEncoding(enc, A, B2, 15, SEP).truncated?.pair).toBeUndefined();
    const ok = { ids: [...lead.slice(1), ...A, SEP, ...B2, SEP], typeIds: new Array(18).fill(0) };
    expect(truncatePairEncoding(ok, A, B2, 15, SEP).truncated?.pair).toEqual({ a: { shown: 3, total: 6 }, b: { shown: 2, total: 2 } });
  });

  it('more than 8 tokens between the parts, or after the second, are not a template', () => {
    const mid = { ids: [CLS, ...A, ...new Array(9).fill(7), ...B2, SEP], typeIds: new Array(19).fill(0) };
    expect(truncatePairEncoding(mid, A, B2, 15, SEP).truncated?.pair).toBeUndefined();
    const tail = { ids: [CLS, ...A, SEP, ...B2, ...new Array(9).fill(7)], typeIds: new Array(19).fill(0) };
    expect(truncatePairEncoding(tail, A, B2, 15, SEP).truncated?.pair).toBeUndefined();
    const eight = { ids: [CLS, ...A, SEP, ...B2, ...new Array(8).fill(7)], typeIds: new Array(18).fill(0) };
    expect(truncatePairEncoding(eight, A, B2, 15, SEP).truncated?.pair).toEqual({ a: { shown: 3, total: 6 }, b: { shown: 2, total: 2 } });
  });
});
