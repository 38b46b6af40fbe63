// Head-view layout: row height, font, column widths for a token count and available width.
import { EXPORT_FONT, measureText } from '../lib/svg';

export interface HeadGeometry {
  rowH: number;
  fontSize: number;
  gutter: number;
  colW: number;
  midW: number;
  totalW: number;
  height: number;
  stroke: number;
  /** Canvas instead of SVG lines. */
  canvas: boolean;
}

export const CANVAS_THRESHOLD = 150;

export function headGeometry(labels: string[], width: number, compact: boolean): HeadGeometry {
  const n = labels.length;
  const rowH = n <= 40 ? 22 : n <= CANVAS_THRESHOLD ? 18 : 15;
  const fontSize = n <= 40 ? 13 : n <= CANVAS_THRESHOLD ? 12 : 11;
  const font = `${fontSize}px ${EXPORT_FONT}`;
  let maxLabel = 0;
  for (const l of labels) maxLabel = Math.max(maxLabel, measureText(l, font));
  // Narrow panels (320 px, 200 % zoom) shrink the gutters and label columns (labels then end in an ellipsis; the
  // full name is in their title) before the lines, so nothing is wider than the panel.
  const narrow = width < 360;
  const gutter = narrow ? 30 : compact ? 38 : 44;
  const minMid = narrow ? 64 : compact ? 100 : 130;
  const fitCol = Math.floor((width - 2 * gutter - minMid) / 2);
  const colW = Math.round(Math.max(44, Math.min(compact ? 104 : 140, maxLabel * 1.08 + 18, fitCol)));
  const midW = Math.round(Math.min(360, Math.max(minMid, width - 2 * (colW + gutter))));
  return {
    rowH,
    fontSize,
    gutter,
    colW,
    midW,
    totalW: 2 * (colW + gutter) + midW,
    height: n * rowH,
    stroke: n <= 40 ? 2 : n <= CANVAS_THRESHOLD ? 1.5 : 1,
    canvas: n > CANVAS_THRESHOLD,
  };
}

/** Horizontal-link path (d3.linkHorizontal shape) from left row i to right row j. */
export function edgeEnds(g: HeadGeometry, i: number, j: number): [number, number, number, number] {
  return [4, i * g.rowH + g.rowH / 2, g.midW - 4, j * g.rowH + g.rowH / 2];
}
