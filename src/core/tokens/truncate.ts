// "Showing the first N of M tokens": how many content tokens fit, and which part of the text they cover.

/**
 * Content tokens (without the [CLS]/[SEP] the tokenizer adds) shown and in total when the model takes
 * at most `maxLength` tokens including `specialCount` added tokens (2 for [CLS] … [SEP]).
 * Returns null when everything fits.
 */
export function truncationNotice(contentTokens: number, maxLength: number, specialCount = 2): { shown: number; total: number } | null {
  const total = Math.max(0, Math.floor(contentTokens));
  const capacity = Math.max(0, Math.floor(maxLength) - Math.max(0, Math.floor(specialCount)));
  return total > capacity ? { shown: capacity, total } : null;
}

/** The notice sentence for a truncation, or '' when nothing was cut. */
export function truncationMessage(t: { shown: number; total: number } | null): string {
  return t ? `Showing the first ${t.shown} of ${t.total} tokens.` : '';
}

/**
 * The [start, end) range of text covered by the first `shown` non-null spans (special tokens have null
 * spans and do not count). [0, 0] when none. Use it to dim or cut the part of the selection not analysed.
 */
export function coveredRange(spans: ReadonlyArray<readonly [number, number] | null>, shown = Infinity): [number, number] {
  let start = -1;
  let end = 0;
  let seen = 0;
  for (const s of spans) {
    if (!s) continue;
    if (seen >= shown) break;
    if (start < 0) start = s[0];
    end = Math.max(end, s[1]);
    seen++;
  }
  return start < 0 ? [0, 0] : [start, end];
}

/** Text from the start up to the end of the first `shown` aligned tokens (the analysed prefix). */
export function sliceTextForTokens(text: string, spans: ReadonlyArray<readonly [number, number] | null>, shown = Infinity): string {
  return text.slice(0, coveredRange(spans, shown)[1]);
}

/**
 * Cut very long text before tokenising it: keep at most `maxChars` UTF-16 units, backing off to the last
 * whitespace so no word is split and never splitting a surrogate pair. Returns the text unchanged when short.
 */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, Math.floor(maxChars));
  const ws = text.slice(0, end + 1).search(/\s\S*$/u);
  if (ws > 0) end = ws;
  const c = text.charCodeAt(end - 1);
  if (end > 0 && c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end);
}
