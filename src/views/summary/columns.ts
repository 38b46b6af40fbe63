// Columns of the head summary table.
import type { HeadStat } from '../lib/attention-math';
import { fmt2, fmtPct, fmtPctShort, fmtShort } from '../lib/format';
import { t, type MessageKey } from '../../shared/i18n';

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

/** A column whose header, short header and tooltip are read in the user's language when shown ([CLS], [SEP]: token names). */
function column(
  key: StatKey,
  label: MessageKey | '[CLS]' | '[SEP]',
  short: MessageKey,
  title: MessageKey,
  rest: Pick<StatColumn, 'format' | 'formatCompact' | 'bar'>,
): StatColumn {
  return {
    key,
    get label() {
      return label === '[CLS]' || label === '[SEP]' ? label : t(label);
    },
    get short() {
      return t(short);
    },
    get title() {
      return t(title);
    },
    ...rest,
  };
}

export const STAT_COLUMNS: StatColumn[] = [
  column('layer', 'col_layer', 'col_layer_short', 'col_layer', { format: (v) => String(v + 1), bar: false }),
  column('head', 'col_head', 'col_head_short', 'col_head', { format: (v) => String(v + 1), bar: false }),
  column('entropy', 'col_entropy', 'col_entropy_short', 'col_entropy_title', { format: fmt2, formatCompact: fmtShort, bar: true }),
  column('meanDistance', 'col_distance', 'col_distance_short', 'col_distance_title', { format: fmt2, formatCompact: fmtShort, bar: true }),
  column('clsMass', '[CLS]', 'col_cls_short', 'col_cls_title', { format: fmtPct, formatCompact: fmtPctShort, bar: true }),
  column('sepMass', '[SEP]', 'col_sep_short', 'col_sep_title', { format: fmtPct, formatCompact: fmtPctShort, bar: true }),
  column('prevMass', 'col_prev', 'col_prev', 'col_prev_title', { format: fmtPct, formatCompact: fmtPctShort, bar: true }),
  column('nextMass', 'col_next', 'col_next', 'col_next_title', { format: fmtPct, formatCompact: fmtPctShort, bar: true }),
  column('selfMass', 'col_self', 'col_self', 'col_self_title', { format: fmtPct, formatCompact: fmtPctShort, bar: true }),
  column('wordMass', 'col_word', 'col_word', 'col_word_title', { format: fmtPct, formatCompact: fmtPctShort, bar: true }),
];

/** The columns worth showing for a result: "Word" only when some word is split into several pieces. */
export function columnsFor(tokens: readonly { word: number; special: boolean }[]): StatColumn[] {
  const seen = new Set<number>();
  const split = tokens.some((t) => !t.special && t.word >= 0 && (seen.has(t.word) || (seen.add(t.word), false)));
  return split ? STAT_COLUMNS : STAT_COLUMNS.filter((c) => c.key !== 'wordMass');
}
