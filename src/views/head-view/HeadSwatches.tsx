// Head colour swatches: they edit the shared HeadChoice. Click shows only that head; Shift/Ctrl/⌘-click adds or
// removes it (several heads); "All" goes back to every head (mean).
import type { HeadRole } from '../../core/attention/head-roles';
import { textOn } from '../lib/colors';
import { fmtInt } from '../lib/format';
import { roleText } from '../lib/roles';
import { soloHead, toggleHead, type HeadChoice } from '../view-state';
import { t } from '../../shared/i18n';

export function HeadSwatches(props: {
  colors: string[];
  choice: HeadChoice;
  selected: boolean[];
  onChange: (c: HeadChoice) => void;
  /** Each head's role in this layer (tooltip), when known. */
  roles?: readonly (HeadRole | null)[];
}) {
  const { colors, selected, onChange, choice } = props;
  const all = selected.every(Boolean);
  return (
    <div class="al-swatches" role="group" aria-label={t('hv_swatches_label')} data-testid="head-swatches">
      <span class="al-field-label" aria-hidden="true">
        {t('hv_heads')}
      </span>
      <div class="al-swatch-list">
        {colors.map((c, h) => (
          <button
            key={h}
            type="button"
            class={`al-swatch${selected[h] ? ' is-on' : ''}`}
            style={{ '--al-swatch': c, '--al-swatch-text': textOn(c) } as Record<string, string>}
            data-testid="head-swatch"
            data-head={h}
            aria-pressed={selected[h] ? 'true' : 'false'}
            aria-label={t('ctl_head_n', h + 1)}
            data-role={props.roles?.[h]?.kind}
            title={props.roles?.[h] ? t('hv_swatch_title_role', h + 1, roleText(props.roles[h]!)) : t('hv_swatch_title', h + 1)}
            onClick={(e) => onChange(e.shiftKey || e.ctrlKey || e.metaKey ? toggleHead(choice, h, colors.length) : soloHead(h))}
          >
            {fmtInt(h + 1)}
          </button>
        ))}
      </div>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="heads-all"
        aria-pressed={all ? 'true' : 'false'}
        onClick={() => onChange({ kind: 'mean' })}
      >
        {t('hv_all')}
      </button>
    </div>
  );
}
