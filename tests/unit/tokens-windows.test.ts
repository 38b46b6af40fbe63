// Window planning edge cases (src/core/tokens/windows.ts), each plan worked out by hand from the rules: a window ends
// at the last sentence end in its tail (never before size − tail), the next starts `overlap` before that end or at
// the first sentence start in that stretch. A wrong plan shows as "window 3 of 12" cutting sentences, or tokens
// coloured from the wrong window.
import { describe, expect, it } from 'vitest';
import { centralWindow, charRangeOf, paragraphWindows, planWindows, sentenceEndsOf } from '../../src/core/tokens/windows';

const w = (...pairs: Array<[number, number]>) => pairs.map(([start, end]) => ({ start, end }));

describe('planWindows edges', () => {
  it('exactly the window size is one window; one token more makes two', () => {
    expect(planWindows(10, { size: 10 })).toEqual(w([0, 10]));
    expect(planWindows(11, { size: 10, overlap: 0 })).toEqual(w([0, 10], [10, 11]));
  });

  it('the tail is capped at half a window: a sentence end before that is not used', () => {
    expect(planWindows(20, { size: 10, overlap: 0, tail: 8, sentenceEnds: [3] })).toEqual(w([0, 10], [10, 20]));
  });

  it('sentence ends are deduplicated, sorted and kept inside (0, count)', () => {
    expect(planWindows(20, { size: 10, overlap: 0, tail: 5, sentenceEnds: [15, 8, 8, 0, 25, -3] })).toEqual(w([0, 8], [8, 15], [15, 20]));
  });

  it('a sentence end at the window’s own end or at the start of its tail counts', () => {
    expect(planWindows(20, { size: 10, overlap: 4, sentenceEnds: [7, 10] })).toEqual(w([0, 10], [7, 17], [13, 20]));
    expect(planWindows(20, { size: 10, overlap: 4, sentenceEnds: [6] })).toEqual(w([0, 6], [2, 12], [8, 18], [14, 20]));
  });

  it('the next window starts at a sentence start inside the overlap, up to the token before the end', () => {
    expect(planWindows(20, { size: 10, overlap: 4, sentenceEnds: [8, 9] })).toEqual(w([0, 9], [8, 18], [14, 20]));
    // a sentence end at the cut itself is not a start for the next window
    expect(planWindows(20, { size: 10, overlap: 4, sentenceEnds: [8] })).toEqual(w([0, 8], [4, 14], [10, 20]));
  });

  it('always moves forward, even when a short window and the overlap would start it again at 0', () => {
    expect(planWindows(8, { size: 4, overlap: 2, tail: 2, sentenceEnds: [2] })).toEqual(w([0, 2], [1, 5], [3, 7], [5, 8]));
  });
});

describe('centralWindow', () => {
  it('each token goes to the window where it is furthest from an edge; a tie goes to the earlier window', () => {
    expect(Array.from(centralWindow(5, w([0, 4], [1, 5])))).toEqual([0, 0, 0, 1, 1]);
  });
  it('tokens no window covers get −1', () => {
    expect(Array.from(centralWindow(4, w([0, 2])))).toEqual([0, 0, -1, -1]);
  });
});

describe('sentenceEndsOf edges', () => {
  const spansOf = (text: string, pieces: string[]) => {
    let at = 0;
    return pieces.map((p) => {
      const s = text.indexOf(p, at);
      at = s + p.length;
      return [s, at] as [number, number];
    });
  };
  it('a dash stuck to the full stop does not hide the sentence end (only letters or digits do: "3.14")', () => {
    const text = 'Stop.—Go';
    expect(sentenceEndsOf(text, spansOf(text, ['Stop', '.', '—', 'Go']))).toEqual([2]);
  });
  it('closing brackets extend the sentence, and the search goes on after them', () => {
    const text = 'Hi!) Yes.';
    expect(sentenceEndsOf(text, spansOf(text, ['Hi', '!', ')', 'Yes', '.']))).toEqual([3, 5]);
  });
  it('an unplaced token after the full stop ends the closers', () => {
    expect(sentenceEndsOf('a. b', [[0, 1], [1, 2], null, [3, 4]])).toEqual([2]);
  });
});

describe('charRangeOf', () => {
  it('from the first placed token’s start (0 included) to the furthest end', () => {
    expect(
      charRangeOf(
        [
          [0, 2],
          [3, 5],
        ],
        0,
        2,
      ),
    ).toEqual([0, 5]);
    expect(charRangeOf([[0, 2]], 0, 1)).toEqual([0, 2]);
    expect(charRangeOf([null, [4, 6], [2, 3]], 0, 3)).toEqual([4, 6]);
  });
  it('a zero-width token at 0 gives [0, 0]; no placed token gives [0, 0]', () => {
    expect(charRangeOf([[0, 0]], 0, 1)).toEqual([0, 0]);
    expect(charRangeOf([null, null], 0, 2)).toEqual([0, 0]);
  });
});

describe('paragraphWindows with unplaced tokens', () => {
  it('an unplaced first token starts at 0; each paragraph takes its middle token’s central window; an empty one −1', () => {
    const spans = [null, [0, 2], [3, 5], [6, 8], [9, 11]] as Array<[number, number] | null>;
    expect(
      paragraphWindows(
        [
          [0, 5],
          [6, 11],
          [20, 25],
        ],
        spans,
        w([0, 3], [2, 5]),
      ),
    ).toEqual([0, 1, -1]);
  });
  it('an unplaced token inside starts where the one before it ends', () => {
    const spans = [[0, 2], null, [3, 5], [6, 8], [9, 11]] as Array<[number, number] | null>;
    expect(
      paragraphWindows(
        [
          [0, 5],
          [6, 11],
        ],
        spans,
        w([0, 3], [2, 5]),
      ),
    ).toEqual([0, 1]);
  });
});
