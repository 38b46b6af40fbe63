import { describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../src/shared/attention-result';
import { hideSpecial, nonSpecialMask } from '../../src/core/attention/special';
import { mergeGroups, mergeWords, pieceText, wordGroups } from '../../src/core/attention/words';

const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, k) => expect(v).toBeCloseTo(b[k], 6));
};
const tok = (text: string, word: number, special = false): TokenInfo => ({ text, id: 0, span: null, special, word, segment: 0 });

describe('hideSpecial', () => {
  // tokens: [CLS] a b [SEP]
  const m = Float32Array.from([
    0.4,
    0.2,
    0.2,
    0.2, // [CLS]
    0.5,
    0.25,
    0.125,
    0.125, // a
    0.25,
    0.25,
    0.25,
    0.25, // b
    0,
    0,
    1,
    0, // [SEP]
  ]);

  it('drops special rows/columns and renormalises kept rows', () => {
    // a: [.25,.125] / .375 = [2/3, 1/3];  b: [.25,.25] / .5 = [.5,.5]
    const { matrix, index } = hideSpecial(m, 4, [false, true, true, false]);
    expect(index).toEqual([1, 2]);
    close(matrix, [2 / 3, 1 / 3, 0.5, 0.5]);
  });

  it('a row left with no mass stays all zero', () => {
    // keep a and [SEP]: a → [.25,.125]/.375 = [2/3,1/3]; [SEP] row over cols (1,3) = [0,0] → stays [0,0]
    const { matrix, index } = hideSpecial(m, 4, [false, true, false, true]);
    expect(index).toEqual([1, 3]);
    close(matrix, [2 / 3, 1 / 3, 0, 0]);
  });

  it('keeping everything only renormalises; keeping nothing gives an empty matrix', () => {
    close(hideSpecial(m, 4, [true, true, true, true]).matrix, Array.from(m));
    expect(hideSpecial(m, 4, [false, false, false, false])).toEqual({ matrix: new Float32Array(0), index: [] });
  });

  it('nonSpecialMask', () => {
    expect(nonSpecialMask([tok('[CLS]', -1, true), tok('a', 0), tok('[SEP]', -1, true)])).toEqual([false, true, false]);
  });
});

describe('word mode', () => {
  const tokens = [tok('[CLS]', -1, true), tok('play', 0), tok('##ing', 0), tok('now', 1), tok('[SEP]', -1, true)];
  const m = Float32Array.from([
    0.2,
    0.2,
    0.2,
    0.2,
    0.2, // [CLS]
    0.1,
    0.3,
    0.3,
    0.2,
    0.1, // play
    0.0,
    0.5,
    0.1,
    0.2,
    0.2, // ##ing
    0.4,
    0.1,
    0.1,
    0.2,
    0.2, // now
    0.2,
    0.2,
    0.2,
    0.2,
    0.2, // [SEP]
  ]);

  it('groups pieces and labels words without ##', () => {
    expect(wordGroups(tokens)).toEqual([[0], [1, 2], [3], [4]]);
    const w = mergeWords(m, 5, tokens);
    expect(w.n).toBe(4);
    expect(w.labels).toEqual(['[CLS]', 'playing', 'now', '[SEP]']);
    expect(w.groups).toEqual([[0], [1, 2], [3], [4]]);
  });

  it('TO a word = sum over pieces, FROM a word = mean over pieces', () => {
    // [CLS] row: to "playing" = .2 + .2 = .4 → [.2, .4, .2, .2]
    // "playing" row = mean of rows play and ##ing:
    //   to [CLS]    (.1 + 0)/2           = .05
    //   to playing  ((.3+.3) + (.5+.1))/2 = .6
    //   to now      (.2 + .2)/2           = .2
    //   to [SEP]    (.1 + .2)/2           = .15      (row sums to 1)
    // "now" row: [.4, .1+.1, .2, .2] = [.4, .2, .2, .2]
    const w = mergeWords(m, 5, tokens);
    close(w.matrix, [0.2, 0.4, 0.2, 0.2, 0.05, 0.6, 0.2, 0.15, 0.4, 0.2, 0.2, 0.2, 0.2, 0.4, 0.2, 0.2]);
  });

  it('adjacent specials stay separate; a repeated word index after a gap is a new group', () => {
    expect(wordGroups([tok('[CLS]', -1, true), tok('[SEP]', -1, true), tok('a', 0), tok('b', 1), tok('c', 0)])).toEqual([[0], [1], [2], [3], [4]]);
  });

  it('mergeGroups drops tokens in no group', () => {
    // groups {0,1} and {2} of a 3×3: token... all covered here; then drop token 2.
    const a = Float32Array.from([0.5, 0.25, 0.25, 0, 1, 0, 0.5, 0, 0.5]);
    close(mergeGroups(a, 3, [[0, 1], [2]]), [(0.75 + 1) / 2, 0.25 / 2, 0.5, 0.5]);
    close(mergeGroups(a, 3, [[0], [1]]), [0.5, 0.25, 0, 1]);
  });

  it('attention to a token in no group is dropped, never credited to a neighbouring word', () => {
    // every row gives token 2 some attention; merging only {0} and {1} leaves rows short of 1 by exactly that
    const a = Float32Array.from([0.5, 0.2, 0.3, 0.1, 0.6, 0.3, 0.4, 0.4, 0.2]);
    close(mergeGroups(a, 3, [[0], [1]]), [0.5, 0.2, 0.1, 0.6]);
    close(mergeGroups(a, 3, [[1], [0]]), [0.6, 0.1, 0.2, 0.5]);
  });

  it('mergeWords reads only the first n tokens when given more than the matrix holds', () => {
    const more = [...tokens, tok('later', 2), tok('##on', 2)];
    const w = mergeWords(m, 5, more);
    expect(w.labels).toEqual(['[CLS]', 'playing', 'now', '[SEP]']);
    expect(w.groups).toEqual([[0], [1, 2], [3], [4]]);
    expect(w.n).toBe(4);
    close(w.matrix, Array.from(mergeWords(m, 5, tokens).matrix));
  });

  it('pieceText strips ##, Ġ and ▁', () => {
    expect(['##ing', 'Ġworld', '▁the', '##', 'Ġ', 'plain'].map(pieceText)).toEqual(['ing', 'world', 'the', '##', 'Ġ', 'plain']);
  });
});
