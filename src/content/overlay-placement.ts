// Where the in-page overlay goes and how it moves (pure geometry, unit-tested): its default size for a viewport,
// the first placement beside / below / above the selection, clamping into the viewport (after a drag, a resize or
// a window resize), resizing from an edge or corner, fitting its height to the content, and the docked column.

export interface OverlayRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Space kept between the overlay and the viewport's edges (and the selection) when it is placed automatically. */
export const MARGIN = 12;
/** The smallest size a user can resize the overlay to (or the viewport, when smaller). */
export const MIN_WIDTH = 320;
export const MIN_HEIGHT = 240;
/**
 * The height at which the first chart of the views is in sight: the overlay's title bar (38 px), the panel's
 * header, tabs and controls and the chart's own title and legend (≈ 430 px at 460–660 px wide) plus its first
 * rows. The overlay never opens shorter than this unless the viewport itself is shorter; the frame asks for more
 * (fitHeight) when its content needs it.
 */
export const CHART_HEIGHT = 520;
const MAX_HEIGHT = 760;
const MIN_DEFAULT_WIDTH = 460;
const MAX_DEFAULT_WIDTH = 660;
/** Share of the viewport's width the default overlay takes (between the two bounds above). */
const WIDTH_SHARE = 0.44;
/** A docked column takes at most this share of the viewport's width. */
const MAX_DOCK_SHARE = 0.6;

export type DockSide = 'left' | 'right';

export interface OverlaySize {
  width: number;
  /** Preferred height (beside the selection, or when there is room). */
  height: number;
  /** Height below which the first chart would be out of sight: the overlay covers part of the selection rather. */
  minHeight: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, hi));

/** The overlay's default size in a `vw` × `vh` viewport. */
export function defaultSize(vw: number, vh: number): OverlaySize {
  const room = { w: Math.max(0, vw - 2 * MARGIN), h: Math.max(0, vh - 2 * MARGIN) };
  const width = Math.min(room.w, clamp(Math.round(vw * WIDTH_SHARE), MIN_DEFAULT_WIDTH, MAX_DEFAULT_WIDTH));
  return { width, height: Math.min(room.h, MAX_HEIGHT), minHeight: Math.min(room.h, CHART_HEIGHT) };
}

/** The part of `r` inside the viewport; null when none of it is (the selection was scrolled out of view). */
export function visiblePart(r: OverlayRect, vw: number, vh: number): OverlayRect | null {
  const left = Math.max(0, r.left);
  const top = Math.max(0, r.top);
  const right = Math.min(vw, r.left + r.width);
  const bottom = Math.min(vh, r.top + r.height);
  if (right < left || bottom < top || (right === left && bottom === top)) return null;
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Where to open the overlay: beside the selection if there is room, else below or above it (whichever has more
 * room, shortened to fit but never below `size.minHeight`); when neither leaves the first chart in sight, it goes
 * to the roomier side at that height and covers as little of the selection as it can. Without a selection in the
 * viewport (none, or scrolled out of view) it sits in the top-right corner. Always fully inside the viewport.
 */
export function placeOverlay(sel: OverlayRect | null, vw: number, vh: number, size: OverlaySize = defaultSize(vw, vh)): OverlayRect {
  const { width, height, minHeight } = size;
  const clampX = (x: number) => clamp(x, MARGIN, Math.max(MARGIN, vw - width - MARGIN));
  const clampY = (y: number, h = height) => clamp(y, MARGIN, Math.max(MARGIN, vh - h - MARGIN));
  const corner = { left: clampX(vw - width - MARGIN), top: MARGIN, width, height };
  const v = sel ? visiblePart(sel, vw, vh) : null;
  if (!v) return corner;
  const right = v.left + v.width;
  const bottom = v.top + v.height;
  if (right + MARGIN + width <= vw - MARGIN) return { left: right + MARGIN, top: clampY(v.top), width, height };
  if (v.left - MARGIN - width >= MARGIN) return { left: v.left - MARGIN - width, top: clampY(v.top), width, height };
  const left = clampX(right - width);
  const belowTop = bottom + MARGIN;
  const belowRoom = vh - MARGIN - belowTop;
  const aboveRoom = v.top - 2 * MARGIN;
  if (Math.max(belowRoom, aboveRoom) >= minHeight) {
    const h = Math.min(height, Math.max(belowRoom, aboveRoom));
    return { left, top: belowRoom >= aboveRoom ? belowTop : v.top - MARGIN - h, width, height: h };
  }
  // No side leaves the chart in sight: the roomier side, against the viewport's edge, covering the fewest lines.
  const h = Math.min(minHeight, Math.max(0, vh - 2 * MARGIN));
  return { left, top: belowRoom >= aboveRoom ? Math.max(MARGIN, vh - MARGIN - h) : MARGIN, width, height: h };
}

const overlaps = (a: OverlayRect, b: OverlayRect) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

export interface OverlayPlan {
  rect: OverlayRect;
  /** Page scroll (px, positive: down) that makes room for the overlay next to the selection; 0: none. */
  scroll: number;
}

/**
 * placeOverlay, and when that would cover the selection, the smallest page scroll (within `room`: how far the page
 * can scroll up and down) that moves the selection far enough to the top (overlay below) or bottom (overlay above)
 * for the overlay to fit at its minimum height without covering it, the selection staying in view. Without such a
 * scroll (short page, tall selection) the overlay covers part of the selection as placeOverlay decided.
 */
export function planOverlay(
  sel: OverlayRect | null,
  vw: number,
  vh: number,
  room: { up: number; down: number },
  size: OverlaySize = defaultSize(vw, vh),
): OverlayPlan {
  const rect = placeOverlay(sel, vw, vh, size);
  const v = sel ? visiblePart(sel, vw, vh) : null;
  if (!sel || !v || !overlaps(rect, v)) return { rect, scroll: 0 };
  const bottom = sel.top + sel.height;
  const options: number[] = [];
  // Overlay below: the selection's bottom at vh − 2·MARGIN − minHeight, its top still in view.
  const down = Math.ceil(bottom - (vh - 2 * MARGIN - size.minHeight));
  if (down > 0 && down <= room.down && sel.top - down >= 0) options.push(down);
  // Overlay above: the selection's top at 2·MARGIN + minHeight, its bottom still in view.
  const up = Math.ceil(2 * MARGIN + size.minHeight - sel.top);
  if (up > 0 && up <= room.up && bottom + up <= vh) options.push(-up);
  if (!options.length) return { rect, scroll: 0 };
  const scroll = options.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
  const moved = placeOverlay({ ...sel, top: sel.top - scroll }, vw, vh, size);
  const mv = visiblePart({ ...sel, top: sel.top - scroll }, vw, vh);
  return mv && overlaps(moved, mv) ? { rect, scroll: 0 } : { rect: moved, scroll };
}

/**
 * `r` moved and shrunk as little as needed to lie inside the viewport, `margin` px from its edges (a user's own
 * placement may touch the edges: margin 0). Never smaller than MIN_WIDTH × MIN_HEIGHT unless the viewport is.
 */
export function clampRect(r: OverlayRect, vw: number, vh: number, margin = 0): OverlayRect {
  const maxW = Math.max(0, vw - 2 * margin);
  const maxH = Math.max(0, vh - 2 * margin);
  const width = clamp(r.width, Math.min(MIN_WIDTH, maxW), maxW);
  const height = clamp(r.height, Math.min(MIN_HEIGHT, maxH), maxH);
  return {
    left: clamp(r.left, margin, Math.max(margin, vw - margin - width)),
    top: clamp(r.top, margin, Math.max(margin, vh - margin - height)),
    width,
    height,
  };
}

/** `start` moved by (dx, dy), kept inside the viewport. */
export function moveRect(start: OverlayRect, dx: number, dy: number, vw: number, vh: number): OverlayRect {
  return clampRect({ ...start, left: start.left + dx, top: start.top + dy }, vw, vh);
}

/** Which edges a resize handle moves. */
export interface Edges {
  left?: boolean;
  right?: boolean;
  top?: boolean;
  bottom?: boolean;
}

/**
 * `start` resized by dragging `edges` by (dx, dy): the opposite edges stay put, the moved ones stop at the
 * viewport's edges and at the minimum size.
 */
export function resizeRect(start: OverlayRect, edges: Edges, dx: number, dy: number, vw: number, vh: number): OverlayRect {
  const minW = Math.min(MIN_WIDTH, vw);
  const minH = Math.min(MIN_HEIGHT, vh);
  let l = start.left;
  let r = start.left + start.width;
  let t = start.top;
  let b = start.top + start.height;
  if (edges.right) r = clamp(r + dx, l + minW, vw);
  if (edges.left) l = clamp(l + dx, 0, r - minW);
  if (edges.bottom) b = clamp(b + dy, t + minH, vh);
  if (edges.top) t = clamp(t + dy, 0, b - minH);
  return clampRect({ left: l, top: t, width: r - l, height: b - t }, vw, vh);
}

/**
 * The overlay grown (never shrunk) to `want` px of height so its first chart is in sight, up to the viewport's
 * height less the margins, moved up as much as the growth needs to stay inside.
 */
export function fitHeight(r: OverlayRect, want: number, vw: number, vh: number): OverlayRect {
  const height = Math.max(r.height, Math.min(want, vh - 2 * MARGIN));
  if (height === r.height) return r;
  return clampRect({ ...r, height, top: Math.min(r.top, vh - MARGIN - height) }, vw, vh, 0);
}

/** Width of a docked column: the requested one, within MIN_WIDTH and 60 % of the viewport. */
export function dockWidth(want: number, vw: number): number {
  return Math.round(clamp(want, Math.min(MIN_WIDTH, vw), Math.max(Math.min(MIN_WIDTH, vw), vw * MAX_DOCK_SHARE)));
}

/** The docked overlay: a full-height column at one side of the viewport. */
export function dockRect(side: DockSide, width: number, vw: number, vh: number): OverlayRect {
  const w = dockWidth(width, vw);
  return { left: side === 'left' ? 0 : vw - w, top: 0, width: w, height: vh };
}
