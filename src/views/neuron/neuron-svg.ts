// SVG snapshot of the neuron view (vectors as rect cells, scores and softmax as text and bars).
import { fmt2, fmtWeight } from '../lib/format';
import { svgEl, svgRoot, svgText, type ExportColors } from '../lib/svg';
import type { NeuronData } from './neuron-math';
import { t } from '../../shared/i18n';

export function buildNeuronSvg(
  names: string[],
  data: NeuronData,
  rows: number[],
  layer: number,
  head: number,
  query: number,
  color: (t: number) => string,
  c: ExportColors,
): SVGSVGElement {
  const pad = 20;
  const d = data.d;
  const cw = Math.max(3, Math.min(8, Math.floor(360 / d)));
  const rowH = 18;
  const labelW = 100;
  const top = 104;
  const xK = pad + labelW;
  const xQK = xK + d * cw + 16;
  const xS = xQK + d * cw + 16;
  const xSoft = xS + 64;
  const width = xSoft + 140 + pad;
  const height = top + rows.length * rowH + pad;
  const label = (k: number) => names[k];
  const root = svgRoot(width, height, c);
  root.appendChild(svgText(t('neuron_svg_title', layer + 1, head + 1), { x: pad, y: 26, fill: c.text, 'font-size': 15, 'font-weight': 600 }));
  root.appendChild(svgText(t('neuron_svg_query', label(query)), { x: pad, y: 58, fill: c.text, 'font-size': 12 }));
  for (let t = 0; t < d; t++) root.appendChild(svgEl('rect', { x: xK + t * cw, y: 46, width: cw - 1, height: 16, fill: color(data.q[t] / data.maxAbsVec) }));
  const heads = ['k', 'q × k', 'q·k/√d', 'softmax'];
  [xK, xQK, xS, xSoft].forEach((x, k) => root.appendChild(svgText(heads[k], { x, y: top - 10, fill: c.muted, 'font-size': 11, 'font-weight': 600 })));
  const maxSoft = Math.max(...rows.map((j) => data.softmax[j]), 1e-9);
  rows.forEach((j, ri) => {
    const y = top + ri * rowH;
    root.appendChild(svgText(label(j), { x: pad + labelW - 8, y: y + 13, fill: j === query ? c.accent : c.text, 'font-size': 12, 'text-anchor': 'end' }));
    for (let t = 0; t < d; t++) {
      root.appendChild(svgEl('rect', { x: xK + t * cw, y: y + 1, width: cw - 1, height: rowH - 2, fill: color(data.k[j * d + t] / data.maxAbsVec) }));
      root.appendChild(svgEl('rect', { x: xQK + t * cw, y: y + 1, width: cw - 1, height: rowH - 2, fill: color(data.qk[j * d + t] / data.maxAbsProd) }));
    }
    root.appendChild(svgText(fmt2(data.scores[j]), { x: xS + 40, y: y + 13, fill: c.text, 'font-size': 11, 'text-anchor': 'end' }));
    root.appendChild(svgEl('rect', { x: xSoft, y: y + 4, width: Math.max(1, (data.softmax[j] / maxSoft) * 80), height: rowH - 8, rx: 2, fill: c.accent }));
    root.appendChild(svgText(fmtWeight(data.softmax[j]), { x: xSoft + 88, y: y + 13, fill: c.text, 'font-size': 11 }));
  });
  return root;
}
