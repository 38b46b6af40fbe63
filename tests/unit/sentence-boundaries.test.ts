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

  it('splits however much whitespace follows: double spaces, line and paragraph breaks', () => {
    for (const gap of ['  ', '\n', '\n\n', ' \t ']) {
      const t = `It rained.${gap}We stayed in.`;
      expect(sentenceBoundaries(t), JSON.stringify(gap)).toEqual(['It rained.'.length]);
    }
  });

  it('offers no split that would leave sentence B empty, after CJK punctuation either', () => {
    expect(sentenceBoundaries('今日は晴れです。 ')).toEqual([]);
    expect(sentenceBoundaries('今日は晴れです。\n\n')).toEqual([]);
    expect(sentenceBoundaries('Done.  \n')).toEqual([]);
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
