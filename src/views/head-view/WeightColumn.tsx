// A gutter beside a token column: the locked token's weights, shown next to its targets (the right gutter when a
// left, "from", token is locked; the left gutter otherwise). A list whose items read "to·17 0.123" (the token's
// name is visually hidden: the token column beside it shows it), so the numbers stay tied to their tokens for
// screen readers. Empty while nothing is locked.
import { fmtWeight } from '../lib/format';
import type { ViewToken } from '../lib/view-model';
import type { HeadGeometry } from './geometry';
import type { LockedWeights } from './use-edges';
import { t } from '../../shared/i18n';

export function WeightColumn(props: { side: 'from' | 'to'; weights: LockedWeights | null; tokens: ViewToken[]; lockedName: string; g: HeadGeometry }) {
  const { side, weights, g } = props;
  const show = weights && weights.side !== side;
  const cls = `al-hv-weights al-hv-weights-${side === 'from' ? 'left' : 'right'}`;
  if (!show) return <div class={cls} />;
  const style = { height: `${g.rowH}px`, lineHeight: `${g.rowH}px`, fontSize: `${Math.max(10, g.fontSize - 1)}px` };
  return (
    <ul
      class={cls}
      aria-label={t(
        weights.combine === 'max'
          ? side === 'to'
            ? 'hv_weights_label_max_from'
            : 'hv_weights_label_max_to'
          : side === 'to'
            ? 'hv_weights_label_mean_from'
            : 'hv_weights_label_mean_to',
        props.lockedName,
      )}
      data-testid="head-weights"
    >
      {props.tokens.map((t, k) => {
        const v = weights.vals[k];
        return (
          <li key={k} class={`al-hv-weight${v >= 0.1 ? ' is-strong' : ''}`} data-testid="head-weight" style={style}>
            <span class="al-sr">{`${t.name} ${fmtWeight(v)}`}</span>
            <span aria-hidden="true">{v >= 0.005 ? fmtWeight(v).replace(/^0/, '') : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}
