// SVG snapshots of the model view grid and of one opened head (canvases embedded as PNG images).
import { tickFormat } from '../lib/format';
import { svgEl, svgLegend, svgRoot, svgText, type ExportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import { LABEL_MIN_PX, span, visibleRange, type LargeLayout, type Viewport } from './large-layout';
import { t } from '../../shared/i18n';

export function buildModelSvg(
  canvas: HTMLCanvasElement | null,
  layers: number[],
  heads: number[],
  size: number,
  gap: number,
  c: ExportColors,
  title = t('tab_model_view'),
): SVGSVGElement {
  const pad = 20;
  const labelW = 64;
  const top = 62;
  const areaW = heads.length * size + (heads.length - 1) * gap;
  const areaH = layers.length * size + (layers.length - 1) * gap;
  const width = pad * 2 + labelW + areaW;
  const height = top + areaH + pad;
  const root = svgRoot(width, height, c);
  root.appendChild(svgText(title, { x: pad, y: 26, fill: c.text, 'font-size': 15, 'font-weight': 600 }));
  heads.forEach((h, ci) => {
    root.appendChild(
      svgText(t('mv_chip_head', h + 1), {
        x: pad + labelW + ci * (size + gap) + size / 2,
        y: top - 8,
        fill: c.muted,
        'font-size': 10,
        'text-anchor': 'middle',
      }),
    );
  });
  if (canvas)
    root.appendChild(
      svgEl('image', { x: pad + labelW, y: top, width: areaW, height: areaH, href: canvas.toDataURL('image/png'), preserveAspectRatio: 'none' }),
    );
  layers.forEach((l, ri) => {
    const y = top + ri * (size + gap);
    root.appendChild(svgText(t('mv_row_layer', l + 1), { x: pad, y: y + size / 2 + 4, fill: c.muted, 'font-size': 11 }));
    heads.forEach((_, ci) => {
      root.appendChild(svgEl('rect', { x: pad + labelW + ci * (size + gap), y, width: size, height: size, fill: 'none', stroke: c.border }));
    });
  });
  return root;
}

export function buildLargeSvg(
  canvas: HTMLCanvasElement | null,
  view: Pick<AttentionView, 'n'> & { tokens: readonly { name: string }[] },
  layer: number,
  head: number,
  layout: LargeLayout,
  v: Viewport,
  max: number,
  interp: (t: number) => string,
  c: ExportColors,
  /** Compare mode's difference map: its title suffix, the legend's label and its lower end (−max). */
  legend: { suffix?: string; label?: string; min?: number } = {},
): SVGSVGElement {
  const n = view.n;
  const s = span(v, n);
  const cellPx = layout.side / s;
  const showLabels = layout.labelW > 0 && cellPx >= LABEL_MIN_PX;
  const fs = Math.min(layout.fs, Math.max(9, Math.floor(cellPx * 0.75)));
  const pad = 20;
  const top = 70 + (showLabels ? layout.topH : 0);
  const left = pad + (showLabels ? layout.labelW : 0);
  const width = left + layout.side + pad;
  const height = top + layout.side + pad;
  const root = svgRoot(Math.max(width, 300), height, c);
  const [r0, r1] = visibleRange(v.y0, s, n);
  const [c0, c1] = visibleRange(v.x0, s, n);
  const zoomed =
    v.zoom > 1
      ? t('mv_svg_rows_cols', view.tokens[r0]?.name ?? '', view.tokens[r1 - 1]?.name ?? '', view.tokens[c0]?.name ?? '', view.tokens[c1 - 1]?.name ?? '')
      : '';
  root.appendChild(
    svgText(t('mv_svg_title', layer + 1, head + 1, legend.suffix ?? '', zoomed), { x: pad, y: 26, fill: c.text, 'font-size': 15, 'font-weight': 600 }),
  );
  root.appendChild(svgLegend(Math.max(width, 300) - pad - 160, 40, 160, max, interp, legend.label ?? t('attention_weight'), c, tickFormat(max), legend.min));
  if (canvas)
    root.appendChild(
      svgEl('image', { x: left, y: top, width: layout.side, height: layout.side, href: canvas.toDataURL('image/png'), preserveAspectRatio: 'none' }),
    );
  if (showLabels) {
    for (let k = r0; k < r1; k++) {
      const cy = top + (k + 0.5 - v.y0) * cellPx + fs * 0.35;
      root.appendChild(svgText(view.tokens[k].name, { x: left - 6, y: cy, fill: c.text, 'font-size': fs, 'text-anchor': 'end' }));
    }
    for (let k = c0; k < c1; k++) {
      const cx = left + (k + 0.5 - v.x0) * cellPx;
      root.appendChild(
        svgText(view.tokens[k].name, { x: 0, y: 0, fill: c.text, 'font-size': fs, transform: `translate(${cx + fs * 0.35},${top - 6}) rotate(-90)` }),
      );
    }
  }
  return root;
}
