// Inline heatmap over the page's own text with the CSS Custom Highlight API: no DOM changes, the
// highlights are registered ranges and one adopted stylesheet, both removed on clear().
import { rangeForSpan, type SelectedText } from './selection-text';

const BUCKETS = 8;
const name = (k: number) => `attention-lens-heat-${k}`;

let sheet: CSSStyleSheet | null = null;

function ensureSheet(): void {
  if (sheet) return;
  sheet = new CSSStyleSheet();
  const rules: string[] = [];
  for (let k = 0; k < BUCKETS; k++) {
    const alpha = (0.12 + (0.68 * (k + 1)) / BUCKETS).toFixed(2);
    rules.push(`::highlight(${name(k)}) { background-color: rgba(253, 174, 50, ${alpha}); color: inherit; }`);
  }
  sheet.replaceSync(rules.join('\n'));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

export function highlightSpans(dom: SelectedText, spans: Array<[number, number]>, scores: number[]): number {
  if (!('highlights' in CSS)) return 0;
  clearHighlights(false);
  ensureSheet();
  const max = Math.max(1e-9, ...scores);
  const groups = Array.from({ length: BUCKETS }, () => new Highlight());
  let placed = 0;
  spans.forEach(([s, e], i) => {
    const range = rangeForSpan(dom, s, e);
    if (!range) return;
    const k = Math.min(BUCKETS - 1, Math.floor((scores[i] / max) * BUCKETS));
    groups[k].add(range);
    placed++;
  });
  groups.forEach((h, k) => CSS.highlights.set(name(k), h));
  return placed;
}

export function clearHighlights(removeSheet = true): void {
  if ('highlights' in CSS) for (let k = 0; k < BUCKETS; k++) CSS.highlights.delete(name(k));
  if (removeSheet && sheet) {
    const s = sheet;
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== s);
    sheet = null;
  }
}
