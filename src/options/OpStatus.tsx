// Status line of the latest operation: checking, done (with its figures as data-* attributes), cancelled or error.
import { choiceLabel } from '../shared/model-choice';
import { statusDataAttrs, type Op } from './op';
import { t } from '../shared/i18n';

export function OpStatus(props: { op: Op }) {
  const { op } = props;
  if (op.kind === 'idle' || op.kind === 'downloading') return null;
  if (op.kind === 'checking') {
    return (
      <p class="opt-status" role="status" data-testid="status" data-kind="checking">
        {t('opt_checking_cache', choiceLabel(op.choice))}
      </p>
    );
  }
  return (
    <p
      class={`opt-status opt-status-${op.kind}`}
      role={op.kind === 'error' ? 'alert' : 'status'}
      data-testid="status"
      data-kind={op.kind}
      data-reason={op.kind === 'error' ? op.reason : undefined}
      {...statusDataAttrs(op)}
    >
      {op.message}
    </p>
  );
}
