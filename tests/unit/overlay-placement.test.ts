import { describe, expect, it } from 'vitest';
import { placeOverlay, type OverlayRect } from '../../src/content/overlay-placement';

const overlaps = (a: OverlayRect, b: OverlayRect) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
const onScreen = (r: OverlayRect, vw: number, vh: number) => r.left >= 0 && r.top >= 0 && r.left + r.width <= vw && r.top + r.height <= vh;

describe('placeOverlay', () => {
  it('goes to the right of a selection when there is room', () => {
    const sel = { left: 100, top: 200, width: 300, height: 40 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.left).toBeGreaterThanOrEqual(sel.left + sel.width);
    expect(overlaps(r, sel)).toBe(false);
    expect(onScreen(r, 1280, 860)).toBe(true);
  });

  it('goes to the left when the selection is at the right edge', () => {
    const sel = { left: 900, top: 300, width: 300, height: 40 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.left + r.width).toBeLessThanOrEqual(sel.left);
    expect(overlaps(r, sel)).toBe(false);
  });

  it('goes below a full-width paragraph, shortened to fit, instead of covering it', () => {
    const sel = { left: 280, top: 245, width: 712, height: 86 };
    const r = placeOverlay(sel, 1280, 860);
    expect(overlaps(r, sel)).toBe(false);
    expect(r.top).toBeGreaterThanOrEqual(sel.top + sel.height);
    expect(r.height).toBeGreaterThanOrEqual(280);
    expect(onScreen(r, 1280, 860)).toBe(true);
  });

  it('goes above a full-width selection near the bottom', () => {
    const sel = { left: 10, top: 700, width: 1260, height: 60 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.top + r.height).toBeLessThanOrEqual(sel.top);
    expect(overlaps(r, sel)).toBe(false);
  });

  it('stays on a small screen even when it has to cover the selection', () => {
    const sel = { left: 0, top: 0, width: 400, height: 500 };
    const r = placeOverlay(sel, 420, 520);
    expect(onScreen(r, 420, 520)).toBe(true);
    expect(r.width).toBeLessThanOrEqual(420 - 24);
  });

  it('without a selection rectangle, sits in the top-right corner', () => {
    const r = placeOverlay(null, 1280, 860);
    expect(r.left + r.width).toBe(1280 - 12);
    expect(r.top).toBe(12);
  });
});
