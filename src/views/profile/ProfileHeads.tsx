// The page profile's heads table: the Heads view's columns (summary/columns.ts) averaged over the page, plus each
// head's role (core head-roles, from the same running sums). Sortable; a row opens that head in the head view.
import { useMemo, useState } from 'preact/hooks';
import type { HeadRole } from '../../core/attention/head-roles';
import type { PageProfile, ProfileHeadStat } from '../../shared/attention-result';
import { STAT_COLUMNS, type StatKey } from '../summary/columns';
import { t } from '../../shared/i18n';
import { roleLabel, roleText } from '../lib/roles';

type Dir = 'ascending' | 'descending';

export function ProfileHeads(props: { profile: PageProfile; roles: HeadRole[][]; compact?: boolean; onOpenHead: (layer: number, head: number) => void }) {
  const { profile: p, roles } = props;
  const columns = useMemo(() => (p.hasSplitWords ? STAT_COLUMNS : STAT_COLUMNS.filter((c) => c.key !== 'wordMass')), [p.hasSplitWords]);
  const [sort, setSort] = useState<{ key: StatKey; dir: Dir }>({ key: 'layer', dir: 'ascending' });
  const maxes = useMemo(() => {
    const m: Partial<Record<StatKey, number>> = {};
    for (const c of columns) m[c.key] = Math.max(1e-9, ...p.stats.map((s) => s[c.key as keyof ProfileHeadStat] as number));
    return m;
  }, [p, columns]);
  const rows = useMemo(() => {
    const sign = sort.dir === 'ascending' ? 1 : -1;
    const value = (s: ProfileHeadStat) => s[sort.key as keyof ProfileHeadStat] as number;
    return p.stats.map((s, k) => ({ s, k })).sort((a, b) => sign * (value(a.s) - value(b.s)) || a.k - b.k);
  }, [p, sort]);
  const toggle = (key: StatKey) =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: key === 'layer' || key === 'head' ? 'ascending' : 'descending' },
    );
  return (
    <div class="al-table-wrap al-profile-table">
      <table class="al-table" data-testid="profile-heads">
        <caption class="al-sr">{t('prof_heads_caption')}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.dir : 'none'} class={c.bar ? 'is-num' : 'is-id'}>
                <button type="button" class="al-th-btn" title={c.title} onClick={() => toggle(c.key)}>
                  <span>{props.compact ? c.short : c.label}</span>
                  <span class="al-sort-icon" aria-hidden="true">
                    {sort.key === c.key ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            ))}
            <th scope="col" class="is-id">
              {t('prof_role')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ s, k }) => (
            <tr
              key={k}
              data-testid="profile-head-row"
              data-layer={s.layer}
              data-head={s.head}
              tabIndex={0}
              onClick={() => props.onOpenHead(s.layer, s.head)}
              onKeyDown={(e) => (e.key === 'Enter' ? props.onOpenHead(s.layer, s.head) : undefined)}
            >
              {columns.map((c) => {
                const v = s[c.key as keyof ProfileHeadStat] as number;
                if (!c.bar) {
                  return (
                    <th key={c.key} scope="row" class="is-id">
                      {c.format(v)}
                    </th>
                  );
                }
                const pct = Math.max(0, Math.min(100, (v / (maxes[c.key] ?? 1)) * 100));
                return (
                  <td key={c.key} class="is-num" style={{ '--al-bar': `${pct.toFixed(1)}%` } as Record<string, string>}>
                    {props.compact && c.formatCompact ? c.formatCompact(v) : c.format(v)}
                  </td>
                );
              })}
              <td class="al-profile-role" title={roles[k]?.map(roleText).join('\n')} data-testid="profile-role">
                {roles[k]?.[0] ? roleLabel(roles[k][0]) : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
