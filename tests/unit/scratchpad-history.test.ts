// The scratchpad's probe history (src/sidepanel/scratchpad/history.ts): newest first, at most 20, no duplicates,
// typing on edits the newest probe instead of adding one per pause, anything from storage normalised.
import { describe, expect, it } from 'vitest';
import { addProbe, MAX_PROBES, normalizeHistory, removeProbe, type Probe } from '../../src/sidepanel/scratchpad/history';

const texts = (h: Probe[]) => h.map((p) => p.text);

describe('scratchpad history', () => {
  it('keeps the last 20 probes, newest first', () => {
    let h: Probe[] = [];
    for (let k = 1; k <= 22; k++) h = addProbe(h, `probe ${k}.`, k);
    expect(h).toHaveLength(MAX_PROBES);
    expect(texts(h)[0]).toBe('probe 22.');
    expect(texts(h).at(-1)).toBe('probe 3.');
  });

  it('moves a repeated text to the top instead of duplicating it; ignores blank text', () => {
    let h = addProbe(addProbe(addProbe([], 'a b', 1), 'c d', 2), '  a b  ', 3);
    expect(texts(h)).toEqual(['a b', 'c d']);
    expect(h[0].at).toBe(3);
    h = addProbe(h, '   ', 4);
    expect(texts(h)).toEqual(['a b', 'c d']);
  });

  it('typing on (or deleting back) replaces the newest probe only while the same edit goes on', () => {
    let h = addProbe([], 'The cat', 1);
    h = addProbe(h, 'The cat sat', 2, true);
    expect(texts(h)).toEqual(['The cat sat']);
    h = addProbe(h, 'The cat s', 3, true);
    expect(texts(h)).toEqual(['The cat s']);
    h = addProbe(h, 'The cat sat on the mat', 4, false); // not the same edit (e.g. after a reuse): a new probe
    expect(texts(h)).toEqual(['The cat sat on the mat', 'The cat s']);
    h = addProbe(h, 'A dog', 5, true); // unrelated text: a new probe even while editing
    expect(texts(h)).toEqual(['A dog', 'The cat sat on the mat', 'The cat s']);
  });

  it('deletes one probe', () => {
    const h = addProbe(addProbe([], 'x', 1), 'y', 2);
    expect(texts(removeProbe(h, 'x'))).toEqual(['y']);
  });

  it('normalises what storage returns', () => {
    expect(normalizeHistory(undefined)).toEqual([]);
    expect(normalizeHistory('nope')).toEqual([]);
    const raw = [
      { text: ' a ', at: 5 },
      { text: 'a', at: 4 },
      { text: 3 },
      null,
      { text: 'b', at: 'x' },
      ...Array.from({ length: 30 }, (_, k) => ({ text: `t${k}`, at: k })),
    ];
    const h = normalizeHistory(raw);
    expect(h.slice(0, 2)).toEqual([
      { text: 'a', at: 5 },
      { text: 'b', at: 0 },
    ]);
    expect(h).toHaveLength(MAX_PROBES);
  });
});
