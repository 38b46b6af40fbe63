// What the content script paints over the page for a heatmap: the panel's scores in the panel's palette and
// scale (the light palette: the colours are multiplied onto the page's own, usually light, background).
import type { AttentionResult } from '../shared/attention-result';
import type { PagePaint } from '../shared/protocol';
import { heatInterpolator } from '../views/lib/colors';
import type { HeatReport } from '../views/panel-state';

const palette = heatInterpolator('light');

export function pagePaint(result: AttentionResult, heat: HeatReport): PagePaint {
  // A long text's views say what to paint themselves (the whole selection, stitched from its windows).
  if (heat.paint) return heat.paint;
  const paint: PagePaint = { spans: [], scores: [], colors: [], labels: [], endAt: null };
  const max = heat.max > 0 ? heat.max : 1;
  result.tokens.forEach((t, i) => {
    if (!t.span) return;
    const score = heat.scores[i];
    paint.spans.push(t.span);
    paint.scores.push(score);
    paint.colors.push(palette(Math.min(1, score / max)));
    paint.labels.push(`${t.text}·${i}`);
  });
  if (result.truncated) paint.endAt = paint.spans.length ? paint.spans[paint.spans.length - 1][1] : null;
  return paint;
}
