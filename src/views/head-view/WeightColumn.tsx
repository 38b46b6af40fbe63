// A gutter beside a token column: the locked token's weights, shown next to its targets (the right gutter when a
// left, "from", token is locked; the left gutter otherwise). Empty while nothing is locked.
import { fmtWeight } from '../lib/format';
import type { ViewToken } from '../lib/view-model';
import type { HeadGeometry } from './geometry';
import type { LockedWeights } from './use-edges';

export function WeightColumn(props: { side: 'from' | 'to'; weights: LockedWeights | null; tokens: ViewToken[]; heads: number[]; g: HeadGeometry }) {
  const { side, weights, g, heads } = props;
  const show = weights && weights.side !== side;
  return (
    <div class={`al-hv-weights al-hv-weights-${side === 'from' ? 'left' : 'right'}`} aria-hidden={show ? undefined : 'true'}>
      {show
        ? props.tokens.map((t, k) => {
            const v = weights.vals[k];
            const strong = v >= 0.1;
            return (
              <div
                key={k}
                class={`al-hv-weight${strong ? ' is-strong' : ''}`}
                data-testid="head-weight"
                style={{ height: `${g.rowH}px`, lineHeight: `${g.rowH}px`, fontSize: `${Math.max(10, g.fontSize - 1)}px` }}
                aria-label={`${t.label}: ${heads.map((h, hk) => `head ${h + 1} ${fmtWeight(weights.per[hk][k])}`).join(', ')}`}
              >
                {v >= 0.005 ? fmtWeight(v).replace(/^0/, '') : ''}
              </div>
            );
          })
        : null}
    </div>
  );
}
