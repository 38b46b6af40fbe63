// A text longer than the model takes, tokenized once and cut into windows (windows.ts planWindows, at sentence
// ends where possible): each window is [CLS] + its content tokens + [SEP], with the whole text's spans (so the
// views and the page heat still point into the whole text) and word indices counted from 0 within the window.
import type { TextWindowRange, TokenInfo, WindowInfo, WindowSummaries } from '../../shared/attention-result';
import { charRangeOf, planWindows, sentenceEndsOf, type TokenWindow } from './windows';

export interface LongText {
  text: string;
  /** Every token of the whole text as the tokenizer gave it: [CLS], the content tokens, [SEP]. */
  tokens: TokenInfo[];
  windows: TokenWindow[];
  ranges: TextWindowRange[];
  overlap: number;
  /** Content tokens' spans, flattened, −1 where unplaced (WindowInfo.tokenSpans). */
  tokenSpans: Int32Array;
}

/** Default tokens shared by consecutive windows (a selection's windows: its stitched heatmap and window strip). */
export const DEFAULT_OVERLAP = 128;

/**
 * Tokens shared by consecutive windows of a page profile: none. A profile averages every head's statistics and
 * pooled maps over the query rows of all its windows; overlapping windows would count the shared tokens' rows twice
 * (weighting the text near window edges more than the rest) and cost about a quarter more windows (10,000 tokens:
 * 26 windows of 510 with 128 shared, 20–21 without) for no better figure — every window has edges either way. The
 * stitched heatmap of a selection keeps DEFAULT_OVERLAP: there each token is scored in the window where it is most
 * central, which needs the overlap. Profile windows still end at a sentence end in their last DEFAULT_OVERLAP tokens
 * (planLongText's tail), so each window starts at a sentence start; the paragraph drill-down asks the engine for the
 * same windows (PageProfile.overlap), so a paragraph opens the window the profile ran it in.
 */
export const PROFILE_OVERLAP = 0;

/**
 * Plans the windows of a tokenized text for a model that takes `maxTokens` tokens (including [CLS] and [SEP]):
 * tokens[0] and tokens[last] are the specials the tokenizer added around the content tokens. A window ends at a
 * sentence end in its last max(overlap, DEFAULT_OVERLAP) tokens where there is one.
 */
export function planLongText(text: string, tokens: TokenInfo[], maxTokens: number, overlap = DEFAULT_OVERLAP): LongText {
  const content = tokens.slice(1, -1);
  const spans = content.map((t) => t.span);
  const windows = planWindows(content.length, {
    size: maxTokens - 2,
    overlap,
    tail: Math.max(overlap, DEFAULT_OVERLAP),
    sentenceEnds: sentenceEndsOf(text, spans),
  });
  const ranges = windows.map((w) => {
    const [charStart, charEnd] = charRangeOf(spans, w.start, w.end);
    return { start: w.start, end: w.end, charStart, charEnd };
  });
  const tokenSpans = new Int32Array(content.length * 2).fill(-1);
  spans.forEach((s, t) => {
    if (s) tokenSpans.set(s, 2 * t);
  });
  return { text, tokens, windows, ranges, overlap, tokenSpans };
}

/** Window k's tokens: [CLS], its content tokens (word indices from 0), [SEP]. */
export function windowTokens(doc: LongText, k: number): TokenInfo[] {
  const { start, end } = doc.windows[k];
  const content = doc.tokens.slice(1 + start, 1 + end);
  const firstWord = content.find((t) => t.word >= 0)?.word ?? 0;
  return [doc.tokens[0], ...content.map((t) => (t.word >= 0 ? { ...t, word: t.word - firstWord } : t)), doc.tokens[doc.tokens.length - 1]];
}

/** Window k's input ids (and token type ids, all 0: windows are single texts). */
export function windowIds(doc: LongText, k: number): { ids: number[]; typeIds: number[] } {
  const ids = windowTokens(doc, k).map((t) => t.id);
  return { ids, typeIds: ids.map(() => 0) };
}

/** WindowInfo for a result showing window k (arrays copied: the result's buffers are transferred away). */
export function windowInfo(doc: LongText, k: number, summaries: WindowSummaries | null): WindowInfo {
  return {
    index: k,
    count: doc.windows.length,
    overlap: doc.overlap,
    totalTokens: doc.tokens.length - 2,
    ranges: doc.ranges.map((r) => ({ ...r })),
    tokenSpans: doc.tokenSpans.slice(),
    tokenTexts: doc.tokens.slice(1, -1).map((t) => t.text),
    ...(summaries
      ? {
          summaries: {
            have: summaries.have.slice(),
            received: summaries.received.slice(),
            cls: summaries.cls.slice(),
            receivedMax: summaries.receivedMax.slice(),
            receivedRollout: summaries.receivedRollout.slice(),
            clsRollout: summaries.clsRollout.slice(),
          },
        }
      : {}),
  };
}

/**
 * Paragraphs of a plain text: runs separated by blank lines, or by line breaks when the text has no blank line;
 * [start, end) trimmed of surrounding whitespace, empty ones dropped.
 */
export function paragraphsOf(text: string): Array<[number, number]> {
  const sep = /\n[ \t]*\n/.test(text) ? /\n[ \t]*\n\s*/g : /\n+/g;
  const out: Array<[number, number]> = [];
  let at = 0;
  const push = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from])) from++;
    while (to > from && /\s/.test(text[to - 1])) to--;
    if (to > from) out.push([from, to]);
  };
  for (const m of text.matchAll(sep)) {
    push(at, m.index ?? 0);
    at = (m.index ?? 0) + m[0].length;
  }
  push(at, text.length);
  return out;
}
