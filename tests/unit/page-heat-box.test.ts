// The page heat's boxes: a one-character token must not read as a text caret.
import { describe, expect, it } from 'vitest';
import { heatBox } from '../../src/content/page-heat';

describe('heatBox', () => {
  it('paints a word over its whole rectangle', () => {
    const word = { left: 10, top: 100, width: 48, height: 20 };
    expect(heatBox(word)).toEqual(word);
  });
  it('paints a sliver (".", ",") over the lower part of the line, wider than the glyph, centred on it', () => {
    const dot = { left: 50, top: 100, width: 3, height: 20 };
    const box = heatBox(dot);
    expect(box.height).toBeLessThan(dot.height * 0.6);
    expect(box.top + box.height).toBe(dot.top + dot.height); // sits on the line's bottom, where the mark is
    expect(box.width).toBeGreaterThan(dot.width);
    expect(box.left + box.width / 2).toBeCloseTo(dot.left + dot.width / 2);
    expect(box.width / box.height).toBeGreaterThan(0.5); // no longer a tall thin bar
  });
});
