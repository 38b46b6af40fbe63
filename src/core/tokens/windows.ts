// Text longer than the model takes is cut into overlapping windows of content tokens: each window is
// [CLS] + tokens[start, end) + [SEP] with end − start ≤ size. Consecutive windows overlap by about `overlap` tokens,
// and a window ends at a sentence end where one lies in its last part, so sentences are rarely cut.

export interface TokenWindow {
  /** First content token (index into the text's content tokens, [CLS]/[SEP] not counted). */
  start: number;
  /** One past the last content token. */
  end: number;
}

export interface WindowOptions {
  /** Content tokens per window (the model's maximum minus [CLS] and [SEP]). */
  size: number;
  /** Tokens shared by consecutive windows (default 128, at most size / 2). */
  overlap?: number;
  /**
   * How far back from its longest end a window looks for a sentence end to stop at (default: the overlap; at most
   * size / 2). With no overlap, a tail still lets windows end at sentence ends: the next one then starts a sentence.
   */
  tail?: number;
  /** Content-token indices after which a sentence ends (a window may end right after one). */
  sentenceEnds?: readonly number[];
}

/**
 * Windows covering tokens [0, count). One window when everything fits. A window that can end at a sentence end
 * within its last `tail` tokens (default `overlap`) does so; the next one starts `overlap` tokens before the previous
 * end, moved forward to the first sentence start in that stretch when there is one (the shared context is whole
 * sentences).
 */
export function planWindows(count: number, opts: WindowOptions): TokenWindow[] {
  const size = Math.max(1, Math.floor(opts.size));
  if (count <= size) return [{ start: 0, end: count }];
  const overlap = Math.max(0, Math.min(Math.floor(opts.overlap ?? 128), Math.floor(size / 2)));
  const tail = Math.max(0, Math.min(Math.floor(opts.tail ?? overlap), Math.floor(size / 2)));
  const ends = [...new Set(opts.sentenceEnds ?? [])].filter((e) => e > 0 && e < count).sort((a, b) => a - b);
  const out: TokenWindow[] = [];
  let start = 0;
  for (;;) {
    let end = Math.min(count, start + size);
    if (end < count) {
      // the last sentence end inside the window's tail (never shorter than size − tail)
      const tailFrom = Math.max(start + 1, end - tail);
      const cut = lastIn(ends, tailFrom, end);
      if (cut !== null) end = cut;
    }
    out.push({ start, end });
    if (end >= count) return out;
    let next = Math.max(start + 1, end - overlap);
    const sentenceStart = firstIn(ends, next, end - 1);
    if (sentenceStart !== null) next = sentenceStart; // a sentence ends there: begin right after it
    start = next;
  }
}

function lastIn(sorted: readonly number[], from: number, to: number): number | null {
  let found: number | null = null;
  for (const v of sorted) {
    if (v > to) break;
    if (v >= from) found = v;
  }
  return found;
}

function firstIn(sorted: readonly number[], from: number, to: number): number | null {
  for (const v of sorted) {
    if (v > to) return null;
    if (v >= from) return v;
  }
  return null;
}

/**
 * For every content token, the window where it is most central (the largest distance to that window's edges;
 * ties go to the earlier window) — the window its stitched score is taken from.
 */
export function centralWindow(count: number, windows: readonly TokenWindow[]): Int32Array {
  const best = new Int32Array(count).fill(-1);
  const margin = new Float64Array(count).fill(-1);
  windows.forEach((w, k) => {
    for (let t = w.start; t < w.end; t++) {
      const m = Math.min(t - w.start, w.end - 1 - t);
      if (m > margin[t]) {
        margin[t] = m;
        best[t] = k;
      }
    }
  });
  return best;
}

/**
 * One score per content token of the whole text from per-window scores: `perWindow[k]` holds window k's score
 * for each of its content tokens (length end − start); each token takes the score of its most central window.
 */
export function stitchScores(count: number, windows: readonly TokenWindow[], perWindow: readonly ArrayLike<number>[]): Float32Array {
  const central = centralWindow(count, windows);
  const out = new Float32Array(count);
  for (let t = 0; t < count; t++) {
    const k = central[t];
    if (k < 0) continue;
    out[t] = perWindow[k][t - windows[k].start];
  }
  return out;
}

/** Characters that end a sentence when a token's text ends with one. */
const SENTENCE_END = /[.!?。！？]$/u;
/** Closing quotes and brackets that belong to the sentence before them ('…end." Next'). */
const CLOSERS = /^["'”’»)\]]+$/u;

/**
 * Sentence ends of a text's content tokens, as planWindows wants them (the index right after the sentence's last
 * token): a token whose text (in the analysed text, via its span) ends in . ! ? 。 ！ ？ ends a sentence, and so do
 * closing quotes / brackets that follow it without a space. `spans` are the content tokens' character spans.
 */
export function sentenceEndsOf(text: string, spans: ReadonlyArray<readonly [number, number] | null>): number[] {
  const out: number[] = [];
  for (let t = 0; t < spans.length; t++) {
    const s = spans[t];
    if (!s || !SENTENCE_END.test(text.slice(s[0], s[1]))) continue;
    // the next token starts a new piece of the same word ("3.14", "e.g.x"): not a sentence end
    const next = spans[t + 1];
    if (next && next[0] === s[1] && !CLOSERS.test(text.slice(next[0], next[1])) && /\w/u.test(text.slice(next[0], next[1]))) continue;
    let end = t + 1;
    while (end < spans.length) {
      const c = spans[end];
      const prev = spans[end - 1];
      if (!c || !prev || c[0] !== prev[1] || !CLOSERS.test(text.slice(c[0], c[1]))) break;
      end++;
    }
    if (out[out.length - 1] !== end) out.push(end);
    t = end - 1;
  }
  return out;
}

/** Character range [first start, last end) of content tokens [start, end) (skipping unplaced ones); [0, 0] if none. */
export function charRangeOf(spans: ReadonlyArray<readonly [number, number] | null>, start: number, end: number): [number, number] {
  let from = -1;
  let to = -1;
  for (let t = start; t < end; t++) {
    const s = spans[t];
    if (!s) continue;
    if (from < 0) from = s[0];
    to = Math.max(to, s[1]);
  }
  return from < 0 ? [0, 0] : [from, to];
}

/**
 * For each paragraph (character range), the window it is most central in: the central window of the paragraph's
 * middle token (−1 when no content token lies inside it). `spans` are the content tokens' spans, in text order.
 */
export function paragraphWindows(
  paragraphs: ReadonlyArray<readonly [number, number]>,
  spans: ReadonlyArray<readonly [number, number] | null>,
  windows: readonly TokenWindow[],
): number[] {
  const central = centralWindow(spans.length, windows);
  // first token starting at or after each offset: binary search over the (monotonic) span starts
  const starts = spans.map((s, t) => (s ? s[0] : t > 0 && spans[t - 1] ? spans[t - 1]![1] : 0));
  const firstAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return paragraphs.map(([from, to]) => {
    const a = firstAt(from);
    const b = firstAt(to);
    if (b <= a) return -1;
    return central[(a + b - 1) >> 1];
  });
}
