// SVG snapshot of the token heatmap: wrapped token chips + legend, laid out with measured text widths.
import { textOn } from '../lib/colors';
import { fmtWeight, tickFormat } from '../lib/format';
import { EXPORT_FONT, measureText, svgEl, svgLegend, svgRoot, svgText, type ExportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { HeatScores } from './scores';
import { t } from '../../shared/i18n';

export function buildHeatSvg(
  view: AttentionView,
  heat: HeatScores,
  focus: number | null,
  interp: (t: number) => string,
  colors: ExportColors,
  width: number,
): SVGSVGElement {
  const pad = 20;
  const fontSize = 14;
  const font = `${fontSize}px ${EXPORT_FONT}`;
  const chipH = 24;
  const lineH = 32;
  const padX = 5;
  const top = 66;
  const items: { k: number; x: number; y: number; w: number }[] = [];
  let x = pad;
  let y = top;
  // Lay out word runs so pieces never wrap apart.
  let run: number[] = [];
  const flush = () => {
    if (!run.length) return;
    const widths = run.map((k) => measureText(view.tokens[k].label, font) + 2 * padX);
    const total = widths.reduce((a, b) => a + b, 0);
    if (x > pad && x + total > width - pad) {
      x = pad;
      y += lineH;
    }
    run.forEach((k, m) => {
      items.push({ k, x, y, w: widths[m] });
      x += widths[m];
    });
    x += 6;
    run = [];
  };
  view.tokens.forEach((t, k) => {
    if (k === 0 || t.gapBefore || t.special || view.tokens[k - 1].special) flush();
    run.push(k);
  });
  flush();
  const height = y + chipH + 28;
  const root = svgRoot(width, height, colors);
  root.appendChild(svgText(heat.source, { x: pad, y: 28, fill: colors.text, 'font-size': 15, 'font-weight': 600 }));
  root.appendChild(svgText(heat.matrix, { x: pad, y: 48, fill: colors.muted, 'font-size': 12 }));
  root.appendChild(svgLegend(width - pad - 180, 18, 180, heat.max, interp, t('attention_weight'), colors, tickFormat(heat.max)));
  for (const it of items) {
    const bg = interp(heat.max > 0 ? Math.min(1, heat.scores[it.k] / heat.max) : 0);
    const g = svgEl('g', {}, [
      svgEl('rect', {
        x: it.x,
        y: it.y,
        width: it.w,
        height: chipH,
        rx: 4,
        fill: bg,
        stroke: focus === it.k ? colors.accent : 'none',
        'stroke-width': focus === it.k ? 2 : 0,
      }),
      svgText(view.tokens[it.k].label, { x: it.x + padX, y: it.y + 17, fill: textOn(bg), 'font-size': fontSize }),
    ]);
    const title = svgEl('title');
    title.appendChild(document.createTextNode(`${view.tokens[it.k].name}: ${fmtWeight(heat.scores[it.k])}`));
    g.appendChild(title);
    root.appendChild(g);
  }
  return root;
}
