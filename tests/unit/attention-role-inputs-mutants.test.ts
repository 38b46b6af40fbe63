// rowsInSplitWords: whether any selected row is a piece of a word of several non-special tokens.
import { describe, expect, it } from 'vitest';
import { rowsInSplitWords } from '../../src/core/attention/role-inputs';
import type { TokenInfo } from '../../src/shared/attention-result';

/** Tokens from [text, word] pairs; '[CLS]', '[SEP]' and '[MASK]' are special. */
function toks(pairs: Array<[string, number]>): TokenInfo[] {
  return pairs.map(([text, word], k) => ({ text, id: 1000 + k, span: null, special: /^\[[A-Z]+\]$/.test(text), word, segment: 0 }));
}

const nonSpecial = (t: TokenInfo[]) => t.map((x) => !x.special);

describe('rowsInSplitWords', () => {
  it('is false when every word is one token', () => {
    const t = toks([
      ['[CLS]', -1],
      ['the', 0],
      ['cat', 1],
      ['sat', 2],
      ['[SEP]', -1],
    ]);
    expect(rowsInSplitWords(t, nonSpecial(t))).toBe(false);
  });

  it('is true when the first word (word 0) is split and its rows are selected', () => {
    const t = toks([
      ['[CLS]', -1],
      ['straw', 0],
      ['##berries', 0],
      ['are', 1],
      ['[SEP]', -1],
    ]);
    expect(rowsInSplitWords(t, nonSpecial(t))).toBe(true);
    expect(rowsInSplitWords(t, [false, false, true, false, false])).toBe(true);
  });

  it('is false when the split word’s rows are not selected', () => {
    const t = toks([
      ['[CLS]', -1],
      ['straw', 0],
      ['##berries', 0],
      ['are', 1],
      ['red', 2],
      ['[SEP]', -1],
    ]);
    expect(rowsInSplitWords(t, [false, false, false, true, true, false])).toBe(false);
    expect(rowsInSplitWords(t, new Array<boolean>(t.length).fill(false))).toBe(false);
  });

  it('does not count special tokens as pieces of a word, nor select their rows', () => {
    // "[MASK]" typed in the text right after "cat" carries cat's word index but is special
    const t = toks([
      ['[CLS]', -1],
      ['a', 0],
      ['cat', 1],
      ['[MASK]', 1],
      ['[SEP]', -1],
    ]);
    expect(rowsInSplitWords(t, nonSpecial(t))).toBe(false);
    expect(
      rowsInSplitWords(
        t,
        t.map(() => true),
      ),
    ).toBe(false);
  });

  it('several special tokens (word −1) never make a split word, even with their rows selected', () => {
    const t = toks([
      ['[CLS]', -1],
      ['one', 0],
      ['[SEP]', -1],
      ['two', 1],
      ['[SEP]', -1],
    ]);
    expect(
      rowsInSplitWords(
        t,
        t.map(() => true),
      ),
    ).toBe(false);
  });
});
