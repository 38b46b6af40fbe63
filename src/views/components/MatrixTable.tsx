// The table alternative of a chart: a real <table> whose row and column headers name tokens by text and position
// ("to·17"), for screen readers and keyboard users. Large tables are paged in both directions (at most
// PAGE_ROWS × PAGE_COLS cells in the DOM, never n²); the scrollable region is focusable.
import { useEffect, useState } from 'preact/hooks';
import { textOn } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import './components.css';
import { t } from '../../shared/i18n';

export const PAGE_ROWS = 24;
export const PAGE_COLS = 12;

export interface TableCell {
  text: string;
  /** Cell background (the chart's colour); the text colour is chosen for contrast. */
  bg?: string;
}

export function MatrixTable(props: {
  caption: string;
  /** Header of the row-header column, e.g. "from ↓ / to →". */
  corner: string;
  rows: readonly string[];
  cols: readonly string[];
  cell: (i: number, j: number) => TableCell;
  /** The pointer is on row i's header or one of its cells (null: left the table). */
  onHoverRow?: (i: number | null) => void;
  testid?: string;
  pageRows?: number;
  pageCols?: number;
}) {
  const pr = props.pageRows ?? PAGE_ROWS;
  const pc = props.pageCols ?? PAGE_COLS;
  const nr = props.rows.length;
  const nc = props.cols.length;
  const [r0, setR0] = useState(0);
  const [c0, setC0] = useState(0);
  // A different matrix (size) starts at its first page again when the old offset no longer fits.
  useEffect(() => {
    setR0((r) => (r >= nr ? 0 : r));
    setC0((c) => (c >= nc ? 0 : c));
  }, [nr, nc]);
  const rs = Math.min(r0, Math.max(0, nr - 1));
  const cs = Math.min(c0, Math.max(0, nc - 1));
  const rowIdx = range(rs, Math.min(nr, rs + pr));
  const colIdx = range(cs, Math.min(nc, cs + pc));
  return (
    <div class="al-mtable" data-testid={props.testid ?? 'matrix-table'} data-rows={nr} data-cols={nc}>
      {(nr > pr || nc > pc) && (
        <div class="al-mtable-pager" role="group" aria-label={t('table_pages')}>
          {nr > pr && <Pager what="rows" start={rs} count={pr} total={nr} onMove={setR0} />}
          {nc > pc && <Pager what="cols" start={cs} count={pc} total={nc} onMove={setC0} />}
        </div>
      )}
      <div class="al-mtable-wrap" role="region" aria-label={props.caption} tabIndex={0} onMouseLeave={() => props.onHoverRow?.(null)}>
        <table class="al-mtable-table">
          <caption class="al-mtable-caption">
            {nr > pr || nc > pc ? t('table_caption_paged', props.caption, rs + 1, rs + rowIdx.length, nr, cs + 1, cs + colIdx.length, nc) : props.caption}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="al-mtable-corner">
                {props.corner}
              </th>
              {colIdx.map((j) => (
                <th key={j} scope="col">
                  {props.cols[j]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rowIdx.map((i) => (
              <tr key={i} onMouseEnter={() => props.onHoverRow?.(i)}>
                <th scope="row">{props.rows[i]}</th>
                {colIdx.map((j) => {
                  const c = props.cell(i, j);
                  return (
                    <td key={j} style={c.bg ? { background: c.bg, color: textOn(c.bg) } : undefined}>
                      {c.text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, k) => a + k);
}

function Pager(props: { what: 'rows' | 'cols'; start: number; count: number; total: number; onMove: (start: number) => void }) {
  const { what, start, count, total } = props;
  const end = Math.min(total, start + count);
  return (
    <span class="al-mtable-pages">
      <button
        type="button"
        class="al-btn al-btn-small"
        aria-label={what === 'rows' ? t('table_prev_rows') : t('table_prev_cols')}
        aria-disabled={start <= 0 ? 'true' : undefined}
        onClick={() => start > 0 && props.onMove(Math.max(0, start - count))}
      >
        ‹
      </button>
      <span aria-live="polite">{t(what === 'rows' ? 'table_rows_range' : 'table_cols_range', start + 1, end, total)}</span>
      <button
        type="button"
        class="al-btn al-btn-small"
        aria-label={what === 'rows' ? t('table_next_rows') : t('table_next_cols')}
        aria-disabled={end >= total ? 'true' : undefined}
        onClick={() => end < total && props.onMove(Math.min(total - 1, start + count))}
      >
        ›
      </button>
    </span>
  );
}

/** An n×n attention matrix as a MatrixTable: rows attend (from), columns are attended (to); cells on their heat colour. */
export function AttentionTable(props: {
  caption: string;
  matrix: Float32Array;
  names: readonly string[];
  interp: (t: number) => string;
  onHoverRow?: (i: number | null) => void;
  testid: string;
}) {
  const { matrix: m, names, interp } = props;
  const n = names.length;
  let max = 0;
  for (let k = 0; k < m.length; k++) if (m[k] > max) max = m[k];
  const cell = (i: number, j: number): TableCell => {
    const v = m[i * n + j];
    return { text: fmtWeight(v), bg: interp(max > 0 ? v / max : 0) };
  };
  return (
    <MatrixTable
      caption={t('table_attention_caption', props.caption)}
      corner={t('table_corner')}
      rows={names}
      cols={names}
      cell={cell}
      onHoverRow={props.onHoverRow}
      testid={props.testid}
    />
  );
}
