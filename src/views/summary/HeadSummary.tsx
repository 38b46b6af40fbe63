// Table of per-head statistics, sortable by any column, with each head's role in words and the evidence for it
// (lib/roles: core head-roles over the non-special rows); "≈" sorts the table by likeness to that head (similarHeads).
// A row opens that head in the head view; Copy puts the table, as shown, on the clipboard (TSV).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HeadRole } from '../../core/attention/head-roles';
import { headStats, type HeadStat } from '../lib/attention-math';
import { headsLike, useHeadRoles } from '../lib/roles';
import { exportColors } from '../lib/svg';
import { tsvRows } from '../lib/tsv';
import type { ViewProps } from '../view-props';
import { columnsFor, type StatKey } from './columns';
import { buildSummarySvg } from './summary-svg';
import './summary.css';
import { t } from '../../shared/i18n';
import { roleEvidence, roleLabel } from '../lib/roles';

type Dir = 'ascending' | 'descending';
type Sort = { key: StatKey; dir: Dir } | { like: number };

export function HeadSummary(props: ViewProps) {
  const { result, onOpenHead } = props;
  const rootRef = useRef<HTMLElement>(null);
  const stats = useMemo(() => headStats(result), [result]);
  const roles = useHeadRoles(result);
  const columns = useMemo(() => columnsFor(result.tokens), [result]);
  const [sort, setSort] = useState<Sort>({ key: 'layer', dir: 'ascending' });
  const maxes = useMemo(() => {
    const m: Partial<Record<StatKey, number>> = {};
    for (const c of columns) m[c.key] = Math.max(1e-9, ...stats.map((s) => s[c.key]));
    return m;
  }, [stats, columns]);
  const like = 'like' in sort && roles ? sort.like : null;
  const rows = useMemo(() => {
    if (like !== null && roles) return headsLike(roles, like).map((k) => stats[k]);
    const s = 'key' in sort ? sort : { key: 'layer' as const, dir: 'ascending' as const };
    const sign = s.dir === 'ascending' ? 1 : -1;
    return [...stats].sort((a, b) => sign * (a[s.key] - b[s.key]) || a.layer - b.layer || a.head - b.head);
  }, [stats, sort, like, roles]);
  const roleOf = (s: HeadStat) => roles?.roles[s.layer * result.numHeads + s.head]?.[0] ?? null;

  useEffect(() => {
    props.exportRef.current = { name: 'head-summary', svg: () => buildSummarySvg(rows, columns, exportColors(rootRef.current)) };
    props.copyRef.current = {
      what: t('sum_copy', rows.length),
      tsv: () =>
        tsvRows([
          [t('mv_col_layer'), t('mv_col_head'), t('mv_col_role'), t('mv_col_evidence'), ...columns.filter((c) => c.bar).map((c) => c.label)],
          ...rows.map((s) => {
            const role = roleOf(s);
            return [s.layer + 1, s.head + 1, role ? roleLabel(role) : '', role ? roleEvidence(role) : '', ...columns.filter((c) => c.bar).map((c) => s[c.key])];
          }),
        ]),
    };
  });

  const toggleSort = (key: StatKey) =>
    setSort((s) =>
      'key' in s && s.key === key
        ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: key === 'layer' || key === 'head' ? 'ascending' : 'descending' },
    );

  const open = (s: HeadStat) => onOpenHead(s.layer, s.head);
  const likeName = like !== null ? t('sum_like_name', Math.floor(like / result.numHeads) + 1, (like % result.numHeads) + 1) : '';

  return (
    <section class="al-summary" data-testid="head-summary" ref={rootRef}>
      <p class="al-caption-sub al-summary-intro">{t('sum_intro', result.numLayers * result.numHeads, result.seqLen)}</p>
      {like !== null && (
        <p class="al-summary-like" role="status" data-testid="like-status">
          <span>{t('sum_like_status', likeName)}</span>
          <button type="button" class="al-btn al-btn-small" data-testid="like-clear" onClick={() => setSort({ key: 'layer', dir: 'ascending' })}>
            {t('sum_sort_layer')}
          </button>
        </p>
      )}
      <div class="al-table-wrap">
        <table class="al-table">
          <caption class="al-sr">{t('sum_caption')}</caption>
          <thead>
            <tr>
              {columns.flatMap((c) => {
                const th = (
                  <th key={c.key} scope="col" aria-sort={'key' in sort && sort.key === c.key ? sort.dir : 'none'} class={c.bar ? 'is-num' : 'is-id'}>
                    <button type="button" class="al-th-btn" data-testid={`sort-${c.key}`} title={c.title} onClick={() => toggleSort(c.key)}>
                      <span>{props.compact ? c.short : c.label}</span>
                      <span class="al-sort-icon" aria-hidden="true">
                        {'key' in sort && sort.key === c.key ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
                return c.key !== 'head'
                  ? [th]
                  : [
                      th,
                      <th key="role" scope="col" class="is-role" title={t('sum_role_title')}>
                        {t('sum_role')}
                      </th>,
                    ];
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const k = s.layer * result.numHeads + s.head;
              const role = roleOf(s);
              return (
                <tr
                  key={k}
                  class={like === k ? 'is-target' : undefined}
                  data-testid="head-row"
                  data-layer={s.layer}
                  data-head={s.head}
                  data-role={role?.kind}
                  tabIndex={0}
                  aria-label={role ? t('sum_row_label_role', s.layer + 1, s.head + 1, roleLabel(role)) : t('sum_row_label', s.layer + 1, s.head + 1)}
                  onClick={() => open(s)}
                  onKeyDown={(e) => {
                    if (e.target !== e.currentTarget) return;
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      open(s);
                    }
                  }}
                >
                  {columns.flatMap((c) => {
                    const v = s[c.key];
                    if (!c.bar) {
                      const th = (
                        <th key={c.key} scope="row" class="is-id">
                          {c.format(v)}
                        </th>
                      );
                      return c.key !== 'head'
                        ? [th]
                        : [th, <RoleCell key="role" role={role} disabled={!roles} layer={s.layer} head={s.head} onLike={() => setSort({ like: k })} />];
                    }
                    const text = props.compact && c.formatCompact ? c.formatCompact(v) : c.format(v);
                    const pct = Math.max(0, Math.min(100, (v / (maxes[c.key] ?? 1)) * 100));
                    return [
                      <td key={c.key} class="is-num" style={{ '--al-bar': `${pct.toFixed(1)}%` } as Record<string, string>}>
                        {text}
                      </td>,
                    ];
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A head's role in words, the evidence under it, and "≈" (find heads like this). */
function RoleCell(props: { role: HeadRole | null; disabled: boolean; layer: number; head: number; onLike: () => void }) {
  const { role } = props;
  return (
    <td class="is-role" data-testid="head-role">
      <div class="al-role">
        <span class="al-role-text">
          <span class="al-role-label">{role ? roleLabel(role) : '…'}</span>
          {role && <span class="al-role-evidence">{roleEvidence(role)}</span>}
        </span>
        <button
          type="button"
          class="al-btn al-btn-icon al-btn-small al-like-btn"
          data-testid="like-head"
          aria-label={t('sum_like_label', props.layer + 1, props.head + 1)}
          title={t('sum_like_title')}
          aria-disabled={props.disabled ? 'true' : undefined}
          onClick={(e) => {
            e.stopPropagation();
            if (!props.disabled) props.onLike();
          }}
        >
          ≈
        </button>
      </div>
    </td>
  );
}
