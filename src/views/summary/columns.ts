// Columns of the head summary table.
import type { HeadStat } from '../lib/attention-math';
import { fmt2, fmtPct } from '../lib/format';

export type StatKey = keyof HeadStat;

export interface StatColumn {
  key: StatKey;
  label: string;
  title: string;
  format: (v: number) => string;
  /** Draw an in-cell bar relative to the column maximum. */
  bar: boolean;
}

export const STAT_COLUMNS: StatColumn[] = [
  { key: 'layer', label: 'Layer', title: 'Layer', format: (v) => String(v + 1), bar: false },
  { key: 'head', label: 'Head', title: 'Head', format: (v) => String(v + 1), bar: false },
  { key: 'entropy', label: 'Entropy', title: 'Mean row entropy in bits (low = focused, high = broad)', format: fmt2, bar: true },
  { key: 'meanDistance', label: 'Distance', title: 'Mean token distance attended over', format: fmt2, bar: true },
  { key: 'clsMass', label: '[CLS]', title: 'Share of attention to [CLS]', format: fmtPct, bar: true },
  { key: 'sepMass', label: '[SEP]', title: 'Share of attention to [SEP]', format: fmtPct, bar: true },
  { key: 'prevMass', label: 'Prev', title: 'Share of attention to the previous token', format: fmtPct, bar: true },
  { key: 'nextMass', label: 'Next', title: 'Share of attention to the next token', format: fmtPct, bar: true },
  { key: 'selfMass', label: 'Self', title: 'Share of attention to the token itself', format: fmtPct, bar: true },
];
