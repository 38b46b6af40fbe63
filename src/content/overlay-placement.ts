// Where the in-page overlay goes, given the selection's rectangle and the viewport (pure geometry).

const WIDTH = 560;
const MAX_HEIGHT = 640;
const MARGIN = 12;
const MIN_HEIGHT = 280;

export interface OverlayRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where to put the overlay: beside the selection if there is room, else below or above it (whichever
 * has more room, shortening the panel to fit), and only as a last resort over it, in a corner.
 */
export function placeOverlay(sel: OverlayRect | null, vw: number, vh: number): OverlayRect {
  const width = Math.min(WIDTH, vw - 2 * MARGIN);
  const height = Math.min(MAX_HEIGHT, vh - 2 * MARGIN);
  const clampX = (x: number) => Math.max(MARGIN, Math.min(x, vw - width - MARGIN));
  const clampY = (y: number, h = height) => Math.max(MARGIN, Math.min(y, vh - h - MARGIN));
  if (!sel) return { left: clampX(vw - width - MARGIN), top: MARGIN, width, height };
  if (sel.left + sel.width + MARGIN + width <= vw - MARGIN) {
    return { left: sel.left + sel.width + MARGIN, top: clampY(sel.top), width, height };
  }
  if (sel.left - MARGIN - width >= MARGIN) return { left: sel.left - MARGIN - width, top: clampY(sel.top), width, height };
  const belowTop = sel.top + sel.height + MARGIN;
  const belowRoom = vh - MARGIN - belowTop;
  const aboveRoom = sel.top - 2 * MARGIN;
  if (Math.max(belowRoom, aboveRoom) >= MIN_HEIGHT) {
    const h = Math.min(height, Math.max(belowRoom, aboveRoom));
    const top = belowRoom >= aboveRoom ? belowTop : sel.top - MARGIN - h;
    return { left: clampX(sel.left + sel.width - width), top, width, height: h };
  }
  return { left: clampX(vw - width - MARGIN), top: MARGIN, width, height };
}
