// Table of per-head statistics, sortable by any column; a row opens that head in the head view.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { headStats, type HeadStat } from '../lib/attention-math';
import { exportColors } from '../lib/svg';
import type { ViewProps } from '../view-props';
import { columnsFor, type StatKey } from './columns';
import { buildSummarySvg } from './summary-svg';
import './summary.css';

type Dir = 'ascending' | 'descending';

export function HeadSummary(props: ViewProps) {
  const { result, onOpenHead } = props;
  const rootRef = useRef<HTMLElement>(null);
  const stats = useMemo(() => headStats(result), [result]);
  const columns = useMemo(() => columnsFor(result.tokens), [result]);
  const [sort, setSort] = useState<{ key: StatKey; dir: Dir }>({ key: 'layer', dir: 'ascending' });
  const maxes = useMemo(() => {
    const m: Partial<Record<StatKey, number>> = {};
    for (const c of columns) m[c.key] = Math.max(1e-9, ...stats.map((s) => s[c.key]));
    return m;
  }, [stats, columns]);
  const rows = useMemo(() => {
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...stats].sort((a, b) => sign * (a[sort.key] - b[sort.key]) || a.layer - b.layer || a.head - b.head);
  }, [stats, sort]);

  useEffect(() => {
    props.exportRef.current = { name: 'head-summary', svg: () => buildSummarySvg(rows, columns, exportColors(rootRef.current)) };
  });

  const toggleSort = (key: StatKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: key === 'layer' || key === 'head' ? 'ascending' : 'descending' }));

  const open = (s: HeadStat) => onOpenHead(s.layer, s.head);

  return (
    <section class="al-summary" data-testid="head-summary" ref={rootRef}>
      <p class="al-caption-sub al-summary-intro">
        {`${result.numLayers * result.numHeads} heads over ${result.seqLen} tokens. Sort by any column; open a row in the head view.`}
      </p>
      <div class="al-table-wrap">
        <table class="al-table">
          <caption class="al-sr">Per-head attention statistics</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.dir : 'none'} class={c.bar ? 'is-num' : 'is-id'}>
                  <button type="button" class="al-th-btn" data-testid={`sort-${c.key}`} title={c.title} onClick={() => toggleSort(c.key)}>
                    <span>{props.compact ? c.short : c.label}</span>
                    <span class="al-sort-icon" aria-hidden="true">
                      {sort.key === c.key ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr
                key={`${s.layer}-${s.head}`}
                data-testid="head-row"
                data-layer={s.layer}
                data-head={s.head}
                tabIndex={0}
                aria-label={`Layer ${s.layer + 1}, head ${s.head + 1}. Press Enter to open in the head view.`}
                onClick={() => open(s)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    open(s);
                  }
                }}
              >
                {columns.map((c) => {
                  const v = s[c.key];
                  const text = props.compact && c.formatCompact ? c.formatCompact(v) : c.format(v);
                  const pct = c.bar ? Math.max(0, Math.min(100, (v / (maxes[c.key] ?? 1)) * 100)) : 0;
                  return c.bar ? (
                    <td key={c.key} class="is-num" style={{ '--al-bar': `${pct.toFixed(1)}%` } as Record<string, string>}>
                      {text}
                    </td>
                  ) : (
                    <th key={c.key} scope="row" class="is-id">
                      {c.format(v)}
                    </th>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
