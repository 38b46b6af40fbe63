// Columns of the head summary table.
import type { HeadStat } from '../lib/attention-math';
import { fmt2, fmtPct } from '../lib/format';

export type StatKey = keyof HeadStat;

export interface StatColumn {
  key: StatKey;
  label: string;
  /** Header in compact mode. */
  short: string;
  title: string;
  format: (v: number) => string;
  /** Draw an in-cell bar relative to the column maximum. */
  bar: boolean;
}

export const STAT_COLUMNS: StatColumn[] = [
  { key: 'layer', label: 'Layer', short: 'L', title: 'Layer', format: (v) => String(v + 1), bar: false },
  { key: 'head', label: 'Head', short: 'H', title: 'Head', format: (v) => String(v + 1), bar: false },
  { key: 'entropy', label: 'Entropy', short: 'Entropy', title: 'Mean row entropy in nats (0 = one token, ln n = uniform)', format: fmt2, bar: true },
  { key: 'meanDistance', label: 'Distance', short: 'Dist.', title: 'Mean token distance attended over', format: fmt2, bar: true },
  { key: 'clsMass', label: '[CLS]', short: '[CLS]', title: 'Share of attention to [CLS]', format: fmtPct, bar: true },
  { key: 'sepMass', label: '[SEP]', short: '[SEP]', title: 'Share of attention to [SEP]', format: fmtPct, bar: true },
  { key: 'prevMass', label: 'Prev', short: 'Prev', title: 'Share of attention to the previous token', format: fmtPct, bar: true },
  { key: 'nextMass', label: 'Next', short: 'Next', title: 'Share of attention to the next token', format: fmtPct, bar: true },
  { key: 'selfMass', label: 'Self', short: 'Self', title: 'Share of attention to the token itself', format: fmtPct, bar: true },
];
