// Tab-separated values for the Copy buttons (and Ctrl/⌘+C on a chart): what a spreadsheet paste lines up. Tokens
// are named text·position (lib/format tokenName) in the first row and column; numbers are written as the JSON export
// writes them (rounded to 1e-6, plain decimals), so a pasted cell equals the exported value. Pure (no DOM).
import { t } from '../../shared/i18n';

/** A value as the JSON export stores it: rounded to 6 decimals. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Characters a spreadsheet would read as the start of a formula (guarded with a leading apostrophe). */
const FORMULA = /^[=+\-@]/;

/** A text cell: tabs and line breaks become spaces; "=", "+", "-", "@" at the start are kept as text ('…). */
export function tsvText(s: string): string {
  const flat = s.replace(/[\t\r\n]+/g, ' ');
  return FORMULA.test(flat) ? `'${flat}` : flat;
}

/** A number cell: rounded like the JSON export; empty for NaN / ±Infinity. */
export function tsvNumber(v: number): string {
  return Number.isFinite(v) ? String(round6(v) + 0) : ''; // + 0 turns −0 into 0
}

export type TsvCell = string | number;

/** Rows of cells → TSV (strings as text, numbers as numbers), lines joined with "\n". */
export function tsvRows(rows: readonly (readonly TsvCell[])[]): string {
  return rows.map((r) => r.map((c) => (typeof c === 'number' ? tsvNumber(c) : tsvText(c))).join('\t')).join('\n');
}

/**
 * A matrix with named rows and columns: the first row is `corner` and the column names, each further row its name
 * and values. `m` is row-major, rowNames.length × colNames.length.
 */
export function matrixTsv(rowNames: readonly string[], colNames: readonly string[], m: ArrayLike<number>, corner = t('table_corner')): string {
  const c = colNames.length;
  return tsvRows([[corner, ...colNames], ...rowNames.map((name, i) => [name, ...Array.from({ length: c }, (_, j) => m[i * c + j])])]);
}

/** Named columns of values, one row per name: e.g. tokens × (score, rank). */
export function columnsTsv(corner: string, names: readonly string[], columns: readonly { label: string; values: ArrayLike<number> }[]): string {
  return tsvRows([[corner, ...columns.map((c) => c.label)], ...names.map((name, i) => [name, ...columns.map((c) => c.values[i])])]);
}

/** TSV → rows of cells (the inverse of tsvText for the apostrophe guard); numbers stay strings. */
export function parseTsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t').map((c) => (c.startsWith("'") && FORMULA.test(c.slice(1)) ? c.slice(1) : c)));
}
