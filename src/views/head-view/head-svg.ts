// SVG snapshot of the head view: both token columns, the visible edges, head legend and weights.
import { linkHorizontal } from 'd3';
import { fmtWeight } from '../lib/format';
import { svgEl, svgRoot, svgText, type ExportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import { edgeEnds, type HeadGeometry } from './geometry';
import { edgeOpacity, type Edge, type HeadFocus } from './lines';
import { t } from '../../shared/i18n';

export function buildHeadSvg(o: {
  view: AttentionView;
  layer: number;
  g: HeadGeometry;
  edges: Edge[];
  colors: string[];
  heads: number[];
  weights: { side: 'from' | 'to'; vals: Float32Array } | null;
  focus: HeadFocus;
  colorsTheme: ExportColors;
}): SVGSVGElement {
  const { view, g, edges, colors, heads, colorsTheme: c } = o;
  const pad = 20;
  const top = 74;
  const width = g.totalW + 2 * pad;
  const height = top + g.height + pad;
  const root = svgRoot(width, height, c);
  root.appendChild(svgText(t('hv_svg_title', o.layer + 1), { x: pad, y: 26, fill: c.text, 'font-size': 15, 'font-weight': 600 }));
  // Head legend.
  let lx = pad;
  heads.forEach((h) => {
    root.appendChild(svgEl('rect', { x: lx, y: 38, width: 12, height: 12, rx: 2, fill: colors[h] }));
    root.appendChild(svgText(t('head_short', h + 1), { x: lx + 16, y: 48, fill: c.muted, 'font-size': 11 }));
    lx += 44;
  });
  const x0 = pad;
  const leftLabelX = x0 + g.gutter + g.colW - 6;
  const linesX = x0 + g.gutter + g.colW;
  const rightLabelX = linesX + g.midW + 6;
  root.appendChild(svgText(t('hv_from'), { x: leftLabelX, y: top - 8, fill: c.muted, 'font-size': 10, 'text-anchor': 'end' }));
  root.appendChild(svgText(t('hv_to'), { x: rightLabelX, y: top - 8, fill: c.muted, 'font-size': 10 }));
  const link = linkHorizontal<[[number, number], [number, number]], [number, number]>()
    .source((d) => d[0])
    .target((d) => d[1]);
  const lines = svgEl('g', { transform: `translate(${linesX},${top})`, fill: 'none' });
  for (const e of edges) {
    const [a, b, cc, d] = edgeEnds(g, e.i, e.j);
    lines.appendChild(
      svgEl('path', {
        d:
          link([
            [a, b],
            [cc, d],
          ]) ?? '',
        stroke: colors[e.head],
        'stroke-opacity': edgeOpacity(e.w).toFixed(3),
        'stroke-width': g.stroke,
      }),
    );
  }
  root.appendChild(lines);
  view.tokens.forEach((t, k) => {
    const y = top + k * g.rowH + g.rowH / 2 + g.fontSize * 0.35;
    const isFocus = (side: 'from' | 'to') => o.focus?.side === side && o.focus.index === k;
    root.appendChild(
      svgText(t.name, {
        x: leftLabelX,
        y,
        fill: t.special ? c.muted : c.text,
        'font-size': g.fontSize,
        'text-anchor': 'end',
        'font-weight': isFocus('from') ? 700 : 400,
      }),
    );
    root.appendChild(
      svgText(t.name, { x: rightLabelX, y, fill: t.special ? c.muted : c.text, 'font-size': g.fontSize, 'font-weight': isFocus('to') ? 700 : 400 }),
    );
    if (o.weights && o.weights.vals[k] >= 0.005) {
      const onRight = o.weights.side === 'from';
      root.appendChild(
        svgText(fmtWeight(o.weights.vals[k]), {
          x: onRight ? x0 + g.totalW - 2 : x0 + 2,
          y,
          fill: c.muted,
          'font-size': g.fontSize - 1,
          'text-anchor': onRight ? 'end' : 'start',
        }),
      );
    }
  });
  return root;
}
