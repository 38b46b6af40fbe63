import { describe, expect, it } from 'vitest';
import { wordIndices } from '../../src/core/tokens/words';
import { clipText, coveredRange, sliceTextForTokens, truncationMessage, truncationNotice } from '../../src/core/tokens/truncate';

describe('wordIndices', () => {
  it('wordpiece: ## joins the previous word, specials are -1', () => {
    const tokens = ['[CLS]', 'un', '##believ', '##ably', ',', 'it', "'", 's', 'play', '##ing', '[SEP]'];
    const special = tokens.map((t) => t === '[CLS]' || t === '[SEP]');
    expect(wordIndices(tokens, special)).toEqual([-1, 0, 0, 0, 1, 2, 3, 4, 5, 5, -1]);
  });

  it('wordpiece: continuation right after a special starts a word; bare "##" is a word', () => {
    expect(wordIndices(['[SEP]', '##a', '##', 'b'], [true, false, false, false])).toEqual([-1, 0, 1, 2]);
  });

  it('bpe: Ġ starts a word, punctuation is its own word, pieces continue', () => {
    const tokens = ['<s>', 'Hello', 'Ġwor', 'ld', ',', 'Ġcaf', 'Ã©', '</s>'];
    const special = tokens.map((t) => t === '<s>' || t === '</s>');
    expect(wordIndices(tokens, special, { scheme: 'bpe' })).toEqual([-1, 0, 1, 1, 2, 3, 3, -1]);
  });

  it('bpe: a gap between spans starts a new word', () => {
    const spans: [number, number][] = [
      [0, 2],
      [3, 5],
    ];
    expect(wordIndices(['ab', 'cd'], [false, false], { scheme: 'bpe', spans })).toEqual([0, 1]);
    expect(
      wordIndices(['ab', 'cd'], [false, false], {
        scheme: 'bpe',
        spans: [
          [0, 2],
          [2, 4],
        ],
      }),
    ).toEqual([0, 0]);
  });

  it('sentencepiece: ▁ starts a word (a bare ▁ starts the word its next pieces continue)', () => {
    expect(wordIndices(['▁Hel', 'lo', '▁', '1', '9', '</s>'], [false, false, false, false, false, true], { scheme: 'sentencepiece' })).toEqual([
      0, 0, 1, 1, 1, -1,
    ]);
  });
});

describe('truncation', () => {
  it('truncationNotice counts content tokens against max minus [CLS]/[SEP]', () => {
    expect(truncationNotice(510, 512)).toBeNull();
    expect(truncationNotice(511, 512)).toEqual({ shown: 510, total: 511 });
    expect(truncationNotice(2000, 512)).toEqual({ shown: 510, total: 2000 });
    expect(truncationNotice(5, 4, 0)).toEqual({ shown: 4, total: 5 });
    expect(truncationNotice(0, 512)).toBeNull();
    expect(truncationMessage({ shown: 510, total: 2000 })).toBe('Showing the first 510 of 2000 tokens.');
    expect(truncationMessage(null)).toBe('');
  });

  it('coveredRange / sliceTextForTokens: the analysed prefix', () => {
    const text = 'one two three four';
    const spans: ([number, number] | null)[] = [null, [0, 3], [4, 7], [8, 13], [14, 18], null];
    expect(coveredRange(spans, 2)).toEqual([0, 7]);
    expect(sliceTextForTokens(text, spans, 2)).toBe('one two');
    expect(sliceTextForTokens(text, spans)).toBe(text);
    expect(coveredRange([null, null])).toEqual([0, 0]);
  });

  it('clipText cuts at whitespace and never inside a surrogate pair', () => {
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('hello world again', 13)).toBe('hello world');
    expect(clipText('hello world again', 11)).toBe('hello world');
    expect(clipText('abcdef', 3)).toBe('abc');
    expect(clipText('ab😀cd', 3)).toBe('ab');
  });
});
