// Columns of the head summary table.
import type { HeadStat } from '../lib/attention-math';
import { fmt2, fmtPct, fmtPctShort, fmtShort } from '../lib/format';

export type StatKey = keyof HeadStat;

export interface StatColumn {
  key: StatKey;
  label: string;
  /** Header in compact mode. */
  short: string;
  title: string;
  format: (v: number) => string;
  /** Narrower format for compact mode (the overlay / popup width). */
  formatCompact?: (v: number) => string;
  /** Draw an in-cell bar relative to the column maximum. */
  bar: boolean;
}

export const STAT_COLUMNS: StatColumn[] = [
  { key: 'layer', label: 'Layer', short: 'L', title: 'Layer', format: (v) => String(v + 1), bar: false },
  { key: 'head', label: 'Head', short: 'H', title: 'Head', format: (v) => String(v + 1), bar: false },
  { key: 'entropy', label: 'Entropy', short: 'Ent.', title: 'Mean row entropy in nats (0 = one token, ln n = uniform)', format: fmt2, formatCompact: fmtShort, bar: true },
  { key: 'meanDistance', label: 'Distance', short: 'Dist.', title: 'Mean token distance attended over', format: fmt2, formatCompact: fmtShort, bar: true },
  { key: 'clsMass', label: '[CLS]', short: 'CLS', title: 'Share of attention to [CLS]', format: fmtPct, formatCompact: fmtPctShort, bar: true },
  { key: 'sepMass', label: '[SEP]', short: 'SEP', title: 'Share of attention to [SEP]', format: fmtPct, formatCompact: fmtPctShort, bar: true },
  { key: 'prevMass', label: 'Prev', short: 'Prev', title: 'Share of attention to the previous token', format: fmtPct, formatCompact: fmtPctShort, bar: true },
  { key: 'nextMass', label: 'Next', short: 'Next', title: 'Share of attention to the next token', format: fmtPct, formatCompact: fmtPctShort, bar: true },
  { key: 'selfMass', label: 'Self', short: 'Self', title: 'Share of attention to the token itself', format: fmtPct, formatCompact: fmtPctShort, bar: true },
  { key: 'wordMass', label: 'Word', short: 'Word', title: "Share of attention to the other pieces of the token's own word (tokens in words of several pieces)", format: fmtPct, formatCompact: fmtPctShort, bar: true },
];

/** The columns worth showing for a result: "Word" only when some word is split into several pieces. */
export function columnsFor(tokens: readonly { word: number; special: boolean }[]): StatColumn[] {
  const seen = new Set<number>();
  const split = tokens.some((t) => !t.special && t.word >= 0 && (seen.has(t.word) || (seen.add(t.word), false)));
  return split ? STAT_COLUMNS : STAT_COLUMNS.filter((c) => c.key !== 'wordMass');
}
