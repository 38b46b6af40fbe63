import { describe, expect, it } from 'vitest';
import { sentenceBoundaries } from '../../src/core/text/sentence-boundaries';

describe('sentenceBoundaries', () => {
  it('finds the split after each sentence that has another after it', () => {
    const t = 'Where is the station? It is two blocks north. Thanks!';
    const b = sentenceBoundaries(t);
    expect(b.map((k) => t.slice(0, k))).toEqual(['Where is the station?', 'Where is the station? It is two blocks north.']);
  });

  it('does not split numbers, abbreviations glued to words, or trailing punctuation', () => {
    expect(sentenceBoundaries('Pi is 3.14 exactly.')).toEqual([]);
    expect(sentenceBoundaries('Done.')).toEqual([]);
  });

  it('keeps closing quotes with sentence A', () => {
    const t = 'He said "stop." Then he left.';
    expect(t.slice(0, sentenceBoundaries(t)[0])).toBe('He said "stop."');
  });

  it('splits CJK sentences without spaces', () => {
    const t = '今日は晴れです。明日は雨です。';
    expect(sentenceBoundaries(t).map((k) => t.slice(0, k))).toEqual(['今日は晴れです。']);
  });
});
