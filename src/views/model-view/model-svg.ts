// SVG snapshots of the model view grid and of one opened head (canvases embedded as PNG images).
import { tickFormat } from '../lib/format';
import { svgEl, svgLegend, svgRoot, svgText, type ExportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';

export function buildModelSvg(canvas: HTMLCanvasElement | null, layers: number[], heads: number[], size: number, gap: number, c: ExportColors): SVGSVGElement {
  const pad = 20;
  const labelW = 64;
  const top = 62;
  const areaW = heads.length * size + (heads.length - 1) * gap;
  const areaH = layers.length * size + (layers.length - 1) * gap;
  const width = pad * 2 + labelW + areaW;
  const height = top + areaH + pad;
  const root = svgRoot(width, height, c);
  root.appendChild(svgText('Model view', { x: pad, y: 26, fill: c.text, 'font-size': 15, 'font-weight': 600 }));
  heads.forEach((h, ci) => {
    root.appendChild(svgText(`Head ${h + 1}`, { x: pad + labelW + ci * (size + gap) + size / 2, y: top - 8, fill: c.muted, 'font-size': 10, 'text-anchor': 'middle' }));
  });
  if (canvas) root.appendChild(svgEl('image', { x: pad + labelW, y: top, width: areaW, height: areaH, href: canvas.toDataURL('image/png'), preserveAspectRatio: 'none' }));
  layers.forEach((l, ri) => {
    const y = top + ri * (size + gap);
    root.appendChild(svgText(`Layer ${l + 1}`, { x: pad, y: y + size / 2 + 4, fill: c.muted, 'font-size': 11 }));
    heads.forEach((_, ci) => {
      root.appendChild(svgEl('rect', { x: pad + labelW + ci * (size + gap), y, width: size, height: size, fill: 'none', stroke: c.border }));
    });
  });
  return root;
}

export function buildLargeSvg(
  canvas: HTMLCanvasElement | null,
  view: AttentionView,
  layer: number,
  head: number,
  layout: { side: number; cellPx: number; showLabels: boolean; labelW: number; topH: number; fs: number },
  max: number,
  interp: (t: number) => string,
  c: ExportColors,
): SVGSVGElement {
  const pad = 20;
  const top = 70 + layout.topH;
  const left = pad + layout.labelW;
  const width = left + layout.side + pad;
  const height = top + layout.side + pad;
  const root = svgRoot(Math.max(width, 300), height, c);
  root.appendChild(svgText(`Layer ${layer + 1} · Head ${head + 1}`, { x: pad, y: 26, fill: c.text, 'font-size': 15, 'font-weight': 600 }));
  root.appendChild(svgLegend(Math.max(width, 300) - pad - 160, 16, 160, max, interp, 'Attention weight', c, tickFormat(max)));
  if (canvas) root.appendChild(svgEl('image', { x: left, y: top, width: layout.side, height: layout.side, href: canvas.toDataURL('image/png'), preserveAspectRatio: 'none' }));
  if (layout.showLabels) {
    view.tokens.forEach((t, k) => {
      const cy = top + (k + 0.5) * layout.cellPx + layout.fs * 0.35;
      root.appendChild(svgText(t.vocab, { x: left - 6, y: cy, fill: c.text, 'font-size': layout.fs, 'text-anchor': 'end' }));
      const cx = left + (k + 0.5) * layout.cellPx;
      root.appendChild(svgText(t.vocab, { x: 0, y: 0, fill: c.text, 'font-size': layout.fs, transform: `translate(${cx + layout.fs * 0.35},${top - 6}) rotate(-90)` }));
    });
  }
  return root;
}
