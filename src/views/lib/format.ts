// Number and label formatting shared by the views.
import { format } from 'd3';

const f3 = format('.3f');
const f2 = format('.2f');
const fpct = format('.1%');
const fint = format(',d');

/** Attention weight: 3 decimals, or scientific-free "<0.001" for tiny positives. */
export function fmtWeight(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v > 0 && v < 0.0005) return '<0.001';
  return f3(v);
}

export function fmt2(v: number): string {
  return Number.isFinite(v) ? f2(v) : '–';
}

export function fmtPct(v: number): string {
  return Number.isFinite(v) ? fpct(v) : '–';
}

/** Narrow percentage for compact tables: whole percent from 10 %, one decimal below ("96%", "4.2%"). */
export function fmtPctShort(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v >= 0.0995 ? `${Math.round(v * 100)}%` : fpct(v);
}

/** Narrow number for compact tables: no decimals from 100, one from 10, two below. */
export function fmtShort(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function fmtInt(v: number): string {
  return fint(v);
}

/** Short tick label for a legend domain [0, max]. */
export function tickFormat(max: number): (v: number) => string {
  if (max >= 10) return format('.0f');
  if (max >= 1) return format('.1f');
  if (max >= 0.1) return format('.2f');
  if (max >= 0.01) return format('.3f');
  return format('.1e');
}

/**
 * A token named by its text and its 0-based position in the analysed token sequence ("to·17"), so that repeated
 * tokens stay distinguishable. The one formatter for every list, axis, tooltip, table and export label.
 */
export function tokenName(text: string, position: number): string {
  return `${text}·${position}`;
}
