// SVG snapshot of the head summary table (rows in the current sort order).
import type { HeadStat } from '../lib/attention-math';
import { svgEl, svgRoot, svgText, type ExportColors } from '../lib/svg';
import type { StatColumn } from './columns';
import { t } from '../../shared/i18n';

export function buildSummarySvg(rows: HeadStat[], columns: StatColumn[], c: ExportColors): SVGSVGElement {
  const pad = 20;
  const colW = columns.map((col) => (col.key === 'layer' ? 54 : col.key === 'head' ? 48 : col.key === 'entropy' || col.key === 'meanDistance' ? 72 : 64));
  const rowH = 22;
  const top = 56;
  const width = pad * 2 + colW.reduce((a, b) => a + b, 0);
  const height = top + (rows.length + 1) * rowH + pad;
  const root = svgRoot(width, height, c);
  root.appendChild(svgText(t('sum_svg_title'), { x: pad, y: 28, fill: c.text, 'font-size': 15, 'font-weight': 600 }));
  let x = pad;
  const xs = colW.map((w) => {
    const at = x;
    x += w;
    return at;
  });
  columns.forEach((col, k) => {
    root.appendChild(svgText(col.label, { x: xs[k] + colW[k] - 8, y: top + 15, fill: c.muted, 'font-size': 11, 'font-weight': 600, 'text-anchor': 'end' }));
  });
  root.appendChild(svgEl('line', { x1: pad, x2: width - pad, y1: top + rowH, y2: top + rowH, stroke: c.border }));
  rows.forEach((r, ri) => {
    const y = top + (ri + 1) * rowH;
    if (ri % 2 === 1) root.appendChild(svgEl('rect', { x: pad, y, width: width - 2 * pad, height: rowH, fill: c.border, 'fill-opacity': 0.25 }));
    columns.forEach((col, k) => {
      root.appendChild(svgText(col.format(r[col.key]), { x: xs[k] + colW[k] - 8, y: y + 15, fill: c.text, 'font-size': 11, 'text-anchor': 'end' }));
    });
  });
  return root;
}
