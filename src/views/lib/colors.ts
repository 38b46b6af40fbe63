// Colour scales: colour-blind-safe sequential heat, distinct per-head hues, blue/orange diverging vectors.
import { hcl, interpolateGnBu, interpolateLab, interpolateViridis, piecewise, rgb } from 'd3';

export type ResolvedTheme = 'light' | 'dark';

/**
 * Sequential heat palette, t in [0, 1], colour-blind safe and monotonic in lightness.
 * Light: ColorBrewer GnBu (near-white → deep blue); dark: viridis (deep purple → yellow).
 */
export function heatInterpolator(theme: ResolvedTheme): (t: number) => string {
  if (theme === 'dark') return (t) => interpolateViridis(0.04 + 0.96 * clamp01(t));
  return (t) => interpolateGnBu(clamp01(t));
}

export function clamp01(t: number): number {
  return t < 0 ? 0 : t > 1 ? 1 : Number.isFinite(t) ? t : 0;
}

/** 256-entry RGBA lookup table (Uint8ClampedArray of 1024) for fast canvas painting. */
const lutCache = new Map<ResolvedTheme, Uint8ClampedArray>();
export function heatLut(theme: ResolvedTheme): Uint8ClampedArray {
  let lut = lutCache.get(theme);
  if (!lut) lutCache.set(theme, (lut = lutFrom(heatInterpolator(theme))));
  return lut;
}

export function lutFrom(interp: (t: number) => string): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let k = 0; k < 256; k++) {
    const c = rgb(interp(k / 255));
    lut[k * 4] = c.r;
    lut[k * 4 + 1] = c.g;
    lut[k * 4 + 2] = c.b;
    lut[k * 4 + 3] = 255;
  }
  return lut;
}

/** WCAG 2.1 relative luminance of a CSS colour (0 = black, 1 = white). */
export function relativeLuminance(color: string): number {
  const c = rgb(color);
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2.1 contrast ratio of two CSS colours (1..21). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const TEXT_LIGHT = '#ffffff';
export const TEXT_DARK = '#000000';

/**
 * Text colour for a label on `background`: white or black, whichever has the higher WCAG contrast ratio. Pure black
 * and white guarantee at least 4.58:1 on any background (the worst case is a background of luminance ≈ 0.18), so
 * labels on heat cells and head swatches always meet WCAG AA (4.5:1).
 */
export function textOn(background: string): string {
  return contrastRatio(background, TEXT_LIGHT) >= contrastRatio(background, TEXT_DARK) ? TEXT_LIGHT : TEXT_DARK;
}

/** One colour per head: evenly spaced hues in HCL, alternating lightness so neighbours stay distinct. */
export function headColors(count: number, theme: ResolvedTheme): string[] {
  const out: string[] = [];
  const baseL = theme === 'dark' ? 70 : 52;
  for (let h = 0; h < count; h++) {
    const hue = (20 + (360 * h) / Math.max(1, count)) % 360;
    const l = count > 6 ? baseL + (h % 2 === 0 ? 5 : -5) : baseL;
    let c = hcl(hue, theme === 'dark' ? 55 : 62, l);
    for (let k = 0; k < 12 && !c.displayable(); k++) c = hcl(hue, c.c - 5, l);
    out.push(c.formatHex());
  }
  return out;
}

/** Blue (negative) → neutral → orange (positive) for query/key vectors; t in [−1, 1]. */
export function divergingInterpolator(theme: ResolvedTheme): (t: number) => string {
  const neutral = theme === 'dark' ? '#2a2e37' : '#f3f4f6';
  const blue = theme === 'dark' ? '#5aa7ff' : '#1f5fbf';
  const orange = theme === 'dark' ? '#ffa24d' : '#d9600f';
  const f = piecewise(interpolateLab, [blue, neutral, orange]);
  return (t) => f((Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0)) + 1) / 2);
}
