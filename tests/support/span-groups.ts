// Token spans in groups, for the span checks of the tokenizer tests.
import type { TokenInfo } from '../../src/shared/attention-result';

/** A token with a span, and its index among all the tokens. */
export interface PlacedToken {
  t: TokenInfo;
  k: number;
}

/**
 * The tokens that have a span (special tokens left out), in order, in groups of overlapping spans — one original
 * character cut into several tokens shares its span; most groups are one token — each with the group's [start, end).
 */
export function spanGroups(infos: readonly TokenInfo[]): Array<{ group: PlacedToken[]; start: number; end: number }> {
  const placed = infos.map((t, k) => ({ t, k })).filter(({ t }) => t.span && !t.special);
  const groups: Array<{ group: PlacedToken[]; start: number; end: number }> = [];
  for (let g = 0; g < placed.length;) {
    let end = placed[g].t.span![1];
    let h = g + 1;
    for (; h < placed.length && placed[h].t.span![0] < end; h++) end = Math.max(end, placed[h].t.span![1]);
    groups.push({ group: placed.slice(g, h), start: placed[g].t.span![0], end });
    g = h;
  }
  return groups;
}
