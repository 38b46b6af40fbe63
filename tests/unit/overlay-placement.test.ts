import { describe, expect, it } from 'vitest';
import {
  CHART_HEIGHT,
  MARGIN,
  MIN_HEIGHT,
  MIN_WIDTH,
  clampRect,
  defaultSize,
  dockRect,
  dockWidth,
  fitHeight,
  moveRect,
  placeOverlay,
  planOverlay,
  resizeRect,
  visiblePart,
  type OverlayRect,
} from '../../src/content/overlay-placement';

const overlaps = (a: OverlayRect, b: OverlayRect) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
const overlapHeight = (a: OverlayRect, b: OverlayRect) => (overlaps(a, b) ? Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top) : 0);
const inside = (r: OverlayRect, vw: number, vh: number, m = 0) => r.left >= m && r.top >= m && r.left + r.width <= vw - m && r.top + r.height <= vh - m;

const VIEWPORTS = [
  [800, 600],
  [1280, 800],
  [1366, 768],
  [1920, 1080],
] as const;

/** Selections of two lines at the top, in the middle and at the bottom of the viewport, and scrolled out of view. */
function selections(vw: number, vh: number, layout: 'full' | 'column') {
  const left = layout === 'full' ? 8 : Math.max(8, (vw - 720) / 2);
  const width = layout === 'full' ? vw - 16 : Math.min(720, vw - 16);
  const h = 48;
  return {
    top: { left, top: 40, width, height: h },
    middle: { left, top: vh / 2 - h / 2, width, height: h },
    bottom: { left, top: vh - 90, width, height: h },
    'scrolled-above': { left, top: -943, width, height: h },
    'scrolled-below': { left, top: vh + 400, width, height: h },
    'partly-above': { left, top: -200, width, height: 260 },
  };
}

describe('defaultSize', () => {
  it.each(VIEWPORTS)('%i × %i: wide enough for the views, tall enough for the first chart, inside the viewport', (vw, vh) => {
    const s = defaultSize(vw, vh);
    expect(s.width).toBeGreaterThanOrEqual(460);
    expect(s.width).toBeLessThanOrEqual(Math.min(660, vw - 2 * MARGIN));
    expect(s.minHeight).toBe(Math.min(CHART_HEIGHT, vh - 2 * MARGIN));
    expect(s.height).toBeGreaterThanOrEqual(s.minHeight);
    expect(s.height).toBeLessThanOrEqual(vh - 2 * MARGIN);
  });

  it('per viewport (the documented defaults)', () => {
    expect(VIEWPORTS.map(([vw, vh]) => defaultSize(vw, vh))).toEqual([
      { width: 460, height: 576, minHeight: 520 },
      { width: 563, height: 760, minHeight: 520 },
      { width: 601, height: 744, minHeight: 520 },
      { width: 660, height: 760, minHeight: 520 },
    ]);
  });

  it('never exceeds a tiny viewport', () => {
    const s = defaultSize(300, 200);
    expect(s.width).toBe(300 - 2 * MARGIN);
    expect(s.height).toBe(200 - 2 * MARGIN);
    expect(s.minHeight).toBe(200 - 2 * MARGIN);
  });
});

describe('placeOverlay: the geometry matrix', () => {
  for (const [vw, vh] of VIEWPORTS) {
    for (const layout of ['full', 'column'] as const) {
      for (const [where, sel] of Object.entries(selections(vw, vh, layout))) {
        it(`${vw}×${vh}, ${layout}-width text, selection ${where}: inside the viewport with the first chart in sight`, () => {
          const size = defaultSize(vw, vh);
          const r = placeOverlay(sel, vw, vh);
          expect(inside(r, vw, vh, MARGIN)).toBe(true);
          expect(r.width).toBe(size.width);
          expect(r.height).toBeGreaterThanOrEqual(size.minHeight);
          const v = visiblePart(sel, vw, vh);
          if (!v) {
            // Out of view: the top-right corner at the full preferred height.
            expect(r).toEqual({ left: vw - size.width - MARGIN, top: MARGIN, width: size.width, height: size.height });
            return;
          }
          // Covers the selection only when no side has room for the first chart, and then as little as it can.
          const below = vh - MARGIN - (v.top + v.height + MARGIN);
          const above = v.top - 2 * MARGIN;
          const besideRoom = Math.max(vw - (v.left + v.width), v.left) - 2 * MARGIN;
          if (besideRoom >= size.width || Math.max(below, above) >= size.minHeight) expect(overlaps(r, v)).toBe(false);
          else expect(overlapHeight(r, v)).toBeLessThanOrEqual(size.minHeight - Math.max(below, above));
        });
      }
    }
  }
});

describe('placeOverlay', () => {
  it('goes to the right of a selection when there is room', () => {
    const sel = { left: 100, top: 200, width: 300, height: 40 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.left).toBeGreaterThanOrEqual(sel.left + sel.width);
    expect(overlaps(r, sel)).toBe(false);
    expect(inside(r, 1280, 860)).toBe(true);
  });

  it('goes to the left when the selection is at the right edge', () => {
    const sel = { left: 900, top: 300, width: 300, height: 40 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.left + r.width).toBeLessThanOrEqual(sel.left);
    expect(overlaps(r, sel)).toBe(false);
  });

  it('goes below a full-width paragraph, shortened to fit, instead of covering it', () => {
    const sel = { left: 280, top: 200, width: 712, height: 86 };
    const r = placeOverlay(sel, 1280, 860);
    expect(overlaps(r, sel)).toBe(false);
    expect(r.top).toBeGreaterThanOrEqual(sel.top + sel.height);
    expect(r.height).toBeGreaterThanOrEqual(CHART_HEIGHT);
    expect(inside(r, 1280, 860)).toBe(true);
  });

  it('goes above a full-width selection near the bottom', () => {
    const sel = { left: 10, top: 700, width: 1260, height: 60 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.top + r.height).toBeLessThanOrEqual(sel.top);
    expect(overlaps(r, sel)).toBe(false);
  });

  it('the reported case: a full-width selection mid-page in 1280 × 860 is not answered with a 366 px panel', () => {
    const sel = { left: 8, top: 405, width: 1264, height: 48 };
    const r = placeOverlay(sel, 1280, 860);
    expect(r.height).toBeGreaterThanOrEqual(CHART_HEIGHT);
    expect(inside(r, 1280, 860, MARGIN)).toBe(true);
    // Against the bottom edge, covering only the selection's last line.
    expect(r.top + r.height).toBe(860 - MARGIN);
    expect(overlapHeight(r, sel)).toBeLessThanOrEqual(CHART_HEIGHT - (860 - MARGIN - (sel.top + sel.height + MARGIN)));
  });

  it('the reported case: a selection scrolled above the viewport does not open the panel off-screen', () => {
    const r = placeOverlay({ left: 8, top: -943, width: 1264, height: 48 }, 1280, 860);
    expect(r.top).toBe(MARGIN);
    expect(inside(r, 1280, 860, MARGIN)).toBe(true);
  });

  it('stays on a small screen even when it has to cover the selection', () => {
    const sel = { left: 0, top: 0, width: 400, height: 500 };
    const r = placeOverlay(sel, 420, 520);
    expect(inside(r, 420, 520)).toBe(true);
    expect(r.width).toBeLessThanOrEqual(420 - 24);
  });

  it('without a selection rectangle, sits in the top-right corner', () => {
    const r = placeOverlay(null, 1280, 860);
    expect(r.left + r.width).toBe(1280 - MARGIN);
    expect(r.top).toBe(MARGIN);
  });
});

describe('visiblePart', () => {
  it('clips to the viewport, null when nothing is in view', () => {
    expect(visiblePart({ left: -10, top: -20, width: 50, height: 60 }, 100, 100)).toEqual({ left: 0, top: 0, width: 40, height: 40 });
    expect(visiblePart({ left: 0, top: -100, width: 50, height: 60 }, 100, 100)).toBeNull();
    expect(visiblePart({ left: 0, top: 120, width: 50, height: 60 }, 100, 100)).toBeNull();
    expect(visiblePart({ left: 120, top: 0, width: 50, height: 60 }, 100, 100)).toBeNull();
  });
});

describe('moving and resizing', () => {
  const start = { left: 100, top: 100, width: 500, height: 400 };

  it('a drag moves the overlay and stops at every edge of the viewport', () => {
    expect(moveRect(start, 50, -30, 1280, 860)).toEqual({ ...start, left: 150, top: 70 });
    expect(moveRect(start, -5000, -5000, 1280, 860)).toEqual({ ...start, left: 0, top: 0 });
    expect(moveRect(start, 5000, 5000, 1280, 860)).toEqual({ ...start, left: 1280 - 500, top: 860 - 400 });
  });

  it('the corner handle resizes, never past the viewport (the reported bottom at y = 1151 in 860)', () => {
    const r = resizeRect(start, { right: true, bottom: true }, 2000, 2000, 1280, 860);
    expect(r).toEqual({ left: 100, top: 100, width: 1180, height: 760 });
    expect(inside(r, 1280, 860)).toBe(true);
  });

  it('edges keep the opposite edge in place and stop at the minimum size', () => {
    expect(resizeRect(start, { left: true }, 1000, 0, 1280, 860)).toEqual({ left: 600 - MIN_WIDTH, top: 100, width: MIN_WIDTH, height: 400 });
    expect(resizeRect(start, { top: true }, 0, -500, 1280, 860)).toEqual({ left: 100, top: 0, width: 500, height: 500 });
    expect(resizeRect(start, { bottom: true }, 0, -1000, 1280, 860)).toEqual({ ...start, height: MIN_HEIGHT });
    expect(resizeRect(start, { left: true, top: true }, -40, -60, 1280, 860)).toEqual({ left: 60, top: 40, width: 540, height: 460 });
  });

  it('a window resize clamps (moves first, shrinks only when it must)', () => {
    const r = { left: 700, top: 400, width: 560, height: 440 };
    expect(clampRect(r, 1000, 700)).toEqual({ left: 440, top: 260, width: 560, height: 440 });
    expect(clampRect(r, 500, 400)).toEqual({ left: 0, top: 0, width: 500, height: 400 });
    expect(clampRect({ ...r, width: 10, height: 10 }, 1280, 860)).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT });
  });

  it('fitHeight grows (never shrinks) and stays inside', () => {
    const r = { left: 700, top: 500, width: 560, height: 300 };
    expect(fitHeight(r, 450, 1280, 860)).toEqual({ ...r, top: 860 - MARGIN - 450, height: 450 });
    expect(fitHeight(r, 200, 1280, 860)).toBe(r);
    expect(fitHeight(r, 5000, 1280, 860)).toEqual({ ...r, top: MARGIN, height: 860 - 2 * MARGIN });
  });

  it('docks a full-height column at either side, at most 60 % of the width', () => {
    expect(dockRect('right', 560, 1280, 860)).toEqual({ left: 720, top: 0, width: 560, height: 860 });
    expect(dockRect('left', 560, 1280, 860)).toEqual({ left: 0, top: 0, width: 560, height: 860 });
    expect(dockWidth(5000, 1280)).toBe(768);
    expect(dockWidth(10, 1280)).toBe(MIN_WIDTH);
    expect(dockWidth(500, 300)).toBe(300);
  });
});

describe('planOverlay: a little page scroll instead of covering the selection', () => {
  const room = { up: 5000, down: 5000 };

  it('scrolls a mid-viewport full-width selection up just enough for the overlay below it', () => {
    const sel = { left: 8, top: 405, width: 1264, height: 48 };
    const plan = planOverlay(sel, 1280, 860, room);
    expect(plan.scroll).toBeGreaterThan(0);
    const moved = { ...sel, top: sel.top - plan.scroll };
    expect(overlaps(plan.rect, moved)).toBe(false);
    expect(moved.top).toBeGreaterThanOrEqual(0);
    expect(plan.rect.height).toBeGreaterThanOrEqual(CHART_HEIGHT);
    expect(inside(plan.rect, 1280, 860, MARGIN)).toBe(true);
    expect(plan.rect.top).toBeGreaterThanOrEqual(moved.top + moved.height);
  });

  it('scrolls the other way when the page cannot scroll further down', () => {
    const sel = { left: 8, top: 405, width: 1264, height: 48 };
    const plan = planOverlay(sel, 1280, 860, { up: 5000, down: 0 });
    expect(plan.scroll).toBeLessThan(0);
    const moved = { ...sel, top: sel.top - plan.scroll };
    expect(overlaps(plan.rect, moved)).toBe(false);
    expect(moved.top + moved.height).toBeLessThanOrEqual(860);
  });

  it('does not scroll when the overlay does not cover the selection, or when scrolling cannot help', () => {
    expect(planOverlay({ left: 100, top: 200, width: 300, height: 40 }, 1280, 860, room).scroll).toBe(0);
    expect(planOverlay({ left: 8, top: -943, width: 1264, height: 48 }, 1280, 860, room).scroll).toBe(0);
    expect(planOverlay({ left: 8, top: 405, width: 1264, height: 48 }, 1280, 860, { up: 0, down: 0 }).scroll).toBe(0);
    // 800 × 600: a three-line selection and a 520 px overlay do not fit one above the other.
    expect(planOverlay({ left: 8, top: 264, width: 784, height: 72 }, 800, 600, room).scroll).toBe(0);
    // … a two-line one does, at the very top.
    const plan = planOverlay({ left: 8, top: 276, width: 784, height: 48 }, 800, 600, room);
    expect(plan.scroll).toBe(268);
    expect(plan.rect).toEqual({ left: 800 - 12 - 460, top: 8 + 48 + 12, width: 460, height: 520 });
  });

  it.each(VIEWPORTS)('%i × %i: the plan is always inside the viewport', (vw, vh) => {
    for (const sel of Object.values(selections(vw, vh, 'full'))) {
      const plan = planOverlay(sel, vw, vh, room);
      expect(inside(plan.rect, vw, vh, MARGIN)).toBe(true);
      expect(plan.rect.height).toBeGreaterThanOrEqual(defaultSize(vw, vh).minHeight);
    }
  });
});
