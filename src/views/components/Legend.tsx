// Colour legend: gradient bar from min (0) to max with numeric ticks (SVG, so it exports as-is).
import { useId } from 'preact/hooks';
import { range, scaleLinear } from 'd3';
import { tickFormat } from '../lib/format';
import './components.css';
import { t } from '../../shared/i18n';

export function Legend(props: { max: number; interpolate: (t: number) => string; width?: number; label?: string; min?: number }) {
  const { max, interpolate } = props;
  const min = props.min ?? 0;
  const width = props.width ?? 200;
  const barH = 10;
  const pad = 14;
  const hi = max > min ? max : min + 1;
  const x = scaleLinear()
    .domain([min, hi])
    .range([pad, width - pad]);
  const fmt = tickFormat(Math.max(Math.abs(min), Math.abs(hi)));
  const endFmt = (v: number) => (Math.abs(v) < 1e-12 ? '0' : fmt(v));
  // End labels always; inner ticks only where they cannot collide with a neighbour.
  const candidates = x.ticks(width < 160 ? 3 : 5);
  const longest = Math.max(endFmt(min).length, endFmt(hi).length, ...candidates.map((t) => fmt(t).length));
  const minGap = longest * 6 + 10;
  const ticks = [min];
  for (const t of candidates) {
    if (x(t) - x(ticks[ticks.length - 1]) >= minGap && x(hi) - x(t) >= minGap) ticks.push(t);
  }
  ticks.push(hi);
  const stops = range(0, 1.0001, 0.1);
  const gid = `al-grad-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <figure class="al-legend" data-testid="legend" aria-label={t('legend_range', props.label ?? t('legend_colour_scale'), endFmt(min), endFmt(hi))}>
      {props.label ? <figcaption class="al-legend-label">{props.label}</figcaption> : null}
      <svg width={width} height={barH + 20} aria-hidden="true">
        <defs>
          <linearGradient id={gid} x1="0" x2="1" y1="0" y2="0">
            {stops.map((t) => (
              <stop key={t} offset={`${(t * 100).toFixed(0)}%`} stop-color={interpolate(t)} />
            ))}
          </linearGradient>
        </defs>
        <rect x={pad} y={1} width={width - 2 * pad} height={barH} rx={3} fill={`url(#${gid})`} class="al-legend-bar" />
        {ticks.map((t, k) => (
          <g key={k} transform={`translate(${x(t)},0)`}>
            <line y1={barH + 1} y2={barH + 5} class="al-legend-tick" />
            <text y={barH + 16} text-anchor="middle" class="al-legend-text">
              {k === 0 || k === ticks.length - 1 ? endFmt(t) : fmt(t)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
