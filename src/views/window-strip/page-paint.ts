// The page heat of a long text: the stitched heatmap of the whole selection (every window's summary, each token
// from the window where it is most central), in the page palette the overlay uses (src/overlay/page-paint.ts).
// longTextPaint is what a surface sends for a windowed result: the whole text's paint, or — when a token is chosen
// (attention from one token has no whole-text counterpart) or the summaries are missing — the shown window's.
import { stitchedPageScores, type HeatChoice } from '../../core/attention/window-heat';
import type { AttentionResult } from '../../shared/attention-result';
import type { PagePaint } from '../../shared/protocol';
import { heatInterpolator } from '../lib/colors';
import type { HeatSettings } from '../types';

const palette = heatInterpolator('light');

/**
 * The whole text's PagePaint for the view's heat settings (layer −1 = the last; a heads choice the model lacks falls
 * back to the mean, as the panel clamps it), or null when the result is not a summarised window of a long text.
 */
export function windowedPagePaint(result: AttentionResult, settings: HeatSettings): PagePaint | null {
  const page = stitchedPageScores(result, settings as HeatChoice);
  if (!page) return null;
  const max = page.max > 0 ? page.max : 1;
  return {
    spans: page.spans,
    scores: page.scores,
    colors: page.scores.map((s) => palette(Math.min(1, s / max))),
    labels: page.labels,
    endAt: null,
  };
}

/** The shown window's tokens only (scores per result token), labelled with their position in the whole text. */
export function windowPagePaint(result: AttentionResult, heat: { scores: ArrayLike<number>; max: number }): PagePaint {
  const paint: PagePaint = { spans: [], scores: [], colors: [], labels: [], endAt: null };
  const max = heat.max > 0 ? heat.max : 1;
  const offset = result.windows ? result.windows.ranges[result.windows.index].start : 0;
  result.tokens.forEach((t, i) => {
    if (!t.span) return;
    const score = heat.scores[i] ?? 0;
    paint.spans.push(t.span);
    paint.scores.push(score);
    paint.colors.push(palette(Math.min(1, score / max)));
    paint.labels.push(`${t.text}·${offset + i}`);
  });
  return paint;
}

/** The paint for a windowed result: stitched over the whole text unless a token is chosen. */
export function longTextPaint(result: AttentionResult, heat: { scores: ArrayLike<number>; max: number; choice?: HeatSettings; focused?: boolean }): PagePaint {
  const whole = heat.choice && !heat.focused ? windowedPagePaint(result, heat.choice) : null;
  return whole ?? windowPagePaint(result, heat);
}
